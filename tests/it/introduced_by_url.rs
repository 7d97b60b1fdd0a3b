//! `introduced_by_url: TODO` fails `validate` as GitLab's schema does (`format: uri`), while
//! `apply` still writes it when no URL is known; in a GitLab merge-request pipeline the finding
//! names the URL to write.

use crate::support;
use support::ci::*;

const PLAN: &str = "events:
- action: open_editor
  description: A user opens the pipeline editor to change the CI configuration of a project
  identifiers: [project, namespace, user]
  product_group: pipeline_authoring
  product_categories: [pipeline_composition]
  tiers: [free, premium, ultimate]
  milestone: '17.0'
";

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A repository where `apply` wrote an event without a merge request URL.
fn applied() -> GitRepo {
    let repo = GitRepo::with_base(&[(event_path("other"), event("other"))]);
    repo.write("plan.yml", PLAN);
    let out = eventdef(repo.path(), &["apply", "plan.yml"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(repo.read(&event_path("open_editor")).contains("\nintroduced_by_url: TODO\n"));
    repo
}

#[test]
fn todo_is_an_error_that_apply_still_writes() {
    let repo = applied();
    let (code, diagnostics) = validate_json(repo.path(), &[]);
    assert_eq!(code, 1, "{diagnostics:#?}");
    let todo: Vec<_> = diagnostics.iter().filter(|d| d["rule"] == "introduced-by-url-todo").collect();
    assert_eq!(summary(&todo), [("introduced-by-url-todo".to_owned(), event_path("open_editor"), 14)]);
    assert_eq!((todo[0]["severity"].as_str(), todo[0]["category"].as_str()), (Some("error"), Some("schema")));
    assert_eq!(
        todo[0]["help"],
        "Replace `TODO` with the URL of the merge request that adds this definition; GitLab's schema requires a URL."
    );
}

#[test]
fn a_merge_request_pipeline_names_the_url_to_write() {
    let repo = applied();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("eventdef"))
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .env("CI_MERGE_REQUEST_PROJECT_URL", "https://gitlab.example.com/group/project")
        .env("CI_MERGE_REQUEST_IID", "4242")
        .args(["validate", "--format", "json"])
        .output()
        .expect("eventdef runs");
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let todo: Vec<_> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["rule"] == "introduced-by-url-todo")
        .collect();
    assert_eq!(todo.len(), 1, "{report:#}");
    assert_eq!(
        todo[0]["help"],
        "Write `introduced_by_url: https://gitlab.example.com/group/project/-/merge_requests/4242`, the merge request this pipeline runs for."
    );
}

#[test]
fn the_url_is_read_from_gitlab_variables_only_when_both_are_set() {
    use eventdef::rules::merge_request_url;
    let vars = |project: Option<&str>, iid: Option<&str>| {
        merge_request_url(|name| match name {
            "CI_MERGE_REQUEST_PROJECT_URL" => project.map(str::to_owned),
            "CI_MERGE_REQUEST_IID" => iid.map(str::to_owned),
            _ => None,
        })
    };
    assert_eq!(
        vars(Some("https://gitlab.com/gitlab-org/gitlab/"), Some("17")).as_deref(),
        Some("https://gitlab.com/gitlab-org/gitlab/-/merge_requests/17")
    );
    assert_eq!(vars(Some("https://gitlab.com/gitlab-org/gitlab"), None), None);
    assert_eq!(vars(None, Some("17")), None);
    assert_eq!(vars(Some("https://gitlab.com/g/p"), Some("x17")), None);
}
