//! Every warning's and error's stable code, with what it means: one table that the report,
//! `--allow`/`--deny`, `[checks] allow` and the data reference (`docs/data.md`) all go by.

/// Whether a kind of problem stops a build by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Printed; an error only under `--strict` or `--deny CODE`.
    Warning,
    /// Always stops the build; cannot be allowed.
    Error,
}

/// One kind of problem.
#[derive(Debug)]
pub struct Code {
    /// The stable kebab-case name, printed with every message of this kind.
    pub name: &'static str,
    /// Whether it is a warning or an error.
    pub level: Level,
    /// What it means, in one line.
    pub means: &'static str,
}

const fn warning(name: &'static str, means: &'static str) -> Code {
    Code {
        name,
        level: Level::Warning,
        means,
    }
}

const fn error(name: &'static str, means: &'static str) -> Code {
    Code {
        name,
        level: Level::Error,
        means,
    }
}

/// Every code, warnings first.
pub static CODES: &[Code] = &[
    warning(
        "stale-verified",
        "a contact's `verified` date is older than `max-age-days` (counted from today's date)",
    ),
    warning(
        "future-verified",
        "a contact's `verified` date is still to come",
    ),
    warning(
        "placeholder-url",
        "an address is marked `placeholder = true` or is on a reserved domain (example.org, .test, ...)",
    ),
    warning(
        "ip-address-url",
        "an address names an IP address instead of a domain",
    ),
    warning(
        "unreviewed-translation",
        "a content file has `reviewed = false`: its materials say they are unofficial",
    ),
    warning(
        "unofficial-notice",
        "a § 52.6 notice translation is not the official one",
    ),
    warning(
        "notice-numbers-differ",
        "the § 52.6 notice prints numbers other than the statute's",
    ),
    warning(
        "unchecked-service",
        "a contact waives the check of its numbers against a national service (`unchecked = \"...\"`)",
    ),
    warning(
        "template-warning",
        "typst warned while laying out a template (an unknown font, a deprecated feature, ...)",
    ),
    warning(
        "untranslated-coalition",
        "coalition.toml gives no name and mission for a language the coalition prints",
    ),
    error("toml-syntax", "a data file is not valid TOML"),
    error(
        "unfilled",
        "a value init marked `TODO:` that is still to be filled in",
    ),
    error(
        "unknown-key",
        "a key that the file's format does not have (a typo?)",
    ),
    error("missing-key", "a key the file's format requires is missing"),
    error(
        "wrong-type",
        "a value of the wrong kind (text for a number, ...)",
    ),
    error("bad-value", "a value outside what the key accepts"),
    error(
        "missing-file",
        "a data file the project needs does not exist",
    ),
    error(
        "bad-id",
        "an id that is not lowercase letters, digits and dashes (a campaign's file name and its locations' ids: slugs, at most 48 long)",
    ),
    error("duplicate-id", "two records with the same id"),
    error(
        "unknown-contact",
        "a contact id that data/contacts.toml does not have",
    ),
    error(
        "bad-phone",
        "a phone number that cannot be dialled as written",
    ),
    error(
        "fictional-number",
        "a number that cannot be real: 555-0100 to 555-0199, N11 area codes or exchanges",
    ),
    error(
        "bad-short-code",
        "a text short code that is not 5 or 6 digits (or 988)",
    ),
    error(
        "bad-keyword",
        "a text keyword that is not upper-case letters and digits",
    ),
    error(
        "unknown-service",
        "`service` names no national service handbill knows",
    ),
    error(
        "wrong-service-number",
        "a contact's number differs from its national service's known number",
    ),
    error(
        "number-in-text",
        "a phone number typed into free text or a printed address: numbers come only from contact records",
    ),
    error(
        "bad-character",
        "a control, bidirectional-override or zero-width character in data",
    ),
    error(
        "bad-placeholder",
        "a `{contact}` placeholder that is malformed or names no number",
    ),
    error(
        "bad-url",
        "a web address that is not a public https:// page",
    ),
    error(
        "bad-language",
        "a language code that is malformed, listed twice or not listed",
    ),
    error(
        "missing-words",
        "a language gives no words for a part of the shared structure (a guide row, an hours key, a language name)",
    ),
    error(
        "unknown-row",
        "words for a guide row that data/guide.toml does not define",
    ),
    error(
        "bad-notice-text",
        "a § 52.6 notice translation that drops or retypes a number",
    ),
    error("bad-font", "a file in fonts/ that typst cannot read"),
    error(
        "bad-logo",
        "the logo coalition.toml names is not an SVG, PNG or JPEG file in the project",
    ),
    error(
        "low-resolution",
        "a raster image prints at under 150 pixels an inch (under 300 is a typst-style warning)",
    ),
    error(
        "bad-templates",
        "a templates/ folder that leads out of the project",
    ),
    error(
        "bad-environment",
        "SOURCE_DATE_EPOCH is not a whole number of seconds",
    ),
    error(
        "denied",
        "a warning made an error by --strict, --deny or a build's settings",
    ),
    error("template", "a template failed to compile"),
    error("page-size", "a page is not the material's trim size"),
    error("overflow", "content does not fit the material's pages"),
    error(
        "cut-off",
        "text lies beyond the page's edge or a box that clips it",
    ),
    error("missing-glyph", "a character no font has"),
    error("qr-unknown", "a QR code whose payload is not in the data"),
    error(
        "qr-unreadable",
        "a QR code that does not read back to its payload from the page",
    ),
    error(
        "qr-too-small",
        "a QR code printed smaller than its material needs",
    ),
    error("qr-quiet-zone", "something drawn in a QR code's quiet zone"),
    error(
        "qr-off-page",
        "a QR code wholly or partly off the page, or cut by its edge",
    ),
    error(
        "qr-contrast",
        "a QR code's dark and light modules too close in colour to read (WCAG contrast under 4:1)",
    ),
    error(
        "qr-covered",
        "a QR code that something drawn over it (or under it, showing through) keeps from reading as printed",
    ),
    error(
        "qr-unmarked",
        "a QR code on the page that handbill did not place and verify (an override's own)",
    ),
    error(
        "number-unknown",
        "a page prints a phone-number-shaped string that is none of the records' numbers",
    ),
    error(
        "number-not-visible",
        "a code's number is not printed beside it where a reader sees it",
    ),
    error("qr-missing", "a material lacks a QR code it must carry"),
    error(
        "qr-alt",
        "a QR code without alt text, or whose alt text does not give the number it dials",
    ),
    error(
        "outside-safe-area",
        "a glyph or a QR code lies in the bleed or too near the trim, where the cut may take it",
    ),
    error(
        "not-one-ink",
        "type under 14 pt is printed in something other than black ink alone (100 % K)",
    ),
    error(
        "sheet-code",
        "a card sheet's cell does not read back the codes its card has",
    ),
    error(
        "type-too-small",
        "a glyph is printed under its material's type floor",
    ),
    error(
        "text-line",
        "on a piece for someone who may need help, the text line is missing, under three quarters of the number's size, or not seen",
    ),
    error(
        "call-line",
        "on a piece for someone who may need help, the number stands without the word to call on its line",
    ),
    error(
        "headline",
        "a poster's headline is missing, takes more than three lines, or ends with one word alone",
    ),
    error(
        "wrong-audience",
        "a piece for someone who may need help prints a bystander's words",
    ),
    error(
        "not-discreet",
        "the pocket card names the hotline or a word for trafficking",
    ),
    error(
        "tear-off-tab",
        "a tear-off tab lacks the number or the text code set along it",
    ),
    error(
        "notice-size",
        "a § 52.6 notice page smaller than 8.5 × 11 in",
    ),
    error("notice-type-size", "§ 52.6 notice text set below 16 pt"),
    error(
        "notice-text",
        "a § 52.6 notice's text not printed whole and word for word",
    ),
    error(
        "unknown-campaign",
        "--campaign names no file in data/campaigns/",
    ),
    error(
        "bad-manifest",
        "out/manifest.json, or a shard's, cannot be read, names a file outside its folder, or disagrees with another",
    ),
    error(
        "refused-file",
        "a file handbill will not read: a link out of the project, a device, a pipe, or larger than such a file can be",
    ),
    error("not-utf8", "a data file is not UTF-8 text"),
    error(
        "too-long",
        "a data string longer than anything printed could be",
    ),
    error(
        "payload-too-long",
        "an address too long for a QR code that scans at its printed size",
    ),
    error(
        "would-overwrite",
        "templates export would write over templates that differ from the built-in ones (--force writes over them)",
    ),
    error(
        "project-exists",
        "init was given a folder that already holds a project's data/, templates/, fonts/ or schema/",
    ),
    error(
        "out-in-inputs",
        "the output folder is inside data/, templates/ or fonts/, whose every file a build reads",
    ),
    error(
        "memory-limit",
        "a build held more memory than --max-memory allows: a template that builds something enormous?",
    ),
    error(
        "time-limit",
        "a document took longer than --timeout to make: a template that loops without end?",
    ),
    error("io", "reading or writing a file failed"),
];

