//! Checks on loaded data that need more than one value: numbers nobody has verified lately,
//! web addresses that are placeholders or reserved, and the coalition's standing exceptions.

use toml::Spanned;
use toml::value::Datetime;

use super::schema::CoalitionFile;
use super::{DataFile, Loader, address};
use crate::codes::{self, Level};
use crate::error::{Concerns, DataError};
use crate::plan::Material;

/// Today's date by the system clock, in UTC: `verified` ages are counted from it.
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// A warning if a contact's `verified` date is more than `max_age_days` before `today`.
pub fn stale(
    file: &DataFile,
    id: &str,
    verified: &Spanned<Datetime>,
    max_age_days: u32,
    today: time::Date,
) -> Option<DataError> {
    let age = (today - date(verified)?).whole_days();
    if age < 0 {
        let message = format!("{id:?} is verified on a day still to come: a typo?");
        return Some(file.error("future-verified", verified, message));
    }
    (age > i64::from(max_age_days)).then(|| {
        file.error(
            "stale-verified",
            verified,
            format!(
                "{id:?} was last verified {age} days ago (more than {max_age_days}): call its numbers and update the date"
            ),
        )
    })
}

fn date(value: &Spanned<Datetime>) -> Option<time::Date> {
    let d = value.get_ref().date?;
    let month = time::Month::try_from(d.month).ok()?;
    time::Date::from_calendar_date(i32::from(d.year), month, d.day).ok()
}

/// A public `https://` address, or an error pushed; a warning for a reserved host.
pub(super) fn https(
    l: &mut Loader,
    file: &DataFile,
    value: &Spanned<String>,
    concerns: Concerns,
) -> Option<String> {
    match address::parse_https(value.get_ref()) {
        Ok(url) => {
            if let Some(why) = address::reserved(&url) {
                let warning = reserved_warning(file, value, &why);
                l.warnings.push(warning.concerning(concerns));
            }
            Some(value.get_ref().clone())
        }
        Err(why) => {
            l.push(file.error("bad-url", value, why));
            None
        }
    }
}

fn reserved_warning(file: &DataFile, value: &Spanned<String>, why: &str) -> DataError {
    let code = if why.contains("IP address") {
        "ip-address-url"
    } else {
        "placeholder-url"
    };
    let message = format!(
        "{} is a placeholder ({why}): set the real address before printing",
        value.get_ref()
    );
    file.error(code, value, message)
}

/// The coalition's own addresses: marked placeholders. (Reserved hosts are warned of as
/// each address is parsed.)
pub(super) fn addresses(l: &mut Loader, file: &DataFile, raw: &CoalitionFile) {
    for (what, link) in [
        ("website", &raw.website),
        ("contact form", &raw.contact_form),
    ] {
        let reserved = address::parse_https(link.url.get_ref())
            .ok()
            .and_then(|url| address::reserved(&url));
        if link.placeholder && reserved.is_none() {
            let message = format!(
                "the {what} address is marked `placeholder = true`: confirm it and remove the mark"
            );
            let warning = file.error("placeholder-url", &link.url, message);
            // The website is printed on the flyer; the contact form is in its QR code.
            l.warnings
                .push(warning.concerning(Concerns::Materials(vec![Material::Flyer])));
        }
    }
}

/// The coalition's standing exceptions, `[checks] allow`: each must name a warning.
pub(super) fn allowed(
    l: &mut Loader,
    file: &DataFile,
    raw: &CoalitionFile,
) -> Vec<(String, String)> {
    let mut allowed = Vec::new();
    for allow in &raw.checks.allow {
        let name = allow.code.get_ref();
        match codes::find(name) {
            Some(code) if code.level == Level::Warning => {}
            Some(_) => {
                let message = format!("{name:?} is an error, and errors cannot be allowed");
                l.push(file.error("bad-value", &allow.code, message));
            }
            None => {
                let message = format!("no warning has the code {name:?}");
                l.push(file.error("bad-value", &allow.code, message));
            }
        }
        if allow.reason.get_ref().trim().is_empty() {
            let message = "say why this warning is accepted";
            l.push(file.error("bad-value", &allow.reason, message));
        }
        allowed.push((name.clone(), allow.reason.get_ref().clone()));
    }
    allowed
}
