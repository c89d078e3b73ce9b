//! Campaign files, `data/campaigns/<id>.toml`: which materials go to which places, in which
//! languages, and the query parameters their codes are tagged with.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::schema::{self, TagsFile};
use super::{DataFile, Loader};
use crate::error::{DataError, Error};
use crate::plan::{Material, Part};

/// The folder of campaign files, relative to the project.
const DIR: &str = "data/campaigns";

/// The longest slug: ids end up in file names and in the tags of printed codes, where a
/// short one keeps the code small.
pub(crate) const MAX_SLUG: usize = 48;

/// The highest exit number a location may give.
pub(crate) const MAX_EXIT: u32 = 9999;

/// The most copies of one piece a location may ask for; more is a typo, not a stop.
const MAX_COPIES: u32 = 10_000;

/// A campaign, validated.
#[derive(Debug, Clone)]
pub struct Campaign {
    /// The id: the file's stem, a slug.
    pub id: String,
    /// The name, as printed.
    pub name: String,
    /// The file it was read from, `data/campaigns/<id>.toml`.
    pub file: String,
    /// The materials each location gets unless it says otherwise.
    pub materials: Vec<Material>,
    /// The languages each location gets unless it says otherwise.
    pub languages: Vec<String>,
    /// The places, in the order the file lists them.
    pub locations: Vec<Location>,
}

/// One place a campaign posts at.
#[derive(Debug, Clone)]
pub struct Location {
    /// A slug, unique in its campaign.
    pub id: String,
    /// The name, as printed.
    pub name: String,
    /// The name in other languages, by code.
    pub names: BTreeMap<String, String>,
    /// The town it is in.
    pub town: String,
    /// What kind of place it is.
    pub kind: Kind,
    /// The freeway exit it is at, if any.
    pub exit: Option<u32>,
    /// A note for whoever posts there.
    pub notes: Option<String>,
    /// How many copies of each piece it gets, at least one.
    pub copies: u32,
    /// The materials it gets: its own list, or the campaign's.
    pub materials: Vec<Material>,
    /// The languages it gets: its own list, or the campaign's.
    pub languages: Vec<String>,
}

/// What kind of place a location is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A truck stop or travel center.
    TruckStop,
    /// A highway rest area.
    RestArea,
    /// A motel.
    Motel,
    /// A bus station or transit center.
    BusStation,
    /// A clinic.
    Clinic,
    /// Any other place.
    Other,
}

impl Kind {
    /// Every kind, in the order the route sheet's words list them.
    #[cfg(test)]
    const ALL: [Kind; 6] = [
        Kind::TruckStop,
        Kind::RestArea,
        Kind::Motel,
        Kind::BusStation,
        Kind::Clinic,
        Kind::Other,
    ];

    /// The name data files use, such as `truck-stop`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::TruckStop => "truck-stop",
            Kind::RestArea => "rest-area",
            Kind::Motel => "motel",
            Kind::BusStation => "bus-station",
            Kind::Clinic => "clinic",
            Kind::Other => "other",
        }
    }
}

impl Location {
    /// The name in `lang`: its translation if the file gives one, else the name.
    pub(crate) fn name_in(&self, lang: &str) -> &str {
        self.names.get(lang).map_or(&self.name, String::as_str)
    }
}

impl Campaign {
    /// The locations in the order a driver meets them: by exit (those without one last),
    /// then town, then id.
    pub(crate) fn corridor_order(&self) -> Vec<&Location> {
        let mut order: Vec<&Location> = self.locations.iter().collect();
        order.sort_by_key(|l| (l.exit.is_none(), l.exit, &l.town, &l.id));
        order
    }

    /// The stops route sheet `part` lists, in corridor order: every stop for `None`.
    pub(crate) fn stops_on(&self, part: Option<Part>) -> Vec<&Location> {
        let mut order = self.corridor_order();
        if let Some(part) = part {
            let range = part.range(order.len());
            order.truncate(range.end);
            order.drain(..range.start);
        }
        order
    }
}

/// The names of the query parameters a campaign's contact-form code carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tags {
    /// The parameter carrying the location's id, `utm_source` by default.
    pub source: String,
    /// The parameter carrying the material's name, `utm_medium` by default.
    pub medium: String,
    /// The parameter carrying the campaign's id, `utm_campaign` by default.
    pub campaign: String,
}

impl Default for Tags {
    fn default() -> Self {
        Self::from(&TagsFile::default())
    }
}

impl From<&TagsFile> for Tags {
    fn from(raw: &TagsFile) -> Self {
        Self {
            source: raw.source.get_ref().clone(),
            medium: raw.medium.get_ref().clone(),
            campaign: raw.campaign.get_ref().clone(),
        }
    }
}

