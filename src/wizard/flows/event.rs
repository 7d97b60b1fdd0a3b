//! "New Event"
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/event_definer.rb):
//! description, name, identifiers, additional properties, MR URL, group, categories, tiers, Duo
//! classification, then the save step and what comes next.

use indexmap::IndexMap;

use crate::model::naming::event_file_path;
use crate::model::{AdditionalProperty, EventDefinition, Identifier};
use crate::plan::apply::PlannedDefinition;
use crate::plan::{Plan, PlanEvent};

use super::super::prompt::{Asked, Choice, SelectQuestion, TextQuestion, ask_text};
use super::super::save::{self, Confirmation, Saved};
use super::super::{Session, text};
use super::super::{answers, ownership};
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
    let mut event = define_event(s)?;
    s.draft = None;
    s.plan.events.push(event.clone());
    s.pending.events.push(event.clone());
    s.screen(&STEPS, 9);
    let mut plan = Plan { events: vec![event.clone()], ..Plan::default() };
    let mut saved = save::save(s, &plan, Confirmation::Ask)?;
    // The final check refused an answer: go back to its step, keep the others (the answers
    // are already kept in a plan file by the save step).
    while !saved.refused.is_empty() {
        let Some(step) = ask_step_to_revisit(s, &saved.refused)? else { break };
        let index = s.plan.events.iter().rposition(|e| *e == event);
        let pending = s.pending.events.iter().rposition(|e| *e == event);
        ask_step(s, &mut event, step)?;
        if let Some(i) = index {
            s.plan.events[i] = event.clone();
        }
        if let Some(i) = pending {
            s.pending.events[i] = event.clone();
        }
        s.screen(&STEPS, 9);
        plan = Plan { events: vec![event.clone()], ..Plan::default() };
        saved = save::save(s, &plan, Confirmation::Ask)?;
    }

    s.say("");
    let line = text::divider(s.p);
    s.say(&line);
    s.say(&text::success("Done with event definition!"));
    s.say(&saved.outcome_line());
    s.say(&line);
    s.say("");
    text::say_wrapped(s.p, text::EVENT_DONE_METRIC_PITCH);
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
            Choice::new(super::issue::MENU_ROW),
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
            4 => super::issue::write_issue(s)?,
            _ => return Ok(Next::Exit),
        }
    }
}

/// The steps that hold answers, in the order asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Description,
    Name,
    Context,
    Url,
    Group,
    Categories,
    Tiers,
    Classification,
}

const ANSWER_STEPS: [Step; 8] = [
    Step::Description,
    Step::Name,
    Step::Context,
    Step::Url,
    Step::Group,
    Step::Categories,
    Step::Tiers,
    Step::Classification,
];

