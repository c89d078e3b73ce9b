//! Free text in data files: what counts as a phone number typed into it, forbidden
//! characters, and `{contact}` placeholders.
//!
//! Numbers may only come from contact records, where they are parsed and checked; free
//! text names a contact by placeholder (`{emergency}`) and the number is filled in. A
//! number retyped in free text is how a material ends up printing one digit wrong, so
//! `find_number` looks for anything a reader could dial, in any script's digits.

use std::fmt;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

/// A phone-number-shaped run in free text, as a byte range of the text, and what it
/// looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NumberLike {
    /// Where it is, in bytes.
    pub range: Range<usize>,
    /// What it looks like.
    pub kind: NumberKind,
}

/// What a number-like run in free text looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    /// Seven or more digits, or a toll-free prefix spelt on in letters
    /// (`1-888-KEY-2-FREE`).
    Phone,
    /// Five or six digits: a text short code.
    ShortCode,
    /// A three-digit service number standing as a word: 211 … 911 or 988.
    Service,
}

/// The first number-like run in `s`, if any.
///
/// A run is digits (of any script, fullwidth, superscript, …) joined by separators
/// (whitespace of any kind, dashes, `.`, `/`, `(`, `)`), starting and ending with a digit.
/// Letters and other punctuation end a run, so `10 am – 2 pm`, `24/7` and `200 languages`
/// are no numbers. A date such as `2026-12-01` has eight digits and is flagged on
/// purpose: printed material carries no dates in free text, and a date cannot be told
/// from a number by its shape. So is a ZIP code (five digits).
pub(crate) fn find_number(s: &str) -> Option<NumberLike> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(s.len(), |&(at, _)| at);
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i].1).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        // The run, as its groups of consecutive digits.
        let mut groups: Vec<Vec<u32>> = Vec::new();
        let mut last_digit = i;
        let mut j = i;
        while j < chars.len() {
            let c = chars[j].1;
            if let Some(d) = digit(c) {
                match groups.last_mut() {
                    Some(group) if last_digit + 1 == j => group.push(d),
                    _ => groups.push(vec![d]),
                }
                last_digit = j;
            } else if !separator(c) && !comma_between_digits(&chars, j) {
                break;
            }
            j += 1;
        }
        // An area code's opening parenthesis belongs to the number a reader sees.
        let opened = start
            .checked_sub(1)
            .filter(|&b| fold(chars[b].1) == '(')
            .filter(|_| {
                chars[start..=last_digit]
                    .iter()
                    .any(|&(_, c)| fold(c) == ')')
            });
        let range = chars[opened.unwrap_or(start)].0..end_of(last_digit + 1);
        let count: usize = groups.iter().map(Vec::len).sum();
        if let Some(end) = vanity_end(&chars, &groups, last_digit + 1) {
            return Some(NumberLike {
                range: range.start..end_of(end),
                kind: NumberKind::Phone,
            });
        }
        let kind = match count {
            7.. => Some(NumberKind::Phone),
            5 | 6 => Some(NumberKind::ShortCode),
            3 if is_service(&groups) && stands_alone(&chars, start, last_digit) => {
                Some(NumberKind::Service)
            }
            _ => None,
        };
        if let Some(kind) = kind {
            return Some(NumberLike { range, kind });
        }
        i = last_digit + 1;
    }
    None
}

/// A comma with a digit on each side (`530,842,8300`) joins a number; followed by a space
/// (`in 2019, 2020`) it separates words.
fn comma_between_digits(chars: &[(usize, char)], j: usize) -> bool {
    let is_digit = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|&(_, c)| digit(c).is_some())
    };
    fold(chars[j].1) == ',' && is_digit(j.checked_sub(1)) && is_digit(Some(j + 1))
}

/// Whether three digits are a service number: written as one group (`911`) or digit by
/// digit (`9-1-1`). `9 – 11` (a range of hours) is neither.
fn is_service(groups: &[Vec<u32>]) -> bool {
    let shaped = groups.len() == 1 || groups.iter().all(|g| g.len() == 1);
    let digits: Vec<u32> = groups.concat();
    let service = matches!(digits.as_slice(), [2..=9, 1, 1] | [9, 8, 8]);
    shaped && service
}

