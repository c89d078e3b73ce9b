//! Verification: each check fires on a document that breaks it, as a careless designer
//! or a hostile template would.

use handbill::plan::Material;

use crate::util::{TempProject, find_codes, page_text};
use crate::{CONTACT_FORM, HOTLINE_TEL, LANGS};

#[test]
fn every_qr_code_decodes_to_its_payload_at_its_size() {
    let p = TempProject::bundled();
    for doc in p.render() {
        let name = doc.job.path();
        // Payloads expected on each page, with the least span of modules each must have.
        let expected: Vec<Vec<(&str, f64)>> = match doc.job.material {
            Material::Flyer => vec![vec![(CONTACT_FORM, 1.0), (HOTLINE_TEL, 1.0)]],
            // Nothing on the front a searcher could scan.
            Material::PocketCard => vec![vec![], vec![(HOTLINE_TEL, 0.8)]],
            Material::DriverCard => vec![vec![], vec![(HOTLINE_TEL, 0.8)]],
            Material::TearOff => vec![vec![(HOTLINE_TEL, 1.0)]],
            Material::Poster => vec![vec![(CONTACT_FORM, 3.0), (HOTLINE_TEL, 3.0)]],
            Material::PosterLetter => vec![vec![(CONTACT_FORM, 1.5), (HOTLINE_TEL, 1.5)]],
            // One code for every language's panel.
            Material::PosterMultilingual => vec![vec![(HOTLINE_TEL, 2.0)]],
            Material::RestroomSticker => vec![vec![(HOTLINE_TEL, 1.25)]],
            Material::Notice | Material::NoticeCombined => vec![vec![]],
            Material::Route => panic!("{name}: the kit has no route sheet"),
        };
        assert_eq!(doc.document.pages().len(), expected.len(), "{name}");
        for (i, (page, want)) in doc.document.pages().iter().zip(expected).enumerate() {
            // Enough pixels that the smallest code has well over 3 per module.
            let tabloid = [Material::Poster, Material::PosterMultilingual];
            let pixel_per_pt = if tabloid.contains(&doc.job.material) {
                2.0
            } else {
                4.0
            };
            let found = find_codes(page, pixel_per_pt);
            let payloads: Vec<&str> = found.iter().map(|c| c.payload.as_str()).collect();
            let want_payloads: Vec<&str> = want.iter().map(|(w, _)| *w).collect();
            assert_eq!(payloads, want_payloads, "{name} page {}", i + 1);
            for (code, (_, min)) in found.iter().zip(&want) {
                let (payload, span) = (&code.payload, code.span_inches);
                assert!(span >= *min, "{name}: {payload} spans {span:.2} in");
            }
        }
    }
}

#[test]
fn every_local_number_of_the_seed_is_on_every_flyer() {
    let p = TempProject::bundled();
    let docs = p.render();
    let flyers: Vec<_> = docs
        .iter()
        .filter(|d| d.job.material == Material::Flyer)
        .collect();
    assert_eq!(flyers.len(), LANGS.len());
    let seed_numbers = [
        "(530) 841-4200",
        "(530) 842-7009",
        "(530) 842-8300",
        "(530) 842-2900",
        "(530) 842-6629",
        "(530) 926-6111",
        "1-888-373-7888",
        "233733",
        "911",
    ];
    for flyer in flyers {
        let text = page_text(&flyer.document.pages()[0].frame);
        for number in seed_numbers {
            let compact: String = number.chars().filter(|c| !c.is_whitespace()).collect();
            let name = flyer.job.path();
            assert!(
                text.contains(&compact),
                "{number} is not on {name}:\n{text}"
            );
        }
    }
}

/// Overrides one template and asserts `check` fails with each of `needles`.
fn override_fails(template: &str, source: &str, needles: &[&str]) {
    let p = TempProject::bundled();
    p.write(&format!("templates/{template}"), source);
    let run = p.run(&["check"]);
    run.failure().stderr_has(needles);
}

const POSTER_HEAD: &str = "#import \"lib/common.typ\": *\n#import \"lib/qr.typ\": qr-code\n#show: material.with(width: 11in, height: 17in)\n";

