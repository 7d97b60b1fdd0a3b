//! Turning a plan into files: resolve (plan → definitions with paths and bytes), check (the
//! wizard's rules plus the validator on the repository as it would be), write (all or nothing,
//! see `crate::write`). The wizard and `issue` call [`resolve`]; `eventdef apply` calls
//! [`resolve_checked`] to also get the validator's findings.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use indexmap::IndexMap;

use super::{Count, FilterValues, Plan, PlanEvent, PlanMetric, PlanMetricEvent, UniqueKey};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::candidates::{CountedShape, effective_key_paths, max_name_len};
use crate::model::filters;
use crate::model::naming::{self, MAX_FILE_NAME_LEN, Measure, sorted_actions};
use crate::model::{
    AdditionalProperty, DataCategory, DataSource, EventDefinition, FilterValue, Identifier, MetricDefinition,
    MetricEvent, Operator, Status, Tier, TimeFrame, TimeFrameSpec, UniqueBy, ValueType, common,
    event::BUILT_IN_PROPERTIES,
};
use crate::repository::{FileContent, Repository, classify};
use crate::rules::{self, PerFileRules, ValidateOptions, schema::Schemas};
use crate::write::{FileToWrite, WriteOutcome, write_all};
use crate::yaml::write::{event_to_yaml, metric_to_yaml};

/// A definition the plan creates.
#[derive(Debug, Clone, PartialEq)]
pub enum PlannedDefinition {
    Event(EventDefinition),
    Metric(MetricDefinition),
}

/// One file to write.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedFile {
    /// Relative to the repository root, forward slashes.
    pub path: String,
    /// The exact bytes (GitLab's format).
    pub content: String,
    /// True when a file already exists at `path`.
    pub exists: bool,
    pub definition: PlannedDefinition,
    /// The plan entry this file comes from: `events[0]`, `metrics[2]`.
    pub entry: String,
}

/// Why a plan cannot be applied: which entry, which field, what to do.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlanProblem {
    /// e.g. `metrics[1].name`, or `plan.yml:3:5` for problems in the plan file itself.
    pub location: String,
    pub message: String,
}

impl fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.location, self.message)
        }
    }
}

/// Choices that are not part of the plan itself.
#[derive(Debug, Clone, Default)]
pub struct ApplyOptions {
    /// `--milestone`: used where neither the entry nor the plan gives one (before `VERSION`).
    pub milestone: Option<String>,
    /// Rule ids whose errors in the new files are accepted (`--allow`).
    pub allow_rules: Vec<String>,
}

/// The validator's findings that never block a plan: the generator always writes
/// `introduced_by_url: TODO` until the merge request exists.
pub const EXPECTED_RULES: &[&str] = &["introduced-by-url-todo"];

/// A plan ready to write.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub files: Vec<PlannedFile>,
    /// The repository as it would be after writing.
    pub after: Repository,
    /// The validator's findings on the new files (none of them blocking).
    pub findings: Vec<Diagnostic>,
}

/// Resolve every entry of the plan against the repository (names, paths, copied defaults,
/// filters) and check it with the wizard's rules and the validator. `milestone` is used where
/// the plan gives none.
pub fn resolve(plan: &Plan, repo: &Repository, milestone: Option<&str>) -> Result<Vec<PlannedFile>, Vec<PlanProblem>> {
    let options = ApplyOptions { milestone: milestone.map(str::to_owned), ..ApplyOptions::default() };
    resolve_checked(plan, repo, &options).map(|r| r.files)
}

/// [`resolve`], keeping the repository-after and the validator's (non-blocking) findings.
pub fn resolve_checked(plan: &Plan, repo: &Repository, options: &ApplyOptions) -> Result<Resolved, Vec<PlanProblem>> {
    let mut r = Resolver { plan, repo, options, problems: Vec::new(), files: Vec::new() };
    r.events();
    r.metrics();
    if !r.problems.is_empty() {
        r.problems.sort_by_key(|p| entry_order(&p.location));
        return Err(r.problems);
    }
    let files = r.files;
    let (after, findings) = validate_after(repo, &files, options)?;
    Ok(Resolved { files, after, findings })
}

/// Write the resolved files under `root`, all or none (see [`crate::write`]). Existing files
/// are replaced only with `overwrite` (the wizard's "Overwrite file?", `apply --force`).
pub fn write(root: &std::path::Path, files: &[PlannedFile], overwrite: bool) -> crate::Result<Vec<WriteOutcome>> {
    let to_write: Vec<FileToWrite> =
        files.iter().map(|f| FileToWrite { path: f.path.clone(), content: f.content.clone() }).collect();
    write_all(root, &to_write, overwrite)
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

/// Where an event a metric counts comes from.
#[derive(Debug, Clone)]
struct KnownEvent {
    def: EventDefinition,
    /// More than one definition has this action (the generator hides such events).
    ambiguous: bool,
}

/// A metric resolved this far, kept so later metrics see its key paths.
struct PlannedKeyPaths {
    entry: String,
    path: String,
    key_paths: Vec<String>,
}

struct Resolver<'a> {
    plan: &'a Plan,
    repo: &'a Repository,
    options: &'a ApplyOptions,
    problems: Vec<PlanProblem>,
    files: Vec<PlannedFile>,
}

