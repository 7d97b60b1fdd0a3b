//! "View Usage"
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/usage_viewer.rb):
//! pick an event, then show code, testing and data-verification examples for it until the user
//! moves on. The snippets come from `render::usage`.

use crate::model::EventDefinition;
use crate::render::{self, UsageOptions, UsageTarget};

use super::super::prompt::{Asked, Choice, SelectQuestion};
use super::super::{Session, text};
use super::{Next, event_rows};

/// Menu rows: GitLab's eight use cases, our SQL queries, then the two ways out.
const TARGETS: [(UsageTarget, &str); 9] = [
    (UsageTarget::Rails, "1. ruby/rails"),
    (UsageTarget::Rspec, "2. rspec"),
    (UsageTarget::Vue, "3. javascript (vue)"),
    (UsageTarget::Js, "4. javascript (plain)"),
    (UsageTarget::VueTemplate, "5. vue template"),
    (UsageTarget::Haml, "6. haml"),
    (UsageTarget::Gdk, "7. Manual testing in GDK"),
    (UsageTarget::Tableau, "8. Data verification in Tableau"),
    (UsageTarget::Sql, "9. Data verification queries (SQL)"),
];
const OTHER_EVENT: &str = "10. View examples for a different event";
const EXIT: &str = "11. Exit";

pub(crate) fn view_usage(s: &mut Session, event: Option<EventDefinition>) -> Asked<Next> {
    let event = match event {
        Some(event) => event,
        None => {
            s.p.new_screen();
            s.report_load_errors(true);
            let (rows, actions) = event_rows(s);
            if !rows.iter().any(Choice::is_selectable) {
                s.say(&text::error("There are no internal events in this repository yet. Define one first."));
                return Ok(Next::Exit);
            }
            let index = s.p.select(&SelectQuestion::new(text::USAGE_EVENT_PROMPT, &rows).filterable())?;
            match actions.get(index).and_then(|a| s.repo.event(a)) {
                Some(loaded) => loaded.def.clone(),
                None => return Ok(Next::Exit),
            }
        }
    };
    let mut rows: Vec<Choice> = TARGETS.iter().map(|(_, label)| Choice::new(*label)).collect();
    rows.push(Choice::new(OTHER_EVENT));
    rows.push(Choice::new(EXIT));
    // The issue text stays reachable after looking at examples.
    rows.push(Choice::new(format!("12. {}", super::issue::MENU_ROW)));
    let mut last = 0;
    loop {
        s.say("");
        let index = s.p.select(&SelectQuestion::new(text::USAGE_TARGET_PROMPT, &rows).default(last).filterable())?;
        last = index;
        match TARGETS.get(index) {
            Some((target, _)) => {
                // The snippets come framed by dividers; the stages file fills dashboard links.
                let options = UsageOptions { divider_width: s.p.width(), stages: s.options.stages.clone() };
                match render::usage_with(&s.repo, &event, *target, &s.options.templates, &options) {
                    Ok(snippet) => s.say(snippet.trim_end()),
                    Err(error) => s.say(&text::error(&format!("Could not show these examples: {error}"))),
                }
            }
            None if index == TARGETS.len() => return Ok(Next::ViewUsage(None)),
            None if index == TARGETS.len() + 2 => super::issue::write_issue(s)?,
            None => return Ok(Next::Exit),
        }
    }
}
