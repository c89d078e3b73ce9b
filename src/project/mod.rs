//! A project: its data files loaded, validated once, and held as typed records.
//!
//! Later stages take a [`Project`] and never see raw TOML: a number that reaches a
//! template has been parsed, a contact id that content names exists.

pub mod address;
pub mod campaign;
mod checks;
mod parse;
pub mod schema;
pub mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::value::Datetime;

use crate::error::{Concerns, DataError, Error};
use crate::files;
use crate::notice::{self, NoticeText, Numbers};
use crate::phone::{Phone, PhoneError, ShortCode};
use crate::plan::Material;
use crate::services;
pub use campaign::{Campaign, Kind, Location, Tags};
use parse::StringAt;
pub use schema::Content;

/// A project folder with its validated data.
#[derive(Debug)]
pub struct Project {
    /// The project folder.
    pub root: PathBuf,
    /// Who the coalition is.
    pub coalition: Coalition,
    /// Contacts by id, in id order.
    pub contacts: BTreeMap<String, Contact>,
    /// The words of each language, in the order `coalition.toml` lists them.
    pub languages: Vec<(String, Content)>,
    /// The who-to-call guide's rows, shared by every language.
    pub guide: Vec<GuideRow>,
    /// The contact the pocket card names as the local line, from `data/guide.toml`.
    pub local: Option<String>,
    /// The § 52.6 notice's numbers and texts.
    pub notice: Notice,
    /// The campaigns of `data/campaigns/`, by id.
    pub campaigns: Vec<Campaign>,
    /// Problems that do not stop a build unless it is strict: stale verification dates,
    /// placeholder addresses.
    pub warnings: Vec<DataError>,
    /// Warning codes the coalition accepts in `[checks] allow`, each with its reason.
    pub allowed: Vec<(String, String)>,
}

/// The coalition, validated.
#[derive(Debug)]
pub struct Coalition {
    /// The full name, in the first language listed.
    pub name: String,
    /// Where it works.
    pub region: String,
    /// Short lines on what it does.
    pub mission: Vec<String>,
    /// The name, region and mission in other languages, by code.
    pub translations: BTreeMap<String, schema::CoalitionWords>,
    /// The edition date (year, month, day).
    pub edition: (u16, u8, u8),
    /// The id of the contact featured as the hotline; it has a phone and a text code.
    pub hotline: String,
    /// The website.
    pub website: Link,
    /// The contact form.
    pub(crate) contact_form: Link,
    /// The query parameters a campaign's contact-form code carries.
    pub tags: Tags,
    /// The logo, if the coalition names one.
    pub logo: Option<Logo>,
}

/// The coalition's logo, read and measured.
#[derive(Debug, Clone)]
pub struct Logo {
    /// Its path in the project, as `coalition.toml` names it.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its format as typst names it: `svg`, `png` or `jpg`.
    pub format: &'static str,
    /// Its width and height in pixels; `None` for an SVG, which has no pixels.
    pub pixels: Option<(u32, u32)>,
}

/// The logo `coalition.toml` names at `path`: a regular file inside the project, of a
/// format typst places and a press prints, measured when it is a raster.
fn logo(l: &mut Loader, file: &DataFile, root: &Path, path: &Spanned<String>) -> Option<Logo> {
    let name = path.get_ref();
    let fail = |message: String| file.error("bad-logo", path, message);
    let lower = name.to_ascii_lowercase();
    let format = match lower.rsplit_once('.').map(|(_, ext)| ext) {
        Some("svg") => "svg",
        Some("png") => "png",
        Some("jpg" | "jpeg") => "jpg",
        _ => {
            l.push(fail(format!("{name:?} is not an SVG, PNG or JPEG file")));
            return None;
        }
    };
    let relative = Path::new(name);
    if name.is_empty()
        || relative.is_absolute()
        || relative
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        l.push(fail(format!(
            "{name:?} is not a path inside the project (write it from the project's folder, as `logo = \"data/logo.png\"`)"
        )));
        return None;
    }
    let full = root.join(relative);
    // The file read is the one checked: its real path, inside the project.
    let real = match (full.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(root)) if real.starts_with(&root) && !real.is_dir() => real,
        _ => {
            l.push(fail(format!(
                "{name:?} is not a file in the project (a missing file, a folder, or a link out of it)"
            )));
            return None;
        }
    };
    // An image is a few megabytes; anything larger is not a logo.
    const MAX_LOGO_BYTES: u64 = 20 << 20;
    let bytes = match files::read(Some(&l.canon), &real, MAX_LOGO_BYTES) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            l.push(fail(format!("{name:?} is not a file in the project")));
            return None;
        }
        Err(e) => {
            l.push(fail(format!("{name:?} {e}")));
            return None;
        }
    };
    let pixels = if format == "svg" {
        None
    } else {
        let reader = image::ImageReader::new(std::io::Cursor::new(&bytes)).with_guessed_format();
        // typst takes the format from the name: the bytes must be what the name says.
        let expected = if format == "png" {
            image::ImageFormat::Png
        } else {
            image::ImageFormat::Jpeg
        };
        let reader = reader.ok().filter(|r| r.format() == Some(expected));
        match reader.and_then(|r| r.into_dimensions().ok()) {
            Some(size) => Some(size),
            None => {
                let kind = if format == "png" { "PNG" } else { "JPEG" };
                l.push(fail(format!(
                    "{name:?} is not a {kind} image that can be read"
                )));
                return None;
            }
        }
    };
    Some(Logo {
        path: name.clone(),
        bytes,
        format,
        pixels,
    })
}

