//! Golden files for `eventdef usage`: every target (and `all`) for three events, each in a
//! small repository under `fixtures/render/<case>/`, compared byte for byte with
//! `fixtures/render/<case>/expected/usage-<target>.txt`. Run with `SNAPSHOTS=overwrite` to rewrite
//! the expected files, then review the diff like code.

use crate::support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use support::check_golden;

const TARGETS: [&str; 10] = ["rails", "rspec", "vue", "js", "vue-template", "haml", "gdk", "tableau", "sql", "all"];

/// (case folder, action): (a) identifiers, built-in and custom properties, unique, total,
/// filtered and sum metrics; (b) no identifiers, no properties, no metrics; (c) properties
/// but no identifiers.
const CASES: [(&str, &str); 3] = [
    ("full", "internal_events_cli_used"),
    ("bare", "internal_events_cli_opened"),
    ("properties_only", "internal_events_cli_used"),
];

fn case_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/render").join(case)
}

fn usage_output(case: &str, action: &str, target: &str) -> String {
    let dir = case_dir(case);
    let mut cmd = Command::cargo_bin("eventdef").unwrap();
    cmd.arg("--root").arg(&dir).args(["usage", action, "--target", target]);
    let stages = dir.join("stages.yml");
    if stages.is_file() {
        cmd.arg("--stages").arg(stages);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{case}/{target}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_target_matches_its_golden_file() {
    for (case, action) in CASES {
        for target in TARGETS {
            let actual = usage_output(case, action, target);
            check_golden(&case_dir(case).join(format!("expected/usage-{target}.txt")), &actual);
        }
    }
}

#[test]
fn all_is_every_target_in_menu_order() {
    for (case, action) in CASES {
        let all = usage_output(case, action, "all");
        let mut position = 0;
        for target in &TARGETS[..9] {
            let one = usage_output(case, action, target);
            let found = all[position..]
                .find(one.trim_end())
                .unwrap_or_else(|| panic!("{case}: `{target}` missing or out of order in `all`"));
            position += found + one.trim_end().len();
        }
    }
}

#[test]
fn default_target_is_all() {
    let dir = case_dir("bare");
    let out = Command::cargo_bin("eventdef")
        .unwrap()
        .arg("--root")
        .arg(&dir)
        .args(["usage", "internal_events_cli_opened"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), usage_output("bare", "internal_events_cli_opened", "all"));
}

#[test]
fn unknown_action_is_a_usage_error_with_close_matches() {
    let out = Command::cargo_bin("eventdef")
        .unwrap()
        .arg("--root")
        .arg(case_dir("full"))
        .args(["usage", "internal_events_cli_use"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no event `internal_events_cli_use`"), "{stderr}");
    assert!(stderr.contains("did you mean: internal_events_cli_used"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn unknown_target_is_rejected_by_the_parser() {
    let out = Command::cargo_bin("eventdef")
        .unwrap()
        .arg("--root")
        .arg(case_dir("full"))
        .args(["usage", "internal_events_cli_used", "--target", "ruby"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("vue-template"), "{stderr}");
}

#[test]
fn library_usage_renders_what_the_command_prints() {
    use eventdef::render::{self, Templates, UsageTarget};
    use eventdef::repository::{LoadLimits, ReferenceLists, Repository};

    let dir = case_dir("properties_only");
    let repo = Repository::load(&dir, ReferenceLists::built_in(), &LoadLimits::default());
    let event = &repo.event("internal_events_cli_used").unwrap().def;
    let templates = Templates::embedded().unwrap();
    for target in UsageTarget::ALL {
        let text = render::usage(&repo, event, target, &templates).unwrap();
        check_golden(&dir.join(format!("expected/usage-{target}.txt")), &text);
    }
}

#[test]
fn stages_default_to_the_repository_copy_as_in_the_wizard() {
    // The `full` case with its stages file moved to `.eventdef/stages.yml`: no `--stages`
    // needed, the same dashboard links as with it.
    let copy = tempfile::tempdir().unwrap();
    let root = copy.path();
    support::copy_tree(&case_dir("full"), root);
    std::fs::create_dir_all(root.join(".eventdef")).unwrap();
    std::fs::rename(root.join("stages.yml"), root.join(".eventdef/stages.yml")).unwrap();
    let out = Command::cargo_bin("eventdef")
        .unwrap()
        .arg("--root")
        .arg(root)
        .args(["usage", "internal_events_cli_used", "--target", "tableau"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), usage_output("full", "internal_events_cli_used", "tableau"));
}
