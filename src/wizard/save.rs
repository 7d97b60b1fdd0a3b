//! The save step shared by both definers (gitlab-cli.md §6): resolve the entry through the plan
//! code, preview the exact file, ask, and write — never over an existing file without consent,
//! also when the file appeared while the wizard was waiting for an answer.

use crate::atomic_write;
use crate::model::common::is_milestone;
use crate::plan::Plan;
use crate::plan::apply::{PlannedDefinition, PlannedFile};

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
}

impl Saved {
    pub fn definition(&self) -> Option<&PlannedDefinition> {
        self.file.as_ref().map(|f| &f.definition)
    }

    /// The outcome lines of the done screens.
    pub fn outcome_line(&self) -> String {
        match &self.written {
            Some((verb, path)) => format!("    {} {path}", text::success(verb)),
            None => "  No files saved.".to_owned(),
        }
    }
}

/// The session's milestone, asked once when neither `--milestone` nor `VERSION` gave one.
pub(crate) fn milestone(s: &mut Session) -> Asked<String> {
    if let Some(m) = &s.milestone {
        return Ok(m.clone());
    }
    s.say(&text::warning("No milestone known: the repository has no VERSION file and --milestone was not given."));
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
pub(crate) fn resolve(s: &mut Session, plan: &Plan) -> Asked<Option<PlannedFile>> {
    let milestone = milestone(s)?;
    let plan = Plan { milestone: Some(milestone.clone()), ..plan.clone() };
    match (s.options.resolve)(&plan, &s.repo, Some(&milestone)) {
        Ok(mut files) if files.len() == 1 => Ok(files.pop()),
        Ok(files) => {
            s.say(&text::error(&format!("Expected one file for this definition, got {}.", files.len())));
            Ok(None)
        }
        Err(problems) => {
            s.say(&text::error("This definition cannot be written:"));
            for problem in problems {
                s.say(&text::error(&format!("  - {problem}")));
            }
            Ok(None)
        }
    }
}

/// Preview, confirm and write one definition.
pub(crate) fn save(s: &mut Session, plan: &Plan, confirmation: Confirmation) -> Asked<Saved> {
    let Some(file) = resolve(s, plan)? else { return Ok(Saved { file: None, written: None }) };
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
        return Ok(Saved { file: Some(file), written: None });
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
                    return Ok(Saved { file: Some(file), written: None });
                }
                overwrite = true;
            }
            Err(error) => {
                let message = match error {
                    crate::Error::Io { source, .. } => source.to_string(),
                    other => other.to_string(),
                };
                s.say(&text::error(&format!("Could not write {}: {message}", file.path)));
                return Ok(Saved { file: Some(file), written: None });
            }
        }
    }
    let verb = if overwrite { "update" } else { "create" };
    s.say(&format!("    {} {}", text::success(verb), file.path));
    s.written.push(file.path.clone());
    s.reload();
    let path = file.path.clone();
    Ok(Saved { file: Some(file), written: Some((verb, path)) })
}
