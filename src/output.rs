//! Writing finished files: each is staged in a temporary file inside the output folder as
//! soon as it is made, and renamed into place only when every one is staged, so a reader
//! never sees half a PDF and a failed build leaves the old files as they were. A lock keeps
//! a second build out of the folder, and a journal of the renames lets the next build put
//! back what a build killed halfway through its renames had begun.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// A file written to a temporary file in the output folder, waiting to be renamed into
/// place. Dropped without [`commit`], it is deleted.
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::TempPath,
    /// Where it goes, relative to the output folder, `/`-separated.
    pub rel: String,
}

/// What happened to one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The file is new or different, and is staged.
    Written,
    /// The file already holds exactly these bytes and is left alone.
    Unchanged,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Io { path, source }
}

/// The path of `rel` (a `/`-separated relative path) inside `out`.
pub fn path_of(out: &Path, rel: &str) -> PathBuf {
    rel.split('/')
        .fold(out.to_path_buf(), |path, part| path.join(part))
}

/// Stages `bytes` for `rel` inside `out`, unless the file there already holds them.
/// `out` itself must exist: the folders under it are made only at [`commit`], so a failed
/// build leaves no trace.
pub fn stage(out: &Path, rel: &str, bytes: &[u8]) -> Result<(Outcome, Option<Staged>), Error> {
    let path = path_of(out, rel);
    // Never waits on a FIFO standing where the file goes: that is simply replaced.
    let old = crate::files::read(None, &path, crate::files::MAX_OUTPUT_BYTES);
    if old.is_ok_and(|old| old.as_deref() == Some(bytes)) {
        return Ok((Outcome::Unchanged, None));
    }
    // In the output folder itself, so the rename cannot cross file systems.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".handbill-").suffix(".tmp");
    // Temporary files are private by default; an output is for the print shop and CI.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(out).map_err(io(out))?;
    tmp.write_all(bytes).map_err(io(&path))?;
    tmp.as_file().sync_all().map_err(io(&path))?;
    let staged = Staged {
        tmp: tmp.into_temp_path(),
        rel: rel.to_string(),
    };
    Ok((Outcome::Written, Some(staged)))
}

/// The lock file of an output folder: held by the build writing it.
pub const LOCK: &str = ".handbill-lock";
/// For tests: the number of files after which a commit ends the process, as a kill in the
/// middle of the renames would.
#[doc(hidden)]
pub const KILL_AFTER_VAR: &str = "HANDBILL_TEST_KILL_AFTER_RENAMES";
/// The journal of a commit under way: present only while files are being renamed.
const JOURNAL: &str = ".handbill-journal";

/// A build's hold on its output folder. The operating system lets go of it when the
/// process ends, however it ends, so a killed build never leaves the folder locked.
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
}

/// Refuses an output folder inside `data/`, `templates/` or `fonts/` of the project at
/// `root`: every file there is read as an input, so a build would take its own PDFs for
/// data or templates, and `watch` would build again on its own writes, without end.
pub fn refuse_inside_inputs(root: &Path, out: &Path) -> Result<(), Error> {
    let out_real = real(out);
    for input in ["data", "templates", "fonts"] {
        if out_real.starts_with(real(&root.join(input))) {
            let message = format!(
                "the output folder is inside {input}/, whose every file a build reads: write it elsewhere, such as <project>/out"
            );
            let shown = out.display().to_string();
            return Err(crate::error::DataError::whole("out-in-inputs", shown, message).into());
        }
    }
    Ok(())
}

/// `path` as it really is: its longest existing part with links resolved, then the rest as
/// written (the folder may not exist yet).
fn real(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut existing = path.as_path();
    loop {
        if let Ok(mut real) = existing.canonicalize() {
            real.extend(rest.iter().rev());
            return real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return path,
        }
    }
}

/// Takes the lock on `out` (which must exist), or says that another build holds it.
pub fn lock(out: &Path) -> Result<Lock, Error> {
    let path = out.join(LOCK);
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    // A FIFO put where the lock goes must not hold the build up.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(&path).map_err(io(&path))?;
    if !file.metadata().map_err(io(&path))?.is_file() {
        let source = std::io::Error::other("is not a regular file: remove it");
        return Err(Error::Io { path, source });
    }
    match file.try_lock() {
        Ok(()) => Ok(Lock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Io {
            path: out.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::WouldBlock,
                "another handbill build is writing this folder: wait for it to end, or build into another --out",
            ),
        }),
        Err(std::fs::TryLockError::Error(source)) => Err(Error::Io { path, source }),
    }
}

