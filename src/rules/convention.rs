//! `convention`: what GitLab's generator writes and its reviewers expect, though no GitLab test
//! enforces it (https://docs.gitlab.com/development/internal_analytics/review_guidelines/).
//! Mostly warnings.
//!
//! The rules were run over GitLab's own definitions (`config/events`, `config/metrics` in
//! gitlab-org/gitlab) and narrowed until what they say is true there: legacy Snowplow events are
//! left alone, and CE/EE placement is checked only for internal events and their metrics, whose
//! files the generator places by tier (other metrics follow where their instrumentation class
//! lives).

pub use super::catalog::convention::*;
use crate::diagnostics::Diagnostic;
use crate::model::naming::MAX_FILE_NAME_LEN;
use crate::model::{DataSource, EventDefinition, MetricDefinition, Status, Tier, TimeFrame, TimeFrameSpec, ValueType};
use crate::repository::{Repository, SourceFile};
use crate::yaml::{Node, Position};

use super::index;

/// Fewer words than this make a description too short to find or reuse (see `short-description`).
pub const MIN_DESCRIPTION_WORDS: usize = 3;

/// Descriptions that stand for "not written yet".
const PLACEHOLDER_DESCRIPTIONS: [&str; 4] = ["todo", "tbd", "fixme", "xxx"];

/// The conventions of one event file.
pub fn check_event(file: &SourceFile, def: &EventDefinition, out: &mut Vec<Diagnostic>) {
    let removed = def.is_removed() || file.in_removed_folder();
    if def.is_internal() {
        if !def.action.is_empty() && file.stem() != def.action {
            out.push(Diagnostic::new(
                &EVENT_FILE_NAME,
                &file.path,
                file.pos_at(&["action"]),
                format!(
                    "file name `{}` does not match action `{}`; name the file `{}.yml`",
                    file_name(file),
                    def.action,
                    def.action
                ),
            ));
        }
        ee_folder(file, &def.tiers, out);
    } else if !removed {
        not_internal_event(file, out);
    }
    removed_folder(file, def, out);
    if !removed {
        short_description(file, out);
    }
}

/// The conventions of one metric file, and of the events it counts; `events` holds every event
/// definition of the repository.
pub fn check_metric(events: &Repository, file: &SourceFile, def: &MetricDefinition, out: &mut Vec<Diagnostic>) {
    metric_file_name(file, def, out);
    metric_folder(file, def, out);
    if file_name(file).chars().count() > MAX_FILE_NAME_LEN {
        out.push(Diagnostic::new(
            &FILE_NAME_LENGTH,
            &file.path,
            file.pos_at(&["key_path"]),
            format!(
                "file name `{}` is {} characters long, over the generator's limit of {MAX_FILE_NAME_LEN}",
                file_name(file),
                file_name(file).chars().count()
            ),
        ));
    }
    if def.is_removed() {
        return;
    }
    short_description(file, out);
    // Old statuses (`data_available`, ...) are the schema's finding; they say nothing of use.
    let in_use = matches!(def.status, Some(Status::Active | Status::Broken));
    if let (true, Some(source @ (DataSource::Redis | DataSource::RedisHll))) = (in_use, def.data_source) {
        out.push(Diagnostic::new(
            &DEPRECATED_DATA_SOURCE,
            &file.path,
            file.pos_at(&["data_source"]),
            format!("`data_source: {}` is deprecated; count internal events instead", source.as_str()),
        ));
    }
    if def.value_type == Some(ValueType::Object) && def.value_json_schema.is_none() {
        out.push(Diagnostic::new(
            &OBJECT_WITHOUT_SCHEMA,
            &file.path,
            file.pos_at(&["value_type"]),
            "`value_type: object` without `value_json_schema`; add the path of the JSON schema of the value",
        ));
    }
    if def.data_source == Some(DataSource::InternalEvents) {
        if let Some(tiers) = &def.tiers {
            ee_folder(file, tiers, out);
        }
        mixed_event_rules(file, out);
        event_rules(events, file, out);
    }
}

fn file_name(file: &SourceFile) -> &str {
    file.path.rsplit('/').next().unwrap_or(&file.path)
}

/// The file's folder under `config/metrics/` (`counts_7d`, `settings`, ...).
fn metric_folder_name(file: &SourceFile) -> &str {
    let mut parts = file.path.rsplit('/');
    parts.next();
    parts.next().unwrap_or_default()
}

/// `YYYYMMDDhhmmss_<name>` → `<name>`: the timestamp older generators prefixed.
fn strip_timestamp(stem: &str) -> Option<&str> {
    let (stamp, rest) = stem.split_at_checked(15)?;
    let digits = stamp.strip_suffix('_')?;
    (digits.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty()).then_some(rest)
}

