//! The record of what a build wrote into its output folder: what lets the next build skip
//! what is current and delete only what it made, and CI split a build into shards and
//! merge them back.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's file name inside the output folder.
pub const FILE: &str = "manifest.json";

/// The most shards a build may be split into.
pub(crate) const MAX_SHARDS: u32 = 1000;

/// What one build wrote, keyed by each output's path relative to the output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The version of handbill that wrote it.
    pub handbill: String,
    /// The hash of what the last build into the folder was made from: handbill's options,
    /// templates and fonts, and every data file. Shards merge only when theirs agree.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Each output, by its path relative to the output folder with `/` separators.
    pub outputs: BTreeMap<String, Entry>,
}

/// One file a build wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Hex SHA-256 of everything the file was built from.
    pub inputs: String,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// The material's name, for outputs that are one material.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub material: Option<String>,
    /// The language code, for outputs in one language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The campaign's id, for outputs of a campaign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// The location's id, for outputs for one location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// What sort of file it is.
    pub kind: OutputKind,
    /// A PDF's page count, reported for it when a build skips it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
}

/// The sorts of file a build writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutputKind {
    /// A material's PDF.
    Pdf,
    /// A PNG of one page of a PDF.
    Preview,
    /// A campaign's route sheet.
    RouteSheet,
    /// A sheet of one card, laid out many times for home or shop printing.
    CardSheet,
    /// A campaign's print list (CSV).
    PrintList,
    /// The review page, `index.html`.
    Index,
}

