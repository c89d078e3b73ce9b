//! The `handbill` command: parse arguments, call the library, map the result to an exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use handbill::build::{self, Selection};
use handbill::output::Outcome;
use handbill::project::Project;
use handbill::{DataError, Error};

use cli::{Cli, Command, SelectArgs};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Template(diagnostics)) => {
            eprintln!("{diagnostics}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    let project = Project::load(&cli.project)?;
    match cli.command {
        Command::Build(args) => {
            let out = args.out.unwrap_or_else(|| cli.project.join("out"));
            let selection = selection(args.select)?;
            for (doc, path, outcome) in build::build(&project, &selection, &out)? {
                print_warnings(doc.warnings.as_deref());
                let pages = doc.document.pages().len();
                let verb = match outcome {
                    Outcome::Written => "wrote",
                    Outcome::Unchanged => "unchanged",
                };
                eprintln!(
                    "{verb:>9} {} ({pages} {})",
                    path.display(),
                    plural(pages, "page")
                );
            }
        }
        Command::Check(args) => {
            let docs = build::render_all(&project, &selection(args)?)?;
            for doc in &docs {
                print_warnings(doc.warnings.as_deref());
            }
            eprintln!(
                "ok: {} {} rendered and checked",
                docs.len(),
                plural(docs.len(), "document")
            );
        }
        Command::List(args) => {
            let out = args.out.unwrap_or_else(|| cli.project.join("out"));
            for (_, path) in build::list(&project, &selection(args.select)?, &out) {
                println!("{}", path.display());
            }
        }
    }
    Ok(())
}

fn selection(args: SelectArgs) -> Result<Selection, Error> {
    let source_date_epoch = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => Some(value.trim().parse().map_err(|_| {
            DataError::whole(
                "SOURCE_DATE_EPOCH",
                format!("{value:?} is not a whole number of seconds"),
            )
        })?),
        Err(_) => None,
    };
    Ok(Selection {
        only: args.only,
        source_date_epoch,
    })
}

fn print_warnings(warnings: Option<&str>) {
    if let Some(warnings) = warnings {
        eprintln!("{warnings}");
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
