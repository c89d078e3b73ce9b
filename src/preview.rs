//! Previews of built documents and the review page that shows them: small PNGs of each
//! page and one self-contained `index.html` that marks what a build changed.

use std::cmp::Ordering;
use std::fmt::Write as _;

use typst::utils::Scalar;
use typst_layout::Page;

/// Resolution of previews: enough to look a page over, small and quick to render.
pub(crate) const PREVIEW_DPI: f32 = 50.0;

/// A PNG of `page` at `dpi`, trimmed to the page (bleed is not shown).
pub fn page_png(page: &Page, dpi: f32) -> Vec<u8> {
    let options = typst_render::RenderOptions {
        pixel_per_pt: Scalar::new(f64::from(dpi) / 72.0),
        render_bleed: false,
    };
    typst_render::render(page, &options)
        .encode_png()
        // The pixmap is at least 1×1 pixels and is encoded into memory: nothing can fail.
        .expect("a rendered page encodes as PNG")
}

/// One document on the review page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndexItem {
    /// The PDF's path relative to the output folder, `/` separated.
    pub pdf: String,
    /// Its pages' PNGs, relative to the output folder, in page order.
    pub previews: Vec<String>,
    /// The campaign's id; `None` for the kit.
    pub campaign: Option<String>,
    /// The location's display name.
    pub location: Option<String>,
    /// The location's id.
    pub(crate) location_id: Option<String>,
    /// The material's name.
    pub material: String,
    /// The language code.
    pub lang: String,
    /// What this build did to it.
    pub status: ItemStatus,
}

/// What a build did to a document, against the previous build's manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemStatus {
    /// It was not there before.
    New,
    /// It was there with other bytes.
    Changed,
    /// It is as it was.
    Unchanged,
}

