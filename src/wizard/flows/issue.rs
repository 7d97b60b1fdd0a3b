//! "Instrumentation Issue": after a metric is created, write GitLab's "Usage Data Instrumentation"
//! issue
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/.gitlab/issue_templates/Usage%20Data%20Instrumentation.md)
//! for the events and metrics created in this session, so the PM can paste it — beyond GitLab's
//! generator, which stops at the files.

use std::path::Path;

use crate::atomic_write::{self, Mode};
use crate::model::{EventDefinition, MetricDefinition};
use crate::render;

use super::super::Session;
use super::super::prompt::{Asked, TextQuestion, ask_text};

pub(crate) const MENU_ROW: &str = "Instrumentation Issue -- write the issue text for what this session created";

/// The definitions written in this session, read back from the repository, plus the events
/// those metrics count (the issue's events table describes what the metrics are based on).
fn created(s: &Session) -> (Vec<EventDefinition>, Vec<MetricDefinition>) {
    let written = |file: usize| s.written.iter().any(|p| *p == s.repo.file(file).path);
    let metrics: Vec<MetricDefinition> =
        s.repo.metrics.iter().filter(|m| written(m.file)).map(|m| m.def.clone()).collect();
    let events = s
        .repo
        .events
        .iter()
        .filter(|e| written(e.file) || metrics.iter().any(|m| m.counts_event(&e.def.action)))
        .map(|e| e.def.clone())
        .collect();
    (events, metrics)
}

pub(crate) fn write_issue(s: &mut Session) -> Asked<()> {
    let (events, metrics) = created(s);
    if events.is_empty() && metrics.is_empty() {
        s.say("Nothing was saved in this session yet, so there is nothing to describe.");
        return Ok(());
    }
    let objective = ask_text(
        s.p,
        &TextQuestion::optional("Objective:")
            .lead("What is the main goal of instrumenting this feature, and what do you want to learn?"),
    )?;
    let text = match render::issue(&events, &metrics, objective.trim(), &s.options.templates) {
        Ok(text) => text,
        Err(e) => {
            s.say(&format!("The issue text could not be rendered: {e}"));
            return Ok(());
        }
    };
    let file = ask_text(
        s.p,
        &TextQuestion::optional("Save it to a file:")
            .lead("Where should the issue text go? Leave blank to print it here."),
    )?;
    let file = file.trim();
    if file.is_empty() {
        s.say(&text);
        return Ok(());
    }
    let target = s.repo.root.join(file);
    match atomic_write::write_file(Path::new(&target), text.as_bytes(), Mode::CreateNew) {
        Ok(_) => s.say(&format!("Issue text written to {file}: paste it into a new GitLab issue.")),
        Err(e) if atomic_write::is_already_exists(&e) => {
            if s.p.confirm(&format!("{file} already exists. Overwrite?"), false)? {
                match atomic_write::write_file(Path::new(&target), text.as_bytes(), Mode::Replace) {
                    Ok(_) => s.say(&format!("Issue text written to {file}: paste it into a new GitLab issue.")),
                    Err(e) => s.say(&format!("Could not write {file}: {e}")),
                }
            } else {
                s.say(&format!("{file} was kept as it was. Here is the text instead:"));
                s.say(&text);
            }
        }
        Err(e) => s.say(&format!("Could not write {file}: {e}")),
    }
    Ok(())
}
