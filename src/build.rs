//! The commands' pipeline: load → plan → prepare and hash each job → render, check and
//! stage the changed ones in parallel → rename everything into place and record it.
//!
//! A document is dropped as soon as its PDF is staged, so memory does not grow with the
//! number of documents; nothing is renamed into place until every job has passed, so a
//! failed build leaves the output folder as it was.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::impose;
use crate::inputs::Shared;
use crate::manifest::{self, Entry, Manifest, OutputKind, Shard};
use crate::output::{self, Outcome, Staged};
use crate::plan::{self, Job, Material, Scope};
use crate::policy::Verdict;
use crate::preview::{self, IndexItem, ItemStatus};
use crate::project::Project;
use crate::render::{Rendered, Renderer};
use crate::verify::FoundQr;
use crate::world::Sandbox;

/// What to make, and how.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// The kit, campaigns and materials to make.
    pub scope: Scope,
    /// Whether every campaign is made (`--all`): outputs of a campaign no longer in the
    /// data are then removed.
    pub all_campaigns: bool,
    /// Make only this share of the jobs.
    pub shard: Option<Shard>,
    /// Rebuild every output, changed or not.
    pub force: bool,
    /// Write a PNG of each page beside each PDF, and `index.html`.
    pub preview: bool,
    /// The timestamp to stamp, in seconds since 1970, instead of the edition date.
    pub source_date_epoch: Option<i64>,
    /// Skip the checks on the rendered pages (for template work and benchmarks).
    pub no_verify: bool,
    /// The PDF standards every PDF must conform to (`--pdf-standard`).
    pub pdf_standards: Vec<typst_pdf::PdfStandard>,
    /// Bleed, crop marks and how card sheets are turned over.
    pub print: impose::Print,
    /// How long a document may take and how much memory the build may hold (memory only
    /// in a process whose allocator is [`crate::limits::Capped`], as handbill's is).
    pub limits: crate::limits::Limits,
    /// What becomes of typst's warnings on a document: a denied one fails it before
    /// anything is written (`--strict`, `--deny template-warning`).
    pub template_warnings: Verdict,
    /// How many documents are made at once, and threads typst lays them out on (`--jobs`);
    /// one per core when `None`.
    pub jobs: Option<usize>,
}

/// What became of one output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It is new or its bytes changed.
    Changed,
    /// It was rebuilt to the same bytes, or skipped because nothing it is made from
    /// changed.
    Unchanged,
    /// It was skipped before compiling: nothing it is made from changed.
    Skipped,
    /// Made and verified in memory only (`check`).
    Checked,
}

