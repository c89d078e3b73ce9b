//! Command-line arguments: clap types only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use handbill::plan::Material;

/// Print-ready anti-trafficking outreach materials from TOML data and Typst templates.
#[derive(Debug, Parser)]
#[command(name = "handbill", version, about, long_about = None)]
pub struct Cli {
    /// The project folder: it holds data/, and optionally templates/ and fonts/.
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub project: PathBuf,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render, verify and write every material as <out>/<material>-<lang>.pdf.
    Build(BuildArgs),
    /// Load, validate, render and verify everything in memory; write nothing.
    Check(CheckArgs),
    /// Print the files `build` would write.
    List(ListArgs),
}

/// Which materials to make.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Make only this material (repeatable).
    #[arg(long, value_name = "MATERIAL")]
    pub only: Vec<Material>,
}

/// How to check and how to report.
#[derive(Debug, Args)]
pub struct CheckOptions {
    /// Treat warnings (stale verification dates, placeholder addresses) as errors.
    #[arg(long)]
    pub strict: bool,

    /// Make warnings of this code errors (repeatable), such as `stale-verified`.
    #[arg(long, value_name = "CODE", value_parser = warning_code)]
    pub deny: Vec<String>,

    /// Silence warnings of this code (repeatable), even under --strict.
    #[arg(long, value_name = "CODE", value_parser = warning_code)]
    pub allow: Vec<String>,

    /// Skip reading QR codes and text back from the rendered pages (for template work).
    #[arg(long)]
    pub no_verify: bool,

    /// `json` prints one report object on stdout; messages always go to stderr.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// A warning's code, as `--deny` and `--allow` take it.
fn warning_code(name: &str) -> Result<String, String> {
    use handbill::codes::{self, Level};
    match codes::find(name) {
        Some(code) if code.level == Level::Warning => Ok(name.to_string()),
        Some(_) => Err(format!(
            "{name:?} is an error, not a warning: errors always stop a build"
        )),
        None => {
            let warnings: Vec<&str> = codes::CODES
                .iter()
                .filter(|c| c.level == Level::Warning)
                .map(|c| c.name)
                .collect();
            Err(format!(
                "no warning has the code {name:?}; the warnings are {}",
                warnings.join(", ")
            ))
        }
    }
}

/// The format of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages on stderr only.
    Human,
    /// A JSON report on stdout, besides the messages on stderr.
    Json,
}

/// Arguments of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The output folder [default: <project>/out].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub select: SelectArgs,

    #[command(flatten)]
    pub check: CheckOptions,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub select: SelectArgs,

    #[command(flatten)]
    pub check: CheckOptions,
}

/// Arguments of `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// The output folder [default: <project>/out].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub select: SelectArgs,
}