/// One row of the who-to-call guide: its words are in each content file.
#[derive(Debug, Clone)]
pub struct GuideRow {
    /// The row's id.
    pub id: String,
    /// Contact ids to call, in order.
    pub call: Vec<String>,
    /// Whether the row has a note.
    pub note: bool,
}

/// What the § 52.6 notice prints.
#[derive(Debug)]
pub struct Notice {
    /// Its numbers, in the statute's forms.
    pub numbers: Numbers,
    /// Its text in each language it is posted in: English, Spanish, then the county's
    /// third language if it has one.
    pub(crate) texts: Vec<(String, NoticeText)>,
    /// The contacts it prints: the hotline's id and CAST's.
    pub contacts: [String; 2],
}

impl Notice {
    /// The sections of a notice in `langs`, numbers filled in.
    pub(crate) fn sections(&self, langs: &[&str]) -> Vec<notice::Section> {
        self.texts
            .iter()
            .filter(|(lang, _)| langs.contains(&lang.as_str()))
            .map(|(lang, text)| text.section(lang, &self.numbers))
            .collect()
    }

    /// Every language of the combined notice.
    pub fn languages(&self) -> Vec<&str> {
        self.texts.iter().map(|(lang, _)| lang.as_str()).collect()
    }
}

/// A validated `https://` address.
#[derive(Debug, Clone)]
pub struct Link {
    /// The address.
    pub url: String,
    /// True while it is a stand-in for the real address.
    pub placeholder: bool,
}

/// A contact, validated.
#[derive(Debug)]
pub struct Contact {
    /// The name as printed.
    pub name: String,
    /// The name where space is short; the full name when the data gives none.
    pub(crate) short_name: String,
    /// The names in other languages (full, short), by language code.
    pub names: BTreeMap<String, (String, String)>,
    /// The national service this record is, if it says.
    pub service: Option<String>,
    /// The day the numbers were last checked (year, month, day).
    pub verified: (u16, u8, u8),
    /// Numbers to call.
    pub phones: Vec<PhoneLine>,
    /// How many numbers the record writes, good or not: one that is bad or still to
    /// fill in has its own message, so an empty `phones` is said to be only when none is.
    pub(crate) phones_written: usize,
    /// A short code and the keyword to text it.
    pub text: Option<TextLine>,
    /// An online chat.
    pub(crate) chat: Option<ChatLine>,
    /// A TTY or relay number.
    pub tty: Option<Phone>,
}

/// Which languages a channel is answered in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Served {
    /// Every language.
    All,
    /// These languages only, by code.
    Only(Vec<String>),
}

impl Served {
    /// Whether `lang` is served.
    pub fn serves(&self, lang: &str) -> bool {
        match self {
            Served::All => true,
            Served::Only(langs) => langs.iter().any(|l| l == lang),
        }
    }
}

/// One phone number of a contact.
#[derive(Debug)]
pub struct PhoneLine {
    /// The number.
    pub phone: Phone,
    /// When it is answered: a key of every content file's `[hours]`.
    pub hours: Option<String>,
    /// The languages it is answered in directly.
    pub languages: Served,
    /// Whether other languages are served through an interpreter.
    pub(crate) interpreters: bool,
}

/// A text line of a contact.
#[derive(Debug)]
pub struct TextLine {
    /// The short code.
    pub code: ShortCode,
    /// The word to send.
    pub keyword: String,
    /// The languages texts are answered in.
    pub languages: Served,
}

/// An online chat of a contact.
#[derive(Debug)]
pub(crate) struct ChatLine {
    /// The `https://` address.
    pub url: String,
    /// The languages it is answered in.
    pub languages: Served,
}

/// One data file's text, kept so that a later check can point into it.
pub(crate) struct DataFile {
    name: String,
    text: String,
}

impl DataFile {
    pub(crate) fn error<T>(
        &self,
        code: &'static str,
        value: &Spanned<T>,
        message: impl Into<String>,
    ) -> DataError {
        self.error_at(code, value.span(), message)
    }

    pub(crate) fn error_at(
        &self,
        code: &'static str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> DataError {
        // A defaulted value has an empty span: it is not written anywhere in the file.
        if span.is_empty() {
            DataError::whole(code, &self.name, message)
        } else {
            DataError::at(code, &self.name, &self.text, span, message)
        }
    }
}

/// The longest string a data file may hold, in bytes: the longest paragraph of the kit is
/// under 600; a string of megabytes would take typst minutes and gigabytes to set.
pub(crate) const MAX_STRING_BYTES: usize = 10_000;

/// What begins a value `handbill init` leaves for the coalition to fill in. Nothing is
/// made while one is left: an example would otherwise print as if it were a real number.
pub const UNFILLED: &str = "TODO:";

/// Whether `value` is left to fill in.
fn unfilled(value: &str) -> bool {
    value.trim_start().starts_with(UNFILLED)
}

/// How many data errors one run reports before it stops looking.
pub(crate) const MAX_ERRORS: usize = 50;

/// Reads and checks data files, collecting every problem instead of stopping at the first.
struct Loader<'a> {
    root: &'a Path,
    /// `root`, canonical: every file read must really lie inside it.
    canon: PathBuf,
    errors: Vec<DataError>,
    warnings: Vec<DataError>,
}

