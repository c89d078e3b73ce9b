//! What the data files may hold, for people and editors: JSON Schemas of the files, made
//! from the shapes the loader parses ([`crate::project::schema`]), and `docs/data.md`, the
//! reference made from those schemas with the bundled data's values as examples.

use serde_json::{Map, Value};

use crate::init::BUNDLED_DATA;

/// One kind of data file.
pub(crate) struct DataFile {
    /// The schema's file name, in a project's `schema/` folder.
    pub(crate) schema_file: &'static str,
    /// Which files it describes, as a path pattern in the project.
    pub(crate) applies_to: &'static str,
    /// A bundled file of the kind, which its examples come from.
    pub example: Option<&'static str>,
    /// The JSON Schema.
    pub schema: Value,
}

fn bundled(path: &str) -> Option<&'static str> {
    BUNDLED_DATA
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}

/// Every kind of data file, in the order the reference describes them.
pub(crate) fn data_files() -> Vec<DataFile> {
    use crate::project::schema::{CampaignFile, CoalitionFile, ContactsFile, Content, GuideFile};
    let schema = |s: schemars::Schema| s.to_value();
    vec![
        DataFile {
            schema_file: "coalition.schema.json",
            applies_to: "data/coalition.toml",
            example: bundled("data/coalition.toml"),
            schema: schema(schemars::schema_for!(CoalitionFile)),
        },
        DataFile {
            schema_file: "contacts.schema.json",
            applies_to: "data/contacts.toml",
            example: bundled("data/contacts.toml"),
            schema: schema(schemars::schema_for!(ContactsFile)),
        },
        DataFile {
            schema_file: "guide.schema.json",
            applies_to: "data/guide.toml",
            example: bundled("data/guide.toml"),
            schema: schema(schemars::schema_for!(GuideFile)),
        },
        DataFile {
            schema_file: "content.schema.json",
            applies_to: "data/content/<lang>.toml",
            example: bundled("data/content/en.toml"),
            schema: schema(schemars::schema_for!(Content)),
        },
        DataFile {
            schema_file: "campaign.schema.json",
            applies_to: "data/campaigns/<id>.toml",
            example: Some(include_str!("../data/campaigns/i5-siskiyou.toml")),
            schema: schema(schemars::schema_for!(CampaignFile)),
        },
        DataFile {
            schema_file: "notice.schema.json",
            applies_to: "data/notice/<lang>.toml",
            example: None,
            schema: schema(schemars::schema_for!(crate::notice::NoticeText)),
        },
    ]
}

/// Each schema's file name and text, as `handbill schema` writes them.
pub fn schema_texts() -> Vec<(&'static str, String)> {
    data_files()
        .into_iter()
        .map(|f| {
            let text = serde_json::to_string_pretty(&f.schema).expect("JSON always prints");
            (f.schema_file, text + "\n")
        })
        .collect()
}

/// Writes every schema into `dir`, each renamed into place whole; gives how many.
pub fn write_schemas(dir: &std::path::Path) -> Result<usize, crate::Error> {
    let io = |path: &std::path::Path| {
        let path = path.to_path_buf();
        move |source| crate::Error::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let texts = schema_texts();
    for (name, text) in &texts {
        let path = dir.join(name);
        crate::files::write_whole(&path, text.as_bytes()).map_err(io(&path))?;
    }
    Ok(texts.len())
}

/// One key of a data file, as the reference lists it.
#[derive(Debug)]
pub struct Key {
    /// Its path: `website.url`, `contact[].phone[].number`, `translations.<lang>.name`.
    pub path: String,
    /// Its type, in words.
    pub kind: String,
    /// Whether the file must give it.
    pub required: bool,
    /// What it is, from the loader's own documentation.
    pub(crate) description: String,
    /// Its value when left out, if it has one.
    pub default: Option<String>,
}

/// Every key a schema describes, tables before what they hold.
pub fn keys(schema: &Value) -> Vec<Key> {
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut keys = Vec::new();
    walk_object(schema, &defs, "", &mut keys);
    keys
}

/// The schema `s` points at, through a `$ref` or an optional value's `anyOf`.
fn resolve<'a>(s: &'a Value, defs: &'a Map<String, Value>) -> &'a Value {
    if let Some(name) = s.get("$ref").and_then(Value::as_str) {
        let name = name.trim_start_matches("#/$defs/");
        return defs.get(name).map_or(s, |d| resolve(d, defs));
    }
    if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
        let not_null = any
            .iter()
            .find(|a| a.get("type") != Some(&Value::from("null")));
        return not_null.map_or(s, |a| resolve(a, defs));
    }
    s
}