/// Whether `s` is a slug: lowercase ASCII letters and digits in words joined by single
/// dashes, at most [`MAX_SLUG`] bytes. Ids become file names and code payloads, so no
/// case that a file system folds, no space, nothing a URL must escape.
pub(crate) fn is_slug(s: &str) -> bool {
    s.len() <= MAX_SLUG
        && s.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Whether `s` can name a query parameter as it is, unescaped.
fn is_query_token(s: &str) -> bool {
    (1..=32).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// `[campaigns] tags` of `data/coalition.toml`, checked.
pub(super) fn tags(l: &mut Loader, file: &DataFile, raw: &TagsFile) -> Tags {
    let fields = [
        ("source", &raw.source),
        ("medium", &raw.medium),
        ("campaign", &raw.campaign),
    ];
    for (i, (key, value)) in fields.iter().enumerate() {
        let name = value.get_ref();
        if !is_query_token(name) {
            let message = format!(
                "`campaigns.tags.{key}` names a query parameter: 1 to 32 letters, digits, `_`, `.` or `-`, such as \"utm_{key}\""
            );
            l.push(file.error("bad-value", value, message));
        } else if let Some((other, _)) = fields[..i].iter().find(|(_, v)| v.get_ref() == name) {
            let message = format!(
                "`campaigns.tags.{key}` and `campaigns.tags.{other}` are both {name:?}: each tag needs a parameter of its own"
            );
            l.push(file.error("bad-value", value, message));
        }
    }
    Tags::from(raw)
}

/// Every campaign file of the project, sorted by id; none if there is no campaigns folder.
/// `printed` are the languages the coalition prints.
pub(super) fn load(l: &mut Loader, printed: &[&str]) -> Result<Vec<Campaign>, Error> {
    let dir = l.root.join(DIR);
    let io = |source| Error::Io {
        path: dir.clone(),
        source,
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(e)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let path = entry.map_err(io)?.path();
        let editors = path
            .file_name()
            .is_some_and(|n| crate::files::is_editors(&n.to_string_lossy()));
        // Not only regular files: a FIFO or a link out is refused when read, by name.
        if path.extension().is_some_and(|e| e == "toml") && !path.is_dir() && !editors {
            names.extend(path.file_name().map(ToOwned::to_owned));
        }
    }
    names.sort();
    let mut campaigns = Vec::new();
    for name in names {
        let shown = format!("{DIR}/{}", name.to_string_lossy());
        let id = shown[DIR.len() + 1..].trim_end_matches(".toml").to_string();
        if name.to_str().is_none() || !is_slug(&id) {
            let message = format!(
                "a campaign's id is its file's name, which must be a slug: lowercase letters and digits in words joined by single dashes, at most {MAX_SLUG} characters, such as \"i5-siskiyou.toml\""
            );
            l.push(DataError::whole("bad-id", &shown, message));
        }
        // Read on all the same, so that one run reports the rest of the file's problems.
        let Some(file) = l.read(&shown)? else {
            // Removed since the folder was listed: nothing to load.
            continue;
        };
        campaigns.extend(campaign(l, &file, id, printed));
    }
    // By id, not by file name: `a-b.toml` sorts before `a.toml`.
    campaigns.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(campaigns)
}

fn campaign(l: &mut Loader, file: &DataFile, id: String, printed: &[&str]) -> Option<Campaign> {
    let (raw, _) = l.parse::<schema::CampaignFile>(file);
    let raw = raw?;
    let header = &raw.campaign;
    not_blank(l, file, &header.name, "the campaign's name");
    let materials = materials(l, file, &header.materials);
    let languages = languages(l, file, &header.languages, printed);
    if raw.location.is_empty() {
        let message = "the campaign lists no [[location]]: it needs a place to post at";
        l.push(DataError::whole("bad-value", &file.name, message));
    }
    let mut locations: Vec<Location> = Vec::new();
    let mut ids: Vec<&Spanned<String>> = Vec::new();
    for loc in &raw.location {
        let loc_id = loc.id.get_ref();
        if !is_slug(loc_id) {
            let message = format!(
                "a location id is a slug: lowercase letters and digits in words joined by single dashes, at most {MAX_SLUG} characters, such as \"weed-exit-747\""
            );
            l.push(file.error("bad-id", &loc.id, message));
        } else if let Some(number) = super::text::find_number(loc_id) {
            // The id is printed: the route sheet shows it as the tag the location's code
            // carries, and printed digits that read as a number are checked against the
            // records on the page.
            let message = format!(
                "the id is printed on the route sheet, and {:?} in it reads as a phone number or text code: number the place by its exit (\"weed-exit-747\") or spell it out",
                &loc_id[number.range]
            );
            l.push(file.error("number-in-text", &loc.id, message));
        }
        if let Some(first) = ids.iter().find(|earlier| earlier.get_ref() == loc_id) {
            let line = file.text[..first.span().start].matches('\n').count() + 1;
            let message = format!("location id {loc_id:?} is already used on line {line}");
            l.push(file.error("duplicate-id", &loc.id, message));
        }
        ids.push(&loc.id);
        not_blank(l, file, &loc.name, "a location's name");
        not_blank(l, file, &loc.town, "a location's town");
        if let Some(exit) = &loc.exit
            && *exit.get_ref() > MAX_EXIT
        {
            // Freeway exits are numbered by mile; more digits would print like a number
            // to call on the route sheet.
            let message = format!("an exit is numbered 0 to {MAX_EXIT}");
            l.push(file.error("bad-value", exit, message));
        }
        let copies = loc.copies.as_ref().map_or(1, |copies| {
            let n = *copies.get_ref();
            if !(1..=MAX_COPIES).contains(&n) {
                let message = format!("`copies` is 1 to {MAX_COPIES}");
                l.push(file.error("bad-value", copies, message));
            }
            n
        });
        let materials = match &loc.materials {
            Some(list) => self::materials(l, file, list),
            None => materials.clone(),
        };
        let languages = match &loc.languages {
            Some(list) => self::languages(l, file, list, printed),
            None => languages.clone(),
        };
        for lang in loc.names.keys() {
            if !languages.contains(lang.get_ref()) {
                let message = format!(
                    "a name in {:?}, which this location is not printed in (it is printed in {})",
                    lang.get_ref(),
                    languages.join(", ")
                );
                l.push(file.error("bad-language", lang, message));
            }
        }
        locations.push(Location {
            id: loc_id.clone(),
            name: loc.name.get_ref().clone(),
            names: loc
                .names
                .iter()
                .map(|(lang, name)| (lang.get_ref().clone(), name.clone()))
                .collect(),
            town: loc.town.get_ref().clone(),
            kind: loc.kind,
            exit: loc.exit.as_ref().map(|e| *e.get_ref()),
            notes: loc.notes.clone(),
            copies,
            materials,
            languages,
        });
    }
    Some(Campaign {
        id,
        name: header.name.get_ref().clone(),
        file: file.name.clone(),
        materials,
        languages,
        locations,
    })
}

/// Printed text must say something.
fn not_blank(l: &mut Loader, file: &DataFile, value: &Spanned<String>, what: &str) {
    if value.get_ref().trim().is_empty() {
        l.push(file.error("bad-value", value, format!("{what} is empty")));
    }
}

fn materials(
    l: &mut Loader,
    file: &DataFile,
    list: &Spanned<Vec<Spanned<String>>>,
) -> Vec<Material> {
    let allowed: Vec<&str> = Material::ALL
        .into_iter()
        .filter(|m| m.in_campaigns())
        .map(Material::name)
        .collect();
    let allowed = allowed.join(", ");
    checked_list(
        l,
        file,
        list,
        "bad-value",
        "material",
        |name| match Material::from_name(name) {
            Some(m) if m.in_campaigns() => Ok(m),
            Some(m) if m.is_notice() => Err(format!(
                "{name:?} is each business's own posting under § 52.6, never a campaign's: a campaign prints {allowed}"
            )),
            Some(_) => Err(format!(
                "{name:?} is not printed for each location: a campaign prints {allowed}"
            )),
            None => Err(format!("no material {name:?}: a campaign prints {allowed}")),
        },
    )
}

fn languages(
    l: &mut Loader,
    file: &DataFile,
    list: &Spanned<Vec<Spanned<String>>>,
    printed: &[&str],
) -> Vec<String> {
    checked_list(l, file, list, "bad-language", "language", |code| {
        if printed.contains(&code) {
            Ok(code.to_string())
        } else {
            Err(format!(
                "{code:?} is not a language the coalition prints: data/coalition.toml lists {}",
                printed.join(", ")
            ))
        }
    })
}

/// The items of a non-empty list, each read by `read`; what it refuses, and an item
/// listed twice, is an error `code` at the item.
fn checked_list<T: PartialEq>(
    l: &mut Loader,
    file: &DataFile,
    list: &Spanned<Vec<Spanned<String>>>,
    code: &'static str,
    what: &str,
    read: impl Fn(&str) -> Result<T, String>,
) -> Vec<T> {
    if list.get_ref().is_empty() {
        l.push(file.error("bad-value", list, format!("list at least one {what}")));
    }
    let mut items = Vec::new();
    for item in list.get_ref() {
        match read(item.get_ref()) {
            Ok(value) if items.contains(&value) => {
                let message = format!("{:?} is listed twice", item.get_ref());
                l.push(file.error(code, item, message));
            }
            Ok(value) => items.push(value),
            Err(message) => l.push(file.error(code, item, message)),
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_single_dashes() {
        for good in [
            "a",
            "i5-siskiyou",
            "weed-exit-747",
            "747",
            &"a".repeat(MAX_SLUG),
        ] {
            assert!(is_slug(good), "{good:?}");
        }
        let long = "a".repeat(MAX_SLUG + 1);
        for bad in [
            "",
            "I5",
            "i5 winter",
            "-a",
            "a-",
            "a--b",
            "a_b",
            "é",
            "a.b",
            &long,
        ] {
            assert!(!is_slug(bad), "{bad:?}");
        }
    }

    #[test]
    fn query_tokens_need_no_escaping() {
        assert!(is_query_token("utm_source"));
        assert!(is_query_token("ref.v-2"));
        for bad in ["", "a b", "a&b", "a=b", "ü", &"a".repeat(33)] {
            assert!(!is_query_token(bad), "{bad:?}");
        }
    }

    fn location(id: &str, town: &str, exit: Option<u32>) -> Location {
        Location {
            id: id.to_string(),
            name: id.to_string(),
            names: BTreeMap::from([("es".to_string(), format!("{id} (es)"))]),
            town: town.to_string(),
            kind: Kind::Other,
            exit,
            notes: None,
            copies: 1,
            materials: vec![Material::Poster],
            languages: vec!["en".to_string()],
        }
    }

    #[test]
    fn the_corridor_runs_by_exit_then_town_then_id_with_no_exit_last() {
        let campaign = Campaign {
            id: "c".to_string(),
            name: "C".to_string(),
            file: "data/campaigns/c.toml".to_string(),
            materials: vec![Material::Poster],
            languages: vec!["en".to_string()],
            locations: vec![
                location("clinic", "Yreka", None),
                location("b", "Weed", Some(747)),
                location("far", "Hilt", Some(796)),
                location("a", "Weed", Some(747)),
                location("before", "Alpha", None),
                location("near", "Dunsmuir", Some(730)),
                location("z", "Abrams", Some(747)),
            ],
        };
        let order: Vec<&str> = campaign
            .corridor_order()
            .iter()
            .map(|l| l.id.as_str())
            .collect();
        assert_eq!(order, ["near", "z", "a", "b", "far", "before", "clinic"]);
    }

    #[test]
    fn a_name_falls_back_to_the_first_language() {
        let l = location("weed", "Weed", Some(747));
        assert_eq!(l.name_in("es"), "weed (es)");
        assert_eq!(l.name_in("hmn"), "weed");
    }

    #[test]
    fn kind_names_are_what_serde_reads() {
        for kind in Kind::ALL {
            let read: Kind = serde_json::from_value(serde_json::json!(kind.name())).unwrap();
            assert_eq!(read, kind);
        }
    }

    #[test]
    fn exit_numbers_in_names_are_no_phone_numbers() {
        use crate::project::text::find_number;
        for name in [
            "Truck stop, exit 747",
            "Rest area, exit 753",
            "I-5 corridor, winter 2026",
        ] {
            assert_eq!(find_number(name), None, "{name:?}");
        }
        // Two exits written as a range read as a short code: name one exit.
        assert!(find_number("Motel, exits 737-738").is_some());
        assert!(find_number("Motel, exit 773, call (530) 555-0123").is_some());
    }

    #[test]
    fn the_bundled_campaign_loads_in_corridor_order() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let project = crate::project::Project::load(root).unwrap();
        let [campaign] = project.campaigns.as_slice() else {
            panic!("{:?}", project.campaigns)
        };
        assert_eq!(campaign.id, "i5-siskiyou");
        assert_eq!(campaign.file, "data/campaigns/i5-siskiyou.toml");
        assert_eq!(campaign.materials, [Material::Poster]);
        let order = campaign.corridor_order();
        assert_eq!(order.first().map(|l| l.town.as_str()), Some("Dunsmuir"));
        assert_eq!(order.last().map(|l| l.town.as_str()), Some("Hilt"));
        let weed = order.iter().find(|l| l.id == "weed-exit-747").unwrap();
        assert_eq!((weed.copies, weed.kind), (2, Kind::TruckStop));
        assert_eq!(weed.name_in("es"), "Parada de camiones, salida 747");
        assert_eq!(order.last().unwrap().languages, ["en"]);
        assert_eq!(project.coalition.tags, Tags::default());
        // Every language names every kind and every material a campaign may print.
        for (lang, words) in &project.languages {
            for kind in Kind::ALL {
                assert!(!words.route.kind(kind).is_empty(), "{lang} {kind:?}");
            }
            for m in Material::ALL.into_iter().filter(|m| m.in_campaigns()) {
                assert!(words.route.material(m).is_some(), "{lang} {m:?}");
            }
        }
    }

    #[test]
    fn default_tags_are_the_utm_names() {
        let tags = Tags::default();
        assert_eq!(
            [tags.source, tags.medium, tags.campaign],
            ["utm_source", "utm_medium", "utm_campaign"]
        );
    }
}
