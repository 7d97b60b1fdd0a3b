//! Plan files as YAML (`--save-plan`): the serde form of [`Plan`] written block style, short
//! scalar lists in flow style. The layout is ours (plans are read by people); every scalar is
//! written by the definition writer's emitter (`yaml::emitter`, libyaml's rules for what can be
//! plain and how to quote and escape) and our reader's typing decides what must be quoted, so a
//! plan file reads back through `plan::parse_plan` as the same plan.
//!
//! The plan's serde form is taken with `serde-content`, which keeps fields in declaration order
//! (`serde_json`'s maps sort them); the layout below is hand-written because no YAML serializer
//! writes scalars as GitLab's libyaml does, which our emitter ports.

use serde_content::{Data, Number, Serializer};

use crate::plan::Plan;
use crate::yaml::emitter::{ScalarEvent, ScalarStyle, inline_scalar, plain_allowed};
use crate::yaml::scalar::plain_is_not_string;
use crate::yaml::write::ruby_float_to_s;
use crate::yaml::{Mapping, Node, Position, Value};

const HEADER: &str = "\
# eventdef plan: what was answered in the wizard. Review it, then create the files with
#   eventdef apply THIS_FILE
";

/// The plan as YAML: its serde form as a YAML tree, written block style.
pub fn plan_to_yaml(plan: &Plan) -> String {
    let mut out = String::from(HEADER);
    let tree = Serializer::new().human_readable().serialize(plan).ok().map(|content| tree(&content));
    match tree {
        Some(Value::Map(map)) if !map.is_empty() => emit_map(&mut out, &map.entries, 0),
        _ => out.push_str("{}\n"),
    }
    out
}

/// A serde value as the YAML tree it is written from, shaped as serde's self-describing formats
/// (JSON, YAML) shape it: structs and maps as mappings, `None` and unit as null, unit variants
/// as their name, other variants as a one-entry mapping from the name.
fn tree(content: &serde_content::Value) -> Value {
    use serde_content::Value as C;
    let node = |value| Node::new(value, Position::START);
    let mapping = |entries: Vec<(Node, Node)>| Value::Map(Mapping { entries });
    match content {
        C::Unit | C::Option(None) => Value::Null,
        C::Bool(b) => Value::Bool(*b),
        C::Number(n) => number(n),
        C::Char(c) => Value::String(c.to_string()),
        C::String(s) => Value::String(s.to_string()),
        C::Bytes(bytes) => Value::Seq(bytes.iter().map(|b| node(Value::Int(i64::from(*b)))).collect()),
        C::Seq(items) | C::Tuple(items) => Value::Seq(items.iter().map(|v| node(tree(v))).collect()),
        C::Map(entries) => mapping(entries.iter().map(|(k, v)| (node(tree(k)), node(tree(v)))).collect()),
        C::Option(Some(inner)) => tree(inner),
        C::Struct(s) => data(&s.data),
        C::Enum(e) => match &e.data {
            Data::Unit => Value::String(e.variant.to_string()),
            variant => mapping(vec![(node(Value::String(e.variant.to_string())), node(data(variant)))]),
        },
    }
}

fn data(content: &Data) -> Value {
    match content {
        Data::Unit => Value::Null,
        Data::NewType { value } => tree(value),
        Data::Tuple { values } => Value::Seq(values.iter().map(|v| Node::new(tree(v), Position::START)).collect()),
        Data::Struct { fields } => Value::Map(Mapping {
            entries: fields
                .iter()
                .map(|(name, value)| {
                    (
                        Node::new(Value::String(name.to_string()), Position::START),
                        Node::new(tree(value), Position::START),
                    )
                })
                .collect(),
        }),
    }
}

fn number(n: &Number) -> Value {
    let int = |i: Option<i64>| i.map_or(Value::Null, Value::Int);
    match *n {
        Number::I8(i) => Value::Int(i.into()),
        Number::I16(i) => Value::Int(i.into()),
        Number::I32(i) => Value::Int(i.into()),
        Number::I64(i) => Value::Int(i),
        Number::I128(i) => int(i64::try_from(i).ok()),
        Number::U8(i) => Value::Int(i.into()),
        Number::U16(i) => Value::Int(i.into()),
        Number::U32(i) => Value::Int(i.into()),
        Number::U64(i) => int(i64::try_from(i).ok()),
        Number::U128(i) => int(i64::try_from(i).ok()),
        Number::F32(f) => Value::Float(f.into()),
        Number::F64(f) => Value::Float(f),
        // The enum is open to new kinds; a plan holds none of them.
        _ => Value::Null,
    }
}

