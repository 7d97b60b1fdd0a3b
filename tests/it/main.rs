//! The integration tests, one binary with a module per area (as ripgrep's `tests/` does): the
//! crate is linked once, not once per file. Run one area with `cargo test --test it <module>`.

mod support;
#[path = "../../fuzz/src/lib.rs"]
mod targets;

mod apply_cli;
mod apply_existing;
mod architecture;
mod checked_loading;
mod ci_breaking;
mod ci_changed_only;
mod ci_integration;
mod ci_reports;
mod cli_details;
mod cli_validate;
mod collect;
mod corpus_conformance;
mod corpus_generator;
mod corpus_rules;
mod dictionary;
mod fuzz_regressions;
mod gitlab_scenarios;
mod gitlab_today;
mod hostile;
mod introduced_by_url;
mod kill_apply;
mod package;
mod plan_problems;
mod properties;
mod psych_differential;
mod readme;
mod rename_group;
mod render_gitlab_spec;
mod render_hostile;
mod render_issue;
mod render_templates;
mod render_usage;
mod rule_catalog;
mod rule_fixtures;
mod scan_cli;
mod scan_corpus;
mod schema_files;
mod schema_rule_fixtures;
mod templates_cmd;
mod validate_api;
mod validate_root;
mod wizard_answers;
mod wizard_flows;
mod wizard_screens;
mod wizard_terminal;
mod yaml_roundtrip;
