//! A scaled, deterministic GitLab-like repository of definitions for the performance work.
//! `examples/gen_corpus.rs`, `examples/load_time.rs` and `benches/validate.rs`
//! include this file with `#[path]`, so the three measure the same trees.
//!
//! The file shapes follow the real files in `../shared/gitlab-corpus` (legacy Snowplow events,
//! database / redis_hll / redis / system metrics, GitLab's quoting and list indentation) and
//! the generator's output in `../shared/gitlab-cli-fixtures` (internal events and their
//! metrics). Every name carries a counter, so action names and key paths never collide and the
//! cross-file rules (unique `action`, unique `key_path` after time-frame expansion, every event
//! a metric uses is defined, `unique` needs the identifier, filters need the property) see a
//! consistent repository: a correct validator finds no error in it (the redis and redis_hll
//! metrics draw the `deprecated-data-source` warning, as they do in GitLab's repository).
//!
//! Mix (of N files): 40 % events — 85 % internal events (with and without identifiers and
//! additional properties, a fifth of them Premium/Ultimate-only under `ee/`), 12 % legacy
//! Snowplow events, 3 % removed events in `removed/`; 60 % metrics — 55 % internal_events
//! metrics (total, unique by identifier or label, sum, filtered, single- and multi-event) that
//! use the generated events, 20 % database, 3 % removed, 8 % redis_hll, 2 % redis, 8 % settings
//! and 4 % license (system) metrics.

// Included by three targets that each use a different part of it.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::io;
use std::path::Path;
use std::time::Instant;

use eventdef::model::naming::{self, Measure};
use eventdef::model::{Tier, TimeFrame, UniqueBy};
use eventdef::repository::reference::{parse_feature_categories, parse_product_groups};
use rayon::prelude::*;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct CorpusOptions {
    /// Number of definition files (events + metrics).
    pub files: usize,
    /// Same seed, same bytes.
    pub seed: u64,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions { files: 10_000, seed: 6 }
    }
}

/// The two reference lists written into the generated repository, as text.
#[derive(Debug, Clone)]
pub struct ReferenceTexts {
    pub product_groups_json: String,
    pub feature_categories_yml: String,
    /// Where they came from, for the summary.
    pub source: String,
}

impl ReferenceTexts {
    /// GitLab's lists from `../shared/gitlab-corpus` next to `crate_root`, or — when the oracles
    /// are not there (a fresh clone) — the byte-identical built-in copies in `schemas/lists/`.
    pub fn from_corpus_or_built_in(crate_root: &Path) -> ReferenceTexts {
        let corpus = crate_root.join("../shared/gitlab-corpus");
        let groups = std::fs::read_to_string(corpus.join("config/metrics/schema/product_groups.json"));
        let categories = std::fs::read_to_string(corpus.join("config/feature_categories.yml"));
        match (groups, categories) {
            (Ok(product_groups_json), Ok(feature_categories_yml)) => {
                ReferenceTexts { product_groups_json, feature_categories_yml, source: corpus.display().to_string() }
            }
            _ => ReferenceTexts {
                product_groups_json: include_str!("../../schemas/lists/product_groups.json").to_owned(),
                feature_categories_yml: include_str!("../../schemas/lists/feature_categories.yml").to_owned(),
                source: "schemas/lists (built-in copies)".to_owned(),
            },
        }
    }
}

/// How many files of each kind were written.
#[derive(Debug, Clone, Default)]
pub struct CorpusSummary {
    pub files: usize,
    pub internal_events: usize,
    pub legacy_events: usize,
    pub removed_events: usize,
    pub ee_events: usize,
    pub internal_event_metrics: usize,
    pub multi_event_metrics: usize,
    pub database_metrics: usize,
    pub removed_metrics: usize,
    pub redis_hll_metrics: usize,
    pub redis_metrics: usize,
    pub system_metrics: usize,
    pub ee_metrics: usize,
    pub bytes: usize,
    pub millis: u128,
}

