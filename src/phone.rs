//! Phone numbers and short codes: parsed once, then printed and dialled from the same value.

use std::fmt;
use std::str::FromStr;

/// A number a person can call: a North American number or a short service number (911,
/// 711), with the vanity spelling it was written in, if any (`1-888-KEY-2-FRE(EDOM)`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Phone {
    number: Number,
    vanity: Option<String>,
}

/// The digits a phone dials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Number {
    /// A ten-digit North American Numbering Plan number, without the country code.
    Nanp([u8; 10]),
    /// A three-digit service code such as 911 or 711, dialled as it is.
    Service([u8; 3]),
}

/// A number for text messages only, such as the hotline's 233733. It never takes `+1`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShortCode(String);

/// Why a string is not a phone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// A character that has no place in a phone number.
    #[error("unexpected character {0:?} in a phone number")]
    BadChar(char),
    /// The digits do not make a number of a known shape.
    #[error(
        "{0} digits: expected a 10-digit number such as (530) 841-4200, 1-888-373-7888, or a 3-digit service number such as 911"
    )]
    Length(usize),
    /// Three digits that are no service number.
    #[error(
        "{0} is not a service or relay number (those are 211, 311, … 911 and 988); a phone number has 10 digits, such as (530) 841-4200"
    )]
    NotService(String),
    /// The area code or exchange starts with 0 or 1, which no real number does.
    #[error("{0} cannot start with 0 or 1")]
    Invalid(&'static str),
    /// The area code or exchange is an N11 service code (211 … 911), which no real
    /// ten-digit number has there. Holds the part and its digits: "the exchange 911".
    #[error(
        "{0} is an N11 code: 211, 311, … 911 are service numbers and never the area code or exchange of a real number; check the number at its source"
    )]
    N11(String),
    /// A 555-0100 to 555-0199 number, which the numbering plan keeps for films and books.
    #[error(
        "555-0100 to 555-0199 numbers are reserved for fiction and can never be real: check the number at its source"
    )]
    Fictional,
    /// An extension after the number, which a caller cannot dial from a printed page
    /// or a QR code reliably.
    #[error("extensions are not supported: give a number that reaches the person directly")]
    Extension,
    /// A single letter among digits, most likely a typo.
    #[error("the letter {0:?} stands alone among digits: a typo? (vanity numbers spell words)")]
    LoneLetter(char),
    /// A word of letters that all look like digits.
    #[error("{0:?} looks like digits but is letters: type the digits")]
    LookAlike(String),
    /// A group that mixes digits with a letter that looks like a digit (O, I, L, …).
    #[error(
        "the letter {letter:?} in {group:?} looks like a digit but dials {dials}: type the digit you mean"
    )]
    MixedLookAlike {
        /// The group between separators, such as "78O8".
        group: String,
        /// The first look-alike letter in it.
        letter: char,
        /// The keypad digit the letter actually dials.
        dials: u8,
    },
    /// Letters in a number that is not toll-free.
    #[error("letters are only accepted in toll-free vanity numbers such as 1-888-KEY-2-FREE")]
    LocalVanity,
    /// A short code must be 5 or 6 digits (or 988).
    #[error("a text short code has 5 or 6 digits and nothing else, such as 233733 (or is 988)")]
    ShortCode,
}

/// Characters that separate the groups of a written number.
const SEPARATORS: [char; 5] = [' ', '-', '.', '(', ')'];

/// Letters that read as digits on paper: O/Q as 0, I/L as 1, Z as 2, S as 5, G as 6,
/// B as 8, D as 0. Each dials a different key than the digit it resembles.
fn looks_like_digit(c: char) -> bool {
    matches!(
        c.to_ascii_uppercase(),
        'O' | 'I' | 'L' | 'D' | 'B' | 'S' | 'Z' | 'G' | 'Q'
    )
}

