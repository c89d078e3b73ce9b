//! The shapes of the data files, exactly as written in TOML.
//!
//! Every struct denies unknown fields so a misspelt key is an error, not a silent default.
//! Values that are checked after parsing keep their span, so the check can point at them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::value::Datetime;

use super::campaign::Kind;
use crate::plan::Material;

/// `data/coalition.toml`: who the coalition is.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct CoalitionFile {
    /// The coalition's full name.
    pub name: String,
    /// Where it works, as printed.
    pub region: String,
    /// Short lines saying what it does.
    pub mission: Vec<String>,
    /// The date this edition was approved; also the PDFs' timestamp.
    #[schemars(schema_with = "date_schema")]
    pub edition: Spanned<Datetime>,
    /// Language codes to print, each with a `data/content/<code>.toml`.
    #[schemars(with = "Vec<String>")]
    pub languages: Spanned<Vec<Spanned<String>>>,
    /// A contact whose `verified` date is older than this many days draws a warning.
    #[serde(default = "default_max_age_days")]
    pub(crate) max_age_days: u32,
    /// The contact id of the hotline the materials feature.
    #[serde(default = "default_hotline")]
    #[schemars(with = "String")]
    pub hotline: Spanned<String>,
    /// The coalition's website.
    pub website: LinkFile,
    /// The coalition's contact form.
    pub(crate) contact_form: LinkFile,
    /// The coalition's logo: an SVG, PNG or JPEG file, by its path in the project.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub logo: Option<Spanned<String>>,
    /// How the § 52.6 notice is made.
    #[serde(default)]
    pub notice: NoticeFile,
    /// The coalition's name, region and mission in the other languages it prints, by
    /// language code. The top-level ones are in the first language listed.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, CoalitionWords>")]
    pub translations: BTreeMap<Spanned<String>, CoalitionWords>,
    /// Standing exceptions to the checks.
    #[serde(default)]
    pub checks: ChecksFile,
    /// How campaigns tag the addresses their codes carry.
    #[serde(default)]
    pub campaigns: CampaignsFile,
}

/// `[campaigns]` in `data/coalition.toml`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct CampaignsFile {
    /// The names of the query parameters a campaign's contact-form code carries.
    #[serde(default)]
    pub tags: TagsFile,
}

/// The query parameter names of a campaign's tags, as written; each defaults to its
/// `utm_` name, which most web analytics read without setup.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct TagsFile {
    /// The parameter carrying the location's id.
    #[serde(default = "default_source")]
    #[schemars(with = "String")]
    pub source: Spanned<String>,
    /// The parameter carrying the material's name.
    #[serde(default = "default_medium")]
    #[schemars(with = "String")]
    pub medium: Spanned<String>,
    /// The parameter carrying the campaign's id.
    #[serde(default = "default_campaign")]
    #[schemars(with = "String")]
    pub campaign: Spanned<String>,
}

impl Default for TagsFile {
    fn default() -> Self {
        Self {
            source: default_source(),
            medium: default_medium(),
            campaign: default_campaign(),
        }
    }
}

// Defaults have empty spans: they are written nowhere in the file.
fn default_source() -> Spanned<String> {
    Spanned::new(0..0, "utm_source".to_string())
}

fn default_medium() -> Spanned<String> {
    Spanned::new(0..0, "utm_medium".to_string())
}

fn default_campaign() -> Spanned<String> {
    Spanned::new(0..0, "utm_campaign".to_string())
}

/// `data/campaigns/<id>.toml`: where one campaign posts what.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct CampaignFile {
    /// What the campaign is and what it prints.
    pub campaign: CampaignHeaderFile,
    /// The places it posts at; an empty list is reported, not refused by serde, to say why.
    #[serde(default)]
    pub location: Vec<LocationFile>,
}

/// `[campaign]` of a campaign file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct CampaignHeaderFile {
    /// The campaign's name, as printed.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The materials each location gets, by name.
    #[schemars(with = "Vec<String>")]
    pub materials: Spanned<Vec<Spanned<String>>>,
    /// The languages each location gets, by code.
    #[schemars(with = "Vec<String>")]
    pub languages: Spanned<Vec<Spanned<String>>>,
}

