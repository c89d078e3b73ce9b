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
    pub runs: Vec<(usize, usize, usize)>,
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
            runs,
        })
    }
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
}
