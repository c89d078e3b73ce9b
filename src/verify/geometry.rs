//! Page geometry shared by the checks: boxes in page coordinates.

use typst::layout::{Point, Size, Transform};

/// An axis-aligned rectangle in page coordinates.
#[derive(Clone, Copy)]
pub(super) struct Rect {
    pub(super) min: Point,
    pub(super) max: Point,
}

impl Rect {
    /// The page-space box of a frame of `size` placed by `ts`.
    pub(super) fn of(ts: Transform, size: Size) -> Self {
        Self::spanning(ts, Point::zero(), size.to_point())
    }

    /// The page-space box spanned by two corners given in the coordinates of `ts`.
    pub(super) fn spanning(ts: Transform, min: Point, max: Point) -> Self {
        let a = min.transform(ts);
        let b = max.transform(ts);
        Self {
            min: Point::new(a.x.min(b.x), a.y.min(b.y)),
            max: Point::new(a.x.max(b.x), a.y.max(b.y)),
        }
    }

    pub(super) fn overlaps(self, other: Rect) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }

    pub(super) fn intersect(self, other: Rect) -> Rect {
        Rect {
            min: Point::new(self.min.x.max(other.min.x), self.min.y.max(other.min.y)),
            max: Point::new(self.max.x.min(other.max.x), self.max.y.min(other.max.y)),
        }
    }
}
