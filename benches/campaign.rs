//! A campaign at scale: a synthetic campaign of N locations, one poster each, built with
//! verification on. Prints documents per second, peak memory (resident, and as
//! `--max-memory` counts it), the cost of a no-change rebuild and the size of a poster;
//! then, when `typst` and `qrencode` are on PATH, runs the obvious alternative (a shell
//! loop that makes each location's QR code with `qrencode` and calls `typst compile` once
//! per location with `--input`) and prints the ratio.
//!
//! Run with `cargo bench --bench campaign`. Each size runs in a fresh process (this binary
//! again), so peak memory is that build's alone; medians of `ROUNDS` runs are printed.
//! `HANDBILL_BENCH_ROUNDS=1`, `HANDBILL_BENCH_SIZES=100,500,1000` and
//! `HANDBILL_BENCH_CLI=100` (locations in the typst loop) change the sizes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use handbill::build::{self, Selection};
use handbill::plan::Scope;
use handbill::project::Project;

// The allocator the `handbill` binary uses: memory is measured as a build would use it.
#[global_allocator]
static ALLOCATOR: handbill::limits::Capped<mimalloc::MiMalloc> =
    handbill::limits::Capped(mimalloc::MiMalloc);

/// The campaign's languages: a route sheet is made in each.
const LANGUAGES: [&str; 3] = ["en", "es", "hmn"];

/// Runs of each size, unless `HANDBILL_BENCH_ROUNDS` says otherwise.
const ROUNDS: usize = 3;
const CHILD: &str = "HANDBILL_BENCH_CHILD";
const FORM: &str = "https://siskiyou-coalition.example.org/contact";

fn main() {
    if let Ok(n) = std::env::var(CHILD) {
        child(n.parse().expect("a location count"));
        return;
    }
    let sizes: Vec<usize> = std::env::var("HANDBILL_BENCH_SIZES")
        .unwrap_or_else(|_| "100,500,1000".into())
        .split(',')
        .map(|s| s.trim().parse().expect("sizes are numbers"))
        .collect();
    let rounds: usize = std::env::var("HANDBILL_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(ROUNDS);
    println!("campaign benchmark: one poster per location, verification on, {rounds} runs each");
    let mut best_rate = 0.0;
    for &n in &sizes {
        let mut runs: Vec<Measured> = (0..rounds).map(|_| spawn(n)).collect();
        let build = median(runs.iter().map(|r| r.build).collect());
        let rebuild = median(runs.iter().map(|r| r.rebuild).collect());
        runs.sort_by_key(|r| r.peak_kb);
        let peak = runs[rounds / 2].peak_kb;
        runs.sort_by_key(|r| r.peak_heap_kb);
        let heap = runs[rounds / 2].peak_heap_kb;
        let rate = n as f64 / build.as_secs_f64();
        best_rate = rate;
        println!(
            "{n:>5} locations: build {:>7.2} s ({rate:>5.1} documents/s), no-change rebuild {:>6.3} s ({:.2} % of the build), peak memory {:>4} MB ({:>4} MB as --max-memory counts it), largest poster {} KB",
            build.as_secs_f64(),
            rebuild.as_secs_f64(),
            100.0 * rebuild.as_secs_f64() / build.as_secs_f64(),
            peak / 1024,
            heap / 1024,
            runs[0].largest_pdf / 1024,
        );
    }
    let cli_n: usize = std::env::var("HANDBILL_BENCH_CLI")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    match typst_loop(cli_n) {
        Some(elapsed) => {
            let rate = cli_n as f64 / elapsed.as_secs_f64();
            println!(
                "typst CLI loop, {cli_n} locations: {:.2} s ({rate:.1} documents/s, no verification); handbill is {:.1} times faster",
                elapsed.as_secs_f64(),
                best_rate / rate
            );
        }
        None => println!("typst CLI loop: skipped (needs `typst` and `qrencode` on PATH)"),
    }
}

/// One build's figures, as a child process reports them.
struct Measured {
    build: Duration,
    rebuild: Duration,
    peak_kb: u64,
    /// The most handbill's allocator held at once: what `--max-memory` limits.
    peak_heap_kb: u64,
    largest_pdf: u64,
}

fn spawn(n: usize) -> Measured {
    let out = Command::new(std::env::current_exe().expect("this benchmark's path"))
        .env(CHILD, n.to_string())
        .output()
        .expect("the benchmark runs itself");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).expect("figures");
    let fields: Vec<f64> = line
        .split_whitespace()
        .map(|f| f.parse().expect("a figure"))
        .collect();
    Measured {
        build: Duration::from_secs_f64(fields[0]),
        rebuild: Duration::from_secs_f64(fields[1]),
        peak_kb: fields[2] as u64,
        peak_heap_kb: fields[3] as u64,
        largest_pdf: fields[4] as u64,
    }
}