/// Whether the run from `start` to `last` is not touching a letter or digit.
fn stands_alone(chars: &[(usize, char)], start: usize, last: usize) -> bool {
    let word = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|&(_, c)| c.is_alphanumeric())
    };
    !word(start.checked_sub(1)) && !word(Some(last + 1))
}

/// Where a vanity number spelt on in letters ends (an index into `chars`), if the run
/// starts like a toll-free number (`1-8xx` or `8xx`) and goes on in letters
/// (`1-888-KEY-2-FREE`, `1-800-799-SAFE`, `800-FLOWERS`).
fn vanity_end(chars: &[(usize, char)], groups: &[Vec<u32>], after: usize) -> Option<usize> {
    let toll_free =
        |g: &[u32]| matches!(g, [8, a, b] if a == b && (*a == 0 || (3..=8).contains(a)));
    let with_one = groups.len() >= 2 && groups[0] == [1] && toll_free(&groups[1]);
    let bare = toll_free(&groups[0]);
    if !with_one && !bare {
        return None;
    }
    let mut k = after;
    while chars.get(k).is_some_and(|&(_, c)| separator(c)) {
        k += 1;
    }
    let word_end = (k..chars.len())
        .find(|&i| !chars[i].1.is_alphabetic())
        .unwrap_or(chars.len());
    let word: Vec<char> = chars[k..word_end].iter().map(|&(_, c)| c).collect();
    // Capitals read as a spelling; a lowercase word only after a dash and the leading
    // 1 ("1-800-flowers"): "1 800 personas" is a number of people, "at 888 Main Street"
    // and "the 800-pound gorilla" are prose.
    let capitals = word.len() >= 2 || with_one;
    let dashed = chars[after..k].iter().any(|&(_, c)| !c.is_whitespace());
    let spelt = !word.is_empty()
        && if word.iter().all(|c| c.is_uppercase()) {
            capitals
        } else {
            with_one && dashed
        };
    if !spelt {
        return None;
    }
    // Go on over letters, digits and joining punctuation, not over spaces, so that the
    // range ends with the spelling and not with the sentence.
    let mut end = word_end;
    let mut k = word_end;
    let mut open = 0;
    while let Some(&(_, c)) = chars.get(k) {
        match c {
            '(' => open += 1,
            // Closes a spelling such as FRE(EDOM).
            ')' if open > 0 => {
                open -= 1;
                end = k + 1;
            }
            c if c.is_alphanumeric() || digit(c).is_some() => end = k + 1,
            c if c.is_whitespace() || !separator(c) => break,
            _ => {}
        }
        k += 1;
    }
    Some(end)
}

/// The value of a decimal digit in any script: ASCII, fullwidth, Arabic-Indic,
/// Devanagari, …, and the compatibility forms NFKC folds to a digit (superscripts,
/// subscripts, mathematical and circled digits).
fn digit(c: char) -> Option<u32> {
    if let Some(d) = c.to_digit(10) {
        return Some(d);
    }
    if !c.is_numeric() {
        return None;
    }
    let code = u32::from(c);
    for &zero in DIGIT_ZEROS {
        if (zero..zero + 10).contains(&code) {
            return Some(code - zero);
        }
    }
    let mut folded = std::iter::once(c).nfkc();
    match (folded.next(), folded.next()) {
        (Some(d), None) => d.to_digit(10),
        _ => None,
    }
}

/// The zeros of the Unicode decimal-digit (Nd) blocks that NFKC leaves as they are; each
/// block runs from its zero to nine. (Fullwidth and mathematical digits fold under NFKC.)
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0,
    0x16B50, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950,
];

/// The digits joined to the text at `range` of `s` (a placeholder): reached from it
/// through separators other than white space, they print as one longer number with the
/// placeholder's (`(530) {emergency}-8300`). White space stops the search, so that
/// `{hotline} (24/7)` stays a number and its hours; the page check sees the rest.
pub(crate) fn joined_digits(s: &str, range: Range<usize>) -> Option<Range<usize>> {
    let apart = |c: char| !separator(c) || fold(c).is_whitespace();
    let before = s[..range.start]
        .char_indices()
        .rev()
        .find(|&(_, c)| apart(c))
        .filter(|&(_, c)| digit(c).is_some())
        .map(|(at, c)| at..at + c.len_utf8());
    let after = s[range.end..]
        .char_indices()
        .find(|&(_, c)| apart(c))
        .filter(|&(_, c)| digit(c).is_some())
        .map(|(at, c)| range.end + at..range.end + at + c.len_utf8());
    before.or(after)
}

