//! The flows and how they chain
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli.rb): main menu →
//! new event → metric → usage →
//! another event … until the user exits.

mod advisor;
mod event;
mod issue;
mod metric;
mod metric_revisit;
mod usage;

use crate::model::EventDefinition;

use super::prompt::{Asked, Choice, SelectQuestion};
use super::{Session, Start, text};

/// Where a flow hands over.
#[derive(Debug, Clone)]
pub(crate) enum Next {
    MainMenu,
    NewEvent,
    /// A metric for these events (skips type and event choice), or a fresh one.
    NewMetric(Option<Vec<String>>),
    /// Usage examples for this event, or pick one first.
    ViewUsage(Option<Box<EventDefinition>>),
    Advisor,
    Exit,
}

pub(crate) fn run(s: &mut Session, start: Start) -> Asked<()> {
    let mut next = match start {
        Start::MainMenu => Next::MainMenu,
        Start::NewEvent => Next::NewEvent,
        Start::NewMetric => Next::NewMetric(None),
    };
    loop {
        next = match next {
            Next::MainMenu => main_menu(s)?,
            Next::NewEvent => event::new_event(s)?,
            Next::NewMetric(events) => metric::new_metric(s, events)?,
            Next::ViewUsage(event) => usage::view_usage(s, event.map(|e| *e))?,
            Next::Advisor => advisor::advise(s)?,
            Next::Exit => {
                text::heading(s.p, text::GOODBYE);
                return Ok(());
            }
        }
    }
}

fn main_menu(s: &mut Session) -> Asked<Next> {
    s.p.new_screen();
    s.announce_root();
    text::heading(s.p, text::GREETING);
    text::say_wrapped(s.p, text::INSTRUCTIONS);
    s.say("");
    let rows = [
        Choice::with_detail(
            "New Event -- track when a specific scenario occurs on gitlab instances",
            "\n     ex) a user applies a label to an issue",
        ),
        Choice::with_detail(
            "New Metric -- track the count of existing events over time",
            "\n     ex) count unique users who assign labels to issues per month",
        ),
        Choice::new("View Usage -- look at code and testing examples for existing events & metrics"),
        Choice::new("...am I in the right place?"),
    ];
    Ok(match s.p.select(&SelectQuestion::new(text::MAIN_MENU, &rows))? {
        0 => Next::NewEvent,
        1 => Next::NewMetric(None),
        2 => Next::ViewUsage(None),
        _ => Next::Advisor,
    })
}

/// Event picker rows
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/subflows/event_metric_definer.rb):
/// internal events first, then category `default`, then the rest by category; events whose action
/// appears twice are hidden. Events a metric cannot count (legacy Snowplow events, removed events)
/// are shown disabled with the reason.
pub(crate) fn event_rows(s: &Session) -> (Vec<Choice>, Vec<String>) {
    let events: Vec<&EventDefinition> = s.repo.events.iter().map(|l| &l.def).collect();
    let mut listed: Vec<&EventDefinition> = events
        .iter()
        .copied()
        .filter(|e| !e.action.is_empty() && events.iter().filter(|o| o.action == e.action).count() == 1)
        .collect();
    let rank = |e: &EventDefinition| {
        let category = e.category.clone().unwrap_or_default();
        if e.is_internal() {
            (0, String::new())
        } else if category == "default" {
            (1, String::new())
        } else {
            (2, category)
        }
    };
    listed.sort_by_key(|e| rank(e));
    let mut rows = Vec::new();
    let mut actions = Vec::new();
    for event in listed {
        let name = match event.category.as_deref() {
            Some(category) if !event.is_internal() && category != "default" => format!("{category}:{}", event.action),
            _ => event.action.clone(),
        };
        let description = truncate(&event.description, 50);
        let detail = format!("- {description}");
        let row = if !event.is_internal() {
            Choice {
                label: name,
                detail: Some(detail),
                kind: super::RowKind::Disabled("(not an internal event)".into()),
                keywords: String::new(),
            }
        } else if event.is_removed() {
            Choice {
                label: name,
                detail: Some(detail),
                kind: super::RowKind::Disabled("(removed)".into()),
                keywords: String::new(),
            }
        } else {
            Choice::with_detail(name, detail)
        };
        rows.push(row);
        actions.push(event.action.clone());
    }
    (rows, actions)
}

/// The first `max` characters and "..." when longer.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}...", text.chars().take(max).collect::<String>())
    }
}
