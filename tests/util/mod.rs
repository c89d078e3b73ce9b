//! Test helpers: a temporary copy of a project, a way to run the binary on it, and ways to
//! look inside what it wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use handbill::build::{self, Selection};
use handbill::project::Project;
use handbill::render::Rendered;
use rqrr::BitGrid;
use typst::layout::{Frame, FrameItem};

/// The repository root, itself a project holding the bundled data.
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The longest one run of the binary may take in a test before it counts as a hang.
const RUN_LIMIT: std::time::Duration = std::time::Duration::from_secs(600);

/// A project in a temporary folder, starting as a copy of the bundled data.
pub(crate) struct TempProject {
    dir: tempfile::TempDir,
}

impl TempProject {
    /// A copy of the bundled `data/` folder, with no templates or fonts of its own.
    pub(crate) fn bundled() -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("data"), &dir.path().join("data"));
        Self { dir }
    }

    /// An empty folder, for a project yet to be made.
    pub(crate) fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The project folder.
    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the project.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes a file into the project, creating folders as needed.
    pub(crate) fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Reads a file of the project as text.
    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Replaces `from` (which must occur exactly once) by `to` in a project file.
    pub(crate) fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert_eq!(
            text.matches(from).count(),
            1,
            "{from:?} should occur once in {rel}"
        );
        self.write(rel, text.replace(from, to))
    }

    /// Makes the same edit (as [`TempProject::edit`]) in the content file of each language.
    pub(crate) fn edit_content(&self, langs: &[&str], from: &str, to: &str) -> &Self {
        for lang in langs {
            self.edit(&format!("data/content/{lang}.toml"), from, to);
        }
        self
    }

    /// Runs `handbill --project <root> <args>`.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs the binary with extra environment variables.
    pub(crate) fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_handbill"));
        cmd.arg("--project")
            .arg(self.root())
            .args(args)
            .env_remove("SOURCE_DATE_EPOCH");
        cmd.envs(env.iter().copied());
        cmd.stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let read = |mut pipe: Box<dyn std::io::Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                pipe.read_to_end(&mut bytes).unwrap();
                String::from_utf8(bytes).unwrap()
            })
        };
        let stdout = read(Box::new(child.stdout.take().unwrap()));
        let stderr = read(Box::new(child.stderr.take().unwrap()));
        // A run that hangs (a FIFO read, a loop) fails its test instead of holding up the
        // whole suite; the slowest run of the suite takes well under a minute.
        let began = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if began.elapsed() > RUN_LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("handbill {args:?} still ran after {RUN_LIMIT:?}: a hang");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        Run {
            code: status.code(),
            stdout: stdout.join().unwrap(),
            stderr: stderr.join().unwrap(),
        }
    }

    /// Starts `handbill --project <root> <args>` and leaves it running, for `watch`.
    pub(crate) fn spawn(&self, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbill"))
            .arg("--project")
            .arg(self.root())
            .args(args)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (lines, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { return };
                if lines.send(line).is_err() {
                    return;
                }
            }
        });
        Running {
            child,
            lines: rx,
            stderr: String::new(),
        }
    }

    /// Every file under `rel` with its bytes and modification time, but the lock file of
    /// an output folder.
    pub(crate) fn snapshot(
        &self,
        rel: &str,
    ) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
        fn walk(dir: &Path, files: &mut BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, files);
                    continue;
                }
                // The build's lock file stays in out/ (empty, named by no list): not an
                // output.
                if path.ends_with(handbill::output::LOCK) {
                    continue;
                }
                let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
                files.insert(path.clone(), (std::fs::read(&path).unwrap(), modified));
            }
        }
        let mut files = BTreeMap::new();
        walk(&self.path(rel), &mut files);
        files
    }

    /// The PDFs of a folder of the project, as [`TempProject::snapshot`] gives them.
    pub(crate) fn pdfs(&self, rel: &str) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
        let mut files = self.snapshot(rel);
        files.retain(|path, _| path.extension().is_some_and(|e| e == "pdf"));
        files
    }

    /// Loads the project and renders the campaign's documents in memory, as
    /// `build --campaign` does.
    pub(crate) fn render_campaign(&self, id: &str) -> Vec<Rendered> {
        let project = Project::load(self.root()).unwrap();
        let selection = Selection {
            scope: handbill::plan::Scope {
                kit: false,
                campaigns: vec![id.to_string()],
                only: Vec::new(),
            },
            ..Selection::default()
        };
        build::render_all(&project, &selection).unwrap()
    }

    /// Loads the project and renders every document in memory, as `build` does.
    pub(crate) fn render(&self) -> Vec<Rendered> {
        let project = Project::load(self.root()).unwrap();
        build::render_all(&project, &Selection::default()).unwrap()
    }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// One run of the binary and what it must give, said in one chain in the manner of just's
