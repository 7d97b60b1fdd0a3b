//! "New Metric"
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb):
//! type, events, the metric to add, filters, description, name, attributes copied from the events,
//! ownership, save and what comes next. The database subflow
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/subflows/database_metric_definer.rb)
//! is always available: GitLab hides it behind `ENABLE_DATABASE_METRIC`; we have no reason to.

use std::collections::HashMap;

use indexmap::IndexMap;

use crate::model::candidates::{
    self, MetricCandidate, NameReason, Unavailability, filter_options, metric_candidates, required_identifier,
};
use crate::model::common::is_snake_name;
use crate::model::defaults::{CopiedAttributes, CopyRule, copied_attributes};
use crate::model::filters::{filter_combinations, parse_filter_input};
use crate::model::naming::{self, Measure};
use crate::model::{EventDefinition, FilterValue, MetricDefinition, TimeFrame, UniqueBy};
use crate::plan::{Count, DatabaseMetric, FilterValues, Plan, PlanMetric, PlanMetricEvent, UniqueKey};
use crate::render::context::{group_dashboard_url, metric_trend_url};

use super::super::ownership;
use super::super::prompt::{Asked, Choice, MultiSelectQuestion, SelectQuestion, TextQuestion, ask_text};
use super::super::save::{self, Confirmation, Saved};
use super::super::{Session, text};
use super::metric_revisit::OwnQuestions;
use super::{Next, event_rows};

pub(super) const STEPS: [&str; 11] = [
    "New Metric",
    "Type",
    "Config",
    "Scope",
    "Description",
    "Defaults",
    "Group",
    "Categories",
    "URL",
    "Tiers",
    "Save files",
];

/// A selected event and the filter values chosen for its properties, in property order.
struct SelectedEvent {
    event: EventDefinition,
    filters: Vec<(String, Vec<FilterValue>)>,
}

impl SelectedEvent {
    fn has_filters(&self) -> bool {
        self.filters.iter().any(|(_, v)| !v.is_empty())
    }
}

pub(crate) fn new_metric(s: &mut Session, preset: Option<Vec<String>>) -> Asked<Next> {
    let actions = match preset {
        Some(actions) => actions,
        None => {
            s.screen(&STEPS, 1);
            let rows = [
                Choice::new(text::METRIC_TYPE_SINGLE),
                Choice::new(text::METRIC_TYPE_MULTIPLE),
                Choice::new(text::METRIC_TYPE_DATABASE),
            ];
            match s.p.select(&SelectQuestion::new(text::METRIC_TYPE_PROMPT, &rows))? {
                0 => match pick_events(s, false)? {
                    Some(actions) => actions,
                    None => return Ok(Next::Exit),
                },
                1 => match pick_events(s, true)? {
                    Some(actions) => actions,
                    None => return Ok(Next::Exit),
                },
                _ => return database_metric(s),
            }
        }
    };
    let mut events: Vec<EventDefinition> = Vec::new();
    for action in &actions {
        match s.repo.event(action) {
            Some(loaded) => events.push(loaded.def.clone()),
            None => {
                s.say(&text::error(&format!("The event {action} is not defined in this repository.")));
                return Ok(Next::NewMetric(None));
            }
        }
    }
    event_metric(s, events)
}

/// The event picker
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/subflows/event_metric_definer.rb);
/// `None` when the repository has no event to count.
fn pick_events(s: &mut Session, multiple: bool) -> Asked<Option<Vec<String>>> {
    s.screen(&STEPS, 2);
    s.report_load_errors(true);
    text::say_wrapped(s.p, text::EVENT_SEARCH_HINT);
    s.say("");
    let (rows, actions) = event_rows(s);
    if !rows.iter().any(Choice::is_selectable) {
        s.say(&text::error("There are no internal events to count yet. Define an event first (`eventdef new event`)."));
        return Ok(None);
    }
    let chosen = if multiple {
        let question = MultiSelectQuestion {
            prompt: text::MULTIPLE_EVENTS_PROMPT,
            choices: &rows,
            selected: &[],
            filterable: true,
        };
        s.p.multi_select(&question)?
    } else {
        vec![s.p.select(&SelectQuestion::new(text::SINGLE_EVENT_PROMPT, &rows).filterable())?]
    };
    Ok(Some(chosen.into_iter().filter_map(|i| actions.get(i).cloned()).collect()))
}