#[test]
fn a_qr_code_that_encodes_something_else_fails() {
    // The mark says "hotline", the modules say the text code.
    let forged = "#qr-code((..qr.hotline, modules: qr.text.modules, pdf: qr.text.pdf), 3.2in)";
    override_fails(
        "poster.typ",
        &format!("{POSTER_HEAD}#hotline.phones.first().display #text-line(hotline)\n{forged}"),
        &[
            "error[qr-unreadable]: poster-en: page 1: the QR code for \"tel:+18883737888\" decodes to \"SMSTO:233733:HELP\"",
        ],
    );
}

#[test]
fn a_qr_code_not_from_the_data_fails() {
    let stranger = "#qr-code((..qr.hotline, payload: \"tel:+15555550100\"), 3.2in)";
    override_fails(
        "poster.typ",
        &format!("{POSTER_HEAD}#hotline.phones.first().display\n{stranger}"),
        &[
            "poster-en: page 1",
            "\"tel:+15555550100\", which is not in the data",
        ],
    );
}

#[test]
fn a_qr_code_drawn_too_small_fails() {
    override_fails(
        "poster.typ",
        &format!("{POSTER_HEAD}#hotline.phones.first().display\n#qr-code(qr.hotline, 2in)"),
        &[
            "poster-en: page 1",
            "spans 2.0",
            "a poster needs at least 3 in",
        ],
    );
}

#[test]
fn something_in_the_quiet_zone_fails() {
    let crowded = "#box(qr-code(qr.hotline, 3.2in) + place(top + left, dx: 0.1in, dy: 0.1in, rect(width: 0.3in, height: 0.3in, fill: black)))";
    override_fails(
        "poster.typ",
        &format!("{POSTER_HEAD}#hotline.phones.first().display\n{crowded}"),
        &["poster-en: page 1", "quiet zone"],
    );
}

#[test]
fn a_qr_code_without_its_number_beside_it_fails() {
    override_fails(
        "poster.typ",
        &format!("{POSTER_HEAD}Call the hotline.\n#qr-code(qr.hotline, 3.2in)"),
        &[
            "error[number-not-visible]: poster-en: page 1: the QR code for \"tel:+18883737888\": its number 1-888-373-7888 is not printed on the page",
        ],
    );
}

#[test]
fn a_material_missing_its_qr_code_fails() {
    override_fails(
        "poster.typ",
        &format!("{POSTER_HEAD}#hotline.phones.first().display"),
        &["poster-en: the hotline QR code (tel:+18883737888) is missing"],
    );
}

#[test]
fn text_cut_off_at_the_page_edge_or_by_a_box_fails() {
    // Past the page's edge, the cut takes it: named as in the bleed.
    override_fails(
        "poster.typ",
        &format!(
            "{POSTER_HEAD}#hotline.phones.first().display\n#qr-code(qr.hotline, 3.2in)\n#place(top + left, dx: 10.5in, [Reach out today])"
        ),
        &[
            "error[outside-safe-area]: poster-en: page 1: the text \"Reach out today\" runs",
            "past the trim, into the bleed",
        ],
    );
    // Well inside the page, a box that clips it hides it.
    override_fails(
        "poster.typ",
        &format!(
            "{POSTER_HEAD}#hotline.phones.first().display\n#qr-code(qr.hotline, 3.2in)\n#box(width: 1in, height: 0.5in, clip: true, text(30pt)[Reach out today])"
        ),
        &["error[cut-off]: poster-en: page 1: the text", "is cut off"],
    );
}

#[test]
fn a_character_outside_the_fonts_fails_naming_it() {
    let p = TempProject::bundled();
    p.edit(
        "data/content/en.toml",
        "headline = \"Human trafficking happens here.\"",
        "headline = \"Human trafficking happens here 人.\"",
    );
    p.run(&["check"])
        .failure()
        .stderr_has(&["flyer-en: page 1", "'人' (U+4EBA)"]);
}

#[test]
fn no_verify_skips_the_page_checks() {
    let p = TempProject::bundled();
    p.write(
        "templates/poster.typ",
        format!("{POSTER_HEAD}#hotline.phones.first().display"),
    );
    p.run(&["check"]).failure();
    p.run(&["check", "--no-verify"]).success();
}
