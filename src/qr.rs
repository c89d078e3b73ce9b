//! QR codes: a payload encoded once, handed to templates as runs of dark modules to draw as
//! one vector path.

use qrcode::{Color, EcLevel};
use serde::Serialize;

/// Modules of light margin on each side; scanners need at least four.
pub const QUIET_ZONE: usize = 4;

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
    /// The dark modules as one SVG path, one unit per module, quiet zone not counted:
    /// typst parses an image once per distinct code, where drawing the runs as typst
    /// curves took a third of a campaign's time.
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
    pub fn dark_modules(&self) -> Vec<bool> {
        let mut dark = vec![false; self.modules * self.modules];
        for &(x, y, n) in &self.runs {
            dark[y * self.modules + x..][..n].fill(true);
        }
        dark
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
            svg: svg(modules, &runs),
            runs,
        })
    }
}

/// The runs as an SVG image `modules` units square: black modules, nothing else (the
/// template draws the white quiet zone around it).
fn svg(modules: usize, runs: &[(usize, usize, usize)]) -> String {
    let mut d = String::with_capacity(runs.len() * 16);
    for &(x, y, n) in runs {
        d.push_str(&format!("M{x} {y}h{n}v1h-{n}z"));
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {modules} {modules}\" width=\"{modules}\" height=\"{modules}\" shape-rendering=\"crispEdges\"><path fill=\"#000\" d=\"{d}\"/></svg>"
    )
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
    fn the_svg_draws_every_run_and_nothing_else() {
        let code = QrCode::encode("tel:+18883737888").unwrap();
        let n = code.modules;
        assert!(code.svg.contains(&format!("viewBox=\"0 0 {n} {n}\"")));
        let paths = code.svg.matches('M').count();
        assert_eq!(paths, code.runs.len());
        for &(x, y, len) in &code.runs {
            assert!(code.svg.contains(&format!("M{x} {y}h{len}v1h-{len}z")));
        }
        assert!(!code.svg.contains("<text"), "only shapes");
    }
}