/// One document made (or found up to date).
#[derive(Debug)]
pub struct Made {
    /// The job.
    pub job: Job,
    /// Its page count; for a skipped job, as recorded.
    pub pages: usize,
    /// The SHA-256 of the PDF, in hex.
    pub sha256: String,
    /// The QR codes read back from its pages; empty when skipped or not verified.
    pub qr: Vec<FoundQr>,
    /// Typst's warnings, already formatted.
    pub warnings: Option<String>,
    /// What became of it.
    pub status: Status,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Built {
    /// Every document of the build.
    pub documents: Vec<Made>,
    /// Every other file written or kept: route sheets are documents; these are the print
    /// lists, previews and the index, with their status.
    pub files: Vec<(String, Status)>,
    /// Outputs removed because their language, location, material or campaign left the
    /// data, relative to the output folder.
    pub removed: Vec<String>,
}

impl Built {
    /// How many outputs were skipped before compiling.
    pub fn skipped(&self) -> usize {
        self.documents
            .iter()
            .filter(|d| d.status == Status::Skipped)
            .count()
    }
}

/// Reports progress: called once per job done.
pub type Progress<'a> = &'a (dyn Fn() + Sync);

/// Renders and checks every selected document in memory and keeps them, for tests and
/// tools that look at the pages. Every document is tried: the error names each one that
/// failed, not only the first.
pub fn render_all(project: &Project, selection: &Selection) -> Result<Vec<Rendered>, Error> {
    let sandbox = Sandbox::new(project)?;
    let renderer = renderer(project, &sandbox, selection)?;
    let shared = Shared::new(project)?;
    each(
        &jobs(project, selection),
        selection.jobs,
        |job| renderer.render(&shared.prepare(job)?),
        &|| {},
    )
}

/// Threads' stacks: typst lays out a long table (a route sheet of 500 stops) by recursion
/// deeper than a thread's default 2 MiB allows.
const STACK_BYTES: usize = 64 << 20;

/// After how many documents typst's caches drop what the last ones did not use, and how
/// many such rounds an unused entry survives: the fonts and templates every document uses
/// stay, one document's layouts go, so memory does not grow with the number of documents.
const EVICT_EVERY: usize = 16;
const EVICT_AGE: usize = 2;

/// How many documents' worth of typst's caches `job` leaves. A route sheet's table of a
/// hundred stops leaves some 6 MB of layouts, sixteen posters' worth, and a long
/// campaign's sheets come one after another at the end of the build: counted as one each,
/// a round of them held a hundred MB. (Memory in use cannot tell instead: the caches keep
/// their room when trimmed and fill it again without asking for more.)
fn cache_weight(job: &Job) -> usize {
    match job.material {
        Material::Route => EVICT_EVERY,
        _ => 1,
    }
}

/// Runs `f` on every job, `threads` jobs (one per core when `None`) at a time, and
/// gathers every result or every error, in the jobs' order.
///
/// Each core's worker takes the next job only when its last one is done. A rayon
/// `par_iter` over the jobs would not: typst itself works in parallel on rayon's pool, and
/// a worker waiting on such inner work steals further documents, so hundreds were in
/// flight at once (735 MB before the first of 500 posters was written).
fn each<T: Send>(
    jobs: &[Job],
    threads: Option<usize>,
    f: impl Fn(&Job) -> Result<T, Error> + Sync,
    progress: Progress,
) -> Result<Vec<T>, Error> {
    let threads = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    // typst's own parallel work runs on rayon's global pool, which needs the same deep
    // stacks; it can be set up only once per process, and a second time is no error.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(STACK_BYTES)
        .num_threads(threads)
        .build_global();
    let workers = threads.min(jobs.len()).max(1);
    let next = AtomicUsize::new(0);
    let weight = AtomicUsize::new(0);
    let work = || {
        let mut results = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else {
                return results;
            };
            // Timed from here: a progress bar held up by a paused terminal is not the
            // template's time.
            let working = crate::limits::working_on(job.path());
            results.push((i, f(job)));
            drop(working);
            progress();
            let before = weight.fetch_add(cache_weight(job), Ordering::Relaxed);
            if before / EVICT_EVERY != (before + cache_weight(job)) / EVICT_EVERY {
                typst::comemo::evict(EVICT_AGE);
            }
        }
    };
    let mut results: Vec<(usize, Result<T, Error>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK_BYTES)
                    .spawn_scoped(scope, work)
            })
            .collect();
        let mut all = Vec::with_capacity(jobs.len());
        for handle in handles {
            match handle.map(|h| h.join()) {
                Ok(Ok(results)) => all.extend(results),
                // A panic in a worker is a bug in handbill: pass it on as it is.
                Ok(Err(panic)) => std::panic::resume_unwind(panic),
                Err(e) => all.push((
                    usize::MAX,
                    Err(Error::Io {
                        path: Default::default(),
                        source: e,
                    }),
                )),
            }
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    gather(results.into_iter().map(|(_, r)| r).collect())
}

/// The jobs of the selection, in build order.
pub fn jobs(project: &Project, selection: &Selection) -> Vec<Job> {
    let mut jobs = plan::plan(project, &selection.scope);
    if let Some(shard) = selection.shard {
        jobs.retain(|job| shard.holds(&job.path()));
    }
    jobs
}

