//! Command-line arguments: clap types only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
    /// Render, check and write every material as <out>/<material>-<lang>.pdf.
    Build(BuildArgs),
    /// Load, validate and render everything in memory; write nothing.
    Check(SelectArgs),
    /// Print the files `build` would write.
    List(BuildArgs),
}

/// Which materials to make.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Make only this material (repeatable).
    #[arg(long, value_name = "MATERIAL")]
    pub only: Vec<Material>,
}

/// Which materials to make, and where to put them.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The output folder [default: <project>/out].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub select: SelectArgs,
}
