//! `breaking`: changes a merge request must not make to definitions that already exist on the
//! target branch (`validate --base REV`). The base side is the merge base of `REV` and `HEAD`,
//! read from git by the caller; the new side is the work tree.
//!
//! What never changes and how things are removed:
//! https://docs.gitlab.com/development/internal_analytics/metrics/metrics_lifecycle/,
//! https://docs.gitlab.com/development/internal_analytics/internal_event_instrumentation/event_lifecycle/,
//! https://docs.gitlab.com/development/internal_analytics/review_guidelines/, and GitLab's Danger
//! rule `check_removed_metric_fields!`
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/tooling/danger/analytics_instrumentation.rb).

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

pub use super::catalog::breaking::*;
use super::catalog::convention::INTRODUCTION_CHANGED;
use crate::diagnostics::Diagnostic;
use crate::model::{EventDefinition, MetricDefinition};
use crate::repository::{DefinitionFile, Loaded, Repository, SourceFile};
use crate::yaml::{Node, Position};

/// The definitions as they were where the branch started.
#[derive(Debug, Clone)]
pub struct BaseRevision {
    /// How messages name it: the revision as given (`origin/main`). Not the merge-base commit:
    /// messages feed report fingerprints, which must survive the target branch moving on.
    pub name: String,
    /// The base's definitions: all of them, or, when `changed_paths` is known, only those at
    /// changed paths (the others are the work tree's, byte for byte).
    pub repo: Repository,
    /// Renames git detected between the base and the work tree: old path → new path.
    pub renames: BTreeMap<String, String>,
    /// Every path git reports changed since the base (both names of a rename), when known: a
    /// definition whose path is not among them has the base's text, so nothing in it can break.
    pub changed_paths: Option<BTreeSet<String>>,
}

impl BaseRevision {
    /// True when `path` of the work tree holds no definition at the base.
    fn is_added(&self, path: &str) -> bool {
        let changed = self.changed_paths.as_ref().is_none_or(|changed| changed.contains(path));
        changed && self.repo.file_index(path).is_none()
    }
}

/// The metric fields that must never change
/// (https://docs.gitlab.com/development/internal_analytics/metrics/metrics_lifecycle/).
const FROZEN_METRIC_FIELDS: [&str; 5] = ["key_path", "time_frame", "value_type", "data_source", "events"];

pub fn check(base: &BaseRevision, repo: &Repository, out: &mut Vec<Diagnostic>) {
    check_metrics(base, repo, out);
    check_events(base, repo, out);
}

/// The work tree's definitions of one kind, indexed to find each base definition's counterpart:
/// the same path, else the path git says it was renamed to, else the one definition with the
/// same identity (key path or action) in a path the base did not have (a move git did not see,
/// e.g. to an untracked file).
struct Counterparts<'r, T> {
    by_path: HashMap<&'r str, &'r Loaded<T>>,
    added_by_identity: HashMap<&'r str, Vec<&'r Loaded<T>>>,
}

impl<'r, T> Counterparts<'r, T> {
    fn new(base: &BaseRevision, repo: &'r Repository, loaded: &'r [Loaded<T>], identity: fn(&T) -> &str) -> Self {
        let mut by_path = HashMap::new();
        let mut added_by_identity: HashMap<&str, Vec<&Loaded<T>>> = HashMap::new();
        for l in loaded {
            let path = repo.file(l.file).path.as_str();
            by_path.insert(path, l);
            let id = identity(&l.def);
            if base.is_added(path) && !id.is_empty() {
                added_by_identity.entry(id).or_default().push(l);
            }
        }
        Counterparts { by_path, added_by_identity }
    }

    fn find(&self, base: &BaseRevision, base_path: &str, identity: &str) -> Option<&'r Loaded<T>> {
        if let Some(found) = self.by_path.get(base_path) {
            return Some(found);
        }
        if let Some(found) = base.renames.get(base_path).and_then(|new| self.by_path.get(new.as_str())) {
            return Some(found);
        }
        match self.added_by_identity.get(identity).map(Vec::as_slice) {
            Some([one]) if !identity.is_empty() => Some(one),
            _ => None,
        }
    }
}

