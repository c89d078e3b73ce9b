//! The shell around handbill: completion scripts, the manual page, colour.

use crate::util::{TempProject, Test};

#[test]
fn completions_print_for_each_shell_and_know_the_commands() {
    let p = TempProject::empty();
    for (shell, mark) in [
        ("bash", "complete -F _handbill"),
        ("zsh", "#compdef handbill"),
        ("fish", "complete -c handbill"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = p.run(&["completions", shell]);
        run.success();
        assert!(run.stdout.contains(mark), "{shell}:\n{}", run.stdout);
        for command in ["init", "build", "watch", "check", "templates", "export"] {
            assert!(run.stdout.contains(command), "{shell} completes {command}");
        }
    }
    p.run(&["completions", "tcsh"]).failure_usage();
}

#[test]
fn the_manual_page_is_roff_naming_every_command() {
    let p = TempProject::empty();
    let run = p.run(&["man"]);
    run.success();
    assert!(run.stdout.contains(".TH handbill 1"), "{}", run.stdout);
    for command in [
        "init",
        "build",
        "watch",
        "check",
        "list",
        "manifest",
        "templates",
    ] {
        assert!(run.stdout.contains(command), "the page names {command}");
    }
}

#[test]
fn colour_is_for_terminals_and_never_with_no_color() {
    let p = TempProject::bundled();
    p.edit(
        "data/coalition.toml",
        r#"name = "Siskiyou Anti-Trafficking Coalition""#,
        r#"name = "TODO: the coalition's name""#,
    );
    let args = ["check", "--only", "flyer"];
    // Piped, as here: no colour.
    let piped = p.run_with_env(&args, &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "")]);
    piped
        .failure()
        .stderr_has(&["error[unfilled]: data/coalition.toml:3:9"]);
    assert!(!piped.stderr.contains('\u{1b}'), "{:?}", piped.stderr);
    // Forced, as a terminal would have it: the label in bold red, and nothing else.
    let (p, _) = Test::on(p)
        .args(&args)
        .env("NO_COLOR", "")
        .env("CLICOLOR_FORCE", "1")
        .status(1)
        .stderr(
            "\u{1b}[1m\u{1b}[31merror[unfilled]\u{1b}[0m: data/coalition.toml:3:9: `name` is still to be filled in: \"TODO: the coalition's name\"
  |
3 | name = \"TODO: the coalition's name\"
  |         ^^^^^
",
        )
        .run();
    // NO_COLOR wins over everything.
    for force in ["", "1"] {
        let plain = p.run_with_env(&args, &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", force)]);
        plain
            .failure()
            .stderr_has(&["error[unfilled]: data/coalition.toml:3:9"]);
        assert!(!plain.stderr.contains('\u{1b}'), "{:?}", plain.stderr);
        let help = p.run_with_env(&["--help"], &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", force)]);
        help.success();
        assert!(!help.stdout.contains('\u{1b}'), "{:?}", help.stdout);
    }
}

#[test]
fn jobs_takes_a_count_of_one_to_256() {
    let p = TempProject::bundled();
    p.run(&["check", "--only", "flyer", "--jobs", "1"])
        .success();
    p.run(&["check", "--only", "flyer", "-j", "256"]).success();
    // Thousands of threads with typst's stacks fail to start: a usage error, no panic.
    for n in ["0", "257", "30000"] {
        let run = p.run(&["check", "--only", "flyer", "-j", n]);
        run.failure_usage().stderr_has(&["1..=256"]);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn a_template_warning_shows_escape_bytes_as_escapes() {
    let p = TempProject::bundled();
    // A font name typst warns of, with the bytes that clear a terminal in it.
    let flyer = std::fs::read_to_string(crate::util::repo().join("templates/flyer.typ")).unwrap();
    let fonts = "(\"Nope\u{1b}[2J\", \"Atkinson Hyperlegible Next\")";
    p.write(
        "templates/flyer.typ",
        format!("{flyer}\n#set text(font: {fonts})\n"),
    );
    let run = p.run(&["check", "--only", "flyer"]);
    run.success().stderr_has(&[
        "warning[template-warning]: flyer-en:",
        "unknown font family: nope\\u{1b}[2j",
    ]);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
}

#[test]
fn schema_writes_every_data_files_json_schema() {
    let (p, _) = Test::bundled()
        .args(&["schema"])
        .stdout("Wrote 6 schemas to {project}/schema.\n")
        .run();
    for (name, text) in handbill::reference::schema_texts() {
        assert_eq!(p.read(&format!("schema/{name}")), text, "{name}");
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(
            schema["$schema"]
                .as_str()
                .unwrap()
                .contains("json-schema.org")
        );
    }
    // Each bundled data file names its schema, by a path that leads to it.
    for (path, text) in handbill::init::BUNDLED_DATA {
        let first = text.lines().next().unwrap();
        let rel = first
            .strip_prefix("#:schema ")
            .unwrap_or_else(|| panic!("{path}: {first}"));
        let schema = p.path(path).parent().unwrap().join(rel);
        assert!(schema.is_file(), "{path} names {rel}");
    }
}

#[test]
fn a_code_both_denied_and_allowed_is_a_command_line_error() {
    Test::bundled()
        .args(&[
            "check",
            "--deny",
            "stale-verified",
            "--allow",
            "stale-verified",
        ])
        .status(2)
        .stderr("error: --deny stale-verified and --allow stale-verified contradict each other\n")
        .run();
    // An error's code is no warning's: it cannot be allowed.
    Test::bundled()
        .args(&["check", "--allow", "bad-phone"])
        .status(2)
        .stderr(
            "error: invalid value 'bad-phone' for '--allow <CODE>': \"bad-phone\" is an error, not a warning: errors always stop a build\n\nFor more information, try '--help'.\n",
        )
        .run();
}
