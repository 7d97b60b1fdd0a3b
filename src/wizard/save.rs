//! The save step shared by both definers
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/files.rb):
//! resolve the entry through the plan code, preview the exact file, ask, and write — never over an
//! existing file without consent, also when the file appeared while the wizard was waiting for an
//! answer.

use crate::atomic_write;
use crate::model::common::is_milestone;
use crate::plan::Plan;
use crate::plan::apply::{PlanProblem, PlannedDefinition, PlannedFile};

use super::prompt::{Asked, TextQuestion, ask_text};
use super::{Session, text};

/// Whether to ask "Create file?" (the plain save step) or write straight away ("Save & Create
/// Metric" was chosen). Overwriting is always asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Confirmation {
    Ask,
    AlreadyGiven,
}

/// What the save step did.
#[derive(Debug, Clone)]
pub(crate) struct Saved {
    /// The resolved file, when the plan code could prepare it.
    pub file: Option<PlannedFile>,
    /// "create"/"update" and the path, when written.
    pub written: Option<(&'static str, String)>,
    /// Why the final check refused the definition (empty when it did not).
    pub refused: Vec<Refusal>,
}

/// One reason the final check gave, in the PM's words: which answer, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    /// The plan field the reason is about (`introduced_by_url`, `action`, ...), when known.
    pub field: Option<String>,
    pub message: String,
}

impl Refusal {
    /// `events[0].introduced_by_url: ...` → field `introduced_by_url`; a validator finding
    /// (`path:line:col: error[rule]: message (help: ...)`) keeps only its message and help: the
    /// file it names does not exist yet.
    fn from_problem(problem: &PlanProblem) -> Refusal {
        let field = problem
            .location
            .split_once("].")
            .map(|(_, field)| field.split('.').next().unwrap_or(field).to_owned())
            .or_else(|| finding_field(&problem.location, &problem.message));
        let message = match problem.message.split_once("]: ") {
            Some((before, rest)) if before.contains(": error[") => rest.to_owned(),
            _ => problem.message.clone(),
        };
        Refusal { field, message }
    }

    /// The answer's name as the wizard asked it.
    pub fn answer_name(&self) -> &'static str {
        match self.field.as_deref() {
            Some("action") => "Event name",
            Some("description") => "Description",
            Some("identifiers") => "Identifiers",
            Some("additional_properties") => "Additional properties",
            Some("introduced_by_url") => "MR URL",
            Some("product_group") => "Group",
            Some("product_categories") => "Categories",
            Some("tiers") => "Tiers",
            Some("classification") => "Classification",
            Some("milestone") => "Milestone",
            Some("name") => "Metric name",
            Some("events") => "Events",
            Some("time_frames") => "Time frames",
            _ => "Definition",
        }
    }
}

/// The answer a validator finding is about, for the findings that concern one answer only:
/// they name the plan entry (`metrics[0]`), not a field.
fn finding_field(entry: &str, message: &str) -> Option<String> {
    let rule = message.split_once(": error[")?.1.split_once(']')?.0;
    let field = match (entry.starts_with("metrics["), rule) {
        (true, "duplicate-key-path") => "name",
        (false, "duplicate-action") => "action",
        _ => return None,
    };
    Some(field.to_owned())
}

impl Saved {
    pub fn definition(&self) -> Option<&PlannedDefinition> {
        self.file.as_ref().map(|f| &f.definition)
    }

    /// The outcome lines of the done screens.
    pub fn outcome_line(&self) -> String {
        match &self.written {
            Some((verb, path)) => format!("    {} {path}", text::success(verb)),
            None if !self.refused.is_empty() => "  No files saved: the answers above need a change.".to_owned(),
            None => "  No files saved.".to_owned(),
        }
    }
}

/// The session's milestone, asked once when neither `--milestone` nor `VERSION` gave one.
pub(crate) fn milestone(s: &mut Session) -> Asked<String> {
    if let Some(m) = &s.milestone {
        return Ok(m.clone());
    }
    let line = text::wrap(
        "No milestone known: the repository has no VERSION file and --milestone was not given.",
        s.p.width(),
    );
    s.say(&text::warning(&line));
    let validate = |m: &str| {
        if is_milestone(m) {
            Ok(())
        } else {
            Err(format!("{m} is not a milestone; write it as major.minor, e.g. 17.4"))
        }
    };
    let help = "Required. The release that ships this definition, as major.minor (e.g. 17.4).";
    let answer = ask_text(
        s.p,
        &TextQuestion::required("Which milestone will ship these definitions?", help).validate(&validate),
    )?;
    s.milestone = Some(answer.clone());
    Ok(answer)
}

