//! End-to-end: the built binary on the sample repository and on rule fixtures — exit codes,
//! output formats, colour, and the `rules` / `explain` commands.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_eventdef");

fn crate_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn run(args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    match cmd.output() {
        Ok(output) => output,
        Err(e) => panic!("cannot run {BIN}: {e}"),
    }
}

fn validate(root: &str, args: &[&str]) -> Output {
    let root = crate_path(root);
    let root = root.to_string_lossy();
    let mut all = vec!["validate", "--root", root.as_ref()];
    all.extend_from_slice(args);
    run(&all)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn sample_repository_is_clean() {
    let output = validate("fixtures/sample-repo", &[]);
    assert_eq!(stdout(&output), "checked 10 files: no problems\n");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn json_report_has_exactly_the_documented_fields() {
    let output = validate("fixtures/rules/missing-identifier/fail", &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "warnings only: exit 0 with the default --fail-on error");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    assert_eq!(report["files"], 2);
    let keys: Vec<&String> = report.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    assert_eq!(keys, ["diagnostics", "files"]);
    let first = &report["diagnostics"][0];
    let mut fields: Vec<&String> = first.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    fields.sort();
    assert_eq!(fields, ["category", "column", "help", "line", "message", "path", "related", "rule", "severity"]);
    assert_eq!(first["rule"], "missing-identifier");
    assert_eq!(first["category"], "convention");
    assert_eq!(first["severity"], "warning");
    assert_eq!(
        first["path"],
        "config/metrics/counts_all/count_distinct_user_id_from_apply_suggestion_in_merge_request.yml"
    );
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(23), Some(11)));
    // The event without the identifier, as a related place.
    let related = &first["related"][0];
    let mut related_fields: Vec<&String> = related.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    related_fields.sort();
    assert_eq!(related_fields, ["column", "line", "message", "path"]);
    assert_eq!(related["path"], "config/events/apply_suggestion_in_merge_request.yml");
}

#[test]
fn fail_on_sets_the_exit_code() {
    let warnings_only = "fixtures/rules/short-description/fail";
    assert_eq!(validate(warnings_only, &["--fail-on", "warning"]).status.code(), Some(1));
    assert_eq!(validate(warnings_only, &["--fail-on", "error"]).status.code(), Some(0));
    let errors = "fixtures/rules/duplicate-action/fail";
    assert_eq!(validate(errors, &[]).status.code(), Some(1));
    assert_eq!(validate(errors, &["--fail-on", "never"]).status.code(), Some(0));
}

#[test]
fn colour_is_off_when_piped_and_on_when_asked() {
    let case = "fixtures/rules/duplicate-action/fail";
    assert!(!stdout(&validate(case, &[])).contains('\u{1b}'), "auto: no colour into a pipe");
    let coloured = stdout(&validate(case, &["--color", "always"]));
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    assert_eq!(console::strip_ansi_codes(&coloured), stdout(&validate(case, &["--color", "never"])));
}

#[test]
fn rules_lists_the_catalog() {
    let output = run(&["rules", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let rules: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let ids: Vec<&str> = rules.as_array().into_iter().flatten().filter_map(|r| r["id"].as_str()).collect();
    let catalog: Vec<&str> = eventdef::rules::catalog().iter().map(|r| r.id).collect();
    assert_eq!(ids, catalog);
    let human = stdout(&run(&["rules"]));
    assert!(human.starts_with("RULE "), "{human}");
    assert!(human.contains("\nduplicate-key-path "), "{human}");
}

#[test]
fn explain_a_rule_or_say_what_exists() {
    let output = run(&["explain", "duplicate-key-path"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("duplicate-key-path (consistency, error)\n\nKey paths must be unique"), "{text}");
    assert!(text.contains("_weekly"), "{text}");
    assert!(text.contains("\nWrong:\n") && text.contains("\nRight:\n"), "the examples: {text}");
    assert!(text.contains("\nGitLab: https://gitlab.com/gitlab-org/gitlab/-/blob/master/"), "{text}");
    let markdown = stdout(&run(&["explain", "duplicate-key-path", "--format", "markdown"]));
    assert!(markdown.starts_with("## `duplicate-key-path`\n"), "{markdown}");
    assert!(markdown.contains("```yaml\n"), "{markdown}");

    let unknown = run(&["explain", "duplicate"]);
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(stderr.contains("unknown rule `duplicate`; did you mean"), "{stderr}");
    assert!(stderr.contains("`duplicate-action`"), "{stderr}");
}
