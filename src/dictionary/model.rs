//! What the dictionary shows: one row per definition (the tables' data file), one page per
//! definition, and the problems the validator found. Built once from a loaded repository, then
//! written as a site, a JSON file or Markdown pages.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{EventDefinition, MetricDefinition, Status, common};
use crate::render::{self, Templates, UsageOptions, UsageTarget, escape};
use crate::repository::stages::Stages;
use crate::repository::{Loaded, Repository};

/// A row of the metrics table (and of `--format json`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct MetricRow {
    /// The detail page, relative to the site root.
    pub page: String,
    pub key_path: String,
    pub description: String,
    pub group: String,
    pub section: String,
    pub stage: String,
    pub categories: Vec<String>,
    pub data_source: String,
    pub status: String,
    /// `7d`, `28d`, `all`, `none`: one per time frame of the file.
    pub time_frame: Vec<String>,
    pub tiers: Vec<String>,
    pub milestone: String,
    pub data_category: String,
    pub performance_indicator_type: Vec<String>,
    /// `CE` or `EE` (under `ee/`).
    pub edition: String,
    /// The actions of the events it counts.
    pub events: Vec<String>,
    /// `removed`, `broken`, `deprecated` (an outdated data source), or empty.
    pub lifecycle: String,
    /// Findings of the validator in its file.
    pub problems: usize,
    pub file: String,
}

/// A row of the events table.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EventRow {
    pub page: String,
    pub action: String,
    pub description: String,
    pub identifiers: Vec<String>,
    pub properties: Vec<String>,
    pub group: String,
    pub section: String,
    pub stage: String,
    pub categories: Vec<String>,
    pub tiers: Vec<String>,
    pub status: String,
    pub classification: String,
    /// `internal` (internal events) or `legacy` (Snowplow only).
    pub kind: String,
    pub milestone: String,
    pub edition: String,
    /// Key paths of the metrics counting it.
    pub metrics: Vec<String>,
    pub lifecycle: String,
    pub problems: usize,
    pub file: String,
}

/// One field of a definition as written: name and its value as text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Field {
    pub name: String,
    pub value: String,
}

/// A link from one definition to another, with what the metric does with the event.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Link {
    /// The other definition's name: an action or a key path.
    pub name: String,
    /// Its page relative to the site root; empty when it is not defined.
    pub page: String,
    /// `unique by user.id`, `sum of value`, `label=x`, …
    pub detail: String,
    pub lifecycle: String,
}

/// A usage snippet or a query, titled.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Snippet {
    pub title: String,
    pub text: String,
}

/// A validator finding, as the problems page and the detail pages list it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Problem {
    pub file: String,
    /// The definition's page, when the file holds one.
    pub page: String,
    pub line: u32,
    pub severity: String,
    pub rule: String,
    pub message: String,
    pub help: String,
}

/// Everything one detail page shows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Detail {
    /// `event` or `metric`.
    pub kind: String,
    /// The action or the key path.
    pub name: String,
    pub description: String,
    pub lifecycle: String,
    pub file: String,
    pub file_url: String,
    pub fields: Vec<Field>,
    /// The definition as JSON (for `--format json`).
    pub definition: serde_json::Value,
    pub yaml: String,
    /// For an event, the metrics counting it; for a metric, its events.
    pub links: Vec<Link>,
    pub snippets: Vec<Snippet>,
    pub problems: Vec<Problem>,
}

/// The whole dictionary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Dictionary {
    pub title: String,
    pub metrics: Vec<MetricRow>,
    pub events: Vec<EventRow>,
    /// Every finding of the validator, by file and line.
    pub problems: Vec<Problem>,
    /// Detail pages, in the order of `events` then `metrics`.
    #[serde(skip)]
    pub details: Vec<Detail>,
}

/// How to build it.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub title: String,
    /// Prefix of a link to a file in the repository's web view (the file path is appended).
    pub repo_url: Option<String>,
    pub stages: Option<Stages>,
    /// Render the usage snippets and queries on detail pages.
    pub snippets: bool,
}

/// The link to the definition in `path` (relative to the repository root): the one detail
/// page with the path as its `id`, percent-encoded (file names may hold `#`, `&` or `%`).
pub fn page_of(path: &str) -> String {
    format!("definition.html?id={}", crate::render::escape::url_path(path))
}

fn lifecycle(status: Option<Status>, in_removed_folder: bool, deprecated: bool) -> String {
    match status {
        Some(Status::Removed) => "removed",
        _ if in_removed_folder => "removed",
        Some(Status::Broken) => "broken",
        _ if deprecated => "deprecated",
        _ => "",
    }
    .to_owned()
}

