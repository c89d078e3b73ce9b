//! What is checked is what is inked: template overrides and fonts that try to make the
//! paper say other than the data.

use crate::util::{TempProject, find_codes, page_text, repo};

/// The built-in regular font with its family renamed in the name table (same length, so
/// the file stays valid): a font of a family handbill does not ship.
fn renamed_font(from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut data =
        std::fs::read(repo().join("fonts/AtkinsonHyperlegibleNext-Regular.ttf")).unwrap();
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_be_bytes).collect() };
    let mut replaced = 0;
    for (a, b) in [
        (from.as_bytes().to_vec(), to.as_bytes().to_vec()),
        (utf16(from), utf16(to)),
    ] {
        let mut i = 0;
        while let Some(at) = data[i..].windows(a.len()).position(|w| w == a.as_slice()) {
            data[i + at..i + at + a.len()].copy_from_slice(&b);
            i += at + a.len();
            replaced += 1;
        }
    }
    assert!(replaced > 0, "the family name is in the font's name table");
    data
}

#[test]
fn a_project_font_that_shadows_the_built_in_family_fails_naming_the_file() {
    let p = TempProject::bundled();
    std::fs::create_dir_all(p.path("fonts")).unwrap();
    let builtin = std::fs::read(repo().join("fonts/AtkinsonHyperlegibleNext-Regular.ttf")).unwrap();
    // The very same font is the built-in one (this repository's own fonts/ holds them).
    p.write("fonts/Copy.ttf", &builtin);
    p.run(&["check"]).success();
    std::fs::remove_file(p.path("fonts/Copy.ttf")).unwrap();
    // Any other bytes under the built-in name are an impostor.
    let mut altered = builtin.clone();
    altered.extend([0; 4]);
    p.write("fonts/Lookalike.ttf", altered);
    p.run(&["check"]).failure().stderr_has(&[
        "error[bad-font]: fonts/Lookalike.ttf",
        "\"Atkinson Hyperlegible Next\", which handbill ships",
    ]);
    // Case and spacing do not make another family.
    p.write(
        "fonts/Lookalike.ttf",
        renamed_font("Atkinson Hyperlegible Next", "ATKINSON HYPERLEGIBLE NEXT"),
    );
    p.run(&["check"])
        .failure()
        .stderr_has(&["error[bad-font]: fonts/Lookalike.ttf"]);
    // A font of another family adds to the fonts.
    p.write(
        "fonts/Lookalike.ttf",
        renamed_font("Atkinson Hyperlegible Next", "Atkinson Hyperlegible Nixt"),
    );
    p.run(&["check"]).success();
}

/// The start of a poster drawn by a template override, with the hotline's number and text
/// line printed as the built-in poster has them.
const POSTER: &str = "#import \"lib/common.typ\": *\n#import \"lib/qr.typ\": qr-code\n#import \"lib/poster.typ\": headline\n#show: material.with(width: 11in, height: 17in, size: 32pt)\n#headline(t.poster.headline, 40pt)\n#call-line(40pt)\n\n#text-line(hotline)\n";

