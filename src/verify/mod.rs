//! Checks on the laid-out document and the rendered page, run on every document before it
//! may be written: QR codes read back as printed, numbers beside them, nothing overflows or
//! is clipped, no glyph is missing, the § 52.6 notice whole and large enough.

mod codes;
mod design;
mod geometry;
mod notice;
mod numbers;
mod pixels;
mod print;

use std::collections::BTreeSet;

use serde::Serialize;
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::text::Font;
use typst_layout::PagedDocument;

use crate::error::Error;
use crate::inputs::Codes;
use crate::overflow::Blame;
use crate::plan::{Audience, Job, Material};
use crate::project::Content as Words;
use geometry::Rect;

pub use codes::QR_LABEL;
pub use design::{CO_HERO, HEADLINE_LINES, Hero};
pub use notice::{NOTICE_MIN_PT, check_notice};
pub use print::{
    BLURRED_PPI, ONE_INK_BELOW_PT, SHARP_PPI, SheetCell, check_resolution, check_sheet, shows_image,
};

/// The source of every page check and of the material table: a build keys its outputs by
/// it, so a document made before a check changed (a new rule, a floor raised) is made and
/// checked again, not skipped, even by a binary of the same version.
pub(crate) const RULES: &[&str] = &[
    include_str!("mod.rs"),
    include_str!("codes.rs"),
    include_str!("design.rs"),
    include_str!("geometry.rs"),
    include_str!("notice.rs"),
    include_str!("numbers.rs"),
    include_str!("pixels.rs"),
    include_str!("print.rs"),
    include_str!("../plan.rs"),
    include_str!("../impose.rs"),
];

/// A QR code found on a page and read back.
#[derive(Debug, Clone, Serialize)]
pub struct FoundQr {
    /// The page, from 1.
    pub page: usize,
    /// What the code decodes to.
    pub payload: String,
    /// The span of its modules, quiet zone not counted, in inches.
    pub inches: f64,
    /// Whether it passed every check.
    pub verified: bool,
    /// The centre of its square on the page, where a sheet must show it too.
    #[serde(skip)]
    pub centre: Point,
}

/// What the page checks compare against, shared by every document of a build.
pub struct Context<'a> {
    /// The project's QR codes.
    pub codes: &'a Codes,
    /// Every number the records print, in every printed form.
    pub known: &'a [String],
    /// The records' text keywords.
    pub(crate) keywords: &'a [String],
    /// Whether a font is one handbill ships.
    pub(crate) is_builtin: &'a dyn Fn(&Font) -> bool,
    /// Whether to scan whole pages for codes handbill did not place: where the project's
    /// own templates could draw one.
    pub(crate) scan_unmarked: bool,
    /// The hotline as pieces print it.
    pub hero: &'a Hero,
    /// The hotline's names, full and short, in every language.
    pub(crate) hotline_names: &'a [String],
    /// The words of every language, for the rules that read them.
    pub words: &'a [(String, Words)],
}

