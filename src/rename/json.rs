//! The product groups list (`config/metrics/schema/product_groups.json`) renamed as GitLab's
//! script renames it: parse, drop every OLD from `enum`, add NEW, sort, and write the whole file
//! again with Ruby's `JSON.pretty_generate` and a trailing newline.
//!
//! The writer is hand-written because serde_json's pretty printer differs from Ruby's where it
//! matters here: serde_json (as this crate builds it) sorts object keys, and prints floats as
//! `1e20` where Ruby prints `1.0e+20`. Strings are escaped by serde_json, which escapes exactly
//! what Ruby's generator escapes (`"`, `\`, control characters, with lower-case `\u00XX`).
//! Empty arrays and objects are `[]` and `{}`, as the json gem writes them since 2.8
//! (https://github.com/ruby/json/pull/626); older gems wrote them over two lines.

use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::yaml::write::ruby_float_to_s;

/// A JSON value that keeps object keys in file order (a repeated key keeps its first place and
/// its last value, as Ruby's `JSON.parse` builds a Hash).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
enum Json {
    Null(()),
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    String(String),
    Array(Vec<Json>),
    Object(IndexMap<String, Json>),
}

/// The outcome of renaming in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumRename {
    /// The new text of the file.
    Renamed(String),
    /// OLD is not listed; the groups that are.
    UnknownOld(Vec<String>),
    /// NEW is listed already.
    NewListed,
}

pub fn rename_in_enum(text: &str, old: &str, new: &str, path: &Path) -> Result<EnumRename> {
    let config = |line: usize, message: String| Error::Config { path: path.into(), line: line as u32, message };
    // serde_json's own value first, for its error messages with line numbers.
    serde_json::from_str::<serde_json::Value>(text).map_err(|e| config(e.line(), format!("not valid JSON: {e}")))?;
    let mut root: Json = serde_json::from_str(text).map_err(|e| config(e.line(), format!("not valid JSON: {e}")))?;
    let Json::Object(map) = &mut root else {
        return Err(config(1, "expected a JSON object with an `enum` list of product groups".into()));
    };
    let Some(Json::Array(groups)) = map.get_mut("enum") else {
        return Err(config(1, "expected an `enum` list of product groups".into()));
    };
    let mut names = Vec::with_capacity(groups.len());
    for group in groups.iter() {
        match group {
            Json::String(name) => names.push(name.clone()),
            _ => return Err(config(1, "the `enum` list holds something that is not a string".into())),
        }
    }
    if !names.iter().any(|n| n == old) {
        return Ok(EnumRename::UnknownOld(names));
    }
    if names.iter().any(|n| n == new) {
        return Ok(EnumRename::NewListed);
    }
    names.retain(|n| n != old);
    names.push(new.to_owned());
    // Ruby's String#<=> compares bytes, as `str::cmp` does.
    names.sort();
    *groups = names.into_iter().map(Json::String).collect();
    let mut out = String::with_capacity(text.len() + new.len() + 8);
    pretty(&root, 0, &mut out);
    out.push('\n');
    Ok(EnumRename::Renamed(out))
}

/// Ruby's `JSON.pretty_generate`: two-space indent, `"key": value`, one item per line.
fn pretty(value: &Json, depth: usize, out: &mut String) {
    let indent = |out: &mut String, depth: usize| out.extend(std::iter::repeat_n("  ", depth));
    match value {
        Json::Null(()) => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(i) => out.push_str(&i.to_string()),
        Json::UInt(u) => out.push_str(&u.to_string()),
        Json::Float(f) => out.push_str(&ruby_float_to_s(*f)),
        Json::String(s) => out.push_str(&string(s)),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(entries) if entries.is_empty() => out.push_str("{}"),
        Json::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                indent(out, depth + 1);
                pretty(item, depth + 1, out);
            }
            out.push('\n');
            indent(out, depth);
            out.push(']');
        }
        Json::Object(entries) => {
            out.push_str("{\n");
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                indent(out, depth + 1);
                out.push_str(&string(key));
                out.push_str(": ");
                pretty(item, depth + 1, out);
            }
            out.push('\n');
            indent(out, depth);
            out.push('}');
        }
    }
}

fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rename(text: &str, old: &str, new: &str) -> EnumRename {
        rename_in_enum(text, old, new, Path::new("product_groups.json")).expect("valid list")
    }

    #[test]
    fn renames_sorts_and_writes_ruby_layout() {
        let text = "{\"type\":\"string\",\"enum\":[\"b\",\"old\",\"a\",\"old\"],\"x\":{\"n\":1.0,\"m\":[],\"o\":{}}}";
        let EnumRename::Renamed(out) = rename(text, "old", "c_new") else { panic!("renamed") };
        assert_eq!(
            out,
            "{\n  \"type\": \"string\",\n  \"enum\": [\n    \"a\",\n    \"b\",\n    \"c_new\"\n  ],\n  \"x\": {\n    \"n\": 1.0,\n    \"m\": [],\n    \"o\": {}\n  }\n}\n"
        );
    }

    #[test]
    fn keeps_key_order_and_escapes_as_ruby() {
        let text = "{\"z\":\"\\u0001\\\"\\\\/é\",\"a\":1e20,\"enum\":[\"old\"],\"z\":2}";
        let EnumRename::Renamed(out) = rename(text, "old", "new") else { panic!("renamed") };
        assert_eq!(out, "{\n  \"z\": 2,\n  \"a\": 1.0e+20,\n  \"enum\": [\n    \"new\"\n  ]\n}\n");
        let text = "{\"enum\":[\"old\"],\"b\":true,\"c\":null,\"i\":-3,\"u\":18446744073709551615,\"s\":\"\\u0001\\\"\\\\/é\"}";
        let EnumRename::Renamed(out) = rename(text, "old", "new") else { panic!("renamed") };
        assert_eq!(
            out,
            "{\n  \"enum\": [\n    \"new\"\n  ],\n  \"b\": true,\n  \"c\": null,\n  \"i\": -3,\n  \"u\": 18446744073709551615,\n  \"s\": \"\\u0001\\\"\\\\/é\"\n}\n"
        );
    }

    #[test]
    fn reports_unknown_old_and_listed_new() {
        let text = "{\"enum\":[\"a\",\"b\"]}";
        assert_eq!(rename(text, "c", "d"), EnumRename::UnknownOld(vec!["a".into(), "b".into()]));
        assert_eq!(rename(text, "a", "b"), EnumRename::NewListed);
    }

    #[test]
    fn refuses_what_is_not_a_list() {
        for text in ["[1]", "{\"enum\": 3}", "{\"enum\": [1]}", "{\"enum\": [\n"] {
            assert!(rename_in_enum(text, "a", "b", Path::new("p.json")).is_err(), "{text}");
        }
    }
}
