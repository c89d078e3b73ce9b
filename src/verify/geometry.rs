//! Page geometry shared by the checks: boxes in page coordinates.

use typst::layout::{Abs, Point, Size, Transform};

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

    /// The page-space box of the rectangle with corners `min` and `max` in the coordinates
    /// of `ts`: all four corners are transformed, so a rotated shape's box holds all of it.
    pub(super) fn spanning(ts: Transform, min: Point, max: Point) -> Self {
        let corners =
            [min, Point::new(max.x, min.y), Point::new(min.x, max.y), max].map(|p| p.transform(ts));
        let mut rect = Self {
            min: corners[0],
            max: corners[0],
        };
        for c in &corners[1..] {
            rect.min = Point::new(rect.min.x.min(c.x), rect.min.y.min(c.y));
            rect.max = Point::new(rect.max.x.max(c.x), rect.max.y.max(c.y));
        }
        rect
    }

    /// Whether `self` lies wholly inside `other`, to within `slack`.
    pub(super) fn within(self, other: Rect, slack: Abs) -> bool {
        self.min.x >= other.min.x - slack
            && self.min.y >= other.min.y - slack
            && self.max.x <= other.max.x + slack
            && self.max.y <= other.max.y + slack
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

    /// The smallest box holding both.
    pub(super) fn union(self, other: Rect) -> Rect {
        Rect {
            min: Point::new(self.min.x.min(other.min.x), self.min.y.min(other.min.y)),
            max: Point::new(self.max.x.max(other.max.x), self.max.y.max(other.max.y)),
        }
    }

    /// The shortest distance between the two boxes; zero where they touch or overlap.
    pub(super) fn distance(self, other: Rect) -> Abs {
        let gap = |a_min: Abs, a_max: Abs, b_min: Abs, b_max: Abs| {
            (b_min - a_max).max(a_min - b_max).max(Abs::zero())
        };
        let dx = gap(self.min.x, self.max.x, other.min.x, other.max.x);
        let dy = gap(self.min.y, self.max.y, other.min.y, other.max.y);
        Point::new(dx, dy).hypot()
    }

    /// The area of the box; zero for an empty one.
    pub(super) fn area(self) -> f64 {
        let w = (self.max.x - self.min.x).to_pt().max(0.0);
        let h = (self.max.y - self.min.y).to_pt().max(0.0);
        w * h
    }
}
