//! Per-rule fixtures: `fixtures/rules/<rule-id>/{fail,pass}/` are minimal repositories. For each
//! case the built binary runs `eventdef validate --root <case> --color never` (`eventdef scan`
//! for the `code` rules, whose cases hold code too) and its stdout must
//! equal `<case>/expected.txt`, the reviewed snapshot. `SNAPSHOTS=overwrite cargo test --test it
//! rule_fixtures` (re)writes the snapshots instead; review the diff before committing.
//!
//! A `fail` case must report its folder's rule, a `pass` case must not, and every rule of the
//! catalog has both. Extra cases may be named `fail-<what>` / `pass-<what>`. A case with a
//! `base/` folder (the definitions at a base revision) is checked with `--base` in a temporary
//! git repository whose `main` holds `base/`.
//!
//! Cases git cannot store are made in a temporary folder by the tests at the end of this file:
//! an unreadable file (permissions), a symbolic link loop and a dangling link, and a file over
//! `--max-file-size`. (Invalid UTF-8 is committed as bytes in `io-unreadable/fail`.)

use crate::support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_eventdef");

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

fn validate(root: &Path, extra: &[&str]) -> Output {
    run(validate_command(root, extra))
}

fn validate_command(root: &Path, extra: &[&str]) -> Command {
    command("validate", root, extra)
}

