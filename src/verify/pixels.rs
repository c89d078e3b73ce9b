//! Colour as a reader sees it: WCAG relative luminance, from rendered pixels or a paint.

/// sRGB's 8-bit channel values in linear light, computed once: every pixel of every code
/// read back goes through this.
static LINEAR: std::sync::LazyLock<[f64; 256]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|i| {
        let c = i as f64 / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    })
});

/// The WCAG 2 relative luminance of an sRGB colour given as 8-bit channels.
pub(super) fn luminance(r: u8, g: u8, b: u8) -> f64 {
    let linear = &*LINEAR;
    0.2126 * linear[usize::from(r)]
        + 0.7152 * linear[usize::from(g)]
        + 0.0722 * linear[usize::from(b)]
}

/// The luminance of each pixel of a rendered (premultiplied RGBA) image, as printed on
/// white paper: what is transparent shows the paper.
pub(super) fn luminances(rgba: &[u8]) -> Vec<f64> {
    rgba.chunks_exact(4)
        .map(|p| {
            let paper = 255 - p[3];
            luminance(
                p[0].saturating_add(paper),
                p[1].saturating_add(paper),
                p[2].saturating_add(paper),
            )
        })
        .collect()
}

/// WCAG's contrast ratio of two luminances, from 1:1 to 21:1.
pub(super) fn contrast(a: f64, b: f64) -> f64 {
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// Below this luminance a pixel reads as ink: halfway, perceptually, between black and
/// white (CIE L* = 50).
pub(super) const DARK_BELOW: f64 = 0.184;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luminance_and_contrast_follow_wcag() {
        assert!((contrast(luminance(0, 0, 0), luminance(255, 255, 255)) - 21.0).abs() < 1e-9);
        // Green on magenta: a camera sees almost no code.
        let green = luminance(0, 128, 0);
        let magenta = luminance(255, 0, 255);
        assert!(
            contrast(green, magenta) < 2.0,
            "{}",
            contrast(green, magenta)
        );
        // The deep teal ink of the materials on white is well above 4.5:1.
        assert!(contrast(luminance(0x0b, 0x3c, 0x49), 1.0) > 10.0);
        // A transparent pixel is the paper.
        assert_eq!(luminances(&[0, 0, 0, 0]), vec![1.0]);
    }
}
