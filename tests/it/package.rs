//! Distribution: `--version`, the release job's binary and checksum, and the CI job that
//! downloads that binary instead of compiling it. (`cargo package` itself runs in `.ci/run`.)

use crate::support;

use std::path::Path;
use std::process::Command;

use eventdef::yaml::{Node, parse};

fn ci_file(rel: &str) -> Node {
    let text = std::fs::read_to_string(support::crate_dir().join(rel)).expect("file exists");
    let parsed = parse(&text);
    assert!(parsed.problems.is_empty(), "{rel}: {:?}", parsed.problems);
    parsed.root.expect("a document")
}

fn lines(node: Option<&Node>) -> Vec<String> {
    node.and_then(Node::as_seq).unwrap_or(&[]).iter().filter_map(|n| n.as_str().map(str::to_owned)).collect()
}

fn bash(dir: &Path, script: &str, env: &[(&str, String)]) -> std::process::Output {
    let mut command = Command::new("bash");
    command.current_dir(dir).args(["-c", &format!("set -eo pipefail\n{script}\n")]);
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("bash runs")
}

#[test]
fn version_names_the_gitlab_definition_format() {
    let out = Command::new(assert_cmd::cargo::cargo_bin("eventdef")).arg("--version").output().expect("runs");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "eventdef {}\nGitLab definition format: {}\n",
            env!("CARGO_PKG_VERSION"),
            eventdef::model::format::GITLAB_FORMAT_REVISION
        )
    );
}

/// A release folder as the release job leaves it: the binary (here the test build) and the
/// checksum file made by the job's own `sha256sum` line.
fn release_folder(version: &str) -> tempfile::TempDir {
    let release = ci_file("fixtures/ci/release.gitlab-ci.yml");
    let asset = release.get("variables").and_then(|v| v.get("EVENTDEF_ASSET")).and_then(Node::as_str).expect("asset");
    let build = lines(release.get("release:build").and_then(|j| j.get("script")));
    let checksum_line = build.iter().find(|l| l.contains("sha256sum")).expect("the build job writes a checksum");
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dir.path().join(version).join("dist");
    std::fs::create_dir_all(&dist).expect("mkdir");
    std::fs::copy(assert_cmd::cargo::cargo_bin("eventdef"), dist.join(asset)).expect("copy binary");
    let out = bash(dist.parent().expect("version folder"), checksum_line, &[("EVENTDEF_ASSET", asset.to_owned())]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for file in [asset.to_owned(), format!("{asset}.sha256")] {
        std::fs::rename(dist.join(&file), dir.path().join(version).join(&file)).expect("publish");
    }
    dir
}

/// The `.eventdef` job's set-up, minus the package install, against a release folder.
fn run_setup(releases: &Path, project: &Path) -> std::process::Output {
    let ci = ci_file("fixtures/ci/gitlab-ci.yml");
    let version = ci.get("variables").and_then(|v| v.get("EVENTDEF_VERSION")).and_then(Node::as_str).expect("version");
    let setup: Vec<String> = lines(ci.get(".eventdef").and_then(|j| j.get("before_script")))
        .into_iter()
        .filter(|l| !l.starts_with("apt-get"))
        .collect();
    bash(
        project,
        &setup.join("\n"),
        &[
            ("EVENTDEF_RELEASES", format!("file://{}", releases.display())),
            ("EVENTDEF_VERSION", version.to_owned()),
            ("CI_PROJECT_DIR", project.display().to_string()),
        ],
    )
}

#[test]
#[ignore = "needs curl"]
fn the_ci_job_downloads_the_released_binary_checks_it_and_reuses_the_cache() {
    let releases = release_folder("v0.1.0");
    let project = tempfile::tempdir().expect("temp dir");
    let out = run_setup(releases.path(), project.path());
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("GitLab definition format: "));
    assert!(project.path().join(".eventdef-bin/eventdef").is_file());

    // A second pipeline with the cache restored downloads nothing (the release is gone) and
    // still checks the cached binary.
    std::fs::remove_dir_all(releases.path().join("v0.1.0")).expect("remove release");
    let cached = run_setup(releases.path(), project.path());
    assert!(cached.status.success(), "{}", String::from_utf8_lossy(&cached.stderr));

    // A binary that is not the released one stops the job.
    std::fs::write(project.path().join(".eventdef-bin/eventdef"), b"#!/bin/sh\necho tampered\n").expect("tamper");
    let tampered = run_setup(releases.path(), project.path());
    assert!(!tampered.status.success());
    assert!(
        String::from_utf8_lossy(&tampered.stdout).contains("FAILED"),
        "{}",
        String::from_utf8_lossy(&tampered.stdout)
    );
}

#[test]
fn release_job_builds_once_on_version_tags_and_publishes_a_checksum() {
    let release = ci_file("fixtures/ci/release.gitlab-ci.yml");
    let build = release.get("release:build").expect("build job");
    let script = lines(build.get("script")).join("\n");
    assert!(script.contains("cargo build --release --locked"), "{script}");
    assert!(script.contains("sha256sum \"${EVENTDEF_ASSET}\" > \"${EVENTDEF_ASSET}.sha256\""), "{script}");
    let rules = build.get("rules").map(Node::to_json).expect("rules").to_string();
    assert!(rules.contains("CI_COMMIT_TAG"), "{rules}");
    let publish = lines(release.get("release:publish").and_then(|j| j.get("script"))).join("\n");
    assert!(publish.contains("\"${EVENTDEF_ASSET}\" \"${EVENTDEF_ASSET}.sha256\""), "{publish}");
    // The download job fetches exactly what the release publishes, where it publishes it.
    let ci = ci_file("fixtures/ci/gitlab-ci.yml");
    let setup = lines(ci.get(".eventdef").and_then(|j| j.get("before_script"))).join("\n");
    assert!(setup.contains("eventdef-x86_64-linux eventdef-x86_64-linux.sha256"), "{setup}");
    let releases = ci.get("variables").and_then(|v| v.get("EVENTDEF_RELEASES")).and_then(Node::as_str).expect("url");
    assert!(releases.ends_with("/packages/generic/eventdef"), "{releases}");
    let cache = ci.get(".eventdef").and_then(|j| j.get("cache")).expect("cache");
    assert_eq!(cache.get("key").and_then(Node::as_str), Some("eventdef-${EVENTDEF_VERSION}"));
}
