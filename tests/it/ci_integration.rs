//! The integration files: the GitLab CI job (its script run for real against a shallow clone,
//! as a merge-request pipeline would) and the pre-commit hooks.

use crate::support;

use std::path::Path;

use eventdef::repository::classify;
use eventdef::yaml::{Node, parse};
use support::ci::*;

fn manifest_file(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).expect("file exists")
}

fn parse_yaml(rel: &str) -> Node {
    let parsed = parse(&manifest_file(rel));
    assert!(parsed.problems.is_empty(), "{rel}: {:?}", parsed.problems);
    parsed.root.expect("a document")
}

fn strings(node: Option<&Node>) -> Vec<String> {
    node.and_then(Node::as_seq).unwrap_or(&[]).iter().filter_map(|n| n.as_str().map(str::to_owned)).collect()
}

#[test]
fn gitlab_ci_job_declares_the_reports() {
    let ci = parse_yaml("fixtures/ci/gitlab-ci.yml");
    let job = ci.get("eventdef:merge-request").expect("merge-request job");
    let script = strings(job.get("script")).join("\n");
    assert!(script.contains(
        "eventdef validate --base \"origin/${TARGET}\" --changed-only --format codequality --output gl-code-quality-report.json"
    ));
    assert!(script.contains("--format junit --output eventdef-junit.xml"));
    let artifacts = job.get("artifacts").expect("artifacts");
    assert_eq!(artifacts.get("when").and_then(Node::as_str), Some("always"));
    let reports = artifacts.get("reports").expect("reports");
    assert_eq!(reports.get("codequality").and_then(Node::as_str), Some("gl-code-quality-report.json"));
    assert_eq!(reports.get("junit").and_then(Node::as_str), Some("eventdef-junit.xml"));
    let rules = job.get("rules").and_then(Node::as_seq).expect("rules");
    assert!(
        rules.iter().any(|r| r.get("if").and_then(Node::as_str).is_some_and(|c| c.contains("merge_request_event")))
    );
    let install = strings(ci.get(".eventdef").and_then(|t| t.get("before_script"))).join("\n");
    assert!(install.contains("sha256sum --check") && install.contains("apt-get install"), "{install}");
}

/// Run the merge-request job's `script` the way GitLab would: in a shallow clone of the merge
/// request, with GitLab's variables, `set -eo pipefail`, and `eventdef` on PATH.
fn run_job_script(origin: &GitRepo, pipeline_ref_target: &str) -> (std::process::Output, tempfile::TempDir) {
    origin.git(&["update-ref", "refs/pipelines/7", pipeline_ref_target]);
    let parent = tempfile::tempdir().expect("temp dir");
    let url = format!("file://{}", origin.path().display());
    git_in(parent.path(), &["clone", "-q", "--depth", "1", "--branch", "feature", &url, "checkout"]);
    let checkout = parent.path().join("checkout");

    let ci = parse_yaml("fixtures/ci/gitlab-ci.yml");
    let script = strings(ci.get("eventdef:merge-request").and_then(|j| j.get("script")));
    let body = format!("set -eo pipefail\n{}\n", script.join("\n"));
    let binary = assert_cmd::cargo::cargo_bin("eventdef");
    let path = format!("{}:{}", binary.parent().expect("bin dir").display(), std::env::var("PATH").unwrap_or_default());
    let output = std::process::Command::new("bash")
        .current_dir(&checkout)
        .env("PATH", path)
        .env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
        .env("CI_PIPELINE_ID", "7")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(["-c", &body])
        .output()
        .expect("bash runs");
    (output, parent)
}

fn origin_with_feature(breaking: bool) -> GitRepo {
    let action = "open_pipeline_editor";
    let origin = GitRepo::with_base(&[(event_path(action), event(action)), (metric_path(action), metric(action))]);
    origin.branch("feature");
    for i in 0..3 {
        let text = if breaking && i == 2 {
            metric(action).replace("value_type: number", "value_type: string")
        } else {
            metric(action).replace("Count of times", &format!("Count ({i}) of times"))
        };
        origin.write(&metric_path(action), &text);
        origin.commit(&format!("feature {i}"));
    }
    // main moves on too, so neither tip is the merge base.
    origin.git(&["checkout", "-q", "main"]);
    origin.write("README.md", "# project\n");
    origin.commit("main moves on");
    origin.git(&["checkout", "-q", "feature"]);
    origin
}