fn metric_file_name(file: &SourceFile, def: &MetricDefinition, out: &mut Vec<Diagnostic>) {
    let Some(key) = def.key_path.rsplit('.').next().filter(|k| !k.is_empty()) else { return };
    let stem = file.stem();
    if stem == key || strip_timestamp(stem) == Some(key) {
        return;
    }
    out.push(Diagnostic::new(
        &METRIC_FILE_NAME,
        &file.path,
        file.pos_at(&["key_path"]),
        format!(
            "file name `{}` does not match key path `{}`; name the file `{key}.yml`",
            file_name(file),
            def.key_path
        ),
    ));
}

fn metric_folder(file: &SourceFile, def: &MetricDefinition, out: &mut Vec<Diagnostic>) {
    let (expected, what): (&[&str], String) = match &def.time_frame {
        Some(TimeFrameSpec::Single(TimeFrame::Week)) => (&["counts_7d"], "`time_frame: 7d`".into()),
        Some(TimeFrameSpec::Single(TimeFrame::Month)) => (&["counts_28d"], "`time_frame: 28d`".into()),
        Some(TimeFrameSpec::Single(TimeFrame::All)) => (&["counts_all"], "`time_frame: all`".into()),
        Some(TimeFrameSpec::Single(TimeFrame::None)) => (&["settings", "license"], "`time_frame: none`".into()),
        Some(TimeFrameSpec::List(frames)) if !frames.is_empty() => (&["counts_all"], "a list of time frames".into()),
        _ => return,
    };
    let folder = metric_folder_name(file);
    if expected.contains(&folder) {
        return;
    }
    let wanted = expected.iter().map(|f| format!("`{f}/`")).collect::<Vec<_>>().join(" or ");
    out.push(Diagnostic::new(
        &METRIC_FOLDER,
        &file.path,
        file.pos_at(&["time_frame"]),
        format!("{what} belongs in {wanted}, but the file is in `{folder}/`"),
    ));
}

fn ee_folder(file: &SourceFile, tiers: &[Tier], out: &mut Vec<Diagnostic>) {
    if tiers.is_empty() {
        return;
    }
    let belongs_in_ee = !tiers.contains(&Tier::Free);
    if belongs_in_ee == file.in_ee() {
        return;
    }
    let message = if belongs_in_ee {
        format!("tiers lack `free`, so the file belongs under `ee/`: ee/{}", file.path)
    } else {
        format!("tiers include `free`, so the file belongs outside `ee/`: {}", file.path.trim_start_matches("ee/"))
    };
    // A list's own position is its first item; the `tiers:` key reads better.
    let pos = file.root().and_then(|r| r.key_pos("tiers")).unwrap_or(Position::START);
    out.push(Diagnostic::new(&EE_FOLDER, &file.path, pos, message));
}

fn removed_folder(file: &SourceFile, def: &EventDefinition, out: &mut Vec<Diagnostic>) {
    let in_folder = file.in_removed_folder();
    if def.is_removed() == in_folder {
        return;
    }
    let message = if in_folder {
        "the file is in `removed/`, but the event's `status` is not `removed`".to_owned()
    } else {
        let (dir, name) = file.path.rsplit_once('/').unwrap_or(("", &file.path));
        format!("the event has `status: removed`, but its file is not in `removed/`: move it to {dir}/removed/{name}")
    };
    out.push(Diagnostic::new(&REMOVED_FOLDER, &file.path, file.pos_at(&["status"]), message));
}

fn short_description(file: &SourceFile, out: &mut Vec<Diagnostic>) {
    let Some(node) = file.root().and_then(|r| r.get("description")) else { return };
    let Some(text) = node.as_str() else { return };
    let words = text.split_whitespace().count();
    let message = if words == 0 {
        "the description is empty".to_owned()
    } else if PLACEHOLDER_DESCRIPTIONS.contains(&text.trim().trim_end_matches(['.', ':', '!']).to_lowercase().as_str())
    {
        format!("the description is a placeholder: `{}`", text.trim())
    } else if words < MIN_DESCRIPTION_WORDS {
        format!(
            "the description \"{}\" has {words} word{}; say what is tracked, where and when",
            text.trim(),
            plural(words)
        )
    } else {
        return;
    };
    out.push(Diagnostic::new(&SHORT_DESCRIPTION, &file.path, node.pos, message));
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn not_internal_event(file: &SourceFile, out: &mut Vec<Diagnostic>) {
    let Some(root) = file.root() else { return };
    let category = root.get("category").filter(|n| !n.is_null());
    let (pos, message) = match category {
        None => (root.pos, "the event has neither `category` (a legacy Snowplow event) nor `internal_events: true`"),
        Some(node) if node.as_str() == Some("InternalEventTracking") => (
            node.pos,
            "`category: InternalEventTracking` is the old way to mark an internal event; use `internal_events: true`",
        ),
        Some(_) => return,
    };
    out.push(Diagnostic::new(&NOT_INTERNAL_EVENT, &file.path, pos, message));
}

/// How one event rule counts, for comparing the rules of a metric.
#[derive(PartialEq)]
enum Counting<'a> {
    Unique(&'a str),
    Total,
    Sum,
}

impl Counting<'_> {
    fn describe(&self) -> String {
        match self {
            Counting::Unique(by) => format!("counts unique `{by}`"),
            Counting::Total => "counts totals".into(),
            Counting::Sum => "sums `value`".into(),
        }
    }
}

