//! QR codes: a payload encoded once, handed to templates as runs of dark modules to draw as
//! one vector path.

use qrcode::{Color, EcLevel};
use serde::Serialize;

/// Modules of light margin on each side; scanners need at least four.
pub(crate) const QUIET_ZONE: usize = 4;

/// An encoded QR code, ready to be drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QrCode {
    /// What the code says when scanned.
    pub payload: String,
    /// Modules across, quiet zone not counted.
    pub modules: usize,
    /// Modules of quiet zone on each side.
    pub quiet: usize,
    /// Horizontal runs of dark modules as `(column, row, length)`, from the top-left
    /// module of the code (quiet zone not counted).
    #[serde(skip)]
    pub runs: Vec<(usize, usize, usize)>,
    /// The dark modules as a one-page PDF, one unit per module, quiet zone not counted,
    /// filled in black ink alone (`0 0 0 1 k`): typst parses an image once per distinct
    /// code, where drawing the runs as typst curves took a third of a campaign's time, and
    /// an SVG image would reach the press as four-colour black.
    pub pdf: String,
    /// The same as one SVG path, in RGB black: for the PDF standards (PDF/A, PDF/UA)
    /// under which typst cannot embed a PDF.
    pub svg: String,
}

/// A payload too long for any QR code.
#[derive(Debug, thiserror::Error)]
#[error("cannot encode {payload:?} as a QR code: {reason}")]
pub struct QrError {
    payload: String,
    reason: qrcode::types::QrError,
}

impl QrCode {
    /// Whether each module is dark, row by row from the top-left (quiet zone not counted).
    pub(crate) fn dark_modules(&self) -> Vec<bool> {
        let mut dark = vec![false; self.modules * self.modules];
        for &(x, y, n) in &self.runs {
            dark[y * self.modules + x..][..n].fill(true);
        }
        dark
    }

    /// How many modules wide `payload`'s code is, if it can be encoded at all.
    pub(crate) fn width_of(payload: &str) -> Option<usize> {
        qrcode::QrCode::with_error_correction_level(payload, EcLevel::M)
            .ok()
            .map(|code| code.width())
    }

    /// Encodes `payload` at error-correction level M.
    pub fn encode(payload: &str) -> Result<Self, QrError> {
        let code =
            qrcode::QrCode::with_error_correction_level(payload, EcLevel::M).map_err(|reason| {
                QrError {
                    payload: payload.to_string(),
                    reason,
                }
            })?;
        let modules = code.width();
        let colors = code.to_colors();
        let mut runs = Vec::new();
        for (row, line) in colors.chunks(modules).enumerate() {
            let mut col = 0;
            while col < modules {
                if line[col] == Color::Dark {
                    let start = col;
                    while col < modules && line[col] == Color::Dark {
                        col += 1;
                    }
                    runs.push((start, row, col - start));
                } else {
                    col += 1;
                }
            }
        }
        Ok(Self {
            payload: payload.to_string(),
            modules,
            quiet: QUIET_ZONE,
            pdf: pdf(modules, &runs),
            svg: svg(modules, &runs),
            runs,
        })
    }
}

/// The smallest module a phone reads reliably from print, in inches (0.33 mm, the
/// "13 mil" of print guides): a long payload makes more, smaller modules in the same span.
pub(crate) const MIN_MODULE_INCHES: f64 = 0.013;

/// The runs as an SVG image `modules` units square: black modules, nothing else.
fn svg(modules: usize, runs: &[(usize, usize, usize)]) -> String {
    let mut d = String::with_capacity(runs.len() * 16);
    for &(x, y, n) in runs {
        d.push_str(&format!("M{x} {y}h{n}v1h-{n}z"));
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {modules} {modules}\" width=\"{modules}\" height=\"{modules}\" shape-rendering=\"crispEdges\"><path fill=\"#000\" d=\"{d}\"/></svg>"
    )
}

/// The runs as a one-page PDF `modules` units square, in plain ASCII: dark modules in
/// black ink alone, nothing else (the template draws the white quiet zone around it).
fn pdf(modules: usize, runs: &[(usize, usize, usize)]) -> String {
    // PDF's y axis points up: row 0 is the top row.
    let mut content = String::from("0 0 0 1 k\n");
    for &(x, y, n) in runs {
        content.push_str(&format!("{x} {} {n} 1 re\n", modules - 1 - y));
    }
    content.push_str("f\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {modules} {modules}] /Resources << >> /Contents 4 0 R >>"
        ),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let code = QrCode::encode("tel:+18883737888").unwrap();
        let reference =
            qrcode::QrCode::with_error_correction_level("tel:+18883737888", EcLevel::M).unwrap();
        assert_eq!(code.modules, reference.width());
        let mut dark = vec![Color::Light; code.modules * code.modules];
        for &(col, row, len) in &code.runs {
            for c in col..col + len {
                assert_eq!(dark[row * code.modules + c], Color::Light, "runs overlap");
                dark[row * code.modules + c] = Color::Dark;
            }
        }
        assert_eq!(dark, reference.to_colors());
    }

    #[test]
    fn the_pdf_draws_every_run_in_black_ink_alone_and_nothing_else() {
        let code = QrCode::encode("tel:+18883737888").unwrap();
        let n = code.modules;
        assert!(code.pdf.contains(&format!("/MediaBox [0 0 {n} {n}]")));
        assert_eq!(code.pdf.matches(" re\n").count(), code.runs.len());
        for &(x, y, len) in &code.runs {
            assert!(
                code.pdf
                    .contains(&format!("\n{x} {} {len} 1 re\n", n - 1 - y))
            );
        }
        // One fill, in K alone; no other colour operator, no text.
        assert_eq!(code.pdf.matches(" k\n").count(), 1);
        assert!(code.pdf.contains("stream\n0 0 0 1 k\n"));
        for op in [" rg\n", " g\n", " sc", "BT"] {
            assert!(!code.pdf.contains(op), "{op}");
        }
        // The cross-reference table points at each object.
        let xref = code.pdf.rsplit("startxref\n").next().unwrap();
        let at: usize = xref.lines().next().unwrap().parse().unwrap();
        assert!(code.pdf[at..].starts_with("xref\n"));
        for i in 1..=4 {
            let line = format!("{i} 0 obj");
            let offset = code.pdf.find(&line).unwrap();
            assert!(
                code.pdf.contains(&format!("{offset:010} 00000 n")),
                "{line}"
            );
        }
    }
}
