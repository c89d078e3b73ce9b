//! Print production: the bleed around every page, crop marks, and the card sheets that lay
//! one card out many times on a sheet of card stock, its backs placed for duplex printing.

use serde::Serialize;
use typst::ecow::EcoVec;
use typst::foundations::{Content, Smart};
use typst::layout::{Abs, Frame, FrameItem, GroupItem, Point, Sides, Size, Transform};
use typst::model::Document;
use typst::visualize::{Cmyk, Color, Curve, FixedStroke, Geometry, Paint, ProcessColor};
use typst_layout::{Page, PagedDocument};

/// How far a page's backgrounds run past its trim, in inches: what a shop's cut may
/// wander by.
pub(crate) const BLEED_INCHES: f64 = 0.125;

/// The gap between a crop mark and the bleed it points at, and the mark's length, in
/// inches: a mark that touched the bleed would print on a card cut a hair wide.
const MARK_GAP_INCHES: f64 = 0.0625;
const MARK_LENGTH_INCHES: f64 = 0.25;

/// The thickness of a crop mark, in points: a hairline a shop's guillotine is set to.
const MARK_PT: f64 = 0.25;

/// How the printer turns a sheet over to print its back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flip {
    /// Over its long edge, as a book's page turns: most printers' duplex.
    #[default]
    Long,
    /// Over its short edge, as a wall calendar turns.
    Short,
}

/// How the pages of a build are made for printing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Print {
    /// Backgrounds run `BLEED_INCHES` past the trim, which the PDF's TrimBox marks
    /// (`--no-bleed` turns it off, for desk printers).
    pub bleed: bool,
    /// Crop marks outside the bleed of single-design pages (`--crop-marks`).
    pub crop_marks: bool,
    /// How card sheets are printed on both sides (`--flip`).
    pub flip: Flip,
}

impl Default for Print {
    fn default() -> Self {
        Self {
            bleed: true,
            crop_marks: false,
            flip: Flip::Long,
        }
    }
}

impl Print {
    /// The bleed every page is laid out with, in inches.
    pub(crate) fn bleed_inches(&self) -> f64 {
        if self.bleed { BLEED_INCHES } else { 0.0 }
    }
}

/// A sheet of cards: how many, where on US Letter, and how they are cut.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// The name in file names: `sheets/<card>-<layout>-<lang>.pdf`.
    pub name: &'static str,
    /// Cards across and down.
    pub columns: usize,
    /// Cards down.
    pub rows: usize,
    /// From the sheet's left and top edges to the first card's trim, in inches.
    pub margin: (f64, f64),
    /// Between one card's trim and the next card's, in inches.
    pub gutter: f64,
    /// Whether each card keeps its bleed: stock that is perforated at the trim has none to
    /// print on, so its cards are cut at the trim with their white border inside.
    pub bleed: bool,
    /// Whether crop marks are drawn at every trim line, outside the cards.
    pub crop_marks: bool,
}

/// The US Letter sheet every layout is printed on, in inches.
const SHEET_INCHES: (f64, f64) = (8.5, 11.0);

/// The sheets every card is laid out on.
pub const SHEETS: [Layout; 2] = [
    // Avery 5371 and its kin: ten perforated 3.5 × 2 in cards, no gutters.
    Layout {
        name: "avery-5371",
        columns: 2,
        rows: 5,
        margin: (0.75, 0.5),
        gutter: 0.0,
        bleed: false,
        crop_marks: false,
    },
    // For a shop's guillotine: eight cards, each with its bleed, the bleeds a quarter inch
    // apart, marks in the margins.
    Layout {
        name: "shop-8up",
        columns: 2,
        rows: 4,
        margin: (0.5, 0.75),
        gutter: 0.5,
        bleed: true,
        crop_marks: true,
    },
];

/// Where the sheet of `layout` for the card job `job` is written, in the output folder:
/// `sheets/<card>-<layout>-<lang>.pdf`.
pub fn sheet_path(job: &crate::plan::Job, layout: &Layout) -> String {
    format!(
        "sheets/{}-{}-{}.pdf",
        job.material.name(),
        layout.name,
        job.lang
    )
}

/// The sheets a job's card is laid out on: every layout for a card of the kit, none for
/// anything else. Without bleed (`--no-bleed`) a card has nothing to give a shop's
/// guillotine, so only the sheets cut at the trim are made.
pub fn sheets_of(job: &crate::plan::Job, print: &Print) -> Vec<&'static Layout> {
    if !job.material.spec().card || job.place.is_some() {
        return Vec::new();
    }
    SHEETS
        .iter()
        .filter(|layout| print.bleed || !layout.bleed)
        .collect()
}

/// One card's place on a sheet: its trim, in sheet coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// The column, from the left, and the row, from the top.
    pub at: (usize, usize),
    /// The trim's top-left corner.
    pub origin: Point,
    /// The trim's size.
    pub size: Size,
}