fn counting(entry: &Node) -> Counting<'_> {
    if entry.get("operator").is_some_and(|n| !n.is_null()) {
        Counting::Sum
    } else {
        match entry.get("unique").and_then(Node::as_str) {
            Some(by) => Counting::Unique(by),
            None => Counting::Total,
        }
    }
}

fn mixed_event_rules(file: &SourceFile, out: &mut Vec<Diagnostic>) {
    let mut entries = index::metric_event_entries(file).filter(|(_, e)| e.as_map().is_some());
    let Some((first_index, first)) = entries.next() else { return };
    let expected = counting(first);
    for (i, entry) in entries {
        let actual = counting(entry);
        if actual != expected {
            let pos = entry.get("unique").or_else(|| entry.get("operator")).map(|n| n.pos).unwrap_or(entry.pos);
            out.push(Diagnostic::new(
                &MIXED_EVENT_RULES,
                &file.path,
                pos,
                format!(
                    "events[{i}] {}, but events[{first_index}] {}; one metric cannot mix them",
                    actual.describe(),
                    expected.describe()
                ),
            ));
            return;
        }
    }
}

/// `undeclared-property`, `missing-identifier` and `counts-removed-event`: each event rule of an
/// internal-events metric against the event it names.
fn event_rules(events: &Repository, file: &SourceFile, out: &mut Vec<Diagnostic>) {
    for (_, entry) in index::metric_event_entries(file) {
        let Some(name_node) = entry.get("name") else { continue };
        let Some(name) = name_node.as_str() else { continue };
        // A missing event is `undefined-event`'s finding.
        let Some(event) = events.internal_event(name) else { continue };
        let event_file = events.file(event.file);
        if events.is_removed_event(event) {
            out.push(Diagnostic::new(
                &COUNTS_REMOVED_EVENT,
                &file.path,
                name_node.pos,
                format!("event `{name}` was removed ({}); this metric no longer counts anything new", event_file.path),
            ));
        }
        let undeclared = |property: &str, node: &Node, use_: &str, out: &mut Vec<Diagnostic>| {
            if !event.def.has_property(property) {
                out.push(Diagnostic::new(
                    &UNDECLARED_PROPERTY,
                    &file.path,
                    node.pos,
                    format!(
                        "{use_} needs the additional property `{property}`, which event `{name}` does not declare ({})",
                        event_file.place(event_file.anchors.additional_properties)
                    ),
                ));
            }
        };
        if let Some(unique) = entry.get("unique") {
            match unique.as_str() {
                Some(p @ ("label" | "property" | "value")) => undeclared(p, unique, &format!("`unique: {p}`"), out),
                Some(by @ ("user.id" | "project.id" | "namespace.id")) => {
                    let identifier = by.trim_end_matches(".id");
                    if !event.def.identifiers().iter().any(|i| i.as_str() == identifier) {
                        out.push(Diagnostic::new(
                            &MISSING_IDENTIFIER,
                            &file.path,
                            unique.pos,
                            format!(
                                "`unique: {by}` needs the `{identifier}` identifier, which event `{name}` does not have ({})",
                                event_file.place(event_file.anchors.identifiers)
                            ),
                        ));
                    }
                }
                _ => {}
            }
        }
        if let Some(filter) = entry.get("filter").and_then(Node::as_map) {
            for (key, _) in &filter.entries {
                if let Some(property) = key.key_text() {
                    undeclared(&property, key, &format!("the filter on `{property}`"), out);
                }
            }
        }
        if let Some(operator) = entry.get("operator").filter(|n| n.as_str() == Some("sum(value)")) {
            undeclared("value", operator, "`operator: sum(value)`", out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_prefix_of_older_generators() {
        assert_eq!(strip_timestamp("20210216175055_merge_requests"), Some("merge_requests"));
        assert_eq!(strip_timestamp("20210216175055_"), None);
        assert_eq!(strip_timestamp("2021021617505x_merge_requests"), None);
        assert_eq!(strip_timestamp("1671198983_create"), None);
        assert_eq!(strip_timestamp("count_total_x"), None);
        assert_eq!(strip_timestamp("ü"), None);
    }
}
