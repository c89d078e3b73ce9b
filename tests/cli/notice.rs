//! The California Civil Code § 52.6 notice: the statute's words, its numbers from the
//! records, its type size, and translations dropped in.

use crate::util::{self, TempProject, first_page_text};

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
