//! `eventdef templates init|list|check` and the repository's `.eventdef/templates` being used by
//! default.

use crate::support;

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt as _;
use eventdef::render::templates::EMBEDDED;

const ACTION: &str = "apply_suggestion_in_merge_request";

fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    support::copy_tree(&support::crate_dir().join("fixtures/sample-repo"), dir.path());
    dir
}

/// Run in `dir` (no `--root`: the repository is found from the current folder).
fn eventdef(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("eventdef").expect("binary").current_dir(dir).args(args).output().expect("eventdef runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn init_copies_every_template_and_a_readme_that_take_effect_at_once() {
    let repo = sample_copy();
    let out = eventdef(repo.path(), &["templates", "init"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    support::check_snapshot("templates_init", &text(&out.stdout));
    let dir = repo.path().join(".eventdef/templates");
    for (name, built_in, _) in EMBEDDED {
        assert_eq!(std::fs::read_to_string(dir.join(name)).expect("copied"), built_in, "{name}");
    }
    support::check_golden(
        &support::crate_dir().join("tests/it/snapshots/templates_readme.md"),
        &std::fs::read_to_string(dir.join("README.md")).expect("README"),
    );

    let again = eventdef(repo.path(), &["templates", "init"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        text(&again.stdout).starts_with("nothing to do: .eventdef/templates already holds every built-in template\n")
    );

    // What init wrote is used without --templates.
    std::fs::write(dir.join("usage/rails.tera"), "CUSTOM {{ action | ruby_str }}\n").expect("edit");
    let usage = eventdef(repo.path(), &["usage", ACTION, "--target", "rails"]);
    assert_eq!(usage.status.code(), Some(0), "{}", text(&usage.stderr));
    assert_eq!(text(&usage.stdout), format!("CUSTOM '{ACTION}'\n"));
}

#[test]
fn init_never_overwrites_changed_files_unless_forced() {
    let repo = sample_copy();
    assert_eq!(eventdef(repo.path(), &["templates", "init"]).status.code(), Some(0));
    let rails = repo.path().join(".eventdef/templates/usage/rails.tera");
    std::fs::write(&rails, "mine {{ action }}\n").expect("edit");
    std::fs::remove_file(repo.path().join(".eventdef/templates/usage/sql.tera")).expect("delete");

    // Rerun (as after an upgrade): what is missing is added, the change is kept.
    let out = eventdef(repo.path(), &["templates", "init"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with(
            "created .eventdef/templates/usage/sql.tera\n\
             kept .eventdef/templates/usage/rails.tera: it differs from the built-in template, so it is not overwritten (--force overwrites it)\n\
             (17 already there, unchanged)\n"
        ),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(std::fs::read_to_string(&rails).expect("kept"), "mine {{ action }}\n");
    assert!(repo.path().join(".eventdef/templates/usage/sql.tera").is_file());

    let forced = eventdef(repo.path(), &["templates", "init", "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    assert!(
        text(&forced.stdout)
            .starts_with("overwrote .eventdef/templates/usage/rails.tera\n(18 already there, unchanged)\n"),
        "{}",
        text(&forced.stdout)
    );
    assert!(std::fs::read_to_string(&rails).expect("read").contains("track_internal_event"));
}

#[test]
fn init_into_another_folder() {
    let repo = sample_copy();
    let out = eventdef(repo.path(), &["templates", "init", "my-templates"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Pass `--templates my-templates` to eventdef usage"));
    assert!(repo.path().join("my-templates/issue.md.tera").is_file());
    assert!(!repo.path().join(".eventdef").exists());
}

#[test]
fn list_shows_which_templates_are_overridden() {
    let repo = sample_copy();
    let none = eventdef(repo.path(), &["templates", "list"]);
    assert_eq!(none.status.code(), Some(0));
    assert!(text(&none.stdout).ends_with(
        "no overrides: every template is built in (`eventdef templates init` copies them to .eventdef/templates)\n"
    ));

    assert_eq!(eventdef(repo.path(), &["templates", "init"]).status.code(), Some(0));
    let dir = repo.path().join(".eventdef/templates");
    std::fs::write(dir.join("usage/rails.tera"), "mine {{ action }}\n").expect("edit");
    std::fs::remove_file(dir.join("usage/sql.tera")).expect("delete");
    std::fs::rename(dir.join("issue.md.tera"), dir.join("usage/issue.md.tera")).expect("move");
    std::fs::write(dir.join("usage/issue.md.tera"), "# {{ objective }}\n").expect("edit");
    let out = eventdef(repo.path(), &["templates", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    support::check_snapshot("templates_list", &text(&out.stdout));
}

#[test]
fn check_reports_every_problem_with_file_and_line() {
    let repo = sample_copy();
    let dir = repo.path().join(".eventdef/templates");
    std::fs::create_dir_all(dir.join("usage")).expect("mkdir");
    std::fs::write(dir.join("usage/rails.tera"), "# RAILS\n\n{{ actoin | ruby_str }}\n").expect("write");
    std::fs::write(dir.join("tableau.tera"), "x\n{{ event.stage }}\n").expect("write");
    std::fs::write(dir.join("gdk.tera"), "# GDK\n{% if metric_list %}\n{{ action }}\n{% endif %}\n").expect("write");
    let out = eventdef(repo.path(), &["templates", "check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "error: .eventdef/templates/usage/rails.tera:3: unknown variable `actoin`; the variables are: action,"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("error: .eventdef/templates/gdk.tera:2: unknown variable `metric_list`"), "{stdout}");
    assert!(stdout.contains("error: .eventdef/templates/tableau.tera:2:"), "{stdout}");
    assert!(stdout.ends_with("checked 18 templates (3 overridden in .eventdef/templates): 3 problems\n"), "{stdout}");

    // Other commands refuse the broken overrides too, naming the first.
    let usage = eventdef(repo.path(), &["usage", ACTION]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(text(&usage.stderr).contains(".eventdef/templates/"), "{}", text(&usage.stderr));
}

#[test]
fn check_passes_the_built_in_templates_and_a_fresh_init() {
    let repo = sample_copy();
    let out = eventdef(repo.path(), &["templates", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(text(&out.stdout), "checked 18 templates (0 overridden): no problems\n");
    assert_eq!(eventdef(repo.path(), &["templates", "init"]).status.code(), Some(0));
    let out = eventdef(repo.path(), &["templates", "check"]);
    assert_eq!(text(&out.stdout), "checked 18 templates (18 overridden in .eventdef/templates): no problems\n");
}
