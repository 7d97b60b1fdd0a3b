//! `eventdef apply` end to end: what it refuses (and that a refusal writes nothing), dry runs,
//! exit codes, and all-or-nothing writing.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;

const USED_EVENT: &str = "---
description: Engineer uses Internal Event CLI to define a new event
internal_events: true
status: active
action: internal_events_cli_used
identifiers:
- project
- namespace
- user
additional_properties:
  label:
    description: TODO
  value:
    description: Time the CLI ran before closing (seconds)
product_group: analytics_instrumentation
product_categories:
- service_ping
milestone: '16.6'
introduced_by_url: TODO
tiers:
- free
- premium
- ultimate
";

const USERS_METRIC: &str = "---
key_path: redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used
description: Count of unique users who defined an internal event using the CLI
product_group: analytics_instrumentation
product_categories:
- service_ping
performance_indicator_type: []
value_type: number
status: active
milestone: '16.6'
introduced_by_url: TODO
time_frame:
- 28d
- 7d
data_source: internal_events
data_category: optional
tiers:
- free
- premium
- ultimate
events:
- name: internal_events_cli_used
  unique: user.id
";

/// A repository with one event (and optionally a metric), plus the plan file.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = Repo { dir };
        repo.write("config/events/internal_events_cli_used.yml", USED_EVENT);
        repo.write("VERSION", "16.6.0-pre\n");
        repo
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("repo")
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    fn tree(&self) -> BTreeMap<String, Option<Vec<u8>>> {
        let mut out = BTreeMap::new();
        for entry in walkdir::WalkDir::new(self.root()).min_depth(1) {
            let entry = entry.expect("walk");
            let rel = entry.path().strip_prefix(self.root()).expect("inside").to_string_lossy().into_owned();
            out.insert(rel, entry.file_type().is_file().then(|| fs::read(entry.path()).expect("read")));
        }
        out
    }

    fn apply(&self, plan: &str, args: &[&str]) -> (i32, String, String) {
        let plan_path = self.dir.path().join("plan.yml");
        fs::write(&plan_path, plan).expect("plan");
        let out = Command::cargo_bin("eventdef")
            .expect("binary")
            .current_dir(self.dir.path())
            .arg("--root")
            .arg(self.root())
            .arg("apply")
            .arg("plan.yml")
            .args(args)
            .output()
            .expect("run");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Apply a plan that must be refused with `needle` in the message, and write nothing.
    fn refused(&self, plan: &str, needle: &str) -> String {
        let before = self.tree();
        let (code, stdout, stderr) = self.apply(plan, &[]);
        assert_eq!(code, 1, "expected a refusal\nstdout:\n{stdout}\nstderr:\n{stderr}");
        assert!(stderr.contains(needle), "expected {needle:?} in:\n{stderr}");
        assert!(stderr.contains("nothing written"), "{stderr}");
        assert_eq!(self.tree(), before, "a refused plan must not touch the repository");
        stderr
    }
}

const EVENT_ENTRY: &str = "
  description: Something happens
  identifiers: [user]
  product_group: analytics_instrumentation
  product_categories: [service_ping]
";

#[test]
fn refuses_an_action_that_exists_in_the_other_edition() {
    let repo = Repo::new();
    let plan = format!("events:\n- action: internal_events_cli_used{EVENT_ENTRY}  tiers: [premium, ultimate]\n");
    repo.refused(&plan, "events[0].action: an event `internal_events_cli_used` already exists in config/events/internal_events_cli_used.yml");
}

#[test]
fn refuses_an_action_twice_in_one_plan() {
    let repo = Repo::new();
    let plan = format!(
        "events:\n- action: new_thing{EVENT_ENTRY}  tiers: [free]\n- action: new_thing{EVENT_ENTRY}  tiers: [ultimate]\n"
    );
    repo.refused(&plan, "events[1].action: `new_thing` is already defined by events[0] of this plan");
}