/// Why a manifest could not be read, or shards not merged. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// The manifest exists but could not be read.
    #[error("{}: cannot read the manifest: {source}", path.display())]
    Read {
        /// The manifest file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The manifest is not JSON of the expected shape.
    #[error("{}: not a valid handbill manifest: {source}", path.display())]
    Invalid {
        /// The manifest file.
        path: PathBuf,
        /// What the parser said.
        source: serde_json::Error,
    },
    /// An entry names a file outside the output folder, or a hidden one; refused because
    /// the build deletes files its manifest lists.
    #[error(
        "{}: the entry {entry:?} {reason}; a manifest may only name files inside its output folder",
        path.display()
    )]
    UnsafePath {
        /// The manifest file.
        path: PathBuf,
        /// The entry's path as written.
        entry: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A folder given to merge has no manifest.
    #[error("{}: not found; is this the output of a handbill build?", path.display())]
    NoManifest {
        /// The manifest file that was looked for.
        path: PathBuf,
    },
    /// A file a manifest lists is not there.
    #[error("{}: listed in {} but missing", path.display(), manifest.display())]
    Missing {
        /// The missing file.
        path: PathBuf,
        /// The manifest that lists it.
        manifest: PathBuf,
    },
    /// A file's bytes are not those its manifest recorded.
    #[error("{}: its bytes differ from the sha256 recorded in {}", path.display(), manifest.display())]
    Modified {
        /// The file.
        path: PathBuf,
        /// The manifest that recorded it.
        manifest: PathBuf,
    },
    /// Two shards both wrote one output, differently.
    #[error(
        "{entry}: built differently in {} and {}",
        first.join(entry).display(),
        second.join(entry).display()
    )]
    Conflict {
        /// The output's path relative to the output folder.
        entry: String,
        /// The folder it was first seen in.
        first: PathBuf,
        /// The folder that disagrees.
        second: PathBuf,
    },
    /// Two shards were built by different versions of handbill.
    #[error(
        "{}: written by handbill {found}, but {} by handbill {expected}",
        path.display(),
        first.display()
    )]
    Version {
        /// The manifest that disagrees.
        path: PathBuf,
        /// The version it records.
        found: String,
        /// The first manifest merged.
        first: PathBuf,
        /// The version that one records.
        expected: String,
    },
    /// Two shards were built from different data, templates, fonts or options.
    #[error(
        "{} and {} were built from different data, templates or options: build every shard from the same commit with the same flags",
        path.display(),
        first.display()
    )]
    Source {
        /// The manifest that disagrees.
        path: PathBuf,
        /// The first manifest merged.
        first: PathBuf,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

/// The largest manifest read: 100,000 outputs take about 40 MB.
const MAX_BYTES: u64 = 256 << 20;

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Hex SHA-256 of the file at `path`, read in pieces so a large file is never held whole.
pub fn file_sha256(path: &Path) -> io::Result<String> {
    let mut hasher = Sha256::new();
    let mut file = crate::files::open_regular(path).map_err(|e| match e {
        crate::files::Refusal::Io(e) => e,
        e => io::Error::other(e.to_string()),
    })?;
    io::copy(&mut file, &mut hasher)?;
    Ok(hex(&hasher.finalize()))
}

fn hex(digest: &[u8]) -> String {
    use fmt::Write as _;
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

impl Manifest {
    /// An empty manifest stamped with this version of handbill.
    pub fn new() -> Self {
        Self {
            handbill: env!("CARGO_PKG_VERSION").to_string(),
            source: String::new(),
            outputs: BTreeMap::new(),
        }
    }

    /// Reads `<out>/manifest.json`; a folder without one has an empty manifest. Refuses a
    /// manifest with an entry that could name a file outside `out`.
    pub fn load(out: &Path) -> Result<Manifest, ManifestError> {
        let path = out.join(FILE);
        let bytes = match crate::files::read(None, &path, MAX_BYTES) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Ok(Manifest::default()),
            Err(crate::files::Refusal::Io(source)) => {
                return Err(ManifestError::Read { path, source });
            }
            Err(e) => {
                let source = io::Error::other(e.to_string());
                return Err(ManifestError::Read { path, source });
            }
        };
        let manifest: Manifest = match serde_json::from_slice(&bytes) {
            Ok(manifest) => manifest,
            Err(source) => return Err(ManifestError::Invalid { path, source }),
        };
        for entry in manifest.outputs.keys() {
            if let Err(reason) = check_path(entry) {
                return Err(ManifestError::UnsafePath {
                    path,
                    entry: entry.clone(),
                    reason,
                });
            }
        }
        Ok(manifest)
    }

    /// Writes `<out>/manifest.json` as pretty JSON in key order, through a temporary file
    /// and a rename so a reader never sees half of it. Refuses entries [`Manifest::load`]
    /// would refuse, so a build never writes a manifest it cannot read back.
    pub fn save(&self, out: &Path) -> io::Result<()> {
        let json = self.to_json()?;
        std::fs::create_dir_all(out)?;
        crate::files::write_whole(&out.join(FILE), json.as_bytes())
    }

    /// The manifest as [`Manifest::save`] writes it, refusing what it refuses.
    pub fn to_json(&self) -> io::Result<String> {
        for entry in self.outputs.keys() {
            check_path(entry).map_err(|reason| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("manifest entry {entry:?} {reason}"),
                )
            })?;
        }
        let mut json = serde_json::to_string_pretty(self).map_err(io::Error::other)?;
        json.push('\n');
        Ok(json)
    }

    /// Whether `path` need not be built again: it was built from `inputs`, and the file
    /// on disk still holds the bytes recorded (a file edited by hand is not current).
    pub(crate) fn is_current(&self, out: &Path, path: &str, inputs: &str) -> bool {
        let Some(entry) = self.outputs.get(path) else {
            return false;
        };
        entry.inputs == inputs
            && check_path(path).is_ok()
            && file_sha256(&out.join(path)).is_ok_and(|sha| sha == entry.sha256)
    }

    /// The entries `in_scope` that this build did not produce, in path order: the files
    /// to delete. Only files the manifest lists are ever named.
    pub fn removed<'a>(
        &'a self,
        produced: &BTreeSet<String>,
        in_scope: impl Fn(&str, &Entry) -> bool,
    ) -> Vec<&'a str> {
        self.outputs
            .iter()
            .filter(|(path, entry)| !produced.contains(*path) && in_scope(path, entry))
            .map(|(path, _)| path.as_str())
            .collect()
    }
}

/// Why `path` may not be a manifest entry: a manifest may name only plain files inside
/// the output folder, never a hidden one (the build's own temporary files start with `.`).
fn check_path(path: &str) -> Result<(), &'static str> {
    if path.is_empty() {
        return Err("is empty");
    }
    if path.contains('\\') {
        return Err("contains a backslash");
    }
    if path.contains('\0') {
        return Err("contains a NUL byte");
    }
    if path.starts_with('/') || Path::new(path).is_absolute() {
        return Err("is absolute");
    }
    for segment in path.split('/') {
        if segment == ".." {
            return Err("climbs out with `..`");
        }
        if segment.is_empty() {
            return Err("has an empty segment");
        }
        if segment.starts_with('.') {
            return Err("has a segment that starts with `.`");
        }
    }
    // What the checks above miss on some platform, such as a Windows drive prefix.
    if !Path::new(path)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return Err("is not a plain relative path");
    }
    Ok(())
}

