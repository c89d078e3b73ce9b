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
    /// The area code or exchange starts with 0 or 1, which no real number does.
    #[error("{0} cannot start with 0 or 1")]
    Invalid(&'static str),
    /// A single letter among digits, most likely a typo.
    #[error("the letter {0:?} stands alone among digits: a typo? (vanity numbers spell words)")]
    LoneLetter(char),
    /// A word of letters that all look like digits.
    #[error("{0:?} looks like digits but is letters: type the digits")]
    LookAlike(String),
    /// Letters in a number that is not toll-free.
    #[error("letters are only accepted in toll-free vanity numbers such as 1-888-KEY-2-FREE")]
    LocalVanity,
    /// A short code must be 5 or 6 digits.
    #[error("a text short code has 5 or 6 digits and nothing else, such as 233733")]
    ShortCode,
}

impl FromStr for Phone {
    type Err = PhoneError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
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
        // A lone letter among digits is far more likely a typo (l for 1, O for 0) than a
        // word: refuse it rather than dial a wrong digit.
        let mut letters = rest
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .peekable();
        // Likewise a word made only of letters that look like digits (O, I, L): "1-8OO"
        // reads as 800 on paper but dials 866.
        let mut word = String::new();
        while let Some(c) = letters.next() {
            if c.is_ascii_alphabetic() {
                word.push(c);
            } else {
                word.clear();
            }
            let ends = letters
                .peek()
                .is_none_or(|next| !next.is_ascii_alphabetic());
            if !word.is_empty() && ends {
                if word.len() == 1 {
                    return Err(PhoneError::LoneLetter(c));
                }
                if word
                    .chars()
                    .all(|l| matches!(l.to_ascii_uppercase(), 'O' | 'I' | 'L'))
                {
                    return Err(PhoneError::LookAlike(word));
                }
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
            10 => {
                if digits[0] < 2 {
                    return Err(PhoneError::Invalid("the area code"));
                }
                if digits[3] < 2 {
                    return Err(PhoneError::Invalid(
                        "the exchange (the 3 digits after the area code)",
                    ));
                }
                let mut nanp = [0; 10];
                nanp.copy_from_slice(&digits);
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
    pub fn tel_uri(&self) -> String {
        match &self.number {
            Number::Nanp(d) => format!("tel:+1{}", digits(d)),
            Number::Service(d) => format!("tel:{}", digits(d)),
        }
    }

    /// Whether the number is toll-free (800, 833, 844, 855, 866, 877, 888).
    pub fn is_toll_free(&self) -> bool {
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
    pub fn dials_same(&self, other: &Phone) -> bool {
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
        if (5..=6).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(ShortCode(s.to_string()))
        } else {
            Err(PhoneError::ShortCode)
        }
    }
}

impl ShortCode {
    /// The QR payload that opens a text to this code with `keyword` typed in.
    /// `SMSTO:` is read by more phone cameras than RFC 5724's `sms:`.
    pub fn smsto_uri(&self, keyword: &str) -> String {
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
        assert_eq!("(530)".parse::<Phone>(), Err(PhoneError::Length(3)));
        assert_eq!("842".parse::<Phone>(), Err(PhoneError::Length(3)));
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
            Err(PhoneError::LoneLetter('l'))
        );
        assert_eq!(
            "1-888-373-78O8".parse::<Phone>(),
            Err(PhoneError::LoneLetter('O'))
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
            Err(PhoneError::LookAlike("OO".into()))
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
}
