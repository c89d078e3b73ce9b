//! The `handbill` command: parse arguments, call the library, report, map the result to an
//! exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use handbill::build::{self, Selection};
use handbill::output::Outcome;
use handbill::policy::{Policy, Verdict};
use handbill::project::Project;
use handbill::report::{Message, Output, Report, Status};
use handbill::{DataError, Error};

use cli::{CheckOptions, Cli, Command, Format, SelectArgs};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = match &cli.command {
        Command::Build(args) => args.check.format,
        Command::Check(args) => args.check.format,
        Command::List(_) => Format::Human,
    };
    let mut report = Report {
        base: std::path::absolute(&cli.project)
            .unwrap_or_else(|_| cli.project.clone())
            .display()
            .to_string(),
        ..Report::default()
    };
    let base = cli.project.clone();
    let result = run(cli, &mut report);
    if let Err(e) = result {
        report.errors.extend(Message::all(&e, &base));
        for e in e.flatten() {
            match &e {
                Error::Template { rendered, .. } => eprintln!("{rendered}"),
                e => eprintln!("error[{}]: {e}", e.code()),
            }
        }
    }
    if format == Format::Json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("error: cannot write the report: {e}"),
        }
    }
    if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run(cli: Cli, report: &mut Report) -> Result<(), Error> {
    let project = Project::load(&cli.project)?;
    let base = cli.project.clone();
    let default_out = || cli.project.join("out");
    match cli.command {
        Command::Build(args) => {
            let out = args.out.unwrap_or_else(default_out);
            let selection = prepare(&project, args.select, &args.check, report)?;
            for (doc, path, outcome) in build::build(&project, &selection, &out)? {
                print_warnings(doc.warnings.as_deref());
                let pages = doc.document.pages().len();
                let (verb, status) = match outcome {
                    Outcome::Written => ("wrote", Status::Written),
                    Outcome::Unchanged => ("unchanged", Status::Unchanged),
                };
                eprintln!(
                    "{verb:>9} {} ({pages} {})",
                    path.display(),
                    plural(pages, "page")
                );
                report.outputs.push(Output::new(&doc, &path, &base, status));
            }
        }
        Command::Check(args) => {
            let selection = prepare(&project, args.select, &args.check, report)?;
            let docs = build::render_all(&project, &selection)?;
            let out = default_out();
            for doc in &docs {
                print_warnings(doc.warnings.as_deref());
                let path = out.join(doc.job.file_name());
                report
                    .outputs
                    .push(Output::new(doc, &path, &base, Status::Checked));
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

/// Judges the data's warnings (those made errors stop here) and turns the arguments into
/// a selection.
fn prepare(
    project: &Project,
    select: SelectArgs,
    options: &CheckOptions,
    report: &mut Report,
) -> Result<Selection, Error> {
    let policy = Policy {
        strict: options.strict,
        deny: options.deny.clone(),
        allow: options.allow.clone(),
    };
    let mut denied = 0;
    for warning in &project.warnings {
        let message = Message::from(warning);
        match policy.judge(project, &select.only, warning) {
            Verdict::Warn => {
                eprintln!("warning[{}]: {warning}", warning.code);
                report.warnings.push(message);
            }
            Verdict::Deny => {
                eprintln!("error[{}]: {warning}", warning.code);
                report.errors.push(message);
                denied += 1;
            }
            Verdict::Allow(reason) => report.allowed.push(Message { reason, ..message }),
        }
    }
    if denied > 0 {
        let how = if options.strict { "--strict" } else { "--deny" };
        let message = format!(
            "{denied} {} made errors by {how}",
            plural(denied, "warning")
        );
        eprintln!("error[denied]: {message}");
        // Already reported one by one above.
        return Err(Error::Data(Vec::new()));
    }
    Ok(Selection {
        only: select.only,
        source_date_epoch: source_date_epoch()?,
        no_verify: options.no_verify,
    })
}

/// `SOURCE_DATE_EPOCH`, if set to something: set but empty counts as unset, as the
/// reproducible-builds specification says.
fn source_date_epoch() -> Result<Option<i64>, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if value.trim().is_empty() => Ok(None),
        Ok(value) => value.trim().parse().map(Some).map_err(|_| {
            let message = format!("{value:?} is not a whole number of seconds");
            DataError::whole("bad-environment", "SOURCE_DATE_EPOCH", message).into()
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
