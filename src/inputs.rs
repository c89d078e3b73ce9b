//! What a template sees: one job's data as typst values in `sys.inputs`, never as source text.
//!
//! Numbers arrive already formatted from their parsed value, next to the exact payload their
//! QR code carries, so a template has nothing to retype.

use std::collections::BTreeMap;

use serde::Serialize;
use typst::foundations::{Dict, Value};

use crate::error::{DataError, Error};
use crate::notice::Section;
use crate::phone::Phone;
use crate::plan::{Job, Material, Part, Place};
use crate::project::{Contact, Content, Link, Location, Project, Served, Tags, text};
use crate::qr::QrCode;

/// The QR codes of a project, encoded once and shared by every job.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Codes {
    /// Calls the hotline.
    pub hotline: QrCode,
    /// Opens a text to the hotline's short code with its keyword.
    pub text: QrCode,
    /// Opens the coalition's contact form.
    pub(crate) contact_form: QrCode,
    /// The hotline's number as printed, which must stand beside its code.
    #[serde(skip)]
    hotline_printed: String,
    /// The short code as printed, which must stand beside its code.
    #[serde(skip)]
    text_printed: String,
}

impl Codes {
    /// Encodes the project's codes from its hotline and contact-form records.
    pub fn new(project: &Project) -> Result<Self, Error> {
        let hotline = project.hotline();
        let phone = &hotline.phones[0].phone;
        let text = hotline
            .text
            .as_ref()
            .expect("load checks the hotline has a text code");
        Ok(Self {
            hotline_printed: phone.to_string(),
            text_printed: text.code.to_string(),
            hotline: encode("data/contacts.toml", phone.tel_uri())?,
            text: encode("data/contacts.toml", text.code.smsto_uri(&text.keyword))?,
            contact_form: encode(
                "data/coalition.toml",
                project.coalition.contact_form.url.clone(),
            )?,
        })
    }

    /// The codes of one job: the project's, with a contact-form code that carries the
    /// job's campaign tags when it is made for a location, so the coalition can tell which
    /// places bring people to its form.
    pub(crate) fn for_job(&self, project: &Project, job: &Job) -> Result<Self, Error> {
        let contact_form = match tagged_contact_form(project, job) {
            Some(url) => encode("data/coalition.toml", url)?,
            None => self.contact_form.clone(),
        };
        Ok(Self {
            hotline: self.hotline.clone(),
            text: self.text.clone(),
            contact_form,
            hotline_printed: self.hotline_printed.clone(),
            text_printed: self.text_printed.clone(),
        })
    }

