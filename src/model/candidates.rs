//! Which metrics can be defined for a set of events
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/metric_options.rb),
//! and when a metric needs a name of its own
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb).
//! Pure logic shared by the wizard (to offer choices) and by plan checking (to refuse what the
//! wizard would not offer).

use super::event::EventDefinition;
use super::metric::{MetricDefinition, UniqueBy};
use super::naming::{self, MAX_FILE_NAME_LEN, Measure, sorted_actions};
use super::time_frame::TimeFrame;

/// One of the sixteen metric shapes the generator offers, in its order
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/metric_options.rb).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricTemplate {
    pub measure: Measure,
    pub filtered: bool,
    /// Time frames as the template lists them (7d, 28d[, all]).
    pub time_frames: &'static [TimeFrame],
}

const UNIQUE_FRAMES: &[TimeFrame] = &[TimeFrame::Week, TimeFrame::Month];
const ALL_FRAMES: &[TimeFrame] = &[TimeFrame::Week, TimeFrame::Month, TimeFrame::All];

/// The sixteen templates in menu order
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/metric_options.rb).
pub fn templates() -> Vec<MetricTemplate> {
    let unique = |by, filtered| MetricTemplate { measure: Measure::Unique(by), filtered, time_frames: UNIQUE_FRAMES };
    let identifiers = [UniqueBy::UserId, UniqueBy::ProjectId, UniqueBy::NamespaceId];
    let properties = [UniqueBy::Label, UniqueBy::Property, UniqueBy::Value];
    let mut all = Vec::with_capacity(16);
    all.extend(identifiers.map(|by| unique(by, false)));
    all.extend(identifiers.map(|by| unique(by, true)));
    all.push(MetricTemplate { measure: Measure::Total, filtered: false, time_frames: ALL_FRAMES });
    all.push(MetricTemplate { measure: Measure::Total, filtered: true, time_frames: ALL_FRAMES });
    all.extend(properties.map(|by| unique(by, false)));
    all.extend(properties.map(|by| unique(by, true)));
    all.push(MetricTemplate { measure: Measure::Sum, filtered: false, time_frames: ALL_FRAMES });
    all.push(MetricTemplate { measure: Measure::Sum, filtered: true, time_frames: ALL_FRAMES });
    all
}

/// The identifier or property a measure needs every counted event to carry: `user`, `project`,
/// `namespace`, `label`, `property`, `value` (sums add up `value`); none for a total count.
pub fn required_identifier(measure: Measure) -> Option<&'static str> {
    match measure {
        Measure::Total => None,
        Measure::Sum => Some("value"),
        Measure::Unique(by) => Some(match by {
            UniqueBy::UserId => "user",
            UniqueBy::ProjectId => "project",
            UniqueBy::NamespaceId => "namespace",
            UniqueBy::Label => "label",
            UniqueBy::Property => "property",
            UniqueBy::Value => "value",
        }),
    }
}

/// Why a candidate cannot be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailability {
    /// An unfiltered metric with the same measure, events and time frame exists.
    AlreadyDefined,
    /// Not every selected event carries this identifier or property.
    Missing(&'static str),
}

/// A metric that can be offered for the selected events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricCandidate {
    pub measure: Measure,
    pub filtered: bool,
    /// The time frames this candidate would define, sorted as written (`28d`, `7d`, `all`).
    pub time_frames: Vec<TimeFrame>,
    pub unavailable: Option<Unavailability>,
}

impl MetricCandidate {
    pub fn is_available(&self) -> bool {
        self.unavailable.is_none()
    }

    /// Additional properties a filtered candidate can filter on: all of the events' properties
    /// except the one it counts
    /// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/metric_options.rb).
    pub fn filter_properties(&self, options: &[String]) -> Vec<String> {
        let own = required_identifier(self.measure);
        options.iter().filter(|o| Some(o.as_str()) != own).cloned().collect()
    }
}

/// Identifiers shared by every event, plus additional-property names shared by every event (the
/// "operable identifiers" of
/// https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/metric_options.rb).
pub fn operable_identifiers(events: &[&EventDefinition]) -> Vec<String> {
    let Some((first, rest)) = events.split_first() else { return Vec::new() };
    let mut names: Vec<String> = first.identifiers().iter().map(|i| i.as_str().to_owned()).collect();
    names.extend(first.property_names().map(str::to_owned));
    names
        .retain(|name| rest.iter().all(|e| e.identifiers().iter().any(|i| i.as_str() == name) || e.has_property(name)));
    names
}

