//! The machine-readable report of `build` and `check`: what was made, what was found on the
//! pages, and every warning and error.

use serde::Serialize;

use std::path::Path;

use crate::build::{self, Made};
use crate::error::{DataError, Diagnostic, Error};
use crate::verify::FoundQr;

/// One JSON object: outputs, warnings, errors.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// The folder every relative path in the report is taken from: the project's.
    pub base: String,
    /// Every document made (and, for `build`, written or found up to date).
    pub outputs: Vec<Output>,
    /// Every file this build wrote anew or changed, relative to `base` (for a pull
    /// request's comment).
    pub changed: Vec<String>,
    /// Every file it left as it was: up to date, or rebuilt to the same bytes.
    pub unchanged: Vec<String>,
    /// Every file it deleted because what it was made for left the data.
    pub removed: Vec<String>,
    /// How many documents were skipped before compiling, nothing they are made from having
    /// changed.
    pub skipped: usize,
    /// Problems that did not stop the command.
    pub warnings: Vec<Message>,
    /// Warnings silenced by `--allow` or `[checks] allow`, with the reason where one is given.
    pub allowed: Vec<Message>,
    /// Problems that did.
    pub errors: Vec<Message>,
}

/// What became of an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// `build` wrote the file.
    Written,
    /// `build` found the file up to date, or already holding these bytes, and left it
    /// alone.
    Unchanged,
    /// `check` made and verified it in memory; nothing was written.
    Checked,
}

/// One document.
#[derive(Debug, Serialize)]
pub struct Output {
    /// Where `build` writes it, relative to the report's `base` when inside it.
    pub path: String,
    /// What became of it.
    pub status: Status,
    /// The material's name.
    pub material: &'static str,
    /// The language code.
    pub lang: String,
    /// The campaign it was made for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// The location it was made for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Its page count.
    pub pages: usize,
    /// The SHA-256 of the PDF's bytes, in hex.
    pub sha256: String,
    /// The QR codes read back from its pages.
    pub qr: Vec<FoundQr>,
}

impl Output {
    /// Describes a document that is (or would be) written at `path`, which is given
    /// relative to `base` when it lies inside it.
    pub fn new(doc: &Made, path: &Path, base: &Path) -> Self {
        let place = doc.job.place.as_ref();
        Self {
            path: relative(path, base),
            status: match doc.status {
                build::Status::Changed => Status::Written,
                build::Status::Unchanged | build::Status::Skipped => Status::Unchanged,
                build::Status::Checked => Status::Checked,
            },
            material: doc.job.material.name(),
            lang: doc.job.lang.clone(),
            campaign: place.map(|p| p.campaign.clone()),
            location: place.and_then(|p| p.location.clone()),
            pages: doc.pages,
            sha256: doc.sha256.clone(),
            qr: doc.qr.clone(),
        }
    }
}

/// `path` relative to `base` if it lies inside it, else as it is.
pub fn relative(path: &Path, base: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (path_abs, base_abs) = (absolute(path), absolute(base));
    match path_abs.strip_prefix(&base_abs) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => path_abs.display().to_string(),
    }
}

/// A warning or an error, located where there is a place to point at.
#[derive(Debug, Serialize)]
pub struct Message {
    /// The stable code of this kind of problem, such as `stale-verified`.
    pub code: &'static str,
    /// The file concerned, relative to the report's `base`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The material and language concerned, such as `pocket-card-en`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// What is wrong.
    pub message: String,
    /// typst's diagnostics, for a template error.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    /// Why an allowed warning is accepted, where `[checks] allow` says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl From<&DataError> for Message {
    fn from(e: &DataError) -> Self {
        Self {
            code: e.code,
            file: Some(e.file.clone()),
            line: e.at.as_ref().map(|at| at.line),
            column: e.at.as_ref().map(|at| at.column),
            document: None,
            message: e.message.clone(),
            diagnostics: Vec::new(),
            reason: None,
        }
    }
}

impl Message {
    /// A message with a code and words only.
    pub fn plain(code: &'static str, message: String) -> Self {
        crate::error::debug_assert_listed(code);
        Self {
            code,
            file: None,
            line: None,
            column: None,
            document: None,
            message,
            diagnostics: Vec::new(),
            reason: None,
        }
    }

    /// Every message an error holds: one per data problem, one per failed document.
    pub fn all(e: &Error, base: &Path) -> Vec<Message> {
        let plain = Self::plain;
        match e {
            Error::Data(errors) => errors.iter().map(Message::from).collect(),
            Error::Many(errors) => errors.iter().flat_map(|e| Message::all(e, base)).collect(),
            Error::Template {
                document,
                diagnostics,
                ..
            } => {
                let first = diagnostics.first();
                let message = first.map_or("the template failed to compile".into(), |d| {
                    d.message.clone()
                });
                vec![Self {
                    file: first.and_then(|d| d.file.clone()),
                    line: first.and_then(|d| d.line),
                    column: first.and_then(|d| d.column),
                    document: (!document.is_empty()).then(|| document.clone()),
                    diagnostics: diagnostics.clone(),
                    ..plain("template", message)
                }]
            }
            Error::Check {
                code,
                document,
                message,
            } => vec![Self {
                document: Some(document.clone()),
                ..plain(code, message.clone())
            }],
            Error::Io { path, source } => vec![Self {
                file: Some(relative(path, base)),
                ..plain("io", source.to_string())
            }],
        }
    }
}