    /// Every code with its name and the number that must be printed beside it.
    pub fn all(&self) -> [(&'static str, &QrCode, Option<&str>); 3] {
        [
            ("hotline", &self.hotline, Some(&self.hotline_printed)),
            ("text", &self.text, Some(&self.text_printed)),
            ("contact-form", &self.contact_form, None),
        ]
    }
}

/// The contact form's address with the job's campaign tags, for a location's copy.
fn tagged_contact_form(project: &Project, job: &Job) -> Option<String> {
    let Some(Place {
        campaign,
        location: Some(location),
        ..
    }) = &job.place
    else {
        return None;
    };
    let tags = &project.coalition.tags;
    let mut url = url::Url::parse(&project.coalition.contact_form.url)
        .expect("load checks the contact form's address");
    // A tag already in the address would come first, and analytics read the first.
    let ours = [&tags.source, &tags.medium, &tags.campaign];
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !ours.iter().any(|t| t.as_str() == k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.set_query(None);
    let mut query = url.query_pairs_mut();
    query.extend_pairs(kept);
    query
        .append_pair(&tags.source, location)
        .append_pair(&tags.medium, job.material.name())
        .append_pair(&tags.campaign, campaign);
    drop(query);
    Some(url.into())
}

/// Encodes a payload of `file`'s data.
fn encode(file: &str, payload: String) -> Result<QrCode, Error> {
    // A scanned code opens whatever it says: only calls, texts and secure pages.
    let scheme_ok = ["https://", "tel:", "SMSTO:"]
        .iter()
        .any(|s| payload.starts_with(s));
    if !scheme_ok {
        let message = format!("{payload:?}: a QR code may only carry https://, tel: or SMSTO:");
        return Err(Error::from(DataError::whole("bad-url", file, message)));
    }
    QrCode::encode(&payload)
        .map_err(|e| Error::from(DataError::whole("bad-value", file, e.to_string())))
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Inputs<'a, Q> {
    material: &'a str,
    lang: &'a str,
    /// True when the document is laid out on pages of unbounded height, to measure how far
    /// its content overflows.
    measure: bool,
    coalition: CoalitionView<'a>,
    hotline: &'a str,
    contacts: BTreeMap<&'a str, ContactView<'a>>,
    /// The words of the job's language.
    text: Option<&'a serde_json::Value>,
    qr: Q,
    /// The notice's sections, one per language, for the notice materials.
    notice: Vec<Section>,
    /// The campaign a campaign's job is made for.
    campaign: Option<CampaignView<'a>>,
    /// The location a campaign's piece is made for: posters name it.
    location: Option<LocationView<'a>>,
    /// A route sheet's locations, in corridor order.
    locations: Vec<LocationView<'a>>,
    /// A route sheet's copies to print, by material and language.
    totals: Vec<Total<'a>>,
    /// Which of its campaign's route sheets this is, when there are several.
    part: Option<Part>,
    /// The contact the pocket card names as the local line.
    local: Option<&'a str>,
    /// The heading over the notice's text, by language, for the languages that have words.
    notice_headings: BTreeMap<&'a str, &'a str>,
    /// The multilingual poster's panels, one per language the coalition prints.
    panels: Vec<PanelView<'a>>,
}

/// One language's panel of the multilingual poster: its words, and the hotline as that
/// language's reader is told of it.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct PanelView<'a> {
    lang: &'a str,
    text: Option<&'a serde_json::Value>,
    hotline: ContactView<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct CampaignView<'a> {
    id: &'a str,
    /// For the route sheet, which prints it.
    name: Option<&'a str>,
    tags: &'a Tags,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct LocationView<'a> {
    id: &'a str,
    /// The name in the job's language.
    name: &'a str,
    town: &'a str,
    kind: &'static str,
    exit: Option<u32>,
    notes: Option<&'a str>,
    /// What to bring there: each material with its languages and copies.
    bring: Vec<Bring<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Bring<'a> {
    material: &'static str,
    langs: &'a [String],
    copies: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Total<'a> {
    material: &'static str,
    lang: &'a str,
    copies: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct CoalitionView<'a> {
    name: &'a str,
    region: &'a str,
    mission: &'a [String],
    website: LinkView<'a>,
    contact_form: LinkView<'a>,
    /// The logo, if the coalition has one: the path a template opens it by.
    logo: Option<LogoView>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct LogoView {
    path: String,
    /// Its content's hash, so a new logo under the same name remakes every piece.
    sha256: String,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct LinkView<'a> {
    url: &'a str,
    /// The address as printed: no scheme, no trailing slash.
    display: &'a str,
    placeholder: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ContactView<'a> {
    /// The name in the job's language.
    name: &'a str,
    short_name: &'a str,
    phones: Vec<PhoneView>,
    text: Option<TextView<'a>>,
    chat: Option<ChatView<'a>>,
    tty: Option<String>,
}

/// Whether a channel serves the job's language, and if not, which languages it does.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ServedView {
    /// The channel is answered in the material's language.
    serves: bool,
    /// The languages it is answered in, named in the material's language; empty when it
    /// serves every language.
    languages: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct PhoneView {
    display: String,
    tel: String,
    hours: Option<String>,
    #[serde(flatten)]
    served: ServedView,
    /// Answered in the material's language only through an interpreter.
    interpreter: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct TextView<'a> {
    code: String,
    keyword: &'a str,
    #[serde(flatten)]
    served: ServedView,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ChatView<'a> {
    url: &'a str,
    display: &'a str,
    #[serde(flatten)]
    served: ServedView,
}

fn link(url: &str, placeholder: bool) -> LinkView<'_> {
    LinkView {
        url,
        display: display(url),
        placeholder,
    }
}

fn display(url: &str) -> &str {
    url.trim_start_matches("https://").trim_end_matches('/')
}

fn served_view(served: &Served, lang: &str, words: Option<&Content>) -> ServedView {
    let languages = match served {
        Served::All => Vec::new(),
        Served::Only(codes) => codes
            .iter()
            .map(|code| {
                words
                    .and_then(|w| w.language_names.get(code))
                    .cloned()
                    .unwrap_or_else(|| code.clone())
            })
            .collect(),
    };
    ServedView {
        serves: served.serves(lang),
        languages,
    }
}

fn contact_view<'a>(contact: &'a Contact, lang: &str, words: Option<&Content>) -> ContactView<'a> {
    let (name, short_name) = contact.names.get(lang).map_or(
        (contact.name.as_str(), contact.short_name.as_str()),
        |(n, s)| (n.as_str(), s.as_str()),
    );
    ContactView {
        name,
        short_name,
        phones: contact
            .phones
            .iter()
            .map(|p| PhoneView {
                display: p.phone.to_string(),
                tel: p.phone.tel_uri(),
                hours: p.hours.clone(),
                interpreter: !p.languages.serves(lang) && p.interpreters,
                served: served_view(&p.languages, lang, words),
            })
            .collect(),
        text: contact.text.as_ref().map(|t| TextView {
            code: t.code.to_string(),
            keyword: &t.keyword,
            served: served_view(&t.languages, lang, words),
        }),
        chat: contact.chat.as_ref().map(|c| ChatView {
            url: &c.url,
            display: display(&c.url),
            served: served_view(&c.languages, lang, words),
        }),
        tty: contact.tty.as_ref().map(Phone::to_string),
    }
}

