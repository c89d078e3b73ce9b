//! The error type every stage returns, and how a data error points at its line.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// Everything that can stop a command. Each variant is one message a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A data file is malformed, incomplete or inconsistent.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A template failed to compile; holds typst's own rendered diagnostics.
    #[error("{0}")]
    Template(String),
    /// A rendered document failed a check (page count, size, ...).
    #[error("{document}: {message}")]
    Check {
        /// The document, named as its output file without `.pdf`, such as `flyer-en`.
        document: String,
        /// What is wrong.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// A problem in a data file, located by line and column where there is a place to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file as shown to the user, relative to the project (`data/contacts.toml`).
    pub file: String,
    /// 1-based line and column, and the text of that line.
    pub at: Option<Location>,
    /// What is wrong.
    pub message: String,
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
    pub fn whole(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            at: None,
            message: message.into(),
        }
    }

    /// An error at a byte range of the file's text.
    pub fn at(
        file: impl Into<String>,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            at: Some(Location::of(text, span)),
            message: message.into(),
        }
    }
}

impl Location {
    fn of(text: &str, span: Range<usize>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        Self {
            line: text[..line_start].matches('\n').count() + 1,
            column: text[line_start..start].chars().count() + 1,
            text: line_text.to_string(),
            width: text[start..end].chars().count().max(1),
        }
    }
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
        let err = DataError::at("data/x.toml", text, start..start + 4, "bad");
        let at = err.at.clone().unwrap();
        assert_eq!((at.line, at.column, at.width), (2, 9, 4));
        assert_eq!(
            err.to_string(),
            "data/x.toml:2:9: bad\n  |\n2 | phone = \"55\"\n  |         ^^^^"
        );
    }

    #[test]
    fn span_at_end_of_file_is_safe() {
        let err = DataError::at("f", "abc", 10..12, "eof");
        let at = err.at.unwrap();
        assert_eq!((at.line, at.column), (1, 4));
    }
}
