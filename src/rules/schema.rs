//! `schema`: what GitLab's JSON schemas reject, checked with our schemas in `schemas/`.
//!
//! The schema files are embedded and compiled once per run ([`Schemas::compile`]) with the
//! product-group enum of the repository substituted in and the `known_product_category` format
//! bound to its feature categories. Each file's YAML tree is validated as JSON
//! ([`Node::to_json`]); a metric whose `time_frame` is a list is validated once per entry, the
//! way GitLab's loader expands it
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/lib/gitlab/usage/metric_definition.rb).
//! Validator errors become
//! [`Diagnostic`]s with positions and sentences in `translate`.

mod translate;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use jsonschema::{Draft, Validator};
use serde_json::Value as Json;

pub use super::catalog::schema::*;
use crate::diagnostics::{Diagnostic, RuleInfo};
use crate::error::{Error, Result};
use crate::model::TimeFrame;
use crate::repository::reference::{FEATURE_CATEGORIES_PATH, ListSource, NamedList, PRODUCT_GROUPS_PATH};
use crate::repository::{FileKind, ReferenceLists, SourceFile};
use crate::yaml::{Node, Position};

/// Base URI of every schema file's `$id`; relative `$ref`s and embedded `$id`s resolve against it.
pub const SCHEMA_BASE_URI: &str = "https://eventdef.dev/schemas/";
pub const EVENT_SCHEMA: &str = "event.schema.json";
pub const METRIC_SCHEMA: &str = "metric.schema.json";
/// The product-group enum; its `enum` is replaced by the repository's list when compiling.
pub const PRODUCT_GROUPS_SCHEMA: &str = "lists/product_groups.json";
/// The plan format (`eventdef apply`); not a definition schema, but shipped with them.
pub const PLAN_SCHEMA: &str = "plan.schema.json";
/// The plan format's JSON Schema (draft 2020-12), read by `plan::file`. Embedded here, with
/// the other schemas, so `rules` needs nothing from `plan` (which depends on `rules`).
pub const PLAN_SCHEMA_TEXT: &str = include_str!("../../schemas/plan.schema.json");

/// Every schema file of `schemas/`, embedded: path relative to `schemas/` (and to
/// [`SCHEMA_BASE_URI`]) and text. The two definition schemas are self-contained: each embeds
/// the product-group list under `$defs/product_groups` (with that file's `$id`), so editors and
/// other validators need no second file.
pub const SCHEMA_FILES: &[(&str, &str)] = &[
    (EVENT_SCHEMA, include_str!("../../schemas/event.schema.json")),
    (METRIC_SCHEMA, include_str!("../../schemas/metric.schema.json")),
    (PRODUCT_GROUPS_SCHEMA, include_str!("../../schemas/lists/product_groups.json")),
    // Plan files (`eventdef apply`), checked by `plan::file`; listed so every schema ships.
    (PLAN_SCHEMA, PLAN_SCHEMA_TEXT),
];

/// The compiled event and metric schemas; compiled once per run.
pub struct Schemas {
    event: Validator,
    metric: Validator,
    /// The schema documents as compiled, by `$id`, to read allowed keys and required lists.
    documents: HashMap<String, Json>,
    product_groups: Vec<String>,
    product_groups_source: String,
    feature_categories: Arc<HashSet<String>>,
    feature_categories_source: String,
}

