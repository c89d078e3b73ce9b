//! Compiling one job into a laid-out document and a PDF, with fixed options so the same
//! inputs always give the same bytes.

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst::layout::Abs;
use typst_kit::diagnostics::{self, DiagnosticFormat, termcolor};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::error::Error;
use crate::inputs::{self, Codes};
use crate::plan::Job;
use crate::project::Project;
use crate::verify::{self, FoundQr};
use crate::world::{JobWorld, Sandbox};

/// One job's finished output.
pub struct Rendered {
    /// The job.
    pub job: Job,
    /// The laid-out document, for checks that look at the page.
    pub document: PagedDocument,
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// Typst's warnings, already formatted.
    pub warnings: Option<String>,
    /// The QR codes read back from the pages; empty when verification is off.
    pub qr: Vec<FoundQr>,
}

/// Renders the jobs of one project, sharing templates, fonts and QR codes between them.
pub struct Renderer<'a> {
    project: &'a Project,
    sandbox: Sandbox,
    codes: Codes,
    timestamp: Datetime,
    verify: bool,
}

impl<'a> Renderer<'a> {
    /// Prepares to render `project`'s jobs. `epoch` (seconds, from `SOURCE_DATE_EPOCH`)
    /// overrides the edition date as the documents' timestamp; `verify` runs the checks of
    /// [`crate::verify`] on every document.
    pub fn new(project: &'a Project, epoch: Option<i64>, verify: bool) -> Result<Self, Error> {
        let (y, m, d) = project.coalition.edition;
        let timestamp = match epoch {
            Some(secs) => datetime_from_epoch(secs),
            None => Datetime::from_ymd(i32::from(y), m, d),
        }
        .ok_or_else(|| crate::error::DataError::whole("SOURCE_DATE_EPOCH", "not a valid date"))?;
        Ok(Self {
            project,
            sandbox: Sandbox::new(&project.root)?,
            codes: Codes::new(project)?,
            timestamp,
            verify,
        })
    }

    /// Compiles `job`, checks its page count and size, and exports it as PDF.
    pub fn render(&self, job: &Job) -> Result<Rendered, Error> {
        // The notice's words are the statute's, not the content files': it is posted in
        // English and Spanish whatever languages the coalition prints.
        let content = self
            .project
            .languages
            .iter()
            .find(|(lang, _)| *lang == job.lang);
        let content = content.map(|(_, content)| content);
        let inputs = inputs::for_job(self.project, &self.codes, job, content);
        let template = format!("{}.typ", job.material.name());
        let world = self.sandbox.world(&template, inputs, self.timestamp)?;

        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        let warnings = (!warnings.is_empty()).then(|| format_diagnostics(&world, &warnings));
        let document = output.map_err(|errors| template_error(job, &world, &errors))?;
        check_trim(job, &document)?;
        verify::check_page_count(job, &document, content)?;
        if job.material.is_notice() {
            verify::check_notice(job, &document, &self.project.notice)?;
        }
        let qr = if self.verify {
            verify::verify(job, &document, &self.codes)?
        } else {
            Vec::new()
        };

        let options = PdfOptions {
            ident: Smart::Custom(format!("handbill/{}", job.file_name())),
            creator: Smart::Custom(Some(format!("handbill {}", env!("CARGO_PKG_VERSION")))),
            timestamp: Some(Timestamp::new_utc(self.timestamp)),
            ..PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&document, &options)
            .map_err(|errors| template_error(job, &world, &errors))?;
        Ok(Rendered {
            job: job.clone(),
            document,
            pdf,
            warnings,
            qr,
        })
    }
}

/// Every page of a material has exactly its trim size.
fn check_trim(job: &Job, document: &PagedDocument) -> Result<(), Error> {
    let fail = |message: String| Error::Check {
        document: job.name(),
        message,
    };
    let (w, h) = job.material.trim_inches();
    for (i, page) in document.pages().iter().enumerate() {
        let size = page.frame.size();
        let off = |actual: Abs, inches: f64| (actual.to_inches() - inches).abs() > 0.001;
        if off(size.x, w) || off(size.y, h) {
            return Err(fail(format!(
                "page {} is {:.3} × {:.3} in, expected {w} × {h} in",
                i + 1,
                size.x.to_inches(),
                size.y.to_inches()
            )));
        }
    }
    Ok(())
}

/// Typst's diagnostics, and which document they stopped: a template serves every language.
fn template_error(job: &Job, world: &JobWorld, errors: &[SourceDiagnostic]) -> Error {
    let diagnostics = format_diagnostics(world, errors);
    Error::Template(format!(
        "{diagnostics}\n  (while rendering {})",
        job.file_name()
    ))
}

fn format_diagnostics(world: &JobWorld, diagnostics: &[SourceDiagnostic]) -> String {
    let mut buffer = termcolor::Buffer::no_color();
    let result = diagnostics::emit(&mut buffer, world, diagnostics, DiagnosticFormat::Human);
    let mut text = String::from_utf8_lossy(buffer.as_slice())
        .trim_end()
        .to_string();
    if let Err(e) = result {
        text.push_str(&format!("\n(could not show the source: {e})"));
    }
    text
}

fn datetime_from_epoch(secs: i64) -> Option<Datetime> {
    let t = time::OffsetDateTime::from_unix_timestamp(secs).ok()?;
    Datetime::from_ymd_hms(
        t.year(),
        t.month().into(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_to_datetime() {
        let expected = Datetime::from_ymd_hms(2026, 12, 1, 3, 4, 5);
        assert_eq!(datetime_from_epoch(1_796_094_245), expected);
        assert_eq!(datetime_from_epoch(i64::MAX), None);
    }
}