/// A content file's words as templates see them: the guide's rows in the shared order with
/// their contacts, and every `{contact}` placeholder filled with that contact's number.
pub fn words(project: &Project, content: &Content) -> serde_json::Value {
    let mut json = serde_json::to_value(content).expect("plain data always serializes");
    let rows: Vec<serde_json::Value> = project
        .guide
        .iter()
        .filter_map(|row| {
            let words = content
                .guide
                .rows
                .iter()
                .find(|(id, _)| id.get_ref() == &row.id)?
                .1;
            Some(serde_json::json!({
                "id": row.id,
                "situation": words.situation,
                "call": row.call,
                "note": words.note,
            }))
        })
        .collect();
    json["guide"]["rows"] = serde_json::Value::Array(rows);
    fill_placeholders(project, &mut json);
    json
}

fn fill_placeholders(project: &Project, value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(s) => {
            let number = |id: &str| {
                let phone = &project.contacts.get(id)?.phones.first()?.phone;
                // A number split across two lines is easy to misdial.
                Some(phone.to_string().replace(' ', "\u{a0}"))
            };
            // Load checked every placeholder, so filling cannot fail here.
            if let Ok(filled) = text::fill(s, number) {
                *s = filled;
            }
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(|v| fill_placeholders(project, v));
        }
        serde_json::Value::Object(map) => {
            map.values_mut().for_each(|v| fill_placeholders(project, v));
        }
        _ => {}
    }
}

/// What every job of a build shares: the project's codes and each language's words, made
/// once.
pub(crate) struct Shared<'a> {
    project: &'a Project,
    codes: Codes,
    words: BTreeMap<&'a str, serde_json::Value>,
}

/// The sign `route.typ` sets before a count of copies (`sym.times`).
const COUNT_SIGN: char = '×';

