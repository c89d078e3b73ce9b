//! Numbers as printed: the number a code dials stands beside the code where a reader sees
//! it (large enough, in contrast with what is under it, nothing over it, left to right, in
//! a font handbill ships), and no page prints a number that is not one of the records'.

use std::ops::Range;

use typst::layout::{Abs, Frame, FrameItem, GroupItem, Point, Sides, Size, Transform};
use typst::text::TextItem;
use typst::utils::Scalar;
use typst::visualize::Paint;
use typst_layout::Page;

use super::geometry::Rect;
use super::{Context, pixels};
use crate::project::text;

/// How far a number may stand from its code, as a share of the code's printed size: the
/// number belongs to the code a reader holds in view with it.
pub(super) const NEAR_CODES: f64 = 1.5;

/// The least contrast between a number's ink and what is under it (WCAG AA for text).
pub(super) const MIN_TEXT_CONTRAST: f64 = 4.5;

/// What stands for a record's number once found in a page's text: a private-use
/// character no page prints (the notice prints §).
const STAND_IN: char = '\u{E000}';

/// The share of a number's box that a shape or image painted over it may cover.
const COVER_SHAPE: f64 = 0.05;

/// The share of a number's box that later text may overlap: lines set close together
/// share the edges of their boxes.
const COVER_TEXT: f64 = 0.25;

/// Characters that reorder what follows them on screen and on paper.
const BIDI_CONTROLS: &[char] = &[
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// One run of text on the page, where it is painted and in which order.
pub(super) struct Run<'a> {
    /// The run.
    pub item: &'a TextItem,
    /// From the run's baseline origin to the page.
    pub ts: Transform,
    /// Its place in the order things are painted: what comes later is drawn over it.
    pub order: usize,
}

impl Run<'_> {
    /// The page-space box of the run, ascenders and descenders included.
    pub(super) fn bbox(&self) -> Rect {
        let size = self.item.size;
        Rect::spanning(
            self.ts,
            Point::new(Abs::zero(), -size * 0.8),
            Point::new(self.item.width(), size * 0.25),
        )
    }

    /// The page-space box of the ink the run's glyphs lay down, from their outlines in
    /// the font; `None` for a run of blanks.
    pub(super) fn ink_box(&self) -> Option<Rect> {
        let font = &self.item.font;
        let ttf = font.ttf();
        let size = self.item.size;
        let em = |units: i16| font.to_em(units).at(size);
        let mut x = Abs::zero();
        let mut ink: Option<Rect> = None;
        for glyph in &self.item.glyphs {
            let outline = ttf.glyph_bounding_box(ttf_parser::GlyphId(glyph.id));
            if let Some(b) = outline {
                let dx = x + glyph.x_offset.at(size);
                let dy = glyph.y_offset.at(size);
                // Font units point up; the page's y points down.
                let rect = Rect::spanning(
                    self.ts,
                    Point::new(dx + em(b.x_min), -(dy + em(b.y_max))),
                    Point::new(dx + em(b.x_max), -(dy + em(b.y_min))),
                );
                ink = Some(ink.map_or(rect, |r| r.union(rect)));
            }
            x += glyph.x_advance.at(size);
        }
        ink
    }

    /// The size the run prints at, in points, whatever transform reaches it: text
    /// squeezed to a fifth of its width, or sheared flat, is as hard to read as text a
    /// fifth of its size, so the transform's least stretch in any direction counts (its
    /// smaller singular value).
    pub(super) fn printed_pt(&self) -> f64 {
        let t = self.ts;
        let (a, b, c, d) = (t.sx.get(), t.kx.get(), t.ky.get(), t.sy.get());
        let sum = a * a + b * b + c * c + d * d;
        let det = a * d - b * c;
        let least = ((sum - (sum * sum - 4.0 * det * det).max(0.0).sqrt()) / 2.0)
            .max(0.0)
            .sqrt();
        self.item.size.to_pt() * least
    }
}

/// Everything a page paints, in order: its text runs, and the boxes of all else.
pub(super) struct Painted<'a> {
    pub runs: Vec<Run<'a>>,
    /// Shapes and images, each with its page-space box and paint order.
    pub others: Vec<(Rect, usize)>,
    /// The page's text as [`Painted::squeeze`] makes it, the run of each byte, and
    /// whether white space was dropped before it.
    text: String,
    owner: Vec<usize>,
    spaced: Vec<bool>,
}

