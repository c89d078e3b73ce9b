//! Writing finished files: each through a temporary file and a rename, so a reader never
//! sees half a PDF, and a file whose bytes have not changed is left alone.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// What happened to one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The file was new or different and has been written.
    Written,
    /// The file already held exactly these bytes.
    Unchanged,
}

/// Writes each `(name, bytes)` into `dir`, leaving alone files that already hold their
/// bytes. Every new file is written to a temporary file first; only when all are written
/// are they renamed into place, so a full disk leaves the old files as they were.
pub fn write_all(dir: &Path, files: &[(String, &[u8])]) -> Result<Vec<(PathBuf, Outcome)>, Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut staged = Vec::new();
    let mut outcomes = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let path = dir.join(name);
        if std::fs::read(&path).is_ok_and(|old| old == *bytes) {
            outcomes.push((path, Outcome::Unchanged));
            continue;
        }
        // In the same folder, so the rename cannot cross file systems.
        let mut builder = tempfile::Builder::new();
        builder.prefix(".handbill-").suffix(".tmp");
        // Temporary files are private by default; an output is for the print shop and CI.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let mut tmp = builder.tempfile_in(dir).map_err(io(dir))?;
        tmp.write_all(bytes).map_err(io(&path))?;
        tmp.as_file().sync_all().map_err(io(&path))?;
        staged.push((tmp, path.clone()));
        outcomes.push((path, Outcome::Written));
    }
    for (tmp, path) in staged {
        tmp.persist(&path).map_err(|e| io(&path)(e.error))?;
    }
    Ok(outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_then_skips_identical_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let write =
            |bytes: &'static [u8]| write_all(&out, &[("a.pdf".into(), bytes)]).unwrap()[0].1;
        assert_eq!(write(b"one"), Outcome::Written);
        assert_eq!(write(b"one"), Outcome::Unchanged);
        assert_eq!(write(b"two"), Outcome::Written);
        assert_eq!(std::fs::read(out.join("a.pdf")).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.pdf"], "no temporary file is left behind");
    }
}
