//! End-to-end tests: the binary on temporary projects, and the documents it lays out.

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
#[path = "cli/visual.rs"]
mod visual;
#[path = "cli/watch.rs"]
mod watch;

use handbill::plan::Material;
use sha2::Digest;
use util::{TempProject, find_codes, first_page_text, page_text};

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

/// The 1-based number of the first line of a project file that contains `needle`.
fn line_of(p: &TempProject, file: &str, needle: &str) -> usize {
    p.read(file)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1
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

#[test]
fn build_writes_each_material_at_its_trim_size() {
    let p = TempProject::bundled();
    p.run(&["build"]).success();
    let letter = vec![(612.0, 792.0)];
    let tabloid = vec![(792.0, 1224.0)];
    let card = vec![(252.0, 144.0), (252.0, 144.0)];
    let sticker = vec![(360.0, 504.0)];
    let mut expect = vec![
        ("notice-en.pdf".to_string(), letter.clone()),
        ("notice-es.pdf".to_string(), letter.clone()),
        ("notice-combined.pdf".to_string(), tabloid.clone()),
        ("poster-multilingual.pdf".to_string(), tabloid.clone()),
    ];
    for lang in LANGS {
        expect.push((format!("flyer-{lang}.pdf"), letter.clone()));
        expect.push((format!("pocket-card-{lang}.pdf"), card.clone()));
        expect.push((format!("driver-card-{lang}.pdf"), card.clone()));
        expect.push((format!("tear-off-{lang}.pdf"), letter.clone()));
        expect.push((format!("poster-{lang}.pdf"), tabloid.clone()));
        expect.push((format!("poster-letter-{lang}.pdf"), letter.clone()));
        expect.push((format!("restroom-sticker-{lang}.pdf"), sticker.clone()));
        for card in ["pocket-card", "driver-card"] {
            for layout in ["avery-5371", "shop-8up"] {
                let sheet = format!("sheets/{card}-{layout}-{lang}.pdf");
                expect.push((sheet, vec![(612.0, 792.0); 2]));
            }
        }
    }
    for (name, pages) in &expect {
        let actual = pdf_pages(&p.path("out").join(name));
        assert_eq!(actual.len(), pages.len(), "{name}: page count");
        for (a, e) in actual.iter().zip(pages) {
            let close = (a.0 - e.0).abs() < 0.01 && (a.1 - e.1).abs() < 0.01;
            assert!(close, "{name}: {a:?} != {e:?}");
        }
    }
    assert_eq!(p.pdfs("out").len(), expect.len(), "no other PDF is written");
    let others: Vec<_> = p
        .snapshot("out")
        .into_keys()
        .filter(|path| path.extension().is_none_or(|e| e != "pdf"))
        .collect();
    assert_eq!(
        others,
        [p.path("out/manifest.json")],
        "besides the manifest"
    );
    assert_eq!(expect.len(), DOCUMENTS + SHEETS);
}

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

#[test]
fn rebuilds_are_byte_identical() {
    let p = TempProject::bundled();
    let out = |dir: &str| p.path(dir).to_str().unwrap().to_string();
    p.run(&["build", "--out", &out("a")]).success();
    p.run(&["build", "--out", &out("b")]).success();
    let a = p.snapshot("a");
    let b = p.snapshot("b");
    assert_eq!(p.pdfs("a").len(), DOCUMENTS + SHEETS);
    assert_eq!(a.len(), DOCUMENTS + SHEETS + 1, "and the manifest");
    for ((pa, (ba, _)), (pb, (bb, _))) in a.iter().zip(&b) {
        assert_eq!(pa.file_name(), pb.file_name());
        assert!(ba == bb, "{} differs between builds", pa.display());
    }

    // The timestamp really comes from the data: another date gives other bytes.
    p.run_with_env(
        &["build", "--out", &out("c")],
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    )
    .success();
    let c = p.pdfs("c");
    let a = p.pdfs("a");
    assert!(a.values().zip(c.values()).all(|((x, _), (y, _))| x != y));
}

#[test]
fn a_second_build_leaves_unchanged_files_alone() {
    let p = TempProject::bundled();
    p.run(&["build"]).success();
    let before = p.snapshot("out");
    p.run(&["build"]).success().stderr_has(&["unchanged"]);
    assert_eq!(before, p.snapshot("out"));
}

#[test]
fn only_and_out_select_what_is_written() {
    let p = TempProject::bundled();
    let kit = p.path("kit");
    p.run(&["build", "--only", "poster", "--out", kit.to_str().unwrap()])
        .success();
    let names: Vec<_> = p
        .snapshot("kit")
        .keys()
        .map(|k| k.file_name().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "manifest.json",
            "poster-en.pdf",
            "poster-es.pdf",
            "poster-hmn.pdf"
        ]
    );
    p.run(&["build", "--only", "leaflet"]).failure_usage();
}

