//! A new project from the bundled data: what is another coalition's own is replaced by
//! values marked [`UNFILLED`], which nothing is made from until they are filled in.

use std::path::{Path, PathBuf};

use toml_edit::{Array, DocumentMut, Item, Value, value};

use crate::error::{DataError, Error};
use crate::project::UNFILLED;

/// The bundled data, as this repository's `data/` holds it, by path in a project.
pub const BUNDLED_DATA: &[(&str, &str)] = &[
    (
        "data/coalition.toml",
        include_str!("../data/coalition.toml"),
    ),
    ("data/contacts.toml", include_str!("../data/contacts.toml")),
    ("data/guide.toml", include_str!("../data/guide.toml")),
    (
        "data/content/en.toml",
        include_str!("../data/content/en.toml"),
    ),
    (
        "data/content/es.toml",
        include_str!("../data/content/es.toml"),
    ),
    (
        "data/content/hmn.toml",
        include_str!("../data/content/hmn.toml"),
    ),
];

/// What `init` is told of the new coalition.
#[derive(Debug, Clone)]
pub struct Coalition {
    /// Its name, as printed; left to fill in when `None`.
    pub name: Option<String>,
    /// Its region, as printed (`Shasta County, California`); left to fill in when `None`.
    pub region: Option<String>,
    /// The edition date the materials carry: the day the project is made.
    pub today: time::Date,
}

/// What a project's `templates/README.md` says.
const TEMPLATES_README: &str = "\
# Templates

handbill carries its own Typst templates. A file in this folder replaces the built-in one
of the same name: `poster.typ` here is used instead of the built-in poster, and
`lib/common.typ` here instead of the built-in library every template imports. A file
that is not here is the built-in one, so copy only what you change.

`handbill templates list` shows which are replaced, and `handbill templates export`
writes the built-in ones here to start from.

Templates read every word and number from `sys.inputs`, which handbill fills from
`data/`: change how things look here, what they say in `data/`. Every page a template
makes is checked as it will be printed (codes read back, numbers against the records,
sizes and contrast), so a change that breaks a rule fails the build with the rule named.
";

/// The files of a new project, by path: the bundled data with the coalition's own
/// values set or marked, a `templates/README.md`, and the data files' JSON Schemas.
pub fn files(coalition: &Coalition) -> Vec<(String, String)> {
    // Each language by its own name, as its content file gives it.
    let names: Vec<(String, String)> = BUNDLED_DATA
        .iter()
        .filter_map(|(path, text)| {
            let lang = path.strip_prefix("data/content/")?.strip_suffix(".toml")?;
            let doc: DocumentMut = text.parse().ok()?;
            Some((lang.to_string(), doc.get("language")?.as_str()?.to_string()))
        })
        .collect();
    let mut files = Vec::new();
    for (path, text) in BUNDLED_DATA {
        let mut doc: DocumentMut = text.parse().expect("the bundled data is TOML");
        match *path {
            "data/coalition.toml" => new_coalition(&mut doc, coalition, &names),
            "data/contacts.toml" => new_contacts(&mut doc),
            _ => {}
        }
        files.push((path.to_string(), doc.to_string()));
    }
    files.push(("templates/README.md".into(), TEMPLATES_README.into()));
    // The data files name these in their first line, for editors.
    for (name, text) in crate::reference::schema_texts() {
        files.push((format!("schema/{name}"), text));
    }
    files
}

fn todo(what: &str) -> String {
    format!("{UNFILLED} {what}")
}

fn new_coalition(doc: &mut DocumentMut, new: &Coalition, names: &[(String, String)]) {
    let name = new
        .name
        .clone()
        .unwrap_or_else(|| todo("your coalition's name"));
    let region = new
        .region
        .clone()
        .unwrap_or_else(|| todo("your county and state, as printed"));
    doc["name"] = value(name);
    doc["region"] = value(region.clone());
    doc["mission"] = value(Array::from_iter([todo(
        "what your coalition does, in a short line (up to three lines)",
    )]));
    let date = toml_edit::Date {
        year: new.today.year() as u16,
        month: new.today.month() as u8,
        day: new.today.day(),
    };
    doc["edition"] = value(toml_edit::Datetime {
        date: Some(date),
        time: None,
        offset: None,
    });
    // Another coalition's site must never be printed on this one's materials.
    doc["website"]["url"] = value("https://example.org/");
    doc["website"]["placeholder"] = value(true);
    doc["contact-form"]["url"] = value("https://example.org/contact");
    doc["contact-form"]["placeholder"] = value(true);
    if let Some(notice) = doc.get_mut("notice").and_then(Item::as_table_mut) {
        notice.decor_mut().set_prefix(
            "\n# The California Civil Code § 52.6 notice. A county on the federal Voting Rights Act\n\
             # list names its third language here (and adds data/notice/<code>.toml with the\n\
             # official text).\n",
        );
    }
    if let Some(translations) = doc.get_mut("translations").and_then(Item::as_table_mut) {
        for (lang, table) in translations.iter_mut() {
            let Some(table) = table.as_table_mut() else {
                continue;
            };
            let lang = lang.get();
            let language = names
                .iter()
                .find(|(code, _)| code == lang)
                .map_or(lang, |(_, name)| name.as_str());
            table["name"] = value(todo(&format!("the coalition's name in {language}")));
            table["region"] = value(todo(&format!("the region in {language}")));
            let mission = todo(&format!("the mission in {language}"));
            table["mission"] = value(Array::from_iter([mission]));
        }
    }
}

