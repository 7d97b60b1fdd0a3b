//! What the cross-file rules look up, built once per run in one pass over the repository, and
//! where in a file a finding points.

use std::collections::HashMap;

use crate::model::EventDefinition;
use crate::repository::{DefinitionFile, Loaded, Repository};
use crate::yaml::{Node, Position};

/// Event definitions by `action`, every file in path order (CE before EE, `removed/` included).
pub(crate) struct EventIndex<'r> {
    by_action: HashMap<&'r str, Vec<&'r Loaded<EventDefinition>>>,
}

impl<'r> EventIndex<'r> {
    pub(crate) fn new(repo: &'r Repository) -> Self {
        let mut by_action: HashMap<&str, Vec<&Loaded<EventDefinition>>> = HashMap::new();
        for event in &repo.events {
            if !event.def.action.is_empty() {
                by_action.entry(event.def.action.as_str()).or_default().push(event);
            }
        }
        EventIndex { by_action }
    }

    /// Every definition with this action.
    pub(crate) fn all(&self, action: &str) -> &[&'r Loaded<EventDefinition>] {
        self.by_action.get(action).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The internal event (`internal_events: true`) with this action that metrics count: an
    /// active one if there is one, else a removed one.
    pub(crate) fn internal(&self, repo: &Repository, action: &str) -> Option<&'r Loaded<EventDefinition>> {
        let internal = || self.all(action).iter().copied().filter(|e| e.def.is_internal());
        internal().find(|e| !is_removed_event(repo.file(e.file), &e.def)).or_else(|| internal().next())
    }
}

/// Removed events: `status: removed`, or filed under `removed/` (gitlab-docs.md §2.5).
pub(crate) fn is_removed_event(file: &DefinitionFile, def: &EventDefinition) -> bool {
    def.is_removed() || file.in_removed_folder()
}

/// The node at `path` in the file, or the deepest existing ancestor (the mapping that lacks a key).
pub(crate) fn node_at<'f, S: AsRef<str>>(file: &'f DefinitionFile, path: &[S]) -> Option<&'f Node> {
    file.root().map(|root| root.locate(path))
}

/// Where a finding about `path` points: the value, or the mapping that lacks it.
pub(crate) fn pos_at<S: AsRef<str>>(file: &DefinitionFile, path: &[S]) -> Position {
    node_at(file, path).map(|n| n.pos).unwrap_or(Position::START)
}

/// `path:line` of a value, for messages that name another file.
pub(crate) fn place<S: AsRef<str>>(file: &DefinitionFile, path: &[S]) -> String {
    format!("{}:{}", file.path, pos_at(file, path).line)
}

/// The entries of a metric's `events:` list as written, with their index (for positions that
/// stay right even when an entry is malformed).
pub(crate) fn metric_event_entries(file: &DefinitionFile) -> impl Iterator<Item = (usize, &Node)> {
    file.root().and_then(|r| r.get("events")).and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate()
}

/// `events[i].name` of a metric: index, the name's node and its text.
pub(crate) fn metric_event_names(file: &DefinitionFile) -> impl Iterator<Item = (usize, &Node, &str)> {
    metric_event_entries(file)
        .filter_map(|(i, entry)| entry.get("name").and_then(|n| Some((i, n, n.as_str().filter(|s| !s.is_empty())?))))
}
