//! What a build promises about `out/`: a failed commit leaves it byte for byte as it was,
//! a second build is kept out while one runs, and a build killed at any moment leaves only
//! whole PDFs, which the next build completes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use handbill::manifest::{Manifest, file_sha256};

use crate::util::TempProject;

/// Every file and folder under `dir`, with each file's bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut all = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path.clone());
                all.insert(path, None);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                all.insert(path, Some(bytes));
            }
        }
    }
    all
}

/// The build's temporary files left in `out`.
fn leftovers(out: &Path) -> Vec<String> {
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".handbill-") && name != ".handbill-lock")
        .collect()
}

/// Moves the edition on a day: every document changes.
fn next_edition(p: &TempProject, day: u32) {
    let text = p.read("data/coalition.toml");
    let line = text.lines().find(|l| l.starts_with("edition = ")).unwrap();
    let new = format!("edition = 2026-11-{day:02}");
    p.write("data/coalition.toml", text.replacen(line, &new, 1));
}

#[test]
fn a_commit_that_fails_midway_leaves_out_byte_for_byte() {
    let p = TempProject::bundled();
    let out = p.path("out");
    p.run(&["build", "--only", "flyer", "--only", "pocket-card", "-q"])
        .success();
    // A file where the sheets' folder goes: the flyers and cards are renamed into place
    // before the sheets' folder is found not to be one.
    std::fs::remove_dir_all(out.join("sheets")).unwrap();
    std::fs::write(out.join("sheets"), b"not a folder").unwrap();
    next_edition(&p, 28);
    let before = tree(&out);
    let run = p.run(&["build", "--only", "flyer", "--only", "pocket-card", "-q"]);
    run.failure();
    assert!(run.stderr.contains("sheets"), "{}", run.stderr);
    assert_eq!(tree(&out), before, "every file as it was, nothing added");
}

#[test]
fn a_second_build_into_the_same_folder_is_refused_while_one_runs() {
    let p = TempProject::bundled();
    let out = p.path("out");
    std::fs::create_dir(&out).unwrap();
    // This test holds the lock, as a running build would.
    let lock = std::fs::File::create(out.join(".handbill-lock")).unwrap();
    lock.try_lock().unwrap();
    let run = p.run(&["build", "--only", "flyer", "-q"]);
    run.failure();
    assert!(
        run.stderr
            .contains("another handbill build is writing this folder"),
        "{}",
        run.stderr
    );
    assert!(!out.join("flyer-en.pdf").exists(), "nothing written");
    drop(lock);
    p.run(&["build", "--only", "flyer", "-q"]).success();
    assert!(out.join("flyer-en.pdf").exists());
}

/// Every PDF under `out` parses, and, unless a commit was cut short (its journal still
/// there, for the next build to put back), the manifest names exactly the files there are.
fn check_after_kill(out: &Path, when: &str) {
    for (path, bytes) in tree(out) {
        let Some(bytes) = bytes else { continue };
        if path.extension().is_some_and(|e| e == "pdf") {
            let parsed = lopdf::Document::load_mem(&bytes);
            assert!(
                parsed.is_ok(),
                "{} is not a whole PDF {when}",
                path.display()
            );
        }
    }
    if !out.join(".handbill-journal").exists() {
        agrees(out, when);
    }
}

