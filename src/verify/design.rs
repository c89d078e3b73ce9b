//! Design rules on the laid-out page, for the person who reads it: every glyph at least
//! the material's type floor, the text line as a co-hero of the number on a piece for
//! someone who may need help, headlines of at most three lines with no word alone on the
//! last, each piece speaking to one audience, a discreet card that names neither
//! trafficking nor the hotline, and a tear-off sheet whose every tab carries the number.

use typst::layout::{Abs, Point};

use super::numbers::{self, Painted, Rules, Run};
use super::squeeze;
use crate::plan::{Audience, Spec};
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

/// The largest printing of `needle` on the page, by the runs that hold it whole.
fn largest<'a>(painted: &'a Painted, needle: &str) -> Option<(&'a Run<'a>, f64)> {
    let needle = squeeze(needle);
    painted
        .runs
        .iter()
        .filter(|r| squeeze(&r.item.text).contains(&needle))
        .map(|r| (r, r.printed_pt()))
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// The number's largest printing in the document, in points.
pub(super) fn number_pt(pages: &[Painted], hero: &Hero) -> Option<f64> {
    pages
        .iter()
        .filter_map(|p| largest(p, &hero.number).map(|(_, pt)| pt))
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
        // The line is the code's run and the runs painted just before it that continue
        // it to the left on the page: "Text", "HELP", "to". Text that merely shares the
        // baseline elsewhere is not part of it.
        let mut line: Vec<&Run> = vec![run];
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
    if lines.len() > 1 && last.split_whitespace().count() < 2 {
        return Err(format!(
            "the headline {words:?} ends with one word alone on its last line, {last:?}"
        ));
    }
    Ok(())
}

/// A piece for someone who may need help prints none of the bystander's words: the signs,
/// what trafficking is, the guide's situations, the advice not to approach. Each is
/// matched by its first words, white space ignored, placeholders cut off.
pub(super) fn check_audience(
    spec: &Spec,
    page_text: &str,
    words: &Content,
    lang: &str,
) -> Result<(), String> {
    if spec.audience != Audience::Victim {
        return Ok(());
    }
    let mut bystander: Vec<(String, &str)> = vec![
        ("safety.text".into(), words.safety.text.as_str()),
        ("what-is.body".into(), words.what_is.body.as_str()),
    ];
    for (i, item) in words.signs.items.iter().enumerate() {
        bystander.push((format!("signs.items[{i}]"), item));
    }
    for (id, row) in &words.guide.rows {
        bystander.push((
            format!("guide.rows.{}.situation", id.get_ref()),
            &row.situation,
        ));
    }
    for (field, text) in bystander {
        let head: String = squeeze(text.split('{').next().unwrap_or(""))
            .chars()
            .take(40)
            .collect();
        if head.chars().count() >= 12 && page_text.contains(&head) {
            return Err(format!(
                "prints a bystander's words on a piece for someone who may need help: `{field}` of data/content/{lang}.toml belongs on the flyer, the driver card or the tear-off"
            ));
        }
    }
    Ok(())
}

/// A discreet piece names neither trafficking (the words each content file lists in
/// `[pocket-card] never`) nor the hotline, in any language: a card found in a pocket must
/// read as any help line's.
pub(super) fn check_discreet(
    page_text: &str,
    never: &[(String, String)],
    hotline_names: &[String],
) -> Result<(), String> {
    let folded = page_text.to_lowercase();
    for name in hotline_names {
        if folded.contains(&squeeze(name).to_lowercase()) {
            return Err(format!(
                "names the hotline ({name:?}): someone who may be searched carries it"
            ));
        }
    }
    for (lang, word) in never {
        if folded.contains(&squeeze(word).to_lowercase()) {
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
