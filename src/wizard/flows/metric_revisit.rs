//! Going back to one step of a metric whose definition the final check refused: the
//! ownership answers (group, categories, URL, tiers) are asked again on their own, the others
//! are kept.

use crate::plan::PlanMetric;

use super::super::prompt::{Asked, Choice, SelectQuestion, TextQuestion, ask_text};
use super::super::save;
use super::super::{Session, ownership, text};
use super::metric::STEPS;

/// The metric steps whose answers can be asked again on their own (their step numbers).
const REVISITABLE: [(usize, &str); 4] =
    [(6, "product_group"), (7, "product_categories"), (8, "introduced_by_url"), (9, "tiers")];

/// "Go back to step 8: URL" for each step holding a refused answer (every revisitable step
/// when the reasons name none), or `None` to keep the answers as saved.
pub(super) fn ask_step(s: &mut Session, refused: &[save::Refusal]) -> Asked<Option<usize>> {
    let mut steps: Vec<usize> = REVISITABLE
        .iter()
        .filter(|(_, field)| refused.iter().any(|r| r.field.as_deref() == Some(*field)))
        .map(|(step, _)| *step)
        .collect();
    if steps.is_empty() {
        steps = REVISITABLE.iter().map(|(step, _)| *step).collect();
    }
    let mut rows: Vec<Choice> = steps
        .iter()
        .map(|step| Choice::new(format!("Go back to step {step}: {} (keeps your other answers)", STEPS[*step])))
        .collect();
    rows.push(Choice::new("Continue without saving the definition (the answers stay in the plan file)"));
    let index = s.p.select(&SelectQuestion::new("What would you like to do?", &rows))?;
    Ok(steps.get(index).copied())
}

/// Ask one ownership step again.
pub(super) fn revisit(s: &mut Session, metric: &mut PlanMetric, step: usize) -> Asked<()> {
    s.screen(&STEPS, step);
    match step {
        6 => {
            let current = metric.product_group.clone();
            metric.product_group = Some(ownership::ask_group(s, text::METRIC_GROUP_PROMPT, current.as_deref(), &[])?);
        }
        7 => {
            s.say(&text::info(text::CATEGORIES_INTRO));
            s.say("");
            let groups: Vec<String> = metric.product_group.iter().cloned().collect();
            let current = metric.product_categories.clone().unwrap_or_default();
            metric.product_categories =
                Some(ownership::ask_categories(s, text::METRIC_CATEGORIES_PROMPT, &groups, &current, false)?);
        }
        8 => {
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