impl std::fmt::Display for CorpusSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let events = self.internal_events + self.legacy_events + self.removed_events;
        writeln!(f, "{} files ({} KiB) in {} ms", self.files, self.bytes / 1024, self.millis)?;
        writeln!(
            f,
            "  events:  {events} ({} internal, {} legacy, {} removed; {} under ee/)",
            self.internal_events, self.legacy_events, self.removed_events, self.ee_events
        )?;
        write!(
            f,
            "  metrics: {} ({} internal_events of which {} multi-event, {} database, {} removed, {} redis_hll, {} redis, {} system; {} under ee/)",
            self.files - events,
            self.internal_event_metrics,
            self.multi_event_metrics,
            self.database_metrics,
            self.removed_metrics,
            self.redis_hll_metrics,
            self.redis_metrics,
            self.system_metrics,
            self.ee_metrics
        )
    }
}

/// Write a repository of `options.files` definitions into `out`, which must be missing or empty.
pub fn generate(out: &Path, options: &CorpusOptions, lists: &ReferenceTexts) -> io::Result<CorpusSummary> {
    let started = Instant::now();
    if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} is not empty; give a new or empty folder", out.display()),
        ));
    }
    let (files, mut summary) = plan(options, lists)?;

    let mut folders: Vec<&str> =
        files.iter().filter_map(|(path, _)| path.rsplit_once('/').map(|(dir, _)| dir)).collect();
    folders.sort_unstable();
    folders.dedup();
    for folder in folders {
        std::fs::create_dir_all(out.join(folder))?;
    }
    files.par_iter().try_for_each(|(path, text)| std::fs::write(out.join(path), text))?;

    summary.bytes = files.iter().map(|(_, text)| text.len()).sum();
    summary.millis = started.elapsed().as_millis();
    Ok(summary)
}

/// Every file of the repository as (relative path, text), reference lists and `VERSION` first.
pub fn plan(options: &CorpusOptions, lists: &ReferenceTexts) -> io::Result<(Vec<(String, String)>, CorpusSummary)> {
    let groups = parse_product_groups(&lists.product_groups_json, Path::new("product_groups.json"))
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
    let categories = parse_feature_categories(&lists.feature_categories_yml, Path::new("feature_categories.yml"))
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
    if groups.is_empty() || categories.is_empty() {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "empty product group or feature category list"));
    }
    let mut generator = Generator {
        rng: fastrand::Rng::with_seed(options.seed),
        groups,
        categories,
        files: Vec::with_capacity(options.files + 3),
        summary: CorpusSummary::default(),
    };
    generator.files.push(("config/metrics/schema/product_groups.json".into(), lists.product_groups_json.clone()));
    generator.files.push(("config/feature_categories.yml".into(), lists.feature_categories_yml.clone()));
    generator.files.push(("VERSION".into(), "18.6.0-pre\n".into()));

    let event_count = (options.files * 2).div_ceil(5).min(options.files);
    let metric_count = options.files - event_count;
    let removed_events = event_count * 3 / 100;
    let legacy_events = event_count * 12 / 100;
    let internal_events = event_count - removed_events - legacy_events;

    let mut events = Vec::with_capacity(internal_events);
    for n in 0..internal_events {
        let event = generator.internal_event(n);
        generator.write_internal_event(&event, None);
        events.push(event);
    }
    let mut legacy_names = Vec::with_capacity(legacy_events);
    for n in 0..legacy_events {
        legacy_names.push(generator.legacy_event(internal_events + n));
    }
    for n in 0..removed_events {
        let event = generator.internal_event(internal_events + legacy_events + n);
        let removed = Removal { milestone: generator.milestone_after(&event.milestone), mr: generator.mr() };
        generator.write_internal_event(&event, Some(&removed));
    }

    // Metrics: fixed shares of the non-event kinds, the rest counts the generated events.
    let database = metric_count * 20 / 100;
    let removed_metrics = metric_count * 3 / 100;
    let redis_hll = metric_count * 8 / 100;
    let redis = metric_count * 2 / 100;
    let settings = metric_count * 8 / 100;
    let license = metric_count * 4 / 100;
    let event_metrics = metric_count - database - removed_metrics - redis_hll - redis - settings - license;

    let candidates = event_metric_candidates(&events);
    let written_event_metrics = event_metrics.min(candidates.len());
    for candidate in candidates.iter().take(written_event_metrics) {
        generator.event_metric(&events, candidate);
    }
    // Small trees have fewer event metrics to offer than their share; fill with database ones.
    let database = database + (event_metrics - written_event_metrics);
    for n in 0..database {
        generator.database_metric(n, false);
    }
    for n in 0..removed_metrics {
        generator.database_metric(database + n, true);
    }
    for n in 0..redis_hll {
        let legacy = legacy_names.get(n % legacy_names.len().max(1)).cloned();
        generator.redis_hll_metric(n, legacy.as_deref());
    }
    for n in 0..redis {
        generator.redis_metric(n);
    }
    for n in 0..settings {
        generator.system_metric(n, "settings");
    }
    for n in 0..license {
        generator.system_metric(n, "license");
    }

    let mut summary = generator.summary;
    summary.files = generator.files.len() - 3;
    Ok((generator.files, summary))
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