/// Whether a number is followed by an extension (`ext. 12`, `x12`, `extension 12`,
/// `#12`, `,12`, `;12`). Checked before the digits are counted, so that an extension is
/// reported as one and not as a number with too many digits.
fn has_extension(s: &str) -> bool {
    // A marker only counts once a number has been written before it: "2X4" early in a
    // vanity number is a typo, reported by the letter rules instead.
    let mut before = 0;
    let mut prev_letter = false;
    for (at, c) in s.char_indices() {
        if before >= 7 {
            let after = &s[at..];
            if matches!(c, '#' | ',' | ';') && digit_follows(&after[1..]) {
                return true;
            }
            if c.is_ascii_alphabetic() && !prev_letter {
                for marker in ["extension", "extn", "ext", "x"] {
                    let Some(head) = after.get(..marker.len()) else {
                        continue;
                    };
                    let tail = &after[marker.len()..];
                    let word_ends = !tail.starts_with(|n: char| n.is_ascii_alphabetic());
                    // A bare "x" after a number is too often a stray key to call it an
                    // extension without digits after it; the words are unambiguous.
                    let counts = marker != "x" || digit_follows(tail);
                    if head.eq_ignore_ascii_case(marker) && word_ends && counts {
                        return true;
                    }
                }
            }
        }
        if c.is_ascii_alphanumeric() {
            before += 1;
        }
        prev_letter = c.is_ascii_alphabetic();
    }
    false
}

/// Whether a digit comes next, past any spaces and punctuation that extensions are
/// written with (`ext.: 12`, `, , 12`).
fn digit_follows(s: &str) -> bool {
    s.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ':' | '-' | '#' | ',' | ';' | '=')
    })
    .starts_with(|c: char| c.is_ascii_digit())
}

/// The first group between separators that uses letters that look like digits: one
/// mixing them with digits (`78O8`, `7BB8`), or a word made only of them (`OO`, `DOG`).
fn look_alike(rest: &str) -> Option<PhoneError> {
    for group in rest.split(SEPARATORS).filter(|g| !g.is_empty()) {
        let has_digit = group.chars().any(|c| c.is_ascii_digit());
        let first = group.chars().find(|&c| looks_like_digit(c));
        if let (true, Some(letter)) = (has_digit, first) {
            return Some(PhoneError::MixedLookAlike {
                group: group.to_string(),
                letter,
                dials: keypad(letter),
            });
        }
        // Single letters are left to the lone-letter rule, which says more.
        if group.len() > 1 && group.chars().all(looks_like_digit) {
            return Some(PhoneError::LookAlike(group.to_string()));
        }
    }
    None
}

impl FromStr for Phone {
    type Err = PhoneError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        if has_extension(trimmed) {
            return Err(PhoneError::Extension);
        }
        let (explicit_country, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let mut digits = Vec::with_capacity(11);
        let mut spelt = Vec::with_capacity(11);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c as u8 - b'0'),
                'A'..='Z' | 'a'..='z' => digits.push(keypad(c)),
                ' ' | '-' | '.' | '(' | ')' => continue,
                other => return Err(PhoneError::BadChar(other)),
            }
            spelt.push(c.is_ascii_alphabetic());
        }
        let vanity = spelt.contains(&true).then(|| trimmed.to_string());
        if let Some(error) = look_alike(rest) {
            return Err(error);
        }
        // A lone letter among digits is far more likely a typo (l for 1, O for 0) than a
        // word: refuse it rather than dial a wrong digit. Separators are skipped, so
        // 1-800-4-A-CHILD reads "ACHILD" as one word.
        let mut letters = rest.chars().filter(|c| !SEPARATORS.contains(c)).peekable();
        let mut word = 0;
        while let Some(c) = letters.next() {
            word = if c.is_ascii_alphabetic() { word + 1 } else { 0 };
            let ends = letters
                .peek()
                .is_none_or(|next| !next.is_ascii_alphabetic());
            if word == 1 && ends {
                return Err(PhoneError::LoneLetter(c));
            }
        }
        // A vanity number may spell past its last digit, as 1-888-KEY-2-FRE(EDOM) does:
        // letters beyond a full number are for reading only.
        let full = if digits.first() == Some(&1) { 11 } else { 10 };
        if digits.len() > full && spelt[full..].iter().all(|&letter| letter) {
            digits.truncate(full);
        }
        if explicit_country || digits.len() == 11 {
            // Only the North American country code is meaningful for this tool.
            match digits.split_first() {
                Some((1, national)) if national.len() == 10 => digits = national.to_vec(),
                _ => return Err(PhoneError::Length(digits.len())),
            }
        }
        match digits.len() {
            // Only N11 service codes (211 … 911) and 988 are whole numbers in three digits.
            3 if !explicit_country
                && vanity.is_none()
                && ((digits[0] >= 2 && digits[1] == 1 && digits[2] == 1)
                    || digits == [9, 8, 8]) =>
            {
                Ok(Phone {
                    number: Number::Service([digits[0], digits[1], digits[2]]),
                    vanity,
                })
            }
            3 if !explicit_country && vanity.is_none() => {
                Err(PhoneError::NotService(self::digits(&digits)))
            }
            10 => {
                if digits[0] < 2 {
                    return Err(PhoneError::Invalid("the area code"));
                }
                if digits[3] < 2 {
                    return Err(PhoneError::Invalid(
                        "the exchange (the 3 digits after the area code)",
                    ));
                }
                // N11 codes route to services (911, 411): no area or exchange uses them.
                for (part, at) in [("the area code", 0), ("the exchange", 3)] {
                    if digits[at + 1] == 1 && digits[at + 2] == 1 {
                        let code = self::digits(&digits[at..at + 3]);
                        return Err(PhoneError::N11(format!("{part} {code}")));
                    }
                }
                let mut nanp = [0; 10];
                nanp.copy_from_slice(&digits);
                if nanp[3..7] == [5, 5, 5, 0] && nanp[7] == 1 {
                    return Err(PhoneError::Fictional);
                }
                let phone = Phone {
                    number: Number::Nanp(nanp),
                    vanity,
                };
                if phone.vanity.is_some() && !phone.is_toll_free() {
                    return Err(PhoneError::LocalVanity);
                }
                Ok(phone)
            }
            n => Err(PhoneError::Length(n)),
        }
    }
}