/// Every additional property of any selected event, in first-seen order (the filter options).
pub fn filter_options(events: &[&EventDefinition]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for event in events {
        for name in event.property_names() {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
    }
    names
}

/// What an existing metric counts, as far as "already defined" goes
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/metric_options.rb):
/// its measure, its events (sorted, without repeats) and its time frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedShape {
    pub measure: Measure,
    pub actions: Vec<String>,
    pub time_frames: Vec<TimeFrame>,
}

impl CountedShape {
    /// `None` for a metric with filters or without events: those never make a candidate "already
    /// defined" (GitLab's conflict check in
    /// https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/metric_options.rb
    /// skips them too). A metric without a readable time frame counts as `all`.
    pub fn of(metric: &MetricDefinition) -> Option<CountedShape> {
        if metric.events().is_empty() || metric.events().iter().any(|e| !e.filter.is_empty()) {
            return None;
        }
        Some(CountedShape {
            measure: measure_of(metric),
            actions: sorted_actions(metric.events().iter().map(|e| e.name.as_str())),
            time_frames: metric.time_frame.as_ref().map_or_else(|| vec![TimeFrame::All], |spec| spec.frames()),
        })
    }

    /// Whether this metric already counts `actions` (as [`sorted_actions`] gives them) by
    /// `measure` for `frame`.
    pub fn defines(&self, measure: Measure, actions: &[String], frame: TimeFrame) -> bool {
        self.measure == measure && self.actions == actions && self.time_frames.contains(&frame)
    }
}

/// The measure of an existing metric: sum when its first event sums, unique when it has a
/// `unique` key, a total count otherwise.
pub fn measure_of(metric: &MetricDefinition) -> Measure {
    if metric.is_sum() {
        Measure::Sum
    } else {
        match metric.unique_by() {
            Some(by) => Measure::Unique(by),
            None => Measure::Total,
        }
    }
}

/// The metric options for the selected events, in the order the generator lists them: enabled rows
/// first, then disabled ones, each group in template order
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/metric_options.rb).
pub fn metric_candidates<'a>(
    events: &[&EventDefinition],
    existing: impl IntoIterator<Item = &'a MetricDefinition>,
) -> Vec<MetricCandidate> {
    if events.is_empty() {
        return Vec::new();
    }
    let operable = operable_identifiers(events);
    let options = filter_options(events);
    let any_properties = !options.is_empty();
    let actions = sorted_actions(events.iter().map(|e| e.action.as_str()));
    let shapes: Vec<CountedShape> = existing.into_iter().filter_map(CountedShape::of).collect();

    let mut enabled = Vec::new();
    let mut disabled = Vec::new();
    for template in templates() {
        let identifier = required_identifier(template.measure);
        let property_based = matches!(template.measure, Measure::Sum)
            || matches!(template.measure, Measure::Unique(UniqueBy::Label | UniqueBy::Property | UniqueBy::Value));
        if property_based && !any_properties {
            continue;
        }
        let is_operable = identifier.is_none_or(|id| operable.iter().any(|o| o == id));
        let frames = naming::sorted_time_frames(template.time_frames);
        if template.filtered {
            let has_filters = options.iter().any(|o| Some(o.as_str()) != identifier);
            if !is_operable || !has_filters {
                continue;
            }
            enabled.push(MetricCandidate {
                measure: template.measure,
                filtered: true,
                time_frames: frames,
                unavailable: None,
            });
            continue;
        }
        if let (false, Some(id)) = (is_operable, identifier) {
            disabled.push(MetricCandidate {
                measure: template.measure,
                filtered: false,
                time_frames: frames,
                unavailable: Some(Unavailability::Missing(id)),
            });
            continue;
        }
        let (taken, free): (Vec<TimeFrame>, Vec<TimeFrame>) =
            frames.iter().partition(|frame| shapes.iter().any(|s| s.defines(template.measure, &actions, **frame)));
        if !free.is_empty() {
            enabled.push(MetricCandidate {
                measure: template.measure,
                filtered: false,
                time_frames: free,
                unavailable: None,
            });
        }
        if !taken.is_empty() {
            disabled.push(MetricCandidate {
                measure: template.measure,
                filtered: false,
                time_frames: taken,
                unavailable: Some(Unavailability::AlreadyDefined),
            });
        }
    }
    enabled.extend(disabled);
    enabled
}

