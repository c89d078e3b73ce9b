//! The typst World: built-in templates a project can override file by file, built-in fonts
//! plus the project's own, and nothing else: no packages, no network, no system fonts.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};
use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Dict};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::diagnostics::DiagnosticWorld;
use typst_kit::files::{FileLoader, FileStore};
use typst_kit::fonts::FontStore;

use crate::error::{DataError, Error};
use crate::files;
use crate::project::Project;

/// Templates compiled into the binary, by path inside `templates/`.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("flyer.typ", include_str!("../templates/flyer.typ")),
    (
        "pocket-card.typ",
        include_str!("../templates/pocket-card.typ"),
    ),
    (
        "driver-card.typ",
        include_str!("../templates/driver-card.typ"),
    ),
    ("tear-off.typ", include_str!("../templates/tear-off.typ")),
    ("poster.typ", include_str!("../templates/poster.typ")),
    (
        "poster-letter.typ",
        include_str!("../templates/poster-letter.typ"),
    ),
    (
        "poster-multilingual.typ",
        include_str!("../templates/poster-multilingual.typ"),
    ),
    (
        "restroom-sticker.typ",
        include_str!("../templates/restroom-sticker.typ"),
    ),
    ("notice.typ", include_str!("../templates/notice.typ")),
    (
        "notice-combined.typ",
        include_str!("../templates/notice-combined.typ"),
    ),
    ("route.typ", include_str!("../templates/route.typ")),
    (
        "lib/colors.typ",
        include_str!("../templates/lib/colors.typ"),
    ),
    (
        "lib/common.typ",
        include_str!("../templates/lib/common.typ"),
    ),
    (
        "lib/poster.typ",
        include_str!("../templates/lib/poster.typ"),
    ),
    ("lib/qr.typ", include_str!("../templates/lib/qr.typ")),
];

/// Fonts compiled into the binary.
const BUILTIN_FONTS: &[&[u8]] = &[
    include_bytes!("../fonts/AtkinsonHyperlegibleNext-Regular.ttf"),
    include_bytes!("../fonts/AtkinsonHyperlegibleNext-Italic.ttf"),
    include_bytes!("../fonts/AtkinsonHyperlegibleNext-Bold.ttf"),
    include_bytes!("../fonts/AtkinsonHyperlegibleNext-ExtraBold.ttf"),
];

/// What every document of a build shares: templates and fonts, loaded once. `watch` keeps
/// one for its whole run and [refreshes](Sandbox::refresh) it between builds, as typst's
/// own watch resets its world: sources that did not change keep their parse, so typst's
/// caches still hold for them.
pub struct Sandbox {
    files: FileStore<Templates>,
    fonts: FontStore,
    /// The fonts handbill ships: numbers must be set in one of them.
    builtin: Vec<Font>,
    /// The project's own fonts, as last read.
    project_fonts: Vec<Font>,
    /// The SHA-256 of every template and font a document could use, and the logo, in hex.
    fingerprint: String,
    /// The coalition's logo, as templates find it ([`logo_file`]), and its bytes.
    logo: Option<(String, Bytes)>,
}

/// The file name templates open the coalition's logo by: the same whatever the project
/// calls it, and no name a template of the project's could have.
pub(crate) fn logo_file(format: &str) -> String {
    format!("handbill-logo.{format}")
}

impl Sandbox {
    /// Sets up the templates, fonts and logo of `project`.
    pub fn new(project: &Project) -> Result<Self, Error> {
        let builtin: Vec<Font> = BUILTIN_FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let mut sandbox = Self {
            files: FileStore::new(Templates::none()),
            fonts: font_store(&builtin, &[]),
            builtin,
            project_fonts: Vec::new(),
            fingerprint: String::new(),
            logo: None,
        };
        sandbox.refresh(project)?;
        Ok(sandbox)
    }

