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

/// Renames every staged file into place, then deletes the `removed` files (relative paths)
/// and the folders they leave empty.
pub fn commit(out: &Path, staged: Vec<Staged>, removed: &[String]) -> Result<(), Error> {
    for Staged { tmp, rel } in staged {
        let path = path_of(out, &rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        tmp.persist(&path).map_err(|e| io(&path)(e.error))?;
    }
    for rel in removed {
        let path = path_of(out, rel);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&path)(e)),
        }
        // A removed location leaves its folder behind: take away what is left empty.
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != out) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
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
