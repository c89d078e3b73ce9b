//! `handbill templates list` and `export`: which built-in templates the project replaces,
//! and copies of them to start from.

use std::path::Path;

use handbill::world::BUILTIN_TEMPLATES;
use handbill::{DataError, Error, files};

use crate::cli::ExportArgs;

/// Runs `templates list`.
pub(crate) fn list(root: &Path) -> Result<(), Error> {
    let dir = root.join("templates");
    let own = if dir.is_dir() {
        files::under(
            &files::canonical_root(root),
            &dir,
            files::MAX_TEMPLATE_BYTES,
        )
        .map_err(|(rel, refusal)| files::refused(&format!("templates/{rel}"), refusal))?
    } else {
        Vec::new()
    };
    let width = BUILTIN_TEMPLATES
        .iter()
        .map(|(p, _)| p.len())
        .max()
        .unwrap_or(0);
    for (path, text) in BUILTIN_TEMPLATES {
        let state = match own.iter().find(|(p, _)| p == path) {
            None => "built-in".to_string(),
            Some((_, bytes)) if bytes == text.as_bytes() => {
                "built-in (templates/ holds an unchanged copy)".to_string()
            }
            Some(_) => format!("replaced by templates/{path}"),
        };
        println!("{path:<width$}  {state}");
    }
    let builtin = |p: &str| BUILTIN_TEMPLATES.iter().any(|(b, _)| *b == p);
    for (path, _) in own
        .iter()
        .filter(|(p, _)| p.ends_with(".typ") && !builtin(p))
    {
        // A file's name is the project's, and may hold bytes that drive a terminal.
        let path = handbill::error::escape_controls(path);
        println!("{path:<width$}  the project's own (templates/{path})");
    }
    Ok(())
}

/// Runs `templates export`: every built-in template into the folder, refusing, before
/// anything is written, to write over one that differs unless forced.
pub(crate) fn export(root: &Path, args: ExportArgs) -> Result<(), Error> {
    let dir = args.dir.unwrap_or_else(|| root.join("templates"));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let mut to_write = Vec::new();
    let mut differ = Vec::new();
    for (path, text) in BUILTIN_TEMPLATES {
        let target = dir.join(path);
        let shown = target.display().to_string();
        match files::read(None, &target, files::MAX_TEMPLATE_BYTES) {
            Ok(Some(bytes)) if bytes == text.as_bytes() => {}
            Ok(Some(_)) => {
                differ.push(*path);
                to_write.push((target, text));
            }
            Ok(None) => to_write.push((target, text)),
            // A special file, or one too big to be a template, is nothing to write over.
            Err(files::Refusal::Io(source)) => return Err(io(&target)(source)),
            Err(refusal) => return Err(files::refused(&shown, refusal)),
        }
    }
    if !differ.is_empty() && !args.force {
        let message = format!(
            "these differ from the built-in templates and would be written over: {}; --force writes over them",
            differ.join(", ")
        );
        let shown = dir.display().to_string();
        return Err(DataError::whole("would-overwrite", &shown, message).into());
    }
    let count = to_write.len();
    for (target, text) in to_write {
        let parent = target.parent().unwrap_or(&dir);
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        // Renamed into place whole: an editor never opens half a template.
        files::write_whole(&target, text.as_bytes()).map_err(io(&target))?;
    }
    let same = BUILTIN_TEMPLATES.len() - count;
    println!(
        "Wrote {count} templates to {} ({same} already there unchanged).",
        dir.display()
    );
    println!(
        "Each file there replaces the built-in one of its name; delete those you do not change."
    );
    Ok(())
}
