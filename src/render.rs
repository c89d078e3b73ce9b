//! Compiling one job into a laid-out document and a PDF, with fixed options so the same
//! inputs always give the same bytes.

use typst::World;
use typst::WorldExt;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst::layout::Abs;
use typst_kit::diagnostics::DiagnosticWorld;
use typst_kit::diagnostics::{self, DiagnosticFormat, termcolor};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandards, Timestamp};

use crate::error::{DataError, Diagnostic, Error};
use crate::impose::{self, Print};
use crate::inputs::{self, Prepared};
use crate::overflow;
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

/// One card laid out on a sheet for printing, and checked.
pub(crate) struct Sheet {
    /// Where it is written, in the output folder.
    pub path: String,
    /// The laid-out sheet.
    pub document: PagedDocument,
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
}

/// Renders the jobs of one project, sharing templates, fonts and QR codes between them.
pub(crate) struct Renderer<'a> {
    project: &'a Project,
    sandbox: &'a Sandbox,
    timestamp: Datetime,
    verify: bool,
    /// Every number the records print, in every printed form.
    known: Vec<String>,
    /// The records' text keywords.
    keywords: Vec<String>,
    /// The hotline as pieces print it.
    hero: verify::Hero,
    /// The hotline's names, full and short, in every language.
    hotline_names: Vec<String>,
    /// Whether typst's warnings fail a document.
    pub(crate) deny_warnings: bool,
    /// The PDF standards every PDF is made to conform to.
    standards: PdfStandards,
    /// Bleed, crop marks and how card sheets are turned over.
    pub print: Print,
    /// Whether QR codes are drawn as SVG: a PDF standard forbids typst to embed a PDF.
    qr_as_svg: bool,
}

impl<'a> Renderer<'a> {
    /// Prepares to render `project`'s jobs from `sandbox` (its templates and fonts). `epoch` (seconds, from `SOURCE_DATE_EPOCH`)
    /// overrides the edition date as the documents' timestamp; `verify` runs the checks of
    /// [`crate::verify`] on every document.
    pub(crate) fn new(
        project: &'a Project,
        sandbox: &'a Sandbox,
        epoch: Option<i64>,
        verify: bool,
    ) -> Result<Self, Error> {
        let (y, m, d) = project.coalition.edition;
        let timestamp = match epoch {
            Some(secs) => datetime_from_epoch(secs),
            None => Datetime::from_ymd(i32::from(y), m, d),
        }
        .ok_or_else(|| {
            DataError::whole("bad-environment", "SOURCE_DATE_EPOCH", "not a valid date")
        })?;
        Ok(Self {
            project,
            sandbox,
            timestamp,
            verify,
            known: project.printed_numbers(),
            keywords: project
                .contacts
                .values()
                .filter_map(|c| c.text.as_ref().map(|t| t.keyword.clone()))
                .collect(),
            hero: hero(project),
            hotline_names: hotline_names(project),
            deny_warnings: false,
            standards: PdfStandards::default(),
            print: Print::default(),
            qr_as_svg: false,
        })
    }

    /// Makes every PDF conform to `standards`, as typst enforces them; an incompatible
    /// set is an error naming them.
    pub(crate) fn set_standards(
        &mut self,
        standards: &[typst_pdf::PdfStandard],
    ) -> Result<(), Error> {
        // typst embeds no PDF under PDF/A or PDF/UA; a plain version number allows it.
        use typst_pdf::PdfStandard as S;
        self.qr_as_svg = standards
            .iter()
            .any(|s| !matches!(s, S::V_1_4 | S::V_1_5 | S::V_1_6 | S::V_1_7 | S::V_2_0));
        self.standards = PdfStandards::new(standards).map_err(|e| {
            DataError::whole("bad-value", "--pdf-standard", e.message().to_string())
        })?;
        Ok(())
    }

    /// The templates and fonts every document is made from.
    pub(crate) fn sandbox(&self) -> &Sandbox {
        self.sandbox
    }

    /// Compiles `job` with `inputs` (as [`inputs::Shared::prepare`] makes them).
    fn compile(
        &self,
        job: &Job,
        inputs: &serde_json::Value,
    ) -> Result<(PagedDocument, Option<String>, JobWorld<'_>), Error> {
        let template = format!("{}.typ", job.material.name());
        let mut inputs = inputs.clone();
        inputs["bleed"] = self.print.bleed_inches().into();
        inputs["qr-as-svg"] = self.qr_as_svg.into();
        let world = self
            .sandbox
            .world(&template, inputs::to_dict(&inputs), self.timestamp)?;
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        let warnings = (!warnings.is_empty()).then(|| format_diagnostics(&world, &warnings));
        match output {
            Ok(document) => Ok((document, warnings, world)),
            Err(errors) => Err(template_error(job, &world, &errors)),
        }
    }