/// A job ready to render: its codes and the inputs its template sees, both made from data
/// before anything compiles, so they can be hashed to tell whether the job has changed.
pub(crate) struct Prepared {
    /// The job.
    pub job: Job,
    /// Its QR codes.
    pub codes: Codes,
    /// Its `sys.inputs`, as JSON; [`to_dict`] turns it into what typst takes.
    pub inputs: serde_json::Value,
    /// Numbers it prints besides the records': a route sheet's exits, and its counts of
    /// copies behind their [`COUNT_SIGN`], from the campaign file like everything else on it.
    pub known: Vec<String>,
}

impl<'a> Shared<'a> {
    /// Encodes the project's codes and fills each language's words.
    pub(crate) fn new(project: &'a Project) -> Result<Self, Error> {
        let words = project
            .languages
            .iter()
            .map(|(lang, content)| (lang.as_str(), words(project, content)))
            .collect();
        Ok(Self {
            project,
            codes: Codes::new(project)?,
            words,
        })
    }

    /// What `job`'s inputs are made from, with each QR code by its payload rather than its
    /// modules: the same recipe makes the same document, and a recipe costs nothing to
    /// make, where encoding a code does.
    pub(crate) fn recipe(&self, job: &Job) -> serde_json::Value {
        let form = tagged_contact_form(self.project, job);
        let payloads = BTreeMap::from([
            ("hotline", self.codes.hotline.payload.as_str()),
            ("text", self.codes.text.payload.as_str()),
            (
                "contact-form",
                form.as_deref()
                    .unwrap_or(self.codes.contact_form.payload.as_str()),
            ),
        ]);
        for_job(self.project, payloads, job, &self.words)
    }

    /// Makes `job`'s codes and inputs.
    pub(crate) fn prepare(&self, job: &Job) -> Result<Prepared, Error> {
        let codes = self.codes.for_job(self.project, job)?;
        let inputs = for_job(self.project, &codes, job, &self.words);
        let known = match (&job.place, job.material) {
            (Some(place), Material::Route) => {
                let stops: Vec<&Location> = self
                    .project
                    .campaigns
                    .iter()
                    .filter(|c| c.id == place.campaign)
                    .flat_map(|c| c.stops_on(place.part))
                    .collect();
                // A count is known only after the "×" the sheet sets it behind: alone,
                // five digits would pass for a short code wherever they were printed.
                let counts = stops
                    .iter()
                    .map(|l| u64::from(l.copies))
                    .chain(totals(&stops).into_iter().map(|t| t.copies))
                    .map(|n| format!("{COUNT_SIGN}{n}"));
                stops
                    .iter()
                    .filter_map(|l| l.exit.map(|e| e.to_string()))
                    .chain(counts)
                    .collect()
            }
            _ => Vec::new(),
        };
        Ok(Prepared {
            job: job.clone(),
            codes,
            inputs,
            known,
        })
    }
}