#[test]
fn gitlab_ci_job_script_fetches_history_and_writes_both_reports() {
    let origin = origin_with_feature(true);
    let tip = origin.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let (output, parent) = run_job_script(&origin, &tip);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a breaking change fails the job: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let checkout = parent.path().join("checkout");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(checkout.join("gl-code-quality-report.json")).expect("report"))
            .expect("JSON");
    let rules: Vec<&str> = report.as_array().expect("array").iter().filter_map(|i| i["check_name"].as_str()).collect();
    assert!(rules.contains(&"breaking-metric-changed"), "{rules:?}");
    let junit = std::fs::read_to_string(checkout.join("eventdef-junit.xml")).expect("junit written too");
    assert!(roxmltree::Document::parse(&junit).is_ok());
}

#[test]
fn gitlab_ci_job_passes_a_clean_merge_request() {
    let origin = origin_with_feature(false);
    let tip = origin.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let (output, parent) = run_job_script(&origin, &tip);
    let report = std::fs::read_to_string(parent.path().join("checkout/gl-code-quality-report.json")).expect("report");
    let issues: serde_json::Value = serde_json::from_str(&report).expect("JSON");
    let breaking = issues.as_array().expect("array").iter().filter(|i| i["categories"][0] == "Compatibility").count();
    assert_eq!(breaking, 0, "{report}");
    // Other rules may have opinions about the fixture; the breaking check alone must pass.
    assert!(
        output.status.code() == Some(0) || !issues.as_array().expect("array").is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn pre_commit_hooks_select_exactly_the_definition_files() {
    let hooks = parse_yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_seq().expect("a list of hooks");
    let hook = |id: &str| hooks.iter().find(|h| h.get("id").and_then(Node::as_str) == Some(id)).expect("hook");
    let validate = hook("eventdef-validate");
    assert_eq!(validate.get("language").and_then(Node::as_str), Some("rust"));
    assert_eq!(validate.get("entry").and_then(Node::as_str), Some("eventdef validate"));
    let files = regex::Regex::new(validate.get("files").and_then(Node::as_str).expect("files")).expect("regex");
    let exclude = regex::Regex::new(validate.get("exclude").and_then(Node::as_str).expect("exclude")).expect("regex");
    for path in [
        "config/events/a.yml",
        "config/events/removed/a.yml",
        "ee/config/events/a.yml",
        "ee/config/events/a.yaml",
        "config/events/nested/a.yml",
        "config/events/.hidden.yml",
        "config/metrics/counts_7d/nested/a.yml",
        "config/metrics/counts_7d/a.yml",
        "ee/config/metrics/settings/a.yml",
        "config/metrics/schema/base.yml",
        "config/metrics/objects_schemas/x.yml",
        "config/metrics/a.yml",
        "config/events/schema.json",
        "app/models/config/events/a.yml",
        "config/feature_categories.yml",
    ] {
        let selected = files.is_match(path) && !exclude.is_match(path);
        assert_eq!(selected, classify(path).is_some(), "{path}");
    }
    let breaking = hook("eventdef-breaking-changes");
    assert!(breaking.get("entry").and_then(Node::as_str).is_some_and(|e| e.contains("--changed-only")));
    assert_eq!(strings(breaking.get("args")), ["--base", "origin/main"]);
}

#[test]
fn pre_commit_style_invocation_checks_the_given_files() {
    // What the hook runs: `eventdef validate FILE...` from the repository root.
    let action = "open_pipeline_editor";
    let repo = GitRepo::with_base(&[(event_path(action), event(action))]);
    repo.write("config/events/broken.yml", "action: [unclosed\n");
    let (code, diagnostics) = validate_json(repo.path(), &["config/events/broken.yml"]);
    assert_eq!(code, 1);
    assert!(diagnostics.iter().all(|d| d["path"] == "config/events/broken.yml"));
}

#[test]
fn readme_job_matches_the_fixture() {
    let readme = manifest_file("README.md");
    let section = readme.split("### GitLab merge-request pipeline").nth(1).expect("README section");
    let block = section.split("```yaml\n").nth(1).and_then(|b| b.split("```").next()).expect("yaml block");
    let parsed = parse(block);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let readme_ci = parsed.root.expect("document");
    let fixture_ci = parse_yaml("fixtures/ci/gitlab-ci.yml");
    let (readme_job, fixture_job) = (
        readme_ci.get("eventdef:merge-request").expect("README job"),
        fixture_ci.get("eventdef:merge-request").expect("fixture job"),
    );
    // Compared as shell words: line continuations and indentation may differ.
    let commands = |job: &Node| -> Vec<String> {
        strings(job.get("script"))
            .iter()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.replace("\\\n", " ").split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(commands(readme_job), commands(fixture_job));
    let reports = |job: &Node| job.get("artifacts").and_then(|a| a.get("reports")).map(Node::to_json);
    assert_eq!(reports(readme_job), reports(fixture_job));
}
