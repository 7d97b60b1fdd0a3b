//! From a validator error to a finding a PM can act on: where (the YAML position of the value,
//! of the mapping that lacks a key, or of the unexpected key itself), which rule, and a sentence
//! that names the field, the value and the fix, not the schema keyword.

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::types::JsonType;
use serde_json::Value as Json;

use super::{
    CONDITIONAL, CUSTOM_PROPERTY, DUPLICATE_ITEM, ENUM, FORMAT, Finding, INTRODUCED_BY_URL_TODO, PATTERN,
    PRODUCT_CATEGORY, PRODUCT_GROUP, REQUIRED, SCHEMA_BASE_URI, Schemas, TYPE, UNKNOWN_KEY,
};
use crate::diagnostics::RuleInfo;
use crate::model::event::BUILT_IN_PROPERTIES;
use crate::repository::FileKind;
use crate::suggest;
use crate::yaml::{Node, Position, Value};

/// Keys older GitLab schemas had and the current ones reject, with what replaces them.
const LEGACY_EVENT_KEYS: &[(&str, &str)] = &[
    ("distributions", "; `tiers` says where the event exists"),
    ("product_section", ""),
    ("product_stage", ""),
    ("product_category", "; use `product_categories`"),
    ("label_description", "; describe it under `additional_properties.label.description`"),
    ("property_description", "; describe it under `additional_properties.property.description`"),
    ("value_description", "; describe it under `additional_properties.value.description`"),
];
const LEGACY_METRIC_KEYS: &[(&str, &str)] = &[
    ("distribution", "; `tiers` says where the metric exists"),
    ("tier", "; use `tiers`"),
    ("product_section", ""),
    ("product_stage", ""),
    ("product_category", "; use `product_categories`"),
    ("skip_validation", ""),
];

pub(super) struct Context<'a> {
    pub kind: FileKind,
    pub root: &'a Node,
    pub source: &'a str,
    pub schemas: &'a Schemas,
    /// Set while checking the definition GitLab makes from entry N of a `time_frame` list:
    /// findings about `time_frame` then point at that entry.
    pub time_frame_index: Option<usize>,
}

