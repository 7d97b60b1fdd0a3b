//! `consistency`: what GitLab's tests reject across files
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/spec/lib/gitlab/tracking/event_definition_spec.rb,
//! https://gitlab.com/gitlab-org/gitlab/-/blob/master/lib/gitlab/usage/metric_definition.rb) —
//! duplicate key paths and actions, internal events with a category, metrics counting events that
//! have no definition, and files in the definition folders that are not definitions.
//!
//! Every rule runs in one pass over an index (maps keyed by key path and action), never a
//! pairwise comparison of files.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

pub use super::catalog::consistency::*;
use crate::diagnostics::Diagnostic;
use crate::model::{DataSource, EventDefinition, MetricDefinition};
use crate::repository::{Repository, SourceFile, StrayKind};
use crate::yaml::Position;

use super::index;

/// The rules that compare files: duplicates and files GitLab never loads. The ones about one
/// file and the events it names run per file ([`check_event_file`], [`check_metric_file`]).
pub fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    duplicate_key_paths(repo, out);
    duplicate_actions(repo, out);
    stray_files(repo, out);
}

pub fn check_event_file(file: &SourceFile, def: &EventDefinition, out: &mut Vec<Diagnostic>) {
    internal_event_category(file, def, out);
}

/// `events` holds every event definition of the repository.
pub fn check_metric_file(events: &Repository, file: &SourceFile, def: &MetricDefinition, out: &mut Vec<Diagnostic>) {
    undefined_events(events, file, def, out);
}

fn duplicate_key_paths(repo: &Repository, out: &mut Vec<Diagnostic>) {
    // First claim of every effective key path: (file index).
    let mut first: HashMap<String, usize> = HashMap::new();
    for metric in &repo.metrics {
        if metric.def.key_path.is_empty() {
            continue;
        }
        let file = repo.file(metric.file);
        for (frame, key_path) in metric.def.effective_key_paths() {
            match first.entry(key_path) {
                Entry::Vacant(slot) => {
                    slot.insert(metric.file);
                }
                // A list repeating a time frame is the schema's `uniqueItems` finding.
                Entry::Occupied(slot) if *slot.get() == metric.file => {}
                Entry::Occupied(slot) => {
                    let expanded = if *slot.key() == metric.def.key_path {
                        String::new()
                    } else {
                        format!(" (`{}` with time_frame {})", metric.def.key_path, frame.as_str())
                    };
                    let other = repo.file(*slot.get());
                    out.push(Diagnostic::new(
                        &DUPLICATE_KEY_PATH,
                        &file.path,
                        file.anchors.name,
                        format!(
                            "key path `{}`{expanded} is already defined in {}",
                            slot.key(),
                            other.place(other.anchors.name)
                        ),
                    ));
                }
            }
        }
    }
}

fn duplicate_actions(repo: &Repository, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for event in repo.events.iter().filter(|e| e.def.is_internal() && !e.def.action.is_empty()) {
        match first.entry(event.def.action.as_str()) {
            Entry::Vacant(slot) => {
                slot.insert(event.file);
            }
            Entry::Occupied(slot) => {
                let file = repo.file(event.file);
                let first = repo.file(*slot.get());
                out.push(Diagnostic::new(
                    &DUPLICATE_ACTION,
                    &file.path,
                    file.anchors.name,
                    format!(
                        "internal event `{}` is already defined in {}",
                        event.def.action,
                        first.place(first.anchors.name)
                    ),
                ));
            }
        }
    }
}

fn internal_event_category(file: &SourceFile, def: &EventDefinition, out: &mut Vec<Diagnostic>) {
    if !def.is_internal() {
        return;
    }
    let Some(category) = file.root().and_then(|r| r.get("category")).filter(|n| !n.is_null()) else {
        return;
    };
    let shown = category.as_str().map(|s| format!("`category: {s}`")).unwrap_or_else(|| "`category`".into());
    out.push(Diagnostic::new(
        &INTERNAL_EVENT_CATEGORY,
        &file.path,
        category.pos,
        format!("internal event `{}` has {shown}; internal events have no category", def.action),
    ));
}

fn undefined_events(events: &Repository, file: &SourceFile, def: &MetricDefinition, out: &mut Vec<Diagnostic>) {
    if def.data_source != Some(DataSource::InternalEvents) || def.is_removed() {
        return;
    }
    for (_, name_node, name) in index::metric_event_names(file) {
        if events.internal_event(name).is_some() {
            continue;
        }
        let message = match events.event(name) {
            Some(legacy) => {
                let legacy_file = events.file(legacy.file);
                format!(
                    "event `{name}` is defined in {} without `internal_events: true`, so metrics cannot count it",
                    legacy_file.place(legacy_file.anchors.name)
                )
            }
            None => format!("no event definition has `action: {name}`"),
        };
        out.push(Diagnostic::new(&UNDEFINED_EVENT, &file.path, name_node.pos, message));
    }
}

fn stray_files(repo: &Repository, out: &mut Vec<Diagnostic>) {
    for stray in &repo.stray_files {
        let rule = match stray.kind {
            StrayKind::MetricFolderFileType => &METRIC_FOLDER_FILE_TYPE,
            StrayKind::NotLoaded => &UNLOADED_FILE,
        };
        out.push(Diagnostic::new(rule, &stray.path, Position::START, stray.reason.clone()));
    }
}
