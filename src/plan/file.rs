//! Reading a plan file: our YAML parser (positions, Psych typing), then the plan's JSON Schema
//! (`schemas/plan.schema.json`) so every mistake points at `plan.yml:LINE:COL`, then serde.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use jsonschema::error::ValidationErrorKind;

use super::apply::PlanPlace;
use super::{Plan, PlanProblem};
use crate::rules::schema::PLAN_SCHEMA_TEXT;
use crate::yaml::{self, Node, Position, Value};

static PLAN_VALIDATOR: LazyLock<Result<jsonschema::Validator, String>> = LazyLock::new(|| {
    let schema: serde_json::Value = serde_json::from_str(PLAN_SCHEMA_TEXT).map_err(|e| e.to_string())?;
    jsonschema::validator_for(&schema).map_err(|e| e.to_string())
});

/// A plan file read as far as it goes: the entries whose structure is right (to be resolved),
/// the problems of the others, and where each entry is in the file. So one run reports the
/// structure problems of some entries and the meaning problems of the others together.
#[derive(Debug, Clone, Default)]
pub struct ParsedPlan {
    /// The entries with a sound structure.
    pub plan: Plan,
    /// Problems of the file and of the entries left out, placed in the file.
    pub problems: Vec<PlanProblem>,
    /// False when nothing of the plan can be trusted (bad YAML, a bad top-level key): its
    /// entries are then not resolved.
    pub entries_usable: bool,
    source: String,
    root: Option<Node>,
    /// The index in the file of each entry kept in `plan.events` and `plan.metrics`.
    event_index: Vec<usize>,
    metric_index: Vec<usize>,
    /// Actions of the events left out: a metric's problem about counting one only repeats it.
    dropped_actions: Vec<String>,
}

/// Parse plan text. `source` names the file in problems (`plan.yml:3:5: ...`). The plan when
/// every entry is sound, else every problem found.
pub fn parse_plan(text: &str, source: &str) -> Result<Plan, Vec<PlanProblem>> {
    let parsed = read_plan(text, source);
    if parsed.problems.is_empty() { Ok(parsed.plan) } else { Err(parsed.problems) }
}

/// Read a plan file as far as it goes (see [`ParsedPlan`]).
pub fn read_plan(text: &str, source: &str) -> ParsedPlan {
    let mut out = ParsedPlan { source: source.to_owned(), ..ParsedPlan::default() };
    let parsed = yaml::parse(text);
    out.problems = parsed.problems.iter().map(|p| out.at(p.pos, "", p.message.clone())).collect();
    if parsed.is_fatal() || !out.problems.is_empty() {
        out.problems.sort();
        return out;
    }
    let root = match parsed.root {
        Some(root) if !root.is_null() => root,
        // An empty plan creates nothing; that is valid.
        _ => {
            out.entries_usable = true;
            return out;
        }
    };
    let json = root.to_json();
    let validator = match &*PLAN_VALIDATOR {
        Ok(v) => v,
        Err(e) => {
            out.problems.push(PlanProblem::new("", format!("plan schema: {e}")));
            return out;
        }
    };
    let mut broken_events = BTreeSet::new();
    let mut broken_metrics = BTreeSet::new();
    let mut top_level_broken = false;
    for error in validator.iter_errors(&json) {
        let path: Vec<String> = error.instance_path().iter().map(|s| s.to_string()).collect();
        match (path.first().map(String::as_str), path.get(1).and_then(|i| i.parse::<usize>().ok())) {
            (Some("events"), Some(index)) => drop(broken_events.insert(index)),
            (Some("metrics"), Some(index)) => drop(broken_metrics.insert(index)),
            _ => top_level_broken = true,
        }
        let node = root.locate(&path);
        for (pos, message, suggestion) in describe(&error, node, &path) {
            let mut problem = out.at(pos, "", message);
            problem.suggestion = suggestion;
            out.problems.push(problem);
        }
    }
    out.entries_usable = !top_level_broken;
    // The sound entries, as a plan of their own (the schema checked their structure).
    let mut kept = json.clone();
    for (key, broken, index) in
        [("events", &broken_events, &mut out.event_index), ("metrics", &broken_metrics, &mut out.metric_index)]
    {
        if let Some(serde_json::Value::Array(items)) = kept.get_mut(key) {
            let all = std::mem::take(items);
            for (i, item) in all.into_iter().enumerate() {
                if !broken.contains(&i) {
                    index.push(i);
                    items.push(item);
                }
            }
        }
    }
    let events = root.get("events").and_then(Node::as_seq).unwrap_or_default();
    out.dropped_actions = broken_events
        .iter()
        .filter_map(|&i| events.get(i).and_then(|e| e.get("action")).and_then(Node::as_str).map(str::to_owned))
        .collect();
    match serde_json::from_value::<Plan>(kept) {
        Ok(mut plan) => {
            let kept_events: Vec<&Node> = out.event_index.iter().filter_map(|&i| events.get(i)).collect();
            keep_property_order(&mut plan, &kept_events);
            out.plan = plan;
        }
        Err(e) if out.problems.is_empty() => out.problems.push(PlanProblem::new("", e.to_string())),
        // The schema's problems already say what serde stumbled on.
        Err(_) => out.entries_usable = false,
    }
    out.root = Some(root);
    out.problems.sort();
    out.problems.dedup();
    out
}

impl ParsedPlan {
    fn at(&self, pos: Position, location: &str, message: String) -> PlanProblem {
        PlanProblem {
            place: Some(PlanPlace { file: self.source.clone(), line: pos.line, column: pos.column }),
            location: location.to_owned(),
            message,
            suggestion: None,
        }
    }