/// One `[[location]]` of a campaign file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct LocationFile {
    /// A slug, unique in the campaign: the tag its codes carry.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The place's name, as printed.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The name in other languages, by code.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub names: BTreeMap<Spanned<String>, String>,
    /// The town it is in.
    #[schemars(with = "String")]
    pub town: Spanned<String>,
    /// What kind of place it is.
    pub kind: Kind,
    /// The freeway exit number, if it is at one.
    #[schemars(with = "Option<u32>")]
    pub exit: Option<Spanned<u32>>,
    /// A note for whoever posts there.
    pub notes: Option<String>,
    /// How many copies of each piece; one when not given.
    #[schemars(with = "Option<u32>")]
    pub copies: Option<Spanned<u32>>,
    /// Materials in place of the campaign's.
    #[schemars(with = "Option<Vec<String>>")]
    pub materials: Option<Spanned<Vec<Spanned<String>>>>,
    /// Languages in place of the campaign's.
    #[schemars(with = "Option<Vec<String>>")]
    pub languages: Option<Spanned<Vec<Spanned<String>>>>,
}

/// The coalition's words in one language.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CoalitionWords {
    /// The coalition's name.
    pub name: String,
    /// Where it works.
    pub region: String,
    /// Short lines on what it does.
    pub mission: Vec<String>,
}

/// `[checks]` in `data/coalition.toml`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ChecksFile {
    /// Warnings this project accepts, each with the reason it is accepted.
    #[serde(default)]
    pub allow: Vec<AllowFile>,
}

/// One standing exception: a warning code, and why the coalition accepts it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct AllowFile {
    /// The warning's code, such as `placeholder-url`.
    #[schemars(with = "String")]
    pub code: Spanned<String>,
    /// Why it is accepted; shown in the report.
    #[schemars(with = "String")]
    pub reason: Spanned<String>,
}

/// `data/guide.toml`: the structure of the who-to-call guide, shared by every language.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct GuideFile {
    /// The local line the pocket card prints on its back, by contact id: the one place
    /// near the reader to call.
    #[schemars(with = "Option<String>")]
    pub local: Option<Spanned<String>>,
    /// The rows, in printed order.
    pub row: Vec<GuideRowFile>,
}

/// One row of the guide: a situation (its words are in each content file) and whom to call.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct GuideRowFile {
    /// The row's id, which content files key its words by.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Contact ids to call, in order.
    #[schemars(with = "Vec<String>")]
    pub call: Vec<Spanned<String>>,
    /// Whether the row carries a further line of advice (its words per language).
    #[serde(default)]
    pub note: bool,
}

/// `[notice]` in `data/coalition.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct NoticeFile {
    /// The contact id of the National Human Trafficking Hotline.
    #[serde(default = "default_hotline")]
    #[schemars(with = "String")]
    pub hotline: Spanned<String>,
    /// The contact id of the California Coalition to Abolish Slavery and Trafficking.
    #[serde(default = "default_cast")]
    #[schemars(with = "String")]
    pub cast: Spanned<String>,
    /// The county's third language under the federal Voting Rights Act, if it has one.
    #[schemars(with = "Option<String>")]
    pub(crate) third_language: Option<Spanned<String>>,
}

impl Default for NoticeFile {
    fn default() -> Self {
        Self {
            hotline: default_hotline(),
            cast: default_cast(),
            third_language: None,
        }
    }
}

fn default_cast() -> Spanned<String> {
    Spanned::new(0..0, "cast".to_string())
}

fn default_max_age_days() -> u32 {
    180
}

fn default_hotline() -> Spanned<String> {
    Spanned::new(0..0, "national-hotline".to_string())
}

/// A web address, flagged when it is a stand-in for a real one.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct LinkFile {
    /// The full `https://` address. The flyer prints the website's: digits in it must not read as a phone number.
    #[schemars(with = "String")]
    pub url: Spanned<String>,
    /// True while the address is a reserved example domain, not the real one.
    #[serde(default)]
    pub placeholder: bool,
}

