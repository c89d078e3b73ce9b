//! When content does not fit a material's pages: how far it spills, and which data fields
//! take the room.
//!
//! The document is laid out again on pages of unbounded height (templates honour
//! `sys.inputs.measure`), once as it is and once with each field emptied in turn. A field
//! whose emptying saves much of the excess is what to shorten; a field in a column that is
//! not the tallest saves nothing, so the culprit stands out.

use serde_json::Value;

use crate::plan::Job;

/// What to shorten so that a document fits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Blame {
    /// How far the content runs past the page, in points.
    pub(crate) over_pt: f64,
    /// The fields that take the most room, with what emptying each would save (points),
    /// most first.
    pub fields: Vec<(String, f64)>,
}

impl std::fmt::Display for Blame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the content is {:.2} in ({:.0} pt) taller than the page",
            self.over_pt / 72.0,
            self.over_pt
        )?;
        if self.fields.is_empty() {
            return Ok(());
        }
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|(field, saves)| {
                format!("{field} (emptied, it would save {:.2} in)", saves / 72.0)
            })
            .collect();
        write!(f, "; shorten {}", fields.join(", or "))
    }
}

/// The fewest points a field must save to be named.
const MIN_SAVING_PT: f64 = 1.0;

/// A list is not named when one of its own items explains this share of what it saves.
const ITEM_EXPLAINS: f64 = 0.6;

/// How many fields a message names.
const MAX_FIELDS: usize = 3;

struct Candidate {
    /// Where it is, as a person finds it: `flyer.headline in data/content/en.toml`.
    label: String,
    /// Its place in the inputs, as JSON pointer segments.
    pointer: Vec<String>,
    /// Whether it is a whole list.
    list: bool,
}

/// Why `inputs` overflow, measured with `measure` (points past the page, or `None` if the
/// template cannot be measured).
pub(crate) fn blame(
    job: &Job,
    inputs: &Value,
    measure: impl Fn(&Value) -> Option<f64>,
) -> Option<Blame> {
    let over = measure(inputs)?;
    if over <= 0.0 {
        return None;
    }
    let mut candidates = Vec::new();
    let content = format!("data/content/{}.toml", job.lang);
    if let Some(text) = inputs.get("text") {
        walk(
            text,
            &mut vec!["text".into()],
            String::new(),
            &content,
            &mut candidates,
        );
    }
    for key in ["name", "region", "mission"] {
        if let Some(value) = inputs.get("coalition").and_then(|c| c.get(key)) {
            let mut pointer = vec!["coalition".to_string(), key.to_string()];
            walk(
                value,
                &mut pointer,
                key.to_string(),
                "data/coalition.toml",
                &mut candidates,
            );
        }
    }
    let mut savings: Vec<(Candidate, f64)> = candidates
        .into_iter()
        .filter_map(|c| {
            let mut emptied = inputs.clone();
            let slot = c.pointer.iter().try_fold(&mut emptied, |v, key| match v {
                Value::Object(map) => map.get_mut(key),
                Value::Array(items) => items.get_mut(key.parse::<usize>().ok()?),
                _ => None,
            })?;
            *slot = if c.list {
                Value::Array(Vec::new())
            } else {
                Value::String(String::new())
            };
            let saving = over - measure(&emptied)?;
            (saving >= MIN_SAVING_PT).then_some((c, saving))
        })
        .collect();
    // A list whose own item explains most of what it saves is not the culprit: the item is.
    let explained: Vec<bool> = savings
        .iter()
        .map(|(list, saving)| {
            list.list
                && savings.iter().any(|(item, s)| {
                    !item.list
                        && item.pointer.starts_with(&list.pointer)
                        && item.pointer.len() > list.pointer.len()
                        && *s >= ITEM_EXPLAINS * saving
                })
        })
        .collect();
    let mut kept: Vec<(Candidate, f64)> = savings
        .drain(..)
        .zip(explained)
        .filter(|(_, explained)| !explained)
        .map(|(c, _)| c)
        .collect();
    kept.sort_by(|a, b| b.1.total_cmp(&a.1));
    kept.truncate(MAX_FIELDS);
    Some(Blame {
        over_pt: over,
        fields: kept.into_iter().map(|(c, s)| (c.label, s)).collect(),
    })
}

