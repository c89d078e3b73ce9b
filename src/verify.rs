//! Checks on the laid-out document and the rendered page, run on every document before it
//! may be written: QR codes decode to their data at their size, numbers beside them match,
//! nothing overflows or is clipped, no glyph is missing.

use std::collections::BTreeSet;

use rqrr::BitGrid;
use serde::Serialize;
use typst::foundations::{Content, Label, Selector, Value};
use typst::introspection::Introspector;
use typst::layout::{Abs, Frame, FrameItem, GroupItem, Point, Sides, Size, Transform};
use typst::utils::Numeric;
use typst::utils::{PicoStr, Scalar};
use typst_layout::{Page, PagedDocument};

use crate::error::Error;
use crate::inputs::Codes;
use crate::overflow::Blame;
use crate::plan::{Job, Material};
use crate::project::Content as Words;
use crate::project::Notice;
use crate::qr::QUIET_ZONE;

/// The label `templates/lib/qr.typ` puts on the metadata it places at each code's corner.
pub const QR_LABEL: &str = "handbill-qr";

/// Pixels per module when a code is rendered to be read back: scanners need 3 or more,
/// one more leaves room for anti-aliasing.
const PIXELS_PER_MODULE: f64 = 4.0;

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
}

/// Runs every check on one rendered job (the page count is checked by the renderer).
pub fn verify(job: &Job, document: &PagedDocument, codes: &Codes) -> Result<Vec<FoundQr>, Error> {
    let fail = |(code, message): (&'static str, String)| Error::Check {
        code,
        document: job.name(),
        message,
    };
    let texts: Vec<String> = document
        .pages()
        .iter()
        .map(|p| page_text(&p.frame))
        .collect();
    for (i, page) in document.pages().iter().enumerate() {
        let on_page = |code| move |m| (code, format!("page {}: {m}", i + 1));
        check_glyphs(&page.frame)
            .map_err(on_page("missing-glyph"))
            .map_err(fail)?;
        check_clipping(&page.frame)
            .map_err(on_page("cut-off"))
            .map_err(fail)?;
    }
    let found = check_codes(job.material, document, codes, &texts).map_err(fail)?;
    Ok(found)
}

/// The error of a document with more pages than its material: the fields that take the
/// room and by how much it spills, measured when the template allows; else the content
/// field split across the page break.
pub fn page_count_error(
    job: &Job,
    document: &PagedDocument,
    words: Option<&Words>,
    blame: Option<Blame>,
) -> Error {
    let pages = document.pages();
    let expected = job.material.pages();
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

/// The least type size the statute allows on the notice, in points.
pub const NOTICE_MIN_PT: f64 = 16.0;

/// The § 52.6 rules, measured on the laid-out notice, never trusted from the template:
/// at least 8.5 × 11 in, every glyph at 16 pt or more, every required language's text whole.
pub fn check_notice(job: &Job, document: &PagedDocument, notice: &Notice) -> Result<(), Error> {
    let fail = |code: &'static str, message: String| Error::Check {
        code,
        document: job.name(),
        message,
    };
    let langs = match job.material {
        Material::NoticeCombined => notice.languages(),
        _ => vec![job.lang.as_str()],
    };
    let sections = notice.sections(&langs);
    // Text run off the page would still be "printed" to the word check below.
    for (i, page) in document.pages().iter().enumerate() {
        check_clipping(&page.frame).map_err(|m| fail("cut-off", format!("page {}: {m}", i + 1)))?;
    }
    let mut seen = vec![false; sections.len()];
    for (i, page) in document.pages().iter().enumerate() {
        let n = i + 1;
        let size = page.frame.size();
        let (w, h) = (size.x.to_inches(), size.y.to_inches());
        if w.min(h) < 8.5 - 1e-3 || w.max(h) < 11.0 - 1e-3 {
            return Err(fail(
                "notice-size",
                format!("page {n} is {w:.2} × {h:.2} in; the notice must be at least 8.5 × 11 in"),
            ));
        }
        let mut small = None;
        walk_text(&page.frame, Transform::identity(), &mut |ts, item| {
            let a = Point::zero().transform(ts);
            let b = Point::new(Abs::zero(), item.size).transform(ts);
            let pt = (b - a).hypot().to_pt();
            if small.is_none() && pt < NOTICE_MIN_PT - 0.01 {
                small = Some((pt, item.text.to_string()));
            }
        });
        if let Some((pt, text)) = small {
            return Err(fail(
                "notice-type-size",
                format!(
                    "page {n}: {text:?} is set in {pt:.1} pt; the notice needs {NOTICE_MIN_PT} pt or more"
                ),
            ));
        }
        let text = page_text(&page.frame);
        for (section, seen) in sections.iter().zip(&mut seen) {
            *seen |= in_order(&text, &section.pieces());
        }
    }
    for (section, seen) in sections.iter().zip(seen) {
        if !seen {
            return Err(fail(
                "notice-text",
                format!(
                    "the notice text in {:?} is not printed whole and word for word",
                    section.lang
                ),
            ));
        }
    }
    Ok(())
}

