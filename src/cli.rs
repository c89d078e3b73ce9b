//! Command-line arguments: clap types only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use handbill::manifest::Shard;
use handbill::plan::Material;

/// Print-ready anti-trafficking outreach materials from TOML data and Typst templates.
#[derive(Debug, Parser)]
#[command(
    name = "handbill",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  handbill init shasta --name \"Shasta Anti-Trafficking Coalition\"\n  handbill check\n  handbill build\n  handbill -p shasta build --campaign i5-shasta --preview\n\nExit codes:\n  0  everything was made and passed its checks\n  1  bad data, a failed check, or a file that could not be read or written: nothing was written\n  2  a command line that could not be understood"
)]
pub(crate) struct Cli {
    /// The project folder: it holds data/, and optionally templates/ and fonts/.
    #[arg(short, long, global = true, value_name = "DIR", default_value = ".")]
    pub project: PathBuf,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Start a project for a new coalition: the bundled data, with what is the coalition's
    /// own marked TODO to fill in.
    #[command(
        after_help = "Examples:\n  handbill init shasta --name \"Shasta Anti-Trafficking Coalition\" --region \"Shasta County, California\"\n  handbill -p shasta check"
    )]
    Init(InitArgs),
    /// Render, verify and write every material as <out>/<material>-<lang>.pdf.
    #[command(
        after_help = "Examples:\n  handbill build\n  handbill build --only poster --only flyer\n  handbill build --campaign i5-siskiyou --preview\n  handbill build --all --shard 1/4 --out out-1\n  handbill build --format json > report.json"
    )]
    Build(BuildArgs),
    /// Build, then build again whenever a file under data/, templates/ or fonts/ changes;
    /// a broken edit prints its error and leaves the last good files as they were.
    #[command(
        after_help = "Examples:\n  handbill watch --only poster\n  handbill watch --preview\n  handbill -p shasta watch --campaign i5-shasta --preview\n\nIt runs until stopped (Ctrl-C). A document that runs past --timeout stops it too: typst\ncannot be interrupted in the middle of a layout."
    )]
    Watch(BuildArgs),
    /// Load, validate, render and verify everything in memory; write nothing.
    #[command(
        after_help = "Examples:\n  handbill check\n  handbill check --all --deny unreviewed-translation\n  handbill -p shasta check --format json"
    )]
    Check(CheckArgs),
    /// Print the files `build` would write.
    #[command(after_help = "Examples:\n  handbill list\n  handbill list --all --out /srv/print")]
    List(ListArgs),
    /// Work with the record of what a build wrote.
    #[command(subcommand)]
    Manifest(ManifestCommand),
    /// Write JSON Schemas of the data files, for editors that complete and check TOML.
    #[command(after_help = "Examples:\n  handbill schema\n  handbill -p shasta schema")]
    Schema {
        /// Where to write them [default: <project>/schema].
        dir: Option<PathBuf>,
    },
    /// Print a completion script for a shell.
    #[command(
        after_help = "Examples:\n  handbill completions bash > ~/.local/share/bash-completion/completions/handbill\n  handbill completions zsh > ~/.zfunc/_handbill\n  handbill completions fish > ~/.config/fish/completions/handbill.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), for `man`.
    #[command(after_help = "Example:\n  handbill man > ~/.local/share/man/man1/handbill.1")]
    Man,
    /// See and copy out the built-in templates, to change how the materials look.
    #[command(subcommand)]
    Templates(TemplatesCommand),
}

impl Command {
    /// How the command checks and reports, for those that render documents.
    pub(crate) fn check_options(&self) -> Option<&CheckOptions> {
        match self {
            Command::Build(args) | Command::Watch(args) => Some(&args.check),
            Command::Check(args) => Some(&args.check),
            Command::Init(_)
            | Command::List(_)
            | Command::Manifest(_)
            | Command::Templates(_)
            | Command::Completions { .. }
            | Command::Man
            | Command::Schema { .. } => None,
        }
    }
}