    /// Compiles a prepared job, checks its page count and size, verifies it, and exports
    /// it as PDF.
    pub(crate) fn render(&self, prepared: &Prepared) -> Result<Rendered, Error> {
        let Prepared {
            job,
            codes,
            inputs,
            known,
        } = prepared;
        let (document, warnings, world) = self.compile(job, inputs)?;
        if let Some(warnings) = warnings.as_ref().filter(|_| self.deny_warnings) {
            return Err(Error::Check {
                code: "template-warning",
                document: job.name(),
                message: format!(
                    "typst warned, and template warnings are errors in this run:\n{warnings}"
                ),
            });
        }
        check_trim(job, &document, self.print.bleed_inches())?;
        if let Some(expected) = job.material.spec().pages
            && document.pages().len() != expected
        {
            let blame = overflow::blame(job, inputs, |inputs| self.overflow(job, inputs));
            let content = self
                .project
                .languages
                .iter()
                .find(|(lang, _)| *lang == job.lang)
                .map(|(_, content)| content);
            return Err(verify::page_count_error(
                job, &document, expected, content, blame,
            ));
        }
        if job.material.is_notice() {
            verify::check_notice(job, &document, &self.project.notice)?;
        }
        let known: Vec<String> = self.known.iter().chain(known).cloned().collect();
        let qr = if self.verify {
            let is_builtin = |font: &typst::text::Font| self.sandbox.is_builtin(font);
            let cx = verify::Context {
                codes,
                known: &known,
                keywords: &self.keywords,
                is_builtin: &is_builtin,
                scan_unmarked: self.sandbox.has_project_templates(),
                hero: &self.hero,
                hotline_names: &self.hotline_names,
                words: &self.project.languages,
            };
            verify::verify(job, &document, &cx)?
        } else {
            Vec::new()
        };
        // The logo names the coalition as surely as its name does.
        if let Some(logo) = &self.project.coalition.logo
            && job.material.spec().discreet
            && verify::shows_image(document.pages(), &logo.bytes)
        {
            return Err(Error::Check {
                code: "not-discreet",
                document: job.name(),
                message: format!(
                    "the coalition's logo ({}) is on a card someone who may be searched carries: a logo names the coalition as its name does",
                    logo.path
                ),
            });
        }
        // A soft image is a warning, as typst's are; a blurred one stops the document.
        let soft = verify::check_resolution(document.pages(), self.project.coalition.logo.as_ref())
            .map_err(|message| Error::Check {
                code: "low-resolution",
                document: job.name(),
                message,
            })?;
        let mut warnings = warnings;
        if !soft.is_empty() {
            let lines: Vec<String> = soft
                .iter()
                .map(|m| format!("warning[low-resolution]: {}: {m}", job.name()))
                .collect();
            if self.deny_warnings {
                return Err(Error::Check {
                    code: "low-resolution",
                    document: job.name(),
                    message: soft.join("; "),
                });
            }
            let mut all = warnings.take().unwrap_or_default();
            if !all.is_empty() {
                all.push('\n');
            }
            all.push_str(&lines.join("\n"));
            warnings = Some(all);
        }

        let options = PdfOptions {
            ident: Smart::Custom(format!("handbill/{}", job.path())),
            creator: Smart::Custom(Some(format!("handbill {}", env!("CARGO_PKG_VERSION")))),
            timestamp: Some(Timestamp::new_utc(self.timestamp)),
            standards: self.standards.clone(),
            ..PdfOptions::default()
        };
        // Marks go on after the checks, outside the bleed, where no check looks.
        let document = if self.print.crop_marks {
            impose::with_crop_marks(&document)
        } else {
            document
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

    /// The sheets `card` is laid out on ([`impose::sheets_of`]), each with every code read
    /// back from the rendered sheet, in the cell that holds it.
    pub(crate) fn sheets(&self, card: &Rendered) -> Result<Vec<Sheet>, Error> {
        let job = &card.job;
        let mut sheets = Vec::new();
        for layout in impose::sheets_of(job, &self.print) {
            let path = impose::sheet_path(job, layout);
            let document = layout.impose(&card.document, self.print.flip);
            let fail = |code: &'static str, message: String| Error::Check {
                code,
                document: path.trim_end_matches(".pdf").to_string(),
                message,
            };
            if self.verify {
                let cells = sheet_cells(layout, card, self.print.flip);
                verify::check_sheet(document.pages(), &cells).map_err(|m| fail("sheet-code", m))?;
            }
            let options = PdfOptions {
                ident: Smart::Custom(format!("handbill/{path}")),
                creator: Smart::Custom(Some(format!("handbill {}", env!("CARGO_PKG_VERSION")))),
                timestamp: Some(Timestamp::new_utc(self.timestamp)),
                // A sheet goes to a printer, not a reader: the card's own PDF is the
                // accessible one, and a card's tags cannot stand ten times over.
                tagged: false,
                ..PdfOptions::default()
            };
            let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
                let message: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
                fail("template", message.join("; "))
            })?;
            sheets.push(Sheet {
                path,
                document,
                pdf,
            });
        }
        Ok(sheets)
    }

    /// How far the content of `inputs` runs past the material's pages, in points, laid
    /// out on pages of unbounded height; `None` if the template cannot be measured so.
    fn overflow(&self, job: &Job, inputs: &serde_json::Value) -> Option<f64> {
        let mut inputs = inputs.clone();
        inputs["measure"] = serde_json::Value::Bool(true);
        let (document, ..) = self.compile(job, &inputs).ok()?;
        let pages = document.pages();
        if Some(pages.len()) != job.material.spec().pages {
            return None;
        }
        let (_, trim) = job.material.spec().trim_inches;
        let over = pages
            .iter()
            .map(|p| p.frame.size().y.to_pt() - trim * 72.0)
            .fold(f64::NEG_INFINITY, f64::max);
        Some(over)
    }
}

