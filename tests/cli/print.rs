//! Print production: bleed and trim, the safe area, card sheets and their duplex backs,
//! crop marks, small type in black ink alone, and the logo's resolution.

use handbill::build::{self, Selection};
use handbill::impose::{Flip, Layout, SHEETS};
use handbill::plan::{Material, Scope};
use handbill::project::Project;
use typst::layout::{Abs, Frame, FrameItem, Point, Size, Transform};
use typst_layout::PagedDocument;

use super::{HOTLINE_TEL, TempProject};

/// The MediaBox and the TrimBox (the MediaBox where there is none) of each page, as
/// (x0, y0, x1, y1) in PDF points.
fn boxes(path: &std::path::Path) -> Vec<([f32; 4], [f32; 4])> {
    let doc = lopdf::Document::load(path).unwrap();
    let read = |page: &lopdf::Dictionary, key: &[u8]| -> Option<[f32; 4]> {
        let r: Vec<f32> = page
            .get(key)
            .ok()?
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_float().unwrap())
            .collect();
        Some([r[0], r[1], r[2], r[3]])
    };
    doc.get_pages()
        .values()
        .map(|&id| {
            let page = doc.get_object(id).unwrap().as_dict().unwrap();
            let media = read(page, b"MediaBox").unwrap();
            (media, read(page, b"TrimBox").unwrap_or(media))
        })
        .collect()
}

#[test]
fn the_flyer_has_an_eighth_inch_of_bleed_and_a_trim_box_and_no_bleed_gives_bare_pages() {
    let p = TempProject::bundled();
    p.run(&["build", "--only", "flyer"]).success();
    for lang in super::LANGS {
        let pages = boxes(&p.path("out").join(format!("flyer-{lang}.pdf")));
        assert_eq!(
            pages,
            vec![([0.0, 0.0, 630.0, 810.0], [9.0, 9.0, 621.0, 801.0])]
        );
    }
    let bare = p.path("bare");
    p.run(&[
        "build",
        "--only",
        "flyer",
        "--no-bleed",
        "--out",
        bare.to_str().unwrap(),
    ])
    .success();
    let pages = boxes(&bare.join("flyer-en.pdf"));
    assert_eq!(
        pages,
        vec![([0.0, 0.0, 612.0, 792.0], [0.0, 0.0, 612.0, 792.0])]
    );
    // Crop marks widen the page beyond the bleed; the trim box still marks the trim.
    let marked = p.path("marked");
    p.run(&[
        "build",
        "--only",
        "flyer",
        "--crop-marks",
        "--out",
        marked.to_str().unwrap(),
    ])
    .success();
    let (media, trim) = boxes(&marked.join("flyer-en.pdf"))[0];
    assert_eq!((trim[2] - trim[0], trim[3] - trim[1]), (612.0, 792.0));
    assert!(media[2] - media[0] > 630.0 + 2.0 * 18.0, "{media:?}");
}

/// A probe placed on the flyer (or another material) over everything, from the page's
/// bleed corner: `body` is typst markup.
fn probe(p: &TempProject, material: &str, body: &str) {
    let path = format!("templates/{material}.typ");
    let source = std::fs::read_to_string(super::util::repo().join(&path)).unwrap();
    let source = format!("#import \"lib/qr.typ\": qr-code\n{source}");
    // After the page is set up, so the probe inherits the material's text.
    let (head, rest) = source.split_once("#show: material").unwrap();
    let (line, tail) = rest.split_once('\n').unwrap();
    p.write(
        &path,
        format!("{head}#show: material{line}\n#set page(foreground: {body})\n{tail}"),
    );
}

