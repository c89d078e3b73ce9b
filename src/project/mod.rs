//! A project: its data files loaded, validated once, and held as typed records.
//!
//! Later stages take a [`Project`] and never see raw TOML: a number that reaches a
//! template has been parsed, a contact id that content names exists.

mod checks;
pub mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::value::Datetime;

use crate::error::{DataError, Error};
use crate::notice::{self, NoticeText, Numbers};
use crate::phone::{Phone, ShortCode};
pub use schema::{Content, Hours};

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
    /// The § 52.6 notice's numbers and texts.
    pub notice: Notice,
    /// Problems that do not stop a build unless it is strict: stale verification dates,
    /// placeholder addresses.
    pub warnings: Vec<DataError>,
}

/// The coalition, validated.
#[derive(Debug)]
pub struct Coalition {
    /// The full name.
    pub name: String,
    /// Where it works.
    pub region: String,
    /// Short lines on what it does.
    pub mission: Vec<String>,
    /// The edition date (year, month, day).
    pub edition: (u16, u8, u8),
    /// The id of the contact featured as the hotline; it has a phone and a text code.
    pub hotline: String,
    /// The website.
    pub website: Link,
    /// The contact form.
    pub contact_form: Link,
}

/// What the § 52.6 notice prints.
#[derive(Debug)]
pub struct Notice {
    /// Its numbers, in the statute's forms.
    pub numbers: Numbers,
    /// Its text in each language it is posted in: English, Spanish, then the county's
    /// third language if it has one.
    pub texts: Vec<(String, NoticeText)>,
}

impl Notice {
    /// The sections of a notice in `langs`, numbers filled in.
    pub fn sections(&self, langs: &[&str]) -> Vec<notice::Section> {
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
    pub short_name: String,
    /// The day the numbers were last checked (year, month, day).
    pub verified: (u16, u8, u8),
    /// Numbers to call, with when they are answered.
    pub phones: Vec<(Phone, Option<Hours>)>,
    /// A short code and the keyword to text it.
    pub text: Option<(ShortCode, String)>,
    /// An online chat.
    pub chat: Option<String>,
    /// A TTY or relay number.
    pub tty: Option<Phone>,
}

/// One data file's text, kept so that a later check can point into it.
pub(crate) struct DataFile {
    name: String,
    text: String,
}

impl DataFile {
    pub(crate) fn read(root: &Path, name: &str) -> Result<Self, Error> {
        let path = root.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Self {
                name: name.to_string(),
                text,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(DataError::whole(
                name,
                format!(
                    "not found in {} (is this a handbill project? see --project)",
                    root.display()
                ),
            )
            .into()),
            Err(source) => Err(Error::Io { path, source }),
        }
    }

    pub(crate) fn parse<T: DeserializeOwned>(&self) -> Result<T, DataError> {
        toml::from_str(&self.text).map_err(|e| {
            let message = e.message().trim_end().to_string();
            match e.span() {
                Some(span) => DataError::at(&self.name, &self.text, span, message),
                None => DataError::whole(&self.name, message),
            }
        })
    }