/// Runs every check on one rendered job (the page count is checked by the renderer).
pub fn verify(job: &Job, document: &PagedDocument, cx: &Context) -> Result<Vec<FoundQr>, Error> {
    let fail = |(code, message): (&'static str, String)| Error::Check {
        code,
        document: job.name(),
        message,
    };
    let (found, placed) = codes::check_codes(job, document, cx.codes).map_err(fail)?;
    let spec = job.material.spec();
    let rules = numbers::Rules {
        floor_pt: spec.type_floor_pt,
        cx,
    };
    // The languages a document speaks: the multilingual poster's every one.
    let langs: Vec<&(String, Words)> = cx
        .words
        .iter()
        .filter(|(lang, _)| job.material == Material::PosterMultilingual || *lang == job.lang)
        .collect();
    let painted: Vec<numbers::Painted> = document
        .pages()
        .iter()
        .map(|p| numbers::Painted::of(&p.frame))
        .collect();
    let number_pt = design::number_pt(&painted, cx.hero);
    let mut text_lines = 0;
    let mut headlines = vec![false; langs.len()];
    for (i, (page, painted)) in document.pages().iter().zip(&painted).enumerate() {
        let n = i + 1;
        let on_page = |code| move |m| fail((code, format!("page {n}: {m}")));
        // First what the cut takes: text in the bleed is named as such, not as cut off.
        print::check_safe_area(page, painted, &placed, n, spec.safe_inches)
            .map_err(on_page("outside-safe-area"))?;
        check_glyphs(&page.frame).map_err(on_page("missing-glyph"))?;
        check_clipping(&page.frame).map_err(on_page("cut-off"))?;
        numbers::check_known(painted, &rules)
            .map_err(|m| fail(("number-unknown", format!("page {n} {m}"))))?;
        for code in placed.iter().filter(|c| c.page == n) {
            if let Some(number) = &code.printed {
                numbers::check_beside(page, painted, &rules, code.square, number).map_err(|m| {
                    let message = format!("page {n}: the QR code for {:?}: {m}", code.payload);
                    fail(("number-not-visible", message))
                })?;
            }
        }
        // After the numbers' own checks, which say more about a number set too small.
        design::check_type_floor(painted, spec).map_err(on_page("type-too-small"))?;
        print::check_one_ink(painted).map_err(on_page("not-one-ink"))?;
        if spec.audience == Audience::Victim
            && let Some(number_pt) = number_pt
        {
            text_lines += design::check_text_line(page, painted, &rules, cx.hero, number_pt)
                .map_err(on_page("text-line"))?;
            let calls: Vec<&str> = langs.iter().map(|(_, w)| w.words.call.as_str()).collect();
            design::check_call_line(painted, cx.hero, number_pt, &calls)
                .map_err(on_page("call-line"))?;
        }
        for (lang, words) in &langs {
            design::check_audience(spec, painted, words, lang)
                .map_err(on_page("wrong-audience"))?;
        }
        if spec.discreet {
            let never: Vec<(String, String)> = cx
                .words
                .iter()
                .flat_map(|(lang, w)| {
                    w.pocket_card
                        .never
                        .iter()
                        .map(|n| (lang.clone(), n.clone()))
                })
                .collect();
            design::check_discreet(painted, &never, cx.hotline_names)
                .map_err(on_page("not-discreet"))?;
        }
        if spec.tabs > 0 {
            design::check_tabs(painted, page.frame.size().x, spec.tabs, cx.hero)
                .map_err(on_page("tear-off-tab"))?;
        }
        if spec.headline {
            for (found, (_, words)) in headlines.iter_mut().zip(&langs) {
                *found |= design::check_headline(painted, &words.poster.headline)
                    .map_err(on_page("headline"))?;
            }
        }
        // The statute's words count only where a reader sees them.
        if job.material.is_notice() {
            let under = numbers::Background::of(page, painted);
            let lines = painted
                .runs
                .iter()
                .filter(|r| !r.item.text.trim().is_empty());
            for run in lines {
                numbers::visible(page, painted, &rules, &[run], run.bbox(), Some(&under)).map_err(
                    |why| {
                        let text = run.item.text.trim();
                        let message = format!("page {n}: the notice text {text:?} {why}");
                        fail(("notice-text", message))
                    },
                )?;
            }
        }
        codes::check_alt(page, &placed, n).map_err(fail)?;
        if cx.scan_unmarked {
            codes::check_unmarked(page, &placed, n).map_err(fail)?;
        }
    }
    if spec.audience == Audience::Victim && text_lines == 0 {
        let message = format!(
            "the text line ({} {}) is not printed: a reader who is watched may only be able to text",
            cx.hero.keyword, cx.hero.code
        );
        return Err(fail(("text-line", message)));
    }
    let missing = headlines.iter().zip(&langs).find(|(found, _)| !**found);
    if spec.headline
        && let Some((_, (lang, words))) = missing
    {
        let message = format!(
            "the headline {:?} (`poster.headline` in data/content/{lang}.toml) is not on the page, set whole and unhyphenated",
            words.poster.headline
        );
        return Err(fail(("headline", message)));
    }
    Ok(found)
}

