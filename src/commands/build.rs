//! `handbill build`: make the selection into the output folder, incrementally.

use std::path::Path;

use handbill::Error;
use handbill::build::{self, Status};
use handbill::output;
use handbill::project::Project;
use handbill::report::{Output, Report, relative};
use handbill::world::Sandbox;

use super::{plural, prepare, progress, template_warnings};
use crate::cli::BuildArgs;

/// Runs `build`.
pub(crate) fn run(root: &Path, args: BuildArgs, report: &mut Report) -> Result<(), Error> {
    once(root, &args, report, &mut None)
}

/// Builds once from `sandbox`, which is made on the first build and refreshed on later
/// ones (`watch` keeps it between builds).
pub(crate) fn once(
    root: &Path,
    args: &BuildArgs,
    report: &mut Report,
    sandbox: &mut Option<Sandbox>,
) -> Result<(), Error> {
    // From the start: loading the data and the fonts is held to the limits too.
    handbill::limits::arm(args.check.limits(), None);
    let out = args.out(root);
    // Before the data's warnings: the command line is wrong, whatever the data says.
    output::refuse_inside_inputs(root, &out)?;
    let project = Project::load(root)?;
    let mut selection = prepare(&project, &args.select, &args.check, report)?;
    selection.force = args.force;
    selection.preview = args.preview;
    let sandbox = match sandbox {
        Some(sandbox) => {
            sandbox.refresh(&project)?;
            sandbox
        }
        None => sandbox.insert(Sandbox::new(&project)?),
    };
    let bar = progress(build::jobs(&project, &selection).len(), &args.check);
    let built = build::build_with(sandbox, &project, &selection, &out, &|| bar.inc(1))?;
    bar.finish_and_clear();
    let quiet = args.check.quiet;
    let verbose = args.check.verbose;
    for doc in &built.documents {
        template_warnings(report, doc, &selection);
        let path = output::path_of(&out, &doc.job.path());
        let pages = doc.pages;
        let pages = format!("{pages} {}", plural(pages, "page"));
        match doc.status {
            Status::Changed if !quiet => eprintln!("    wrote {} ({pages})", path.display()),
            Status::Unchanged if verbose => {
                eprintln!(
                    "     same {} ({pages}, rebuilt to the same bytes)",
                    path.display()
                );
            }
            Status::Skipped if verbose => {
                eprintln!(
                    "     kept {} ({pages}, nothing it is made from changed)",
                    path.display()
                );
            }
            _ => {}
        }
        let rel = relative(&path, root);
        match doc.status {
            Status::Changed => report.changed.push(rel),
            _ => report.unchanged.push(rel),
        }
        report.outputs.push(Output::new(doc, &path, root));
    }
    for (file, status) in &built.files {
        let path = output::path_of(&out, file);
        // A card's sheets are printed as its PDF is; previews and lists follow from them.
        if *status == Status::Changed && !quiet && file.starts_with("sheets/") {
            eprintln!("    wrote {}", path.display());
        }
        let rel = relative(&path, root);
        match status {
            Status::Changed => report.changed.push(rel),
            _ => report.unchanged.push(rel),
        }
    }
    for file in &built.removed {
        let path = output::path_of(&out, file);
        if !quiet {
            eprintln!("  removed {}", path.display());
        }
        report.removed.push(relative(&path, root));
    }
    report.skipped = built.skipped();
    if !quiet {
        let (changed, unchanged) = (report.changed.len(), report.unchanged.len());
        let skipped = report.skipped;
        let removed = built.removed.len();
        eprintln!(
            "ok: {changed} written, {unchanged} unchanged ({skipped} {} skipped before compiling), {removed} removed, in {}",
            plural(skipped, "document"),
            out.display()
        );
    }
    Ok(())
}