/// "Total/Monthly/Weekly": time frames ordered all, 28d, 7d.
fn time_frame_phrase(frames: &[TimeFrame]) -> String {
    let order = [TimeFrame::All, TimeFrame::Month, TimeFrame::Week];
    order.iter().filter(|t| frames.contains(t)).map(|t| t.adjective()).collect::<Vec<_>>().join("/")
}

fn unique_property(by: UniqueBy) -> Option<&'static str> {
    match by {
        UniqueBy::Label => Some("label"),
        UniqueBy::Property => Some("property"),
        UniqueBy::Value => Some("value"),
        _ => None,
    }
}

/// What the metric counts, after "count of"/"sum of": "unique users who triggered X" ...
fn measure_phrase(measure: Measure, subject: &str) -> String {
    match measure {
        Measure::Unique(UniqueBy::UserId) => format!("count of unique users who triggered {subject}"),
        Measure::Unique(UniqueBy::ProjectId) => format!("count of unique projects where {subject} occurred"),
        Measure::Unique(UniqueBy::NamespaceId) => format!("count of unique namespaces where {subject} occurred"),
        Measure::Unique(by) => {
            format!(
                "count of unique values for '{}' from {subject} occurrences",
                unique_property(by).unwrap_or_default()
            )
        }
        Measure::Total => format!("count of {subject} occurrences"),
        Measure::Sum => format!("sum of all values for 'value' from {subject} occurrences"),
    }
}

/// The row of a candidate in "Which metrics do you want to add?"
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/metric_options.rb).
pub(crate) fn candidate_row(candidate: &MetricCandidate, actions: &[String], options: &[String]) -> Choice {
    let subject = match actions {
        [one] => one.clone(),
        many => format!("any of {} events", many.len()),
    };
    let mut label =
        format!("{} {}", time_frame_phrase(&candidate.time_frames), measure_phrase(candidate.measure, &subject));
    if candidate.filtered {
        label.push_str(&format!(" where {} is...", candidate.filter_properties(options).join("/")));
    }
    match &candidate.unavailable {
        None => Choice::new(label),
        Some(Unavailability::AlreadyDefined) => Choice::disabled(label, "(already defined)"),
        Some(Unavailability::Missing(id)) => Choice::disabled(label, format!("({id} unavailable)")),
    }
}

/// "Count of unique users who triggered X", shown under the description question. `action`
/// is the one counted event, or `None` for several or filtered events.
fn technical_description(prefix: &str, measure: Measure, action: Option<&str>) -> String {
    let occurrences = match action {
        Some(action) => format!("{action} occurrences"),
        None => "occurrences of the selected events".to_owned(),
    };
    let subject = action.unwrap_or("the selected events");
    let rest = match measure {
        Measure::Unique(UniqueBy::UserId) => format!("who triggered {subject}"),
        Measure::Unique(UniqueBy::ProjectId | UniqueBy::NamespaceId) => format!("where {subject} occurred"),
        Measure::Unique(by) => format!("values for '{}' from {occurrences}", unique_property(by).unwrap_or_default()),
        Measure::Total => occurrences,
        Measure::Sum => format!("values for 'value' from {occurrences}"),
    };
    format!("{prefix} {rest}")
}

