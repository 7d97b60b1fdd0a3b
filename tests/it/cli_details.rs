//! Smaller things a new user trips over: per-command flags in `--help`, the man page's EXIT
//! STATUS and EXAMPLES, `--format short`, `usage` of a removed event, where a missing key is
//! reported, texts citing what is shipped. (The classification screen's words are in the
//! `keyboard_smash_session` snapshot.)

use std::process::{Command, Output};

use crate::support;
use support::ci::*;

fn run(args: &[&str]) -> Output {
    Command::new(assert_cmd::cargo::cargo_bin("eventdef"))
        .current_dir(support::crate_dir())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("eventdef runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const REPOSITORY_FLAGS: [&str; 6] =
    ["--root", "--product-groups", "--feature-categories", "--max-file-size", "--max-yaml-depth", "--max-yaml-aliases"];

#[test]
fn commands_that_read_no_repository_have_no_repository_flags() {
    for command in ["completions", "man", "rules", "explain"] {
        let help = stdout(&run(&[command, "--help"]));
        for flag in REPOSITORY_FLAGS {
            assert!(!help.contains(flag), "`{command} --help` lists {flag}:\n{help}");
        }
    }
    for command in ["validate", "apply", "usage", "issue", "new"] {
        let help = stdout(&run(&[command, "--help"]));
        for flag in REPOSITORY_FLAGS {
            assert!(help.contains(flag), "`{command} --help` lacks {flag}:\n{help}");
        }
    }
    // Before or after the command, as before.
    for args in [&["--root", "fixtures/sample-repo", "validate"][..], &["validate", "--root", "fixtures/sample-repo"]] {
        assert_eq!(stdout(&run(args)), "checked 10 files: no problems\n", "{args:?}");
    }
}

#[test]
fn new_help_shows_the_wizard_options() {
    let help = stdout(&run(&["new", "--help"]));
    for flag in ["--stages <FILE>", "--milestone <MAJOR.MINOR>", "--save-plan <FILE>"] {
        assert!(help.contains(flag), "{flag}:\n{help}");
    }
}

#[test]
fn the_man_page_has_exit_status_and_examples() {
    for page in [&["man"][..], &["man", "validate"]] {
        let roff = stdout(&run(page));
        let exit = roff.find(".SH \"EXIT STATUS\"").unwrap_or_else(|| panic!("{page:?}: no EXIT STATUS\n{roff}"));
        let examples = roff.find(".SH EXAMPLES").unwrap_or_else(|| panic!("{page:?}: no EXAMPLES\n{roff}"));
        assert!(exit < examples);
        for code in ["\\fB0\\fR", "\\fB1\\fR", "\\fB2\\fR", "\\fB130\\fR"] {
            assert!(roff[exit..examples].contains(code), "{page:?}: {code}");
        }
        assert!(roff.contains("https://docs.gitlab.com/development/internal_analytics/"), "{page:?}");
    }
    assert!(stdout(&run(&["man", "validate"])).contains("\\fBeventdef validate \\-\\-base origin/main"));
}

#[test]
fn short_format_is_one_finding_a_line() {
    let out = run(&["validate", "--root", "fixtures/rules/duplicate-action/fail", "--format", "short"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "ee/config/events/apply_suggestion_in_merge_request.yml:4:9: error[duplicate-action]: internal event `apply_suggestion_in_merge_request` is already defined in config/events/apply_suggestion_in_merge_request.yml:4\nchecked 2 files: 1 error\n"
    );
    let clean = run(&["validate", "--root", "fixtures/sample-repo", "--format", "short"]);
    assert_eq!((clean.status.code(), stdout(&clean).as_str()), (Some(0), "checked 10 files: no problems\n"));
}

#[test]
fn usage_of_a_removed_event_warns() {
    let out = run(&["usage", "--root", "fixtures/sample-repo", "click_apply_suggestion_button", "--target", "rails"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: `click_apply_suggestion_button` was removed in 17.3 (config/events/removed/click_apply_suggestion_button.yml); triggering it is no longer counted: remove the code that does, or use an active event\n"
    );
    assert!(stdout(&out).contains("track_internal_event"));
    let active =
        run(&["usage", "--root", "fixtures/sample-repo", "apply_suggestion_in_merge_request", "--target", "rails"]);
    assert_eq!(String::from_utf8_lossy(&active.stderr), "");
}

#[test]
fn a_missing_key_is_reported_at_the_mapping_it_belongs_to() {
    let text = event("open_editor")
        .replace("tiers:\n", "additional_properties:\n  label:\n    descripton: The editor\ntiers:\n");
    let repo = GitRepo::with_base(&[(event_path("open_editor"), text.clone())]);
    let out = eventdef(repo.path(), &["validate", "--format", "short"]);
    let report = stdout(&out);
    let label = line_of(&text, "  label:");
    assert!(
        report.contains(&format!(
            "config/events/open_editor.yml:{label}:3: error[schema-required]: `additional_properties.label` is missing `description`: add `description`\n"
        )),
        "{report}"
    );
    let no_milestone = event("open_editor").replace("milestone: '17.0'\n", "");
    repo.write(&event_path("open_editor"), &no_milestone);
    let report = stdout(&eventdef(repo.path(), &["validate", "--format", "short"]));
    assert!(
        report.starts_with(
            "config/events/open_editor.yml:2:1: error[schema-required]: `milestone` is missing; add `milestone`: "
        ),
        "{report}"
    );
}

#[test]
fn shipped_texts_cite_public_urls_not_notes() {
    let mut shipped = Vec::new();
    for dir in ["templates", "schemas"] {
        shipped.extend(
            support::file_tree(&support::crate_dir().join(dir)).into_iter().map(|(p, b)| (format!("{dir}/{p}"), b)),
        );
    }
    for rule in eventdef::rules::catalog() {
        shipped.push((rule.id.to_owned(), format!("{} {} {}", rule.help, rule.explanation, rule.docs).into_bytes()));
    }
    for (path, bytes) in shipped {
        let text = String::from_utf8_lossy(&bytes);
        for note in ["gitlab-cli.md", "gitlab-docs.md", "gitlab-formats.md", "../shared"] {
            assert!(!text.contains(note), "{path} cites {note}, which is not shipped");
        }
    }
}
