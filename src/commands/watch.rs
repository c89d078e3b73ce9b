//! `handbill watch`: build, then build again on every change to what the materials are
//! made from, with one set of templates and fonts (and typst's caches) kept between builds.

use std::path::{Path, PathBuf};

use handbill::Error;
use handbill::world::Sandbox;
use typst_kit::watcher::Watcher;

use crate::cli::BuildArgs;

/// How many rounds typst keeps a cached result no build used, as typst's own watch does:
/// what the next build may still want stays, an edited template's old layouts go.
const EVICT_AGE: usize = 10;

/// Runs `watch`: builds until the watcher fails or the process is stopped.
pub(crate) fn run(root: &Path, args: &BuildArgs) -> Result<(), Error> {
    let out = args.out(root);
    let mut watcher = Watcher::new(None).map_err(|e| watch_error(root, &e))?;
    let mut sandbox: Option<Sandbox> = None;
    loop {
        let mut report = crate::new_report(root);
        let result = super::build::once(root, args, &mut report, &mut sandbox);
        let failed = result.is_err();
        crate::finish(result, report, args.check.format, root);
        if failed {
            // The build's staging is undone whole: every file in the output folder is
            // still the last good build's.
            eprintln!(
                "nothing in {} changed: fix the error and save to build again",
                out.display()
            );
        }
        typst::comemo::evict(EVICT_AGE);
        watcher
            .update(watched(root, &out))
            .map_err(|e| watch_error(root, &e))?;
        if !args.check.quiet {
            eprintln!("watching data/, templates/ and fonts/ for changes (Ctrl-C to stop)");
        }
        watcher.wait().map_err(|e| watch_error(root, &e))?;
    }
}

fn watch_error(root: &Path, message: &str) -> Error {
    Error::Io {
        path: root.to_path_buf(),
        source: std::io::Error::other(message.to_string()),
    }
}

/// What a build is made from: `data/`, `templates/` and `fonts/`, every folder and file
/// in them, and a logo wherever in the project it lies; never the output folder, whose
/// writes would start the next build. Missing folders are listed too: the watcher looks
/// for them to appear.
fn watched(root: &Path, out: &Path) -> Vec<PathBuf> {
    let out = out.canonicalize().unwrap_or_else(|_| out.to_path_buf());
    let mut paths = Vec::new();
    for dir in ["data", "templates", "fonts"] {
        walk(&root.join(dir), &out, &mut paths);
    }
    // The logo is wherever coalition.toml says; any file the project names is found by
    // reading it again, so a logo outside the three folders is watched from there.
    if let Ok(project) = handbill::project::Project::load(root)
        && let Some(logo) = &project.coalition.logo
    {
        paths.push(root.join(&logo.path));
    }
    paths
}

/// Lists `path` and, for a folder, everything under it, not following links out.
fn walk(path: &Path, out: &Path, paths: &mut Vec<PathBuf>) {
    if path.canonicalize().is_ok_and(|real| real.starts_with(out)) {
        return;
    }
    paths.push(path.to_path_buf());
    let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    if !is_dir {
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    let mut children: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    children.sort();
    for child in children {
        walk(&child, out, paths);
    }
}