/// (action word, description verb)
const VERBS: &[(&str, &str)] = &[
    ("view", "views"),
    ("click", "clicks"),
    ("create", "creates"),
    ("update", "updates"),
    ("delete", "deletes"),
    ("open", "opens"),
    ("close", "closes"),
    ("submit", "submits"),
    ("approve", "approves"),
    ("export", "exports"),
    ("import", "imports"),
    ("enable", "enables"),
    ("disable", "disables"),
    ("search", "searches"),
    ("share", "shares"),
    ("filter", "filters"),
];

/// (name part, words, Ruby class part)
const OBJECTS: &[(&str, &str, &str)] = &[
    ("merge_request", "merge request", "MergeRequests"),
    ("issue", "issue", "Issues"),
    ("pipeline", "pipeline", "Pipelines"),
    ("epic", "epic", "Epics"),
    ("runner", "runner", "Runners"),
    ("wiki_page", "wiki page", "WikiPages"),
    ("snippet", "snippet", "Snippets"),
    ("label", "label", "Labels"),
    ("milestone", "milestone", "Milestones"),
    ("deploy_key", "deploy key", "DeployKeys"),
    ("package", "package", "Packages"),
    ("environment", "environment", "Environments"),
    ("dashboard", "dashboard", "Dashboards"),
    ("vulnerability", "vulnerability", "Vulnerabilities"),
    ("release", "release", "Releases"),
    ("webhook", "webhook", "Webhooks"),
    ("branch", "branch", "Branches"),
    ("commit", "commit", "Commits"),
    ("iteration", "iteration", "Iterations"),
    ("workspace", "workspace", "Workspaces"),
];

const AREAS: &[&str] = &[
    "project settings page",
    "group overview page",
    "merge request widget",
    "issue sidebar",
    "admin area",
    "pipeline editor",
    "security dashboard",
    "Web IDE",
    "repository browser",
    "user profile page",
];

const FILTER_LABELS: &[&str] = &["success", "failure", "web", "api", "mobile", "cli"];

/// Identifier presets as the generator writes them (gitlab-cli-fixtures/events/*).
const IDENTIFIER_SETS: &[&[&str]] = &[
    &[],
    &["user"],
    &["project", "user"],
    &["project", "namespace", "user"],
    &["namespace", "user"],
    &["project", "namespace", "user"],
    &["feature_enabled_by_namespace_ids", "user"],
    &["project", "namespace"],
];

/// Additional-property presets that satisfy the schema's anyOf
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/config/events/schema.json).
const PROPERTY_SETS: &[&[&str]] = &[
    &[],
    &[],
    &[],
    &["label"],
    &["label", "property"],
    &["value"],
    &["label", "value"],
    &["label", "property", "value"],
    &["label", "property", "custom_key"],
    &["value", "duration_seconds"],
];

const TIERS_ALL: &[Tier] = &[Tier::Free, Tier::Premium, Tier::Ultimate];
const TIERS_PREMIUM: &[Tier] = &[Tier::Premium, Tier::Ultimate];
const TIERS_ULTIMATE: &[Tier] = &[Tier::Ultimate];

// ---------------------------------------------------------------------------------------------
// Planning

struct Generator {
    rng: fastrand::Rng,
    groups: Vec<String>,
    categories: Vec<String>,
    files: Vec<(String, String)>,
    summary: CorpusSummary,
}

/// An internal event, kept so that metrics can count it.
struct Event {
    action: String,
    description: String,
    identifiers: &'static [&'static str],
    properties: &'static [&'static str],
    tiers: &'static [Tier],
    group: String,
    categories: Vec<String>,
    milestone: String,
    mr: u32,
}

impl Event {
    fn has_identifier(&self, id: &str) -> bool {
        self.identifiers.contains(&id)
    }

    fn has_property(&self, name: &str) -> bool {
        self.properties.contains(&name)
    }
}

