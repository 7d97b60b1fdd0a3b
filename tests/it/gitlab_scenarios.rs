//! Conformance with GitLab's generator: every scenario of its keystroke-driven spec
//! (`../shared/gitlab-cli-fixtures`, 36 in all) as a plan, applied through the built binary
//! to a copy of the scenario's starting files, must write GitLab's fixture files byte for
//! byte — and nothing else.
//!
//! Each `fixtures/gitlab-scenarios/<slug>/` holds `plan.yml`, `before/` (the scenario's
//! `inputs.files`), `expected.tsv` (`<written path>\t<fixture path>`), and optionally `args`
//! (extra arguments, one a line) and `expected-exit` (default 0).
//!
//! One documented exception: GitLab's current generator writes `status: active` right after
//! `internal_events: true` in event files, which the (older) event fixtures lack; the test
//! inserts that line into the expected event bytes.

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use support::{copy_tree, crate_dir, file_tree as tree, generator_fixtures, newest_generator_bytes};

fn scenario_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(crate_dir().join("fixtures/gitlab-scenarios"))
        .expect("fixtures/gitlab-scenarios")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn run_scenario(dir: &Path) -> Result<(), String> {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_owned();
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = work.path().join("repo");
    fs::create_dir_all(&root).map_err(|e| e.to_string())?;
    copy_tree(&dir.join("before"), &root);
    let before = tree(&root);

    let extra: Vec<String> = fs::read_to_string(dir.join("args"))
        .map(|t| t.lines().filter(|l| !l.trim().is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    let expected_exit: i32 =
        fs::read_to_string(dir.join("expected-exit")).ok().and_then(|t| t.trim().parse().ok()).unwrap_or(0);
    let output = Command::cargo_bin("eventdef")
        .map_err(|e| e.to_string())?
        .arg("--root")
        .arg(&root)
        .arg("--feature-categories")
        .arg(crate_dir().join("fixtures/gitlab-scenarios/feature_categories.yml"))
        .arg("--product-groups")
        .arg(crate_dir().join("fixtures/gitlab-scenarios/product_groups.json"))
        .arg("apply")
        .arg(dir.join("plan.yml"))
        .args(["--milestone", "16.6"])
        .args(&extra)
        .output()
        .map_err(|e| e.to_string())?;
    let log = format!(
        "{name}: exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.code() != Some(expected_exit) {
        return Err(format!("expected exit {expected_exit}\n{log}"));
    }

    let mut want = before.clone();
    let expected = fs::read_to_string(dir.join("expected.tsv")).map_err(|e| format!("{name}: expected.tsv: {e}"))?;
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        let (path, fixture) = line.split_once('\t').ok_or_else(|| format!("{name}: bad expected.tsv line {line:?}"))?;
        want.insert(path.to_owned(), newest_generator_bytes(fixture).into_bytes());
    }
    let got = tree(&root);
    if got != want {
        let mut report = String::new();
        for (path, bytes) in &want {
            match got.get(path) {
                None => report.push_str(&format!("missing {path}\n")),
                Some(b) if b != bytes => report.push_str(&format!(
                    "{path} differs:\n--- expected\n{}--- written\n{}",
                    String::from_utf8_lossy(bytes),
                    String::from_utf8_lossy(b)
                )),
                _ => {}
            }
        }
        for path in got.keys().filter(|p| !want.contains_key(*p)) {
            report.push_str(&format!("unexpected file {path}\n"));
        }
        return Err(format!("{report}\n{log}"));
    }
    Ok(())
}

#[test]
#[ignore = "needs ../shared"]
fn all_gitlab_scenarios_write_gitlab_bytes() {
    let dirs = scenario_dirs();
    assert_eq!(dirs.len(), 36, "one folder per GitLab scenario (12 event, 23 metric, 1 database)");
    let failures: Vec<String> = dirs.iter().filter_map(|d| run_scenario(d).err()).collect();
    assert!(failures.is_empty(), "{} of {} scenarios failed:\n\n{}", failures.len(), dirs.len(), failures.join("\n\n"));
}

#[test]
#[ignore = "needs ../shared"]
fn every_scenario_of_gitlab_is_represented() {
    let fixtures = generator_fixtures();
    // Each plan's first line names its scenario: "# <file> #<n>: <description>".
    let mut named: Vec<(String, usize)> = Vec::new();
    for dir in scenario_dirs() {
        let plan = fs::read_to_string(dir.join("plan.yml")).expect("plan.yml");
        let first = plan.lines().next().unwrap_or_default();
        let (file, rest) = first.trim_start_matches("# ").split_once(" #").expect("header names the scenario");
        let n: usize = rest.split(':').next().and_then(|n| n.parse().ok()).expect("scenario number");
        named.push((file.to_owned(), n));
    }
    for (file, count) in [
        ("event_definer_examples.yml", 12),
        ("metric_definer_examples.yml", 23),
        ("metric_definer_database_examples.yml", 1),
    ] {
        let text = fs::read_to_string(fixtures.join(file)).expect("scenario file");
        let in_file = text.lines().filter(|l| l.starts_with("- description:")).count();
        assert_eq!(in_file, count, "{file}");
        for n in 1..=count {
            assert!(named.contains(&(file.to_owned(), n)), "{file} #{n} has no folder");
        }
    }
}