/// One of `count` parts of a build, as `--shard K/N` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which part, from 1.
    pub index: u32,
    /// How many parts.
    pub count: u32,
}

impl Shard {
    /// Whether the output at `key` (its path relative to the output folder) belongs to
    /// this shard. Depends on the key alone, so an output stays on its shard whatever
    /// else is added to or removed from the build.
    pub fn holds(&self, key: &str) -> bool {
        let digest = Sha256::digest(key.as_bytes());
        let mut first = [0; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let number = |part: &str| {
            // `u32::from_str` takes a leading `+`; a shard is digits only.
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse::<u32>().ok()
        };
        let parsed = s
            .split_once('/')
            .and_then(|(k, n)| Some((number(k)?, number(n)?)));
        let Some((index, count)) = parsed else {
            return Err(format!("expected K/N such as 2/4, got {s:?}"));
        };
        if count == 0 || count > MAX_SHARDS {
            return Err(format!(
                "shard {s}: N must be from 1 to {MAX_SHARDS}, as in 2/4"
            ));
        }
        if index == 0 || index > count {
            return Err(format!("shard {s}: K must be from 1 to N, as in 2/4"));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What a merge does: the merged manifest, and each file to copy into the output folder
/// (its path there, and where it is copied from).
pub struct Merge {
    /// The manifest of the whole.
    pub manifest: Manifest,
    /// The files `out` lacks or holds other bytes of, with the shard file to copy.
    pub copies: Vec<(String, PathBuf)>,
}

/// Merges the outputs of shard builds in `dirs` into `out`, all or nothing (see
/// [`crate::output::commit`]): checks every file each manifest lists is there with its
/// recorded bytes and that no two shards disagree on an output, and only then copies the
/// files into `out` and writes the merged manifest. A folder that is `out` itself is
/// merged without copying.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<Manifest, ManifestError> {
    let io_err = |e: crate::Error| ManifestError::Io {
        path: out.to_path_buf(),
        source: io::Error::other(e.to_string()),
    };
    std::fs::create_dir_all(out).map_err(|source| ManifestError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    // Planned under the lock, once a killed build's commit is put back: the files
    // compared are then those that stay.
    let lock = crate::output::lock(out).map_err(io_err)?;
    crate::output::recover(out).map_err(io_err)?;
    crate::output::clean(out);
    let Merge { manifest, copies } = plan_merge(dirs, out)?;
    let mut staged = stage_copies(out, &manifest, &copies).map_err(io_err)?;
    let json = manifest.to_json().map_err(|source| ManifestError::Io {
        path: out.join(FILE),
        source,
    })?;
    staged.extend(
        crate::output::stage(out, FILE, json.as_bytes())
            .map_err(io_err)?
            .1,
    );
    crate::output::commit(out, staged, &[]).map_err(io_err)?;
    drop(lock);
    Ok(manifest)
}

/// Stages each of `copies` in `out`, checking once more that its bytes are those the
/// manifest records (a shard file could change after it was checked).
pub fn stage_copies(
    out: &Path,
    manifest: &Manifest,
    copies: &[(String, PathBuf)],
) -> Result<Vec<crate::output::Staged>, crate::Error> {
    let mut staged = Vec::new();
    for (rel, from) in copies {
        let refused = |why: String| crate::Error::Io {
            path: from.clone(),
            source: io::Error::other(why),
        };
        let bytes = crate::files::read(None, from, crate::files::MAX_OUTPUT_BYTES)
            .map_err(|e| refused(e.to_string()))?
            .ok_or_else(|| refused("is gone".into()))?;
        if sha256_hex(&bytes) != manifest.outputs[rel].sha256 {
            return Err(refused("changed while it was merged".into()));
        }
        staged.extend(crate::output::stage(out, rel, &bytes)?.1);
    }
    Ok(staged)
}

/// Plans the merge of the shard builds in `dirs` into `out`, changing nothing: checks
/// every file each manifest lists is there with its recorded bytes and that no two shards
/// disagree on an output.
pub fn plan_merge(dirs: &[PathBuf], out: &Path) -> Result<Merge, ManifestError> {
    let mut merged = Manifest::new();
    // Where each output is copied from, and which manifest first recorded it.
    let mut sources: BTreeMap<&str, &Path> = BTreeMap::new();
    let manifests = dirs
        .iter()
        .map(|dir| load_shard(dir).map(|m| (dir.as_path(), m)))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some((first, m)) = manifests.first() {
        merged.handbill = m.handbill.clone();
        merged.source = m.source.clone();
        for (dir, m) in &manifests {
            if m.source != merged.source {
                return Err(ManifestError::Source {
                    path: dir.join(FILE),
                    first: first.join(FILE),
                });
            }
            if m.handbill != merged.handbill {
                return Err(ManifestError::Version {
                    path: dir.join(FILE),
                    found: m.handbill.clone(),
                    first: first.join(FILE),
                    expected: merged.handbill.clone(),
                });
            }
        }
    }
    for (dir, manifest) in &manifests {
        for (path, entry) in &manifest.outputs {
            if let Some(seen) = merged.outputs.get(path) {
                if seen != entry {
                    return Err(ManifestError::Conflict {
                        entry: path.clone(),
                        first: sources[path.as_str()].to_path_buf(),
                        second: dir.to_path_buf(),
                    });
                }
                continue;
            }
            merged.outputs.insert(path.clone(), entry.clone());
            sources.insert(path, dir);
        }
    }

    // Compared by canonical path: `out` may be given as `./out` and the shard as `out/`.
    let out_real = out.canonicalize().ok();
    let mut copies = Vec::new();
    for (path, dir) in &sources {
        if out_real.is_some() && dir.canonicalize().ok() == out_real {
            continue;
        }
        let to = out.join(path);
        if file_sha256(&to).is_ok_and(|sha| sha == merged.outputs[*path].sha256) {
            continue;
        }
        copies.push((path.to_string(), dir.join(path)));
    }
    Ok(Merge {
        manifest: merged,
        copies,
    })
}

/// A shard's manifest, with every file it lists present and holding its recorded bytes.
fn load_shard(dir: &Path) -> Result<Manifest, ManifestError> {
    let manifest_path = dir.join(FILE);
    if !manifest_path.is_file() {
        return Err(ManifestError::NoManifest {
            path: manifest_path,
        });
    }
    let manifest = Manifest::load(dir)?;
    for (path, entry) in &manifest.outputs {
        let file = dir.join(path);
        match file_sha256(&file) {
            Ok(sha) if sha == entry.sha256 => {}
            Ok(_) => {
                return Err(ManifestError::Modified {
                    path: file,
                    manifest: manifest_path,
                });
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(ManifestError::Missing {
                    path: file,
                    manifest: manifest_path,
                });
            }
            Err(source) => return Err(ManifestError::Io { path: file, source }),
        }
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(inputs: &str, bytes: &[u8]) -> Entry {
        Entry {
            inputs: inputs.into(),
            sha256: sha256_hex(bytes),
            material: Some("flyer".into()),
            lang: Some("en".into()),
            campaign: None,
            location: None,
            kind: OutputKind::Pdf,
            pages: None,
        }
    }

    /// Writes `files` into `dir` and a manifest listing them, each built from `inputs`.
    fn build(dir: &Path, files: &[(&str, &[u8])], inputs: &str) -> Manifest {
        let mut manifest = Manifest::new();
        for (path, bytes) in files {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, bytes).unwrap();
            manifest
                .outputs
                .insert(path.to_string(), entry(inputs, bytes));
        }
        manifest.save(dir).unwrap();
        manifest
    }

    #[test]
    fn sha256_of_known_bytes() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("abc");
        std::fs::write(&file, b"abc").unwrap();
        assert_eq!(file_sha256(&file).unwrap(), sha256_hex(b"abc"));
    }

    #[test]
    fn save_then_load_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let mut manifest = Manifest::new();
        manifest
            .outputs
            .insert("flyer-en.pdf".into(), entry("i1", b"pdf"));
        let mut located = entry("i2", b"card");
        located.campaign = Some("spring".into());
        located.location = Some("bus-station".into());
        located.kind = OutputKind::RouteSheet;
        manifest
            .outputs
            .insert("spring/bus-station/card-es.pdf".into(), located);
        manifest.save(dir.path()).unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap(), manifest);

        let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert!(text.ends_with("}\n"), "a trailing newline");
        assert!(text.contains("\"route-sheet\""), "kinds in kebab-case");
        assert!(!text.contains("null"), "absent fields are left out");
        // The same manifest saved again gives the same bytes.
        manifest.save(dir.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join(FILE)).unwrap(),
            text
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [FILE], "no temporary file is left behind");
    }

