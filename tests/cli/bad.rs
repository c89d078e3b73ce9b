//! The corpus of bad inputs under `tests/fixtures/bad/`: each case is a folder whose
//! `case.toml` says how to spoil a copy of the bundled project, what to run, and the exit
//! code and messages that must come of it. See `tests/fixtures/bad/README.md`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::util::{TempProject, repo};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case is, for the failure message.
    about: String,
    /// The command line after `--project <root>`.
    args: Vec<String>,
    /// The exit code it must give.
    exit: i32,
    /// Texts the error output must hold, each (file, line and column where there is one).
    stderr: Vec<String>,
    /// Texts standard output must hold (the report, under `--format json`).
    #[serde(default)]
    stdout: Vec<String>,
    /// Texts it must not hold anywhere (stdout or stderr).
    #[serde(default)]
    never: Vec<String>,
    /// Replacements in the project's files, made in order.
    #[serde(default)]
    edit: Vec<Edit>,
    /// Bytes put into a file after a text of it.
    #[serde(default)]
    insert: Vec<Insert>,
    /// Files written whole.
    #[serde(default)]
    write: Vec<Write>,
    /// Files given CRLF line ends.
    #[serde(default)]
    crlf: Vec<String>,
    /// FIFOs made (the folders they go in are made too).
    #[serde(default)]
    fifo: Vec<String>,
    /// Symbolic links made.
    #[serde(default)]
    link: Vec<Link>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    from: String,
    to: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Insert {
    file: String,
    /// Put in after the first occurrence of this; at the very start when empty.
    after: String,
    /// What to put in: text, or bytes in hex, repeated `repeat` times.
    #[serde(default)]
    text: String,
    #[serde(default)]
    hex: String,
    #[serde(default = "one")]
    repeat: usize,
}

fn one() -> usize {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Write {
    file: String,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Link {
    /// The link, in the project.
    path: String,
    /// What it points at: `SECRET` is a file outside the project whose every line says
    /// `SECRET-LINE`; else a path as written.
    target: String,
}

/// A file outside every project, that no message may ever show a line of.
fn secret() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = "SECRET-LINE = 1\n[SECRET-LINE\nlanguage = \"SECRET-LINE\"\n";
    std::fs::write(dir.path().join("secret.toml"), text).unwrap();
    std::fs::create_dir(dir.path().join("fonts")).unwrap();
    std::fs::copy(
        repo().join("fonts/AtkinsonHyperlegibleNext-Regular.ttf"),
        dir.path().join("fonts/System.ttf"),
    )
    .unwrap();
    dir
}

fn spoil(p: &TempProject, case: &Case, secret: &Path) {
    for edit in &case.edit {
        p.edit(&edit.file, &edit.from, &edit.to);
    }
    for insert in &case.insert {
        let mut bytes = std::fs::read(p.path(&insert.file)).unwrap();
        let at = if insert.after.is_empty() {
            0
        } else {
            let needle = insert.after.as_bytes();
            let found = bytes.windows(needle.len()).position(|w| w == needle);
            found.unwrap_or_else(|| panic!("{:?} not in {}", insert.after, insert.file))
                + needle.len()
        };
        let mut piece = insert.text.as_bytes().to_vec();
        piece
            .extend((0..insert.hex.len() / 2).map(|i| {
                u8::from_str_radix(&insert.hex[2 * i..2 * i + 2], 16).expect("hex bytes")
            }));
        let piece = piece.repeat(insert.repeat);
        bytes.splice(at..at, piece);
        std::fs::write(p.path(&insert.file), bytes).unwrap();
    }
    for write in &case.write {
        p.write(&write.file, &write.text);
    }
    for file in &case.crlf {
        let text = p.read(file).replace('\n', "\r\n");
        p.write(file, text);
    }
    for fifo in &case.fifo {
        let path = p.path(fifo);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&path);
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "{fifo}");
    }
    for link in &case.link {
        let path = p.path(&link.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            let _ = std::fs::remove_file(&path);
        }
        let target = match link.target.as_str() {
            "SECRET" => secret.join("secret.toml"),
            "SECRET-FONTS" => secret.join("fonts"),
            "SECRET-FONT" => secret.join("fonts/System.ttf"),
            other => PathBuf::from(other),
        };
        std::os::unix::fs::symlink(target, path).unwrap();
    }
}

/// Every case of the corpus, by folder name.
fn cases() -> Vec<(String, Case)> {
    let dir = repo().join("tests/fixtures/bad");
    let mut cases: Vec<(String, Case)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(p.join("case.toml")).unwrap();
            let case = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, case)
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

#[test]
fn every_bad_input_gets_its_one_clear_error() {
    let secret = secret();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    for (name, case) in &cases {
        let p = TempProject::bundled();
        // A case's own files (such as one not in UTF-8) overlay the copy.
        let files = repo().join("tests/fixtures/bad").join(name).join("files");
        if files.is_dir() {
            crate::util::copy_dir(&files, p.root());
        }
        spoil(&p, case, secret.path());
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        let run = p.run(&args);
        let all = format!("{}{}", run.stdout, run.stderr);
        let mut wrong = Vec::new();
        if run.code != Some(case.exit) {
            wrong.push(format!("exit {:?}, not {}", run.code, case.exit));
        }
        for text in &case.stderr {
            if !run.stderr.contains(text.as_str()) {
                wrong.push(format!("no {text:?}"));
            }
        }
        for text in &case.stdout {
            if !run.stdout.contains(text.as_str()) {
                wrong.push(format!("no {text:?} on stdout"));
            }
        }
        for text in case
            .never
            .iter()
            .map(String::as_str)
            .chain(["panicked", "SECRET-LINE"])
        {
            if all.contains(text) {
                wrong.push(format!("shows {text:?}"));
            }
        }
        if all.contains('\u{1b}') {
            wrong.push("an unescaped escape byte".into());
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{name} ({}): {}\n--- stderr:\n{}",
                case.about,
                wrong.join("; "),
                run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
