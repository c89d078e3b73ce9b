//! `handbill watch`: a build on every change, and the last good files kept on a broken one.

use crate::util::TempProject;

/// The text of the first page of a written PDF, as a reader's copy-and-paste finds it.
fn first_page_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    doc.extract_text(&[1]).unwrap()
}

/// Each build ends with this line, once the watcher holds every file it was made from.
const WATCHING: &str = "watching data/, templates/ and fonts/";

#[test]
fn watch_rewrites_the_pdf_when_a_number_changes_and_keeps_it_through_broken_edits() {
    let p = TempProject::bundled();
    let mut watch = p.spawn(&["watch", "--only", "flyer", "--preview"]);
    let first = watch.wait_for(WATCHING);
    assert!(first.contains("wrote "), "{first}");
    let flyer = || std::fs::read(p.path("out/flyer-en.pdf")).unwrap();
    let index = || std::fs::read_to_string(p.path("out/index.html")).unwrap();
    let before = flyer();
    assert!(first_page_text(&before).contains("(530) 842-8300"));
    let index_before = index();

    // The sheriff's new number, as an outreach lead would type it.
    p.edit("data/contacts.toml", "(530) 842-8300", "(530) 842-8301");
    let second = watch.wait_for(WATCHING);
    assert!(second.contains("flyer-en.pdf"), "{second}");
    let after = flyer();
    assert_ne!(after, before);
    let text = first_page_text(&after);
    assert!(text.contains("(530) 842-8301"), "{text}");
    assert!(!text.contains("(530) 842-8300"), "{text}");
    // Its review page follows: the flyers are marked changed, and their pictures new.
    assert_ne!(index(), index_before);

    // Only what a change reaches is made again: a Spanish sentence, the Spanish flyer.
    p.edit_content(
        &["es"],
        "Conozca las señales.",
        "Conozca las señales de alerta.",
    );
    let spanish = watch.wait_for(WATCHING);
    assert!(spanish.contains("flyer-es.pdf"), "{spanish}");
    assert!(!spanish.contains("flyer-en.pdf"), "{spanish}");
    assert!(
        spanish.contains("(2 documents skipped before compiling)"),
        "{spanish}"
    );
    assert_eq!(flyer(), after);
    let index_good = index();

    // A half-typed edit: the error is printed and nothing in out/ moves.
    p.edit("data/contacts.toml", "(530) 842-8301", "(530) 842-83");
    let broken = watch.wait_for(WATCHING);
    assert!(broken.contains("error[bad-phone]"), "{broken}");
    assert!(broken.contains("nothing in "), "{broken}");
    assert_eq!(flyer(), after);
    assert_eq!(index(), index_good);

    p.edit("data/contacts.toml", "(530) 842-83", "(530) 842-8301");
    let fixed = watch.wait_for(WATCHING);
    assert!(fixed.contains("ok: "), "{fixed}");

    // A template broken, in a templates/ that was not there: the folder is seen to appear,
    // the world is read again, and typst fails on the new file.
    p.write("templates/flyer.typ", "#let broken = (\n");
    let template = watch.wait_for(WATCHING);
    assert!(template.contains("templates/flyer.typ"), "{template}");
    assert!(template.contains("nothing in "), "{template}");
    assert_eq!(flyer(), after);

    // A font that is no font: the fonts are read again, and refused.
    p.write("fonts/Broken-Regular.ttf", "not a font");
    let font = watch.wait_for(WATCHING);
    assert!(
        font.contains("error[bad-font]: fonts/Broken-Regular.ttf"),
        "{font}"
    );
    assert_eq!(flyer(), after);
    std::fs::remove_file(p.path("fonts/Broken-Regular.ttf")).unwrap();
    watch.wait_for(WATCHING);

    // The broken override removed, the built-in template serves again: the same flyer.
    std::fs::remove_file(p.path("templates/flyer.typ")).unwrap();
    let fixed = watch.wait_for(WATCHING);
    assert!(fixed.contains("ok: "), "{fixed}");
    assert_eq!(flyer(), after);

    // Its own writes build nothing, nor does an editor's swap file beside a template.
    watch.says_nothing_for(std::time::Duration::from_millis(1500));
    p.write("templates/.flyer.typ.swp", "vim's");
    watch.says_nothing_for(std::time::Duration::from_millis(1500));
}
