//! Checks for the press: every glyph and code clear of the cut, small type in one ink, and
//! every code on a card sheet read back in the cell that holds it.

use typst::foundations::Repr;
use typst::layout::{Abs, Frame, FrameItem, Point, Size, Transform};
use typst::visualize::{Color, Image, ImageKind, Paint, ProcessColor};
use typst_layout::Page;

use super::codes::{self, Placed};
use super::geometry::Rect;
use super::numbers::{self, Painted};

/// Type under this size, in points, is printed in black ink alone: four plates a hair out
/// of register blur a small letter into a coloured smudge.
pub const ONE_INK_BELOW_PT: f64 = 14.0;

/// Slack for rounding, in points.
const SLACK_PT: f64 = 0.05;

/// Every glyph's ink and every code's modules lie `safe` inches or more inside the trim
/// (the page's frame), so a cut that wanders takes no letter of a number with it.
pub(super) fn check_safe_area(
    page: &Page,
    painted: &Painted,
    placed: &[Placed],
    n: usize,
    safe: f64,
) -> Result<(), String> {
    let size = page.frame.size();
    let inset = Abs::inches(safe);
    let area = Rect {
        min: Point::splat(inset),
        max: size.to_point() - Point::splat(inset),
    };
    let slack = Abs::pt(SLACK_PT);
    // How far inside the trim a box comes nearest to it; negative when past it.
    let clearance = |b: Rect| {
        (b.min.x)
            .min(b.min.y)
            .min(size.x - b.max.x)
            .min(size.y - b.max.y)
    };
    let place = |b: Rect| {
        let clear = clearance(b);
        if clear < Abs::zero() {
            format!(
                "runs {:.3} in past the trim, into the bleed",
                -clear.to_inches()
            )
        } else {
            format!("comes within {:.3} in of the trim", clear.to_inches())
        }
    };
    for run in painted
        .runs
        .iter()
        .filter(|r| !r.item.text.trim().is_empty())
    {
        // A glyph without an outline (a bitmap or a colour glyph) counts at its line's box.
        let mut ink = run.ink_box().unwrap_or_else(|| run.bbox());
        // A stroke lays ink half its width beyond the outline.
        if let Some(stroke) = &run.item.stroke {
            let half = Point::splat(stroke.thickness / 2.0);
            ink = Rect {
                min: ink.min - half,
                max: ink.max + half,
            };
        }
        if !ink.within(area, slack) {
            return Err(format!(
                "the text {:?} {}; text stays {safe} in inside the trim, clear of the cut",
                run.item.text.trim(),
                place(ink)
            ));
        }
    }
    for code in placed.iter().filter(|c| c.page == n) {
        if !code.modules.within(area, slack) {
            return Err(format!(
                "the QR code for {:?} {}; codes stay {safe} in inside the trim, clear of the cut",
                code.payload,
                place(code.modules)
            ));
        }
    }
    Ok(())
}

/// Whether `paint` is black ink alone: cmyk(0%, 0%, 0%, 100%).
pub(super) fn is_one_ink_black(paint: &Paint) -> bool {
    matches!(paint, Paint::Solid(Color::Process(ProcessColor::Cmyk(c)))
        if c.c == 0.0 && c.m == 0.0 && c.y == 0.0 && c.k == 1.0)
}

/// Whether `paint` is the paper's white: no ink at all, whatever space names it.
fn is_paper(paint: &Paint) -> bool {
    match paint {
        Paint::Solid(color) => {
            let rgb = color.to_rgb();
            [rgb.red, rgb.green, rgb.blue].iter().all(|&v| v >= 0.995)
        }
        _ => false,
    }
}

