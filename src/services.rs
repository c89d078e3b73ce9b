//! The national services a material may print, each number with its source.
//!
//! Official pages have printed these numbers wrong (the hotline's short code as
//! "233722"), and a contact record is typed by hand: `Service::mismatches` compares a
//! record with the numbers here so that a slip is caught before it is printed. The table
//! is checked against its sources by a person, not by this program: see each `source`.

use std::fmt;

use crate::phone::{Phone, ShortCode};

/// A national service with the numbers it publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// The contact id a project uses for it, such as `national-hotline`.
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The official page that publishes its numbers; check it before a print run.
    pub source: &'static str,
    /// The numbers to call, in standard form. A record's phone must dial one of them.
    pub phones: &'static [&'static str],
    /// Vanity spellings the service itself publishes; each dials one of `phones`.
    pub vanity: &'static [&'static str],
    /// The number that takes text messages, if any.
    pub text: Option<TextService>,
    /// The TTY or relay number, if any.
    pub tty: Option<&'static str>,
}

/// A service's text line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextService {
    /// The short code to text.
    pub code: &'static str,
    /// The keywords that start a conversation; empty means any message does.
    pub(crate) keywords: &'static [&'static str],
}

/// The national services handbill knows, by id.
pub(crate) static SERVICES: &[Service] = &[
    // Also: https://www.acf.hhs.gov/otip/success-story/announcing-24-7-chat-text-national-human-trafficking-hotline
    // (text and chat); DHS Blue Campaign and Truckers Against Trafficking print
    // "Text HELP or INFO to 233733"; 233733 spells BEFREE.
    Service {
        id: "national-hotline",
        name: "National Human Trafficking Hotline",
        source: "https://humantraffickinghotline.org/about-us/what-we-do",
        phones: &["1-888-373-7888"],
        vanity: &[],
        text: Some(TextService {
            code: "233733",
            keywords: &["HELP", "INFO", "BEFREE"],
        }),
        tty: Some("711"),
    },
    // Also: Cal. Civ. Code § 52.6, which prints both forms in the mandatory notice:
    // https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=CIV&sectionNum=52.6
    Service {
        id: "cast",
        name: "California Coalition to Abolish Slavery and Trafficking (CAST)",
        source: "https://www.castla.org/",
        phones: &["1-888-539-2373"],
        vanity: &["1-888-KEY-2-FREEDOM", "1-888-KEY-2-FRE(EDOM)"],
        text: None,
        tty: None,
    },
    // Text to 911 depends on the county's dispatch center, so none is listed here.
    Service {
        id: "emergency",
        name: "Emergency services (911)",
        source: "https://www.911.gov/",
        phones: &["911"],
        vanity: &[],
        text: None,
        tty: None,
    },
    Service {
        id: "988-lifeline",
        name: "988 Suicide & Crisis Lifeline",
        source: "https://988lifeline.org/",
        phones: &["988"],
        vanity: &[],
        text: Some(TextService {
            code: "988",
            keywords: &[],
        }),
        tty: None,
    },
    // Also: https://ovc.ojp.gov/news/grantee-news/national-domestic-violence-hotline-answers-6-million-contacts
    // ("text START to 88788").
    Service {
        id: "ndvh",
        name: "National Domestic Violence Hotline",
        source: "https://www.thehotline.org/",
        phones: &["1-800-799-7233"],
        vanity: &["1-800-799-SAFE"],
        text: Some(TextService {
            code: "88788",
            keywords: &["START"],
        }),
        tty: None,
    },
    Service {
        id: "childhelp",
        name: "Childhelp National Child Abuse Hotline",
        source: "https://childhelphotline.org/",
        phones: &["1-800-422-4453"],
        vanity: &["1-800-4-A-CHILD"],
        text: None,
        tty: None,
    },
];

/// The service with this id, if handbill knows it.
pub fn find(id: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.id == id)
}

/// Which of a contact record's numbers a [`Mismatch`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Channel {
    /// The record's phone at this index.
    Phone(usize),
    /// The record's text short code.
    Text,
    /// The keyword the record says to text.
    Keyword,
    /// The record's TTY number.
    Tty,
}

/// A number or code of a record that differs from the service's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mismatch {
    /// Which number of the record.
    pub channel: Channel,
    /// What the record says.
    pub found: String,
    /// What a person should type instead (`1-888-373-7888`, `233733`,
    /// `HELP or INFO or BEFREE`); when the service has no such channel at all, a phrase
    /// saying so (`none: the service publishes no text number`).
    pub expected: String,
}

impl fmt::Display for Mismatch {
    /// `phone 1 is "1-888-373-7878" but should be 1-888-373-7888`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.channel {
            Channel::Phone(i) => format!("phone {}", i + 1),
            Channel::Text => "the text code".to_string(),
            Channel::Keyword => "the text keyword".to_string(),
            Channel::Tty => "the TTY number".to_string(),
        };
        write!(
            f,
            "{what} is {:?} but should be {}",
            self.found, self.expected
        )
    }
}