/// Whether every piece stands whole in `text`, each after the one before.
fn in_order(text: &str, pieces: &[String]) -> bool {
    let mut rest = text;
    for piece in pieces {
        match rest.find(&squeeze(piece)) {
            Some(at) => rest = &rest[at + squeeze(piece).len()..],
            None => return false,
        }
    }
    true
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
fn check_clipping(page: &Frame) -> Result<(), String> {
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

/// An axis-aligned rectangle in page coordinates.
#[derive(Clone, Copy)]
struct Rect {
    min: Point,
    max: Point,
}

impl Rect {
    /// The page-space box of a frame of `size` placed by `ts`.
    fn of(ts: Transform, size: Size) -> Self {
        Self::spanning(ts, Point::zero(), size.to_point())
    }

    /// The page-space box spanned by two corners given in the coordinates of `ts`.
    fn spanning(ts: Transform, min: Point, max: Point) -> Self {
        let a = min.transform(ts);
        let b = max.transform(ts);
        Self {
            min: Point::new(a.x.min(b.x), a.y.min(b.y)),
            max: Point::new(a.x.max(b.x), a.y.max(b.y)),
        }
    }

    fn overlaps(self, other: Rect) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }

    fn intersect(self, other: Rect) -> Rect {
        Rect {
            min: Point::new(self.min.x.max(other.min.x), self.min.y.max(other.min.y)),
            max: Point::new(self.max.x.min(other.max.x), self.max.y.min(other.max.y)),
        }
    }
}

/// Every code the template placed is read back from the rendered page, where it is: it must
/// decode to the payload the data asked for, be large enough, keep its quiet zone clear,
/// and stand on a page that prints the number it dials.
fn check_codes(
    material: Material,
    document: &PagedDocument,
    codes: &Codes,
    texts: &[String],
) -> Result<Vec<FoundQr>, (&'static str, String)> {
    let label = Label::new(PicoStr::intern(QR_LABEL)).expect("the label is not empty");
    let introspector = document.introspector();
    let mut found = Vec::new();
    for placed in introspector.query(&Selector::Label(label)) {
        let Some(mark) = Mark::of(&placed, introspector.as_ref()) else {
            return Err((
                "qr-unknown",
                format!("a <{QR_LABEL}> mark is not one handbill's QR code function made"),
            ));
        };
        let page = mark.page;
        let Some((_, _, printed)) = codes
            .all()
            .into_iter()
            .find(|(_, c, _)| c.payload == mark.payload)
        else {
            return Err((
                "qr-unknown",
                format!(
                    "page {page}: a QR code claims to carry {:?}, which is not in the data",
                    mark.payload
                ),
            ));
        };
        let read = read_code(&document.pages()[page - 1], &mark).map_err(|(code, why)| {
            (
                code,
                format!("page {page}: the QR code for {:?} {why}", mark.payload),
            )
        })?;
        if read.payload != mark.payload {
            return Err((
                "qr-unreadable",
                format!(
                    "page {page}: the QR code for {:?} decodes to {:?}",
                    mark.payload, read.payload
                ),
            ));
        }
        let min = material.min_qr_inches();
        if read.inches + 0.005 < min {
            return Err((
                "qr-too-small",
                format!(
                    "page {page}: the QR code for {:?} spans {:.2} in; a {} needs at least {min} in",
                    mark.payload,
                    read.inches,
                    material.name()
                ),
            ));
        }
        if let Some(printed) = printed
            && !texts[page - 1].contains(&squeeze(printed))
        {
            return Err((
                "qr-number-missing",
                format!(
                    "page {page}: the QR code dials {printed}, but that number is not printed on the page"
                ),
            ));
        }
        found.push(FoundQr {
            page,
            payload: read.payload,
            inches: read.inches,
            verified: true,
        });
    }
    let present: BTreeSet<&str> = found.iter().map(|f| f.payload.as_str()).collect();
    for name in material.required_codes() {
        let (_, code, _) = codes
            .all()
            .into_iter()
            .find(|(n, ..)| n == name)
            .expect("a known code");
        if !present.contains(code.payload.as_str()) {
            return Err((
                "qr-missing",
                format!("the {name} QR code ({}) is missing", code.payload),
            ));
        }
    }
    Ok(found)
}

/// Where a template placed a code, and what it says the code carries.
struct Mark {
    page: usize,
    at: Point,
    outer: Abs,
    modules: usize,
    payload: String,
}

impl Mark {
    fn of(content: &Content, introspector: &dyn Introspector) -> Option<Self> {
        let Ok(Value::Dict(dict)) = content.get_by_name("value") else {
            return None;
        };
        let location = content.location()?;
        let position = document_position(introspector, location)?;
        let payload = dict.get("payload").ok()?.clone().cast::<String>().ok()?;
        let outer = match dict.get("outer").ok()? {
            Value::Length(length) if length.em.is_zero() => length.abs,
            _ => return None,
        };
        let modules =
            usize::try_from(dict.get("modules").ok()?.clone().cast::<i64>().ok()?).ok()?;
        Some(Self {
            page: position.0,
            at: position.1,
            outer,
            modules,
            payload,
        })
    }
}

fn document_position(
    introspector: &dyn Introspector,
    location: typst::introspection::Location,
) -> Option<(usize, Point)> {
    match introspector.position(location)? {
        typst::introspection::DocumentPosition::Paged(p) => Some((p.page.get(), p.point)),
        _ => None,
    }
}

/// What a code read back from the page says, and how large it is printed.
struct Read {
    payload: String,
    inches: f64,
}

/// Renders only the code's square, at four pixels a module, and reads it back from the
/// pixels: where it is drawn, how large, whether its quiet zone is clear, what it says.
fn read_code(page: &Page, mark: &Mark) -> Result<Read, (&'static str, String)> {
    let side = mark.outer.to_pt();
    // A QR code has 21 to 177 modules a side; anything else is not a code to render.
    if side <= 0.0 || !(21..=177).contains(&mark.modules) {
        return Err(("qr-unreadable", "has no size".into()));
    }
    let total = (mark.modules + 2 * QUIET_ZONE) as f64;
    let pixel_per_pt = PIXELS_PER_MODULE * total / side;
    let area = Rect {
        min: mark.at,
        max: mark.at + Point::splat(mark.outer),
    };
    let mut frame = Frame::hard(Size::splat(mark.outer));
    frame.push_frame(
        Point::zero() - mark.at,
        prune(&page.frame, Transform::identity(), area),
    );
    let region = Page {
        frame,
        bleed: Sides::splat(Abs::zero()),
        // The page's own background: a code is read against what it is printed on.
        fill: page.fill.clone(),
        numbering: None,
        supplement: Content::empty(),
        number: 1,
    };
    let options = typst_render::RenderOptions {
        pixel_per_pt: Scalar::new(pixel_per_pt),
        render_bleed: false,
    };
    let pixmap = typst_render::render(&region, &options);
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let gray: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .map(|p| ((u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2])) / 3) as u8)
        .collect();
    let dark = |x: usize, y: usize| gray[y * w + x] < 128;

    // The code's extent as drawn: its three finder patterns put dark modules in its
    // corners, so the dark pixels' bounding box is the span of its modules. The outermost
    // pixels are left out: they also sample what touches the square from outside.
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for y in 1..h.saturating_sub(1) {
        for x in 1..w.saturating_sub(1) {
            if dark(x, y) {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
        }
    }
    if x0 > x1 {
        return Err(("qr-unreadable", "is blank on the page".into()));
    }
    let module_px = w as f64 / total;
    let span_px = ((x1 - x0 + 1) as f64).max((y1 - y0 + 1) as f64);
    let inches = span_px / pixel_per_pt / 72.0;

    // The quiet zone: four modules of light on every side. Anything dark there, whether
    // another mark or a code drawn larger than its square, moves the box into it.
    let need = (QUIET_ZONE as f64 - 0.5) * module_px;
    let margins = [
        x0 as f64,
        y0 as f64,
        (w - 1 - x1) as f64,
        (h - 1 - y1) as f64,
    ];
    if margins.iter().any(|&m| m < need) {
        return Err((
            "qr-quiet-zone",
            format!(
                "has something in its quiet zone ({QUIET_ZONE} modules of light are needed on every side)"
            ),
        ));
    }

    // Read each module at its centre, from the box as drawn, and decode.
    let size = mark.modules;
    let pitch_x = (x1 - x0 + 1) as f64 / size as f64;
    let pitch_y = (y1 - y0 + 1) as f64 / size as f64;
    let mut bits = Vec::with_capacity(size * size);
    for my in 0..size {
        for mx in 0..size {
            let x = x0 as f64 + (mx as f64 + 0.5) * pitch_x;
            let y = y0 as f64 + (my as f64 + 0.5) * pitch_y;
            bits.push(dark(x as usize, y as usize));
        }
    }
    let grid = rqrr::Grid {
        grid: Modules { size, bits },
        bounds: [rqrr::Point { x: 0, y: 0 }; 4],
    };
    let (_, payload) = grid
        .decode()
        .map_err(|e| ("qr-unreadable", format!("does not decode: {e}")))?;
    Ok(Read { payload, inches })
}

