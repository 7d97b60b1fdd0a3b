//! Turning a plan into files: [`resolve`] (plan → definitions with paths and bytes, see
//! `resolve`), check (the validator on the repository as it would be, see `check`), [`write`]
//! (all or nothing, see `crate::atomic_write`). The wizard and `issue` call [`resolve`]; `eventdef
//! apply` calls [`resolve_checked`] to also get the validator's findings.

use std::fmt;

use super::Plan;
use crate::diagnostics::Diagnostic;
use crate::model::{EventDefinition, MetricDefinition};
use crate::repository::Repository;

pub use super::check::EXPECTED_RULES;
pub use super::write::{diff_with_existing, existing_definition, write};

/// A definition the plan creates.
#[derive(Debug, Clone, PartialEq)]
pub enum PlannedDefinition {
    Event(EventDefinition),
    Metric(MetricDefinition),
}

/// One file to write.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedFile {
    /// Relative to the repository root, forward slashes.
    pub path: String,
    /// The exact bytes (GitLab's format).
    pub content: String,
    /// True when a file already exists at `path`.
    pub exists: bool,
    pub definition: PlannedDefinition,
    /// The plan entry this file comes from: `events[0]`, `metrics[2]`.
    pub entry: String,
}

/// Why a plan cannot be applied: where in the plan file, which entry and field, what is wrong
/// and what to do. Problems sort by their place in the file, numerically (line 6 before line 11).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlanProblem {
    /// Where in the plan file, when the problem is about a part of it.
    pub place: Option<PlanPlace>,
    /// The entry and field: `metrics[1].name`; empty for the plan file as a whole.
    pub location: String,
    pub message: String,
    /// What to write instead, when there is a close match: "did you mean `description`?".
    pub suggestion: Option<String>,
}

/// A place in a plan file: its name as given and a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlanPlace {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl PlanProblem {
    /// A problem of an entry (`events[0].action`), not yet placed in the file.
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> PlanProblem {
        PlanProblem { location: location.into(), message: message.into(), ..PlanProblem::default() }
    }
}

impl fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(place) = &self.place {
            write!(f, "{}:{}:{}: ", place.file, place.line, place.column)?;
        }
        if !self.location.is_empty() {
            write!(f, "{}: ", self.location)?;
        }
        f.write_str(&self.message)?;
        if let Some(suggestion) = &self.suggestion {
            write!(f, "; {suggestion}")?;
        }
        Ok(())
    }
}

/// Choices that are not part of the plan itself.
#[derive(Debug, Clone, Default)]
pub struct ApplyOptions {
    /// `--milestone`: used where neither the entry nor the plan gives one (before `VERSION`).
    pub milestone: Option<String>,
    /// Rule ids whose errors in the new files are accepted (`--allow`).
    pub allow_rules: Vec<String>,
}

/// A plan ready to write.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub files: Vec<PlannedFile>,
    /// The repository as it would be after writing.
    pub after: Repository,
    /// The validator's findings on the new files (none of them blocking).
    pub findings: Vec<Diagnostic>,
}

/// Resolve every entry of the plan against the repository (names, paths, copied defaults,
/// filters) and check it with the wizard's rules and the validator. `milestone` is used where
/// the plan gives none.
pub fn resolve(plan: &Plan, repo: &Repository, milestone: Option<&str>) -> Result<Vec<PlannedFile>, Vec<PlanProblem>> {
    let options = ApplyOptions { milestone: milestone.map(str::to_owned), ..ApplyOptions::default() };
    resolve_checked(plan, repo, &options).map(|r| r.files)
}

/// [`resolve`], keeping the repository-after and the validator's (non-blocking) findings.
pub fn resolve_checked(plan: &Plan, repo: &Repository, options: &ApplyOptions) -> Result<Resolved, Vec<PlanProblem>> {
    let files = super::resolve::resolve_files(plan, repo, options)?;
    let (after, findings) = super::check::validate_after(repo, &files, options)?;
    Ok(Resolved { files, after, findings })
}
