//! Colour on stderr: only on a terminal, never with `NO_COLOR` set.
//!
//! The rules are those of no-color.org and the `CLICOLOR_FORCE` convention, as clap's own
//! help follows them: `NO_COLOR` (set, not empty) turns colour off; else `CLICOLOR_FORCE`
//! (set, not `0`) turns it on; else there is colour only when stderr is a terminal that is
//! not `TERM=dumb`.

use std::io::IsTerminal;
use std::sync::OnceLock;

use anstyle::{AnsiColor, Style};

static COLOUR: OnceLock<bool> = OnceLock::new();

/// Whether stderr gets colour, decided once from the environment.
fn colour() -> bool {
    *COLOUR.get_or_init(|| {
        let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        if set("NO_COLOR").is_some() {
            return false;
        }
        if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
            return true;
        }
        std::io::stderr().is_terminal() && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
    })
}

fn paint(style: Style, text: &str) -> String {
    if colour() {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

/// `error[code]`, in bold red on a terminal.
pub(crate) fn error(code: &str) -> String {
    paint(
        Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        &format!("error[{code}]"),
    )
}

/// `warning[code]`, in bold yellow on a terminal.
pub(crate) fn warning(code: &str) -> String {
    paint(
        Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        &format!("warning[{code}]"),
    )
}
