//! PDFs a screen reader can read: every QR code's alt text says what it does, the
//! document has its title and language, and typst's PDF standards pass through.

use typst::layout::{Frame, FrameItem};

use crate::util::{TempProject, repo};

/// The alt text of every image on a laid-out page.
fn alts(frame: &Frame, out: &mut Vec<Option<String>>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => alts(&group.frame, out),
            FrameItem::Image(image, ..) => out.push(image.alt().map(str::to_string)),
            _ => {}
        }
    }
}

#[test]
fn every_qr_code_says_what_it_does_in_its_language() {
    let docs = TempProject::bundled().render();
    let mut seen = 0;
    for doc in &docs {
        let name = doc.job.path();
        let mut found = Vec::new();
        for page in doc.document.pages() {
            alts(&page.frame, &mut found);
        }
        assert_eq!(found.len(), doc.qr.len(), "{name}: one image per code");
        for alt in found {
            let alt = alt.unwrap_or_else(|| panic!("{name}: an image without alt text"));
            let says = match doc.job.lang.as_str() {
                "es" => "Código QR:",
                _ => "QR code:",
            };
            assert!(alt.starts_with(says), "{name}: {alt:?}");
            assert!(
                alt.contains("1-888-373-7888") || alt.contains("siskiyou-coalition.example.org"),
                "{name}: {alt:?}"
            );
            // The pocket card's code is as discreet as its words.
            if doc.job.material.name() == "pocket-card" {
                assert!(
                    !alt.contains("Trafficking") && !alt.contains("Trata"),
                    "{name}: {alt:?}"
                );
            }
            seen += 1;
        }
    }
    assert!(seen >= 30, "{seen} codes");
}

#[test]
fn a_code_without_alt_text_or_without_its_number_in_it_fails() {
    let qr = std::fs::read_to_string(repo().join("templates/lib/qr.typ")).unwrap();
    for (alt, why) in [
        ("\"\"", "has no alt text"),
        (
            "\"QR code\"",
            "does not give the number 1-888-373-7888 it dials",
        ),
    ] {
        let p = TempProject::bundled();
        let changed = qr.replace(
            "let alt = if alt == auto { qr-alt(code) } else { alt }",
            &format!("let alt = {alt}"),
        );
        assert_ne!(changed, qr);
        p.write("templates/lib/qr.typ", changed);
        p.run(&["check", "--only", "restroom-sticker"])
            .failure()
            .stderr_has(&[
                "error[qr-alt]: restroom-sticker-en: page 1: the QR code for \"tel:+18883737888\"",
                why,
            ]);
    }
}

#[test]
fn each_pdf_has_its_title_and_language() {
    let p = TempProject::bundled();
    p.run(&["build", "--only", "flyer", "--only", "pocket-card"])
        .success();
    for (file, lang) in [
        ("flyer-es.pdf", "es"),
        ("flyer-hmn.pdf", "hmn"),
        ("pocket-card-en.pdf", "en"),
    ] {
        let doc = lopdf::Document::load(p.path("out").join(file)).unwrap();
        let catalog = doc.catalog().unwrap();
        let lang_of = catalog.get(b"Lang").unwrap().as_str().unwrap();
        assert_eq!(String::from_utf8_lossy(lang_of), lang, "{file}");
        let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let title = doc.get_dictionary(info).unwrap().get(b"Title").unwrap();
        let title = lopdf::decode_text_string(title).unwrap();
        assert!(title.contains("Siskiyou"), "{file}: {title}");
    }
}

#[test]
fn a_pdf_standard_passes_through_to_typst() {
    let p = TempProject::bundled();
    p.run(&["build", "--only", "flyer", "--pdf-standard", "ua-1"])
        .success();
    let pdf = std::fs::read(p.path("out/flyer-en.pdf")).unwrap();
    let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"pdfuaid:part"), "the PDF declares PDF/UA");
    p.run(&["build", "--only", "flyer", "--pdf-standard", "ua-2"])
        .failure_usage()
        .stderr_has(&["no PDF standard is named \"ua-2\"", "ua-1"]);
}