/// Every file the manifest lists holds the bytes it records.
fn agrees(out: &Path, when: &str) {
    let manifest = Manifest::load(out).unwrap();
    for (rel, entry) in &manifest.outputs {
        let sha = file_sha256(&out.join(rel)).ok();
        assert_eq!(sha.as_ref(), Some(&entry.sha256), "{rel} {when}");
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_whole_pdfs_and_the_next_completes_it() {
    let p = TempProject::bundled();
    let out = p.path("out");
    let args = ["build", "--all", "-q"];
    p.run(&args).success();
    let whole: Vec<String> = Manifest::load(&out).unwrap().outputs.into_keys().collect();
    assert!(whole.len() > 50, "the kit and a campaign");
    let mut day = 20;
    let mut killed = 0;
    for delay in [30, 150, 400, 800, 1500, 2500] {
        day += 1;
        next_edition(&p, day);
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbill"))
            .arg("--project")
            .arg(p.root())
            .args(args)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        killed += usize::from(child.try_wait().unwrap().is_none());
        // SIGKILL: nothing of the build runs after it.
        let _ = child.kill();
        let _ = child.wait();
        check_after_kill(&out, &format!("after a kill at {delay} ms"));
    }
    assert!(
        killed >= 3,
        "only {killed} builds were killed while they ran"
    );
    p.run(&args).success();
    assert_eq!(
        leftovers(&out),
        Vec::<String>::new(),
        "no staging file left"
    );
    agrees(&out, "after the build that followed");
    let made = Manifest::load(&out).unwrap().outputs.into_keys();
    assert!(
        made.eq(whole.iter().cloned()),
        "the same outputs as a build never killed"
    );
    // And the last build is complete: nothing is left for another to do.
    let run = p
        .run(&["build", "--all", "--format", "json", "-q"])
        .success()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_str(&run).unwrap();
    assert_eq!(report["changed"], serde_json::json!([]), "{run}");
}

#[test]
fn a_build_killed_in_the_middle_of_its_renames_is_put_back_by_the_next() {
    let p = TempProject::bundled();
    let out = p.path("out");
    let args = ["build", "--all", "-q"];
    p.run(&args).success();
    let whole: Vec<String> = Manifest::load(&out).unwrap().outputs.into_keys().collect();
    let before = tree(&out);
    next_edition(&p, 27);
    // The process ends after five files are renamed into place, as a kill would.
    let killed = p.run_with_env(&args, &[(handbill::output::KILL_AFTER_VAR, "5")]);
    assert_eq!(killed.code, Some(9), "{}", killed.stderr);
    assert!(out.join(".handbill-journal").exists(), "killed mid-commit");
    assert_ne!(tree(&out), before, "some files were replaced");
    check_after_kill(&out, "after a kill in the renames");
    // Put back first: the old edition, whole, then built anew.
    p.run(&args).success();
    assert!(!out.join(".handbill-journal").exists());
    assert_eq!(leftovers(&out), Vec::<String>::new());
    agrees(&out, "after the build that followed");
    let made = Manifest::load(&out).unwrap().outputs.into_keys();
    assert!(made.eq(whole.iter().cloned()));
}

#[test]
fn a_broken_limit_during_a_build_leaves_out_as_it_was() {
    let p = TempProject::bundled();
    let out = p.path("out");
    p.run(&["build", "--only", "flyer", "-q"]).success();
    next_edition(&p, 26);
    // One document fails by time, after the others may already be staged.
    p.write(
        "templates/flyer.typ",
        "#if sys.inputs.lang == \"es\" { for i in range(100000) { for j in range(100000) {} } }\n#include \"/flyer-kit.typ\"\n",
    );
    p.write(
        "templates/flyer-kit.typ",
        std::fs::read_to_string(crate::util::repo().join("templates/flyer.typ")).unwrap(),
    );
    let before = tree(&out);
    let run = p.run(&["build", "--only", "flyer", "--timeout", "3", "-q"]);
    run.failure();
    assert!(
        run.stderr.contains("error[time-limit]: flyer-es.pdf"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&out), before, "out/ as it was, no staging file left");
}

#[test]
fn a_fifo_where_an_output_goes_is_replaced_by_the_pdf() {
    let p = TempProject::bundled();
    let out = p.path("out");
    std::fs::create_dir(&out).unwrap();
    let c =
        std::ffi::CString::new(out.join("flyer-en.pdf").as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    p.run(&["build", "--only", "flyer", "-q"]).success();
    let pdf = std::fs::read(out.join("flyer-en.pdf")).unwrap();
    assert!(lopdf::Document::load_mem(&pdf).is_ok());
}