impl Phone {
    /// The `tel:` URI a phone dials: `tel:+18883737888`, `tel:911`.
    pub(crate) fn tel_uri(&self) -> String {
        match &self.number {
            Number::Nanp(d) => format!("tel:+1{}", digits(d)),
            Number::Service(d) => format!("tel:{}", digits(d)),
        }
    }

    /// Whether the number is toll-free (800, 833, 844, 855, 866, 877, 888).
    pub(crate) fn is_toll_free(&self) -> bool {
        match self.number {
            Number::Nanp([8, a, b, ..]) => a == b && (a == 0 || (3..=8).contains(&a)),
            _ => false,
        }
    }

    /// The number in its standard printed form, ignoring any vanity spelling.
    pub fn standard(&self) -> String {
        match &self.number {
            Number::Nanp(d) if self.is_toll_free() => {
                format!(
                    "1-{}-{}-{}",
                    digits(&d[..3]),
                    digits(&d[3..6]),
                    digits(&d[6..])
                )
            }
            Number::Nanp(d) => format!(
                "({}) {}-{}",
                digits(&d[..3]),
                digits(&d[3..6]),
                digits(&d[6..])
            ),
            Number::Service(d) => digits(d),
        }
    }

    /// The vanity spelling the number was written in, if any.
    pub fn vanity(&self) -> Option<&str> {
        self.vanity.as_deref()
    }

    /// Whether two phones dial the same number, however they are written.
    pub(crate) fn dials_same(&self, other: &Phone) -> bool {
        self.number == other.number
    }
}

/// The digit a letter stands for on a phone keypad.
fn keypad(c: char) -> u8 {
    match c.to_ascii_uppercase() {
        'A'..='C' => 2,
        'D'..='F' => 3,
        'G'..='I' => 4,
        'J'..='L' => 5,
        'M'..='O' => 6,
        'P'..='S' => 7,
        'T'..='V' => 8,
        _ => 9,
    }
}

impl fmt::Display for Phone {
    /// The printed form: a vanity spelling as written; otherwise toll-free numbers as
    /// `1-888-373-7888`, local ones as `(530) 841-4200`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.vanity {
            Some(vanity) => f.write_str(vanity),
            None => f.write_str(&self.standard()),
        }
    }
}

impl FromStr for ShortCode {
    type Err = PhoneError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        // 988 is the one three-digit number that takes texts (the 988 Lifeline).
        let digits_only = s.bytes().all(|b| b.is_ascii_digit());
        if ((5..=6).contains(&s.len()) && digits_only) || s == "988" {
            Ok(ShortCode(s.to_string()))
        } else {
            Err(PhoneError::ShortCode)
        }
    }
}

impl ShortCode {
    /// The QR payload that opens a text to this code with `keyword` typed in.
    /// `SMSTO:` is read by more phone cameras than RFC 5724's `sms:`.
    pub(crate) fn smsto_uri(&self, keyword: &str) -> String {
        format!("SMSTO:{}:{keyword}", self.0)
    }
}