impl Loader<'_> {
    fn push(&mut self, error: DataError) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(error);
        }
    }

    /// Reads the data file `name` (relative to the project), if there is one: a regular
    /// file inside the project, of at most [`files::MAX_DATA_BYTES`], in UTF-8. Anything
    /// else is one error naming the file, and nothing of it is shown.
    fn read(&mut self, name: &str) -> Result<Option<DataFile>, Error> {
        let path = self.root.join(name);
        let bytes = match files::read(Some(&self.canon), &path, files::MAX_DATA_BYTES) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Ok(None),
            Err(files::Refusal::Io(source)) => return Err(Error::Io { path, source }),
            Err(refusal) => {
                return Err(DataError::whole("refused-file", name, refusal.to_string()).into());
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Some(DataFile {
                name: name.to_string(),
                text,
            })),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes());
                let message = "this is not UTF-8 text: save the file as UTF-8";
                Err(DataError::at("not-utf8", name, &text, at..at + 1, message).into())
            }
        }
    }

    /// Parses `file`, reporting every problem; checks every string in it for forbidden
    /// characters, and those of free text for typed numbers.
    fn parse<T: DeserializeOwned>(&mut self, file: &DataFile) -> (Option<T>, Vec<StringAt>) {
        let parsed = parse::parse_all::<T>(&file.name, &file.text);
        // What an unknown key holds is already an error: say it once.
        let unknown: Vec<String> = parsed
            .errors
            .iter()
            .filter(|e| e.code == "unknown-key")
            .filter_map(|e| e.message.split('`').nth(1).map(str::to_string))
            .collect();
        for e in parsed.errors {
            self.push(e);
        }
        for at in &parsed.strings {
            let last = at.path.rsplit('.').next().unwrap_or(&at.path);
            if unknown.iter().any(|k| k == last) {
                continue;
            }
            if at.value.len() > MAX_STRING_BYTES {
                // Pointed at by its first character: the line itself is too long to show.
                let start = at.span.start;
                let message = format!(
                    "`{}` is {} bytes long; a string of the data holds at most {MAX_STRING_BYTES}",
                    at.path,
                    at.value.len()
                );
                self.push(file.error_at("too-long", start..start + 1, message));
            } else if unfilled(&at.value) {
                let offset = at.value.len() - at.value.trim_start().len();
                let span = parse::locate(&file.text, at, offset..offset + UNFILLED.len());
                let message = format!(
                    "`{}` is still to be filled in: {:?}",
                    at.path,
                    at.value.trim()
                );
                self.push(file.error_at("unfilled", span, message));
            } else if let Some((offset, c)) = text::forbidden_char(&at.value) {
                let span = parse::locate(&file.text, at, offset..offset + c.len_utf8());
                let message = format!(
                    "`{}` holds the invisible or control character U+{:04X}: it can make printed text read other than it looks",
                    at.path,
                    u32::from(c)
                );
                self.push(file.error_at("bad-character", span, message));
            } else if is_free_text(&file.name, &at.path) {
                self.check_free_text(file, at);
            }
        }
        (parsed.value, parsed.strings)
    }

    /// Free text carries no numbers: they come from contact records, by placeholder.
    fn check_free_text(&mut self, file: &DataFile, at: &StringAt) {
        if let Some(found) = text::find_number(&at.value) {
            let span = parse::locate(&file.text, at, found.range.clone());
            let number = &at.value[found.range];
            let message = format!(
                "`{}` has the number {number:?} typed into it: numbers come only from data/contacts.toml; write a placeholder such as {{emergency}} for a contact's number",
                at.path
            );
            self.push(file.error_at("number-in-text", span, message));
            return;
        }
        // A malformed placeholder is named where placeholders are checked.
        for p in text::placeholders(&at.value).unwrap_or_default() {
            if let Some(digit) = text::joined_digits(&at.value, p.range.clone()) {
                let span = parse::locate(&file.text, at, digit);
                let message = format!(
                    "`{}`: {{{}}} has digits joined to it, which would print as one longer number with its own: keep other digits apart from a placeholder",
                    at.path, p.id
                );
                self.push(file.error_at("number-in-text", span, message));
                return;
            }
        }
    }

    fn finish(self) -> Result<Vec<DataError>, Error> {
        if self.errors.is_empty() {
            Ok(self.warnings)
        } else {
            Err(Error::Data(self.errors))
        }
    }
}

/// Whether the string at `path` of the data file `file` is printed as words (and so must
/// carry no typed number): everything but numbers, addresses, ids, dates and notes for
/// the people who keep the data. Judged by the whole key path, so that a printed word
/// such as `words.call` is checked although a contact's `call` list is not.
fn is_free_text(file: &str, path: &str) -> bool {
    // `contact[2].phone[0].number` → `contact.phone.number`
    let mut key = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            c if depth == 0 => key.push(c),
            _ => {}
        }
    }
    let not_words: &[&str] = match file {
        "data/coalition.toml" => &[
            "edition",
            "languages",
            "hotline",
            "website.url",
            "contact-form.url",
            "notice.hotline",
            "notice.cast",
            "notice.third-language",
            "checks.allow.code",
            "checks.allow.reason",
            "campaigns.tags.source",
            "campaigns.tags.medium",
            "campaigns.tags.campaign",
        ],
        "data/contacts.toml" => &[
            "contact.id",
            "contact.service",
            "contact.unchecked",
            "contact.verified",
            "contact.tty",
            "contact.phone.number",
            "contact.phone.hours",
            "contact.phone.languages",
            "contact.text.code",
            "contact.text.languages",
            "contact.chat.url",
            "contact.chat.languages",
        ],
        "data/guide.toml" => &["local", "row.id", "row.call"],
        f if f.starts_with("data/content/") => &["reviewer"],
        f if f.starts_with("data/notice/") => &["source"],
        // A campaign's names, towns and notes are printed on its route sheet and pieces.
        f if f.starts_with("data/campaigns/") => &[
            "campaign.materials",
            "campaign.languages",
            "location.id",
            "location.kind",
            "location.materials",
            "location.languages",
        ],
        _ => &[],
    };
    !not_words.contains(&key.as_str())
}

