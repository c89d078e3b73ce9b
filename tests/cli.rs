//! End-to-end tests: the binary on temporary projects, and the documents it lays out. One
//! test binary (one link of typst, not twenty), one module per area; what several areas
//! share is here and in `util`.

mod util;

#[path = "cli/accessible.rs"]
mod accessible;
#[path = "cli/bad.rs"]
mod bad;
#[path = "cli/campaign_build.rs"]
mod campaign_build;
#[path = "cli/campaigns.rs"]
mod campaigns;
#[path = "cli/data.rs"]
mod data;
#[path = "cli/design.rs"]
mod design;
#[path = "cli/init.rs"]
mod init;
#[path = "cli/notice.rs"]
mod notice;
#[path = "cli/output.rs"]
mod output;
#[path = "cli/overflow.rs"]
mod overflow;
#[path = "cli/print.rs"]
mod print;
#[path = "cli/printed.rs"]
mod printed;
#[path = "cli/safety.rs"]
mod safety;
#[path = "cli/shell.rs"]
mod shell;
#[path = "cli/templates.rs"]
mod templates;
#[path = "cli/verify.rs"]
mod verify;
#[path = "cli/visual.rs"]
mod visual;
#[path = "cli/watch.rs"]
mod watch;

use util::TempProject;

const HOTLINE_TEL: &str = "tel:+18883737888";
const CONTACT_FORM: &str = "https://siskiyou-coalition.example.org/contact";
const LANGS: [&str; 3] = ["en", "es", "hmn"];
/// Documents a build of the bundled data writes: seven materials in three languages, the
/// multilingual poster, and the notice in English, Spanish and combined.
const DOCUMENTS: usize = 25;
/// Card sheets a build of the bundled data writes besides: two cards, two layouts, three
/// languages.
const SHEETS: usize = 12;

/// Sets the `verified` date of the first contact (the national hotline) to `date`.
fn set_first_verified(p: &TempProject, date: &str) {
    let text = p.read("data/contacts.toml");
    let first = text.lines().find(|l| l.starts_with("verified = ")).unwrap();
    let text = text.replacen(first, &format!("verified = {date}"), 1);
    p.write("data/contacts.toml", text);
}

/// Page count and trim size (in PDF points) of each page of a written PDF.
fn pdf_pages(path: &std::path::Path) -> Vec<(f32, f32)> {
    let doc = lopdf::Document::load(path).unwrap();
    doc.get_pages()
        .values()
        .map(|&id| {
            let page = doc.get_object(id).unwrap().as_dict().unwrap();
            let boxed = page
                .get(b"TrimBox")
                .or_else(|_| page.get(b"MediaBox"))
                .unwrap();
            let r: Vec<f32> = boxed
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_float().unwrap())
                .collect();
            (r[2] - r[0], r[3] - r[1])
        })
        .collect()
}

/// Builds once, breaks the project with `breakage`, and asserts the next build fails with
/// exit code 1, a message holding each of `needles`, and `out/` exactly as it was.
fn fails_cleanly(breakage: impl FnOnce(&TempProject), needles: &[&str]) -> String {
    let p = TempProject::bundled();
    p.run(&["build"]).success();
    let before = p.snapshot("out");
    breakage(&p);
    let run = p.run(&["build"]);
    run.failure().stderr_has(needles);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(
        before,
        p.snapshot("out"),
        "a failed build must leave out/ untouched"
    );
    p.run(&["check"]).failure();
    run.stderr
}
