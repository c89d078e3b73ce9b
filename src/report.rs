//! The machine-readable report of `build` and `check`: what was made, what was found on the
//! pages, and every warning and error.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{DataError, Error};
use crate::render::Rendered;
use crate::verify::FoundQr;

/// One JSON object: outputs, warnings, errors.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// Every document made (and, for `build`, written).
    pub outputs: Vec<Output>,
    /// Problems that did not stop the command.
    pub warnings: Vec<Message>,
    /// Problems that did.
    pub errors: Vec<Message>,
}

/// One document.
#[derive(Debug, Serialize)]
pub struct Output {
    /// Where `build` writes it.
    pub path: String,
    /// The material's name.
    pub material: &'static str,
    /// The language code.
    pub lang: String,
    /// Its page count.
    pub pages: usize,
    /// The SHA-256 of the PDF's bytes, in hex.
    pub sha256: String,
    /// The QR codes read back from its pages.
    pub qr: Vec<FoundQr>,
}

impl Output {
    /// Describes a rendered document that is (or would be) written at `path`.
    pub fn new(doc: &Rendered, path: &std::path::Path) -> Self {
        let digest = Sha256::digest(&doc.pdf);
        Self {
            path: path.display().to_string(),
            material: doc.job.material.name(),
            lang: doc.job.lang.clone(),
            pages: doc.document.pages().len(),
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
            qr: doc.qr.clone(),
        }
    }
}

/// A warning or an error, located where there is a place to point at.
#[derive(Debug, Serialize)]
pub struct Message {
    /// The file concerned, relative to the project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The material and language concerned, such as `wallet-card-en`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl From<&DataError> for Message {
    fn from(e: &DataError) -> Self {
        Self {
            file: Some(e.file.clone()),
            line: e.at.as_ref().map(|at| at.line),
            column: e.at.as_ref().map(|at| at.column),
            document: None,
            message: e.message.clone(),
        }
    }
}

impl From<&Error> for Message {
    fn from(e: &Error) -> Self {
        let plain = |message: String| Self {
            file: None,
            line: None,
            column: None,
            document: None,
            message,
        };
        match e {
            Error::Data(data) => data.into(),
            Error::Template(diagnostics) => plain(diagnostics.clone()),
            Error::Check { document, message } => Self {
                document: Some(document.clone()),
                ..plain(message.clone())
            },
            Error::Io { path, source } => Self {
                file: Some(path.display().to_string()),
                ..plain(source.to_string())
            },
        }
    }
}
