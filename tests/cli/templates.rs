//! `handbill templates`: the built-in templates written out, and the project's own
//! replacing them.

use handbill::plan::Material;
use handbill::world::BUILTIN_TEMPLATES;

use crate::fails_cleanly;
use crate::util::{TempProject, Test, nth_page_text, page_text, repo};

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
    let (p, _) = Test::on(p)
        .args(&["templates", "export"])
        .status(1)
        .stderr("error[would-overwrite]: {project}/templates: these differ from the built-in templates and would be written over: poster.typ; --force writes over them\n")
        .run();
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
