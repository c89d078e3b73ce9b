//! Reading one TOML data file so that every problem in it shows in one run.
//!
//! serde stops at the first unknown key, missing key or wrong type. A new project then
//! needs one run of `check` per mistake, so instead each problem is recorded and repaired
//! in the parsed tree (an unknown key dropped, a missing or mistyped value stood in for)
//! and reading starts again, until the file reads or a problem cannot be repaired.

use std::borrow::Cow;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, Deserializer};

use crate::error::DataError;

/// Stand-ins get spans past any real file, so that what they cause is never reported.
const STAND_IN: usize = usize::MAX / 2;

/// How many repairs one file may take before reading gives up.
const MAX_REPAIRS: usize = 100;

/// A string value of a data file: where it is, by key path and by byte span.
#[derive(Debug, Clone)]
pub(crate) struct StringAt {
    /// The dotted key path, such as `guide.rows.minor.situation` or `contact[2].name`.
    pub path: String,
    /// The span of the value in the file, quotes included.
    pub span: Range<usize>,
    /// The value.
    pub value: String,
}

/// What reading a file found: the value if it read cleanly, every problem, and every string
/// it holds (for the checks on free text).
pub(crate) struct Parsed<T> {
    pub value: Option<T>,
    pub errors: Vec<DataError>,
    pub strings: Vec<StringAt>,
}

/// Reads `text` (the file `name`) as a `T`, reporting every problem serde finds.
pub(crate) fn parse_all<T: DeserializeOwned>(name: &str, text: &str) -> Parsed<T> {
    let (root, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        let errors = syntax
            .iter()
            .map(|e| toml_error(name, text, e, "toml-syntax"))
            .collect();
        return Parsed {
            value: None,
            errors,
            strings: Vec::new(),
        };
    }
    let span = root.span();
    let mut root = Spanned::new(span, DeValue::Table(root.into_inner()));
    let mut strings = Vec::new();
    collect_strings(&root, String::new(), &mut strings);
    let mut errors = Vec::new();
    for stand_in in (STAND_IN..).take(MAX_REPAIRS) {
        let DeValue::Table(table) = root.get_ref() else {
            unreachable!("the root is a table")
        };
        let de = Deserializer::from(Spanned::new(root.span(), table.clone()));
        let error = match T::deserialize(de) {
            Ok(value) => {
                let value = errors.is_empty().then_some(value);
                return Parsed {
                    value,
                    errors,
                    strings,
                };
            }
            Err(e) => e,
        };
        let at = error.span();
        let real = at.as_ref().is_some_and(|s| s.start < STAND_IN);
        let message = error.message().trim_end().to_string();
        let stand_in = stand_in..stand_in;
        let repaired = repair(&mut root, &message, at.clone(), stand_in);
        if real || !repaired {
            errors.push(report(name, text, &message, at, root.span()));
        }
        if !repaired {
            break;
        }
    }
    Parsed {
        value: None,
        errors,
        strings,
    }
}

fn toml_error(name: &str, text: &str, e: &toml::de::Error, code: &'static str) -> DataError {
    let message = e.message().trim_end().to_string();
    match e.span() {
        Some(span) => DataError::at(code, name, text, span, message),
        None => DataError::whole(code, name, message),
    }
}