/// Every glyph under [`ONE_INK_BELOW_PT`] as printed is black ink alone (or paper showing
/// through a fill): never a four-colour black, a grey, or a colour.
pub(super) fn check_one_ink(painted: &Painted) -> Result<(), String> {
    for run in &painted.runs {
        if run.item.text.trim().is_empty() || run.printed_pt() >= ONE_INK_BELOW_PT - 1e-6 {
            continue;
        }
        // The fill, and the stroke around it, if any: each lays ink on the letter.
        let stroke = run.item.stroke.as_ref().map(|s| &s.paint);
        let off = [Some(&run.item.fill), stroke]
            .into_iter()
            .flatten()
            .find(|paint| !is_one_ink_black(paint) && !is_paper(paint));
        if let Some(fill) = off {
            let named = match fill {
                Paint::Solid(color) => color.repr().to_string(),
                _ => "a gradient or tiling".to_string(),
            };
            return Err(format!(
                "the text {:?}, {:.1} pt, is printed in {named}; type under {ONE_INK_BELOW_PT} pt is printed in black ink alone, cmyk(0%, 0%, 0%, 100%), which plates out of register cannot blur (`ink` in templates/lib/colors.typ)",
                run.item.text.trim(),
                run.printed_pt()
            ));
        }
    }
    Ok(())
}

/// Pixels a point at which a sheet's codes are read: a 0.8 in code of 25 modules and its
/// quiet zone gets over 4 pixels a module, which the detector reads at any angle.
const SHEET_PIXELS_PER_PT: f64 = 2.5;

/// One cell of a card sheet: where its card's trim stands on the sheet, and the codes the
/// card's page has there.
pub struct SheetCell {
    /// The sheet's page, from 1.
    pub page: usize,
    /// The trim's top-left corner on the sheet, and its size.
    pub trim: (Point, Size),
    /// The column and row on its page, from the top left, for the message.
    pub at: (usize, usize),
    /// Whether the card is turned a half turn in the cell.
    pub turned: bool,
    /// Each of the card's codes: what it says, its centre on the card's page, and the span
    /// of its modules in inches.
    pub codes: Vec<(String, Point, f64)>,
}

/// How far a code read on a sheet may stand from where its card has it, in inches: the
/// detector places a code's centre up to a module off (a module is 0.03 in on a card); a
/// back misplaced by a cell, a mirror or a half turn is off by half an inch or more.
const SHEET_SLACK_INCHES: f64 = 0.0625;

/// Every code on a card sheet, read back from the rendered sheet where the card has it in
/// each cell (turned with the card, at whatever angle): each must be found there, alone,
/// decoding to what the card's code says. Returns how many codes were read.
pub fn check_sheet(pages: &[Page], cells: &[SheetCell]) -> Result<usize, String> {
    let mut read = 0;
    for cell in cells {
        let page = &pages[cell.page - 1];
        let (origin, size) = cell.trim;
        let place = format!(
            "page {}, the card in column {} of row {}",
            cell.page,
            cell.at.0 + 1,
            cell.at.1 + 1
        );
        for (payload, centre, inches) in &cell.codes {
            let within = if cell.turned {
                size.to_point() - *centre
            } else {
                *centre
            };
            let expected = origin + within;
            // The code's square with its quiet zone, and room for it to stand a little off.
            let half = Abs::inches(inches * 0.75 + 0.1);
            let area = Rect {
                min: expected - Point::splat(half),
                max: expected + Point::splat(half),
            };
            let (lum, w, h) = numbers::render_area(page, area, SHEET_PIXELS_PER_PT, &[], &[]);
            let found: Vec<(Point, String)> = codes::scan(&lum, w, h)
                .into_iter()
                .map(|((x, y), payload)| {
                    let at = area.min
                        + Point::new(
                            Abs::pt(x / SHEET_PIXELS_PER_PT),
                            Abs::pt(y / SHEET_PIXELS_PER_PT),
                        );
                    (
                        at,
                        payload.unwrap_or_else(|| "(a code that does not decode)".into()),
                    )
                })
                .collect();
            let near = |(at, p): &(Point, String)| {
                p == payload && (*at - expected).hypot() <= Abs::inches(SHEET_SLACK_INCHES)
            };
            if found.len() != 1 || !near(&found[0]) {
                let seen: Vec<String> = found
                    .iter()
                    .map(|(at, p)| {
                        let at = *at - origin;
                        format!(
                            "{p:?} centred {:.2} in, {:.2} in",
                            at.x.to_inches(),
                            at.y.to_inches()
                        )
                    })
                    .collect();
                return Err(format!(
                    "{place}: the code for {payload:?} is not read where the card has it, centred {:.2} in from the card's left and {:.2} in from its top (read {})",
                    within.x.to_inches(),
                    within.y.to_inches(),
                    if seen.is_empty() {
                        "nothing there".to_string()
                    } else {
                        seen.join(", ")
                    }
                ));
            }
            read += 1;
        }
    }
    Ok(read)
}

