//! GitLab-exact YAML writing: the bytes Ruby's Psych writes with `to_yaml(line_width: 150)`
//! for a definition (gitlab-cli.md §7). Implemented by the writer work (issue 3).

use crate::model::{EventDefinition, MetricDefinition};

/// The file GitLab's generator writes for this event.
pub fn event_to_yaml(event: &EventDefinition) -> String {
    // Placeholder until the Psych-exact emitter lands (issue 3).
    format!("---\ndescription: {}\naction: {}\n", event.description, event.action)
}

/// The file GitLab's generator writes for this metric.
pub fn metric_to_yaml(metric: &MetricDefinition) -> String {
    // Placeholder until the Psych-exact emitter lands (issue 3).
    format!("---\nkey_path: {}\n", metric.key_path)
}