fn event_metric(s: &mut Session, events: Vec<EventDefinition>) -> Asked<Next> {
    // Scope
    s.screen(&STEPS, 3);
    let refs: Vec<&EventDefinition> = events.iter().collect();
    let existing: Vec<MetricDefinition> = s.repo.metrics.iter().map(|m| m.def.clone()).collect();
    let list = metric_candidates(&refs, &existing);
    if !list.iter().any(MetricCandidate::is_available) {
        s.say(&text::error(text::NO_METRICS_LEFT));
        s.say(text::NO_METRICS_LEFT_HINT);
        return Ok(Next::Exit);
    }
    let options = filter_options(&refs);
    let any_filterable = events.iter().any(|e| e.property_names().next().is_some());
    s.say(&text::info("SELECTED EVENTS"));
    for event in &events {
        let names: Vec<&str> = event.property_names().collect();
        let note = if !names.is_empty() {
            text::grey(&format!(" (filterable by {})", names.join(", ")))
        } else if any_filterable {
            text::grey(" -- not filterable")
        } else {
            String::new()
        };
        s.say(&format!("  - {}{note}", event.action));
    }
    s.say("");
    let all_actions: Vec<String> = naming_actions(&events);
    let rows: Vec<Choice> = list.iter().map(|c| candidate_row(c, &all_actions, &options)).collect();
    let index = s.p.select(&SelectQuestion::new(text::METRIC_CHOICE_PROMPT, &rows).filterable())?;
    let Some(candidate) = list.get(index).cloned() else { return Ok(Next::Exit) };

    // Filters
    let selected = if candidate.filtered { ask_filters(s, &candidate, events)? } else { unfiltered(events) };
    let actions: Vec<String> = naming_actions(&selected.iter().map(|e| e.event.clone()).collect::<Vec<_>>());
    let filtered = selected.iter().any(SelectedEvent::has_filters);
    let frames = candidate.time_frames.clone();

    // Description
    s.screen(&STEPS, 4);
    text::say_wrapped(s.p, text::METRIC_DESCRIPTION_INTRO);
    s.say("");
    s.say(&text::info(if selected.len() == 1 { "SELECTED EVENT:" } else { "SELECTED EVENTS:" }));
    for event in &selected {
        let values: Vec<(String, Vec<FilterValue>)> = event.filters.clone();
        for combination in filter_combinations(&values) {
            let filter = if combination.is_empty() {
                String::new()
            } else {
                format!("({})", combination.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" "))
            };
            s.say(&format!("  {}{filter} - {}", event.event.action, text::grey(&event.event.description)));
        }
    }
    s.say("");
    let prefix = naming::description_prefix(candidate.measure, &frames);
    let single = match actions.as_slice() {
        [one] if !filtered => Some(one.as_str()),
        _ => None,
    };
    let technical = technical_description(&prefix, candidate.measure, single);
    let lead = format!("{}\n{} {}", text::METRIC_DESCRIPTION_LEAD, text::grey("Technical description:"), technical);
    let prompt = format!("Finish the description: {prefix}");
    let rest = ask_text(s.p, &TextQuestion::required(&prompt, text::METRIC_DESCRIPTION_HELP).lead(&lead))?;
    let description = format!("{prefix} {rest}");
    let mut metric = PlanMetric {
        events: plan_events(&selected),
        count: Some(match candidate.measure {
            Measure::Total => Count::Total,
            Measure::Unique(_) => Count::Unique,
            Measure::Sum => Count::Sum,
        }),
        unique_by: match candidate.measure {
            Measure::Unique(by) => Some(UniqueKey::from(by)),
            _ => None,
        },
        time_frames: Some(frames.clone()),
        description: description.clone(),
        ..PlanMetric::default()
    };
    keep_draft(s, &metric);

    // Name
    let reason = candidates::name_requirement(candidate.measure, &actions, &frames, filtered, &existing);
    let name = match reason {
        Some(reason) => Some(ask_name(s, reason, Some(candidate.measure), &frames, &existing, None)?),
        None => None,
    };
    metric.name = name.clone();
    keep_draft(s, &metric);
    let own = OwnQuestions {
        description_intro: text::METRIC_DESCRIPTION_INTRO,
        description_prompt: prompt,
        description_lead: lead,
        description_prefix: Some(prefix),
        name_reason: reason,
        measure: Some(candidate.measure),
        frames: frames.clone(),
    };

    // Defaults, group, categories, URL, tiers
    let selected_events: Vec<&EventDefinition> = selected.iter().map(|e| &e.event).collect();
    // The agreed value, not GitLab's first-event quirk: the user sees and confirms what is copied.
    let copied = copied_attributes(&selected_events, s.known_categories(), CopyRule::AgreedValue);
    let event_groups: Vec<String> = selected_events.iter().filter_map(|e| e.product_group.clone()).collect();
    let group = ask_ownership(s, &copied, &event_groups, &mut metric)?;
    s.draft = None;
    s.plan.metrics.push(metric.clone());
    s.pending.metrics.push(metric.clone());

    // Save
    s.screen(&STEPS, 10);
    let key = naming::metric_key(candidate.measure, &naming::events_segment(&actions, name.as_deref()), &frames);
    let key_path = naming::metric_key_path(candidate.measure, &key);
    let saved = save_metric(s, metric, &own, &key_path, &description)?;

    // Done
    done_screen(s, &saved, Some(&actions), &group);
    let first = actions.first().cloned().unwrap_or_default();
    // GitLab's five rows keep their numbers; ours comes last.
    let rows = [
        Choice::new("New Event -- define a new event"),
        Choice::new(format!("New Metric -- define another metric for {}", actions.join(", "))),
        Choice::new("New Metric -- define another metric"),
        Choice::new(format!("View Usage -- look at code examples for event {first}")),
        Choice::new("Exit"),
        Choice::new(super::issue::MENU_ROW),
    ];
    loop {
        return Ok(match s.p.select(&SelectQuestion::new(text::NEXT_PROMPT, &rows).default(3))? {
            0 => Next::NewEvent,
            1 => Next::NewMetric(Some(actions)),
            2 => Next::NewMetric(None),
            3 => Next::ViewUsage(s.repo.event(&first).map(|l| Box::new(l.def.clone()))),
            5 => {
                super::issue::write_issue(s)?;
                continue;
            }
            _ => Next::Exit,
        });
    }
}

