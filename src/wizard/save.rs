//! The save step shared by both definers (gitlab-cli.md §6): resolve the entry through the plan
//! code, preview the exact file, ask, and write — never over an existing file without consent,
//! also when the file appeared while the wizard was waiting for an answer.

use std::io::Write;
use std::path::Path;

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
                let location =
                    if problem.location.is_empty() { String::new() } else { format!("{}: ", problem.location) };
                s.say(&text::error(&format!("  - {location}{}", problem.message)));
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
        match write_file(&s.repo.root, &file.path, &file.content, overwrite) {
            Ok(()) => break,
            Err(WriteError::Exists) => {
                s.say(&text::error(&format!("Oh no! {} appeared while the wizard was running.", file.path)));
                if !s.p.confirm("Overwrite file?", false)? {
                    return Ok(Saved { file: Some(file), written: None });
                }
                overwrite = true;
            }
            Err(WriteError::Io(message)) => {
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

#[derive(Debug)]
pub(crate) enum WriteError {
    /// Not allowed to overwrite, and the file exists.
    Exists,
    Io(String),
}

/// Write `content` to `root/rel`, creating folders. Without `overwrite` the file must not exist
/// (checked atomically at creation); with it, the new content replaces the old in one rename.
pub(crate) fn write_file(root: &Path, rel: &str, content: &str, overwrite: bool) -> Result<(), WriteError> {
    let target = root.join(rel);
    let io = |e: std::io::Error| WriteError::Io(e.to_string());
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    if !overwrite {
        let mut out = match std::fs::OpenOptions::new().write(true).create_new(true).open(&target) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(WriteError::Exists),
            Err(e) => return Err(io(e)),
        };
        return out.write_all(content.as_bytes()).and_then(|()| out.sync_all()).map_err(io);
    }
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = target.with_file_name(format!(".{name}.eventdef-tmp"));
    std::fs::write(&temp, content).map_err(io)?;
    std::fs::rename(&temp, &target).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        io(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites_without_consent() {
        let dir = tempfile::tempdir().expect("temp dir");
        write_file(dir.path(), "config/events/a.yml", "one\n", false).expect("first write");
        assert!(matches!(write_file(dir.path(), "config/events/a.yml", "two\n", false), Err(WriteError::Exists)));
        assert_eq!(std::fs::read_to_string(dir.path().join("config/events/a.yml")).ok().as_deref(), Some("one\n"));
        write_file(dir.path(), "config/events/a.yml", "two\n", true).expect("overwrite");
        assert_eq!(std::fs::read_to_string(dir.path().join("config/events/a.yml")).ok().as_deref(), Some("two\n"));
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("config/events")).expect("dir").collect();
        assert_eq!(leftovers.len(), 1);
    }
}