impl Lock {
    /// Removes the lock file while still holding it (so no other build can have locked the
    /// file being removed), then lets go: for an output folder a failed build made and now
    /// takes away.
    pub fn remove(self, out: &Path) {
        let _ = std::fs::remove_file(out.join(LOCK));
    }
}

/// One rename of a commit, as the journal records it: `path`'s old file is first moved to
/// `aside` (if there was one), then the `staged` file (if any) takes its place.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Step {
    path: String,
    aside: Option<String>,
    staged: Option<String>,
}

/// Puts back what a build killed during its commit had begun, from its journal: every old
/// file where it was, every new one gone. To be called under the [`lock`], before
/// [`clean`]. Without a journal there is nothing to do.
pub fn recover(out: &Path) -> Result<(), Error> {
    let path = out.join(JOURNAL);
    let bytes = match crate::files::read(None, &path, crate::files::MAX_OUTPUT_BYTES) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Ok(()),
        Err(e) => {
            let source = std::io::Error::other(e.to_string());
            return Err(Error::Io { path, source });
        }
    };
    // A journal cut short by the kill was being written: no rename had begun.
    let steps: Vec<Step> = serde_json::from_slice(&bytes).unwrap_or_default();
    for step in steps.iter().rev() {
        let Ok(target) = safe_target(out, &step.path) else {
            continue;
        };
        match &step.aside {
            Some(aside) if own_name(aside) && is_there(&out.join(aside)) => {
                std::fs::rename(out.join(aside), &target).map_err(io(&target))?;
            }
            Some(_) => {}
            None => {
                let placed = step
                    .staged
                    .as_ref()
                    .is_some_and(|staged| !is_there(&out.join(staged)));
                if placed && std::fs::symlink_metadata(&target).is_ok() {
                    std::fs::remove_file(&target).map_err(io(&target))?;
                    remove_empty_parents(out, &target);
                }
            }
        }
    }
    std::fs::remove_file(&path).map_err(io(&path))
}