/// Local records become marked examples; national services, whose numbers handbill
/// knows, stay as they are.
fn new_contacts(doc: &mut DocumentMut) {
    let Some(contacts) = doc
        .get_mut("contact")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return;
    };
    for contact in contacts.iter_mut() {
        if contact.contains_key("service") {
            continue;
        }
        for (key, what) in [("name", "the full name"), ("short-name", "a short name")] {
            if let Some(old) = contact.get(key).and_then(Item::as_str) {
                let marked = todo(&format!("{what}, such as: {old}"));
                contact[key] = value(marked);
            }
        }
        // Their names in other languages were the other county's too.
        contact.remove("names");
        // Never called by this coalition: long past, so the record is reported stale until
        // someone calls the number and sets the day.
        let never = toml_edit::Date {
            year: 2000,
            month: 1,
            day: 1,
        };
        contact["verified"] = value(toml_edit::Datetime {
            date: Some(never),
            time: None,
            offset: None,
        });
        if let Some(phones) = contact.get_mut("phone").and_then(Item::as_array_mut) {
            for phone in phones.iter_mut() {
                if let Value::InlineTable(phone) = phone {
                    phone.insert("number", todo("the number, such as (530) 555-0100").into());
                }
            }
        }
        contact.decor_mut().set_prefix(
            "\n# TODO: fill in your county's record, call each number, and set `verified` to\n\
             # the day you called.\n",
        );
    }
}

/// Names `path` in an I/O error.
fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + use<> {
    let path = path.to_path_buf();
    move |source| Error::Io { path, source }
}

/// Writes a new project into `dir`, which may exist but may hold no project: nothing is
/// overwritten, and on any error nothing is left behind. Gives the paths written.
pub fn write(dir: &Path, coalition: &Coalition) -> Result<Vec<PathBuf>, Error> {
    for top in ["data", "templates", "fonts", "schema"] {
        let path = dir.join(top);
        if std::fs::symlink_metadata(&path).is_ok() {
            let message =
                format!("already holds {top}/: init makes a new project and never writes over one");
            let shown = dir.display().to_string();
            return Err(DataError::whole("project-exists", shown, message).into());
        }
    }
    let created = !dir.exists();
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let result = stage_and_place(dir, coalition);
    if result.is_err() && created {
        let _ = std::fs::remove_dir_all(dir);
    }
    result
}

/// Writes every file into a folder of its own inside `dir`, then moves `data/`,
/// `templates/` and `schema/` into place.
fn stage_and_place(dir: &Path, coalition: &Coalition) -> Result<Vec<PathBuf>, Error> {
    let staging = tempfile::Builder::new()
        .prefix(".handbill-init-")
        .tempdir_in(dir)
        .map_err(io(dir))?;
    let mut written = Vec::new();
    for (rel, text) in files(coalition) {
        let path = staging.path().join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, text).map_err(io(&path))?;
        written.push(dir.join(rel));
    }
    let mut placed = Vec::new();
    for top in ["data", "templates", "schema"] {
        let to = dir.join(top);
        // A rename does not replace a folder that holds anything, and the check above
        // found none: one that appeared since is not ours to replace.
        if let Err(source) = std::fs::rename(staging.path().join(top), &to) {
            for path in placed {
                let _ = std::fs::remove_dir_all(path);
            }
            return Err(Error::Io { path: to, source });
        }
        placed.push(to);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_data_file_but_the_campaigns_is_carried() {
        fn walk(dir: &Path, root: &Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, root, found);
                } else {
                    let rel = path.strip_prefix(root).unwrap();
                    found.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = Vec::new();
        walk(&root.join("data"), root, &mut found);
        found.retain(|path| !path.starts_with("data/campaigns/"));
        found.sort();
        let mut carried: Vec<String> = BUNDLED_DATA.iter().map(|(p, _)| p.to_string()).collect();
        carried.sort();
        assert_eq!(found, carried);
    }

    #[test]
    fn national_services_stay_and_local_numbers_are_marked() {
        let new = Coalition {
            name: None,
            region: None,
            today: time::Date::from_calendar_date(2027, time::Month::January, 15).unwrap(),
        };
        let files = files(&new);
        let text = |path: &str| &files.iter().find(|(p, _)| p == path).unwrap().1;
        let contacts: DocumentMut = text("data/contacts.toml").parse().unwrap();
        for contact in contacts["contact"].as_array_of_tables().unwrap() {
            let numbers = contact["phone"].as_array().unwrap();
            for phone in numbers {
                let number = phone.as_inline_table().unwrap()["number"].as_str().unwrap();
                let marked = number.starts_with(UNFILLED);
                assert_eq!(marked, !contact.contains_key("service"), "{number}");
            }
            // A record this coalition never called is stale until it calls.
            let verified = contact["verified"].as_datetime().unwrap().to_string();
            let local = !contact.contains_key("service");
            assert_eq!(verified == "2000-01-01", local, "{verified}");
        }
        assert!(text("data/coalition.toml").contains("edition = 2027-01-15"));
    }
}