    pub(crate) fn error<T>(&self, value: &Spanned<T>, message: impl Into<String>) -> DataError {
        let span = value.span();
        // A defaulted value has an empty span: it is not written anywhere in the file.
        if span.is_empty() {
            DataError::whole(&self.name, message)
        } else {
            DataError::at(&self.name, &self.text, span, message)
        }
    }
}

impl Project {
    /// Loads and validates every data file of the project at `root`.
    pub fn load(root: &Path) -> Result<Self, Error> {
        let coalition_file = DataFile::read(root, "data/coalition.toml")?;
        let raw: schema::CoalitionFile = coalition_file.parse()?;
        let contacts_file = DataFile::read(root, "data/contacts.toml")?;
        let mut warnings = Vec::new();
        let contacts = load_contacts(&contacts_file, raw.max_age_days, &mut warnings)?;

        let hotline = &raw.hotline;
        match contacts.get(hotline.get_ref()) {
            Some(c) if !c.phones.is_empty() && c.text.is_some() => {}
            Some(_) => {
                return Err(coalition_file
                    .error(
                        hotline,
                        "the hotline contact needs a phone and a text short code",
                    )
                    .into());
            }
            None => {
                return Err(coalition_file
                    .error(
                        hotline,
                        format!("no contact with id {:?}", hotline.get_ref()),
                    )
                    .into());
            }
        }

        if raw.languages.get_ref().is_empty() {
            return Err(coalition_file
                .error(&raw.languages, "list at least one language")
                .into());
        }
        let mut languages = Vec::new();
        for lang in raw.languages.get_ref() {
            let code = lang.get_ref();
            let valid =
                (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
            if !valid {
                let message = "a language code is 2 or 3 lowercase letters, such as \"en\"";
                return Err(coalition_file.error(lang, message).into());
            }
            if languages.iter().any(|(seen, _)| seen == code) {
                return Err(coalition_file.error(lang, "language listed twice").into());
            }
            let file = DataFile::read(root, &format!("data/content/{code}.toml"))?;
            let content: Content = file.parse()?;
            check_guide(&file, &content, &contacts)?;
            if !*content.reviewed.get_ref() {
                let message = format!(
                    "the {} text has not been reviewed by a fluent speaker: its materials say \"{}\"",
                    content.language, content.unofficial
                );
                warnings.push(file.error(&content.reviewed, message));
            }
            languages.push((code.clone(), content));
        }

        checks::addresses(&coalition_file, &raw, &mut warnings);
        let notice = load_notice(root, &coalition_file, &raw, &contacts, &mut warnings)?;

        let coalition = Coalition {
            name: raw.name,
            region: raw.region,
            mission: raw.mission,
            edition: date(&coalition_file, &raw.edition)?,
            hotline: raw.hotline.into_inner(),
            website: link(&coalition_file, raw.website)?,
            contact_form: link(&coalition_file, raw.contact_form)?,
        };
        Ok(Project {
            root: root.to_path_buf(),
            coalition,
            contacts,
            languages,
            notice,
            warnings,
        })
    }

    /// The contact featured as the hotline. [`Project::load`] made sure it exists.
    pub fn hotline(&self) -> &Contact {
        &self.contacts[&self.coalition.hotline]
    }
}

fn load_contacts(
    file: &DataFile,
    max_age_days: u32,
    warnings: &mut Vec<DataError>,
) -> Result<BTreeMap<String, Contact>, Error> {
    let raw: schema::ContactsFile = file.parse()?;
    let today = checks::today();
    let mut contacts = BTreeMap::new();
    for record in raw.contact {
        let id = record.id.get_ref();
        let id_ok = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            let message = "an id is lowercase letters, digits and dashes, such as \"cps\"";
            return Err(file.error(&record.id, message).into());
        }
        let mut phones = Vec::new();
        for p in &record.phone {
            phones.push((parse(file, &p.number)?, p.hours));
        }
        let text = match &record.text {
            Some(t) => Some((parse(file, &t.code)?, t.keyword.clone())),
            None => None,
        };
        let chat = match &record.chat {
            Some(url) => {
                warnings.extend(checks::chat(file, url));
                Some(https(file, url)?)
            }
            None => None,
        };
        warnings.extend(checks::stale(
            file,
            id,
            &record.verified,
            max_age_days,
            today,
        ));
        let tty = match &record.tty {
            Some(n) => Some(parse(file, n)?),
            None => None,
        };
        let contact = Contact {
            short_name: record.short_name.unwrap_or_else(|| record.name.clone()),
            name: record.name,
            verified: date(file, &record.verified)?,
            phones,
            text,
            chat,
            tty,
        };
        if contacts.insert(id.clone(), contact).is_some() {
            return Err(file
                .error(&record.id, format!("duplicate contact id {id:?}"))
                .into());
        }
    }
    Ok(contacts)
}

fn load_notice(
    root: &Path,
    file: &DataFile,
    raw: &schema::CoalitionFile,
    contacts: &BTreeMap<String, Contact>,
    warnings: &mut Vec<DataError>,
) -> Result<Notice, Error> {
    let hotline_id = &raw.notice.hotline;
    let hotline = contacts
        .get(hotline_id.get_ref())
        .filter(|c| !c.phones.is_empty());
    let Some((hotline, (code, _))) = hotline.and_then(|c| Some((c, c.text.as_ref()?))) else {
        let message = format!(
            "the § 52.6 notice needs a contact {:?} with a phone and a text code: the National Human Trafficking Hotline",
            hotline_id.get_ref()
        );
        return Err(file.error(hotline_id, message).into());
    };
    let cast_id = &raw.notice.cast;
    let cast = contacts
        .get(cast_id.get_ref())
        .and_then(|c| c.phones.first());
    let Some((cast, _)) = cast else {
        let message = format!(
            "the § 52.6 notice needs a contact {:?} with a phone: the California Coalition to Abolish Slavery and Trafficking",
            cast_id.get_ref()
        );
        return Err(file.error(cast_id, message).into());
    };
    let numbers = Numbers::new(code, &hotline.phones[0].0, cast);
    for (ours, law) in numbers.differences() {
        let message = format!(
            "the § 52.6 notice prints {ours} where the statute prints {law}: check the contact records"
        );
        warnings.push(DataError::whole("data/contacts.toml", message));
    }

    if root.join("data/notice/en.toml").exists() {
        let message = "the English notice is the statute's own text and cannot be replaced";
        return Err(DataError::whole("data/notice/en.toml", message).into());
    }
    let mut texts = vec![("en".to_string(), notice::english())];
    let mut langs = vec![("es".to_string(), None)];
    if let Some(third) = &raw.notice.third_language {
        if ["en", "es"].contains(&third.get_ref().as_str()) {
            return Err(file
                .error(
                    third,
                    "the third language is one besides English and Spanish",
                )
                .into());
        }
        langs.push((third.get_ref().clone(), Some(third)));
    }
    for (lang, named_at) in langs {
        let name = format!("data/notice/{lang}.toml");
        let text = if root.join(&name).exists() {
            let dropped = DataFile::read(root, &name)?;
            let text: NoticeText = dropped.parse()?;
            let missing = text.missing_placeholders();
            if !missing.is_empty() {
                let message = format!(
                    "the notice text never uses {}: every number must come from the contact records",
                    missing.join(", ")
                );
                return Err(DataError::whole(&name, message).into());
            }
            if let Some(number) = text.typed_number() {
                let message = format!(
                    "{number:?} is typed into the notice text: use {{text}}, {{hotline}}, {{cast-vanity}} and {{cast}} so numbers come from the contact records"
                );
                return Err(DataError::whole(&name, message).into());
            }
            text
        } else if lang == "es" {
            notice::spanish()
        } else {
            let message = format!("no § 52.6 notice text for {lang:?}: add {name}");
            let at = named_at.expect("only the third language can lack a built-in text");
            return Err(file.error(at, message).into());
        };
        if !text.official {
            let message = format!(
                "the {lang:?} § 52.6 notice is an unofficial translation ({}): add the official text as {name}",
                text.source
            );
            let file = if root.join(&name).exists() {
                name.as_str()
            } else {
                "data/coalition.toml"
            };
            warnings.push(DataError::whole(file, message));
        }
        texts.push((lang, text));
    }
    Ok(Notice { numbers, texts })
}

fn check_guide(
    file: &DataFile,
    content: &Content,
    contacts: &BTreeMap<String, Contact>,
) -> Result<(), DataError> {
    let named = content.contact_names.keys();
    for id in content
        .guide
        .rows
        .iter()
        .flat_map(|row| &row.call)
        .chain(named)
    {
        if !contacts.contains_key(id.get_ref()) {
            let message = format!(
                "no contact with id {:?} in data/contacts.toml",
                id.get_ref()
            );
            return Err(file.error(id, message));
        }
    }
    Ok(())
}

fn parse<T>(file: &DataFile, value: &Spanned<String>) -> Result<T, DataError>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    value
        .get_ref()
        .parse()
        .map_err(|e| file.error(value, format!("{e}")))
}

fn https(file: &DataFile, url: &Spanned<String>) -> Result<String, DataError> {
    let rest = url.get_ref().strip_prefix("https://");
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => {
            Ok(url.get_ref().clone())
        }
        _ => Err(file.error(url, "expected a full https:// address")),
    }
}

fn link(file: &DataFile, raw: schema::LinkFile) -> Result<Link, DataError> {
    Ok(Link {
        url: https(file, &raw.url)?,
        placeholder: raw.placeholder,
    })
}

fn date(file: &DataFile, value: &Spanned<Datetime>) -> Result<(u16, u8, u8), DataError> {
    match value.get_ref() {
        Datetime {
            date: Some(d),
            time: None,
            offset: None,
        } => Ok((d.year, d.month, d.day)),
        _ => Err(file.error(value, "expected a date such as 2026-11-30")),
    }
}