impl Project {
    /// Loads and validates every data file of the project at `root`, reporting every
    /// problem it finds (up to `MAX_ERRORS`).
    pub fn load(root: &Path) -> Result<Self, Error> {
        let mut l = Loader {
            root,
            canon: files::canonical_root(root),
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let Some(coalition_file) = l.read("data/coalition.toml")? else {
            let message = format!(
                "not found in {} (is this a handbill project? see --project)",
                root.display()
            );
            return Err(DataError::whole("missing-file", "data/coalition.toml", message).into());
        };
        let (raw, _) = l.parse::<schema::CoalitionFile>(&coalition_file);
        let contacts_file = l.read("data/contacts.toml")?;
        let contacts = match &contacts_file {
            Some(file) => load_contacts(&mut l, file, raw.as_ref().map_or(180, |r| r.max_age_days)),
            None => {
                l.push(DataError::whole(
                    "missing-file",
                    "data/contacts.toml",
                    "not found: every number printed comes from this file",
                ));
                None
            }
        };
        let (guide, local) = load_guide(&mut l, contacts.as_ref())?;
        let Some(raw) = raw else {
            return Err(Error::Data(l.errors));
        };

        if let Some(contacts) = &contacts {
            let hotline = &raw.hotline;
            match contacts.get(hotline.get_ref()) {
                Some(c) if !c.phones.is_empty() && c.text.is_some() => {}
                Some(_) => l.push(coalition_file.error(
                    "bad-value",
                    hotline,
                    "the hotline contact needs a phone and a text short code",
                )),
                None => l.push(coalition_file.error(
                    "unknown-contact",
                    hotline,
                    format!("no contact with id {:?}", hotline.get_ref()),
                )),
            }
        }

        let languages = load_languages(&mut l, &coalition_file, &raw, contacts.as_ref(), &guide)?;
        let notice = match &contacts {
            Some(contacts) => load_notice(&mut l, &coalition_file, &raw, contacts)?,
            None => None,
        };
        let allowed = checks::allowed(&mut l, &coalition_file, &raw);
        let printed: Vec<&str> = raw
            .languages
            .get_ref()
            .iter()
            .map(|code| code.get_ref().as_str())
            .collect();
        let campaigns = campaign::load(&mut l, &printed)?;
        let tags = campaign::tags(&mut l, &coalition_file, &raw.campaigns.tags);
        let mut translations = BTreeMap::new();
        for (lang, words) in raw.translations {
            if !raw
                .languages
                .get_ref()
                .iter()
                .any(|code| code.get_ref() == lang.get_ref())
            {
                let message = format!(
                    "a translation for {:?}, which `languages` does not list",
                    lang.get_ref()
                );
                l.push(coalition_file.error("bad-language", &lang, message));
            }
            translations.insert(lang.into_inner(), words);
        }
        for (code, _) in languages.iter().skip(1) {
            if !translations.contains_key(code) {
                let message = format!(
                    "no [translations.{code}]: the {code:?} materials print the coalition's name and mission in the first language"
                );
                let warning =
                    DataError::whole("untranslated-coalition", "data/coalition.toml", message);
                l.warnings.push(warning.concerning(content_materials()));
            }
        }
        let edition = date(&mut l, &coalition_file, &raw.edition);
        let website = link(&mut l, &coalition_file, &raw.website, "website");
        let contact_form = link(&mut l, &coalition_file, &raw.contact_form, "contact form");
        let logo = raw
            .logo
            .as_ref()
            .and_then(|path| logo(&mut l, &coalition_file, root, path));
        let warnings = l.finish()?;
        let (Some(contacts), Some(notice), Some(edition), Some(website), Some(contact_form)) =
            (contacts, notice, edition, website, contact_form)
        else {
            unreachable!("every part that failed pushed an error")
        };
        let coalition = Coalition {
            name: raw.name,
            region: raw.region,
            mission: raw.mission,
            translations,
            edition,
            hotline: raw.hotline.into_inner(),
            website,
            contact_form,
            tags,
            logo,
        };
        Ok(Project {
            root: root.to_path_buf(),
            coalition,
            contacts,
            languages,
            guide,
            local,
            notice,
            campaigns,
            warnings,
            allowed,
        })
    }

    /// The contact featured as the hotline. [`Project::load`] made sure it exists.
    pub fn hotline(&self) -> &Contact {
        &self.contacts[&self.coalition.hotline]
    }

    /// Every number the records print, in every form a material prints it: each phone as
    /// written and in its standard form, each TTY and text code, and the notice's forms.
    pub(crate) fn printed_numbers(&self) -> Vec<String> {
        let mut known = Vec::new();
        for contact in self.contacts.values() {
            for line in &contact.phones {
                known.push(line.phone.to_string());
                known.push(line.phone.standard());
            }
            known.extend(contact.tty.iter().map(Phone::to_string));
            known.extend(contact.text.iter().map(|t| t.code.to_string()));
        }
        let n = &self.notice.numbers;
        known.extend([&n.text, &n.hotline, &n.cast_vanity, &n.cast].map(String::clone));
        known.sort();
        known.dedup();
        known
    }

    /// Whether a material prints contact `id`: the one a warning about it concerns.
    pub(crate) fn prints_contact(&self, material: Material, id: &str) -> bool {
        if material.is_notice() {
            return self.notice.contacts.iter().any(|c| c == id);
        }
        let in_guide = self
            .guide
            .iter()
            .any(|row| row.call.iter().any(|c| c == id));
        let in_words = self
            .languages
            .iter()
            .any(|(_, words)| words_name_contact(words, id));
        let local = material == Material::PocketCard && self.local.as_deref() == Some(id);
        id == self.coalition.hotline || (material.prints_guide() && in_guide) || in_words || local
    }
}

/// Whether a content file's words name contact `id` by placeholder.
fn words_name_contact(words: &Content, id: &str) -> bool {
    let needle = format!("{{{id}}}");
    serde_json::to_string(words).is_ok_and(|json| json.contains(&needle))
}

/// The materials that print a content file's words: all but the notice, whose words are
/// the statute's.
fn content_materials() -> Concerns {
    Concerns::Materials(
        Material::ALL
            .iter()
            .copied()
            .filter(|m| !m.is_notice())
            .collect(),
    )
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn valid_language(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

fn load_contacts(
    l: &mut Loader,
    file: &DataFile,
    max_age_days: u32,
) -> Option<BTreeMap<String, Contact>> {
    let (raw, _) = l.parse::<schema::ContactsFile>(file);
    let raw = raw?;
    let today = checks::today();
    let errors_before = l.errors.len();
    let mut contacts = BTreeMap::new();
    for record in raw.contact {
        let id = record.id.get_ref().clone();
        if !valid_id(&id) {
            let message = "an id is lowercase letters, digits and dashes, such as \"cps\"";
            l.push(file.error("bad-id", &record.id, message));
        }
        let concerns = Concerns::Contact(id.clone());
        let mut phones = Vec::new();
        for p in &record.phone {
            let Some(phone) = parse_phone(l, file, &p.number) else {
                continue;
            };
            let languages = served(l, file, p.languages.as_ref());
            if p.interpreters && languages == Served::All {
                let message = "`interpreters` needs `languages`: the languages answered directly";
                l.push(file.error("bad-value", &p.number, message));
            }
            if let Some(hours) = &p.hours
                && !valid_id(hours.get_ref())
            {
                let message =
                    "an hours key is lowercase letters, digits and dashes, such as \"tue-thu\"";
                l.push(file.error("bad-id", hours, message));
            }
            phones.push(PhoneLine {
                phone,
                hours: p.hours.as_ref().map(|h| h.get_ref().clone()),
                languages,
                interpreters: p.interpreters,
            });
        }
        let text = record.text.as_ref().and_then(|t| {
            let keyword = t.keyword.get_ref();
            let keyword_ok = !keyword.is_empty()
                && keyword
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            if !keyword_ok {
                let message = "a text keyword is upper-case letters and digits only, such as HELP";
                l.push(file.error("bad-keyword", &t.keyword, message));
            }
            let code = match t.code.get_ref().parse::<ShortCode>() {
                Ok(code) => code,
                Err(e) => {
                    l.push(file.error("bad-short-code", &t.code, e.to_string()));
                    return None;
                }
            };
            Some(TextLine {
                code,
                keyword: keyword.clone(),
                languages: served(l, file, Some(&t.languages)),
            })
        });
        let chat = record.chat.as_ref().and_then(|chat| {
            let url = checks::https(l, file, &chat.url, None, concerns.clone())?;
            Some(ChatLine {
                url,
                languages: served(l, file, Some(&chat.languages)),
            })
        });
        if let Some(w) = checks::stale(file, &id, &record.verified, max_age_days, today) {
            l.warnings.push(w.concerning(concerns.clone()));
        }
        let tty = record.tty.as_ref().and_then(|n| parse_phone(l, file, n));
        let mut names = BTreeMap::new();
        for (lang, words) in &record.names {
            if !valid_language(lang.get_ref()) {
                let message = "a language code is 2 or 3 lowercase letters, such as \"es\"";
                l.push(file.error("bad-language", lang, message));
            }
            let short = words
                .short_name
                .clone()
                .unwrap_or_else(|| words.name.clone());
            names.insert(lang.get_ref().clone(), (words.name.clone(), short));
        }
        let service = check_service(l, file, &record, &phones, text.as_ref(), tty.as_ref());
        let verified = date(l, file, &record.verified);
        let contact = Contact {
            short_name: record
                .short_name
                .clone()
                .unwrap_or_else(|| record.name.clone()),
            name: record.name.clone(),
            names,
            service,
            verified: verified.unwrap_or_default(),
            phones,
            phones_written: record.phone.len(),
            text,
            chat,
            tty,
        };
        if contacts.insert(id.clone(), contact).is_some() {
            l.push(file.error(
                "duplicate-id",
                &record.id,
                format!("duplicate contact id {id:?}"),
            ));
        }
    }
    (l.errors.len() == errors_before).then_some(contacts)
}

/// A contact that says it is a national service prints that service's numbers, or says
/// why not.
fn check_service(
    l: &mut Loader,
    file: &DataFile,
    record: &schema::ContactFile,
    phones: &[PhoneLine],
    text: Option<&TextLine>,
    tty: Option<&Phone>,
) -> Option<String> {
    let id = record.service.as_ref()?;
    let Some(service) = services::find(id.get_ref()) else {
        let known: Vec<&str> = services::SERVICES.iter().map(|s| s.id).collect();
        let message = format!(
            "no national service {:?}; handbill knows {}",
            id.get_ref(),
            known.join(", ")
        );
        l.push(file.error("unknown-service", id, message));
        return None;
    };
    if let Some(reason) = &record.unchecked {
        let message = format!(
            "the numbers of {:?} are not checked against the {}'s: {}",
            record.id.get_ref(),
            service.name,
            reason.get_ref()
        );
        let warning = file.error("unchecked-service", reason, message);
        l.warnings
            .push(warning.concerning(Concerns::Contact(record.id.get_ref().clone())));
        return Some(service.id.to_string());
    }
    let numbers: Vec<Phone> = phones.iter().map(|p| p.phone.clone()).collect();
    let text = text.map(|t| (&t.code, t.keyword.as_str()));
    for m in service.mismatches(&numbers, text, tty) {
        let span = match m.channel {
            services::Channel::Phone(i) => record.phone.get(i).map(|p| p.number.span()),
            services::Channel::Text => record.text.as_ref().map(|t| t.code.span()),
            services::Channel::Keyword => record.text.as_ref().map(|t| t.keyword.span()),
            services::Channel::Tty => record.tty.as_ref().map(Spanned::span),
        };
        let message = format!(
            "{} is not a number of the {}: expected {} (source: {}); if it changed, write `unchecked = \"<why>\"` on this record",
            m.found, service.name, m.expected, service.source
        );
        l.push(file.error_at("wrong-service-number", span.unwrap_or_default(), message));
    }
    Some(service.id.to_string())
}

fn served(
    l: &mut Loader,
    file: &DataFile,
    languages: Option<&Spanned<Vec<Spanned<String>>>>,
) -> Served {
    let Some(languages) = languages else {
        return Served::All;
    };
    if languages.get_ref().is_empty() {
        l.push(file.error("bad-language", languages, "list at least one language"));
    }
    for lang in languages.get_ref() {
        if !valid_language(lang.get_ref()) {
            let message = "a language code is 2 or 3 lowercase letters, such as \"en\"";
            l.push(file.error("bad-language", lang, message));
        }
    }
    Served::Only(
        languages
            .get_ref()
            .iter()
            .map(|l| l.get_ref().clone())
            .collect(),
    )
}

fn parse_phone(l: &mut Loader, file: &DataFile, value: &Spanned<String>) -> Option<Phone> {
    if unfilled(value.get_ref()) {
        // Said once already, as `unfilled`: a number to fill in is no bad number.
        return None;
    }
    match value.get_ref().parse::<Phone>() {
        Ok(phone) => Some(phone),
        Err(e) => {
            let code = match e {
                PhoneError::Fictional | PhoneError::N11(_) => "fictional-number",
                _ => "bad-phone",
            };
            l.push(file.error(code, value, e.to_string()));
            None
        }
    }
}

/// Contact `id` exists and has a number for `printer` ("the guide") to print; `None`
/// contacts (their file failed) check nothing.
fn check_dialable(
    l: &mut Loader,
    file: &DataFile,
    contacts: Option<&BTreeMap<String, Contact>>,
    id: &Spanned<String>,
    printer: &str,
) {
    let name = id.get_ref();
    match contacts.map(|contacts| contacts.get(name)) {
        Some(None) => {
            let message = format!("no contact with id {name:?} in data/contacts.toml");
            l.push(file.error("unknown-contact", id, message));
        }
        Some(Some(contact)) if contact.phones.is_empty() && contact.phones_written == 0 => {
            let message = format!("{name:?} has no phone number for {printer} to print");
            l.push(file.error("bad-value", id, message));
        }
        _ => {}
    }
}

/// The guide's rows, and the local line the pocket card names.
fn load_guide(
    l: &mut Loader,
    contacts: Option<&BTreeMap<String, Contact>>,
) -> Result<(Vec<GuideRow>, Option<String>), Error> {
    let Some(file) = l.read("data/guide.toml")? else {
        let message = "not found: it lists the who-to-call guide's rows and whom each names";
        l.push(DataError::whole("missing-file", "data/guide.toml", message));
        return Ok((Vec::new(), None));
    };
    let (raw, _) = l.parse::<schema::GuideFile>(&file);
    let Some(raw) = raw else {
        return Ok((Vec::new(), None));
    };
    if let Some(local) = &raw.local {
        check_dialable(l, &file, contacts, local, "the pocket card");
    }
    let mut rows: Vec<GuideRow> = Vec::new();
    for row in raw.row {
        let id = row.id.get_ref();
        if !valid_id(id) {
            let message = "a row id is lowercase letters, digits and dashes, such as \"minor\"";
            l.push(file.error("bad-id", &row.id, message));
        }
        if rows.iter().any(|r| &r.id == id) {
            l.push(file.error("duplicate-id", &row.id, format!("duplicate row id {id:?}")));
        }
        if row.call.is_empty() {
            l.push(file.error(
                "bad-value",
                &row.id,
                "a row names at least one contact to call",
            ));
        }
        for (i, c) in row.call.iter().enumerate() {
            let id = c.get_ref();
            check_dialable(l, &file, contacts, c, "the guide");
            if row.call[..i].iter().any(|earlier| earlier.get_ref() == id) {
                let message = format!("{id:?} is named twice in this row");
                l.push(file.error("duplicate-id", c, message));
            }
        }
        rows.push(GuideRow {
            id: id.clone(),
            call: row.call.iter().map(|c| c.get_ref().clone()).collect(),
            note: row.note,
        });
    }
    Ok((rows, raw.local.map(Spanned::into_inner)))
}

fn load_languages(
    l: &mut Loader,
    coalition_file: &DataFile,
    raw: &schema::CoalitionFile,
    contacts: Option<&BTreeMap<String, Contact>>,
    guide: &[GuideRow],
) -> Result<Vec<(String, Content)>, Error> {
    if raw.languages.get_ref().is_empty() {
        l.push(coalition_file.error("bad-language", &raw.languages, "list at least one language"));
    }
    let mut languages: Vec<(String, Content)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for lang in raw.languages.get_ref() {
        let code = lang.get_ref();
        if !valid_language(code) {
            let message = "a language code is 2 or 3 lowercase letters, such as \"en\"";
            l.push(coalition_file.error("bad-language", lang, message));
            continue;
        }
        if seen.contains(&code.as_str()) {
            l.push(coalition_file.error("bad-language", lang, "language listed twice"));
            continue;
        }
        seen.push(code);
        let name = format!("data/content/{code}.toml");
        let Some(file) = l.read(&name)? else {
            let message = format!("the language {code:?} is listed, but {name} does not exist");
            l.push(coalition_file.error("missing-file", lang, message));
            continue;
        };
        let (content, strings) = l.parse::<Content>(&file);
        check_placeholders(l, &file, &strings, contacts);
        let Some(content) = content else { continue };
        check_structure(l, &file, code, &content, contacts, guide);
        if !*content.reviewed.get_ref() {
            let message = format!(
                "the {} text has not been reviewed by a fluent speaker: its materials say \"{}\"",
                content.language, content.unofficial
            );
            let warning = file.error("unreviewed-translation", &content.reviewed, message);
            l.warnings.push(warning.concerning(content_materials()));
        }
        languages.push((code.clone(), content));
    }
    Ok(languages)
}

/// Every `{contact}` placeholder in a content file is well formed and names a contact with
/// a number to print.
fn check_placeholders(
    l: &mut Loader,
    file: &DataFile,
    strings: &[StringAt],
    contacts: Option<&BTreeMap<String, Contact>>,
) {
    for at in strings
        .iter()
        .filter(|at| is_free_text(&file.name, &at.path))
    {
        match text::placeholders(&at.value) {
            Err(e) => {
                let message = format!("`{}`: {e}", at.path);
                l.push(file.error_at("bad-placeholder", at.span.clone(), message));
            }
            Ok(found) => {
                for p in found {
                    let known = contacts.map(|c| c.get(p.id).is_some_and(|c| !c.phones.is_empty()));
                    if known == Some(false) {
                        let span = parse::locate(&file.text, at, p.range.clone());
                        let message = format!(
                            "`{}`: {{{}}} names no contact with a phone in data/contacts.toml",
                            at.path, p.id
                        );
                        l.push(file.error_at("bad-placeholder", span, message));
                    }
                }
            }
        }
    }
}

/// A language gives words for exactly the shared structure: every guide row, every hours
/// key a contact names, every language a channel lists.
fn check_structure(
    l: &mut Loader,
    file: &DataFile,
    lang: &str,
    content: &Content,
    contacts: Option<&BTreeMap<String, Contact>>,
    guide: &[GuideRow],
) {
    for (id, words) in &content.guide.rows {
        let Some(row) = guide.iter().find(|r| &r.id == id.get_ref()) else {
            let message = format!(
                "the {lang:?} words are for a guide row {:?} that data/guide.toml does not define",
                id.get_ref()
            );
            l.push(file.error("unknown-row", id, message));
            continue;
        };
        if row.note != words.note.is_some() {
            let message = if row.note {
                format!(
                    "guide row {:?} has a note in data/guide.toml, but no `note` in the {lang:?} words",
                    row.id
                )
            } else {
                format!(
                    "guide row {:?} has no note in data/guide.toml: set `note = true` there, or drop this `note`",
                    row.id
                )
            };
            l.push(file.error("missing-words", id, message));
        }
    }
    for row in guide {
        if !content.guide.rows.keys().any(|k| k.get_ref() == &row.id) {
            let message = format!(
                "no words for guide row {:?} (defined in data/guide.toml) in language {lang:?}: add [guide.rows.{}]",
                row.id, row.id
            );
            l.push(DataError::whole("missing-words", &file.name, message));
        }
    }
    let Some(contacts) = contacts else { return };
    let mut hours = std::collections::BTreeSet::new();
    let mut langs = std::collections::BTreeSet::new();
    for contact in contacts.values() {
        hours.extend(contact.phones.iter().filter_map(|p| p.hours.as_deref()));
        let lists = contact.phones.iter().map(|p| &p.languages);
        let lists = lists
            .chain(contact.text.iter().map(|t| &t.languages))
            .chain(contact.chat.iter().map(|c| &c.languages));
        for list in lists {
            if let Served::Only(codes) = list {
                langs.extend(codes.iter().map(String::as_str));
            }
        }
    }
    for key in hours {
        if !content.hours.contains_key(key) {
            let message = format!(
                "a contact's hours are {key:?}, but [hours] in the {lang:?} words has no {key:?}"
            );
            l.push(DataError::whole("missing-words", &file.name, message));
        }
    }
    for code in langs {
        if !content.language_names.contains_key(code) {
            let message = format!(
                "a contact's channel serves {code:?}, but [language-names] in the {lang:?} words has no {code:?}: materials must say which languages it serves"
            );
            l.push(DataError::whole("missing-words", &file.name, message));
        }
    }
}

fn load_notice(
    l: &mut Loader,
    file: &DataFile,
    raw: &schema::CoalitionFile,
    contacts: &BTreeMap<String, Contact>,
) -> Result<Option<Notice>, Error> {
    let hotline_id = &raw.notice.hotline;
    let hotline = contacts
        .get(hotline_id.get_ref())
        .filter(|c| !c.phones.is_empty());
    let Some((hotline, text)) = hotline.and_then(|c| Some((c, c.text.as_ref()?))) else {
        let message = format!(
            "the § 52.6 notice needs a contact {:?} with a phone and a text code: the National Human Trafficking Hotline",
            hotline_id.get_ref()
        );
        l.push(file.error("unknown-contact", hotline_id, message));
        return Ok(None);
    };
    let cast_id = &raw.notice.cast;
    let cast = contacts
        .get(cast_id.get_ref())
        .and_then(|c| c.phones.first());
    let Some(cast) = cast else {
        let message = format!(
            "the § 52.6 notice needs a contact {:?} with a phone: the California Coalition to Abolish Slavery and Trafficking",
            cast_id.get_ref()
        );
        l.push(file.error("unknown-contact", cast_id, message));
        return Ok(None);
    };
    let numbers = Numbers::new(&text.code, &hotline.phones[0].phone, &cast.phone);
    let notice_materials = Concerns::Materials(vec![Material::Notice, Material::NoticeCombined]);
    for (ours, law) in numbers.differences() {
        let message = format!(
            "the § 52.6 notice prints {ours} where the statute prints {law}: check the contact records"
        );
        let warning = DataError::whole("notice-numbers-differ", "data/contacts.toml", message);
        l.warnings
            .push(warning.concerning(notice_materials.clone()));
    }

    if l.root.join("data/notice/en.toml").exists() {
        let message = "the English notice is the statute's own text and cannot be replaced";
        l.push(DataError::whole(
            "bad-notice-text",
            "data/notice/en.toml",
            message,
        ));
    }
    let mut texts = vec![("en".to_string(), notice::english())];
    let mut langs = vec![("es".to_string(), None)];
    if let Some(third) = &raw.notice.third_language {
        if !valid_language(third.get_ref()) {
            // It names a file: checked as a name before it is ever made a path.
            let message = "a language code is 2 or 3 lowercase letters, such as \"hmn\"";
            l.push(file.error("bad-language", third, message));
        } else if ["en", "es"].contains(&third.get_ref().as_str()) {
            let message = "the third language is one besides English and Spanish";
            l.push(file.error("bad-language", third, message));
        } else {
            langs.push((third.get_ref().clone(), Some(third)));
        }
    }
    for (lang, named_at) in langs {
        let name = format!("data/notice/{lang}.toml");
        let dropped = l.read(&name)?;
        let text = if let Some(dropped) = &dropped {
            let (text, _) = l.parse::<NoticeText>(dropped);
            let Some(text) = text else { continue };
            let missing = text.missing_placeholders();
            if !missing.is_empty() {
                let message = format!(
                    "the notice text never uses {}: every number must come from the contact records",
                    missing.join(", ")
                );
                l.push(DataError::whole("bad-notice-text", &name, message));
            }
            text
        } else if lang == "es" {
            notice::spanish()
        } else {
            let message = format!("no § 52.6 notice text for {lang:?}: add {name}");
            match named_at {
                Some(at) => l.push(file.error("missing-file", at, message)),
                None => l.push(DataError::whole("missing-file", &name, message)),
            }
            continue;
        };
        if !text.official {
            let message = format!(
                "the {lang:?} § 52.6 notice is an unofficial translation ({}): add the official text as {name}",
                text.source
            );
            let at = if dropped.is_some() {
                name.as_str()
            } else {
                "data/coalition.toml"
            };
            let warning = DataError::whole("unofficial-notice", at, message);
            l.warnings
                .push(warning.concerning(notice_materials.clone()));
        }
        texts.push((lang, text));
    }
    Ok(Some(Notice {
        numbers,
        texts,
        contacts: [hotline_id.get_ref().clone(), cast_id.get_ref().clone()],
    }))
}

fn link(l: &mut Loader, file: &DataFile, raw: &schema::LinkFile, what: &str) -> Option<Link> {
    let marked = raw.placeholder.then_some(what);
    // The coalition's addresses are printed on the flyer, the contact form in its code.
    let concerns = Concerns::Materials(vec![Material::Flyer]);
    let url = checks::https(l, file, &raw.url, marked, concerns)?;
    // The website is printed: digits in it that read as a number are one a reader may
    // dial, and no record's. The form's address is only in its code and the code's
    // description, where a form service's long id (`/231234567890123`) is no number.
    if let Some(found) = text::find_number(&url).filter(|_| what == "website") {
        let message = format!(
            "the website's address has {:?} in it, which reads as a phone number or text code where the flyer prints it: use an address without it",
            &url[found.range]
        );
        l.push(file.error("number-in-text", &raw.url, message));
        return None;
    }
    // The form's code is smallest on the flyer; a campaign's tags make it longer still
    // (the pages are held to the same module size when they are checked).
    let span = Material::Flyer.spec().min_qr_inches;
    let fits = crate::qr::QrCode::width_of(&url)
        .is_some_and(|modules| modules as f64 * crate::qr::MIN_MODULE_INCHES <= span);
    if what == "contact form" && !fits {
        let message = format!(
            "this address is {} bytes: its code would need modules under {:.2} mm to fit the flyer's {span} in; use a shorter address",
            url.len(),
            crate::qr::MIN_MODULE_INCHES * 25.4
        );
        l.push(file.error("payload-too-long", &raw.url, message));
        return None;
    }
    Some(Link {
        url,
        placeholder: raw.placeholder,
    })
}

fn date(l: &mut Loader, file: &DataFile, value: &Spanned<Datetime>) -> Option<(u16, u8, u8)> {
    match value.get_ref() {
        Datetime {
            date: Some(d),
            time: None,
            offset: None,
        } => Some((d.year, d.month, d.day)),
        _ => {
            l.push(file.error("bad-value", value, "expected a date such as 2026-11-30"));
            None
        }
    }
}
