//! Small definitions in, exact findings out: position, rule and message for each kind of error.

use std::path::PathBuf;
use std::sync::OnceLock;

use super::*;
use crate::repository::reference::NamedList;

const EVENT: &str = "\
description: A user creates an issue from the issue list page of a project
internal_events: true
action: create_issue
identifiers:
- project
- namespace
- user
product_group: project_management
product_categories:
- team_planning
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1
tiers:
- free
- premium
- ultimate
";

const METRIC: &str = "\
key_path: counts.count_total_create_issue
description: Total count of issues created
product_group: project_management
product_categories:
- team_planning
performance_indicator_type: []
value_type: number
status: active
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1
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
events:
- name: create_issue
";

fn built_in() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| Schemas::compile(&ReferenceLists::built_in()).expect("built-in schemas compile"))
}

fn findings_with(schemas: &Schemas, kind: FileKind, yaml: &str) -> Vec<String> {
    let parsed = crate::yaml::parse(yaml);
    let root = parsed.root.expect("test YAML parses");
    let mut found = check_definition(schemas, kind, "x.yml", &root, yaml);
    crate::diagnostics::sort(&mut found);
    found.iter().map(|d| format!("{}:{} {} {}", d.line, d.column, d.rule, d.message)).collect()
}

fn event(yaml: &str) -> Vec<String> {
    findings_with(built_in(), FileKind::Event, yaml)
}

fn metric(yaml: &str) -> Vec<String> {
    findings_with(built_in(), FileKind::Metric, yaml)
}