/// Actions of the events, sorted and unique, as the key and the file list them.
fn naming_actions(events: &[EventDefinition]) -> Vec<String> {
    naming::sorted_actions(events.iter().map(|e| e.action.as_str()))
}

fn unfiltered(events: Vec<EventDefinition>) -> Vec<SelectedEvent> {
    events.into_iter().map(|event| SelectedEvent { event, filters: Vec::new() }).collect()
}

/// The plan's `events:`: names, with the chosen values per property; sorted by action like the
/// written file (the plan code expands several values into one entry per combination).
fn plan_events(selected: &[SelectedEvent]) -> Vec<PlanMetricEvent> {
    let mut entries: Vec<PlanMetricEvent> = selected
        .iter()
        .map(|e| {
            let filter: IndexMap<String, FilterValues> = e
                .filters
                .iter()
                .filter(|(_, values)| !values.is_empty())
                .map(|(property, values)| {
                    let values = match values.as_slice() {
                        [one] => FilterValues::One(one.clone()),
                        many => FilterValues::Many(many.to_vec()),
                    };
                    (property.clone(), values)
                })
                .collect();
            if filter.is_empty() {
                PlanMetricEvent::Name(e.event.action.clone())
            } else {
                PlanMetricEvent::Filtered { name: e.event.action.clone(), filter }
            }
        })
        .collect();
    entries.sort_by(|a, b| a.name().cmp(b.name()));
    entries
}

/// Filter values per event
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb).
/// Events without properties may be left out.
fn ask_filters(
    s: &mut Session,
    candidate: &MetricCandidate,
    events: Vec<EventDefinition>,
) -> Asked<Vec<SelectedEvent>> {
    let identifier = required_identifier(candidate.measure);
    let count = events.len();
    let mut carried: HashMap<String, String> = HashMap::new();
    let mut kept = Vec::new();
    for (i, event) in events.into_iter().enumerate() {
        let counter = if count > 1 { format!(" ({}/{count})", i + 1) } else { String::new() };
        s.say("");
        s.say(&text::info(&format!("-- SETTING EVENT FILTERS{counter}: {} --", event.action)));
        for (name, property) in event.additional_properties.iter().flatten() {
            s.say(&format!("  {name}: {}", text::grey(&property.description)));
        }
        let names: Vec<String> = event.property_names().map(str::to_owned).collect();
        if names.is_empty() {
            if s.p.confirm(text::NOT_FILTERABLE_PROMPT, true)? {
                kept.push(SelectedEvent { event, filters: Vec::new() });
            }
            continue;
        }
        let mut filters = Vec::new();
        for name in names.into_iter().filter(|n| Some(n.as_str()) != identifier) {
            let validate = |input: &str| parse_filter_input(&name, input).map(|_| ()).map_err(|e| e.0);
            let prompt = format!("Count where {name} equals any of (comma-sep):");
            let initial = carried.get(&name).cloned();
            let input =
                ask_text(s.p, &TextQuestion::optional(&prompt).initial(initial.as_deref()).validate(&validate))?;
            let values = parse_filter_input(&name, &input).unwrap_or_default();
            carried.insert(name.clone(), input);
            filters.push((name, values));
        }
        kept.push(SelectedEvent { event, filters });
    }
    Ok(kept)
}