/// Overrides `file` with `source` in a bundled project and asserts that `check` fails
/// with each of `needles`.
fn printed_fails(file: &str, source: &str, needles: &[&str]) -> String {
    let p = TempProject::bundled();
    p.write(file, source);
    let run = p.run(&["check"]);
    run.failure().stderr_has(needles);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

#[test]
fn a_code_wholly_or_half_off_the_page_fails() {
    printed_fails(
        "templates/poster.typ",
        &format!("{POSTER}#place(top + left, dx: 12in, dy: 2in, qr-code(qr.hotline, 3.2in))"),
        &[
            "error[qr-off-page]: poster-en: page 1:",
            "lies wholly off the page",
        ],
    );
    printed_fails(
        "templates/poster.typ",
        &format!("{POSTER}#place(top + left, dx: 8.5in, dy: 2in, qr-code(qr.hotline, 3.2in))"),
        &[
            "error[qr-off-page]: poster-en: page 1:",
            "lies partly off the page",
        ],
    );
}

#[test]
fn a_code_covered_by_a_rotated_shape_fails() {
    // A square turned 45° about its top-left corner, which lies just right of the code:
    // its left half lies across the code's right-hand modules.
    let shape = "#place(top + left, dx: 5.3in, dy: 6in, rotate(45deg, origin: top + left, reflow: false, rect(width: 1.5in, height: 1.5in, fill: white)))";
    printed_fails(
        "templates/poster.typ",
        &format!(
            "{POSTER}#place(top + left, dx: 1in, dy: 5in, qr-code(qr.hotline, 3.2in))\n{shape}"
        ),
        &[
            "error[qr-covered]: poster-en: page 1:",
            "is covered or damaged",
        ],
    );
}

#[test]
fn a_code_in_green_on_magenta_fails_its_contrast() {
    let qr = std::fs::read_to_string(repo().join("templates/lib/qr.typ")).unwrap();
    let coloured = qr
        .replace("fill: white,", "fill: rgb(\"#ff00ff\"),")
        // The modules are black ink in the PDF handbill hands over: a template can recolour
        // them green by editing it (the same length, so the stream's length holds).
        .replace(
            "image(bytes(code.pdf)",
            "image(bytes(code.pdf.replace(\"0 0 0 1 k\", \"1 0 1 0 k\"))",
        );
    assert!(coloured.contains("#ff00ff") && coloured.contains("1 0 1 0 k"));
    printed_fails(
        "templates/lib/qr.typ",
        &coloured,
        &["error[qr-contrast]", "apart in luminance", "4:1"],
    );
}

/// A poster that prints the hotline's number with `number` (markup in which `NUMBER`
/// stands for the number as the data prints it), its text line, and its code; and, as
/// every poster has, "Call" and the number large at the top, too far from the code to
/// count as the number beside it.
fn poster_with(number: &str) -> String {
    let number = number.replace("NUMBER", "hotline.phones.first().display");
    format!(
        "#import \"lib/common.typ\": *\n#import \"lib/qr.typ\": qr-code\n#import \"lib/poster.typ\": headline\n#show: material.with(width: 11in, height: 17in, size: 36pt)\n#headline(t.poster.headline, 40pt)\n#call-line(48pt)\n#v(1fr)\n{number}\n\n#text-line(hotline)\n\n#qr-code(qr.hotline, 3.2in)\n"
    )
}

#[test]
fn the_real_number_printed_so_that_no_one_sees_it_fails() {
    for (markup, why) in [
        (
            "#text(size: 40pt, fill: white, NUMBER)",
            "in contrast with what is under it",
        ),
        ("#text(size: 0.1pt, NUMBER)", "is set in 0.1 pt"),
        (
            "#text(size: 40pt, fill: rgb(0, 0, 0, 0), NUMBER)",
            "in contrast with what is under it",
        ),
        (
            "#text(size: 40pt, fill: luma(200), NUMBER)",
            "in contrast with what is under it",
        ),
        (
            "#box[#text(size: 40pt, NUMBER)#place(top + left, dy: -0.6in, rect(width: 6in, height: 1in, fill: white))]",
            "has something drawn over it",
        ),
        (
            "#scale(1%, reflow: false, text(size: 40pt, NUMBER))",
            "is set in 0.4 pt",
        ),
        (
            "#text(size: 40pt, \"\\u{202E}\" + NUMBER)",
            "does not read left to right",
        ),
        (
            "#scale(x: -100%, text(size: 40pt, NUMBER))",
            "does not read left to right",
        ),
        // Found by an adversarial review: a stroke in the background's colour eats the
        // glyphs; small covers and stripes hide digits piece by piece; a number in parts.
        (
            "#text(size: 40pt, stroke: 6pt + white, NUMBER)",
            "outlined by a stroke too thick",
        ),
        (
            "#text(size: 40pt, stroke: 2pt + white, NUMBER)",
            "in contrast with what is under it",
        ),
        (
            "#box[#text(size: 40pt, NUMBER)#place(bottom + right, dy: -4pt, rect(width: 22pt, height: 30pt, fill: white))#place(bottom + right, dx: -2pt, dy: -6pt, text(size: 40pt, \"9\"))]",
            "has something drawn over it",
        ),
        (
            "#box[#text(size: 40pt, NUMBER)#for i in range(30) { place(top + left, dx: i * 0.1in, rect(width: 0.04in, height: 40pt, fill: white)) }]",
            "has something drawn over it",
        ),
        ("#text(size: 40pt, tracking: 30pt, NUMBER)", "is spaced out"),
    ] {
        let stderr = printed_fails(
            "templates/poster.typ",
            &poster_with(markup),
            &[
                "error[number-not-visible]: poster-en: page 1:",
                "1-888-373-7888",
                why,
            ],
        );
        assert!(
            !stderr.contains("poster-en: page 1: the QR code for \"tel:+18883737888\" is"),
            "{stderr}"
        );
    }
}

#[test]
fn a_wrong_number_large_beside_the_code_fails_though_the_right_one_is_elsewhere() {
    // The right number stands at the foot of the page, the wrong one large by the code.
    let markup =
        "#place(bottom + left, text(size: 12pt, NUMBER))\n#text(size: 60pt)[1-888-373-7878]";
    printed_fails(
        "templates/poster.typ",
        &poster_with(markup),
        &[
            "error[number-unknown]: poster-en: page 1",
            "\"1-888-373-7878\"",
            "none of the records' numbers",
        ],
    );
    // The right number alone, but far from its code, is not beside it either.
    printed_fails(
        "templates/poster.typ",
        &poster_with("#place(bottom + right, dy: -14.5in, text(size: 40pt, NUMBER))\n#v(8in)"),
        &[
            "error[number-not-visible]: poster-en: page 1",
            "is not printed beside it",
            "in away",
        ],
    );
}

#[test]
fn a_number_in_parts_on_two_lines_or_apart_fails() {
    // Its parts apart, the number is no record's: what is left reads as another number.
    for markup in [
        "#box[#place(top + left, dy: 50pt, text(size: 40pt, \"1-888-373-\"))#text(size: 40pt, \"7888\")#v(50pt)]",
        "#box(width: 100%)[#text(size: 40pt)[1-888]#h(1fr)#text(size: 40pt)[-373-7888]]",
        "#text(size: 40pt)[1-888-373-#h(40pt)7888]",
    ] {
        printed_fails(
            "templates/poster.typ",
            &poster_with(markup),
            &[
                "error[number-unknown]: poster-en: page 1",
                "none of the records' numbers",
            ],
        );
    }
}

#[test]
fn a_record_number_with_a_digit_added_fails() {
    for markup in [
        "#text(size: 40pt, NUMBER + \"0\")",
        "#text(size: 40pt, \"9\" + NUMBER)",
    ] {
        printed_fails(
            "templates/poster.typ",
            &poster_with(markup),
            &[
                "error[number-unknown]: poster-en: page 1",
                "more digits joined to it",
            ],
        );
    }
}

#[test]
fn a_notice_in_white_under_a_wrong_number_fails() {
    let notice = std::fs::read_to_string(repo().join("templates/notice.typ")).unwrap();
    let white = notice.replace(
        "fill: ink, hyphenate: false",
        "fill: white, hyphenate: false",
    );
    assert_ne!(white, notice);
    printed_fails(
        "templates/notice.typ",
        &white,
        &[
            "error[notice-text]: notice-en: page 1: the notice text",
            "in contrast",
        ],
    );
    printed_fails(
        "templates/notice.typ",
        &format!(
            "{white}\n#place(top + left, text(fill: black, size: 20pt)[Call 1-888-373-7878])\n"
        ),
        &[
            "error[number-unknown]: notice-en: page 1",
            "\"1-888-373-7878\"",
        ],
    );
}

#[test]
fn a_second_code_drawn_as_an_image_fails() {
    let p = TempProject::bundled();
    // A code that dials another number, drawn as an SVG image beside the real one.
    let stranger = handbill::qr::QrCode::encode("tel:+15308428300").unwrap();
    let n = stranger.modules + 8;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {n} {n}\"><rect width=\"{n}\" height=\"{n}\" fill=\"white\"/>"
    );
    for (x, y, len) in &stranger.runs {
        svg.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{len}\" height=\"1\"/>",
            x + 4,
            y + 4
        ));
    }
    svg.push_str("</svg>");
    p.write("templates/other.svg", svg);
    p.write(
        "templates/poster.typ",
        poster_with(
            "#text(size: 40pt, NUMBER)\n#place(bottom + right, image(\"other.svg\", width: 3in))",
        ),
    );
    p.run(&["check", "--only", "poster"])
        .failure()
        .stderr_has(&[
            "error[qr-unmarked]: poster-en: page 1:",
            "did not place",
            "tel:+15308428300",
        ]);
}