fn emit_map(out: &mut String, entries: &[(Node, Node)], indent: usize) {
    let pad = " ".repeat(indent);
    for (key, value) in entries {
        out.push_str(&pad);
        out.push_str(&scalar_text(&key.key_text().unwrap_or_default(), false));
        out.push(':');
        emit_value_after_key(out, value, indent);
    }
}

fn emit_value_after_key(out: &mut String, value: &Node, indent: usize) {
    match &value.value {
        Value::Map(map) if map.is_empty() => out.push_str(" {}\n"),
        Value::Map(map) => {
            out.push('\n');
            emit_map(out, &map.entries, indent + 2);
        }
        Value::Seq(items) if items.is_empty() => out.push_str(" []\n"),
        Value::Seq(items) => match flow_list(items) {
            Some(flow) if indent + flow.len() < 100 => {
                out.push(' ');
                out.push_str(&flow);
                out.push('\n');
            }
            _ => {
                out.push('\n');
                emit_list(out, items, indent + 2);
            }
        },
        _ => {
            out.push(' ');
            out.push_str(&scalar_value(value, false));
            out.push('\n');
        }
    }
}

fn emit_list(out: &mut String, items: &[Node], indent: usize) {
    let pad = " ".repeat(indent);
    for item in items {
        out.push_str(&pad);
        out.push('-');
        match &item.value {
            Value::Map(map) if !map.is_empty() => {
                // The first key goes on the dash line, the others under it.
                for (i, (key, value)) in map.entries.iter().enumerate() {
                    if i == 0 {
                        out.push(' ');
                    } else {
                        out.push_str(&" ".repeat(indent + 2));
                    }
                    out.push_str(&scalar_text(&key.key_text().unwrap_or_default(), false));
                    out.push(':');
                    emit_value_after_key(out, value, indent + 2);
                }
            }
            Value::Seq(inner) if !inner.is_empty() => {
                out.push('\n');
                emit_list(out, inner, indent + 2);
            }
            _ => emit_value_after_key(out, item, indent),
        }
    }
}

/// `[a, b]` when every item is a scalar.
fn flow_list(items: &[Node]) -> Option<String> {
    let parts: Option<Vec<String>> = items
        .iter()
        .map(|item| match item.value {
            Value::Map(_) | Value::Seq(_) => None,
            _ => Some(scalar_value(item, true)),
        })
        .collect();
    parts.map(|p| format!("[{}]", p.join(", ")))
}

fn scalar_value(node: &Node, in_flow: bool) -> String {
    match &node.value {
        Value::String(s) => scalar_text(s, in_flow),
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => ruby_float_to_s(*f),
        Value::Map(_) | Value::Seq(_) => String::new(),
    }
}

