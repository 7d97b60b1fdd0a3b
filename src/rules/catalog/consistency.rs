//! `consistency`: what GitLab's loader and specs reject across files.

use super::texts::{event, total_metric};
use super::{EVENT, EVENT_PATH, TOTAL_METRIC_PATH, declare_rules, gitlab};
use crate::diagnostics::{Category, Example, ExampleFile, RuleInfo, Severity};

/// The weekly total count of `apply_suggestion` in its own file, as older generators wrote it.
macro_rules! weekly_metric {
    ($key_path:literal) => {
        concat!(
            "\
---
key_path: ",
            $key_path,
            "
description: Count of suggested changes applied in merge requests, weekly
product_group: code_review
product_categories:
- code_review_workflow
performance_indicator_type: []
value_type: number
status: active
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
time_frame: 7d
data_source: internal_events
data_category: optional
tiers:
- free
- premium
- ultimate
events:
- name: apply_suggestion
"
        )
    };
}

/// An EE-only internal event with the given action.
macro_rules! ee_event {
    ($action:literal) => {
        concat!(
            "\
---
description: Engineer applies every suggested change of a merge request at once
internal_events: true
action: ",
            $action,
            "
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
- premium
- ultimate
"
        )
    };
}

declare_rules! {
    DUPLICATE_KEY_PATH = RuleInfo {
        id: "duplicate-key-path",
        category: Category::Consistency,
        severity: Severity::Error,
        help: "Key paths must be unique after `time_frame` expansion (`_weekly`, `_monthly`); rename one metric or delete the duplicate.",
        explanation: "\
A metric's `key_path` is its identity in the Service Ping payload. GitLab's metric loader raises \
\"Metric '...' is already defined\" when two definitions share one, which fails every spec that \
loads metrics. A file whose `time_frame` is a list becomes one metric per entry, with `_weekly` \
(7d), `_monthly` (28d) or nothing (all) appended to `key_path`: `counts.x` with \
`[28d, 7d, all]` also claims `counts.x_weekly` and `counts.x_monthly`, so it collides with an \
older single-window file defining `counts.x_weekly`.

Delete the duplicate if both count the same thing, or give the new metric a key of its own. The \
finding is reported on every later file and names the first one.",
        docs: gitlab::METRIC_LOADER,
        wrong: Example::files(&[
            EVENT,
            ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "time_frame"], total_metric!()),
            ExampleFile::fields(
                "config/metrics/counts_7d/count_total_apply_suggestion_weekly.yml",
                &["key_path", "time_frame"],
                weekly_metric!("counts.count_total_apply_suggestion_weekly"),
            ),
        ]),
        right: Example::files(&[EVENT, ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "time_frame"], total_metric!())]),
    };

    DUPLICATE_ACTION = RuleInfo {
        id: "duplicate-action",
        category: Category::Consistency,
        severity: Severity::Error,
        help: "Internal event actions must be unique across config/events, ee/config/events and their removed/ folders; rename one event.",
        explanation: "\
An internal event is triggered and counted by its `action`, so two internal events \
(`internal_events: true`) must not share one, in CE, EE or the removed/ folders. GitLab's event \
definition spec fails when they do (\"has no duplicated actions in InternalEventTracking \
events\"). Legacy Snowplow events may share actions under different categories and are not \
compared.

Give the new event an action of its own (and rename its file to match), or delete the copy.",
        docs: gitlab::EVENT_SPEC,
        wrong: Example::files(&[
            ExampleFile::fields(EVENT_PATH, &["action", "tiers"], event!()),
            ExampleFile::fields("ee/config/events/apply_suggestion.yml", &["action", "tiers"], ee_event!("apply_suggestion")),
        ]),
        right: Example::files(&[
            ExampleFile::fields(EVENT_PATH, &["action", "tiers"], event!()),
            ExampleFile::fields(
                "ee/config/events/apply_all_suggestions.yml",
                &["action", "tiers"],
                ee_event!("apply_all_suggestions"),
            ),
        ]),
    };

    INTERNAL_EVENT_CATEGORY = RuleInfo {
        id: "internal-event-category",
        category: Category::Consistency,
        severity: Severity::Error,
        help: "Remove `category`: internal events have none, and GitLab's event definition spec rejects it.",
        explanation: "\
`category` belongs to legacy Snowplow events, which were looked up by category and action. \
Internal events are identified by their action alone, and GitLab's event definition spec \
(\"only has internal events without category\") fails on an event with `internal_events: true` \
and a `category`.

Delete the `category` line.",
        docs: gitlab::EVENT_SPEC,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["internal_events", "action", "category"], concat!(event!(), "\
category: MergeRequests
"))]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["internal_events", "action"], event!())]),
    };

    UNDEFINED_EVENT = RuleInfo {
        id: "undefined-event",
        category: Category::Consistency,
        severity: Severity::Error,
        help: "Every event an internal_events metric counts needs a definition with that `action` and `internal_events: true`.",
        explanation: "\
A metric with `data_source: internal_events` counts the events its `events[].name` entries name. \
GitLab's event definition spec checks, for every metric that is not removed, that each name is \
the `action` of an event definition with `internal_events: true`, in CE or EE (\"has event \
definitions for all events used in Internal Events metric definitions\"). A metric counting an \
event that does not exist, or a legacy event, would stay at zero.

Define the event first (`eventdef` can), fix a misspelt name, or mark the legacy event \
`internal_events: true` once it is triggered as an internal event.",
        docs: gitlab::EVENT_SPEC,
        wrong: Example::files(&[ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "events"], total_metric!())]),
        right: Example::files(&[
            ExampleFile::fields(EVENT_PATH, &["action"], event!()),
            ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "events"], total_metric!()),
        ]),
    };

    METRIC_FOLDER_FILE_TYPE = RuleInfo {
        id: "metric-folder-file-type",
        category: Category::Consistency,
        severity: Severity::Error,
        help: "Keep only `.yml` definitions and `.json` schemas in the metric folders; GitLab's metric specs fail on anything else.",
        explanation: "\
GitLab's shared examples for metric definitions allow only `.yml` and `.json` files under \
config/metrics (hidden files aside). A definition saved as `.yaml` is never loaded as a metric \
and fails that spec, and so does a stray README or note.

Rename a `.yaml` definition to `.yml`; move notes out of the metric folders.",
        docs: gitlab::EVERY_METRIC_SPEC,
        wrong: Example::files(&[
            EVENT,
            ExampleFile::context(
                "config/metrics/counts_all/count_total_apply_suggestion.yaml",
                total_metric!(),
            ),
        ]),
        right: Example::files(&[EVENT, ExampleFile::context(TOTAL_METRIC_PATH, total_metric!())]),
    };

    UNLOADED_FILE = RuleInfo {
        id: "unloaded-file",
        category: Category::Consistency,
        severity: Severity::Error,
        help: "GitLab never loads this file: definitions end in `.yml` and sit directly in their folder (events also in removed/).",
        explanation: "\
GitLab loads events from `config/events/*.yml` and `ee/config/events/*.yml` (removed events from \
their removed/ folders) and metrics from `config/metrics/<folder>/*.yml` and the same under ee/. \
A `.yaml` file, a definition in a deeper folder (`config/events/drafts/`) or directly in \
config/metrics, or any other file among the events, is never read: the event or metric it \
defines does not exist for GitLab, although it looks defined to a reviewer.

Rename the file to `.yml` or move it to its folder; delete what is not a definition.",
        docs: gitlab::EVENT_GUIDE,
        wrong: Example::files(&[ExampleFile::context("config/events/drafts/apply_suggestion.yml", event!())]),
        right: Example::files(&[ExampleFile::context(EVENT_PATH, event!())]),
    };
}