/// The code named `name`, if there is one.
pub fn find(name: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in CODES {
            assert!(seen.insert(code.name), "{} twice", code.name);
            assert!(
                code.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                code.name
            );
        }
        assert_eq!(
            find("stale-verified").map(|c| c.level),
            Some(Level::Warning)
        );
        assert_eq!(find("no-such-code").map(|c| c.name), None);
    }

    /// Kebab-case strings of the source that are not codes: materials, kinds of place,
    /// keys of data files and of templates' inputs, examples in messages.
    const NOT_CODES: &[&str] = &[
        "avery-5371",
        "built-in",
        "bus-station",
        "contact-form",
        "contact-names",
        "deny-warnings",
        "driver-card",
        "handbill-qr",
        "i5-siskiyou",
        "kebab-case",
        "language-names",
        "national-hotline",
        "notice-combined",
        "pdf-standard",
        "pdf-standards",
        "pocket-card",
        "poster-letter",
        "poster-multilingual",
        "qr-as-svg",
        "rest-area",
        "restroom-sticker",
        "shop-8up",
        "short-name",
        "tear-off",
        "truck-stop",
        "weed-exit-747",
    ];

    /// Every string literal of `text` that is kebab-case with at least one dash, as every
    /// code of more than one word is, wherever it stands: in a call, a tuple, a match arm.
    /// Comments, character literals and raw strings are stepped over, so a quote in them
    /// cannot put the scan out of step.
    fn kebab_literals(text: &str) -> Vec<String> {
        let b = text.as_bytes();
        let mut found = Vec::new();
        let mut i = 0;
        while i < b.len() {
            match (b[i], b.get(i + 1), b.get(i + 2)) {
                (b'/', Some(b'/'), _) => {
                    i = text[i..].find('\n').map_or(b.len(), |n| i + n);
                }
                (b'\'', Some(b'"'), Some(b'\'')) => i += 3,
                (b'r', Some(b'#' | b'"'), _) => {
                    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                    if b.get(i + 1 + hashes) != Some(&b'"') {
                        i += 1;
                        continue;
                    }
                    let close = format!("\"{}", "#".repeat(hashes));
                    let body = i + 2 + hashes;
                    i = text[body..]
                        .find(&close)
                        .map_or(b.len(), |n| body + n + close.len());
                }
                (b'"', _, _) => {
                    let start = i + 1;
                    i = start;
                    while i < b.len() && b[i] != b'"' {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                    let s = &text[start..i.min(b.len())];
                    let kebab = s.starts_with(|c: char| c.is_ascii_lowercase())
                        && s.contains('-')
                        && !s.ends_with('-')
                        && !s.contains("--")
                        && s.bytes()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
                    if kebab {
                        found.push(s.to_string());
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
        found
    }

    #[test]
    fn every_code_the_source_gives_a_message_is_in_the_table() {
        fn walk(dir: &std::path::Path, used: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, used);
                } else if path.extension().is_some_and(|e| e == "rs")
                    // The table itself, whose own test makes up strings.
                    && !path.ends_with("src/codes.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let file = path.display().to_string();
                    used.extend(kebab_literals(&text).into_iter().map(|c| (file.clone(), c)));
                }
            }
        }
        let mut used = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut used,
        );
        // The scan must see codes however they are given: in a call, a tuple, a match arm.
        for known in [
            "would-overwrite",
            "sheet-code",
            "qr-contrast",
            "bad-phone",
            "fictional-number",
        ] {
            assert!(
                used.iter().any(|(_, c)| c == known),
                "the scan misses {known}"
            );
        }
        let missing: Vec<String> = used
            .iter()
            .filter(|(_, s)| find(s).is_none() && !NOT_CODES.contains(&s.as_str()))
            .map(|(file, s)| format!("{s} ({file})"))
            .collect();
        assert!(
            missing.is_empty(),
            "neither in CODES nor in NOT_CODES: {missing:?}"
        );
        // And the list of what is not a code stays true: each is still in the source, and
        // none is a code.
        for s in NOT_CODES {
            assert!(used.iter().any(|(_, u)| u == s), "{s} is no longer used");
            assert!(find(s).is_none(), "{s} is a code");
        }
    }

    #[test]
    fn the_scan_finds_kebab_case_strings_in_any_form() {
        let text = r#"whole("a-b", f); ("c-d", m); _ => "e-f", "--deny" "Not-a" "x" "g-""#;
        assert_eq!(kebab_literals(text), ["a-b", "c-d", "e-f"]);
        // A quote in a comment, a character or a raw string does not shift the pairs.
        let tricky = "// a \" quote\nif c == '\"' { x(r#\"say \"no-code\"\"#) }\nfail(\"h-i\")";
        assert_eq!(kebab_literals(tricky), ["h-i"]);
        assert_eq!(kebab_literals(r#"m("a \"q\" b", "j-k")"#), ["j-k"]);
    }
}
