//! Design rules on the laid-out page, for the person who reads it: every glyph at least
//! the material's type floor, the text line as a co-hero of the number on a piece for
//! someone who may need help, headlines of at most three lines with no word alone on the
//! last, each piece speaking to one audience, a discreet card that names neither
//! trafficking nor the hotline, and a tear-off sheet whose every tab carries the number.

use typst::layout::{Abs, Point};

use super::numbers::{self, Painted, Rules, Run};
use super::squeeze;
use crate::plan::{Audience, Spec};
use unicode_normalization::UnicodeNormalization;

use crate::project::Content;

/// The share of the number's size the text line must have: a reader who is watched may
/// only be able to text.
pub const CO_HERO: f64 = 0.75;

/// The most lines a headline may take.
pub const HEADLINE_LINES: usize = 3;

/// What a piece prints of the hotline: its first number, and the text line's keyword and
/// short code, as printed.
#[derive(Debug, Clone)]
pub struct Hero {
    /// The number, as printed ("1-888-373-7888").
    pub number: String,
    /// The word to text ("HELP").
    pub keyword: String,
    /// The short code, as printed ("233733").
    pub code: String,
}

/// Every glyph of the page is at least the material's floor, as printed: scaled, rotated
/// or squeezed text counts at the size a reader sees.
pub(super) fn check_type_floor(painted: &Painted, spec: &Spec) -> Result<(), String> {
    let floor = spec.type_floor_pt;
    for run in painted
        .runs
        .iter()
        .filter(|r| !r.item.text.trim().is_empty())
    {
        let pt = run.printed_pt();
        if pt + 0.01 < floor {
            return Err(format!(
                "the text {:?} is set in {pt:.1} pt, under the {} floor of {floor} pt: fit it by layout (shorter lines, fewer rows), never by shrinking it",
                run.item.text.trim(),
                spec.name,
            ));
        }
    }
    Ok(())
}

/// The size of a printing set in `runs`: its smallest part's.
fn printing_pt(runs: &[&Run]) -> f64 {
    runs.iter()
        .map(|r| r.printed_pt())
        .fold(f64::INFINITY, f64::min)
}

/// The number's largest printing in the document, in points, however many runs it is set
/// in.
pub(super) fn number_pt(pages: &[Painted], hero: &Hero) -> Option<f64> {
    pages
        .iter()
        .flat_map(|p| p.printings(&hero.number))
        .map(|runs| printing_pt(&runs))
        .max_by(f64::total_cmp)
}

/// Every printing of the text line ("Text HELP to 233733": the runs on the code's line up
/// to its end, the keyword among them) is at least [`CO_HERO`] of the number's largest
/// size, `number_pt`, and visible as a number must be. Returns how many it found.
pub(super) fn check_text_line(
    page: &typst_layout::Page,
    painted: &Painted,
    rules: &Rules,
    hero: &Hero,
    number_pt: f64,
) -> Result<usize, String> {
    let code = squeeze(&hero.code);
    let mut found = 0;
    for (i, run) in painted.runs.iter().enumerate() {
        if !squeeze(&run.item.text).contains(&code) {
            continue;
        }
        found += 1;
        let line = leftward(painted, i);
        let text: Vec<&str> = line.iter().map(|r| r.item.text.trim()).collect();
        let text = text.join(" ");
        let is_keyword = |r: &Run| {
            r.item
                .text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == hero.keyword)
        };
        let has_keyword = line.iter().any(|r| is_keyword(r));
        if !has_keyword {
            return Err(format!(
                "the text code {} is printed without the keyword {} on its line",
                hero.code, hero.keyword
            ));
        }
        let least = line
            .iter()
            .map(|r| r.printed_pt())
            .fold(f64::INFINITY, f64::min);
        if least + 0.01 < CO_HERO * number_pt {
            return Err(format!(
                "the text line {text:?} is set in {least:.1} pt, under three quarters of the number's {number_pt:.1} pt: a reader who is watched may only be able to text"
            ));
        }
        // What a reader texts must be seen as it is, like a number: the keyword and the
        // code; the words around them may be in any font.
        let keyword = line.iter().copied().find(|r| is_keyword(r));
        for part in keyword.into_iter().chain([run]) {
            numbers::visible(page, painted, rules, &[part], part.bbox(), None)
                .map_err(|why| format!("the text line {text:?} {why}"))?;
        }
    }
    Ok(found)
}

/// Run `i` and the runs painted just before it that continue it to the left on the page
/// ("Text", "HELP", "to" before "233733"), blank runs dropped. Text that merely shares the
/// baseline elsewhere is not part of it.
fn leftward<'p>(painted: &'p Painted, i: usize) -> Vec<&'p Run<'p>> {
    let mut line: Vec<&Run> = vec![&painted.runs[i]];
    for prev in painted.runs[..i].iter().rev() {
        let first = line[line.len() - 1];
        let end = Point::new(prev.item.width(), Abs::zero())
            .transform(prev.ts)
            .x;
        let start = Point::zero().transform(first.ts).x;
        let gap = (start - end).abs();
        if !numbers::same_line(prev, first) || gap > prev.item.size.max(first.item.size) {
            break;
        }
        line.push(prev);
    }
    line.reverse();
    line.retain(|r| !r.item.text.trim().is_empty());
    line
}