fn edition(path: &str) -> String {
    if path.starts_with("ee/") { "EE" } else { "CE" }.to_owned()
}

/// The stage and section of a group, from the stages file when there is one.
fn placement(stages: Option<&Stages>, group: &str) -> (String, String) {
    match stages.and_then(|s| s.group(group)) {
        Some(g) => (g.section.clone(), g.stage.clone()),
        None => (String::new(), String::new()),
    }
}

fn tier_names(tiers: &[common::Tier]) -> Vec<String> {
    tiers.iter().map(|t| t.as_str().to_owned()).collect()
}

fn file_url(options: &BuildOptions, path: &str) -> String {
    match &options.repo_url {
        Some(url) if !url.is_empty() => format!("{}/{}", url.trim_end_matches('/'), escape::url_path(path)),
        _ => String::new(),
    }
}

/// How a metric uses one of its events: `unique by user.id`, `sum of value`, filters.
fn event_detail(event: &crate::model::MetricEvent) -> String {
    let mut parts = Vec::new();
    if let Some(unique) = event.unique {
        parts.push(format!("unique by {}", unique.as_str()));
    }
    if event.operator.is_some() {
        parts.push("sum of value".to_owned());
    }
    for (key, value) in &event.filter {
        parts.push(format!("{key}={value}"));
    }
    parts.join(", ")
}