impl<'a> Painted<'a> {
    /// What `frame` paints.
    pub(super) fn of(frame: &'a Frame) -> Self {
        let mut painted = Painted {
            runs: Vec::new(),
            others: Vec::new(),
            text: String::new(),
            owner: Vec::new(),
            spaced: Vec::new(),
        };
        let mut order = 0;
        painted.walk(frame, Transform::identity(), &mut order);
        (painted.text, painted.owner, painted.spaced) = painted.squeeze();
        painted
    }

    /// Every printing of `needle` on the page, white space ignored, as the runs that hold
    /// its characters (one run, or several when it is set in parts on one line).
    pub(super) fn printings(&self, needle: &str) -> Vec<Vec<&Run<'a>>> {
        let needle = squeeze(needle);
        if needle.is_empty() {
            return Vec::new();
        }
        self.text
            .match_indices(&needle)
            .map(|(at, _)| {
                let mut runs: Vec<usize> = self.owner[at..at + needle.len()].to_vec();
                runs.dedup();
                runs.into_iter().map(|i| &self.runs[i]).collect()
            })
            .collect()
    }

    fn walk(&mut self, frame: &'a Frame, ts: Transform, order: &mut usize) {
        for (pos, item) in frame.items() {
            let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
            *order += 1;
            match item {
                FrameItem::Group(group) => {
                    self.walk(&group.frame, here.pre_concat(group.transform), order)
                }
                FrameItem::Text(text) => self.runs.push(Run {
                    item: text,
                    ts: here,
                    order: *order,
                }),
                FrameItem::Shape(shape, _) => {
                    let bbox = shape.bbox(true);
                    self.others
                        .push((Rect::spanning(here, bbox.min, bbox.max), *order));
                }
                FrameItem::Image(_, size, _) => self
                    .others
                    .push((Rect::spanning(here, Point::zero(), size.to_point()), *order)),
                FrameItem::Link(..) | FrameItem::Tag(_) => {}
            }
        }
    }

    /// The page's text without white space, with the run each byte comes from and whether
    /// white space stood before it. Runs that do not continue one another on the page
    /// (another line, a gap) are kept apart by a boundary, so that two numbers never read
    /// as one.
    fn squeeze(&self) -> (String, Vec<usize>, Vec<bool>) {
        let mut text = String::new();
        let mut owner = Vec::new();
        let mut spaced = Vec::new();
        for (i, run) in self.runs.iter().enumerate() {
            let continues = i > 0 && continues(&self.runs[i - 1], run);
            let mut space = false;
            if i > 0 && !continues {
                text.push(BOUNDARY);
                owner.extend(std::iter::repeat_n(i, BOUNDARY.len_utf8()));
                spaced.extend(std::iter::repeat_n(false, BOUNDARY.len_utf8()));
            }
            for c in run.item.text.chars() {
                if c.is_whitespace() {
                    space = true;
                    continue;
                }
                text.push(c);
                owner.extend(std::iter::repeat_n(i, c.len_utf8()));
                spaced.extend(std::iter::repeat_n(space, c.len_utf8()));
                space = false;
            }
        }
        (text, owner, spaced)
    }
}

/// Between runs of text that do not continue one another: no number reads across it.
const BOUNDARY: char = '\u{E001}';

/// How a page's numbers are judged: the build's context, and the material's type floor.
pub(super) struct Rules<'a> {
    /// The least type size, in points.
    pub(crate) floor_pt: f64,
    /// What the build compares against.
    pub(crate) cx: &'a Context<'a>,
}

