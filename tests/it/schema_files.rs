//! The files in `schemas/` are usable on their own: valid draft 2020-12 schemas, each with the
//! `$id` of its place under https://eventdef.dev/schemas/, every field described for editors,
//! and all of them embedded in the binary.

use std::path::{Path, PathBuf};

use eventdef::rules::schema::{SCHEMA_BASE_URI, SCHEMA_FILES};
use serde_json::Value;

const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// Every `.json` file under `schemas/`, relative to it, with forward slashes.
fn schema_files() -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir).expect("schemas/ is readable").map(|e| e.expect("entry").path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                let rel = path.strip_prefix(base).expect("under schemas/").to_string_lossy().replace('\\', "/");
                out.push((rel, path));
            }
        }
    }
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
    out
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("schema file is readable");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()))
}

#[test]
fn every_schema_file_is_valid_against_the_2020_12_metaschema() {
    let files = schema_files();
    assert!(files.len() >= 3, "expected the event, metric and product-group schemas, found {files:?}");
    for (rel, path) in &files {
        let schema = load(path);
        assert_eq!(schema["$schema"], DRAFT_2020_12, "{rel}: `$schema` must be draft 2020-12");
        assert_eq!(schema["$id"], format!("{SCHEMA_BASE_URI}{rel}"), "{rel}: `$id` must match its place");
        if let Err(error) = jsonschema::meta::validate(&schema) {
            panic!("{rel}: not a valid draft 2020-12 schema: {error} at {}", error.instance_path().as_str());
        }
        assert!(schema.get("title").is_some() && schema.get("description").is_some(), "{rel}: title/description");
    }
}

#[test]
fn every_schema_file_is_embedded() {
    let mut on_disk: Vec<String> = schema_files().into_iter().map(|(rel, _)| rel).collect();
    let mut embedded: Vec<String> = SCHEMA_FILES.iter().map(|(name, _)| (*name).to_owned()).collect();
    on_disk.sort();
    embedded.sort();
    assert_eq!(on_disk, embedded, "schemas/ and SCHEMA_FILES must list the same files");
    for (name, text) in SCHEMA_FILES {
        let on_disk = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas").join(name))
            .expect("embedded file exists on disk");
        assert_eq!(&on_disk, text, "{name}: embedded text differs from the file");
    }
}

#[test]
fn every_field_has_a_title_and_description_for_editors() {
    for name in ["event.schema.json", "metric.schema.json"] {
        let schema = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas").join(name));
        let properties = schema["properties"].as_object().expect("top-level properties");
        for (key, property) in properties {
            for word in ["title", "description"] {
                assert!(
                    property.get(word).and_then(Value::as_str).is_some_and(|t| !t.is_empty()),
                    "{name}: property `{key}` has no {word}"
                );
            }
        }
    }
}

/// Every `$id` of an embedded resource in `schema`, resolved against the schemas' base URI.
fn embedded_ids(schema: &Value, out: &mut Vec<String>) {
    let children: Vec<&Value> = match schema {
        Value::Object(map) => map.values().collect(),
        Value::Array(items) => items.iter().collect(),
        _ => return,
    };
    for child in children {
        if let Some(id) = child.get("$id").and_then(Value::as_str) {
            out.push(if id.contains("://") { id.to_owned() } else { format!("{SCHEMA_BASE_URI}{id}") });
        }
        embedded_ids(child, out);
    }
}

fn refs<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r);
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// Editors such as yaml-language-server resolve a relative `$ref` against the `$id`, i.e. on
/// eventdef.dev, unless the target is embedded: so every reference must stay inside its file.
#[test]
fn references_are_relative_and_resolve_inside_the_same_file() {
    for (rel, path) in schema_files() {
        let schema = load(&path);
        let mut ids = Vec::new();
        embedded_ids(&schema, &mut ids);
        let mut found = Vec::new();
        refs(&schema, &mut found);
        for reference in found {
            assert!(!reference.contains("://"), "{rel}: `$ref` {reference} must be relative");
            let (file, _) = reference.split_once('#').unwrap_or((reference, ""));
            if file.is_empty() {
                continue;
            }
            let target = format!("{SCHEMA_BASE_URI}{file}");
            assert!(ids.contains(&target), "{rel}: `$ref` {reference} is not embedded in the file");
            assert!(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas").join(file).is_file(),
                "{rel}: `$ref` {reference} should name the file its embedded copy comes from"
            );
        }
    }
}

/// The copies of the product-group list embedded in the definition schemas are the list itself.
#[test]
fn embedded_product_groups_equal_the_list_file() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mut list = load(&base.join("lists/product_groups.json"));
    list.as_object_mut().expect("an object").remove("$schema");
    for name in ["event.schema.json", "metric.schema.json"] {
        let schema = load(&base.join(name));
        assert_eq!(
            schema["$defs"]["product_groups"], list,
            "{name}: $defs/product_groups must be a copy of lists/product_groups.json (without $schema)"
        );
    }
}
