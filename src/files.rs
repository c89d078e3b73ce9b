//! Reading a project's files without being led astray: only regular files, never through
//! a FIFO, device or socket (which would hang or never end), never past a size limit, and,
//! for the project's own files, never through a link that leads out of the project.

use std::io::Read;
use std::path::{Path, PathBuf};

/// The most a data file may hold: the coalition's largest is a few kilobytes.
pub(crate) const MAX_DATA_BYTES: u64 = 4 << 20;
/// The most a template may hold.
pub const MAX_TEMPLATE_BYTES: u64 = 4 << 20;
/// The most a font file may hold: a full Noto CJK collection is about 20 MB.
pub(crate) const MAX_FONT_BYTES: u64 = 64 << 20;
/// The most an existing output is read to compare it with a new one: a larger file is
/// simply replaced.
pub(crate) const MAX_OUTPUT_BYTES: u64 = 512 << 20;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// A link (itself or a folder on the way) leads out of the project.
    #[error("leads out of the project (a symbolic link?): only files inside it are read")]
    Outside,
    /// Not a regular file.
    #[error("is {0}, not a regular file: it is not read")]
    Special(&'static str),
    /// Over the size limit; nothing was read.
    #[error("is {size} bytes; at most {limit} are read from such a file")]
    TooBig {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Reading it failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The error for a file refused, named by `shown` (relative to the project).
pub fn refused(shown: &str, refusal: Refusal) -> crate::Error {
    crate::DataError::whole("refused-file", shown, refusal.to_string()).into()
}

/// What kind of special file `t` is, in words; `None` for a regular file.
fn special(t: std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    if t.is_dir() {
        return Some("a folder");
    }
    (!t.is_file()).then_some("not a file")
}

/// Whether `path`, links followed, lies inside `root` (itself canonical).
pub fn inside(root: &Path, path: &Path) -> Result<bool, std::io::Error> {
    Ok(path.canonicalize()?.starts_with(root))
}

/// Reads `path`, a regular file of at most `limit` bytes; `None` if there is nothing at
/// `path`. With `root` (canonical), the file must lie inside it, links followed: a link
/// that leads out is refused before anything is opened. A FIFO, device or socket is never
/// opened.
pub fn read(root: Option<&Path>, path: &Path, limit: u64) -> Result<Option<Vec<u8>>, Refusal> {
    match std::fs::symlink_metadata(path) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    }
    if let Some(root) = root {
        match inside(root, path) {
            Ok(true) => {}
            Ok(false) => return Err(Refusal::Outside),
            // A link to nothing: refused as one that leads out, since it leads nowhere in.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refusal::Outside),
            Err(e) => return Err(e.into()),
        }
    }
    let meta = std::fs::metadata(path)?;
    check(&meta, limit)?;
    let file = open(path)?;
    check(&file.metadata()?, limit)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooBig {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(Some(bytes))
}

/// Opens `path` to read without ever waiting on it: should a regular file be swapped for a
/// FIFO after a look at it, opening does not wait for a writer (the handle's metadata says
/// what it really is).
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    options.open(path)
}

/// Opens `path` to read, if it is a regular file (of any size, to read in pieces).
pub(crate) fn open_regular(path: &Path) -> Result<std::fs::File, Refusal> {
    if let Some(kind) = special(std::fs::metadata(path)?.file_type()) {
        return Err(Refusal::Special(kind));
    }
    let file = open(path)?;
    check(&file.metadata()?, u64::MAX)?;
    Ok(file)
}

fn check(meta: &std::fs::Metadata, limit: u64) -> Result<(), Refusal> {
    if let Some(kind) = special(meta.file_type()) {
        return Err(Refusal::Special(kind));
    }
    if meta.len() > limit {
        return Err(Refusal::TooBig {
            size: meta.len(),
            limit,
        });
    }
    Ok(())
}

/// The project folder `root`, canonical, to check paths against.
pub fn canonical_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Writes `bytes` to `path` whole: into a temporary file beside it (so the rename cannot
/// cross file systems), synced, then renamed into place, so that no reader ever sees half
/// of it. Readable by all, as a project's files and outputs are.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".handbill-").suffix(".tmp");
    // Temporary files are private by default; these are for everyone who edits the project.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A file refused, by its path relative to the folder walked, and why.
pub type Refused = (String, Refusal);

/// Whether a file of this name is an editor's, never the project's: a hidden file (vim's
/// `.poster.typ.swp`, emacs's `.#poster.typ` lock link, `.DS_Store`) or a backup
/// (`poster.typ~`). An editor makes and removes them as it pleases; read as the project's,
/// one would fail a build in `watch`, or change the fingerprint and remake everything.
pub fn is_editors(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~')
}

/// Every regular file under `dir` with its `/`-separated path relative to it and its bytes,
/// in path order, each at most `limit` bytes, but an editor's ([`is_editors`]). Links are
/// followed only while they stay inside `root`; anything else is refused with its path
/// relative to `dir`.
pub fn under(root: &Path, dir: &Path, limit: u64) -> Result<Vec<(String, Vec<u8>)>, Refused> {
    fn walk(
        root: &Path,
        dir: &Path,
        rel: &str,
        limit: u64,
        files: &mut Vec<(String, Vec<u8>)>,
    ) -> Result<(), Refused> {
        let at = |e: std::io::Error| (rel.to_string(), Refusal::Io(e));
        let mut entries = std::fs::read_dir(dir)
            .and_then(|entries| entries.collect::<Result<Vec<_>, _>>())
            .map_err(at)?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_editors(&name) {
                continue;
            }
            let rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            let path = entry.path();
            let fail = |e: Refusal| (rel.clone(), e);
            match inside(root, &path) {
                Ok(true) => {}
                Ok(false) => return Err(fail(Refusal::Outside)),
                // Gone since the folder was listed (an editor's test file, saved and
                // deleted at once): it is not there to read.
                Err(e)
                    if e.kind() == std::io::ErrorKind::NotFound
                        && std::fs::symlink_metadata(&path).is_err() =>
                {
                    continue;
                }
                // A link to nothing, which could come to lead anywhere.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(fail(Refusal::Outside));
                }
                Err(e) => return Err(fail(e.into())),
            }
            if path.is_dir() {
                // A link to a folder above would lead round and round.
                let real = path.canonicalize().map_err(|e| fail(e.into()))?;
                if dir.canonicalize().is_ok_and(|d| d.starts_with(&real)) {
                    return Err(fail(Refusal::Special("a link to a folder that holds it")));
                }
                walk(root, &path, &rel, limit, files)?;
            } else if let Some(bytes) = read(Some(root), &path, limit).map_err(fail)? {
                files.push((rel, bytes));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(root, dir, "", limit, &mut files)?;
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn fifo(path: &Path) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    }

    #[test]
    fn reads_regular_files_inside_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = canonical_root(dir.path());
        std::fs::write(root.join("a.toml"), b"a = 1").unwrap();
        std::fs::write(outside.path().join("secret"), b"secret").unwrap();
        let read = |name: &str, limit| read(Some(&root), &root.join(name), limit);
        assert_eq!(read("a.toml", 10).unwrap().unwrap(), b"a = 1");
        assert!(read("missing.toml", 10).unwrap().is_none());
        assert!(matches!(
            read("a.toml", 4),
            Err(Refusal::TooBig { size: 5, .. })
        ));
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(outside.path().join("secret"), root.join("out.toml")).unwrap();
            symlink(root.join("a.toml"), root.join("in.toml")).unwrap();
            symlink("/dev/zero", root.join("zero.toml")).unwrap();
            symlink(root.join("nothing"), root.join("dangling.toml")).unwrap();
            fifo(&root.join("pipe.toml"));
            assert!(matches!(read("out.toml", 10), Err(Refusal::Outside)));
            assert_eq!(read("in.toml", 10).unwrap().unwrap(), b"a = 1");
            assert!(matches!(read("zero.toml", 10), Err(Refusal::Outside)));
            assert!(matches!(read("dangling.toml", 10), Err(Refusal::Outside)));
            assert!(matches!(read("pipe.toml", 10), Err(Refusal::Special(_))));
            // Without a root to stay in, a device is still never read.
            let zero = super::read(None, Path::new("/dev/zero"), 10);
            assert!(matches!(zero, Err(Refusal::Special("a device"))));
            let err = under(&root, &root, 10).unwrap_err();
            assert_eq!(err.0, "dangling.toml", "the first refused, in name order");
            let looped = tempfile::tempdir().unwrap();
            let looped = canonical_root(looped.path());
            std::fs::create_dir(looped.join("sub")).unwrap();
            symlink(&looped, looped.join("sub/up")).unwrap();
            let err = under(&looped, &looped, 10).unwrap_err();
            assert_eq!(err.0, "sub/up");
        }
    }

    #[test]
    fn under_leaves_an_editors_files_out_but_not_the_projects() {
        let dir = tempfile::tempdir().unwrap();
        let root = canonical_root(dir.path());
        std::fs::create_dir(root.join("lib")).unwrap();
        std::fs::write(root.join("poster.typ"), b"p").unwrap();
        std::fs::write(root.join("lib/qr.typ"), b"q").unwrap();
        std::fs::write(root.join(".poster.typ.swp"), b"swap").unwrap();
        std::fs::write(root.join("poster.typ~"), b"backup").unwrap();
        std::fs::create_dir(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/HEAD"), b"ref").unwrap();
        #[cfg(unix)]
        {
            // emacs's lock: a link to nowhere, named for the file being edited.
            std::os::unix::fs::symlink("user@host.123", root.join(".#poster.typ")).unwrap();
        }
        let names: Vec<String> = under(&root, &root, 10)
            .unwrap()
            .into_iter()
            .map(|(rel, _)| rel)
            .collect();
        assert_eq!(names, ["lib/qr.typ", "poster.typ"]);
        // Not every name is an editor's: a name with a dot inside is the project's.
        assert!(!is_editors("poster.v2.typ"));
        assert!(is_editors(".poster.typ.swp") && is_editors("poster.typ~"));
        #[cfg(unix)]
        {
            // A link to nowhere under a name of the project's is still refused.
            std::os::unix::fs::symlink(root.join("gone"), root.join("flyer.typ")).unwrap();
            let err = under(&root, &root, 10).unwrap_err();
            assert_eq!(err.0, "flyer.typ");
            assert!(matches!(err.1, Refusal::Outside));
        }
    }
}
