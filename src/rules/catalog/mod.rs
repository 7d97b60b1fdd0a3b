//! Every rule, declared once: id, category, default severity, one line of help, the long
//! explanation with a wrong and a right example, and the GitLab page or file it follows
//! ([`RuleInfo`]). `eventdef rules`, `eventdef explain`, the README's table and the SARIF rule
//! metadata all read these declarations; the checks in the sibling modules refer to them by
//! name (`Diagnostic::new(&DUPLICATE_KEY_PATH, ...)`).
//!
//! The declarations are data, kept apart from the checks so each check module stays readable;
//! one file per category. A test validates every example (tests/it/rule_catalog.rs): the wrong
//! one must report its rule and the right one must report nothing, so an example cannot say
//! what the rule does not do.
//!
//! To add a rule: declare it in its category's file with `declare_rules!` (that also lists it
//! in the catalog), report it from a check, and give it fixtures in `fixtures/rules/<id>/`.

pub mod breaking;
pub mod consistency;
pub mod convention;
pub mod scan;
pub mod schema;
pub mod yaml;

use crate::diagnostics::RuleInfo;

/// Declares rule constants and the module's `RULES` list from one block, so a rule cannot be
/// declared and left out of the catalog.
macro_rules! declare_rules {
    ($($(#[$meta:meta])* $name:ident = $rule:expr;)+) => {
        $($(#[$meta])* pub const $name: $crate::diagnostics::RuleInfo = $rule;)+
        /// The rules declared in this module, in catalog order.
        pub const RULES: &[&$crate::diagnostics::RuleInfo] = &[$(&$name),+];
    };
}
use declare_rules;

/// Every rule, grouped by category in the order a file is checked: reading, YAML, schema,
/// consistency across files, conventions, changes since a base revision, then the code (`scan`).
pub fn all() -> impl Iterator<Item = &'static RuleInfo> {
    [yaml::RULES, schema::RULES, consistency::RULES, convention::RULES, breaking::RULES, scan::RULES]
        .into_iter()
        .flatten()
        .copied()
}

/// GitLab's public files and documentation pages the rules cite.
pub(crate) mod gitlab {
    /// A file of the GitLab repository, on its default branch.
    macro_rules! file {
        ($path:literal) => {
            concat!("https://gitlab.com/gitlab-org/gitlab/-/blob/master/", $path)
        };
    }
    /// A page of GitLab's development documentation.
    macro_rules! dev_doc {
        ($path:literal) => {
            concat!("https://docs.gitlab.com/development/internal_analytics/", $path)
        };
    }

    pub const EVENT_SCHEMA: &str = file!("config/events/schema.json");
    pub const METRIC_SCHEMA: &str = file!("config/metrics/schema/base.json");
    pub const PRODUCT_GROUPS: &str = file!("config/metrics/schema/product_groups.json");
    pub const FEATURE_CATEGORIES: &str = file!("config/feature_categories.yml");
    pub const METRIC_LOADER: &str = file!("lib/gitlab/usage/metric_definition.rb");
    pub const EVENT_SPEC: &str = file!("spec/lib/gitlab/tracking/event_definition_spec.rb");
    pub const EVERY_METRIC_SPEC: &str =
        file!("spec/support/shared_examples/config/metrics/every_metric_definition_shared_examples.rb");
    pub const DANGER: &str = file!("tooling/danger/analytics_instrumentation.rb");
    pub const GENERATOR_METRIC_FLOW: &str = file!("scripts/internal_events/cli/flows/metric_definer.rb");
    pub const EVENT_GUIDE: &str = dev_doc!("internal_event_instrumentation/event_definition_guide/");
    pub const QUICK_START: &str = dev_doc!("internal_event_instrumentation/quick_start/");
    pub const EVENT_LIFECYCLE: &str = dev_doc!("internal_event_instrumentation/event_lifecycle/");
    pub const METRIC_GUIDE: &str = dev_doc!("internal_event_instrumentation/metric_definition_guide/");
    pub const MIGRATION: &str = dev_doc!("internal_event_instrumentation/migration/");
    pub const METRICS_DICTIONARY: &str = dev_doc!("metrics/metrics_dictionary/");
    pub const METRICS_LIFECYCLE: &str = dev_doc!("metrics/metrics_lifecycle/");
    pub const REVIEW_GUIDELINES: &str = dev_doc!("review_guidelines/");
    /// Ruby's safe YAML loader, which GitLab reads every definition with.
    pub const PSYCH_SAFE_LOAD: &str = "https://docs.ruby-lang.org/en/master/Psych.html#method-c-safe_load";
}

/// Definition files the examples share. Each is valid and reports nothing on its own; an
/// example changes what its rule is about. Macros, not constants, so `concat!` can build on them.
pub(crate) mod texts {
    /// The internal event `apply_suggestion`, as GitLab's generator writes it.
    macro_rules! event {
        () => {
            "\
---
description: Engineer applies a suggested change from the merge request diff view
internal_events: true
action: apply_suggestion
identifiers:
- project
- namespace
- user
product_group: code_review
product_categories:
- code_review_workflow
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
"
        };
    }
    pub(crate) use event;

    /// An internal-events metric of `apply_suggestion`'s group: key path, description, the
    /// lines from `status:` to `milestone:`, the `time_frame:` lines and the `events:` entries.
    macro_rules! metric {
        ($key_path:literal, $description:literal, $time_frame:literal, $events:literal) => {
            $crate::rules::catalog::texts::metric!(
                $key_path,
                $description,
                "status: active\nmilestone: '17.4'\n",
                $time_frame,
                $events
            )
        };
        ($key_path:literal, $description:literal, $status:literal, $time_frame:literal, $events:literal) => {
            concat!(
                "---\nkey_path: ",
                $key_path,
                "\ndescription: ",
                $description,
                "\nproduct_group: code_review\nproduct_categories:\n- code_review_workflow\n",
                "performance_indicator_type: []\nvalue_type: number\n",
                $status,
                "introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001\n",
                $time_frame,
                "data_source: internal_events\ndata_category: optional\ntiers:\n- free\n- premium\n- ultimate\n",
                "events:\n",
                $events
            )
        };
    }
    pub(crate) use metric;

    /// The all-time and windowed total count of `apply_suggestion`.
    macro_rules! total_metric {
        () => {
            $crate::rules::catalog::texts::metric!(
                "counts.count_total_apply_suggestion",
                "Count of suggested changes applied in merge requests",
                "time_frame:\n- 28d\n- 7d\n- all\n",
                "- name: apply_suggestion\n"
            )
        };
    }
    pub(crate) use total_metric;
}

use crate::diagnostics::ExampleFile;

/// [`texts::event`] at its path, shown by path only.
pub(crate) const EVENT: ExampleFile = ExampleFile::context("config/events/apply_suggestion.yml", texts::event!());
pub(crate) const EVENT_PATH: &str = "config/events/apply_suggestion.yml";
pub(crate) const TOTAL_METRIC_PATH: &str = "config/metrics/counts_all/count_total_apply_suggestion.yml";
