//! The plain data the templates see. Rust decides *what* goes in (GitLab's rules for
//! identifiers, example values, related metrics, dashboard links); the templates decide *how*
//! it looks. Every field is always present, so a template that names an unknown variable fails
//! instead of printing nothing.

use serde::Serialize;

use crate::model::candidates;
use crate::model::naming::Measure;
use crate::model::{EventDefinition, Identifier, MetricDefinition, TimeFrame};
use crate::repository::Repository;
use crate::repository::stages::Stages;

use super::escape::url_param;

/// Example values the snippets pass for additional properties
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/usage_viewer.rb).
pub const EXAMPLE_LABEL: &str = "string";
pub const EXAMPLE_PROPERTY: &str = "string";
pub const EXAMPLE_VALUE: i64 = 72;
pub const EXAMPLE_CUSTOM: &str = "custom_value";
/// Description shown for a property that has none.
pub const MISSING_DESCRIPTION: &str = "TODO";

/// Base of GitLab's Service Ping exploration dashboards in Tableau.
pub const TABLEAU_BASE: &str = "https://10az.online.tableau.com/#/site/gitlab/views/PDServicePingExplorationDashboard";

/// Settings for rendering usage snippets.
#[derive(Debug, Clone)]
pub struct UsageOptions {
    /// Width of the divider lines that frame each snippet (GitLab: the terminal width; its
    /// specs use 50).
    pub divider_width: usize,
    /// The stages file, which names each group's stage in the group dashboard links
    /// (`Stage%20Name=`). GitLab's CLI reads the handbook's `stages.yml`; without one the
    /// stage is left empty, as GitLab's CLI does offline.
    pub stages: Option<Stages>,
}

impl Default for UsageOptions {
    fn default() -> Self {
        UsageOptions { divider_width: 50, stages: None }
    }
}

