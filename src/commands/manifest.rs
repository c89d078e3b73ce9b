//! `handbill manifest merge`: one output folder and one manifest from sharded builds.

use std::path::Path;

use handbill::Error;
use handbill::manifest;

use crate::cli::MergeArgs;

/// Runs `manifest merge`.
pub fn merge(root: &Path, args: MergeArgs) -> Result<(), Error> {
    let out = args.out.unwrap_or_else(|| root.join("out"));
    let merged = manifest::merge(&args.dirs, &out).map_err(|e| Error::Check {
        code: "bad-manifest",
        document: manifest::FILE.into(),
        message: e.to_string(),
    })?;
    eprintln!(
        "ok: {} outputs from {} folders in {}",
        merged.outputs.len(),
        args.dirs.len(),
        out.display()
    );
    Ok(())
}