    /// Reads the project's templates, fonts and logo again, for a build after they may
    /// have changed. On an error the sandbox is as it was.
    pub fn refresh(&mut self, project: &Project) -> Result<(), Error> {
        let root = &project.root;
        let project_fonts = project_fonts(root, &root.join("fonts"), &self.builtin)?;
        let templates = Templates::read(root)?;
        let mut hasher = Sha256::new();
        for font in self.builtin.iter().chain(&project_fonts) {
            hash_part(&mut hasher, font.data());
            hash_part(&mut hasher, &font.index().to_le_bytes());
        }
        for (path, text) in BUILTIN_TEMPLATES {
            hash_part(&mut hasher, path.as_bytes());
            hash_part(&mut hasher, text.as_bytes());
        }
        for (path, bytes) in &templates.files {
            hash_part(&mut hasher, path.as_bytes());
            hash_part(&mut hasher, bytes);
        }
        let logo = project.coalition.logo.as_ref();
        if let Some(logo) = logo {
            hash_part(&mut hasher, &logo.bytes);
        }
        // Nothing fails from here: the sandbox changes whole or not at all.
        if project_fonts != self.project_fonts {
            self.fonts = font_store(&self.builtin, &project_fonts);
            self.project_fonts = project_fonts;
        }
        *self.files.loader_mut() = templates;
        self.files.reset();
        self.fingerprint = format!("{:x}", hasher.finalize());
        self.logo = logo.map(|logo| (logo_file(logo.format), Bytes::new(logo.bytes.clone())));
        Ok(())
    }

    /// The SHA-256 of every template (built-in and the project's), every font and the logo, in
    /// hex: a document made from the same inputs with the same fingerprint is the same document.
    pub(crate) fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Whether `font` is one handbill ships (and checks numbers in), not a project's.
    pub(crate) fn is_builtin(&self, font: &Font) -> bool {
        self.builtin.contains(font)
    }

    /// Whether the project's `templates/` folder holds any file: its pages may then draw
    /// what the built-in templates never do, and are scanned for codes handbill did not
    /// place.
    pub(crate) fn has_project_templates(&self) -> bool {
        self.files.loader().own_files
    }

    /// A world that compiles `template` with `inputs` as `sys.inputs`.
    pub fn world(
        &self,
        template: &str,
        inputs: Dict,
        today: Datetime,
    ) -> Result<JobWorld<'_>, Error> {
        let vpath = VirtualPath::new(template).map_err(|e| Error::Template {
            document: String::new(),
            diagnostics: Vec::new(),
            rendered: e.to_string(),
        })?;
        Ok(JobWorld {
            sandbox: self,
            library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
            main: RootedPath::new(VirtualRoot::Project, vpath).intern(),
            today,
        })
    }
}

/// Feeds one length-prefixed part to `hasher`, so parts cannot run into each other.
fn hash_part(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// A font store of the built-in fonts, then the project's.
fn font_store(builtin: &[Font], project: &[Font]) -> FontStore {
    let mut fonts = FontStore::new();
    fonts.extend(
        builtin
            .iter()
            .chain(project)
            .map(|f| (f.clone(), f.info().clone())),
    );
    fonts
}

/// A family name as typst matches it (case-insensitively), with white space tidied so a
/// stray space does not make a second family of the same look.
fn family_key(family: &str) -> String {
    family
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Reads the fonts of a project's `fonts/` folder, in file-name order so builds are stable.
/// None may bear the family name of a built-in font.
fn project_fonts(root: &Path, dir: &Path, builtin: &[Font]) -> Result<Vec<Font>, Error> {
    let builtin_families: Vec<String> = builtin
        .iter()
        .map(|f| family_key(&f.info().family))
        .collect();
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(dir)(e)),
    };
    let root = files::canonical_root(root);
    // fonts/ itself a link to the system's fonts would embed them.
    if !files::inside(&root, dir).map_err(io(dir))? {
        return Err(files::refused("fonts", files::Refusal::Outside));
    }
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry.map_err(io(dir))?.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc" | "otc")) {
            paths.push(path);
        }
    }
    paths.sort();
    let mut fonts = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| format!("fonts/{}", n.to_string_lossy()))
            .unwrap_or_default();
        let data = match files::read(Some(&root), &path, files::MAX_FONT_BYTES) {
            Ok(Some(data)) => data,
            // Gone since the folder was listed.
            Ok(None) => continue,
            Err(files::Refusal::Io(e)) => return Err(io(&path)(e)),
            Err(refusal) => {
                errors.push(DataError::whole("refused-file", name, refusal.to_string()));
                continue;
            }
        };
        let found: Vec<Font> = Font::iter(Bytes::new(data)).collect();
        if found.is_empty() {
            errors.push(DataError::whole(
                "bad-font",
                name,
                "not a font typst can read",
            ));
            continue;
        }
        // A project may carry copies of handbill's own fonts (this repository does): the
        // very same bytes are the built-in font, not a second one.
        let found: Vec<Font> = found.into_iter().filter(|f| !builtin.contains(f)).collect();
        // typst picks a family by name: a project font of a built-in family's name could
        // replace the font every number is checked in, and draw 8 as 9.
        if let Some(font) = found
            .iter()
            .find(|f| builtin_families.contains(&family_key(&f.info().family)))
        {
            let message = format!(
                "names its family {:?}, which handbill ships: a project font may add families, never replace or shadow a built-in one; rename its family or remove it",
                font.info().family
            );
            errors.push(DataError::whole("bad-font", name, message));
            continue;
        }
        fonts.extend(found);
    }
    if !errors.is_empty() {
        return Err(Error::Data(errors));
    }
    Ok(fonts)
}