/// The forced name
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb):
/// the events part of the key, or a database metric's key.
pub(super) fn ask_name(
    s: &mut Session,
    reason: NameReason,
    measure: Option<Measure>,
    frames: &[TimeFrame],
    existing: &[MetricDefinition],
    initial: Option<&str>,
) -> Asked<String> {
    let (why, help) = match reason {
        NameReason::Filtered => (
            "Metrics using filters are too complex for default naming.",
            "Required. Name what the filters select, e.g. failed_usage_attempts for label=failure.",
        ),
        NameReason::TooLong => (
            "The default filename will be too long.",
            "Required. A shorter name for the counted events, e.g. cli_interactions for all CLI events.",
        ),
        NameReason::KeyPathTaken => (
            "The default key path is already in use.",
            "Required. A name that sets this metric apart from the existing one.",
        ),
        NameReason::Database => (
            "Database metrics have no default name.",
            "Required. The metric's key, e.g. issues_count for a count of issues.",
        ),
    };
    let placeholder = "[REPLACE ME]";
    let key_for = |name: &str| match measure {
        Some(m) => naming::metric_key(m, name, &naming::sorted_time_frames(frames)),
        None => name.to_owned(),
    };
    let key_path_for = |name: &str| match measure {
        Some(m) => naming::metric_key_path(m, &key_for(name)),
        None => name.to_owned(),
    };
    let frames_written: Vec<TimeFrame> = match measure {
        Some(_) => naming::sorted_time_frames(frames),
        None => frames.to_vec(),
    };
    let max = candidates::max_name_len(measure, frames);
    s.say("");
    s.say(&text::warning(why));
    s.say(&format!("  ID:       {}", key_path_for(placeholder)));
    s.say(&format!("  Filename: {}.yml", key_for(placeholder)));
    s.say("");
    let validate = |name: &str| {
        let paths = candidates::effective_key_paths(&key_path_for(name), &frames_written);
        if name.len() <= max && is_snake_name(name) && !candidates::key_paths_taken(&paths, existing) {
            Ok(())
        } else {
            Err(format!(
                "Input is invalid. Max {max} characters. Only lowercase/numbers/underscores allowed. Ensure this key path (ID) is not already in use."
            ))
        }
    };
    let question =
        TextQuestion::required(text::NAME_PROMPT, help).lead(text::NAME_LEAD).initial(initial).validate(&validate);
    ask_text(s.p, &question)
}

/// The answers of the metric being asked, kept so Ctrl-C does not throw them away (see
/// `recovery`).
fn keep_draft(s: &mut Session, metric: &PlanMetric) {
    s.draft = Some(Plan { metrics: vec![metric.clone()], ..Plan::default() });
}

/// A small YAML rendering of the copied attributes for the "Convenient!" screen.
fn copied_yaml(copied: &CopiedAttributes) -> String {
    let mut lines = Vec::new();
    if let Some(group) = copied.product_group.value() {
        lines.push(format!("product_group: {group}"));
    }
    if let Some(categories) = copied.product_categories.value() {
        lines.push("product_categories:".to_owned());
        lines.extend(categories.iter().map(|c| format!("- {c}")));
    }
    if let Some(url) = copied.introduced_by_url.value() {
        lines.push(format!("introduced_by_url: {url}"));
    }
    if let Some(tiers) = copied.tiers.value() {
        lines.push("tiers:".to_owned());
        lines.extend(tiers.iter().map(|t| format!("- {}", t.as_str())));
    }
    lines.join("\n")
}

