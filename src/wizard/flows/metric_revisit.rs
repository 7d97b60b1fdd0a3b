//! Going back to one step of a metric whose definition the final check refused: the description,
//! the name (the key path override) and the ownership answers (group, categories, URL, tiers) are
//! asked again on their own, pre-filled; the other answers are kept.

use crate::model::candidates::NameReason;
use crate::model::naming::Measure;
use crate::model::{MetricDefinition, TimeFrame};
use crate::plan::PlanMetric;

use super::super::prompt::{Asked, Choice, SelectQuestion, TextQuestion, ask_text};
use super::super::save;
use super::super::{Session, ownership, text};
use super::metric::{STEPS, ask_name};

/// The answers that can be asked again on their own: step number, plan field, what the row
/// calls it. The name is asked on the description's screen (step 4), as GitLab's generator does.
const REVISITABLE: [(usize, &str, &str); 6] = [
    (4, "description", "Description"),
    (4, "name", "Name (key path)"),
    (6, "product_group", "Group"),
    (7, "product_categories", "Categories"),
    (8, "introduced_by_url", "URL"),
    (9, "tiers", "Tiers"),
];

/// What the metric's own questions (description and name) need to be asked again.
pub(super) struct OwnQuestions {
    pub description_intro: &'static str,
    /// "Finish the description: Monthly count of unique users" (event metrics) or "Write the
    /// description:" (database metrics), and the text shown above it.
    pub description_prompt: String,
    pub description_lead: String,
    /// The part of the description written by the wizard in front of the answer (event
    /// metrics); `None` when the answer is the whole description.
    pub description_prefix: Option<String>,
    /// Why the name was asked; `None` when the default name was taken.
    pub name_reason: Option<NameReason>,
    /// The measure named in the key (`None` for database metrics) and the time frames.
    pub measure: Option<Measure>,
    pub frames: Vec<TimeFrame>,
}

/// The steps to offer: those holding a refused answer, else every revisitable one.
fn offered(refused: &[save::Refusal]) -> Vec<(usize, &'static str, &'static str)> {
    let named: Vec<_> = REVISITABLE
        .iter()
        .copied()
        .filter(|(_, field, _)| refused.iter().any(|r| r.field.as_deref() == Some(*field)))
        .collect();
    if named.is_empty() { REVISITABLE.to_vec() } else { named }
}

/// "Go back to step 8: URL" for each step holding a refused answer (every revisitable step
/// when the reasons name none); the field to ask again, or `None` to keep the answers as saved.
pub(super) fn ask_step(s: &mut Session, refused: &[save::Refusal]) -> Asked<Option<&'static str>> {
    let steps = offered(refused);
    let mut rows: Vec<Choice> = steps
        .iter()
        .map(|(step, _, label)| Choice::new(format!("Go back to step {step}: {label} (keeps your other answers)")))
        .collect();
    rows.push(Choice::new("Continue without saving the definition (the answers stay in the plan file)"));
    let index = s.p.select(&SelectQuestion::new("What would you like to do?", &rows))?;
    Ok(steps.get(index).map(|(_, field, _)| *field))
}

/// Ask one answer again, pre-filled with the refused one.
pub(super) fn revisit(s: &mut Session, metric: &mut PlanMetric, own: &OwnQuestions, field: &str) -> Asked<()> {
    let step = REVISITABLE.iter().find(|(_, f, _)| *f == field).map_or(4, |(step, _, _)| *step);
    s.screen(&STEPS, step);
    match field {
        "description" => {
            text::say_wrapped(s.p, own.description_intro);
            s.say("");
            let current = match &own.description_prefix {
                Some(prefix) => metric.description.strip_prefix(prefix.as_str()).unwrap_or(&metric.description),
                None => &metric.description,
            }
            .trim()
            .to_owned();
            let question = TextQuestion::required(&own.description_prompt, text::METRIC_DESCRIPTION_HELP)
                .lead(&own.description_lead)
                .initial(Some(&current));
            let answer = ask_text(s.p, &question)?;
            metric.description = match &own.description_prefix {
                Some(prefix) => format!("{prefix} {answer}"),
                None => answer,
            };
        }
        "name" => {
            // A refused name is most often a key path that another file took while the wizard
            // was waiting: read the repository again so the new name is checked against it.
            s.reload();
            let existing: Vec<MetricDefinition> = s.repo.metrics.iter().map(|m| m.def.clone()).collect();
            let reason = own.name_reason.unwrap_or(NameReason::KeyPathTaken);
            let current = metric.name.clone();
            metric.name = Some(ask_name(s, reason, own.measure, &own.frames, &existing, current.as_deref())?);
        }
        "product_group" => {
            let current = metric.product_group.clone();
            metric.product_group = Some(ownership::ask_group(s, text::METRIC_GROUP_PROMPT, current.as_deref(), &[])?);
        }
        "product_categories" => {
            s.say(&text::info(text::CATEGORIES_INTRO));
            s.say("");
            let groups: Vec<String> = metric.product_group.iter().cloned().collect();
            let current = metric.product_categories.clone().unwrap_or_default();
            metric.product_categories =
                Some(ownership::ask_categories(s, text::METRIC_CATEGORIES_PROMPT, &groups, &current, false)?);
        }
        "introduced_by_url" => {
            let validate = |url: &str| super::super::answers::check_mr_url(url);
            let current = metric.introduced_by_url.clone().filter(|url| url != "TODO");
            let question =
                TextQuestion::optional(text::METRIC_URL_PROMPT).initial(current.as_deref()).validate(&validate);
            let answer = ask_text(s.p, &question)?;
            metric.introduced_by_url = Some(if answer.is_empty() { "TODO".to_owned() } else { answer });
        }
        _ => {
            let current = metric.tiers.clone();
            metric.tiers = Some(ownership::ask_tiers(s, text::METRIC_TIERS_PROMPT, current.as_deref())?);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(field: Option<&str>) -> save::Refusal {
        save::Refusal { field: field.map(str::to_owned), message: "refused".into() }
    }

    #[test]
    fn a_refused_name_or_description_offers_its_step() {
        assert_eq!(offered(&[refusal(Some("name"))]), [(4, "name", "Name (key path)")]);
        assert_eq!(offered(&[refusal(Some("description"))]), [(4, "description", "Description")]);
        assert_eq!(offered(&[refusal(None)]).len(), REVISITABLE.len());
        assert_eq!(offered(&[refusal(Some("time_frames"))]).len(), REVISITABLE.len());
    }
}
