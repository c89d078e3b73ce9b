//! The shapes of the data files, exactly as written in TOML.
//!
//! Every struct denies unknown fields so a misspelt key is an error, not a silent default.
//! Values that are checked after parsing keep their span, so the check can point at them.

use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::value::Datetime;

/// `data/coalition.toml`: who the coalition is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CoalitionFile {
    /// The coalition's full name.
    pub name: String,
    /// Where it works, as printed.
    pub region: String,
    /// Short lines saying what it does.
    pub mission: Vec<String>,
    /// The date this edition was approved; also the PDFs' timestamp.
    pub edition: Spanned<Datetime>,
    /// Language codes to print, each with a `data/content/<code>.toml`.
    pub languages: Spanned<Vec<Spanned<String>>>,
    /// A contact whose `verified` date is older than this many days draws a warning.
    #[serde(default = "default_max_age_days")]
    pub max_age_days: u32,
    /// The contact id of the hotline the materials feature.
    #[serde(default = "default_hotline")]
    pub hotline: Spanned<String>,
    /// The coalition's website.
    pub website: LinkFile,
    /// The coalition's contact form.
    pub contact_form: LinkFile,
    /// How the § 52.6 notice is made.
    #[serde(default)]
    pub notice: NoticeFile,
}

/// `[notice]` in `data/coalition.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NoticeFile {
    /// The contact id of the National Human Trafficking Hotline.
    #[serde(default = "default_hotline")]
    pub hotline: Spanned<String>,
    /// The contact id of the California Coalition to Abolish Slavery and Trafficking.
    #[serde(default = "default_cast")]
    pub cast: Spanned<String>,
    /// The county's third language under the federal Voting Rights Act, if it has one.
    pub third_language: Option<Spanned<String>>,
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LinkFile {
    /// The full `https://` address.
    pub url: Spanned<String>,
    /// True while the address is a reserved example domain, not the real one.
    #[serde(default)]
    pub placeholder: bool,
}

/// `data/contacts.toml`: everyone the materials tell people to call.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContactsFile {
    /// One record per contact.
    pub contact: Vec<ContactFile>,
}

/// One contact record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContactFile {
    /// A stable id that content and code refer to, such as `cps`.
    pub id: Spanned<String>,
    /// The name as printed.
    pub name: String,
    /// A shorter name for small materials such as the wallet card.
    pub short_name: Option<String>,
    /// The day someone last checked these numbers.
    pub verified: Spanned<Datetime>,
    /// Numbers to call, most important first.
    #[serde(default)]
    pub phone: Vec<PhoneFile>,
    /// A text short code and keyword.
    pub text: Option<TextFile>,
    /// An `https://` address of an online chat.
    pub chat: Option<Spanned<String>>,
    /// A TTY or relay number.
    pub tty: Option<Spanned<String>>,
}

/// One phone number of a contact.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PhoneFile {
    /// The number in any common form: `(530) 841-4200`, `1-888-373-7888`, `911`.
    pub number: Spanned<String>,
    /// When the number is answered, if the data says.
    pub hours: Option<Hours>,
}

/// When a number is answered. The words for each come from the content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hours {
    /// 24 hours a day, 7 days a week.
    Always,
    /// Business hours.
    Business,
    /// Outside business hours.
    AfterHours,
}

/// A text short code with the keyword to send.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TextFile {
    /// The short code, such as `233733`.
    pub code: Spanned<String>,
    /// The word to send, such as `HELP`.
    pub keyword: String,
}

/// `data/content/<lang>.toml`: the words of every material in one language.
///
/// It is handed to templates as it is, so its field names are the names templates use.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Content {
    /// The language's own name for itself.
    pub language: String,
    /// Whether a fluent speaker has reviewed this text.
    pub reviewed: Spanned<bool>,
    /// Who reviewed it, and when.
    #[serde(default)]
    pub reviewer: String,
    /// The line printed on every material while the text is not reviewed.
    pub unofficial: String,
    /// Contacts' names in this language, by contact id, where they differ from the records'
    /// (a service's own name, such as "911", needs none).
    #[serde(default)]
    pub contact_names: std::collections::BTreeMap<Spanned<String>, ContactName>,
    /// Short words used beside numbers and codes.
    pub words: Words,
    /// Words for each kind of hours.
    pub hours: HoursWords,
    /// What trafficking is.
    pub what_is: Section,
    /// Signs to look for.
    pub signs: ListSection,
    /// The who-to-call decision guide.
    pub guide: Guide,
    /// What to say about the hotline.
    pub hotline: HotlineWords,
    /// Safety advice for bystanders.
    pub safety: Safety,
    /// Further reading.
    pub further_reading: ListSection,
    /// Words only the flyer uses.
    pub flyer: Flyer,
    /// Words only the wallet card uses.
    pub wallet_card: WalletCard,
    /// Words only the poster uses.
    pub poster: Poster,
}

/// Short words used beside numbers and codes.
#[derive(Debug, Deserialize, Serialize)]
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
    pub chat: String,
    /// The label under the hotline's QR code.
    pub scan_call: String,
    /// The label under the contact form's QR code.
    pub scan_form: String,
    /// One line on what the hotline offers.
    pub free_confidential: String,
}

/// A contact's name in one language.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContactName {
    /// The full name.
    pub name: String,
    /// The name where space is short.
    pub short_name: String,
}

/// Words for each kind of [`Hours`].
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HoursWords {
    /// For [`Hours::Always`].
    pub always: String,
    /// For [`Hours::Business`].
    pub business: String,
    /// For [`Hours::AfterHours`].
    pub after_hours: String,
}

/// A title and a paragraph.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Section {
    /// The heading.
    pub title: String,
    /// The paragraph.
    pub body: String,
}

/// A title and a list.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ListSection {
    /// The heading.
    pub title: String,
    /// The items, in order.
    pub items: Vec<String>,
}

/// The who-to-call decision guide.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Guide {
    /// The heading.
    pub title: String,
    /// The heading of the situation column.
    pub situation_heading: String,
    /// The heading of the whom-to-call column.
    pub call_heading: String,
    /// One row per situation.
    pub rows: Vec<GuideRow>,
}

/// One situation and whom to call.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GuideRow {
    /// The situation, in plain words.
    pub situation: String,
    /// Contact ids to call, in order.
    pub call: Vec<Spanned<String>>,
    /// A further line of advice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What to say about the hotline.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HotlineWords {
    /// That the hotline is neither police nor immigration.
    pub not_police: String,
}

/// Safety advice for bystanders.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Safety {
    /// Don't approach; 911 in an emergency.
    pub text: String,
}

/// Words only the flyer uses.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Flyer {
    /// The headline.
    pub headline: String,
    /// The line under it.
    pub subhead: String,
}

/// Words only the wallet card uses.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WalletCard {
    /// The front's headline.
    pub headline: String,
    /// The line under it.
    pub lead: String,
    /// The back's title.
    pub back_title: String,
}

/// Words only the poster uses.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Poster {
    /// The headline, readable across a room.
    pub headline: String,
    /// The line under it.
    pub lead: String,
}
