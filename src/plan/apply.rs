//! Turning a plan into files: resolve (plan → definitions with paths and bytes), check (the
//! wizard's rules plus the validator on the repository as it would be), write (all or nothing).
//! Implemented by the writer work (issue 3); the wizard and `issue` call these.

use crate::model::{EventDefinition, MetricDefinition};
use crate::repository::Repository;

use super::Plan;

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
}

/// Why a plan cannot be applied: which entry, which field, what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanProblem {
    /// e.g. `metrics[1].name` (empty for the whole plan).
    pub location: String,
    pub message: String,
}

/// Resolve every entry of the plan against the repository (names, paths, copied defaults,
/// filters) and check it with the wizard's rules. `milestone` is used where the plan gives none.
pub fn resolve(plan: &Plan, repo: &Repository, milestone: Option<&str>) -> Result<Vec<PlannedFile>, Vec<PlanProblem>> {
    let _ = (plan, repo, milestone);
    Err(vec![PlanProblem { location: String::new(), message: "applying plans is not implemented yet".into() }])
}
