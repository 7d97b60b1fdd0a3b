//! `validate --base REV --changed-only`: findings only for files changed since the merge base
//! (committed, staged, unstaged or untracked), while cross-file rules still see every file.

use crate::support;

use std::collections::BTreeSet;

use support::ci::*;

const COUNTED: &str = "open_pipeline_editor";
const EDITED: &str = "close_pipeline_editor";
const OLD_PROBLEM: &str = "view_pipeline_editor";
const UNTRACKED: &str = "save_pipeline_editor";
const STAGED: &str = "lint_pipeline_editor";

/// A YAML problem any version of the rules reports: a key given twice.
fn with_duplicate_key(text: &str) -> String {
    format!("{text}milestone: '17.1'\n")
}

/// `main`: three events (one with a problem already), a metric counting the first. The branch
/// renames the counted event's action (a cross-file error: the unchanged metric still counts
/// the old name), breaks a second event, adds an untracked and a staged file with problems.
fn branch_repo() -> GitRepo {
    let repo = GitRepo::with_base(&[
        (event_path(COUNTED), event(COUNTED)),
        (event_path(EDITED), event(EDITED)),
        (event_path(OLD_PROBLEM), with_duplicate_key(&event(OLD_PROBLEM))),
        (event_path(STAGED), event(STAGED)),
        (metric_path(COUNTED), metric(COUNTED)),
    ]);
    repo.branch("feature");
    repo.write(&event_path(COUNTED), &event(COUNTED).replace(&format!("action: {COUNTED}"), "action: open_ci_editor"));
    repo.commit("rename");
    repo.write(&event_path(EDITED), &with_duplicate_key(&event(EDITED)));
    repo.write(&event_path(UNTRACKED), &with_duplicate_key(&event(UNTRACKED)));
    repo.write(&event_path(STAGED), &with_duplicate_key(&event(STAGED)));
    repo.git(&["add", &event_path(STAGED)]);
    repo
}

fn paths(diagnostics: &[serde_json::Value]) -> BTreeSet<String> {
    diagnostics.iter().filter_map(|d| d["path"].as_str().map(str::to_owned)).collect()
}

fn rules_at(diagnostics: &[serde_json::Value], path: &str) -> BTreeSet<String> {
    diagnostics.iter().filter(|d| d["path"] == path).filter_map(|d| d["rule"].as_str().map(str::to_owned)).collect()
}

#[test]
fn only_changed_files_are_reported() {
    let repo = branch_repo();
    let (code, all) = validate_json(repo.path(), &["--base", "main"]);
    assert_eq!(code, 1);
    assert!(paths(&all).contains(&event_path(OLD_PROBLEM)), "without --changed-only the old problem shows");

    let (code, changed) = validate_json(repo.path(), &["--base", "main", "--changed-only"]);
    assert_eq!(code, 1);
    let reported = paths(&changed);
    assert!(!reported.contains(&event_path(OLD_PROBLEM)), "{reported:?}");
    assert!(!reported.contains(&metric_path(COUNTED)), "the unchanged metric is not reported: {reported:?}");
    // Committed, unstaged, untracked and staged changes all count.
    for path in [event_path(COUNTED), event_path(EDITED), event_path(UNTRACKED), event_path(STAGED)] {
        assert!(reported.contains(&path), "{path} in {reported:?}");
    }
    // The cross-file error the rename causes is still found: the rule saw the unchanged metric.
    assert!(rules_at(&changed, &event_path(COUNTED)).contains("breaking-event-renamed"));
    assert!(rules_at(&changed, &event_path(EDITED)).contains("yaml-duplicate-key"));
}

#[test]
fn files_checked_counts_the_changed_files() {
    let repo = branch_repo();
    let out = eventdef(repo.path(), &["validate", "--base", "main", "--changed-only", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["files"], 4);
}

#[test]
fn explicit_paths_narrow_the_changed_files_further() {
    let repo = branch_repo();
    let (_, diagnostics) = validate_json(
        repo.path(),
        &["--base", "main", "--changed-only", &event_path(EDITED), &event_path(OLD_PROBLEM)],
    );
    assert_eq!(paths(&diagnostics), BTreeSet::from([event_path(EDITED)]));
}

#[test]
fn a_branch_without_definition_changes_reports_nothing() {
    let repo = GitRepo::with_base(&[
        (event_path(OLD_PROBLEM), with_duplicate_key(&event(OLD_PROBLEM))),
        ("README.md".to_owned(), "# project\n".to_owned()),
    ]);
    repo.branch("feature");
    repo.write("README.md", "# project, edited\n");
    repo.commit("docs");
    let (code, diagnostics) = validate_json(repo.path(), &["--base", "main", "--changed-only"]);
    assert_eq!((code, diagnostics.len()), (0, 0));
}

#[test]
fn changed_only_needs_base() {
    let repo = branch_repo();
    let out = eventdef(repo.path(), &["validate", "--changed-only"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--base"));
}

#[test]
fn deletions_count_as_changes() {
    let repo = GitRepo::with_base(&[
        (event_path(COUNTED), event(COUNTED)),
        (metric_path(COUNTED), metric(COUNTED)),
        (event_path(OLD_PROBLEM), with_duplicate_key(&event(OLD_PROBLEM))),
    ]);
    repo.branch("feature");
    repo.remove(&metric_path(COUNTED));
    repo.commit("delete the metric");
    let (code, diagnostics) = validate_json(repo.path(), &["--base", "main", "--changed-only"]);
    assert_eq!(code, 1);
    assert_eq!(paths(&diagnostics), BTreeSet::from([metric_path(COUNTED)]));
    assert!(rules_at(&diagnostics, &metric_path(COUNTED)).contains("breaking-metric-deleted"));
}