impl fmt::Display for ShortCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn digits(d: &[u8]) -> String {
    d.iter().map(|d| char::from(b'0' + d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(s: &str) -> Phone {
        s.parse().unwrap()
    }

    #[test]
    fn common_forms_parse_to_the_same_number() {
        let forms = [
            "(530) 841-4200",
            "530-841-4200",
            "+1 530 841 4200",
            "1 (530) 841-4200",
        ];
        for form in forms {
            assert_eq!(phone(form), phone("5308414200"), "{form}");
        }
        assert_eq!(phone("530.841.4200").to_string(), "(530) 841-4200");
        assert_eq!(phone("530-841-4200").tel_uri(), "tel:+15308414200");
    }

    #[test]
    fn toll_free_prints_with_leading_one() {
        let hotline = phone("1-888-373-7888");
        assert!(hotline.is_toll_free());
        assert_eq!(hotline.to_string(), "1-888-373-7888");
        assert_eq!(hotline.tel_uri(), "tel:+18883737888");
        assert!(!phone("(530) 842-6629").is_toll_free());
    }

    #[test]
    fn service_numbers_never_take_a_country_code() {
        assert_eq!(phone("911").tel_uri(), "tel:911");
        assert_eq!(phone("711").to_string(), "711");
        assert_eq!(phone("988").tel_uri(), "tel:988");
        // Three digits that are no service code are a number cut short.
        assert_eq!(
            "(530)".parse::<Phone>(),
            Err(PhoneError::NotService("530".into()))
        );
        assert_eq!(
            "712".parse::<Phone>(),
            Err(PhoneError::NotService("712".into()))
        );
        assert!("+1 911".parse::<Phone>().is_err());
    }

    #[test]
    fn invalid_numbers_are_rejected() {
        assert_eq!("530-841-420".parse::<Phone>(), Err(PhoneError::Length(9)));
        assert_eq!(
            "(030) 841-4200".parse::<Phone>(),
            Err(PhoneError::Invalid("the area code"))
        );
        assert!(matches!(
            "530-141-4200".parse::<Phone>(),
            Err(PhoneError::Invalid(_))
        ));
        assert_eq!(
            "530-84l-4200".parse::<Phone>(),
            Err(PhoneError::MixedLookAlike {
                group: "84l".into(),
                letter: 'l',
                dials: 5
            })
        );
        assert_eq!(
            "530-84A-4200".parse::<Phone>(),
            Err(PhoneError::LoneLetter('A'))
        );
        assert_eq!(
            "530-TEL-4200".parse::<Phone>(),
            Err(PhoneError::LocalVanity)
        );
        assert_eq!(
            "530-841-4200 x".parse::<Phone>(),
            Err(PhoneError::LoneLetter('x'))
        );
        assert_eq!(
            "530_841_4200".parse::<Phone>(),
            Err(PhoneError::BadChar('_'))
        );
        assert_eq!(
            "+44 20 7946 0000".parse::<Phone>(),
            Err(PhoneError::Length(12))
        );
    }

    #[test]
    fn vanity_numbers_keep_their_spelling_and_dial_their_digits() {
        let cast = phone("1-888-KEY-2-FRE(EDOM)");
        assert_eq!(cast.to_string(), "1-888-KEY-2-FRE(EDOM)");
        assert_eq!(cast.tel_uri(), "tel:+18885392373");
        assert_eq!(cast.standard(), "1-888-539-2373");
        assert!(cast.dials_same(&phone("1-888-539-2373")));
        assert_eq!(
            "1-8OO-656-4673".parse::<Phone>(),
            Err(PhoneError::MixedLookAlike {
                group: "8OO".into(),
                letter: 'O',
                dials: 6
            })
        );
        assert_eq!(cast.vanity(), Some("1-888-KEY-2-FRE(EDOM)"));
        // Spelling past the number is only allowed for letters, never for digits.
        assert_eq!(
            "1-888-539-23734".parse::<Phone>(),
            Err(PhoneError::Length(12))
        );
    }

    #[test]
    fn short_codes_are_their_own_kind() {
        let code: ShortCode = "233733".parse().unwrap();
        assert_eq!(code.smsto_uri("HELP"), "SMSTO:233733:HELP");
        assert!("233-733".parse::<ShortCode>().is_err());
        assert!("1234".parse::<ShortCode>().is_err());
    }

    #[test]
    fn the_988_lifeline_is_the_only_three_digit_short_code() {
        let lifeline: ShortCode = "988".parse().unwrap();
        assert_eq!(lifeline.smsto_uri("HELLO"), "SMSTO:988:HELLO");
        for other in ["911", "711", "233", "98 8"] {
            assert_eq!(
                other.parse::<ShortCode>(),
                Err(PhoneError::ShortCode),
                "{other}"
            );
        }
    }

    #[test]
    fn numbers_reserved_for_fiction_are_refused() {
        for fiction in ["(530) 555-0142", "1-888-555-0100", "530 555 0199"] {
            assert_eq!(
                fiction.parse::<Phone>(),
                Err(PhoneError::Fictional),
                "{fiction}"
            );
        }
        let message = PhoneError::Fictional.to_string();
        assert!(message.contains("reserved for fiction"), "{message}");
        // Only the 0100-0199 block is fiction; other 555 lines are real numbers.
        for real in ["(530) 555-0200", "(530) 555-0099", "(530) 555-1234"] {
            assert!(real.parse::<Phone>().is_ok(), "{real}");
        }
    }

    #[test]
    fn n11_area_codes_and_exchanges_are_refused() {
        assert_eq!(
            "530-911-4200".parse::<Phone>(),
            Err(PhoneError::N11("the exchange 911".into()))
        );
        assert_eq!(
            "(411) 842-8300".parse::<Phone>(),
            Err(PhoneError::N11("the area code 411".into()))
        );
        // Only both of the last two digits being 1 makes an N11 code.
        for real in ["(510) 842-8300", "(530) 921-4200", "(530) 219-4200"] {
            assert!(real.parse::<Phone>().is_ok(), "{real}");
        }
    }

    #[test]
    fn extensions_are_refused_as_extensions() {
        for with_ext in [
            "(530) 842-8300 ext. 12",
            "(530) 842-8300 ext 12",
            "(530) 842-8300 EXT.12",
            "(530) 842-8300 x12",
            "(530) 842-8300 X 12",
            "5308428300x12",
            "(530) 842-8300 extension 12",
            "(530) 842-8300 #12",
            "(530) 842-8300,12",
            "(530) 842-8300;12",
            "(530) 842-8300 ext.",
            "+1 530 842 8300 ext 1234",
        ] {
            let error = with_ext.parse::<Phone>().unwrap_err();
            assert_eq!(error, PhoneError::Extension, "{with_ext}");
            assert!(!error.to_string().contains("digits:"), "{with_ext}");
        }
        // Letters early in a number are typos, not extensions.
        assert_eq!(
            "530-8x2-8300".parse::<Phone>(),
            Err(PhoneError::LoneLetter('x'))
        );
        // A vanity word is not an extension marker.
        assert!("1-800-555-XRAY".parse::<Phone>().is_ok());
    }

    #[test]
    fn look_alike_letters_are_refused_in_groups() {
        for (number, group, letter) in [
            ("1-888-7BB8-373", "7BB8", 'B'),
            ("1-8OOA-373-7888", "8OOA", 'O'),
            ("1-888-373-78O8", "78O8", 'O'),
            ("1-888-8DD-7888", "8DD", 'D'),
            ("1-888-373-7s88", "7s88", 's'),
        ] {
            match number.parse::<Phone>() {
                Err(PhoneError::MixedLookAlike {
                    group: g,
                    letter: l,
                    ..
                }) => assert_eq!((g.as_str(), l), (group, letter), "{number}"),
                other => panic!("{number}: {other:?}"),
            }
        }
        assert_eq!(
            "1-888-DOG-7888".parse::<Phone>(),
            Err(PhoneError::LookAlike("DOG".into()))
        );
        assert_eq!(
            "1-888-OIL-ZZZZ".parse::<Phone>(),
            Err(PhoneError::LookAlike("OIL".into()))
        );
        // Words that merely contain look-alike letters are vanity spellings.
        for vanity in [
            "1-888-KEY-2-FRE(EDOM)",
            "1-888-KEY-2-FREEDOM",
            "1-800-4-A-CHILD",
            "1-800-799-SAFE",
        ] {
            assert!(vanity.parse::<Phone>().is_ok(), "{vanity}");
        }
        assert_eq!(phone("1-888-KEY-2-FRE(EDOM)").standard(), "1-888-539-2373");
    }
}
