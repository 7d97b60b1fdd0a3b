//! `--templates DIR`: overrides change the output; broken overrides fail with the override's
//! file name and line, exit code 2.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn full() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/render/full")
}

fn with_templates(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn usage(templates: &Path, target: &str) -> std::process::Output {
    Command::cargo_bin("eventdef")
        .unwrap()
        .arg("--root")
        .arg(full())
        .args(["usage", "internal_events_cli_used", "--target", target, "--templates"])
        .arg(templates)
        .output()
        .unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn failure(out: &std::process::Output) -> String {
    assert_eq!(out.status.code(), Some(2), "expected a usage error; stdout: {}", String::from_utf8_lossy(&out.stdout));
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn override_by_file_name_replaces_the_template() {
    let dir = with_templates(&[(
        "rails.tera",
        "# OUR RAILS\n{{ action | ruby_str }}{% for id in identifiers %} {{ id }}{% endfor %}\n",
    )]);
    assert_eq!(stdout(&usage(dir.path(), "rails")), "# OUR RAILS\n'internal_events_cli_used' project user\n");
    // Other targets keep the embedded templates.
    assert!(stdout(&usage(dir.path(), "rspec")).contains("# RSPEC"));
}

#[test]
fn override_by_relative_path_and_included_templates() {
    let dir = with_templates(&[("usage/implementation_details.tera", "See our frontend guide.\n")]);
    let vue = stdout(&usage(dir.path(), "vue"));
    assert!(vue.ends_with("--------------------------------------------------\nSee our frontend guide.\n"), "{vue}");
    let all = stdout(&usage(dir.path(), "all"));
    assert_eq!(all.matches("See our frontend guide.").count(), 4, "vue, js, vue template and haml include it");
}

#[test]
fn override_of_the_issue_template() {
    let dir = with_templates(&[(
        "issue.md.tera",
        "{% for e in events %}- {{ e.action | md_code }}: {{ e.description | md_cell }}\n{% endfor %}{% for l in group_labels %}/label ~\"{{ l }}\"\n{% endfor %}",
    )]);
    let out = Command::cargo_bin("eventdef")
        .unwrap()
        .arg("--root")
        .arg(full())
        .args(["issue", "--event", "internal_events_cli_closed", "--templates"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        stdout(&out),
        "- `internal_events_cli_closed`: Internal Event CLI is closed\n/label ~\"group::analytics instrumentation\"\n"
    );
}

#[test]
fn syntax_error_names_the_file_and_line() {
    let dir = with_templates(&[("rails.tera", "# RAILS\n{{ action | ruby_str }\n")]);
    let stderr = failure(&usage(dir.path(), "rails"));
    let file = dir.path().join("rails.tera");
    assert!(stderr.starts_with(&format!("error: {}:2: Found `}}` but expected }}}}.", file.display())), "{stderr}");
    assert!(stderr.contains("2 | {{ action | ruby_str }\n"), "{stderr}");
}

#[test]
fn unknown_filter_names_the_file_and_line() {
    let dir = with_templates(&[("usage/rspec.tera", "one\n\n{{ action | to_ruby }}\n")]);
    let stderr = failure(&usage(dir.path(), "rails"));
    let file = dir.path().join("usage/rspec.tera");
    assert!(stderr.starts_with(&format!("error: {}:3: Unknown filter `to_ruby`", file.display())), "{stderr}");
}

#[test]
fn unknown_variable_names_the_file_and_line_even_inside_a_condition() {
    let dir = with_templates(&[("gdk.tera", "# GDK\n{% if metric_list %}\n{{ action }}\n{% endif %}\n")]);
    let stderr = failure(&usage(dir.path(), "rails"));
    let file = dir.path().join("gdk.tera");
    assert!(stderr.starts_with(&format!("error: {}:2: unknown variable `metric_list`", file.display())), "{stderr}");
    assert!(stderr.contains("the variables are: action, count_metrics,"), "{stderr}");
}

#[test]
fn unknown_field_fails_when_rendered() {
    let dir = with_templates(&[("tableau.tera", "x\n{{ event.stage }}\n")]);
    let stderr = failure(&usage(dir.path(), "tableau"));
    let file = dir.path().join("tableau.tera");
    assert!(stderr.starts_with(&format!("error: {}:2: Field `stage` is not defined.", file.display())), "{stderr}");
}

#[test]
fn a_file_matching_no_template_is_an_error() {
    let dir = with_templates(&[("railz.tera", "x")]);
    let stderr = failure(&usage(dir.path(), "rails"));
    assert!(stderr.contains("no template is called `railz.tera`; the templates are: usage/rails.tera,"), "{stderr}");
}

#[test]
fn other_files_in_the_folder_are_ignored() {
    let dir = with_templates(&[("README.md", "notes"), ("rails.tera", "ok {{ action }}\n")]);
    assert_eq!(stdout(&usage(dir.path(), "rails")), "ok internal_events_cli_used\n");
}

#[test]
fn embedded_template_errors_name_the_embedded_file() {
    // The library reports problems in embedded templates as `templates/<name>`.
    let templates = eventdef::render::Templates::embedded().unwrap();
    let err = templates.render("usage/rails.tera", &serde_json::json!({})).unwrap_err().to_string();
    assert!(err.starts_with("templates/usage/rails.tera:"), "{err}");
}

#[test]
fn unknown_variable_in_an_included_template_names_that_template() {
    let dir = with_templates(&[("implementation_details.tera", "See {{ docs_url }}\n")]);
    let stderr = failure(&usage(dir.path(), "vue"));
    let file = dir.path().join("implementation_details.tera");
    assert!(stderr.starts_with(&format!("error: {}:1: unknown variable `docs_url`", file.display())), "{stderr}");
}
