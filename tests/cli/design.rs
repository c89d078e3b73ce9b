//! Pieces made for their readers: type floors on every glyph, the text line as the
//! number's co-hero, headlines, one audience per piece, the discreet pocket card, the
//! tear-off's tabs and the multilingual poster, each checked on the laid-out page and
//! tried against templates that break the rule.

use typst::layout::{Frame, FrameItem, Point, Transform};

use crate::util::{TempProject, find_codes, page_text, repo};
use crate::{HOTLINE_TEL, LANGS};

/// A built-in template's source, to override with a change.
fn builtin(name: &str) -> String {
    std::fs::read_to_string(repo().join("templates").join(name)).unwrap()
}

/// `source` with `from` (which must occur once) replaced by `to`.
fn with(source: &str, from: &str, to: &str) -> String {
    assert_eq!(source.matches(from).count(), 1, "{from:?} in the template");
    source.replacen(from, to, 1)
}

/// Checks `material` with template `file` overridden by `source`; asserts it fails with
/// each of `needles`.
fn fails(material: &str, file: &str, source: &str, needles: &[&str]) {
    let p = TempProject::bundled();
    p.write(file, source);
    let run = p.run(&["check", "--only", material]);
    run.failure().stderr_has(needles);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// Checks `material` with template `file` overridden by `source`; asserts it passes.
fn passes(material: &str, file: &str, source: &str) {
    let p = TempProject::bundled();
    p.write(file, source);
    p.run(&["check", "--only", material]).success();
}

/// Every run of text on a page: its text, its size as printed, its origin on the page and
/// whether it is turned a quarter.
fn runs(frame: &Frame) -> Vec<(String, f64, Point, bool)> {
    fn walk(frame: &Frame, ts: Transform, out: &mut Vec<(String, f64, Point, bool)>) {
        for (pos, item) in frame.items() {
            let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
            match item {
                FrameItem::Group(g) => walk(&g.frame, here.pre_concat(g.transform), out),
                FrameItem::Text(t) => {
                    let scale = (here.sy.get().powi(2) + here.kx.get().powi(2)).sqrt();
                    let turned = here.sx.get().abs() < 1e-6 && here.ky.get().abs() > 0.5;
                    let origin = Point::zero().transform(here);
                    out.push((t.text.to_string(), t.size.to_pt() * scale, origin, turned));
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(frame, Transform::identity(), &mut out);
    out
}

#[test]
fn card_text_under_seven_points_fails_naming_it() {
    let card = builtin("pocket-card.typ");
    // Set small outright, scaled down, squeezed, turned, or white where no one sees it:
    // each is what a reader over 50 cannot read.
    for (markup, pt) in [
        ("#text(size: 6pt)[Small print]", "6.0 pt"),
        ("#scale(50%, text(size: 10pt)[Small print])", "5.0 pt"),
        ("#scale(x: 20%, text(size: 10pt)[Small print])", "2.0 pt"),
        ("#rotate(90deg, text(size: 6pt)[Small print])", "6.0 pt"),
        ("#text(size: 6pt, fill: white)[Small print]", "6.0 pt"),
        // Sheared flat: full size along the baseline, no height left.
        (
            "#skew(ax: 45deg, ay: 45deg, text(size: 10pt)[Small print])",
            "0.0 pt",
        ),
    ] {
        fails(
            "pocket-card",
            "templates/pocket-card.typ",
            // Top right on the back, clear of the code and of the page's edges whichever
            // way the markup turns it.
            &format!("{card}\n#place(top + left, dx: 1.4in, dy: 0.35in, [{markup}])\n"),
            &[
                "error[type-too-small]: pocket-card-en: page 2:",
                "\"Small print\"",
                pt,
                "pocket-card floor of 7 pt",
            ],
        );
    }
    // At the floor it passes: the check is the floor, not a margin above it.
    passes(
        "pocket-card",
        "templates/pocket-card.typ",
        &format!("{card}\n#place(bottom + right, text(size: 7pt)[Small print])\n"),
    );
}

#[test]
fn the_floor_is_each_materials_own() {
    // 11 pt passes on a Letter poster and fails on a tabloid one.
    let small = "\n#place(bottom + right, text(size: 11pt)[Small print])\n";
    passes(
        "poster-letter",
        "templates/poster-letter.typ",
        &format!("{}{small}", builtin("poster-letter.typ")),
    );
    fails(
        "poster",
        "templates/poster.typ",
        &format!("{}{small}", builtin("poster.typ")),
        &["error[type-too-small]: poster-en: page 1:", "14 pt"],
    );
}

#[test]
fn the_text_line_is_at_least_three_quarters_of_the_number_on_every_victim_piece() {
    let docs = TempProject::bundled().render();
    let victim = [
        "poster",
        "poster-letter",
        "restroom-sticker",
        "pocket-card",
        "poster-multilingual",
    ];
    let mut seen = 0;
    for doc in docs
        .iter()
        .filter(|d| victim.contains(&d.job.material.name()))
    {
        let name = doc.job.path();
        let all: Vec<_> = doc
            .document
            .pages()
            .iter()
            .flat_map(|p| runs(&p.frame))
            .collect();
        let number = all
            .iter()
            .filter(|r| r.0.contains("1-888-373-7888"))
            .map(|r| r.1)
            .fold(0.0, f64::max);
        let keyword: Vec<f64> = all
            .iter()
            .filter(|r| r.0.trim() == "HELP")
            .map(|r| r.1)
            .collect();
        let code: Vec<f64> = all
            .iter()
            .filter(|r| r.0.trim() == "233733")
            .map(|r| r.1)
            .collect();
        assert!(number > 0.0, "{name}: the number");
        assert!(
            !keyword.is_empty() && !code.is_empty(),
            "{name}: the text line"
        );
        for pt in keyword.iter().chain(&code) {
            assert!(
                *pt >= 0.75 * number - 0.01,
                "{name}: the text line at {pt} pt beside the number at {number} pt"
            );
        }
        seen += 1;
    }
    assert_eq!(seen, 4 * LANGS.len() + 1);
}

#[test]
fn a_text_line_under_three_quarters_of_the_number_fails() {
    let poster = builtin("poster.typ");
    for rule in [
        // The whole line too small, the keyword alone, the verb alone.
        "#show \"233733\": set text(size: 40pt)\n#show \"HELP\": set text(size: 40pt)",
        "#show \"HELP\": set text(size: 30pt)",
        "#show \"Text\": set text(size: 24pt)",
    ] {
        fails(
            "poster",
            "templates/poster.typ",
            &with(&poster, "#poster(", &format!("{rule}\n#poster(")),
            &[
                "error[text-line]: poster-en: page 1:",
                "under three quarters of the number's 66.0 pt",
            ],
        );
    }
    // The text line left off a piece for someone who may need help.
    fails(
        "restroom-sticker",
        "templates/lib/common.typ",
        &with(
            &builtin("lib/common.typ"),
            "    linebreak()\n    text(size: line, weight: \"bold\", text-line(hotline, t: t))\n",
            "",
        ),
        &["error[text-line]: restroom-sticker-en", "is not printed"],
    );
}

#[test]
fn a_text_line_no_one_can_read_fails() {
    // As large as the number, but white on white.
    fails(
        "poster",
        "templates/poster.typ",
        &format!(
            "{}\n#place(top + left, dy: 8in, text(size: 60pt, fill: white, text-line(hotline)))\n",
            builtin("poster.typ")
        ),
        &["error[text-line]: poster-en: page 1:", "contrast"],
    );
}

#[test]
fn a_headline_with_one_word_on_its_last_line_fails() {
    // Line breaks that ignore runts leave "sex?" alone at this size.
    let lib = with(
        &builtin("lib/poster.typ"),
        "costs: (runt: 10000%)",
        "costs: (runt: 0%)",
    );
    let lib = with(&lib, "linebreaks: \"optimized\"", "linebreaks: \"simple\"");
    fails(
        "poster",
        "templates/lib/poster.typ",
        &lib,
        &[
            "error[headline]: poster-en: page 1:",
            "ends with one word alone on its last line, \"sex?\"",
        ],
    );
}

#[test]
fn a_headline_of_four_lines_fails() {
    // Held at its largest size, the Hmong question takes four lines.
    let lib = with(
        &builtin("lib/poster.typ"),
        "while s > size * 0.6 and not fits(s)",
        "while false",
    );
    fails(
        "poster",
        "templates/lib/poster.typ",
        &lib,
        &[
            "error[headline]: poster-hmn: page 1:",
            "takes 4 lines (at most 3)",
        ],
    );
}

#[test]
fn a_poster_without_its_headline_fails() {
    let lib = with(
        &builtin("lib/poster.typ"),
        "headline(t.poster.headline, 64pt * k)",
        "[Help]",
    );
    fails(
        "poster",
        "templates/lib/poster.typ",
        &lib,
        &[
            "error[headline]: poster-en:",
            "`poster.headline` in data/content/en.toml",
            "is not on the page",
        ],
    );
}

#[test]
fn bystander_words_on_a_victim_piece_fail() {
    for (addition, field) in [
        (
            "#place(bottom, text(size: 14pt, t.safety.text))",
            "`safety.text`",
        ),
        (
            "#place(bottom, text(size: 14pt, t.signs.items.at(2)))",
            "`signs.items[2]`",
        ),
    ] {
        fails(
            "restroom-sticker",
            "templates/restroom-sticker.typ",
            &format!("{}\n{addition}\n", builtin("restroom-sticker.typ")),
            &[
                "error[wrong-audience]: restroom-sticker-en: page 1:",
                field,
                "data/content/en.toml",
            ],
        );
    }
    // The same words belong on a bystander's piece.
    passes(
        "tear-off",
        "templates/tear-off.typ",
        &with(
            &builtin("tear-off.typ"),
            "// The tabs:",
            "#text(size: 12pt, t.signs.items.at(2))\n// The tabs:",
        ),
    );
}

#[test]
fn a_pocket_card_that_names_the_hotline_or_trafficking_fails() {
    let card = builtin("pocket-card.typ");
    for (addition, needle) in [
        ("#text(size: 8pt, hotline.short-name)", "names the hotline"),
        // In another language than the card's, and in capitals.
        (
            "#text(size: 8pt)[TRATA DE PERSONAS]",
            "which data/content/es.toml lists in `[pocket-card] never`",
        ),
        (
            "#text(size: 8pt)[Human Trafficking]",
            "which data/content/en.toml lists",
        ),
        // Spaced out in capitals, as a designer might set a label.
        (
            "#text(size: 8pt, tracking: 3pt, upper[human trafficking])",
            "which data/content/en.toml lists",
        ),
    ] {
        fails(
            "pocket-card",
            "templates/pocket-card.typ",
            &format!("{card}\n#place(bottom + right, [{addition}])\n"),
            &["error[not-discreet]: pocket-card-en: page 2:", needle],
        );
    }
    // A word that only begins like one does not fire: a local line may be a treatment
    // centre.
    passes(
        "pocket-card",
        "templates/pocket-card.typ",
        &format!("{card}\n#place(bottom + right, text(size: 8pt)[Centro de Tratamiento])\n"),
    );
}

#[test]
fn the_tear_off_has_the_number_and_the_text_code_on_all_ten_tabs() {
    let docs = TempProject::bundled().render();
    for lang in LANGS {
        let file = format!("tear-off-{lang}.pdf");
        let doc = docs.iter().find(|d| d.job.path() == file).unwrap();
        let page = &doc.document.pages()[0];
        let width = page.frame.size().x.to_pt();
        let mut number = [0; 10];
        let mut code = [0; 10];
        for (text, pt, origin, turned) in runs(&page.frame) {
            if !turned {
                continue;
            }
            let tab = ((origin.x.to_pt() / width) * 10.0).floor() as usize;
            assert!(pt >= 9.0, "{file}: {text:?} at {pt} pt");
            if text.contains("1-888-373-7888") {
                number[tab.min(9)] += 1;
            }
            if text.contains("233733") {
                code[tab.min(9)] += 1;
            }
        }
        assert_eq!(number, [1; 10], "{file}: the number on each tab");
        assert_eq!(code, [1; 10], "{file}: the text code on each tab");
    }
}

#[test]
fn the_multilingual_poster_carries_every_headline_and_one_code() {
    let p = TempProject::bundled();
    let docs = p.render();
    let doc = docs
        .iter()
        .find(|d| d.job.path() == "poster-multilingual.pdf")
        .unwrap();
    let page = &doc.document.pages()[0];
    let text = page_text(&page.frame);
    for lang in LANGS {
        let content: toml::Table = p
            .read(&format!("data/content/{lang}.toml"))
            .parse()
            .unwrap();
        let headline: String = content["poster"]["headline"]
            .as_str()
            .unwrap()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(text.contains(&headline), "{lang}: {headline} in {text}");
    }
    let codes = find_codes(page, 2.0);
    let payloads: Vec<&str> = codes.iter().map(|c| c.payload.as_str()).collect();
    assert_eq!(payloads, [HOTLINE_TEL]);
}

#[test]
fn a_tear_off_with_a_tab_short_or_unturned_fails() {
    let sheet = builtin("tear-off.typ");
    // Nine tabs where ten are cut, and ten of which one is blank.
    fails(
        "tear-off",
        "templates/tear-off.typ",
        &with(&sheet, "#let tabs = 10", "#let tabs = 9"),
        &[
            "error[tear-off-tab]: tear-off-en: page 1:",
            "of 10 does not carry",
        ],
    );
    fails(
        "tear-off",
        "templates/tear-off.typ",
        &with(
            &sheet,
            "..range(tabs).map(_ => tab)",
            "..range(tabs).map(i => if i == 3 { [] } else { tab })",
        ),
        &["error[tear-off-tab]: tear-off-en: page 1: tab 4 of 10 does not carry 1-888-373-7888"],
    );
}

#[test]
fn a_number_without_call_on_its_line_fails() {
    // "Call" on a line of its own above the number, as the old poster had it.
    let common = with(
        &builtin("lib/common.typ"),
        "text(size: size, weight: \"extrabold\")[#t.words.call #box(phone.display)]",
        "text(size: size, weight: \"extrabold\")[#t.words.call\\ #box(phone.display)]",
    );
    fails(
        "poster",
        "templates/lib/common.typ",
        &common,
        &[
            "error[call-line]: poster-en: page 1:",
            "the number 1-888-373-7888 stands without \"Call\" before it",
        ],
    );
}

#[test]
fn a_number_set_in_parts_still_sets_the_text_lines_measure() {
    // The band's number in two runs: no run holds it whole, yet it prints at 66 pt, and a
    // text line at 30 pt is under three quarters of it.
    let common = with(
        &builtin("lib/common.typ"),
        "text(size: size, weight: \"extrabold\")[#t.words.call #box(phone.display)]",
        "text(size: size, weight: \"extrabold\")[#t.words.call #box[#phone.display.slice(0, 6)#text(weight: \"bold\", phone.display.slice(6))]]",
    );
    let common = with(
        &common,
        "    let line = calc.min(line, n * 0.8)",
        "    let line = 30pt",
    );
    fails(
        "poster",
        "templates/lib/common.typ",
        &common,
        &[
            "error[text-line]: poster-en: page 1:",
            "under three quarters of the number's 66.0 pt",
        ],
    );
}