impl Step {
    /// The step number in the progress bar.
    fn number(self) -> usize {
        ANSWER_STEPS.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    fn holds(self, field: &str) -> bool {
        match self {
            Step::Description => field == "description",
            Step::Name => field == "action",
            Step::Context => field == "identifiers" || field == "additional_properties",
            Step::Url => field == "introduced_by_url",
            Step::Group => field == "product_group",
            Step::Categories => field == "product_categories",
            Step::Tiers => field == "tiers",
            Step::Classification => field == "classification",
        }
    }
}

/// "Go back to step 4: URL" for each step holding a refused answer (every step when the
/// reason names none), or `None` to keep the answers as saved.
fn ask_step_to_revisit(s: &mut Session, refused: &[save::Refusal]) -> Asked<Option<Step>> {
    let mut steps: Vec<Step> = ANSWER_STEPS
        .iter()
        .copied()
        .filter(|step| refused.iter().any(|r| r.field.as_deref().is_some_and(|f| step.holds(f))))
        .collect();
    if steps.is_empty() {
        steps = ANSWER_STEPS.to_vec();
    }
    let mut rows: Vec<Choice> = steps
        .iter()
        .map(|step| {
            Choice::new(format!(
                "Go back to step {}: {} (keeps your other answers)",
                step.number(),
                STEPS[step.number()]
            ))
        })
        .collect();
    rows.push(Choice::new("Continue without saving the definition (the answers stay in the plan file)"));
    let index = s.p.select(&SelectQuestion::new("What would you like to do?", &rows))?;
    Ok(steps.get(index).copied())
}

/// The event as resolved for the save step (even when not written), else as on disk.
fn in_memory_event(s: &Session, saved: &Saved, action: &str) -> Option<EventDefinition> {
    match saved.definition() {
        Some(PlannedDefinition::Event(e)) => Some(e.clone()),
        _ => s.repo.event(action).map(|l| l.def.clone()),
    }
}

fn define_event(s: &mut Session) -> Asked<PlanEvent> {
    let mut event = PlanEvent {
        action: String::new(),
        description: String::new(),
        identifiers: Vec::new(),
        additional_properties: IndexMap::new(),
        product_group: String::new(),
        product_categories: Vec::new(),
        introduced_by_url: None,
        tiers: Vec::new(),
        classification: None,
        milestone: None,
    };
    for step in ANSWER_STEPS {
        ask_step(s, &mut event, step)?;
        // Kept so Ctrl-C does not throw the answers away (see `recovery`).
        s.draft = Some(Plan { events: vec![event.clone()], ..Plan::default() });
    }
    Ok(event)
}

/// Ask one step's questions, changing only its answers.
fn ask_step(s: &mut Session, event: &mut PlanEvent, step: Step) -> Asked<()> {
    s.screen(&STEPS, step.number());
    match step {
        Step::Description => {
            text::say_wrapped(s.p, text::EVENT_DESCRIPTION_INTRO);
            s.say("");
            let question = TextQuestion::required(text::EVENT_DESCRIPTION_PROMPT, text::EVENT_DESCRIPTION_HELP)
                .initial(Some(event.description.as_str()));
            event.description = ask_text(s.p, &question)?;
        }
        Step::Name => {
            s.report_load_errors(true);
            text::say_wrapped(s.p, text::EVENT_NAME_INTRO);
            s.say("");
            let earlier: Vec<String> = s.plan.events.iter().map(|e| e.action.clone()).collect();
            let repo: &crate::repository::Repository = &s.repo;
            let validate = |name: &str| answers::check_event_name(name, repo, &earlier);
            let question = TextQuestion::required(text::EVENT_NAME_PROMPT, text::EVENT_NAME_HELP)
                .initial(Some(event.action.as_str()))
                .validate(&validate);
            event.action = ask_text(s.p, &question)?;
        }
        Step::Context => {
            text::heading(s.p, "EVENT CONTEXT (1/2)");
            text::say_wrapped(s.p, &text::IDENTIFIERS_INTRO.replace("<action>", &event.action));
            s.say("");
            event.identifiers = ask_identifiers(s)?;
            s.screen(&STEPS, step.number());
            text::heading(s.p, "EVENT CONTEXT (2/2)");
            text::say_wrapped(s.p, text::PROPERTIES_INTRO);
            s.say("");
            event.additional_properties = ask_properties(s)?;
        }
        Step::Url => {
            let validate = |url: &str| answers::check_mr_url(url);
            let question = TextQuestion::optional(text::EVENT_URL_PROMPT)
                .initial(event.introduced_by_url.as_deref())
                .validate(&validate);
            let url = ask_text(s.p, &question)?;
            event.introduced_by_url = (!url.is_empty()).then_some(url);
        }
        Step::Group => {
            let current = (!event.product_group.is_empty()).then(|| event.product_group.clone());
            event.product_group = ownership::ask_group(s, text::EVENT_GROUP_PROMPT, current.as_deref(), &[])?;
        }
        Step::Categories => {
            s.say(&text::info(text::CATEGORIES_INTRO));
            s.say("");
            let groups = std::slice::from_ref(&event.product_group);
            event.product_categories =
                ownership::ask_categories(s, text::EVENT_CATEGORIES_PROMPT, groups, &event.product_categories, true)?;
        }
        Step::Tiers => {
            let current = (!event.tiers.is_empty()).then_some(event.tiers.as_slice());
            event.tiers = ownership::ask_tiers(s, text::EVENT_TIERS_PROMPT, current)?;
        }
        Step::Classification => {
            text::say_wrapped(s.p, text::CLASSIFICATION_INTRO);
            s.say("");
            let rows = [Choice::new(text::CLASSIFICATION_YES), Choice::new(text::CLASSIFICATION_NO)];
            // GitLab makes "yes" the default (plain Enter chose it in its keyboard-smash scenario).
            let duo = s.p.select(&SelectQuestion::new(text::CLASSIFICATION_PROMPT, &rows).default(0))? == 0;
            event.classification = duo.then(|| "duo".to_owned());
        }
    }
    Ok(())
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
                let validate = |name: &str| answers::check_property_name(name, &existing);
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
