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

/// Writes `bytes` to `dir/name` atomically, unless the file already holds them.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<(PathBuf, Outcome), Error> {
    let path = dir.join(name);
    let io = |source| Error::Io {
        path: path.clone(),
        source,
    };
    if std::fs::read(&path).is_ok_and(|old| old == bytes) {
        return Ok((path, Outcome::Unchanged));
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    // The temporary file lives in the same folder so the rename cannot cross file systems.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".handbill-").suffix(".tmp");
    // Temporary files are private by default; an output is for the print shop and CI to read.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(&path).map_err(|e| io(e.error))?;
    Ok((path, Outcome::Written))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_then_skips_identical_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        assert_eq!(write(&out, "a.pdf", b"one").unwrap().1, Outcome::Written);
        assert_eq!(write(&out, "a.pdf", b"one").unwrap().1, Outcome::Unchanged);
        assert_eq!(write(&out, "a.pdf", b"two").unwrap().1, Outcome::Written);
        assert_eq!(std::fs::read(out.join("a.pdf")).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.pdf"], "no temporary file is left behind");
    }
}
