//! `schema`: what GitLab's JSON schemas for event and metric definitions reject.

use super::texts::{event, metric, total_metric};
use super::{EVENT, EVENT_PATH, TOTAL_METRIC_PATH, declare_rules, gitlab};
use crate::diagnostics::{Category, Example, ExampleFile, RuleInfo, Severity};

/// The unique-user count of `apply_suggestion` over these time frames.
macro_rules! unique_metric {
    ($time_frame:literal) => {
        metric!(
            "redis_hll_counters.count_distinct_user_id_from_apply_suggestion",
            "Count of unique users who applied a suggested change in a merge request",
            $time_frame,
            "- name: apply_suggestion\n  unique: user.id\n"
        )
    };
}

const UNIQUE_METRIC_PATH: &str = "config/metrics/counts_all/count_distinct_user_id_from_apply_suggestion.yml";

declare_rules! {
    REQUIRED = RuleInfo {
        id: "schema-required",
        category: Category::Schema,
        severity: Severity::Error,
        help: "Add the missing field; GitLab's schema requires it in every definition of this kind.",
        explanation: "\
GitLab's schemas list the fields every definition must have. An event needs `description`, \
`action`, `product_group`, `milestone`, `introduced_by_url` and `tiers`; a metric needs \
`key_path`, `description`, `value_type`, `status`, `product_group`, `time_frame`, \
`data_source`, `data_category`, `milestone`, `introduced_by_url` and `tiers`. GitLab's specs \
validate every definition against them, so a missing field fails the pipeline.

Add the field; the message says what it holds. `eventdef` writes every required field when it \
generates a definition.",
        docs: gitlab::EVENT_SCHEMA,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["action", "introduced_by_url"], "\
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
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["action", "milestone", "introduced_by_url"], event!())]),
    };

    UNKNOWN_KEY = RuleInfo {
        id: "schema-unknown-key",
        category: Category::Schema,
        severity: Severity::Error,
        help: "Remove or rename the key; GitLab's schema allows no fields besides its own.",
        explanation: "\
GitLab's schemas set `additionalProperties: false`: a definition may hold only the fields the \
schema names. A misspelt field (`milestones`), or one older schemas had and the current ones \
dropped (`product_section`, `product_stage`, `product_category`, `distribution`, `tier`), fails \
the pipeline.

Rename a misspelt key (the message suggests the closest field) or delete a legacy one; \
`product_categories` and `tiers` replace the old fields.",
        docs: gitlab::EVENT_SCHEMA,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["product_section", "product_group"], "\
---
description: Engineer applies a suggested change from the merge request diff view
internal_events: true
action: apply_suggestion
identifiers:
- project
- namespace
- user
product_section: dev
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
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["product_group"], event!())]),
    };

    TYPE = RuleInfo {
        id: "schema-type",
        category: Category::Schema,
        severity: Severity::Error,
        help: "Give the value the type GitLab's schema expects (quote milestones and other text).",
        explanation: "\
YAML decides the type of an unquoted value by its look: `17.10` is the number 17.1, `yes` and \
`no` are booleans, `~` is null. GitLab's schemas want text for milestones, descriptions and \
names, lists for `tiers` and `identifiers`, and so on; a value of another type fails the \
pipeline, and a milestone read as a number is even wrong (`17.10` becomes `17.1`).

Quote text values (`milestone: '17.10'`) and write lists as lists.",
        docs: gitlab::EVENT_SCHEMA,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["milestone"], "\
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
milestone: 17.10
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["milestone"], "\
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
milestone: '17.10'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")]),
    };

    ENUM = RuleInfo {
        id: "schema-enum",
        category: Category::Schema,
        severity: Severity::Error,
        help: "Use one of the values GitLab's schema allows for this field.",
        explanation: "\
Many fields take one of a fixed list of values: `tiers` (free, premium, ultimate), \
`identifiers` (project, namespace, user, feature_enabled_by_namespace_ids), a metric's \
`status`, `value_type`, `data_source`, `data_category` and `time_frame`, an event rule's \
`unique`. Values are case-sensitive: GitLab's schema accepts `optional` but not the `Optional` \
older definitions used. Any other value fails the pipeline.

Pick a value from the list the message gives.",
        docs: gitlab::METRIC_SCHEMA,
        wrong: Example::files(&[
            EVENT,
            ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "data_category"], "\
---
key_path: counts.count_total_apply_suggestion
description: Count of suggested changes applied in merge requests
product_group: code_review
product_categories:
- code_review_workflow
performance_indicator_type: []
value_type: number
status: active
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
time_frame:
- 28d
- 7d
- all
data_source: internal_events
data_category: Optional
tiers:
- free
- premium
- ultimate
events:
- name: apply_suggestion
"),
        ]),
        right: Example::files(&[EVENT, ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "data_category"], total_metric!())]),
    };

    PATTERN = RuleInfo {
        id: "schema-pattern",
        category: Category::Schema,
        severity: Severity::Error,
        help: "Write the value in the form GitLab's schema requires (see the message).",
        explanation: "\
Some text fields must have a given form. `milestone` and `milestone_removed` are a GitLab \
version, major.minor (`'17.4'`; a leading `<` such as `'<13.9'` marks an old, unknown \
milestone); an event's `action` holds only lower-case letters, digits and underscores; a \
metric's `instrumentation_class` is a CamelCase Ruby class name. Anything else fails the \
pipeline.

Write the value in that form; the message says which one applies.",
        docs: gitlab::EVENT_SCHEMA,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["milestone"], "\
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
milestone: next
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["milestone"], event!())]),
    };

    FORMAT = RuleInfo {
        id: "schema-format",
        category: Category::Schema,
        severity: Severity::Error,
        help: "Use a full URL with its scheme, such as https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1.",
        explanation: "\
`introduced_by_url`, `removed_by_url` and `repair_issue_url` have `format: uri` in GitLab's \
schemas, and GitLab's validator enforces formats: the value must be an absolute URL with its \
scheme. An address without `https://`, a merge request number (`!160001`) or a placeholder \
fails the pipeline. (`TODO` at `introduced_by_url`, the generator's placeholder, has its own \
rule: `introduced-by-url-todo`.)

Paste the full address of the merge request (or issue) from the browser.",
        docs: gitlab::EVENT_SCHEMA,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["introduced_by_url"], "\
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
introduced_by_url: gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["introduced_by_url"], event!())]),
    };

    PRODUCT_GROUP = RuleInfo {
        id: "schema-product-group",
        category: Category::Schema,
        severity: Severity::Error,
        help: "Use a product group from config/metrics/schema/product_groups.json (or add the group there).",
        explanation: "\
`product_group` names the team that owns the definition. GitLab's schemas allow only the groups \
listed in `config/metrics/schema/product_groups.json`, written in snake case \
(`project_management`, not `group::project management`). An unknown group fails the pipeline.

Use the group's name from that file (the message suggests the closest one). A new group is \
added to the file first. eventdef reads the file from the repository being checked, so a newly \
added group is known at once.",
        docs: gitlab::PRODUCT_GROUPS,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["product_group"], "\
---
description: Engineer applies a suggested change from the merge request diff view
internal_events: true
action: apply_suggestion
identifiers:
- project
- namespace
- user
product_group: group::code review
product_categories:
- code_review_workflow
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["product_group"], event!())]),
    };

    PRODUCT_CATEGORY = RuleInfo {
        id: "schema-product-category",
        category: Category::Schema,
        severity: Severity::Error,
        help: "Use feature categories listed in config/feature_categories.yml.",
        explanation: "\
`product_categories` lists the feature categories the definition measures. GitLab's schemas \
check every entry against `config/feature_categories.yml` (generated from the handbook's \
stages.yml) with the `known_product_category` format, so a misspelt or retired category fails \
the pipeline.

Use categories from that file (the message suggests the closest one). eventdef reads the file \
from the repository being checked.",
        docs: gitlab::FEATURE_CATEGORIES,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["product_categories"], "\
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
- code_review
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["product_categories"], event!())]),
    };

    CONDITIONAL = RuleInfo {
        id: "schema-conditional",
        category: Category::Schema,
        severity: Severity::Error,
        help: "Some fields are required or forbidden by the values of others (status, data_source, unique counts, active metrics); follow the message.",
        explanation: "\
Some of GitLab's schema rules depend on other fields: `status: removed` requires \
`removed_by_url` and `milestone_removed`; `status: broken` requires `repair_issue_url`; an \
active metric requires `product_categories`; `data_source: internal_events` requires `events` \
and forbids `instrumentation_class`; a unique count (every event rule has `unique`) may only \
cover `7d` and `28d`, because GitLab cannot count distinct users over all time.

Follow the message: add the field the other values require, or remove the one they forbid. \
In the example, the unique count drops `all` from its time frames.",
        docs: gitlab::METRIC_SCHEMA,
        wrong: Example::files(&[
            EVENT,
            ExampleFile::fields(UNIQUE_METRIC_PATH, &["key_path", "time_frame", "events"], unique_metric!("time_frame:\n- 28d\n- 7d\n- all\n")),
        ]),
        right: Example::files(&[
            EVENT,
            ExampleFile::fields(UNIQUE_METRIC_PATH, &["key_path", "time_frame", "events"], unique_metric!("time_frame:\n- 28d\n- 7d\n")),
        ]),
    };

    INTRODUCED_BY_URL_TODO = RuleInfo {
        id: "introduced-by-url-todo",
        category: Category::Schema,
        severity: Severity::Error,
        help: "Replace `TODO` with the URL of the merge request that adds this definition; GitLab's schema requires a URL.",
        explanation: "\
The generator writes `introduced_by_url: TODO` when the merge request does not exist yet. \
GitLab's schemas require a URL there (`format: uri`: `TODO` has no scheme), so GitLab's \
pipeline rejects the definition until it is replaced, and so does `eventdef validate`. The \
wizard and `eventdef apply` still write `TODO` when no URL is known, as GitLab's generator \
does, and remind you to replace it.

Open the merge request, then set `introduced_by_url` to its address. In a GitLab \
merge-request pipeline (`CI_MERGE_REQUEST_PROJECT_URL` and `CI_MERGE_REQUEST_IID` set), the \
finding's help names the exact URL to write.",
        docs: gitlab::EVENT_SCHEMA,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["introduced_by_url"], "\
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
introduced_by_url: TODO
tiers:
- free
- premium
- ultimate
")]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["introduced_by_url"], event!())]),
    };

    CUSTOM_PROPERTY = RuleInfo {
        id: "schema-custom-property",
        category: Category::Schema,
        severity: Severity::Error,
        help: "Describe each custom additional property as `{description: ...}`, like the built-in ones.",
        explanation: "\
An event's `additional_properties` holds the built-in `label`, `property` and `value`, and \
custom properties with names of your own. Each one is a mapping with exactly one key, \
`description`, saying what the property holds. GitLab's schema once admitted custom \
properties only beside `label` and `property`, or `value`; its current schema accepts them \
alone (GitLab's own `create_pat`, milestone 18.9, declares only custom properties), and so \
does eventdef.

Write `name: {description: What it holds}` for every custom property.",
        docs: gitlab::EVENT_GUIDE,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["additional_properties"], "\
---
description: Engineer applies a suggested change from the merge request diff view
internal_events: true
action: apply_suggestion
identifiers:
- project
- namespace
- user
additional_properties:
  batch_size: How many suggestions were applied at once
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
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["additional_properties"], "\
---
description: Engineer applies a suggested change from the merge request diff view
internal_events: true
action: apply_suggestion
identifiers:
- project
- namespace
- user
additional_properties:
  batch_size:
    description: How many suggestions were applied at once
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
    };

    DUPLICATE_ITEM = RuleInfo {
        id: "schema-duplicate-item",
        category: Category::Schema,
        severity: Severity::Error,
        help: "Remove the repeated entry; this list must hold each value once.",
        explanation: "\
A metric's `tiers` and a `time_frame` list must not repeat a value (`uniqueItems` in GitLab's \
schema). A repeated time frame would even define the same metric twice, since GitLab expands \
the list into one metric per entry.

Delete the repeated entry.",
        docs: gitlab::METRIC_SCHEMA,
        wrong: Example::files(&[
            EVENT,
            ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "tiers"], "\
---
key_path: counts.count_total_apply_suggestion
description: Count of suggested changes applied in merge requests
product_group: code_review
product_categories:
- code_review_workflow
performance_indicator_type: []
value_type: number
status: active
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
time_frame:
- 28d
- 7d
- all
data_source: internal_events
data_category: optional
tiers:
- free
- premium
- ultimate
- premium
events:
- name: apply_suggestion
"),
        ]),
        right: Example::files(&[EVENT, ExampleFile::fields(TOTAL_METRIC_PATH, &["key_path", "tiers"], total_metric!())]),
    };
}
