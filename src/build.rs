//! The commands' pipeline: load → plan → render and check everything in memory → write.
//!
//! Nothing is written until every document has rendered and passed its checks, so a failed
//! build leaves the output folder exactly as it was.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::output::{self, Outcome};
use crate::plan::{self, Job, Material};
use crate::policy::Verdict;
use crate::project::Project;
use crate::render::{Rendered, Renderer};

/// What to make, and where.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these materials; all when empty.
    pub only: Vec<Material>,
    /// The timestamp to stamp, in seconds since 1970, instead of the edition date.
    pub source_date_epoch: Option<i64>,
    /// Skip the checks on the rendered pages (for template work and benchmarks).
    pub no_verify: bool,
    /// What becomes of typst's warnings on a document: a denied one fails it before
    /// anything is written (`--strict`, `--deny template-warning`).
    pub template_warnings: Verdict,
}

/// Renders and checks every selected document in memory. Every document is tried: the
/// error names each one that failed, not only the first.
pub fn render_all(project: &Project, selection: &Selection) -> Result<Vec<Rendered>, Error> {
    let mut renderer = Renderer::new(project, selection.source_date_epoch, !selection.no_verify)?;
    renderer.deny_warnings = selection.template_warnings == Verdict::Deny;
    let mut rendered = Vec::new();
    let mut failed = Vec::new();
    for job in plan::plan(project, &selection.only) {
        match renderer.render(&job) {
            Ok(doc) => rendered.push(doc),
            Err(e) => failed.push(e),
        }
    }
    match failed.len() {
        0 => Ok(rendered),
        1 => Err(failed.remove(0)),
        _ => Err(Error::Many(failed)),
    }
}

/// The jobs a build would run, with the path each would write.
pub fn list(project: &Project, selection: &Selection, out: &Path) -> Vec<(Job, PathBuf)> {
    let jobs = plan::plan(project, &selection.only);
    jobs.into_iter()
        .map(|job| {
            let path = out.join(job.file_name());
            (job, path)
        })
        .collect()
}

/// Renders everything, then writes it to `out`; on any error nothing is written.
pub fn build(
    project: &Project,
    selection: &Selection,
    out: &Path,
) -> Result<Vec<(Rendered, PathBuf, Outcome)>, Error> {
    let rendered = render_all(project, selection)?;
    let files: Vec<(String, &[u8])> = rendered
        .iter()
        .map(|doc| (doc.job.file_name(), doc.pdf.as_slice()))
        .collect();
    let outcomes = output::write_all(out, &files)?;
    Ok(rendered
        .into_iter()
        .zip(outcomes)
        .map(|(doc, (path, outcome))| (doc, path, outcome))
        .collect())
}