/// Every cell of `layout`'s sheet of `card`, on each side, with the payloads of the codes
/// its card page carries.
fn sheet_cells(
    layout: &impose::Layout,
    card: &Rendered,
    flip: impose::Flip,
) -> Vec<verify::SheetCell> {
    let size = card.document.pages()[0].frame.size();
    let cells = layout.cells(size);
    let mut out = Vec::new();
    for page in 1..=card.document.pages().len() {
        let codes: Vec<(String, typst::layout::Point, f64)> = card
            .qr
            .iter()
            .filter(|q| q.page == page)
            .map(|q| (q.payload.clone(), q.centre, q.inches))
            .collect();
        for cell in &cells {
            let (origin, turned, at) = if page == 1 {
                (cell.origin, false, cell.at)
            } else {
                let (origin, turned) = layout.back(cell, flip);
                (origin, turned, layout.back_at(cell, flip))
            };
            out.push(verify::SheetCell {
                page,
                trim: (origin, cell.size),
                at,
                turned,
                codes: codes.clone(),
            });
        }
    }
    out
}

/// The hotline's first number and text line, as every piece prints them.
fn hero(project: &Project) -> verify::Hero {
    let hotline = &project.contacts[&project.coalition.hotline];
    let text = hotline.text.as_ref();
    verify::Hero {
        number: hotline
            .phones
            .first()
            .map(|p| p.phone.to_string())
            .unwrap_or_default(),
        keyword: text.map(|t| t.keyword.clone()).unwrap_or_default(),
        code: text.map(|t| t.code.to_string()).unwrap_or_default(),
    }
}

/// The hotline's names, full and short, in every language, as a discreet card must not
/// print them.
fn hotline_names(project: &Project) -> Vec<String> {
    let hotline = &project.contacts[&project.coalition.hotline];
    let mut names = vec![hotline.name.clone(), hotline.short_name.clone()];
    for (name, short) in hotline.names.values() {
        names.extend([name.clone(), short.clone()]);
    }
    names.sort();
    names.dedup();
    names
}

/// Every page of a material has exactly its trim size, and the bleed the build asks for
/// on every side.
fn check_trim(job: &Job, document: &PagedDocument, bleed: f64) -> Result<(), Error> {
    let fail = |message: String| Error::Check {
        code: "page-size",
        document: job.name(),
        message,
    };
    let (w, h) = job.material.spec().trim_inches;
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
        let sides = [
            page.bleed.left,
            page.bleed.top,
            page.bleed.right,
            page.bleed.bottom,
        ];
        if sides.iter().any(|side| off(*side, bleed)) {
            return Err(fail(format!(
                "page {} has a bleed of {:.3} in, {:.3} in, {:.3} in and {:.3} in (left, top, right, bottom), expected {bleed} in on every side (set the page's `bleed: bleed`, from templates/lib/common.typ)",
                i + 1,
                sides[0].to_inches(),
                sides[1].to_inches(),
                sides[2].to_inches(),
                sides[3].to_inches(),
            )));
        }
    }
    Ok(())
}

/// Typst's diagnostics, and which document they stopped: a template serves every language.
fn template_error(job: &Job, world: &JobWorld, errors: &[SourceDiagnostic]) -> Error {
    let rendered = format_diagnostics(world, errors);
    Error::Template {
        document: job.name(),
        diagnostics: errors.iter().map(|d| locate(world, d)).collect(),
        rendered: format!("{rendered}\n  (while rendering {})", job.path()),
    }
}

/// A diagnostic with its file, line and column, for the JSON report.
fn locate(world: &JobWorld, diagnostic: &SourceDiagnostic) -> Diagnostic {
    let span = diagnostic.span;
    let place = span.id().and_then(|id| {
        let source = world.source(id).ok()?;
        let range = world.range(span)?;
        let (line, column) = source.lines().byte_to_line_column(range.start)?;
        Some((world.name(id), line + 1, column + 1))
    });
    let suffix = " (built-in)";
    Diagnostic {
        file: place
            .as_ref()
            .map(|(file, ..)| file.trim_end_matches(suffix).to_string()),
        built_in: place
            .as_ref()
            .is_some_and(|(file, ..)| file.ends_with(suffix)),
        line: place.as_ref().map(|(_, line, _)| *line),
        column: place.as_ref().map(|(.., column)| *column),
        message: diagnostic.message.to_string(),
        hints: diagnostic
            .hints
            .iter()
            .map(|hint| hint.v.to_string())
            .collect(),
    }
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