impl Schemas {
    pub fn compile(reference: &ReferenceLists) -> Result<Schemas> {
        let mut documents = HashMap::new();
        for (name, text) in SCHEMA_FILES {
            let mut document: Json = serde_json::from_str(text)
                .map_err(|e| Error::Other(format!("built-in schema {name} is not valid JSON: {e}")))?;
            // The repository's product groups replace the built-in copy wherever it is.
            let groups = Json::from(reference.product_groups.values.clone());
            if *name == PRODUCT_GROUPS_SCHEMA {
                document["enum"] = groups;
            } else if let Some(embedded) = document.pointer_mut("/$defs/product_groups/enum") {
                *embedded = groups;
            }
            index_resources(&document, &mut documents);
            documents.insert(format!("{SCHEMA_BASE_URI}{name}"), document);
        }
        let compile_error = |e: &dyn std::fmt::Display| Error::Other(format!("built-in schemas do not compile: {e}"));
        let feature_categories: Arc<HashSet<String>> =
            Arc::new(reference.feature_categories.values.iter().cloned().collect());
        let known = Arc::clone(&feature_categories);
        // No retriever (the crate's HTTP/file features are off): a `$ref` outside the document
        // fails here instead of being fetched.
        let options = jsonschema::options()
            .with_draft(Draft::Draft202012)
            // JSONSchemer enforces formats by default; draft 2020-12 validators do not.
            .should_validate_formats(true)
            .with_format("known_product_category", move |name: &str| known.contains(name));
        let build = |name: &str| match documents.get(&format!("{SCHEMA_BASE_URI}{name}")) {
            Some(document) => options.build(document).map_err(|e| compile_error(&e)),
            None => Err(compile_error(&format!("{name} is missing"))),
        };
        let event = build(EVENT_SCHEMA)?;
        let metric = build(METRIC_SCHEMA)?;
        Ok(Schemas {
            event,
            metric,
            product_groups: reference.product_groups.values.clone(),
            product_groups_source: list_name(&reference.product_groups, PRODUCT_GROUPS_PATH),
            feature_categories,
            feature_categories_source: list_name(&reference.feature_categories, FEATURE_CATEGORIES_PATH),
            documents,
        })
    }

    /// The schema document with this `$id`.
    fn document(&self, uri: &str) -> Option<&Json> {
        self.documents.get(uri)
    }

    fn root_document(&self, kind: FileKind) -> Option<&Json> {
        let name = match kind {
            FileKind::Event => EVENT_SCHEMA,
            FileKind::Metric => METRIC_SCHEMA,
        };
        self.document(&format!("{SCHEMA_BASE_URI}{name}"))
    }
}

/// Every embedded schema resource (a subschema with its own `$id`) by absolute `$id`, so error
/// locations inside it can be looked up. Relative ids are relative to [`SCHEMA_BASE_URI`], where
/// the root files sit.
fn index_resources(schema: &Json, index: &mut HashMap<String, Json>) {
    let children: Vec<&Json> = match schema {
        Json::Object(map) => map.values().collect(),
        Json::Array(items) => items.iter().collect(),
        _ => return,
    };
    for child in children {
        if let Some(id) = child.get("$id").and_then(Json::as_str) {
            let id = if id.contains("://") { id.to_owned() } else { format!("{SCHEMA_BASE_URI}{id}") };
            index.insert(id, child.clone());
        }
        index_resources(child, index);
    }
}

/// How messages name a reference list: its file, or the built-in copy of GitLab's file.
fn list_name(list: &NamedList, gitlab_path: &str) -> String {
    match list.source {
        ListSource::File(_) => list.source_name(),
        ListSource::BuiltIn => format!("eventdef's built-in copy of GitLab's {gitlab_path}"),
    }
}

/// The schema findings of one file (none when the file has no mapping to check: the `yaml`
/// rules report that).
pub fn check_file(file: &SourceFile, schemas: &Schemas) -> Vec<Diagnostic> {
    if file.read_problem.is_some() || file.parsed.is_fatal() {
        return Vec::new();
    }
    match file.root() {
        Some(root) if root.as_map().is_some() => check_definition(schemas, file.kind, &file.path, root, &file.text),
        _ => Vec::new(),
    }
}