/// Renders and checks every selected document, keeping only what the report needs.
pub fn check(project: &Project, selection: &Selection, progress: Progress) -> Result<Built, Error> {
    let sandbox = Sandbox::new(project)?;
    let renderer = renderer(project, &sandbox, selection)?;
    let shared = Shared::new(project)?;
    crate::limits::arm(selection.limits, None);
    let documents = each(
        &jobs(project, selection),
        selection.jobs,
        |job| {
            let doc = renderer.render(&shared.prepare(job)?)?;
            renderer.sheets(&doc)?;
            Ok(made(&doc, Status::Checked))
        },
        progress,
    )?;
    Ok(Built {
        documents,
        ..Built::default()
    })
}

/// Builds the selection into `out`: renders what changed, in parallel, then renames every
/// staged file into place, removes what left the data and records it all in the manifest.
/// On any error nothing in `out` changes.
pub fn build(
    project: &Project,
    selection: &Selection,
    out: &Path,
    progress: Progress,
) -> Result<Built, Error> {
    build_with(&Sandbox::new(project)?, project, selection, out, progress)
}

/// [`build`], from templates and fonts already loaded (`watch` keeps one sandbox for all
/// its builds; it must be [refreshed](Sandbox::refresh) for `project`).
pub fn build_with(
    sandbox: &Sandbox,
    project: &Project,
    selection: &Selection,
    out: &Path,
    progress: Progress,
) -> Result<Built, Error> {
    let renderer = renderer(project, sandbox, selection)?;
    let shared = Shared::new(project)?;
    let is_link = std::fs::symlink_metadata(out).is_ok_and(|m| m.is_symlink());
    if is_link && !out.exists() {
        let source = std::io::Error::other(
            "the output folder is a symbolic link to nothing: remove the link or make its target",
        );
        return Err(Error::Io {
            path: out.to_path_buf(),
            source,
        });
    }
    output::refuse_inside_inputs(&project.root, out)?;
    let created = !out.exists();
    std::fs::create_dir_all(out).map_err(|source| Error::Io {
        path: out.to_path_buf(),
        source,
    })?;
    let lock = output::lock(out)?;
    crate::limits::arm(selection.limits, Some(out.to_path_buf()));
    let result = build_locked(project, selection, out, progress, renderer, shared);
    // Before the lock goes: a limit broken later must not touch a folder another build
    // may then hold.
    crate::limits::guard(None);
    if result.is_err() && created {
        // An output folder this build made is taken away again, lock and all.
        lock.remove(out);
        let _ = std::fs::remove_dir(out);
    }
    result
}

