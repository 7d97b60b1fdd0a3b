//! What the rules read from a metric's `events:` list.

use crate::repository::SourceFile;
use crate::yaml::Node;

/// The entries of a metric's `events:` list as written, with their index (for positions that
/// stay right even when an entry is malformed).
pub(crate) fn metric_event_entries(file: &SourceFile) -> impl Iterator<Item = (usize, &Node)> {
    file.root().and_then(|r| r.get("events")).and_then(Node::as_seq).unwrap_or(&[]).iter().enumerate()
}

/// `events[i].name` of a metric: index, the name's node and its text.
pub(crate) fn metric_event_names(file: &SourceFile) -> impl Iterator<Item = (usize, &Node, &str)> {
    metric_event_entries(file)
        .filter_map(|(i, entry)| entry.get("name").and_then(|n| Some((i, n, n.as_str().filter(|s| !s.is_empty())?))))
}
