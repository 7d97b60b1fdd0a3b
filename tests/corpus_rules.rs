//! The consistency and convention rules on GitLab's own definitions (`../shared/gitlab-corpus`):
//! every finding was reviewed as true; `fixtures/corpus/rule-findings.txt` pins them, so a
//! change in what the rules say about real GitLab files shows up as a diff to review.
//! `EVENTDEF_BLESS=1 cargo test --test corpus_rules` rewrites the list.

mod support;

use eventdef::diagnostics::Category;
use eventdef::repository::{ReferenceLists, ReferenceOverrides, Repository};
use eventdef::rules::{self, ValidateOptions, schema::Schemas};

#[test]
fn findings_on_gitlab_corpus_are_the_reviewed_ones() {
    let Some(corpus) = support::shared("gitlab-corpus") else { return };
    let reference = ReferenceLists::load(&corpus, &ReferenceOverrides::default())
        .unwrap_or_else(|e| panic!("reference lists: {e}"));
    let schemas = Schemas::compile(&reference).unwrap_or_else(|e| panic!("schemas: {e}"));
    let repo = Repository::load(&corpus, reference, &Default::default());
    let outcome = rules::validate(&repo, &schemas, &ValidateOptions::default());
    let actual: String = outcome
        .diagnostics
        .iter()
        .filter(|d| matches!(d.category, Category::Consistency | Category::Convention))
        .map(|d| format!("{} {}:{}:{} {}\n", d.rule, d.path, d.line, d.column, d.message))
        .collect();

    let expected_path = support::crate_dir().join("fixtures/corpus/rule-findings.txt");
    if support::bless() {
        std::fs::write(&expected_path, &actual).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert!(
        expected == actual,
        "findings on the GitLab corpus changed; review, then EVENTDEF_BLESS=1 cargo test --test corpus_rules\n--- expected\n{expected}--- actual\n{actual}"
    );
}