#[test]
fn text_in_the_bleed_or_near_the_trim_fails_naming_it() {
    let p = TempProject::bundled();
    // The foreground starts at the bleed's corner, 0.125 in outside the trim.
    probe(
        &p,
        "flyer",
        "place(dx: 0.05in, dy: 3in, text(12pt)[IN THE BLEED])",
    );
    p.run(&["check", "--only", "flyer"]).failure().stderr_has(&[
        "error[outside-safe-area]: flyer-en: page 1: the text \"IN THE BLEED\" runs",
        "past the trim, into the bleed",
    ]);
    probe(
        &p,
        "flyer",
        "place(dx: 0.2in, dy: 3in, text(12pt)[NEAR THE CUT])",
    );
    p.run(&["check", "--only", "flyer"]).failure().stderr_has(&[
        "the text \"NEAR THE CUT\" comes within 0.0",
        "text stays 0.125 in inside the trim",
    ]);
    // Turned a quarter turn, the text's ink reaches the cut although its origin is far.
    probe(
        &p,
        "flyer",
        "place(dx: 0.3in, dy: 3in, rotate(90deg, origin: top + left, text(12pt)[TURNED]))",
    );
    p.run(&["check", "--only", "flyer"])
        .failure()
        .stderr_has(&["error[outside-safe-area]", "\"TURNED\""]);
    // 0.3 in from the bleed's corner is 0.175 in inside the trim: clear on a flyer, not
    // on a card, whose safe area is 0.1875 in.
    probe(&p, "flyer", "place(dx: 0.3in, dy: 3in, text(12pt)[CLEAR])");
    p.run(&["check", "--only", "flyer"]).success();
    probe(
        &p,
        "driver-card",
        "place(dx: 0.3in, dy: 0.9in, text(8pt)[CLEAR])",
    );
    p.run(&["check", "--only", "driver-card"])
        .failure()
        .stderr_has(&["error[outside-safe-area]: driver-card-en", "0.1875 in"]);
}

#[test]
fn a_code_near_the_trim_fails_naming_it() {
    // Its quiet zone may reach the cut; its modules may not. On a card, whose safe area is
    // wider than a small code's quiet zone, a code whose square starts at the trim has
    // its modules 0.16 in inside it.
    let p = TempProject::bundled();
    let card = |dx: &str| {
        format!(
            "#import \"lib/common.typ\": *\n#import \"lib/qr.typ\": qr-code\n#show: material.with(width: 3.5in, height: 2in, margin: (x: 0.1875in, y: 0.22in), size: 8pt)\nFront.\n#pagebreak()\n#place(top + left, dx: {dx}, dy: 0.1in, qr-code(qr.hotline, 0.8in))\n#place(top + right, text(10pt, hotline.phones.first().display))\n"
        )
    };
    p.write("templates/driver-card.typ", card("-0.18in"));
    p.run(&["check", "--only", "driver-card"]).failure().stderr_has(&[
        "error[outside-safe-area]: driver-card-en: page 2: the QR code for \"tel:+18883737888\" comes within 0.160 in",
        "codes stay 0.1875 in inside the trim",
    ]);
    p.write("templates/driver-card.typ", card("0in"));
    p.run(&["check", "--only", "driver-card"]).success();
}

#[test]
fn small_type_in_any_ink_but_black_alone_fails() {
    let p = TempProject::bundled();
    for (fill, ok) in [
        ("rgb(0, 0, 0)", false),
        ("luma(0)", false),
        // A four-colour "rich" black.
        ("cmyk(60%, 40%, 40%, 100%)", false),
        ("cmyk(0%, 0%, 0%, 90%)", false),
        ("cmyk(0%, 0%, 0%, 100%)", true),
        // Paper showing through: no ink at all.
        ("white", true),
    ] {
        probe(
            &p,
            "flyer",
            &format!("place(dx: 2in, dy: 3in, text(10pt, fill: {fill})[PROBE])"),
        );
        let run = p.run(&["check", "--only", "flyer"]);
        if ok {
            run.success();
        } else {
            run.failure().stderr_has(&[
                "error[not-one-ink]: flyer-en: page 1: the text \"PROBE\", 10.0 pt, is printed in",
                "black ink alone",
            ]);
        }
    }
    // A stroke is ink too: black letters outlined in red are four-colour at the edge.
    probe(
        &p,
        "flyer",
        "place(dx: 2in, dy: 3in, text(10pt, stroke: 0.4pt + rgb(\"#cc0000\"))[PROBE])",
    );
    p.run(&["check", "--only", "flyer"])
        .failure()
        .stderr_has(&["error[not-one-ink]", "\"PROBE\""]);
    // At 14 pt and over, colour is free.
    probe(
        &p,
        "flyer",
        "place(dx: 2in, dy: 3in, text(14pt, fill: rgb(\"#0b3c49\"))[PROBE])",
    );
    p.run(&["check", "--only", "flyer"]).success();
    // Scaled down to 7 pt, 14 pt text is small type.
    probe(
        &p,
        "flyer",
        "place(dx: 2in, dy: 3in, scale(70%, text(14pt, fill: rgb(\"#0b3c49\"))[PROBE]))",
    );
    p.run(&["check", "--only", "flyer"])
        .failure()
        .stderr_has(&["error[not-one-ink]", "9.8 pt"]);
}

