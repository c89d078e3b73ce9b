//! Checks that warn rather than stop a build (unless it is strict): numbers nobody has
//! verified lately, and web addresses that are placeholders or reserved.

use std::net::IpAddr;

use toml::Spanned;
use toml::value::Datetime;

use super::DataFile;
use super::schema::CoalitionFile;
use crate::error::DataError;

/// Today's date by the system clock, in UTC.
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
        return Some(file.error(verified, message));
    }
    (age > i64::from(max_age_days)).then(|| {
        file.error(
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

/// The coalition's own addresses: placeholders and reserved domains.
pub fn addresses(file: &DataFile, raw: &CoalitionFile, warnings: &mut Vec<DataError>) {
    for (what, link) in [
        ("website", &raw.website),
        ("contact form", &raw.contact_form),
    ] {
        if let Some(why) = reserved(link.url.get_ref()) {
            let message = format!(
                "the {what} address is a placeholder ({why}): set the real address before printing"
            );
            warnings.push(file.error(&link.url, message));
        } else if link.placeholder {
            let message = format!(
                "the {what} address is marked `placeholder = true`: confirm it and remove the mark"
            );
            warnings.push(file.error(&link.url, message));
        }
    }
}

/// A warning if a contact's chat address is on a reserved domain.
pub fn chat(file: &DataFile, url: &Spanned<String>) -> Option<DataError> {
    let why = reserved(url.get_ref())?;
    Some(file.error(url, format!("the chat address is a placeholder ({why})")))
}

/// Why an address's host is not a real public one, if it is not.
fn reserved(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<IpAddr>().is_ok() {
        return Some(format!("{host} is an IP address, not a domain"));
    }
    let reserved_names = ["example.com", "example.net", "example.org", "localhost"];
    let reserved_tlds = ["test", "example", "invalid", "localhost"];
    let tld = host.rsplit('.').next().unwrap_or_default();
    let named = reserved_names
        .iter()
        .find(|r| host == **r || host.ends_with(&format!(".{r}")));
    if let Some(name) = named {
        Some(format!("{name} is reserved"))
    } else if reserved_tlds.contains(&tld) {
        Some(format!(".{tld} is reserved"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_hosts_are_recognised() {
        for url in [
            "https://siskiyou-coalition.example.org/contact",
            "https://example.com",
            "https://shop.test/x",
            "https://a.invalid",
            "https://localhost:8080/",
            "https://192.168.1.4/form",
            "https://[::1]/form",
            "https://user@EXAMPLE.NET./",
        ] {
            assert!(reserved(url).is_some(), "{url}");
        }
        for url in [
            "https://humantraffickinghotline.org/chat",
            "https://notexample.org/",
            "https://example.org.ca/",
        ] {
            assert_eq!(reserved(url), None, "{url}");
        }
    }
}