impl Resolver<'_> {
    fn problem(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.problems.push(PlanProblem { location: location.into(), message: message.into() });
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

    fn events(&mut self) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, event) in self.plan.events.iter().enumerate() {
            let entry = format!("events[{i}]");
            if let Some(def) = self.event(&entry, event) {
                let path = naming::event_file_path(&def.action, &def.tiers);
                if let Some(first) = seen.insert(event.action.as_str(), i) {
                    self.problem(
                        format!("{entry}.action"),
                        format!("`{}` is already defined by events[{first}] of this plan", event.action),
                    );
                }
                let existing: Vec<String> = self
                    .repo
                    .events
                    .iter()
                    .filter(|e| e.def.action == def.action)
                    .map(|e| self.repo.file(e.file).path.clone())
                    .filter(|p| *p != path)
                    .collect();
                if let Some(other) = existing.first() {
                    self.problem(
                        format!("{entry}.action"),
                        format!("an event `{}` already exists in {other}; choose another name (actions are unique across CE and EE)", def.action),
                    );
                }
                let content = event_to_yaml(&def);
                let exists = self.file_exists(&path);
                self.files.push(PlannedFile {
                    path,
                    content,
                    exists,
                    definition: PlannedDefinition::Event(def),
                    entry,
                });
            }
        }
    }

    fn event(&mut self, entry: &str, e: &PlanEvent) -> Option<EventDefinition> {
        let before = self.problems.len();
        if !common::is_snake_name(&e.action) {
            self.problem(
                format!("{entry}.action"),
                format!("`{}` is not a valid event name: use lowercase letters, digits and underscores only", e.action),
            );
        }
        if e.description.trim().is_empty() {
            self.problem(
                format!("{entry}.description"),
                "the description is empty; say what the event tracks, where and when",
            );
        }
        let identifiers = self.identifiers(entry, &e.identifiers);
        let additional_properties = self.additional_properties(entry, &e.additional_properties);
        self.product_group(format!("{entry}.product_group"), &e.product_group);
        let product_categories = self.product_categories(&format!("{entry}.product_categories"), &e.product_categories);
        let tiers = self.tiers(format!("{entry}.tiers"), &e.tiers);
        if let Some(c) = e.classification.as_deref().filter(|c| *c != "duo") {
            self.problem(
                format!("{entry}.classification"),
                format!("`{c}` is not a classification; the only one is `duo`"),
            );
        }
        if e.introduced_by_url.as_deref().is_some_and(|u| u.trim().is_empty()) {
            self.problem(format!("{entry}.introduced_by_url"), "the URL is empty; leave the key out to write TODO");
        }
        let milestone = self.milestone(entry, e.milestone.as_ref());
        if self.problems.len() > before {
            return None;
        }
        Some(EventDefinition {
            description: e.description.clone(),
            internal_events: Some(true),
            status: Some(Status::Active),
            action: e.action.clone(),
            identifiers,
            additional_properties,
            product_group: Some(e.product_group.clone()),
            product_categories,
            milestone,
            introduced_by_url: Some(e.introduced_by_url.clone().unwrap_or_else(|| "TODO".into())),
            tiers,
            classification: e.classification.clone(),
            ..EventDefinition::default()
        })
    }

    /// One of the generator's seven combinations, written in the preset's order (gitlab-cli.md §3).
    fn identifiers(&mut self, entry: &str, given: &[Identifier]) -> Option<Vec<Identifier>> {
        let wanted: BTreeSet<Identifier> = given.iter().copied().collect();
        let preset = Identifier::presets().into_iter().find(|p| p.iter().copied().collect::<BTreeSet<_>>() == wanted);
        match preset {
            Some(p) if p.is_empty() => None,
            Some(p) => Some(p),
            None => {
                let names = given.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(", ");
                self.problem(
                    format!("{entry}.identifiers"),
                    format!(
                        "[{names}] is not one of the generator's combinations: [project, namespace, user], [namespace, user], [user], [project, namespace], [namespace], [feature_enabled_by_namespace_ids, user], or none"
                    ),
                );
                None
            }
        }
    }

    /// Property names and the rule for custom ones (gitlab-cli.md §3 step 4).
    fn additional_properties(
        &mut self,
        entry: &str,
        props: &IndexMap<String, AdditionalProperty>,
    ) -> Option<IndexMap<String, AdditionalProperty>> {
        let has = |n: &str| props.contains_key(n);
        let custom_allowed = (has("label") && has("property")) || has("value");
        for name in props.keys() {
            let location = format!("{entry}.additional_properties.{name}");
            if !common::is_snake_name(name) {
                self.problem(
                    location,
                    format!(
                        "`{name}` is not a valid property name: use lowercase letters, digits and underscores only"
                    ),
                );
            } else if !BUILT_IN_PROPERTIES.contains(&name.as_str()) && !custom_allowed {
                self.problem(
                    location,
                    format!("custom property `{name}` needs `label` and `property`, or `value`, first (GitLab's event schema rule)"),
                );
            }
        }
        (!props.is_empty()).then(|| props.clone())
    }

    fn known_events(&self) -> HashMap<String, KnownEvent> {
        let planned: HashMap<&str, &PlannedFile> = self.files.iter().map(|f| (f.path.as_str(), f)).collect();
        let mut known: HashMap<String, KnownEvent> = HashMap::new();
        for loaded in &self.repo.events {
            let path = &self.repo.file(loaded.file).path;
            if planned.contains_key(path.as_str()) {
                continue;
            }
            known
                .entry(loaded.def.action.clone())
                .and_modify(|k| k.ambiguous = true)
                .or_insert(KnownEvent { def: loaded.def.clone(), ambiguous: false });
        }
        for file in &self.files {
            if let PlannedDefinition::Event(def) = &file.definition {
                known.insert(def.action.clone(), KnownEvent { def: def.clone(), ambiguous: false });
            }
        }
        known
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

    fn database_metric(
        &mut self,
        entry: &str,
        m: &PlanMetric,
        planned: &[PlannedKeyPaths],
    ) -> Option<(MetricDefinition, String)> {
        let class = m.database.as_ref().map(|d| d.instrumentation_class.clone()).unwrap_or_default();
        if class.is_empty() || !class.chars().all(|c| c.is_ascii_alphabetic()) {
            self.problem(
                format!("{entry}.database.instrumentation_class"),
                format!("`{class}` is not an instrumentation class name: letters only, e.g. CountIssuesMetric"),
            );
        }
        if !m.events.is_empty() || m.count.is_some() || m.unique_by.is_some() {
            self.problem(
                entry.to_owned(),
                "a database metric counts no events: remove `events`, `count` and `unique_by`",
            );
        }
        self.description(entry, m);
        let frames = match &m.time_frames {
            Some(frames) if !frames.is_empty() => {
                if frames.contains(&TimeFrame::None) {
                    self.problem(format!("{entry}.time_frames"), "choose among 7d, 28d and all");
                }
                let mut unique = Vec::new();
                for f in frames {
                    if !unique.contains(f) {
                        unique.push(*f);
                    }
                }
                unique
            }
            _ => {
                self.problem(
                    format!("{entry}.time_frames"),
                    "a database metric needs `time_frames` (7d, 28d, all), kept in the given order",
                );
                Vec::new()
            }
        };
        let name = match &m.name {
            None => {
                self.problem(format!("{entry}.name"), "a database metric needs a `name`: it is the key path and the file name (database metrics have no default name)");
                return None;
            }
            Some(name) => name.clone(),
        };
        let max = max_name_len(None, &frames);
        if !common::is_snake_name(&name) || name.len() > max {
            self.problem(
                format!("{entry}.name"),
                format!("`{name}` is not a valid name: at most {max} characters, lowercase letters, digits and underscores only"),
            );
        }
        let group = self.required_owner(entry, m.product_group.clone(), "product_group");
        if let Some(g) = &group {
            self.product_group(format!("{entry}.product_group"), g);
        }
        let categories = match &m.product_categories {
            Some(c) => self.product_categories(&format!("{entry}.product_categories"), c),
            None => {
                self.problem(format!("{entry}.product_categories"), "give `product_categories` (or [] for none)");
                None
            }
        };
        let tiers = match &m.tiers {
            Some(t) => Some(self.tiers(format!("{entry}.tiers"), t)),
            None => {
                self.problem(format!("{entry}.tiers"), "give `tiers`");
                None
            }
        };
        let milestone = self.milestone(entry, m.milestone.as_ref());
        let tiers = tiers?;
        let path = naming::metric_file_path(&name, &frames, &tiers);
        if let Some((key, owner)) = self.key_path_owner(std::slice::from_ref(&name), &path, planned) {
            self.problem(
                format!("{entry}.name"),
                format!("the key path `{key}` is already used by {owner}; choose another name"),
            );
        }
        let def = MetricDefinition {
            key_path: name,
            description: Some(m.description.clone()),
            product_group: group,
            product_categories: categories,
            milestone,
            introduced_by_url: Some(m.introduced_by_url.clone().unwrap_or_else(|| "TODO".into())),
            time_frame: Some(naming::time_frame_spec(&frames)),
            data_source: Some(DataSource::Database),
            tiers: Some(tiers),
            instrumentation_class: Some(class),
            ..generator_metric_defaults()
        };
        Some((def, path))
    }

    fn required_owner(&mut self, entry: &str, value: Option<String>, field: &str) -> Option<String> {
        if value.is_none() {
            self.problem(format!("{entry}.{field}"), format!("give `{field}`"));
        }
        value
    }

    fn event_metric(
        &mut self,
        entry: &str,
        m: &PlanMetric,
        known: &HashMap<String, KnownEvent>,
        planned: &[PlannedKeyPaths],
    ) -> Option<(MetricDefinition, String)> {
        self.description(entry, m);
        if m.events.is_empty() {
            self.problem(
                format!("{entry}.events"),
                "list the events this metric counts (or give `database` for a database metric)",
            );
            return None;
        }
        // The events, each once, as the generator's picker allows.
        let mut events: Vec<(usize, &PlanMetricEvent, &KnownEvent)> = Vec::new();
        let mut names = BTreeSet::new();
        for (k, e) in m.events.iter().enumerate() {
            let location = format!("{entry}.events[{k}]");
            if !names.insert(e.name()) {
                self.problem(location, format!("`{}` is listed twice", e.name()));
                continue;
            }
            let in_plan = self.plan.events.iter().position(|p| p.action == e.name());
            match known.get(e.name()) {
                None if in_plan.is_some() => self.problem(
                    location,
                    format!(
                        "`{}` is defined by events[{}] of this plan, which has problems (see above)",
                        e.name(),
                        in_plan.unwrap_or_default()
                    ),
                ),
                None => self.problem(
                    location,
                    format!(
                        "there is no event `{}` in the repository or in this plan's events; define it first",
                        e.name()
                    ),
                ),
                Some(k_event) if k_event.ambiguous => self.problem(
                    location,
                    format!("more than one event definition has the action `{}`; fix the duplicates first", e.name()),
                ),
                Some(k_event) => events.push((k, e, k_event)),
            }
        }
        let measure = self.measure(entry, m)?;

        // Time frames: the generator offers 7d/28d for unique counts, 7d/28d/all otherwise.
        let frames = match &m.time_frames {
            Some(frames) => naming::sorted_time_frames(frames),
            None => measure.default_time_frames(),
        };
        if frames.contains(&TimeFrame::None) {
            self.problem(format!("{entry}.time_frames"), "choose among 7d, 28d and all");
        }
        if matches!(measure, Measure::Unique(_)) && frames.contains(&TimeFrame::All) {
            self.problem(format!("{entry}.time_frames"), "unique counts cannot cover `all` time; use 7d and/or 28d");
        }
        if events.len() != m.events.len() {
            return None;
        }
        // The generator lists (and so hands over) the selected events sorted by action; "the
        // first event" of the copy rule below is the first in that order.
        events.sort_by(|a, b| a.1.name().cmp(b.1.name()));
        self.check_candidate(entry, measure, &events);

        // Events entries: one per filter combination, sorted by action (gitlab-cli.md §4.5, §7.2).
        let mut entries: Vec<MetricEvent> = Vec::new();
        for (k, e, known_event) in &events {
            let filters = self.filters(&format!("{entry}.events[{k}]"), e, &known_event.def, measure);
            for filter in filters {
                entries.push(MetricEvent {
                    name: e.name().to_owned(),
                    unique: match measure {
                        Measure::Unique(by) => Some(by),
                        _ => None,
                    },
                    filter,
                    operator: (measure == Measure::Sum).then_some(Operator::SumValue),
                });
            }
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        let filtered = entries.iter().any(|e| !e.filter.is_empty());

        // Ownership: given, else copied from the events (gitlab-cli.md §4.8).
        let defaults = copied_defaults(&events.iter().map(|(_, _, k)| &k.def).collect::<Vec<_>>(), self.repo);
        let first_action = events.first().map(|(_, e, _)| e.name().to_owned()).unwrap_or_default();
        let group = match &m.product_group {
            Some(g) => Some(g.clone()),
            None => match &defaults.product_group {
                Some(Some(g)) => Some(g.clone()),
                Some(None) => {
                    self.problem(
                        format!("{entry}.product_group"),
                        format!("copying from the events gives no product_group (the generator takes the first event's, and `{first_action}` has none); give `product_group`"),
                    );
                    None
                }
                None => {
                    self.problem(
                        format!("{entry}.product_group"),
                        format!(
                            "the events have different product groups ({}); give `product_group`",
                            defaults.groups_seen.join(", ")
                        ),
                    );
                    None
                }
            },
        };
        if let Some(g) = &group {
            self.product_group(format!("{entry}.product_group"), g);
        }
        let categories = match &m.product_categories {
            Some(c) => self.product_categories(&format!("{entry}.product_categories"), c),
            None => match &defaults.product_categories {
                Some(c) => Some(c.clone()),
                None => {
                    self.problem(
                        format!("{entry}.product_categories"),
                        "the events have no product categories to copy; give `product_categories` (or [] for none)",
                    );
                    None
                }
            },
        };
        let tiers = match &m.tiers {
            Some(t) => Some(self.tiers(format!("{entry}.tiers"), t)),
            None => match &defaults.tiers {
                Some(Some(t)) if !t.is_empty() => Some(t.clone()),
                Some(_) => {
                    self.problem(
                        format!("{entry}.tiers"),
                        format!("copying from the events gives no tiers (`{first_action}` has none); give `tiers`"),
                    );
                    None
                }
                None => {
                    self.problem(format!("{entry}.tiers"), "the events have different tiers; give `tiers`");
                    None
                }
            },
        };
        let url = match &m.introduced_by_url {
            Some(u) => u.clone(),
            // A copied nil, or no default at all, ends as the generator's TODO.
            None => defaults.introduced_by_url.clone().flatten().unwrap_or_else(|| "TODO".into()),
        };
        let milestone = self.milestone(entry, m.milestone.as_ref());
        let tiers = tiers?;

        // Naming (gitlab-cli.md §4.7, §8).
        let actions: Vec<String> = events.iter().map(|(_, e, _)| e.name().to_owned()).collect();
        let default_key = naming::metric_key(measure, &naming::events_segment(&actions, None), &frames);
        let default_path = naming::metric_file_path(&default_key, &frames, &tiers);
        let default_key_path = naming::metric_key_path(measure, &default_key);
        let key = match &m.name {
            Some(name) => {
                let max = max_name_len(Some(measure), &frames);
                if !common::is_snake_name(name) || name.len() > max {
                    self.problem(
                        format!("{entry}.name"),
                        format!("`{name}` is not a valid name: at most {max} characters, lowercase letters, digits and underscores only"),
                    );
                }
                naming::metric_key(measure, name, &frames)
            }
            None => {
                let reason = if filtered {
                    Some("metrics using filters are too complex for default naming".to_owned())
                } else if default_key.len() + ".yml".len() > MAX_FILE_NAME_LEN {
                    Some(format!(
                        "the default file name {default_key}.yml would be longer than {MAX_FILE_NAME_LEN} characters"
                    ))
                } else {
                    let keys = effective_key_paths(&default_key_path, &frames);
                    self.key_path_owner(&keys, &default_path, planned)
                        .map(|(key, owner)| format!("the default key path `{key}` is already used by {owner}"))
                };
                if let Some(reason) = reason {
                    let template = naming::metric_key(measure, "[REPLACE ME]", &frames);
                    self.problem(
                        format!("{entry}.name"),
                        format!(
                            "a `name` is required: {reason}. It replaces the events part of the key: {}.{template}",
                            measure.key_prefix()
                        ),
                    );
                    return None;
                }
                default_key
            }
        };
        let key_path = naming::metric_key_path(measure, &key);
        let path = naming::metric_file_path(&key, &frames, &tiers);
        if m.name.is_some()
            && let Some((taken, owner)) = self.key_path_owner(&effective_key_paths(&key_path, &frames), &path, planned)
        {
            self.problem(
                format!("{entry}.name"),
                format!("the key path `{taken}` is already used by {owner}; choose another name"),
            );
        }
        if !filtered {
            self.conflicts(entry, measure, &actions, &frames, &path);
        }

        let def = MetricDefinition {
            key_path,
            description: Some(m.description.clone()),
            product_group: group,
            product_categories: categories,
            milestone,
            introduced_by_url: Some(url),
            time_frame: Some(naming::time_frame_spec(&frames)),
            data_source: Some(DataSource::InternalEvents),
            tiers: Some(tiers),
            events: Some(entries),
            ..generator_metric_defaults()
        };
        Some((def, path))
    }

    fn measure(&mut self, entry: &str, m: &PlanMetric) -> Option<Measure> {
        let unique_by = m.unique_by.map(UniqueKey::unique_by);
        match (m.count, unique_by) {
            (None, _) => {
                self.problem(
                    format!("{entry}.count"),
                    "say what to count: `count: total`, `count: unique` (with `unique_by`) or `count: sum`",
                );
                None
            }
            (Some(Count::Unique), None) => {
                self.problem(
                    format!("{entry}.unique_by"),
                    "a unique count needs `unique_by`: user, project, namespace, label, property or value",
                );
                None
            }
            (Some(Count::Unique), Some(by)) => Some(Measure::Unique(by)),
            (Some(c), Some(_)) => {
                let c = if c == Count::Total { "total" } else { "sum" };
                self.problem(
                    format!("{entry}.unique_by"),
                    format!("`unique_by` only goes with `count: unique` (this metric is a {c})"),
                );
                None
            }
            (Some(Count::Total), None) => Some(Measure::Total),
            (Some(Count::Sum), None) => Some(Measure::Sum),
        }
    }

    /// Candidates the generator would not offer (gitlab-cli.md §4.4): the identifier or
    /// property counted must be shared by every event.
    fn check_candidate(&mut self, entry: &str, measure: Measure, events: &[(usize, &PlanMetricEvent, &KnownEvent)]) {
        let lacking = |has: &dyn Fn(&EventDefinition) -> bool| -> Vec<String> {
            events.iter().filter(|(_, _, k)| !has(&k.def)).map(|(_, e, _)| format!("`{}`", e.name())).collect()
        };
        let (field, what, missing) = match measure {
            Measure::Total => return,
            Measure::Unique(by) => match identifier_of(by) {
                Some(id) => (
                    "unique_by",
                    format!("the `{}` identifier", id.as_str()),
                    lacking(&|d| d.identifiers().contains(&id)),
                ),
                None => {
                    ("unique_by", format!("the `{}` property", by.as_str()), lacking(&|d| d.has_property(by.as_str())))
                }
            },
            Measure::Sum => ("count", "the `value` property".to_owned(), lacking(&|d| d.has_property("value"))),
        };
        if !missing.is_empty() {
            self.problem(
                format!("{entry}.{field}"),
                format!(
                    "every event must have {what} for this metric; {} {} not",
                    missing.join(", "),
                    if missing.len() == 1 { "does" } else { "do" }
                ),
            );
        }
    }

    /// The filter maps for one event: the Cartesian product of the values given per property,
    /// in the event's property order (gitlab-cli.md §4.5); one empty map when there are none.
    fn filters(
        &mut self,
        location: &str,
        e: &PlanMetricEvent,
        event: &EventDefinition,
        measure: Measure,
    ) -> Vec<IndexMap<String, FilterValue>> {
        let PlanMetricEvent::Filtered { filter, .. } = e else {
            return vec![IndexMap::new()];
        };
        let counted = match measure {
            Measure::Unique(by) if identifier_of(by).is_none() => Some(by.as_str()),
            Measure::Sum => Some("value"),
            _ => None,
        };
        for property in filter.keys() {
            let loc = format!("{location}.filter.{property}");
            if !event.has_property(property) {
                let props: Vec<&str> = event.property_names().collect();
                let has = if props.is_empty() {
                    "no additional properties".to_owned()
                } else {
                    format!("only {}", props.join(", "))
                };
                self.problem(
                    loc,
                    format!("`{}` has no property `{property}` to filter on (it has {has})", event.action),
                );
            } else if counted == Some(property.as_str()) {
                self.problem(loc, format!("`{property}` is what this metric counts; it cannot also be a filter"));
            }
        }
        // Values per property, in the event's order.
        let mut axes: Vec<(String, Vec<FilterValue>)> = Vec::new();
        for property in event.property_names() {
            let Some(given) = filter.get(property) else { continue };
            let values = match given {
                FilterValues::One(v) => vec![v.clone()],
                FilterValues::Many(vs) => vs.clone(),
            };
            let mut cleaned: Vec<FilterValue> = Vec::new();
            for v in values {
                match filters::filter_value(property, v) {
                    Ok(Some(v)) => filters::push_unique(&mut cleaned, v),
                    Ok(None) => {}
                    Err(error) => self.problem(format!("{location}.filter.{property}"), error.0),
                }
            }
            axes.push((property.to_owned(), cleaned));
        }
        filters::filter_combinations(&axes)
    }

    /// Unfiltered metrics that already count the same events the same way for a time frame
    /// (the generator's "already defined" rows, gitlab-cli.md §4.4).
    fn conflicts(&mut self, entry: &str, measure: Measure, actions: &[String], frames: &[TimeFrame], own_path: &str) {
        let wanted_actions = sorted_actions(actions.iter().map(String::as_str));
        let mut found = Vec::new();
        for loaded in &self.repo.metrics {
            let path = &self.repo.file(loaded.file).path;
            let def = &loaded.def;
            let replaced = path == own_path || self.files.iter().any(|f| &f.path == path);
            let Some(shape) = CountedShape::of(def).filter(|_| !replaced) else { continue };
            for (frame, key) in
                def.time_frame.clone().unwrap_or(TimeFrameSpec::Single(TimeFrame::All)).expand(&def.key_path)
            {
                if frames.contains(&frame) && shape.defines(measure, &wanted_actions, frame) {
                    found.push(format!("{} ({key} in {path})", frame.as_str()));
                }
            }
        }
        if !found.is_empty() {
            self.problem(
                format!("{entry}.time_frames"),
                format!("already defined: {}; leave those time frames out", found.join(", ")),
            );
        }
    }
}

fn identifier_of(by: UniqueBy) -> Option<Identifier> {
    match by {
        UniqueBy::UserId => Some(Identifier::User),
        UniqueBy::ProjectId => Some(Identifier::Project),
        UniqueBy::NamespaceId => Some(Identifier::Namespace),
        _ => None,
    }
}

/// What "Copy & continue" would assign (gitlab-cli.md §4.8). For url, group and tiers:
/// `None` = the events disagree (no default); `Some(v)` = they agree, and `v` is the *first*
/// event's value, which may be absent (the generator's quirk).
#[derive(Debug, Default)]
struct CopiedDefaults {
    introduced_by_url: Option<Option<String>>,
    product_group: Option<Option<String>>,
    tiers: Option<Option<Vec<Tier>>>,
    /// Union of the events' categories, in the known list's order; `None` when empty.
    product_categories: Option<Vec<String>>,
    groups_seen: Vec<String>,
}

fn copied_defaults(events: &[&EventDefinition], repo: &Repository) -> CopiedDefaults {
    fn shared<T: PartialEq + Clone>(values: &[Option<T>]) -> Option<Option<T>> {
        let present: Vec<&T> = values.iter().flatten().collect();
        let first = present.first()?;
        present.iter().all(|v| v == first).then(|| values.first().cloned().flatten())
    }
    let urls: Vec<Option<String>> = events.iter().map(|e| e.introduced_by_url.clone()).collect();
    let groups: Vec<Option<String>> = events.iter().map(|e| e.product_group.clone()).collect();
    let tiers: Vec<Option<Vec<Tier>>> = events
        .iter()
        .map(|e| {
            let mut t = e.tiers.clone();
            t.sort();
            (!t.is_empty()).then_some(t)
        })
        .collect();
    let union: BTreeSet<&str> =
        events.iter().flat_map(|e| e.product_categories.iter().flatten().map(String::as_str)).collect();
    let ordered: Vec<String> =
        repo.reference.feature_categories.values.iter().filter(|c| union.contains(c.as_str())).cloned().collect();
    let mut groups_seen: Vec<String> = groups.iter().flatten().cloned().collect();
    groups_seen.dedup();
    CopiedDefaults {
        introduced_by_url: shared(&urls),
        product_group: shared(&groups),
        tiers: shared(&tiers),
        product_categories: (!ordered.is_empty()).then_some(ordered),
        groups_seen,
    }
}

/// Run the validator on the repository as it would be after writing; errors in the new files
/// refuse the plan (except the expected ones and `--allow`ed rules).
fn validate_after(
    repo: &Repository,
    files: &[PlannedFile],
    options: &ApplyOptions,
) -> Result<(Repository, Vec<Diagnostic>), Vec<PlanProblem>> {
    let schemas = Schemas::compile(&repo.reference)
        .map_err(|e| vec![PlanProblem { location: String::new(), message: format!("cannot load the schemas: {e}") }])?;
    let mut contents = Vec::with_capacity(files.len());
    for file in files {
        let Some(kind) = classify(&file.path) else {
            return Err(vec![PlanProblem {
                location: file.entry.clone(),
                message: format!("{} is not where definitions live", file.path),
            }]);
        };
        contents.push(FileContent::text(file.path.clone(), kind, file.content.clone()));
    }
    let after = repo.with_contents(contents, &PerFileRules::new(&schemas));
    let only_paths = Some(files.iter().map(|f| f.path.clone()).collect());
    let outcome = rules::validate(&after, &schemas, &ValidateOptions { only_paths, ..ValidateOptions::default() });
    let blocking = |d: &Diagnostic| {
        d.severity == Severity::Error
            && !EXPECTED_RULES.contains(&d.rule)
            && !options.allow_rules.iter().any(|r| r == d.rule)
    };
    let problems: Vec<PlanProblem> = outcome
        .diagnostics
        .iter()
        .filter(|d| blocking(d))
        .map(|d| {
            let entry = files.iter().find(|f| f.path == d.path).map(|f| f.entry.clone()).unwrap_or_default();
            PlanProblem {
                location: entry,
                message: format!(
                    "{}:{}:{}: error[{}]: {} (help: {})",
                    d.path, d.line, d.column, d.rule, d.message, d.help
                ),
            }
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let findings = outcome.diagnostics.into_iter().filter(|d| !blocking(d)).collect();
    Ok((after, findings))
}

/// The fields every metric the generator writes carries with the same value
/// (gitlab-cli.md §7.2): `performance_indicator_type: []`, `value_type: number`,
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::plan::parse_plan;
    use crate::repository::{FileKind, LoadLimits, NoChecks, ReferenceLists};

    fn event_file(action: &str, extra: &str) -> FileContent {
        let text = format!(
            "---\ndescription: d\ninternal_events: true\naction: {action}\nidentifiers:\n- user\n{extra}milestone: '16.6'\ntiers:\n- free\n"
        );
        FileContent::text(format!("config/events/{action}.yml"), FileKind::Event, text)
    }

    fn repo(files: Vec<FileContent>) -> Repository {
        let mut reference = ReferenceLists::built_in();
        reference.milestone = Some("16.6".into());
        let root = PathBuf::from("/nonexistent-eventdef-root");
        Repository::from_contents(root, files, reference, &LoadLimits::default(), &NoChecks)
    }

    fn resolve_text(plan: &str, repo: &Repository) -> Result<Vec<PlannedFile>, Vec<PlanProblem>> {
        let plan = parse_plan(plan, "plan.yml").map_err(|p| panic!("plan: {p:?}")).unwrap_or_default();
        resolve(&plan, repo, None)
    }

    #[test]
    fn validator_errors_in_new_files_refuse_the_plan_unless_allowed() {
        let repo = repo(vec![]);
        let file = PlannedFile {
            path: "config/events/x.yml".into(),
            content: "description: [\n".into(),
            exists: false,
            definition: PlannedDefinition::Event(EventDefinition::default()),
            entry: "events[0]".into(),
        };
        let files = [file];
        let problems = validate_after(&repo, &files, &ApplyOptions::default()).unwrap_err();
        assert_eq!(problems[0].location, "events[0]");
        assert!(problems[0].message.starts_with("config/events/x.yml:"), "{problems:?}");
        assert!(problems[0].message.contains("error[yaml-syntax]"), "{problems:?}");
        let allowed = ApplyOptions { allow_rules: vec!["yaml-syntax".into()], ..ApplyOptions::default() };
        let (_, findings) = validate_after(&repo, &files, &allowed).unwrap();
        assert_eq!(findings[0].rule, "yaml-syntax");
    }

    #[test]
    fn copy_takes_the_first_events_value_when_the_others_agree() {
        // The first event has no product_group, the second has one: GitLab's "Copy & continue"
        // treats the group as shared and copies the first event's (missing) value.
        let repo = repo(vec![
            event_file("a_first", "product_categories:\n- service_ping\n"),
            event_file("b_second", "product_group: analytics_instrumentation\nproduct_categories:\n- acquisition\n"),
        ]);
        let plan = "metrics:\n- events: [b_second, a_first]\n  count: total\n  description: Count of both\n";
        let problems = resolve_text(plan, &repo).unwrap_err();
        assert_eq!(problems[0].location, "metrics[0].product_group");
        assert!(problems[0].message.contains("`a_first` has none"), "{problems:?}");
        // Given explicitly, the rest is copied: categories as a union in the known list's order.
        let plan = format!("{plan}  product_group: analytics_instrumentation\n");
        let files = resolve_text(&plan, &repo).unwrap();
        let PlannedDefinition::Metric(m) = &files[0].definition else { panic!() };
        assert_eq!(m.product_categories.as_deref(), Some(&["acquisition".to_owned(), "service_ping".to_owned()][..]));
        assert_eq!(m.introduced_by_url.as_deref(), Some("TODO"));
        assert_eq!(m.events().iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["a_first", "b_second"]);
        assert_eq!(m.key_path, "counts.count_total_a_first_and_b_second");
    }

    #[test]
    fn filters_are_a_cartesian_product_in_the_events_property_order() {
        let props = "additional_properties:\n  label:\n    description: l\n  property:\n    description: p\n  value:\n    description: v\n  custom:\n    description: c\nproduct_group: analytics_instrumentation\nproduct_categories:\n- service_ping\n";
        let repo = repo(vec![event_file("e", props)]);
        let plan = "metrics:\n- events:\n  - name: e\n    filter: {custom: [' 7 ', '7', x, '1.5'], value: ['3', 3], property: [' ', ''], label: [a, b, a, 5]}\n  count: unique\n  unique_by: user\n  name: n\n  description: Count\n";
        let files = resolve_text(plan, &repo).unwrap();
        let PlannedDefinition::Metric(m) = &files[0].definition else { panic!() };
        let shown: Vec<String> = m
            .events()
            .iter()
            .map(|e| e.filter.iter().map(|(k, v)| format!("{k}={v:?}")).collect::<Vec<_>>().join(","))
            .collect();
        assert_eq!(shown.len(), 3 * 3);
        assert_eq!(shown[0], r#"label=String("a"),value=Int(3),custom=Int(7)"#);
        assert_eq!(shown[1], r#"label=String("a"),value=Int(3),custom=String("x")"#);
        assert_eq!(shown[2], r#"label=String("a"),value=Int(3),custom=Float(1.5)"#);
        assert_eq!(shown[8], r#"label=String("5"),value=Int(3),custom=Float(1.5)"#);
    }

    #[test]
    fn default_names_that_are_too_long_need_a_name() {
        let long = "a".repeat(90);
        let repo = repo(vec![event_file(
            &long,
            "product_group: analytics_instrumentation\nproduct_categories:\n- service_ping\n",
        )]);
        let plan = format!("metrics:\n- events: [{long}]\n  count: total\n  description: Count\n");
        let problems = resolve_text(&plan, &repo).unwrap_err();
        assert!(problems[0].message.contains("longer than 100 characters"), "{problems:?}");
        assert!(problems[0].message.contains("counts.count_total_[REPLACE ME]"), "{problems:?}");
    }
}