impl Context<'_> {
    fn kind_name(&self) -> &'static str {
        match self.kind {
            FileKind::Event => "event",
            FileKind::Metric => "metric",
        }
    }

    fn a_definition(&self) -> &'static str {
        match self.kind {
            FileKind::Event => "an event definition",
            FileKind::Metric => "a metric definition",
        }
    }

    /// The instance path of an error, in the file's terms (see `time_frame_index`).
    fn path(&self, error: &ValidationError<'_>) -> Vec<String> {
        let mut path = pointer_segments(error.instance_path().as_str());
        if let (Some(index), Some(first)) = (self.time_frame_index, path.first())
            && first == "time_frame"
        {
            path.insert(1, index.to_string());
        }
        path
    }

    fn node(&self, path: &[String]) -> Option<&Node> {
        let mut node = self.root;
        for step in path {
            node = match &node.value {
                Value::Map(m) => m.get(step)?,
                Value::Seq(items) => items.get(step.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Where a finding about the value at `path` points: the value, else the nearest ancestor.
    fn pos(&self, path: &[String]) -> Position {
        self.root.locate(path).pos
    }

    /// Where a finding about the key at `path` points: the key itself.
    fn key_pos(&self, path: &[String]) -> Position {
        match path.split_last() {
            Some((key, parent)) => match self.node(parent) {
                Some(parent) => parent.key_pos(key).unwrap_or(parent.pos),
                None => self.pos(parent),
            },
            None => self.root.pos,
        }
    }

    /// `events[0].unique`-style name of the value at `path`.
    fn field(&self, path: &[String]) -> String {
        let mut text = String::new();
        let mut node = Some(self.root);
        for step in path {
            let in_list = matches!(node.map(|n| &n.value), Some(Value::Seq(_)));
            if in_list {
                text.push_str(&format!("[{step}]"));
            } else {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(step);
            }
            node = node.and_then(|n| match &n.value {
                Value::Map(m) => m.get(step),
                Value::Seq(items) => step.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            });
        }
        text
    }

    /// The source text of a one-line plain scalar at `pos` (`16.10` where YAML read 16.1).
    fn source_token(&self, pos: Position) -> Option<&str> {
        let line = self.source.lines().nth(pos.line.checked_sub(1)? as usize)?;
        let start = line.char_indices().nth(pos.column.checked_sub(1)? as usize)?.0;
        let rest = &line[start..];
        // A plain number or boolean ends at a comment or at the end of a flow collection entry.
        let end = rest.find([',', ']', '}', '#']).unwrap_or(rest.len());
        let token = rest[..end].trim();
        (!token.is_empty()).then_some(token)
    }
}

fn pointer_segments(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~")).collect()
}

/// Which schema file and keyword an error comes from: (`metric/redis.json`, `/then/anyOf`).
fn origin(error: &ValidationError<'_>) -> (String, String) {
    let location = error.absolute_keyword_location().map(|u| u.as_str().to_owned()).unwrap_or_default();
    let (file, fragment) = location.split_once('#').unwrap_or((&location, ""));
    let file = file.strip_prefix(SCHEMA_BASE_URI).unwrap_or(file).to_owned();
    let fragment = if fragment.is_empty() { error.schema_path().as_str().to_owned() } else { fragment.to_owned() };
    (file, fragment)
}

/// True for errors raised inside the `then` of a conditional.
fn conditional(error: &ValidationError<'_>) -> bool {
    let (_, fragment) = origin(error);
    fragment.contains("/then/") || fragment.ends_with("/then")
}

pub(super) fn json_type_name(value: &Json) -> &'static str {
    match value {
        Json::Null => "null (an empty value)",
        Json::Bool(_) => "a boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "a mapping",
    }
}

fn type_word(ty: JsonType) -> &'static str {
    match ty {
        JsonType::Null => "null (left empty)",
        JsonType::Boolean => "true or false",
        JsonType::Integer => "an integer",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "a list",
        JsonType::Object => "a mapping",
    }
}

/// A value as it appears in a message: strings bare, everything else as compact JSON.
fn show(value: &Json) -> String {
    let text = match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > 80 { format!("{}…", text.chars().take(79).collect::<String>()) } else { text }
}

fn list(values: &[Json]) -> String {
    values.iter().map(show).collect::<Vec<_>>().join(", ")
}

fn did_you_mean<'c>(value: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
    suggest::closest(value, candidates).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default()
}

fn push(out: &mut Vec<Finding>, rule: &'static RuleInfo, pos: Position, message: String) {
    out.push(Finding { rule, pos, message });
}

/// The findings one validator error stands for. A custom additional property of an event
/// (`additional_properties.<name>` other than `label`, `property`, `value`) is reported under
/// its own rule: like the built-ins, it must be `{description: ...}`.
pub(super) fn translate(error: &ValidationError<'_>, cx: &Context<'_>, out: &mut Vec<Finding>) {
    let path = cx.path(error);
    let custom_property = cx.kind == FileKind::Event
        && path.len() >= 2
        && path[0] == "additional_properties"
        && !BUILT_IN_PROPERTIES.contains(&path[1].as_str());
    if !custom_property {
        return translate_error(error, cx, path, out);
    }
    let mut found = Vec::new();
    translate_error(error, cx, path, &mut found);
    out.extend(found.into_iter().map(|f| Finding { rule: &CUSTOM_PROPERTY, ..f }));
}

