//! The validator's per-file rules run in two places: while loading (`validate` loads with
//! `PerFileRules`, so each file's tree is dropped after its checks) and afterwards, for files
//! of a repository loaded without checks (the wizard's and `apply`'s), whose text is read again.
//! Both must find exactly the same, on every rule fixture and on GitLab's corpus, and the
//! human report must show the same source lines.

use std::path::{Path, PathBuf};

use eventdef::report;
use eventdef::repository::{LoadLimits, ReferenceLists, ReferenceOverrides, Repository};
use eventdef::rules::{self, PerFileRules, ValidateOptions, schema::Schemas};

fn repositories() -> Vec<PathBuf> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let mut roots = Vec::new();
    for rule in std::fs::read_dir(&fixtures).expect("fixtures/rules").flatten() {
        for case in std::fs::read_dir(rule.path()).into_iter().flatten().flatten() {
            if case.path().is_dir() {
                roots.push(case.path());
            }
        }
    }
    roots.sort();
    roots
}

#[test]
fn findings_are_the_same_whether_checked_while_loading_or_after() {
    let roots = repositories();
    assert!(roots.len() > 80, "expected every rule's fixtures, found {}", roots.len());
    roots.iter().for_each(|root| same_findings(root));
}

#[test]
#[ignore = "needs ../shared"]
fn findings_on_gitlabs_corpus_are_the_same_whether_checked_while_loading_or_after() {
    same_findings(&crate::support::shared("gitlab-corpus"));
}

fn same_findings(root: &Path) {
    let reference = ReferenceLists::load(root, &ReferenceOverrides::default()).expect("reference lists");
    let schemas = Schemas::compile(&reference).expect("schemas");
    let limits = LoadLimits::default();
    let checked = Repository::load_checked(root, reference.clone(), &limits, &PerFileRules::new(&schemas));
    let unchecked = Repository::load(root, reference, &limits);
    let options = ValidateOptions::default();
    let (a, b) = (rules::validate(&checked, &schemas, &options), rules::validate(&unchecked, &schemas, &options));
    assert_eq!(a.diagnostics, b.diagnostics, "{}", root.display());
    assert_eq!(a.files_checked, b.files_checked);
    assert_eq!(
        report::human::render(&a, &checked, false),
        report::human::render(&b, &unchecked, false),
        "{}",
        root.display()
    );
}