/// The `sys.inputs` of one job, as JSON; `words` are each language's words as [`words`]
/// makes them.
fn for_job(
    project: &Project,
    codes: impl Serialize,
    job: &Job,
    words: &BTreeMap<&str, serde_json::Value>,
) -> serde_json::Value {
    let Link { url, placeholder } = &project.coalition.website;
    let form = &project.coalition.contact_form;
    let translated = project.coalition.translations.get(&job.lang);
    let coalition = &project.coalition;
    let content = project
        .languages
        .iter()
        .find(|(lang, _)| *lang == job.lang)
        .map(|(_, content)| content);
    let campaign = job.place.as_ref().and_then(|place| {
        project
            .campaigns
            .iter()
            .find(|c| c.id == place.campaign)
            .map(|c| (c, place))
    });
    let location = campaign.and_then(|(c, place)| {
        let id = place.location.as_deref()?;
        c.locations.iter().find(|l| l.id == id)
    });
    let is_route = job.material == Material::Route;
    // A route sheet lists its part's stops; other pieces list none.
    let stops = match campaign {
        Some((c, place)) if is_route => c.stops_on(place.part),
        _ => Vec::new(),
    };
    let inputs = Inputs {
        material: job.material.name(),
        lang: &job.lang,
        measure: false,
        coalition: CoalitionView {
            name: translated.map_or(&coalition.name, |t| &t.name),
            region: translated.map_or(&coalition.region, |t| &t.region),
            mission: translated.map_or(&coalition.mission, |t| &t.mission),
            website: link(url, *placeholder),
            contact_form: link(&form.url, form.placeholder),
            logo: coalition.logo.as_ref().map(|logo| LogoView {
                path: format!("/{}", crate::world::logo_file(logo.format)),
                sha256: crate::manifest::sha256_hex(&logo.bytes),
            }),
        },
        hotline: &project.coalition.hotline,
        contacts: project
            .contacts
            .iter()
            .map(|(id, c)| (id.as_str(), contact_view(c, &job.lang, content)))
            .collect(),
        text: words.get(job.lang.as_str()),
        qr: codes,
        notice: match job.material {
            Material::Notice => project.notice.sections(&[&job.lang]),
            Material::NoticeCombined => project.notice.sections(&project.notice.languages()),
            _ => Vec::new(),
        },
        // A location's piece is made from its campaign's id and tags only, so renaming
        // the campaign rebuilds the route sheets, not every poster.
        campaign: campaign.map(|(c, _)| CampaignView {
            id: &c.id,
            name: is_route.then_some(c.name.as_str()),
            tags: &project.coalition.tags,
        }),
        location: location.map(|l| location_view(l, &job.lang)),
        locations: stops.iter().map(|l| location_view(l, &job.lang)).collect(),
        totals: totals(&stops),
        part: job.place.as_ref().and_then(|p| p.part),
        local: project.local.as_deref(),
        notice_headings: match job.material.is_notice() {
            true => project
                .languages
                .iter()
                .map(|(lang, c)| (lang.as_str(), c.words.notice_heading.as_str()))
                .collect(),
            false => BTreeMap::new(),
        },
        panels: match job.material {
            Material::PosterMultilingual => project
                .languages
                .iter()
                .map(|(lang, content)| PanelView {
                    lang,
                    text: words.get(lang.as_str()),
                    hotline: contact_view(
                        &project.contacts[&project.coalition.hotline],
                        lang,
                        Some(content),
                    ),
                })
                .collect(),
            _ => Vec::new(),
        },
    };
    serde_json::to_value(&inputs).expect("plain data always serializes")
}

fn location_view<'a>(location: &'a Location, lang: &str) -> LocationView<'a> {
    LocationView {
        id: &location.id,
        name: location.name_in(lang),
        town: &location.town,
        kind: location.kind.name(),
        exit: location.exit,
        notes: location.notes.as_deref(),
        bring: location
            .materials
            .iter()
            .map(|m| Bring {
                material: m.name(),
                langs: &location.languages,
                copies: location.copies,
            })
            .collect(),
    }
}

/// The copies to print for `stops`, of each material in each language.
fn totals<'a>(stops: &[&'a Location]) -> Vec<Total<'a>> {
    let mut totals: BTreeMap<(Material, &str), u64> = BTreeMap::new();
    for location in stops {
        for &material in &location.materials {
            for lang in &location.languages {
                *totals.entry((material, lang)).or_default() += u64::from(location.copies);
            }
        }
    }
    totals
        .into_iter()
        .map(|((material, lang), copies)| Total {
            material: material.name(),
            lang,
            copies,
        })
        .collect()
}

/// JSON inputs as a typst dictionary.
pub(crate) fn to_dict(json: &serde_json::Value) -> Dict {
    // Going through JSON's data model keeps this free of a hand-written serializer; every
    // value it produces (string, number, bool, null, array, map) has a typst counterpart.
    match to_typst(json) {
        Value::Dict(dict) => dict,
        _ => unreachable!("a struct serializes to a map"),
    }
}

fn to_typst(value: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    match value {
        J::Null => Value::None,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        J::String(s) => Value::Str(s.as_str().into()),
        J::Array(items) => Value::Array(items.iter().map(to_typst).collect()),
        J::Object(map) => Value::Dict(
            map.iter()
                .map(|(k, v)| (k.as_str().into(), to_typst(v)))
                .collect(),
        ),
    }
}