/// Whether any page shows the image whose file is `bytes`, at any size or angle.
pub fn shows_image(pages: &[Page], bytes: &[u8]) -> bool {
    let mut shown = false;
    for page in pages {
        walk_images(&page.frame, Transform::identity(), &mut |_, image, _| {
            shown |= match image.kind() {
                ImageKind::Raster(raster) => raster.data().as_slice() == bytes,
                ImageKind::Svg(svg) => svg.data().as_slice() == bytes,
                _ => false,
            };
        });
    }
    shown
}

/// Calls `f` with every image `frame` draws, its transform to the page and its size.
fn walk_images(frame: &Frame, ts: Transform, f: &mut impl FnMut(Transform, &Image, Size)) {
    for (pos, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => {
                walk_images(&group.frame, here.pre_concat(group.transform), f)
            }
            FrameItem::Image(image, size, _) => f(here, image, *size),
            _ => {}
        }
    }
}

/// Pixels an inch under which a raster image prints soft: a warning.
pub const SHARP_PPI: f64 = 300.0;
/// Pixels an inch under which a raster image prints blurred: an error.
pub const BLURRED_PPI: f64 = 150.0;

/// Every raster image on the pages, at its printed size, has at least [`BLURRED_PPI`]
/// pixels an inch, whatever scales or turns it; the images under [`SHARP_PPI`] are
/// returned, described, to be warned of. `logo` names the coalition's logo when the image
/// is it.
pub fn check_resolution(
    pages: &[Page],
    logo: Option<&crate::project::Logo>,
) -> Result<Vec<String>, String> {
    let mut soft = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let mut images = Vec::new();
        walk_images(
            &page.frame,
            Transform::identity(),
            &mut |ts, image, size| {
                if let ImageKind::Raster(raster) = image.kind() {
                    images.push((ts, size, raster.clone()));
                }
            },
        );
        for (ts, size, raster) in images {
            // How far the transform stretches each of the image's axes.
            let across = ts.sx.get().hypot(ts.ky.get());
            let down = ts.kx.get().hypot(ts.sy.get());
            let inches = (size.x.to_inches() * across, size.y.to_inches() * down);
            if inches.0 <= 0.0 || inches.1 <= 0.0 {
                continue;
            }
            let ppi =
                (f64::from(raster.width()) / inches.0).min(f64::from(raster.height()) / inches.1);
            let name = match logo {
                Some(logo) if raster.data().as_slice() == logo.bytes.as_slice() => {
                    format!("the logo {} (`logo` in data/coalition.toml)", logo.path)
                }
                _ => "an image".to_string(),
            };
            let what = format!(
                "page {}: {name}, {} × {} pixels, prints {:.2} × {:.2} in: {ppi:.0} pixels an inch",
                i + 1,
                raster.width(),
                raster.height(),
                inches.0,
                inches.1
            );
            if ppi < BLURRED_PPI {
                return Err(format!(
                    "{what}; under {BLURRED_PPI} it prints blurred: use a file of at least {:.0} pixels across, or an SVG",
                    (inches.0 * SHARP_PPI).ceil()
                ));
            }
            if ppi < SHARP_PPI {
                soft.push(format!(
                    "{what}; under {SHARP_PPI} it prints soft: a file of {:.0} pixels across prints sharp",
                    (inches.0 * SHARP_PPI).ceil()
                ));
            }
        }
    }
    Ok(soft)
}