/// test builder: the project, the command line, then the exit code and output expected.
///
/// ```ignore
/// Test::bundled()
///     .edit("data/contacts.toml", "tty = \"711\"", "tyy = \"711\"")
///     .args(&["check", "--allow", "placeholder-url"])
///     .status(1)
///     .stderr("error[unknown-key]: data/contacts.toml:31:1: ...")
///     .run();
/// ```
///
/// Expected output is compared whole, `{project}` standing for the project's folder: a
/// message a person acts on is tested as they will read it.
#[must_use = "a test does nothing until it runs"]
pub(crate) struct Test {
    project: TempProject,
    args: Vec<String>,
    env: Vec<(String, String)>,
    status: i32,
    stdout: Option<String>,
    stderr: Option<String>,
}

impl Test {
    /// A test on a copy of the bundled data.
    pub(crate) fn bundled() -> Self {
        Self::on(TempProject::bundled())
    }

    /// A test on an empty folder.
    pub(crate) fn empty() -> Self {
        Self::on(TempProject::empty())
    }

    /// A test on `project`.
    pub(crate) fn on(project: TempProject) -> Self {
        Self {
            project,
            args: Vec::new(),
            env: Vec::new(),
            status: 0,
            stdout: None,
            stderr: None,
        }
    }

    /// Replaces `from`, which must be there, with `to` in a project file first.
    pub(crate) fn edit(self, rel: &str, from: &str, to: &str) -> Self {
        self.project.edit(rel, from, to);
        self
    }

    /// The command line after `handbill --project <root>`; `{project}` in an argument
    /// stands for the project's folder.
    pub(crate) fn args(mut self, args: &[&str]) -> Self {
        let root = self.root();
        self.args = args.iter().map(|a| a.replace("{project}", &root)).collect();
        self
    }

    /// An environment variable for the run.
    pub(crate) fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// The exit code expected; 0 unless said.
    pub(crate) fn status(mut self, code: i32) -> Self {
        self.status = code;
        self
    }

    /// The whole of standard output expected.
    pub(crate) fn stdout(mut self, text: &str) -> Self {
        self.stdout = Some(text.replace("{project}", &self.root()));
        self
    }

    /// The whole of standard error expected.
    pub(crate) fn stderr(mut self, text: &str) -> Self {
        self.stderr = Some(text.replace("{project}", &self.root()));
        self
    }

    fn root(&self) -> String {
        self.project.root().display().to_string()
    }

    /// Runs it, checks everything expected, and gives back the project and the run for
    /// what is to be looked at after.
    #[track_caller]
    pub(crate) fn run(self) -> (TempProject, Run) {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = self
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let run = self.project.run_with_env(&args, &env);
        assert_eq!(
            run.code,
            Some(self.status),
            "exit code of handbill {args:?}; stderr:\n{}",
            run.stderr
        );
        if let Some(expected) = &self.stderr {
            assert_same("stderr", expected, &run.stderr);
        }
        if let Some(expected) = &self.stdout {
            assert_same("stdout", expected, &run.stdout);
        }
        (self.project, run)
    }
}

/// Fails, showing both whole and the first line that differs, unless `found` is
/// `expected`.
#[track_caller]
fn assert_same(stream: &str, expected: &str, found: &str) {
    if expected == found {
        return;
    }
    let first = expected
        .lines()
        .zip(found.lines())
        .position(|(e, f)| e != f)
        .unwrap_or_else(|| expected.lines().count().min(found.lines().count()));
    panic!(
        "{stream} differs from line {}:\n--- expected\n{expected}\n--- found\n{found}",
        first + 1
    );
}

/// The longest a running binary may take to print what a test waits for.
const WAIT_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

/// A run of the binary still going; killed when dropped.
pub(crate) struct Running {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    /// Its standard error so far.
    pub stderr: String,
}