/// The error of a document with more pages than its material: the fields that take the
/// room and by how much it spills, measured when the template allows; else the content
/// field split across the page break.
pub(crate) fn page_count_error(
    job: &Job,
    document: &PagedDocument,
    expected: usize,
    words: Option<&Words>,
    blame: Option<Blame>,
) -> Error {
    let pages = document.pages();
    let mut message = format!("{} pages where the layout has {expected}", pages.len());
    let texts: Vec<String> = pages.iter().map(|p| page_text(&p.frame)).collect();
    match (
        blame,
        words.and_then(|words| overflowing_field(words, &texts)),
    ) {
        (Some(blame), _) => message.push_str(&format!(": {blame}")),
        (None, Some(field)) => message.push_str(&format!(
            ": content field `{field}` in data/content/{}.toml is too long",
            job.lang
        )),
        (None, None) => message.push_str(": some text is too long for the layout"),
    }
    Error::Check {
        code: "overflow",
        document: job.name(),
        message,
    }
}

/// The dotted path of the content field that was split across pages: it starts on one page
/// but no page holds all of it. The longest such field is the likeliest culprit.
fn overflowing_field(words: &Words, pages: &[String]) -> Option<String> {
    let tree = serde_json::to_value(words).ok()?;
    let mut fields = Vec::new();
    flatten(&tree, String::new(), &mut fields);
    fields
        .into_iter()
        .map(|(path, text)| (path, squeeze(&text)))
        .filter(|(_, text)| {
            let start: String = text.chars().take(24).collect();
            !start.is_empty()
                && pages.iter().any(|p| p.contains(&start))
                && !pages.iter().any(|p| p.contains(text.as_str()))
        })
        .max_by_key(|(_, text)| text.len())
        .map(|(path, _)| path)
}

fn flatten(value: &serde_json::Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::String(s) => out.push((path, s.clone())),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(item, format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                let sub = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(item, sub, out);
            }
        }
        _ => {}
    }
}

/// A glyph the fonts lack is drawn as an empty box: name the character instead.
fn check_glyphs(frame: &Frame) -> Result<(), String> {
    let mut missing = BTreeSet::new();
    walk_text(frame, Transform::identity(), &mut |_, item| {
        for glyph in item.glyphs.iter().filter(|g| g.id == 0) {
            missing.extend(item.text[glyph.range()].chars().next());
        }
    });
    if missing.is_empty() {
        return Ok(());
    }
    let named: Vec<String> = missing
        .iter()
        .map(|c| format!("{c:?} (U+{:04X})", u32::from(*c)))
        .collect();
    Err(format!(
        "no font has the character{} {}; add a font that has {} to the project's fonts/",
        if named.len() == 1 { "" } else { "s" },
        named.join(", "),
        if named.len() == 1 { "it" } else { "them" },
    ))
}

/// Text that lies beyond the page's edge, or beyond a box that clips it, does not print.
pub(super) fn check_clipping(page: &Frame) -> Result<(), String> {
    let bounds = Rect::of(Transform::identity(), page.size());
    check_clip_within(page, Transform::identity(), bounds)
}

fn check_clip_within(frame: &Frame, ts: Transform, visible: Rect) -> Result<(), String> {
    for (pos, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => {
                let inner = here.pre_concat(group.transform);
                let visible = match group.clip {
                    Some(_) => visible.intersect(Rect::of(inner, group.frame.size())),
                    None => visible,
                };
                check_clip_within(&group.frame, inner, visible)?;
            }
            FrameItem::Text(text) => {
                // Ascent and descent are taken generously: a glyph may reach past them by
                // design, so only text clearly cut off counts.
                let top = Point::new(Abs::zero(), -text.size * 0.7).transform(here);
                let bottom = Point::new(text.width(), text.size * 0.2).transform(here);
                let slack = Abs::pt(0.5);
                if top.x < visible.min.x - slack
                    || top.y < visible.min.y - slack
                    || bottom.x > visible.max.x + slack
                    || bottom.y > visible.max.y + slack
                {
                    return Err(format!("the text {:?} is cut off", text.text.as_str()));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The text of a page in reading order, white space removed, so a number set in several
/// runs still reads as one.
pub fn page_text(frame: &Frame) -> String {
    let mut text = String::new();
    walk_text(frame, Transform::identity(), &mut |_, item| {
        text.push_str(&item.text)
    });
    squeeze(&text)
}

pub(super) fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

pub(super) fn walk_text(
    frame: &Frame,
    ts: Transform,
    f: &mut impl FnMut(Transform, &typst::text::TextItem),
) {
    for (pos, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => walk_text(&group.frame, here.pre_concat(group.transform), f),
            FrameItem::Text(text) => f(here, text),
            _ => {}
        }
    }
}