/// `data/contacts.toml`: everyone the materials tell people to call.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ContactsFile {
    /// One record per contact.
    pub contact: Vec<ContactFile>,
}

/// One contact record.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ContactFile {
    /// A stable id that content and code refer to, such as `cps`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The national service this record is, whose numbers handbill knows and checks it
    /// against: `national-hotline`, `cast`, `emergency`, `988-lifeline`, `ndvh` or
    /// `childhelp` (see `src/services.rs`).
    #[schemars(with = "Option<String>")]
    pub service: Option<Spanned<String>>,
    /// Why this record's numbers are not checked against its service's (a warning on every
    /// run).
    #[schemars(with = "Option<String>")]
    pub unchecked: Option<Spanned<String>>,
    /// The name as printed.
    pub name: String,
    /// A shorter name for small materials such as the driver card.
    pub(crate) short_name: Option<String>,
    /// The names in other languages, by language code, where they differ.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, ContactName>")]
    pub names: BTreeMap<Spanned<String>, ContactName>,
    /// The day someone last checked these numbers.
    #[schemars(schema_with = "date_schema")]
    pub verified: Spanned<Datetime>,
    /// Numbers to call, most important first.
    #[serde(default)]
    pub phone: Vec<PhoneFile>,
    /// A text short code and keyword.
    pub text: Option<TextFile>,
    /// An online chat.
    pub(crate) chat: Option<ChatFile>,
    /// A TTY or relay number.
    #[schemars(with = "Option<String>")]
    pub tty: Option<Spanned<String>>,
}

/// One phone number of a contact.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct PhoneFile {
    /// The number in any common form: `(530) 841-4200`, `1-888-373-7888`, `911`.
    #[schemars(with = "String")]
    pub number: Spanned<String>,
    /// When the number is answered, if the data says: `always`, `business`, `after-hours`,
    /// or any key defined under `[hours]` in every content file.
    #[schemars(with = "Option<String>")]
    pub hours: Option<Spanned<String>>,
    /// The languages answered directly, by code; every language when not given.
    #[schemars(with = "Option<Vec<String>>")]
    pub languages: Option<Spanned<Vec<Spanned<String>>>>,
    /// Whether other languages are served through interpreters.
    #[serde(default)]
    pub(crate) interpreters: bool,
}

/// A text short code with the keyword to send.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct TextFile {
    /// The short code, such as `233733`.
    #[schemars(with = "String")]
    pub code: Spanned<String>,
    /// The word to send, such as `HELP`.
    #[schemars(with = "String")]
    pub keyword: Spanned<String>,
    /// The languages texts are answered in.
    #[schemars(with = "Vec<String>")]
    pub languages: Spanned<Vec<Spanned<String>>>,
}

/// An online chat.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ChatFile {
    /// Its `https://` address.
    #[schemars(with = "String")]
    pub url: Spanned<String>,
    /// The languages it is answered in.
    #[schemars(with = "Vec<String>")]
    pub languages: Spanned<Vec<Spanned<String>>>,
}

/// `data/content/<lang>.toml`: the words of every material in one language.
///
/// It is handed to templates as it is, so its field names are the names templates use.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Content {
    /// The language's own name for itself.
    pub language: String,
    /// Whether a fluent speaker has reviewed this text.
    #[schemars(with = "bool")]
    pub reviewed: Spanned<bool>,
    /// Who reviewed it, and when.
    #[serde(default)]
    pub(crate) reviewer: String,
    /// The line printed on every material while the text is not reviewed.
    pub unofficial: String,
    /// Other languages' names in this language, by code, for saying which languages a
    /// channel serves ("Text HELP to 233733 (English or Spanish)").
    #[serde(default)]
    pub(crate) language_names: BTreeMap<String, String>,
    /// Short words used beside numbers and codes.
    pub words: Words,
    /// Words for each hours key a contact may name (`always`, `business`, `tue-thu`, ...).
    pub hours: BTreeMap<String, String>,
    /// What trafficking is.
    pub(crate) what_is: Section,
    /// Signs to look for.
    pub signs: ListSection,
    /// The who-to-call decision guide.
    pub guide: Guide,
    /// What to say about the hotline.
    pub hotline: HotlineWords,
    /// Safety advice for bystanders.
    pub safety: Safety,
    /// Further reading.
    pub(crate) further_reading: ListSection,
    /// Words only the flyer uses (for bystanders).
    pub flyer: Flyer,
    /// Words only the driver card uses (for bystanders).
    pub(crate) driver_card: DriverCard,
    /// Words only the tear-off sheet uses (for bystanders).
    pub(crate) tear_off: TearOff,
    /// Words only the pocket card uses (for someone who may need help).
    pub(crate) pocket_card: PocketCard,
    /// Words of the posters, in every size (for someone who may need help).
    pub poster: Poster,
    /// Words only the restroom sticker uses (for someone who may need help).
    pub(crate) restroom_sticker: RestroomSticker,
    /// Words of a campaign's route sheet and the campaign line on its pieces.
    pub route: RouteWords,
}

