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
use crate::plan::{Job, Material};
use crate::project::{Contact, Content, Hours, Link, Project};
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
    pub contact_form: QrCode,
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
        let (phone, _) = &hotline.phones[0];
        let (code, keyword) = hotline
            .text
            .as_ref()
            .expect("load checks the hotline has a text code");
        let encode = |file: &str, payload: String| {
            // A scanned code opens whatever it says: only calls, texts and secure pages.
            let scheme_ok = ["https://", "tel:", "SMSTO:"]
                .iter()
                .any(|s| payload.starts_with(s));
            if !scheme_ok {
                let message =
                    format!("{payload:?}: a QR code may only carry https://, tel: or SMSTO:");
                return Err(DataError::whole(file, message));
            }
            QrCode::encode(&payload).map_err(|e| DataError::whole(file, e.to_string()))
        };
        Ok(Self {
            hotline_printed: phone.to_string(),
            text_printed: code.to_string(),
            hotline: encode("data/contacts.toml", phone.tel_uri())?,
            text: encode("data/contacts.toml", code.smsto_uri(keyword))?,
            contact_form: encode(
                "data/coalition.toml",
                project.coalition.contact_form.url.clone(),
            )?,
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

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Inputs<'a> {
    material: &'a str,
    lang: &'a str,
    coalition: CoalitionView<'a>,
    hotline: &'a str,
    contacts: BTreeMap<&'a str, ContactView<'a>>,
    /// The words of the job's language; none for the notice, whose words are the statute's.
    text: Option<&'a Content>,
    qr: &'a Codes,
    /// The notice's sections, one per language, for the notice materials.
    notice: Vec<Section>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct CoalitionView<'a> {
    name: &'a str,
    region: &'a str,
    mission: &'a [String],
    website: LinkView<'a>,
    contact_form: LinkView<'a>,
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
    name: &'a str,
    short_name: &'a str,
    phones: Vec<PhoneView>,
    text: Option<TextView<'a>>,
    chat: Option<LinkView<'a>>,
    tty: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct PhoneView {
    display: String,
    tel: String,
    hours: Option<Hours>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct TextView<'a> {
    code: String,
    keyword: &'a str,
}

fn link(url: &str, placeholder: bool) -> LinkView<'_> {
    let display = url.trim_start_matches("https://").trim_end_matches('/');
    LinkView {
        url,
        display,
        placeholder,
    }
}

fn phone_view((phone, hours): &(Phone, Option<Hours>)) -> PhoneView {
    PhoneView {
        display: phone.to_string(),
        tel: phone.tel_uri(),
        hours: *hours,
    }
}

fn contact_view(contact: &Contact) -> ContactView<'_> {
    ContactView {
        name: &contact.name,
        short_name: &contact.short_name,
        phones: contact.phones.iter().map(phone_view).collect(),
        text: contact.text.as_ref().map(|(code, keyword)| TextView {
            code: code.to_string(),
            keyword,
        }),
        chat: contact.chat.as_deref().map(|url| link(url, false)),
        tty: contact.tty.as_ref().map(Phone::to_string),
    }
}

/// The `sys.inputs` of one job.
pub fn for_job(project: &Project, codes: &Codes, job: &Job, content: Option<&Content>) -> Dict {
    let Link { url, placeholder } = &project.coalition.website;
    let form = &project.coalition.contact_form;
    let inputs = Inputs {
        material: job.material.name(),
        lang: &job.lang,
        coalition: CoalitionView {
            name: &project.coalition.name,
            region: &project.coalition.region,
            mission: &project.coalition.mission,
            website: link(url, *placeholder),
            contact_form: link(&form.url, form.placeholder),
        },
        hotline: &project.coalition.hotline,
        contacts: project
            .contacts
            .iter()
            .map(|(id, c)| (id.as_str(), contact_view(c)))
            .collect(),
        text: content,
        qr: codes,
        notice: match job.material {
            Material::Notice => project.notice.sections(&[&job.lang]),
            Material::NoticeCombined => project.notice.sections(&project.notice.languages()),
            _ => Vec::new(),
        },
    };
    // Going through JSON's data model keeps this free of a hand-written serializer; every
    // value it produces (string, number, bool, null, array, map) has a typst counterpart.
    let json = serde_json::to_value(&inputs).expect("plain data always serializes");
    match to_typst(json) {
        Value::Dict(dict) => dict,
        _ => unreachable!("a struct serializes to a map"),
    }
}

fn to_typst(value: serde_json::Value) -> Value {
    use serde_json::Value as J;
    match value {
        J::Null => Value::None,
        J::Bool(b) => Value::Bool(b),
        J::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        J::String(s) => Value::Str(s.into()),
        J::Array(items) => Value::Array(items.into_iter().map(to_typst).collect()),
        J::Object(map) => Value::Dict(
            map.into_iter()
                .map(|(k, v)| (k.into(), to_typst(v)))
                .collect(),
        ),
    }
}
