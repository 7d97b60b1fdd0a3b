//! "New Event"
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/event_definer.rb):
//! description, name, identifiers, additional properties, MR URL, group, categories, tiers, Duo
//! classification, then the save step and what comes next.

use indexmap::IndexMap;

use crate::model::common::is_snake_name;
use crate::model::event::BUILT_IN_PROPERTIES;
use crate::model::naming::event_file_path;
use crate::model::{AdditionalProperty, EventDefinition, Identifier};
use crate::plan::apply::PlannedDefinition;
use crate::plan::{Plan, PlanEvent};

use super::super::ownership;
use super::super::prompt::{Asked, Choice, SelectQuestion, TextQuestion, ask_text};
use super::super::save::{self, Confirmation, Saved};
use super::super::{Session, text};
use super::Next;

const STEPS: [&str; 10] = [
    "New Event",
    "Description",
    "Name",
    "Context",
    "URL",
    "Group",
    "Categories",
    "Tiers",
    "Classification",
    "Save files",
];

pub(crate) fn new_event(s: &mut Session) -> Asked<Next> {
    let event = define_event(s)?;
    s.plan.events.push(event.clone());
    s.screen(&STEPS, 9);
    let plan = Plan { events: vec![event.clone()], ..Plan::default() };
    let mut saved = save::save(s, &plan, Confirmation::Ask)?;

    s.say("");
    let line = text::divider(s.p);
    s.say(&line);
    s.say(&text::success("Done with event definition!"));
    s.say(&saved.outcome_line());
    s.say(&line);
    s.say("");
    s.say(text::EVENT_DONE_METRIC_PITCH);
    s.say("");
    loop {
        let path = event_file_path(&event.action, &event.tiers);
        let exists = s.repo.root.join(&path).is_file();
        let file_name = format!("{}.yml", event.action);
        let metric_row = if exists {
            format!("Create Metric -- define a new metric using {file_name}")
        } else {
            format!("Save & Create Metric -- save {file_name} and define a matching metric")
        };
        let rows = [
            Choice::new("New Event -- define another event"),
            Choice::new(metric_row),
            Choice::new(format!("View Usage -- look at code examples for {file_name}")),
            Choice::new("Exit"),
        ];
        match s.p.select(&SelectQuestion::new(text::NEXT_PROMPT, &rows).default(1))? {
            0 => return Ok(Next::NewEvent),
            1 => {
                if !exists {
                    saved = save::save(s, &plan, Confirmation::AlreadyGiven)?;
                }
                if s.repo.event(&event.action).is_some() {
                    return Ok(Next::NewMetric(Some(vec![event.action.clone()])));
                }
                s.say(&text::error("The event has to be saved before a metric can count it."));
            }
            2 => match in_memory_event(s, &saved, &event.action) {
                Some(definition) => return Ok(Next::ViewUsage(Some(Box::new(definition)))),
                None => s.say(&text::error("There is no definition of this event to show examples for.")),
            },
            _ => return Ok(Next::Exit),
        }
    }
}

/// The event as resolved for the save step (even when not written), else as on disk.
fn in_memory_event(s: &Session, saved: &Saved, action: &str) -> Option<EventDefinition> {
    match saved.definition() {
        Some(PlannedDefinition::Event(e)) => Some(e.clone()),
        _ => s.repo.event(action).map(|l| l.def.clone()),
    }
}

fn define_event(s: &mut Session) -> Asked<PlanEvent> {
    s.screen(&STEPS, 1);
    s.say(text::EVENT_DESCRIPTION_INTRO);
    s.say("");
    let description =
        ask_text(s.p, &TextQuestion::required(text::EVENT_DESCRIPTION_PROMPT, text::EVENT_DESCRIPTION_HELP))?;

    s.screen(&STEPS, 2);
    s.say(text::EVENT_NAME_INTRO);
    s.say("");
    let taken: Vec<String> = s
        .repo
        .events
        .iter()
        .map(|e| e.def.action.clone())
        .chain(s.plan.events.iter().map(|e| e.action.clone()))
        .collect();
    let validate = |name: &str| {
        if is_snake_name(name) && !taken.iter().any(|t| t == name) {
            Ok(())
        } else {
            Err(text::invalid_event_name(name))
        }
    };
    let action =
        ask_text(s.p, &TextQuestion::required(text::EVENT_NAME_PROMPT, text::EVENT_NAME_HELP).validate(&validate))?;

    s.screen(&STEPS, 3);
    text::heading(s.p, "EVENT CONTEXT (1/2)");
    s.say(&text::IDENTIFIERS_INTRO.replace("<action>", &action));
    s.say("");
    let identifiers = ask_identifiers(s)?;

    s.screen(&STEPS, 3);
    text::heading(s.p, "EVENT CONTEXT (2/2)");
    s.say(text::PROPERTIES_INTRO);
    s.say("");
    let additional_properties = ask_properties(s)?;

    s.screen(&STEPS, 4);
    let url = ask_text(s.p, &TextQuestion::optional(text::EVENT_URL_PROMPT))?;

    s.screen(&STEPS, 5);
    let product_group = ownership::ask_group(s, text::EVENT_GROUP_PROMPT, None, &[])?;

    s.screen(&STEPS, 6);
    s.say(&text::info(text::CATEGORIES_INTRO));
    s.say("");
    let product_categories =
        ownership::ask_categories(s, text::EVENT_CATEGORIES_PROMPT, std::slice::from_ref(&product_group), &[], true)?;

    s.screen(&STEPS, 7);
    let tiers = ownership::ask_tiers(s, text::EVENT_TIERS_PROMPT, None)?;

    s.screen(&STEPS, 8);
    s.say(text::CLASSIFICATION_INTRO);
    s.say("");
    let rows = [Choice::new(text::CLASSIFICATION_YES), Choice::new(text::CLASSIFICATION_NO)];
    // GitLab makes "yes" the default (plain Enter chose it in its keyboard-smash scenario).
    let duo = s.p.select(&SelectQuestion::new(text::CLASSIFICATION_PROMPT, &rows).default(0))? == 0;

    Ok(PlanEvent {
        action,
        description,
        identifiers,
        additional_properties,
        product_group,
        product_categories,
        introduced_by_url: (!url.is_empty()).then_some(url),
        tiers,
        classification: duo.then(|| "duo".to_owned()),
        milestone: None,
    })
}

