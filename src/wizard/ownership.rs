//! Group, categories and tiers questions
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/group_ownership.rb,
//! https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb),
//! offline: groups from a stages file when there is one, else typed and checked against the
//! product-group list.

use crate::model::Tier;
use crate::repository::stages::Stages;

use super::prompt::{Asked, Choice, MultiSelectQuestion, SelectQuestion};
use super::{Session, answers, text};

pub(crate) const NO_CATEGORY: &str = "N/A (this definition does not correspond to any product categories)";

/// The filter that narrows the group menu to what the events share: `section:stage:` when they
/// share a stage, `section:` when they share only a section
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb,
/// https://gitlab.com/gitlab-org/gitlab/-/blob/master/spec/scripts/internal_events/cli_spec.rb).
pub(crate) fn shared_section_filter(stages: &Stages, groups: &[String]) -> Option<String> {
    let found: Vec<_> = groups.iter().filter_map(|g| stages.group(g)).collect();
    let first = found.first()?;
    if found.len() != groups.len() || !found.iter().all(|g| g.section == first.section) {
        return None;
    }
    if found.iter().all(|g| g.stage == first.stage) {
        Some(format!("{}:{}:", first.section, first.stage))
    } else {
        Some(format!("{}:", first.section))
    }
}

/// Ask for the owning group. `default` is pre-selected (or pre-filled); `event_groups` narrow
/// the menu when there is no default.
pub(crate) fn ask_group(
    s: &mut Session,
    prompt: &str,
    default: Option<&str>,
    event_groups: &[String],
) -> Asked<String> {
    if let Some(stages) = s.options.stages.as_ref() {
        let rows: Vec<Choice> =
            stages.groups.iter().map(|g| Choice::new(g.row()).keywords(g.display_names.clone())).collect();
        let mut default_index = 0;
        let mut filter = None;
        match default {
            Some(group) => match stages.groups.iter().position(|g| g.group == group) {
                Some(i) => default_index = i,
                None => s.say(&text::warning(&format!(">>> Failed to find group matching {group}. Select another."))),
            },
            None => filter = shared_section_filter(stages, event_groups),
        }
        let question =
            SelectQuestion::new(prompt, &rows).default(default_index).filterable().initial_filter(filter.as_deref());
        let index = s.p.select(&question)?;
        return Ok(stages.groups.get(index).map(|g| g.group.clone()).unwrap_or_default());
    }
    ask_typed_group(s, prompt, default)
}

/// The group typed, without a stages file: the answer is normalised (`group::Project
/// Management` is `project_management`), a near miss is offered ("Did you mean ...?"), and
/// Enter on an empty answer opens a filterable list of every known group (the repository's
/// `product_groups.json`, else the built-in list).
fn ask_typed_group(s: &mut Session, prompt: &str, default: Option<&str>) -> Asked<String> {
    let groups = s.repo.reference.product_groups.clone();
    let source = groups.source_name();
    let intro = format!(
        "Type the group (e.g. analytics_instrumentation), or press Enter to pick from the {} groups listed in {source}.\n{}",
        groups.values.len(),
        text::STAGES_PULL_HINT
    );
    let intro = text::wrap(&intro, s.p.width());
    s.say(&text::grey(&intro));
    let mut initial = default.map(str::to_owned);
    let input_prompt = format!("{prompt} {}", text::grey("(Enter on an empty answer: the list)"));
    loop {
        // Read directly rather than through `ask_text`: a near miss pre-fills the next answer
        // with the suggestion, and only the group finally taken is echoed as accepted.
        let raw = s.p.line(&input_prompt, initial.as_deref())?;
        let answer = raw.trim().to_owned();
        initial = None;
        if answer.is_empty() {
            let rows: Vec<Choice> = groups.values.iter().map(|g| Choice::new(g.clone())).collect();
            let question = SelectQuestion::new(prompt, &rows).filterable();
            let index = s.p.select(&question)?;
            return Ok(groups.values.get(index).cloned().unwrap_or_default());
        }
        let normalised = answers::normalise_group(&answer);
        if groups.contains(&normalised) {
            s.p.accepted(&input_prompt, &normalised);
            return Ok(normalised);
        }
        let similar = answers::similar_groups(&normalised, &groups.values, 5);
        let mut message = format!("{answer} is not a product group listed in {source}.");
        match similar.as_slice() {
            [] => message.push_str(" Type it again, or press Enter on an empty answer for the list of all groups."),
            [best, others @ ..] => {
                message.push_str(&format!(" Did you mean {best}? Press Enter to take it."));
                if !others.is_empty() {
                    message.push_str(&format!(" Other close groups: {}.", others.join(", ")));
                }
                initial = Some((*best).to_owned());
            }
        }
        let message = text::wrap(&message, s.p.width());
        s.say(&text::error(&message));
    }
}

