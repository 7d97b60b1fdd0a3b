//! `apply` never rewrites a merged definition silently: a plan entry that resolves to an existing
//! file is refused, naming it; `--force` shows the diff; and `validate --base` reports the
//! definition's changed `milestone` / `introduced_by_url` (`introduction-changed`). In a real git
//! repository, as a merge request would be.

use crate::support;
use support::ci::*;

const PLAN: &str = "events:
- action: open_editor
  description: A user opens the pipeline editor to change the CI configuration of a project
  identifiers: [project, namespace, user]
  product_group: pipeline_authoring
  product_categories: [pipeline_composition]
  tiers: [free, premium, ultimate]
  milestone: '17.9'
";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn merged() -> GitRepo {
    let repo = GitRepo::with_base(&[(event_path("open_editor"), event("open_editor"))]);
    repo.branch("feature");
    repo.write("plan.yml", PLAN);
    repo
}

#[test]
fn a_plan_entry_for_an_existing_definition_is_refused_naming_the_file() {
    let repo = merged();
    let out = eventdef(repo.path(), &["apply", "plan.yml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: plan.yml:2:3: events[0]: config/events/open_editor.yml already exists: this entry would replace the event `open_editor` defined there; change the entry, or pass --force to overwrite it (the changes are shown)\nrefused: 1 problem, nothing written\n"
    );
    assert_eq!(repo.read(&event_path("open_editor")), event("open_editor"));
}

#[test]
fn force_shows_what_changes_and_validate_base_reports_it() {
    let repo = merged();
    let out = eventdef(repo.path(), &["apply", "plan.yml", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(
            "overwrote config/events/open_editor.yml\n--- a/config/events/open_editor.yml\n+++ b/config/events/open_editor.yml\n@@ "
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "\n-milestone: '17.0'\n-introduced_by_url: {MR_URL}\n+milestone: '17.9'\n+introduced_by_url: TODO\n"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("next: open the merge request, then replace `introduced_by_url: TODO`"), "{stdout}");

    let (code, diagnostics) = validate_json(repo.path(), &["--base", "main"]);
    assert_eq!(code, 1, "the TODO is an error");
    let changed: Vec<&serde_json::Value> = diagnostics.iter().filter(|d| d["rule"] == "introduction-changed").collect();
    let written = repo.read(&event_path("open_editor"));
    assert_eq!(
        summary(&changed),
        [
            ("introduction-changed".to_owned(), event_path("open_editor"), line_of(&written, "milestone:")),
            ("introduction-changed".to_owned(), event_path("open_editor"), line_of(&written, "introduced_by_url:")),
        ]
    );
    assert_eq!(
        changed[0]["message"],
        "`milestone` of event `open_editor` changed from `17.0` to `17.9` since main; it records when the event was introduced: keep `17.0`"
    );
}

#[test]
fn dry_run_shows_the_diff_for_an_existing_file() {
    let repo = merged();
    let out = eventdef(repo.path(), &["apply", "plan.yml", "--dry-run", "--force"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("would overwrite config/events/open_editor.yml\n--- a/config/events/open_editor.yml\n"),
        "{stdout}"
    );
    assert_eq!(repo.read(&event_path("open_editor")), event("open_editor"), "a dry run writes nothing");
}

#[test]
fn filling_in_a_todo_url_is_not_a_change_of_introduction() {
    let todo = event("open_editor").replace(MR_URL, "TODO");
    let repo = GitRepo::with_base(&[(event_path("open_editor"), todo)]);
    repo.branch("feature");
    repo.write(&event_path("open_editor"), &event("open_editor"));
    let (code, diagnostics) = validate_json(repo.path(), &["--base", "main"]);
    assert_eq!((code, diagnostics.len()), (0, 0), "{diagnostics:#?}");
}
