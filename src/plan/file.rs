//! Reading a plan file: our YAML parser (positions, Psych typing), then the plan's JSON Schema
//! (`schemas/plan.schema.json`) so every mistake points at `plan.yml:LINE:COL`, then serde.

use std::sync::LazyLock;

use jsonschema::error::ValidationErrorKind;

use super::{Plan, PlanProblem};
use crate::rules::schema::PLAN_SCHEMA_TEXT;
use crate::yaml::{self, Node, Position, Value};

static PLAN_VALIDATOR: LazyLock<Result<jsonschema::Validator, String>> = LazyLock::new(|| {
    let schema: serde_json::Value = serde_json::from_str(PLAN_SCHEMA_TEXT).map_err(|e| e.to_string())?;
    jsonschema::validator_for(&schema).map_err(|e| e.to_string())
});

/// Parse plan text. `source` names the file in problems (`plan.yml:3:5: ...`).
pub fn parse_plan(text: &str, source: &str) -> Result<Plan, Vec<PlanProblem>> {
    let at = |pos: Position, message: String| PlanProblem { location: format!("{source}:{pos}"), message };
    let parsed = yaml::parse(text);
    let mut problems: Vec<PlanProblem> = parsed.problems.iter().map(|p| at(p.pos, p.message.clone())).collect();
    if parsed.is_fatal() || !problems.is_empty() {
        return Err(problems);
    }
    let root = match parsed.root {
        Some(root) if !root.is_null() => root,
        // An empty plan creates nothing; that is valid.
        _ => return Ok(Plan::default()),
    };
    let json = root.to_json();
    let validator = match &*PLAN_VALIDATOR {
        Ok(v) => v,
        Err(e) => return Err(vec![PlanProblem { location: source.into(), message: format!("plan schema: {e}") }]),
    };
    for error in validator.iter_errors(&json) {
        let path: Vec<String> = error.instance_path().iter().map(|s| s.to_string()).collect();
        let node = root.locate(&path);
        let (pos, message) = describe(&error, node, &path);
        problems.push(at(pos, message));
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| a.location.cmp(&b.location));
        problems.dedup();
        return Err(problems);
    }
    let mut plan: Plan = serde_json::from_value(json)
        .map_err(|e| vec![PlanProblem { location: source.into(), message: e.to_string() }])?;
    keep_property_order(&mut plan, &root);
    Ok(plan)
}

/// JSON objects forget key order; additional properties are written in the order given.
fn keep_property_order(plan: &mut Plan, root: &Node) {
    let events = root.get("events").and_then(Node::as_seq).unwrap_or_default();
    for (event, node) in plan.events.iter_mut().zip(events) {
        if let Some(map) = node.get("additional_properties").and_then(Node::as_map) {
            let order: Vec<String> = map.keys().collect();
            event.additional_properties.sort_by_key(|name, _| order.iter().position(|k| k == name));
        }
    }
}

/// A schema error in the words of the plan format, at the node (or key) it is about.
fn describe(error: &jsonschema::ValidationError<'_>, node: &Node, path: &[String]) -> (Position, String) {
    let field = match path.last() {
        Some(last) if !last.chars().all(|c| c.is_ascii_digit()) => format!("`{last}`"),
        _ => "this value".to_owned(),
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let key = unexpected.first().cloned().unwrap_or_default();
            let pos = node.key_pos(&key).unwrap_or(node.pos);
            (pos, format!("unknown key `{key}`{}", known_keys_hint(path)))
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            (node.pos, format!("missing `{name}`"))
        }
        ValidationErrorKind::Type { .. } => {
            let hint = match (&node.value, path.last().map(String::as_str)) {
                (Value::Float(_) | Value::Int(_), Some("milestone")) => {
                    " (quote it: '16.6' is a milestone, 16.6 a number)"
                }
                _ => "",
            };
            (node.pos, format!("{field}: {error}{hint}"))
        }
        ValidationErrorKind::Pattern { pattern } => {
            let shown = node.as_str().map(|s| format!("`{s}`")).unwrap_or_else(|| "the value".into());
            let what = match pattern.as_str() {
                "^[a-z0-9_]+$" => "use lowercase letters, digits and underscores only",
                "^[a-zA-Z]+$" => "use letters only",
                "^<?[0-9]+\\.[0-9]+$" => "write MAJOR.MINOR, e.g. '17.2'",
                _ => "",
            };
            (
                node.pos,
                format!(
                    "{field}: {shown} does not match {pattern}{}",
                    if what.is_empty() { String::new() } else { format!(": {what}") }
                ),
            )
        }
        ValidationErrorKind::PropertyNames { error: inner } => {
            let key = inner.instance().as_str().unwrap_or_default().to_owned();
            let pos = node.key_pos(&key).unwrap_or(node.pos);
            (pos, format!("`{key}` is not a valid name: use lowercase letters, digits and underscores only"))
        }
        _ => (node.pos, format!("{field}: {error}")),
    }
}

