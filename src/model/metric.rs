//! Metric definitions (`config/metrics/**/*.yml`), every field of `base.json` and its
//! sub-schemas (https://gitlab.com/gitlab-org/gitlab/-/blob/master/config/metrics/schema/base.json)
//! in the generator's order
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/metric.rb).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::common::{Status, Tier};
use super::read::{FieldReader, Read};
use super::time_frame::{TimeFrame, TimeFrameSpec};
use crate::yaml::{Node, Value};

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}

string_enum!(DataSource {
    Database = "database",
    Redis = "redis",
    RedisHll = "redis_hll",
    Prometheus = "prometheus",
    System = "system",
    License = "license",
    InternalEvents = "internal_events",
});

string_enum!(ValueType { String = "string", Number = "number", Boolean = "boolean", Object = "object" });

string_enum!(DataCategory {
    Operational = "operational",
    Optional = "optional",
    Subscription = "subscription",
    Standard = "standard",
});

string_enum!(
    /// What a unique metric counts distinct values of (`events[].unique`).
    UniqueBy {
        UserId = "user.id",
        ProjectId = "project.id",
        NamespaceId = "namespace.id",
        Label = "label",
        Property = "property",
        Value = "value",
    }
);

string_enum!(Operator { SumValue = "sum(value)" });

/// An exact-match filter value: `label`/`property` are strings, `value` a number, custom
/// properties either.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FilterValue {
    Int(i64),
    Float(f64),
    String(String),
}

impl FilterValue {
    pub fn from_node(node: &Node) -> Option<FilterValue> {
        match &node.value {
            Value::Int(i) => Some(FilterValue::Int(*i)),
            Value::Float(f) => Some(FilterValue::Float(*f)),
            Value::String(s) => Some(FilterValue::String(s.clone())),
            _ => None,
        }
    }
}

impl std::fmt::Display for FilterValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FilterValue::Int(i) => write!(f, "{i}"),
            // As GitLab writes it in the definition file (Ruby's Float#to_s).
            FilterValue::Float(x) => f.write_str(&crate::yaml::write::ruby_float_to_s(*x)),
            FilterValue::String(s) => f.write_str(s),
        }
    }
}

/// One entry of `events:`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MetricEvent {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique: Option<UniqueBy>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub filter: IndexMap<String, FilterValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<Operator>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MetricDefinition {
    pub key_path: String,
    pub description: Option<String>,
    pub product_group: Option<String>,
    pub product_categories: Option<Vec<String>>,
    pub performance_indicator_type: Option<Vec<String>>,
    pub value_type: Option<ValueType>,
    pub status: Option<Status>,
    pub milestone: Option<String>,
    pub milestone_removed: Option<String>,
    pub introduced_by_url: Option<String>,
    pub removed_by_url: Option<String>,
    pub repair_issue_url: Option<String>,
    pub time_frame: Option<TimeFrameSpec>,
    pub data_source: Option<DataSource>,
    pub data_category: Option<DataCategory>,
    pub tiers: Option<Vec<Tier>>,
    pub events: Option<Vec<MetricEvent>>,
    pub instrumentation_class: Option<String>,
    pub options: Option<serde_json::Value>,
    pub value_json_schema: Option<String>,
    pub name: Option<String>,
}

impl MetricDefinition {
    pub fn is_removed(&self) -> bool {
        self.status == Some(Status::Removed)
    }

    pub fn events(&self) -> &[MetricEvent] {
        self.events.as_deref().unwrap_or(&[])
    }

    /// Effective key paths after time-frame expansion, as GitLab's loader sees them.
    pub fn effective_key_paths(&self) -> Vec<(TimeFrame, String)> {
        match &self.time_frame {
            Some(spec) => spec.expand(&self.key_path),
            // Without a readable time frame the file still claims its key path.
            None => vec![(TimeFrame::None, self.key_path.clone())],
        }
    }

    /// Whether this metric counts `action`: one of its events is that action and the metric is
    /// not removed (a removed metric counts nothing). The metrics `usage` lists for an event
    /// and the ones a removed event breaks.
    pub fn counts_event(&self, action: &str) -> bool {
        !self.is_removed() && self.events().iter().any(|e| e.name == action)
    }

    /// True when every event rule sums `value` (GitLab derives TotalSumMetric from the first).
    pub fn is_sum(&self) -> bool {
        self.events().first().is_some_and(|e| e.operator == Some(Operator::SumValue))
    }

    pub fn unique_by(&self) -> Option<UniqueBy> {
        self.events().first().and_then(|e| e.unique)
    }
}

impl Read for MetricDefinition {
    fn read(node: &Node) -> Option<Self> {
        let r = FieldReader::new(node)?;
        let time_frame = r.node("time_frame").and_then(|n| match &n.value {
            Value::String(s) => TimeFrame::parse(s).map(TimeFrameSpec::Single),
            Value::Seq(items) => {
                Some(TimeFrameSpec::List(items.iter().filter_map(|i| i.as_str().and_then(TimeFrame::parse)).collect()))
            }
            _ => None,
        });
        Some(MetricDefinition {
            key_path: r.string("key_path").unwrap_or_default(),
            description: r.string("description"),
            product_group: r.string("product_group"),
            product_categories: r.strings("product_categories"),
            performance_indicator_type: r.strings("performance_indicator_type"),
            value_type: r.string("value_type").and_then(|s| ValueType::parse(&s)),
            status: r.string("status").and_then(|s| Status::parse(&s)),
            milestone: r.string("milestone"),
            milestone_removed: r.string("milestone_removed"),
            introduced_by_url: r.string("introduced_by_url"),
            removed_by_url: r.string("removed_by_url"),
            repair_issue_url: r.string("repair_issue_url"),
            time_frame,
            data_source: r.string("data_source").and_then(|s| DataSource::parse(&s)),
            data_category: r.string("data_category").and_then(|s| DataCategory::parse(&s)),
            tiers: r.list("tiers", |n| n.as_str().and_then(Tier::parse)),
            events: r.list("events", |n| {
                let e = FieldReader::new(n)?;
                Some(MetricEvent {
                    name: e.string("name")?,
                    unique: e.string("unique").and_then(|s| UniqueBy::parse(&s)),
                    filter: e.map("filter", FilterValue::from_node).unwrap_or_default(),
                    operator: e.string("operator").and_then(|s| Operator::parse(&s)),
                })
            }),
            instrumentation_class: r.string("instrumentation_class"),
            options: r.json("options"),
            value_json_schema: r.string("value_json_schema"),
            name: r.string("name"),
        })
    }
}
