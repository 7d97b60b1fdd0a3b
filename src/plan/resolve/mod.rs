//! Resolving a plan: every entry checked with the generator's rules (names, paths, copied
//! ownership, filters) and turned into a definition with its file path and bytes. One file per
//! kind of entry: `event`, `metric` (counted from events), `database` (database metrics).

mod database;
mod event;
mod metric;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use super::Plan;
use super::PlanMetric;
use super::apply::{ApplyOptions, PlanProblem, PlannedDefinition, PlannedFile};
use crate::model::to_yaml::metric_to_yaml;
use crate::model::{DataCategory, MetricDefinition, Status, Tier, ValueType, common};
use crate::repository::Repository;

/// A metric resolved this far, kept so later metrics see its key paths.
struct PlannedKeyPaths {
    entry: String,
    path: String,
    key_paths: Vec<String>,
}

/// The plan being resolved, the problems found so far and the files resolved so far (later
/// entries see earlier ones: a metric may count an event of the same plan).
struct Resolver<'a> {
    plan: &'a Plan,
    repo: &'a Repository,
    options: &'a ApplyOptions,
    problems: Vec<PlanProblem>,
    files: Vec<PlannedFile>,
}

/// Every entry of the plan, resolved; the problems in plan order when there are any.
pub(super) fn resolve_files(
    plan: &Plan,
    repo: &Repository,
    options: &ApplyOptions,
) -> Result<Vec<PlannedFile>, Vec<PlanProblem>> {
    let mut r = Resolver { plan, repo, options, problems: Vec::new(), files: Vec::new() };
    r.events();
    r.metrics();
    if !r.problems.is_empty() {
        r.problems.sort_by_key(|p| entry_order(&p.location));
        return Err(r.problems);
    }
    Ok(r.files)
}

/// Problems in plan order: events first, then metrics, by index.
fn entry_order(location: &str) -> (u8, usize, String) {
    let index = |prefix: &str| {
        location.strip_prefix(prefix).and_then(|r| r.split(']').next()).and_then(|n| n.parse::<usize>().ok())
    };
    if let Some(i) = index("events[") {
        (0, i, location.to_owned())
    } else if let Some(i) = index("metrics[") {
        (1, i, location.to_owned())
    } else {
        (2, 0, location.to_owned())
    }
}

impl Resolver<'_> {
    fn problem(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.problems.push(PlanProblem::new(location, message));
    }

    /// Entry, then plan, then `--milestone`, then the repository's `VERSION`.
    fn milestone(&mut self, entry: &str, own: Option<&String>) -> Option<String> {
        let chosen = own
            .cloned()
            .or_else(|| self.plan.milestone.clone())
            .or_else(|| self.options.milestone.clone())
            .or_else(|| self.repo.reference.milestone.clone());
        match chosen {
            None => {
                self.problem(
                    format!("{entry}.milestone"),
                    "no milestone: add `milestone:` to the plan, pass --milestone, or add a VERSION file to the repository",
                );
                None
            }
            Some(m) if !common::is_milestone(&m) => {
                self.problem(
                    format!("{entry}.milestone"),
                    format!("`{m}` is not a milestone; write MAJOR.MINOR, e.g. '17.2'"),
                );
                None
            }
            Some(m) => Some(m),
        }
    }

    fn file_exists(&self, path: &str) -> bool {
        self.repo.root.join(path).symlink_metadata().is_ok()
    }

    fn product_group(&mut self, location: String, group: &str) {
        let groups = &self.repo.reference.product_groups;
        if group.trim().is_empty() {
            self.problem(location, "product_group is empty; give the group that owns the definition");
        } else if !groups.contains(group) {
            let message = format!("unknown product group `{group}` (not in {})", groups.source_name());
            self.problem(location, message);
        }
    }

    /// Categories as the generator writes them: known ones only, sorted, none → no key.
    fn product_categories(&mut self, location: &str, categories: &[String]) -> Option<Vec<String>> {
        let known = &self.repo.reference.feature_categories;
        let unknown: Vec<&String> = categories.iter().filter(|c| !known.contains(c)).collect();
        if !unknown.is_empty() {
            let list = unknown.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
            let message = format!("unknown product categories {list} (not in {})", known.source_name());
            self.problem(location.to_owned(), message);
        }
        let sorted: BTreeSet<&String> = categories.iter().collect();
        (!sorted.is_empty()).then(|| sorted.into_iter().cloned().collect())
    }

    fn tiers(&mut self, location: String, tiers: &[Tier]) -> Vec<Tier> {
        let sorted: BTreeSet<Tier> = tiers.iter().copied().collect();
        if sorted.is_empty() {
            self.problem(location, "tiers is empty; give at least one of free, premium, ultimate");
        }
        sorted.into_iter().collect()
    }

    fn metrics(&mut self) {
        let known = self.known_events();
        let mut planned_keys: Vec<PlannedKeyPaths> = Vec::new();
        for (j, metric) in self.plan.metrics.iter().enumerate() {
            let entry = format!("metrics[{j}]");
            let before = self.problems.len();
            let resolved = if metric.database.is_some() {
                self.database_metric(&entry, metric, &planned_keys)
            } else {
                self.event_metric(&entry, metric, &known, &planned_keys)
            };
            if let Some((def, path)) = resolved.filter(|_| self.problems.len() == before) {
                planned_keys.push(PlannedKeyPaths {
                    entry: entry.clone(),
                    path: path.clone(),
                    key_paths: def.effective_key_paths().into_iter().map(|(_, k)| k).collect(),
                });
                let content = metric_to_yaml(&def);
                let exists = self.file_exists(&path);
                self.files.push(PlannedFile {
                    path,
                    content,
                    exists,
                    definition: PlannedDefinition::Metric(def),
                    entry,
                });
            }
        }
    }

    /// The file or plan entry that already uses one of `key_paths` (the file at `own_path`,
    /// which this metric replaces, does not count).
    fn key_path_owner(
        &self,
        key_paths: &[String],
        own_path: &str,
        planned: &[PlannedKeyPaths],
    ) -> Option<(String, String)> {
        for loaded in &self.repo.metrics {
            let path = &self.repo.file(loaded.file).path;
            if path == own_path || self.files.iter().any(|f| &f.path == path) {
                continue;
            }
            for (_, key) in loaded.def.effective_key_paths() {
                if key_paths.contains(&key) {
                    return Some((key, path.clone()));
                }
            }
        }
        for p in planned {
            if let Some(key) = p.key_paths.iter().find(|k| key_paths.contains(k)) {
                return Some((key.clone(), format!("{} of this plan ({})", p.entry, p.path)));
            }
        }
        None
    }

    fn description(&mut self, entry: &str, m: &PlanMetric) {
        if m.description.trim().is_empty() {
            self.problem(
                format!("{entry}.description"),
                "the description is empty; describe the metric for a non-technical reader",
            );
        }
    }

    fn required_owner(&mut self, entry: &str, value: Option<String>, field: &str) -> Option<String> {
        if value.is_none() {
            self.problem(format!("{entry}.{field}"), format!("give `{field}`"));
        }
        value
    }
}

/// The fields every metric the generator writes carries with the same value
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/metric.rb):
/// `performance_indicator_type: []`, `value_type: number`,
/// `status: active`, `data_category: optional`.
fn generator_metric_defaults() -> MetricDefinition {
    MetricDefinition {
        performance_indicator_type: Some(Vec::new()),
        value_type: Some(ValueType::Number),
        status: Some(Status::Active),
        data_category: Some(DataCategory::Optional),
        ..MetricDefinition::default()
    }
}
