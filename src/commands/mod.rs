//! One module per command; here what they share: turning arguments into a selection under
//! the run's warning policy, and printing typst's warnings.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod init;
pub(crate) mod list;
pub(crate) mod manifest;
pub(crate) mod templates;
pub(crate) mod watch;

use handbill::build::{Made, Selection};
use handbill::error::escape_controls;
use handbill::plan::Scope;
use handbill::policy::{Policy, Verdict};
use handbill::project::Project;
use handbill::report::{Message, Report};
use handbill::{DataError, Error};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{CheckOptions, Cli, Format, SelectArgs};
use crate::paint;

/// A code both denied and allowed on the command line.
pub(crate) fn contradiction(cli: &Cli) -> Option<String> {
    let options = cli.command.check_options()?;
    options
        .deny
        .iter()
        .find(|code| options.allow.contains(code))
        .cloned()
}

/// Writes the data files' JSON Schemas into `dir`, by default `<project>/schema`.
pub(crate) fn schema(root: &std::path::Path, dir: Option<std::path::PathBuf>) -> Result<(), Error> {
    let dir = dir.unwrap_or_else(|| root.join("schema"));
    let written = handbill::reference::write_schemas(&dir)?;
    println!("Wrote {} schemas to {}.", written, dir.display());
    Ok(())
}

/// Writes the manual page to stdout.
pub(crate) fn man() -> Result<(), Error> {
    let command = <Cli as clap::CommandFactory>::command();
    clap_mangen::Man::new(command)
        .render(&mut std::io::stdout())
        .map_err(|source| Error::Io {
            path: "stdout".into(),
            source,
        })
}

/// What `--campaign`, `--all`, `--only` and `--shard` select. A campaign that does not
/// exist is an error naming those that do.
pub(crate) fn scope(project: &Project, select: &SelectArgs) -> Result<(Scope, Selection), Error> {
    let ids: Vec<String> = project.campaigns.iter().map(|c| c.id.clone()).collect();
    for id in &select.campaign {
        if !ids.contains(id) {
            let known = if ids.is_empty() {
                "there are none".to_string()
            } else {
                format!("the campaigns are {}", ids.join(", "))
            };
            let message = format!("no campaign {id:?} (there is no {id}.toml); {known}");
            return Err(DataError::whole("unknown-campaign", "data/campaigns", message).into());
        }
    }
    let scope = Scope {
        kit: select.all || select.campaign.is_empty(),
        campaigns: if select.all {
            ids
        } else {
            select.campaign.clone()
        },
        only: select.only.clone(),
    };
    let selection = Selection {
        scope: scope.clone(),
        all_campaigns: select.all,
        shard: select.shard,
        ..Selection::default()
    };
    Ok((scope, selection))
}

/// Judges the data's warnings (those made errors stop here) and turns the arguments into
/// a selection.
pub(crate) fn prepare(
    project: &Project,
    select: &SelectArgs,
    options: &CheckOptions,
    report: &mut Report,
) -> Result<Selection, Error> {
    let policy = Policy {
        strict: options.strict,
        deny: options.deny.clone(),
        allow: options.allow.clone(),
    };
    let (_, selection) = scope(project, select)?;
    let mut denied = 0;
    for warning in &project.warnings {
        let message = Message::from(warning);
        match policy.judge(project, &select.only, warning) {
            Verdict::Warn => {
                let shown = escape_controls(&warning.to_string());
                eprintln!("{}: {shown}", paint::warning(warning.code));
                report.warnings.push(message);
            }
            Verdict::Deny => {
                let shown = escape_controls(&warning.to_string());
                eprintln!("{}: {shown}", paint::error(warning.code));
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
        eprintln!("{}: {message}", paint::error("denied"));
        // Already reported one by one above.
        return Err(Error::Data(Vec::new()));
    }
    // typst's warnings come only with the documents: judged now, they stop a strict run
    // before anything is written.
    let template_warning = DataError::whole("template-warning", "templates", "");
    let template_warnings = policy.judge(project, &select.only, &template_warning);
    Ok(Selection {
        source_date_epoch: source_date_epoch()?,
        no_verify: options.no_verify,
        pdf_standards: options.pdf_standards.clone(),
        print: options.print(),
        limits: options.limits(),
        jobs: options.jobs.map(usize::from),
        template_warnings,
        ..selection
    })
}

/// A progress bar on stderr when it is a terminal, and the run is neither quiet nor
/// reporting JSON; hidden otherwise.
pub(crate) fn progress(jobs: usize, options: &CheckOptions) -> ProgressBar {
    use std::io::IsTerminal;
    let show = std::io::stderr().is_terminal() && !options.quiet && options.format != Format::Json;
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(jobs as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} documents, {eta} left") {
        bar.set_style(style);
    }
    bar
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
pub(crate) fn template_warnings(report: &mut Report, doc: &Made, selection: &Selection) {
    let Some(warnings) = doc.warnings.as_deref() else {
        return;
    };
    let message = Message {
        document: Some(doc.job.name()),
        ..Message::plain("template-warning", warnings.to_string())
    };
    if matches!(selection.template_warnings, Verdict::Allow(_)) {
        report.allowed.push(message);
    } else {
        let shown = escape_controls(warnings);
        let label = paint::warning("template-warning");
        eprintln!("{label}: {}:\n{shown}", doc.job.name());
        report.warnings.push(message);
    }
}

/// `word`, with an `s` unless there is one.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
