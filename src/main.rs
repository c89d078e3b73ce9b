//! The `handbill` command: parse arguments, call the library, report, map the result to an
//! exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use handbill::build::{self, Selection};
use handbill::output::Outcome;
use handbill::project::Project;
use handbill::report::{Message, Output, Report};
use handbill::{DataError, Error};

use cli::{CheckOptions, Cli, Command, Format, SelectArgs};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = match &cli.command {
        Command::Build(args) => args.check.format,
        Command::Check(args) => args.check.format,
        Command::List(_) => Format::Human,
    };
    let mut report = Report::default();
    let result = run(cli, &mut report);
    if let Err(e) = &result {
        match e {
            Error::Template(diagnostics) => eprintln!("{diagnostics}"),
            e => eprintln!("error: {e}"),
        }
        report.errors.push(Message::from(e));
    }
    if format == Format::Json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("error: cannot write the report: {e}"),
        }
    }
    if result.is_ok() && report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run(cli: Cli, report: &mut Report) -> Result<(), Error> {
    let project = Project::load(&cli.project)?;
    let default_out = || cli.project.join("out");
    match cli.command {
        Command::Build(args) => {
            let out = args.out.unwrap_or_else(default_out);
            let selection = prepare(&project, args.select, &args.check, report)?;
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
                report.outputs.push(Output::new(&doc, &path));
            }
        }
        Command::Check(args) => {
            let selection = prepare(&project, args.select, &args.check, report)?;
            let docs = build::render_all(&project, &selection)?;
            let out = default_out();
            for doc in &docs {
                print_warnings(doc.warnings.as_deref());
                report
                    .outputs
                    .push(Output::new(doc, &out.join(doc.job.file_name())));
            }
            let n = docs.len();
            let verified = if selection.no_verify {
                ""
            } else {
                " and verified"
            };
            eprintln!("ok: {n} {} rendered{verified}", plural(n, "document"));
        }
        Command::List(args) => {
            let out = args.out.unwrap_or_else(default_out);
            let selection = Selection {
                only: args.select.only,
                ..Selection::default()
            };
            for (_, path) in build::list(&project, &selection, &out) {
                println!("{}", path.display());
            }
        }
    }
    Ok(())
}

/// Reports the data's warnings (as errors when strict, which stops here) and turns the
/// arguments into a selection.
fn prepare(
    project: &Project,
    select: SelectArgs,
    options: &CheckOptions,
    report: &mut Report,
) -> Result<Selection, Error> {
    let level = if options.strict { "error" } else { "warning" };
    for warning in &project.warnings {
        eprintln!("{level}: {warning}");
    }
    let messages = project.warnings.iter().map(Message::from);
    if options.strict {
        report.errors.extend(messages);
        if !project.warnings.is_empty() {
            let n = project.warnings.len();
            let message = format!("{n} {} under --strict", plural(n, "warning"));
            return Err(DataError::whole("data", message).into());
        }
    } else {
        report.warnings.extend(messages);
    }
    Ok(Selection {
        only: select.only,
        source_date_epoch: source_date_epoch()?,
        no_verify: options.no_verify,
    })
}

fn source_date_epoch() -> Result<Option<i64>, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value.trim().parse().map(Some).map_err(|_| {
            let message = format!("{value:?} is not a whole number of seconds");
            DataError::whole("SOURCE_DATE_EPOCH", message).into()
        }),
        Err(_) => Ok(None),
    }
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
