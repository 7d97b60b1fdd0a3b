//! `convention`: what GitLab's generator writes and its reviewers expect, though no GitLab test
//! enforces it.

use super::texts::{event, metric, total_metric};
use super::{EVENT, EVENT_PATH, TOTAL_METRIC_PATH, declare_rules, gitlab};
use crate::diagnostics::{Category, Example, ExampleFile, RuleInfo, Severity};

/// `apply_suggestion` as an event definition with these `identifiers:` lines (and whatever
/// follows them up to `product_group:`, such as `additional_properties`).
macro_rules! event_with {
    ($identifiers:literal) => {
        concat!(
            "\
---
description: Engineer applies a suggested change from the merge request diff view
internal_events: true
action: apply_suggestion
",
            $identifiers,
            "\
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
        )
    };
}

/// `apply_suggestion` removed in 17.9.
macro_rules! removed_event {
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
status: removed
milestone: '17.4'
milestone_removed: '17.9'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
removed_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/171234
tiers:
- free
- premium
- ultimate
"
    };
}

/// The EE-only event `apply_all_suggestions`.
macro_rules! ee_event {
    () => {
        "\
---
description: Engineer applies every suggested change of a merge request at once
internal_events: true
action: apply_all_suggestions
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
    };
}

/// A settings metric whose value is an object, with these lines after `tiers`.
macro_rules! object_metric {
    ($tail:literal) => {
        concat!(
            "\
---
key_path: settings.suggestion_settings
description: Settings of suggested changes on the instance, as an object
product_group: code_review
product_categories:
- code_review_workflow
performance_indicator_type: []
value_type: object
status: active
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
time_frame: none
data_source: system
data_category: optional
tiers:
- free
- premium
- ultimate
",
            $tail
        )
    };
}

/// The monthly unique-user count of `add_suggestion` through RedisHLL, from these lines on.
macro_rules! redis_hll_metric {
    ($status:literal) => {
        concat!(
            "\
---
key_path: redis_hll_counters.code_review.i_code_review_user_add_suggestion_monthly
description: Count of unique users per month who add a suggestion
product_group: code_review
product_categories:
- code_review_workflow
performance_indicator_type: []
value_type: number
",
            $status,
            "\
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
time_frame: 28d
data_source: redis_hll
data_category: optional
tiers:
- free
- premium
- ultimate
instrumentation_class: RedisHLLMetric
options:
  events:
  - i_code_review_user_add_suggestion
"
        )
    };
}

const REDIS_HLL_METRIC_PATH: &str =
    "config/metrics/counts_28d/20210216175159_i_code_review_user_add_suggestion_monthly.yml";