#[test]
fn refuses_to_overwrite_without_force() {
    let repo = Repo::new();
    let plan = format!("events:\n- action: internal_events_cli_used{EVENT_ENTRY}  tiers: [free]\n");
    repo.refused(&plan, "config/events/internal_events_cli_used.yml already exists: this entry would replace the event `internal_events_cli_used` defined there");
    let (code, stdout, stderr) = repo.apply(&plan, &["--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("overwrote config/events/internal_events_cli_used.yml"), "{stdout}");
}

#[test]
fn refuses_a_taken_key_path() {
    let repo = Repo::new();
    // A metric under a legacy file name holds the key path the generator would choose.
    repo.write("config/metrics/counts_all/20240101000000_users.yml", USERS_METRIC);
    repo.refused(
        "metrics:\n- events: [internal_events_cli_used]\n  count: unique\n  unique_by: user\n  description: Count of unique users\n  tiers: [premium, ultimate]\n",
        "metrics[0].name: a `name` is required: the default key path `redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_monthly` is already used by config/metrics/counts_all/20240101000000_users.yml",
    );
    // A name that lands on the taken key path.
    let stderr = repo.refused(
        "metrics:\n- events: [internal_events_cli_used]\n  count: unique\n  unique_by: user\n  name: internal_events_cli_used\n  description: Count of unique users\n",
        "metrics[0].name: the key path `redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_monthly` is already used by",
    );
    assert!(stderr.contains("metrics[0].time_frames: already defined: 28d"), "{stderr}");
}

#[test]
fn refuses_two_plan_metrics_with_one_key_path() {
    let repo = Repo::new();
    let metric = "- events: [internal_events_cli_used]\n  count: total\n  description: Count of uses\n";
    repo.refused(&format!("metrics:\n{metric}{metric}"), "is already used by metrics[0] of this plan");
}

#[test]
fn refuses_unknown_events() {
    let repo = Repo::new();
    repo.refused(
        "metrics:\n- events: [internal_events_cli_usd]\n  count: total\n  description: Count of uses\n",
        "metrics[0].events[0]: there is no event `internal_events_cli_usd` in the repository or in this plan's events",
    );
}

#[test]
fn counts_events_of_the_same_plan() {
    let repo = Repo::new();
    let plan = format!(
        "events:\n- action: new_thing{EVENT_ENTRY}  tiers: [free]\nmetrics:\n- events: [new_thing]\n  count: unique\n  unique_by: user\n  description: Count of unique users who do the new thing\n"
    );
    let (code, stdout, stderr) = repo.apply(&plan, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("created config/metrics/counts_all/count_distinct_user_id_from_new_thing.yml"), "{stdout}");
}

#[test]
fn refuses_invalid_names() {
    let repo = Repo::new();
    let stderr = repo.refused(
        "metrics:\n- events: [{name: internal_events_cli_used, filter: {label: x}}]\n  count: total\n  name: Bad-Name\n  description: Count\n",
        "plan.yml:4:9: `name`: `Bad-Name` does not match ^[a-z0-9_]+$",
    );
    assert!(!stderr.contains("metrics[0]"), "schema problems come first: {stderr}");
    let long = "x".repeat(90);
    repo.refused(
        &format!("metrics:\n- events: [{{name: internal_events_cli_used, filter: {{label: x}}}}]\n  count: total\n  name: {long}\n  description: Count\n"),
        "metrics[0].name: `xxxx",
    );
    // Filtered metrics need a name.
    repo.refused(
        "metrics:\n- events: [{name: internal_events_cli_used, filter: {label: x}}]\n  count: total\n  description: Count\n",
        "metrics[0].name: a `name` is required: metrics using filters are too complex for default naming",
    );
}

#[test]
fn refuses_candidates_the_generator_does_not_offer() {
    let repo = Repo::new();
    repo.write(
        "config/events/no_user.yml",
        &USED_EVENT.replace("internal_events_cli_used", "no_user").replace("- user\n", ""),
    );
    repo.refused(
        "metrics:\n- events: [internal_events_cli_used, no_user]\n  count: unique\n  unique_by: user\n  description: Count\n",
        "metrics[0].unique_by: every event must have the `user` identifier for this metric; `no_user` does not",
    );
    repo.refused(
        "metrics:\n- events: [internal_events_cli_used]\n  count: unique\n  unique_by: property\n  description: Count\n",
        "every event must have the `property` property",
    );
    repo.refused(
        "metrics:\n- events: [internal_events_cli_used]\n  count: unique\n  unique_by: user\n  time_frames: [28d, all]\n  description: Count\n",
        "metrics[0].time_frames: unique counts cannot cover `all` time",
    );
    repo.refused(
        "metrics:\n- events: [{name: internal_events_cli_used, filter: {value: [1, 'x']}}]\n  count: total\n  name: n\n  description: Count\n",
        "metrics[0].events[0].filter.value: `value` filters are whole numbers; `x` is not",
    );
    repo.refused(
        "metrics:\n- events: [{name: internal_events_cli_used, filter: {value: 3}}]\n  count: sum\n  name: n\n  description: Count\n",
        "`value` is what this metric counts; it cannot also be a filter",
    );
    repo.refused(
        "events:\n- action: odd\n  description: d\n  identifiers: [project, user]\n  additional_properties:\n    label: {description: TODO}\n    extra: {description: x}\n  product_group: analytics_instrumentation\n  tiers: [free]\n",
        "events[0].identifiers: [project, user] is not one of the generator's combinations",
    );
}

#[test]
fn custom_properties_may_stand_alone() {
    // GitLab's current schema accepts them without `label`/`property`/`value` (`create_pat`).
    let repo = Repo::new();
    let (code, stdout, stderr) = repo.apply(
        "events:\n- action: odd_thing\n  description: A user does an odd thing on the project settings page\n  identifiers: [project, namespace, user]\n  additional_properties:\n    extra: {description: What is odd}\n  product_group: analytics_instrumentation\n  tiers: [free]\n",
        &[],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let written = fs::read_to_string(repo.root().join("config/events/odd_thing.yml")).expect("written");
    assert!(written.contains("additional_properties:\n  extra:\n    description: What is odd\n"), "{written}");
}

#[test]
fn refuses_what_the_validator_rejects() {
    // GitLab's event schema requires `introduced_by_url` to be a URI; the generator does not
    // check what is typed. Once the schema rules are in the validator, apply refuses it.
    let repo = Repo::new();
    repo.refused(
        &format!("events:\n- action: new_thing{EVENT_ENTRY}  introduced_by_url: not a url\n  tiers: [free]\n"),
        "events[0]: config/events/new_thing.yml:",
    );
}

#[test]
fn plan_errors_point_at_the_plan_and_missing_files_are_usage_errors() {
    let repo = Repo::new();
    repo.refused("metrics:\n- events: [a]\n  count: many\n  description: x\n", "plan.yml:3:10: `count`");
    repo.refused("events: [\n", "plan.yml:");
    let out = Command::cargo_bin("eventdef")
        .expect("binary")
        .arg("--root")
        .arg(repo.root())
        .args(["apply", "does-not-exist.yml"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn dry_run_shows_contents_and_writes_nothing() {
    let repo = Repo::new();
    let before = repo.tree();
    let (code, stdout, stderr) = repo.apply(
        "metrics:\n- events: [internal_events_cli_used]\n  count: sum\n  description: Sum of all time spent using CLI\n",
        &["--dry-run"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("would create config/metrics/counts_all/sum_value_from_internal_events_cli_used.yml"),
        "{stdout}"
    );
    assert!(stdout.contains("    key_path: sums.sum_value_from_internal_events_cli_used\n"), "{stdout}");
    assert!(stdout.contains("    milestone: '16.6'\n"), "milestone from VERSION: {stdout}");
    assert_eq!(repo.tree(), before);
}

#[test]
fn milestone_comes_from_the_plan_before_the_flag_and_version() {
    let repo = Repo::new();
    let plan = "milestone: '17.1'\nmetrics:\n- events: [internal_events_cli_used]\n  count: total\n  description: Count of uses\n";
    let (code, stdout, _) = repo.apply(plan, &["--dry-run", "--milestone", "17.0"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("milestone: '17.1'"), "{stdout}");
    let plan = "metrics:\n- events: [internal_events_cli_used]\n  count: total\n  description: Count of uses\n";
    let (_, stdout, _) = repo.apply(plan, &["--dry-run", "--milestone", "17.0"]);
    assert!(stdout.contains("milestone: '17.0'"), "{stdout}");
}

#[test]
fn all_or_nothing_when_a_folder_is_blocked() {
    let repo = Repo::new();
    // The metric's folder cannot be created: `config/metrics` is a regular file.
    repo.write("config/metrics", "not a folder\n");
    let before = repo.tree();
    let plan = format!(
        "events:\n- action: new_thing{EVENT_ENTRY}  tiers: [premium, ultimate]\nmetrics:\n- events: [internal_events_cli_used]\n  count: total\n  description: Count of uses\n"
    );
    let (code, stdout, stderr) = repo.apply(&plan, &[]);
    assert_eq!(code, 2, "an IO failure\nstdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains("config/metrics"), "{stderr}");
    assert_eq!(repo.tree(), before, "the first file (and its new ee/ folders) must be rolled back");
    assert!(!repo.root().join("ee").exists());
}

#[test]
fn the_first_definition_of_a_repository_needs_no_root() {
    // An empty folder: `apply` (like the wizard) starts the repository there; `validate`
    // keeps the strict discovery and says where it looked.
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = format!("milestone: \"17.0\"\nevents:\n- action: first_thing{EVENT_ENTRY}  tiers: [free]\n");
    fs::write(dir.path().join("plan.yml"), plan).expect("plan");
    let run = |args: &[&str]| {
        Command::cargo_bin("eventdef").expect("binary").current_dir(dir.path()).args(args).output().expect("run")
    };
    let out = run(&["apply", "plan.yml"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("config/events/first_thing.yml").is_file());

    let empty = tempfile::tempdir().expect("tempdir");
    let out = Command::cargo_bin("eventdef").expect("binary").current_dir(empty.path()).arg("validate").output();
    let out = out.expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no repository found"), "{out:?}");
}