struct Removal {
    milestone: String,
    mr: u32,
}

/// One internal_events metric to write: what it measures over which events.
#[derive(Debug, Clone)]
struct Candidate {
    events: Vec<usize>,
    measure: Measure,
    frames: &'static [TimeFrame],
    /// `label` filter value; filtered metrics get a custom name, as the generator asks for one.
    filter_label: Option<&'static str>,
}

const FRAMES_TOTAL: &[TimeFrame] = &[TimeFrame::Month, TimeFrame::Week, TimeFrame::All];
const FRAMES_UNIQUE: &[TimeFrame] = &[TimeFrame::Month, TimeFrame::Week];
const FRAMES_WEEK: &[TimeFrame] = &[TimeFrame::Week];
const FRAMES_MONTH: &[TimeFrame] = &[TimeFrame::Month];

/// Every metric the events support, in rounds (one per event per round, kinds rotated), so
/// that taking a prefix gives a mix of kinds spread over all events. Each (events, measure)
/// appears once and one event gets only one total count, so key paths stay unique after the
/// `_weekly`/`_monthly` expansion.
fn event_metric_candidates(events: &[Event]) -> Vec<Candidate> {
    let per_event: Vec<Vec<Candidate>> = events
        .iter()
        .enumerate()
        .map(|(i, event)| {
            let single = |measure, frames, filter_label| Candidate { events: vec![i], measure, frames, filter_label };
            let mut kinds = Vec::new();
            kinds.push(match i % 5 {
                0 => single(Measure::Total, FRAMES_WEEK, None),
                1 => single(Measure::Total, FRAMES_MONTH, None),
                _ => single(Measure::Total, FRAMES_TOTAL, None),
            });
            for (id, by) in
                [("user", UniqueBy::UserId), ("project", UniqueBy::ProjectId), ("namespace", UniqueBy::NamespaceId)]
            {
                if event.has_identifier(id) {
                    let frames = match i % 7 {
                        0 => FRAMES_WEEK,
                        1 => FRAMES_MONTH,
                        _ => FRAMES_UNIQUE,
                    };
                    kinds.push(single(Measure::Unique(by), frames, None));
                }
            }
            if event.has_property("value") {
                kinds.push(single(Measure::Sum, FRAMES_TOTAL, None));
            }
            if event.has_property("label") {
                kinds.push(single(Measure::Unique(UniqueBy::Label), FRAMES_UNIQUE, None));
                kinds.push(single(Measure::Total, FRAMES_TOTAL, Some(FILTER_LABELS[i % FILTER_LABELS.len()])));
            }
            // A multi-event total with the next event of the same tiers, as in
            // total_multiple_events_with_rename.yml.
            if i % 3 == 0 && events.get(i + 1).is_some_and(|next| next.tiers == event.tiers) {
                kinds.push(Candidate {
                    events: vec![i, i + 1],
                    measure: Measure::Total,
                    frames: FRAMES_TOTAL,
                    filter_label: None,
                });
            }
            let rotation = i % kinds.len();
            kinds.rotate_left(rotation);
            kinds
        })
        .collect();
    let rounds = per_event.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::new();
    for round in 0..rounds {
        for kinds in &per_event {
            if let Some(c) = kinds.get(round) {
                out.push(c.clone());
            }
        }
    }
    out
}