fn translate_error(error: &ValidationError<'_>, cx: &Context<'_>, path: Vec<String>, out: &mut Vec<Finding>) {
    let field = cx.field(&path);
    let instance: &Json = error.instance();
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            required(cx, error, &path, &field, name, out)
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            // Each key is located by a scan of its mapping; a hostile file with thousands of
            // stray keys gets the first few named and one line for the rest, in linear time.
            for key in unexpected.iter().take(MAX_UNKNOWN_KEYS_NAMED) {
                unknown_key(cx, error, &path, &field, key, out);
            }
            if unexpected.len() > MAX_UNKNOWN_KEYS_NAMED {
                let rest = unexpected.len() - MAX_UNKNOWN_KEYS_NAMED;
                let where_ = if path.is_empty() { "the definition".to_owned() } else { format!("`{field}`") };
                push(
                    out,
                    &UNKNOWN_KEY,
                    cx.pos(&path),
                    format!(
                        "{rest} more keys are not allowed in {where_} (only the first {MAX_UNKNOWN_KEYS_NAMED} are listed)"
                    ),
                );
            }
        }
        ValidationErrorKind::FalseSchema => {
            let pos = cx.key_pos(&path);
            if conditional(error) && path == ["instrumentation_class"] {
                push(
                    out,
                    &CONDITIONAL,
                    pos,
                    "`instrumentation_class` is not allowed when `data_source` is `internal_events`; GitLab derives the class from `events`".into(),
                );
            } else {
                push(out, &UNKNOWN_KEY, pos, format!("`{field}` is not allowed here"));
            }
        }
        ValidationErrorKind::Type { kind } => type_error(cx, error, &path, &field, kind, instance, out),
        ValidationErrorKind::Enum { options } => {
            let options = options.as_array().map(Vec::as_slice).unwrap_or_default();
            enum_error(cx, &path, &field, options, instance, out)
        }
        ValidationErrorKind::Constant { expected_value } => {
            let pos = cx.pos(&path);
            let message = if path == ["internal_events"] {
                format!(
                    "`internal_events` must be `true`, found `{}`; leave the key out for legacy Snowplow events",
                    show(instance)
                )
            } else {
                format!("`{field}` must be `{}`, found `{}`", show(expected_value), show(instance))
            };
            push(out, &ENUM, pos, message)
        }
        ValidationErrorKind::Pattern { pattern } => {
            let pos = cx.pos(&path);
            let value = show(instance);
            let last = path.last().map(String::as_str).unwrap_or_default();
            let message = match last {
                "action" => format!("`action` `{value}` may contain only lower-case letters, digits and underscores"),
                "milestone" | "milestone_removed" => {
                    format!(
                        "`{field}` `{value}` is not a milestone; write major.minor as a quoted string, like \"17.4\""
                    )
                }
                "instrumentation_class" => format!(
                    "`instrumentation_class` `{value}` is not a CamelCase Ruby class name such as `CountIssuesMetric` (namespaces joined with `::`)"
                ),
                _ => format!("`{field}` `{value}` does not match the pattern `{pattern}`"),
            };
            push(out, &PATTERN, pos, message)
        }
        ValidationErrorKind::Format { format } => format_error(cx, &path, &field, format, instance, out),
        ValidationErrorKind::MinItems { limit } => {
            let pos = cx.pos(&path);
            if path == ["product_categories"] && conditional(error) {
                push(
                    out,
                    &CONDITIONAL,
                    pos,
                    format!(
                        "`product_categories` is empty; an active metric must list at least one product category (list: {})",
                        cx.schemas.feature_categories_source
                    ),
                );
            } else {
                let items = if *limit == 1 { "item" } else { "items" };
                push(out, &CONDITIONAL, pos, format!("`{field}` must have at least {limit} {items}"));
            }
        }
        ValidationErrorKind::UniqueItems => {
            let items = instance.as_array().map(Vec::as_slice).unwrap_or_default();
            let repeat = items.iter().enumerate().find(|(i, item)| items[..*i].contains(item));
            let (pos, value) = match repeat {
                Some((i, item)) => {
                    let mut at = path.clone();
                    at.push(i.to_string());
                    (cx.pos(&at), show(item))
                }
                None => (cx.pos(&path), String::new()),
            };
            push(out, &DUPLICATE_ITEM, pos, format!("`{field}` lists `{value}` more than once"));
        }
        ValidationErrorKind::AnyOf { context } => any_of(cx, error, &path, &field, context, instance, out),
        ValidationErrorKind::OneOfNotValid { context } => one_of(cx, error, &path, &field, context, instance, out),
        ValidationErrorKind::OneOfMultipleValid { .. } => {
            let (file, _) = origin(error);
            if file == "metric/redis_hll.json" {
                let key_path = cx.root.get("key_path").map(|n| n.to_json()).unwrap_or(Json::Null);
                push(
                    out,
                    &CONDITIONAL,
                    cx.key_pos(&["instrumentation_class".to_owned()]),
                    format!(
                        "`key_path` `{}` is one of GitLab's grandfathered legacy redis_hll metrics, which must not also declare `instrumentation_class: RedisHLLMetric` (GitLab's schema accepts exactly one of the two)",
                        show(&key_path)
                    ),
                );
            } else {
                push(
                    out,
                    &CONDITIONAL,
                    cx.pos(&path),
                    format!("`{field}` matches more than one alternative of GitLab's schema"),
                );
            }
        }
        // Keywords our schemas do not use; kept so a future schema change still reports something.
        _ => push(
            out,
            &CONDITIONAL,
            cx.pos(&path),
            format!("`{}`: {error}", if field.is_empty() { "." } else { &field }),
        ),
    }
}