/// `c` under NFKC when that is one character (`（` to `(`, no-break space to space),
/// else `c`.
fn fold(c: char) -> char {
    let mut folded = std::iter::once(c).nfkc();
    match (folded.next(), folded.next()) {
        (Some(f), None) => f,
        _ => c,
    }
}

/// Whether `c` may stand between the digits of one number.
pub(crate) fn separator(c: char) -> bool {
    // NFKC folds the fullwidth and small forms (U+FF0D, U+FE63, U+FF08, …) and the
    // no-break hyphen U+2011 to the characters below.
    let c = fold(c);
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'
                ..='\u{2015}'
                    | '\u{2212}'
                    | '\u{FE58}'
                    | '.'
                    | '/'
                    | '\u{2044}'
                    | '\u{2215}'
                    | '('
                    | ')'
                    // Dots and underscores that read as a number's separators.
                    | '\u{00B7}'
                    | '\u{2022}'
                    | '\u{2027}'
                    | '\u{2219}'
                    | '\u{22C5}'
                    | '_'
        )
        || invisible(c)
}

/// Characters that print nothing (or only change the one before): between digits they
/// must not split a number that reads as one. The soft hyphen, combining marks (U+034F,
/// the combining grapheme joiner, among them) and variation selectors.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0300}'..='\u{036F}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
            | '\u{FEFF}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// The first character that has no place in printed text, with its byte offset: control
/// characters other than newline and tab, bidirectional controls (which can reorder
/// digits on screen so that the text reads differently from what prints), and invisible
/// zero-width characters. The soft hyphen U+00AD is allowed: it marks a place to break.
pub(crate) fn forbidden_char(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| forbidden(c))
}

fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(
            c,
            // Bidirectional embeddings, overrides, isolates and marks.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
            // Zero-width space, non-joiner, joiner, word joiner, byte-order mark.
            | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
            // Invisible operators and interlinear annotation marks: invisible, and no
            // prose needs them.
            | '\u{2061}'..='\u{2064}' | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// A `{contact-id}` placeholder in free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder<'a> {
    /// Where it is, braces included, in bytes.
    pub range: Range<usize>,
    /// The contact id between the braces.
    pub id: &'a str,
}

/// Why the placeholders of a text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceholderError {
    /// A placeholder touches a digit (`1{hotline}`), so the printed number would run
    /// into it.
    GluedToDigit(Range<usize>),
    /// A `{` with no `}` after it, at this byte offset.
    Unclosed(usize),
    /// `{}` at this byte offset.
    Empty(usize),
    /// Braces around something that is not a contact id (`{Hello world}`).
    NotAnId(Range<usize>),
    /// A `}` with no `{` before it, at this byte offset.
    Unopened(usize),
}

impl fmt::Display for PlaceholderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::GluedToDigit(r) => write!(
                f,
                "the placeholder at bytes {}..{} touches a digit: put a space between them (numbers come only from contacts)",
                r.start, r.end
            ),
            Self::Unclosed(at) => write!(
                f,
                "`{{` at byte {at} is never closed: write a contact id in braces, such as {{emergency}}"
            ),
            Self::Empty(at) => write!(
                f,
                "`{{}}` at byte {at} is empty: write a contact id in braces, such as {{emergency}}"
            ),
            Self::NotAnId(r) => write!(
                f,
                "the braces at bytes {}..{} hold no contact id: ids are lowercase letters, digits and `-`, such as {{national-hotline}}",
                r.start, r.end
            ),
            Self::Unopened(at) => write!(
                f,
                "`}}` at byte {at} closes nothing: placeholders are a contact id in braces, such as {{emergency}}"
            ),
        }
    }
}

impl std::error::Error for PlaceholderError {}

