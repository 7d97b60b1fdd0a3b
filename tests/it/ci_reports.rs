//! The CI report formats, checked structurally against their documented shapes: GitLab Code
//! Quality (required keys and types), JUnit XML (parsed back, counts), SARIF 2.1.0 (the official
//! schema in `fixtures/ci/`). Also `--output`, sub-folder roots, completions and man.

use crate::support;

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;
use support::ci::*;

const ACTION: &str = "open_pipeline_editor";
const OTHER: &str = "close_pipeline_editor";
const CLEAN: &str = "view_pipeline_editor";
/// An action whose message needs XML escaping.
const HOSTILE: &str = "open<&\"editor>'";

/// A repository whose work tree has: a changed metric (error + warning), a renamed event still
/// counted by it (error, with characters that need escaping), a deleted event still counted
/// (error on a path that no longer exists) and an untouched clean event.
fn repo_with_findings() -> GitRepo {
    let counted_by_both =
        metric(ACTION).replace(&format!("- name: {ACTION}\n"), &format!("- name: {ACTION}\n- name: {OTHER}\n"));
    let repo = GitRepo::with_base(&[
        (event_path(ACTION), event(ACTION)),
        (event_path(OTHER), event(OTHER)),
        (event_path(CLEAN), event(CLEAN)),
        (metric_path(ACTION), counted_by_both.clone()),
    ]);
    repo.write(
        &metric_path(ACTION),
        &counted_by_both
            .replace("value_type: number", "value_type: string")
            .replace("performance_indicator_type: []", "performance_indicator_type:\n- gmau"),
    );
    repo.write(
        &event_path(ACTION),
        &event(ACTION).replace(&format!("action: {ACTION}"), "action: 'open<&\"editor>'''"),
    );
    repo.remove(&event_path(OTHER));
    repo
}

fn run(repo: &GitRepo, args: &[&str]) -> String {
    let out = eventdef(repo.path(), args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json_findings(repo: &GitRepo) -> Vec<Value> {
    validate_json(repo.path(), &["--base", "main"]).1
}

fn codequality(repo: &GitRepo) -> Vec<Value> {
    let text = run(repo, &["validate", "--base", "main", "--format", "codequality"]);
    let report: Value = serde_json::from_str(&text).expect("Code Quality report is JSON");
    report.as_array().expect("Code Quality report is a JSON array").clone()
}

#[test]
fn codequality_has_gitlabs_documented_shape() {
    let repo = repo_with_findings();
    let issues = codequality(&repo);
    let findings = json_findings(&repo);
    assert_eq!(issues.len(), findings.len(), "one issue per finding");

    let mut fingerprints = HashSet::new();
    for issue in &issues {
        // GitLab's required keys and types (docs: "Code Quality report format").
        assert!(issue["description"].as_str().is_some_and(|s| !s.is_empty()), "{issue}");
        assert!(issue["check_name"].as_str().is_some_and(|s| !s.is_empty()), "{issue}");
        let fingerprint = issue["fingerprint"].as_str().expect("fingerprint is a string");
        assert!(fingerprints.insert(fingerprint.to_owned()), "fingerprints are unique: {fingerprint}");
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&issue["severity"].as_str().unwrap_or("")));
        let path = issue["location"]["path"].as_str().expect("location.path is a string");
        assert!(!path.starts_with("./") && !path.starts_with('/'), "relative path: {path}");
        assert!(issue["location"]["lines"]["begin"].as_u64().is_some_and(|l| l >= 1), "{issue}");
    }

    let metric_text = repo.read(&metric_path(ACTION));
    let find =
        |rule: &str| issues.iter().find(|i| i["check_name"] == rule).unwrap_or_else(|| panic!("{rule} in {issues:?}"));
    let changed = find("breaking-metric-changed");
    assert_eq!(changed["location"]["path"], metric_path(ACTION));
    assert_eq!(changed["location"]["lines"]["begin"], line_of(&metric_text, "value_type:"));
    assert_eq!(changed["severity"], "critical");
    let indicator = find("breaking-performance-indicator");
    assert_eq!(indicator["location"]["lines"]["begin"], line_of(&metric_text, "performance_indicator_type:"));
    assert_eq!(indicator["severity"], "minor");
    let deleted = find("breaking-event-deleted");
    assert_eq!(deleted["location"]["path"], event_path(OTHER));
    assert_eq!(deleted["location"]["lines"]["begin"], 1);
    // The metric still counting it, which Code Quality has no field for, is in the description.
    let description = deleted["description"].as_str().unwrap_or_default();
    assert!(
        description.ends_with(&format!(" (see {}:2: still counts `{OTHER}`)", metric_path(ACTION))),
        "{description}"
    );
}