impl Layout {
    /// The cells of a sheet of cards of `card`'s trim size, row by row.
    pub fn cells(&self, card: Size) -> Vec<Cell> {
        let gutter = Abs::inches(self.gutter);
        let mut cells = Vec::new();
        for row in 0..self.rows {
            for column in 0..self.columns {
                let origin = Point::new(
                    Abs::inches(self.margin.0) + (card.x + gutter) * column as f64,
                    Abs::inches(self.margin.1) + (card.y + gutter) * row as f64,
                );
                cells.push(Cell {
                    at: (column, row),
                    origin,
                    size: card,
                });
            }
        }
        cells
    }

    /// The column and row on page 2 of the back of the card in `cell`, counted as on the
    /// front: mirrored for the flip.
    pub fn back_at(&self, cell: &Cell, flip: Flip) -> (usize, usize) {
        let (column, row) = cell.at;
        match flip {
            Flip::Long => (self.columns - 1 - column, row),
            Flip::Short => (column, self.rows - 1 - row),
        }
    }

    /// Where on page 2 the back of `cell`'s card goes, so that turned over as `flip` says
    /// it lies exactly behind the front: mirrored across the sheet's width for the long
    /// edge; across its height for the short edge, turned a half turn, since such a
    /// printer prints the second side upside down. The trim's top-left corner, and whether
    /// the card is turned.
    pub fn back(&self, cell: &Cell, flip: Flip) -> (Point, bool) {
        let sheet = sheet_size();
        match flip {
            Flip::Long => (
                Point::new(sheet.x - cell.origin.x - cell.size.x, cell.origin.y),
                false,
            ),
            Flip::Short => (
                Point::new(cell.origin.x, sheet.y - cell.origin.y - cell.size.y),
                true,
            ),
        }
    }

    /// The sheet of `card` (a two-page document: front, then back): page 1 has a front in
    /// every cell, page 2 a back behind each front for a sheet turned over as `flip` says
    /// ([`Layout::back`]). The card is laid out once; each cell shows the same laid-out
    /// page, cut to its trim or its bleed.
    pub fn impose(&self, card: &PagedDocument, flip: Flip) -> PagedDocument {
        let pages = card.pages();
        let size = pages[0].frame.size();
        let cells = self.cells(size);
        let bleed = if self.bleed {
            Abs::inches(BLEED_INCHES)
        } else {
            Abs::zero()
        };
        let mut out = EcoVec::new();
        for (side, page) in pages.iter().enumerate() {
            let mut frame = Frame::hard(sheet_size());
            for cell in &cells {
                let (origin, turned) = if side == 0 {
                    (cell.origin, false)
                } else {
                    self.back(cell, flip)
                };
                frame.push(
                    Point::zero(),
                    FrameItem::Group(placed(page, origin, bleed, turned)),
                );
            }
            if self.crop_marks {
                let trims: Vec<(Point, Size)> = cells.iter().map(|c| (c.origin, c.size)).collect();
                crop_marks(&mut frame, &trims, bleed);
            }
            out.push(bare_page(frame, Sides::splat(Abs::zero())));
        }
        PagedDocument::new(out, card.info().clone())
    }
}

fn sheet_size() -> Size {
    Size::new(Abs::inches(SHEET_INCHES.0), Abs::inches(SHEET_INCHES.1))
}

/// The card page `frame`, its trim at `origin`, cut to its trim and `bleed` around it;
/// turned a half turn about its centre when `turned`.
fn placed(page: &Page, origin: Point, bleed: Abs, turned: bool) -> GroupItem {
    let frame = &page.frame;
    let size = frame.size();
    let mut inner = Frame::hard(size);
    // The page's own fill is no part of its frame: it goes under the card, into its bleed.
    if let Smart::Custom(Some(fill)) = &page.fill {
        let ground = Geometry::Rect(size + Size::splat(bleed * 2.0)).filled(fill.clone());
        inner.push(
            Point::splat(-bleed),
            FrameItem::Shape(ground, typst::syntax::Span::detached()),
        );
    }
    inner.push_frame(Point::zero(), without_tags(frame));
    let mut group = GroupItem::new(inner);
    let mut clip = Curve::rect(size + Size::splat(bleed * 2.0));
    clip.translate(Point::splat(-bleed));
    group.clip = Some(clip);
    group.transform = if turned {
        Transform::translate(origin.x + size.x, origin.y + size.y)
            .pre_concat(Transform::rotate(typst::layout::Angle::deg(180.0)))
    } else {
        Transform::translate(origin.x, origin.y)
    };
    group
}

/// A copy of `frame` without its introspection tags: a card placed ten times must not
/// claim ten times over to be the one element each tag names.
fn without_tags(frame: &Frame) -> Frame {
    let mut out = Frame::hard(frame.size());
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Tag(_) | FrameItem::Link(..) => {}
            FrameItem::Group(group) => {
                let mut inner = group.clone();
                inner.frame = without_tags(&group.frame);
                inner.parent = None;
                out.push(*pos, FrameItem::Group(inner));
            }
            other => out.push(*pos, other.clone()),
        }
    }
    out
}

