//! The files GitLab's generator writes for a definition: its fields, in GitLab's key order,
//! handed to the Psych writer of [`crate::yaml::write`].
//!
//! The key order is the one GitLab's generator writes (the `Event` and `Metric` classes of
//! https://gitlab.com/gitlab-org/gitlab/-/tree/master/scripts/internal_events/cli). Fields the
//! generator never sets are placed where GitLab's own files keep them, so a definition read and
//! written again keeps its shape:
//! * events: `category` before `action`, `extra_properties` and `iglu_schema_url` around
//!   `identifiers`/`additional_properties`, `milestone_removed` after `milestone`,
//!   `removed_by_url` after `introduced_by_url`, `extra_tracking_classes` last;
//! * metrics: `milestone_removed` after `milestone`, `removed_by_url` and `repair_issue_url`
//!   after `introduced_by_url`, then after `instrumentation_class`: `options`,
//!   `value_json_schema`, `name`.

use super::{EventDefinition, FilterValue, MetricDefinition, MetricEvent, TimeFrameSpec};
use crate::yaml::write::{Yaml, to_yaml};

/// The file GitLab's generator writes for this event.
pub fn event_to_yaml(event: &EventDefinition) -> String {
    to_yaml(&event_yaml(event))
}

/// The file GitLab's generator writes for this metric.
pub fn metric_to_yaml(metric: &MetricDefinition) -> String {
    to_yaml(&metric_yaml(metric))
}

/// Builds a mapping, skipping absent optional fields.
#[derive(Default)]
struct MapBuilder(Vec<(String, Yaml)>);

impl MapBuilder {
    fn put(&mut self, key: &str, value: Yaml) {
        self.0.push((key.to_owned(), value));
    }

    fn opt<T>(&mut self, key: &str, value: Option<T>, to: impl FnOnce(T) -> Yaml) {
        if let Some(v) = value {
            self.put(key, to(v));
        }
    }

    fn opt_str(&mut self, key: &str, value: &Option<String>) {
        self.opt(key, value.as_deref(), Yaml::str);
    }
}

/// Event fields in the generator's order. `product_group` is always
/// written, empty when unknown, as the generator's defaults do.
pub fn event_yaml(e: &EventDefinition) -> Yaml {
    let mut m = MapBuilder::default();
    m.put("description", Yaml::str(&e.description));
    m.opt("internal_events", e.internal_events, Yaml::Bool);
    m.opt("status", e.status, |s| Yaml::str(s.as_str()));
    m.opt_str("category", &e.category);
    m.put("action", Yaml::str(&e.action));
    m.opt("extra_properties", e.extra_properties.as_ref(), Yaml::from_json);
    m.opt("identifiers", e.identifiers.as_ref(), |ids| Yaml::strings(ids.iter().map(|i| i.as_str())));
    m.opt("additional_properties", e.additional_properties.as_ref(), |props| {
        Yaml::Map(
            props
                .iter()
                .map(|(name, p)| (name.clone(), Yaml::Map(vec![("description".into(), Yaml::str(&p.description))])))
                .collect(),
        )
    });
    m.opt_str("iglu_schema_url", &e.iglu_schema_url);
    m.put("product_group", e.product_group.as_deref().map_or(Yaml::Null, Yaml::str));
    m.opt("product_categories", e.product_categories.as_ref(), Yaml::strings);
    m.opt_str("milestone", &e.milestone);
    m.opt_str("milestone_removed", &e.milestone_removed);
    m.opt_str("introduced_by_url", &e.introduced_by_url);
    m.opt_str("removed_by_url", &e.removed_by_url);
    m.put("tiers", Yaml::strings(e.tiers.iter().map(|t| t.as_str())));
    m.opt_str("classification", &e.classification);
    m.opt("extra_tracking_classes", e.extra_tracking_classes.as_ref(), Yaml::strings);
    Yaml::Map(m.0)
}

/// Metric fields in the generator's order.
pub fn metric_yaml(d: &MetricDefinition) -> Yaml {
    let mut m = MapBuilder::default();
    m.put("key_path", Yaml::str(&d.key_path));
    m.opt_str("description", &d.description);
    m.put("product_group", d.product_group.as_deref().map_or(Yaml::Null, Yaml::str));
    m.opt("product_categories", d.product_categories.as_ref(), Yaml::strings);
    m.opt("performance_indicator_type", d.performance_indicator_type.as_ref(), Yaml::strings);
    m.opt("value_type", d.value_type, |v| Yaml::str(v.as_str()));
    m.opt("status", d.status, |s| Yaml::str(s.as_str()));
    m.opt_str("milestone", &d.milestone);
    m.opt_str("milestone_removed", &d.milestone_removed);
    m.opt_str("introduced_by_url", &d.introduced_by_url);
    m.opt_str("removed_by_url", &d.removed_by_url);
    m.opt_str("repair_issue_url", &d.repair_issue_url);
    m.opt("time_frame", d.time_frame.as_ref(), |spec| match spec {
        TimeFrameSpec::Single(t) => Yaml::str(t.as_str()),
        TimeFrameSpec::List(ts) => Yaml::strings(ts.iter().map(|t| t.as_str())),
    });
    m.opt("data_source", d.data_source, |s| Yaml::str(s.as_str()));
    m.opt("data_category", d.data_category, |c| Yaml::str(c.as_str()));
    m.opt("tiers", d.tiers.as_ref(), |ts| Yaml::strings(ts.iter().map(|t| t.as_str())));
    m.opt("events", d.events.as_ref(), |events| Yaml::Seq(events.iter().map(metric_event_yaml).collect()));
    m.opt_str("instrumentation_class", &d.instrumentation_class);
    m.opt("options", d.options.as_ref(), Yaml::from_json);
    m.opt_str("value_json_schema", &d.value_json_schema);
    m.opt_str("name", &d.name);
    Yaml::Map(m.0)
}

/// One `events:` entry: `name`, `unique`, `filter` (when not empty), `operator`.
fn metric_event_yaml(e: &MetricEvent) -> Yaml {
    let mut m = MapBuilder::default();
    m.put("name", Yaml::str(&e.name));
    m.opt("unique", e.unique, |u| Yaml::str(u.as_str()));
    if !e.filter.is_empty() {
        m.put(
            "filter",
            Yaml::Map(
                e.filter
                    .iter()
                    .map(|(k, v)| {
                        let value = match v {
                            FilterValue::Int(i) => Yaml::Int(*i),
                            FilterValue::Float(f) => Yaml::Float(*f),
                            FilterValue::String(s) => Yaml::str(s),
                        };
                        (k.clone(), value)
                    })
                    .collect(),
            ),
        );
    }
    m.opt("operator", e.operator, |o| Yaml::str(o.as_str()));
    Yaml::Map(m.0)
}