/// A copy of `frame` keeping only what may reach into `area` (page coordinates), so that
/// rendering a code's square does not rasterise every glyph of the page. Groups are always
/// entered: what they hold may reach beyond their own bounds.
fn prune(frame: &Frame, ts: Transform, area: Rect) -> Frame {
    let mut out = Frame::hard(frame.size());
    for (pos, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
        let reaches = |min: Point, max: Point| Rect::spanning(here, min, max).overlaps(area);
        let kept = match item {
            FrameItem::Group(group) => {
                let inner = prune(&group.frame, here.pre_concat(group.transform), area);
                (!inner.is_empty()).then(|| {
                    FrameItem::Group(GroupItem {
                        frame: inner,
                        ..group.clone()
                    })
                })
            }
            FrameItem::Text(text) => {
                // Generous vertical bounds: accents and descenders reach past the em box.
                let top = Point::new(-text.size, -text.size * 1.5);
                let bottom = Point::new(text.width() + text.size, text.size);
                reaches(top, bottom).then(|| item.clone())
            }
            FrameItem::Shape(shape, _) => {
                let bbox = shape.bbox(true);
                reaches(bbox.min, bbox.max).then(|| item.clone())
            }
            FrameItem::Image(_, size, _) => {
                reaches(Point::zero(), size.to_point()).then(|| item.clone())
            }
            FrameItem::Link(..) | FrameItem::Tag(_) => None,
        };
        if let Some(kept) = kept {
            out.push(*pos, kept);
        }
    }
    out
}

/// Modules sampled from a rendered code, in rows.
struct Modules {
    size: usize,
    bits: Vec<bool>,
}

impl BitGrid for Modules {
    fn size(&self) -> usize {
        self.size
    }

    fn bit(&self, y: usize, x: usize) -> bool {
        self.bits[y * self.size + x]
    }
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

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn walk_text(frame: &Frame, ts: Transform, f: &mut impl FnMut(Transform, &typst::text::TextItem)) {
    for (pos, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => walk_text(&group.frame, here.pre_concat(group.transform), f),
            FrameItem::Text(text) => f(here, text),
            _ => {}
        }
    }
}
