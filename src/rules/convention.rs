//! `convention`: what GitLab's generator writes and its reviewers expect, though no GitLab test
//! enforces it (gitlab-docs.md §7.5, E2–E11 and M3–M11). Warnings, except where GitLab's schema
//! does reject the value (`introduced_by_url: TODO`).
//!
//! The rules were run over GitLab's own definitions (`../shared/gitlab-corpus`) and narrowed
//! until what they say is true there: legacy Snowplow events are left alone, and CE/EE
//! placement is checked only for internal events and their metrics, whose files the generator
//! places by tier (other metrics follow where their instrumentation class lives).

use crate::diagnostics::{Category, Diagnostic, RuleInfo, Severity};
use crate::model::naming::MAX_FILE_NAME_LEN;
use crate::model::{DataSource, EventDefinition, MetricDefinition, Status, Tier, TimeFrame, TimeFrameSpec, ValueType};
use crate::repository::{Repository, SourceFile};
use crate::yaml::{Node, Position};

use super::index;
use super::info;

pub const EVENT_FILE_NAME: RuleInfo = info(
    "event-file-name",
    Category::Convention,
    Severity::Warning,
    "Name an internal event's file after its action: `<action>.yml`.",
);
pub const METRIC_FILE_NAME: RuleInfo = info(
    "metric-file-name",
    Category::Convention,
    Severity::Warning,
    "Name a metric's file after the last segment of its key_path (an older `YYYYMMDDhhmmss_` prefix is fine).",
);
pub const METRIC_FOLDER: RuleInfo = info(
    "metric-folder",
    Category::Convention,
    Severity::Warning,
    "Put a metric in the folder of its time_frame: counts_7d, counts_28d, counts_all (all, or a list), settings or license (none).",
);
pub const EE_FOLDER: RuleInfo = info(
    "ee-folder",
    Category::Convention,
    Severity::Warning,
    "Internal events and their metrics live under ee/ exactly when their tiers lack `free`.",
);
pub const REMOVED_FOLDER: RuleInfo = info(
    "removed-folder",
    Category::Convention,
    Severity::Warning,
    "A removed event has `status: removed` and lives in the removed/ folder; an active one has neither.",
);
pub const INTRODUCED_BY_URL_TODO: RuleInfo = info(
    "introduced-by-url-todo",
    Category::Convention,
    Severity::Warning,
    "Replace `TODO` with the URL of the merge request that adds this definition; GitLab's schema requires a URL.",
);
pub const SHORT_DESCRIPTION: RuleInfo = info(
    "short-description",
    Category::Convention,
    Severity::Warning,
    "Describe what is tracked, where and when, in a sentence a non-engineer understands.",
);
pub const UNDECLARED_PROPERTY: RuleInfo = info(
    "undeclared-property",
    Category::Convention,
    Severity::Warning,
    "A metric can count unique values of, filter on, or sum only additional properties its event declares.",
);
pub const MISSING_IDENTIFIER: RuleInfo = info(
    "missing-identifier",
    Category::Convention,
    Severity::Warning,
    "`unique: user.id`, `project.id` or `namespace.id` needs that identifier in the event's `identifiers`.",
);
pub const MIXED_EVENT_RULES: RuleInfo = info(
    "mixed-event-rules",
    Category::Convention,
    Severity::Warning,
    "All event rules of one metric count the same way: unique by the same key, totals, or sums.",
);
pub const COUNTS_REMOVED_EVENT: RuleInfo = info(
    "counts-removed-event",
    Category::Convention,
    Severity::Warning,
    "An active metric counts an event that was removed; remove the metric as well, or restore the event.",
);
pub const DEPRECATED_DATA_SOURCE: RuleInfo = info(
    "deprecated-data-source",
    Category::Convention,
    Severity::Warning,
    "The redis and redis_hll data sources are deprecated; count internal events (`data_source: internal_events`).",
);
pub const OBJECT_WITHOUT_SCHEMA: RuleInfo = info(
    "object-without-schema",
    Category::Convention,
    Severity::Warning,
    "A metric with `value_type: object` names the JSON schema of its value in `value_json_schema`.",
);
pub const FILE_NAME_LENGTH: RuleInfo = info(
    "file-name-length",
    Category::Convention,
    Severity::Warning,
    "Keep metric file names within 100 characters, the generator's limit; choose a shorter key.",
);
pub const NOT_INTERNAL_EVENT: RuleInfo = info(
    "not-internal-event",
    Category::Convention,
    Severity::Warning,
    "New events are internal events: add `internal_events: true` (and no `category`).",
);

pub const RULES: &[&RuleInfo] = &[
    &EVENT_FILE_NAME,
    &METRIC_FILE_NAME,
    &METRIC_FOLDER,
    &EE_FOLDER,
    &REMOVED_FOLDER,
    &INTRODUCED_BY_URL_TODO,
    &SHORT_DESCRIPTION,
    &UNDECLARED_PROPERTY,
    &MISSING_IDENTIFIER,
    &MIXED_EVENT_RULES,
    &COUNTS_REMOVED_EVENT,
    &DEPRECATED_DATA_SOURCE,
    &OBJECT_WITHOUT_SCHEMA,
    &FILE_NAME_LENGTH,
    &NOT_INTERNAL_EVENT,
];

