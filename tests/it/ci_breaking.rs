//! `validate --base REV`: every `breaking` rule catches its case and lets its legitimate
//! counterpart through, in real temporary git repositories, through the built binary.

use crate::support;

use support::ci::*;

const ACTION: &str = "open_pipeline_editor";
const OTHER: &str = "close_pipeline_editor";

/// `main` with two events and a metric counting the first; the test then edits the work tree
/// (uncommitted changes are what a developer checks before pushing).
fn base_repo() -> GitRepo {
    GitRepo::with_base(&[
        (event_path(ACTION), event(ACTION)),
        (event_path(OTHER), event(OTHER)),
        (metric_path(ACTION), metric(ACTION)),
    ])
}

fn breaking_findings(repo: &GitRepo) -> Vec<(String, String, u64)> {
    let (_, diagnostics) = validate_json(repo.path(), &["--base", "main"]);
    summary(&breaking(&diagnostics))
}

fn messages(repo: &GitRepo) -> Vec<String> {
    let (_, diagnostics) = validate_json(repo.path(), &["--base", "main"]);
    breaking(&diagnostics).iter().map(|d| d["message"].as_str().unwrap_or_default().to_owned()).collect()
}

/// The paths of each breaking finding's related places.
fn related_paths(repo: &GitRepo) -> Vec<Vec<String>> {
    let (_, diagnostics) = validate_json(repo.path(), &["--base", "main"]);
    breaking(&diagnostics)
        .iter()
        .map(|d| {
            d["related"]
                .as_array()
                .map(|related| related.iter().map(|r| r["path"].as_str().unwrap_or_default().to_owned()).collect())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn every_breaking_rule_has_cases_here() {
    // tests/rule_fixtures.rs leaves the `breaking` rules to this file (they need git history).
    let this_file = include_str!("ci_breaking.rs");
    for rule in eventdef::rules::breaking::RULES {
        assert!(this_file.contains(&format!("\"{}\"", rule.id)), "{} has no case in ci_breaking.rs", rule.id);
    }
}

#[test]
fn unchanged_repository_has_no_breaking_findings() {
    let repo = base_repo();
    assert_eq!(breaking_findings(&repo), []);
}

#[test]
fn frozen_metric_fields_may_not_change() {
    let path = metric_path(ACTION);
    let cases = [
        ("key_path", "key_path: counts.count_total_open_pipeline_editor", "key_path: counts.pipeline_editor_opens"),
        ("time_frame", "- 7d\n", ""),
        ("value_type", "value_type: number", "value_type: string"),
        ("data_source", "data_source: internal_events", "data_source: redis_hll"),
        ("events", "- name: open_pipeline_editor", "- name: open_pipeline_editor\n  unique: user.id"),
    ];
    for (field, from, to) in cases {
        let repo = base_repo();
        let text = metric(ACTION).replacen(from, to, 1);
        assert_ne!(text, metric(ACTION), "{field}: the edit applies");
        repo.write(&path, &text);
        let expected_line = line_of(&text, &format!("{field}:"));
        assert_eq!(
            breaking_findings(&repo),
            [("breaking-metric-changed".to_owned(), path.clone(), expected_line)],
            "changing {field}"
        );
        let message = &messages(&repo)[0];
        assert!(message.contains(&format!("`{field}`")) && message.contains("since main"), "{message}");
    }
}

#[test]
fn other_metric_fields_may_change() {
    let repo = base_repo();
    let path = metric_path(ACTION);
    let text = metric(ACTION)
        .replace("description: Count of times", "description: Number of times")
        .replace("data_category: optional", "data_category: operational")
        // Reordering a list changes nothing that is counted.
        .replace("- 28d\n- 7d\n- all", "- all\n- 7d\n- 28d");
    repo.write(&path, &text);
    assert_eq!(breaking_findings(&repo), []);
}

#[test]
fn deleting_a_metric_is_breaking() {
    let repo = base_repo();
    repo.remove(&metric_path(ACTION));
    assert_eq!(breaking_findings(&repo), [("breaking-metric-deleted".to_owned(), metric_path(ACTION), 1)]);
    let message = &messages(&repo)[0];
    assert!(message.contains("counts.count_total_open_pipeline_editor") && message.contains("(it exists at main)"));
    assert!(message.contains("status: removed"), "{message}");
}

#[test]
fn deleting_an_already_removed_metric_is_breaking_too() {
    let removed = metric(ACTION).replace(
        "status: active",
        &format!("status: active\nmilestone_removed: '17.2'\nremoved_by_url: {REMOVAL_URL}"),
    );
    let removed = removed.replace("status: active", "status: removed");
    let repo = GitRepo::with_base(&[(event_path(ACTION), event(ACTION)), (metric_path(ACTION), removed)]);
    repo.remove(&metric_path(ACTION));
    assert_eq!(breaking_findings(&repo), [("breaking-metric-deleted".to_owned(), metric_path(ACTION), 1)]);
}

#[test]
fn marking_a_metric_removed_properly_is_fine() {
    let repo = base_repo();
    let text = metric(ACTION).replace(
        "status: active",
        &format!("status: removed\nmilestone_removed: '17.2'\nremoved_by_url: {REMOVAL_URL}"),
    );
    repo.write(&metric_path(ACTION), &text);
    assert_eq!(breaking_findings(&repo), []);
}

#[test]
fn marking_a_metric_removed_needs_url_and_milestone() {
    let repo = base_repo();
    let text = metric(ACTION).replace("status: active", "status: removed\nmilestone_removed: '17.2'");
    repo.write(&metric_path(ACTION), &text);
    assert_eq!(
        breaking_findings(&repo),
        [("breaking-removed-incomplete".to_owned(), metric_path(ACTION), line_of(&text, "status:"))]
    );
    let message = &messages(&repo)[0];
    assert!(message.contains("`removed_by_url`") && !message.contains("`milestone_removed`"), "{message}");
}

#[test]
fn moving_a_metric_file_keeps_its_identity() {
    // Committed: git sees the rename.
    let repo = base_repo();
    repo.branch("feature");
    let moved = "config/metrics/counts_all/pipeline_editor_opens.yml";
    repo.git(&["mv", &metric_path(ACTION), moved]);
    repo.commit("move");
    assert_eq!(breaking_findings(&repo), []);

    // Work tree only: the untracked file is matched by its key path.
    let repo = base_repo();
    repo.rename(&metric_path(ACTION), moved);
    assert_eq!(breaking_findings(&repo), []);

    // ...and a moved file whose key path changed is still compared with its old self.
    let repo = base_repo();
    repo.branch("feature");
    repo.git(&["mv", &metric_path(ACTION), moved]);
    let text = repo.read(moved).replace("value_type: number", "value_type: boolean");
    repo.write(moved, &text);
    repo.commit("move and change");
    assert_eq!(
        breaking_findings(&repo),
        [("breaking-metric-changed".to_owned(), moved.to_owned(), line_of(&text, "value_type:"))]
    );
}

#[test]
fn renaming_an_event_a_metric_counts_is_breaking() {
    let repo = base_repo();
    let renamed = "open_ci_editor";
    let text = event(renamed);
    repo.remove(&event_path(ACTION));
    repo.write(&event_path(renamed), &text);
    repo.git(&["add", "-A"]);
    assert_eq!(
        breaking_findings(&repo),
        [("breaking-event-renamed".to_owned(), event_path(renamed), line_of(&text, "action:"))]
    );
    assert_eq!(related_paths(&repo), [[metric_path(ACTION)]], "points at the metric that counts it");

    // Same file, new action (GitLab asks for the file to be renamed, but the rule holds either way).
    let repo = base_repo();
    repo.write(&event_path(ACTION), &event(renamed));
    assert_eq!(
        breaking_findings(&repo),
        [("breaking-event-renamed".to_owned(), event_path(ACTION), line_of(&text, "action:"))]
    );
}

#[test]
fn renaming_an_event_no_metric_counts_is_fine() {
    let repo = base_repo();
    repo.remove(&event_path(OTHER));
    repo.write(&event_path("close_ci_editor"), &event("close_ci_editor"));
    repo.git(&["add", "-A"]);
    assert_eq!(breaking_findings(&repo), []);
}

#[test]
fn renaming_an_event_only_removed_metrics_count_is_fine() {
    let removed = metric(ACTION).replace(
        "status: active",
        &format!("status: removed\nmilestone_removed: '17.2'\nremoved_by_url: {REMOVAL_URL}"),
    );
    let repo = GitRepo::with_base(&[(event_path(ACTION), event(ACTION)), (metric_path(ACTION), removed)]);
    repo.remove(&event_path(ACTION));
    repo.write(&event_path("open_ci_editor"), &event("open_ci_editor"));
    assert_eq!(breaking_findings(&repo), []);
}

#[test]
fn deleting_an_event_a_metric_counts_is_breaking() {
    let repo = base_repo();
    repo.remove(&event_path(ACTION));
    assert_eq!(breaking_findings(&repo), [("breaking-event-deleted".to_owned(), event_path(ACTION), 1)]);
    let message = &messages(&repo)[0];
    assert!(message.contains("(it exists at main)"), "{message}");
    assert_eq!(related_paths(&repo), [[metric_path(ACTION)]], "points at the metric that counts it");
}

#[test]
fn deleting_an_event_no_metric_counts_is_fine() {
    let repo = base_repo();
    repo.remove(&event_path(OTHER));
    assert_eq!(breaking_findings(&repo), []);
}

#[test]
fn moving_an_event_to_removed_needs_the_status() {
    let removed_path = format!("config/events/removed/{OTHER}.yml");
    let repo = base_repo();
    repo.branch("feature");
    repo.rename(&event_path(OTHER), &removed_path);
    repo.commit("remove event");
    let findings = breaking_findings(&repo);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        (findings[0].0.as_str(), findings[0].1.as_str()),
        ("breaking-event-moved-without-status", &*removed_path)
    );
}

#[test]
fn removing_an_event_by_the_procedure_is_fine() {
    let removed_path = format!("config/events/removed/{OTHER}.yml");
    let repo = base_repo();
    repo.rename(&event_path(OTHER), &removed_path);
    let text = repo.read(&removed_path).replace(
        "milestone: '17.0'",
        &format!("status: removed\nmilestone: '17.0'\nmilestone_removed: '17.2'\nremoved_by_url: {REMOVAL_URL}"),
    );
    repo.write(&removed_path, &text);
    assert_eq!(breaking_findings(&repo), []);
}

#[test]
fn marking_an_event_removed_needs_url_and_milestone() {
    let removed_path = format!("config/events/removed/{OTHER}.yml");
    let repo = base_repo();
    repo.rename(&event_path(OTHER), &removed_path);
    let text = repo.read(&removed_path).replace("milestone: '17.0'", "status: removed\nmilestone: '17.0'");
    repo.write(&removed_path, &text);
    assert_eq!(
        breaking_findings(&repo),
        [("breaking-removed-incomplete".to_owned(), removed_path.clone(), line_of(&text, "status:"))]
    );
}

#[test]
fn performance_indicator_changes_need_the_data_teams() {
    let repo = base_repo();
    let text = metric(ACTION).replace("performance_indicator_type: []", "performance_indicator_type:\n- gmau");
    repo.write(&metric_path(ACTION), &text);
    let (code, diagnostics) = validate_json(repo.path(), &["--base", "main"]);
    let found = breaking(&diagnostics);
    assert_eq!(
        summary(&found),
        [(
            "breaking-performance-indicator".to_owned(),
            metric_path(ACTION),
            line_of(&text, "performance_indicator_type:")
        )]
    );
    assert_eq!(found[0]["severity"], "warning");
    let message = found[0]["message"].as_str().unwrap_or_default();
    for team in ["@csops-team", "@gitlab-data/analytics-engineers", "@gitlab-data/product-analysts"] {
        assert!(message.contains(team), "mentions {team}: {message}");
    }
    // A warning alone does not fail the job unless asked to.
    assert!(diagnostics.iter().all(|d| d["severity"] != "error") == (code == 0), "exit {code}");
}

#[test]
fn unchanged_performance_indicator_needs_nobody() {
    let with_pi = metric(ACTION).replace("performance_indicator_type: []", "performance_indicator_type:\n- gmau");
    let repo = GitRepo::with_base(&[(event_path(ACTION), event(ACTION)), (metric_path(ACTION), with_pi.clone())]);
    repo.write(&metric_path(ACTION), &with_pi.replace("description: Count of times", "description: Number of times"));
    assert_eq!(breaking_findings(&repo), []);
}

#[test]
fn committed_branch_changes_are_compared_with_the_merge_base() {
    // main moves on after the branch started: only the branch's own changes count.
    let repo = base_repo();
    repo.branch("feature");
    repo.git(&["checkout", "-q", "main"]);
    repo.remove(&event_path(OTHER));
    repo.commit("main deletes an event");
    repo.git(&["checkout", "-q", "feature"]);
    let text = metric(ACTION).replace("value_type: number", "value_type: string");
    repo.write(&metric_path(ACTION), &text);
    repo.commit("feature changes a metric");
    assert_eq!(
        breaking_findings(&repo),
        [("breaking-metric-changed".to_owned(), metric_path(ACTION), line_of(&text, "value_type:"))]
    );
}

#[test]
fn findings_make_the_exit_code_one() {
    let repo = base_repo();
    repo.remove(&metric_path(ACTION));
    let out = eventdef(repo.path(), &["validate", "--base", "main"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("breaking-metric-deleted"), "{stdout}");
}

#[test]
fn not_a_git_repository_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("config/events")).expect("mkdir");
    std::fs::write(dir.path().join(event_path(ACTION)), event(ACTION)).expect("write");
    let out = support::ci::git_command(dir.path()).arg("--version").output().expect("git");
    assert!(out.status.success());
    let out = eventdef_outside_git(dir.path(), &["validate", "--base", "origin/main"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not inside a git work tree"), "{stderr}");
}

#[test]
fn unknown_base_revision_is_a_usage_error() {
    let repo = base_repo();
    let out = eventdef(repo.path(), &["validate", "--base", "origin/nope"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("origin/nope") && stderr.contains("git fetch origin nope"), "{stderr}");
}

#[test]
fn shallow_clone_without_the_base_explains_how_to_fetch_it() {
    let origin = base_repo();
    origin.branch("feature");
    origin.write(&metric_path(ACTION), &metric(ACTION).replace("value_type: number", "value_type: string"));
    origin.commit("feature 1");
    origin.write(&event_path("third_event"), &event("third_event"));
    origin.commit("feature 2");
    let url = format!("file://{}", origin.path().display());
    let parent = tempfile::tempdir().expect("temp dir");

    // Only the branch tip: origin/main was never fetched.
    git_in(parent.path(), &["clone", "-q", "--depth", "1", "--branch", "feature", &url, "tip"]);
    let clone = parent.path().join("tip");
    let out = eventdef(&clone, &["validate", "--base", "origin/main"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("shallow"), "{stderr}");
    assert!(stderr.contains("git fetch --deepen=200 origin main"), "{stderr}");
    assert!(stderr.contains("git fetch --unshallow"), "{stderr}");

    // Both tips, but not the commit where they meet.
    git_in(parent.path(), &["clone", "-q", "--depth", "1", "--no-single-branch", "--branch", "feature", &url, "tips"]);
    let clone = parent.path().join("tips");
    let out = eventdef(&clone, &["validate", "--base", "origin/main"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no common ancestor") && stderr.contains("--unshallow"), "{stderr}");

    // After following the advice, the comparison runs.
    git_in(&clone, &["fetch", "-q", "--unshallow", "origin"]);
    let (code, diagnostics) = validate_json(&clone, &["--base", "origin/main"]);
    assert_eq!(summary(&breaking(&diagnostics)).len(), 1, "{diagnostics:?}");
    assert_eq!(code, 1);
}
