//! Writing finished files: each is staged in a temporary file inside the output folder as
//! soon as it is made, and renamed into place only when every one is staged, so a reader
//! never sees half a PDF and a failed build leaves the old files as they were.

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
    if std::fs::read(&path).is_ok_and(|old| old == bytes) {
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
        if ours && entry.file_type().is_ok_and(|t| t.is_file()) {
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
    let mut undo = Undo::default();
    match undo.apply(out, staged, removed) {
        Ok(()) => {
            // The files set aside are deleted as they drop.
            drop(undo);
            for rel in removed {
                remove_empty_parents(out, &path_of(out, rel));
            }
            Ok(())
        }
        Err(e) => {
            undo.roll_back();
            Err(e)
        }
    }
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
    fn apply(&mut self, out: &Path, staged: Vec<Staged>, removed: &[String]) -> Result<(), Error> {
        for rel in removed {
            let path = path_of(out, rel);
            if std::fs::symlink_metadata(&path).is_ok() {
                self.set_aside(out, &path)?;
            }
        }
        for Staged { tmp, rel } in staged {
            let path = path_of(out, &rel);
            if let Some(parent) = path.parent() {
                self.make_folders(out, parent)?;
            }
            let existed = std::fs::symlink_metadata(&path).is_ok();
            if existed {
                self.set_aside(out, &path)?;
            }
            tmp.persist(&path).map_err(|e| io(&path)(e.error))?;
            self.placed.push(path);
        }
        Ok(())
    }

    /// Moves `path` to a temporary name in `out`, to be deleted on success or put back.
    fn set_aside(&mut self, out: &Path, path: &Path) -> Result<(), Error> {
        let aside = tempfile::Builder::new()
            .prefix(".handbill-")
            .suffix(".tmp")
            .make_in(out, |tmp| std::fs::rename(path, tmp))
            .map_err(io(path))?;
        self.set_aside
            .push((aside.into_temp_path(), path.to_path_buf()));
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
