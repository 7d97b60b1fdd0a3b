//! Validation: every rule GitLab enforces (and the conventions it expects), one engine for
//! `validate`, the wizard and `apply`. Each rule has a stable id, a category, a default
//! severity and a sentence of help ([`RuleInfo`]).

pub mod breaking;
pub mod consistency;
pub mod convention;
mod index;
pub mod schema;
pub mod yaml_rules;

use crate::diagnostics::{self, Category, Diagnostic, RuleInfo, Severity};
use crate::repository::Repository;

/// What to check and how.
#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    /// When set, report findings only for these files (relative paths); cross-file rules still
    /// see the whole repository.
    pub only_paths: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Number of definition files whose findings are reported.
    pub files_checked: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}

/// Every rule, for `eventdef rules`, the SARIF rule table and the README.
pub fn catalog() -> Vec<&'static RuleInfo> {
    let mut all: Vec<&'static RuleInfo> = Vec::new();
    all.extend(yaml_rules::RULES);
    all.extend(schema::RULES);
    all.extend(consistency::RULES);
    all.extend(convention::RULES);
    all.extend(breaking::RULES);
    all
}

pub fn rule(id: &str) -> Option<&'static RuleInfo> {
    catalog().into_iter().find(|r| r.id == id)
}

/// The longer explanation of a rule for `eventdef explain`, where one is written.
pub fn explanation(id: &str) -> Option<&'static str> {
    consistency::EXPLANATIONS
        .iter()
        .chain(convention::EXPLANATIONS)
        .chain(breaking::EXPLANATIONS)
        .find(|(rule, _)| *rule == id)
        .map(|(_, text)| *text)
}

/// Run every rule over the repository.
pub fn validate(repo: &Repository, schemas: &schema::Schemas, options: &ValidateOptions) -> Outcome {
    let mut out = Vec::new();
    yaml_rules::check(repo, &mut out);
    schema::check(repo, schemas, &mut out);
    consistency::check(repo, &mut out);
    convention::check(repo, &mut out);

    let selected = |path: &str| options.only_paths.as_ref().is_none_or(|only| only.iter().any(|p| p == path));
    out.retain(|d| selected(&d.path));
    diagnostics::sort(&mut out);
    let files_checked = repo.files.iter().filter(|f| selected(&f.path)).count();
    Outcome { files_checked, diagnostics: out }
}

impl ValidateOptions {
    /// True when findings in `path` are reported.
    pub fn selects(&self, path: &str) -> bool {
        self.only_paths.as_ref().is_none_or(|only| only.iter().any(|p| p == path))
    }
}

/// [`validate`] plus the `breaking` rules: what changed since `base` (`validate --base REV`).
pub fn validate_with_base(
    repo: &Repository,
    schemas: &schema::Schemas,
    options: &ValidateOptions,
    base: &breaking::BaseRevision,
) -> Outcome {
    let mut outcome = validate(repo, schemas, options);
    let mut found = Vec::new();
    breaking::check(base, repo, &mut found);
    found.retain(|d| options.selects(&d.path));
    outcome.diagnostics.extend(found);
    diagnostics::sort(&mut outcome.diagnostics);
    outcome
}

/// Shorthand for rule tables.
pub(crate) const fn info(id: &'static str, category: Category, severity: Severity, help: &'static str) -> RuleInfo {
    RuleInfo { id, category, severity, help }
}