/// Short words used beside numbers and codes.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Words {
    /// "Call".
    pub call: String,
    /// "Text".
    pub text: String,
    /// "to", as in "Text HELP to 233733".
    pub to: String,
    /// "or".
    pub or: String,
    /// "TTY".
    pub tty: String,
    /// "Chat online".
    pub(crate) chat: String,
    /// The label under the hotline's QR code.
    pub(crate) scan_call: String,
    /// The label under the contact form's QR code.
    pub(crate) scan_form: String,
    /// One line on what the hotline offers.
    pub(crate) free_confidential: String,
    /// Beside a number answered in this language only through an interpreter: "ask for a
    /// Hmong interpreter".
    pub(crate) ask_interpreter: String,
    /// The short heading over the § 52.6 notice's text in this language; the statute's
    /// words under it are unchanged.
    pub(crate) notice_heading: String,
    /// What a screen reader says of a code that dials, before the number: "QR code: call".
    pub(crate) qr_call: String,
    /// What a screen reader says of the contact form's code, before its address.
    pub(crate) qr_form: String,
}

/// A contact's name in one language.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ContactName {
    /// The full name.
    pub name: String,
    /// The name where space is short; the full name when not given.
    pub(crate) short_name: Option<String>,
}

/// A title and a paragraph.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Section {
    /// The heading.
    pub title: String,
    /// The paragraph.
    pub body: String,
}

/// A title and a list.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ListSection {
    /// The heading.
    pub title: String,
    /// The items, in order.
    pub items: Vec<String>,
}

/// The who-to-call decision guide.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Guide {
    /// The heading.
    pub title: String,
    /// The heading of the situation column.
    pub(crate) situation_heading: String,
    /// The heading of the whom-to-call column.
    pub(crate) call_heading: String,
    /// The words of each row of `data/guide.toml`, by row id.
    #[schemars(with = "BTreeMap<String, RowWords>")]
    pub rows: BTreeMap<Spanned<String>, RowWords>,
}

/// The words of one guide row.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RowWords {
    /// The situation, in plain words.
    pub situation: String,
    /// The further line of advice, for a row that has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What to say about the hotline.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HotlineWords {
    /// That the hotline is neither police nor immigration.
    pub(crate) not_police: String,
}

/// Safety advice for bystanders.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Safety {
    /// Don't approach; 911 in an emergency.
    pub text: String,
}

/// Words only the flyer uses.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Flyer {
    /// The headline.
    pub headline: String,
    /// The line under it.
    pub subhead: String,
}

/// Words only the driver card uses: what a driver may see at a truck stop, what to
/// note, and whom to call.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DriverCard {
    /// The front's title.
    pub title: String,
    /// The heading of what to notice.
    pub(crate) notice_title: String,
    /// What to notice, a few short lines.
    pub notice: Vec<String>,
    /// The heading of what to note.
    pub(crate) note_title: String,
    /// What to note: descriptions, vehicle, plate, time, place.
    pub note: String,
    /// The heading of whom to call.
    pub(crate) call_title: String,
    /// When a crime is happening now: the emergency number.
    pub emergency: String,
    /// Then: the hotline.
    pub then: String,
    /// Tell the manager on duty.
    pub(crate) manager: String,
    /// Do not approach.
    pub(crate) dont_approach: String,
}

