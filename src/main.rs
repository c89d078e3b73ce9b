//! The `handbill` command: parse arguments, call the library, report, map the result to an
//! exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use handbill::build::{self, Selection};
use handbill::output::Outcome;
use handbill::policy::{Policy, Verdict};
use handbill::project::Project;
use handbill::render::Rendered;
use handbill::report::{Message, Output, Report, Status};
use handbill::{DataError, Error};

use cli::{CheckOptions, Cli, Command, Format, SelectArgs};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(code) = contradiction(&cli) {
        eprintln!("error: --deny {code} and --allow {code} contradict each other");
        return ExitCode::from(2);
    }
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
            let allow_template_warnings = matches!(selection.template_warnings, Verdict::Allow(_));
            for (doc, path, outcome) in build::build(&project, &selection, &out)? {
                template_warnings(report, &doc, allow_template_warnings);
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
            let allow_template_warnings = matches!(selection.template_warnings, Verdict::Allow(_));
            let docs = build::render_all(&project, &selection)?;
            let out = default_out();
            for doc in &docs {
                template_warnings(report, doc, allow_template_warnings);
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

/// A code both denied and allowed on the command line.
fn contradiction(cli: &Cli) -> Option<String> {
    let options = match &cli.command {
        Command::Build(args) => &args.check,
        Command::Check(args) => &args.check,
        Command::List(_) => return None,
    };
    options
        .deny
        .iter()
        .find(|code| options.allow.contains(code))
        .cloned()
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
        let how = if options.strict {
            "--strict or --deny"
        } else {
            "--deny"
        };
        let message = format!(
            "{denied} {} made errors by {how}",
            plural(denied, "warning")
        );
        eprintln!("error[denied]: {message}");
        // Already reported one by one above.
        return Err(Error::Data(Vec::new()));
    }
    // typst's warnings come only with the documents: judged now, they stop a strict run
    // before anything is written.
    let template_warning = DataError::whole("template-warning", "templates", "");
    let template_warnings = policy.judge(project, &select.only, &template_warning);
    Ok(Selection {
        only: select.only,
        source_date_epoch: source_date_epoch()?,
        no_verify: options.no_verify,
        template_warnings,
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

/// Prints typst's warnings on a document and records them in the report (as allowed
/// when the run allows them).
fn template_warnings(report: &mut Report, doc: &Rendered, allowed: bool) {
    let Some(warnings) = doc.warnings.as_deref() else {
        return;
    };
    let message = Message {
        document: Some(doc.job.name()),
        ..Message::plain("template-warning", warnings.to_string())
    };
    if allowed {
        report.allowed.push(message);
    } else {
        eprintln!("warning[template-warning]: {}:\n{warnings}", doc.job.name());
        report.warnings.push(message);
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