/// Why a metric must be given a name instead of the default one
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameReason {
    /// Filters are too complex for default naming.
    Filtered,
    /// The default file name would exceed 100 characters.
    TooLong,
    /// The default key path is already in use.
    KeyPathTaken,
    /// Database metrics have no default name.
    Database,
}

/// Every effective key path a metric with this key path and these time frames would claim.
pub fn effective_key_paths(key_path: &str, frames: &[TimeFrame]) -> Vec<String> {
    naming::time_frame_spec(frames).expand(key_path).into_iter().map(|(_, p)| p).collect()
}

/// Whether any existing metric already claims one of `key_paths` (after time-frame expansion).
pub fn key_paths_taken<'a>(key_paths: &[String], existing: impl IntoIterator<Item = &'a MetricDefinition>) -> bool {
    existing.into_iter().flat_map(|m| m.effective_key_paths()).any(|(_, p)| key_paths.contains(&p))
}

/// The default names of an event metric: the key, its key path and file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultName {
    pub key: String,
    pub key_path: String,
    pub file_name: String,
}

pub fn default_name(measure: Measure, actions: &[String], frames: &[TimeFrame]) -> DefaultName {
    let frames = naming::sorted_time_frames(frames);
    let key = naming::metric_key(measure, &naming::events_segment(actions, None), &frames);
    DefaultName { key_path: naming::metric_key_path(measure, &key), file_name: format!("{key}.yml"), key }
}

/// The first reason (in the generator's order) this event metric needs a name, if any.
pub fn name_requirement<'a>(
    measure: Measure,
    actions: &[String],
    frames: &[TimeFrame],
    filtered: bool,
    existing: impl IntoIterator<Item = &'a MetricDefinition>,
) -> Option<NameReason> {
    if filtered {
        return Some(NameReason::Filtered);
    }
    let default = default_name(measure, actions, frames);
    if default.file_name.len() > MAX_FILE_NAME_LEN {
        return Some(NameReason::TooLong);
    }
    let paths = effective_key_paths(&default.key_path, &naming::sorted_time_frames(frames));
    if key_paths_taken(&paths, existing) {
        return Some(NameReason::KeyPathTaken);
    }
    None
}