/// `expected` for a channel the service does not have.
fn none(what: &str) -> String {
    format!("none: the service publishes no {what}")
}

impl Service {
    /// Every number and code of a record that differs from this service's: each phone
    /// must dial one of the service's phones; the text code and keyword must match; the
    /// TTY must match. A record may print fewer channels than the service has.
    pub(crate) fn mismatches(
        &self,
        phones: &[Phone],
        text: Option<(&ShortCode, &str)>,
        tty: Option<&Phone>,
    ) -> Vec<Mismatch> {
        let mut found = Vec::new();
        let own: Vec<Phone> = parsed(self.phones);
        for (i, phone) in phones.iter().enumerate() {
            if !own.iter().any(|p| p.dials_same(phone)) {
                found.push(Mismatch {
                    channel: Channel::Phone(i),
                    found: phone.to_string(),
                    expected: joined(own.iter().map(Phone::standard)),
                });
            } else if let Some(spelt) = phone.vanity() {
                // The right digits, spelt in words the service does not use, print a
                // name people will remember wrong.
                let letters = |s: &str| -> String {
                    s.chars()
                        .filter(char::is_ascii_alphanumeric)
                        .map(|c| c.to_ascii_uppercase())
                        .collect()
                };
                // A spelling cut short after its last digit (1-888-KEY-2-FREE) still
                // reads as the service's own.
                let ours = letters(spelt);
                if !self.vanity.iter().any(|v| letters(v).starts_with(&ours)) {
                    let expected = if self.vanity.is_empty() {
                        joined(own.iter().map(Phone::standard))
                    } else {
                        joined(self.vanity.iter().map(|v| v.to_string()))
                    };
                    found.push(Mismatch {
                        channel: Channel::Phone(i),
                        found: spelt.to_string(),
                        expected,
                    });
                }
            }
        }
        if let Some((code, keyword)) = text {
            match &self.text {
                None => found.push(Mismatch {
                    channel: Channel::Text,
                    found: code.to_string(),
                    expected: none("text number"),
                }),
                Some(service) => {
                    if code.to_string() != service.code {
                        found.push(Mismatch {
                            channel: Channel::Text,
                            found: code.to_string(),
                            expected: service.code.to_string(),
                        });
                    }
                    // Carriers match keywords without regard to case; spaces around a
                    // keyword are a typing slip, not a different word.
                    let keyword = keyword.trim();
                    let known = service
                        .keywords
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(keyword));
                    if !service.keywords.is_empty() && !known {
                        found.push(Mismatch {
                            channel: Channel::Keyword,
                            found: keyword.to_string(),
                            expected: joined(service.keywords.iter().map(|k| k.to_string())),
                        });
                    }
                }
            }
        }
        if let Some(tty) = tty {
            let own: Vec<Phone> = parsed(self.tty.as_slice());
            if !own.iter().any(|p| p.dials_same(tty)) {
                let expected = match self.tty {
                    Some(_) => joined(own.iter().map(Phone::standard)),
                    None => none("TTY number"),
                };
                found.push(Mismatch {
                    channel: Channel::Tty,
                    found: tty.to_string(),
                    expected,
                });
            }
        }
        found
    }
}

/// The table's numbers, parsed. Every entry parses (a unit test checks it), so none is
/// dropped in practice; were one to fail, its numbers would match nothing and every
/// record would be reported, which is the safe side.
fn parsed(numbers: &[&str]) -> Vec<Phone> {
    numbers.iter().filter_map(|n| n.parse().ok()).collect()
}

