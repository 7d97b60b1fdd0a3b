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
pub use super::write::write;

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

/// Why a plan cannot be applied: which entry, which field, what to do.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlanProblem {
    /// e.g. `metrics[1].name`, or `plan.yml:3:5` for problems in the plan file itself.
    pub location: String,
    pub message: String,
}

impl fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.location, self.message)
        }
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