/// Ask for feature categories: a section per owning group (when the stages file lists its
/// categories), then all categories, then "N/A". Returns the chosen categories sorted; empty when
/// only N/A was chosen
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/group_ownership.rb).
/// `allow_none` is false for metrics: GitLab's schema requires an active metric to name at least
/// one category, so N/A is shown disabled there instead of letting the PM write a file the pipeline
/// rejects (GitLab's generator offers it).
pub(crate) fn ask_categories(
    s: &mut Session,
    prompt: &str,
    groups: &[String],
    preselected: &[String],
    allow_none: bool,
) -> Asked<Vec<String>> {
    let known = s.known_categories().to_vec();
    let mut rows: Vec<Choice> = Vec::new();
    let mut values: Vec<Option<String>> = Vec::new();
    let mut seen_groups: Vec<&str> = Vec::new();
    if let Some(stages) = s.options.stages.as_ref() {
        for group in groups {
            if seen_groups.contains(&group.as_str()) {
                continue;
            }
            seen_groups.push(group);
            let Some(found) = stages.group(group) else { continue };
            let mut categories: Vec<&String> = found.categories.iter().filter(|c| known.contains(c)).collect();
            if categories.is_empty() {
                continue;
            }
            categories.sort();
            rows.push(Choice::divider(format!("Categories for {group}")));
            values.push(None);
            for category in categories {
                rows.push(Choice::new(category.clone()));
                values.push(Some(category.clone()));
            }
        }
        if !rows.is_empty() {
            rows.push(Choice::divider("All categories"));
            values.push(None);
        }
    }
    let mut listed: Vec<&String> = Vec::new();
    for category in &known {
        if !listed.contains(&category) {
            listed.push(category);
            rows.push(Choice::new(category.clone()));
            values.push(Some(category.clone()));
        }
    }
    rows.push(if allow_none {
        Choice::new(NO_CATEGORY)
    } else {
        Choice::disabled(NO_CATEGORY, "(an active metric needs at least one category)")
    });
    values.push(None);

    let mut selected: Vec<usize> = Vec::new();
    for wanted in preselected {
        if let Some(i) = values.iter().position(|v| v.as_deref() == Some(wanted.as_str())) {
            selected.push(i);
        }
    }
    let question = MultiSelectQuestion { prompt, choices: &rows, selected: &selected, filterable: true };
    let chosen = s.p.multi_select(&question)?;
    let mut categories: Vec<String> = chosen.into_iter().filter_map(|i| values.get(i).cloned().flatten()).collect();
    categories.sort();
    categories.dedup();
    Ok(categories)
}

/// The three tier presets
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/event_definer.rb);
/// `default` pre-selects the matching one.
pub(crate) fn ask_tiers(s: &mut Session, prompt: &str, default: Option<&[Tier]>) -> Asked<Vec<Tier>> {
    let presets = Tier::presets();
    let rows: Vec<Choice> = presets
        .iter()
        .map(|tiers| Choice::new(tiers.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")))
        .collect();
    let default_index = default.and_then(|d| presets.iter().position(|p| p.as_slice() == d)).unwrap_or(0);
    let index = s.p.select(&SelectQuestion::new(prompt, &rows).default(default_index))?;
    Ok(presets.get(index).cloned().unwrap_or_else(|| presets[0].clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    #[ignore = "needs ../shared"]
    fn shared_section_narrows_the_group_menu() {
        let text = std::fs::read_to_string("../shared/gitlab-cli-fixtures/stages.yml")
            .expect("../shared is beside the checkout");
        let stages = Stages::parse(&text, Path::new("stages.yml")).expect("fixture parses");
        let groups = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let filter = shared_section_filter(&stages, &groups(&["optimize", "ide"]));
        assert_eq!(filter.as_deref(), Some("dev:"));
        assert_eq!(stages.groups.iter().filter(|g| g.row().starts_with("dev:")).count(), 9);
        let filter = shared_section_filter(&stages, &groups(&["ide", "source_code"]));
        assert_eq!(filter.as_deref(), Some("dev:create:"));
        assert_eq!(stages.groups.iter().filter(|g| g.row().starts_with("dev:create:")).count(), 5);
        assert_eq!(shared_section_filter(&stages, &groups(&["ide", "other"])), None);
    }
}