fn required(
    cx: &Context<'_>,
    error: &ValidationError<'_>,
    path: &[String],
    field: &str,
    name: &str,
    out: &mut Vec<Finding>,
) {
    let pos = cx.pos(path);
    let (file, _) = origin(error);
    if conditional(error) && path.is_empty() {
        let message = match (file.as_str(), name) {
            (_, "removed_by_url") => format!(
                "`removed_by_url` is required when `status` is `removed`: the merge request that removed the {}",
                cx.kind_name()
            ),
            (_, "milestone_removed") => "`milestone_removed` is required when `status` is `removed`: the milestone it was removed in, like \"17.9\"".into(),
            (_, "repair_issue_url") => {
                "`repair_issue_url` is required when `status` is `broken`: the issue about repairing the metric".into()
            }
            (_, "events") => {
                "`events` is required when `data_source` is `internal_events`: list the events the metric counts".into()
            }
            (_, "product_categories") => format!(
                "`product_categories` is required for an active metric: list the feature categories it measures (list: {})",
                cx.schemas.feature_categories_source
            ),
            _ => format!("`{name}` is required here"),
        };
        return push(out, &CONDITIONAL, pos, message);
    }
    if path.is_empty() {
        let hint = match name {
            "milestone" => " (the milestone it was introduced in, as a quoted string like \"17.4\")",
            "tiers" => " (the tiers where it is available, e.g. [free, premium, ultimate])",
            "introduced_by_url" => " (the merge request that adds it)",
            "data_category" => " (operational, optional, subscription or standard)",
            "value_type" => " (string, number, boolean or object)",
            "time_frame" => " (7d, 28d, all or none, or a list of 7d, 28d, all)",
            "status" => " (active, broken or removed)",
            "data_source" => " (internal_events for new metrics)",
            _ => "",
        };
        let message = if name == "product_group" {
            format!(
                "`product_group` is missing; add `product_group`: GitLab's schema requires it in every {} definition (the owning group, list: {})",
                cx.kind_name(),
                cx.schemas.product_groups_source
            )
        } else {
            format!(
                "`{name}` is missing; add `{name}`: GitLab's schema requires it in every {} definition{hint}",
                cx.kind_name()
            )
        };
        push(out, &REQUIRED, pos, message)
    } else {
        // At the key that holds the mapping (`label:`), not under the mapping's first key, which
        // has nothing to do with what is missing; a list entry has no key, so its first line.
        let pos = match path.last() {
            Some(last) if !last.chars().all(|c| c.is_ascii_digit()) => cx.key_pos(path),
            _ => pos,
        };
        push(out, &REQUIRED, pos, format!("`{field}` is missing `{name}`: add `{name}`"))
    }
}

/// How many unexpected keys of one mapping get a finding each.
const MAX_UNKNOWN_KEYS_NAMED: usize = 20;

