//! QR codes read back from the rendered page, where they stand and as they will print.

use std::collections::BTreeSet;

use rqrr::BitGrid;
use typst::foundations::{Content, Label, Selector, Value};
use typst::introspection::Introspector;
use typst::layout::{Abs, Frame, FrameItem, GroupItem, Point, Transform};
use typst::utils::Numeric;
use typst::utils::{PicoStr, Scalar};
use typst_layout::{Page, PagedDocument};

use super::geometry::Rect;
use super::{FoundQr, pixels};
use crate::inputs::Codes;
use crate::plan::Job;
use crate::qr::{QUIET_ZONE, QrCode};

/// The label `templates/lib/qr.typ` puts on the metadata it places at each code's corner.
pub const QR_LABEL: &str = "handbill-qr";

/// Pixels per module when a code is rendered to be read back: scanners need 3 or more,
/// one more leaves room for anti-aliasing.
const PIXELS_PER_MODULE: f64 = 4.0;

/// Every code the template placed is read back from the rendered page, where it is: it must
/// decode to the payload the data asked for, be large enough, keep its quiet zone clear,
/// and stand on a page that prints the number it dials.
pub(super) fn check_codes(
    job: &Job,
    document: &PagedDocument,
    codes: &Codes,
) -> Result<(Vec<FoundQr>, Vec<Placed>), Failure> {
    let label = Label::new(PicoStr::intern(QR_LABEL)).expect("the label is not empty");
    let introspector = document.introspector();
    let mut found = Vec::new();
    let mut placed_codes = Vec::new();
    for placed in introspector.query(&Selector::Label(label)) {
        let Some(mark) = Mark::of(&placed, introspector.as_ref()) else {
            return Err((
                "qr-unknown",
                format!("a <{QR_LABEL}> mark is not one handbill's QR code function made"),
            ));
        };
        let page = mark.page;
        let Some((_, code, printed)) = codes
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
        let read = read_code(&document.pages()[page - 1], &mark, code).map_err(|(code, why)| {
            (
                code,
                format!("page {page}: the QR code for {:?} {why}", mark.payload),
            )
        })?;
        let min = job.material.spec().min_qr_inches;
        if read.inches + 0.005 < min {
            return Err((
                "qr-too-small",
                format!(
                    "page {page}: the QR code for {:?} spans {:.2} in; a {} needs at least {min} in",
                    mark.payload,
                    read.inches,
                    job.material.name()
                ),
            ));
        }
        let module = read.inches / mark.modules as f64;
        if module + 0.0005 < crate::qr::MIN_MODULE_INCHES {
            return Err((
                "qr-too-small",
                format!(
                    "page {page}: the QR code for {:?} has {} modules a side, each {:.2} mm: a phone needs {:.2} mm; shorten the payload or print the code larger",
                    mark.payload,
                    mark.modules,
                    module * 25.4,
                    crate::qr::MIN_MODULE_INCHES * 25.4
                ),
            ));
        }
        let quiet = mark.outer * (QUIET_ZONE as f64 / (mark.modules + 2 * QUIET_ZONE) as f64);
        placed_codes.push(Placed {
            page,
            square: Rect {
                min: mark.at,
                max: mark.at + Point::splat(mark.outer),
            },
            modules: Rect {
                min: mark.at + Point::splat(quiet),
                max: mark.at + Point::splat(mark.outer - quiet),
            },
            payload: mark.payload.clone(),
            printed: printed.map(str::to_string),
        });
        found.push(FoundQr {
            page,
            payload: read.payload,
            inches: read.inches,
            verified: true,
            centre: mark.at + Point::splat(mark.outer / 2.0),
        });
    }
    let present: BTreeSet<&str> = found.iter().map(|f| f.payload.as_str()).collect();
    for name in job.required_codes() {
        let (_, code, _) = codes
            .all()
            .into_iter()
            .find(|(n, ..)| *n == name)
            .expect("a known code");
        if !present.contains(code.payload.as_str()) {
            return Err((
                "qr-missing",
                format!("the {name} QR code ({}) is missing", code.payload),
            ));
        }
    }
    Ok((found, placed_codes))
}

