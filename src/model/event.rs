//! Event definitions (`config/events/*.yml`), every field of the current schema
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/config/events/schema.json) in the order
//! GitLab's generator writes them
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/event.rb).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::common::{Status, Tier};
use super::read::{FieldReader, Read};
use crate::yaml::Node;

/// Context identifiers an event can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identifier {
    Project,
    Namespace,
    User,
    FeatureEnabledByNamespaceIds,
}

impl Identifier {
    pub const ALL: [Identifier; 4] =
        [Identifier::Project, Identifier::Namespace, Identifier::User, Identifier::FeatureEnabledByNamespaceIds];

    pub fn as_str(self) -> &'static str {
        match self {
            Identifier::Project => "project",
            Identifier::Namespace => "namespace",
            Identifier::User => "user",
            Identifier::FeatureEnabledByNamespaceIds => "feature_enabled_by_namespace_ids",
        }
    }

    pub fn parse(s: &str) -> Option<Identifier> {
        Identifier::ALL.into_iter().find(|i| i.as_str() == s)
    }

    /// The seven presets of the generator, in menu order, each in the order it is written
    /// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/event_definer.rb).
    /// The last preset, no identifiers, omits the key.
    pub fn presets() -> [Vec<Identifier>; 7] {
        use Identifier::*;
        [
            vec![Project, Namespace, User],
            vec![Namespace, User],
            vec![User],
            vec![Project, Namespace],
            vec![Namespace],
            vec![FeatureEnabledByNamespaceIds, User],
            vec![],
        ]
    }
}

/// The three built-in additional properties; anything else is a custom property.
pub const BUILT_IN_PROPERTIES: [&str; 3] = ["label", "property", "value"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdditionalProperty {
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EventDefinition {
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_events: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_properties: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifiers: Option<Vec<Identifier>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<IndexMap<String, AdditionalProperty>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iglu_schema_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_categories: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone_removed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduced_by_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_by_url: Option<String>,
    #[serde(default)]
    pub tiers: Vec<Tier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_tracking_classes: Option<Vec<String>>,
}

impl EventDefinition {
    /// Internal events are the ones metrics can count; legacy Snowplow events are not.
    pub fn is_internal(&self) -> bool {
        self.internal_events == Some(true)
    }

    pub fn is_removed(&self) -> bool {
        self.status == Some(Status::Removed)
    }

    pub fn identifiers(&self) -> &[Identifier] {
        self.identifiers.as_deref().unwrap_or(&[])
    }

    pub fn property_names(&self) -> impl Iterator<Item = &str> {
        self.additional_properties.iter().flat_map(|m| m.keys().map(String::as_str))
    }

    pub fn has_property(&self, name: &str) -> bool {
        self.additional_properties.as_ref().is_some_and(|m| m.contains_key(name))
    }
}

impl Read for EventDefinition {
    /// Takes every field that has the right type; the schema rule reports the rest.
    fn read(node: &Node) -> Option<Self> {
        let r = FieldReader::new(node)?;
        Some(EventDefinition {
            description: r.string("description").unwrap_or_default(),
            internal_events: r.bool("internal_events"),
            status: r.string("status").and_then(|s| Status::parse(&s)),
            category: r.string("category"),
            action: r.string("action").unwrap_or_default(),
            extra_properties: r.json("extra_properties"),
            identifiers: r.list("identifiers", |n| n.as_str().and_then(Identifier::parse)),
            additional_properties: r.map("additional_properties", |n| {
                Some(AdditionalProperty { description: n.get("description")?.as_str()?.to_owned() })
            }),
            iglu_schema_url: r.string("iglu_schema_url"),
            product_group: r.string("product_group"),
            product_categories: r.strings("product_categories"),
            milestone: r.string("milestone"),
            milestone_removed: r.string("milestone_removed"),
            introduced_by_url: r.string("introduced_by_url"),
            removed_by_url: r.string("removed_by_url"),
            tiers: r.list("tiers", |n| n.as_str().and_then(Tier::parse)).unwrap_or_default(),
            classification: r.string("classification"),
            extra_tracking_classes: r.strings("extra_tracking_classes"),
        })
    }
}
