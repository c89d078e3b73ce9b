//! Campaign files: loading and validation.

use crate::util::{TempProject, Test};

const CAMPAIGN: &str = "data/campaigns/i5-siskiyou.toml";

/// Runs `check` on a copy of the bundled data broken by `breakage`; it must fail with exit
/// code 1 and say each of `needles`, which `breakage` may compute from the broken copy.
fn check_fails(breakage: impl FnOnce(&TempProject) -> Vec<String>) -> String {
    let p = TempProject::bundled();
    let needles = breakage(&p);
    let run = p.run(&["check"]);
    let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
    run.failure().stderr_has(&needles);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

/// `file:line:column:` of the first `needle` in a file of `p`, as errors name a place.
fn at(p: &TempProject, file: &str, needle: &str) -> String {
    at_in(p, file, needle, needle)
}

/// `file:line:column:` of `needle` in the first line of a file of `p` that holds `line`.
fn at_in(p: &TempProject, file: &str, line: &str, needle: &str) -> String {
    let text = p.read(file);
    let (n, text) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(line))
        .unwrap_or_else(|| panic!("{line:?} is not in {file}"));
    let column = text[..text.find(needle).unwrap()].chars().count() + 1;
    format!("{file}:{}:{column}:", n + 1)
}

/// The owned needles `check_fails` takes.
fn say(needles: &[&str]) -> Vec<String> {
    needles.iter().map(ToString::to_string).collect()
}

#[test]
fn the_bundled_campaign_checks_clean() {
    let p = TempProject::bundled();
    assert!(p.path(CAMPAIGN).is_file());
    let run = p.run(&["check"]);
    run.success();
    assert!(!run.stderr.contains(CAMPAIGN), "{}", run.stderr);
}

#[test]
fn an_unknown_key_in_a_campaign_names_file_line_and_column() {
    check_fails(|p| {
        p.edit(
            CAMPAIGN,
            "id = \"weed-exit-747\"\n",
            "id = \"weed-exit-747\"\ncopys = 3\n",
        );
        let place = at(p, CAMPAIGN, "copys");
        say(&["error[unknown-key]", &place, "`copys`"])
    });
}

#[test]
fn a_duplicate_location_id_names_the_first_ones_line() {
    check_fails(|p| {
        let first = at(p, CAMPAIGN, "\"yreka-exit-773\"");
        let second = at(p, CAMPAIGN, "\"yreka-exit-776\"");
        p.edit(
            CAMPAIGN,
            "id = \"yreka-exit-776\"",
            "id = \"yreka-exit-773\"",
        );
        let first_line = first.split(':').nth(1).unwrap();
        let used = format!("\"yreka-exit-773\" is already used on line {first_line}");
        say(&["error[duplicate-id]", &second, &used])
    });
}

#[test]
fn a_campaign_file_whose_name_is_no_slug_is_refused() {
    let stderr = check_fails(|p| {
        let text = p.read(CAMPAIGN);
        std::fs::remove_file(p.path(CAMPAIGN)).unwrap();
        p.write("data/campaigns/I5 Winter.toml", text);
        say(&["error[bad-id]", "data/campaigns/I5 Winter.toml", "slug"])
    });
    // The file itself reads clean: its name is the only problem.
    assert_eq!(stderr.matches("error[").count(), 1, "{stderr}");
}

#[test]
fn a_location_id_that_is_no_slug_is_refused_where_it_is() {
    check_fails(|p| {
        p.edit(CAMPAIGN, "\"hilt-exit-796\"", "\"Hilt exit 796\"");
        say(&["error[bad-id]", &at(p, CAMPAIGN, "\"Hilt exit 796\"")])
    });
}

#[test]
fn a_language_the_coalition_does_not_print_is_refused() {
    check_fails(|p| {
        p.edit(
            CAMPAIGN,
            "languages = [\"en\", \"es\"]",
            "languages = [\"en\", \"vi\"]",
        );
        say(&[
            "error[bad-language]",
            &at(p, CAMPAIGN, "\"vi\""),
            "\"vi\" is not a language the coalition prints",
        ])
    });
}

#[test]
fn a_name_in_a_language_the_location_is_not_printed_in_is_refused() {
    check_fails(|p| {
        p.edit(
            CAMPAIGN,
            "town = \"Hilt\"",
            "names = { es = \"Parada de camiones, salida 796\" }\ntown = \"Hilt\"",
        );
        say(&[
            "error[bad-language]",
            &at(p, CAMPAIGN, "es = \"Parada de camiones, salida 796"),
            "which this location is not printed in",
        ])
    });
}

