//! Temporary git repositories of GitLab-style definitions, and running the built binary on them.
//! Shared by the `ci_*` tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;
use tempfile::TempDir;

pub const MR_URL: &str = "https://gitlab.com/gitlab-org/gitlab/-/merge_requests/123456";
pub const REMOVAL_URL: &str = "https://gitlab.com/gitlab-org/gitlab/-/merge_requests/654321";

/// A valid internal event definition, as GitLab's generator writes it.
pub fn event(action: &str) -> String {
    format!(
        "---
description: A user opens the pipeline editor to change the CI configuration of a project
internal_events: true
action: {action}
identifiers:
- project
- namespace
- user
product_group: pipeline_authoring
product_categories:
- pipeline_composition
milestone: '17.0'
introduced_by_url: {MR_URL}
tiers:
- free
- premium
- ultimate
"
    )
}

pub fn event_path(action: &str) -> String {
    format!("config/events/{action}.yml")
}

/// A valid total-count metric of one event over 28d, 7d and all time.
pub fn metric(action: &str) -> String {
    format!(
        "---
key_path: counts.count_total_{action}
description: Count of times users opened the pipeline editor to change a CI configuration
product_group: pipeline_authoring
product_categories:
- pipeline_composition
performance_indicator_type: []
value_type: number
status: active
milestone: '17.0'
introduced_by_url: {MR_URL}
time_frame:
- 28d
- 7d
- all
data_source: internal_events
data_category: optional
tiers:
- free
- premium
- ultimate
events:
- name: {action}
"
    )
}

pub fn metric_path(action: &str) -> String {
    format!("config/metrics/counts_all/count_total_{action}.yml")
}

/// 1-based line of the first line of `text` that starts with `prefix`.
pub fn line_of(text: &str, prefix: &str) -> u64 {
    text.lines().position(|l| l.starts_with(prefix)).map(|i| i as u64 + 1).unwrap_or(0)
}

pub struct GitRepo {
    dir: TempDir,
}

/// git with a fixed identity and no user or system configuration.
pub fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com");
    cmd
}

pub fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = git_command(dir).args(args).output().expect("git runs");
    assert!(out.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl GitRepo {
    /// An empty repository on branch `main`.
    pub fn new() -> GitRepo {
        let dir = tempfile::tempdir().expect("temp dir");
        git_in(dir.path(), &["init", "-q", "-b", "main"]);
        GitRepo { dir }
    }

    /// A repository whose first commit on `main` holds `files`.
    pub fn with_base(files: &[(String, String)]) -> GitRepo {
        let repo = GitRepo::new();
        for (path, text) in files {
            repo.write(path, text);
        }
        repo.commit("base");
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.file(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).expect("read")
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.file(rel)).expect("remove");
    }

    /// Move a file in the work tree only (git sees a deletion and an untracked file).
    pub fn rename(&self, from: &str, to: &str) {
        let to_path = self.file(to);
        std::fs::create_dir_all(to_path.parent().expect("parent")).expect("mkdir");
        std::fs::rename(self.file(from), to_path).expect("rename");
    }

    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), args)
    }

    pub fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--no-gpg-sign", "--allow-empty", "-m", message]);
    }

    /// Start a feature branch from the current commit.
    pub fn branch(&self, name: &str) {
        self.git(&["checkout", "-q", "-b", name]);
    }
}

/// The built binary, run in `dir` (git's own configuration isolated like the tests' git).
pub fn eventdef(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("eventdef")
        .expect("binary is built")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("eventdef runs")
}

/// The built binary, run in `dir` where git finds no repository (not in `dir`, nor above it).
pub fn eventdef_outside_git(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("eventdef")
        .expect("binary is built")
        .current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().expect("parent"))
        .args(args)
        .output()
        .expect("eventdef runs")
}

/// `eventdef validate --format json ARGS` in `dir`: the exit code and the findings.
pub fn validate_json(dir: &Path, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut all = vec!["validate", "--format", "json"];
    all.extend(args);
    let out = eventdef(dir, &all);
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}); exit {code}\nstdout: {stdout}\nstderr: {}", String::from_utf8_lossy(&out.stderr))
    });
    let diagnostics = report["diagnostics"].as_array().cloned().unwrap_or_default();
    (code, diagnostics)
}

/// Findings of the `breaking` category only: other rooms' rules may add their own findings.
pub fn breaking(diagnostics: &[serde_json::Value]) -> Vec<&serde_json::Value> {
    diagnostics.iter().filter(|d| d["category"] == "breaking").collect()
}

/// (rule, path, line) of each finding, for compact assertions.
pub fn summary(diagnostics: &[&serde_json::Value]) -> Vec<(String, String, u64)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["path"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}
