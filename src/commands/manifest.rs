//! `handbill manifest merge`: one output folder and one manifest from sharded builds.

use std::collections::BTreeSet;
use std::path::Path;

use handbill::Error;
use handbill::build;
use handbill::manifest::{self, Entry, Manifest, OutputKind};
use handbill::project::Project;

use crate::cli::MergeArgs;

/// Runs `manifest merge`. When the shards carry previews, the merged folder gets the
/// review page of the whole, which no shard could write.
pub fn merge(root: &Path, args: MergeArgs) -> Result<(), Error> {
    let out = args.out.unwrap_or_else(|| root.join("out"));
    let bad = |message: String| Error::Check {
        code: "bad-manifest",
        document: manifest::FILE.into(),
        message,
    };
    let mut merged = manifest::merge(&args.dirs, &out).map_err(|e| bad(e.to_string()))?;
    let previews = merged
        .outputs
        .values()
        .any(|e| e.kind == OutputKind::Preview);
    if previews {
        // Names of locations come from the project when it loads; ids do otherwise.
        let project = Project::load(root).ok();
        merged.outputs.remove("index.html");
        let html = build::review_page(
            project.as_ref(),
            &merged,
            &Manifest::default(),
            &BTreeSet::new(),
            &[],
        );
        let path = out.join("index.html");
        std::fs::write(&path, &html).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let digest = manifest::sha256_hex(html.as_bytes());
        merged.outputs.insert(
            "index.html".into(),
            Entry {
                inputs: digest.clone(),
                sha256: digest,
                material: None,
                lang: None,
                campaign: None,
                location: None,
                kind: OutputKind::Index,
            },
        );
        merged.save(&out).map_err(|source| Error::Io {
            path: out.join(manifest::FILE),
            source,
        })?;
    }
    eprintln!(
        "ok: {} outputs from {} folders in {}",
        merged.outputs.len(),
        args.dirs.len(),
        out.display()
    );
    Ok(())
}
