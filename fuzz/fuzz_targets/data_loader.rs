//! The data loader on any bytes as any one data file of the bundled project: it must load
//! or give errors, never panic.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// The data files a fuzz input may stand for: its first byte picks one.
const FILES: &[&str] = &[
    "data/coalition.toml",
    "data/contacts.toml",
    "data/guide.toml",
    "data/content/en.toml",
    "data/content/es.toml",
    "data/campaigns/i5-siskiyou.toml",
];

/// A copy of the bundled data, made once: each input overwrites one file of it.
fn project() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        copy(&repo.join("data"), &dir.join("data"));
        dir
    })
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fuzz_target!(|input: &[u8]| {
    let Some((&pick, bytes)) = input.split_first() else {
        return;
    };
    let root = project();
    let file = root.join(FILES[usize::from(pick) % FILES.len()]);
    let original = std::fs::read(&file).unwrap();
    std::fs::write(&file, bytes).unwrap();
    let result = handbill::project::Project::load(root);
    // Every error must render as a message; none may be empty.
    if let Err(e) = result {
        assert!(!e.to_string().is_empty());
    }
    std::fs::write(&file, original).unwrap();
});
