//! `handbill manifest merge`: one output folder and one manifest from sharded builds.

use std::collections::BTreeSet;
use std::path::Path;

use handbill::Error;
use handbill::build;
use handbill::manifest::{self, Entry, Manifest, OutputKind};
use handbill::output;
use handbill::project::Project;

use crate::cli::{Format, MergeArgs};

/// Runs `manifest merge`. The folder merged into may hold the last edition: what changed
/// since is then reported and marked, and what left the data is removed (only files its
/// manifest lists). When the shards carry previews, the merged folder gets the review page
/// of the whole, which no shard could write.
pub(crate) fn merge(root: &Path, args: MergeArgs) -> Result<(), Error> {
    let out = args.out.clone().unwrap_or_else(|| root.join("out"));
    let created = !out.exists();
    std::fs::create_dir_all(&out).map_err(|source| Error::Io {
        path: out.clone(),
        source,
    })?;
    // As a build does: one at a time, after putting back what a killed one began.
    let lock = output::lock(&out)?;
    let result = merge_locked(root, &args, &out);
    if result.is_err() && created {
        // A folder this merge made is taken away again, lock and all.
        lock.remove(&out);
        let _ = std::fs::remove_dir(&out);
    }
    result
}

/// The merge, once it holds the output folder's lock.
fn merge_locked(root: &Path, args: &MergeArgs, out: &Path) -> Result<(), Error> {
    let bad = |message: String| Error::Check {
        code: "bad-manifest",
        document: manifest::FILE.into(),
        message,
    };
    output::recover(out)?;
    output::clean(out);
    let old = Manifest::load(out).map_err(|e| bad(e.to_string()))?;
    let plan = manifest::plan_merge(&args.dirs, out).map_err(|e| bad(e.to_string()))?;
    let mut merged = plan.manifest;
    // Everything, the copies, the review page and the manifest, goes in in one commit.
    let mut staged = manifest::stage_copies(out, &merged, &plan.copies)?;
    merged.outputs.remove("index.html");
    let mut removed: Vec<String> = old
        .outputs
        .keys()
        .filter(|path| !merged.outputs.contains_key(*path) && *path != "index.html")
        .cloned()
        .collect();
    let changed: BTreeSet<String> = merged
        .outputs
        .iter()
        .filter(|(path, entry)| {
            old.outputs
                .get(*path)
                .is_none_or(|o| o.sha256 != entry.sha256)
        })
        .map(|(path, _)| path.clone())
        .collect();
    let unchanged: Vec<String> = merged
        .outputs
        .keys()
        .filter(|path| !changed.contains(*path))
        .cloned()
        .collect();
    let previews = merged
        .outputs
        .values()
        .any(|e| e.kind == OutputKind::Preview);
    if previews {
        // Names of locations come from the project when it loads; ids do otherwise.
        let project = Project::load(root).ok();
        let html = build::review_page(project.as_ref(), &merged, &old, &changed, &removed);
        let (_, file) = output::stage(out, "index.html", html.as_bytes())?;
        staged.extend(file);
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
                pages: None,
            },
        );
    } else if old.outputs.contains_key("index.html") {
        removed.push("index.html".into());
    }
    let json = merged.to_json().map_err(|source| Error::Io {
        path: out.join(manifest::FILE),
        source,
    })?;
    staged.extend(output::stage(out, manifest::FILE, json.as_bytes())?.1);
    output::commit(out, staged, &removed)?;
    if args.format == Format::Json {
        let report = serde_json::json!({
            "changed": changed,
            "unchanged": unchanged,
            "removed": removed,
        });
        println!("{report:#}");
    }
    eprintln!(
        "ok: {} outputs from {} folders in {}: {} changed, {} removed",
        merged.outputs.len(),
        args.dirs.len(),
        out.display(),
        changed.len(),
        removed.len()
    );
    Ok(())
}