/// Every phone-number-shaped string printed on the page is one of the records' numbers,
/// and every number and keyword of the records is set in a font handbill ships.
pub(super) fn check_known(painted: &Painted, rules: &Rules) -> Result<(), String> {
    let (squeezed, owner) = (&painted.text, &painted.owner);
    let mut known: Vec<String> = rules.cx.known.iter().map(|k| squeeze(k)).collect();
    // Longest first, so that a number is not cut short by a shorter one inside it.
    known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    let mut taken = vec![false; squeezed.len()];
    let mut found = Vec::new();
    for k in known.iter().filter(|k| !k.is_empty()) {
        for (at, _) in squeezed.match_indices(k.as_str()) {
            for &i in &owner[at..at + k.len()] {
                foreign_font(&painted.runs[i], rules).map_err(|family| {
                    format!("prints {k} in {family:?}, a font handbill does not ship")
                })?;
            }
            if !taken[at..at + k.len()].contains(&true) {
                taken[at..at + k.len()].fill(true);
                found.push(at..at + k.len());
            }
        }
    }
    found.sort_by_key(|r| r.start);
    for r in &found {
        if let Some(joined) = joined(painted, &taken, r.clone()) {
            return Err(format!(
                "prints a record's number with more digits joined to it ({:?})",
                &squeezed[joined]
            ));
        }
    }
    let mut text = String::with_capacity(squeezed.len());
    let mut from = 0;
    for r in &found {
        text.push_str(&squeezed[from..r.start]);
        text.push(STAND_IN);
        from = r.end;
    }
    text.push_str(&squeezed[from..]);
    for run in &painted.runs {
        let words = run.item.text.split(|c: char| !c.is_alphanumeric());
        if let Some(word) = words
            .into_iter()
            .find(|w| rules.cx.keywords.iter().any(|k| k == w))
        {
            foreign_font(run, rules).map_err(|family| {
                format!("prints the keyword {word} in {family:?}, a font handbill does not ship")
            })?;
        }
    }
    // A record's number with a digit glued to it is another number.
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let glued = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_numeric());
        if *c == STAND_IN && (glued(i.checked_sub(1)) || glued(Some(i + 1))) {
            let from = i.saturating_sub(3);
            let context: String = chars[from..(i + 4).min(chars.len())]
                .iter()
                .map(|&c| if c == STAND_IN { '#' } else { c })
                .collect();
            return Err(format!(
                "prints a record's number with more digits joined to it (…{context}…, # standing for the number)"
            ));
        }
    }
    match text::find_number(&text) {
        Some(found) => Err(format!(
            "prints the number {:?}, which is none of the records' numbers",
            &text[found.range]
        )),
        None => Ok(()),
    }
}

/// The printing of a record's number at `range` of the page's text, with the digits
/// joined to it when there are some: reached through separators with no white space
/// between (`(530) 911-8300` prints 911 inside a number no record has). White space ends
/// the search, so that `1-888-373-7888 (24/7)` is a number and its hours; a digit right
/// beside the number, white space or not, is caught after, on the text with the number
/// stood in for.
fn joined(painted: &Painted, taken: &[bool], range: Range<usize>) -> Option<Range<usize>> {
    let (text, spaced) = (&painted.text, &painted.spaced);
    // What carries a number on: a digit, or a separator that is no white space (the text
    // has none), up to white space or another record's number.
    let carries = |at: usize, c: char| {
        !taken[at] && (c.is_numeric() || (c != BOUNDARY && text::separator(c)))
    };
    // The farthest digit joined on each side.
    let (mut start, mut first) = (range.start, None);
    while let Some(c) = text[..start].chars().next_back() {
        let at = start - c.len_utf8();
        if spaced[start] || !carries(at, c) {
            break;
        }
        start = at;
        if c.is_numeric() {
            first = Some(at);
        }
    }
    let (mut end, mut last) = (range.end, None);
    while let Some(c) = text[end..].chars().next() {
        if spaced[end] || !carries(end, c) {
            break;
        }
        end += c.len_utf8();
        if c.is_numeric() {
            last = Some(end);
        }
    }
    match (first, last) {
        (None, None) => None,
        (first, last) => Some(first.unwrap_or(range.start)..last.unwrap_or(range.end)),
    }
}

/// The family of a run's font when it is not one handbill ships.
fn foreign_font(run: &Run, rules: &Rules) -> Result<(), String> {
    let font = run.item.font.font();
    if (rules.cx.is_builtin)(font) {
        Ok(())
    } else {
        Err(font.info().family.clone())
    }
}

