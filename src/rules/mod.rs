//! Validation: every rule GitLab enforces (and the conventions it expects), one engine for
//! `validate`, the wizard and `apply`. Every rule is declared once in [`catalog`] (id, category,
//! default severity, help, explanation, examples, GitLab reference); the modules beside it check.

pub mod breaking;
pub mod catalog;
pub mod consistency;
pub mod convention;
mod index;
pub mod schema;
pub mod yaml_rules;

use std::collections::BTreeSet;

use crate::diagnostics::{self, Diagnostic, RuleInfo, Severity};
use rayon::prelude::*;

use crate::model::{EventDefinition, MetricDefinition};
use crate::repository::{FileChecks, Repository, SourceFile};

/// What to check and how.
#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    /// When set, report findings only for these files (relative paths); cross-file rules still
    /// see the whole repository.
    pub only_paths: Option<BTreeSet<String>>,
    /// The merge request the definitions are being merged by, when known (a GitLab
    /// merge-request pipeline, see [`merge_request_url`]): `introduced_by_url: TODO` findings
    /// name it as the URL to write.
    pub merge_request_url: Option<String>,
}

/// The URL of the merge request a GitLab merge-request pipeline runs for, from GitLab's
/// predefined CI/CD variables `CI_MERGE_REQUEST_PROJECT_URL` and `CI_MERGE_REQUEST_IID`
/// (https://docs.gitlab.com/ci/variables/predefined_variables/#predefined-variables-for-merge-request-pipelines),
/// given as a lookup so the library reads no environment of its own.
pub fn merge_request_url(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    let project = var("CI_MERGE_REQUEST_PROJECT_URL").filter(|v| !v.trim().is_empty())?;
    let iid = var("CI_MERGE_REQUEST_IID").filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()))?;
    Some(format!("{}/-/merge_requests/{iid}", project.trim().trim_end_matches('/')))
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

/// Every rule, for `eventdef rules`, `eventdef explain`, the SARIF rule table and the README.
pub fn catalog() -> Vec<&'static RuleInfo> {
    catalog::all().collect()
}

pub fn rule(id: &str) -> Option<&'static RuleInfo> {
    catalog::all().find(|r| r.id == id)
}

/// The rules about one file, which need its text and tree: YAML, schema, and the conventions
/// and consistency of one definition with the events it names. [`Repository::load_checked`]
/// runs them while it reads each file, so the tree is dropped right after.
pub struct PerFileRules<'s> {
    schemas: &'s schema::Schemas,
}

impl<'s> PerFileRules<'s> {
    pub fn new(schemas: &'s schema::Schemas) -> Self {
        PerFileRules { schemas }
    }

    fn common(&self, file: &SourceFile) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        yaml_rules::check_file(file, &mut out);
        out.extend(schema::check_file(file, self.schemas));
        out
    }
}

impl FileChecks for PerFileRules<'_> {
    fn event_file(&self, file: &SourceFile, def: Option<&EventDefinition>) -> Option<Vec<Diagnostic>> {
        let mut out = self.common(file);
        if let Some(def) = def {
            consistency::check_event_file(file, def, &mut out);
            convention::check_event(file, def, &mut out);
        }
        Some(out)
    }

    fn metric_file(
        &self,
        events: &Repository,
        file: &SourceFile,
        def: Option<&MetricDefinition>,
    ) -> Option<Vec<Diagnostic>> {
        let mut out = self.common(file);
        if let Some(def) = def {
            consistency::check_metric_file(events, file, def, &mut out);
            convention::check_metric(events, file, def, &mut out);
        }
        Some(out)
    }
}

/// Run every rule over the repository. Files loaded with [`PerFileRules`] keep their findings;
/// the others that `options` selects are read again and checked now.
pub fn validate(repo: &Repository, schemas: &schema::Schemas, options: &ValidateOptions) -> Outcome {
    let checks = PerFileRules::new(schemas);
    // The cross-file rules run on one core while the other collects the per-file findings.
    let (mut out, across): (Vec<Diagnostic>, Vec<Diagnostic>) = rayon::join(
        || {
            repo.files
                .par_iter()
                .filter(|file| options.selects(&file.path))
                .flat_map_iter(|file| repo.file_findings(file, &checks))
                .collect()
        },
        || {
            let mut out = Vec::new();
            yaml_rules::check_walk(repo, &mut out);
            consistency::check(repo, &mut out);
            out
        },
    );
    out.extend(across);

    out.retain(|d| options.selects(&d.path));
    if let Some(url) = &options.merge_request_url {
        for d in out.iter_mut().filter(|d| d.rule == schema::INTRODUCED_BY_URL_TODO.id) {
            d.help = format!("Write `introduced_by_url: {url}`, the merge request this pipeline runs for.");
        }
    }
    diagnostics::sort(&mut out);
    let files_checked = repo.files.iter().filter(|f| options.selects(&f.path)).count();
    Outcome { files_checked, diagnostics: out }
}

impl ValidateOptions {
    /// True when findings in `path` are reported.
    pub fn selects(&self, path: &str) -> bool {
        self.only_paths.as_ref().is_none_or(|only| only.contains(path))
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
