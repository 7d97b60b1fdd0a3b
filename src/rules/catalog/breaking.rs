//! `breaking`: changes a merge request must not make to definitions that exist on the target
//! branch (`validate --base REV`).

use super::texts::{event, metric, total_metric};
use super::{EVENT, EVENT_PATH, TOTAL_METRIC_PATH, declare_rules, gitlab};
use crate::diagnostics::{Category, Example, ExampleFile, RuleInfo, Severity};

/// The @-mentions GitLab's metrics lifecycle asks for before a performance indicator changes.
pub const DATA_TEAMS: &str = "@csops-team, @gitlab-data/analytics-engineers and @gitlab-data/product-analysts";

const DISMISS_EVENT: ExampleFile = ExampleFile::context(
    "config/events/dismiss_suggestion.yml",
    "\
---
description: Engineer dismisses a suggested change from the merge request diff view
internal_events: true
action: dismiss_suggestion
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
",
);

/// `apply_suggestion`, showing its action.
const EVENT_ACTION: ExampleFile = ExampleFile::fields(EVENT_PATH, &["action"], event!());

/// The total count of `apply_suggestion` as it is on the target branch.
const TOTAL_METRIC: ExampleFile = ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "events"], total_metric!());

/// The total count of `apply_suggestion`, removed by this merge request, with these lines
/// from `status:` to `milestone:`.
macro_rules! removed_metric {
    ($status:literal) => {
        metric!(
            "counts.count_total_apply_suggestion",
            "Count of suggested changes applied in merge requests",
            $status,
            "time_frame:\n- 28d\n- 7d\n- all\n",
            "- name: apply_suggestion\n"
        )
    };
}

/// A metric with this description that is a performance indicator of these types (a YAML list
/// after the key, or ` []`).
macro_rules! indicator_metric {
    ($types:literal) => {
        indicator_metric!("Count of unique users who applied a suggested change in a merge request", $types)
    };
    ($description:literal, $types:literal) => {
        concat!(
            "\
---
key_path: redis_hll_counters.count_distinct_user_id_from_apply_suggestion
description: ",
            $description,
            "
product_group: code_review
product_categories:
- code_review_workflow
performance_indicator_type:",
            $types,
            "\
value_type: number
status: active
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
time_frame:
- 28d
- 7d
data_source: internal_events
data_category: optional
tiers:
- free
- premium
- ultimate
events:
- name: apply_suggestion
  unique: user.id
"
        )
    };
}

const INDICATOR_PATH: &str = "config/metrics/counts_all/count_distinct_user_id_from_apply_suggestion.yml";

/// `apply_suggestion` renamed to `apply_suggestion_in_diff`, in its renamed file.
const RENAMED_EVENT_PATH: &str = "config/events/apply_suggestion_in_diff.yml";