/// The number a code dials stands visibly beside it: some printing of `number` within
/// [`NEAR_CODES`] times the code's size of `code`, that passes [`visible`].
pub(super) fn check_beside(
    page: &Page,
    painted: &Painted,
    rules: &Rules,
    code: Rect,
    number: &str,
) -> Result<(), String> {
    let (text, owner) = (&painted.text, &painted.owner);
    let needle = squeeze(number);
    let reach = (code.max.x - code.min.x) * NEAR_CODES;
    let mut nearest: Option<Abs> = None;
    let mut first_failure = None;
    for (at, _) in text.match_indices(&needle) {
        let mut runs: Vec<usize> = owner[at..at + needle.len()].to_vec();
        runs.dedup();
        let runs: Vec<&Run> = runs.iter().map(|&i| &painted.runs[i]).collect();
        let bbox = runs
            .iter()
            .map(|r| r.bbox())
            .reduce(Rect::union)
            .expect("a match has characters");
        let distance = bbox.distance(code);
        nearest = Some(nearest.map_or(distance, |n| n.min(distance)));
        if distance > reach {
            continue;
        }
        match visible(page, painted, rules, &runs, bbox, None) {
            Ok(()) => return Ok(()),
            Err(why) => {
                first_failure.get_or_insert(why);
            }
        }
    }
    Err(match (first_failure, nearest) {
        (Some(why), _) => format!("the number {number} beside it {why}"),
        (None, Some(n)) => format!(
            "its number {number} is not printed beside it: the nearest stands {:.1} in away (within {:.1} in is needed)",
            n.to_inches(),
            reach.to_inches()
        ),
        (None, None) => format!("its number {number} is not printed on the page"),
    })
}

/// Whether `runs` (with page box `bbox`) are printed so that a reader sees them as they
/// are: large enough, in a built-in font, left to right, nothing over them, and in
/// contrast with what is under them. Says why not.
pub(super) fn visible(
    page: &Page,
    painted: &Painted,
    rules: &Rules,
    runs: &[&Run],
    bbox: Rect,
    under: Option<&Background>,
) -> Result<(), String> {
    for run in runs {
        let pt = run.printed_pt();
        if pt + 0.01 < rules.floor_pt {
            return Err(format!(
                "is set in {pt:.1} pt (at least {} pt is needed)",
                rules.floor_pt
            ));
        }
        if !(rules.cx.is_builtin)(run.item.font.font()) {
            return Err(format!(
                "is set in {:?}, a font handbill does not ship",
                run.item.font.font().info().family
            ));
        }
        if let Some(c) = run.item.text.chars().find(|c| BIDI_CONTROLS.contains(c)) {
            return Err(format!(
                "is set with the direction control U+{:04X}: it would read in another order",
                u32::from(c)
            ));
        }
        let ts = run.ts;
        let upright = ts.sx.get() > 0.0
            && ts.sy.get() > 0.0
            && ts.kx.get().abs() < 0.01 * ts.sx.get()
            && ts.ky.get().abs() < 0.01 * ts.sy.get();
        let forward = run
            .item
            .glyphs
            .windows(2)
            .all(|g| g[0].range.start <= g[1].range.start);
        if !upright || !forward {
            return Err("does not read left to right (it is mirrored, turned or reversed)".into());
        }
    }
    parts_in_order(runs)?;
    match under {
        // The notice: each of its many lines is judged on one coarse render of the page.
        Some(_) => {
            let last = runs.iter().map(|r| r.order).max().unwrap_or(0);
            let covers = |rect: Rect, order: usize, share: f64| {
                order > last && !tiny(rect) && rect.intersect(bbox).area() >= share * bbox.area()
            };
            let covered = painted
                .others
                .iter()
                .any(|&(rect, order)| covers(rect, order, COVER_SHAPE))
                || painted
                    .runs
                    .iter()
                    .any(|r| covers(r.bbox(), r.order, COVER_TEXT));
            if covered {
                return Err("has something drawn over it".into());
            }
        }
        // A code's number: rendered as the page has it, and again with the number on
        // top of everything; any difference is something drawn over it, however many
        // pieces it comes in.
        None => {
            let hidden = hidden_share(page, runs, bbox);
            if hidden > MAX_HIDDEN {
                return Err(format!(
                    "has something drawn over it ({:.0} % of its box reads otherwise than the number alone)",
                    hidden * 100.0
                ));
            }
        }
    }
    let ratio = contrast(page, runs, bbox, under)?;
    if ratio < MIN_TEXT_CONTRAST {
        return Err(format!(
            "is only {ratio:.1}:1 in contrast with what is under it ({MIN_TEXT_CONTRAST}:1 is needed)"
        ));
    }
    Ok(())
}