/// A copy of the bundled data with a campaign of `n` locations along a made-up corridor.
fn project(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy(&repo.join("data"), &dir.path().join("data"));
    let campaigns = dir.path().join("data/campaigns");
    std::fs::remove_dir_all(&campaigns).expect("the bundled campaigns go");
    std::fs::create_dir_all(&campaigns).expect("a campaigns folder");
    let towns = ["Dunsmuir", "Mount Shasta", "Weed", "Yreka", "Hornbrook"];
    let kinds = ["truck-stop", "rest-area", "motel", "bus-station"];
    let mut toml = String::from(
        "[campaign]\nname = \"Benchmark\"\nmaterials = [\"poster\"]\nlanguages = [\"en\", \"es\", \"hmn\"]\n",
    );
    for i in 0..n {
        // Exits 211 … 911 and 988 read as service numbers in a printed name, and five
        // digits as a text code: exits stay under 10000, repeating in other towns (4999
        // and the 5 towns share no factor, so no two stops share exit and town).
        let exit = exit(i % 4999);
        toml.push_str(&format!(
            "\n[[location]]\nid = \"stop-{}\"\nname = \"Stop, exit {}\"\ntown = \"{}\"\nkind = \"{}\"\nexit = {}\n",
            slug(i),
            exit,
            towns[i % towns.len()],
            kinds[i % kinds.len()],
            exit
        ));
        // One poster a stop, the stops taking turns at the languages, so that N stops make
        // N posters however many languages the route sheets are in.
        let lang = LANGUAGES[i % LANGUAGES.len()];
        toml.push_str(&format!("languages = [\"{lang}\"]\n"));
    }
    std::fs::write(campaigns.join("bench.toml"), toml).expect("the campaign file");
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("a readable folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("a copy");
        }
    }
}

/// Builds the campaign twice (the second time with nothing changed, loading the data
/// again as a second run would) and prints the
/// seconds of each, the peak resident memory and the first build's peak of handbill's
/// allocator in KB, and the largest PDF's bytes.
fn child(n: usize) {
    let dir = project(n);
    let project = Project::load(dir.path()).expect("the benchmark's data loads");
    let selection = Selection {
        scope: Scope {
            kit: false,
            campaigns: vec!["bench".into()],
            only: Vec::new(),
        },
        ..Selection::default()
    };
    let out = dir.path().join("out");
    let routes = LANGUAGES.len() * handbill::plan::Part::all(n).len();
    let start = Instant::now();
    let built = build::build(&project, &selection, &out, &|| {}).expect("the campaign builds");
    let first = start.elapsed();
    let peak_heap = handbill::limits::peak();
    assert_eq!(
        built.documents.len(),
        n + routes,
        "a poster each, and each route sheet in each language"
    );
    // As a second `handbill build` would: load the data, then find nothing to make.
    let start = Instant::now();
    let project = Project::load(dir.path()).expect("the benchmark's data loads");
    let again = build::build(&project, &selection, &out, &|| {}).expect("it builds again");
    let second = start.elapsed();
    assert_eq!(
        again.skipped(),
        n + routes,
        "nothing changed, so nothing is made"
    );
    let largest = built
        .documents
        .iter()
        .filter(|d| d.job.material == handbill::plan::Material::Poster)
        .map(|d| {
            let path = handbill::output::path_of(&out, &d.job.path());
            std::fs::metadata(path).map_or(0, |m| m.len())
        })
        .max()
        .unwrap_or(0);
    println!(
        "{} {} {} {} {largest}",
        first.as_secs_f64(),
        second.as_secs_f64(),
        peak_kb(),
        peak_heap >> 10,
    );
}

/// The process's peak resident memory (VmHWM), in KB; 0 where /proc does not say.
fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn on_path(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(tool))
        .find(|p| p.is_file())
}

/// The alternative, timed: a shell loop that writes each location's contact-form code with
/// `qrencode`, then compiles a poster with `typst compile --input`. `None` without the tools.
fn typst_loop(n: usize) -> Option<Duration> {
    let typst = on_path("typst")?;
    let qrencode = on_path("qrencode")?;
    let dir = tempfile::tempdir().ok()?;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::write(
        dir.path().join("poster.typ"),
        include_str!("cli-loop/poster.typ"),
    )
    .ok()?;
    let mut script = format!(
        "set -e\n'{}' -t SVG -m 4 -o qr-hotline.svg 'tel:+18883737888'\n",
        qrencode.display()
    );
    for i in 0..n {
        let id = format!("stop-{}", slug(i));
        let url = format!("{FORM}?utm_source={id}&utm_medium=poster&utm_campaign=bench");
        script.push_str(&format!(
            "'{q}' -t SVG -m 4 -o qr-{id}.svg '{url}'\n'{t}' compile --ignore-system-fonts --font-path '{fonts}' --input location='Stop, exit {exit}' --input town=Weed --input qr=qr-{id}.svg poster.typ poster-{id}.pdf\n",
            q = qrencode.display(),
            t = typst.display(),
            fonts = repo.join("fonts").display(),
            exit = exit(i),
        ));
    }
    let start = Instant::now();
    let status = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .status()
        .ok()?;
    let elapsed = start.elapsed();
    status.success().then_some(elapsed)
}

/// The exit of the `i`-th location: numbered up the corridor, skipping 211 … 911 and 988.
fn exit(i: usize) -> usize {
    (100..)
        .filter(|e: &usize| {
            let e = e.to_string();
            !e.contains("11") && !e.contains("988")
        })
        .nth(i)
        .expect("exits go on")
}

/// A location's number spelt in letters (`a`, `b`, … `ba`): digits in an id are printed on
/// the route sheet, and five of them read as a text code.
fn slug(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'a' + (i % 26) as u8) as char);
        i /= 26;
        if i == 0 {
            return s;
        }
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}