/// `eventdef COMMAND --root ROOT --color never ...`: `validate`, or `scan` for the `code` rules.
fn command(name: &str, root: &Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg(name).arg("--root").arg(root).args(["--color", "never"]).args(extra);
    // The output must not depend on the caller's environment.
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

fn run(mut cmd: Command) -> Output {
    match cmd.output() {
        Ok(output) => output,
        Err(e) => panic!("cannot run {BIN}: {e}"),
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Rule ids reported in human output: `error[rule-id]: ...`.
fn reported_rules(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("error[").or_else(|| line.strip_prefix("warning["))?;
            rest.split_once("]: ").map(|(id, _)| id)
        })
        .collect()
}

/// Every case folder: rule id → case names.
fn cases() -> BTreeMap<String, Vec<String>> {
    let mut all = BTreeMap::new();
    let rules = std::fs::read_dir(fixtures()).unwrap_or_else(|e| panic!("fixtures/rules: {e}"));
    for rule in rules.flatten().filter(|e| e.path().is_dir()) {
        let mut names: Vec<String> = std::fs::read_dir(rule.path())
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        all.insert(rule.file_name().to_string_lossy().into_owned(), names);
    }
    all
}

#[test]
fn every_case_matches_its_snapshot() {
    let mut failures = Vec::new();
    for (rule, names) in cases() {
        for name in names {
            let case = fixtures().join(&rule).join(&name);
            let label = format!("fixtures/rules/{rule}/{name}");
            if !(name == "fail" || name == "pass" || name.starts_with("fail-") || name.starts_with("pass-")) {
                failures.push(format!("{label}: a case folder is named fail, pass, fail-<what> or pass-<what>"));
                continue;
            }
            let scans =
                eventdef::rules::rule(&rule).is_some_and(|r| r.category == eventdef::diagnostics::Category::Code);
            let output = if case.join("base").is_dir() {
                validate_against_base(&case)
            } else {
                run(command(if scans { "scan" } else { "validate" }, &case, &[]))
            };
            let actual = stdout(&output);
            match output.status.code() {
                Some(0 | 1) => {}
                other => failures
                    .push(format!("{label}: exit code {other:?}, stderr: {}", String::from_utf8_lossy(&output.stderr))),
            }
            let reported = reported_rules(&actual);
            if name.starts_with("fail") && !reported.contains(&rule.as_str()) {
                failures.push(format!("{label}: a fail case must report `{rule}`; it reported {reported:?}"));
            }
            if name.starts_with("pass") && reported.contains(&rule.as_str()) {
                failures.push(format!("{label}: a pass case must not report `{rule}`"));
            }
            if let Some(difference) = support::golden_mismatch(&case.join("expected.txt"), &actual) {
                failures.push(format!("{label}: {difference}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} problem(s):\n\n{}", failures.len(), failures.join("\n\n"));
}

/// A case with a `base/` folder is about a change since a base revision: `base/` is committed as
/// `main`, then replaced by the case's own files (staged, so git sees renames), and the case is
/// checked with `--base main`.
fn validate_against_base(case: &Path) -> Output {
    let repo = support::ci::GitRepo::new();
    support::copy_tree(&case.join("base"), repo.path());
    repo.commit("base");
    for entry in std::fs::read_dir(repo.path()).expect("list").flatten() {
        if entry.file_name() != ".git" {
            std::fs::remove_dir_all(entry.path()).or_else(|_| std::fs::remove_file(entry.path())).expect("clear");
        }
    }
    support::copy_tree(case, repo.path());
    std::fs::remove_dir_all(repo.path().join("base")).expect("remove base");
    let _ = std::fs::remove_file(repo.path().join("expected.txt"));
    repo.git(&["add", "-A"]);
    let mut cmd = validate_command(repo.path(), &["--base", "main"]);
    cmd.env("GIT_CONFIG_NOSYSTEM", "1").env("GIT_CONFIG_GLOBAL", "/dev/null");
    run(cmd)
}

#[test]
fn every_rule_has_a_failing_and_a_passing_case() {
    let cases = cases();
    let mut missing = Vec::new();
    // `breaking` rules compare with git history, which a fixture folder cannot hold; their failing
    // and passing cases are temporary git repositories in tests/ci_breaking.rs.
    let catalog = eventdef::rules::catalog();
    for rule in catalog.iter().filter(|r| r.category != eventdef::diagnostics::Category::Breaking) {
        for kind in ["fail", "pass"] {
            if !cases.get(rule.id).is_some_and(|names| names.iter().any(|n| n == kind)) {
                missing.push(format!("fixtures/rules/{}/{kind}/", rule.id));
            }
        }
    }
    let unknown: Vec<&String> = cases.keys().filter(|id| eventdef::rules::rule(id).is_none()).collect();
    assert!(missing.is_empty(), "rules without a case: {missing:#?}");
    assert!(unknown.is_empty(), "case folders for rules that are not in the catalog: {unknown:#?}");
}

// ---- cases git cannot store ----

const EVENT: &str = "---
description: Engineer applies a suggested change from the merge request diff view
internal_events: true
action: apply_suggestion_in_merge_request
identifiers:
- project
- namespace
- user
product_group: code_review
product_categories:
- code_review_workflow
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
";

fn temp_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let events = dir.path().join("config/events");
    std::fs::create_dir_all(&events).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::write(events.join("apply_suggestion_in_merge_request.yml"), EVENT)
        .unwrap_or_else(|e| panic!("write: {e}"));
    dir
}

#[test]
fn generated_file_over_the_size_limit() {
    let repo = temp_repo();
    let output = validate(repo.path(), &["--max-file-size", "100"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1));
    let expected = format!(
        "error[io-unreadable]: file is {} bytes, larger than the 100-byte limit (--max-file-size)\n --> config/events/apply_suggestion_in_merge_request.yml:1:1\n  = help: ",
        EVENT.len()
    );
    assert!(text.starts_with(&expected), "{text}");
}

#[cfg(unix)]
#[test]
fn generated_symlink_loop_and_dangling_link() {
    let repo = temp_repo();
    let events = repo.path().join("config/events");
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, events.join(name)).unwrap_or_else(|e| panic!("symlink: {e}"))
    };
    link(&events, "loop");
    link(&repo.path().join("missing.yml"), "dangling.yml");
    let output = validate(repo.path(), &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text.contains("error[io-unreadable]: dangling symbolic link: its target does not exist\n --> config/events/dangling.yml:1:1\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "error[io-unreadable]: symbolic link loop: the link points back to a folder that contains it\n --> config/events/loop:1:1\n"
        ),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn generated_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let repo = temp_repo();
    let file = repo.path().join("config/events/apply_suggestion_in_merge_request.yml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap_or_else(|e| panic!("chmod: {e}"));
    let mut cmd = validate_command(repo.path(), &[]);
    if !support::run_unprivileged(&mut cmd, repo.path()) {
        assert!(std::fs::read(&file).is_err(), "a mode-000 file is unreadable to a user who is not root");
    }
    let output = run(cmd);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text.starts_with("error[io-unreadable]: ")
            && text.contains(" --> config/events/apply_suggestion_in_merge_request.yml:1:1\n"),
        "{text}"
    );
    assert!(!text.contains("  |\n"), "no source snippet for a file without text: {text}");
}