/// Multiplies PDF matrices: `a` then `b`.
fn concat(a: [f32; 6], b: [f32; 6]) -> [f32; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

#[test]
fn small_text_is_black_ink_alone_in_the_pdf_content_stream() {
    let p = TempProject::bundled();
    p.run(&["build", "--only", "flyer", "--only", "driver-card"])
        .success();
    let mut small = 0;
    for file in ["flyer-en.pdf", "flyer-hmn.pdf", "driver-card-es.pdf"] {
        let doc = lopdf::Document::load(p.path("out").join(file)).unwrap();
        for (_, page) in doc.get_pages() {
            let content = doc.get_and_decode_page_content(page).unwrap();
            let number = |o: &lopdf::Object| o.as_float().unwrap();
            // The graphics state: the matrix and the fill, saved and restored with q/Q.
            let mut stack = Vec::new();
            let mut ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
            let mut fill: (String, Vec<f32>) = ("g".into(), vec![0.0]);
            let (mut size, mut tm) = (0.0, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
            for op in &content.operations {
                let args: Vec<f32> = op
                    .operands
                    .iter()
                    .filter(|o| o.as_float().is_ok())
                    .map(number)
                    .collect();
                match op.operator.as_str() {
                    "q" => stack.push((ctm, fill.clone())),
                    "Q" => (ctm, fill) = stack.pop().unwrap(),
                    "cm" => ctm = concat(args.clone().try_into().unwrap(), ctm),
                    "k" | "rg" | "g" | "scn" | "sc" => fill = (op.operator.clone(), args),
                    "Tf" => size = args[0],
                    "Tm" => tm = args.clone().try_into().unwrap(),
                    "Tj" | "TJ" => {
                        let m = concat(tm, ctm);
                        let printed = size * (m[0] * m[3] - m[1] * m[2]).abs().sqrt();
                        if printed < 14.0 - 0.01 {
                            small += 1;
                            let white = fill.1.iter().all(|v| *v == 1.0) && fill.0 != "k"
                                || fill == ("k".into(), vec![0.0, 0.0, 0.0, 0.0]);
                            assert!(
                                fill == ("k".into(), vec![0.0, 0.0, 0.0, 1.0]) || white,
                                "{file}: {printed} pt text in {fill:?}"
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(small > 100, "the small text was found: {small} runs");
}

/// The card (en), laid out as `build` lays it out.
fn card(material: Material) -> PagedDocument {
    rendered(material).document
}

/// The card (en), rendered and verified as `build` does.
fn rendered(material: Material) -> handbill::render::Rendered {
    let project = Project::load(&super::util::repo()).unwrap();
    let selection = Selection {
        scope: Scope {
            only: vec![material],
            ..Scope::default()
        },
        ..Selection::default()
    };
    let docs = build::render_all(&project, &selection).unwrap();
    docs.into_iter().find(|d| d.job.lang == "en").unwrap()
}

/// Where each card on a sheet's page is placed: the translation of each top-level group,
/// with whether it is turned a half turn.
fn placements(frame: &Frame) -> Vec<(Point, bool)> {
    frame
        .items()
        .filter_map(|(_, item)| match item {
            FrameItem::Group(g) => {
                let t: Transform = g.transform;
                Some((Point::new(t.tx, t.ty), t.sx.get() < 0.0 && t.sy.get() < 0.0))
            }
            _ => None,
        })
        .collect()
}

/// What every QR code in `area` (origin, size) of a rendered page says. (A whole sheet at
/// once lets a detector pair one card's finder patterns with its neighbour's.)
fn codes_in(page: &typst_layout::Page, origin: Point, size: Size) -> Vec<String> {
    let ppp = 4.0;
    let mut frame = Frame::hard(size);
    frame.push_frame(Point::zero() - origin, page.frame.clone());
    let region = typst_layout::Page {
        frame,
        ..page.clone()
    };
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(ppp),
        render_bleed: false,
    };
    let pixmap = typst_render::render(&region, &options);
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let rgba = pixmap.data();
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        let p = &rgba[(y * w + x) * 4..][..3];
        ((u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2])) / 3) as u8
    });
    image
        .detect_grids()
        .into_iter()
        .map(|grid| grid.decode().expect("a code decodes").1)
        .collect()
}

/// How many codes lie in each cell of `layout`'s page `side` (0 front, 1 back), each
/// dialling the hotline.
fn codes_per_cell(layout: &Layout, sheet: &PagedDocument, side: usize, flip: Flip) -> Vec<usize> {
    let card = Size::new(Abs::inches(3.5), Abs::inches(2.0));
    layout
        .cells(card)
        .iter()
        .map(|cell| {
            let origin = if side == 0 {
                cell.origin
            } else {
                layout.back(cell, flip).0
            };
            let found = codes_in(&sheet.pages()[side], origin, card);
            assert!(found.iter().all(|p| p == HOTLINE_TEL), "{found:?}");
            found.len()
        })
        .collect()
}

#[test]
fn the_avery_sheet_has_ten_fronts_and_ten_readable_codes_one_in_each_cell() {
    let avery = SHEETS[0];
    assert_eq!(avery.name, "avery-5371");
    for material in [Material::PocketCard, Material::DriverCard] {
        let sheet = avery.impose(&card(material), Flip::Long);
        let pages = sheet.pages();
        assert_eq!(pages.len(), 2);
        assert_eq!(
            pages[0].frame.size(),
            Size::new(Abs::inches(8.5), Abs::inches(11.0))
        );
        // The front has no code on these cards: ten fronts, one at each cell's corner.
        let fronts = placements(&pages[0].frame);
        let cells = avery.cells(Size::new(Abs::inches(3.5), Abs::inches(2.0)));
        assert_eq!(fronts.len(), 10);
        for (cell, (at, turned)) in cells.iter().zip(&fronts) {
            assert!((cell.origin - *at).hypot() < Abs::pt(0.01) && !turned);
        }
        assert_eq!(codes_per_cell(&avery, &sheet, 1, Flip::Long), vec![1; 10]);
    }
}

#[test]
fn the_shop_sheet_has_eight_readable_codes_and_crop_marks_outside_every_bleed() {
    let shop = SHEETS[1];
    assert_eq!(shop.name, "shop-8up");
    let sheet = shop.impose(&card(Material::PocketCard), Flip::Long);
    let cells = shop.cells(Size::new(Abs::inches(3.5), Abs::inches(2.0)));
    // Page 1: eight fronts (the card has no code on its front), one at each cell's corner.
    let fronts = placements(&sheet.pages()[0].frame);
    assert_eq!(fronts.len(), 8);
    for (cell, (at, turned)) in cells.iter().zip(&fronts) {
        assert!((cell.origin - *at).hypot() < Abs::pt(0.01) && !turned);
    }
    assert_eq!(codes_per_cell(&shop, &sheet, 1, Flip::Long), vec![1; 8]);
    let bleed = Abs::inches(0.125);
    for page in sheet.pages() {
        let mut marks = Vec::new();
        for (pos, item) in page.frame.items() {
            if let FrameItem::Shape(shape, _) = item
                && let typst::visualize::Geometry::Line(delta) = shape.geometry
            {
                marks.push((*pos, *pos + delta));
            }
        }
        // Two marks for every trim line: 4 vertical lines, 8 horizontal.
        assert_eq!(marks.len(), 2 * (4 + 8));
        for (a, b) in &marks {
            for cell in &cells {
                let (min, max) = (
                    cell.origin - Point::splat(bleed),
                    cell.origin + cell.size.to_point() + Point::splat(bleed),
                );
                let inside = |p: Point| p.x > min.x && p.x < max.x && p.y > min.y && p.y < max.y;
                let crosses = (a.x.min(b.x) < max.x && a.x.max(b.x) > min.x)
                    && (a.y.min(b.y) < max.y && a.y.max(b.y) > min.y);
                assert!(
                    !inside(*a) && !inside(*b) && !crosses,
                    "a mark touches a card's bleed"
                );
            }
        }
        // Each trim line has its marks, on its line.
        for cell in &cells {
            for x in [cell.origin.x, cell.origin.x + cell.size.x] {
                assert!(marks.iter().any(
                    |(a, b)| (a.x - x).abs() < Abs::pt(0.01) && (b.x - x).abs() < Abs::pt(0.01)
                ));
            }
            for y in [cell.origin.y, cell.origin.y + cell.size.y] {
                assert!(marks.iter().any(
                    |(a, b)| (a.y - y).abs() < Abs::pt(0.01) && (b.y - y).abs() < Abs::pt(0.01)
                ));
            }
        }
    }
}

#[test]
fn backs_mirror_fronts_for_a_long_or_a_short_edge_flip() {
    let card = card(Material::DriverCard);
    let (w, h) = (Abs::inches(8.5), Abs::inches(11.0));
    let size = Size::new(Abs::inches(3.5), Abs::inches(2.0));
    // A lopsided layout too, where a back in the mirrored cell would not be behind.
    let lopsided = Layout {
        name: "lopsided",
        margin: (0.25, 0.3),
        ..SHEETS[0]
    };
    for layout in [SHEETS[0], SHEETS[1], lopsided] {
        for flip in [Flip::Long, Flip::Short] {
            let sheet = layout.impose(&card, flip);
            let fronts = placements(&sheet.pages()[0].frame);
            let backs = placements(&sheet.pages()[1].frame);
            assert_eq!(fronts.len(), backs.len());
            for ((front, _), (back, turned)) in fronts.iter().zip(&backs) {
                // Where the back's trim lands when the sheet is turned over.
                let expected = match flip {
                    // Mirrored across the width, upright.
                    Flip::Long => Point::new(w - front.x - size.x, front.y),
                    // Mirrored across the height and turned: the group's origin is then
                    // the trim's far corner.
                    Flip::Short => Point::new(front.x + size.x, h - front.y),
                };
                assert!(
                    (expected - *back).hypot() < Abs::pt(0.01),
                    "{} {flip:?}",
                    layout.name
                );
                assert_eq!(*turned, flip == Flip::Short);
            }
            // Every back's code is read where it was placed.
            let per_cell = codes_per_cell(&layout, &sheet, 1, flip);
            assert!(
                per_cell.iter().all(|n| *n == 1),
                "{} {flip:?}: {per_cell:?}",
                layout.name
            );
        }
    }
}

#[test]
fn build_writes_each_cards_sheets_and_skips_them_when_nothing_changed() {
    let p = TempProject::bundled();
    p.run(&["build", "--only", "pocket-card", "--only", "driver-card"])
        .success();
    for card in ["pocket-card", "driver-card"] {
        for lang in super::LANGS {
            for (layout, _) in [("avery-5371", 10), ("shop-8up", 8)] {
                let path = p.path(&format!("out/sheets/{card}-{layout}-{lang}.pdf"));
                let pages = boxes(&path);
                assert_eq!(pages.len(), 2, "{path:?}");
                assert!(
                    pages
                        .iter()
                        .all(|(media, _)| *media == [0.0, 0.0, 612.0, 792.0])
                );
            }
        }
    }
    let before = p.snapshot("out");
    p.run(&["build", "--only", "pocket-card", "--only", "driver-card"])
        .success()
        .stderr_has(&["6 documents skipped before compiling"]);
    assert_eq!(before, p.snapshot("out"));
    // A short-edge printer's sheets differ; the cards themselves do not.
    p.run(&["build", "--only", "pocket-card", "--flip", "short"])
        .success();
    let after = p.snapshot("out");
    let sheet = p.path("out/sheets/pocket-card-avery-5371-en.pdf");
    assert_ne!(before[&sheet].0, after[&sheet].0);
}

/// A PNG `w` × `h` pixels of stripes, made with tiny-skia.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut pixmap = tiny_skia::Pixmap::new(w, h).unwrap();
    pixmap.fill(tiny_skia::Color::WHITE);
    let mut paint = tiny_skia::Paint::default();
    paint.set_color(tiny_skia::Color::BLACK);
    for x in (0..w).step_by(8) {
        let rect = tiny_skia::Rect::from_xywh(x as f32, 0.0, 4.0, h as f32).unwrap();
        pixmap.fill_rect(rect, &paint, tiny_skia::Transform::identity(), None);
    }
    pixmap.encode_png().unwrap()
}

/// Names `logo` as the coalition's logo.
fn set_logo(p: &TempProject, logo: &str) {
    let text = p.read("data/coalition.toml");
    let at = text.find("\n[").unwrap();
    p.write(
        "data/coalition.toml",
        format!("{}\nlogo = \"{logo}\"{}", &text[..at], &text[at..]),
    );
}

#[test]
fn a_logo_at_72_ppi_fails_and_one_at_300_passes() {
    let p = TempProject::bundled();
    // The flyer sets a logo half an inch tall: a 4:1 logo prints 2 in wide.
    p.write("data/logo.png", png(144, 36));
    set_logo(&p, "data/logo.png");
    p.run(&["check", "--only", "flyer"]).failure().stderr_has(&[
        "error[low-resolution]: flyer-en: page 1: the logo data/logo.png (`logo` in data/coalition.toml), 144 × 36 pixels, prints 2.00 × 0.50 in: 72 pixels an inch",
        "at least 600 pixels across",
    ]);
    p.write("data/logo.png", png(400, 100));
    p.run(&["check", "--only", "flyer"]).success().stderr_has(&[
        "warning[low-resolution]: flyer-en",
        "200 pixels an inch",
        "prints soft",
    ]);
    p.write("data/logo.png", png(600, 150));
    let run = p.run(&["check", "--only", "flyer"]);
    run.success();
    assert!(!run.stderr.contains("low-resolution"), "{}", run.stderr);
    // The 300 ppi logo is on the page.
    p.run(&["build", "--only", "flyer"]).success();
    let pdf = std::fs::read(p.path("out/flyer-en.pdf")).unwrap();
    assert!(
        pdf.windows(8).any(|w| w == b"/Subtype"),
        "an image is embedded"
    );
}

#[test]
fn a_logo_outside_the_project_or_of_another_kind_is_refused() {
    for (logo, needle) in [
        ("../logo.png", "is not a path inside the project"),
        ("/etc/logo.png", "is not a path inside the project"),
        ("data/missing.png", "is not a file in the project"),
        ("data/logo.gif", "is not an SVG, PNG or JPEG file"),
        ("data/contacts.png", "is not a PNG image that can be read"),
        // A PNG named as a JPEG: typst would take it for what its name says.
        ("data/stripes.jpg", "is not a JPEG image that can be read"),
    ] {
        let fresh = TempProject::bundled();
        fresh.write("data/contacts.png", "not an image");
        fresh.write("data/stripes.jpg", png(600, 150));
        set_logo(&fresh, logo);
        fresh
            .run(&["check", "--only", "flyer"])
            .failure()
            .stderr_has(&["error[bad-logo]: data/coalition.toml:", needle]);
    }
}

#[test]
fn a_sheet_whose_cell_lacks_its_code_or_holds_it_elsewhere_fails() {
    let rendered = rendered(Material::PocketCard);
    let card = &rendered.document;
    let codes: Vec<(String, Point, f64)> = rendered
        .qr
        .iter()
        .filter(|q| q.page == 2)
        .map(|q| (q.payload.clone(), q.centre, q.inches))
        .collect();
    assert_eq!(codes.len(), 1);
    let cells_of = |avery: Layout, flip: Flip| -> Vec<handbill::verify::SheetCell> {
        avery
            .cells(Size::new(Abs::inches(3.5), Abs::inches(2.0)))
            .iter()
            .map(|cell| handbill::verify::SheetCell {
                page: 2,
                trim: (avery.back(cell, flip).0, cell.size),
                at: avery.back_at(cell, flip),
                turned: avery.back(cell, flip).1,
                codes: codes.clone(),
            })
            .collect()
    };
    let avery = SHEETS[0];
    let cells = |flip| cells_of(avery, flip);
    let sheet = avery.impose(card, Flip::Long);
    assert_eq!(
        handbill::verify::check_sheet(sheet.pages(), &cells(Flip::Long)),
        Ok(10)
    );
    // On a lopsided sheet, the backs of a short-edge sheet stand elsewhere than a
    // long-edge reader looks. (On a symmetric one, the same cells, and the same codes.)
    let lopsided = Layout {
        margin: (0.25, 0.3),
        ..avery
    };
    let short = lopsided.impose(card, Flip::Short);
    let right = handbill::verify::check_sheet(short.pages(), &cells_of(lopsided, Flip::Short));
    assert_eq!(right, Ok(10));
    let misread = handbill::verify::check_sheet(short.pages(), &cells_of(lopsided, Flip::Long));
    assert!(misread.is_err(), "{misread:?}");
    // On the symmetric sheet too, a back turned for a short-edge printer puts its code
    // elsewhere in the cell than an upright one.
    let turned = avery.impose(card, Flip::Short);
    let err = handbill::verify::check_sheet(turned.pages(), &cells(Flip::Long)).unwrap_err();
    assert!(err.contains("is not read where the card has it"), "{err}");
    // One back left out: the cell that lacks it is named.
    let mut pages: Vec<typst_layout::Page> = sheet.pages().to_vec();
    let mut frame = Frame::hard(pages[1].frame.size());
    let mut groups = 0;
    for (pos, item) in pages[1].frame.items() {
        if matches!(item, FrameItem::Group(_)) {
            groups += 1;
            if groups == 3 {
                continue;
            }
        }
        frame.push(*pos, item.clone());
    }
    pages[1].frame = frame;
    let err = handbill::verify::check_sheet(&pages, &cells(Flip::Long)).unwrap_err();
    // The third back stands behind the first column's front of row 2: mirrored, column 2.
    assert!(
        err.contains("page 2, the card in column 2 of row 2: the code for \"tel:+18883737888\" is not read where the card has it")
            && err.ends_with("(read nothing there)"),
        "{err}"
    );
}

#[test]
fn the_logo_on_the_discreet_card_fails() {
    let p = TempProject::bundled();
    p.write("data/logo.png", png(600, 150));
    set_logo(&p, "data/logo.png");
    probe(
        &p,
        "pocket-card",
        "place(dx: 2.95in, dy: 0.3in, logo(height: 0.15in))",
    );
    p.run(&["check", "--only", "pocket-card"]).failure().stderr_has(&[
        "error[not-discreet]: pocket-card-en: the coalition's logo (data/logo.png) is on a card",
    ]);
    // The same logo on the flyer is its place.
    p.run(&["check", "--only", "flyer"]).success();
}

#[test]
fn without_bleed_a_card_gets_only_the_sheet_cut_at_its_trim() {
    let p = TempProject::bundled();
    let list = p.run(&["list", "--only", "driver-card", "--no-bleed"]);
    list.success();
    let sheets: Vec<&str> = list
        .stdout
        .lines()
        .filter(|l| l.contains("sheets/"))
        .collect();
    assert_eq!(sheets.len(), 3, "{sheets:?}");
    assert!(
        sheets.iter().all(|s| s.contains("-avery-5371-")),
        "{sheets:?}"
    );
    p.run(&["build", "--only", "driver-card", "--no-bleed"])
        .success();
    assert!(p.path("out/sheets/driver-card-avery-5371-en.pdf").exists());
    assert!(!p.path("out/sheets/driver-card-shop-8up-en.pdf").exists());
}