/// Everything a usage template can use. See the README for the list with meanings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UsageContext {
    /// The event's action (its name).
    pub action: String,
    pub event: EventSummary,
    /// The identifiers to pass, with `namespace` dropped when `project` is present (the
    /// namespace is derived from the project).
    pub identifiers: Vec<String>,
    pub properties: Vec<PropertyExample>,
    /// Metrics counting the event, in GitLab's load order, one per effective key path.
    pub metrics: Vec<RelatedMetric>,
    /// `metrics` without the sum metrics.
    pub count_metrics: Vec<RelatedMetric>,
    /// The sum metrics (`operator: sum(value)`), which go up by the example value.
    pub sum_metrics: Vec<RelatedMetric>,
    /// True when a related metric has a 7-day time frame.
    pub has_weekly_metrics: bool,
    /// One entry per distinct product group of the related metrics, in order.
    pub metric_groups: Vec<GroupDashboard>,
    /// The event's own group (used when there are no metrics yet).
    pub event_group: GroupDashboard,
    /// The example `value` (72), also what a sum metric increases by.
    pub example_value: i64,
    /// A line of dashes framing each snippet.
    pub divider: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct EventSummary {
    pub action: String,
    pub description: String,
    pub product_group: String,
    pub product_categories: Vec<String>,
    /// All identifiers as written in the definition.
    pub identifiers: Vec<String>,
    pub tiers: Vec<String>,
    /// The definition file, relative to the repository root (empty for an unsaved event).
    pub file: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PropertyExample {
    pub name: String,
    /// The property's description, or `TODO`.
    pub description: String,
    /// `'string'` for label/property, `72` for value, `'custom_value'` for custom properties:
    /// a string or a number, so templates pick the right literal form per language.
    pub example: serde_json::Value,
    /// True for `label`, `property` and `value`.
    pub built_in: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RelatedMetric {
    /// The effective key path (with `_weekly`/`_monthly` for list time frames).
    pub key_path: String,
    /// `key_path` as written in the file.
    pub file_key_path: String,
    /// `7d`, `28d`, `all` or `none`.
    pub time_frame: String,
    pub description: String,
    pub product_group: String,
    /// `total`, `unique` or `sum`.
    pub measure: String,
    /// `user.id`, `project.id`, `label`, … for unique counts; empty otherwise.
    pub unique_by: String,
    pub is_sum: bool,
    pub file: String,
    /// Tableau "Metric Trend" dashboard for this key path.
    pub trend_url: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupDashboard {
    pub name: String,
    /// Empty when unknown (no stages list).
    pub stage: String,
    /// Tableau "Metric Exploration by Group" dashboard.
    pub url: String,
}

pub fn group_dashboard_url(group: &str, stage: &str) -> String {
    format!(
        "{TABLEAU_BASE}/MetricExplorationbyGroup?Group%20Name={}&Stage%20Name={}",
        url_param(group),
        url_param(stage)
    )
}

pub fn metric_trend_url(key_path: &str) -> String {
    format!("{TABLEAU_BASE}/MetricTrend?Metrics%20Path={}", url_param(key_path))
}

fn group_dashboard(group: &str, stages: Option<&Stages>) -> GroupDashboard {
    let stage = stages.and_then(|s| s.stage_of(group)).unwrap_or_default().to_owned();
    GroupDashboard { url: group_dashboard_url(group, &stage), name: group.to_owned(), stage }
}

/// The identifiers a snippet passes: the event's, without `namespace` when `project` is there.
pub fn example_identifiers(event: &EventDefinition) -> Vec<String> {
    let ids = event.identifiers();
    ids.iter()
        .filter(|id| !(**id == Identifier::Namespace && ids.contains(&Identifier::Project)))
        .map(|id| id.as_str().to_owned())
        .collect()
}

/// The additional properties with their example values, in file order.
pub fn example_properties(event: &EventDefinition) -> Vec<PropertyExample> {
    let Some(props) = &event.additional_properties else { return Vec::new() };
    props
        .iter()
        .map(|(name, prop)| {
            let example = match name.as_str() {
                "label" => serde_json::Value::from(EXAMPLE_LABEL),
                "property" => serde_json::Value::from(EXAMPLE_PROPERTY),
                "value" => serde_json::Value::from(EXAMPLE_VALUE),
                _ => serde_json::Value::from(EXAMPLE_CUSTOM),
            };
            let description =
                if prop.description.is_empty() { MISSING_DESCRIPTION.to_owned() } else { prop.description.clone() };
            PropertyExample {
                built_in: crate::model::event::BUILT_IN_PROPERTIES.contains(&name.as_str()),
                name: name.clone(),
                description,
                example,
            }
        })
        .collect()
}

/// Where GitLab's loader puts a metric file in its load order: `counts_all`, `counts_7d`,
/// `counts_28d`, then the same under `ee/`
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/global_state.rb).
/// Other folders, which GitLab's tool does not read, come last.
fn load_rank(path: &str) -> (bool, u8) {
    let ee = path.starts_with("ee/");
    let rest = path.strip_prefix("ee/").unwrap_or(path);
    let folder = rest.strip_prefix("config/metrics/").and_then(|r| r.split('/').next()).unwrap_or("");
    let rank = match folder {
        "counts_all" => 0,
        "counts_7d" => 1,
        "counts_28d" => 2,
        _ => 3,
    };
    (ee, rank)
}

/// The repository's non-removed metrics whose events include `action`, in GitLab's load order,
/// with the file they come from.
pub fn related_metrics<'r>(repo: &'r Repository, action: &str) -> Vec<(&'r str, &'r MetricDefinition)> {
    related_metrics_among(repo, action, 0..repo.metrics.len())
}

/// As [`related_metrics`], looking only at the metrics at `candidates` (increasing indexes into
/// `repo.metrics`): a caller building the contexts of many events indexes the metrics by event
/// once, instead of scanning every metric for every event.
pub fn related_metrics_among<'r>(
    repo: &'r Repository,
    action: &str,
    candidates: impl IntoIterator<Item = usize>,
) -> Vec<(&'r str, &'r MetricDefinition)> {
    let mut found: Vec<(&str, &MetricDefinition)> = candidates
        .into_iter()
        .filter_map(|i| repo.metrics.get(i))
        .filter(|m| m.def.counts_event(action))
        .map(|m| (repo.file(m.file).path.as_str(), &m.def))
        .collect();
    // Stable: files are already sorted by path within a rank.
    found.sort_by_key(|(path, _)| load_rank(path));
    found
}

/// `total`/`unique`/`sum` and the unique key, as the templates name them.
fn measure_of(metric: &MetricDefinition) -> (&'static str, String) {
    match candidates::measure_of(metric) {
        Measure::Sum => ("sum", String::new()),
        Measure::Unique(by) => ("unique", by.as_str().to_owned()),
        Measure::Total => ("total", String::new()),
    }
}