#[test]
fn codequality_fingerprints_survive_shifted_lines() {
    let repo = repo_with_findings();
    let before = codequality(&repo);
    let text = repo.read(&metric_path(ACTION));
    repo.write(&metric_path(ACTION), &format!("# Owned by pipeline authoring.\n# Reviewed in 17.1.\n{text}"));
    let after = codequality(&repo);
    let pick = |issues: &[Value]| {
        issues.iter().find(|i| i["check_name"] == "breaking-metric-changed").cloned().expect("finding")
    };
    let (before, after) = (pick(&before), pick(&after));
    assert_eq!(
        after["location"]["lines"]["begin"].as_u64(),
        before["location"]["lines"]["begin"].as_u64().map(|l| l + 2)
    );
    assert_eq!(after["fingerprint"], before["fingerprint"]);
}

#[test]
fn junit_parses_back_with_consistent_counts() {
    let repo = repo_with_findings();
    let xml = run(&repo, &["validate", "--base", "main", "--format", "junit"]);
    let findings = json_findings(&repo);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");

    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 1);
    let suite = suites[0];
    let cases: Vec<_> = suite.children().filter(|n| n.has_tag_name("testcase")).collect();

    // A test case per checked file, plus the deleted file its finding points at.
    let names: BTreeSet<&str> = cases.iter().filter_map(|c| c.attribute("name")).collect();
    let expected: BTreeSet<String> =
        [event_path(ACTION), event_path(OTHER), event_path(CLEAN), metric_path(ACTION)].into_iter().collect();
    assert_eq!(names, expected.iter().map(String::as_str).collect());
    for case in &cases {
        assert_eq!(case.attribute("file"), case.attribute("name"));
    }

    let errors: Vec<&Value> = findings.iter().filter(|d| d["severity"] == "error").collect();
    let failures: Vec<_> = cases.iter().flat_map(|c| c.children().filter(|n| n.has_tag_name("failure"))).collect();
    let failing_cases = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("failure"))).count();
    let error_paths: BTreeSet<&str> = errors.iter().filter_map(|d| d["path"].as_str()).collect();
    assert_eq!(failures.len(), failing_cases, "one <failure> per failing test case");
    assert_eq!(failing_cases, error_paths.len());
    for element in [root, suite] {
        assert_eq!(element.attribute("tests"), Some(cases.len().to_string().as_str()));
        assert_eq!(element.attribute("failures"), Some(failing_cases.to_string().as_str()));
    }
    // A file without findings is a passing (empty) test case.
    for case in &cases {
        let name = case.attribute("name").unwrap_or_default();
        let clean = findings.iter().all(|d| d["path"] != name);
        assert_eq!(clean, !case.has_children(), "{name}");
    }
    assert!(findings.iter().all(|d| d["path"] != event_path(CLEAN) || d["category"] != "breaking"));

    // Each error is in its file's failure: its rule in the type, its message (escaped and read
    // back exactly) after path:line:col in the text, the first one's message as the message.
    for error in &errors {
        let path = error["path"].as_str().expect("path");
        let message = error["message"].as_str().expect("message");
        let rule = error["rule"].as_str().expect("rule");
        let case = cases.iter().find(|c| c.attribute("name") == Some(path)).expect("a test case per path");
        let failure = case.children().find(|n| n.has_tag_name("failure")).expect("a failure");
        assert!(failure.attribute("type").is_some_and(|t| t.split(", ").any(|r| r == rule)), "{rule}");
        let line = format!("{path}:{}:{}: error[{rule}]: {message}", error["line"], error["column"]);
        assert!(failure.text().is_some_and(|t| t.lines().any(|l| l == line)), "{line}");
        let first = errors.iter().find(|e| e["path"] == path).expect("first error");
        assert!(
            failure.attribute("message").is_some_and(|m| m.starts_with(first["message"].as_str().unwrap_or_default())),
            "{path}"
        );
    }
    assert!(errors.iter().any(|e| e["message"].as_str().is_some_and(|m| m.contains(HOSTILE))), "escaping is exercised");

    // Warnings are listed in the test case's system-out, not as failures.
    let metric_case = cases.iter().find(|c| c.attribute("name") == Some(&metric_path(ACTION))).expect("metric case");
    let out = metric_case.children().find(|n| n.has_tag_name("system-out")).and_then(|n| n.text()).unwrap_or("");
    assert!(out.contains("warning[breaking-performance-indicator]"), "{out}");
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let repo = repo_with_findings();
    let text = run(&repo, &["validate", "--base", "main", "--format", "sarif"]);
    let log: Value = serde_json::from_str(&text).expect("SARIF is JSON");

    let schema_text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ci/sarif-schema-2.1.0.json"),
    )
    .expect("vendored SARIF schema");
    let mut schema: Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    // The official schema's `language` patterns have a stray `]` that this validator's check of
    // the schema itself refuses; escape it (we never emit `language`).
    assert_eq!(escape_language_patterns(&mut schema), 2);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF schema violations: {errors:#?}");
    // The validator is live: a wrong level and a zero line are refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = Value::from(0);
    assert_eq!(validator.iter_errors(&broken).count(), 2);

    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let rule_ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    for id in [
        "breaking-metric-changed",
        "breaking-metric-deleted",
        "breaking-event-renamed",
        "breaking-event-deleted",
        "breaking-removed-incomplete",
        "breaking-event-moved-without-status",
        "breaking-performance-indicator",
        "yaml-syntax",
    ] {
        assert!(rule_ids.contains(&id), "{id} in the rule table");
    }
    assert!(rules.iter().all(|r| r["help"]["text"].as_str().is_some_and(|t| !t.is_empty())));
    let base = run["originalUriBaseIds"]["SRCROOT"]["uri"].as_str().expect("SRCROOT uri");
    assert!(base.starts_with("file:///") && base.ends_with('/'), "{base}");

    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), json_findings(&repo).len());
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning"].contains(&result["level"].as_str().unwrap_or("")));
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "SRCROOT");
        assert!(!location["artifactLocation"]["uri"].as_str().unwrap_or("/").starts_with('/'));
        assert!(location["region"]["startLine"].as_u64().is_some_and(|l| l >= 1));
        assert!(location["region"]["startColumn"].as_u64().is_some_and(|c| c >= 1));
    }
    let changed = results.iter().find(|r| r["ruleId"] == "breaking-metric-changed").expect("result");
    assert_eq!(changed["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], metric_path(ACTION));
    assert_eq!(changed["level"], "error");
    // The metric still counting a deleted event is a related location the message links to.
    let deleted = results.iter().find(|r| r["ruleId"] == "breaking-event-deleted").expect("result");
    let related = &deleted["relatedLocations"][0];
    assert_eq!(related["id"], 0);
    assert_eq!(related["physicalLocation"]["artifactLocation"]["uri"], metric_path(ACTION));
    assert_eq!(related["message"]["text"], format!("still counts `{OTHER}`"));
    let message = deleted["message"]["text"].as_str().unwrap_or_default();
    assert!(message.ends_with(&format!("(see [{}:2](0))", metric_path(ACTION))), "{message}");
}

fn escape_language_patterns(schema: &mut Value) -> usize {
    const STRAY: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match schema {
        Value::String(s) if s == STRAY => {
            *s = STRAY.replace("]?$", "\\]?$");
            1
        }
        Value::Array(items) => items.iter_mut().map(escape_language_patterns).sum(),
        Value::Object(map) => map.values_mut().map(escape_language_patterns).sum(),
        _ => 0,
    }
}

#[test]
fn output_file_gets_the_report_and_the_terminal_the_human_summary() {
    let repo = repo_with_findings();
    let out = eventdef(
        repo.path(),
        &["validate", "--base", "main", "--format", "codequality", "--output", "gl-code-quality-report.json"],
    );
    assert_eq!(out.status.code(), Some(1), "findings still fail the job");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The human report (whatever its exact layout) names the findings.
    assert!(stdout.contains("breaking-metric-changed") && stdout.contains(&metric_path(ACTION)), "{stdout}");
    let report: Value =
        serde_json::from_str(&repo.read("gl-code-quality-report.json")).expect("the file holds the JSON report");
    assert!(report.as_array().is_some_and(|a| !a.is_empty()));
    let leftovers: Vec<_> = std::fs::read_dir(repo.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left: {leftovers:?}");

    // A folder that does not exist is a usage error, not a panic.
    let out = eventdef(repo.path(), &["validate", "--format", "junit", "--output", "missing/dir/report.xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing/dir/report.xml"));
}

#[test]
fn ci_paths_are_relative_to_the_project_when_the_root_is_a_sub_folder() {
    let repo = GitRepo::with_base(&[
        (format!("analytics/{}", event_path(ACTION)), event(ACTION)),
        (format!("analytics/{}", metric_path(ACTION)), metric(ACTION)),
    ]);
    let path = format!("analytics/{}", metric_path(ACTION));
    repo.write(&path, &metric(ACTION).replace("value_type: number", "value_type: string"));
    let text = run(&repo, &["--root", "analytics", "validate", "--base", "main", "--format", "codequality"]);
    let issues: Value = serde_json::from_str(&text).expect("JSON");
    let issue =
        issues.as_array().and_then(|a| a.iter().find(|i| i["check_name"] == "breaking-metric-changed")).cloned();
    assert_eq!(issue.expect("finding")["location"]["path"], path);

    // The JSON report stays relative to the definitions root.
    let (_, findings) = validate_json(repo.path(), &["--root", "analytics", "--base", "main"]);
    assert!(findings.iter().any(|d| d["path"] == metric_path(ACTION)));
}

#[test]
fn ci_formats_work_outside_git() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("config/events")).expect("mkdir");
    std::fs::write(dir.path().join("config/events/broken.yml"), "action: [unclosed\n").expect("write");
    let out = eventdef_outside_git(dir.path(), &["validate", "--format", "codequality"]);
    assert_eq!(out.status.code(), Some(1));
    let issues: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(issues[0]["location"]["path"], "config/events/broken.yml");
    assert_eq!(issues[0]["severity"], "major");
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef eventdef"),
        ("fish", "complete -c eventdef"),
        ("elvish", "edit:completion:arg-completer[eventdef]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = eventdef(dir.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains(marker) && script.contains("changed-only"), "{shell}: {script}");
    }
    let out = eventdef(dir.path(), &["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH eventdef 1") && page.contains("eventdef\\-validate(1)"), "{page}");
    let out = eventdef(dir.path(), &["man", "validate"]);
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH eventdef-validate 1") && page.contains("\\-\\-changed\\-only"), "{page}");
    assert_eq!(eventdef(dir.path(), &["man", "nope"]).status.code(), Some(2));
}