/// Keys whose values are never printed as words, or are structure rather than words.
fn skipped(key: &str) -> bool {
    matches!(
        key,
        "language" | "reviewer" | "reviewed" | "call" | "id" | "language-names"
    )
}

fn walk(
    value: &Value,
    pointer: &mut Vec<String>,
    path: String,
    file: &str,
    out: &mut Vec<Candidate>,
) {
    let label = |path: &str| format!("`{path}` in {file}");
    match value {
        Value::String(s) if !s.trim().is_empty() => out.push(Candidate {
            label: label(&path),
            pointer: pointer.clone(),
            list: false,
        }),
        Value::Array(items) => {
            if items.len() > 1 {
                let label = if path == "guide.rows" {
                    format!("the guide's {} rows in data/guide.toml", items.len())
                } else {
                    format!("{} ({} items)", label(&path), items.len())
                };
                out.push(Candidate {
                    label,
                    pointer: pointer.clone(),
                    list: true,
                });
            }
            for (i, item) in items.iter().enumerate() {
                // A guide row is known by its id, not its place.
                let sub = match item.get("id").and_then(Value::as_str) {
                    Some(id) if path == "guide.rows" => format!("{path}.{id}"),
                    _ => format!("{path}[{i}]"),
                };
                pointer.push(i.to_string());
                walk(item, pointer, sub, file, out);
                pointer.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter().filter(|(k, _)| !skipped(k)) {
                let sub = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                pointer.push(key.clone());
                walk(item, pointer, sub, file, out);
                pointer.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Material;

    fn job() -> Job {
        Job::kit(Material::Flyer, "en")
    }

    /// A stand-in layout: two columns side by side, the taller one sets the height.
    fn columns(inputs: &Value) -> Option<f64> {
        let len = |v: &Value| -> f64 {
            match v {
                Value::String(s) => s.len() as f64,
                Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map_or(0.0, |s| s.len() as f64))
                    .sum(),
                _ => 0.0,
            }
        };
        let t = &inputs["text"];
        let left = len(&t["signs"]["items"]);
        let right = len(&t["safety"]["text"]);
        Some(left.max(right) + len(&t["flyer"]["headline"]) - 100.0)
    }

    fn inputs(headline: &str, signs: &[&str]) -> Value {
        serde_json::json!({
            "text": {
                "flyer": { "headline": headline },
                "signs": { "items": signs },
                "safety": { "text": "x".repeat(40) },
            }
        })
    }

    #[test]
    fn the_field_that_takes_the_room_is_named_first() {
        let long = "h".repeat(120);
        let blame = blame(&job(), &inputs(&long, &["a", "b"]), columns).unwrap();
        assert_eq!(
            blame.fields[0].0,
            "`flyer.headline` in data/content/en.toml"
        );
        assert!((blame.over_pt - 60.0).abs() < 1e-9, "{blame:?}");
    }

    #[test]
    fn many_small_items_blame_their_list_not_one_item() {
        let signs: Vec<String> = (0..8).map(|i| format!("{i}{}", "s".repeat(19))).collect();
        let signs: Vec<&str> = signs.iter().map(String::as_str).collect();
        let blame = blame(&job(), &inputs("short", &signs), columns).unwrap();
        assert_eq!(
            blame.fields[0].0,
            "`signs.items` in data/content/en.toml (8 items)"
        );
        // The other column is shorter: emptying it saves nothing, so it is not named.
        assert!(
            blame.fields.iter().all(|(f, _)| !f.contains("safety")),
            "{blame:?}"
        );
    }

    #[test]
    fn content_that_fits_is_not_blamed() {
        assert_eq!(blame(&job(), &inputs("short", &["a"]), columns), None);
    }
}