/// The schema findings of one definition tree, e.g. one the wizard is about to write.
/// `source` is the YAML text the tree was read from ("" when there is none).
pub fn check_definition(schemas: &Schemas, kind: FileKind, path: &str, root: &Node, source: &str) -> Vec<Diagnostic> {
    let document = root.to_json();
    let mut findings = Vec::new();
    let context = |time_frame_index| translate::Context { kind, root, source, schemas, time_frame_index };
    match kind {
        FileKind::Event => {
            translate_errors(&schemas.event, &document, &context(None), &mut findings);
        }
        FileKind::Metric => match document.get("time_frame") {
            Some(Json::Array(entries)) => {
                for (index, definition) in expand_time_frames(&document, entries, root, &mut findings) {
                    translate_errors(&schemas.metric, &definition, &context(Some(index)), &mut findings);
                }
            }
            _ => {
                translate_errors(&schemas.metric, &document, &context(None), &mut findings);
            }
        },
    }
    // A value that is neither of the right type nor among the allowed values (`data_source:`
    // left empty) breaks two keywords; the list of allowed values says more.
    let listed: HashSet<Position> =
        findings.iter().filter(|f| f.rule.id == ENUM.id || f.rule.id == PRODUCT_GROUP.id).map(|f| f.pos).collect();
    findings.retain(|f| !(f.rule.id == TYPE.id && listed.contains(&f.pos)));
    // Expanded definitions repeat most errors; report each once.
    let mut seen = HashSet::new();
    findings
        .into_iter()
        .filter(|f| seen.insert((f.pos, f.rule.id, f.message.clone())))
        .map(|f| Diagnostic::new(f.rule, path, f.pos, f.message))
        .collect()
}

/// Every error of `document` translated into findings. Most definitions are valid, and `is_valid` stops at
/// the first failing keyword without building errors, so errors are collected only for the
/// invalid ones.
fn translate_errors(
    validator: &Validator,
    document: &Json,
    context: &translate::Context<'_>,
    findings: &mut Vec<Finding>,
) {
    if validator.is_valid(document) {
        return;
    }
    for error in validator.iter_errors(document) {
        translate::translate(&error, context, findings);
    }
}

/// A finding before it is tied to a file.
#[derive(Debug, Clone)]
struct Finding {
    rule: &'static RuleInfo,
    pos: Position,
    message: String,
}

/// The definitions GitLab's loader makes from a metric whose `time_frame` is a list: one per
/// entry, with that entry as `time_frame` and `key_path` suffixed `_weekly`/`_monthly`/nothing
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/lib/gitlab/usage/metric_definition.rb). An
/// entry GitLab cannot expand (not 7d/28d/all: its suffix lookup
/// fails and loading raises) or a repeated one (two metrics with one key path: loading raises)
/// is reported here instead of validated. An empty list makes no definition, so nothing is checked.
fn expand_time_frames(
    document: &Json,
    entries: &[Json],
    root: &Node,
    findings: &mut Vec<Finding>,
) -> Vec<(usize, Json)> {
    let mut definitions = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let pos = root.locate(&["time_frame".to_owned(), index.to_string()]).pos;
        let suffix = match entry.as_str().map(|text| (text, TimeFrame::parse(text))) {
            Some((_, Some(TimeFrame::None))) => {
                findings.push(Finding {
                    rule: &ENUM,
                    pos,
                    message: "`time_frame` lists `none`, which cannot be in a list; write `time_frame: none` on its own, or list 7d, 28d, all".into(),
                });
                continue;
            }
            Some((_, Some(frame))) => frame.key_path_suffix(),
            Some((other, None)) => {
                findings.push(Finding {
                    rule: &ENUM,
                    pos,
                    message: format!("`time_frame` lists `{other}`; a time_frame list may hold only 7d, 28d and all"),
                });
                continue;
            }
            None => {
                findings.push(Finding {
                    rule: &TYPE,
                    pos,
                    message: format!(
                        "`time_frame[{index}]` must be 7d, 28d or all, found {}",
                        translate::json_type_name(entry)
                    ),
                });
                continue;
            }
        };
        let name = entry.as_str().unwrap_or_default();
        if seen.contains(&name) {
            findings.push(Finding {
                rule: &DUPLICATE_ITEM,
                pos,
                message: format!(
                    "`time_frame` lists `{name}` more than once; GitLab would define the same metric twice"
                ),
            });
            continue;
        }
        seen.push(name);
        let mut definition = document.clone();
        definition["time_frame"] = entry.clone();
        if let Some(Json::String(key_path)) = definition.get_mut("key_path") {
            key_path.push_str(suffix);
        }
        definitions.push((index, definition));
    }
    definitions
}

#[cfg(test)]
mod tests;
