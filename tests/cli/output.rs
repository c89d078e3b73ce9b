//! What a build writes: every material at its trim size, the same bytes every time,
//! only what changed, what was selected, the JSON report, and every font embedded.

use sha2::Digest;

use crate::util::{TempProject, Test};
use crate::{CONTACT_FORM, DOCUMENTS, HOTLINE_TEL, LANGS, SHEETS, pdf_pages};

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
fn an_output_folder_among_the_inputs_is_refused() {
    for (out, input) in [
        ("data/out", "data"),
        ("templates/out", "templates"),
        ("fonts", "fonts"),
    ] {
        let (p, _) = Test::bundled()
            .args(&["build", "--only", "flyer", "--out", &format!("{{project}}/{out}")])
            .status(1)
            .stderr(&format!(
                "error[out-in-inputs]: {{project}}/{out}: the output folder is inside {input}/, whose every file a build reads: write it elsewhere, such as <project>/out\n"
            ))
            .run();
        assert!(!p.path(out).exists(), "{out} is not made");
    }
    // watch ends at once on it too: a wrong command line is no edit to wait out.
    Test::bundled()
        .args(&["watch", "--out", "{project}/data/out"])
        .status(1)
        .stderr("error[out-in-inputs]: {project}/data/out: the output folder is inside data/, whose every file a build reads: write it elsewhere, such as <project>/out\n")
        .run();
}