/// The build, once it holds the output folder's lock.
fn build_locked(
    project: &Project,
    selection: &Selection,
    out: &Path,
    progress: Progress,
    renderer: Renderer,
    shared: Shared,
) -> Result<Built, Error> {
    // What a killed build began is put back first, and its leftovers removed: the old
    // manifest then agrees with the files again.
    output::recover(out)?;
    output::clean(out);
    let old = Manifest::load(out).map_err(|e| Error::Check {
        code: "bad-manifest",
        document: manifest::FILE.into(),
        message: e.to_string(),
    })?;
    let fingerprint = fingerprint(project, selection, renderer.sandbox().fingerprint());
    let done = each(
        &jobs(project, selection),
        selection.jobs,
        |job| make(&renderer, &shared, &old, out, selection, &fingerprint, job),
        progress,
    );
    // Staged files are deleted as they drop.
    let done = done?;

    let mut manifest = Manifest {
        source: source(project, &fingerprint)?,
        ..Manifest::new()
    };
    let mut staged = Vec::new();
    let mut built = Built::default();
    for job in done {
        manifest.outputs.extend(job.entries);
        staged.extend(job.staged);
        built.files.extend(job.files);
        built.documents.push(job.made);
    }
    // The print lists: what goes to the print shop.
    for campaign in project
        .campaigns
        .iter()
        .filter(|c| selection.scope.campaigns.contains(&c.id))
    {
        let rel = format!("{}/print-list.csv", campaign.id);
        if selection.shard.is_some_and(|s| !s.holds(&rel)) {
            continue;
        }
        let csv = print_list(campaign);
        let entry = Entry {
            campaign: Some(campaign.id.clone()),
            ..entry(OutputKind::PrintList, &fingerprint, &csv)
        };
        let status = stage_into(out, &rel, csv.as_bytes(), &mut staged)?;
        built.files.push((rel.clone(), status));
        manifest.outputs.insert(rel, entry);
    }
    // Outputs of this build's scope that it did not make have left the data.
    let produced: BTreeSet<String> = manifest.outputs.keys().cloned().collect();
    let mut removed: Vec<String> = old
        .removed(&produced, |path, entry| {
            in_scope(project, selection, path, entry)
        })
        .into_iter()
        .map(str::to_string)
        .collect();
    // What this build did not touch stays recorded as it was.
    for (path, entry) in &old.outputs {
        if !manifest.outputs.contains_key(path) && !removed.contains(path) {
            manifest.outputs.insert(path.clone(), entry.clone());
        }
    }
    // A shard's page would show a share of the outputs: `manifest merge` writes the whole.
    if selection.preview && selection.shard.is_none() {
        let changed: BTreeSet<String> = built
            .documents
            .iter()
            .filter(|d| d.status == Status::Changed)
            .map(|d| d.job.path())
            .collect();
        manifest.outputs.remove("index.html");
        removed.retain(|r| r != "index.html");
        let html = review_page(Some(project), &manifest, &old, &changed, &removed);
        let rel = "index.html".to_string();
        let status = stage_into(out, &rel, html.as_bytes(), &mut staged)?;
        built.files.push((rel.clone(), status));
        manifest
            .outputs
            .insert(rel, entry(OutputKind::Index, &fingerprint, &html));
    }
    // Left alone when nothing changed, so a no-change build touches no file at all. Else
    // renamed into place last, with everything else: a commit that fails or is cut short
    // leaves the old manifest with the old files.
    if manifest != old {
        let path = out.join(manifest::FILE);
        let json = manifest
            .to_json()
            .map_err(|source| Error::Io { path, source })?;
        stage_into(out, manifest::FILE, json.as_bytes(), &mut staged)?;
    }
    output::commit(out, staged, &removed)?;
    built.removed = removed;
    Ok(built)
}

/// A job's part of the build: its document, its files staged, its manifest entries.
struct JobOutput {
    made: Made,
    staged: Vec<Staged>,
    files: Vec<(String, Status)>,
    entries: Vec<(String, Entry)>,
}