/// The longest name that keeps the file name within 100 characters: 100 minus the length of the
/// file name with an empty name
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb).
/// Database metrics: the name is the key.
pub fn max_name_len(measure: Option<Measure>, frames: &[TimeFrame]) -> usize {
    let empty = match measure {
        Some(measure) => format!("{}.yml", naming::metric_key(measure, "", &naming::sorted_time_frames(frames))),
        None => ".yml".to_owned(),
    };
    MAX_FILE_NAME_LEN.saturating_sub(empty.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Identifier, MetricEvent, TimeFrameSpec};
    use indexmap::IndexMap;

    fn event(action: &str, identifiers: &[Identifier], properties: &[&str]) -> EventDefinition {
        EventDefinition {
            action: action.into(),
            internal_events: Some(true),
            identifiers: (!identifiers.is_empty()).then(|| identifiers.to_vec()),
            additional_properties: (!properties.is_empty()).then(|| {
                properties
                    .iter()
                    .map(|p| (p.to_string(), crate::model::AdditionalProperty { description: "TODO".into() }))
                    .collect::<IndexMap<_, _>>()
            }),
            ..EventDefinition::default()
        }
    }

    const ALL_IDS: &[Identifier] = &[Identifier::Project, Identifier::Namespace, Identifier::User];

    fn metric(actions: &[&str], unique: Option<UniqueBy>, frames: TimeFrameSpec) -> MetricDefinition {
        MetricDefinition {
            key_path: "x".into(),
            time_frame: Some(frames),
            events: Some(
                actions.iter().map(|a| MetricEvent { name: a.to_string(), unique, ..MetricEvent::default() }).collect(),
            ),
            ..MetricDefinition::default()
        }
    }

    /// A compact description of a candidate list for assertions.
    fn shapes(list: &[MetricCandidate]) -> Vec<String> {
        list.iter()
            .map(|c| {
                let measure = match c.measure {
                    Measure::Total => "total".to_owned(),
                    Measure::Sum => "sum".to_owned(),
                    Measure::Unique(by) => format!("unique {}", by.as_str()),
                };
                let frames: Vec<&str> = c.time_frames.iter().map(|t| t.as_str()).collect();
                let state = match &c.unavailable {
                    None => String::new(),
                    Some(Unavailability::AlreadyDefined) => " (already defined)".into(),
                    Some(Unavailability::Missing(id)) => format!(" ({id} unavailable)"),
                };
                format!("{measure}{} [{}]{state}", if c.filtered { " filtered" } else { "" }, frames.join(","))
            })
            .collect()
    }

    #[test]
    fn plain_event_offers_identifier_counts_and_total() {
        let used = event("internal_events_cli_used", ALL_IDS, &[]);
        let list = metric_candidates(&[&used], []);
        assert_eq!(
            shapes(&list),
            [
                "unique user.id [28d,7d]",
                "unique project.id [28d,7d]",
                "unique namespace.id [28d,7d]",
                "total [28d,7d,all]"
            ]
        );
    }

    #[test]
    fn existing_weekly_metric_splits_the_time_frames() {
        let used = event("internal_events_cli_used", ALL_IDS, &[]);
        let weekly = metric(&["internal_events_cli_used"], None, TimeFrameSpec::Single(TimeFrame::Week));
        let list = metric_candidates(&[&used], [&weekly]);
        assert_eq!(
            shapes(&list),
            [
                "unique user.id [28d,7d]",
                "unique project.id [28d,7d]",
                "unique namespace.id [28d,7d]",
                "total [28d,all]",
                "total [7d] (already defined)"
            ]
        );
        // An existing metric with every time frame removes the row entirely.
        let total = metric(
            &["internal_events_cli_used"],
            None,
            TimeFrameSpec::List(vec![TimeFrame::Month, TimeFrame::Week, TimeFrame::All]),
        );
        let list = metric_candidates(&[&used], [&total]);
        assert_eq!(shapes(&list)[3], "total [28d,7d,all] (already defined)");
        assert_eq!(list.iter().filter(|c| c.is_available()).count(), 3);
    }

    #[test]
    fn two_events_with_an_existing_project_metric() {
        let used = event("internal_events_cli_used", ALL_IDS, &[]);
        let closed = event("internal_events_cli_closed", ALL_IDS, &[]);
        let project = metric(
            &["internal_events_cli_used", "internal_events_cli_closed"],
            Some(UniqueBy::ProjectId),
            TimeFrameSpec::List(vec![TimeFrame::Month, TimeFrame::Week]),
        );
        let list = metric_candidates(&[&used, &closed], [&project]);
        assert_eq!(
            shapes(&list),
            [
                "unique user.id [28d,7d]",
                "unique namespace.id [28d,7d]",
                "total [28d,7d,all]",
                "unique project.id [28d,7d] (already defined)"
            ]
        );
    }

    #[test]
    fn filtered_metrics_never_conflict() {
        let used = event("internal_events_cli_used", ALL_IDS, &[]);
        let mut filtered = metric(&["internal_events_cli_used"], None, TimeFrameSpec::Single(TimeFrame::Week));
        if let Some(events) = filtered.events.as_mut() {
            events[0].filter.insert("label".into(), crate::model::FilterValue::String("a".into()));
        }
        let list = metric_candidates(&[&used], [&filtered]);
        assert_eq!(shapes(&list)[3], "total [28d,7d,all]");
    }

    #[test]
    fn event_without_identifiers_has_three_unavailable_rows() {
        let opened = event("internal_events_cli_opened", &[], &[]);
        let list = metric_candidates(&[&opened], []);
        assert_eq!(
            shapes(&list),
            [
                "total [28d,7d,all]",
                "unique user.id [28d,7d] (user unavailable)",
                "unique project.id [28d,7d] (project unavailable)",
                "unique namespace.id [28d,7d] (namespace unavailable)"
            ]
        );
    }

    #[test]
    fn event_with_all_properties_has_sixteen_rows() {
        let used = event("internal_events_cli_used", ALL_IDS, &["label", "property", "value"]);
        let list = metric_candidates(&[&used], []);
        assert_eq!(
            shapes(&list),
            [
                "unique user.id [28d,7d]",
                "unique project.id [28d,7d]",
                "unique namespace.id [28d,7d]",
                "unique user.id filtered [28d,7d]",
                "unique project.id filtered [28d,7d]",
                "unique namespace.id filtered [28d,7d]",
                "total [28d,7d,all]",
                "total filtered [28d,7d,all]",
                "unique label [28d,7d]",
                "unique property [28d,7d]",
                "unique value [28d,7d]",
                "unique label filtered [28d,7d]",
                "unique property filtered [28d,7d]",
                "unique value filtered [28d,7d]",
                "sum [28d,7d,all]",
                "sum filtered [28d,7d,all]"
            ]
        );
        assert!(list.iter().all(MetricCandidate::is_available));
        let options = filter_options(&[&used]);
        assert_eq!(list[11].filter_properties(&options), ["property", "value"]);
        assert_eq!(list[15].filter_properties(&options), ["label", "property"]);
    }

    #[test]
    fn partially_shared_properties() {
        let used = event("internal_events_cli_used", ALL_IDS, &["label", "property", "value"]);
        let opened = event("internal_events_cli_opened", ALL_IDS, &["label", "value"]);
        let list = metric_candidates(&[&used, &opened], []);
        let rows = shapes(&list);
        assert_eq!(rows.len(), 15);
        assert_eq!(rows.last().map(String::as_str), Some("unique property [28d,7d] (property unavailable)"));
        assert!(!rows.contains(&"unique property filtered [28d,7d]".to_owned()));
        assert_eq!(filter_options(&[&used, &opened]), ["label", "property", "value"]);
        assert_eq!(filter_options(&[&opened, &used]), ["label", "value", "property"]);
        assert_eq!(operable_identifiers(&[&used, &opened]), ["project", "namespace", "user", "label", "value"]);
    }

    #[test]
    fn events_without_properties_get_no_property_rows() {
        let used = event("a", ALL_IDS, &["label"]);
        let closed = event("b", ALL_IDS, &[]);
        let list = metric_candidates(&[&used, &closed], []);
        let rows = shapes(&list);
        // Filtered variants exist (label is a filter option); label-based rows are unavailable.
        assert!(rows.contains(&"unique user.id filtered [28d,7d]".to_owned()));
        assert!(rows.contains(&"unique label [28d,7d] (label unavailable)".to_owned()));
        assert!(rows.contains(&"sum [28d,7d,all] (value unavailable)".to_owned()));
        assert!(!rows.iter().any(|r| r.starts_with("unique label filtered")));
    }

    #[test]
    fn names_are_required_for_filters_long_names_and_taken_key_paths() {
        let actions = vec!["internal_events_cli_used".to_owned()];
        let frames = [TimeFrame::Month, TimeFrame::Week];
        let user = Measure::Unique(UniqueBy::UserId);
        assert_eq!(name_requirement(user, &actions, &frames, true, []), Some(NameReason::Filtered));
        assert_eq!(name_requirement(user, &actions, &frames, false, []), None);
        let long: Vec<String> =
            ["internal_events_cli_closed", "internal_events_cli_opened", "internal_events_cli_used", "random_name"]
                .map(String::from)
                .to_vec();
        assert_eq!(
            name_requirement(Measure::Total, &long, &[TimeFrame::Month, TimeFrame::Week, TimeFrame::All], false, []),
            Some(NameReason::TooLong)
        );
        let mut existing =
            metric(&["internal_events_cli_used"], Some(UniqueBy::UserId), TimeFrameSpec::Single(TimeFrame::Week));
        existing.key_path = "redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_weekly".into();
        assert_eq!(name_requirement(user, &actions, &frames, false, [&existing]), Some(NameReason::KeyPathTaken));
        assert_eq!(max_name_len(Some(user), &frames), 100 - "count_distinct_user_id_from_.yml".len());
        assert_eq!(max_name_len(Some(Measure::Total), &[TimeFrame::Week]), 100 - "count_total__weekly.yml".len());
        assert_eq!(max_name_len(None, &frames), 96);
    }
}
