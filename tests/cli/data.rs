//! The data cannot lie: national numbers, numbers that cannot be real, free text without
//! numbers, one structure for every language, every error in one run, stable codes.

use crate::util::{TempProject, Test, first_page_text, page_text};
use crate::{fails_cleanly, set_first_verified};

/// Runs `check` on a copy of the bundled data broken by `breakage`; it must fail with exit
/// code 1 and say each of `needles`.
fn check_fails(breakage: impl FnOnce(&TempProject), needles: &[&str]) -> String {
    let p = TempProject::bundled();
    breakage(&p);
    let run = p.run(&["check"]);
    run.failure().stderr_has(needles);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

fn line_of(p: &TempProject, file: &str, needle: &str) -> usize {
    p.read(file)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1
}

const HOTLINE_PHONE: &str = r#"number = "1-888-373-7888""#;

#[test]
fn a_mistyped_hotline_number_fails_naming_the_line_and_the_expected_number() {
    let p = TempProject::bundled();
    let line = line_of(&p, "data/contacts.toml", HOTLINE_PHONE);
    check_fails(
        |p| {
            p.edit(
                "data/contacts.toml",
                HOTLINE_PHONE,
                r#"number = "1-888-373-7878""#,
            );
        },
        &[
            "error[wrong-service-number]",
            &format!("data/contacts.toml:{line}:"),
            "expected 1-888-373-7888",
        ],
    );
}

#[test]
fn a_mistyped_text_code_fails_naming_the_expected_code() {
    check_fails(
        |p| {
            p.edit(
                "data/contacts.toml",
                r#"code = "233733""#,
                r#"code = "233773""#,
            );
        },
        &["error[wrong-service-number]", "expected 233733"],
    );
}

#[test]
fn a_mistyped_cast_number_fails_naming_the_expected_number() {
    check_fails(
        |p| {
            p.edit(
                "data/contacts.toml",
                r#"number = "1-888-KEY-2-FRE(EDOM)""#,
                r#"number = "1-888-539-2372""#,
            );
        },
        &["error[wrong-service-number]", "expected 1-888-539-2373"],
    );
}

#[test]
fn unchecked_turns_a_service_mismatch_into_a_warning_on_every_run() {
    let p = TempProject::bundled();
    p.edit(
        "data/contacts.toml",
        HOTLINE_PHONE,
        r#"number = "1-888-373-7878""#,
    );
    p.edit(
        "data/contacts.toml",
        r#"service = "national-hotline""#,
        "service = \"national-hotline\"\nunchecked = \"the hotline announced a new number on 2026-11-30\"",
    );
    for _ in 0..2 {
        p.run(&["check"])
            .success()
            .stderr_has(&["warning[unchecked-service]", "announced a new number"]);
    }
    p.run(&["check", "--deny", "unchecked-service"]).failure();
}

#[test]
fn an_unknown_service_is_an_error() {
    check_fails(
        |p| {
            p.edit(
                "data/contacts.toml",
                r#"service = "cast""#,
                r#"service = "cats""#,
            );
        },
        &["error[unknown-service]", "\"cats\""],
    );
}

#[test]
fn a_number_reserved_for_fiction_fails() {
    check_fails(
        |p| {
            p.edit("data/contacts.toml", "(530) 842-8300", "(530) 555-0142");
        },
        &["error[fictional-number]", "reserved for fiction"],
    );
}

#[test]
fn an_extension_is_refused_in_so_many_words() {
    let stderr = check_fails(
        |p| {
            p.edit(
                "data/contacts.toml",
                "(530) 842-8300",
                "(530) 842-8300 ext. 12",
            );
        },
        &["error[bad-phone]", "extensions are not supported"],
    );
    assert!(!stderr.contains("digits"), "{stderr}");
}

#[test]
fn guide_words_for_a_row_that_does_not_exist_fail_naming_row_and_language() {
    check_fails(
        |p| {
            let en = p.read("data/content/en.toml");
            p.write(
                "data/content/en.toml",
                en.replace(
                    "[guide.rows.unsure]",
                    "[guide.rows.rest-area]\nsituation = \"At a rest area\"\n\n[guide.rows.unsure]",
                ),
            );
        },
        &[
            "error[unknown-row]",
            "\"rest-area\"",
            "\"en\"",
            "data/content/en.toml:",
        ],
    );
}

#[test]
fn a_guide_row_without_words_in_one_language_fails_naming_row_and_language() {
    check_fails(
        |p| {
            let guide = p.read("data/guide.toml");
            p.write(
                "data/guide.toml",
                format!("{guide}\n[[row]]\nid = \"rest-area\"\ncall = [\"crisis-center\"]\n"),
            );
            p.edit_content(
                &["en", "es"],
                "[guide.rows.unsure]",
                "[guide.rows.rest-area]\nsituation = \"At a rest area\"\n\n[guide.rows.unsure]",
            );
        },
        &[
            "error[missing-words]",
            "\"rest-area\"",
            "\"hmn\"",
            "data/content/hmn.toml",
        ],
    );
}

#[test]
fn every_language_prints_the_same_numbers_in_the_guide() {
    let p = TempProject::bundled();
    let guide = p.read("data/guide.toml");
    p.write(
        "data/guide.toml",
        guide.replace("call = [\"cps\"]", "call = [\"emergency\"]"),
    );
    let docs = p.render();
    for lang in ["en", "es", "hmn"] {
        // 911 now stands in two rows of the flyer's guide, and CPS in none, in every
        // language.
        let text = first_page_text(&docs, &format!("flyer-{lang}.pdf"));
        assert_eq!(text.matches(":911").count(), 2, "{lang}: {text}");
        assert!(!text.contains("(530)841-4200"), "{lang}: {text}");
    }
}

#[test]
fn a_replaced_contact_record_carries_its_own_translations() {
    let p = TempProject::bundled();
    let contacts = p.read("data/contacts.toml");
    let start = contacts.find("id = \"sheriff\"").unwrap();
    let end = start + contacts[start..].find("[[contact]]").unwrap();
    let other = "id = \"sheriff\"\nname = \"Shasta County Sheriff's Office\"\nshort-name = \"Sheriff\"\nverified = 2026-11-30\nphone = [{ number = \"(530) 245-6540\" }]\n\n";
    p.write(
        "data/contacts.toml",
        format!("{}{other}{}", &contacts[..start], &contacts[end..]),
    );
    let docs = p.render();
    let es = first_page_text(&docs, "flyer-es.pdf");
    assert!(
        es.contains("ShastaCountySheriff'sOffice:(530)245-6540"),
        "{es}"
    );
    assert!(!es.contains("Siskiyou:(530)245-6540"), "{es}");
    assert!(
        !es.contains("DepartamentodelSheriffdelCondadodeSiskiyou"),
        "{es}"
    );
}

#[test]
fn the_coalition_prints_its_name_in_each_language() {
    let docs = TempProject::bundled().render();
    let es = first_page_text(&docs, "flyer-es.pdf");
    assert!(
        es.contains("CoalicióncontralaTratadePersonasdeSiskiyou"),
        "{es}"
    );
    assert!(!es.contains("SiskiyouAnti-TraffickingCoalition"), "{es}");
}

#[test]
fn hmong_materials_offer_the_text_line_only_with_its_languages() {
    let docs = TempProject::bundled().render();
    for file in ["flyer-hmn.pdf", "poster-hmn.pdf", "pocket-card-hmn.pdf"] {
        let text = first_page_text(&docs, file);
        assert!(
            text.contains("rau233733(lusAskivlossislusMev)"),
            "{file}: {text}"
        );
        assert!(
            text.contains("thovibtugneegtxhaislusHmoob"),
            "{file}: {text}"
        );
    }
    for file in ["flyer-en.pdf", "poster-es.pdf"] {
        let text = first_page_text(&docs, file);
        assert!(text.contains("233733"), "{file}");
        assert!(!text.contains("233733("), "{file}: {text}");
        assert!(
            !text.contains("interpreter") && !text.contains("intérprete"),
            "{file}: {text}"
        );
    }
}

#[test]
fn a_channel_language_without_a_name_in_a_content_file_fails() {
    check_fails(
        |p| {
            p.edit("data/content/hmn.toml", "es = \"lus Mev\"\n", "");
        },
        &["error[missing-words]", "\"es\"", "data/content/hmn.toml"],
    );
}

#[test]
fn an_hours_key_must_be_defined_in_every_language() {
    let p = TempProject::bundled();
    p.edit(
        "data/contacts.toml",
        "{ number = \"(530) 926-6111\" }",
        "{ number = \"(530) 926-6111\", hours = \"tue-thu\" }",
    );
    p.edit_content(
        &["en", "es"],
        "[hours]\n",
        "[hours]\ntue-thu = \"Tue & Thu 10 am – 2 pm\"\n",
    );
    p.run(&["check"]).failure().stderr_has(&[
        "error[missing-words]",
        "\"tue-thu\"",
        "data/content/hmn.toml",
    ]);
    let text = p.read("data/content/hmn.toml");
    p.write(
        "data/content/hmn.toml",
        text.replace(
            "[hours]\n",
            "[hours]\ntue-thu = \"Hnub Ob thiab Hnub Plaub\"\n",
        ),
    );
    p.run(&["check"]).success();
    let docs = p.render();
    assert!(first_page_text(&docs, "flyer-en.pdf").contains("(530)926-6111(Tue&Thu10am–2pm)"));
}

#[test]
fn a_number_typed_into_content_fails_naming_the_field() {
    let p = TempProject::bundled();
    let line = line_of(&p, "data/content/en.toml", "call {emergency}.");
    check_fails(
        |p| {
            p.edit("data/content/en.toml", "call {emergency}.", "call 911.");
        },
        &[
            "error[number-in-text]",
            "`safety.text`",
            &format!("data/content/en.toml:{line}:"),
        ],
    );
}

#[test]
fn a_website_that_prints_a_number_fails_naming_the_line_and_a_form_id_passes() {
    const SITE: &str = r#"url = "https://siskiyou-coalition.example.org/""#;
    const FORM: &str = r#"url = "https://siskiyou-coalition.example.org/contact""#;
    // The website is printed on the flyer: a date path and a page id read as a phone
    // number and a text code.
    for (path, number) in [
        ("2026/11/05/help", "2026/11/05"),
        ("page/10234", "10234"),
        ("call-911", "911"),
    ] {
        let p = TempProject::bundled();
        let line = line_of(&p, "data/coalition.toml", SITE);
        let url = format!("https://siskiyou-coalition.example.org/{path}");
        p.edit("data/coalition.toml", SITE, &format!("url = {url:?}"));
        p.run(&["check"]).failure().stderr_has(&[
            &format!("error[number-in-text]: data/coalition.toml:{line}:7:"),
            &format!("address has {number:?} in it"),
        ]);
    }
    // Digits that read as no number are an address like any other; the form's address is
    // printed nowhere, and a form service's long id is no number.
    let p = TempProject::bundled();
    let site = r#"url = "https://siskiyou-coalition.example.org/431/human-trafficking""#;
    p.edit("data/coalition.toml", SITE, site);
    let form = r#"url = "https://siskiyou-coalition.example.org/231234567890123""#;
    p.edit("data/coalition.toml", FORM, form);
    p.run(&["check"]).success();
    let docs = p.render();
    assert!(first_page_text(&docs, "flyer-en.pdf").contains("example.org/431/human-trafficking"));
}

#[test]
fn digits_joined_to_a_placeholder_fail_naming_the_field() {
    // `(530) 911-8300` on paper: a number no record has, made of a record's and typed digits.
    for (typed, digit) in [("(530) {emergency}-8300", "8"), ("530-{emergency}", "0")] {
        let p = TempProject::bundled();
        let line = line_of(&p, "data/content/en.toml", "call {emergency}.");
        p.edit(
            "data/content/en.toml",
            "call {emergency}.",
            &format!("call {typed}."),
        );
        let file = p.read("data/content/en.toml");
        let text = file.lines().nth(line - 1).unwrap();
        let column = text.find(typed).unwrap() + typed.rfind(digit).unwrap() + 1;
        p.run(&["check"]).failure().stderr_has(&[&format!(
            "error[number-in-text]: data/content/en.toml:{line}:{column}: `safety.text`: {{emergency}} has digits joined to it"
        )]);
    }
}

#[test]
fn numbers_in_any_unicode_form_are_found_in_content() {
    for typed in [
        "1\u{A0}888\u{A0}373\u{A0}7888",
        "1\u{2011}888\u{2011}373\u{2011}7888",
        "１-８８８-３７３-７８８８",
        "530/842/8300",
        "text 233733",
        // Invisible characters and odd separators do not split a number.
        "530\u{AD}842\u{AD}8300",
        "530\u{FE0F}842\u{34F}8300",
        "530·842·8300",
        "530,842,8300",
    ] {
        check_fails(
            |p| {
                p.edit(
                    "data/content/en.toml",
                    "Know who to call.",
                    &format!("Know who to call: {typed}."),
                );
            },
            &["error[number-in-text]", "`flyer.subhead`"],
        );
    }
}

#[test]
fn ordinary_figures_in_content_are_not_numbers() {
    let p = TempProject::bundled();
    p.edit(
        "data/content/en.toml",
        "Know who to call.",
        "Open 24/7, in 200 languages, since 2019, on I-5.",
    );
    p.run(&["check"]).success();
}

#[test]
fn a_placeholder_prints_its_contacts_number() {
    let docs = TempProject::bundled().render();
    let en = first_page_text(&docs, "flyer-en.pdf");
    assert!(en.contains("Inanemergency,call911."), "{en}");
}

#[test]
fn a_placeholder_glued_to_a_digit_or_naming_no_contact_fails() {
    check_fails(
        |p| {
            p.edit(
                "data/content/en.toml",
                "call {emergency}.",
                "call {emergency}9.",
            );
        },
        &["error[bad-placeholder]", "`safety.text`"],
    );
    check_fails(
        |p| {
            p.edit(
                "data/content/en.toml",
                "call {emergency}.",
                "call {police}.",
            );
        },
        &["error[bad-placeholder]", "{police}"],
    );
}

#[test]
fn a_number_in_a_contact_name_fails_naming_the_field() {
    check_fails(
        |p| {
            p.edit(
                "data/contacts.toml",
                "short-name = \"Sheriff\"\nverified",
                "short-name = \"Sheriff 842-8300 or 842-2900\"\nverified",
            );
        },
        &["error[number-in-text]", "short-name`"],
    );
    check_fails(
        |p| {
            p.edit(
                "data/contacts.toml",
                "name = \"Centro de Crisis y Violencia Doméstica de Siskiyou\"",
                "name = \"Centro de Crisis, 530 842 6629\"",
            );
        },
        &["error[number-in-text]", "names.es.name`"],
    );
}

#[test]
fn a_keyword_with_a_number_or_lower_case_fails() {
    check_fails(
        |p| {
            p.edit(
                "data/contacts.toml",
                r#"keyword = "HELP""#,
                r#"keyword = "HELP233733""#,
            );
        },
        &["error[number-in-text]", "text.keyword`"],
    );
    check_fails(
        |p| {
            p.edit(
                "data/contacts.toml",
                r#"keyword = "HELP""#,
                r#"keyword = "help""#,
            );
        },
        &["error[bad-keyword]"],
    );
}

#[test]
fn invisible_and_reversing_characters_in_data_fail() {
    check_fails(
        |p| {
            p.edit(
                "data/content/en.toml",
                "Know who to call.",
                "Know who to call.\\u202E",
            );
        },
        &["error[bad-character]", "U+202E", "`flyer.subhead`"],
    );
    check_fails(
        |p| {
            p.edit(
                "data/contacts.toml",
                "name = \"Emergency services\"",
                "name = \"Emergency\u{200B}services\"",
            );
        },
        &["error[bad-character]", "U+200B"],
    );
}

#[test]
fn a_web_address_without_a_host_fails() {
    for url in [
        "https:///",
        "https://#",
        "https://user@siskiyou.org/",
        "https://a\\\\b.org/",
    ] {
        check_fails(
            |p| {
                p.edit(
                    "data/coalition.toml",
                    "url = \"https://siskiyou-coalition.example.org/contact\"",
                    &format!("url = \"{url}\""),
                );
            },
            &["error[bad-url]", "data/coalition.toml:"],
        );
    }
}

#[test]
fn two_missing_keys_are_both_reported_in_one_run() {
    let stderr = check_fails(
        |p| {
            p.edit(
                "data/content/es.toml",
                "headline = \"La trata de personas ocurre aquí.\"\n",
                "",
            );
            p.edit(
                "data/content/es.toml",
                "take-one = \"Tome una. Guárdela. Compártala.\"\n",
                "",
            );
            p.edit("data/contacts.toml", "verified = 2026-11-30\ntty", "tty");
        },
        &[
            "error[missing-key]",
            "missing key `headline`",
            "missing key `take-one`",
            "missing key `verified`",
            "data/content/es.toml",
            "data/contacts.toml",
        ],
    );
    assert!(
        stderr.matches("error[missing-key]").count() >= 3,
        "{stderr}"
    );
}

#[test]
fn a_listed_language_without_its_file_points_at_the_languages_line() {
    let p = TempProject::bundled();
    let line = line_of(&p, "data/coalition.toml", "languages = [");
    check_fails(
        |p| {
            std::fs::remove_file(p.path("data/content/hmn.toml")).unwrap();
        },
        &[
            "error[missing-file]",
            &format!("data/coalition.toml:{line}:"),
            "data/content/hmn.toml does not exist",
        ],
    );
}

#[test]
fn every_warning_in_the_json_report_has_a_code_and_strict_allow_passes() {
    let p = TempProject::bundled();
    let run = p.run(&["check", "--format", "json"]);
    run.success();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let warnings = report["warnings"].as_array().unwrap();
    assert!(!warnings.is_empty());
    let mut codes: Vec<&str> = warnings
        .iter()
        .map(|w| w["code"].as_str().expect("every warning has a code"))
        .collect();
    codes.sort();
    codes.dedup();
    for code in &codes {
        assert!(handbill::codes::find(code).is_some(), "{code}");
        assert!(run.stderr.contains(&format!("warning[{code}]")), "{code}");
    }
    p.run(&["check", "--strict"]).failure();
    let mut args = vec!["check", "--strict"];
    for code in &codes {
        args.extend(["--allow", code]);
    }
    p.run(&args).success();
    // Leaving one out fails again.
    p.run(&args[..args.len() - 2]).failure();
}

#[test]
fn deny_makes_one_kind_of_warning_an_error() {
    let p = TempProject::bundled();
    p.run(&["check", "--deny", "placeholder-url"])
        .failure()
        .stderr_has(&["error[placeholder-url]"]);
    p.run(&["check", "--deny", "stale-verified"]).success();
    p.run(&["check", "--deny", "no-such-code"]).failure_usage();
    p.run(&["check", "--allow", "bad-phone"]).failure_usage();
}

#[test]
fn a_standing_exception_in_coalition_toml_silences_a_warning_with_its_reason() {
    let p = TempProject::bundled();
    let coalition = p.read("data/coalition.toml");
    p.write(
        "data/coalition.toml",
        format!("{coalition}\n[[checks.allow]]\ncode = \"placeholder-url\"\nreason = \"the site goes live in January\"\n"),
    );
    let run = p.run(&["check", "--format", "json"]);
    run.success();
    assert!(
        !run.stderr.contains("warning[placeholder-url]"),
        "{}",
        run.stderr
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let allowed = report["allowed"].as_array().unwrap();
    assert!(
        allowed
            .iter()
            .any(|a| a["code"] == "placeholder-url"
                && a["reason"] == "the site goes live in January")
    );
    // A reason is required, and only warnings can be allowed.
    p.write(
        "data/coalition.toml",
        format!("{coalition}\n[[checks.allow]]\ncode = \"bad-phone\"\nreason = \"\"\n"),
    );
    p.run(&["check"])
        .failure()
        .stderr_has(&["errors cannot be allowed", "say why"]);
}

#[test]
fn only_judges_a_build_on_the_warnings_that_concern_it() {
    let p = TempProject::bundled();
    // The notice prints no translation of the content and no contact form.
    p.run(&[
        "check",
        "--strict",
        "--only",
        "notice",
        "--allow",
        "unofficial-notice",
    ])
    .success();
    p.run(&[
        "check",
        "--strict",
        "--only",
        "flyer",
        "--allow",
        "unreviewed-translation",
    ])
    .failure()
    .stderr_has(&["error[placeholder-url]"]);
}

#[test]
fn a_template_syntax_error_appears_in_json_with_file_and_line() {
    let p = TempProject::bundled();
    p.write(
        "templates/poster.typ",
        "// a broken poster\n\n#let x = (1, 2\n",
    );
    let run = p.run(&["check", "--only", "poster", "--format", "json"]);
    run.failure();
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let errors = report["errors"].as_array().unwrap();
    let template = errors.iter().find(|e| e["code"] == "template").unwrap();
    let d = &template["diagnostics"][0];
    assert_eq!(d["file"], "templates/poster.typ");
    assert_eq!(d["built-in"], false);
    assert_eq!(d["line"], 3, "{d}");
    assert!(d["column"].as_u64().unwrap() >= 1);
    assert!(d["message"].as_str().unwrap().len() > 3);
    assert!(d["hints"].is_array());
    assert!(report["base"].as_str().is_some());
}

#[test]
fn every_output_in_json_says_whether_it_was_written() {
    let p = TempProject::bundled();
    let statuses = |args: &[&str]| -> Vec<String> {
        let run = p.run(args);
        run.success();
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        report["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["status"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        statuses(&["build", "--format", "json"])
            .iter()
            .all(|s| s == "written")
    );
    assert!(
        statuses(&["build", "--format", "json"])
            .iter()
            .all(|s| s == "unchanged")
    );
    assert!(
        statuses(&["check", "--format", "json"])
            .iter()
            .all(|s| s == "checked")
    );
}

#[test]
fn an_empty_source_date_epoch_counts_as_unset() {
    let p = TempProject::bundled();
    p.run_with_env(&["check"], &[("SOURCE_DATE_EPOCH", "")])
        .success();
    p.run_with_env(&["check"], &[("SOURCE_DATE_EPOCH", "soon")])
        .failure()
        .stderr_has(&["error[bad-environment]"]);
}

#[test]
fn a_number_in_the_words_beside_numbers_fails() {
    check_fails(
        |p| {
            p.edit(
                "data/content/en.toml",
                "call = \"Call\"",
                "call = \"Call 1-888-373-7878 or\"",
            );
        },
        &["error[number-in-text]", "`words.call`"],
    );
}

#[test]
fn a_guide_row_naming_a_contact_without_a_phone_fails() {
    check_fails(
        |p| {
            p.edit(
                "data/contacts.toml",
                "phone = [{ number = \"(530) 842-8300\" }, { number = \"(530) 842-2900\" }]\n",
                "",
            );
        },
        &[
            "error[bad-value]",
            "data/guide.toml:",
            "\"sheriff\" has no phone number",
        ],
    );
    check_fails(
        |p| {
            p.edit(
                "data/guide.toml",
                "call = [\"cps\"]",
                "call = [\"cps\", \"cps\"]",
            );
        },
        &["error[duplicate-id]", "named twice"],
    );
}

#[test]
fn three_digits_that_are_no_service_number_say_so() {
    check_fails(
        |p| {
            p.edit("data/contacts.toml", "tty = \"711\"", "tty = \"712\"");
        },
        &["error[bad-phone]", "712 is not a service or relay number"],
    );
}

#[test]
fn a_misspelt_vanity_number_of_a_service_fails() {
    check_fails(
        |p| {
            p.edit(
                "data/contacts.toml",
                "1-888-KEY-2-FRE(EDOM)",
                "1-888-KEY-2-FRE(EDON)",
            );
        },
        &[
            "error[wrong-service-number]",
            "expected 1-888-KEY-2-FREEDOM",
        ],
    );
}

#[test]
fn typst_warnings_are_judged_like_any_warning() {
    let p = TempProject::bundled();
    let poster = std::fs::read_to_string(crate::util::repo().join("templates/poster.typ")).unwrap();
    p.write(
        "templates/poster.typ",
        format!("{poster}\n#place(top + right, text(font: \"No Such Font\", size: 14pt)[.])\n"),
    );
    let data_warnings = [
        "--allow",
        "placeholder-url",
        "--allow",
        "unreviewed-translation",
        "--allow",
        "unofficial-notice",
    ];
    p.run(&["check", "--only", "poster"])
        .success()
        .stderr_has(&["warning[template-warning]: poster-en"]);
    let mut strict = vec!["build", "--only", "poster", "--strict"];
    strict.extend(data_warnings);
    p.run(&strict)
        .failure()
        .stderr_has(&["error[template-warning]: poster-en"]);
    assert!(!p.path("out").exists(), "nothing is written");
    strict.extend(["--allow", "template-warning"]);
    p.run(&strict).success();
    p.run(&[
        "check",
        "--deny",
        "template-warning",
        "--allow",
        "template-warning",
    ])
    .failure_usage();
}

/// What the runs below print on top of their error when nothing silences it: the bundled
/// addresses are placeholders.
const QUIET: [&str; 2] = ["check", "--allow=placeholder-url"];

#[test]
fn malformed_toml_is_one_message_naming_file_line_and_column() {
    // Also a build: it must leave out/ as it was.
    fails_cleanly(
        |p| {
            p.edit(
                "data/coalition.toml",
                "region = \"Siskiyou County, California\"\n\n",
                "region = \"Siskiyou\n\n",
            );
        },
        &["data/coalition.toml:4:19"],
    );
    Test::bundled()
        .edit(
            "data/coalition.toml",
            "region = \"Siskiyou County, California\"\n\n",
            "region = \"Siskiyou\n\n",
        )
        .args(&QUIET)
        .status(1)
        .stderr(
            "error[toml-syntax]: data/coalition.toml:4:19: invalid basic string, expected `\"`
  |
4 | region = \"Siskiyou
  |                   ^
",
        )
        .run();
}
#[test]
fn an_unknown_key_is_one_message_listing_the_keys_there_are() {
    let p = TempProject::bundled();
    let line = line_of(&p, "data/contacts.toml", "tty = \"711\"");
    let width = line.to_string().len();
    let gutter = " ".repeat(width);
    Test::on(p)
        .edit("data/contacts.toml", "tty = \"711\"", "tyy = \"711\"")
        .args(&QUIET)
        .status(1)
        .stderr(&format!(
            "error[unknown-key]: data/contacts.toml:{line}:1: unknown key `tyy` (expected one of `id`, `service`, `unchecked`, `name`, `short-name`, `names`, `verified`, `phone`, `text`, `chat`, `tty`)
{gutter} |
{line} | tyy = \"711\"
{gutter} | ^^^
"
        ))
        .run();
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
fn a_number_a_digit_short_is_one_message_saying_what_a_number_looks_like() {
    let p = TempProject::bundled();
    let line = line_of(&p, "data/contacts.toml", "842-6629");
    let gutter = " ".repeat(line.to_string().len());
    Test::on(p)
        .edit("data/contacts.toml", "(530) 842-6629", "(530) 842-662")
        .args(&QUIET)
        .status(1)
        .stderr(&format!(
            "error[bad-phone]: data/contacts.toml:{line}:21: 9 digits: expected a 10-digit number such as (530) 841-4200, 1-888-373-7888, or a 3-digit service number such as 911
{gutter} |
{line} | phone = [{{ number = \"(530) 842-662\", hours = \"always\" }}]
{gutter} |                     ^^^^^^^^^^^^^^^
"
        ))
        .run();
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
fn not_a_project_is_one_clear_error() {
    let (p, _) = Test::empty()
        .args(&["build"])
        .status(1)
        .stderr("error[missing-file]: data/coalition.toml: not found in {project} (is this a handbill project? see --project)\n")
        .run();
    assert!(!p.path("out").exists());
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
fn a_verified_date_in_the_future_warns() {
    let p = TempProject::bundled();
    set_first_verified(&p, "2099-01-15");
    p.run(&["check"]).success().stderr_has(&[
        "warning[future-verified]: data/contacts.toml:",
        "a day still to come",
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