/// Longer explanations for `eventdef explain`.
pub const EXPLANATIONS: &[(&str, &str)] = &[
    (
        "event-file-name",
        "GitLab's event guide asks for one file per internal event named `<action>.yml`, and for the file to \
be renamed with the action (gitlab-docs.md §2.1, §2.5, E2). Legacy Snowplow events, named \
`<unix-time>_<Category>_<action>.yml`, are not checked.",
    ),
    (
        "metric-file-name",
        "The generator writes `<key>.yml` where `<key>` is the last segment of `key_path` \
(`counts.count_total_x` → `count_total_x.yml`); database metrics use the key as entered. Older \
generators prefixed a `YYYYMMDDhhmmss_` timestamp for uniqueness; such names are accepted when the \
rest equals the last key segment, which holds for GitLab's own historic files. A different name \
usually means the key was changed and the file was not renamed (or the other way round).",
    ),
    (
        "metric-folder",
        "Reviewers check that the folder matches the time frame (gitlab-docs.md §7.3, M5): `7d` in \
counts_7d, `28d` in counts_28d, `all` or a list of time frames in counts_all, and `none` (settings, \
instance data) in settings or license.",
    ),
    (
        "ee-folder",
        "The generator writes an internal event or internal-events metric under ee/ when its tiers lack \
`free`, and under config/ otherwise (E5, M5). Database and system metrics are not checked: their file \
must sit beside their instrumentation class (CE or EE), which GitLab's payload spec enforces instead.",
    ),
    (
        "removed-folder",
        "To remove an event, move its file to the removed/ sub-folder and set `status: removed`, \
`milestone_removed` and `removed_by_url` (gitlab-docs.md §2.5, E6). A file in removed/ without the \
status, or a removed event outside removed/, is half done.",
    ),
    (
        "introduced-by-url-todo",
        "The generator writes `introduced_by_url: TODO` when the merge request is not known yet. GitLab's \
schemas require a URL (`format: uri`), so GitLab's pipeline fails until it is replaced. It is a \
warning, not an error, because a freshly generated definition is expected to carry it until the merge \
request exists (the generator itself only warns); run `validate --fail-on warning` in the merge \
request pipeline to hold merges to GitLab's strictness. It is reported here rather than as a schema \
finding so the message says what to do.",
    ),
    (
        "short-description",
        "Descriptions are how people find and reuse events and metrics. The generator asks for \"10+ words \
likely\", but GitLab's own definitions are often shorter (\"Count of service desk issues\"), so this \
warns only about descriptions of fewer than 3 words and placeholders such as `TODO`. Removed \
definitions are not checked.",
    ),
    (
        "undeclared-property",
        "`unique: label|property|value`, a `filter` key and `operator: sum(value)` read additional \
properties of the event; an event that does not declare the property never sends it, so the metric \
stays at zero (gitlab-docs.md §7.5, M3).",
    ),
    (
        "missing-identifier",
        "A unique count of users, projects or namespaces counts the identifier sent with the event; an \
event without that identifier in its `identifiers` cannot be counted that way (gitlab-docs.md §2.3, M3).",
    ),
    (
        "mixed-event-rules",
        "GitLab derives one instrumentation class per metric from its first event rule: a sum if it has \
`operator: sum(value)`, a unique count if it has `unique`, a total count otherwise. Rules that count \
differently cannot be combined (gitlab-docs.md §3.3, M4).",
    ),
    (
        "counts-removed-event",
        "An event that has been removed (`status: removed`, in removed/) is no longer tracked, so an active \
metric counting it reports nothing new. Remove the metric too, or restore the event.",
    ),
    (
        "deprecated-data-source",
        "Redis and RedisHLL metrics are deprecated; GitLab's Danger bot suggests `internal_events` for new \
ones, and reviewers reject them (gitlab-docs.md §7.3–7.4, M9). Removed metrics are not checked.",
    ),
    (
        "object-without-schema",
        "An object-valued metric needs `value_json_schema`, the path of a JSON schema its value is checked \
against (gitlab-docs.md §3.2, M8).",
    ),
    (
        "file-name-length",
        "The generator refuses file names longer than 100 characters and asks for a shorter name \
(gitlab-cli.md §4.7, M11).",
    ),
    (
        "not-internal-event",
        "Legacy Snowplow events carry a `category`; new events are internal events with \
`internal_events: true` and no category (E4). An event with neither, or with the old marker \
`category: InternalEventTracking`, is an internal event in an outdated format: metrics cannot count it.",
    ),
];

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
    introduced_by_url_todo(file, out);
    if !removed {
        short_description(file, out);
    }
}

/// The conventions of one metric file, and of the events it counts; `events` holds every event
/// definition of the repository.
pub fn check_metric(events: &Repository, file: &SourceFile, def: &MetricDefinition, out: &mut Vec<Diagnostic>) {
    metric_file_name(file, def, out);
    metric_folder(file, def, out);
    introduced_by_url_todo(file, out);
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

fn introduced_by_url_todo(file: &SourceFile, out: &mut Vec<Diagnostic>) {
    let Some(url) = file.root().and_then(|r| r.get("introduced_by_url")) else { return };
    if url.as_str().is_some_and(|s| s.trim() == "TODO") {
        out.push(Diagnostic::new(
            &INTRODUCED_BY_URL_TODO,
            &file.path,
            url.pos,
            "`introduced_by_url` is still `TODO`; set it to the merge request URL",
        ));
    }
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