fn walk_object(s: &Value, defs: &Map<String, Value>, prefix: &str, keys: &mut Vec<Key>) {
    let Some(properties) = s.get("properties").and_then(Value::as_object) else {
        return;
    };
    let required: Vec<&str> = s
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for (name, property) in properties {
        let path = format!("{prefix}{name}");
        let target = resolve(property, defs);
        let description = property
            .get("description")
            .or_else(|| target.get("description"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let default = property
            .get("default")
            .filter(|d| !d.is_null())
            .map(|d| d.to_string());
        keys.push(Key {
            path: path.clone(),
            kind: kind(target, defs),
            required: required.contains(&name.as_str()),
            description,
            default,
        });
        walk_into(target, defs, &path, keys);
    }
}

/// The keys inside a value: a table's, an array of tables' or a table of tables'.
fn walk_into(target: &Value, defs: &Map<String, Value>, path: &str, keys: &mut Vec<Key>) {
    if target.get("properties").is_some() {
        walk_object(target, defs, &format!("{path}."), keys);
    } else if let Some(items) = target.get("items") {
        let item = resolve(items, defs);
        walk_object(item, defs, &format!("{path}[]."), keys);
    } else if let Some(values) = target.get("additionalProperties").filter(|v| v.is_object()) {
        let value = resolve(values, defs);
        walk_object(value, defs, &format!("{path}.<key>."), keys);
    }
}

/// A schema's type in words.
fn kind(s: &Value, defs: &Map<String, Value>) -> String {
    if let Some(options) = s.get("oneOf").or_else(|| s.get("enum")) {
        let names: Vec<String> = options
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|o| o.get("const").unwrap_or(o).as_str())
            .map(|o| format!("`{o}`"))
            .collect();
        return format!("one of {}", names.join(", "));
    }
    let ty = match s.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("value"),
        Some(Value::String(t)) => t.as_str(),
        _ => "value",
    };
    match ty {
        "string" if s.get("format") == Some(&Value::from("date")) => "date".into(),
        "string" => "string".into(),
        "integer" => "integer".into(),
        "boolean" => "boolean".into(),
        "array" => match s.get("items").map(|i| resolve(i, defs)) {
            Some(item) if item.get("properties").is_some() => "array of tables".into(),
            Some(item) => format!("array of {}s", kind(item, defs)),
            None => "array".into(),
        },
        "object" if s.get("properties").is_some() => "table".into(),
        "object" => match s.get("additionalProperties").map(|v| resolve(v, defs)) {
            Some(v) if v.get("properties").is_some() => "table of tables, by key".into(),
            Some(v) if v.is_object() => format!("table of {}s, by key", kind(v, defs)),
            _ => "table".into(),
        },
        other => other.into(),
    }
}