/// The number's hero printings (within a tenth of its largest size) have the word to
/// call ("Call", "Llame al", "Hu": any of `calls`) before them on their line: a number
/// alone on its line reads as a label, not as an invitation.
pub(super) fn check_call_line(
    painted: &Painted,
    hero: &Hero,
    number_pt: f64,
    calls: &[&str],
) -> Result<(), String> {
    let number = squeeze(&hero.number);
    let heroes = painted
        .printings(&hero.number)
        .into_iter()
        .filter(|runs| printing_pt(runs) >= 0.9 * number_pt);
    for runs in heroes {
        let Some(i) = painted.runs.iter().position(|r| std::ptr::eq(r, runs[0])) else {
            continue;
        };
        let line: String = leftward(painted, i)
            .iter()
            .chain(&runs[1..])
            .map(|r| squeeze(&r.item.text))
            .collect();
        let before = line.split(&number).next().unwrap_or("");
        if !calls.iter().any(|c| before.ends_with(&squeeze(c))) {
            return Err(format!(
                "the number {} stands without {:?} before it on its line",
                hero.number,
                calls.first().copied().unwrap_or("Call")
            ));
        }
    }
    Ok(())
}

/// The headline `words` is on the page, set whole, in at most [`HEADLINE_LINES`] lines,
/// and its last line is more than one word.
pub(super) fn check_headline(painted: &Painted, words: &str) -> Result<bool, String> {
    let whole = squeeze(words);
    let runs = &painted.runs;
    for start in 0..runs.len() {
        let mut so_far = String::new();
        for end in start..runs.len() {
            so_far.push_str(&squeeze(&runs[end].item.text));
            if !whole.starts_with(&so_far) {
                break;
            }
            if so_far == whole {
                return judge_headline(&runs[start..=end], words).map(|()| true);
            }
        }
    }
    Ok(false)
}

fn judge_headline(runs: &[Run], words: &str) -> Result<(), String> {
    let mut lines: Vec<Vec<&Run>> = Vec::new();
    for run in runs.iter().filter(|r| !r.item.text.trim().is_empty()) {
        match lines.last_mut() {
            Some(line) if numbers::same_line(line[0], run) => line.push(run),
            _ => lines.push(vec![run]),
        }
    }
    if lines.len() > HEADLINE_LINES {
        return Err(format!(
            "the headline {words:?} takes {} lines (at most {HEADLINE_LINES})",
            lines.len()
        ));
    }
    let last: Vec<&str> = lines
        .last()
        .map(|l| l.iter().map(|r| r.item.text.trim()).collect())
        .unwrap_or_default();
    let last = last.join(" ");
    // A no-break space binds ("sexe\u{a0}?"): what it joins is one word.
    let words = last
        .split(|c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}')
        .filter(|w| !w.is_empty())
        .count();
    if lines.len() > 1 && words < 2 {
        return Err(format!(
            "the headline {words:?} ends with one word alone on its last line, {last:?}"
        ));
    }
    Ok(())
}