/// The share of a number's box that may read otherwise than the number drawn on top:
/// anti-aliased edges, nothing more.
const MAX_HIDDEN: f64 = 0.01;

/// A number's parts (its runs) stand on one line, left to right, each touching the next,
/// and none is spaced out or outlined past reading.
fn parts_in_order(runs: &[&Run]) -> Result<(), String> {
    for run in runs {
        let size = run.item.size;
        let glyphs = run.item.glyphs.len().max(1) as f64;
        if run.item.width() > size * (1.0 * glyphs) {
            return Err("is spaced out: its digits stand apart".into());
        }
        if let Some(stroke) = &run.item.stroke
            && stroke.thickness > size * 0.08
        {
            return Err("is outlined by a stroke too thick to read through".into());
        }
    }
    for pair in runs.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if !same_line(a, b) {
            return Err("is broken across lines: a number split in two is easy to misdial".into());
        }
        let end = Point::new(a.item.width(), Abs::zero()).transform(a.ts).x;
        let start = Point::zero().transform(b.ts).x;
        if start < end - a.item.size * 0.1 {
            return Err("does not read left to right (its parts are out of order)".into());
        }
        if start - end > a.item.size.min(b.item.size) * 0.35 {
            return Err("stands in parts apart from each other".into());
        }
    }
    Ok(())
}

/// The share of `bbox` where the page as printed differs from the page with `runs`
/// painted last: what is drawn over the number.
fn hidden_share(page: &Page, runs: &[&Run], bbox: Rect) -> f64 {
    let height = (bbox.max.y - bbox.min.y).to_pt().max(1.0);
    // About 48 pixels over the number's height: enough to see a stripe over a digit.
    let scale = (48.0 / height).clamp(0.5, 4.0);
    let skip: Vec<*const TextItem> = runs.iter().map(|r| r.item as *const TextItem).collect();
    let (as_printed, ..) = render_area(page, bbox, scale, &[], &[]);
    let (on_top, ..) = render_area(page, bbox, scale, &skip, runs);
    let differ = as_printed
        .iter()
        .zip(&on_top)
        .filter(|(a, b)| (*a - *b).abs() > 0.1)
        .count();
    differ as f64 / as_printed.len().max(1) as f64
}

/// The luminance of the page inside `area` at `scale` pixels a point, without the runs in
/// `skip`, and with `on_top` painted over everything, on the page's own background; with
/// the image's width and height.
pub(super) fn render_area(
    page: &Page,
    area: Rect,
    scale: f64,
    skip: &[*const TextItem],
    on_top: &[&Run],
) -> (Vec<f64>, usize, usize) {
    let size = Size::new(area.max.x - area.min.x, area.max.y - area.min.y);
    let mut frame = Frame::hard(size);
    let near = super::codes::prune(&page.frame, Transform::identity(), area, skip);
    frame.push_frame(Point::zero() - area.min, near);
    for run in on_top {
        let mut glyphs = Frame::soft(Size::zero());
        glyphs.push(Point::zero(), FrameItem::Text(run.item.clone()));
        let mut group = GroupItem::new(glyphs);
        group.transform = Transform::translate(-area.min.x, -area.min.y).pre_concat(run.ts);
        frame.push(Point::zero(), FrameItem::Group(group));
    }
    let region = Page {
        frame,
        bleed: Sides::splat(Abs::zero()),
        fill: page.fill.clone(),
        numbering: None,
        supplement: typst::foundations::Content::empty(),
        number: 1,
    };
    let options = typst_render::RenderOptions {
        pixel_per_pt: Scalar::new(scale),
        render_bleed: false,
    };
    let pixmap = typst_render::render(&region, &options);
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    (pixels::luminances(pixmap.data()), w, h)
}

/// A box too small to hide a glyph: a hairline rule beside text is no cover.
fn tiny(rect: Rect) -> bool {
    let w = rect.max.x - rect.min.x;
    let h = rect.max.y - rect.min.y;
    w.to_pt() < 0.5 || h.to_pt() < 0.5
}

