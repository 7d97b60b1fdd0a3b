//! `eventdef issue`: GitLab's "Usage Data Instrumentation" issue filled in from definitions.

use crate::support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use support::check_golden;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/render")
}

const OBJECTIVE: &str = "Learn how many engineers define events with the CLI, and how long it takes them.";

fn eventdef(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("eventdef").unwrap();
    cmd.arg("--root").arg(root);
    cmd
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

const EXISTING: [&str; 10] = [
    "--event",
    "internal_events_cli_used",
    "--event",
    "internal_events_cli_closed",
    "--metric",
    "redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used",
    "--metric",
    "counts.count_total_metric_definitions_created_with_cli_monthly",
    "--metric",
    "sums.sum_value_from_internal_events_cli_used",
];

#[test]
fn issue_from_existing_definitions() {
    let text = run_ok(eventdef(&fixtures().join("full")).arg("issue").args(EXISTING).args(["--objective", OBJECTIVE]));
    check_golden(&fixtures().join("full/expected/issue.md"), &text);
}

#[test]
fn issue_from_a_plan_matches_the_existing_definitions() {
    let root = fixtures().join("issue_plan");
    let text = run_ok(eventdef(&root).arg("issue").arg(root.join("plan.yml")).args(["--objective", OBJECTIVE]));
    assert_eq!(text, std::fs::read_to_string(fixtures().join("full/expected/issue.md")).unwrap());
}

#[test]
fn issue_without_definitions_keeps_gitlabs_empty_rows() {
    let text = run_ok(eventdef(&fixtures().join("bare")).arg("issue"));
    check_golden(&fixtures().join("bare/expected/issue.md"), &text);
    assert!(text.contains("| Event Description | Event Name | Additional Properties | Feature|\n|-------------------|------------|-----------------------|--------|\n|  |  |  | |\n"));
    assert!(text.ends_with("/label ~\"analytics instrumentation\"\n"));
}

#[test]
fn a_metric_can_be_named_by_an_effective_key_path() {
    let text = run_ok(eventdef(&fixtures().join("full")).args([
        "issue",
        "--metric",
        "redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_weekly",
    ]));
    assert!(text.contains("Count of unique users who defined an internal event using the CLI<br>`redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_monthly`"), "{text}");
}

#[test]
fn unknown_metric_is_a_usage_error_with_close_matches() {
    let out = eventdef(&fixtures().join("full"))
        .args(["issue", "--metric", "sums.sum_value_from_internal_events_cli_use"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no metric with key path `sums.sum_value_from_internal_events_cli_use`"), "{stderr}");
    assert!(stderr.contains("did you mean: sums.sum_value_from_internal_events_cli_used"), "{stderr}");
}

#[test]
fn output_file_is_written_and_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("issue.md");
    let root = fixtures().join("full");

    let out =
        eventdef(&root).args(["issue", "--event", "internal_events_cli_used", "--output"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let first = std::fs::read_to_string(&file).unwrap();
    assert!(first.contains("| `internal_events_cli_used` |"));

    std::fs::write(&file, "my notes").unwrap();
    let out = eventdef(&root)
        .args(["issue", "--event", "internal_events_cli_closed", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my notes", "refused write must leave the file alone");

    let out = eventdef(&root)
        .args(["issue", "--event", "internal_events_cli_closed", "--force", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(std::fs::read_to_string(&file).unwrap().contains("| `internal_events_cli_closed` |"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, [std::ffi::OsString::from("issue.md")], "no temporary files left behind");
}

#[test]
fn plan_problems_are_reported_with_the_plan_file() {
    // Until the writer branch lands, resolving any plan fails; either way the message names the
    // plan file and the exit code is 2.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yml");
    std::fs::write(
        &plan,
        "events:\n  - action: x\n    description: y\n    product_group: g\n    tiers: [free]\n    unknown_key: 1\n",
    )
    .unwrap();
    let out = eventdef(&fixtures().join("full")).arg("issue").arg(&plan).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("plan.yml"), "{stderr}");
}