/// Text as the audience and discreet rules compare it: compatibility forms folded (NFKC:
/// ligatures, fullwidth letters, accents composed), invisible format characters such as
/// soft hyphens and zero-width spaces dropped, lower case.
fn fold(text: &str) -> String {
    text.nfkc()
        .filter(|&c| !is_format(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Characters that print nothing and only shape or break text.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The page's words in reading order, [`fold`]ed, one space between words: runs that
/// continue one another on a line join as they are set, everything else is a word apart.
fn page_words(painted: &Painted) -> String {
    let mut text = String::new();
    for (i, run) in painted.runs.iter().enumerate() {
        if i == 0 || !numbers::continues(&painted.runs[i - 1], run) {
            text.push(' ');
        }
        text.push_str(&run.item.text);
    }
    let folded = fold(&text);
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `words` (folded, words one space apart) holds `entry` as whole words; an
/// entry ending in `*` matches any ending of its last word ("traffick*": trafficking,
/// trafficker).
fn holds_words(words: &str, entry: &str) -> bool {
    let entry = fold(entry);
    let entry = entry.split_whitespace().collect::<Vec<_>>().join(" ");
    let (needle, prefix) = match entry.strip_suffix('*') {
        Some(stem) => (stem.trim_end(), true),
        None => (entry.as_str(), false),
    };
    if needle.is_empty() {
        return false;
    }
    let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    words.match_indices(needle).any(|(at, _)| {
        let before = words[..at].chars().next_back();
        let after = words[at + needle.len()..].chars().next();
        !letter(before) && (prefix || !letter(after))
    })
}

/// A piece for someone who may need help prints none of the bystander's words: the
/// signs, what trafficking is, the guide, the advice not to approach, and the words of
/// the flyer, the driver card and the tear-off. Each field is matched by the first words
/// of each stretch between its placeholders, case, white space and compatibility forms
/// ignored.
pub(super) fn check_audience(
    spec: &Spec,
    page: &Painted,
    words: &Content,
    lang: &str,
) -> Result<(), String> {
    if spec.audience != Audience::Victim {
        return Ok(());
    }
    let mut bystander: Vec<(String, &str)> = vec![
        ("safety.text".into(), words.safety.text.as_str()),
        ("what-is.title".into(), &words.what_is.title),
        ("what-is.body".into(), &words.what_is.body),
        ("signs.title".into(), &words.signs.title),
        ("flyer.headline".into(), &words.flyer.headline),
        ("flyer.subhead".into(), &words.flyer.subhead),
        ("tear-off.headline".into(), &words.tear_off.headline),
        ("tear-off.lead".into(), &words.tear_off.lead),
        ("driver-card.title".into(), &words.driver_card.title),
        (
            "driver-card.dont-approach".into(),
            &words.driver_card.dont_approach,
        ),
    ];
    let lists = [
        ("signs.items", &words.signs.items),
        ("driver-card.notice", &words.driver_card.notice),
    ];
    for (name, items) in lists {
        for (i, item) in items.iter().enumerate() {
            bystander.push((format!("{name}[{i}]"), item));
        }
    }
    for (id, row) in &words.guide.rows {
        bystander.push((
            format!("guide.rows.{}.situation", id.get_ref()),
            &row.situation,
        ));
    }
    let text = squeeze(&page_words(page));
    for (field, words) in bystander {
        let heads = words.split(['{', '}']).map(|part| {
            let head: String = squeeze(&fold(part)).chars().take(40).collect();
            head
        });
        if let Some(head) = heads
            .filter(|h| h.chars().count() >= 12)
            .find(|h| text.contains(h.as_str()))
        {
            return Err(format!(
                "prints a bystander's words ({head:?}) on a piece for someone who may need help: `{field}` of data/content/{lang}.toml belongs on the flyer, the driver card or the tear-off"
            ));
        }
    }
    Ok(())
}

/// A discreet piece names neither trafficking (the words each content file lists in
/// `[pocket-card] never`, as whole words) nor the hotline (any of its names, white space
/// ignored), in any language: a card found in a pocket must read as any help line's.
pub(super) fn check_discreet(
    page: &Painted,
    never: &[(String, String)],
    hotline_names: &[String],
) -> Result<(), String> {
    let words = page_words(page);
    let squeezed = squeeze(&words);
    for name in hotline_names {
        let name = squeeze(&fold(name));
        if !name.is_empty() && squeezed.contains(&name) {
            return Err(format!(
                "names the hotline ({name:?}): someone who may be searched carries it"
            ));
        }
    }
    for (lang, word) in never {
        if holds_words(&words, word) {
            return Err(format!(
                "says {word:?}, which data/content/{lang}.toml lists in `[pocket-card] never`: someone who may be searched carries it"
            ));
        }
    }
    Ok(())
}

/// Each of the `tabs` tabs along the page carries the number and the text code, set along
/// the tab (turned a quarter), so that every tab torn off can be dialled.
pub(super) fn check_tabs(
    painted: &Painted,
    page_width: Abs,
    tabs: usize,
    hero: &Hero,
) -> Result<(), String> {
    let (number, code) = (squeeze(&hero.number), squeeze(&hero.code));
    let mut found = vec![(false, false); tabs];
    for run in &painted.runs {
        let ts = run.ts;
        let turned = ts.sx.get().abs() < 0.01 && ts.ky.get().abs() > 0.5;
        let x = Point::zero().transform(ts).x;
        if !turned || x < Abs::zero() || x >= page_width {
            continue;
        }
        let tab = ((x / page_width) * tabs as f64) as usize;
        let text = squeeze(&run.item.text);
        found[tab].0 |= text.contains(&number);
        found[tab].1 |= text.contains(&code);
    }
    for (i, (has_number, has_code)) in found.into_iter().enumerate() {
        let missing = match (has_number, has_code) {
            (false, _) => &hero.number,
            (_, false) => &hero.code,
            _ => continue,
        };
        return Err(format!(
            "tab {} of {tabs} does not carry {missing} set along it: a tab torn off must be enough to reach help",
            i + 1
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_sees_through_ligatures_soft_hyphens_and_case() {
        assert_eq!(fold("Tra\u{00AD}\u{FB03}cking"), "trafficking");
        assert_eq!(fold("ＴＲＡＴＡ"), "trata");
        assert_eq!(fold("tra\u{0301}fico"), "tráfico");
    }

    #[test]
    fn never_words_match_whole_words_or_a_stem() {
        let words = "someone to talk to. centro de tratamiento. se trata de ti";
        assert!(!holds_words(words, "tratam"));
        assert!(holds_words(words, "trata"));
        assert!(holds_words(words, "tratam*"));
        assert!(!holds_words(words, "alk"));
        assert!(holds_words("human trafficking hotline", "traffick*"));
        assert!(holds_words("forced labour", "forced labo*"));
        assert!(!holds_words("anything", "*"));
        assert!(!holds_words("anything", ""));
    }
}
