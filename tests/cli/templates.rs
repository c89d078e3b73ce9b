//! `handbill templates`: the built-in templates written out, and the project's own
//! replacing them.

use handbill::world::BUILTIN_TEMPLATES;

use crate::util::{TempProject, nth_page_text, repo};

fn builtin(path: &str) -> &'static str {
    BUILTIN_TEMPLATES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
        .unwrap()
}

#[test]
fn export_writes_every_built_in_template_and_never_writes_over_a_changed_one() {
    let p = TempProject::bundled();
    p.run(&["templates", "export"]).success();
    for (path, text) in BUILTIN_TEMPLATES {
        let exported = p.read(&format!("templates/{path}"));
        assert_eq!(exported, *text, "{path}");
        let source = std::fs::read_to_string(repo().join("templates").join(path)).unwrap();
        assert_eq!(exported, source, "{path} is this repository's");
    }
    // For everyone who edits the project, not private as temporary files start.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(p.path("templates/poster.typ"))
            .unwrap()
            .permissions();
        assert_eq!(mode.mode() & 0o777, 0o644);
    }
    p.write("templates/poster.typ", "// the coalition's own poster\n");
    let before = p.snapshot("templates");
    p.run(&["templates", "export"]).failure().stderr_has(&[
        "error[would-overwrite]: ",
        "would be written over: poster.typ; --force writes over them",
    ]);
    assert_eq!(before, p.snapshot("templates"), "nothing is written");
    p.run(&["templates", "export", "--force"]).success();
    assert_eq!(p.read("templates/poster.typ"), builtin("poster.typ"));
}

#[test]
fn export_writes_where_it_is_told_and_refuses_a_special_file() {
    let p = TempProject::bundled();
    let elsewhere = p.path("copies");
    p.run(&["templates", "export", elsewhere.to_str().unwrap()])
        .success();
    assert_eq!(p.read("copies/lib/qr.typ"), builtin("lib/qr.typ"));
    assert!(!p.path("templates").exists());
    // A FIFO where a template goes would hang a reader: it is refused, not opened.
    let fifo = p.path("fifo/route.typ");
    std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let target = p.path("fifo");
    p.run(&["templates", "export", target.to_str().unwrap()])
        .failure()
        .stderr_has(&["error[refused-file]: ", "route.typ"]);
}

#[test]
fn an_override_replaces_its_built_in_template_and_imports_the_built_in_library() {
    let p = TempProject::bundled();
    // The pocket card as built in, with a line of its own; its `lib/` imports are the
    // built-in ones, as the project has none.
    let card = builtin("pocket-card.typ");
    p.write(
        "templates/pocket-card.typ",
        format!("{card}\n#place(bottom + right, text(size: 7pt)[Printed in Redding])\n"),
    );
    let list = p.run(&["templates", "list"]);
    list.success();
    assert!(list.stdout.contains("pocket-card.typ"));
    let line = |name: &str| {
        list.stdout
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} listed:\n{}", list.stdout))
            .to_string()
    };
    assert!(line("pocket-card.typ").ends_with("replaced by templates/pocket-card.typ"));
    assert!(line("lib/common.typ").ends_with("built-in"));
    let docs = p.render();
    let back = nth_page_text(&docs, "pocket-card-en.pdf", 1);
    assert!(back.contains("PrintedinRedding"), "{back}");
    let flyer = nth_page_text(&docs, "flyer-en.pdf", 0);
    assert!(
        !flyer.contains("Redding"),
        "only the pocket card is replaced"
    );
}
