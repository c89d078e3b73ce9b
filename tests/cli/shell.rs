//! The shell around handbill: completion scripts, the manual page, colour.

use crate::util::TempProject;

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
        for command in ["init", "build", "check", "templates", "export"] {
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
    for command in ["init", "build", "check", "list", "manifest", "templates"] {
        assert!(run.stdout.contains(command), "the page names {command}");
    }
}
