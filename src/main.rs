//! The `handbill` command: parse arguments, run one command, report, map the result to an
//! exit code.

mod cli;
mod commands;
mod paint;

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use handbill::Error;
use handbill::error::escape_controls;
use handbill::report::{Message, Report};

use cli::{Cli, Command, Format};

// glibc's allocator fragments under typst's many short-lived allocations on several
// threads: a 1000-poster build grew to 350 MB with it, 124 MB with mimalloc, whose live
// heap under valgrind stays near 25 MB. Capped counts every allocation against
// --max-memory.
#[global_allocator]
static ALLOCATOR: handbill::limits::Capped<mimalloc::MiMalloc> =
    handbill::limits::Capped(mimalloc::MiMalloc);

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(code) = commands::contradiction(&cli) {
        eprintln!("error: --deny {code} and --allow {code} contradict each other");
        return ExitCode::from(2);
    }
    let format = cli
        .command
        .check_options()
        .map_or(Format::Human, |options| options.format);
    if format == Format::Json {
        handbill::limits::report_as_json();
    }
    let root = cli.project.clone();
    let mut report = new_report(&root);
    let result = match cli.command {
        Command::Build(args) => commands::build::run(&root, args, &mut report),
        Command::Watch(args) => commands::watch::run(&root, &args),
        Command::Check(args) => commands::check::run(&root, args, &mut report),
        Command::Init(args) => commands::init::run(args),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "handbill", &mut std::io::stdout());
            Ok(())
        }
        Command::Man => commands::man(),
        Command::Schema { dir } => commands::schema(&root, dir),
        Command::List(args) => commands::list::run(&root, args),
        Command::Manifest(cli::ManifestCommand::Merge(args)) => {
            commands::manifest::merge(&root, args)
        }
        Command::Templates(cli::TemplatesCommand::List) => commands::templates::list(&root),
        Command::Templates(cli::TemplatesCommand::Export(args)) => {
            commands::templates::export(&root, args)
        }
    };
    if finish(result, report, format, &root, true) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// An empty report of a run on the project at `root`.
fn new_report(root: &Path) -> Report {
    Report {
        base: std::path::absolute(root)
            .unwrap_or_else(|_| root.to_path_buf())
            .display()
            .to_string(),
        ..Report::default()
    }
}

/// Prints `result`'s errors on stderr and records them in `report`, then prints the
/// report on stdout if `format` asks for it (`pretty`, or on one line, as `watch` gives
/// one a build); whether the run succeeded.
fn finish(
    result: Result<(), Error>,
    mut report: Report,
    format: Format,
    root: &Path,
    pretty: bool,
) -> bool {
    if let Err(e) = result {
        report.errors.extend(Message::all(&e, root));
        for e in e.flatten() {
            // A data file's line or a template's source may hold escape bytes: shown as
            // they are, they would drive the terminal.
            match &e {
                Error::Template { rendered, .. } => eprintln!("{}", escape_controls(rendered)),
                e => eprintln!(
                    "{}: {}",
                    paint::error(e.code()),
                    escape_controls(&e.to_string())
                ),
            }
        }
    }
    if format == Format::Json {
        let json = if pretty {
            serde_json::to_string_pretty(&report)
        } else {
            serde_json::to_string(&report)
        };
        match json {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("error: cannot write the report: {e}"),
        }
    }
    report.errors.is_empty()
}