/// The file still exists at `path` (or at its rename) but holds no readable definition: the
/// yaml/schema rules report it, and comparing would only add noise.
fn still_present(base_path: &str, base: &BaseRevision, repo: &Repository) -> bool {
    repo.file_index(base_path).is_some() || base.renames.get(base_path).is_some_and(|p| repo.file_index(p).is_some())
}

/// A field as written, in a form where meaningless differences vanish: list order of
/// `time_frame`, `events` and `performance_indicator_type` does not change what is counted.
fn normalized(root: &Node, field: &str) -> serde_json::Value {
    let value = root.get(field).map(Node::to_json).unwrap_or(serde_json::Value::Null);
    match (field, value) {
        ("time_frame" | "events" | "performance_indicator_type", serde_json::Value::Array(mut items)) => {
            items.sort_by_key(|v| v.to_string());
            items.dedup();
            serde_json::Value::Array(items)
        }
        // An absent list of indicators and an empty one mean the same.
        ("performance_indicator_type", serde_json::Value::Null) => serde_json::Value::Array(Vec::new()),
        (_, value) => value,
    }
}

/// Compact YAML-ish text of a value for messages: `7d`, `[28d, 7d]`, `(absent)`.
fn show(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "(absent)".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

/// Where a finding about `field` points: the key in the new file, else the top of the mapping.
fn field_pos(file: &SourceFile, field: &str) -> Position {
    file.root().map(|root| root.key_pos(field).unwrap_or(root.pos)).unwrap_or(Position::START)
}

/// The base and current text of a definition read and parsed again, or `None` when the text did
/// not change (a move, or a change undone): nothing can have broken. The CLI's base holds only
/// the definitions git reports changed, so most pairs do differ.
fn changed_pair(
    base: &BaseRevision,
    old_file: &DefinitionFile,
    repo: &Repository,
    new_file: &DefinitionFile,
) -> Option<(SourceFile, SourceFile)> {
    let (old, new) = (base.repo.source_file(old_file), repo.source_file(new_file));
    (old.text != new.text).then_some((old, new))
}

fn check_metrics(base: &BaseRevision, repo: &Repository, out: &mut Vec<Diagnostic>) {
    let counterparts = Counterparts::new(base, repo, &repo.metrics, |m: &MetricDefinition| m.key_path.as_str());
    for old in &base.repo.metrics {
        let old_file = base.repo.file(old.file);
        let Some(new) = counterparts.find(base, &old_file.path, &old.def.key_path) else {
            if !still_present(&old_file.path, base, repo) {
                out.push(metric_deleted(old_file, &old.def, base));
            }
            continue;
        };
        let new_file = repo.file(new.file);
        let Some((old_source, new_source)) = changed_pair(base, old_file, repo, new_file) else { continue };
        let (Some(old_root), Some(new_root)) = (old_source.root(), new_source.root()) else { continue };
        let name = display_key(&new.def, &old.def);
        introduction_changed(
            base,
            ("metric", &name),
            [
                ("milestone", old.def.milestone.as_ref(), new.def.milestone.as_ref()),
                ("introduced_by_url", old.def.introduced_by_url.as_ref(), new.def.introduced_by_url.as_ref()),
            ],
            &new_source,
            out,
        );

        if !old.def.is_removed() {
            for field in FROZEN_METRIC_FIELDS {
                let (before, after) = (normalized(old_root, field), normalized(new_root, field));
                if before != after {
                    out.push(Diagnostic::new(
                        &METRIC_CHANGED,
                        &new_file.path,
                        field_pos(&new_source, field),
                        format!(
                            "`{field}` of metric `{name}` changed from {} to {} since {}",
                            quoted(&before, field),
                            quoted(&after, field),
                            base.name
                        ),
                    ));
                }
            }
        }

        let (pi_before, pi_after) =
            (normalized(old_root, "performance_indicator_type"), normalized(new_root, "performance_indicator_type"));
        if pi_before != pi_after {
            out.push(Diagnostic::new(
                &PERFORMANCE_INDICATOR,
                &new_file.path,
                field_pos(&new_source, "performance_indicator_type"),
                format!(
                    "`performance_indicator_type` of metric `{name}` changed from {} to {}; @-mention {DATA_TEAMS} \
                     on the merge request and wait for their acknowledgement",
                    show(&pi_before),
                    show(&pi_after)
                ),
            ));
        } else if !old.def.is_removed() && new.def.is_removed() && is_nonempty_list(&pi_after) {
            out.push(Diagnostic::new(
                &PERFORMANCE_INDICATOR,
                &new_file.path,
                field_pos(&new_source, "status"),
                format!(
                    "metric `{name}` is a performance indicator ({}); removing it needs the data teams' sign-off: \
                     @-mention {DATA_TEAMS} on the merge request or the removal issue",
                    show(&pi_after)
                ),
            ));
        }

        if !old.def.is_removed() && new.def.is_removed() {
            check_removal_fields(
                &new_source,
                "metric",
                &name,
                new.def.removed_by_url.as_ref(),
                new.def.milestone_removed.as_ref(),
                out,
            );
        }
    }
}

fn is_nonempty_list(value: &serde_json::Value) -> bool {
    value.as_array().is_some_and(|items| !items.is_empty())
}

/// A value for a message: strings and lists as `7d` / `[28d, 7d]`, `events` as compact JSON.
fn quoted(value: &serde_json::Value, field: &str) -> String {
    match value {
        serde_json::Value::Null => "(absent)".into(),
        _ if field == "events" => format!("`{value}`"),
        _ => format!("`{}`", show(value)),
    }
}

/// The key path to name a metric by (the new one, or the old one when the new file lacks it).
fn display_key(new: &MetricDefinition, old: &MetricDefinition) -> String {
    if new.key_path.is_empty() { old.key_path.clone() } else { new.key_path.clone() }
}

fn metric_deleted(old_file: &DefinitionFile, old: &MetricDefinition, base: &BaseRevision) -> Diagnostic {
    let message = if old.is_removed() {
        format!(
            "the definition of removed metric `{}` was deleted (it exists at {}); removed metrics keep their YAML \
             as the record analysts filter on",
            old.key_path, base.name
        )
    } else {
        format!(
            "metric `{}` was deleted (it exists at {}); mark it `status: removed` with `removed_by_url` and \
             `milestone_removed` instead",
            old.key_path, base.name
        )
    };
    Diagnostic::new(&METRIC_DELETED, &old_file.path, Position::START, message)
}

/// `status: removed` added without the two fields that record the removal (Danger's
/// `check_removed_metric_fields!`, M6, E6).
fn check_removal_fields(
    file: &SourceFile,
    what: &str,
    name: &str,
    removed_by_url: Option<&String>,
    milestone_removed: Option<&String>,
    out: &mut Vec<Diagnostic>,
) {
    let missing: Vec<&str> = [("removed_by_url", removed_by_url), ("milestone_removed", milestone_removed)]
        .into_iter()
        .filter(|(_, v)| v.is_none_or(|s| s.trim().is_empty()))
        .map(|(field, _)| field)
        .collect();
    if !missing.is_empty() {
        out.push(Diagnostic::new(
            &REMOVED_INCOMPLETE,
            &file.path,
            field_pos(file, "status"),
            format!(
                "{what} `{name}` is now `status: removed` but has no {}",
                missing.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(" or ")
            ),
        ));
    }
}

/// Metrics of the work tree that are not removed and count `action`, by path.
fn metrics_counting<'r>(repo: &'r Repository, action: &str) -> Vec<&'r str> {
    repo.metrics.iter().filter(|m| m.def.counts_event(action)).map(|m| repo.file(m.file).path.as_str()).collect()
}

