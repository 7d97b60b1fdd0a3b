//! Property tests of the reader: whatever bytes a definition file holds, reading,
//! validating and reporting never panic, and the JSON form of any parsed tree is valid JSON.
//! The bodies are the fuzz targets' own (`fuzz/src/lib.rs`); the fuzzers search deeper, these
//! run on every `cargo test`.

use crate::targets;

use proptest::prelude::*;
use serde_json::{Map, Value as Json};

/// Text made of YAML's syntax characters, so that random input reaches past the tokenizer.
fn yamlish() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "([-:?&*!%@`|>#,'\"\\[\\]{}. \t\r\n\u{0}\u{feff}]|[a-z0-9]{1,6}|---|\\.\\.\\.|  ){0,120}",
    )
    .unwrap_or_else(|e| panic!("regex: {e}"))
}

/// A JSON document of strings, integers, booleans and nulls, a few levels deep.
fn json_document() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        ".{0,12}".prop_map(Json::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            proptest::collection::vec(("[a-z_]{1,8}", inner), 0..6)
                .prop_map(|entries| Json::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_load_and_validate(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        targets::load(&bytes);
        targets::validate(&bytes);
    }

    #[test]
    fn yaml_like_text_loads_and_validates(text in yamlish(), other in yamlish()) {
        targets::load(text.as_bytes());
        let mut pair = text.into_bytes();
        pair.push(0);
        pair.extend_from_slice(other.as_bytes());
        targets::validate(&pair);
    }

    #[test]
    fn parse_never_panics_and_to_json_is_json(text in yamlish()) {
        let parsed = eventdef::yaml::parse(&text);
        if let Some(root) = parsed.root {
            let json = root.to_json().to_string();
            prop_assert!(serde_json::from_str::<Json>(&json).is_ok(), "{}", json);
        }
        for problem in parsed.problems {
            prop_assert!(problem.pos.line >= 1 && problem.pos.column >= 1, "{:?}", problem);
        }
    }

    /// JSON is YAML: a JSON document reads back as itself (strings are quoted, so YAML 1.1
    /// typing leaves them strings), in one line or pretty-printed.
    #[test]
    fn json_documents_read_back_as_themselves(doc in json_document()) {
        for text in [doc.to_string(), serde_json::to_string_pretty(&doc).unwrap_or_default()] {
            let parsed = eventdef::yaml::parse(&text);
            prop_assert!(parsed.problems.is_empty(), "{:?} in {}", parsed.problems, text);
            let root = parsed.root.map(|r| r.to_json());
            prop_assert_eq!(root.as_ref(), Some(&doc), "{}", text);
        }
    }
}

proptest! {
    // Resolving a plan runs the validator on the repository-to-be: fewer, slower cases.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any text or JSON document as a plan (refused or resolved, never a panic), and as an
    /// event and metric to render every usage snippet and the issue from.
    #[test]
    fn plans_resolve_and_definitions_render(doc in json_document(), text in yamlish()) {
        let json = doc.to_string();
        targets::plan(json.as_bytes());
        targets::plan(text.as_bytes());
        targets::render(json.as_bytes());
        targets::render(text.as_bytes());
    }
}
