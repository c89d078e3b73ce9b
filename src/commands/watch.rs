//! `handbill watch`: build, then build again on every change to what the materials are
//! made from, with one set of templates and fonts (and typst's caches) kept between builds.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

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
    // A wrong command line is no edit to wait out.
    handbill::output::refuse_inside_inputs(root, &out)?;
    let mut watcher = Watcher::new(None).map_err(|e| watch_error(root, &e))?;
    let mut sandbox: Option<Sandbox> = None;
    loop {
        let before = State::of(root);
        let mut report = crate::new_report(root);
        let result = super::build::once(root, args, &mut report, &mut sandbox);
        let failed = result.is_err();
        crate::finish(result, report, args.check.format, root, false);
        if failed {
            // The build's staging is undone whole (and an output folder it made, taken
            // away): what is in the output folder is the last good build's.
            eprintln!(
                "nothing in {} changed: fix the error and save to build again",
                out.display()
            );
        }
        typst::comemo::evict(EVICT_AGE);
        let after = State::of(root);
        watcher
            .update(after.paths())
            .map_err(|e| watch_error(root, &e))?;
        // A file saved while the build ran, or made where nothing was watched yet (a new
        // fonts/ and the font copied into it): its event may never come, so the change is
        // looked for here, and built at once.
        if after != before {
            continue;
        }
        if !args.check.quiet {
            eprintln!("watching data/, templates/ and fonts/ for changes (Ctrl-C to stop)");
        }
        // An event that changed nothing a build reads (an editor's swap file written in a
        // watched folder, a file touched to the same bytes' size and time) builds nothing.
        loop {
            watcher.wait().map_err(|e| watch_error(root, &e))?;
            if State::of(root) != after {
                break;
            }
        }
    }
}

fn watch_error(root: &Path, message: &str) -> Error {
    Error::Io {
        path: root.to_path_buf(),
        source: std::io::Error::other(message.to_string()),
    }
}

/// What a build is made from, as the file system shows it: `data/`, `templates/` and
/// `fonts/`, every folder and file in them, and a logo wherever in the project it lies,
/// each file with its size and time of change (`None` when missing: the watcher looks for
/// it to appear). The output folder is never among them (see `output::refuse_inside_inputs`).
#[derive(PartialEq, Eq)]
struct State(Vec<(PathBuf, Option<(u64, SystemTime)>)>);

impl State {
    fn of(root: &Path) -> Self {
        let mut paths = Vec::new();
        for dir in ["data", "templates", "fonts"] {
            walk(&root.join(dir), &mut paths);
        }
        if let Some(logo) = logo(root) {
            paths.push(root.join(logo));
        }
        let stamped = paths
            .into_iter()
            .map(|path| {
                // A folder only is or is not: what changes in it is its files, and an
                // editor's file made in it changes its time.
                let stamp = std::fs::metadata(&path).ok().map(|m| {
                    if m.is_dir() {
                        (0, SystemTime::UNIX_EPOCH)
                    } else {
                        (m.len(), m.modified().unwrap_or(SystemTime::UNIX_EPOCH))
                    }
                });
                (path, stamp)
            })
            .collect();
        Self(stamped)
    }

    fn paths(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.0.iter().map(|(path, _)| path.clone())
    }
}

/// The logo `data/coalition.toml` names, read leniently: the file may be broken, and a
/// logo outside the three folders must be watched all the same, so that saving it (or
/// the fix) builds again.
fn logo(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("data/coalition.toml")).ok()?;
    let table: toml::Table = text.parse().ok()?;
    table.get("logo")?.as_str().map(String::from)
}

/// Lists `path` and, for a folder, everything under it, not following links, and leaving
/// out an editor's files, which no build reads.
fn walk(path: &Path, paths: &mut Vec<PathBuf>) {
    paths.push(path.to_path_buf());
    let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    if !is_dir {
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    let mut children: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| !handbill::files::is_editors(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    children.sort();
    for child in children {
        walk(&child, paths);
    }
}