/// Copy & continue / Modify attributes, then the questions not answered by copying; each answer
/// goes into `metric` (and its draft) as it is given. Returns the group.
fn ask_ownership(
    s: &mut Session,
    copied: &CopiedAttributes,
    event_groups: &[String],
    metric: &mut PlanMetric,
) -> Asked<String> {
    let mut copy = false;
    if !copied.is_empty() {
        s.screen(&STEPS, 5);
        s.say(text::COPY_INTRO);
        s.say("");
        s.say(&copied_yaml(copied));
        s.say("");
        text::say_wrapped(s.p, text::COPY_OUTRO);
        s.say("");
        let rows = [Choice::new(text::COPY_AND_CONTINUE), Choice::new(text::MODIFY_ATTRIBUTES)];
        copy = s.p.select(&SelectQuestion::new(text::COPY_PROMPT, &rows))? == 0;
    }
    let group = match (copied.product_group.value(), copy) {
        (Some(group), true) => group.clone(),
        (default, _) => {
            s.screen(&STEPS, 6);
            ownership::ask_group(s, text::METRIC_GROUP_PROMPT, default.map(String::as_str), event_groups)?
        }
    };
    metric.product_group = Some(group.clone());
    keep_draft(s, metric);
    let categories = match (copied.product_categories.value(), copy) {
        (Some(categories), true) => categories.clone(),
        (default, _) => {
            s.screen(&STEPS, 7);
            s.say(&text::info(text::CATEGORIES_INTRO));
            s.say("");
            let mut groups = vec![group.clone()];
            groups.extend(event_groups.iter().cloned());
            groups.extend(copied.product_group.value().cloned());
            let preselected = default.cloned().unwrap_or_default();
            ownership::ask_categories(s, text::METRIC_CATEGORIES_PROMPT, &groups, &preselected, false)?
        }
    };
    metric.product_categories = Some(categories);
    keep_draft(s, metric);
    let url = match (copied.introduced_by_url.value(), copy) {
        (Some(url), true) => url.clone(),
        (default, _) => {
            s.screen(&STEPS, 8);
            let validate = |url: &str| super::super::answers::check_mr_url(url);
            let question = TextQuestion::optional(text::METRIC_URL_PROMPT)
                .initial(default.map(String::as_str).filter(|url| *url != "TODO"))
                .validate(&validate);
            let answer = ask_text(s.p, &question)?;
            if answer.is_empty() { "TODO".to_owned() } else { answer }
        }
    };
    metric.introduced_by_url = Some(url);
    keep_draft(s, metric);
    let tiers = match (copied.tiers.value(), copy) {
        (Some(tiers), true) => tiers.clone(),
        (default, _) => {
            s.screen(&STEPS, 9);
            ownership::ask_tiers(s, text::METRIC_TIERS_PROMPT, default.map(Vec::as_slice))?
        }
    };
    metric.tiers = Some(tiers);
    keep_draft(s, metric);
    Ok(group)
}