/// Inline so the page works opened from disk, from a CI artifact, with no network.
const STYLE: &str = "\
body{font:15px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222;background:#fafafa}
h1{margin:0 0 .3rem}h2{margin:2rem 0 .5rem;border-bottom:2px solid #ccc}
h3{margin:1.2rem 0 .4rem}.id{color:#666;font-weight:normal;font-family:monospace}
.summary{font-size:1.1rem;margin:.2rem 0 1rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem}
.card{background:#fff;border:2px solid #ddd;border-radius:6px;padding:.5rem .7rem;max-width:100%}
.card.new{border-color:#1a7f37}.card.changed{border-color:#bf5b00}
.card h4{margin:0 0 .4rem;font-size:1rem}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.8rem;color:#fff;vertical-align:middle}
.badge.new{background:#1a7f37}.badge.changed{background:#bf5b00}
.pages{display:flex;flex-wrap:wrap;gap:.4rem}.pages img{border:1px solid #bbb;background:#fff;display:block;max-width:100%}
.path{margin:.3rem 0 0;font-family:monospace;font-size:.8rem;color:#666;word-break:break-all}
.removed li{font-family:monospace}
";

/// The review page: the kit, then each campaign and within it each location, a card per
/// document with its previews, new and changed ones marked, and the outputs this build
/// removed. Self-contained (inline style, no script, no network); the same items give the
/// same bytes whatever order they come in.
pub(crate) fn index_html(title: &str, items: &[IndexItem], removed: &[String]) -> String {
    let mut sorted: Vec<&IndexItem> = items.iter().collect();
    sorted.sort_by(|a, b| order(a, b));
    let mut removed: Vec<&String> = removed.iter().collect();
    removed.sort();
    let count = |status| items.iter().filter(|i| i.status == status).count();

    let mut html = String::new();
    let title = escape(title);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n\
         <p class=\"summary\">{} changed, {} new, {} unchanged, {} removed</p>\n",
        count(ItemStatus::Changed),
        count(ItemStatus::New),
        count(ItemStatus::Unchanged),
        removed.len(),
    );

    let mut rest = sorted.as_slice();
    while let Some(first) = rest.first() {
        let end = rest
            .iter()
            .position(|i| i.campaign != first.campaign)
            .unwrap_or(rest.len());
        let (group, after) = rest.split_at(end);
        rest = after;
        match &first.campaign {
            None => html.push_str("<section class=\"kit\">\n<h2>Kit</h2>\n"),
            Some(id) => {
                let _ = writeln!(
                    html,
                    "<section class=\"campaign\">\n<h2>Campaign <span class=\"id\">{}</span></h2>",
                    escape(id)
                );
            }
        }
        campaign(&mut html, group);
        html.push_str("</section>\n");
    }

    if !removed.is_empty() {
        html.push_str("<section class=\"removed\">\n<h2>Removed</h2>\n<ul>\n");
        for path in removed {
            let _ = writeln!(html, "<li>{}</li>", escape(path));
        }
        html.push_str("</ul>\n</section>\n");
    }
    html.push_str("</body>\n</html>\n");
    html
}

/// One group's cards: those with no location first, then a heading per location.
fn campaign(html: &mut String, items: &[&IndexItem]) {
    let mut rest = items;
    while let Some(first) = rest.first() {
        let place = |i: &IndexItem| (i.location_id.clone(), i.location.clone());
        let end = rest
            .iter()
            .position(|i| place(i) != place(first))
            .unwrap_or(rest.len());
        let (group, after) = rest.split_at(end);
        rest = after;
        let located = first.location.is_some() || first.location_id.is_some();
        if located {
            html.push_str("<section class=\"location\">\n<h3>");
            if let Some(name) = &first.location {
                html.push_str(&escape(name));
            }
            if let Some(id) = &first.location_id {
                let _ = write!(html, " <span class=\"id\">{}</span>", escape(id));
            }
            html.push_str("</h3>\n");
        }
        html.push_str("<div class=\"cards\">\n");
        for item in group {
            card(html, item);
        }
        html.push_str("</div>\n");
        if located {
            html.push_str("</section>\n");
        }
    }
}

fn card(html: &mut String, item: &IndexItem) {
    let (class, badge) = match item.status {
        ItemStatus::New => (" new", " <span class=\"badge new\">New</span>"),
        ItemStatus::Changed => (" changed", " <span class=\"badge changed\">Changed</span>"),
        ItemStatus::Unchanged => ("", ""),
    };
    let href = url_path(&item.pdf);
    let name = format!("{} {}", escape(&item.material), escape(&item.lang));
    let _ = writeln!(
        html,
        "<article class=\"card{class}\">\n<h4><a href=\"{href}\">{name}</a>{badge}</h4>"
    );
    if !item.previews.is_empty() {
        html.push_str("<div class=\"pages\">");
        for (n, png) in item.previews.iter().enumerate() {
            let _ = write!(
                html,
                "<a href=\"{href}\"><img loading=\"lazy\" src=\"{}\" alt=\"{name}, page {}\"></a>",
                url_path(png),
                n + 1
            );
        }
        html.push_str("</div>\n");
    }
    let _ = writeln!(
        html,
        "<p class=\"path\">{}</p>\n</article>",
        escape(&item.pdf)
    );
}

/// The page's order: the kit before campaigns, then by campaign, location, material,
/// language, and path so no two items tie.
fn order(a: &IndexItem, b: &IndexItem) -> Ordering {
    let key = |i: &IndexItem| {
        (
            i.campaign.is_some(),
            i.campaign.clone(),
            i.location_id.clone(),
            i.location.clone(),
            i.material.clone(),
            i.lang.clone(),
            i.pdf.clone(),
        )
    };
    key(a).cmp(&key(b))
}

/// `s` safe as HTML text and inside a quoted attribute.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A relative path as a URL path, each segment percent-encoded: a space, `#`, `?` or `:`
/// in a name then names the file rather than a fragment, a query or a scheme.
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (n, segment) in path.split('/').enumerate() {
        if n > 0 {
            out.push('/');
        }
        for b in segment.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(b));
            } else {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(pdf: &str, campaign: Option<&str>, location: Option<(&str, &str)>) -> IndexItem {
        let stem = pdf.rsplit('/').next().unwrap().trim_end_matches(".pdf");
        let (material, lang) = stem.rsplit_once('-').unwrap();
        let dir = pdf
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| format!("{d}/"));
        IndexItem {
            pdf: pdf.into(),
            previews: vec![format!("{dir}{stem}-1.png"), format!("{dir}{stem}-2.png")],
            campaign: campaign.map(String::from),
            location: location.map(|l| l.0.to_string()),
            location_id: location.map(|l| l.1.to_string()),
            material: material.into(),
            lang: lang.into(),
            status: ItemStatus::Unchanged,
        }
    }

    fn items() -> Vec<IndexItem> {
        let mut items = vec![
            item("flyer-en.pdf", None, None),
            item("flyer-es.pdf", None, None),
            item(
                "spring/bus #1?/card-en.pdf",
                Some("spring"),
                Some(("Bus stop #1?", "bus #1?")),
            ),
            item(
                "spring/clinic/poster-en.pdf",
                Some("spring"),
                Some(("<script>alert(\"x\")</script> & Co", "clinic")),
            ),
            item("spring/route-en.pdf", Some("spring"), None),
            item(
                "winter/café/flyer-fr.pdf",
                Some("winter"),
                Some(("Café", "café")),
            ),
        ];
        items[1].status = ItemStatus::New;
        items[3].status = ItemStatus::Changed;
        items
    }

    /// Every value of `attr="..."` in `html`, unescaped and percent-decoded.
    fn attributes(html: &str, attr: &str) -> Vec<String> {
        let needle = format!(" {attr}=\"");
        html.match_indices(&needle)
            .map(|(at, _)| {
                let start = at + needle.len();
                let end = start + html[start..].find('"').unwrap();
                decode(&unescape(&html[start..end]))
            })
            .collect()
    }

    fn unescape(s: &str) -> String {
        s.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                // Anything a browser would read specially must have been encoded.
                assert!(!b" #?\"<>".contains(&bytes[i]), "{s:?} is not encoded");
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn page_png_is_a_small_png_of_the_page() {
        use typst::foundations::{Content, Smart};
        use typst::layout::{Abs, Frame, Sides, Size};
        let page = Page {
            frame: Frame::soft(Size::new(Abs::inches(8.5), Abs::inches(11.0))),
            bleed: Sides::splat(Abs::inches(0.125)),
            fill: Smart::Auto,
            numbering: None,
            supplement: Content::empty(),
            number: 1,
        };
        let png = page_png(&page, PREVIEW_DPI);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        // The IHDR chunk: width and height, trimmed to the page at 50 dpi.
        let dim = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        assert_eq!((dim(16), dim(20)), (425, 550));
        assert_eq!(page_png(&page, PREVIEW_DPI), png, "deterministic");
        let double = page_png(&page, 2.0 * PREVIEW_DPI);
        assert_eq!(
            (u32::from_be_bytes(double[16..20].try_into().unwrap())),
            850
        );
    }

    #[test]
    fn every_link_and_image_names_a_given_file() {
        let items = items();
        let html = index_html("Spring", &items, &[]);
        let pdfs: Vec<&str> = items.iter().map(|i| i.pdf.as_str()).collect();
        let pngs: Vec<&str> = items
            .iter()
            .flat_map(|i| i.previews.iter().map(String::as_str))
            .collect();
        let hrefs = attributes(&html, "href");
        let srcs = attributes(&html, "src");
        assert!(!hrefs.is_empty() && !srcs.is_empty());
        for href in &hrefs {
            assert!(pdfs.contains(&href.as_str()), "href {href:?}");
        }
        for src in &srcs {
            assert!(pngs.contains(&src.as_str()), "src {src:?}");
        }
        for pdf in &pdfs {
            assert!(hrefs.iter().any(|h| h == pdf), "{pdf} is linked");
        }
        for png in &pngs {
            assert!(srcs.iter().any(|s| s == png), "{png} is shown");
        }
        assert_eq!(srcs.len(), pngs.len());
        assert!(html.contains("href=\"spring/bus%20%231%3F/card-en.pdf\""));
        assert!(html.contains("src=\"winter/caf%C3%A9/flyer-fr-1.png\""));
        assert!(html.contains("loading=\"lazy\""));
    }

    #[test]
    fn new_and_changed_are_marked_unchanged_not() {
        let items = items();
        let html = index_html("Spring", &items, &[]);
        let cards: Vec<&str> = html.split("<article").skip(1).collect();
        assert_eq!(cards.len(), items.len(), "every item has a card");
        for card in cards {
            let card = &card[..card.find("</article>").unwrap()];
            let pdf = &attributes(card, "href")[0];
            let item = items.iter().find(|i| &i.pdf == pdf).unwrap();
            let (new, changed) = (card.contains("badge new"), card.contains("badge changed"));
            assert_eq!(new, item.status == ItemStatus::New, "{pdf}");
            assert_eq!(changed, item.status == ItemStatus::Changed, "{pdf}");
            assert_eq!(
                card.starts_with(" class=\"card\""),
                item.status == ItemStatus::Unchanged,
                "{pdf}"
            );
        }
        assert!(html.contains("1 changed, 1 new, 4 unchanged, 0 removed"));
    }

    #[test]
    fn kit_first_then_campaigns_and_locations() {
        let html = index_html("All", &items(), &[]);
        let at = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} missing"));
        assert!(at("<h2>Kit</h2>") < at("spring</span></h2>"));
        assert!(at("spring</span></h2>") < at("winter</span></h2>"));
        assert!(at("flyer-es.pdf") < at("spring/route-en.pdf"));
        assert!(
            at("spring/route-en.pdf") < at("<h3>"),
            "campaign-wide first"
        );
        assert!(html.contains("<h3>Café <span class=\"id\">café</span></h3>"));
        assert!(html.contains("<h3>Bus stop #1? <span class=\"id\">bus #1?</span></h3>"));
    }

    #[test]
    fn data_is_escaped_and_page_is_self_contained() {
        let removed = vec!["old/<b>&\"x\".pdf".to_string()];
        let html = index_html("Title <i>&", &items(), &removed);
        assert!(html.contains(
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co <span class=\"id\">clinic</span>"
        ));
        assert!(html.contains("<title>Title &lt;i&gt;&amp;</title>"));
        assert!(html.contains("<li>old/&lt;b&gt;&amp;&quot;x&quot;.pdf</li>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("<i>"));
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(html.contains("1 removed"));
        assert!(html.starts_with("<!DOCTYPE html>"));
    }

    #[test]
    fn removed_are_listed_as_text_not_links() {
        let removed = vec!["spring/gone/flyer-en.pdf".to_string()];
        let html = index_html("t", &[], &removed);
        assert!(html.contains("<li>spring/gone/flyer-en.pdf</li>"));
        assert!(attributes(&html, "href").is_empty());
        assert!(html.contains("0 changed, 0 new, 0 unchanged, 1 removed"));
    }

    #[test]
    fn same_items_same_bytes_in_any_order() {
        let items = items();
        let mut reversed = items.clone();
        reversed.reverse();
        let removed = vec!["b.pdf".to_string(), "a.pdf".to_string()];
        let html = index_html("t", &items, &removed);
        assert_eq!(html, index_html("t", &items, &removed));
        let mut removed_reversed = removed.clone();
        removed_reversed.reverse();
        assert_eq!(html, index_html("t", &reversed, &removed_reversed));
    }
}