impl Dictionary {
    /// Build the dictionary of `repo`, with the validator's `findings` about it.
    pub fn build(
        repo: &Repository,
        findings: &[Diagnostic],
        templates: &Templates,
        options: &BuildOptions,
    ) -> crate::Result<Dictionary> {
        let stages = options.stages.as_ref();
        let mut by_file: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
        for d in findings {
            by_file.entry(d.path.as_str()).or_default().push(d);
        }
        let count = |path: &str| by_file.get(path).map_or(0, Vec::len);

        // Which metrics count each action (removed ones too: the page says they are removed).
        let mut counted_by: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, m) in repo.metrics.iter().enumerate() {
            for e in m.def.events() {
                let list = counted_by.entry(e.name.as_str()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }

        let metric_rows: Vec<MetricRow> = repo.metrics.iter().map(|m| metric_row(repo, m, stages, &count)).collect();
        let event_rows: Vec<EventRow> = repo
            .events
            .iter()
            .map(|e| {
                let mut row = event_row(repo, e, stages, &count);
                row.metrics = counted_by
                    .get(e.def.action.as_str())
                    .map(|ms| ms.iter().map(|&i| repo.metrics[i].def.key_path.clone()).collect())
                    .unwrap_or_default();
                row
            })
            .collect();

        let defined: HashSet<usize> =
            repo.events.iter().map(|e| e.file).chain(repo.metrics.iter().map(|m| m.file)).collect();
        let problem_of = |d: &Diagnostic| Problem {
            file: d.path.clone(),
            page: if repo.file_index(&d.path).is_some_and(|i| defined.contains(&i)) {
                page_of(&d.path)
            } else {
                String::new()
            },
            line: d.line,
            severity: d.severity.as_str().to_owned(),
            rule: d.rule.to_owned(),
            message: d.message.clone(),
            help: d.help.clone(),
        };
        let problems: Vec<Problem> = findings.iter().map(problem_of).collect();
        let problems_in = |path: &str| -> Vec<Problem> {
            by_file.get(path).map(|ds| ds.iter().map(|d| problem_of(d)).collect()).unwrap_or_default()
        };

        let usage_options = UsageOptions { divider_width: 0, stages: options.stages.clone() };
        let event_details: Vec<crate::Result<Detail>> = repo
            .events
            .par_iter()
            .zip(event_rows.par_iter())
            .map(|(e, row)| {
                let path = &repo.file(e.file).path;
                let links = counted_by
                    .get(e.def.action.as_str())
                    .into_iter()
                    .flatten()
                    .map(|&i| {
                        let m = &repo.metrics[i];
                        let uses: Vec<String> = m
                            .def
                            .events()
                            .iter()
                            .filter(|x| x.name == e.def.action)
                            .map(event_detail)
                            .filter(|d| !d.is_empty())
                            .collect();
                        Link {
                            name: m.def.key_path.clone(),
                            page: page_of(&repo.file(m.file).path),
                            detail: uses.join("; "),
                            lifecycle: metric_rows[i].lifecycle.clone(),
                        }
                    })
                    .collect();
                let snippets = if options.snippets && e.def.is_internal() {
                    let candidates = counted_by.get(e.def.action.as_str()).map_or(&[][..], Vec::as_slice);
                    event_snippets(repo, &e.def, candidates, templates, &usage_options)?
                } else {
                    Vec::new()
                };
                Ok(Detail {
                    kind: "event".into(),
                    name: e.def.action.clone(),
                    description: e.def.description.clone(),
                    lifecycle: row.lifecycle.clone(),
                    file: path.clone(),
                    file_url: file_url(options, path),
                    fields: Vec::new(),
                    definition: serde_json::Value::Null,
                    yaml: String::new(),
                    links,
                    snippets,
                    problems: problems_in(path),
                })
            })
            .collect();
        // Each internal event's query, for the pages of the metrics counting it (the event that
        // metrics count: an active one before a removed one, as `internal_event` picks).
        let mut queries: HashMap<&str, &str> = HashMap::new();
        for (e, detail) in repo.events.iter().zip(&event_details) {
            if let Ok(detail) = detail
                && let Some(sql) = detail.snippets.iter().find(|s| s.title == UsageTarget::Sql.menu_label())
                && repo.internal_event(&e.def.action).is_some_and(|chosen| std::ptr::eq(chosen, e))
            {
                queries.insert(e.def.action.as_str(), sql.text.as_str());
            }
        }
        let metric_details: Vec<crate::Result<Detail>> = repo
            .metrics
            .par_iter()
            .zip(metric_rows.par_iter())
            .map(|(m, row)| {
                let path = &repo.file(m.file).path;
                let links = m
                    .def
                    .events()
                    .iter()
                    .map(|x| {
                        let target = repo.internal_event(&x.name).or_else(|| repo.event(&x.name));
                        Link {
                            name: x.name.clone(),
                            page: target.map(|t| page_of(&repo.file(t.file).path)).unwrap_or_default(),
                            detail: event_detail(x),
                            lifecycle: target
                                .map(|t| lifecycle(t.def.status, repo.file(t.file).in_removed_folder(), false))
                                .unwrap_or_else(|| "undefined".into()),
                        }
                    })
                    .collect();
                let snippets = metric_snippets(&m.def, &queries);
                Ok(Detail {
                    kind: "metric".into(),
                    name: m.def.key_path.clone(),
                    description: m.def.description.clone().unwrap_or_default(),
                    lifecycle: row.lifecycle.clone(),
                    file: path.clone(),
                    file_url: file_url(options, path),
                    fields: Vec::new(),
                    definition: serde_json::Value::Null,
                    yaml: String::new(),
                    links,
                    snippets,
                    problems: problems_in(path),
                })
            })
            .collect();
        let mut details = Vec::with_capacity(event_details.len() + metric_details.len());
        for d in event_details.into_iter().chain(metric_details) {
            details.push(d?);
        }
        // Every field and the source, read again (the loaded model keeps neither).
        details.par_iter_mut().for_each(|detail| {
            if let Some(index) = repo.file_index(&detail.file) {
                let source = repo.source_file(repo.file(index));
                detail.yaml = source.text.clone();
                detail.definition = source.root().map(|r| r.to_json()).unwrap_or_default();
                if let Some(map) = source.root().and_then(|r| r.as_map()) {
                    detail.fields = map
                        .entries
                        .iter()
                        .map(|(k, v)| Field {
                            name: k.key_text().unwrap_or_else(|| k.flow_text()),
                            value: field_text(&v.to_json()),
                        })
                        .collect();
                }
            }
        });
        Ok(Dictionary { title: options.title.clone(), metrics: metric_rows, events: event_rows, problems, details })
    }

    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::Error.as_str()).count()
    }

    /// Files with at least one finding.
    pub fn files_with_problems(&self) -> usize {
        let files: std::collections::BTreeSet<&str> = self.problems.iter().map(|p| p.file.as_str()).collect();
        files.len()
    }

    /// Product groups with their metrics and events (row indexes), sorted by group name; the
    /// definitions without a group come under the empty name.
    pub fn by_group(&self) -> BTreeMap<&str, (Vec<usize>, Vec<usize>)> {
        let mut groups: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for (i, m) in self.metrics.iter().enumerate() {
            groups.entry(m.group.as_str()).or_default().0.push(i);
        }
        for (i, e) in self.events.iter().enumerate() {
            groups.entry(e.group.as_str()).or_default().1.push(i);
        }
        groups
    }
}

