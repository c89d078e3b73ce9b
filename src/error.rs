//! The error type every stage returns, and how a data error points at its line.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use crate::plan::Material;

/// Everything that can stop a command. Each variant is one message a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Data files are malformed, incomplete or inconsistent: every problem found, in the
    /// order found.
    #[error("{}", join(.0))]
    Data(Vec<DataError>),
    /// A template failed to compile.
    #[error("{rendered}")]
    Template {
        /// The document it stopped, such as `flyer-en`; empty when no document was begun.
        document: String,
        /// Each of typst's diagnostics, located in its file.
        diagnostics: Vec<Diagnostic>,
        /// typst's own rendering of them, with the source lines.
        rendered: String,
    },
    /// A rendered document failed a check (page count, size, ...).
    #[error("{document}: {message}")]
    Check {
        /// The check's stable code, such as `qr-unreadable`.
        code: &'static str,
        /// The document, named as its output file without `.pdf`, such as `flyer-en`.
        document: String,
        /// What is wrong.
        message: String,
    },
    /// Several documents failed: each one's error, in build order.
    #[error("{}", join(.0))]
    Many(Vec<Error>),
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

fn join(items: &[impl fmt::Display]) -> String {
    let lines: Vec<String> = items.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

impl From<DataError> for Error {
    fn from(e: DataError) -> Self {
        Error::Data(vec![e])
    }
}

impl Error {
    /// The error's stable code, such as `bad-phone` or `qr-unreadable`.
    pub fn code(&self) -> &'static str {
        // Empty only as the Data(vec![]) that stands for warnings denied and already said
        // one by one; Many is never built empty.
        let code = match self {
            Error::Data(errors) => errors.first().map_or("denied", |e| e.code),
            Error::Template { .. } => "template",
            Error::Check { code, .. } => code,
            Error::Many(errors) => errors.first().map_or("denied", Error::code),
            Error::Io { .. } => "io",
        };
        debug_assert_listed(code);
        code
    }

    /// The error as a flat list: a [`Error::Many`] or a [`Error::Data`] of several gives one
    /// error each.
    pub fn flatten(self) -> Vec<Error> {
        match self {
            Error::Many(errors) => errors.into_iter().flat_map(Error::flatten).collect(),
            Error::Data(errors) => errors.into_iter().map(|e| Error::Data(vec![e])).collect(),
            e => vec![e],
        }
    }
}

/// One of typst's diagnostics on a template, located in its file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diagnostic {
    /// The template file, relative to the project, such as `templates/flyer.typ`.
    pub file: Option<String>,
    /// Whether that file is handbill's own, built into the program, rather than the
    /// project's (copy it into the project's `templates/` to change it).
    #[serde(rename = "built-in")]
    pub(crate) built_in: bool,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// typst's message.
    pub message: String,
    /// typst's hints.
    pub hints: Vec<String>,
}

/// A problem in a data file, located by line and column where there is a place to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The stable code of this kind of problem, such as `stale-verified`.
    pub code: &'static str,
    /// The file as shown to the user, relative to the project (`data/contacts.toml`).
    pub file: String,
    /// 1-based line and column, and the text of that line.
    pub at: Option<Location>,
    /// What is wrong.
    pub message: String,
    /// Which documents the problem touches, so that a build of only some materials is
    /// judged only on what concerns them.
    pub(crate) concerns: Concerns,
}

/// What a data problem touches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum Concerns {
    /// Every document.
    #[default]
    All,
    /// Only these materials.
    Materials(Vec<Material>),
    /// Only the materials that print this contact.
    Contact(String),
}

/// A position in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The whole line, to show under the message.
    pub text: String,
    /// How many characters of the line the problem spans (at least 1).
    pub width: usize,
}

impl DataError {
    /// An error about a file as a whole, with no place in it to point at.
    pub fn whole(code: &'static str, file: impl Into<String>, message: impl Into<String>) -> Self {
        debug_assert_listed(code);
        Self {
            code,
            file: file.into(),
            at: None,
            message: message.into(),
            concerns: Concerns::All,
        }
    }

    /// An error at a byte range of the file's text.
    pub fn at(
        code: &'static str,
        file: impl Into<String>,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        debug_assert_listed(code);
        Self {
            code,
            file: file.into(),
            at: Some(Location::of(text, span)),
            message: message.into(),
            concerns: Concerns::All,
        }
    }

    /// The same problem, said to touch only `concerns`.
    pub(crate) fn concerning(self, concerns: Concerns) -> Self {
        Self { concerns, ..self }
    }
}

/// In tests and debug builds, a code missing from [`crate::codes::CODES`] stops the run:
/// its message would print, yet `--deny`, `[checks] allow` and `docs/data.md` would not
/// know it.
pub(crate) fn debug_assert_listed(code: &str) {
    debug_assert!(
        crate::codes::find(code).is_some(),
        "{code:?} is not in codes::CODES"
    );
}

/// How many characters of a line are shown past the column a problem starts at.
const SHOWN_PAST_COLUMN: usize = 120;

impl Location {
    fn of(text: &str, span: Range<usize>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        let column = text[line_start..start].chars().count() + 1;
        // A line of a megabyte is shown up to a little past the problem.
        let keep = column + SHOWN_PAST_COLUMN;
        let mut shown: String = line_text.chars().take(keep).collect();
        if shown.len() < line_text.len() {
            shown.push('…');
        }
        Self {
            line: text[..line_start].matches('\n').count() + 1,
            column,
            text: shown,
            width: text[start..end]
                .chars()
                .take(SHOWN_PAST_COLUMN)
                .count()
                .max(1),
        }
    }
}

/// `text` with every control character but line breaks and tabs written as an escape
/// (`\u{1b}`), so that printing it cannot drive a terminal.
pub fn escape_controls(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    shown
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl std::error::Error for DataError {}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(at) = &self.at else {
            return write!(f, "{}: {}", self.file, self.message);
        };
        writeln!(
            f,
            "{}:{}:{}: {}",
            self.file, at.line, at.column, self.message
        )?;
        let gutter = at.line.to_string().len();
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{} | {}", at.line, at.text)?;
        write!(
            f,
            "{:gutter$} | {:pad$}{}",
            "",
            "",
            "^".repeat(at.width),
            pad = at.column - 1
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column() {
        let text = "a = 1\nphone = \"55\"\n";
        let start = text.find("\"55\"").unwrap();
        let err = DataError::at("bad-value", "data/x.toml", text, start..start + 4, "bad");
        let at = err.at.clone().unwrap();
        assert_eq!((at.line, at.column, at.width), (2, 9, 4));
        assert_eq!(
            err.to_string(),
            "data/x.toml:2:9: bad\n  |\n2 | phone = \"55\"\n  |         ^^^^"
        );
    }

    #[test]
    fn control_characters_are_escaped_line_breaks_kept() {
        let shown = escape_controls("a\u{1b}[2Jb\n\tc\u{7}\r");
        assert_eq!(shown, "a\\u{1b}[2Jb\n\tc\\u{7}\\u{d}");
    }

    #[test]
    fn span_at_end_of_file_is_safe() {
        let err = DataError::at("bad-value", "f", "abc", 10..12, "eof");
        let at = err.at.unwrap();
        assert_eq!((at.line, at.column), (1, 4));
    }
}