#[test]
fn the_same_override_drawn_honestly_passes() {
    // The fixtures above fail for what they change, not for being overrides.
    let p = TempProject::bundled();
    p.write(
        "templates/poster.typ",
        poster_with("#text(size: 40pt, NUMBER)"),
    );
    p.run(&["check", "--only", "poster"]).success();
}

#[test]
fn numbers_and_keywords_set_in_a_project_font_fail() {
    let p = TempProject::bundled();
    p.write(
        "fonts/Other.ttf",
        renamed_font("Atkinson Hyperlegible Next", "Atkinson Hyperlegible Nixt"),
    );
    let poster = poster_with("#text(size: 40pt, NUMBER)");
    let in_font = |what: &str| {
        poster.replace(
            "#show: material.with(width: 11in, height: 17in, size: 36pt)\n",
            &format!("#show: material.with(width: 11in, height: 17in, size: 36pt)\n{what}\n"),
        )
    };
    // The whole poster in the project's font: its numbers are not in a font handbill ships.
    p.write(
        "templates/poster.typ",
        in_font("#set text(font: \"Atkinson Hyperlegible Nixt\")"),
    );
    p.run(&["check", "--only", "poster"]).failure().stderr_has(&[
        "error[number-unknown]: poster-en: page 1 prints 1-888-373-7888 in \"Atkinson Hyperlegible Nixt\"",
        "a font handbill does not ship",
    ]);
    // Only the keyword.
    p.write(
        "templates/poster.typ",
        in_font("#show \"HELP\": set text(font: \"Atkinson Hyperlegible Nixt\")"),
    );
    p.run(&["check", "--only", "poster"])
        .failure()
        .stderr_has(&["prints the keyword HELP in \"Atkinson Hyperlegible Nixt\""]);
    // Words in it are fine.
    p.write(
        "templates/poster.typ",
        in_font("#show \"Text\": set text(font: \"Atkinson Hyperlegible Nixt\")"),
    );
    p.run(&["check", "--only", "poster"]).success();
}