declare_rules! {
    METRIC_CHANGED = RuleInfo {
        id: "breaking-metric-changed",
        category: Category::Breaking,
        severity: Severity::Error,
        help: "A metric's key_path, time_frame, value_type, data_source and events never change once merged; \
add a new metric instead (and mark this one `status: removed` if it is no longer wanted).",
        explanation: "\
Service Ping data is compared across GitLab versions by key path: instances on older versions \
keep sending the metric as it was defined there. GitLab's metrics lifecycle therefore forbids \
changing a merged metric's calculation or its `key_path`, `time_frame`, `value_type` or \
`data_source`; the `events` an internal-events metric counts are its calculation, so they are \
frozen too. A changed metric mixes two meanings under one name, and the history of both is lost.

Keep the old metric as it is and add a new one for the new meaning (remove the old one if it is \
no longer wanted). Reordering a list changes nothing and is allowed. eventdef compares with the \
merge base of `--base REV` and HEAD, matching metrics by path, then by git's rename detection, \
then by key path.",
        docs: gitlab::METRICS_LIFECYCLE,
        wrong: Example::changed(
            &[EVENT, DISMISS_EVENT, TOTAL_METRIC],
            &[EVENT, DISMISS_EVENT, ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "events"], metric!(
                "counts.count_total_apply_suggestion",
                "Count of suggested changes applied in merge requests",
                "time_frame:\n- 28d\n- 7d\n- all\n",
                "- name: apply_suggestion\n- name: dismiss_suggestion\n"
            ))],
        ),
        right: Example::changed(
            &[EVENT, DISMISS_EVENT, TOTAL_METRIC],
            &[EVENT, DISMISS_EVENT, TOTAL_METRIC, ExampleFile::fields(
                "config/metrics/counts_all/count_total_apply_suggestion_and_dismiss_suggestion.yml",
                &["key_path", "events"],
                metric!(
                    "counts.count_total_apply_suggestion_and_dismiss_suggestion",
                    "Count of suggested changes applied or dismissed in merge requests",
                    "time_frame:\n- 28d\n- 7d\n- all\n",
                    "- name: apply_suggestion\n- name: dismiss_suggestion\n"
                ),
            )],
        ),
    };

    METRIC_DELETED = RuleInfo {
        id: "breaking-metric-deleted",
        category: Category::Breaking,
        severity: Severity::Error,
        help: "Never delete a metric's YAML: restore the file and set `status: removed`, `removed_by_url` and \
`milestone_removed` instead.",
        explanation: "\
A metric's definition is never deleted: instances on older versions keep reporting it, and the \
analytics teams filter on the record of removed metrics. GitLab's metrics lifecycle removes a \
metric by removing its instrumentation and setting `status: removed`, `removed_by_url` (the \
removing merge request) and `milestone_removed` (its milestone, quoted) in the definition, \
which stays.

Restore the file and mark it removed. A removed metric's file is not deleted either.",
        docs: gitlab::METRICS_LIFECYCLE,
        wrong: Example::changed(&[EVENT, TOTAL_METRIC], &[EVENT]),
        right: Example::changed(
            &[EVENT, TOTAL_METRIC],
            &[EVENT, ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "status", "milestone_removed", "removed_by_url"], removed_metric!(
                "status: removed\nmilestone: '17.4'\nmilestone_removed: '17.9'\nremoved_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/171234\n"
            ))],
        ),
    };

    EVENT_RENAMED = RuleInfo {
        id: "breaking-event-renamed",
        category: Category::Breaking,
        severity: Severity::Error,
        help: "Renaming an event is deleting it and adding a new one; keep the old action while a metric that \
is not removed still counts it.",
        explanation: "\
An event is triggered and counted by its `action`. Changing the action is deleting the event and \
creating another: GitLab's event lifecycle allows it only while no metric uses the event, since \
a metric still counting the old action drops to zero (and its `events` must not change either).

Keep the old event and add the new one beside it, with new metrics counting it; remove the old \
metrics and then the old event when they are no longer wanted. The finding lists the metrics \
that still count the old action.",
        docs: gitlab::EVENT_LIFECYCLE,
        wrong: Example::changed(
            &[EVENT_ACTION, TOTAL_METRIC],
            &[
                ExampleFile::fields(RENAMED_EVENT_PATH, &["action"], "\
---
description: Engineer applies a suggested change from the merge request diff view
internal_events: true
action: apply_suggestion_in_diff
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
"),
                TOTAL_METRIC,
            ],
        )
        .also(&["undefined-event"]),
        right: Example::changed(
            &[EVENT_ACTION, TOTAL_METRIC],
            &[
                EVENT_ACTION,
                ExampleFile::fields(RENAMED_EVENT_PATH, &["action"], "\
---
description: Engineer applies a suggested change from the merge request diff view
internal_events: true
action: apply_suggestion_in_diff
identifiers:
- project
- namespace
- user
product_group: code_review
product_categories:
- code_review_workflow
milestone: '17.5'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/170001
tiers:
- free
- premium
- ultimate
"),
                TOTAL_METRIC,
            ],
        ),
    };

    EVENT_DELETED = RuleInfo {
        id: "breaking-event-deleted",
        category: Category::Breaking,
        severity: Severity::Error,
        help: "Keep the event while a metric that is not removed still counts it; to retire it, move it to \
`removed/` with `status: removed`, `milestone_removed` and `removed_by_url`.",
        explanation: "\
An event a metric still counts must stay defined: the metric would count nothing, and GitLab's \
spec fails on a metric naming an undefined event. GitLab's event lifecycle retires an event by \
moving its file to the removed/ folder, setting `status: removed`, `milestone_removed` and \
`removed_by_url`, and removing the tracking calls and their tests, after removing the metrics \
that count it.

Restore the file, then remove the event the documented way. The finding points at the deleted \
path and lists the metrics that still count the event.",
        docs: gitlab::EVENT_LIFECYCLE,
        wrong: Example::changed(&[EVENT_ACTION, TOTAL_METRIC], &[TOTAL_METRIC]).also(&["undefined-event"]),
        right: Example::changed(&[EVENT_ACTION, TOTAL_METRIC], &[EVENT_ACTION, TOTAL_METRIC]),
    };

    REMOVED_INCOMPLETE = RuleInfo {
        id: "breaking-removed-incomplete",
        category: Category::Breaking,
        severity: Severity::Error,
        help: "A definition marked `status: removed` also needs `removed_by_url` (this merge request's URL) and \
`milestone_removed` (the milestone it ships in, quoted).",
        explanation: "\
A removal is recorded in the definition: `removed_by_url` says which merge request removed it \
and `milestone_removed` from which version on it is gone. GitLab's Danger bot asks for both \
whenever a merge request adds `status: removed`; GitLab's schemas require the keys but accept \
an empty `removed_by_url`, which records nothing.

Set `removed_by_url` to this merge request's address and `milestone_removed` to the milestone it \
ships in, quoted (`'17.9'`).",
        docs: gitlab::DANGER,
        wrong: Example::changed(
            &[EVENT, TOTAL_METRIC],
            &[EVENT, ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "status", "milestone_removed", "removed_by_url"], removed_metric!(
                "status: removed\nmilestone: '17.4'\nmilestone_removed: '17.9'\nremoved_by_url:\n"
            ))],
        ),
        right: Example::changed(
            &[EVENT, TOTAL_METRIC],
            &[EVENT, ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "status", "milestone_removed", "removed_by_url"], removed_metric!(
                "status: removed\nmilestone: '17.4'\nmilestone_removed: '17.9'\nremoved_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/171234\n"
            ))],
        ),
    };

    EVENT_MOVED_WITHOUT_STATUS = RuleInfo {
        id: "breaking-event-moved-without-status",
        category: Category::Breaking,
        severity: Severity::Error,
        help: "An event moved to `removed/` must also say `status: removed`, with `milestone_removed` and \
`removed_by_url`.",
        explanation: "\
Moving an event's file to the removed/ folder is the first step of removing it in GitLab's \
event lifecycle; the definition must also say `status: removed`, with `milestone_removed` and \
`removed_by_url`, or tools that read the status still take the event for active.

Add the three fields in the same merge request.",
        docs: gitlab::EVENT_LIFECYCLE,
        wrong: Example::changed(
            &[EVENT_ACTION],
            &[ExampleFile::fields("config/events/removed/apply_suggestion.yml", &["action"], event!())],
        )
        .also(&["removed-folder"]),
        right: Example::changed(
            &[EVENT_ACTION],
            &[ExampleFile::fields(
                "config/events/removed/apply_suggestion.yml",
                &["action", "status", "milestone_removed", "removed_by_url"],
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
status: removed
milestone: '17.4'
milestone_removed: '17.9'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
removed_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/171234
tiers:
- free
- premium
- ultimate
",
            )],
        ),
    };

    PERFORMANCE_INDICATOR = RuleInfo {
        id: "breaking-performance-indicator",
        category: Category::Breaking,
        severity: Severity::Warning,
        help: "Changing a metric's performance_indicator_type, or removing a performance-indicator metric, needs \
the data teams' sign-off: @-mention @csops-team, @gitlab-data/analytics-engineers and \
@gitlab-data/product-analysts on the merge request and wait for all three to acknowledge.",
        explanation: "\
Performance-indicator metrics (GMAU, SMAU, customer health score, ...) feed GitLab's company \
reporting. GitLab's metrics lifecycle asks that changing `performance_indicator_type`, or \
removing such a metric, be announced to @csops-team, @gitlab-data/analytics-engineers and \
@gitlab-data/product-analysts on the merge request or issue, and acknowledged by all three.

It is a warning: nothing in the file is wrong, but people must agree before it merges. Other \
changes, such as a clearer description, need no sign-off.",
        docs: gitlab::METRICS_LIFECYCLE,
        wrong: Example::changed(
            &[EVENT, ExampleFile::fields(INDICATOR_PATH, &["key_path", "performance_indicator_type"], indicator_metric!(" []\n"))],
            &[EVENT, ExampleFile::fields(INDICATOR_PATH, &["key_path", "performance_indicator_type"], indicator_metric!("\n- gmau\n"))],
        ),
        right: Example::changed(
            &[EVENT, ExampleFile::fields(INDICATOR_PATH, &["key_path", "performance_indicator_type"], indicator_metric!(" []\n"))],
            &[EVENT, ExampleFile::fields(INDICATOR_PATH, &["key_path", "description", "performance_indicator_type"], indicator_metric!(
                "Count of unique users who applied a suggested change in the diff of a merge request",
                " []\n"
            ))],
        ),
    };
}