/// `handbill templates ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum TemplatesCommand {
    /// Show each built-in template and whether the project's templates/ replaces it.
    #[command(after_help = "Example:\n  handbill templates list")]
    List,
    /// Write the built-in templates out for editing; a file there replaces the built-in one.
    #[command(
        after_help = "Examples:\n  handbill templates export\n  handbill -p shasta templates export\n  handbill templates export /tmp/original --force"
    )]
    Export(ExportArgs),
}

/// Arguments of `templates export`.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Where to write them [default: <project>/templates].
    pub dir: Option<PathBuf>,

    /// Write over files that differ from the built-in ones.
    #[arg(long)]
    pub force: bool,
}

/// `handbill manifest ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ManifestCommand {
    /// Merge the output folders of sharded builds (`build --shard K/N`) into one folder
    /// with one manifest.
    #[command(after_help = "Example:\n  handbill manifest merge out-1 out-2 out-3 out-4 --out out")]
    Merge(MergeArgs),
}

/// Arguments of `manifest merge`.
#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// The output folders to merge, each with its manifest.json.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,

    /// Where the merged files and manifest go [default: <project>/out]. If it holds an
    /// earlier build (the last edition, in CI), what changed since is marked on the review
    /// page, and outputs that left the data are removed.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// `json` prints the changed, unchanged and removed outputs on stdout.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Which materials to make.
#[derive(Debug, Args)]
pub(crate) struct SelectArgs {
    /// Make only this material (repeatable). A campaign's route sheet and print list are
    /// always made.
    #[arg(long, value_name = "MATERIAL")]
    pub only: Vec<Material>,

    /// Make this campaign (data/campaigns/<ID>.toml) instead of the kit (repeatable).
    #[arg(long, value_name = "ID", conflicts_with = "all")]
    pub campaign: Vec<String>,

    /// Make the kit and every campaign.
    #[arg(long)]
    pub all: bool,

    /// Make only the K-th of N stable shares of the jobs, for splitting a large build
    /// across CI runners; merge their outputs with `handbill manifest merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
}

/// How to check and how to report.
#[derive(Debug, Args)]
pub(crate) struct CheckOptions {
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

    /// Make every PDF conform to this standard (repeatable), as typst enforces it:
    /// `ua-1` (accessible), `a-2b`, `a-3b`, ... A material that cannot meet it fails with
    /// typst's message.
    #[arg(long = "pdf-standard", value_name = "STANDARD", value_parser = pdf_standard)]
    pub pdf_standards: Vec<typst_pdf::PdfStandard>,

    /// Bare pages at the trim size, for desk printers: no bleed past the trim.
    #[arg(long)]
    pub no_bleed: bool,

    /// Crop marks outside the bleed of every single-design page, for a shop that asks
    /// for them (card sheets for a shop always have them).
    #[arg(long)]
    pub crop_marks: bool,

    /// How your printer turns a card sheet over to print its backs: `long` (most duplex
    /// printers) or `short`.
    #[arg(long, value_enum, default_value_t = FlipArg::Long)]
    pub flip: FlipArg,

    /// The longest one document may take, in seconds: a template that runs longer is
    /// stopped and the build fails naming it.
    #[arg(long, value_name = "SECONDS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,

    /// The most memory the build may hold, such as `2GB` or `512MB`: a template that
    /// builds more is stopped and the build fails naming it.
    #[arg(long, value_name = "SIZE", default_value = "2GiB", value_parser = handbill::limits::parse_size)]
    pub max_memory: u64,

    /// How many documents to make at once, and threads to lay them out on, 1 to 256
    /// [default: one per core].
    // Each thread reserves typst's deep stack: thousands of them fail to start.
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,

    /// `json` prints one report object on stdout; messages always go to stderr.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Print only warnings and errors: no progress bar, no line per file.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also print a line for each file that did not change, and each document checked
    /// with the codes and numbers read back from it.
    #[arg(long, short)]
    pub verbose: bool,
}

/// The edge a duplex printer turns a sheet over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FlipArg {
    /// The long edge, as a book's page turns.
    Long,
    /// The short edge, as a wall calendar turns.
    Short,
}

impl CheckOptions {
    /// The limits on time and memory.
    pub(crate) fn limits(&self) -> handbill::limits::Limits {
        handbill::limits::Limits {
            timeout: std::time::Duration::from_secs(self.timeout),
            max_memory: self.max_memory,
        }
    }

