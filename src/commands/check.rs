//! `handbill check`: load, validate, render and verify the selection in memory; write
//! nothing.

use std::path::Path;

use handbill::Error;
use handbill::build;
use handbill::output;
use handbill::project::Project;
use handbill::report::{Output, Report};

use super::{plural, prepare, progress, template_warnings};
use crate::cli::CheckArgs;

/// Runs `check`.
pub(crate) fn run(root: &Path, args: CheckArgs, report: &mut Report) -> Result<(), Error> {
    // From the start: loading the data and the fonts is held to the limits too.
    handbill::limits::arm(args.check.limits(), None);
    let project = Project::load(root)?;
    let selection = prepare(&project, &args.select, &args.check, report)?;
    let bar = progress(build::jobs(&project, &selection).len(), &args.check);
    let checked = build::check(&project, &selection, &|| bar.inc(1))?;
    bar.finish_and_clear();
    let out = root.join("out");
    for doc in &checked.documents {
        template_warnings(report, doc, &selection);
        let path = output::path_of(&out, &doc.job.path());
        if args.check.verbose {
            let (pages, codes) = (doc.pages, doc.qr.len());
            eprintln!(
                "  checked {} ({pages} {}, {codes} {} read back)",
                doc.job.name(),
                plural(pages, "page"),
                plural(codes, "QR code")
            );
        }
        report.outputs.push(Output::new(doc, &path, root));
    }
    let n = checked.documents.len();
    let verified = if selection.no_verify {
        ""
    } else {
        " and verified"
    };
    if !args.check.quiet {
        eprintln!("ok: {n} {} rendered{verified}", plural(n, "document"));
    }
    Ok(())
}
