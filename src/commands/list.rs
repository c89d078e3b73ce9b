//! `handbill list`: print the files `build` would write.

use std::path::Path;

use handbill::Error;
use handbill::build;
use handbill::output;
use handbill::project::Project;

use super::scope;
use crate::cli::ListArgs;

/// Runs `list`.
pub fn run(root: &Path, args: ListArgs) -> Result<(), Error> {
    let project = Project::load(root)?;
    let out = args.out.unwrap_or_else(|| root.join("out"));
    let (_, selection) = scope(&project, &args.select)?;
    for job in build::jobs(&project, &selection) {
        println!("{}", output::path_of(&out, &job.path()).display());
    }
    Ok(())
}