/// `document` with crop marks outside its pages' bleed: each page grows by the marks' room
/// on every side, which its bleed then counts, so the PDF's TrimBox still marks the trim.
pub(crate) fn with_crop_marks(document: &PagedDocument) -> PagedDocument {
    let room = Abs::inches(MARK_GAP_INCHES + MARK_LENGTH_INCHES);
    let pages = document
        .pages()
        .iter()
        .map(|page| {
            let size = page.frame.size();
            let mut frame = page.frame.clone();
            // The marks stand in the bleed typst already draws into, past its edge.
            let bleed = page.bleed.left.max(page.bleed.top);
            crop_marks(&mut frame, &[(Point::zero(), size)], bleed);
            Page {
                bleed: page.bleed.map(|b| b + room),
                frame,
                ..page.clone()
            }
        })
        .collect();
    PagedDocument::new(pages, document.info().clone())
}

/// Draws into `frame` crop marks at every trim line of the trims `trims` (origin, size),
/// outside all of them and their `bleed`: a line of marks for each edge, in the margin
/// beyond the outermost trims.
fn crop_marks(frame: &mut Frame, trims: &[(Point, Size)], bleed: Abs) {
    let Some(first) = trims.first() else {
        return;
    };
    let (mut min, mut max) = (first.0, first.0 + first.1.to_point());
    for (origin, size) in trims {
        min = Point::new(min.x.min(origin.x), min.y.min(origin.y));
        let end = *origin + size.to_point();
        max = Point::new(max.x.max(end.x), max.y.max(end.y));
    }
    let gap = bleed + Abs::inches(MARK_GAP_INCHES);
    let length = Abs::inches(MARK_LENGTH_INCHES);
    let mut xs: Vec<Abs> = trims.iter().flat_map(|(o, s)| [o.x, o.x + s.x]).collect();
    let mut ys: Vec<Abs> = trims.iter().flat_map(|(o, s)| [o.y, o.y + s.y]).collect();
    for lines in [&mut xs, &mut ys] {
        lines.sort_by(|a, b| a.to_raw().total_cmp(&b.to_raw()));
        lines.dedup_by(|a, b| (*a - *b).abs() < Abs::pt(0.01));
    }
    let stroke = FixedStroke::from_pair(registration(), Abs::pt(MARK_PT));
    let mut mark = |from: Point, delta: Point| {
        let shape = Geometry::Line(delta).stroked(stroke.clone());
        frame.push(
            from,
            FrameItem::Shape(shape, typst::syntax::Span::detached()),
        );
    };
    for x in xs {
        mark(Point::new(x, min.y - gap), Point::with_y(-length));
        mark(Point::new(x, max.y + gap), Point::with_y(length));
    }
    for y in ys {
        mark(Point::new(min.x - gap, y), Point::with_x(-length));
        mark(Point::new(max.x + gap, y), Point::with_x(length));
    }
}

/// The colour of crop marks: solid black, on one plate only, as every other hairline.
fn registration() -> Paint {
    Paint::Solid(Color::Process(ProcessColor::Cmyk(Cmyk {
        c: 0.0,
        m: 0.0,
        y: 0.0,
        k: 1.0,
    })))
}

fn bare_page(frame: Frame, bleed: Sides<Abs>) -> Page {
    Page {
        frame,
        bleed,
        fill: Smart::Auto,
        numbering: None,
        supplement: Content::empty(),
        number: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Size {
        Size::new(Abs::inches(3.5), Abs::inches(2.0))
    }

    #[test]
    fn every_layout_fills_letter_symmetrically() {
        for layout in SHEETS {
            let cells = layout.cells(card());
            let last = cells.last().unwrap();
            let right = Abs::inches(SHEET_INCHES.0) - (last.origin.x + last.size.x);
            let bottom = Abs::inches(SHEET_INCHES.1) - (last.origin.y + last.size.y);
            assert!(
                (right - Abs::inches(layout.margin.0)).abs() < Abs::pt(0.01),
                "{}",
                layout.name
            );
            assert!(
                (bottom - Abs::inches(layout.margin.1)).abs() < Abs::pt(0.01),
                "{}",
                layout.name
            );
        }
    }

    #[test]
    fn avery_5371_is_ten_cards_with_its_margins() {
        let cells = SHEETS[0].cells(card());
        assert_eq!(cells.len(), 10);
        assert_eq!(
            cells[0].origin,
            Point::new(Abs::inches(0.75), Abs::inches(0.5))
        );
        assert_eq!(
            cells[9].origin,
            Point::new(Abs::inches(4.25), Abs::inches(8.5))
        );
    }
}