    /// Problems about the kept entries (`events[0].action`, numbered as in [`Self::plan`]),
    /// numbered as in the file and placed at the line they are about, merged with the file's own
    /// problems, in file order. A metric's problem about an event left out is dropped: the
    /// event's own problem says it.
    pub fn place(&self, problems: Vec<PlanProblem>) -> Vec<PlanProblem> {
        let mut all = self.problems.clone();
        for mut problem in problems {
            if self.dropped_actions.iter().any(|a| problem.message.contains(&format!("`{a}`"))) {
                continue;
            }
            problem.location = self.renumber(&problem.location);
            problem.message = self.renumber(&problem.message);
            if problem.place.is_none()
                && let Some(root) = &self.root
                && !problem.location.is_empty()
            {
                let path = entry_path(&problem.location);
                let pos = match path.split_last() {
                    Some((last, parent)) if !last.chars().all(|c| c.is_ascii_digit()) => {
                        let parent = root.locate(parent);
                        parent.key_pos(last).unwrap_or(parent.pos)
                    }
                    _ => root.locate(&path).pos,
                };
                problem.place = Some(PlanPlace { file: self.source.clone(), line: pos.line, column: pos.column });
            }
            all.push(problem);
        }
        all.sort();
        all.dedup();
        all
    }

    /// `events[i]` / `metrics[i]` of the kept entries, numbered as in the file.
    fn renumber(&self, text: &str) -> String {
        static ENTRY: LazyLock<regex::Regex> =
            LazyLock::new(|| regex::Regex::new(r"\b(events|metrics)\[(\d+)\]").expect("valid regex"));
        ENTRY
            .replace_all(text, |c: &regex::Captures<'_>| {
                let index: usize = c[2].parse().unwrap_or(0);
                let map = if &c[1] == "events" { &self.event_index } else { &self.metric_index };
                format!("{}[{}]", &c[1], map.get(index).copied().unwrap_or(index))
            })
            .into_owned()
    }
}

/// `metrics[1].events[0].filter` → `["metrics", "1", "events", "0", "filter"]`.
fn entry_path(location: &str) -> Vec<String> {
    location
        .split(['.', '['])
        .map(|part| part.trim_end_matches(']'))
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

/// JSON objects forget key order; additional properties are written in the order given.
fn keep_property_order(plan: &mut Plan, events: &[&Node]) {
    for (event, node) in plan.events.iter_mut().zip(events) {
        if let Some(map) = node.get("additional_properties").and_then(Node::as_map) {
            let order: Vec<String> = map.keys().collect();
            event.additional_properties.sort_by_key(|name, _| order.iter().position(|k| k == name));
        }
    }
}

/// A schema error in the words of the plan format, at the node (or key) it is about.
/// Each mistake one schema error stands for (one per unknown key): where, what, and a close
/// key when there is one.
fn describe(
    error: &jsonschema::ValidationError<'_>,
    node: &Node,
    path: &[String],
) -> Vec<(Position, String, Option<String>)> {
    if let ValidationErrorKind::AdditionalProperties { unexpected } = error.kind() {
        return unexpected
            .iter()
            .map(|key| {
                let pos = node.key_pos(key).unwrap_or(node.pos);
                let suggestion = crate::suggest::closest(key, known_keys(path).iter().copied())
                    .map(|known| format!("did you mean `{known}`?"));
                let hint = if suggestion.is_some() { "" } else { known_keys_hint(path) };
                (pos, format!("unknown key `{key}`{hint}"), suggestion)
            })
            .collect();
    }
    let (pos, message) = describe_value(error, node, path);
    vec![(pos, message, None)]
}

fn describe_value(error: &jsonschema::ValidationError<'_>, node: &Node, path: &[String]) -> (Position, String) {
    let field = match path.last() {
        Some(last) if !last.chars().all(|c| c.is_ascii_digit()) => format!("`{last}`"),
        _ => "this value".to_owned(),
    };
    match error.kind() {
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

const PLAN_KEYS: &[&str] = &["milestone", "events", "metrics"];
const EVENT_KEYS: &[&str] = &[
    "action",
    "description",
    "identifiers",
    "additional_properties",
    "product_group",
    "product_categories",
    "introduced_by_url",
    "tiers",
    "classification",
    "milestone",
];
const METRIC_KEYS: &[&str] = &[
    "events",
    "count",
    "unique_by",
    "time_frames",
    "name",
    "description",
    "database",
    "product_group",
    "product_categories",
    "introduced_by_url",
    "tiers",
    "milestone",
];

/// The keys the mapping at `path` may have, for "did you mean".
fn known_keys(path: &[String]) -> &'static [&'static str] {
    let in_list = |name: &str| path.first().map(String::as_str) == Some(name) && path.len() == 2;
    match path.len() {
        0 => PLAN_KEYS,
        _ if in_list("events") => EVENT_KEYS,
        _ if in_list("metrics") => METRIC_KEYS,
        // An additional property is `{description: ...}`; a metric's event `{name, filter}`.
        3 if path[0] == "events" && path[2] == "additional_properties" => &[],
        4 if path[0] == "events" && path[2] == "additional_properties" => &["description"],
        4 if path[0] == "metrics" && path[2] == "events" => &["name", "filter"],
        3 if path[0] == "metrics" && path[2] == "database" => &["instrumentation_class"],
        _ => &[],
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
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
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