/// Prepares `job`, and renders, verifies and stages it unless the manifest shows its
/// outputs up to date.
fn make(
    renderer: &Renderer,
    shared: &Shared,
    old: &Manifest,
    out: &Path,
    selection: &Selection,
    fingerprint: &[u8],
    job: &Job,
) -> Result<JobOutput, Error> {
    let key = job_key(fingerprint, job, &shared.recipe(job));
    let rel = job.path();
    // The job's previews, and its sheets': the key names the job alone.
    let previews = |key: &str| -> Vec<(&String, &Entry)> {
        let stem = format!("{}-", job.name());
        old.outputs
            .iter()
            .filter(|(path, e)| {
                e.kind == OutputKind::Preview
                    && e.inputs == key
                    && (path.starts_with(&stem)
                        || (job.place.is_none() && path.starts_with("sheets/")))
            })
            .collect()
    };
    let sheets: Vec<String> = impose::sheets_of(job, &selection.print)
        .iter()
        .map(|layout| impose::sheet_path(job, layout))
        .collect();
    let current = !selection.force
        && old.is_current(out, &rel, &key)
        && sheets.iter().all(|path| old.is_current(out, path, &key))
        && (!selection.preview || {
            let found = previews(&key);
            !found.is_empty() && found.iter().all(|(p, _)| old.is_current(out, p, &key))
        });
    if current {
        let mut entries = vec![(rel.clone(), old.outputs[&rel].clone())];
        let mut files = Vec::new();
        for path in sheets {
            entries.push((path.clone(), old.outputs[&path].clone()));
            files.push((path, Status::Skipped));
        }
        if selection.preview {
            for (path, entry) in previews(&key) {
                entries.push((path.clone(), entry.clone()));
                files.push((path.clone(), Status::Skipped));
            }
        }
        let recorded = &old.outputs[&rel];
        let made = Made {
            job: job.clone(),
            pages: recorded.pages.or(job.material.spec().pages).unwrap_or(1),
            sha256: old.outputs[&rel].sha256.clone(),
            qr: Vec::new(),
            warnings: None,
            status: Status::Skipped,
        };
        return Ok(JobOutput {
            made,
            staged: Vec::new(),
            files,
            entries,
        });
    }

    let doc = renderer.render(&shared.prepare(job)?)?;
    let mut staged = Vec::new();
    let mut files = Vec::new();
    let status = stage_into(out, &rel, &doc.pdf, &mut staged)?;
    let pdf_entry = Entry {
        pages: Some(doc.document.pages().len()),
        ..job_entry(job, OutputKind::Pdf, &key, &doc.pdf)
    };
    let mut entries = vec![(rel, pdf_entry)];
    for sheet in renderer.sheets(&doc)? {
        let status = stage_into(out, &sheet.path, &sheet.pdf, &mut staged)?;
        let entry = Entry {
            pages: Some(sheet.document.pages().len()),
            ..job_entry(job, OutputKind::CardSheet, &key, &sheet.pdf)
        };
        files.push((sheet.path.clone(), status));
        if selection.preview {
            for (i, page) in sheet.document.pages().iter().enumerate() {
                let png = preview::page_png(page, preview::PREVIEW_DPI);
                let rel = format!("{}-{}.png", sheet.path.trim_end_matches(".pdf"), i + 1);
                let status = stage_into(out, &rel, &png, &mut staged)?;
                files.push((rel.clone(), status));
                entries.push((rel, job_entry(job, OutputKind::Preview, &key, &png)));
            }
        }
        entries.push((sheet.path, entry));
    }
    if selection.preview {
        for (i, page) in doc.document.pages().iter().enumerate() {
            let png = preview::page_png(page, preview::PREVIEW_DPI);
            let rel = format!("{}-{}.png", job.name(), i + 1);
            let status = stage_into(out, &rel, &png, &mut staged)?;
            files.push((rel.clone(), status));
            entries.push((rel, job_entry(job, OutputKind::Preview, &key, &png)));
        }
    }
    Ok(JobOutput {
        made: made(&doc, status),
        staged,
        files,
        entries,
    })
}

/// Stages a file and says whether it changed.
fn stage_into(
    out: &Path,
    rel: &str,
    bytes: &[u8],
    staged: &mut Vec<Staged>,
) -> Result<Status, Error> {
    let (outcome, file) = output::stage(out, rel, bytes)?;
    staged.extend(file);
    Ok(match outcome {
        Outcome::Written => Status::Changed,
        Outcome::Unchanged => Status::Unchanged,
    })
}

fn made(doc: &Rendered, status: Status) -> Made {
    Made {
        job: doc.job.clone(),
        pages: doc.document.pages().len(),
        sha256: manifest::sha256_hex(&doc.pdf),
        qr: doc.qr.clone(),
        warnings: doc.warnings.clone(),
        status,
    }
}

fn renderer<'a>(
    project: &'a Project,
    sandbox: &'a Sandbox,
    selection: &Selection,
) -> Result<Renderer<'a>, Error> {
    let mut renderer = Renderer::new(
        project,
        sandbox,
        selection.source_date_epoch,
        !selection.no_verify,
    )?;
    renderer.deny_warnings = selection.template_warnings == Verdict::Deny;
    renderer.set_standards(&selection.pdf_standards)?;
    renderer.print = selection.print;
    Ok(renderer)
}

/// Every result, or every error.
fn gather<T>(results: Vec<Result<T, Error>>) -> Result<Vec<T>, Error> {
    let mut done = Vec::new();
    let mut failed = Vec::new();
    for result in results {
        match result {
            Ok(t) => done.push(t),
            Err(e) => failed.push(e),
        }
    }
    match failed.len() {
        0 => Ok(done),
        1 => Err(failed.remove(0)),
        _ => Err(Error::Many(failed)),
    }
}