fn save_metric(
    s: &mut Session,
    mut metric: PlanMetric,
    own: &OwnQuestions,
    key_path: &str,
    description: &str,
) -> Asked<Saved> {
    let frames = own.frames.as_slice();
    let expanded = naming::time_frame_spec(frames).expand(key_path);
    if frames.len() > 1 {
        s.say(&format!("This would create {} metrics with the following key paths:", expanded.len()));
        for (frame, path) in &expanded {
            let word = match frame {
                TimeFrame::Week => "weekly",
                TimeFrame::Month => "monthly",
                _ => "total",
            };
            s.say(&format!("  {word}: {path}"));
        }
        s.say("");
    }
    s.say(&text::info(&format!("-- SAVING FILE: {description} --")));
    let mut plan = Plan { metrics: vec![metric.clone()], ..Plan::default() };
    let mut saved = save::save(s, &plan, Confirmation::Ask)?;
    // The final check refused an answer: go back to its step, keeping the others.
    while !saved.refused.is_empty() {
        let Some(field) = super::metric_revisit::ask_step(s, &saved.refused)? else { break };
        let in_plan = s.plan.metrics.iter().rposition(|m| *m == metric);
        let in_pending = s.pending.metrics.iter().rposition(|m| *m == metric);
        super::metric_revisit::revisit(s, &mut metric, own, field)?;
        if let Some(i) = in_plan {
            s.plan.metrics[i] = metric.clone();
        }
        if let Some(i) = in_pending {
            s.pending.metrics[i] = metric.clone();
        }
        s.screen(&STEPS, 10);
        plan = Plan { metrics: vec![metric.clone()], ..Plan::default() };
        saved = save::save(s, &plan, Confirmation::Ask)?;
    }
    if saved.written.is_some() {
        let key_path = match saved.definition() {
            Some(crate::plan::apply::PlannedDefinition::Metric(m)) => m.key_path.clone(),
            _ => key_path.to_owned(),
        };
        let expanded = naming::time_frame_spec(frames).expand(&key_path);
        s.say_wrapped("- Visit https://metrics.gitlab.com to find dashboard links for this metric");
        match expanded.as_slice() {
            [(_, one)] => s.say(&format!("- Metric trend dashboard: {}", metric_trend_url(one))),
            many => {
                s.say("- Metric trend dashboards:");
                for (_, path) in many {
                    s.say(&format!("  - {}", metric_trend_url(path)));
                }
            }
        }
        s.say_wrapped("- Set up Tableau Alerts via the Metric Trend Dashboards to receive notifications when your metrics cross specified thresholds.");
        s.say("  See the Tableau Documentation for details: https://help.tableau.com/current/pro/desktop/en-us/data_alerts.htm");
    }
    Ok(saved)
}

/// The group dashboard link, as `eventdef usage` builds it (the stage from the stages file).
fn group_url(s: &Session, group: &str) -> String {
    let stage = s.options.stages.as_ref().and_then(|st| st.stage_of(group)).unwrap_or_default();
    group_dashboard_url(group, stage)
}

fn done_screen(s: &mut Session, saved: &Saved, actions: Option<&[String]>, group: &str) {
    s.say("");
    let line = text::divider(s.p);
    s.say(&line);
    s.say(&text::success("Done with metric definitions!"));
    s.say(&saved.outcome_line());
    s.say(&line);
    s.say("");
    if actions.is_some() {
        s.say_wrapped("Have you instrumented the application code to trigger the event yet? View usage examples to easily copy/paste implementation!");
        s.say("");
    }
    s.say_wrapped(&format!(
        "Want to verify the metrics? Check out the group::{group} Metrics Exploration Dashboard in Tableau"
    ));
    s.say_wrapped("  Note: data shows up about a week after deploying to GitLab.com, or after the next release for self-managed instances.");
    s.say(&format!("  Link: {}", group_url(s, group)));
    s.say("");
    s.say_wrapped("Typical flow: Define event > Define metric > Instrument app code > Merge/Deploy MR > Verify data in Tableau/Snowflake");
    s.say("");
}