impl Generator {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(..items.len())]
    }

    fn group(&mut self) -> String {
        self.groups[self.rng.usize(..self.groups.len())].clone()
    }

    fn product_categories(&mut self) -> Vec<String> {
        let count = if self.rng.u8(..10) < 8 { 1 } else { 2 };
        let mut picked: Vec<String> =
            (0..count).map(|_| self.categories[self.rng.usize(..self.categories.len())].clone()).collect();
        picked.sort();
        picked.dedup();
        picked
    }

    fn milestone(&mut self) -> String {
        let major = self.rng.u32(15..=17);
        let minor = self.rng.u32(0..=11);
        format!("{major}.{minor}")
    }

    /// A milestone one to four milestones after `since` (before the `VERSION` of 18.6).
    fn milestone_after(&mut self, since: &str) -> String {
        let (major, minor) = since.split_once('.').unwrap_or(("17", "0"));
        let major: u32 = major.parse().unwrap_or(17);
        let minor: u32 = minor.parse().unwrap_or(0);
        let later = minor + self.rng.u32(1..=4);
        if later > 11 { format!("{}.{}", major + 1, later - 12) } else { format!("{major}.{later}") }
    }

    fn mr(&mut self) -> u32 {
        self.rng.u32(50_000..250_000)
    }

    fn tiers(&mut self) -> &'static [Tier] {
        match self.rng.u8(..100) {
            0..80 => TIERS_ALL,
            80..95 => TIERS_PREMIUM,
            _ => TIERS_ULTIMATE,
        }
    }

    fn internal_event(&mut self, n: usize) -> Event {
        let &(verb, verbs) = self.pick(VERBS);
        let &(object, object_words, _) = self.pick(OBJECTS);
        let area = *self.pick(AREAS);
        let identifiers = *self.pick(IDENTIFIER_SETS);
        let properties = *self.pick(PROPERTY_SETS);
        let tiers = self.tiers();
        let group = self.group();
        let categories = self.product_categories();
        let milestone = self.milestone();
        let mr = self.mr();
        Event {
            action: format!("{verb}_{object}_{n}"),
            description: format!("A user {verbs} a {object_words} from the {area} in the web interface"),
            identifiers,
            properties,
            tiers,
            group,
            categories,
            milestone,
            mr,
        }
    }

    /// Shape of gitlab-cli-fixtures/events/event_with_additional_properties.yml; removed events
    /// move to `removed/` with status, milestone_removed and removed_by_url
    /// (https://docs.gitlab.com/development/internal_analytics/internal_event_instrumentation/event_lifecycle/).
    fn write_internal_event(&mut self, e: &Event, removal: Option<&Removal>) {
        let mut y = String::with_capacity(640);
        y.push_str("---\n");
        let _ = writeln!(y, "description: {}", e.description);
        y.push_str("internal_events: true\n");
        if removal.is_some() {
            y.push_str("status: removed\n");
        }
        let _ = writeln!(y, "action: {}", e.action);
        if !e.identifiers.is_empty() {
            y.push_str("identifiers:\n");
            for id in e.identifiers {
                let _ = writeln!(y, "- {id}");
            }
        }
        if !e.properties.is_empty() {
            y.push_str("additional_properties:\n");
            for p in e.properties {
                let description = match *p {
                    "label" => "The outcome of the action (success or failure)",
                    "property" => "The page section the action started from",
                    "value" => "Time the action took (seconds)",
                    _ => "The extra custom property name",
                };
                let _ = writeln!(y, "  {p}:\n    description: {description}");
            }
        }
        let _ = writeln!(y, "product_group: {}", e.group);
        y.push_str("product_categories:\n");
        for c in &e.categories {
            let _ = writeln!(y, "- {c}");
        }
        let _ = writeln!(y, "milestone: '{}'", e.milestone);
        if let Some(r) = removal {
            let _ = writeln!(y, "milestone_removed: '{}'", r.milestone);
        }
        let _ = writeln!(y, "introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/{}", e.mr);
        if let Some(r) = removal {
            let _ = writeln!(y, "removed_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/{}", r.mr);
        }
        write_tiers(&mut y, e.tiers, "");

        let mut path = naming::event_file_path(&e.action, e.tiers);
        if removal.is_some() {
            let (dir, file) = path.rsplit_once('/').unwrap_or(("config/events", &path));
            path = format!("{dir}/removed/{file}");
            self.summary.removed_events += 1;
        } else {
            self.summary.internal_events += 1;
        }
        if path.starts_with("ee/") {
            self.summary.ee_events += 1;
        }
        self.files.push((path, y));
    }

    /// Legacy Snowplow event (config/events/1643968255_…, 1669605315_PostReceive_push.yml):
    /// timestamp-prefixed name, `category`, double-quoted milestone; half with indented lists.
    /// Returns the action, for redis_hll metrics to name.
    fn legacy_event(&mut self, n: usize) -> String {
        let &(verb, verbs) = self.pick(VERBS);
        let &(object, object_words, class) = self.pick(OBJECTS);
        let area = *self.pick(AREAS);
        let category = format!("Projects::{class}Controller");
        let action = format!("{verb}_{object}_{n}");
        let timestamp = 1_640_000_000 + n as u64 * 613;
        let indented = n % 2 == 1;
        let item = if indented { "  - " } else { "- " };
        let group = self.group();
        let milestone = format!("{}.{}", self.rng.u32(14..=15), self.rng.u32(0..=11));
        let mr = self.mr();

        let mut y = String::with_capacity(560);
        y.push_str("---\n");
        let _ = writeln!(y, "description: {} a {object_words} from the {area}, sent to Snowplow", capitalize(verbs));
        let _ = writeln!(y, "category: {category}");
        let _ = writeln!(y, "action: {action}");
        if indented {
            y.push_str("identifiers:\n");
            for id in ["project", "user", "namespace"] {
                let _ = writeln!(y, "{item}{id}");
            }
        }
        let _ = writeln!(y, "product_group: {group}");
        let _ = writeln!(y, "milestone: \"{milestone}\"");
        let _ = writeln!(y, "introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/{mr}");
        write_tiers(&mut y, TIERS_ALL, if indented { "  " } else { "" });
        if !indented {
            y.push_str("additional_properties:\n  label:\n    description: the selected option\n");
            y.push_str("  property:\n    description: selected option (string)\n");
        }
        let path = format!("config/events/{timestamp}_{}_{action}.yml", category.replace("::", "__"));
        self.summary.legacy_events += 1;
        self.files.push((path, y));
        action
    }

    /// Shape of gitlab-cli-fixtures/metrics/*.yml (key path, file path and description prefix
    /// from the generator's naming rules).
    fn event_metric(&mut self, events: &[Event], c: &Candidate) {
        let first = &events[c.events[0]];
        let actions: Vec<String> = c.events.iter().map(|&i| events[i].action.clone()).collect();
        let custom_name = c.filter_label.map(|label| format!("{}_with_label_{label}", first.action));
        let segment = naming::events_segment(&actions, custom_name.as_deref());
        let key = naming::metric_key(c.measure, &segment, c.frames);
        let key_path = naming::metric_key_path(c.measure, &key);
        let path = naming::metric_file_path(&key, c.frames, first.tiers);
        let phrase = match c.filter_label {
            Some(label) => format!("times a {} was acted on with label {label}", first.action.replace('_', " ")),
            None => format!("{} events", actions.join(" and ").replace('_', " ")),
        };
        let description = format!("{} {phrase}", naming::description_prefix(c.measure, c.frames));

        let mut y = String::with_capacity(720);
        y.push_str("---\n");
        let _ = writeln!(y, "key_path: {key_path}");
        let _ = writeln!(y, "description: {description}");
        let _ = writeln!(y, "product_group: {}", first.group);
        y.push_str("product_categories:\n");
        for cat in &first.categories {
            let _ = writeln!(y, "- {cat}");
        }
        y.push_str("performance_indicator_type: []\nvalue_type: number\nstatus: active\n");
        let _ = writeln!(y, "milestone: '{}'", first.milestone);
        let _ = writeln!(y, "introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/{}", first.mr);
        match c.frames {
            [one] => {
                let _ = writeln!(y, "time_frame: {}", one.as_str());
            }
            many => {
                y.push_str("time_frame:\n");
                for t in many {
                    let _ = writeln!(y, "- {}", t.as_str());
                }
            }
        }
        y.push_str("data_source: internal_events\ndata_category: optional\n");
        write_tiers(&mut y, first.tiers, "");
        y.push_str("events:\n");
        for action in &actions {
            let _ = writeln!(y, "- name: {action}");
            if let Some(label) = c.filter_label {
                let _ = writeln!(y, "  filter:\n    label: {label}");
            }
            match c.measure {
                Measure::Unique(by) => {
                    let _ = writeln!(y, "  unique: {}", by.as_str());
                }
                Measure::Sum => y.push_str("  operator: sum(value)\n"),
                Measure::Total => {}
            }
        }
        self.summary.internal_event_metrics += 1;
        if c.events.len() > 1 {
            self.summary.multi_event_metrics += 1;
        }
        self.push_metric(path, y);
    }

    /// Shapes of config/metrics/counts_all/20210216175316_kubernetes_agents.yml (timestamped
    /// name, `data_category` first) and gitlab-cli-fixtures/metrics/database_metric.yml.
    fn database_metric(&mut self, n: usize, removed: bool) {
        let &(verb, verbs) = self.pick(VERBS);
        let &(object, object_words, class) = self.pick(OBJECTS);
        let (folder, frames): (&str, &[&str]) = match n % 10 {
            0..3 => ("counts_all", &["all"]),
            3..6 => ("counts_28d", &["28d"]),
            6..8 => ("counts_7d", &["7d"]),
            _ => ("counts_all", &["7d", "28d"]),
        };
        let tiers = if n % 10 == 4 { TIERS_PREMIUM } else { TIERS_ALL };
        let ee = if tiers == TIERS_PREMIUM { "ee/" } else { "" };
        let group = self.group();
        let categories = self.product_categories();
        let milestone = self.milestone();
        let mr = self.mr();
        let removal = removed.then(|| Removal { milestone: self.milestone_after(&milestone), mr: self.mr() });
        let key = format!("{object}s_{verb}_{n}");
        let stage = if folder == "counts_all" { "usage_activity_by_stage" } else { "usage_activity_by_stage_monthly" };
        let key_path = if n.is_multiple_of(2) { format!("counts.{key}") } else { format!("{stage}.{}.{key}", &group) };
        let class_name = format!("Count{class}{}Metric", capitalize(verb));
        let timestamp = format!("2023{:02}{:02}{:06}", 1 + n % 12, 1 + n % 28, n % 1_000_000);

        let mut y = String::with_capacity(640);
        y.push_str("---\n");
        let data_category_first = n.is_multiple_of(2);
        if data_category_first {
            y.push_str("data_category: optional\n");
        }
        let _ = writeln!(y, "key_path: {key_path}");
        let _ = writeln!(y, "description: Count of {object_words} records a user {verbs} in the database");
        let _ = writeln!(y, "product_group: {group}");
        y.push_str("product_categories:\n");
        for c in &categories {
            let _ = writeln!(y, "- {c}");
        }
        y.push_str("value_type: number\n");
        match &removal {
            Some(r) => {
                y.push_str("status: removed\n");
                let _ = writeln!(y, "milestone_removed: '{}'", r.milestone);
            }
            None => y.push_str("status: active\n"),
        }
        if let [one] = frames {
            let _ = writeln!(y, "time_frame: {one}");
        } else {
            y.push_str("time_frame:\n");
            for t in frames {
                let _ = writeln!(y, "- {t}");
            }
        }
        y.push_str("data_source: database\n");
        let _ = writeln!(y, "instrumentation_class: {class_name}");
        if !data_category_first {
            y.push_str("data_category: optional\n");
        }
        write_tiers(&mut y, tiers, "");
        y.push_str("performance_indicator_type: []\n");
        let _ = writeln!(y, "milestone: \"{milestone}\"");
        let _ = writeln!(y, "introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/{mr}");
        if let Some(r) = &removal {
            let _ = writeln!(y, "removed_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/{}", r.mr);
            self.summary.removed_metrics += 1;
        } else {
            self.summary.database_metrics += 1;
        }
        self.push_metric(format!("{ee}config/metrics/{folder}/{timestamp}_{key}.yml"), y);
    }

    /// Shape of config/metrics/counts_7d/20210216175111_merge_request_action_weekly.yml.
    fn redis_hll_metric(&mut self, n: usize, legacy_event: Option<&str>) {
        let &(object, object_words, _) = self.pick(OBJECTS);
        let (folder, frame, suffix) =
            if n.is_multiple_of(2) { ("counts_7d", "7d", "weekly") } else { ("counts_28d", "28d", "monthly") };
        let event = legacy_event.map_or_else(|| format!("i_{object}_action_{n}"), str::to_owned);
        let name = format!("{event}_{n}_{suffix}");
        let group = self.group();
        let categories = self.product_categories();
        let mut y = String::with_capacity(640);
        y.push_str("---\ndata_category: optional\n");
        let _ = writeln!(y, "key_path: redis_hll_counters.{object}.{name}");
        let _ = writeln!(y, "description: Count of unique users who perform an action on a {object_words}");
        let _ = writeln!(y, "product_group: {group}");
        y.push_str("product_categories:\n");
        for c in &categories {
            let _ = writeln!(y, "- {c}");
        }
        y.push_str("value_type: number\nstatus: active\n");
        let _ = writeln!(y, "time_frame: {frame}");
        y.push_str("data_source: redis_hll\ninstrumentation_class: RedisHLLMetric\noptions:\n  events:\n");
        let _ = writeln!(y, "  - {event}");
        write_tiers(&mut y, TIERS_ALL, "");
        y.push_str("performance_indicator_type: []\nmilestone: \"<13.9\"\n");
        y.push_str("introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/54332\n");
        self.summary.redis_hll_metrics += 1;
        self.push_metric(format!("config/metrics/{folder}/20210216{:06}_{name}.yml", n % 1_000_000), y);
    }

    /// RedisMetric with `options: {prefix, event}`
    /// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/config/metrics/schema/redis.json).
    fn redis_metric(&mut self, n: usize) {
        let &(object, object_words, _) = self.pick(OBJECTS);
        let group = self.group();
        let categories = self.product_categories();
        let milestone = self.milestone();
        let mr = self.mr();
        let mut y = String::with_capacity(600);
        y.push_str("---\n");
        let _ = writeln!(y, "key_path: counts.{object}_views_{n}");
        let _ =
            writeln!(y, "description: Total visits to the {object_words} page since Service Ping was last reported");
        let _ = writeln!(y, "product_group: {group}");
        y.push_str("product_categories:\n");
        for c in &categories {
            let _ = writeln!(y, "- {c}");
        }
        y.push_str("value_type: number\nstatus: active\n");
        let _ = writeln!(y, "milestone: '{milestone}'");
        let _ = writeln!(y, "introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/{mr}");
        y.push_str("time_frame: all\ndata_source: redis\ninstrumentation_class: RedisMetric\noptions:\n");
        let _ = writeln!(y, "  prefix: {object}\n  event: views_{n}");
        y.push_str("data_category: optional\nperformance_indicator_type: []\n");
        write_tiers(&mut y, TIERS_ALL, "");
        self.summary.redis_metrics += 1;
        self.push_metric(format!("config/metrics/counts_all/{object}_views_{n}.yml"), y);
    }

    /// Shapes of config/metrics/settings/20211201012652_flavor.yml and
    /// license/20210216175602_installation_type.yml: `time_frame: none`, `data_source: system`.
    fn system_metric(&mut self, n: usize, folder: &str) {
        let &(object, object_words, class) = self.pick(OBJECTS);
        let group = self.group();
        let categories = self.product_categories();
        let milestone = self.milestone();
        let mr = self.mr();
        let (key_path, value_type, description) = if folder == "settings" {
            (
                format!("settings.{object}_setting_{n}_enabled"),
                "boolean",
                format!("Whether the instance setting for {object_words} number {n} is enabled"),
            )
        } else {
            (
                format!("license_{object}_{n}"),
                "string",
                format!("The licensed {object_words} add-on number {n} of the instance, or null"),
            )
        };
        let tiers = if n % 6 == 5 { TIERS_PREMIUM } else { TIERS_ALL };
        let ee = if tiers == TIERS_PREMIUM { "ee/" } else { "" };
        let mut y = String::with_capacity(560);
        y.push_str("---\n");
        let _ = writeln!(y, "key_path: {key_path}");
        let _ = writeln!(y, "description: {description}");
        let _ = writeln!(y, "product_group: {group}");
        y.push_str("product_categories:\n");
        for c in &categories {
            let _ = writeln!(y, "- {c}");
        }
        let _ = writeln!(y, "value_type: {value_type}\nstatus: active");
        let _ = writeln!(y, "milestone: \"{milestone}\"");
        let _ = writeln!(y, "introduced_by_url: 'https://gitlab.com/gitlab-org/gitlab/-/merge_requests/{mr}'");
        y.push_str("time_frame: none\ndata_source: system\n");
        if !n.is_multiple_of(3) {
            let _ = writeln!(y, "instrumentation_class: {class}Setting{}Metric", capitalize(folder));
        }
        y.push_str("data_category: optional\nperformance_indicator_type: []\n");
        write_tiers(&mut y, tiers, "");
        self.summary.system_metrics += 1;
        let stem = key_path.rsplit('.').next().unwrap_or(&key_path).to_owned();
        self.push_metric(format!("{ee}config/metrics/{folder}/2024{:010}_{stem}.yml", n), y);
    }

    fn push_metric(&mut self, path: String, text: String) {
        if path.starts_with("ee/") {
            self.summary.ee_metrics += 1;
        }
        self.files.push((path, text));
    }
}

fn write_tiers(y: &mut String, tiers: &[Tier], indent: &str) {
    y.push_str("tiers:\n");
    for t in tiers {
        let _ = writeln!(y, "{indent}- {}", t.as_str());
    }
}

fn capitalize(s: &str) -> String {
    naming::capitalize_first(s)
}