const DISMISS_EVENT_PATH: &str = "config/events/dismiss_suggestion.yml";
const DISMISS_EVENT: ExampleFile = ExampleFile::context(
    DISMISS_EVENT_PATH,
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
const UNIQUE_LABEL_PATH: &str = "config/metrics/counts_all/count_distinct_label_from_apply_suggestion.yml";
const UNIQUE_USER_PATH: &str = "config/metrics/counts_all/count_distinct_user_id_from_apply_suggestion.yml";
const BOTH_EVENTS_PATH: &str =
    "config/metrics/counts_all/count_distinct_user_id_from_apply_suggestion_and_dismiss_suggestion.yml";

declare_rules! {
    EVENT_FILE_NAME = RuleInfo {
        id: "event-file-name",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "Name an internal event's file after its action: `<action>.yml`.",
        explanation: "\
GitLab's event guide keeps one file per internal event, named after its action: the event \
`apply_suggestion` lives in `apply_suggestion.yml`. That is how people find an event's \
definition from the code that triggers it, and how the generator checks that an action is \
free. A file whose name differs from its action is usually a renamed action whose file was not \
renamed, or a copied file.

Rename the file (or fix the action). Legacy Snowplow events, named \
`<unix time>_<Category>_<action>.yml`, are not checked.",
        docs: gitlab::EVENT_GUIDE,
        wrong: Example::files(&[ExampleFile::fields("config/events/apply_suggestion_clicked.yml", &["action"], event!())]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["action"], event!())]),
    };

    METRIC_FILE_NAME = RuleInfo {
        id: "metric-file-name",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "Name a metric's file after the last segment of its key_path (an older `YYYYMMDDhhmmss_` prefix is fine).",
        explanation: "\
The generator writes a metric to `<key>.yml`, where `<key>` is the last segment of its \
`key_path` (`counts.count_total_apply_suggestion` goes to `count_total_apply_suggestion.yml`). \
Older generators prefixed a `YYYYMMDDhhmmss_` timestamp, which is accepted when the rest equals \
the key. A different name usually means the key was changed and the file was not renamed, or \
the other way round, and makes the metric hard to find from its key path.

Rename the file after the key.",
        docs: gitlab::METRICS_DICTIONARY,
        wrong: Example::files(&[
            EVENT,
            ExampleFile::fields("config/metrics/counts_all/count_suggestions.yml", &["key_path"], total_metric!()),
        ]),
        right: Example::files(&[EVENT, ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path"], total_metric!())]),
    };

    METRIC_FOLDER = RuleInfo {
        id: "metric-folder",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "Put a metric in the folder of its time_frame: counts_7d, counts_28d, counts_all (all, or a list), settings or license (none).",
        explanation: "\
Metric folders are named after time frames, and GitLab's reviewers check that a metric sits in \
its own: `7d` in counts_7d, `28d` in counts_28d, `all` or a list of time frames in counts_all, \
and `none` (settings and instance data) in settings or license. The generator places files \
that way; a metric elsewhere was usually moved by hand or had its time frame changed.

Move the file to the folder the message names (under ee/ if it was there).",
        docs: gitlab::REVIEW_GUIDELINES,
        wrong: Example::files(&[
            EVENT,
            ExampleFile::fields(
                "config/metrics/counts_7d/count_total_apply_suggestion.yml",
                &["key_path", "time_frame"],
                total_metric!(),
            ),
        ]),
        right: Example::files(&[EVENT, ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "time_frame"], total_metric!())]),
    };

    EE_FOLDER = RuleInfo {
        id: "ee-folder",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "Internal events and their metrics live under ee/ exactly when their tiers lack `free`.",
        explanation: "\
GitLab's generator writes an internal event, and an internal-events metric, under ee/ when its \
`tiers` lack `free` (it exists only in paid tiers), and under config/ otherwise; reviewers \
check the placement. A definition on the wrong side is usually one whose tiers changed after \
it was generated.

Move the file to the path the message names, or fix `tiers`. Database and other metrics are not \
checked: their file sits beside their instrumentation class, which GitLab's own specs check.",
        docs: gitlab::REVIEW_GUIDELINES,
        wrong: Example::files(&[ExampleFile::fields("config/events/apply_all_suggestions.yml", &["action", "tiers"], ee_event!())]),
        right: Example::files(&[ExampleFile::fields("ee/config/events/apply_all_suggestions.yml", &["action", "tiers"], ee_event!())]),
    };

    REMOVED_FOLDER = RuleInfo {
        id: "removed-folder",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "A removed event has `status: removed` and lives in the removed/ folder; an active one has neither.",
        explanation: "\
To remove an event, GitLab's event lifecycle moves its file to the removed/ folder beside it \
and sets `status: removed`, `milestone_removed` and `removed_by_url`. A file in removed/ \
without the status, or a removed event outside removed/, is a removal done halfway: tools and \
people reading the folders see a different state than tools reading the status.

Do the other half: move the file, or set (or drop) the status.",
        docs: gitlab::EVENT_LIFECYCLE,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["action", "status", "milestone_removed", "removed_by_url"], removed_event!())]),
        right: Example::files(&[ExampleFile::fields(
            "config/events/removed/apply_suggestion.yml",
            &["action", "status", "milestone_removed", "removed_by_url"],
            removed_event!(),
        )]),
    };

    SHORT_DESCRIPTION = RuleInfo {
        id: "short-description",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "Describe what is tracked, where and when, in a sentence a non-engineer understands.",
        explanation: "\
Descriptions are how people find and reuse events and metrics in the metrics dictionary. The \
generator asks for \"10+ words likely\", but GitLab's own definitions are often shorter \
(\"Count of service desk issues\"), so this warns only about descriptions of fewer than 3 words \
and placeholders such as `TODO`.

Say who does what, where: \"Engineer applies a suggested change from the merge request diff \
view\". Removed definitions are not checked.",
        docs: gitlab::EVENT_GUIDE,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["description"], "\
---
description: Suggestion applied
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
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["description"], event!())]),
    };

    UNDECLARED_PROPERTY = RuleInfo {
        id: "undeclared-property",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "A metric can count unique values of, filter on, or sum only additional properties its event declares.",
        explanation: "\
`unique: label`, `unique: property` and `unique: value`, a key of `filter`, and \
`operator: sum(value)` read additional properties of the event. An event sends only the \
properties its definition declares under `additional_properties`, so a metric reading an \
undeclared one stays at zero, or counts nothing but empty values. GitLab's reviewers check \
that each one is declared.

Declare the property in the event (with a description of what it holds), and send it where the \
event is triggered; or count by something the event has.",
        docs: gitlab::METRIC_GUIDE,
        wrong: Example::files(&[
            ExampleFile::fields(EVENT_PATH, &["action", "identifiers"], event!()),
            ExampleFile::fields(UNIQUE_LABEL_PATH, &["key_path", "events"], metric!(
                "redis_hll_counters.count_distinct_label_from_apply_suggestion",
                "Count of unique places where suggested changes were applied in merge requests",
                "time_frame:\n- 28d\n- 7d\n",
                "- name: apply_suggestion\n  unique: label\n"
            )),
        ]),
        right: Example::files(&[
            ExampleFile::fields(EVENT_PATH, &["action", "identifiers", "additional_properties"], event_with!("\
identifiers:
- project
- namespace
- user
additional_properties:
  label:
    description: Where the suggestion was applied (diff or overview)
")),
            ExampleFile::fields(UNIQUE_LABEL_PATH, &["key_path", "events"], metric!(
                "redis_hll_counters.count_distinct_label_from_apply_suggestion",
                "Count of unique places where suggested changes were applied in merge requests",
                "time_frame:\n- 28d\n- 7d\n",
                "- name: apply_suggestion\n  unique: label\n"
            )),
        ]),
    };

    MISSING_IDENTIFIER = RuleInfo {
        id: "missing-identifier",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "`unique: user.id`, `project.id` or `namespace.id` needs that identifier in the event's `identifiers`.",
        explanation: "\
A unique count of users, projects or namespaces counts the identifier sent with each event. An \
event sends the identifiers its definition lists under `identifiers`; one without `user` cannot \
be counted by `user.id`, and the metric stays at zero. GitLab's reviewers check the pair.

Add the identifier to the event (and pass it where the event is triggered), or count by an \
identifier the event has.",
        docs: gitlab::METRIC_GUIDE,
        wrong: Example::files(&[
            ExampleFile::fields(EVENT_PATH, &["action", "identifiers"], event_with!("\
identifiers:
- project
- namespace
")),
            ExampleFile::fields(UNIQUE_USER_PATH, &["key_path", "events"], metric!(
                "redis_hll_counters.count_distinct_user_id_from_apply_suggestion",
                "Count of unique users who applied a suggested change in a merge request",
                "time_frame:\n- 28d\n- 7d\n",
                "- name: apply_suggestion\n  unique: user.id\n"
            )),
        ]),
        right: Example::files(&[
            ExampleFile::fields(EVENT_PATH, &["action", "identifiers"], event!()),
            ExampleFile::fields(UNIQUE_USER_PATH, &["key_path", "events"], metric!(
                "redis_hll_counters.count_distinct_user_id_from_apply_suggestion",
                "Count of unique users who applied a suggested change in a merge request",
                "time_frame:\n- 28d\n- 7d\n",
                "- name: apply_suggestion\n  unique: user.id\n"
            )),
        ]),
    };

    MIXED_EVENT_RULES = RuleInfo {
        id: "mixed-event-rules",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "All event rules of one metric count the same way: unique by the same key, totals, or sums.",
        explanation: "\
GitLab derives one instrumentation class per internal-events metric from its event rules: a sum \
when the first has `operator: sum(value)`, a unique count when they have `unique`, a total \
count otherwise. Rules that count differently cannot be combined in one metric: one of them is \
counted the wrong way.

Make every rule count the same way, or split the metric in two.",
        docs: gitlab::METRIC_GUIDE,
        wrong: Example::files(&[
            EVENT,
            DISMISS_EVENT,
            ExampleFile::fields(BOTH_EVENTS_PATH, &["key_path", "events"], metric!(
                "redis_hll_counters.count_distinct_user_id_from_apply_suggestion_and_dismiss_suggestion",
                "Count of unique users who applied or dismissed a suggested change in a merge request",
                "time_frame:\n- 28d\n- 7d\n",
                "- name: apply_suggestion\n  unique: user.id\n- name: dismiss_suggestion\n"
            )),
        ]),
        right: Example::files(&[
            EVENT,
            DISMISS_EVENT,
            ExampleFile::fields(BOTH_EVENTS_PATH, &["key_path", "events"], metric!(
                "redis_hll_counters.count_distinct_user_id_from_apply_suggestion_and_dismiss_suggestion",
                "Count of unique users who applied or dismissed a suggested change in a merge request",
                "time_frame:\n- 28d\n- 7d\n",
                "- name: apply_suggestion\n  unique: user.id\n- name: dismiss_suggestion\n  unique: user.id\n"
            )),
        ]),
    };

    COUNTS_REMOVED_EVENT = RuleInfo {
        id: "counts-removed-event",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "An active metric counts an event that was removed; remove the metric as well, or restore the event.",
        explanation: "\
A removed event (`status: removed`, in removed/) is no longer triggered, so an active metric \
counting it reports nothing new, and dashboards built on it silently flatten. GitLab's metric \
lifecycle removes the metrics of an event together with it.

Remove the metric too (`status: removed`, `milestone_removed`, `removed_by_url`), make it count \
an event that replaced the old one (as a new metric), or restore the event.",
        docs: gitlab::METRICS_LIFECYCLE,
        wrong: Example::files(&[
            ExampleFile::fields("config/events/removed/apply_suggestion.yml", &["action", "status"], removed_event!()),
            ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "status", "events"], total_metric!()),
        ]),
        right: Example::files(&[
            ExampleFile::fields("config/events/removed/apply_suggestion.yml", &["action", "status"], removed_event!()),
            ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "status", "milestone_removed", "removed_by_url", "events"], metric!(
                "counts.count_total_apply_suggestion",
                "Count of suggested changes applied in merge requests",
                "status: removed\nmilestone: '17.4'\nmilestone_removed: '17.9'\nremoved_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/171234\n",
                "time_frame:\n- 28d\n- 7d\n- all\n",
                "- name: apply_suggestion\n"
            )),
        ]),
    };

    DEPRECATED_DATA_SOURCE = RuleInfo {
        id: "deprecated-data-source",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "The redis and redis_hll data sources are deprecated; count internal events (`data_source: internal_events`).",
        explanation: "\
Metrics backed by Redis counters (`data_source: redis`) and RedisHLL (`redis_hll`) are \
deprecated: GitLab's Danger bot suggests `internal_events` for every new one, and reviewers \
reject them. An internal event counts the same things, is checked against its definition, and \
feeds Snowplow as well as Service Ping.

Define an internal event, trigger it where the Redis counter was incremented, and count it with \
an internal-events metric; then remove the Redis metric. GitLab's migration guide describes the \
steps. Removed metrics are not checked.",
        docs: gitlab::MIGRATION,
        wrong: Example::files(&[ExampleFile::fields(REDIS_HLL_METRIC_PATH, &["key_path", "status", "data_source", "instrumentation_class"], redis_hll_metric!("\
status: active
milestone: '17.4'
"))]),
        right: Example::files(&[ExampleFile::fields(REDIS_HLL_METRIC_PATH, &["key_path", "status", "milestone_removed", "removed_by_url", "data_source"], redis_hll_metric!("\
status: removed
milestone: '17.4'
milestone_removed: '17.9'
removed_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/171234
"))]),
    };

    OBJECT_WITHOUT_SCHEMA = RuleInfo {
        id: "object-without-schema",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "A metric with `value_type: object` names the JSON schema of its value in `value_json_schema`.",
        explanation: "\
An object-valued metric sends a structure, not a number, and consumers of Service Ping rely on \
its shape. GitLab's metric specs check the value of every metric that names a \
`value_json_schema` against that schema; without one, the shape is unchecked and can change \
unnoticed.

Write a JSON schema for the value (GitLab keeps them in config/metrics/objects_schemas/) and \
name its path in `value_json_schema`.",
        docs: gitlab::EVERY_METRIC_SPEC,
        wrong: Example::files(&[ExampleFile::fields(
            "config/metrics/settings/suggestion_settings.yml",
            &["key_path", "value_type"],
            object_metric!(""),
        )]),
        right: Example::files(&[ExampleFile::fields(
            "config/metrics/settings/suggestion_settings.yml",
            &["key_path", "value_type", "value_json_schema"],
            object_metric!("value_json_schema: config/metrics/objects_schemas/suggestion_settings_schema.json\n"),
        )]),
    };

    FILE_NAME_LENGTH = RuleInfo {
        id: "file-name-length",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "Keep metric file names within 100 characters, the generator's limit; choose a shorter key.",
        explanation: "\
GitLab's generator refuses metric file names longer than 100 characters (\"The default filename \
will be too long\") and asks for a shorter name, which replaces the events part of the key. \
Long names come from metrics of several events, whose actions are joined with `_and_`.

Choose a shorter key that still says what is counted, and rename the file with it.",
        docs: gitlab::GENERATOR_METRIC_FLOW,
        wrong: Example::files(&[
            EVENT,
            DISMISS_EVENT,
            ExampleFile::fields(
                "config/metrics/counts_all/count_distinct_user_id_from_apply_suggestion_and_dismiss_suggestion_in_the_merge_request_diff_view.yml",
                &["key_path"],
                metric!(
                    "redis_hll_counters.count_distinct_user_id_from_apply_suggestion_and_dismiss_suggestion_in_the_merge_request_diff_view",
                    "Count of unique users who applied or dismissed a suggested change in a merge request",
                    "time_frame:\n- 28d\n- 7d\n",
                    "- name: apply_suggestion\n  unique: user.id\n- name: dismiss_suggestion\n  unique: user.id\n"
                ),
            ),
        ]),
        right: Example::files(&[
            EVENT,
            DISMISS_EVENT,
            ExampleFile::fields(BOTH_EVENTS_PATH, &["key_path"], metric!(
                "redis_hll_counters.count_distinct_user_id_from_apply_suggestion_and_dismiss_suggestion",
                "Count of unique users who applied or dismissed a suggested change in a merge request",
                "time_frame:\n- 28d\n- 7d\n",
                "- name: apply_suggestion\n  unique: user.id\n- name: dismiss_suggestion\n  unique: user.id\n"
            )),
        ]),
    };

    NOT_INTERNAL_EVENT = RuleInfo {
        id: "not-internal-event",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "New events are internal events: add `internal_events: true` (and no `category`).",
        explanation: "\
GitLab's current events are internal events, marked `internal_events: true` and without a \
`category`; legacy Snowplow events carry a `category` instead. An event with neither, or with \
the old marker `category: InternalEventTracking`, is an internal event in an outdated format: \
metrics cannot count it, since GitLab's spec matches them only with events marked \
`internal_events: true`.

Add `internal_events: true` and remove `category`. Removed events are not checked.",
        docs: gitlab::EVENT_GUIDE,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["description", "action"], "\
---
description: Engineer applies a suggested change from the merge request diff view
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
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["description", "internal_events", "action"], event!())]),
    };

    INTRODUCTION_CHANGED = RuleInfo {
        id: "introduction-changed",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "Keep `milestone` and `introduced_by_url` of a definition that already exists; they record when and by which merge request it was introduced.",
        explanation: "\
`milestone` and `introduced_by_url` say when a definition was introduced and by which merge \
request. The metrics dictionary shows them and analysts read them to know since when data \
exists, so a definition that already exists on the target branch keeps them. A changed value \
usually means the definition was written again over the merged one, for example by a plan or \
the wizard with `--force`, which write the current milestone and `TODO`.

Restore the values of the target branch. Replacing a `TODO` (or an empty value) there with the \
real URL is not reported. Checked only with `validate --base REV`.",
        docs: gitlab::EVENT_LIFECYCLE,
        wrong: Example::changed(
            &[EVENT],
            &[ExampleFile::fields(EVENT_PATH, &["milestone", "introduced_by_url"], "\
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
milestone: '17.9'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/170002
tiers:
- free
- premium
- ultimate
")],
        ),
        right: Example::changed(
            &[EVENT],
            &[ExampleFile::fields(EVENT_PATH, &["description", "milestone", "introduced_by_url"], "\
---
description: Engineer applies a suggested change from the diff view of a merge request
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
")],
        ),
    };
}