/// The identifier presets, labelled with their identifiers sorted inside brackets and padded to the
/// longest label
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/event_definer.rb).
pub(crate) fn identifier_rows() -> Vec<Choice> {
    let presets = Identifier::presets();
    let labels: Vec<String> = presets
        .iter()
        .map(|preset| {
            if preset.is_empty() {
                return "None".to_owned();
            }
            let mut names: Vec<&str> = preset.iter().map(|i| i.as_str()).collect();
            names.sort();
            format!("[{}]", names.join(", "))
        })
        .collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    labels
        .iter()
        .zip(text::IDENTIFIER_USE_CASES)
        .map(|(label, use_case)| Choice::with_detail(format!("{label:<width$}"), format!("-- {use_case}")))
        .collect()
}

fn ask_identifiers(s: &mut Session) -> Asked<Vec<Identifier>> {
    let rows = identifier_rows();
    let index = s.p.select(&SelectQuestion::new(text::IDENTIFIERS_PROMPT, &rows))?;
    Ok(Identifier::presets().get(index).cloned().unwrap_or_default())
}

fn ask_properties(s: &mut Session) -> Asked<IndexMap<String, AdditionalProperty>> {
    let mut properties: IndexMap<String, AdditionalProperty> = IndexMap::new();
    let prompt = format!("{} {}", text::PROPERTIES_PROMPT, text::grey(text::PROPERTIES_HELP));
    loop {
        let defined = |name: &str| properties.contains_key(name);
        let built_in = |label: &str, name: &str| {
            if defined(name) { Choice::disabled(label, "(already defined)") } else { Choice::new(label) }
        };
        // Custom properties come after the built-ins
        // (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/event_definer.rb).
        let extra_allowed = (defined("label") && defined("property")) || defined("value");
        let rows = [
            Choice::new(text::PROPERTY_NONE),
            built_in(text::PROPERTY_LABEL, "label"),
            built_in(text::PROPERTY_PROPERTY, "property"),
            built_in(text::PROPERTY_VALUE, "value"),
            if extra_allowed {
                Choice::new(text::PROPERTY_EXTRA)
            } else {
                Choice::disabled(text::PROPERTY_EXTRA, text::PROPERTY_EXTRA_GATED)
            },
        ];
        let name = match s.p.select(&SelectQuestion::new(&prompt, &rows))? {
            0 => return Ok(properties),
            1 => "label".to_owned(),
            2 => "property".to_owned(),
            3 => "value".to_owned(),
            _ => {
                let existing: Vec<String> = properties.keys().cloned().collect();
                let validate = |name: &str| {
                    if !is_snake_name(name) || BUILT_IN_PROPERTIES.contains(&name) {
                        Err(text::invalid_property_name(name))
                    } else if existing.iter().any(|e| e == name) {
                        Err(format!("{name} is already a property of this event; choose another name."))
                    } else {
                        Ok(())
                    }
                };
                ask_text(
                    s.p,
                    &TextQuestion::required(text::PROPERTY_NAME_PROMPT, text::PROPERTY_NAME_HELP).validate(&validate),
                )?
            }
        };
        let description = ask_text(s.p, &TextQuestion::optional(text::PROPERTY_DESCRIPTION_PROMPT))?;
        let description = if description.is_empty() { "TODO".to_owned() } else { description };
        properties.insert(name, AdditionalProperty { description });
    }
}