/// Serves template files: the project's `templates/` first, then the built-in ones.
///
/// The project's files are read once, when the sandbox is (re)freshed, and served from
/// memory: the bytes typst compiles are the bytes the fingerprint hashed, even if a file
/// is saved while the build runs (`watch`), so no output is recorded as made from a
/// template it was not made from.
pub(crate) struct Templates {
    /// The project's template files, by `/`-separated path inside `templates/`.
    files: BTreeMap<String, Bytes>,
    /// Whether one is the project's own (see [`Templates::has_own_files`]).
    own_files: bool,
}

impl Templates {
    /// No project folder: the built-in templates only.
    fn none() -> Self {
        Self {
            files: BTreeMap::new(),
            own_files: false,
        }
    }

    /// Reads the project's `templates/` folder, if it has one.
    fn read(root: &Path) -> Result<Self, Error> {
        let dir = root.join("templates");
        let dir = match dir.canonicalize() {
            // A templates/ that is itself a link out of the project would open what it
            // points at to every template.
            Ok(real) if root.canonicalize().is_ok_and(|root| real.starts_with(root)) => real,
            Ok(_) => {
                let message = "templates/ leads out of the project (a symbolic link?)";
                return Err(DataError::whole("bad-templates", "templates", message).into());
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::none()),
            Err(source) => return Err(Error::Io { path: dir, source }),
        };
        // Links inside templates/ are followed only while they stay in it.
        let files = files::under(&dir, &dir, files::MAX_TEMPLATE_BYTES)
            .map_err(|(rel, refusal)| files::refused(&format!("templates/{rel}"), refusal))?;
        let mut templates = Self {
            files: files
                .into_iter()
                .map(|(rel, bytes)| (rel, Bytes::new(bytes)))
                .collect(),
            own_files: false,
        };
        templates.own_files = templates.has_own_files();
        Ok(templates)
    }

    /// Whether the project's `templates/` folder holds a file of its own: anything but an
    /// exact copy of a built-in template (this repository's templates/ holds the built-in
    /// ones themselves).
    fn has_own_files(&self) -> bool {
        self.files.iter().any(|(rel, bytes)| {
            let builtin = BUILTIN_TEMPLATES.iter().find(|(p, _)| p == rel);
            builtin.is_none_or(|(_, text)| text.as_bytes() != bytes.as_slice())
        })
    }

    fn builtin(vpath: &VirtualPath) -> Option<&'static str> {
        let path = vpath.get_without_slash();
        BUILTIN_TEMPLATES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, text)| *text)
    }

    /// How a file is named in messages: where it lives, relative to the project.
    fn describe(&self, id: FileId) -> String {
        let name = id.vpath().get_without_slash();
        if !self.files.contains_key(name) && Self::builtin(id.vpath()).is_some() {
            format!("templates/{name} (built-in)")
        } else {
            format!("templates/{name}")
        }
    }
}

impl FileLoader for Templates {
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            let message = format!("{spec}: handbill works offline, packages are not available");
            return Err(FileError::Package(PackageError::Other(Some(
                message.into(),
            ))));
        }
        let vpath = id.vpath();
        if let Some(bytes) = self.files.get(vpath.get_without_slash()) {
            return Ok(bytes.clone());
        }
        match Self::builtin(vpath) {
            Some(text) => Ok(Bytes::from_string(text)),
            None => Err(FileError::NotFound(vpath.get_without_slash().into())),
        }
    }
}

/// The world of one document: the shared sandbox, plus this document's data and main file.
pub struct JobWorld<'a> {
    sandbox: &'a Sandbox,
    library: LazyHash<Library>,
    main: FileId,
    today: Datetime,
}

impl World for JobWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.sandbox.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sandbox.files.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some((name, bytes)) = &self.sandbox.logo
            && !matches!(id.root(), VirtualRoot::Package(_))
            && id.vpath().get_without_slash() == name
        {
            return Ok(bytes.clone());
        }
        self.sandbox.files.file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.sandbox.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // The edition date, not the clock: the same data must give the same document.
        Some(self.today)
    }
}

impl DiagnosticWorld for JobWorld<'_> {
    fn name(&self, id: FileId) -> String {
        self.sandbox.files.loader().describe(id)
    }
}