/// Whether `run` continues `prev` on the page: on its line, starting where it ends.
pub(super) fn continues(prev: &Run, run: &Run) -> bool {
    let end = Point::new(prev.item.width(), Abs::zero())
        .transform(prev.ts)
        .x;
    let start = Point::zero().transform(run.ts).x;
    same_line(prev, run) && (start - end).abs() <= prev.item.size.min(run.item.size) * 0.35
}

/// Whether two runs stand on one baseline.
pub(super) fn same_line(a: &Run, b: &Run) -> bool {
    let ya = Point::zero().transform(a.ts).y;
    let yb = Point::zero().transform(b.ts).y;
    (ya - yb).abs() < a.item.size.min(b.item.size) * 0.5
}

/// The contrast of the runs' ink with what the page paints under them: the box rendered
/// without the runs, its typical luminance against the ink's laid over it.
fn contrast(
    page: &Page,
    runs: &[&Run],
    bbox: Rect,
    under: Option<&Background>,
) -> Result<f64, String> {
    let mut ink = Vec::new();
    for run in runs {
        // A stroke is ink too: in the colour of what is under it, it eats the glyphs.
        let stroke = run.item.stroke.as_ref().map(|s| &s.paint);
        for paint in std::iter::once(&run.item.fill).chain(stroke) {
            match paint {
                Paint::Solid(color) => {
                    let rgb = color.to_rgb();
                    ink.push((rgb.red, rgb.green, rgb.blue, rgb.alpha));
                }
                _ => return Err("is set in a gradient or pattern, not one solid colour".into()),
            }
        }
    }
    let background = match under {
        Some(under) => under.median_in(bbox),
        None => {
            let skip: Vec<*const TextItem> =
                runs.iter().map(|r| r.item as *const TextItem).collect();
            render_without(page, bbox, &skip)
        }
    };
    let to8 = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    let worst = ink
        .iter()
        .map(|&(r, g, b, a)| {
            let fill = pixels::luminance(to8(r), to8(g), to8(b));
            // Ink that lets the paper through is only as dark as what it lets through.
            let a = f64::from(a.clamp(0.0, 1.0));
            pixels::contrast(a * fill + (1.0 - a) * background, background)
        })
        .fold(f64::INFINITY, f64::min);
    Ok(worst)
}

/// Points a pixel of a [`Background`]: the notice's lines are 16 pt or more, so four
/// pixels or more high.
const BACKGROUND_PT_PER_PX: f64 = 4.0;

/// A page rendered once without any text, coarsely: what lies under each line of type,
/// for pages where every line is checked (the notice).
pub(super) struct Background {
    lum: Vec<f64>,
    width: usize,
    height: usize,
}

impl Background {
    /// Renders `page` without its text.
    pub(super) fn of(page: &Page, painted: &Painted) -> Self {
        let skip: Vec<*const TextItem> = painted
            .runs
            .iter()
            .map(|r| r.item as *const TextItem)
            .collect();
        let area = Rect::of(Transform::identity(), page.frame.size());
        let (lum, width, height) = render_area(page, area, 1.0 / BACKGROUND_PT_PER_PX, &skip, &[]);
        Self { lum, width, height }
    }

    /// The median luminance inside `area`.
    fn median_in(&self, area: Rect) -> f64 {
        let clamp =
            |v: Abs, max: usize| ((v.to_pt() / BACKGROUND_PT_PER_PX).max(0.0) as usize).min(max);
        let (x0, x1) = (clamp(area.min.x, self.width), clamp(area.max.x, self.width));
        let (y0, y1) = (
            clamp(area.min.y, self.height),
            clamp(area.max.y, self.height),
        );
        let mut values: Vec<f64> = (y0..y1.max(y0 + 1).min(self.height))
            .flat_map(|y| (x0..x1.max(x0 + 1).min(self.width)).map(move |x| (x, y)))
            .map(|(x, y)| self.lum[y * self.width + x])
            .collect();
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(1.0)
    }
}

/// The median luminance of the page inside `area`, rendered without the runs in `skip`.
fn render_without(page: &Page, area: Rect, skip: &[*const TextItem]) -> f64 {
    if area.area() <= 0.0 {
        return 1.0;
    }
    // A pixel a point is plenty to know the colour under a line of type.
    let (mut lum, ..) = render_area(page, area, 1.0, skip, &[]);
    lum.sort_by(f64::total_cmp);
    lum.get(lum.len() / 2).copied().unwrap_or(1.0)
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}