/// Build the context for one event's snippets.
pub fn usage_context(repo: &Repository, event: &EventDefinition, options: &UsageOptions) -> UsageContext {
    usage_context_with(repo, event, related_metrics(repo, &event.action), options)
}

/// As [`usage_context`], with the metrics counting the event already found
/// ([`related_metrics`] or [`related_metrics_among`]).
pub fn usage_context_with(
    repo: &Repository,
    event: &EventDefinition,
    related: Vec<(&str, &MetricDefinition)>,
    options: &UsageOptions,
) -> UsageContext {
    let action = event.action.clone();
    // The first definition of the action in path order.
    let file = repo.event(&action).map(|e| repo.file(e.file).path.clone()).unwrap_or_default();
    let product_group = event.product_group.clone().unwrap_or_default();

    let mut metrics = Vec::new();
    for (path, def) in related {
        let (measure, unique_by) = measure_of(def);
        let group = def.product_group.clone().unwrap_or_default();
        for (frame, key_path) in def.effective_key_paths() {
            metrics.push(RelatedMetric {
                trend_url: metric_trend_url(&key_path),
                key_path,
                file_key_path: def.key_path.clone(),
                time_frame: frame.as_str().to_owned(),
                description: def.description.clone().unwrap_or_default(),
                product_group: group.clone(),
                measure: measure.to_owned(),
                unique_by: unique_by.clone(),
                is_sum: def.is_sum(),
                file: path.to_owned(),
            });
        }
    }
    let mut metric_groups: Vec<GroupDashboard> = Vec::new();
    for m in &metrics {
        if !metric_groups.iter().any(|g| g.name == m.product_group) {
            metric_groups.push(group_dashboard(&m.product_group, options.stages.as_ref()));
        }
    }
    UsageContext {
        event: EventSummary {
            action: action.clone(),
            description: event.description.clone(),
            product_group: product_group.clone(),
            product_categories: event.product_categories.clone().unwrap_or_default(),
            identifiers: event.identifiers().iter().map(|i| i.as_str().to_owned()).collect(),
            tiers: event.tiers.iter().map(|t| t.as_str().to_owned()).collect(),
            file,
        },
        action,
        identifiers: example_identifiers(event),
        properties: example_properties(event),
        count_metrics: metrics.iter().filter(|m| !m.is_sum).cloned().collect(),
        sum_metrics: metrics.iter().filter(|m| m.is_sum).cloned().collect(),
        has_weekly_metrics: metrics.iter().any(|m| m.time_frame == TimeFrame::Week.as_str()),
        metrics,
        metric_groups,
        event_group: group_dashboard(&product_group, options.stages.as_ref()),
        example_value: EXAMPLE_VALUE,
        divider: "-".repeat(options.divider_width),
    }
}

