//! An overflow names the data field that made the page spill, and by how much.

use crate::fails_cleanly;
use crate::util::TempProject;

fn overflow_names(breakage: impl FnOnce(&TempProject), needles: &[&str]) -> String {
    let p = TempProject::bundled();
    breakage(&p);
    let run = p.run(&["check"]);
    run.failure()
        .stderr_has(&["error[overflow]", "taller than the page"]);
    run.stderr_has(needles);
    assert!(
        !run.stderr.contains("some text is too long"),
        "{}",
        run.stderr
    );
    run.stderr
}

/// The overflow message of `document`.
fn message_of<'a>(stderr: &'a str, document: &str) -> &'a str {
    let start = stderr
        .find(&format!("error[overflow]: {document}:"))
        .unwrap_or_else(|| panic!("no overflow of {document}:\n{stderr}"));
    let rest = &stderr[start..];
    &rest[..rest.find('\n').unwrap_or(rest.len())]
}

#[test]
fn a_long_flyer_headline_is_named() {
    let stderr = overflow_names(
        |p| {
            let long = "Human trafficking happens here, along the interstate. ".repeat(5);
            p.edit(
                "data/content/en.toml",
                "headline = \"Human trafficking happens here.\"",
                &format!("headline = \"{long}\""),
            );
        },
        &[],
    );
    let message = message_of(&stderr, "flyer-en");
    assert!(
        message.contains("shorten `flyer.headline` in data/content/en.toml"),
        "{message}"
    );
}

#[test]
fn eight_extra_signs_name_the_list() {
    let stderr = overflow_names(
        |p| {
            let extra: String = (1..=8)
                .map(|i| format!("  \"Another sign to look for, number {}, that takes a line or two of the flyer.\",\n", ["one", "two", "three", "four", "five", "six", "seven", "eight"][i - 1]))
                .collect();
            p.edit(
                "data/content/en.toml",
                "items = [\n  \"Does not hold",
                &format!("items = [\n{extra}  \"Does not hold"),
            );
        },
        &[],
    );
    let message = message_of(&stderr, "flyer-en");
    assert!(
        message.contains("shorten `signs.items` in data/content/en.toml (14 items)"),
        "{message}"
    );
}

#[test]
fn eight_extra_guide_rows_name_the_guide() {
    let stderr = overflow_names(
        |p| {
            let mut guide = p.read("data/guide.toml");
            for i in 0..8 {
                guide.push_str(&format!(
                    "\n[[row]]\nid = \"extra-{i}\"\ncall = [\"crisis-center\", \"mercy-htrp\"]\n"
                ));
            }
            p.write("data/guide.toml", guide);
            let rows: String = (0..8)
                .map(|i| format!("[guide.rows.extra-{i}]\nsituation = \"Another situation in which to call someone\"\n\n"))
                .collect();
            p.edit_content(
                &["en", "es", "hmn"],
                "[guide.rows.unsure]",
                &format!("{rows}[guide.rows.unsure]"),
            );
        },
        &[],
    );
    let message = message_of(&stderr, "flyer-en");
    assert!(
        message.contains("shorten the guide's 13 rows in data/guide.toml"),
        "{message}"
    );
}

#[test]
fn a_long_translated_row_is_named_with_its_language() {
    let stderr = overflow_names(
        |p| {
            let long = "La persona es, o parece ser, menor de 18 años, ".repeat(14);
            p.edit(
                "data/content/es.toml",
                "situation = \"La persona es, o parece ser, menor de 18 años\"",
                &format!("situation = \"{long}\""),
            );
        },
        &[],
    );
    let message = message_of(&stderr, "flyer-es");
    assert!(
        message.contains("shorten `guide.rows.minor.situation` in data/content/es.toml"),
        "{message}"
    );
    // English and Hmong still fit.
    assert!(!stderr.contains("flyer-en:"), "{stderr}");
}

#[test]
fn every_failing_document_is_reported_and_nothing_is_written() {
    let p = TempProject::bundled();
    p.run(&["build"]).success();
    let before = p.snapshot("out");
    let long = "Human trafficking happens here, along the interstate. ".repeat(6);
    p.edit(
        "data/content/en.toml",
        "headline = \"Human trafficking happens here.\"",
        &format!("headline = \"{long}\""),
    );
    p.write("templates/poster.typ", "#let x = (1, 2\n");
    let run = p.run(&["build"]);
    run.failure().stderr_has(&[
        "error[overflow]: flyer-en:",
        "while rendering poster-en.pdf",
        "poster-es.pdf",
        "poster-hmn.pdf",
    ]);
    assert_eq!(before, p.snapshot("out"));
}

#[test]
fn overflowing_content_fails_the_build() {
    fails_cleanly(
        |p| {
            let note = "what people look like, the vehicle, its plate, the time and the place.";
            let long = note.repeat(12);
            p.edit(
                "data/content/en.toml",
                &format!("note = \"{note}\""),
                &format!("note = \"{long}\""),
            );
        },
        &[
            "error[overflow]: driver-card-en",
            "shorten `driver-card.note` in data/content/en.toml",
            "taller than the page",
        ],
    );
}