/// The base definition with the line starting with `from` replaced by `to` ("" removes it).
fn edit(base: &str, from: &str, to: &str) -> String {
    assert!(base.lines().any(|l| l.starts_with(from)), "no line starts with {from:?}");
    let mut out = String::new();
    for line in base.lines() {
        if line.starts_with(from) {
            if !to.is_empty() {
                out.push_str(to);
                out.push('\n');
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn valid_definitions_have_no_findings() {
    assert_eq!(event(EVENT), Vec::<String>::new());
    assert_eq!(metric(METRIC), Vec::<String>::new());
}

#[test]
fn missing_key_points_at_the_mapping_that_lacks_it() {
    assert_eq!(
        event(&edit(EVENT, "milestone:", "")),
        [
            "1:1 schema-required `milestone` is missing; add `milestone`: GitLab's schema requires it in every event definition (the milestone it was introduced in, as a quoted string like \"17.4\")"
        ]
    );
    assert_eq!(
        metric(&edit(METRIC, "- name: create_issue", "- unique: user.id")),
        [
            // The events are now all unique counts, so `all` is out too.
            "14:3 schema-conditional `time_frame` `all` is not allowed for a unique count; use 7d and/or 28d",
            "22:3 schema-required `events[0]` is missing `name`: add `name`",
        ]
    );
}

#[test]
fn unexpected_key_points_at_the_key() {
    let yaml = format!("{EVENT}product_section: dev\ndistributions:\n- ce\n");
    assert_eq!(
        event(&yaml),
        [
            "17:1 schema-unknown-key `product_section` is not allowed in an event definition (removed from GitLab's schema)",
            "18:1 schema-unknown-key `distributions` is not allowed in an event definition (removed from GitLab's schema; `tiers` says where the event exists)",
        ]
    );
    assert_eq!(
        event(&edit(EVENT, "tiers:", "tier:")),
        [
            "1:1 schema-required `tiers` is missing; add `tiers`: GitLab's schema requires it in every event definition (the tiers where it is available, e.g. [free, premium, ultimate])",
            "13:1 schema-unknown-key `tier` is not a field of event definitions; did you mean `tiers`?",
        ]
    );
    let yaml = edit(METRIC, "- name: create_issue", "- name: create_issue\n  uniq: user.id");
    assert_eq!(
        metric(&yaml),
        ["23:3 schema-unknown-key `events[0]` does not allow the key `uniq`; allowed: filter, name, operator, unique"]
    );
}

#[test]
fn wrong_type_says_what_yaml_read() {
    assert_eq!(
        event(&edit(EVENT, "milestone:", "milestone: 16.10")),
        [
            "11:12 schema-type `milestone` must be a string, but YAML reads `16.10` as a number (16.1); quote it: \"16.10\""
        ]
    );
    assert_eq!(
        event(&edit(EVENT, "description:", "description:")),
        ["1:12 schema-type `description` must be a string, found null (an empty value)"]
    );
    let filter = edit(METRIC, "- name: create_issue", "- name: create_issue\n  filter: {label: 3, value: yes}");
    assert_eq!(
        metric(&filter),
        [
            "23:19 schema-type `events[0].filter.label` must be a string, but YAML reads `3` as a number; quote it: \"3\"",
            "23:29 schema-type `events[0].filter.value` must be a number, found a boolean",
        ]
    );
    assert_eq!(
        event(&edit(EVENT, "tiers:", "tiers: free").replace("- free\n- premium\n- ultimate\n", "")),
        ["13:8 schema-type `tiers` must be a list, found a string"]
    );
}

#[test]
fn value_outside_the_allowed_list() {
    assert_eq!(
        metric(&edit(METRIC, "data_category:", "data_category: Optional")),
        [
            "16:16 schema-enum `data_category` `Optional` is not allowed; use one of: operational, optional, subscription, standard (lower case)"
        ]
    );
    assert_eq!(
        event(&edit(EVENT, "- namespace", "- group")),
        [
            "6:3 schema-enum `identifiers[1]` `group` is not allowed; use one of: project, user, namespace, feature_enabled_by_namespace_ids"
        ]
    );
    assert_eq!(
        event(&format!("{EVENT}classification:\n")),
        ["17:15 schema-enum `classification` is empty; use one of: duo, or leave the key out"]
    );
    assert_eq!(
        event(&edit(EVENT, "internal_events:", "internal_events: false")),
        [
            "2:18 schema-enum `internal_events` must be `true`, found `false`; leave the key out for legacy Snowplow events"
        ]
    );
    assert_eq!(
        metric(&edit(METRIC, "time_frame:", "time_frame: 29d\nx_removed:").replace("- 28d\n- 7d\n- all\n", "")),
        [
            "11:13 schema-enum `time_frame` `29d` is not allowed; use one of: 7d, 28d, all, none (or a list of 7d, 28d, all)",
            "12:1 schema-unknown-key `x_removed` is not a field of metric definitions (GitLab's schema allows no other keys)",
        ]
    );
}

#[test]
fn pattern_messages_name_the_expected_form() {
    assert_eq!(
        event(&edit(EVENT, "action:", "action: Create-Issue")),
        ["3:9 schema-pattern `action` `Create-Issue` may contain only lower-case letters, digits and underscores"]
    );
    assert_eq!(
        event(&edit(EVENT, "milestone:", "milestone: 'v17'")),
        [
            "11:12 schema-pattern `milestone` `v17` is not a milestone; write major.minor as a quoted string, like \"17.4\""
        ]
    );
    let yaml = edit(METRIC, "data_source:", "data_source: database\ninstrumentation_class: countIssues");
    assert_eq!(
        metric(&edit(&yaml, "events:", "").replace("- name: create_issue\n", "")),
        [
            "16:24 schema-pattern `instrumentation_class` `countIssues` is not a CamelCase Ruby class name such as `CountIssuesMetric` (namespaces joined with `::`)"
        ]
    );
}

#[test]
fn urls_must_be_absolute_and_the_generator_todo_has_its_own_rule() {
    assert_eq!(
        event(&edit(EVENT, "introduced_by_url:", "introduced_by_url: gitlab.com/mr/1")),
        [
            "12:20 schema-format `introduced_by_url` `gitlab.com/mr/1` is not a full URL; use the address of the merge request, like https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1"
        ]
    );
    // `TODO` at `introduced_by_url` is rejected once, by its own rule (its help can name the URL).
    let todo = "introduced-by-url-todo `introduced_by_url` is still `TODO`; set it to the merge request URL";
    assert_eq!(event(&edit(EVENT, "introduced_by_url:", "introduced_by_url: TODO")), [format!("12:20 {todo}")]);
    let metric_todo = metric(&edit(METRIC, "introduced_by_url:", "introduced_by_url: TODO"));
    assert_eq!(metric_todo.len(), 1, "{metric_todo:?}");
    assert!(metric_todo[0].ends_with(todo), "{metric_todo:?}");
    assert_eq!(
        event(&edit(EVENT, "introduced_by_url:", "introduced_by_url: todo")),
        [
            "12:20 schema-format `introduced_by_url` `todo` is not a full URL; use the address of the merge request, like https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1"
        ]
    );
    let removed = format!("{EVENT}status: removed\nmilestone_removed: '17.9'\nremoved_by_url: TODO\n");
    assert_eq!(
        event(&removed),
        [
            "19:17 schema-format `removed_by_url` `TODO` is not a full URL; use the address of the merge request, like https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1"
        ]
    );
}

#[test]
fn product_groups_and_categories_name_their_list() {
    assert_eq!(
        event(&edit(EVENT, "product_group:", "product_group: group::project management")),
        [
            "8:16 schema-product-group `product_group` `group::project management` is not a known product group (list: eventdef's built-in copy of GitLab's config/metrics/schema/product_groups.json); did you mean `project_management`?"
        ]
    );
    assert_eq!(
        event(&edit(EVENT, "- team_planning", "- team_planing")),
        [
            "10:3 schema-product-category `product_categories[0]` `team_planing` is not a known product category (list: eventdef's built-in copy of GitLab's config/feature_categories.yml); did you mean `team_planning`?"
        ]
    );
}

#[test]
fn the_repository_lists_replace_the_built_in_ones() {
    let mut lists = ReferenceLists::built_in();
    lists.product_groups = NamedList {
        values: vec!["database_health".into()],
        source: ListSource::File(PathBuf::from(PRODUCT_GROUPS_PATH)),
    };
    lists.feature_categories =
        NamedList { values: vec!["database".into()], source: ListSource::File(PathBuf::from(FEATURE_CATEGORIES_PATH)) };
    let schemas = Schemas::compile(&lists).expect("schemas compile");
    let yaml = edit(&edit(EVENT, "product_group:", "product_group: database_health"), "- team_planning", "- database");
    assert_eq!(findings_with(&schemas, FileKind::Event, &yaml), Vec::<String>::new());
    assert_eq!(
        findings_with(&schemas, FileKind::Event, EVENT),
        [
            "8:16 schema-product-group `product_group` `project_management` is not a known product group (list: config/metrics/schema/product_groups.json)",
            "10:3 schema-product-category `product_categories[0]` `team_planning` is not a known product category (list: config/feature_categories.yml)",
        ]
    );
}

#[test]
fn conditional_requirements() {
    assert_eq!(
        event(&format!("{EVENT}status: removed\n")),
        [
            "1:1 schema-conditional `milestone_removed` is required when `status` is `removed`: the milestone it was removed in, like \"17.9\"",
            "1:1 schema-conditional `removed_by_url` is required when `status` is `removed`: the merge request that removed the event",
        ]
    );
    assert_eq!(
        event(&format!("{EVENT}status: active\nmilestone_removed: '17.9'\n")),
        [
            "18:1 schema-conditional `milestone_removed` must be left out while `status` is `active`; set `status: removed` if the event was removed"
        ]
    );
    assert_eq!(
        metric(&edit(METRIC, "status:", "status: broken")),
        [
            "1:1 schema-conditional `repair_issue_url` is required when `status` is `broken`: the issue about repairing the metric"
        ]
    );
    assert_eq!(
        metric(&format!("{METRIC}instrumentation_class: CountIssuesMetric\n")),
        [
            "23:1 schema-conditional `instrumentation_class` is not allowed when `data_source` is `internal_events`; GitLab derives the class from `events`"
        ]
    );
    assert_eq!(
        metric(&edit(METRIC, "events:", "").replace("- name: create_issue\n", "")),
        [
            "1:1 schema-conditional `events` is required when `data_source` is `internal_events`: list the events the metric counts"
        ]
    );
    assert_eq!(
        metric(&edit(METRIC, "product_categories:", "product_categories: []").replace("- team_planning\n", "")),
        [
            "4:21 schema-conditional `product_categories` is empty; an active metric must list at least one product category (list: eventdef's built-in copy of GitLab's config/feature_categories.yml)"
        ]
    );
    assert_eq!(
        metric(&edit(METRIC, "product_categories:", "").replace("- team_planning\n", "")),
        [
            "1:1 schema-conditional `product_categories` is required for an active metric: list the feature categories it measures (list: eventdef's built-in copy of GitLab's config/feature_categories.yml)"
        ]
    );
}

#[test]
fn unique_counts_cannot_be_all_time() {
    let unique = edit(METRIC, "- name: create_issue", "- name: create_issue\n  unique: user.id");
    // One finding, on the list entry that GitLab's expanded definition fails for.
    assert_eq!(
        metric(&unique),
        ["14:3 schema-conditional `time_frame` `all` is not allowed for a unique count; use 7d and/or 28d"]
    );
    let single = edit(&unique, "time_frame:", "time_frame: all").replace("- 28d\n- 7d\n- all\n", "");
    assert_eq!(
        metric(&single),
        ["11:13 schema-conditional `time_frame` `all` is not allowed for a unique count; use 7d and/or 28d"]
    );
}

#[test]
fn custom_additional_properties_stand_alone_but_need_a_description() {
    // GitLab's current schema accepts custom properties without `label`/`property`/`value`
    // (its own events do it: `create_pat`, milestone 18.9).
    let custom_only = format!("{EVENT}additional_properties:\n  plan:\n    description: The plan\n");
    assert_eq!(event(&custom_only), Vec::<String>::new());
    let beside_label = format!(
        "{EVENT}additional_properties:\n  label:\n    description: The source\n  plan:\n    description: The plan\n"
    );
    assert_eq!(event(&beside_label), Vec::<String>::new());
    let undescribed = format!("{EVENT}additional_properties:\n  plan:\n    text: The plan\n");
    assert_eq!(
        event(&undescribed),
        [
            "18:3 schema-custom-property `additional_properties.plan` is missing `description`: add `description`",
            "19:5 schema-custom-property `additional_properties.plan` does not allow the key `text`; allowed: description",
        ]
    );
    let bad_entry = format!("{EVENT}additional_properties:\n  label:\n    text: The source\n");
    assert_eq!(
        event(&bad_entry),
        [
            "18:3 schema-required `additional_properties.label` is missing `description`: add `description`",
            "19:5 schema-unknown-key `additional_properties.label` does not allow the key `text`; allowed: description",
        ]
    );
    assert_eq!(
        event(&format!("{EVENT}additional_properties:\n")),
        [
            "17:22 schema-type `additional_properties` must be a mapping of property names to {description: ...}, found null (an empty value)"
        ]
    );
}

#[test]
fn repeated_list_entries() {
    assert_eq!(
        metric(&edit(METRIC, "- ultimate", "- free")),
        ["20:3 schema-duplicate-item `tiers` lists `free` more than once"]
    );
}

#[test]
fn time_frame_lists_are_checked_the_way_gitlab_expands_them() {
    // No entry, no definition: GitLab validates nothing.
    assert_eq!(metric("key_path: x\ntime_frame: []\n"), Vec::<String>::new());
    let odd = edit(METRIC, "- all", "- all\n- none\n- 7d\n- 1");
    assert_eq!(
        metric(&odd),
        [
            "15:3 schema-enum `time_frame` lists `none`, which cannot be in a list; write `time_frame: none` on its own, or list 7d, 28d, all",
            "16:3 schema-duplicate-item `time_frame` lists `7d` more than once; GitLab would define the same metric twice",
            "17:3 schema-type `time_frame[5]` must be 7d, 28d or all, found an integer",
        ]
    );
    // An error every expanded definition has is reported once.
    assert_eq!(
        metric(&edit(METRIC, "milestone:", "")),
        [
            "1:1 schema-required `milestone` is missing; add `milestone`: GitLab's schema requires it in every metric definition (the milestone it was introduced in, as a quoted string like \"17.4\")"
        ]
    );
    // The grandfathered key paths are matched after the suffix is added.
    let legacy =
        edit(METRIC, "key_path:", "key_path: counts.groups").replace("product_categories:\n- team_planning\n", "");
    let single = edit(&legacy, "time_frame:", "time_frame: all").replace("- 28d\n- 7d\n- all\n", "");
    assert_eq!(metric(&single), Vec::<String>::new());
    let weekly = edit(&legacy, "- 28d", "").replace("- all\n", "");
    assert_eq!(
        metric(&weekly),
        [
            "1:1 schema-conditional `product_categories` is required for an active metric: list the feature categories it measures (list: eventdef's built-in copy of GitLab's config/feature_categories.yml)"
        ]
    );
}

#[test]
fn redis_data_sources_explain_their_class() {
    let redis_hll = "\
key_path: usage_activity_by_stage_monthly.create.merge_requests_users
description: Unique users who created merge requests
product_group: code_review
value_type: number
status: removed
milestone: '13.9'
milestone_removed: '17.0'
removed_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/2
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1
time_frame: 28d
data_source: redis_hll
data_category: optional
instrumentation_class: RedisHLLMetric
tiers: [free]
";
    assert_eq!(
        metric(redis_hll),
        [
            "13:1 schema-conditional `key_path` `usage_activity_by_stage_monthly.create.merge_requests_users` is one of GitLab's grandfathered legacy redis_hll metrics, which must not also declare `instrumentation_class: RedisHLLMetric` (GitLab's schema accepts exactly one of the two)"
        ]
    );
    let new_path = edit(redis_hll, "key_path:", "key_path: counts.merge_requests_users");
    assert_eq!(metric(&new_path), Vec::<String>::new());
    assert_eq!(
        metric(&edit(&new_path, "instrumentation_class:", "instrumentation_class: RedisHllMetric")),
        [
            "13:24 schema-conditional `instrumentation_class` must be `RedisHLLMetric` for a `redis_hll` metric (unless its key_path is a grandfathered legacy path), found `RedisHllMetric`"
        ]
    );
    let redis = edit(
        &edit(&new_path, "data_source:", "data_source: redis"),
        "instrumentation_class:",
        "instrumentation_class: RedisMetric\noptions:\n  event: merge",
    );
    let active = edit(&redis, "status:", "status: active").replace("milestone_removed: '17.0'\n", "");
    let active = active.replace("removed_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/2\n", "");
    assert_eq!(
        metric(&format!("{active}product_categories: [code_review_workflow]\n")),
        ["12:1 schema-required `options` is missing `prefix`: add `prefix` (for a `redis` metric)"]
    );
    // A removed redis metric need not match.
    assert_eq!(metric(&redis), Vec::<String>::new());
}

#[test]
fn thousands_of_unknown_keys_name_the_first_twenty_and_count_the_rest() {
    let stray: String = (0..5_000).map(|i| format!("stray_{i}: 1\n")).collect();
    let found = event(&format!("{EVENT}{stray}"));
    assert_eq!(found.iter().filter(|f| f.contains("schema-unknown-key")).count(), 21, "{found:#?}");
    assert!(
        found.contains(
            &"1:1 schema-unknown-key 4980 more keys are not allowed in the definition (only the first 20 are listed)"
                .to_owned()
        ),
        "{found:#?}"
    );
}