fn unknown_key(
    cx: &Context<'_>,
    error: &ValidationError<'_>,
    path: &[String],
    field: &str,
    key: &str,
    out: &mut Vec<Finding>,
) {
    let mut key_path = path.to_vec();
    key_path.push(key.to_owned());
    let pos = cx.key_pos(&key_path);
    let allowed = allowed_keys(cx, error);
    if path.is_empty() {
        let legacy = match cx.kind {
            FileKind::Event => LEGACY_EVENT_KEYS,
            FileKind::Metric => LEGACY_METRIC_KEYS,
        };
        let message = if let Some((_, advice)) = legacy.iter().find(|(k, _)| *k == key) {
            format!("`{key}` is not allowed in {} (removed from GitLab's schema{advice})", cx.a_definition())
        } else {
            format!(
                "`{key}` is not a field of {} definitions{}",
                cx.kind_name(),
                suggest::closest(key, allowed.iter().map(String::as_str))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_else(|| " (GitLab's schema allows no other keys)".into())
            )
        };
        push(out, &UNKNOWN_KEY, pos, message)
    } else {
        let allowed_text =
            if allowed.is_empty() { String::new() } else { format!("; allowed: {}", allowed.join(", ")) };
        push(out, &UNKNOWN_KEY, pos, format!("`{field}` does not allow the key `{key}`{allowed_text}"))
    }
}

