//! What verification costs: building the bundled kit in memory with and without reading
//! every page back. Prints medians of interleaved runs and their ratio (the goal: ≤ 1.5).
//!
//! Run with `cargo bench --bench verify`.

use std::path::Path;
use std::time::{Duration, Instant};

use handbill::build::{self, Selection};
use handbill::project::Project;

const ROUNDS: usize = 25;

fn main() {
    let project = Project::load(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("bundled data loads");
    let time = |no_verify: bool| {
        let selection = Selection {
            no_verify,
            ..Selection::default()
        };
        let start = Instant::now();
        let docs = build::render_all(&project, &selection).expect("bundled kit renders");
        assert_eq!(
            docs.len(),
            25,
            "seven materials in three languages, the multilingual poster, three notices"
        );
        start.elapsed()
    };
    // Warm up caches and fonts once each way.
    time(true);
    time(false);
    let mut plain = Vec::with_capacity(ROUNDS);
    let mut verified = Vec::with_capacity(ROUNDS);
    // Interleaved, so a noisy neighbour slows both sides alike.
    for _ in 0..ROUNDS {
        plain.push(time(true));
        verified.push(time(false));
    }
    let (p, v) = (median(&mut plain), median(&mut verified));
    println!(
        "build bundled kit, --no-verify: median {:>7.2} ms ({ROUNDS} runs)",
        ms(p)
    );
    println!(
        "build bundled kit, verified:    median {:>7.2} ms ({ROUNDS} runs)",
        ms(v)
    );
    println!(
        "ratio verified / no-verify:     {:.2} (goal: at most 1.5)",
        ms(v) / ms(p)
    );
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
