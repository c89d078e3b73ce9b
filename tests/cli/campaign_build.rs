//! Campaigns built: each location's tagged codes, incremental rebuilds, removals, the review
//! page, the JSON report, shards and their merge, the route sheet.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::util::{TempProject, find_codes, page_text};

const CAMPAIGN: &str = "data/campaigns/i5-siskiyou.toml";
const FORM: &str = "https://siskiyou-coalition.example.org/contact";

/// The `--allow`s the bundled data needs under `--strict`; without them, the plain run.
fn json(p: &TempProject, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let run = p.run(&all);
    run.success();
    serde_json::from_str(&run.stdout).unwrap()
}

fn strings(report: &serde_json::Value, key: &str) -> BTreeSet<String> {
    report[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is a list"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// The bundled campaign's locations as its file lists them: (id, exit, town, languages).
fn locations(p: &TempProject) -> Vec<(String, Option<i64>, String, Vec<String>)> {
    let file: toml::Table = p.read(CAMPAIGN).parse().unwrap();
    let campaign_langs: Vec<String> = file["campaign"]["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect();
    file["location"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let langs = l.get("languages").and_then(|v| v.as_array()).map_or_else(
                || campaign_langs.clone(),
                |a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect(),
            );
            (
                l["id"].as_str().unwrap().to_string(),
                l.get("exit").and_then(|e| e.as_integer()),
                l["town"].as_str().unwrap().to_string(),
                langs,
            )
        })
        .collect()
}

/// Takes the location `id` (not the campaign's last) out of the bundled campaign file.
fn remove_location(p: &TempProject, id: &str) {
    let text = p.read(CAMPAIGN);
    let start = text
        .find(&format!("[[location]]\nid = \"{id}\""))
        .unwrap_or_else(|| panic!("no location {id}"));
    let end = start + text[start + 1..].find("[[location]]").unwrap() + 1;
    p.write(CAMPAIGN, format!("{}{}", &text[..start], &text[end..]));
}

/// Every file under `dir` with its SHA-256-free identity: bytes and modification time.
fn tree(p: &TempProject, dir: &str) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    p.snapshot(dir)
}

#[test]
fn each_locations_contact_form_code_carries_its_tags() {
    let p = TempProject::bundled();
    let docs = p.render_campaign("i5-siskiyou");
    let mut seen = BTreeSet::new();
    for (id, _, _, langs) in locations(&p) {
        for lang in langs {
            let name = format!("i5-siskiyou/{id}/poster-{lang}.pdf");
            let doc = docs
                .iter()
                .find(|d| d.job.path() == name)
                .unwrap_or_else(|| panic!("{name} is made"));
            let payloads: Vec<String> = find_codes(&doc.document.pages()[0], 2.0)
                .into_iter()
                .map(|c| c.payload)
                .collect();
            let tagged =
                format!("{FORM}?utm_source={id}&utm_medium=poster&utm_campaign=i5-siskiyou");
            assert!(payloads.contains(&tagged), "{name}: {payloads:?}");
            assert!(
                !payloads.iter().any(|p| p == FORM),
                "{name}: no untagged form code"
            );
            // The verifier read it back too.
            assert!(doc.qr.iter().any(|q| q.payload == tagged), "{name}");
            seen.insert(tagged);
        }
    }
    assert_eq!(seen.len(), locations(&p).len(), "one tag per location");
}

#[test]
fn tag_names_come_from_coalition_toml() {
    let p = TempProject::bundled();
    let file = p.read("data/coalition.toml");
    let line = file
        .lines()
        .find(|l| l.trim_start().starts_with("tags"))
        .expect("the bundled coalition.toml sets the tags");
    p.edit(
        "data/coalition.toml",
        line,
        r#"tags = { source = "s", medium = "m", campaign = "c" }"#,
    );
    let docs = p.render_campaign("i5-siskiyou");
    let doc = docs
        .iter()
        .find(|d| d.job.path() == "i5-siskiyou/weed-exit-747/poster-en.pdf")
        .unwrap();
    let want = format!("{FORM}?s=weed-exit-747&m=poster&c=i5-siskiyou");
    assert!(doc.qr.iter().any(|q| q.payload == want), "{:?}", doc.qr);
}

#[test]
fn a_no_change_rebuild_skips_everything_and_touches_nothing() {
    let p = TempProject::bundled();
    let first = json(&p, &["build", "--all"]);
    let documents = first["outputs"].as_array().unwrap().len();
    assert!(documents > 20, "the kit and the campaign: {documents}");
    let before = tree(&p, "out");
    let second = json(&p, &["build", "--all"]);
    assert_eq!(second["skipped"].as_u64().unwrap() as usize, documents);
    assert!(strings(&second, "changed").is_empty(), "{second}");
    assert!(strings(&second, "removed").is_empty());
    assert_eq!(
        strings(&second, "unchanged"),
        strings(&first, "changed"),
        "what the first build wrote, the second found up to date"
    );
    assert_eq!(before, tree(&p, "out"), "not one file rewritten");
    let pages = |report: &serde_json::Value| -> BTreeMap<String, u64> {
        report["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| (o["path"].to_string(), o["pages"].as_u64().unwrap()))
            .collect()
    };
    assert_eq!(
        pages(&first),
        pages(&second),
        "a skipped document keeps its page count"
    );
    // --force rebuilds them all, to the same bytes.
    let forced = json(&p, &["build", "--all", "--force"]);
    assert_eq!(forced["skipped"].as_u64(), Some(0));
    let after: Vec<_> = tree(&p, "out").into_values().map(|(b, _)| b).collect();
    let before: Vec<_> = before.into_values().map(|(b, _)| b).collect();
    assert_eq!(before, after);
}

#[test]
fn a_change_rebuilds_only_the_documents_made_from_it() {
    let p = TempProject::bundled();
    json(&p, &["build", "--all"]);
    // Only the route sheets print the campaign's name.
    p.edit(
        CAMPAIGN,
        r#"name = "I-5 corridor, winter 2026""#,
        r#"name = "I-5 corridor, spring 2027""#,
    );
    let report = json(&p, &["build", "--all"]);
    let changed = strings(&report, "changed");
    assert!(
        changed.contains("out/i5-siskiyou/route-en.pdf"),
        "{changed:?}"
    );
    assert!(
        changed.contains("out/i5-siskiyou/route-es.pdf"),
        "{changed:?}"
    );
    assert!(!changed.contains("out/flyer-en.pdf"), "{changed:?}");
    assert!(report["skipped"].as_u64().unwrap() > 20);
}

#[test]
fn a_removed_location_and_a_dropped_language_delete_their_files_and_nothing_else() {
    let p = TempProject::bundled();
    json(&p, &["build", "--all"]);
    // A file handbill did not write is never deleted, even where an output could be.
    p.write("out/notes.txt", "the print shop's order number");
    p.write("out/flyer-fr.pdf", "not handbill's");
    let before = tree(&p, "out");

    // Hornbrook leaves the route.
    remove_location(&p, "hornbrook-exit-789");
    let report = json(&p, &["build", "--all"]);
    let removed = strings(&report, "removed");
    let gone: BTreeSet<String> = ["en", "es"]
        .iter()
        .map(|l| format!("out/i5-siskiyou/hornbrook-exit-789/poster-{l}.pdf"))
        .collect();
    assert_eq!(removed, gone);
    assert!(!p.path("out/i5-siskiyou/hornbrook-exit-789").exists());
    let after = tree(&p, "out");
    for (path, (bytes, time)) in &before {
        let rel = path.strip_prefix(p.root()).unwrap().to_string_lossy();
        if gone.contains(rel.as_ref()) {
            continue;
        }
        let (b, t) = after.get(path).unwrap_or_else(|| panic!("{rel} is kept"));
        // The campaign's lists name every location, and the manifest every file.
        let lists = rel.contains("route-") || rel.ends_with(".csv") || rel.ends_with(".json");
        if !lists {
            assert!(b == bytes && t == time, "{rel} is left alone");
        }
    }

    // Hmong is no longer printed: its kit files go, the rest stay.
    p.edit(
        "data/coalition.toml",
        r#"languages = ["en", "es", "hmn"]"#,
        r#"languages = ["en", "es"]"#,
    );
    let text = p.read("data/coalition.toml");
    let start = text.find("[translations.hmn]").unwrap();
    let end = text[start + 1..]
        .find("\n[")
        .map_or(text.len(), |e| start + 1 + e + 1);
    p.write(
        "data/coalition.toml",
        format!("{}{}", &text[..start], &text[end..]),
    );
    let report = json(&p, &["build", "--all"]);
    let removed = strings(&report, "removed");
    let hmn: BTreeSet<String> = [
        "flyer",
        "pocket-card",
        "driver-card",
        "tear-off",
        "poster",
        "poster-letter",
        "restroom-sticker",
    ]
    .iter()
    .map(|m| format!("out/{m}-hmn.pdf"))
    // The cards' sheets go with them.
    .chain(["pocket-card", "driver-card"].iter().flat_map(|card| {
        ["avery-5371", "shop-8up"].map(|layout| format!("out/sheets/{card}-{layout}-hmn.pdf"))
    }))
    .collect();
    assert_eq!(removed, hmn);
    for file in &hmn {
        assert!(!p.path(file).exists(), "{file}");
    }
    assert!(p.path("out/flyer-en.pdf").exists());
    assert!(p.path("out/notes.txt").exists());
    assert!(p.path("out/flyer-fr.pdf").exists());
}

#[test]
fn a_plain_build_or_only_never_removes_what_it_did_not_select() {
    let p = TempProject::bundled();
    json(&p, &["build", "--all"]);
    let report = json(&p, &["build", "--only", "flyer"]);
    assert!(strings(&report, "removed").is_empty(), "{report}");
    assert!(p.path("out/poster-en.pdf").exists());
    assert!(
        p.path("out/i5-siskiyou/weed-exit-747/poster-en.pdf")
            .exists()
    );
    let report = json(&p, &["build", "--campaign", "i5-siskiyou"]);
    assert!(strings(&report, "removed").is_empty(), "{report}");
    assert!(p.path("out/flyer-en.pdf").exists());
}

#[test]
fn a_hand_edited_output_is_rebuilt() {
    let p = TempProject::bundled();
    json(&p, &["build", "--all"]);
    let rel = "out/i5-siskiyou/weed-exit-747/poster-en.pdf";
    let good = std::fs::read(p.path(rel)).unwrap();
    p.write(rel, "%PDF-1.7 edited by hand");
    let report = json(&p, &["build", "--all"]);
    assert_eq!(
        strings(&report, "changed"),
        BTreeSet::from([rel.to_string()])
    );
    assert_eq!(std::fs::read(p.path(rel)).unwrap(), good);
}

/// Every `href="..."` and `src="..."` of an HTML page, percent-decoded.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for part in html.split(attr).skip(1) {
            let value = &part[..part.find('"').unwrap()];
            let value = value.replace("&amp;", "&");
            let mut bytes = Vec::new();
            let mut it = value.bytes();
            while let Some(b) = it.next() {
                if b == b'%' {
                    let hex: String = [it.next().unwrap(), it.next().unwrap()]
                        .iter()
                        .map(|&c| c as char)
                        .collect();
                    bytes.push(u8::from_str_radix(&hex, 16).unwrap());
                } else {
                    bytes.push(b);
                }
            }
            found.push(String::from_utf8(bytes).unwrap());
        }
    }
    found
}