/// The keys the schema object holding the failed `additionalProperties` declares.
fn allowed_keys(cx: &Context<'_>, error: &ValidationError<'_>) -> Vec<String> {
    let location = error.absolute_keyword_location().map(|u| u.as_str().to_owned()).unwrap_or_default();
    let (file, fragment) = location.split_once('#').unwrap_or((&location, ""));
    let Some(document) = cx.schemas.document(file) else { return Vec::new() };
    let parent = fragment.strip_suffix("/additionalProperties").unwrap_or(fragment);
    document
        .pointer(parent)
        .and_then(|schema| schema.get("properties"))
        .and_then(Json::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default()
}

fn type_error(
    cx: &Context<'_>,
    error: &ValidationError<'_>,
    path: &[String],
    field: &str,
    kind: &TypeKind,
    instance: &Json,
    out: &mut Vec<Finding>,
) {
    let expected: Vec<JsonType> = match kind {
        TypeKind::Single(ty) => vec![*ty],
        TypeKind::Multiple(set) => set.iter().collect(),
    };
    if expected == [JsonType::Null] && conditional(error) {
        // status: active with removal facts
        // (https://gitlab.com/gitlab-org/gitlab/-/blob/master/config/events/schema.json).
        return push(
            out,
            &CONDITIONAL,
            cx.key_pos(path),
            format!(
                "`{field}` must be left out while `status` is `active`; set `status: removed` if the {} was removed",
                cx.kind_name()
            ),
        );
    }
    let pos = cx.pos(path);
    let wants_string = expected.contains(&JsonType::String);
    let message = match instance {
        Json::Number(_) | Json::Bool(_) if wants_string => {
            let written = cx.source_token(pos).map(str::to_owned).unwrap_or_else(|| show(instance));
            let read_as = if instance.is_number() { "a number" } else { "a boolean" };
            if written == show(instance) {
                format!("`{field}` must be a string, but YAML reads `{written}` as {read_as}; quote it: \"{written}\"")
            } else {
                format!(
                    "`{field}` must be a string, but YAML reads `{written}` as {read_as} ({}); quote it: \"{written}\"",
                    show(instance)
                )
            }
        }
        _ if expected == [JsonType::Object]
            && cx.kind == FileKind::Event
            && path.first().is_some_and(|p| p == "additional_properties") =>
        {
            let what = if path.len() == 1 {
                "a mapping of property names to {description: ...}"
            } else {
                "{description: ...}"
            };
            format!("`{field}` must be {what}, found {}", json_type_name(instance))
        }
        _ => {
            let words: Vec<&str> = expected.iter().map(|t| type_word(*t)).collect();
            format!("`{field}` must be {}, found {}", words.join(" or "), json_type_name(instance))
        }
    };
    push(out, &TYPE, pos, message)
}

fn enum_error(
    cx: &Context<'_>,
    path: &[String],
    field: &str,
    options: &[Json],
    instance: &Json,
    out: &mut Vec<Finding>,
) {
    let pos = cx.pos(path);
    let value = show(instance);
    if path == ["product_group"] {
        let hint = match instance.as_str() {
            Some(name) => {
                // Old definitions wrote the group label (`group::source code`); the list has
                // `source_code`.
                let name = name.strip_prefix("group::").unwrap_or(name).trim().to_lowercase().replace(' ', "_");
                let known = cx.schemas.product_groups.iter().map(String::as_str);
                if cx.schemas.product_groups.contains(&name) && Some(name.as_str()) != instance.as_str() {
                    format!("; did you mean `{name}`?")
                } else {
                    did_you_mean(&name, known)
                }
            }
            None => String::new(),
        };
        return push(
            out,
            &PRODUCT_GROUP,
            pos,
            format!(
                "`product_group` `{value}` is not a known product group (list: {}){hint}",
                cx.schemas.product_groups_source
            ),
        );
    }
    let mut message = if instance.is_null() {
        format!("`{field}` is empty; use one of: {}", list(options))
    } else {
        format!("`{field}` `{value}` is not allowed; use one of: {}", list(options))
    };
    if let Some(lower) = instance.as_str().map(str::to_lowercase)
        && lower != value
        && options.iter().any(|o| o.as_str() == Some(lower.as_str()))
    {
        message.push_str(" (lower case)");
    } else if let Some(name) = instance.as_str() {
        message.push_str(&did_you_mean(name, options.iter().filter_map(Json::as_str)));
    }
    if path.len() == 1 && !root_required(cx).iter().any(|r| r == &path[0]) {
        message.push_str(", or leave the key out");
    }
    push(out, &ENUM, pos, message)
}

fn root_required(cx: &Context<'_>) -> Vec<String> {
    cx.schemas
        .root_document(cx.kind)
        .and_then(|d| d.get("required"))
        .and_then(Json::as_array)
        .map(|r| r.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

fn format_error(cx: &Context<'_>, path: &[String], field: &str, format: &str, instance: &Json, out: &mut Vec<Finding>) {
    let pos = cx.pos(path);
    let value = show(instance);
    match format {
        "uri" => {
            // `introduced_by_url: TODO` is what GitLab's generator writes until the merge request
            // exists; GitLab's schema rejects it (a URI needs a scheme). It has a rule of its own
            // so its help can name the merge request's URL, and `apply` can expect it.
            if path == ["introduced_by_url"] && instance.as_str().is_some_and(|s| s.trim() == "TODO") {
                return push(
                    out,
                    &INTRODUCED_BY_URL_TODO,
                    pos,
                    "`introduced_by_url` is still `TODO`; set it to the merge request URL".to_owned(),
                );
            }
            let what = if path.last().is_some_and(|l| l == "repair_issue_url") { "issue" } else { "merge request" };
            push(
                out,
                &FORMAT,
                pos,
                format!(
                    "`{field}` `{value}` is not a full URL; use the address of the {what}, like https://gitlab.com/gitlab-org/gitlab/-/{}",
                    if what == "issue" { "issues/1" } else { "merge_requests/1" }
                ),
            )
        }
        "known_product_category" => {
            let hint = instance
                .as_str()
                .map(|name| did_you_mean(name, cx.schemas.feature_categories.iter().map(String::as_str)))
                .unwrap_or_default();
            push(
                out,
                &PRODUCT_CATEGORY,
                pos,
                format!(
                    "`{field}` `{value}` is not a known product category (list: {}){hint}",
                    cx.schemas.feature_categories_source
                ),
            )
        }
        other => push(out, &FORMAT, pos, format!("`{field}` `{value}` is not a valid {other}")),
    }
}

/// Translate the errors of one alternative of an `anyOf`/`oneOf`.
fn translate_branch(cx: &Context<'_>, branch: &[ValidationError<'static>], out: &mut Vec<Finding>) {
    for error in branch {
        translate(error, cx, out);
    }
}

/// The alternative with the fewest errors: the one the author most likely meant.
fn closest<'c>(context: &'c [Vec<ValidationError<'static>>]) -> &'c [ValidationError<'static>] {
    context.iter().filter(|b| !b.is_empty()).min_by_key(|b| b.len()).map(Vec::as_slice).unwrap_or_default()
}

fn any_of(
    cx: &Context<'_>,
    error: &ValidationError<'_>,
    path: &[String],
    field: &str,
    context: &[Vec<ValidationError<'static>>],
    instance: &Json,
    out: &mut Vec<Finding>,
) {
    let (file, _) = origin(error);
    match file.as_str() {
        "metric/unique_time_frame.json" => {
            let value = match instance {
                Json::Array(items) => list(items),
                other => show(other),
            };
            push(
                out,
                &CONDITIONAL,
                cx.pos(path),
                format!("`time_frame` `{value}` is not allowed for a unique count; use 7d and/or 28d"),
            )
        }
        "metric/redis.json" => data_source_branch(cx, "redis", "RedisMetric", context.first(), out),
        _ => {
            let before = out.len();
            translate_branch(cx, closest(context), out);
            if out.len() == before {
                push(
                    out,
                    &CONDITIONAL,
                    cx.pos(path),
                    format!("`{field}` matches none of the forms GitLab's schema allows"),
                );
            }
        }
    }
}

fn one_of(
    cx: &Context<'_>,
    error: &ValidationError<'_>,
    path: &[String],
    field: &str,
    context: &[Vec<ValidationError<'static>>],
    instance: &Json,
    out: &mut Vec<Finding>,
) {
    let (file, _) = origin(error);
    if file == "metric.schema.json" && path.first().is_some_and(|p| p == "time_frame") {
        let pos = cx.pos(path);
        return match instance {
            Json::String(value) => push(
                out,
                &ENUM,
                pos,
                format!(
                    "`{field}` `{value}` is not allowed; use one of: 7d, 28d, all, none (or a list of 7d, 28d, all)"
                ),
            ),
            Json::Array(_) => translate_branch(cx, context.get(1).map(Vec::as_slice).unwrap_or_default(), out),
            other => push(
                out,
                &TYPE,
                pos,
                format!(
                    "`{field}` must be 7d, 28d, all or none, or a list of 7d, 28d, all; found {}",
                    json_type_name(other)
                ),
            ),
        };
    }
    if file == "metric/redis_hll.json" {
        return data_source_branch(cx, "redis_hll", "RedisHLLMetric", context.first(), out);
    }
    let before = out.len();
    translate_branch(cx, closest(context), out);
    if out.len() == before {
        push(out, &CONDITIONAL, cx.pos(path), format!("`{field}` matches none of the forms GitLab's schema allows"));
    }
}

/// A `redis`/`redis_hll` metric that fails its data source's rule: describe the alternative that
/// new metrics use (the instrumentation class and its options), in that data source's words.
fn data_source_branch(
    cx: &Context<'_>,
    data_source: &str,
    class: &str,
    branch: Option<&Vec<ValidationError<'static>>>,
    out: &mut Vec<Finding>,
) {
    let exception = if data_source == "redis" {
        "unless the metric is removed"
    } else {
        "unless its key_path is a grandfathered legacy path"
    };
    for error in branch.map(Vec::as_slice).unwrap_or_default() {
        let path = cx.path(error);
        match error.kind() {
            ValidationErrorKind::Required { property } if path.is_empty() => {
                let name = property.as_str().unwrap_or_default();
                let what = if name == "options" {
                    format!("`options` is required for a `{data_source}` metric with `instrumentation_class: {class}`")
                } else {
                    format!("`{name}: {class}` is required for a `{data_source}` metric ({exception})")
                };
                push(out, &CONDITIONAL, cx.pos(&path), what);
            }
            ValidationErrorKind::Constant { .. } => push(
                out,
                &CONDITIONAL,
                cx.pos(&path),
                format!(
                    "`{}` must be `{class}` for a `{data_source}` metric ({exception}), found `{}`",
                    cx.field(&path),
                    show(error.instance())
                ),
            ),
            _ => {
                let mut found = Vec::new();
                translate(error, cx, &mut found);
                for mut finding in found {
                    finding.message.push_str(&format!(" (for a `{data_source}` metric)"));
                    out.push(finding);
                }
            }
        }
    }
}