/// The `{contact-id}` placeholders of `s`, in order. An id is lowercase ASCII letters,
/// digits and `-`.
pub fn placeholders(s: &str) -> Result<Vec<Placeholder<'_>>, PlaceholderError> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(offset) = s[rest..].find(['{', '}']) {
        let open = rest + offset;
        if s[open..].starts_with('}') {
            return Err(PlaceholderError::Unopened(open));
        }
        let Some(len) = s[open + 1..].find('}') else {
            return Err(PlaceholderError::Unclosed(open));
        };
        let close = open + 1 + len;
        let id = &s[open + 1..close];
        let range = open..close + 1;
        if id.is_empty() {
            return Err(PlaceholderError::Empty(open));
        }
        let id_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if !id.chars().all(id_char) {
            return Err(PlaceholderError::NotAnId(range));
        }
        let before = s[..open].chars().next_back();
        let after = s[close + 1..].chars().next();
        if [before, after]
            .into_iter()
            .flatten()
            .any(|c| digit(c).is_some())
        {
            return Err(PlaceholderError::GluedToDigit(range));
        }
        found.push(Placeholder { range, id });
        rest = close + 1;
    }
    Ok(found)
}

/// Why a text could not be filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FillError {
    /// The placeholders could not be read.
    Placeholder(PlaceholderError),
    /// A placeholder names an id the lookup does not know.
    Unknown(String),
}

impl fmt::Display for FillError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Placeholder(e) => e.fmt(f),
            Self::Unknown(id) => write!(
                f,
                "{{{id}}} names no contact: use the id of a contact in contacts.toml"
            ),
        }
    }
}

impl std::error::Error for FillError {}

impl From<PlaceholderError> for FillError {
    fn from(e: PlaceholderError) -> Self {
        Self::Placeholder(e)
    }
}

