//! Plan files: every answer the wizard takes, written down so definitions can be reviewed,
//! replayed and made without a terminal (`eventdef apply`). The wizard saves one with
//! `--save-plan`. The JSON Schema is `schemas/plan.schema.json`; the README's "Plans" section
//! documents every key, the defaults and the copy rules.
//!
//! ```yaml
//! milestone: '17.2'                               # optional; else --milestone, else VERSION
//! events:
//!   - action: internal_events_cli_used          # the keys of an event definition file
//!     description: Engineer uses Internal Event CLI to define a new event
//!     identifiers: [project, namespace, user]
//!     additional_properties:
//!       label: {description: TODO}
//!     product_group: analytics_instrumentation
//!     product_categories: [service_ping]
//!     tiers: [free, premium, ultimate]
//! metrics:
//!   - events: [internal_events_cli_used]          # or {name, filter: {label: [a, b]}} entries
//!     count: unique                               # total | unique | sum
//!     unique_by: user                             # user | project | namespace | label | property | value
//!     time_frames: [28d, 7d]                      # default: [28d, 7d, all]; unique: [28d, 7d]
//!     description: Count of unique users who defined an internal event using the CLI
//!   - database: {instrumentation_class: CountIssuesMetric}
//!     name: issues_count                          # the key path of a database metric
//!     time_frames: [7d, 28d]
//!     description: Count of issues
//!     product_group: analytics_instrumentation
//!     product_categories: [service_ping]
//!     tiers: [premium, ultimate]
//! ```
//!
//! [`file::parse_plan`] reads a file; [`apply::resolve`] turns a plan into files (applying the
//! generator's rules and the validator); [`apply::write`] writes them all or none.

pub mod apply;
mod check;
pub mod file;
pub mod next_steps;
mod resolve;
mod write;

pub use apply::{PlanProblem, PlannedDefinition, PlannedFile};
pub use file::parse_plan;
pub use next_steps::next_steps;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::model::{AdditionalProperty, Identifier, Tier, TimeFrame, UniqueBy};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Milestone for every definition that does not give one (default: the repository's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<PlanEvent>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<PlanMetric>,
}

/// An event to create: the keys of an event definition file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanEvent {
    pub action: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub additional_properties: IndexMap<String, AdditionalProperty>,
    pub product_group: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub product_categories: Vec<String>,
    /// Default `TODO`, as the generator writes when the MR is not known yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduced_by_url: Option<String>,
    pub tiers: Vec<Tier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
}

/// What a metric counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Count {
    Total,
    Unique,
    Sum,
}

/// What a unique metric counts distinct values of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UniqueKey {
    User,
    Project,
    Namespace,
    Label,
    Property,
    Value,
}

impl UniqueKey {
    /// The definition's `unique:` value for this key (`user` → `user.id`).
    pub fn unique_by(self) -> UniqueBy {
        match self {
            UniqueKey::User => UniqueBy::UserId,
            UniqueKey::Project => UniqueBy::ProjectId,
            UniqueKey::Namespace => UniqueBy::NamespaceId,
            UniqueKey::Label => UniqueBy::Label,
            UniqueKey::Property => UniqueBy::Property,
            UniqueKey::Value => UniqueBy::Value,
        }
    }
}

impl From<UniqueBy> for UniqueKey {
    fn from(by: UniqueBy) -> Self {
        match by {
            UniqueBy::UserId => UniqueKey::User,
            UniqueBy::ProjectId => UniqueKey::Project,
            UniqueBy::NamespaceId => UniqueKey::Namespace,
            UniqueBy::Label => UniqueKey::Label,
            UniqueBy::Property => UniqueKey::Property,
            UniqueBy::Value => UniqueKey::Value,
        }
    }
}

/// An event a metric counts: its name, or its name with filter values per property.
/// Several values for one property, and values for several properties, combine like the
/// wizard does: one `events:` entry per combination (the Cartesian product).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PlanMetricEvent {
    Name(String),
    Filtered {
        name: String,
        #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
        filter: IndexMap<String, FilterValues>,
    },
}

impl PlanMetricEvent {
    pub fn name(&self) -> &str {
        match self {
            PlanMetricEvent::Name(n) => n,
            PlanMetricEvent::Filtered { name, .. } => name,
        }
    }
}

/// One filter value or a list of alternatives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FilterValues {
    One(crate::model::FilterValue),
    Many(Vec<crate::model::FilterValue>),
}

/// A database metric: recorded by an instrumentation class, not counted from events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseMetric {
    pub instrumentation_class: String,
}

/// A metric to create, said semantically (never as menu positions).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanMetric {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<PlanMetricEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<Count>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_by: Option<UniqueKey>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_frames: Option<Vec<TimeFrame>>,
    /// Replaces the events part of the key (required when filtered, too long, or taken);
    /// for database metrics, the whole key path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The full description as written to the file.
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<DatabaseMetric>,
    /// Ownership fields; absent ones are copied from the events when they agree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_categories: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduced_by_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<Tier>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
}