/// The database subflow
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/subflows/database_metric_definer.rb):
/// instrumentation class, time frames, description, name, ownership. No events; GitLab's fixture
/// writes the description without a prefix.
fn database_metric(s: &mut Session) -> Asked<Next> {
    s.screen(&STEPS, 2);
    text::say_wrapped(s.p, text::INSTRUMENTATION_CLASS_INTRO);
    s.say("");
    let validate = |class: &str| {
        if class.chars().all(|c| c.is_ascii_alphabetic()) {
            Ok(())
        } else {
            Err(text::INSTRUMENTATION_CLASS_INVALID.to_owned())
        }
    };
    let class = ask_text(
        s.p,
        &TextQuestion::required(text::INSTRUMENTATION_CLASS_PROMPT, text::INSTRUMENTATION_CLASS_HELP)
            .lead(text::INSTRUMENTATION_CLASS_LEAD)
            .validate(&validate),
    )?;
    let frame_rows = [Choice::new("Weekly"), Choice::new("Monthly"), Choice::new("Total (no time restriction)")];
    let all_frames = [TimeFrame::Week, TimeFrame::Month, TimeFrame::All];
    let question = MultiSelectQuestion {
        prompt: text::DATABASE_TIME_FRAMES_PROMPT,
        choices: &frame_rows,
        selected: &[],
        filterable: false,
    };
    let frames: Vec<TimeFrame> =
        s.p.multi_select(&question)?.into_iter().filter_map(|i| all_frames.get(i).copied()).collect();

    s.screen(&STEPS, 4);
    text::say_wrapped(s.p, text::DATABASE_DESCRIPTION_INTRO);
    s.say("");
    let description = ask_text(
        s.p,
        &TextQuestion::required("Write the description:", text::METRIC_DESCRIPTION_HELP)
            .lead(text::METRIC_DESCRIPTION_LEAD),
    )?;
    let existing: Vec<MetricDefinition> = s.repo.metrics.iter().map(|m| m.def.clone()).collect();
    let mut metric = PlanMetric {
        time_frames: Some(frames.clone()),
        description: description.clone(),
        database: Some(DatabaseMetric { instrumentation_class: class }),
        ..PlanMetric::default()
    };
    keep_draft(s, &metric);
    let name = ask_name(s, NameReason::Database, None, &frames, &existing, None)?;
    metric.name = Some(name.clone());
    keep_draft(s, &metric);
    let own = OwnQuestions {
        description_intro: text::DATABASE_DESCRIPTION_INTRO,
        description_prompt: "Write the description:".to_owned(),
        description_lead: text::METRIC_DESCRIPTION_LEAD.to_owned(),
        description_prefix: None,
        name_reason: Some(NameReason::Database),
        measure: None,
        frames: frames.clone(),
    };
    let group = ask_ownership(s, &CopiedAttributes::default(), &[], &mut metric)?;
    s.draft = None;
    s.plan.metrics.push(metric.clone());
    s.pending.metrics.push(metric.clone());
    s.screen(&STEPS, 10);
    let saved = save_metric(s, metric, &own, &name, &description)?;
    done_screen(s, &saved, None, &group);
    let rows = [
        Choice::new("New Event -- define a new event"),
        Choice::new("New Metric -- define another metric"),
        Choice::new("View Usage -- look at code examples"),
        Choice::new("Exit"),
        Choice::new(super::issue::MENU_ROW),
    ];
    loop {
        return Ok(match s.p.select(&SelectQuestion::new(text::NEXT_PROMPT, &rows).default(3))? {
            0 => Next::NewEvent,
            1 => Next::NewMetric(None),
            2 => Next::ViewUsage(None),
            4 => {
                super::issue::write_issue(s)?;
                continue;
            }
            _ => Next::Exit,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technical_descriptions_name_the_event_or_the_selection() {
        let user = Measure::Unique(UniqueBy::UserId);
        assert_eq!(
            technical_description("Weekly count of unique users", user, Some("action_1")),
            "Weekly count of unique users who triggered action_1"
        );
        assert_eq!(
            technical_description("Count of unique users", user, None),
            "Count of unique users who triggered the selected events"
        );
        assert_eq!(
            technical_description("Count of unique projects", Measure::Unique(UniqueBy::ProjectId), None),
            "Count of unique projects where the selected events occurred"
        );
        assert_eq!(technical_description("Count of", Measure::Total, Some("a")), "Count of a occurrences");
        assert_eq!(
            technical_description("Count of unique", Measure::Unique(UniqueBy::Label), Some("a")),
            "Count of unique values for 'label' from a occurrences"
        );
        assert_eq!(
            technical_description("Sum of all", Measure::Sum, None),
            "Sum of all values for 'value' from occurrences of the selected events"
        );
    }

    #[test]
    fn time_frames_read_total_monthly_weekly() {
        assert_eq!(time_frame_phrase(&[TimeFrame::Month, TimeFrame::Week, TimeFrame::All]), "Total/Monthly/Weekly");
        assert_eq!(time_frame_phrase(&[TimeFrame::Week]), "Weekly");
    }
}