/// `s` with each placeholder replaced by what `lookup` gives for its id.
pub fn fill(s: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<String, FillError> {
    let mut out = String::with_capacity(s.len());
    let mut from = 0;
    for p in placeholders(s)? {
        let text = lookup(p.id).ok_or_else(|| FillError::Unknown(p.id.to_string()))?;
        out.push_str(&s[from..p.range.start]);
        out.push_str(&text);
        from = p.range.end;
    }
    out.push_str(&s[from..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str) -> Option<(&str, NumberKind)> {
        find_number(s).map(|n| (&s[n.range], n.kind))
    }

    #[test]
    fn digits_joined_to_a_placeholder_are_found_and_spaced_ones_are_not() {
        fn joined(s: &str) -> Option<&str> {
            let p = &placeholders(s).unwrap()[0];
            joined_digits(s, p.range.clone()).map(|r| &s[r])
        }
        for s in [
            "Call (530) {emergency}-8300.",
            "Call 530-{emergency}.",
            "Call {emergency}.8300",
            "Call {emergency}\u{AD}8300",
            "Call {emergency}\u{2011}8300",
            "Call {emergency})(8",
            "Call {emergency}-٨٣٠٠",
        ] {
            assert!(joined(s).is_some(), "{s:?}");
        }
        for s in [
            "Call {emergency}.",
            "Call {national-hotline} (24/7).",
            "Call {emergency}. 24 hours a day.",
            "Text {text-line}, 24/7",
            "({emergency})",
            "{a}-{b}",
        ] {
            assert_eq!(joined(s), None, "{s:?}");
        }
    }

    #[test]
    fn invisible_characters_and_odd_separators_do_not_split_a_number() {
        for s in [
            "Call 530\u{AD}842\u{AD}8300.",
            "Call 530\u{FE0F}842\u{34F}8300.",
            "Call 530·842·8300.",
            "Call 530•842•8300.",
            "Call 530,842,8300.",
            "Call 530_842_8300.",
        ] {
            assert_eq!(found(s).map(|(_, k)| k), Some(NumberKind::Phone), "{s:?}");
        }
        // A comma and a space separate words: two years are no phone number.
        assert_eq!(found("in 2019, 2020"), None);
    }

    #[test]
    fn phone_numbers_are_found_in_any_common_form() {
        for (text, number) in [
            ("Call (530) 842-8300 now", "(530) 842-8300"),
            ("Call 1-888-373-7888.", "1-888-373-7888"),
            ("Call 530.842.8300", "530.842.8300"),
            ("Call 530 842 8300", "530 842 8300"),
            ("Call 530\u{a0}842\u{2009}8300", "530\u{a0}842\u{2009}8300"),
            (
                "Call 530\u{2013}842\u{2212}8300",
                "530\u{2013}842\u{2212}8300",
            ),
            ("Call 8428300", "8428300"),
            ("Call（530）842-8300", "（530）842-8300"),
            ("(call 842-8300)", "842-8300"),
        ] {
            assert_eq!(found(text), Some((number, NumberKind::Phone)), "{text}");
        }
    }

    #[test]
    fn digits_of_every_script_count() {
        // Fullwidth, Arabic-Indic, superscript, mathematical bold.
        for text in [
            "Llame al １-８８８-３７３-７８８８",
            "\u{661}\u{668}\u{668}\u{668}\u{663}\u{667}\u{663}\u{667}\u{668}\u{668}\u{668}",
            "\u{b9}\u{b2}\u{b3}\u{2074}\u{2075}\u{2076}\u{2077}",
            "\u{1D7CF}\u{1D7D6}\u{1D7D6}\u{1D7D6}\u{1D7D1}\u{1D7D5}\u{1D7D1}",
        ] {
            assert_eq!(
                find_number(text).map(|n| n.kind),
                Some(NumberKind::Phone),
                "{text}"
            );
        }
        assert_eq!(digit('８'), Some(8));
        assert_eq!(digit('\u{667}'), Some(7));
        assert_eq!(digit('\u{b3}'), Some(3));
        assert_eq!(digit('\u{2083}'), Some(3));
        // Numerals that are not decimal digits: a fraction, a Roman numeral.
        assert_eq!(digit('½'), None);
        assert_eq!(digit('Ⅷ'), None);
        assert_eq!(digit('a'), None);
    }

    #[test]
    fn the_digit_table_holds_only_digit_blocks() {
        for &zero in DIGIT_ZEROS {
            for code in zero..zero + 10 {
                let c = char::from_u32(code).unwrap();
                assert!(c.is_numeric(), "U+{code:04X}");
            }
        }
    }

    #[test]
    fn short_codes_and_service_numbers_are_found() {
        assert_eq!(
            found("Text HELP to 233733"),
            Some(("233733", NumberKind::ShortCode))
        );
        assert_eq!(
            found("text 233-733"),
            Some(("233-733", NumberKind::ShortCode))
        );
        assert_eq!(
            found("In an emergency, call 911."),
            Some(("911", NumberKind::Service))
        );
        assert_eq!(found("call 9-1-1"), Some(("9-1-1", NumberKind::Service)));
        assert_eq!(found("hu 911"), Some(("911", NumberKind::Service)));
        assert_eq!(
            found("call or text 988"),
            Some(("988", NumberKind::Service))
        );
        assert_eq!(found("dial 211"), Some(("211", NumberKind::Service)));
        assert_eq!(found("TTY: 711"), Some(("711", NumberKind::Service)));
        // Not standing as a word, or not a service number.
        assert_eq!(found("room 911b"), None);
        assert_eq!(found("A911"), None);
        assert_eq!(found("open 9 – 11 am"), None);
        assert_eq!(found("route 111"), None);
        assert_eq!(found("987 or 989"), None);
    }

    #[test]
    fn ordinary_prose_has_no_numbers() {
        for text in [
            "Free. Confidential. 24/7. In more than 200 languages.",
            "Accessible in more than 160 languages.",
            "Edition 2026",
            "Interstate 5 runs through the county; I-5 north.",
            "Open 10 am – 2 pm",
            "Tue & Thu 10 am – 2 pm",
            "LGBTQ+ people are victims too.",
            "Tus neeg hnub nyoog qis dua 18 xyoo",
            "in the 1800s",
            "at 888 Main Street",
            "the 800-pound gorilla",
            "8:00 to 5:00",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
    }

    #[test]
    fn dates_are_flagged_on_purpose() {
        assert_eq!(
            found("on 2026-12-01"),
            Some(("2026-12-01", NumberKind::Phone))
        );
    }

    #[test]
    fn vanity_numbers_typed_as_text_are_phones() {
        for (text, number) in [
            ("Call 1-888-KEY-2-FREE today", "1-888-KEY-2-FREE"),
            ("call 1-888-KEY-2-FRE(EDOM) or", "1-888-KEY-2-FRE(EDOM)"),
            ("Call 1-800-799-SAFE (7233)", "1-800-799-SAFE"),
            ("Call 1-800-4-A-CHILD", "1-800-4-A-CHILD"),
            ("Call 800-FLOWERS", "800-FLOWERS"),
            ("Call 1-888KEY-2-FREE", "1-888KEY-2-FREE"),
            ("Call 1-800-flowers", "1-800-flowers"),
        ] {
            assert_eq!(found(text), Some((number, NumberKind::Phone)), "{text}");
        }
        // A local prefix spelt on is no toll-free vanity; nor is a count of people.
        assert_eq!(found("530-KEY-FREE"), None);
        assert_eq!(found("más de 1 800 personas"), None);
        assert_eq!(found("1-800s"), None);
        assert_eq!(found("800 MHz"), None);
        assert_eq!(found("Suite 800 B"), None);
    }

    #[test]
    fn forbidden_characters_are_found_with_their_offset() {
        assert_eq!(forbidden_char("Call\u{202E}8887"), Some((4, '\u{202E}')));
        assert_eq!(forbidden_char("a\u{200B}b"), Some((1, '\u{200B}')));
        assert_eq!(forbidden_char("é\u{2066}"), Some((2, '\u{2066}')));
        assert_eq!(forbidden_char("\u{FEFF}text"), Some((0, '\u{FEFF}')));
        assert_eq!(forbidden_char("a\u{7}"), Some((1, '\u{7}')));
        // A file saved with Windows line endings keeps them in multi-line strings.
        assert_eq!(forbidden_char("line\r\n"), None);
        assert_eq!(forbidden_char("a\u{8}"), Some((1, '\u{8}')));
        assert_eq!(forbidden_char("x\u{200F}"), Some((1, '\u{200F}')));
        // Newlines, tabs, soft hyphens and ordinary accents are text.
        assert_eq!(
            forbidden_char("one\ntwo\tthree con\u{AD}fi\u{AD}den\u{AD}tial Línea"),
            None
        );
    }

    #[test]
    fn placeholders_are_read_in_order() {
        let text = "Call {national-hotline} or, in an emergency, {emergency}.";
        let found = placeholders(text).unwrap();
        let ids: Vec<&str> = found.iter().map(|p| p.id).collect();
        assert_eq!(ids, ["national-hotline", "emergency"]);
        assert_eq!(&text[found[0].range.clone()], "{national-hotline}");
        assert_eq!(
            placeholders("{988-lifeline}").unwrap()[0].id,
            "988-lifeline"
        );
        assert_eq!(placeholders("no placeholders").unwrap(), []);
    }

    #[test]
    fn malformed_placeholders_are_refused() {
        assert_eq!(
            placeholders("call {hotline}9"),
            Err(PlaceholderError::GluedToDigit(5..14))
        );
        assert_eq!(
            placeholders("1{hotline}"),
            Err(PlaceholderError::GluedToDigit(1..10))
        );
        assert_eq!(
            placeholders("call {hotline"),
            Err(PlaceholderError::Unclosed(5))
        );
        assert_eq!(placeholders("call {}"), Err(PlaceholderError::Empty(5)));
        assert_eq!(
            placeholders("{Hello world}"),
            Err(PlaceholderError::NotAnId(0..13))
        );
        assert_eq!(
            placeholders("{Hotline}"),
            Err(PlaceholderError::NotAnId(0..9))
        );
        assert_eq!(
            placeholders("call hotline}"),
            Err(PlaceholderError::Unopened(12))
        );
        // A digit in another script is still a digit.
        assert!(matches!(
            placeholders("{hotline}٣"),
            Err(PlaceholderError::GluedToDigit(_))
        ));
        assert!(placeholders("({hotline})").is_ok());
        let message = PlaceholderError::Unclosed(5).to_string();
        assert!(message.contains("byte 5"), "{message}");
    }

    #[test]
    fn fill_replaces_each_placeholder() {
        let lookup = |id: &str| match id {
            "emergency" => Some("911".to_string()),
            "national-hotline" => Some("1-888-373-7888".to_string()),
            _ => None,
        };
        assert_eq!(
            fill(
                "Call {national-hotline}; {emergency} in an emergency.",
                lookup
            ),
            Ok("Call 1-888-373-7888; 911 in an emergency.".to_string())
        );
        assert_eq!(
            fill("nothing to fill", lookup),
            Ok("nothing to fill".to_string())
        );
        assert_eq!(
            fill("Call {cps}", lookup),
            Err(FillError::Unknown("cps".into()))
        );
        assert_eq!(
            fill("Call {cps", lookup),
            Err(FillError::Placeholder(PlaceholderError::Unclosed(5)))
        );
    }
}