#[test]
fn the_review_page_lists_and_links_every_output() {
    let p = TempProject::bundled();
    json(&p, &["build", "--all", "--preview"]);
    let html = p.read("out/index.html");
    assert!(!html.contains("<script"), "no script needed");
    assert!(!html.contains("http://") && !html.contains("https://"));
    let links = links(&html);
    assert!(!links.is_empty());
    for link in &links {
        assert!(!link.starts_with('/'), "{link} is relative");
        assert!(p.path("out").join(link).is_file(), "{link} resolves");
    }
    let pdfs: BTreeSet<String> = p
        .pdfs("out")
        .into_keys()
        .map(|path| {
            let rel = path.strip_prefix(p.path("out")).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    assert!(pdfs.len() > 20);
    for pdf in &pdfs {
        assert!(links.contains(pdf), "{pdf} is linked");
        let preview = format!("{}-1.png", pdf.trim_end_matches(".pdf"));
        assert!(links.contains(&preview), "{preview} is shown");
    }
    // The second build marks nothing as changed; a change is marked.
    json(&p, &["build", "--all", "--preview"]);
    let quiet = p.read("out/index.html");
    p.edit(
        CAMPAIGN,
        r#"name = "I-5 corridor, winter 2026""#,
        r#"name = "I-5 corridor, spring 2027""#,
    );
    json(&p, &["build", "--all", "--preview"]);
    let marked = p.read("out/index.html");
    assert_ne!(quiet, marked);
    let badge = |html: &str| html.matches("Changed").count();
    assert!(badge(&marked) > badge(&quiet), "changes are marked");
}

#[test]
fn without_preview_the_previews_and_the_index_are_removed() {
    let p = TempProject::bundled();
    json(&p, &["build", "--preview"]);
    assert!(p.path("out/index.html").exists());
    let report = json(&p, &["build"]);
    let removed = strings(&report, "removed");
    assert!(removed.contains("out/index.html"), "{removed:?}");
    assert!(removed.contains("out/flyer-en-1.png"), "{removed:?}");
    assert!(!p.path("out/flyer-en-1.png").exists());
    assert!(p.path("out/flyer-en.pdf").exists());
}

/// The manifest's outputs of a folder: path → sha256.
fn manifest(dir: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["outputs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v["sha256"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn shards_are_disjoint_make_the_whole_and_merge_into_one_manifest() {
    let p = TempProject::bundled();
    let dir = |name: &str| p.path(name).to_str().unwrap().to_string();
    p.run(&["build", "--all", "--out", &dir("whole")]).success();
    let whole = manifest(&p.path("whole"));
    let mut union = BTreeMap::new();
    for k in 1..=3 {
        let out = dir(&format!("shard-{k}"));
        let shard = format!("{k}/3");
        p.run(&["build", "--all", "--shard", &shard, "--out", &out])
            .success();
        let part = manifest(&p.path(&format!("shard-{k}")));
        assert!(!part.is_empty(), "shard {k} has work");
        for (path, sha) in part {
            assert!(union.insert(path.clone(), sha).is_none(), "{path} twice");
        }
    }
    assert_eq!(union, whole, "the shards make the whole, byte for byte");
    // The same job always lands in the same shard.
    p.run(&["build", "--all", "--shard", "2/3", "--out", &dir("again")])
        .success();
    assert_eq!(manifest(&p.path("again")), manifest(&p.path("shard-2")));

    let merged = dir("merged");
    p.run(&[
        "manifest",
        "merge",
        &dir("shard-1"),
        &dir("shard-2"),
        &dir("shard-3"),
        "--out",
        &merged,
    ])
    .success();
    assert_eq!(manifest(&p.path("merged")), whole);
    let files = |d: &str| -> BTreeMap<PathBuf, Vec<u8>> {
        p.snapshot(d)
            .into_iter()
            .map(|(k, (b, _))| (k.strip_prefix(p.path(d)).unwrap().to_path_buf(), b))
            .filter(|(k, _)| k != Path::new("manifest.json"))
            .collect()
    };
    assert_eq!(files("merged"), files("whole"));
    // A merged folder builds on: nothing left to do.
    let report = json(&p, &["build", "--all", "--out", &merged]);
    assert!(strings(&report, "changed").is_empty(), "{report}");
    p.run(&["build", "--shard", "4/3"]).failure_usage();
}

#[test]
fn the_route_sheet_lists_every_location_once_in_corridor_order() {
    let p = TempProject::bundled();
    let docs = p.render_campaign("i5-siskiyou");
    let mut expected = locations(&p);
    // Corridor order: by exit (places without one last), then town.
    expected.sort_by_key(|(id, exit, town, _)| (exit.is_none(), *exit, town.clone(), id.clone()));
    for lang in ["en", "es"] {
        let doc = docs
            .iter()
            .find(|d| d.job.path() == format!("i5-siskiyou/route-{lang}.pdf"))
            .unwrap();
        let text: String = doc
            .document
            .pages()
            .iter()
            .map(|page| page_text(&page.frame))
            .collect();
        let mut last = 0;
        for (id, ..) in &expected {
            assert_eq!(text.matches(id.as_str()).count(), 1, "{lang}: {id} once");
            let at = text.find(id.as_str()).unwrap();
            assert!(at > last, "{lang}: {id} in corridor order");
            last = at;
        }
    }
}

#[test]
fn a_failing_location_fails_the_build_names_it_and_leaves_out_as_it_was() {
    let p = TempProject::bundled();
    json(&p, &["build", "--all"]);
    let before = tree(&p, "out");
    // Other outputs change too: the route sheets would be rewritten if anything were.
    p.edit(
        CAMPAIGN,
        r#"name = "I-5 corridor, winter 2026""#,
        r#"name = "I-5 corridor, spring 2027""#,
    );
    let long = "Truck stop by the frontage road and the old mill site ".repeat(40);
    p.edit(
        CAMPAIGN,
        r#"name = "Truck stop, exit 747""#,
        &format!("name = {:?}", long.trim()),
    );
    let run = p.run(&["build", "--all"]);
    run.failure()
        .stderr_has(&["error[overflow]: i5-siskiyou/weed-exit-747/poster-en"]);
    assert!(!run.stderr.contains("panicked"));
    assert_eq!(before, tree(&p, "out"), "out/ is as it was");
    let leftovers: Vec<_> = std::fs::read_dir(p.path("out"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            (name.starts_with(".handbill-") && name != handbill::output::LOCK).then_some(name)
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_unknown_campaign_is_an_error_naming_the_known_ones() {
    let p = TempProject::bundled();
    p.run(&["build", "--campaign", "i5-north"])
        .failure()
        .stderr_has(&["no campaign \"i5-north\"", "i5-siskiyou"]);
}

#[test]
fn merged_shards_with_previews_get_one_review_page_of_the_whole() {
    let p = TempProject::bundled();
    let dir = |name: &str| p.path(name).to_str().unwrap().to_string();
    for k in 1..=2 {
        let shard = format!("{k}/2");
        p.run(&[
            "build",
            "--all",
            "--preview",
            "--shard",
            &shard,
            "--out",
            &dir(&format!("shard-{k}")),
        ])
        .success();
        assert!(
            !p.path(&format!("shard-{k}/index.html")).exists(),
            "a shard's page would show only its share"
        );
    }
    p.run(&[
        "manifest",
        "merge",
        &dir("shard-1"),
        &dir("shard-2"),
        "--out",
        &dir("merged"),
    ])
    .success();
    let html = p.read("merged/index.html");
    let links = links(&html);
    let pdfs = p.pdfs("merged");
    assert!(pdfs.len() > 20);
    for path in pdfs.keys() {
        let rel = path.strip_prefix(p.path("merged")).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        assert!(links.contains(&rel), "{rel} is linked");
    }
    for link in &links {
        assert!(p.path("merged").join(link).is_file(), "{link} resolves");
    }
    assert!(manifest(&p.path("merged")).contains_key("index.html"));
}

#[test]
fn the_print_list_names_every_file_with_its_trim_and_copies() {
    let p = TempProject::bundled();
    p.run(&["build", "--campaign", "i5-siskiyou"]).success();
    let csv = p.read("out/i5-siskiyou/print-list.csv");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("file,material,trim,copies"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let file: toml::Table = p.read(CAMPAIGN).parse().unwrap();
    let mut expected = 0;
    for (id, _, _, langs) in locations(&p) {
        let location = file["location"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"].as_str() == Some(id.as_str()))
            .unwrap();
        let copies = location
            .get("copies")
            .and_then(|c| c.as_integer())
            .unwrap_or(1);
        for lang in langs {
            let path = format!("i5-siskiyou/{id}/poster-{lang}.pdf");
            let row = rows
                .iter()
                .find(|r| r[0] == path)
                .unwrap_or_else(|| panic!("{path} is listed"));
            assert_eq!(row[1..], ["poster", "11 x 17 in", &copies.to_string()]);
            assert!(p.path("out").join(&path).is_file(), "{path} exists");
            expected += 1;
        }
    }
    assert_eq!(rows.len(), expected, "nothing else is listed");
}

#[test]
fn a_manifest_naming_a_file_outside_out_stops_the_build_and_deletes_nothing() {
    let p = TempProject::bundled();
    p.run(&["build", "--only", "flyer"]).success();
    let text = p.read("out/manifest.json");
    let hostile = text.replacen("\"flyer-en.pdf\"", "\"../data/coalition.toml\"", 1);
    assert_ne!(text, hostile);
    p.write("out/manifest.json", &hostile);
    let before = p.read("data/coalition.toml");
    p.run(&["build", "--only", "flyer"])
        .failure()
        .stderr_has(&["error[bad-manifest]", "../data/coalition.toml"]);
    assert_eq!(p.read("data/coalition.toml"), before);
}

#[test]
fn quiet_prints_no_line_per_file() {
    let p = TempProject::bundled();
    let run = p.run(&["build", "--quiet"]);
    run.success();
    assert!(!run.stderr.contains("wrote"), "{}", run.stderr);
    assert!(!run.stderr.contains("ok:"), "{}", run.stderr);
    // Warnings still print.
    assert!(run.stderr.contains("warning[placeholder-url]"));
    let run = p.run(&["build"]);
    assert!(run.stderr.contains("ok:"), "{}", run.stderr);
}

#[test]
fn verbose_prints_a_line_for_each_file_that_did_not_change() {
    let p = TempProject::bundled();
    p.run(&["build", "--only", "flyer"]).success();
    let out = p.path("out");
    let kept = |lang: &str| {
        let path = out.join(format!("flyer-{lang}.pdf"));
        format!(
            "kept {} (1 page, nothing it is made from changed)",
            path.display()
        )
    };
    let plain = p.run(&["build", "--only", "flyer"]);
    plain.success();
    assert!(!plain.stderr.contains("kept "), "{}", plain.stderr);
    let verbose = p.run(&["build", "--only", "flyer", "--verbose"]);
    verbose.success();
    for lang in ["en", "es", "hmn"] {
        assert!(verbose.stderr.contains(&kept(lang)), "{}", verbose.stderr);
    }
    p.run(&["build", "-q", "-v"])
        .failure_usage()
        .stderr_has(&["'--quiet' cannot be used with '--verbose'"]);
    let check = p.run(&["check", "--only", "flyer", "-v"]);
    check.success();
    assert!(
        check
            .stderr
            .contains("checked flyer-en (1 page, 2 QR codes read back)"),
        "{}",
        check.stderr
    );
}

/// Builds the selection in two shards with previews into `s1` and `s2`.
fn build_shards(p: &TempProject) {
    for k in 1..=2 {
        let out = p.path(&format!("s{k}"));
        let _ = std::fs::remove_dir_all(&out);
        let shard = format!("{k}/2");
        p.run(&[
            "build",
            "--all",
            "--preview",
            "--quiet",
            "--shard",
            &shard,
            "--out",
            out.to_str().unwrap(),
        ])
        .success();
    }
}

fn merge_into_out(p: &TempProject) -> serde_json::Value {
    let (s1, s2) = (p.path("s1"), p.path("s2"));
    let out = p.path("out");
    let run = p.run(&[
        "manifest",
        "merge",
        s1.to_str().unwrap(),
        s2.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    run.success();
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn merging_over_the_last_edition_reports_and_marks_what_changed_and_removes_what_left() {
    let p = TempProject::bundled();
    p.run(&["build", "--all", "--preview", "--quiet"]).success();
    // A number changes, and a location leaves the route.
    p.edit("data/contacts.toml", "(530) 842-8300", "(530) 842-8301");
    remove_location(&p, "yreka-exit-773");
    build_shards(&p);
    let report = merge_into_out(&p);
    let changed = strings(&report, "changed");
    assert!(changed.contains("flyer-en.pdf"), "{changed:?}");
    assert!(
        !changed.contains("notice-en.pdf"),
        "the notice prints no local number"
    );
    let removed = strings(&report, "removed");
    let gone = [
        "i5-siskiyou/yreka-exit-773/poster-en.pdf",
        "i5-siskiyou/yreka-exit-773/poster-es.pdf",
    ];
    for file in gone {
        assert!(removed.contains(file), "{removed:?}");
        assert!(!p.path("out").join(file).exists(), "{file} is deleted");
    }
    let html = p.read("out/index.html");
    assert!(html.contains("Changed"), "the page marks changes");
    assert!(
        html.contains("yreka-exit-773/poster-en.pdf"),
        "and lists removals"
    );
    // The merged folder is the new edition: a build there has nothing to do.
    let again = json(&p, &["build", "--all", "--preview"]);
    assert!(
        strings(&again, "changed")
            .iter()
            .all(|c| c.ends_with("index.html")),
        "{again}"
    );
    assert!(strings(&again, "removed").is_empty(), "{again}");
}

#[test]
fn shards_built_from_different_data_do_not_merge() {
    let p = TempProject::bundled();
    let s1 = p.path("s1");
    p.run(&[
        "build",
        "--all",
        "--shard",
        "1/2",
        "--out",
        s1.to_str().unwrap(),
    ])
    .success();
    p.edit("data/contacts.toml", "(530) 842-8300", "(530) 842-8301");
    let s2 = p.path("s2");
    p.run(&[
        "build",
        "--all",
        "--shard",
        "2/2",
        "--out",
        s2.to_str().unwrap(),
    ])
    .success();
    let out = p.path("merged");
    p.run(&[
        "manifest",
        "merge",
        s1.to_str().unwrap(),
        s2.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .failure()
    .stderr_has(&["error[bad-manifest]", "different data"]);
    assert!(!out.join("manifest.json").exists());
}

#[test]
fn a_new_edition_date_rebuilds_everything() {
    let p = TempProject::bundled();
    json(&p, &["build", "--all"]);
    p.edit(
        "data/coalition.toml",
        "edition = 2026-12-01",
        "edition = 2027-03-01",
    );
    let report = json(&p, &["build", "--all"]);
    assert_eq!(report["skipped"].as_u64(), Some(0), "{report}");
}

#[test]
fn a_route_sheet_prints_any_exit_and_refuses_an_exit_that_is_no_exit() {
    let p = TempProject::bundled();
    // Exit 211 reads like a service number, but it is the campaign's own datum.
    p.edit(CAMPAIGN, "exit = 730", "exit = 211");
    let docs = p.render_campaign("i5-siskiyou");
    assert!(
        docs.iter()
            .any(|d| d.job.path() == "i5-siskiyou/route-en.pdf")
    );
    p.edit(CAMPAIGN, "exit = 211", "exit = 5551234");
    p.run(&["check", "--campaign", "i5-siskiyou"])
        .failure()
        .stderr_has(&["error[bad-value]", "an exit is numbered 0 to 9999"]);
}

#[test]
fn a_route_sheet_prints_any_count_of_copies_and_no_number_beyond_them() {
    let p = TempProject::bundled();
    // Five digits read as a short code and 911 as a service number, anywhere but after
    // the sheet's "×": there they are how many copies to bring, the campaign's own data.
    p.edit(CAMPAIGN, "copies = 2", "copies = 10000");
    let weed = p
        .read(CAMPAIGN)
        .replacen("exit = 776", "exit = 776\ncopies = 911", 1);
    p.write(CAMPAIGN, &weed);
    let docs = p.render_campaign("i5-siskiyou");
    let route = crate::util::first_page_text(&docs, "i5-siskiyou/route-en.pdf");
    for count in ["×10000", "×911"] {
        assert!(route.contains(count), "the sheet prints {count}:\n{route}");
    }

    // A count the data does not hold is still a number nobody checked, whatever stands
    // before it; a count the data holds is known only behind its ×; and a known number
    // (a count, an exit) carried on by a dash or parentheses is part of a number nobody
    // checked.
    let template =
        std::fs::read_to_string(crate::util::repo().join("templates/route.typ")).unwrap();
    let intro = "#block(width: 100%, below: 10pt, par(words.intro))";
    assert!(
        template.contains(intro),
        "the template still has its intro block"
    );
    for forgery in [
        "#sym.times;10001",
        "Call 10000",
        "#sym.times;10000-8300",
        "(530) 747-8300",
        "530-747 8300",
    ] {
        p.write(
            "templates/route.typ",
            template.replace(intro, &format!("{intro}\n{forgery}")),
        );
        p.run(&["check", "--campaign", "i5-siskiyou"])
            .failure()
            .stderr_has(&["error[number-unknown]: i5-siskiyou/route-en: page 1"]);
    }
    // Beside its hours, a number is a number and its hours.
    let honest = "Exit 747 (24/7), #sym.times;10000 (2 a door)";
    p.write(
        "templates/route.typ",
        template.replace(intro, &format!("{intro}\n{honest}")),
    );
    p.run(&["check", "--campaign", "i5-siskiyou"]).success();
}

#[test]
fn a_tag_already_in_the_form_address_is_replaced_not_doubled() {
    let p = TempProject::bundled();
    p.edit(
        "data/coalition.toml",
        r#"url = "https://siskiyou-coalition.example.org/contact""#,
        r#"url = "https://siskiyou-coalition.example.org/contact?utm_source=web&lang=x""#,
    );
    let docs = p.render_campaign("i5-siskiyou");
    let doc = docs
        .iter()
        .find(|d| d.job.path() == "i5-siskiyou/weed-exit-747/poster-en.pdf")
        .unwrap();
    let want = format!(
        "{FORM}?lang=x&utm_source=weed-exit-747&utm_medium=poster&utm_campaign=i5-siskiyou"
    );
    assert!(doc.qr.iter().any(|q| q.payload == want), "{:?}", doc.qr);
}

#[test]
fn a_shard_keeps_the_review_page_and_the_previews_of_the_other_shard() {
    let p = TempProject::bundled();
    json(&p, &["build", "--all", "--preview"]);
    let before: BTreeSet<PathBuf> = p.snapshot("out").into_keys().collect();
    let report = json(&p, &["build", "--all", "--preview", "--shard", "1/2"]);
    assert!(strings(&report, "removed").is_empty(), "{report}");
    let after: BTreeSet<PathBuf> = p.snapshot("out").into_keys().collect();
    assert_eq!(before, after);
}

#[test]
fn a_folder_where_an_output_goes_fails_the_build_and_leaves_out_as_it_was() {
    let p = TempProject::bundled();
    json(&p, &["build", "--all"]);
    // Every poster prints the coalition's name: every one would be replaced.
    p.edit(
        "data/coalition.toml",
        r#"name = "Siskiyou Anti-Trafficking Coalition""#,
        r#"name = "Siskiyou Anti-Trafficking Coalition (SATC)""#,
    );
    let rel = "out/i5-siskiyou/yreka-exit-776/poster-en.pdf";
    std::fs::remove_file(p.path(rel)).unwrap();
    std::fs::create_dir(p.path(rel)).unwrap();
    let before = tree(&p, "out");
    p.run(&["build", "--all"]).failure().stderr_has(&[
        "yreka-exit-776/poster-en.pdf",
        "a folder stands where this file goes",
    ]);
    assert_eq!(before, tree(&p, "out"), "nothing replaced");
}

#[test]
fn staging_files_left_by_a_killed_build_are_removed_by_the_next() {
    let p = TempProject::bundled();
    p.write("out/.handbill-AbC123.tmp", "half a PDF");
    p.run(&["build", "--only", "flyer"]).success();
    assert!(!p.path("out/.handbill-AbC123.tmp").exists());
}

#[test]
fn a_location_poster_fits_in_every_language_the_coalition_prints() {
    let p = TempProject::bundled();
    p.edit(
        CAMPAIGN,
        r#"languages = ["en", "es"]"#,
        r#"languages = ["en", "es", "hmn"]"#,
    );
    let docs = p.render_campaign("i5-siskiyou");
    assert!(
        docs.iter()
            .any(|d| d.job.path() == "i5-siskiyou/weed-exit-747/poster-hmn.pdf")
    );
}

/// Writes `data/campaigns/long.toml`, a campaign of `n` motels up the corridor with a
/// poster each in English, and gives their ids in corridor order. The file lists them
/// from the far end, so a sheet in corridor order has sorted them.
fn long_campaign(p: &TempProject, n: usize) -> Vec<String> {
    let mut campaign = String::from(
        "[campaign]\nname = \"Long route\"\nmaterials = [\"poster\"]\nlanguages = [\"en\"]\n",
    );
    // Exits from 100 by twos stay clear of 211 … 911 and 988 up to 443 stops.
    assert!(n < 444, "exits would read as service numbers");
    let ids: Vec<String> = (0..n)
        .map(|i| {
            let town = ["dunsmuir", "weed", "yreka"][i % 3];
            format!("{town}-exit-{}", 100 + 2 * i)
        })
        .collect();
    for (i, id) in ids.iter().enumerate().rev() {
        let exit = 100 + 2 * i;
        let town = ["Dunsmuir", "Weed", "Yreka"][i % 3];
        campaign.push_str(&format!(
            "\n[[location]]\nid = \"{id}\"\nname = \"Motel, exit {exit}\"\ntown = \"{town}\"\nkind = \"motel\"\nexit = {exit}\n"
        ));
    }
    p.write("data/campaigns/long.toml", campaign);
    ids
}

/// The route sheets of the `long` campaign, rendered in memory with nothing else: its
/// pieces are posters, and only flyers are asked for.
fn route_sheets(p: &TempProject) -> Vec<(String, String)> {
    let project = handbill::project::Project::load(p.root()).unwrap();
    let selection = handbill::build::Selection {
        scope: handbill::plan::Scope {
            kit: false,
            campaigns: vec!["long".into()],
            only: vec![handbill::plan::Material::Flyer],
        },
        ..Default::default()
    };
    let docs = handbill::build::render_all(&project, &selection).unwrap();
    docs.iter()
        .map(|d| {
            assert_eq!(d.job.material, handbill::plan::Material::Route);
            let text = d.document.pages().iter().map(|page| page_text(&page.frame));
            (d.job.path(), text.collect())
        })
        .collect()
}

#[test]
fn a_content_file_from_before_route_sheets_came_in_parts_still_loads() {
    let p = TempProject::bundled();
    p.edit("data/content/es.toml", "part = \"Parte\"\n", "");
    p.edit("data/content/es.toml", "of = \"de\"\n", "");
    long_campaign(&p, handbill::plan::STOPS_PER_SHEET + 1);
    p.run(&["check", "--campaign", "long", "--only", "flyer"])
        .success();
}

#[test]
fn a_campaign_of_a_hundred_stops_has_one_route_sheet() {
    let p = TempProject::bundled();
    let ids = long_campaign(&p, handbill::plan::STOPS_PER_SHEET);
    let sheets = route_sheets(&p);
    let [(path, text)] = sheets.as_slice() else {
        panic!(
            "{:?}",
            sheets.iter().map(|(path, _)| path).collect::<Vec<_>>()
        )
    };
    assert_eq!(path, "long/route-en.pdf");
    assert!(ids.iter().all(|id| text.matches(id.as_str()).count() == 1));
    assert!(!text.contains("Part1"), "one sheet is not a part");
}

#[test]
fn a_longer_campaign_is_printed_in_parts_that_list_every_stop_once_in_corridor_order() {
    let p = TempProject::bundled();
    let ids = long_campaign(&p, 2 * handbill::plan::STOPS_PER_SHEET + 1);
    let sheets = route_sheets(&p);
    let paths: Vec<&str> = sheets.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "long/route-en-part1.pdf",
            "long/route-en-part2.pdf",
            "long/route-en-part3.pdf"
        ]
    );
    // 201 stops in three sheets of 67, each stop on its own sheet only, in order.
    for (k, ((_, text), stops)) in sheets.iter().zip(ids.chunks(67)).enumerate() {
        // The page's text comes without spaces.
        assert!(text.contains(&format!("Part{}of3", k + 1)), "{text}");
        let mut last = 0;
        for id in stops {
            assert_eq!(text.matches(id.as_str()).count(), 1, "part {}: {id}", k + 1);
            let at = text.find(id.as_str()).unwrap();
            assert!(at > last, "part {}: {id} in corridor order", k + 1);
            last = at;
        }
        let elsewhere = ids.iter().filter(|id| !stops.contains(id));
        for id in elsewhere {
            assert!(
                !text.contains(id.as_str()),
                "part {}: {id} is not its",
                k + 1
            );
        }
        // What to print is the sheet's own: a poster for each of its stops.
        assert!(text.contains("English×67"), "part {}: {text}", k + 1);
    }
}

#[test]
fn a_campaign_that_shrinks_to_one_sheet_loses_its_parts() {
    let p = TempProject::bundled();
    long_campaign(&p, handbill::plan::STOPS_PER_SHEET + 1);
    // Only flyers, which the campaign does not print: its route sheets alone are made.
    let first = json(&p, &["build", "--campaign", "long", "--only", "flyer"]);
    let made = strings(&first, "changed");
    assert!(made.contains("out/long/route-en-part2.pdf"), "{made:?}");
    long_campaign(&p, handbill::plan::STOPS_PER_SHEET);
    let second = json(&p, &["build", "--campaign", "long", "--only", "flyer"]);
    assert_eq!(
        strings(&second, "removed"),
        BTreeSet::from([
            "out/long/route-en-part1.pdf".into(),
            "out/long/route-en-part2.pdf".into()
        ])
    );
    assert!(p.path("out/long/route-en.pdf").is_file());
    assert!(!p.path("out/long/route-en-part1.pdf").exists());
}

#[test]
fn a_skipped_route_sheet_reports_its_pages() {
    let p = TempProject::bundled();
    long_campaign(&p, 60);
    let pages = |report: &serde_json::Value| -> u64 {
        let route = report["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["path"].as_str().unwrap().ends_with("long/route-en.pdf"))
            .expect("the route sheet is reported");
        route["pages"].as_u64().unwrap()
    };
    let first = json(&p, &["build", "--campaign", "long"]);
    assert!(pages(&first) > 1, "sixty stops take more than a page");
    let second = json(&p, &["build", "--campaign", "long"]);
    assert_eq!(second["skipped"].as_u64(), Some(61));
    assert_eq!(pages(&second), pages(&first));
}

#[test]
fn list_all_names_exactly_what_build_all_writes() {
    let p = TempProject::bundled();
    let list = p.run(&["list", "--all"]);
    list.success();
    let listed: BTreeSet<PathBuf> = list.stdout.lines().map(PathBuf::from).collect();
    p.run(&["build", "--all"]).success();
    let written: BTreeSet<PathBuf> = p
        .snapshot("out")
        .into_keys()
        .filter(|path| !path.ends_with("manifest.json"))
        .collect();
    assert_eq!(listed, written);
}