impl Running {
    /// Waits for a line of standard error that contains `needle`, and returns what was
    /// printed from the last wait up to it. A run that ends, or prints no such line in
    /// [`WAIT_LIMIT`] (a change missed), fails the test.
    #[track_caller]
    pub(crate) fn wait_for(&mut self, needle: &str) -> String {
        let began = std::time::Instant::now();
        let mut since = String::new();
        loop {
            let left = WAIT_LIMIT.saturating_sub(began.elapsed());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.stderr.push_str(&line);
                    self.stderr.push('\n');
                    since.push_str(&line);
                    since.push('\n');
                    if line.contains(needle) {
                        return since;
                    }
                }
                Err(e) => panic!("no line with {needle:?} ({e}); stderr:\n{}", self.stderr),
            }
        }
    }
}

impl Running {
    /// Fails the test if anything is printed within `time`.
    #[track_caller]
    pub(crate) fn says_nothing_for(&mut self, time: std::time::Duration) {
        if let Ok(line) = self.lines.recv_timeout(time) {
            panic!("printed {line:?} unasked; stderr:\n{}", self.stderr);
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What one run of the binary did.
#[derive(Debug)]
pub(crate) struct Run {
    /// The exit code.
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Asserts exit code 0.
    #[track_caller]
    pub(crate) fn success(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success; stderr:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts exit code 1, the code of bad data and failed checks.
    #[track_caller]
    pub(crate) fn failure(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit code 1; stderr:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts exit code 2, the code of a command line clap rejected.
    #[track_caller]
    pub(crate) fn failure_usage(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(2),
            "expected exit code 2; stderr:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts that standard error contains each of `needles`.
    #[track_caller]
    pub(crate) fn stderr_has(&self, needles: &[&str]) -> &Self {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr lacks {needle:?}:\n{}",
                self.stderr
            );
        }
        self
    }
}

/// The text of the first page of the rendered document that `build` writes as `file`.
pub(crate) fn first_page_text(docs: &[Rendered], file: &str) -> String {
    nth_page_text(docs, file, 0)
}

/// The text of page `n` (from 0) of the rendered document that `build` writes as `file`.
pub(crate) fn nth_page_text(docs: &[Rendered], file: &str, n: usize) -> String {
    let doc = docs
        .iter()
        .find(|d| d.job.path() == file)
        .unwrap_or_else(|| panic!("no {file}"));
    page_text(&doc.document.pages()[n].frame)
}

/// The text of a laid-out page, in reading order, with white space removed so that a
/// number split into several shaped runs still reads as one.
pub(crate) fn page_text(frame: &Frame) -> String {
    let mut text = String::new();
    collect_text(frame, &mut text);
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn collect_text(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect_text(&group.frame, out),
            FrameItem::Text(run) => out.push_str(&run.text),
            _ => {}
        }
    }
}

/// A QR code found on a rendered page.
#[derive(Debug)]
pub(crate) struct FoundCode {
    /// What it decodes to.
    pub payload: String,
    /// The span of its modules (quiet zone not counted), in inches, along its top edge.
    pub span_inches: f64,
}

/// Renders a page at `pixel_per_pt` and decodes every QR code on it.
pub(crate) fn find_codes(frame_page: &typst_layout::Page, pixel_per_pt: f32) -> Vec<FoundCode> {
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(f64::from(pixel_per_pt)),
        render_bleed: false,
    };
    let pixmap = typst_render::render(frame_page, &options);
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let rgba = pixmap.data();
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        let p = &rgba[(y * w + x) * 4..][..3];
        ((u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2])) / 3) as u8
    });
    let mut found = Vec::new();
    for grid in image.detect_grids() {
        let (_, payload) = grid
            .decode()
            .expect("a QR code on the page does not decode");
        // rqrr's bounds reach one module past the code's edge.
        let [a, b, ..] = grid.bounds;
        let modules = grid.grid.size() as f64;
        let px = f64::from(b.x - a.x).hypot(f64::from(b.y - a.y)) * modules / (modules + 1.0);
        found.push(FoundCode {
            payload,
            span_inches: px / f64::from(pixel_per_pt) / 72.0,
        });
    }
    found.sort_by(|a, b| a.payload.cmp(&b.payload));
    found
}