    /// How the pages are made for printing.
    pub(crate) fn print(&self) -> handbill::impose::Print {
        handbill::impose::Print {
            bleed: !self.no_bleed,
            crop_marks: self.crop_marks,
            flip: match self.flip {
                FlipArg::Long => handbill::impose::Flip::Long,
                FlipArg::Short => handbill::impose::Flip::Short,
            },
        }
    }
}

/// A PDF standard by the name typst gives it (`ua-1`, `a-2b`, `1.7`).
fn pdf_standard(name: &str) -> Result<typst_pdf::PdfStandard, String> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).map_err(|_| {
        format!(
            "no PDF standard is named {name:?}; typst knows 1.4, 1.5, 1.6, 1.7, 2.0, a-1b, a-1a, a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, a-4, a-4f, a-4e and ua-1"
        )
    })
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
pub(crate) enum Format {
    /// Messages on stderr only.
    Human,
    /// A JSON report on stdout, besides the messages on stderr.
    Json,
}

/// Arguments of `build`.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The output folder [default: <project>/out].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Rebuild every output, even those whose inputs did not change.
    #[arg(long)]
    pub force: bool,

    /// Also write a PNG of each page beside each PDF, and <out>/index.html to review them.
    #[arg(long)]
    pub preview: bool,

    #[command(flatten)]
    pub select: SelectArgs,

    #[command(flatten)]
    pub check: CheckOptions,
}

impl BuildArgs {
    /// The output folder: `--out`, or `<root>/out`.
    pub(crate) fn out(&self, root: &std::path::Path) -> PathBuf {
        self.out.clone().unwrap_or_else(|| root.join("out"))
    }
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub select: SelectArgs,

    #[command(flatten)]
    pub check: CheckOptions,
}

/// Arguments of `init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to make the project in; it may exist, but not hold data/, templates/,
    /// fonts/ or schema/.
    pub dir: PathBuf,

    /// The coalition's name, as printed [default: marked TODO].
    #[arg(long)]
    pub name: Option<String>,

    /// Its region, as printed, such as "Shasta County, California" [default: marked TODO].
    #[arg(long)]
    pub region: Option<String>,
}

/// Arguments of `list`.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// The output folder [default: <project>/out].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// List what a build with --no-bleed writes: no shop sheets.
    #[arg(long)]
    pub no_bleed: bool,

    #[command(flatten)]
    pub select: SelectArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// A command line as a shell splits it, up to a redirection.
    fn words(line: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                '>' if !quoted => break,
                ' ' if !quoted => {
                    if !word.is_empty() {
                        words.push(std::mem::take(&mut word));
                    }
                }
                c => word.push(c),
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
        words
    }

    fn examples(command: &clap::Command, found: &mut Vec<String>) {
        if let Some(help) = command.get_after_help() {
            let help = help.to_string();
            let lines = help.lines().map(str::trim);
            found.extend(
                lines
                    .filter(|l| l.starts_with("handbill "))
                    .map(String::from),
            );
        }
        for sub in command.get_subcommands() {
            examples(sub, found);
        }
    }

    #[test]
    fn every_example_in_the_help_is_a_command_line_handbill_takes() {
        let mut found = Vec::new();
        examples(&Cli::command(), &mut found);
        assert!(found.len() >= 10, "{found:?}");
        for line in &found {
            if let Err(e) = Cli::try_parse_from(words(line)) {
                panic!("{line}: {e}");
            }
        }
    }

    #[test]
    fn every_command_has_examples() {
        fn walk(command: &clap::Command, path: &str) {
            let path = format!("{path} {}", command.get_name());
            let leaf = command.get_subcommands().next().is_none();
            if leaf && command.get_name() != "help" {
                let help = command.get_after_help().map(|h| h.to_string());
                assert!(
                    help.is_some_and(|h| h.contains("handbill ")),
                    "{path} has no example"
                );
            }
            for sub in command.get_subcommands() {
                walk(sub, &path);
            }
        }
        walk(&Cli::command(), "");
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