/// "1 metric that is not removed" / "3 metrics that are not removed".
fn metrics_phrase(count: usize) -> String {
    if count == 1 { "1 metric that is not removed".into() } else { format!("{count} metrics that are not removed") }
}

fn list_paths(paths: &[&str]) -> String {
    const SHOWN: usize = 5;
    let mut text = paths.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ");
    if paths.len() > SHOWN {
        text.push_str(&format!(" and {} more", paths.len() - SHOWN));
    }
    text
}

fn check_events(base: &BaseRevision, repo: &Repository, out: &mut Vec<Diagnostic>) {
    let actions_now: HashSet<&str> = repo.events.iter().map(|e| e.def.action.as_str()).collect();
    // Metrics that count an action, computed once per action asked about.
    let mut users: HashMap<String, Vec<&str>> = HashMap::new();
    let mut counting =
        |action: &str| users.entry(action.to_owned()).or_insert_with(|| metrics_counting(repo, action)).clone();

    let counterparts = Counterparts::new(base, repo, &repo.events, |e: &EventDefinition| e.action.as_str());
    for old in &base.repo.events {
        let old_file = base.repo.file(old.file);
        let action = old.def.action.as_str();
        let Some(new) = counterparts.find(base, &old_file.path, action) else {
            if still_present(&old_file.path, base, repo) || action.is_empty() || actions_now.contains(action) {
                continue;
            }
            let metrics = counting(action);
            if !metrics.is_empty() {
                out.push(Diagnostic::new(
                    &EVENT_DELETED,
                    &old_file.path,
                    Position::START,
                    format!(
                        "event `{action}` was deleted (it exists at {}), but {} still count{} it: {}",
                        base.name,
                        metrics_phrase(metrics.len()),
                        if metrics.len() == 1 { "s" } else { "" },
                        list_paths(&metrics)
                    ),
                ));
            }
            continue;
        };
        let new_file = repo.file(new.file);
        // Read again only for a finding's position.
        let new_source = OnceCell::new();
        let new_source = || new_source.get_or_init(|| repo.source_file(new_file));

        if new.def.action != action && !action.is_empty() && !actions_now.contains(action) {
            let metrics = counting(action);
            if !metrics.is_empty() {
                out.push(Diagnostic::new(
                    &EVENT_RENAMED,
                    &new_file.path,
                    field_pos(new_source(), "action"),
                    format!(
                        "event `{action}` was renamed to `{}` since {}, but {} still count{} `{action}`: {}",
                        new.def.action,
                        base.name,
                        metrics_phrase(metrics.len()),
                        if metrics.len() == 1 { "s" } else { "" },
                        list_paths(&metrics)
                    ),
                ));
            }
        }

        let name = if new.def.action.is_empty() { action } else { new.def.action.as_str() };
        let introduction = [
            ("milestone", old.def.milestone.as_ref(), new.def.milestone.as_ref()),
            ("introduced_by_url", old.def.introduced_by_url.as_ref(), new.def.introduced_by_url.as_ref()),
        ];
        if introduction.iter().any(|(_, before, after)| before != after) {
            introduction_changed(base, ("event", name), introduction, new_source(), out);
        }
        if !old_file.in_removed_folder() && new_file.in_removed_folder() && !new.def.is_removed() {
            out.push(Diagnostic::new(
                &EVENT_MOVED_WITHOUT_STATUS,
                &new_file.path,
                field_pos(new_source(), "status"),
                format!("event `{name}` was moved to `removed/` but does not say `status: removed`"),
            ));
        }
        if !old.def.is_removed() && new.def.is_removed() {
            check_removal_fields(
                new_source(),
                "event",
                name,
                new.def.removed_by_url.as_ref(),
                new.def.milestone_removed.as_ref(),
                out,
            );
        }
    }
}

/// `milestone` and `introduced_by_url` of a definition that exists at the base: (field, before,
/// after). A placeholder before (`TODO`, empty, absent) may be filled in; any other change is
/// reported (rule `introduction-changed`).
fn introduction_changed(
    base: &BaseRevision,
    (what, name): (&str, &str),
    fields: [(&str, Option<&String>, Option<&String>); 2],
    new_source: &SourceFile,
    out: &mut Vec<Diagnostic>,
) {
    for (field, before, after) in fields {
        let Some(before) = before.filter(|b| !b.trim().is_empty() && b.trim() != "TODO") else { continue };
        if after == Some(before) {
            continue;
        }
        let now = after.map(|a| format!("`{a}`")).unwrap_or_else(|| "(absent)".into());
        out.push(Diagnostic::new(
            &INTRODUCTION_CHANGED,
            &new_source.path,
            field_pos(new_source, field),
            format!(
                "`{field}` of {what} `{name}` changed from `{before}` to {now} since {}; it records when the {what} was introduced: keep `{before}`",
                base.name
            ),
        ));
    }
}