/// The value at `path` in a bundled file, shortened for a table cell.
fn example(file: &toml::Value, path: &str) -> Option<String> {
    let mut at = file;
    for part in path.split('.') {
        let (name, array) = match part.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (part, false),
        };
        at = if name == "<key>" {
            at.as_table()?.values().next()?
        } else {
            at.get(name)?
        };
        if array {
            at = at.as_array()?.first()?;
        }
    }
    let shown = match at {
        toml::Value::Table(_) => return None,
        toml::Value::Array(items) if items.iter().any(toml::Value::is_table) => return None,
        value => value.to_string(),
    };
    let mut short: String = shown.chars().take(60).collect();
    if short.len() < shown.len() {
        short.push('…');
    }
    Some(short)
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// `docs/data.md`: every file and every key, with the bundled data's values as examples.
pub fn markdown() -> String {
    let mut md = String::from(
        "# The data files\n\n\
         <!-- Made by `HANDBILL_ACCEPT=1 cargo test --lib reference`, from the loader's own\n\
         types and the bundled data: edit those, not this file. -->\n\n\
         Everything handbill prints comes from the TOML files under `data/`. This is every\n\
         file and every key it reads: its type, whether it must be given, its default, what\n\
         it is, and, where the bundled Siskiyou data gives one, an example. A key that is not\n\
         listed is an error (`unknown-key`), so a misspelt key is never silently ignored.\n\n\
         `handbill schema` writes the same as JSON Schemas into `schema/`; each bundled file\n\
         names its schema in its first line (`#:schema ../schema/coalition.schema.json`), so\n\
         editors with a TOML language server (taplo, Even Better TOML) complete and check the\n\
         keys as you type.\n\n\
         In a key's path, `a.b` is key `b` of table `a`, `a[].b` is key `b` of each table in\n\
         the array `a` (`[[a]]` in TOML), and `a.<key>.b` is key `b` of each table in `a`,\n\
         whatever its name (a language code, say).\n",
    );
    for file in data_files() {
        let example_file: Option<toml::Value> = file.example.and_then(|t| toml::from_str(t).ok());
        let about = file
            .schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        md.push_str(&format!(
            "\n## `{}`\n\n{about}\n\nSchema: `schema/{}`.\n\n",
            file.applies_to, file.schema_file
        ));
        md.push_str("| Key | Type | Required | Default | What it is | Example |\n");
        md.push_str("|---|---|---|---|---|---|\n");
        for key in keys(&file.schema) {
            let example = example_file
                .as_ref()
                .and_then(|f| example(f, &key.path))
                .map(|e| format!("`{}`", cell(&e)))
                .unwrap_or_default();
            md.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} |\n",
                key.path,
                key.kind,
                if key.required { "yes" } else { "no" },
                key.default
                    .map(|d| format!("`{}`", cell(&d)))
                    .unwrap_or_default(),
                cell(&key.description),
                example,
            ));
        }
    }
    md.push_str(
        "\n## Messages and their codes\n\n\
         Every warning and error handbill prints carries one of these codes\n\
         (`error[bad-phone]: data/contacts.toml:35:22: ...`), as does the JSON report. A\n\
         warning may be made an error (`--deny CODE`, `--strict`) or silenced (`--allow CODE`,\n\
         `[[checks.allow]]` in `data/coalition.toml`); an error always stops the build.\n\n\
         | Code | Level | What it means |\n|---|---|---|\n",
    );
    for code in crate::codes::CODES {
        let level = match code.level {
            crate::codes::Level::Warning => "warning",
            crate::codes::Level::Error => "error",
        };
        md.push_str(&format!(
            "| `{}` | {level} | {} |\n",
            code.name,
            cell(code.means)
        ));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(rel: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
    }

    /// The committed file equals what is made now; `HANDBILL_ACCEPT=1` writes it instead.
    fn current(rel: &str, made: &str) {
        let path = repo(rel);
        if std::env::var_os("HANDBILL_ACCEPT").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, made).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == made,
            "{rel} is out of date: run `HANDBILL_ACCEPT=1 cargo test --lib reference`"
        );
    }

    #[test]
    fn the_data_reference_is_current() {
        current("docs/data.md", &markdown());
    }

    #[test]
    fn the_schemas_are_current() {
        for (name, text) in schema_texts() {
            current(&format!("schema/{name}"), &text);
        }
    }

    #[test]
    fn the_reference_names_every_key_of_every_schema() {
        // What is made, which the test above holds docs/data.md to.
        let md = markdown();
        let mut count = 0;
        for file in data_files() {
            let section = md
                .split("\n## ")
                .find(|s| s.starts_with(&format!("`{}`", file.applies_to)))
                .unwrap_or_else(|| panic!("no section for {}", file.applies_to));
            for key in keys(&file.schema) {
                assert!(
                    section.contains(&format!("| `{}` |", key.path)),
                    "{}: {} is not described",
                    file.applies_to,
                    key.path
                );
                count += 1;
            }
        }
        // Deep keys are there too, not only the top of each file.
        for deep in [
            "contact[].phone[].number",
            "translations.<key>.mission",
            "location[].exit",
        ] {
            assert!(md.contains(&format!("| `{deep}` |")), "{deep}");
        }
        assert!(count > 100, "{count} keys");
    }

    /// TOML as JSON Schema validators see it: dates as strings.
    fn json_of(value: toml::Value) -> Value {
        match value {
            toml::Value::String(s) => Value::from(s),
            toml::Value::Integer(i) => Value::from(i),
            toml::Value::Float(f) => Value::from(f),
            toml::Value::Boolean(b) => Value::from(b),
            toml::Value::Datetime(d) => Value::from(d.to_string()),
            toml::Value::Array(items) => Value::Array(items.into_iter().map(json_of).collect()),
            toml::Value::Table(t) => {
                Value::Object(t.into_iter().map(|(k, v)| (k, json_of(v))).collect())
            }
        }
    }

    #[test]
    fn the_schemas_validate_the_bundled_data_and_refuse_what_the_loader_refuses() {
        let notice = "source = \"The statute\"\nofficial = true\nparagraphs = [\"Call {hotline}.\"]\nlist-intro = \"The hotlines are:\"\nitems = [\"{cast}\"]\n";
        for file in data_files() {
            let validator = jsonschema::validator_for(&file.schema).unwrap();
            let texts: Vec<&str> = match file.applies_to {
                "data/content/<lang>.toml" => BUNDLED_DATA
                    .iter()
                    .filter(|(p, _)| p.starts_with("data/content/"))
                    .map(|(_, t)| *t)
                    .collect(),
                "data/notice/<lang>.toml" => vec![notice],
                _ => file.example.into_iter().collect(),
            };
            assert!(!texts.is_empty(), "{}", file.applies_to);
            for text in texts {
                let json = json_of(toml::from_str(text).unwrap());
                let errors: Vec<String> = validator
                    .iter_errors(&json)
                    .map(|e| e.to_string())
                    .collect();
                assert!(errors.is_empty(), "{}: {errors:?}", file.applies_to);
                // A misspelt key, as the loader's `unknown-key` refuses it.
                let mut misspelt = json.clone();
                misspelt
                    .as_object_mut()
                    .unwrap()
                    .insert("langauges".into(), Value::from("en"));
                assert!(
                    !validator.is_valid(&misspelt),
                    "{}: a misspelt key",
                    file.applies_to
                );
            }
        }
        // Deep down too: a phone number that is not a string, a missing required key.
        let contacts = &data_files()[1];
        let validator = jsonschema::validator_for(&contacts.schema).unwrap();
        let json = json_of(toml::from_str(contacts.example.unwrap()).unwrap());
        let mut wrong = json.clone();
        wrong["contact"][0]["phone"][0]["number"] = Value::from(18883737888_i64);
        assert!(!validator.is_valid(&wrong));
        let mut missing = json;
        missing["contact"][0]
            .as_object_mut()
            .unwrap()
            .remove("verified");
        assert!(!validator.is_valid(&missing));
    }

    #[test]
    fn a_key_the_loader_reads_is_a_key_of_its_schema() {
        let coalition = &data_files()[0];
        let paths: Vec<String> = keys(&coalition.schema)
            .into_iter()
            .map(|k| k.path)
            .collect();
        for path in [
            "name",
            "website.url",
            "contact-form.placeholder",
            "campaigns.tags.source",
        ] {
            assert!(paths.iter().any(|p| p == path), "{path} in {paths:?}");
        }
    }
}