/// Resolve a one-entry plan into its file, or show why it cannot be made.
pub(crate) fn resolve(s: &mut Session, plan: &Plan) -> Asked<Result<PlannedFile, Vec<Refusal>>> {
    let milestone = milestone(s)?;
    let plan = Plan { milestone: Some(milestone.clone()), ..plan.clone() };
    match (s.options.resolve)(&plan, &s.repo, Some(&milestone)) {
        Ok(files) => match <[PlannedFile; 1]>::try_from(files) {
            Ok([file]) => Ok(Ok(file)),
            Err(files) => {
                let message = format!("Expected one file for this definition, got {}.", files.len());
                s.say(&text::error(&message));
                Ok(Err(vec![Refusal { field: None, message }]))
            }
        },
        Err(problems) => {
            let refusals: Vec<Refusal> = problems.iter().map(Refusal::from_problem).collect();
            s.say(&text::error("This definition cannot be written yet:"));
            for refusal in &refusals {
                let line = text::wrap(&format!("  - {}: {}", refusal.answer_name(), refusal.message), s.p.width());
                s.say(&text::error(&line));
            }
            Ok(Err(refusals))
        }
    }
}

/// Preview, confirm and write one definition.
pub(crate) fn save(s: &mut Session, plan: &Plan, confirmation: Confirmation) -> Asked<Saved> {
    let file = match resolve(s, plan)? {
        Ok(file) => file,
        Err(refused) => {
            if let Some(file) = super::recovery::save_answers(s) {
                let line = format!(
                    "Your answers are kept in {file}: after correcting them there, `eventdef apply {file}` writes the files."
                );
                let line = text::wrap(&line, s.p.width());
                s.say(&text::warning(&line));
            }
            return Ok(Saved { file: None, written: None, refused });
        }
    };
    s.say("Preparing to generate definition with these attributes:");
    s.say(&text::info(&file.path));
    s.say(file.content.trim_end());
    s.say("");
    let mut overwrite = file.exists || s.repo.root.join(&file.path).exists();
    let consent = if overwrite {
        s.say(&text::error("Oh no! This file already exists!"));
        s.p.confirm("Overwrite file?", false)?
    } else {
        match confirmation {
            Confirmation::Ask => s.p.confirm("Create file?", true)?,
            Confirmation::AlreadyGiven => true,
        }
    };
    if !consent {
        return Ok(Saved { file: Some(file), written: None, refused: Vec::new() });
    }
    loop {
        // All-or-nothing writing of a one-file set: folders are created (and removed again on
        // failure); without consent to overwrite, a file that appeared meanwhile is refused at
        // the moment of writing.
        match crate::plan::apply::write(&s.repo.root, std::slice::from_ref(&file), overwrite) {
            Ok(_) => break,
            Err(error) if atomic_write::is_already_exists(&error) && !overwrite => {
                s.say(&text::error(&format!("Oh no! {} appeared while the wizard was running.", file.path)));
                if !s.p.confirm("Overwrite file?", false)? {
                    return Ok(Saved { file: Some(file), written: None, refused: Vec::new() });
                }
                overwrite = true;
            }
            Err(error) => {
                let message = match error {
                    crate::Error::Io { source, .. } => source.to_string(),
                    other => other.to_string(),
                };
                s.say(&text::error(&format!("Could not write {}: {message}", file.path)));
                return Ok(Saved { file: Some(file), written: None, refused: Vec::new() });
            }
        }
    }
    let verb = if overwrite { "update" } else { "create" };
    s.say(&format!("    {} {}", text::success(verb), file.path));
    s.written.push(file.path.clone());
    s.pending.events.retain(|e| !plan.events.contains(e));
    s.pending.metrics.retain(|m| !plan.metrics.contains(m));
    if s.recovered.is_some() {
        super::recovery::save_answers(s);
    }
    s.reload();
    let path = file.path.clone();
    Ok(Saved { file: Some(file), written: Some((verb, path)), refused: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_answer_they_are_about() {
        let field = |location: &str, message: &str| Refusal::from_problem(&PlanProblem::new(location, message)).field;
        assert_eq!(field("metrics[0].name", "the key path is taken").as_deref(), Some("name"));
        assert_eq!(field("metrics[0].description", "empty").as_deref(), Some("description"));
        let finding = "config/metrics/counts_all/x.yml:1:1: error[duplicate-key-path]: `counts.x` is defined twice";
        assert_eq!(field("metrics[0]", finding).as_deref(), Some("name"));
        let refusal = Refusal::from_problem(&PlanProblem::new("metrics[0]", finding));
        assert_eq!(refusal.message, "`counts.x` is defined twice");
        assert_eq!(field("events[0]", finding), None);
        assert_eq!(field("metrics[0]", "x.yml:1:1: error[schema-type]: wrong type"), None);
    }
}