/// Everything the issue template can use.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IssueContext {
    /// The objective text (`--objective`); empty keeps GitLab's guiding comment only.
    pub objective: String,
    pub events: Vec<IssueEvent>,
    pub metrics: Vec<IssueMetric>,
    /// Scoped group labels (`group::analytics instrumentation`), one per distinct group.
    pub group_labels: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct IssueEvent {
    pub action: String,
    pub description: String,
    pub properties: Vec<IssueProperty>,
    /// The event's product categories.
    pub features: Vec<String>,
    pub product_group: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct IssueProperty {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct IssueMetric {
    pub key_path: String,
    /// Effective key paths, one per time frame.
    pub key_paths: Vec<String>,
    pub description: String,
    /// The events counted, with their filters.
    pub events: Vec<IssueMetricEvent>,
    /// `Total`, `Unique by user.id`, `Sum of value`, or `Database` for a database metric.
    pub count: String,
    /// `28d`, `7d`, `all`, as written.
    pub time_frames: Vec<String>,
    pub features: Vec<String>,
    pub product_group: String,
    /// The instrumentation class of a database metric; empty otherwise.
    pub instrumentation_class: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct IssueMetricEvent {
    pub name: String,
    /// `label=rubygems property=x`, empty when unfiltered.
    pub filter: String,
    /// `pull_package (label=rubygems)` or `pull_package`.
    pub display: String,
}

/// GitLab's scoped label for a product group: underscores become spaces
/// (`analytics_instrumentation` → `group::analytics instrumentation`).
pub fn group_label(group: &str) -> String {
    format!("group::{}", group.replace('_', " ").replace('"', ""))
}

/// The count column of the issue's metrics table.
pub fn count_phrase(metric: &MetricDefinition) -> String {
    if metric.events().is_empty() {
        return "Database".into();
    }
    match candidates::measure_of(metric) {
        Measure::Sum => "Sum of value".into(),
        Measure::Unique(by) => format!("Unique by {}", by.as_str()),
        Measure::Total => "Total".into(),
    }
}

pub fn issue_context(events: &[EventDefinition], metrics: &[MetricDefinition], objective: &str) -> IssueContext {
    let mut groups: Vec<String> = Vec::new();
    let mut note_group = |g: &Option<String>| {
        if let Some(g) = g.as_deref().filter(|g| !g.is_empty())
            && !groups.iter().any(|x| x == g)
        {
            groups.push(g.to_owned());
        }
    };
    let issue_events = events
        .iter()
        .map(|e| {
            note_group(&e.product_group);
            IssueEvent {
                action: e.action.clone(),
                description: e.description.clone(),
                properties: e
                    .additional_properties
                    .iter()
                    .flatten()
                    .map(|(name, p)| IssueProperty {
                        name: name.clone(),
                        description: if p.description.is_empty() {
                            MISSING_DESCRIPTION.to_owned()
                        } else {
                            p.description.clone()
                        },
                    })
                    .collect(),
                features: e.product_categories.clone().unwrap_or_default(),
                product_group: e.product_group.clone().unwrap_or_default(),
            }
        })
        .collect();
    let issue_metrics = metrics
        .iter()
        .map(|m| {
            note_group(&m.product_group);
            IssueMetric {
                key_path: m.key_path.clone(),
                key_paths: m.effective_key_paths().into_iter().map(|(_, k)| k).collect(),
                description: m.description.clone().unwrap_or_default(),
                events: m
                    .events()
                    .iter()
                    .map(|e| {
                        let filter =
                            e.filter.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<String>>().join(" ");
                        let display = if filter.is_empty() { e.name.clone() } else { format!("{} ({filter})", e.name) };
                        IssueMetricEvent { name: e.name.clone(), filter, display }
                    })
                    .collect(),
                count: count_phrase(m),
                time_frames: m
                    .time_frame
                    .as_ref()
                    .map(|t| t.frames().iter().map(|f| f.as_str().to_owned()).collect())
                    .unwrap_or_default(),
                features: m.product_categories.clone().unwrap_or_default(),
                product_group: m.product_group.clone().unwrap_or_default(),
                instrumentation_class: m.instrumentation_class.clone().unwrap_or_default(),
            }
        })
        .collect();
    IssueContext {
        objective: objective.trim().to_owned(),
        events: issue_events,
        metrics: issue_metrics,
        group_labels: groups.iter().map(|g| group_label(g)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashboard_urls_match_gitlab() {
        assert_eq!(
            group_dashboard_url("analytics_instrumentation", "monitor"),
            "https://10az.online.tableau.com/#/site/gitlab/views/PDServicePingExplorationDashboard/MetricExplorationbyGroup?Group%20Name=analytics_instrumentation&Stage%20Name=monitor"
        );
        assert_eq!(
            metric_trend_url("counts.count_total_x"),
            "https://10az.online.tableau.com/#/site/gitlab/views/PDServicePingExplorationDashboard/MetricTrend?Metrics%20Path=counts.count_total_x"
        );
    }

    #[test]
    fn load_order_is_gitlabs() {
        let mut paths = vec![
            "ee/config/metrics/counts_all/a.yml",
            "config/metrics/counts_28d/b.yml",
            "config/metrics/counts_7d/c.yml",
            "config/metrics/counts_all/d.yml",
            "config/metrics/settings/e.yml",
        ];
        paths.sort_by_key(|p| load_rank(p));
        assert_eq!(
            paths,
            [
                "config/metrics/counts_all/d.yml",
                "config/metrics/counts_7d/c.yml",
                "config/metrics/counts_28d/b.yml",
                "config/metrics/settings/e.yml",
                "ee/config/metrics/counts_all/a.yml",
            ]
        );
    }

    #[test]
    fn group_labels() {
        assert_eq!(group_label("analytics_instrumentation"), "group::analytics instrumentation");
        assert_eq!(group_label("ide"), "group::ide");
    }
}
