//! `handbill init`: a new coalition's project, refused until what is its own is filled in.

use crate::util::{Run, TempProject, Test, first_page_text};

const NAME: &str = "Shasta Anti-Trafficking Coalition";

/// Runs `init` into the (empty) project folder.
fn init(p: &TempProject, extra: &[&str]) -> Run {
    let dir = p.root().to_str().unwrap();
    let mut args = vec!["init", dir];
    args.extend(extra);
    p.run(&args)
}

/// Fills in every value `init` marked, as a coalition would: its own names and numbers.
fn fill_in(p: &TempProject) {
    let numbers = [
        "(530) 229-8000",
        "(530) 245-6540",
        "(530) 243-2030",
        "(530) 244-6400",
        "(530) 225-5999",
        "(530) 247-1200",
    ];
    let mut contacts = p.read("data/contacts.toml");
    for number in numbers {
        contacts = contacts.replacen("TODO: the number, such as (530) 555-0100", number, 1);
    }
    let contacts = contacts
        .replace("TODO: the full name, such as: ", "")
        .replace("TODO: a short name, such as: ", "")
        .replace("Siskiyou", "Shasta");
    p.write("data/contacts.toml", contacts);
    let coalition = p
        .read("data/coalition.toml")
        .replace(
            "TODO: what your coalition does, in a short line (up to three lines)",
            "Teaching Shasta County to see trafficking and where to call.",
        )
        .replace(
            "TODO: the coalition's name in Español",
            "Coalición de Shasta",
        )
        .replace(
            "TODO: the region in Español",
            "Condado de Shasta, California",
        )
        .replace("TODO: the mission in Español", "Enseñamos a ver la trata.")
        .replace(
            "TODO: the coalition's name in Hmoob",
            "Pawg Koom Tes hauv Shasta",
        )
        .replace("TODO: the region in Hmoob", "Shasta County, California")
        .replace("TODO: the mission in Hmoob", "Qhia txog kev muag neeg.");
    p.write("data/coalition.toml", coalition);
}

#[test]
fn init_writes_a_project_that_builds_once_its_marked_values_are_filled_in() {
    let p = TempProject::empty();
    let made = init(
        &p,
        &["--name", NAME, "--region", "Shasta County, California"],
    );
    made.success();
    assert!(made.stdout.contains("handbill -p"), "{}", made.stdout);
    // Refused while anything is left to fill in, each value named where it is, once.
    let refused = p.run(&["check"]);
    refused.failure().stderr_has(&[
        "error[unfilled]: data/coalition.toml:7:13: `mission[0]` is still to be filled in",
        "error[unfilled]: data/contacts.toml:",
        "`contact[3].phone[0].number` is still to be filled in",
        "`translations.es.name` is still to be filled in",
    ]);
    for follow_on in [
        "bad-phone",
        "has no phone number",
        "[unfilled]: data/coalition.toml:3:",
    ] {
        assert!(!refused.stderr.contains(follow_on), "{}", refused.stderr);
    }
    p.run(&["build"]).failure();
    assert!(!p.path("out/flyer-en.pdf").exists(), "nothing is made");

    fill_in(&p);
    p.run(&["build"]).success();
    assert!(p.path("out/flyer-en.pdf").is_file());
    let docs = p.render();
    let flyer = first_page_text(&docs, "flyer-en.pdf");
    assert!(flyer.contains("ShastaAnti-TraffickingCoalition"), "{flyer}");
    assert!(
        flyer.contains("(530)229-8000") || flyer.contains("229-8000"),
        "{flyer}"
    );
    for doc in &docs {
        let text = first_page_text(&docs, &doc.job.path());
        assert!(!text.contains("Siskiyou"), "{}: {text}", doc.job.path());
    }
}

#[test]
fn init_without_a_name_leaves_it_to_fill_in() {
    let p = TempProject::empty();
    init(&p, &[]).success();
    p.run(&["check"]).failure().stderr_has(&[
        "error[unfilled]: data/coalition.toml:3:9: `name` is still to be filled in",
        "`region` is still to be filled in",
    ]);
    // No other coalition's site, name or campaign comes along.
    let coalition = p.read("data/coalition.toml");
    assert!(!coalition.contains("siskiyou-coalition"), "{coalition}");
    assert!(!p.path("data/campaigns").exists());
    assert!(p.path("templates/README.md").is_file());
    // The schemas the data files name in their first line are there.
    assert!(coalition.starts_with("#:schema ../schema/coalition.schema.json\n"));
    assert!(p.path("schema/coalition.schema.json").is_file());
}

#[test]
fn init_never_writes_over_a_project() {
    let p = TempProject::bundled();
    let before = p.snapshot("data");
    let (p, _) = Test::on(p)
        .args(&["init", "{project}", "--name", NAME])
        .status(1)
        .stderr("error[project-exists]: {project}: already holds data/: init makes a new project and never writes over one\n")
        .run();
    assert_eq!(before, p.snapshot("data"), "data/ is as it was");
    assert!(!p.path("templates").exists(), "nothing is half-written");
}

#[test]
fn a_contact_with_no_number_at_all_is_named_even_while_others_are_to_fill_in() {
    let p = TempProject::empty();
    init(&p, &["--name", NAME]).success();
    let contacts = p.read("data/contacts.toml");
    let sheriff = contacts.find("id = \"sheriff\"").unwrap();
    let phone = sheriff + contacts[sheriff..].find("\nphone = [").unwrap() + 1;
    let end = phone + contacts[phone..].find('\n').unwrap() + 1;
    assert!(
        contacts[phone..end].ends_with("}]\n"),
        "one line: {}",
        &contacts[phone..end]
    );
    p.write(
        "data/contacts.toml",
        format!("{}{}", &contacts[..phone], &contacts[end..]),
    );
    let run = p.run(&["check"]);
    run.failure().stderr_has(&[
        "error[unfilled]: data/contacts.toml:",
        "\"sheriff\" has no phone number for the guide to print",
    ]);
}