    #[test]
    fn missing_manifest_is_empty_and_bad_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap(), Manifest::default());
        std::fs::write(dir.path().join(FILE), "{ not json").unwrap();
        let message = Manifest::load(dir.path()).unwrap_err().to_string();
        assert!(message.contains(FILE), "{message}");
        assert!(message.contains("not a valid"), "{message}");
    }

    #[test]
    fn is_current_only_when_inputs_and_bytes_match() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = build(dir.path(), &[("flyer-en.pdf", b"pdf")], "i1");
        assert!(manifest.is_current(dir.path(), "flyer-en.pdf", "i1"));
        assert!(!manifest.is_current(dir.path(), "flyer-en.pdf", "i2"));
        assert!(!manifest.is_current(dir.path(), "card-en.pdf", "i1"));
        std::fs::write(dir.path().join("flyer-en.pdf"), b"edited").unwrap();
        assert!(!manifest.is_current(dir.path(), "flyer-en.pdf", "i1"));
        std::fs::remove_file(dir.path().join("flyer-en.pdf")).unwrap();
        assert!(!manifest.is_current(dir.path(), "flyer-en.pdf", "i1"));
    }

    #[test]
    fn removed_lists_only_entries_in_scope_not_produced() {
        let mut manifest = Manifest::new();
        for path in ["flyer-en.pdf", "flyer-es.pdf", "spring/a/card-en.pdf"] {
            let mut e = entry("i", b"x");
            if path.starts_with("spring/") {
                e.campaign = Some("spring".into());
            }
            manifest.outputs.insert(path.into(), e);
        }
        let produced: BTreeSet<String> = ["flyer-en.pdf", "poster-en.pdf"].map(String::from).into();
        assert_eq!(
            manifest.removed(&produced, |_, _| true),
            ["flyer-es.pdf", "spring/a/card-en.pdf"]
        );
        let kit_only = manifest.removed(&produced, |_, e| e.campaign.is_none());
        assert_eq!(kit_only, ["flyer-es.pdf"]);
        let by_path = manifest.removed(&produced, |p, _| p.starts_with("spring/"));
        assert_eq!(by_path, ["spring/a/card-en.pdf"]);
    }

    #[test]
    fn load_refuses_paths_outside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        for bad in [
            "../x.pdf",
            "/etc/passwd",
            "a/../../b",
            ".hidden",
            "a/.hidden/b.pdf",
            "a//b.pdf",
            "a/",
            "",
            "a\\..\\b.pdf",
        ] {
            let json = serde_json::json!({
                "handbill": "0.1.0",
                "outputs": { bad: { "inputs": "i", "sha256": "s", "kind": "pdf" } },
            });
            std::fs::write(dir.path().join(FILE), json.to_string()).unwrap();
            match Manifest::load(dir.path()) {
                Err(ManifestError::UnsafePath { entry, reason, .. }) => {
                    assert_eq!(entry, bad);
                    if bad.split('/').any(|s| s == "..") {
                        assert!(reason.contains("`..`"), "{bad:?}: {reason}");
                    }
                }
                other => panic!("{bad:?} was not refused: {other:?}"),
            }
        }
        let mut manifest = Manifest::new();
        manifest.outputs.insert("../x.pdf".into(), entry("i", b""));
        assert!(manifest.save(dir.path()).is_err(), "save refuses it too");
    }

    #[test]
    fn shard_parses_and_prints() {
        let shard: Shard = "2/4".parse().unwrap();
        assert_eq!(shard, Shard { index: 2, count: 4 });
        assert_eq!(shard.to_string(), "2/4");
        assert_eq!("1/1".parse(), Ok(Shard { index: 1, count: 1 }));
        assert_eq!(
            "1000/1000".parse(),
            Ok(Shard {
                index: 1000,
                count: 1000
            })
        );
        for bad in [
            "0/3", "4/3", "a/b", "3", "", "/", "1/0", "1/1001", "+1/3", "1/3/4", " 1/3",
        ] {
            let err = bad.parse::<Shard>().unwrap_err();
            assert!(err.contains("2/4"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn shards_split_keys_disjointly_and_stably() {
        let keys: Vec<String> = (0..500)
            .map(|i| format!("campaign/loc-{i}/flyer-en.pdf"))
            .collect();
        let count = 4;
        let shards: Vec<Shard> = (1..=count).map(|index| Shard { index, count }).collect();
        let mut seen = BTreeSet::new();
        for shard in &shards {
            let held: Vec<&String> = keys.iter().filter(|k| shard.holds(k)).collect();
            assert!(
                held.len() > 500 / 8,
                "shard {shard} holds only {}",
                held.len()
            );
            for key in held {
                assert!(seen.insert(key.clone()), "{key} is on two shards");
                assert!(shard.holds(key), "holds is stable");
            }
        }
        assert_eq!(seen.len(), keys.len(), "every key is on a shard");
        let one = Shard { index: 1, count: 1 };
        assert!(keys.iter().all(|k| one.holds(k)));
    }

    #[test]
    fn merge_collects_disjoint_shards() {
        let root = tempfile::tempdir().unwrap();
        let [a, b, out] = ["a", "b", "out"].map(|name| root.path().join(name));
        let ma = build(&a, &[("flyer-en.pdf", b"one")], "i");
        let mb = build(&b, &[("spring/bus stop/card-es.pdf", b"two")], "i");
        let merged = merge(&[a.clone(), b.clone()], &out).unwrap();
        assert_eq!(merged.outputs.len(), 2);
        assert_eq!(merged.outputs["flyer-en.pdf"], ma.outputs["flyer-en.pdf"]);
        assert_eq!(
            merged.outputs["spring/bus stop/card-es.pdf"],
            mb.outputs["spring/bus stop/card-es.pdf"]
        );
        assert_eq!(Manifest::load(&out).unwrap(), merged);
        assert_eq!(std::fs::read(out.join("flyer-en.pdf")).unwrap(), b"one");
        assert_eq!(
            std::fs::read(out.join("spring/bus stop/card-es.pdf")).unwrap(),
            b"two"
        );
        for name in &merged.outputs {
            assert!(merged.is_current(&out, name.0, "i"));
        }

        // Merging into one of the shards leaves its files in place and adds the other's.
        // Named another way, to be recognised by its canonical path.
        let merged_in_place = merge(&[a.clone(), b.clone()], &b.join("../a")).unwrap();
        assert_eq!(merged_in_place, merged);
        assert_eq!(Manifest::load(&a).unwrap(), merged);
        assert_eq!(
            std::fs::read(a.join("spring/bus stop/card-es.pdf")).unwrap(),
            b"two"
        );
    }

    #[test]
    fn merge_refuses_conflicts_and_missing_files() {
        let root = tempfile::tempdir().unwrap();
        let [a, b, out] = ["a", "b", "out"].map(|name| root.path().join(name));
        build(&a, &[("flyer-en.pdf", b"one")], "i");
        build(&b, &[("flyer-en.pdf", b"two")], "i");
        let message = merge(&[a.clone(), b.clone()], &out)
            .unwrap_err()
            .to_string();
        assert!(message.contains(&a.display().to_string()), "{message}");
        assert!(message.contains(&b.display().to_string()), "{message}");
        assert!(!out.join(FILE).exists(), "nothing merged");

        // The same bytes from different inputs are a conflict too.
        build(&b, &[("flyer-en.pdf", b"one")], "other");
        assert!(matches!(
            merge(&[a.clone(), b.clone()], &out),
            Err(ManifestError::Conflict { .. })
        ));

        // The same output built the same way on two runners is not.
        build(&b, &[("flyer-en.pdf", b"one")], "i");
        assert_eq!(
            merge(&[a.clone(), b.clone()], &out).unwrap().outputs.len(),
            1
        );

        std::fs::remove_file(b.join("flyer-en.pdf")).unwrap();
        let err = merge(&[a.clone(), b.clone()], &out).unwrap_err();
        assert!(matches!(err, ManifestError::Missing { .. }), "{err}");
        assert!(err.to_string().contains("flyer-en.pdf"), "{err}");

        std::fs::write(a.join("flyer-en.pdf"), b"edited").unwrap();
        let err = merge(std::slice::from_ref(&a), &out).unwrap_err();
        assert!(matches!(err, ManifestError::Modified { .. }), "{err}");

        // A file where a shard's folder goes: found in the commit, and nothing is merged,
        // not even the files that came before it.
        build(&a, &[("flyer-en.pdf", b"one")], "i");
        build(&b, &[("spring/card-es.pdf", b"two")], "i");
        let busy = root.path().join("busy");
        std::fs::create_dir_all(&busy).unwrap();
        std::fs::write(busy.join("spring"), b"a file").unwrap();
        assert!(merge(&[a.clone(), b.clone()], &busy).is_err());
        let mut left: Vec<String> = std::fs::read_dir(&busy)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".handbill-lock", "spring"], "no flyer, no manifest");

        let empty = root.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        let err = merge(&[empty], &out).unwrap_err();
        assert!(matches!(err, ManifestError::NoManifest { .. }), "{err}");
    }
}
