//! The § 52.6 notice, measured on the laid-out page: size, type size, whole text.

use typst::layout::{Abs, Point, Transform};
use typst_layout::PagedDocument;

use super::{check_clipping, page_text, squeeze, walk_text};
use crate::error::Error;
use crate::plan::{Job, Material};
use crate::project::Notice;

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