/// A code handbill placed and read back: where it stands, and the number it dials as
/// printed.
pub(super) struct Placed {
    pub page: usize,
    /// The code with its quiet zone.
    pub square: Rect,
    /// Its modules alone: what must stay clear of the cut.
    pub modules: Rect,
    pub payload: String,
    pub printed: Option<String>,
}

/// Every code a detector finds in the luminances `lum` of a `w` × `h` image, at any angle:
/// its centre in pixels, and what it decodes to, if it does.
pub(super) fn scan(lum: &[f64], w: usize, h: usize) -> Vec<((f64, f64), Option<String>)> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        (lum[y * w + x].powf(1.0 / 2.2) * 255.0) as u8
    });
    image
        .detect_grids()
        .into_iter()
        .map(|grid| {
            let [a, b, c, d] = grid.bounds;
            let cx = f64::from(a.x + b.x + c.x + d.x) / 4.0;
            let cy = f64::from(a.y + b.y + c.y + d.y) / 4.0;
            ((cx, cy), grid.decode().ok().map(|(_, payload)| payload))
        })
        .collect()
}

/// Every code a screen reader meets says what it does: the image in the code's square
/// has alt text, and a code that dials gives the number it dials, as printed.
pub(super) fn check_alt(page: &Page, placed: &[Placed], n: usize) -> Result<(), Failure> {
    fn images(frame: &Frame, ts: Transform, out: &mut Vec<(Point, Option<String>)>) {
        for (pos, item) in frame.items() {
            let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
            match item {
                FrameItem::Group(group) => {
                    images(&group.frame, here.pre_concat(group.transform), out)
                }
                FrameItem::Image(image, size, _) => {
                    let centre = Point::new(size.x / 2.0, size.y / 2.0).transform(here);
                    out.push((centre, image.alt().map(str::to_string)));
                }
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    images(&page.frame, Transform::identity(), &mut found);
    for code in placed.iter().filter(|c| c.page == n) {
        let (min, max) = (code.square.min, code.square.max);
        let inside = |p: &Point| p.x > min.x && p.x < max.x && p.y > min.y && p.y < max.y;
        let alt = found
            .iter()
            .filter(|(centre, _)| inside(centre))
            .find_map(|(_, alt)| alt.as_deref().map(str::trim).filter(|a| !a.is_empty()));
        let why = match (alt, &code.printed) {
            (None, _) => "has no alt text: a screen reader says nothing of it".to_string(),
            (Some(alt), Some(number)) if !alt.contains(number.as_str()) => {
                format!("has alt text {alt:?}, which does not give the number {number} it dials")
            }
            _ => continue,
        };
        return Err((
            "qr-alt",
            format!("page {n}: the QR code for {:?} {why}", code.payload),
        ));
    }
    Ok(())
}

/// A failed check: its code and message.
pub(super) type Failure = (&'static str, String);

/// Resolution of the scan for codes handbill did not place: a 0.8 in code of 33 modules
/// still gets more than 3 pixels a module.
const SCAN_PIXELS_PER_PT: f64 = 2.0;

/// No code on the page that handbill did not place: every code a detector finds at low
/// resolution on the whole page must be one of the verified ones.
pub(super) fn check_unmarked(
    page: &Page,
    placed: &[Placed],
    n: usize,
) -> Result<(), (&'static str, String)> {
    let options = typst_render::RenderOptions {
        pixel_per_pt: Scalar::new(SCAN_PIXELS_PER_PT),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let mut lum = pixels::luminances(pixmap.data());
    // The codes handbill placed are read and checked on their own; blanked here, their
    // finder patterns cannot pair with a neighbour's into a grid that belongs to neither
    // (two codes side by side do that). Anything drawn over them fails their own checks.
    for p in placed.iter().filter(|p| p.page == n) {
        let px = |v: Abs, max: usize| ((v.to_pt() * SCAN_PIXELS_PER_PT).max(0.0) as usize).min(max);
        let (x0, x1) = (px(p.square.min.x, w), px(p.square.max.x, w));
        let (y0, y1) = (px(p.square.min.y, h), px(p.square.max.y, h));
        for row in lum[y0 * w..y1 * w].chunks_mut(w) {
            row[x0..x1].fill(1.0);
        }
    }
    for (centre, decoded) in scan(&lum, w, h) {
        let (cx, cy) = (centre.0 / SCAN_PIXELS_PER_PT, centre.1 / SCAN_PIXELS_PER_PT);
        let centre = Point::new(Abs::pt(cx), Abs::pt(cy));
        let ours = placed.iter().any(|p| {
            p.page == n
                && p.square.min.x <= centre.x
                && centre.x <= p.square.max.x
                && p.square.min.y <= centre.y
                && centre.y <= p.square.max.y
        });
        if !ours {
            let says =
                decoded.map_or_else(|| "does not decode".to_string(), |p| format!("reads {p:?}"));
            return Err((
                "qr-unmarked",
                format!(
                    "page {n}: a QR code that handbill did not place and verify ({says}, {:.1} in from the left, {:.1} in from the top); draw codes with qr-code from templates/lib/qr.typ",
                    cx / 72.0,
                    cy / 72.0
                ),
            ));
        }
    }
    Ok(())
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

/// The least contrast between a code's dark and light modules, as WCAG measures it.
pub(super) const MIN_CODE_CONTRAST: f64 = 4.0;

/// Renders the code's square as it will print (everything the page draws over or under
/// it, at any angle), at four pixels a module, and reads it back from the pixels: that it
/// lies on the page, where its modules are drawn and how large, that its quiet zone is
/// clear, that dark and light differ enough in luminance, that every module reads as the
/// code has it, and what it says.
fn read_code(page: &Page, mark: &Mark, code: &QrCode) -> Result<Read, (&'static str, String)> {
    let side = mark.outer.to_pt();
    // A QR code has 21 to 177 modules a side; anything else is not a code to render.
    if side <= 0.0 || !(21..=177).contains(&mark.modules) || mark.modules != code.modules {
        return Err(("qr-unreadable", "has no size".into()));
    }
    let area = Rect {
        min: mark.at,
        max: mark.at + Point::splat(mark.outer),
    };
    let paper = Rect::of(Transform::identity(), page.frame.size());
    let on_paper = paper.intersect(area);
    if on_paper.min.x >= on_paper.max.x || on_paper.min.y >= on_paper.max.y {
        return Err(("qr-off-page", "lies wholly off the page".into()));
    }
    // A hair of slack for rounding; a code cut by the edge loses its quiet zone or more.
    let slack = Abs::pt(0.01);
    if on_paper.min.x - area.min.x > slack
        || on_paper.min.y - area.min.y > slack
        || area.max.x - on_paper.max.x > slack
        || area.max.y - on_paper.max.y > slack
    {
        let cut = (on_paper.min.x - area.min.x)
            .max(on_paper.min.y - area.min.y)
            .max(area.max.x - on_paper.max.x)
            .max(area.max.y - on_paper.max.y);
        return Err((
            "qr-off-page",
            format!(
                "lies partly off the page ({:.2} in of it is cut off)",
                cut.to_inches()
            ),
        ));
    }
    let total = (mark.modules + 2 * QUIET_ZONE) as f64;
    let pixel_per_pt = PIXELS_PER_MODULE * total / side;
    // The page's own background counts: a code is read against what it is printed on.
    let (lum, w, h) = super::numbers::render_area(page, area, pixel_per_pt, &[], &[]);
    let dark = |x: usize, y: usize| lum[y * w + x] < pixels::DARK_BELOW;

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
        return Err((
            "qr-contrast",
            "shows no module dark enough to read on its background".into(),
        ));
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

    // Read each module at its centre, from the box as drawn.
    let size = mark.modules;
    let pitch_x = (x1 - x0 + 1) as f64 / size as f64;
    let pitch_y = (y1 - y0 + 1) as f64 / size as f64;
    let at = |mx: f64, my: f64| {
        let x = (x0 as f64 + (mx + 0.5) * pitch_x).clamp(0.0, (w - 1) as f64);
        let y = (y0 as f64 + (my + 0.5) * pitch_y).clamp(0.0, (h - 1) as f64);
        y as usize * w + x as usize
    };
    let expected = code.dark_modules();
    let mut bits = Vec::with_capacity(size * size);
    let (mut darks, mut lights) = (Vec::new(), Vec::new());
    let mut wrong = 0;
    for my in 0..size {
        for mx in 0..size {
            let y = lum[at(mx as f64, my as f64)];
            let is_dark = y < pixels::DARK_BELOW;
            bits.push(is_dark);
            if expected[my * size + mx] {
                darks.push(y);
            } else {
                lights.push(y);
            }
            wrong += usize::from(is_dark != expected[my * size + mx]);
        }
    }
    // The quiet zone is the code's light too: one ring of module centres around it.
    for i in -1..=size as isize {
        for (mx, my) in [(i, -1), (i, size as isize), (-1, i), (size as isize, i)] {
            lights.push(lum[at(mx as f64, my as f64)]);
        }
    }
    // The colours the code is printed in: the typical dark and light module. (What
    // covers a few modules is found below, module by module.)
    let ratio = pixels::contrast(median(&mut darks), median(&mut lights));
    if ratio < MIN_CODE_CONTRAST {
        return Err((
            "qr-contrast",
            format!(
                "has modules and background only {ratio:.1}:1 apart in luminance (at least {MIN_CODE_CONTRAST}:1 is needed, and a greyscale copy loses the rest)"
            ),
        ));
    }
    let grid = rqrr::Grid {
        grid: Modules { size, bits },
        bounds: [rqrr::Point { x: 0, y: 0 }; 4],
    };
    let decoded = grid.decode().map(|(_, payload)| payload);
    if let Ok(other) = &decoded
        && *other != mark.payload
    {
        return Err(("qr-unreadable", format!("decodes to {other:?}")));
    }
    // Error correction would read through a shape laid over a tenth of the code; a
    // camera at an angle, in poor light, needs all of it.
    if wrong > 0 {
        return Err((
            "qr-covered",
            format!(
                "is covered or damaged: {wrong} of its {} modules read other than the code has them",
                size * size
            ),
        ));
    }
    let payload = decoded.map_err(|e| ("qr-unreadable", format!("does not decode: {e}")))?;
    Ok(Read { payload, inches })
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(1.0)
}

/// A copy of `frame` keeping only what may reach into `area` (page coordinates), so that
/// rendering a code's square does not rasterise every glyph of the page. Groups are always
/// entered: what they hold may reach beyond their own bounds.
pub(super) fn prune(
    frame: &Frame,
    ts: Transform,
    area: Rect,
    skip: &[*const typst::text::TextItem],
) -> Frame {
    let mut out = Frame::hard(frame.size());
    for (pos, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
        let reaches = |min: Point, max: Point| Rect::spanning(here, min, max).overlaps(area);
        let kept = match item {
            FrameItem::Group(group) => {
                let inner = prune(&group.frame, here.pre_concat(group.transform), area, skip);
                (!inner.is_empty()).then(|| {
                    FrameItem::Group(GroupItem {
                        frame: inner,
                        ..group.clone()
                    })
                })
            }
            FrameItem::Text(text) if skip.contains(&(text as *const _)) => None,
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
