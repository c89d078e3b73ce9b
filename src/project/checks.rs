//! Checks on loaded data that need more than one value: numbers nobody has verified lately,
//! web addresses that are placeholders or reserved, and the coalition's standing exceptions.

use toml::Spanned;
use toml::value::Datetime;

use super::schema::CoalitionFile;
use super::{DataFile, Loader, address};
use crate::codes::{self, Level};
use crate::error::{Concerns, DataError};

/// Today's date by the system clock, in UTC: `verified` ages are counted from it.
pub(super) fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// A warning if a contact's `verified` date is more than `max_age_days` before `today`.
pub(super) fn stale(
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

/// A public `https://` address, or an error pushed. A reserved host is warned of; so is an
/// address marked `placeholder = true`, when `marked` names what it is.
pub(super) fn https(
    l: &mut Loader,
    file: &DataFile,
    value: &Spanned<String>,
    marked: Option<&str>,
    concerns: Concerns,
) -> Option<String> {
    let url = match address::parse_https(value.get_ref()) {
        Ok(url) => url,
        Err(why) => {
            l.push(file.error("bad-url", value, why));
            return None;
        }
    };
    let warning = match (address::reserved(&url), marked) {
        (Some(why), _) => Some(reserved_warning(file, value, &why)),
        (None, Some(what)) => {
            let message = format!(
                "the {what} address is marked `placeholder = true`: confirm it and remove the mark"
            );
            Some(file.error("placeholder-url", value, message))
        }
        (None, None) => None,
    };
    l.warnings.extend(warning.map(|w| w.concerning(concerns)));
    Some(value.get_ref().clone())
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
