//! `handbill list`: print the files `build` would write (previews and the review page
//! aside, which follow from the PDFs).

use std::path::Path;

use handbill::Error;
use handbill::build;
use handbill::output;
use handbill::project::Project;

use super::scope;
use crate::cli::ListArgs;

/// Runs `list`.
pub(crate) fn run(root: &Path, args: ListArgs) -> Result<(), Error> {
    let project = Project::load(root)?;
    let out = args.out.unwrap_or_else(|| root.join("out"));
    let (_, mut selection) = scope(&project, &args.select)?;
    selection.print.bleed = !args.no_bleed;
    for job in build::jobs(&project, &selection) {
        println!("{}", output::path_of(&out, &job.path()).display());
        for layout in handbill::impose::sheets_of(&job, &selection.print) {
            let sheet = handbill::impose::sheet_path(&job, layout);
            println!("{}", output::path_of(&out, &sheet).display());
        }
    }
    for id in &selection.scope.campaigns {
        let rel = format!("{id}/print-list.csv");
        if selection.shard.is_none_or(|s| s.holds(&rel)) {
            println!("{}", output::path_of(&out, &rel).display());
        }
    }
    Ok(())
}