/// A string plain when libyaml can write it plain and it reads back as the same string, else
/// double-quoted; on one line either way.
fn scalar_text(text: &str, in_flow: bool) -> String {
    let style = if plain_allowed(text, in_flow) && !plain_is_not_string(text) {
        ScalarStyle::Plain
    } else {
        ScalarStyle::DoubleQuoted
    };
    let request = ScalarEvent { value: text.to_owned(), style, plain_implicit: true, quoted_implicit: true, tag: None };
    inline_scalar(&request, in_flow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AdditionalProperty, FilterValue, Identifier, Tier, TimeFrame};
    use crate::plan::{Count, FilterValues, PlanEvent, PlanMetric, PlanMetricEvent, UniqueKey};
    use indexmap::IndexMap;

    fn sample() -> Plan {
        let mut properties = IndexMap::new();
        properties.insert("label".to_owned(), AdditionalProperty { description: "TODO".into() });
        properties.insert("value".to_owned(), AdditionalProperty { description: "Time: seconds # spent".into() });
        let mut filter = IndexMap::new();
        filter.insert(
            "label".to_owned(),
            FilterValues::Many(vec![FilterValue::String("failure".into()), FilterValue::String("yes".into())]),
        );
        filter.insert("custom_key4".to_owned(), FilterValues::One(FilterValue::Float(12.4)));
        Plan {
            milestone: Some("16.6".into()),
            events: vec![PlanEvent {
                action: "internal_events_cli_used".into(),
                description: "Engineer uses Internal Event CLI to define a new event".into(),
                identifiers: vec![Identifier::Project, Identifier::Namespace, Identifier::User],
                additional_properties: properties,
                product_group: "analytics_instrumentation".into(),
                product_categories: vec!["service_ping".into()],
                introduced_by_url: Some("https://gitlab.com/gitlab-org/gitlab/-/merge_requests/143433".into()),
                tiers: vec![Tier::Free, Tier::Premium, Tier::Ultimate],
                classification: Some("duo".into()),
                milestone: None,
            }],
            metrics: vec![PlanMetric {
                events: vec![
                    PlanMetricEvent::Name("internal_events_cli_closed".into()),
                    PlanMetricEvent::Filtered { name: "internal_events_cli_used".into(), filter },
                ],
                count: Some(Count::Unique),
                unique_by: Some(UniqueKey::User),
                time_frames: Some(vec![TimeFrame::Month, TimeFrame::Week]),
                name: Some("failed_usage_attempts".into()),
                description: "Count of unique users who failed, [really]".into(),
                product_categories: Some(vec![]),
                ..PlanMetric::default()
            }],
        }
    }

    fn reads_back(plan: &Plan) -> String {
        let text = plan_to_yaml(plan);
        match crate::plan::parse_plan(&text, "plan.yml") {
            Ok(back) => assert_eq!(&back, plan, "\n{text}"),
            Err(problems) => panic!("{problems:?}\n{text}"),
        }
        text
    }

    #[test]
    fn round_trips_through_parse_plan() {
        let plan = sample();
        let text = reads_back(&plan);
        assert!(text.contains("  - action: internal_events_cli_used\n"), "{text}");
        assert!(text.contains("    identifiers: [project, namespace, user]\n"), "{text}");
        assert!(text.contains("milestone: \"16.6\"\n"), "{text}");
        assert!(text.contains("    time_frames: [28d, 7d]\n"), "{text}");
        assert!(text.contains("label: [failure, \"yes\"]"), "{text}");
        assert!(text.contains("    product_categories: []\n"), "{text}");
        // Keys in declaration order, as a definition file lists them.
        let position = |key: &str| text.find(key).unwrap_or(usize::MAX);
        assert!(position("milestone:") < position("events:"), "{text}");
        assert!(position("action:") < position("description: Engineer"), "{text}");
        assert!(position("  - events:") < position("    count:"), "{text}");
    }

    #[test]
    fn tricky_text_reads_back() {
        let tricky = [
            "a: b",
            "x #y",
            "- item",
            "#hash",
            "yes",
            "No",
            "null",
            "~",
            "16.6",
            "0x10",
            "1_000",
            "12:30",
            " lead",
            "trail ",
            "two\nlines",
            "tab\there",
            "quote \" and ' apostrophe",
            "[x]",
            "{y}",
            "a, b",
            "@at",
            "`tick",
            "emoji 😀",
            "\u{85}next",
            "2024-01-31",
            "<<",
            "!tag",
            "&anchor",
            "*alias",
            "%pct",
        ];
        for text in tricky {
            let mut plan = sample();
            plan.events[0].description = text.to_owned();
            plan.events[0].product_categories = vec![text.to_owned(), "plain".into()];
            plan.events[0]
                .additional_properties
                .insert("custom".into(), AdditionalProperty { description: text.into() });
            plan.metrics[0].description = text.to_owned();
            if let PlanMetricEvent::Filtered { filter, .. } = &mut plan.metrics[0].events[1] {
                let values = vec![FilterValue::String(text.into()), FilterValue::String("b".into())];
                filter.insert("custom".into(), FilterValues::Many(values));
            }
            reads_back(&plan);
        }
    }

    #[test]
    fn empty_plan_is_an_empty_mapping() {
        assert!(plan_to_yaml(&Plan::default()).ends_with("{}\n"));
    }
}
