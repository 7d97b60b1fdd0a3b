//! The consistency and convention rules on GitLab's own definitions (`../shared/gitlab-corpus`):
//! every finding was reviewed as true; `fixtures/corpus/rule-findings.txt` pins them, so a
//! change in what the rules say about real GitLab files shows up as a diff to review.
//! `SNAPSHOTS=overwrite cargo test --test it corpus_rules` rewrites the list.

use crate::support;

use eventdef::diagnostics::Category;
use eventdef::repository::{ReferenceLists, ReferenceOverrides, Repository};
use eventdef::rules::{self, ValidateOptions, schema::Schemas};

#[test]
#[ignore = "needs ../shared"]
fn findings_on_gitlab_corpus_are_the_reviewed_ones() {
    let corpus = support::shared("gitlab-corpus");
    let reference = ReferenceLists::load(&corpus, &ReferenceOverrides::default())
        .unwrap_or_else(|e| panic!("reference lists: {e}"));
    let schemas = Schemas::compile(&reference).unwrap_or_else(|e| panic!("schemas: {e}"));
    let repo = Repository::load(&corpus, reference, &Default::default());
    let outcome = rules::validate(&repo, &schemas, &ValidateOptions::default());
    let actual: String = outcome
        .diagnostics
        .iter()
        .filter(|d| matches!(d.category, Category::Consistency | Category::Convention))
        .map(|d| format!("{} {}:{}:{} {}\n", d.rule, d.path, d.line, d.column, d.message_with_related(str::to_owned)))
        .collect();

    let expected_path = support::crate_dir().join("fixtures/corpus/rule-findings.txt");
    support::check_golden(&expected_path, &actual);
}