/// Words only the tear-off sheet uses.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TearOff {
    /// The message's headline.
    pub headline: String,
    /// The line under it.
    pub lead: String,
    /// The line above the tabs: take one.
    pub(crate) take_one: String,
}

/// Words only the restroom sticker uses: read by someone alone in a stall.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RestroomSticker {
    /// Its short line.
    pub line: String,
}

/// Words only the pocket card uses: it is carried by someone who may be searched, so it
/// names neither trafficking nor the hotline.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PocketCard {
    /// The front's one neutral line.
    pub line: String,
    /// The label under the back's code.
    pub scan: String,
    /// The words before the local line on the back.
    pub local: String,
    /// Words that must never be on the card, in this language: every word for
    /// trafficking. handbill reads the laid-out card for each of them, in every language.
    pub never: Vec<String>,
}

/// Words only the poster uses.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Poster {
    /// The headline, readable across a room.
    pub headline: String,
    /// The line under it.
    pub lead: String,
}

/// Words of a campaign's route sheet.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RouteWords {
    /// The sheet's title.
    pub title: String,
    /// What to do with the sheet.
    pub intro: String,
    /// The heading of the place column.
    pub place: String,
    /// The heading of the kind column.
    pub kind: String,
    /// The heading of the town column.
    pub town: String,
    /// The heading of the exit column.
    pub exit: String,
    /// The heading of the column of what to bring.
    pub(crate) bring: String,
    /// The heading of the column of each place's tag.
    pub tag: String,
    /// The heading of the column for the day it was posted.
    pub(crate) posted: String,
    /// The heading of the notes column.
    pub notes: String,
    /// The label of the count of pieces to print.
    pub(crate) total: String,
    /// "Part" in "Part 2 of 5", a long campaign's sheet number; English when not given,
    /// so a content file written before campaigns came in parts still loads.
    #[serde(default = "default_part")]
    pub part: String,
    /// "of" in "Part 2 of 5": a word, so the two numbers do not read as one; English when
    /// not given.
    #[serde(default = "default_of")]
    pub of: String,
    /// The name of every kind of place.
    pub kinds: KindWords,
    /// The name of every material a campaign may print.
    pub materials: MaterialWords,
}

impl RouteWords {
    /// The name of `kind`.
    pub fn kind(&self, kind: Kind) -> &str {
        let k = &self.kinds;
        // A match, not a map: a new kind cannot be added without its words.
        match kind {
            Kind::TruckStop => &k.truck_stop,
            Kind::RestArea => &k.rest_area,
            Kind::Motel => &k.motel,
            Kind::BusStation => &k.bus_station,
            Kind::Clinic => &k.clinic,
            Kind::Other => &k.other,
        }
    }

    /// The name of `material`; `None` for one no campaign prints.
    pub fn material(&self, material: Material) -> Option<&str> {
        let m = &self.materials;
        match material {
            Material::Flyer => Some(&m.flyer),
            Material::Poster => Some(&m.poster),
            Material::PosterLetter => Some(&m.poster_letter),
            // A test holds every material a campaign may print to a name above.
            _ => None,
        }
    }
}

/// The name of each kind of place, keyed as [`Kind::name`] spells it.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KindWords {
    /// "Truck stop".
    pub(crate) truck_stop: String,
    /// "Rest area".
    pub(crate) rest_area: String,
    /// "Motel".
    pub motel: String,
    /// "Bus station".
    pub(crate) bus_station: String,
    /// "Clinic".
    pub clinic: String,
    /// "Other".
    pub other: String,
}

/// The name of each material a campaign may print, keyed as [`Material::name`] spells it.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MaterialWords {
    /// "Flyer".
    pub flyer: String,
    /// "Poster".
    pub poster: String,
    /// "Letter poster".
    pub(crate) poster_letter: String,
}

/// A TOML date, as JSON Schema sees one: a string in the form `2026-12-01`.
fn date_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "format": "date" })
}

fn default_part() -> String {
    "Part".into()
}

fn default_of() -> String {
    "of".into()
}
