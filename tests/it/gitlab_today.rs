//! Agreement with GitLab's repository today: events that declare only custom additional
//! properties, and the groups and categories of GitLab's newer lists, validate clean.

use crate::support;
use support::ci::*;

/// An event like GitLab's `create_pat` (milestone 18.9): only custom additional properties, and
/// a group and category that only GitLab's newer lists have.
const CUSTOM_ONLY_EVENT: &str = "---
description: A user creates a personal access token from the user settings page
internal_events: true
action: create_pat
identifiers:
- user
additional_properties:
  scopes:
    description: The scopes the token was given
  expires_in_days:
    description: Days until the token expires
product_group: authentication
product_categories:
- system_access
milestone: '18.9'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/200001
tiers:
- free
- premium
- ultimate
";

#[test]
fn an_event_with_only_custom_additional_properties_is_valid() {
    let repo = GitRepo::with_base(&[(event_path("create_pat"), CUSTOM_ONLY_EVENT.to_owned())]);
    let (code, diagnostics) = validate_json(repo.path(), &[]);
    assert_eq!((code, diagnostics.len()), (0, 0), "{diagnostics:#?}");

    // The description is still required.
    repo.write(
        &event_path("create_pat"),
        &CUSTOM_ONLY_EVENT
            .replace("  scopes:\n    description: The scopes the token was given\n", "  scopes: The scopes\n"),
    );
    let (code, diagnostics) = validate_json(repo.path(), &[]);
    let found: Vec<&serde_json::Value> = diagnostics.iter().collect();
    assert_eq!((code, summary(&found)), (1, vec![("schema-custom-property".to_owned(), event_path("create_pat"), 8)]));
}

#[test]
fn groups_and_categories_of_gitlabs_newer_lists_are_known() {
    let event = CUSTOM_ONLY_EVENT
        .replace("product_group: authentication", "product_group: ai_coding")
        .replace("- system_access", "- duo_workflow");
    let repo = GitRepo::with_base(&[(event_path("create_pat"), event)]);
    let (code, diagnostics) = validate_json(repo.path(), &[]);
    assert_eq!((code, diagnostics.len()), (0, 0), "{diagnostics:#?}");

    // Renamed groups are gone from the built-in list, with a pointer to the new name.
    let old = CUSTOM_ONLY_EVENT.replace("product_group: authentication", "product_group: code_creation");
    repo.write(&event_path("create_pat"), &old);
    let (code, diagnostics) = validate_json(repo.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(diagnostics[0]["rule"], "schema-product-group", "{diagnostics:#?}");
}

#[test]
fn the_version_names_the_gitlab_format_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = eventdef(dir.path(), &["--version"]);
    let revision = eventdef::model::format::GITLAB_FORMAT_REVISION;
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("eventdef {}\nGitLab definition format: {revision}\n", env!("CARGO_PKG_VERSION"))
    );
    assert!(revision.ends_with("; custom-only additional_properties (GitLab 18.9)"), "{revision}");
}