/// Words that name trafficking, in every language the bundled data prints, folded to
/// lower case: none may be on a pocket card.
const TRAFFICKING: &[&str] = &["traffick", "trata", "tráfico", "trafico", "muag neeg"];

#[test]
fn the_pocket_card_names_neither_trafficking_nor_the_hotline_and_has_no_code_on_its_front() {
    let p = TempProject::bundled();
    let docs = p.render();
    let contacts: toml::Table = p.read("data/contacts.toml").parse().unwrap();
    let hotline = contacts["contact"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"].as_str() == Some("national-hotline"))
        .unwrap();
    // The hotline's names in every language, and their distinctive words.
    let mut names: Vec<String> = vec![hotline["name"].as_str().unwrap().to_lowercase()];
    if let Some(translated) = hotline.get("names").and_then(|n| n.as_table()) {
        for (_, n) in translated {
            names.push(n["name"].as_str().unwrap().to_lowercase());
        }
    }
    assert!(
        names.len() >= 2,
        "the hotline has translated names: {names:?}"
    );
    for lang in ["en", "es", "hmn"] {
        let file = format!("pocket-card-{lang}.pdf");
        let doc = docs.iter().find(|d| d.job.path() == file).unwrap();
        let pages = doc.document.pages();
        assert_eq!(pages.len(), 2, "{file}");
        // White space dropped on both sides, so a name broken over two lines still
        // matches.
        let squash = |s: &str| -> String {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase()
        };
        let text: String = pages
            .iter()
            .map(|page| squash(&page_text(&page.frame)))
            .collect();
        assert!(
            text.contains("888-373-7888"),
            "{file}: the number is there: {text}"
        );
        for word in TRAFFICKING {
            assert!(
                !text.contains(&squash(word)),
                "{file} says {word:?}: {text}"
            );
        }
        for name in &names {
            assert!(
                !text.contains(&squash(name)),
                "{file} names the hotline: {text}"
            );
        }
        assert!(
            find_codes(&pages[0], 4.0).is_empty(),
            "{file}: no code on the front"
        );
        assert_eq!(
            find_codes(&pages[1], 4.0).len(),
            1,
            "{file}: the code on the back"
        );
    }
}
