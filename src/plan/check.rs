//! Checking a resolved plan with the validator, on the repository as it would be after writing.

use super::apply::{ApplyOptions, PlanProblem, PlannedFile};
use crate::diagnostics::{Diagnostic, Severity};
use crate::repository::{FileContent, Repository, classify};
use crate::rules::{self, PerFileRules, ValidateOptions, schema::Schemas};

/// The validator's findings that never block a plan: the generator always writes
/// `introduced_by_url: TODO` until the merge request exists.
pub const EXPECTED_RULES: &[&str] = &["introduced-by-url-todo"];

/// Run the validator on the repository as it would be after writing; errors in the new files
/// refuse the plan (except the expected ones and `--allow`ed rules).
pub(super) fn validate_after(
    repo: &Repository,
    files: &[PlannedFile],
    options: &ApplyOptions,
) -> Result<(Repository, Vec<Diagnostic>), Vec<PlanProblem>> {
    let schemas = Schemas::compile(&repo.reference)
        .map_err(|e| vec![PlanProblem::new("", format!("cannot load the schemas: {e}"))])?;
    let mut contents = Vec::with_capacity(files.len());
    for file in files {
        let Some(kind) = classify(&file.path) else {
            return Err(vec![PlanProblem::new(&file.entry, format!("{} is not where definitions live", file.path))]);
        };
        contents.push(FileContent::text(file.path.clone(), kind, file.content.clone()));
    }
    let after = repo.with_contents(contents, &PerFileRules::new(&schemas));
    let only_paths = Some(files.iter().map(|f| f.path.clone()).collect());
    let outcome = rules::validate(&after, &schemas, &ValidateOptions { only_paths, ..ValidateOptions::default() });
    let blocking = |d: &Diagnostic| {
        d.severity == Severity::Error
            && !EXPECTED_RULES.contains(&d.rule)
            && !options.allow_rules.iter().any(|r| r == d.rule)
    };
    let problems: Vec<PlanProblem> = outcome
        .diagnostics
        .iter()
        .filter(|d| blocking(d))
        .map(|d| {
            let entry = files.iter().find(|f| f.path == d.path).map(|f| f.entry.clone()).unwrap_or_default();
            PlanProblem::new(
                entry,
                format!("{}:{}:{}: error[{}]: {} (help: {})", d.path, d.line, d.column, d.rule, d.message, d.help),
            )
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let findings = outcome.diagnostics.into_iter().filter(|d| !blocking(d)).collect();
    Ok((after, findings))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::model::EventDefinition;
    use crate::plan::apply::PlannedDefinition;
    use crate::repository::{LoadLimits, NoChecks, ReferenceLists};

    fn repo() -> Repository {
        let mut reference = ReferenceLists::built_in();
        reference.milestone = Some("16.6".into());
        let root = PathBuf::from("/nonexistent-eventdef-root");
        Repository::from_contents(root, Vec::new(), reference, &LoadLimits::default(), &NoChecks)
    }

    #[test]
    fn validator_errors_in_new_files_refuse_the_plan_unless_allowed() {
        let repo = repo();
        let file = PlannedFile {
            path: "config/events/x.yml".into(),
            content: "description: [\n".into(),
            exists: false,
            definition: PlannedDefinition::Event(EventDefinition::default()),
            entry: "events[0]".into(),
        };
        let files = [file];
        let problems = validate_after(&repo, &files, &ApplyOptions::default()).unwrap_err();
        assert_eq!(problems[0].location, "events[0]");
        assert!(problems[0].message.starts_with("config/events/x.yml:"), "{problems:?}");
        assert!(problems[0].message.contains("error[yaml-syntax]"), "{problems:?}");
        let allowed = ApplyOptions { allow_rules: vec!["yaml-syntax".into()], ..ApplyOptions::default() };
        let (_, findings) = validate_after(&repo, &files, &allowed).unwrap();
        assert_eq!(findings[0].rule, "yaml-syntax");
    }
}