/// Whether anything stands at `path`, a link to nothing included.
fn is_there(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// The path of a journal's entry, if it names a file inside `out`.
fn safe_target(out: &Path, rel: &str) -> Result<PathBuf, ()> {
    let plain = rel
        .split('/')
        .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'));
    if plain && !Path::new(rel).is_absolute() {
        Ok(path_of(out, rel))
    } else {
        Err(())
    }
}

/// Whether `name` is one of the build's own temporary names, in `out` itself.
fn own_name(name: &str) -> bool {
    name.starts_with(".handbill-") && name.ends_with(".tmp") && !name.contains(['/', '\\'])
}

/// Removes the temporary files a killed build left in `out`: every staged file and every
/// file set aside lives there, named `.handbill-*.tmp`, and none outlives its build.
pub fn clean(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(".handbill-") && name.ends_with(".tmp");
        // Whatever was set aside: a file, a link or a FIFO that stood where an output goes.
        if ours && entry.file_type().is_ok_and(|t| !t.is_dir()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Renames every staged file into place and deletes the `removed` files (relative paths),
/// all or nothing: each file replaced or removed is first set aside in `out`, and if any
/// step fails, every file is put back as it was and the error returned. The folders a
/// removal leaves empty go too.
pub fn commit(out: &Path, staged: Vec<Staged>, removed: &[String]) -> Result<(), Error> {
    // A folder where a file should go is found before anything moves.
    for Staged { rel, .. } in &staged {
        let path = path_of(out, rel);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            let source = std::io::Error::other("a folder stands where this file goes");
            return Err(Error::Io { path, source });
        }
    }
    let steps = plan(out, &staged, removed)?;
    let journal = out.join(JOURNAL);
    write_journal(&journal, &steps)?;
    let mut undo = Undo::default();
    if let Err(e) = undo.apply(out, &steps, staged) {
        undo.roll_back();
        let _ = std::fs::remove_file(&journal);
        return Err(e);
    }
    // The commit's point of no return: from here no later build puts anything back. A
    // journal that cannot be removed would have the next build undo half of it: all of
    // it is undone now instead.
    if let Err(e) = std::fs::remove_file(&journal) {
        undo.roll_back();
        let _ = std::fs::remove_file(&journal);
        return Err(io(&journal)(e));
    }
    // The files set aside are deleted as they drop.
    drop(undo);
    for rel in removed {
        remove_empty_parents(out, &path_of(out, rel));
    }
    Ok(())
}

/// Every rename of a commit, in order, with the names old files will be set aside as.
fn plan(out: &Path, staged: &[Staged], removed: &[String]) -> Result<Vec<Step>, Error> {
    // Unique to this commit: one build at a time holds the lock, but a killed one's
    // leftovers may still lie about.
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let aside = |i: usize, rel: &str| {
        let exists = std::fs::symlink_metadata(path_of(out, rel)).is_ok();
        exists.then(|| format!(".handbill-{}-{nonce:x}-{i}.tmp", std::process::id()))
    };
    let mut steps = Vec::new();
    for rel in removed {
        if let Some(aside) = aside(steps.len(), rel) {
            steps.push(Step {
                path: rel.clone(),
                aside: Some(aside),
                staged: None,
            });
        }
    }
    for file in staged {
        let name = file
            .tmp
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        steps.push(Step {
            path: file.rel.clone(),
            aside: aside(steps.len(), &file.rel),
            staged: name,
        });
    }
    Ok(steps)
}

fn write_journal(path: &Path, steps: &[Step]) -> Result<(), Error> {
    let json = serde_json::to_vec(steps).map_err(|e| io(path)(std::io::Error::other(e)))?;
    let mut file = std::fs::File::create(path).map_err(io(path))?;
    file.write_all(&json).map_err(io(path))?;
    file.sync_all().map_err(io(path))
}

/// What a commit has done so far, to put back if it fails.
#[derive(Default)]
struct Undo {
    /// Old files set aside, with where they were.
    set_aside: Vec<(tempfile::TempPath, PathBuf)>,
    /// New files put where there was none.
    placed: Vec<PathBuf>,
    /// Folders made for new files, outermost first.
    made: Vec<PathBuf>,
}

impl Undo {
    fn apply(&mut self, out: &Path, steps: &[Step], staged: Vec<Staged>) -> Result<(), Error> {
        let mut staged = staged.into_iter();
        // For the kill test alone: the process ends after this many files are placed, so
        // that a build killed in the middle of its commit can be tried at will.
        let kill_after: Option<usize> = std::env::var(KILL_AFTER_VAR)
            .ok()
            .and_then(|n| n.parse().ok());
        for step in steps {
            let path = path_of(out, &step.path);
            if let Some(aside) = &step.aside {
                let aside = out.join(aside);
                std::fs::rename(&path, &aside).map_err(io(&path))?;
                let aside = tempfile::TempPath::try_from_path(aside).map_err(io(&path))?;
                self.set_aside.push((aside, path.clone()));
            }
            if step.staged.is_none() {
                continue;
            }
            let Some(Staged { tmp, .. }) = staged.next() else {
                break;
            };
            if let Some(parent) = path.parent() {
                self.make_folders(out, parent)?;
            }
            tmp.persist(&path).map_err(|e| io(&path)(e.error))?;
            self.placed.push(path);
            if kill_after == Some(self.placed.len()) {
                // SAFETY: ends the process at once, as a SIGKILL would.
                unsafe { libc::_exit(9) }
            }
        }
        Ok(())
    }

    fn make_folders(&mut self, out: &Path, dir: &Path) -> Result<(), Error> {
        let mut missing = Vec::new();
        let mut d = Some(dir);
        while let Some(dir) = d.filter(|d| *d != out && !d.exists()) {
            missing.push(dir.to_path_buf());
            d = dir.parent();
        }
        for dir in missing.into_iter().rev() {
            std::fs::create_dir(&dir).map_err(io(&dir))?;
            self.made.push(dir);
        }
        Ok(())
    }

    /// Puts everything back: new files out, old files in, new folders away.
    fn roll_back(self) {
        for path in self.placed.iter().rev() {
            let _ = std::fs::remove_file(path);
        }
        for (aside, path) in self.set_aside.into_iter().rev() {
            let _ = aside.persist(&path);
        }
        for dir in self.made.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Removes the folders `path`'s removal left empty, up to `out`.
fn remove_empty_parents(out: &Path, path: &Path) {
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| *d != out) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn stages_then_skips_identical_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let write = |bytes: &[u8]| {
            let (outcome, staged) = stage(out, "a/b.pdf", bytes).unwrap();
            commit(out, staged.into_iter().collect(), &[]).unwrap();
            outcome
        };
        assert_eq!(write(b"one"), Outcome::Written);
        assert_eq!(write(b"one"), Outcome::Unchanged);
        assert_eq!(write(b"two"), Outcome::Written);
        assert_eq!(std::fs::read(out.join("a/b.pdf")).unwrap(), b"two");
        assert_eq!(names(out), ["a"], "no temporary file is left behind");
    }

    #[test]
    fn dropped_staging_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (_, staged) = stage(dir.path(), "x/y.pdf", b"new").unwrap();
        assert_eq!(names(dir.path()).len(), 1);
        drop(staged);
        assert!(
            names(dir.path()).is_empty(),
            "neither a file nor its folder"
        );
    }

    #[test]
    fn a_failure_midway_puts_every_file_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("a.pdf"), b"old a").unwrap();
        std::fs::write(out.join("gone.pdf"), b"old gone").unwrap();
        std::fs::create_dir_all(out.join("c")).unwrap();
        std::fs::write(out.join("c/b.pdf"), b"old b").unwrap();
        let before = tree(out);
        let (_, a) = stage(out, "a.pdf", b"new a").unwrap();
        let (_, n) = stage(out, "new/d/n.pdf", b"new n").unwrap();
        let (_, b) = stage(out, "c/b.pdf", b"new b").unwrap();
        // The last rename fails: its staged file is gone.
        let b = b.unwrap();
        std::fs::remove_file(&b.tmp).unwrap();
        let staged = vec![a.unwrap(), n.unwrap(), b];
        assert!(commit(out, staged, &["gone.pdf".into()]).is_err());
        assert_eq!(tree(out), before, "every file as it was, no folder made");
    }

    #[test]
    fn a_folder_where_a_file_goes_fails_before_anything_moves() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("a.pdf"), b"old a").unwrap();
        std::fs::create_dir_all(out.join("b.pdf")).unwrap();
        let before = tree(out);
        let (_, a) = stage(out, "a.pdf", b"new a").unwrap();
        let (_, b) = stage(out, "b.pdf", b"new b").unwrap();
        let err = commit(out, vec![a.unwrap(), b.unwrap()], &[]).unwrap_err();
        assert!(err.to_string().contains("folder"), "{err}");
        assert_eq!(tree(out), before);
    }

    #[test]
    fn recover_puts_back_a_commit_killed_at_any_rename() {
        // Killed after 0, 1, ... of the renames, the next build's recovery gives the old
        // tree back, byte for byte.
        for done in 0..=4 {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path();
            std::fs::write(out.join("a.pdf"), b"old a").unwrap();
            std::fs::write(out.join("gone.pdf"), b"old gone").unwrap();
            let before = tree(out);
            let (_, a) = stage(out, "a.pdf", b"new a").unwrap();
            let (_, n) = stage(out, "new/n.pdf", b"new n").unwrap();
            let staged = vec![a.unwrap(), n.unwrap()];
            let steps = plan(out, &staged, &["gone.pdf".into()]).unwrap();
            write_journal(&out.join(JOURNAL), &steps).unwrap();
            // The renames `commit` makes, one by one, as a kill would leave them.
            let mut renames = Vec::new();
            let mut staged = staged.into_iter();
            for step in &steps {
                let path = path_of(out, &step.path);
                if let Some(aside) = &step.aside {
                    renames.push((path.clone(), out.join(aside)));
                }
                if step.staged.is_some() {
                    let tmp = staged.next().unwrap().tmp.keep().unwrap();
                    renames.push((tmp, path));
                }
            }
            assert_eq!(renames.len(), 4);
            for (from, to) in renames.iter().take(done) {
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::rename(from, to).unwrap();
            }
            recover(out).unwrap();
            clean(out);
            assert_eq!(tree(out), before, "killed after {done} renames");
        }
    }

    #[test]
    fn clean_removes_only_leftover_staging_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join(".handbill-abc.tmp"), b"killed").unwrap();
        std::fs::write(out.join("notes.tmp"), b"the shop's").unwrap();
        std::fs::write(out.join("flyer-en.pdf"), b"pdf").unwrap();
        clean(out);
        assert_eq!(names(out), ["flyer-en.pdf", "notes.tmp"]);
    }

    /// Every file and folder under `dir`, with file bytes.
    fn tree(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
        let mut all = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    all.push((path.clone(), None));
                    stack.push(path);
                } else {
                    let bytes = std::fs::read(&path).unwrap();
                    all.push((path, Some(bytes)));
                }
            }
        }
        all.sort();
        all
    }

    #[test]
    fn removes_files_and_the_folders_they_empty() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("c/gone")).unwrap();
        std::fs::create_dir_all(out.join("c/kept")).unwrap();
        std::fs::write(out.join("c/gone/p.pdf"), b"x").unwrap();
        std::fs::write(out.join("c/kept/p.pdf"), b"x").unwrap();
        commit(out, Vec::new(), &["c/gone/p.pdf".into()]).unwrap();
        assert_eq!(names(&out.join("c")), ["kept"]);
    }
}
