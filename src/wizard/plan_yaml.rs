//! Plan files as YAML (`--save-plan`): the serde form of [`Plan`] written block style, short
//! scalar lists in flow style, strings plain unless they would read back as something else.

use crate::plan::Plan;
use crate::yaml::node::format_float;
use crate::yaml::scalar::plain_is_not_string;
use crate::yaml::{Node, Value};

const HEADER: &str = "\
# eventdef plan: what was answered in the wizard. Review it, then create the files with
#   eventdef apply THIS_FILE
";

/// The plan as YAML. Goes through serde's JSON text (which keeps the fields in declaration
/// order; JSON is YAML) and our YAML reader, then writes the tree block style.
pub fn plan_to_yaml(plan: &Plan) -> String {
    let mut out = String::from(HEADER);
    let tree = serde_json::to_string(plan).ok().and_then(|json| crate::yaml::parse(&json).root);
    match tree {
        Some(Node { value: Value::Map(map), .. }) if !map.is_empty() => emit_map(&mut out, &map.entries, 0),
        _ => out.push_str("{}\n"),
    }
    out
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
        Value::Float(f) => format_float(*f),
        Value::Map(_) | Value::Seq(_) => String::new(),
    }
}

/// A string plain when it reads back as the same string, else double-quoted (JSON escapes are
/// valid YAML double-quoted escapes).
fn scalar_text(text: &str, in_flow: bool) -> String {
    if is_plain_safe(text, in_flow) { text.to_owned() } else { serde_json::Value::String(text.to_owned()).to_string() }
}

fn is_plain_safe(text: &str, in_flow: bool) -> bool {
    let Some(first) = text.chars().next() else { return false };
    if text.trim() != text || plain_is_not_string(text) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') || text.chars().any(char::is_control) {
        return false;
    }
    !(in_flow && text.contains([',', '[', ']', '{', '}']))
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

    #[test]
    fn round_trips_through_our_yaml_reader() {
        let plan = sample();
        let text = plan_to_yaml(&plan);
        let parsed = crate::yaml::parse(&text);
        assert!(parsed.problems.is_empty(), "{:?}\n{text}", parsed.problems);
        let json = parsed.root.as_ref().map(|r| r.to_json()).unwrap_or_default();
        let back: Plan = serde_json::from_value(json).expect("plan reads back");
        assert_eq!(back, plan, "\n{text}");
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
    fn empty_plan_is_an_empty_mapping() {
        assert!(plan_to_yaml(&Plan::default()).ends_with("{}\n"));
    }
}