#[test]
fn the_notice_cannot_be_a_campaign_material() {
    check_fails(|p| {
        p.edit(
            CAMPAIGN,
            "materials = [\"poster\"]",
            "materials = [\"poster\", \"notice\"]",
        );
        say(&[
            "error[bad-value]",
            &at(p, CAMPAIGN, "\"notice\""),
            "§ 52.6",
            "a campaign prints flyer, poster",
        ])
    });
}

#[test]
fn an_unknown_material_is_refused_naming_those_allowed() {
    check_fails(|p| {
        p.edit(
            CAMPAIGN,
            "materials = [\"poster\"]",
            "materials = [\"posters\"]",
        );
        say(&[
            "error[bad-value]",
            &at(p, CAMPAIGN, "\"posters\""),
            "no material \"posters\": a campaign prints flyer, poster",
        ])
    });
}

#[test]
fn a_phone_number_in_a_location_name_is_refused() {
    check_fails(|p| {
        p.edit(
            CAMPAIGN,
            "name = \"Motel, exit 773\"",
            "name = \"Motel, exit 773, call (530) 555-0123\"",
        );
        say(&[
            "error[number-in-text]",
            &at(p, CAMPAIGN, "(530) 555-0123"),
            "\"(530) 555-0123\"",
        ])
    });
}

#[test]
fn an_invisible_character_in_a_note_is_refused() {
    check_fails(|p| {
        p.edit(CAMPAIGN, "not outdoors.", "not\u{202E} outdoors.");
        say(&["error[bad-character]", "U+202E", CAMPAIGN])
    });
}

#[test]
fn copies_out_of_range_empty_lists_and_blank_names_are_refused() {
    let stderr = check_fails(|p| {
        p.edit(CAMPAIGN, "copies = 2", "copies = 0")
            .edit(CAMPAIGN, "materials = [\"poster\"]", "materials = []")
            .edit(CAMPAIGN, "town = \"Hornbrook\"", "town = \" \"");
        say(&[
            &at_in(p, CAMPAIGN, "copies = 0", "0"),
            "`copies` is 1 to 10000",
            "list at least one material",
            "a location's town is empty",
        ])
    });
    assert_eq!(stderr.matches("error[bad-value]").count(), 3, "{stderr}");
}

#[test]
fn an_unknown_kind_is_refused_listing_the_kinds() {
    check_fails(|p| {
        p.edit(CAMPAIGN, "kind = \"bus-station\"", "kind = \"bus-stop\"");
        say(&[&at(p, CAMPAIGN, "\"bus-stop\""), "`bus-station`"])
    });
}

#[test]
fn a_tag_parameter_name_that_needs_escaping_is_refused() {
    check_fails(|p| {
        p.edit(
            "data/coalition.toml",
            "medium = \"utm_medium\"",
            "medium = \"utm medium\"",
        );
        say(&[
            "error[bad-value]",
            &at(p, "data/coalition.toml", "\"utm medium\""),
            "`campaigns.tags.medium`",
        ])
    });
}

#[test]
fn two_tags_with_one_parameter_name_are_refused() {
    check_fails(|p| {
        p.edit(
            "data/coalition.toml",
            "campaign = \"utm_campaign\"",
            "campaign = \"utm_source\"",
        );
        say(&[
            "error[bad-value]",
            "`campaigns.tags.campaign` and `campaigns.tags.source` are both \"utm_source\"",
        ])
    });
}

#[test]
fn a_project_without_campaigns_still_checks() {
    let p = TempProject::bundled();
    std::fs::remove_dir_all(p.path("data/campaigns")).unwrap();
    p.run(&["check"]).success();
}

#[test]
fn a_content_file_without_route_words_is_refused() {
    check_fails(|p| {
        p.edit("data/content/es.toml", "clinic = \"Clínica\"\n", "");
        say(&["error[missing-key]", "data/content/es.toml", "`clinic`"])
    });
}

#[test]
fn a_location_id_that_reads_as_a_number_is_refused() {
    let stderr = check_fails(|p| {
        p.edit(CAMPAIGN, r#"id = "weed-exit-747""#, r#"id = "stop-00747""#);
        vec![
            at(p, CAMPAIGN, "\"stop-00747\""),
            "error[number-in-text]".into(),
        ]
    });
    assert!(stderr.contains("\"00747\""), "{stderr}");
}

#[test]
fn a_campaign_there_is_not_is_one_message_naming_those_there_are() {
    Test::bundled()
        .args(&["check", "--campaign", "i5-oregon"])
        .status(1)
        .stderr("error[unknown-campaign]: data/campaigns: no campaign \"i5-oregon\" (there is no i5-oregon.toml); the campaigns are i5-siskiyou\n")
        .run();
}
