//! What each metric would count from the events a collector received: the view of GitLab's
//! Internal Events Monitor
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/monitor.rb),
//! computed from the events themselves instead of Redis, so no GitLab needs to run.
//!
//! The events are read in Snowplow Micro's shape (`/micro/good`, `/micro/bad`), so any
//! collector with that API works, this one or Snowplow Micro.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::{FilterValue, MetricDefinition, MetricEvent, Operator, TimeFrame, UniqueBy};
use crate::repository::Repository;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// One structured event as the monitor shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observed {
    pub action: String,
    /// When it happened, ms since the epoch: the tracker's `dtm` (GitLab's mock collector puts
    /// it in `collector_tstamp`), else when it was received.
    pub timestamp_ms: i64,
    pub collector_tstamp: Option<String>,
    pub category: Option<String>,
    pub user_id: Value,
    pub namespace_id: Value,
    pub project_id: Value,
    pub plan: Value,
    pub label: Option<String>,
    pub property: Option<String>,
    pub value: Value,
    pub extra: Value,
    /// `None` when the collector gives no verdict (Snowplow Micro, GitLab's server.rb).
    pub good: Option<bool>,
    pub reasons: Vec<String>,
    /// The collector's receipt order, when it has one (new rows are the higher ones).
    pub id: Option<u64>,
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn timestamp(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

impl Observed {
    /// A structured event from a `/micro/good` or `/micro/bad` entry; `None` for other kinds.
    pub fn from_micro(entry: &Value, now_ms: i64) -> Option<Observed> {
        let event = entry.get("event")?;
        let action = text(event.get("se_action"))?;
        let standard: Option<&Map<String, Value>> =
            event.pointer("/contexts/data").and_then(Value::as_array).and_then(|contexts| {
                contexts
                    .iter()
                    .find(|c| {
                        c.get("schema")
                            .and_then(Value::as_str)
                            .is_some_and(|s| s.starts_with(super::decode::STANDARD_CONTEXT_PREFIX))
                    })
                    .and_then(|c| c.get("data"))
                    .and_then(Value::as_object)
            });
        let field = |name: &str| standard.and_then(|s| s.get(name)).cloned().unwrap_or(Value::Null);
        let verdict = entry.get("eventdef");
        let timestamp_ms = timestamp(event.get("collector_tstamp"))
            .or_else(|| timestamp(event.get("dvce_created_tstamp")))
            .or_else(|| timestamp(entry.pointer("/rawEvent/parameters/dtm")))
            .or_else(|| timestamp(verdict.and_then(|v| v.get("received_at"))))
            .unwrap_or(now_ms);
        Some(Observed {
            action,
            timestamp_ms,
            collector_tstamp: text(event.get("collector_tstamp")),
            category: text(event.get("se_category")),
            user_id: field("user_id"),
            namespace_id: field("namespace_id"),
            project_id: field("project_id"),
            plan: field("plan"),
            label: text(event.get("se_label")),
            property: text(event.get("se_property")),
            value: event.get("se_value").cloned().unwrap_or(Value::Null),
            extra: field("extra"),
            good: verdict.and_then(|v| v.get("good")).and_then(Value::as_bool),
            reasons: verdict
                .and_then(|v| v.get("reasons"))
                .and_then(Value::as_array)
                .map(|rs| {
                    rs.iter()
                        .map(|r| {
                            format!(
                                "{}: {}",
                                text(r.get("code")).unwrap_or_default(),
                                text(r.get("message")).unwrap_or_default()
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            id: verdict.and_then(|v| v.get("id")).and_then(Value::as_u64),
        })
    }

    fn number_value(&self) -> Option<f64> {
        match &self.value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The event's value of a metric filter's key: `label`, `property`, `value`, or a custom
    /// additional property (in the standard context's `extra`).
    fn property(&self, name: &str) -> Value {
        match name {
            "label" => self.label.clone().map_or(Value::Null, Value::String),
            "property" => self.property.clone().map_or(Value::Null, Value::String),
            "value" => self.value.clone(),
            custom => self.extra.get(custom).cloned().unwrap_or(Value::Null),
        }
    }

    /// What a unique metric counts distinct values of; `None` when the event lacks it (GitLab's
    /// HyperLogLog counters skip nil).
    fn unique_key(&self, by: UniqueBy) -> Option<String> {
        let value = match by {
            UniqueBy::UserId => self.user_id.clone(),
            UniqueBy::ProjectId => self.project_id.clone(),
            UniqueBy::NamespaceId => self.namespace_id.clone(),
            UniqueBy::Label => self.property("label"),
            UniqueBy::Property => self.property("property"),
            UniqueBy::Value => self.property("value"),
        };
        match value {
            Value::Null => None,
            Value::String(s) => Some(s),
            other => Some(other.to_string()),
        }
    }
}

fn filter_matches(expected: &FilterValue, actual: &Value) -> bool {
    match (expected, actual) {
        (FilterValue::String(e), Value::String(a)) => e == a,
        (FilterValue::String(e), Value::Number(a)) => *e == a.to_string(),
        (FilterValue::Int(e), Value::Number(a)) => a.as_f64() == Some(*e as f64),
        (FilterValue::Float(e), Value::Number(a)) => a.as_f64() == Some(*e),
        (FilterValue::Int(e), Value::String(a)) => a.trim().parse::<f64>().ok() == Some(*e as f64),
        (FilterValue::Float(e), Value::String(a)) => a.trim().parse::<f64>().ok() == Some(*e),
        _ => false,
    }
}

fn rule_matches(rule: &MetricEvent, event: &Observed) -> bool {
    rule.name == event.action
        && rule.filter.iter().all(|(key, expected)| filter_matches(expected, &event.property(key)))
}

/// One row of the RELEVANT METRICS table: one effective key path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricRow {
    pub key_path: String,
    /// The definition file, repository-relative.
    pub definition: String,
    pub events: Vec<String>,
    pub time_frame: &'static str,
    /// What distinct values are counted (`user.id`, ...); `None` for a total.
    pub unique: Option<&'static str>,
    /// `sum(value)` when the metric sums values.
    pub operator: Option<&'static str>,
    /// The filters, per event, as written (`label=export`).
    pub filters: Vec<String>,
    /// What the metric would report from the received events.
    pub value: Value,
}

fn window_start(frame: TimeFrame, now_ms: i64) -> Option<i64> {
    match frame {
        TimeFrame::Week => Some(now_ms - 7 * DAY_MS),
        TimeFrame::Month => Some(now_ms - 28 * DAY_MS),
        TimeFrame::All | TimeFrame::None => None,
    }
}

/// The value of `metric` over `frame` from `events`: events of its rules (filters applied)
/// in the rolling window ending `now_ms`; distinct values of its `unique` key, the sum of
/// `value` for `sum(value)`, else the number of events.
pub fn metric_value(metric: &MetricDefinition, frame: TimeFrame, events: &[Observed], now_ms: i64) -> Value {
    let start = window_start(frame, now_ms);
    let selected = events
        .iter()
        .filter(|e| start.is_none_or(|s| e.timestamp_ms >= s))
        .filter(|e| metric.events().iter().any(|rule| rule_matches(rule, e)));
    if let Some(by) = metric.unique_by() {
        let distinct: HashSet<String> = selected.filter_map(|e| e.unique_key(by)).collect();
        return Value::from(distinct.len());
    }
    if metric.is_sum() {
        let sum: f64 = selected.filter_map(Observed::number_value).sum();
        return if sum.fract() == 0.0 && sum.abs() < 9e15 { Value::from(sum as i64) } else { Value::from(sum) };
    }
    Value::from(selected.count())
}

/// The metrics (not removed) counting any of `actions`, one row per effective key path, in
/// key-path order, with their values from `events`.
pub fn relevant_metrics(repo: &Repository, actions: &[String], events: &[Observed], now_ms: i64) -> Vec<MetricRow> {
    let mut rows: Vec<MetricRow> = repo
        .metrics
        .iter()
        .filter(|m| actions.iter().any(|a| m.def.counts_event(a)))
        .flat_map(|m| {
            let def = &m.def;
            let path = repo.file(m.file).path.clone();
            def.effective_key_paths().into_iter().map(move |(frame, key_path)| MetricRow {
                key_path,
                definition: path.clone(),
                events: def.events().iter().map(|e| e.name.clone()).collect(),
                time_frame: frame.as_str(),
                unique: def.unique_by().map(UniqueBy::as_str),
                operator: def.is_sum().then_some(Operator::SumValue.as_str()),
                filters: def
                    .events()
                    .iter()
                    .flat_map(|e| e.filter.iter().map(move |(k, v)| format!("{}: {k}={v}", e.name)))
                    .collect(),
                value: metric_value(def, frame, events, now_ms),
            })
        })
        .collect();
    rows.sort_by(|a, b| a.key_path.cmp(&b.key_path));
    rows
}