/// One serde problem as a data error, in the words of this project.
fn report(
    name: &str,
    text: &str,
    message: &str,
    at: Option<Range<usize>>,
    root: Range<usize>,
) -> DataError {
    let (code, message) = if let Some(key) = between(message, "unknown field `", "`") {
        let hint = if key == "contact-names" {
            ": a contact's names in other languages now live with its record in data/contacts.toml, as [contact.names.<lang>]"
        } else {
            ""
        };
        let expected = message
            .split_once(", expected ")
            .map(|(_, rest)| format!(" (expected {rest})"))
            .unwrap_or_default();
        (
            "unknown-key",
            format!("unknown key `{key}`{expected}{hint}"),
        )
    } else if let Some(key) = between(message, "missing field `", "`") {
        ("missing-key", format!("missing key `{key}`"))
    } else if message.starts_with("invalid type") {
        ("wrong-type", message.to_string())
    } else {
        ("bad-value", message.to_string())
    };
    match at {
        // A key missing from the top level has no better place than the file itself.
        Some(span) if span.start < STAND_IN && !span.is_empty() && span != root => {
            DataError::at(code, name, text, span, message)
        }
        _ => DataError::whole(code, name, message),
    }
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &s[s.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// Repairs the tree so that reading can go past `message`; false if it cannot.
fn repair(
    root: &mut Spanned<DeValue<'_>>,
    message: &str,
    at: Option<Range<usize>>,
    stand_in: Range<usize>,
) -> bool {
    let Some(at) = at else { return false };
    if let Some(key) = between(message, "unknown field `", "`") {
        return remove_key(root, &at, key);
    }
    if let Some(key) = between(message, "missing field `", "`") {
        let key = key.to_string();
        // A stand-in table has an empty span of its own; the root may be reported with
        // an empty one.
        let table = if at.start < STAND_IN && (at.is_empty() || at == root.span()) {
            Some(&mut *root)
        } else {
            find_value(root, &at)
        };
        let Some(table) = table else { return false };
        let DeValue::Table(table) = table.get_mut() else {
            return false;
        };
        let value = Spanned::new(stand_in.clone(), DeValue::String(Cow::Borrowed("")));
        table.insert(Spanned::new(stand_in, Cow::Owned(key)), value);
        return true;
    }
    let Some(expected) = message.split_once("expected ").map(|(_, e)| e) else {
        return false;
    };
    let Some(value) = stand_in_for(expected) else {
        return false;
    };
    match find_value(root, &at) {
        Some(slot) => {
            // A stand-in keeps its stand-in span; a real value gets a new one, so that
            // what the stand-in causes is not reported again.
            let span = if at.start >= STAND_IN { at } else { stand_in };
            *slot = Spanned::new(span, value);
            true
        }
        None => false,
    }
}

/// A value of the kind serde expected, from its words for it.
fn stand_in_for(expected: &str) -> Option<DeValue<'static>> {
    let parse = |s: &'static str| DeValue::parse(s).ok().map(Spanned::into_inner);
    if expected.starts_with('`') {
        // An enum: "`always` or `business`", "one of `a`, `b`".
        return between(expected, "`", "`").map(|v| DeValue::String(Cow::Owned(v.to_string())));
    }
    if let Some(variant) = between(expected, "one of `", "`") {
        return Some(DeValue::String(Cow::Owned(variant.to_string())));
    }
    let e = expected.to_ascii_lowercase();
    if e.contains("datetime") || e.contains("date") {
        parse("1970-01-01")
    } else if e.contains("string") || e.contains("char") {
        Some(DeValue::String(Cow::Borrowed("")))
    } else if e.contains("sequence") || e.contains("array") {
        Some(DeValue::Array(Default::default()))
    } else if e.contains("bool") {
        Some(DeValue::Boolean(false))
    } else if e.contains("float") || e.starts_with('f') {
        parse("0.0")
    } else if e.contains("integer") || e.starts_with('u') || e.starts_with('i') {
        parse("0")
    } else if e.contains("struct") || e.contains("map") || e.contains("table") {
        Some(DeValue::Table(Default::default()))
    } else {
        None
    }
}

fn find_value<'a, 'i>(
    value: &'a mut Spanned<DeValue<'i>>,
    at: &Range<usize>,
) -> Option<&'a mut Spanned<DeValue<'i>>> {
    if value.span() == *at {
        return Some(value);
    }
    match value.get_mut() {
        DeValue::Table(table) => table.iter_mut().find_map(|(_, v)| find_value(v, at)),
        DeValue::Array(items) => items.iter_mut().find_map(|v| find_value(v, at)),
        _ => None,
    }
}

fn remove_key(value: &mut Spanned<DeValue<'_>>, at: &Range<usize>, name: &str) -> bool {
    match value.get_mut() {
        DeValue::Table(table) => {
            let key = table
                .keys()
                .find(|k| k.span() == *at && k.get_ref() == name)
                .cloned();
            if let Some(key) = key {
                table.remove(&key);
                return true;
            }
            table.iter_mut().any(|(_, v)| remove_key(v, at, name))
        }
        DeValue::Array(items) => items.iter_mut().any(|v| remove_key(v, at, name)),
        _ => false,
    }
}

fn collect_strings(value: &Spanned<DeValue<'_>>, path: String, out: &mut Vec<StringAt>) {
    match value.get_ref() {
        DeValue::String(s) => out.push(StringAt {
            path,
            span: value.span(),
            value: s.to_string(),
        }),
        DeValue::Table(table) => {
            for (key, v) in table.iter() {
                let sub = if path.is_empty() {
                    key.get_ref().to_string()
                } else {
                    format!("{path}.{}", key.get_ref())
                };
                collect_strings(v, sub, out);
            }
        }
        DeValue::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_strings(v, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The span of `range` (bytes of a string's value) in the file, where the value is written
/// as it reads (no escapes); else the whole value's span.
pub(crate) fn locate(text: &str, at: &StringAt, range: Range<usize>) -> Range<usize> {
    let written = text.get(at.span.clone()).unwrap_or_default();
    let inner = written
        .strip_prefix(['"', '\''])
        .and_then(|w| w.strip_suffix(['"', '\'']));
    if inner == Some(at.value.as_str()) {
        let start = at.span.start + 1;
        start + range.start..start + range.end
    } else {
        at.span.clone()
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct File {
        name: String,
        count: u32,
        flag: bool,
        items: Vec<Item>,
        sub: Item,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        a: String,
        b: Vec<String>,
    }

    fn codes(text: &str) -> Vec<(&'static str, String, Option<usize>)> {
        let parsed: Parsed<File> = parse_all("f.toml", text);
        parsed
            .errors
            .iter()
            .map(|e| (e.code, e.message.clone(), e.at.as_ref().map(|a| a.line)))
            .collect()
    }

    #[test]
    fn every_problem_of_a_file_is_reported_in_one_read() {
        let text = "name = 1\ncount = \"x\"\ntypo = true\nitems = [{ a = \"1\" }, { b = [] }]\n[sub]\nb = [\"x\"]\nc = 2\n";
        let found = codes(text);
        let has = |code: &str, needle: &str, line: usize| {
            found
                .iter()
                .any(|(c, m, l)| *c == code && m.contains(needle) && *l == Some(line))
        };
        assert!(has("wrong-type", "expected a string", 1), "{found:?}");
        assert!(has("wrong-type", "expected u32", 2), "{found:?}");
        assert!(has("unknown-key", "`typo`", 3), "{found:?}");
        assert!(has("missing-key", "`b`", 4), "{found:?}");
        assert!(has("missing-key", "`a`", 4), "{found:?}");
        assert!(has("missing-key", "`a`", 5), "{found:?}");
        assert!(has("unknown-key", "`c`", 7), "{found:?}");
        assert!(
            found.iter().any(|(_, m, _)| m.contains("`flag`")),
            "{found:?}"
        );
        assert_eq!(found.len(), 8, "{found:?}");
    }

    #[test]
    fn a_clean_file_reads_and_keeps_its_strings() {
        let text =
            "name = \"n\"\ncount = 1\nflag = true\nitems = []\n[sub]\na = \"x\"\nb = [\"y\"]\n";
        let parsed: Parsed<File> = parse_all("f.toml", text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert!(parsed.value.is_some());
        let paths: Vec<&str> = parsed.strings.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(paths, ["name", "sub.a", "sub.b[0]"]);
        let b = &parsed.strings[2];
        assert_eq!(&text[locate(text, b, 0..1)], "y");
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Tables {
        first: Item,
        second: Item,
        last: String,
    }

    #[test]
    fn keys_missing_after_a_missing_table_are_reported_too() {
        let parsed: Parsed<Tables> = parse_all("f.toml", "[second]\na = \"x\"\n");
        let missing: Vec<&str> = parsed.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            missing,
            [
                "missing key `b`",
                "missing key `first`",
                "missing key `last`"
            ],
        );
    }

    #[test]
    fn syntax_errors_are_reported_with_their_line() {
        let found = codes("name = \"x\ncount = 1\n");
        assert!(!found.is_empty());
        assert!(found.iter().all(|(c, ..)| *c == "toml-syntax"), "{found:?}");
    }
}
