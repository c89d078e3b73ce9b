//! Checks for the press: every glyph and code clear of the cut, small type in one ink, and
//! every code on a card sheet read back in the cell that holds it.

use typst::foundations::Repr;
use typst::layout::{Abs, Point, Size, Transform};
use typst::visualize::{Color, Paint, ProcessColor};
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
    for run in &painted.runs {
        let Some(ink) = run.ink_box() else { continue };
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
        let fill = &run.item.fill;
        if !is_one_ink_black(fill) && !is_paper(fill) {
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

/// Pixels a point at which a sheet's cells are read: a 0.8 in code of 33 modules gets
/// over 6 pixels a module.
const SHEET_PIXELS_PER_PT: f64 = 4.0;

/// One cell of a card sheet: where its card's trim stands on the sheet, and the payloads
/// of the codes the card's page has there, sorted.
pub struct SheetCell {
    /// The sheet's page, from 1.
    pub page: usize,
    /// The trim's top-left corner on the sheet, and its size.
    pub trim: (Point, Size),
    /// The column and row, for the message.
    pub at: (usize, usize),
    /// What the card's codes say, sorted.
    pub payloads: Vec<String>,
}

/// Every code on a card sheet, read back from the rendered sheet in the cell that holds
/// it, at whatever angle its card was turned: each cell must give exactly the codes its
/// card has, and each must decode. Returns how many codes were read.
pub fn check_sheet(pages: &[Page], cells: &[SheetCell]) -> Result<usize, String> {
    let mut read = 0;
    for cell in cells {
        let page = &pages[cell.page - 1];
        let (origin, size) = cell.trim;
        let area = Rect::of(Transform::translate(origin.x, origin.y), size);
        let (lum, w, h) = numbers::render_area(page, area, SHEET_PIXELS_PER_PT, &[], &[]);
        let mut found: Vec<String> = codes::scan(&lum, w, h)
            .into_iter()
            .map(|(_, payload)| payload.unwrap_or_else(|| "(a code that does not decode)".into()))
            .collect();
        found.sort();
        if found != cell.payloads {
            return Err(format!(
                "page {}, the card in column {} of row {}: read {:?} where the card has {:?}",
                cell.page,
                cell.at.0 + 1,
                cell.at.1 + 1,
                found,
                cell.payloads
            ));
        }
        read += found.len();
    }
    Ok(read)
}