/// A field's value as the detail page shows it: text as is, a list of texts or numbers joined
/// with commas, anything else as indented JSON.
fn field_text(value: &serde_json::Value) -> String {
    use serde_json::Value as J;
    let scalar = |v: &J| match v {
        J::String(s) => Some(s.clone()),
        J::Number(n) => Some(n.to_string()),
        J::Bool(b) => Some(b.to_string()),
        J::Null => Some(String::new()),
        _ => None,
    };
    if let Some(text) = scalar(value) {
        return text;
    }
    if let J::Array(items) = value
        && let Some(texts) = items.iter().map(scalar).collect::<Option<Vec<String>>>()
    {
        return texts.join(", ");
    }
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn metric_row(
    repo: &Repository,
    m: &Loaded<MetricDefinition>,
    stages: Option<&Stages>,
    count: &dyn Fn(&str) -> usize,
) -> MetricRow {
    let def = &m.def;
    let path = &repo.file(m.file).path;
    let group = def.product_group.clone().unwrap_or_default();
    let (section, stage) = placement(stages, &group);
    let data_source = def.data_source.map(|d| d.as_str().to_owned()).unwrap_or_default();
    let deprecated = matches!(data_source.as_str(), "redis" | "redis_hll");
    MetricRow {
        page: page_of(path),
        key_path: def.key_path.clone(),
        description: def.description.clone().unwrap_or_default(),
        group,
        section,
        stage,
        categories: def.product_categories.clone().unwrap_or_default(),
        data_source,
        status: def.status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        time_frame: def
            .time_frame
            .as_ref()
            .map(|t| t.frames().iter().map(|f| f.as_str().to_owned()).collect())
            .unwrap_or_default(),
        tiers: tier_names(def.tiers.as_deref().unwrap_or_default()),
        milestone: def.milestone.clone().unwrap_or_default(),
        data_category: def.data_category.map(|d| d.as_str().to_owned()).unwrap_or_default(),
        performance_indicator_type: def.performance_indicator_type.clone().unwrap_or_default(),
        edition: edition(path),
        events: def.events().iter().map(|e| e.name.clone()).collect(),
        lifecycle: lifecycle(def.status, repo.file(m.file).in_removed_folder(), deprecated),
        problems: count(path),
        file: path.clone(),
    }
}

fn event_row(
    repo: &Repository,
    e: &Loaded<EventDefinition>,
    stages: Option<&Stages>,
    count: &dyn Fn(&str) -> usize,
) -> EventRow {
    let def = &e.def;
    let path = &repo.file(e.file).path;
    let group = def.product_group.clone().unwrap_or_default();
    let (section, stage) = placement(stages, &group);
    EventRow {
        page: page_of(path),
        action: def.action.clone(),
        description: def.description.clone(),
        identifiers: def.identifiers().iter().map(|i| i.as_str().to_owned()).collect(),
        properties: def.property_names().map(str::to_owned).collect(),
        group,
        section,
        stage,
        categories: def.product_categories.clone().unwrap_or_default(),
        tiers: tier_names(&def.tiers),
        status: def.status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        classification: def.classification.clone().unwrap_or_default(),
        kind: if def.is_internal() { "internal" } else { "legacy" }.to_owned(),
        milestone: def.milestone.clone().unwrap_or_default(),
        edition: edition(path),
        metrics: Vec::new(),
        lifecycle: lifecycle(def.status, repo.file(e.file).in_removed_folder(), false),
        problems: count(path),
        file: path.clone(),
    }
}

/// GitLab's "View Usage" snippets for an internal event, from the same templates as
/// `eventdef usage`, each titled as GitLab's menu names it. The context is built once for all
/// of them, and its metrics are looked for among `candidates` (the metrics naming the event),
/// not among every metric: on thousands of events, building contexts dominated the build.
fn event_snippets(
    repo: &Repository,
    event: &EventDefinition,
    candidates: &[usize],
    templates: &Templates,
    options: &UsageOptions,
) -> crate::Result<Vec<Snippet>> {
    let related = render::related_metrics_among(repo, &event.action, candidates.iter().copied());
    let context = render::usage_context_with(repo, event, related, options);
    let names = UsageTarget::ALL.map(UsageTarget::template_name);
    let texts = templates.render_each(&names, &context)?;
    Ok(UsageTarget::ALL
        .iter()
        .zip(texts)
        .map(|(target, text)| Snippet {
            title: target.menu_label().to_owned(),
            text: text.trim_matches('\n').to_owned(),
        })
        .collect())
}

/// The data-verification query of each event a metric counts (it lists the metric): the one
/// already rendered for the event's page.
fn metric_snippets(metric: &MetricDefinition, queries: &HashMap<&str, &str>) -> Vec<Snippet> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for e in metric.events() {
        if seen.contains(&e.name.as_str()) {
            continue;
        }
        seen.push(e.name.as_str());
        if let Some(query) = queries.get(e.name.as_str()) {
            out.push(Snippet {
                title: format!("{} for {}", UsageTarget::Sql.menu_label(), e.name),
                text: (*query).to_owned(),
            });
        }
    }
    out
}
