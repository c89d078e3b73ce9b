//! Visual regression, as typst's own suite has it: every page of every bundled material
//! (the kit, and the bundled campaign's route sheets), rendered at [`DPI`], against the
//! reference PNGs in `tests/reference/`. A layout change then shows in review, as changed
//! images, instead of on a truck-stop wall.
//!
//! `HANDBILL_ACCEPT=1 cargo test visual` writes the new output as the references (and
//! removes references no page has any more); look at them before committing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use handbill::build::{self, Selection};
use handbill::plan::{Material, Scope};
use handbill::project::Project;
use tiny_skia::Pixmap;

use crate::util::TempProject;

/// Low enough to keep the references small, high enough that a moved block, a changed
/// colour or a reflowed headline changes pixels.
const DPI: f32 = 20.0;

/// A channel differing by more than this counts the pixel as changed: antialiasing that
/// differs across platforms stays under it.
const LEVEL: u8 = 40;

/// The share of a page's pixels that may change.
const SHARE: f64 = 0.002;

/// Where the references live.
fn references() -> PathBuf {
    crate::util::repo().join("tests").join("reference")
}

/// How two renderings of a page differ, if more than the tolerance allows.
fn difference(reference: &Pixmap, actual: &Pixmap) -> Option<String> {
    if (reference.width(), reference.height()) != (actual.width(), actual.height()) {
        return Some(format!(
            "size {}×{} px, the reference is {}×{}",
            actual.width(),
            actual.height(),
            reference.width(),
            reference.height()
        ));
    }
    let changed = reference
        .data()
        .chunks_exact(4)
        .zip(actual.data().chunks_exact(4))
        .filter(|(a, b)| a.iter().zip(*b).any(|(x, y)| x.abs_diff(*y) > LEVEL))
        .count();
    let pixels = (reference.width() * reference.height()) as usize;
    let share = changed as f64 / pixels as f64;
    (share > SHARE).then(|| {
        format!(
            "{changed} of {pixels} pixels changed ({:.2} %, at most {:.2} % may)",
            share * 100.0,
            SHARE * 100.0
        )
    })
}

/// Every page of the bundled kit and of the bundled campaign's route sheets, by reference
/// file name.
fn pages() -> Vec<(String, Vec<u8>)> {
    let p = TempProject::bundled();
    let project = Project::load(p.root()).unwrap();
    let routes = Selection {
        scope: Scope {
            kit: false,
            campaigns: project.campaigns.iter().map(|c| c.id.clone()).collect(),
            only: vec![Material::Route],
        },
        ..Selection::default()
    };
    let mut docs = build::render_all(&project, &Selection::default()).unwrap();
    docs.extend(build::render_all(&project, &routes).unwrap());
    let mut out = Vec::new();
    for doc in docs {
        let name = doc.job.name().replace('/', "-");
        for (i, page) in doc.document.pages().iter().enumerate() {
            let png = handbill::preview::page_png(page, DPI);
            out.push((format!("{name}-{}.png", i + 1), png));
        }
    }
    out
}

#[test]
fn every_page_matches_its_reference_image() {
    let dir = references();
    let accept = std::env::var_os("HANDBILL_ACCEPT").is_some_and(|v| v == "1");
    let pages = pages();
    let names: BTreeSet<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    if accept {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let stale = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".png") && !names.contains(n));
            if stale {
                std::fs::remove_file(path).unwrap();
            }
        }
        for (name, png) in &pages {
            std::fs::write(dir.join(name), png).unwrap();
        }
        return;
    }
    // What differs is written beside the build, to look at.
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("visual");
    std::fs::create_dir_all(&out).unwrap();
    let mut failures = Vec::new();
    for (name, png) in &pages {
        let actual = Pixmap::decode_png(png).unwrap();
        let why = match std::fs::read(dir.join(name)) {
            Err(_) => Some("no reference image".to_string()),
            Ok(bytes) => difference(&Pixmap::decode_png(&bytes).unwrap(), &actual),
        };
        if let Some(why) = why {
            std::fs::write(out.join(name), png).unwrap();
            failures.push(format!("{name}: {why}"));
        }
    }
    let stale: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.ends_with(".png") && !names.contains(n.as_str()))
        .collect();
    failures.extend(
        stale
            .iter()
            .map(|n| format!("{n}: no page has it any more")),
    );
    assert!(
        failures.is_empty(),
        "pages differ from tests/reference/ (new output in {}); if the change is meant, run HANDBILL_ACCEPT=1 cargo test visual and look at the images:\n{}",
        out.display(),
        failures.join("\n")
    );
}

/// A page of `w`×`h` white pixels with a black square of `side` at (`x`, `y`).
fn page_with_square(w: u32, h: u32, x: u32, y: u32, side: u32) -> Pixmap {
    let mut pixmap = Pixmap::new(w, h).unwrap();
    pixmap.fill(tiny_skia::Color::WHITE);
    let rect = tiny_skia::Rect::from_xywh(x as f32, y as f32, side as f32, side as f32).unwrap();
    let mut paint = tiny_skia::Paint::default();
    paint.set_color(tiny_skia::Color::BLACK);
    pixmap.fill_rect(rect, &paint, tiny_skia::Transform::identity(), None);
    pixmap
}

#[test]
fn the_comparison_sees_a_moved_block_and_forgives_faint_noise() {
    let reference = page_with_square(200, 300, 40, 40, 30);
    assert_eq!(difference(&reference, &reference.clone()), None);
    // The block moved by a few pixels: a layout change.
    let moved = page_with_square(200, 300, 44, 40, 30);
    assert!(difference(&reference, &moved).is_some());
    // Another size of page.
    let taller = page_with_square(200, 310, 40, 40, 30);
    assert!(difference(&reference, &taller).unwrap().contains("size"));
    // A colour changed by less than the level, everywhere: antialiasing, not layout.
    let mut faint = reference.clone();
    for px in faint.data_mut().chunks_exact_mut(4) {
        px[0] = px[0].saturating_sub(LEVEL / 2);
    }
    assert_eq!(difference(&reference, &faint), None);
    // A few stray pixels, under the share.
    let mut stray = reference.clone();
    for px in stray.data_mut().chunks_exact_mut(4).take(50) {
        px[..3].copy_from_slice(&[0, 0, 0]);
    }
    assert_eq!(difference(&reference, &stray), None);
}