/// What every output of a build is made from besides its own inputs: handbill's version,
/// the options that change what is written or checked, every template and font, and the
/// numbers the checks hold the pages to.
fn fingerprint(project: &Project, selection: &Selection, sandbox: &str) -> Vec<u8> {
    let mut hasher = Sha256::new();
    let options = serde_json::json!({
        "handbill": env!("CARGO_PKG_VERSION"),
        // The PDFs' date, and what `datetime.today()` gives a template.
        "edition": project.coalition.edition,
        "epoch": selection.source_date_epoch,
        "verify": !selection.no_verify,
        "pdf-standards": selection.pdf_standards,
        "print": selection.print,
        "deny-warnings": selection.template_warnings == Verdict::Deny,
        "sandbox": sandbox,
        "known": project.printed_numbers(),
    });
    hasher.update(options.to_string());
    // The checks and the material table, as this binary has them.
    for rules in crate::verify::RULES {
        hasher.update(rules);
    }
    hasher.finalize().to_vec()
}

/// The hash of what the whole build is made from, in hex: the fingerprint and every data
/// file, so that shards built from different commits are never merged.
fn source(project: &Project, fingerprint: &[u8]) -> Result<String, Error> {
    let data = project.root.join("data");
    let root = crate::files::canonical_root(&project.root);
    let files = crate::files::under(&root, &data, crate::files::MAX_DATA_BYTES)
        .map_err(|(rel, refusal)| crate::files::refused(&format!("data/{rel}"), refusal))?;
    let mut hasher = Sha256::new();
    hasher.update(fingerprint);
    for (rel, bytes) in files {
        let rel = format!("data/{rel}");
        hasher.update((rel.len() as u64).to_le_bytes());
        hasher.update(rel);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    Ok(format!("{:x}", hasher.finalize()))
}

/// The hash of everything a job's outputs are made from, in hex.
fn job_key(fingerprint: &[u8], job: &Job, recipe: &serde_json::Value) -> String {
    let mut hasher = Sha256::new();
    hasher.update(fingerprint);
    hasher.update(job.path());
    hasher.update(recipe.to_string());
    format!("{:x}", hasher.finalize())
}

fn entry(kind: OutputKind, fingerprint: &[u8], contents: &str) -> Entry {
    let mut hasher = Sha256::new();
    hasher.update(fingerprint);
    hasher.update(contents);
    Entry {
        inputs: format!("{:x}", hasher.finalize()),
        sha256: manifest::sha256_hex(contents.as_bytes()),
        material: None,
        lang: None,
        campaign: None,
        location: None,
        kind,
        pages: None,
    }
}

fn job_entry(job: &Job, kind: OutputKind, key: &str, bytes: &[u8]) -> Entry {
    let place = job.place.as_ref();
    Entry {
        inputs: key.to_string(),
        sha256: manifest::sha256_hex(bytes),
        material: Some(job.material.name().to_string()),
        lang: Some(job.lang.clone()),
        campaign: place.map(|p| p.campaign.clone()),
        location: place.and_then(|p| p.location.clone()),
        kind: match (kind, job.material) {
            (OutputKind::Pdf, Material::Route) => OutputKind::RouteSheet,
            (kind, _) => kind,
        },
        pages: None,
    }
}

/// Whether a recorded output belongs to what this build makes, so that its absence means
/// it left the data: a plain `build` never removes a campaign's files, nor `--only poster`
/// the flyers.
fn in_scope(project: &Project, selection: &Selection, path: &str, entry: &Entry) -> bool {
    let scope = &selection.scope;
    // A shard never writes the review page (`manifest merge` does), and a preview goes
    // with its PDF, to whichever shard holds that.
    let owner = match entry.kind {
        OutputKind::Index if selection.shard.is_some() => return false,
        OutputKind::Preview if entry.campaign.is_some() || !path.starts_with("sheets/") => {
            preview_of(path).unwrap_or_else(|| path.to_string())
        }
        // A card's sheets, and their previews, go with its PDF.
        OutputKind::CardSheet | OutputKind::Preview => match (&entry.material, &entry.lang) {
            (Some(material), Some(lang)) => format!("{material}-{lang}.pdf"),
            _ => path.to_string(),
        },
        _ => path.to_string(),
    };
    if selection.shard.is_some_and(|s| !s.holds(&owner)) {
        return false;
    }
    let material_selected = entry
        .material
        .as_deref()
        .is_none_or(|name| Material::from_name(name).is_none_or(|m| scope.selects(m)));
    match &entry.campaign {
        _ if entry.kind == OutputKind::Index => true,
        None => scope.kit && material_selected,
        Some(id) => {
            let made = scope.campaigns.contains(id);
            let gone = !project.campaigns.iter().any(|c| &c.id == id);
            (made || (gone && selection.all_campaigns)) && material_selected
        }
    }
}

/// The PDF a preview (`<name>-<page>.png`) shows.
fn preview_of(path: &str) -> Option<String> {
    let stem = path.strip_suffix(".png")?;
    let (name, page) = stem.rsplit_once('-')?;
    page.parse::<u32>().ok()?;
    Some(format!("{name}.pdf"))
}

/// A campaign's print list, as CSV: one row per file, with its material, trim size and
/// copies.
fn print_list(campaign: &crate::project::Campaign) -> String {
    let mut csv = String::from("file,material,trim,copies\n");
    for location in &campaign.locations {
        for material in &location.materials {
            let (w, h) = material.spec().trim_inches;
            for lang in &location.languages {
                let job = Job {
                    material: *material,
                    lang: lang.clone(),
                    place: Some(plan::Place::location(&campaign.id, &location.id)),
                };
                // Every field is a slug, a material name or a number: nothing to quote.
                csv.push_str(&format!(
                    "{},{},{w} x {h} in,{}\n",
                    job.path(),
                    material.name(),
                    location.copies
                ));
            }
        }
    }
    csv
}

/// The review page of an output folder, from its manifest: every PDF with its previews,
/// those in `changed` marked (as new when `old` did not list them). Locations are named
/// from the project when there is one, else by id.
pub fn review_page(
    project: Option<&Project>,
    manifest: &Manifest,
    old: &Manifest,
    changed: &BTreeSet<String>,
    removed: &[String],
) -> String {
    let pdfs = manifest.outputs.iter().filter(|(_, e)| {
        matches!(
            e.kind,
            OutputKind::Pdf | OutputKind::RouteSheet | OutputKind::CardSheet
        )
    });
    let items: Vec<IndexItem> = pdfs
        .map(|(path, entry)| {
            let stem = format!("{}-", path.trim_end_matches(".pdf"));
            let location = entry.location.as_ref().map(|id| {
                let found = project.and_then(|project| {
                    let campaign = project
                        .campaigns
                        .iter()
                        .find(|c| entry.campaign.as_ref() == Some(&c.id))?;
                    campaign.locations.iter().find(|l| &l.id == id)
                });
                found.map_or_else(|| id.clone(), |l| format!("{}, {}", l.name, l.town))
            });
            IndexItem {
                pdf: path.clone(),
                previews: manifest
                    .outputs
                    .iter()
                    .filter(|(p, e)| e.kind == OutputKind::Preview && p.starts_with(&stem))
                    .filter(|(p, _)| {
                        p[stem.len()..]
                            .trim_end_matches(".png")
                            .parse::<u32>()
                            .is_ok()
                    })
                    .map(|(p, _)| p.clone())
                    .collect(),
                campaign: entry.campaign.clone(),
                location,
                location_id: entry.location.clone(),
                material: entry.material.clone().unwrap_or_default(),
                lang: entry.lang.clone().unwrap_or_default(),
                status: match (changed.contains(path), old.outputs.contains_key(path)) {
                    (false, _) => ItemStatus::Unchanged,
                    (true, true) => ItemStatus::Changed,
                    (true, false) => ItemStatus::New,
                },
            }
        })
        .collect();
    let title = project.map_or("handbill", |p| p.coalition.name.as_str());
    preview::index_html(title, &items, removed)
}