fn known_keys_hint(path: &[String]) -> &'static str {
    let in_list = |name: &str| path.first().map(String::as_str) == Some(name) && path.len() == 2;
    if path.is_empty() {
        " (a plan has `milestone`, `events`, `metrics`)"
    } else if in_list("events") {
        " (an event has `action`, `description`, `identifiers`, `additional_properties`, `product_group`, `product_categories`, `introduced_by_url`, `tiers`, `classification`, `milestone`)"
    } else if in_list("metrics") {
        " (a metric has `events`, `count`, `unique_by`, `time_frames`, `name`, `description`, `database`, `product_group`, `product_categories`, `introduced_by_url`, `tiers`, `milestone`)"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_compiles() {
        assert!(PLAN_VALIDATOR.is_ok(), "{:?}", PLAN_VALIDATOR.as_ref().err());
    }

    #[test]
    fn problems_point_at_lines() {
        let text = "milestone: 16.6\nevents:\n- action: Bad Name\n  description: x\n  product_group: g\n  tiers: [free]\n  colour: red\nmetrics:\n- events: [x]\n";
        let problems = parse_plan(text, "plan.yml").unwrap_err();
        let shown: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.location, p.message)).collect();
        assert!(
            shown.iter().any(|s| s.starts_with("plan.yml:1:12: `milestone`") && s.contains("quote it")),
            "{shown:#?}"
        );
        assert!(shown.iter().any(|s| s.starts_with("plan.yml:3:11: `action`: `Bad Name`")), "{shown:#?}");
        assert!(shown.iter().any(|s| s.starts_with("plan.yml:7:3: unknown key `colour`")), "{shown:#?}");
        assert!(shown.iter().any(|s| s.starts_with("plan.yml:9:3: missing `description`")), "{shown:#?}");
    }

    #[test]
    fn empty_plan_is_valid() {
        assert_eq!(parse_plan("", "p.yml").unwrap(), Plan::default());
        assert_eq!(parse_plan("---\n", "p.yml").unwrap(), Plan::default());
    }

    #[test]
    fn a_full_plan_parses() {
        let text = r#"
milestone: '16.6'
events:
- action: a_b
  description: Something happens
  identifiers: [project, namespace, user]
  additional_properties:
    label: {description: TODO}
  product_group: analytics_instrumentation
  tiers: [free, premium, ultimate]
metrics:
- events: [a_b, {name: c, filter: {label: [x, y], value: 60}}]
  count: unique
  unique_by: user
  time_frames: [28d, 7d]
  name: some_name
  description: Count of unique users who do things
- database: {instrumentation_class: CountIssuesMetric}
  name: issues_count
  time_frames: [7d, 28d]
  description: Count of issues
"#;
        let plan = parse_plan(text, "p.yml").unwrap();
        assert_eq!(plan.events[0].additional_properties["label"].description, "TODO");
        assert_eq!(plan.metrics[0].events[1].name(), "c");
        assert!(plan.metrics[1].database.is_some());
    }
}
