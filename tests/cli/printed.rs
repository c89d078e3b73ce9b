//! What is checked is what is inked: template overrides and fonts that try to make the
//! paper say other than the data.

use crate::util::{TempProject, repo};

/// The built-in regular font with its family renamed in the name table (same length, so
/// the file stays valid): a font of a family handbill does not ship.
fn renamed_font(from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut data =
        std::fs::read(repo().join("fonts/AtkinsonHyperlegibleNext-Regular.ttf")).unwrap();
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_be_bytes).collect() };
    let mut replaced = 0;
    for (a, b) in [
        (from.as_bytes().to_vec(), to.as_bytes().to_vec()),
        (utf16(from), utf16(to)),
    ] {
        let mut i = 0;
        while let Some(at) = data[i..].windows(a.len()).position(|w| w == a.as_slice()) {
            data[i + at..i + at + a.len()].copy_from_slice(&b);
            i += at + a.len();
            replaced += 1;
        }
    }
    assert!(replaced > 0, "the family name is in the font's name table");
    data
}

#[test]
fn a_project_font_that_shadows_the_built_in_family_fails_naming_the_file() {
    let p = TempProject::bundled();
    std::fs::create_dir_all(p.path("fonts")).unwrap();
    let builtin = std::fs::read(repo().join("fonts/AtkinsonHyperlegibleNext-Regular.ttf")).unwrap();
    p.write("fonts/Lookalike.ttf", builtin);
    p.run(&["check"]).failure().stderr_has(&[
        "error[bad-font]: fonts/Lookalike.ttf",
        "\"Atkinson Hyperlegible Next\", which handbill ships",
    ]);
    // Case and spacing do not make another family.
    p.write(
        "fonts/Lookalike.ttf",
        renamed_font("Atkinson Hyperlegible Next", "ATKINSON HYPERLEGIBLE NEXT"),
    );
    p.run(&["check"])
        .failure()
        .stderr_has(&["error[bad-font]: fonts/Lookalike.ttf"]);
    // A font of another family adds to the fonts.
    p.write(
        "fonts/Lookalike.ttf",
        renamed_font("Atkinson Hyperlegible Next", "Atkinson Hyperlegible Nixt"),
    );
    p.run(&["check"]).success();
}