/// Alternatives as a person reads them: `HELP or INFO or BEFREE`.
fn joined(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(s: &str) -> Phone {
        s.parse().unwrap()
    }

    fn code(s: &str) -> ShortCode {
        s.parse().unwrap()
    }

    fn hotline() -> &'static Service {
        find("national-hotline").unwrap()
    }

    #[test]
    fn every_table_entry_parses() {
        for service in SERVICES {
            for number in service.phones.iter().chain(service.tty.iter()) {
                assert!(number.parse::<Phone>().is_ok(), "{}: {number}", service.id);
            }
            let own = parsed(service.phones);
            for vanity in service.vanity {
                let checked = service.mismatches(&[phone(vanity)], None, None);
                assert!(checked.is_empty(), "{vanity}: {checked:?}");
                let spelt = phone(vanity);
                assert!(spelt.vanity().is_some(), "{}: {vanity}", service.id);
                assert!(
                    own.iter().any(|p| p.dials_same(&spelt)),
                    "{}: {vanity} dials none of its phones",
                    service.id
                );
            }
            if let Some(text) = &service.text {
                assert!(text.code.parse::<ShortCode>().is_ok(), "{}", service.id);
            }
            assert!(service.source.starts_with("https://"), "{}", service.id);
        }
    }

    #[test]
    fn a_vanity_spelling_the_service_does_not_use_is_a_mismatch() {
        let cast = find("cast").unwrap();
        // The same digits (EDON dials 3366 as EDOM does), other words.
        let wrong = cast.mismatches(&[phone("1-888-KEY-2-FRE(EDON)")], None, None);
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert!(
            wrong[0].expected.contains("1-888-KEY-2-FREEDOM"),
            "{wrong:?}"
        );
        assert!(
            cast.mismatches(&[phone("1-888-539-2373")], None, None)
                .is_empty()
        );
    }

    #[test]
    fn ids_are_unique_and_found() {
        for service in SERVICES {
            assert_eq!(find(service.id), Some(service));
        }
        assert_eq!(find("National-Hotline"), None);
        assert_eq!(find("cps"), None);
    }

    #[test]
    fn the_correct_hotline_record_passes() {
        let mismatches = hotline().mismatches(
            &[phone("1-888-373-7888")],
            Some((&code("233733"), "HELP")),
            Some(&phone("711")),
        );
        assert_eq!(mismatches, []);
        // The memory-aid grouping dials the same digits; keywords ignore case.
        let mismatches = hotline().mismatches(
            &[phone("1-888-3737-888")],
            Some((&code("233733"), "befree")),
            None,
        );
        assert_eq!(mismatches, []);
    }

    #[test]
    fn a_wrong_hotline_phone_is_one_mismatch() {
        let mismatches = hotline().mismatches(&[phone("1-888-373-7878")], None, None);
        assert_eq!(
            mismatches,
            [Mismatch {
                channel: Channel::Phone(0),
                found: "1-888-373-7878".into(),
                expected: "1-888-373-7888".into(),
            }]
        );
    }

    #[test]
    fn a_wrong_text_code_is_one_mismatch() {
        let mismatches = hotline().mismatches(
            &[phone("1-888-373-7888")],
            Some((&code("233773"), "HELP")),
            None,
        );
        assert_eq!(
            mismatches,
            [Mismatch {
                channel: Channel::Text,
                found: "233773".into(),
                expected: "233733".into(),
            }]
        );
    }

    #[test]
    fn a_wrong_keyword_lists_the_right_ones() {
        let mismatches = hotline().mismatches(&[], Some((&code("233733"), "HEPL")), None);
        assert_eq!(mismatches.len(), 1);
        assert_eq!(mismatches[0].channel, Channel::Keyword);
        assert_eq!(mismatches[0].expected, "HELP or INFO or BEFREE");
        // The 988 Lifeline takes any message.
        let lifeline = find("988-lifeline").unwrap();
        assert_eq!(
            lifeline.mismatches(&[phone("988")], Some((&code("988"), "hello")), None),
            []
        );
    }

    #[test]
    fn a_wrong_cast_number_is_one_mismatch() {
        let cast = find("cast").unwrap();
        let mismatches = cast.mismatches(&[phone("1-888-539-2372")], None, None);
        assert_eq!(mismatches.len(), 1);
        assert_eq!(mismatches[0].expected, "1-888-539-2373");
        assert_eq!(
            mismatches[0].to_string(),
            "phone 1 is \"1-888-539-2372\" but should be 1-888-539-2373"
        );
    }

    #[test]
    fn a_vanity_spelling_of_the_right_digits_passes() {
        let cast = find("cast").unwrap();
        for spelt in [
            "1-888-KEY-2-FRE(EDOM)",
            "1-888-KEY-2-FREE",
            "1-888-539-2373",
        ] {
            assert_eq!(cast.mismatches(&[phone(spelt)], None, None), [], "{spelt}");
        }
        // A spelling that dials other digits does not.
        assert_eq!(
            cast.mismatches(&[phone("1-888-KEY-2-FRAME")], None, None)
                .len(),
            1
        );
    }

    #[test]
    fn channels_the_service_lacks_are_reported() {
        let cast = find("cast").unwrap();
        let mismatches = cast.mismatches(&[], Some((&code("233733"), "HELP")), Some(&phone("711")));
        assert_eq!(
            mismatches.iter().map(|m| m.channel).collect::<Vec<_>>(),
            [Channel::Text, Channel::Tty]
        );
        assert_eq!(
            mismatches[0].expected,
            "none: the service publishes no text number"
        );
        assert_eq!(
            mismatches[1].expected,
            "none: the service publishes no TTY number"
        );
        // A wrong TTY on a service that has one names the right one.
        let wrong_tty = hotline().mismatches(&[], None, Some(&phone("911")));
        assert_eq!(wrong_tty[0].expected, "711");
    }
}