#[test]
fn list_prints_what_build_writes_and_check_writes_nothing() {
    let p = TempProject::bundled();
    let list = p.run(&["list"]);
    list.success();
    let listed: Vec<&str> = list.stdout.lines().collect();
    assert_eq!(listed.len(), DOCUMENTS + SHEETS);
    for name in [
        "flyer-en.pdf",
        "driver-card-es.pdf",
        "poster-hmn.pdf",
        "poster-multilingual.pdf",
        "notice-combined.pdf",
    ] {
        let suffix = format!("out/{name}");
        assert!(listed.iter().any(|line| line.ends_with(&suffix)), "{name}");
    }
    p.run(&["check"])
        .success()
        .stderr_has(&[&format!("{DOCUMENTS} documents")]);
    assert!(!p.path("out").exists(), "check must not write");
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

#[test]
fn malformed_toml_names_file_line_and_column() {
    let stderr = fails_cleanly(
        |p| {
            p.edit(
                "data/coalition.toml",
                "region = \"Siskiyou County, California\"\n\n",
                "region = \"Siskiyou\n\n",
            );
        },
        &["data/coalition.toml:4:"],
    );
    assert!(
        stderr.contains("region = \"Siskiyou"),
        "the line is shown:\n{stderr}"
    );
}

#[test]
fn unknown_field_is_an_error() {
    fails_cleanly(
        |p| {
            p.edit("data/contacts.toml", "tty = \"711\"", "tyy = \"711\"");
        },
        &["data/contacts.toml:", "unknown key `tyy`", "tyy = \"711\""],
    );
}

#[test]
fn missing_field_is_an_error() {
    fails_cleanly(
        |p| {
            p.edit(
                "data/content/en.toml",
                "headline = \"Human trafficking happens here.\"\n",
                "",
            );
        },
        &["data/content/en.toml:", "missing key `headline`"],
    );
}

#[test]
fn wrong_type_is_an_error() {
    let stderr = fails_cleanly(
        |p| {
            p.edit(
                "data/coalition.toml",
                "languages = [\"en\", \"es\", \"hmn\"]",
                "languages = \"en\"",
            );
        },
        &["data/coalition.toml:", "languages = \"en\""],
    );
    assert!(
        stderr.contains("invalid type") || stderr.contains("expected"),
        "{stderr}"
    );
}

#[test]
fn invalid_phone_number_names_file_and_line() {
    let p = TempProject::bundled();
    let line = p
        .read("data/contacts.toml")
        .lines()
        .position(|l| l.contains("842-6629"))
        .unwrap()
        + 1;
    fails_cleanly(
        |p| {
            p.edit("data/contacts.toml", "(530) 842-6629", "(530) 842-662");
        },
        &[&format!("data/contacts.toml:{line}:"), "9 digits"],
    );
}

#[test]
fn unknown_contact_in_the_guide_is_an_error() {
    fails_cleanly(
        |p| {
            p.edit(
                "data/guide.toml",
                "call = [\"cps\"]",
                "call = [\"child-services\"]",
            );
        },
        &["data/guide.toml:", "no contact with id \"child-services\""],
    );
}

#[test]
fn template_error_shows_typst_diagnostic_with_file_and_line() {
    fails_cleanly(
        |p| {
            p.write(
                "templates/poster.typ",
                "#import \"lib/common.typ\": *\n\n#let broken = (\n",
            );
        },
        &[
            "error:",
            "templates/poster.typ:3:",
            "(while rendering poster-en.pdf)",
        ],
    );
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

#[test]
fn a_project_template_overrides_the_built_in_one_file_by_file() {
    let p = TempProject::bundled();
    // The override uses the built-in library and receives the same data.
    p.write(
        "templates/poster.typ",
        "#import \"lib/common.typ\": *\n#import \"lib/qr.typ\": qr-code\n#import \"lib/poster.typ\": headline\n#show: material.with(width: 11in, height: 17in, size: 32pt)\n#headline(t.poster.headline, 40pt)\nOVERRIDE #t.words.call #hotline.phones.first().display\n\n#text-line(hotline)\n\n#qr-code(qr.hotline, 3.2in)",
    );
    let docs = p.render();
    let poster = docs
        .iter()
        .find(|d| d.job.material == Material::Poster)
        .unwrap();
    assert!(page_text(&poster.document.pages()[0].frame).contains("OVERRIDECall1-888-373-7888"));
    let flyer = docs
        .iter()
        .find(|d| d.job.material == Material::Flyer)
        .unwrap();
    assert!(!page_text(&flyer.document.pages()[0].frame).contains("OVERRIDE"));
}

#[test]
fn data_is_never_evaluated_as_typst() {
    let p = TempProject::bundled();
    let name = "Coalition #1 [test] $x^2$ *bold* <lbl> @ref // not a comment";
    p.edit(
        "data/coalition.toml",
        "name = \"Siskiyou Anti-Trafficking Coalition\"",
        &format!("name = \"{name}\""),
    );
    let docs = p.render();
    let text = page_text(&docs[0].document.pages()[0].frame);
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains(&compact), "{text}");
}

#[test]
fn templates_cannot_reach_outside_the_sandbox() {
    for (template, needle) in [
        ("#read(\"../data/contacts.toml\")", "templates/flyer.typ:1:"),
        (
            "#import \"@preview/example:0.1.0\": *",
            "packages are not available",
        ),
        ("#image(\"/etc/hostname\")", "templates/flyer.typ:1:"),
    ] {
        let p = TempProject::bundled();
        p.write("templates/flyer.typ", template);
        p.run(&["check"]).failure().stderr_has(&[needle]);
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_templates_is_refused() {
    let p = TempProject::bundled();
    p.write("secret.typ", "SECRET");
    std::fs::create_dir_all(p.path("templates")).unwrap();
    std::os::unix::fs::symlink(p.path("secret.typ"), p.path("templates/leak.typ")).unwrap();
    p.write("templates/flyer.typ", "#include \"leak.typ\"");
    // Refused by name before any template is compiled, and never shown.
    let run = p.run(&["check"]);
    run.failure()
        .stderr_has(&["templates/leak.typ: leads out of the project"]);
    assert!(!run.stderr.contains("SECRET"), "{}", run.stderr);
}

#[test]
fn not_a_project_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_handbill"))
        .arg("--project")
        .arg(dir.path())
        .arg("build")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(
        stderr.contains("data/coalition.toml: not found"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
}

// Verification: each check fires on a document that breaks it.

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
fn a_stale_verified_date_warns_and_fails_under_strict() {
    let p = TempProject::bundled();
    set_first_verified(&p, "2019-01-15");
    let warned = p.run(&["check"]);
    warned.success().stderr_has(&[
        "warning[stale-verified]: data/contacts.toml:",
        "\"national-hotline\" was last verified",
    ]);
    p.run(&["check", "--strict"]).failure().stderr_has(&[
        "error[stale-verified]: data/contacts.toml:",
        "\"national-hotline\" was last verified",
    ]);
    assert!(!p.path("out").exists());
}

#[test]
fn the_placeholder_contact_form_warns_and_fails_under_strict() {
    let p = TempProject::bundled();
    let line = line_of(&p, "data/coalition.toml", "example.org/contact");
    let at = format!("data/coalition.toml:{line}:7");
    let warning = format!(
        "warning[placeholder-url]: {at}: https://siskiyou-coalition.example.org/contact is a placeholder"
    );
    p.run(&["check"]).success().stderr_has(&[&warning]);
    p.run(&["build", "--strict"])
        .failure()
        .stderr_has(&[&format!("error[placeholder-url]: {at}")]);
    assert!(
        !p.path("out").exists(),
        "a strict build with warnings writes nothing"
    );

    let strict = p.run(&["check", "--strict", "--format", "json"]);
    strict.failure();
    let report: serde_json::Value = serde_json::from_str(&strict.stdout).unwrap();
    let errors = report["errors"].as_array().unwrap();
    let form = errors
        .iter()
        .find(|e| {
            e["message"]
                .as_str()
                .unwrap()
                .contains("example.org/contact")
        })
        .unwrap();
    assert_eq!(form["code"], "placeholder-url");
    assert_eq!(form["file"], "data/coalition.toml");
    assert_eq!(form["line"], line);
}

#[test]
fn the_json_report_describes_every_output() {
    let p = TempProject::bundled();
    let run = p.run(&["build", "--format", "json"]);
    run.success();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["errors"].as_array().unwrap().len(), 0);
    // The website and contact-form placeholders, the two unreviewed translations and the
    // unofficial Spanish notice.
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 5, "{warnings:?}");
    let outputs = report["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), DOCUMENTS);
    let with_codes =
        |o: &&serde_json::Value| !o["material"].as_str().unwrap().starts_with("notice");
    for output in outputs.iter().filter(with_codes) {
        // Paths are relative to the report's base, the project.
        let bytes = std::fs::read(p.path(output["path"].as_str().unwrap())).unwrap();
        let sha: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(output["sha256"], sha);
        let qr = output["qr"].as_array().unwrap();
        assert!(
            qr.iter()
                .any(|q| q["payload"] == HOTLINE_TEL && q["verified"] == true),
            "{output}"
        );
    }
    let flyer = outputs
        .iter()
        .find(|o| o["material"] == "flyer" && o["lang"] == "en")
        .unwrap();
    assert_eq!(flyer["pages"], 1);
    assert_eq!(flyer["lang"], "en");
    assert!(
        flyer["qr"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["payload"] == CONTACT_FORM)
    );
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

// The § 52.6 notice and the languages.

/// The statute's wording (California Civil Code § 52.6, after SB 225), as the notice must
/// print it.
const STATUTE: &str = "If you or someone you know is being forced to engage in any activity and cannot \
leave—whether it is commercial sex, housework, farm work, construction, factory, retail, or restaurant \
work, or any other activity—text 233-733 (Be Free) or call the National Human Trafficking Hotline at \
1-888-373-7888 or the California Coalition to Abolish Slavery and Trafficking (CAST) at \
1-888-KEY-2-FRE(EDOM) or 1-888-539-2373 to access help and services. \
Victims of slavery and human trafficking are protected under United States and California law. \
The hotlines are: \
• Available 24 hours a day, 7 days a week. \
• Toll-free. \
• Operated by nonprofit, nongovernmental organizations. \
• Anonymous and confidential. \
• Accessible in more than 160 languages. \
• Able to provide help, referral to services, training, and general information.";

fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_english_notice_prints_the_statute_word_for_word() {
    let p = TempProject::bundled();
    let docs = p.render();
    let text = first_page_text(&docs, "notice-en.pdf");
    assert!(text.contains(&squeezed(STATUTE)), "{text}");
    // The combined sheet carries it too, then the Spanish text with its unofficial line.
    let text = first_page_text(&docs, "notice-combined.pdf");
    let english = text
        .find(&squeezed(STATUTE))
        .expect("English on the combined notice");
    let spanish = text
        .find("Siustedoalguienqueustedconoce")
        .expect("Spanish on the combined notice");
    assert!(english < spanish);
    assert!(text.contains("Traducciónnooficial"));
}

#[test]
fn the_notice_numbers_come_from_the_contact_records() {
    let p = TempProject::bundled();
    p.edit(
        "data/contacts.toml",
        "1-888-KEY-2-FRE(EDOM)",
        "1-888-KEY-2-FREE",
    );
    let docs = p.render();
    let text = first_page_text(&docs, "notice-en.pdf");
    assert!(
        text.contains("(CAST)at1-888-KEY-2-FREEor1-888-539-2373"),
        "{text}"
    );
}

#[test]
fn a_notice_set_below_16_pt_fails_naming_the_page() {
    let p = TempProject::bundled();
    let template = std::fs::read_to_string(util::repo().join("templates/notice.typ")).unwrap();
    let shrunk = template.replace(
        "  let sizes = range(0, 21).map(i => 30pt - i * 0.5pt)",
        "  let sizes = (14pt,)",
    );
    assert_ne!(
        shrunk, template,
        "the template sets its size where the test expects"
    );
    p.write("templates/notice.typ", shrunk);
    p.run(&["build"])
        .failure()
        .stderr_has(&["notice-en: page 1:", "14.0 pt", "16 pt or more"]);
    assert!(!p.path("out").exists());
}

#[test]
fn a_notice_that_changes_the_statutes_words_fails() {
    let p = TempProject::bundled();
    p.write(
        "templates/notice.typ",
        "#set page(width: 8.5in, height: 11in, bleed: 0.125in)\n#set text(size: 20pt)\nCall the hotline.",
    );
    p.run(&["check"])
        .failure()
        .stderr_has(&["notice-en: the notice text in \"en\" is not printed whole"]);
    // A page without the bleed the build asks for is refused, saying how to set it.
    p.write(
        "templates/notice.typ",
        "#set page(width: 8.5in, height: 11in)\n#set text(size: 20pt)\nCall the hotline.",
    );
    p.run(&["check"]).failure().stderr_has(&[
        "error[page-size]: notice-en: page 1 has a bleed of 0.000 in",
        "expected 0.125 in on every side",
        "`bleed: bleed`",
    ]);
}

#[test]
fn an_official_notice_translation_can_be_dropped_in() {
    let p = TempProject::bundled();
    let official = r#"source = "California Department of Justice (test stand-in)"
official = true
paragraphs = ["Texto oficial: envíe {text}, llame al {hotline} o a CAST al {cast-vanity} o {cast}."]
list-intro = "Las líneas:"
items = ["Gratuitas."]
"#;
    p.write("data/notice/es.toml", official);
    let run = p.run(&["check", "--format", "json"]);
    run.success();
    assert!(
        !run.stdout.contains("unofficial translation ("),
        "{}",
        run.stdout
    );
    let docs = p.render();
    let text = first_page_text(&docs, "notice-es.pdf");
    assert!(
        text.contains("Textooficial:envíe233-733,llameal1-888-373-7888"),
        "{text}"
    );
    assert!(!text.contains("Traducciónnooficial"));

    // A dropped-in text may not carry numbers of its own.
    p.write(
        "data/notice/es.toml",
        official.replace("{hotline}", "1-888-373-7888"),
    );
    p.run(&["check"])
        .failure()
        .stderr_has(&["data/notice/es.toml", "{hotline}"]);
}

#[test]
fn a_translation_missing_a_key_fails_naming_it() {
    fails_cleanly(
        |p| {
            p.edit(
                "data/content/es.toml",
                "take-one = \"Tome una. Guárdela. Compártala.\"\n",
                "",
            );
        },
        &["data/content/es.toml:", "missing key `take-one`"],
    );
}

#[test]
fn an_unreviewed_translation_warns_and_fails_under_strict() {
    let p = TempProject::bundled();
    let line = line_of(&p, "data/content/hmn.toml", "reviewed = false");
    let at = format!("data/content/hmn.toml:{line}:12");
    p.run(&["check"]).success().stderr_has(&[&format!(
        "warning[unreviewed-translation]: {at}: the Hmoob text has not been reviewed"
    )]);
    p.run(&["check", "--strict"])
        .failure()
        .stderr_has(&[&format!("error[unreviewed-translation]: {at}")]);

    // Its materials say so; a reviewed one does not.
    let docs = p.render();
    let poster = |lang: &str| {
        let doc = docs
            .iter()
            .find(|d| d.job.path() == format!("poster-{lang}.pdf"))
            .unwrap();
        page_text(&doc.document.pages()[0].frame)
    };
    assert!(poster("hmn").contains("Tsisyogkevtxhaislusraugcai"));
    assert!(!poster("en").contains("Unofficialtranslation"));
}

#[test]
fn every_font_in_every_output_is_embedded() {
    let p = TempProject::bundled();
    p.run(&["build"]).success();
    let mut fonts_seen = 0;
    for path in p.pdfs("out").keys() {
        let doc = lopdf::Document::load(path).unwrap();
        for object in doc.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor") {
                continue;
            }
            fonts_seen += 1;
            let embedded = [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| dict.has(k));
            assert!(
                embedded,
                "{}: a font is not embedded: {dict:?}",
                path.display()
            );
        }
    }
    assert!(
        fonts_seen >= DOCUMENTS,
        "every document uses at least one font"
    );
}

#[test]
fn a_project_font_that_is_not_a_font_is_one_clear_error() {
    let p = TempProject::bundled();
    p.write("fonts/broken.ttf", "not a font");
    p.run(&["check"])
        .failure()
        .stderr_has(&["fonts/broken.ttf: not a font typst can read"]);
}

#[cfg(unix)]
#[test]
fn a_templates_folder_linking_out_of_the_project_is_refused() {
    let p = TempProject::bundled();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("flyer.typ"), "outside").unwrap();
    std::os::unix::fs::symlink(outside.path(), p.path("templates")).unwrap();
    p.run(&["check"])
        .failure()
        .stderr_has(&["templates: templates/ leads out of the project"]);
}

#[test]
fn a_verified_date_in_the_future_warns() {
    let p = TempProject::bundled();
    set_first_verified(&p, "2099-01-15");
    p.run(&["check"]).success().stderr_has(&[
        "warning[future-verified]: data/contacts.toml:",
        "a day still to come",
    ]);
}

#[test]
fn notice_numbers_that_differ_from_the_statute_warn() {
    let p = TempProject::bundled();
    p.edit(
        "data/contacts.toml",
        "code = \"233733\"",
        "code = \"233722\"",
    );
    // A national service's numbers are checked first: a differing one is an error...
    p.run(&["check"])
        .failure()
        .stderr_has(&["error[wrong-service-number]", "expected 233733"]);
    // ... unless the record says why it differs.
    p.edit(
        "data/contacts.toml",
        "service = \"national-hotline\"",
        "service = \"national-hotline\"\nunchecked = \"testing the notice\"",
    );
    let run = p.run(&["check"]);
    run.success()
        .stderr_has(&["the § 52.6 notice prints 233-722 where the statute prints 233-733"]);
    p.run(&["check", "--strict"]).failure();
}

#[test]
fn a_notice_translation_with_a_typed_number_is_refused() {
    let p = TempProject::bundled();
    p.write(
        "data/notice/es.toml",
        r#"source = "test"
official = true
paragraphs = ["Envíe {text}, llame al {hotline} o a CAST al {cast-vanity} o {cast}."]
list-intro = "Las líneas:"
items = ["O envíe AYUDA al 233722."]
"#,
    );
    p.run(&["check"]).failure().stderr_has(&[
        "data/notice/es.toml",
        "error[number-in-text]",
        "\"233722\"",
        "`items[0]`",
    ]);
}

#[test]
fn contact_names_live_with_their_records_not_in_content() {
    fails_cleanly(
        |p| {
            p.edit(
                "data/content/es.toml",
                "[guide.rows.unsure]",
                "[contact-names]\nemergency = { name = \"Emergencias\", short-name = \"Emergencias\" }\n\n[guide.rows.unsure]",
            );
        },
        &[
            "data/content/es.toml:",
            "unknown key `contact-names`",
            "now live with its record in data/contacts.toml",
        ],
    );
    let p = TempProject::bundled();
    let docs = p.render();
    assert!(
        first_page_text(&docs, "flyer-es.pdf").contains("LíneaNacionalcontralaTratadePersonas")
    );
}
