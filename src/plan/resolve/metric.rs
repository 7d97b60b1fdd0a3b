//! Metrics counted from events: the events, what is counted, time frames, filters, copied
//! ownership, the name and the generator's conflict rules.

use std::collections::{BTreeSet, HashMap};

use indexmap::IndexMap;

use super::{PlannedKeyPaths, Resolver, generator_metric_defaults};
use crate::model::candidates::{CountedShape, effective_key_paths, max_name_len};
use crate::model::defaults::{Copied, CopyRule, copied_attributes};
use crate::model::filters;
use crate::model::naming::{self, MAX_FILE_NAME_LEN, Measure, sorted_actions};
use crate::model::{
    DataSource, EventDefinition, FilterValue, Identifier, MetricDefinition, MetricEvent, Operator, TimeFrame,
    TimeFrameSpec, UniqueBy, common,
};
use crate::plan::apply::{PlannedDefinition, PlannedFile};
use crate::plan::{Count, FilterValues, PlanMetric, PlanMetricEvent, UniqueKey};

/// Where an event a metric counts comes from.
#[derive(Debug, Clone)]
pub(super) struct KnownEvent {
    def: EventDefinition,
    /// More than one definition has this action (the generator hides such events).
    ambiguous: bool,
}

impl Resolver<'_> {
    pub(super) fn known_events(&self) -> HashMap<String, KnownEvent> {
        let planned: HashMap<&str, &PlannedFile> = self.files.iter().map(|f| (f.path.as_str(), f)).collect();
        let mut known: HashMap<String, KnownEvent> = HashMap::new();
        for loaded in &self.repo.events {
            let path = &self.repo.file(loaded.file).path;
            if planned.contains_key(path.as_str()) {
                continue;
            }
            known
                .entry(loaded.def.action.clone())
                .and_modify(|k| k.ambiguous = true)
                .or_insert(KnownEvent { def: loaded.def.clone(), ambiguous: false });
        }
        for file in &self.files {
            if let PlannedDefinition::Event(def) = &file.definition {
                known.insert(def.action.clone(), KnownEvent { def: def.clone(), ambiguous: false });
            }
        }
        known
    }

    pub(super) fn event_metric(
        &mut self,
        entry: &str,
        m: &PlanMetric,
        known: &HashMap<String, KnownEvent>,
        planned: &[PlannedKeyPaths],
    ) -> Option<(MetricDefinition, String)> {
        self.description(entry, m);
        if m.events.is_empty() {
            self.problem(
                format!("{entry}.events"),
                "list the events this metric counts (or give `database` for a database metric)",
            );
            return None;
        }
        // The events, each once, as the generator's picker allows.
        let mut events: Vec<(usize, &PlanMetricEvent, &KnownEvent)> = Vec::new();
        let mut names = BTreeSet::new();
        for (k, e) in m.events.iter().enumerate() {
            let location = format!("{entry}.events[{k}]");
            if !names.insert(e.name()) {
                self.problem(location, format!("`{}` is listed twice", e.name()));
                continue;
            }
            let in_plan = self.plan.events.iter().position(|p| p.action == e.name());
            match known.get(e.name()) {
                None if in_plan.is_some() => self.problem(
                    location,
                    format!(
                        "`{}` is defined by events[{}] of this plan, which has problems (see above)",
                        e.name(),
                        in_plan.unwrap_or_default()
                    ),
                ),
                None => self.problem(
                    location,
                    format!(
                        "there is no event `{}` in the repository or in this plan's events; define it first",
                        e.name()
                    ),
                ),
                Some(k_event) if k_event.ambiguous => self.problem(
                    location,
                    format!("more than one event definition has the action `{}`; fix the duplicates first", e.name()),
                ),
                Some(k_event) => events.push((k, e, k_event)),
            }
        }
        let measure = self.measure(entry, m)?;

        // Time frames: the generator offers 7d/28d for unique counts, 7d/28d/all otherwise.
        let frames = match &m.time_frames {
            Some(frames) => naming::sorted_time_frames(frames),
            None => measure.default_time_frames(),
        };
        if frames.contains(&TimeFrame::None) {
            self.problem(format!("{entry}.time_frames"), "choose among 7d, 28d and all");
        }
        if matches!(measure, Measure::Unique(_)) && frames.contains(&TimeFrame::All) {
            self.problem(format!("{entry}.time_frames"), "unique counts cannot cover `all` time; use 7d and/or 28d");
        }
        if events.len() != m.events.len() {
            return None;
        }
        // The generator lists (and so hands over) the selected events sorted by action; "the
        // first event" of the copy rule below is the first in that order.
        events.sort_by(|a, b| a.1.name().cmp(b.1.name()));
        self.check_candidate(entry, measure, &events);

        // Events entries: one per filter combination, sorted by action
        // (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb,
        // https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/metric.rb).
        let mut entries: Vec<MetricEvent> = Vec::new();
        for (k, e, known_event) in &events {
            let filters = self.filters(&format!("{entry}.events[{k}]"), e, &known_event.def, measure);
            for filter in filters {
                entries.push(MetricEvent {
                    name: e.name().to_owned(),
                    unique: match measure {
                        Measure::Unique(by) => Some(by),
                        _ => None,
                    },
                    filter,
                    operator: (measure == Measure::Sum).then_some(Operator::SumValue),
                });
            }
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        let filtered = entries.iter().any(|e| !e.filter.is_empty());

        // Ownership: given, else copied from the events
        // (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/subflows/event_metric_definer.rb).
        // GitLab's rule, quirk included: the first event's value (see `CopyRule::FirstEvent`).
        let event_defs: Vec<&EventDefinition> = events.iter().map(|(_, _, k)| &k.def).collect();
        let known_categories = &self.repo.reference.feature_categories.values;
        let defaults = copied_attributes(&event_defs, known_categories, CopyRule::FirstEvent);
        let first_action = events.first().map(|(_, e, _)| e.name().to_owned()).unwrap_or_default();
        let group = match &m.product_group {
            Some(g) => Some(g.clone()),
            None => match &defaults.product_group {
                Copied::Value(g) => Some(g.clone()),
                Copied::FirstEventLacks => {
                    self.problem(
                        format!("{entry}.product_group"),
                        format!("copying from the events gives no product_group (the generator takes the first event's, and `{first_action}` has none); give `product_group`"),
                    );
                    None
                }
                Copied::Nothing => {
                    let mut groups_seen: Vec<String> =
                        event_defs.iter().filter_map(|d| d.product_group.clone()).collect();
                    groups_seen.dedup();
                    self.problem(
                        format!("{entry}.product_group"),
                        format!(
                            "the events have different product groups ({}); give `product_group`",
                            groups_seen.join(", ")
                        ),
                    );
                    None
                }
            },
        };
        if let Some(g) = &group {
            self.product_group(format!("{entry}.product_group"), g);
        }
        let categories = match &m.product_categories {
            Some(c) => self.product_categories(&format!("{entry}.product_categories"), c),
            None => match &defaults.product_categories {
                Copied::Value(c) => Some(c.clone()),
                Copied::FirstEventLacks | Copied::Nothing => {
                    self.problem(
                        format!("{entry}.product_categories"),
                        "the events have no product categories to copy; give `product_categories` (or [] for none)",
                    );
                    None
                }
            },
        };
        let tiers = match &m.tiers {
            Some(t) => Some(self.tiers(format!("{entry}.tiers"), t)),
            None => match &defaults.tiers {
                Copied::Value(t) => Some(t.clone()),
                Copied::FirstEventLacks => {
                    self.problem(
                        format!("{entry}.tiers"),
                        format!("copying from the events gives no tiers (`{first_action}` has none); give `tiers`"),
                    );
                    None
                }
                Copied::Nothing => {
                    self.problem(format!("{entry}.tiers"), "the events have different tiers; give `tiers`");
                    None
                }
            },
        };
        let url = match &m.introduced_by_url {
            Some(u) => u.clone(),
            // A copied nil, or no default at all, ends as the generator's TODO.
            None => defaults.introduced_by_url.value().cloned().unwrap_or_else(|| "TODO".into()),
        };
        let milestone = self.milestone(entry, m.milestone.as_ref());
        let tiers = tiers?;

        // Naming
        // (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb,
        // https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/metric.rb).
        let actions: Vec<String> = events.iter().map(|(_, e, _)| e.name().to_owned()).collect();
        let default_key = naming::metric_key(measure, &naming::events_segment(&actions, None), &frames);
        let default_path = naming::metric_file_path(&default_key, &frames, &tiers);
        let default_key_path = naming::metric_key_path(measure, &default_key);
        let key = match &m.name {
            Some(name) => {
                let max = max_name_len(Some(measure), &frames);
                if !common::is_snake_name(name) || name.len() > max {
                    self.problem(
                        format!("{entry}.name"),
                        format!("`{name}` is not a valid name: at most {max} characters, lowercase letters, digits and underscores only"),
                    );
                }
                naming::metric_key(measure, name, &frames)
            }
            None => {
                let reason = if filtered {
                    Some("metrics using filters are too complex for default naming".to_owned())
                } else if default_key.len() + ".yml".len() > MAX_FILE_NAME_LEN {
                    Some(format!(
                        "the default file name {default_key}.yml would be longer than {MAX_FILE_NAME_LEN} characters"
                    ))
                } else {
                    let keys = effective_key_paths(&default_key_path, &frames);
                    self.key_path_owner(&keys, &default_path, planned)
                        .map(|(key, owner)| format!("the default key path `{key}` is already used by {owner}"))
                };
                if let Some(reason) = reason {
                    let template = naming::metric_key(measure, "[REPLACE ME]", &frames);
                    self.problem(
                        format!("{entry}.name"),
                        format!(
                            "a `name` is required: {reason}. It replaces the events part of the key: {}.{template}",
                            measure.key_prefix()
                        ),
                    );
                    return None;
                }
                default_key
            }
        };
        let key_path = naming::metric_key_path(measure, &key);
        let path = naming::metric_file_path(&key, &frames, &tiers);
        if m.name.is_some()
            && let Some((taken, owner)) = self.key_path_owner(&effective_key_paths(&key_path, &frames), &path, planned)
        {
            self.problem(
                format!("{entry}.name"),
                format!("the key path `{taken}` is already used by {owner}; choose another name"),
            );
        }
        if !filtered {
            self.conflicts(entry, measure, &actions, &frames, &path);
        }

        let def = MetricDefinition {
            key_path,
            description: Some(m.description.clone()),
            product_group: group,
            product_categories: categories,
            milestone,
            introduced_by_url: Some(url),
            time_frame: Some(naming::time_frame_spec(&frames)),
            data_source: Some(DataSource::InternalEvents),
            tiers: Some(tiers),
            events: Some(entries),
            ..generator_metric_defaults()
        };
        Some((def, path))
    }

    fn measure(&mut self, entry: &str, m: &PlanMetric) -> Option<Measure> {
        let unique_by = m.unique_by.map(UniqueKey::unique_by);
        match (m.count, unique_by) {
            (None, _) => {
                self.problem(
                    format!("{entry}.count"),
                    "say what to count: `count: total`, `count: unique` (with `unique_by`) or `count: sum`",
                );
                None
            }
            (Some(Count::Unique), None) => {
                self.problem(
                    format!("{entry}.unique_by"),
                    "a unique count needs `unique_by`: user, project, namespace, label, property or value",
                );
                None
            }
            (Some(Count::Unique), Some(by)) => Some(Measure::Unique(by)),
            (Some(c), Some(_)) => {
                let c = if c == Count::Total { "total" } else { "sum" };
                self.problem(
                    format!("{entry}.unique_by"),
                    format!("`unique_by` only goes with `count: unique` (this metric is a {c})"),
                );
                None
            }
            (Some(Count::Total), None) => Some(Measure::Total),
            (Some(Count::Sum), None) => Some(Measure::Sum),
        }
    }

    /// Candidates the generator would not offer
    /// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/metric_options.rb):
    /// the identifier or property counted must be shared by every event.
    fn check_candidate(&mut self, entry: &str, measure: Measure, events: &[(usize, &PlanMetricEvent, &KnownEvent)]) {
        let lacking = |has: &dyn Fn(&EventDefinition) -> bool| -> Vec<String> {
            events.iter().filter(|(_, _, k)| !has(&k.def)).map(|(_, e, _)| format!("`{}`", e.name())).collect()
        };
        let (field, what, missing) = match measure {
            Measure::Total => return,
            Measure::Unique(by) => match identifier_of(by) {
                Some(id) => (
                    "unique_by",
                    format!("the `{}` identifier", id.as_str()),
                    lacking(&|d| d.identifiers().contains(&id)),
                ),
                None => {
                    ("unique_by", format!("the `{}` property", by.as_str()), lacking(&|d| d.has_property(by.as_str())))
                }
            },
            Measure::Sum => ("count", "the `value` property".to_owned(), lacking(&|d| d.has_property("value"))),
        };
        if !missing.is_empty() {
            self.problem(
                format!("{entry}.{field}"),
                format!(
                    "every event must have {what} for this metric; {} {} not",
                    missing.join(", "),
                    if missing.len() == 1 { "does" } else { "do" }
                ),
            );
        }
    }

    /// The filter maps for one event: the Cartesian product of the values given per property, in
    /// the event's property order
    /// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb);
    /// one empty map when there are none.
    fn filters(
        &mut self,
        location: &str,
        e: &PlanMetricEvent,
        event: &EventDefinition,
        measure: Measure,
    ) -> Vec<IndexMap<String, FilterValue>> {
        let PlanMetricEvent::Filtered { filter, .. } = e else {
            return vec![IndexMap::new()];
        };
        let counted = match measure {
            Measure::Unique(by) if identifier_of(by).is_none() => Some(by.as_str()),
            Measure::Sum => Some("value"),
            _ => None,
        };
        for property in filter.keys() {
            let loc = format!("{location}.filter.{property}");
            if !event.has_property(property) {
                let props: Vec<&str> = event.property_names().collect();
                let has = if props.is_empty() {
                    "no additional properties".to_owned()
                } else {
                    format!("only {}", props.join(", "))
                };
                self.problem(
                    loc,
                    format!("`{}` has no property `{property}` to filter on (it has {has})", event.action),
                );
            } else if counted == Some(property.as_str()) {
                self.problem(loc, format!("`{property}` is what this metric counts; it cannot also be a filter"));
            }
        }
        // Values per property, in the event's order.
        let mut axes: Vec<(String, Vec<FilterValue>)> = Vec::new();
        for property in event.property_names() {
            let Some(given) = filter.get(property) else { continue };
            let values = match given {
                FilterValues::One(v) => vec![v.clone()],
                FilterValues::Many(vs) => vs.clone(),
            };
            let mut cleaned: Vec<FilterValue> = Vec::new();
            for v in values {
                match filters::filter_value(property, v) {
                    Ok(Some(v)) => filters::push_unique(&mut cleaned, v),
                    Ok(None) => {}
                    Err(error) => self.problem(format!("{location}.filter.{property}"), error.0),
                }
            }
            axes.push((property.to_owned(), cleaned));
        }
        filters::filter_combinations(&axes)
    }

    /// Unfiltered metrics that already count the same events the same way for a time frame (the
    /// generator's "already defined" rows,
    /// https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/metric_options.rb).
    fn conflicts(&mut self, entry: &str, measure: Measure, actions: &[String], frames: &[TimeFrame], own_path: &str) {
        let wanted_actions = sorted_actions(actions.iter().map(String::as_str));
        let mut found = Vec::new();
        for loaded in &self.repo.metrics {
            let path = &self.repo.file(loaded.file).path;
            let def = &loaded.def;
            let replaced = path == own_path || self.files.iter().any(|f| &f.path == path);
            let Some(shape) = CountedShape::of(def).filter(|_| !replaced) else { continue };
            for (frame, key) in
                def.time_frame.clone().unwrap_or(TimeFrameSpec::Single(TimeFrame::All)).expand(&def.key_path)
            {
                if frames.contains(&frame) && shape.defines(measure, &wanted_actions, frame) {
                    found.push(format!("{} ({key} in {path})", frame.as_str()));
                }
            }
        }
        if !found.is_empty() {
            self.problem(
                format!("{entry}.time_frames"),
                format!("already defined: {}; leave those time frames out", found.join(", ")),
            );
        }
    }
}

fn identifier_of(by: UniqueBy) -> Option<Identifier> {
    match by {
        UniqueBy::UserId => Some(Identifier::User),
        UniqueBy::ProjectId => Some(Identifier::Project),
        UniqueBy::NamespaceId => Some(Identifier::Namespace),
        _ => None,
    }
}
