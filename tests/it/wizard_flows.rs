//! GitLab's generator scenarios (gitlab-cli-fixtures: event_definer_examples.yml,
//! metric_definer_examples.yml, metric_definer_database_examples.yml), answered the way a PM
//! would — by what the rows say, not by keystrokes. Each scenario checks:
//! - `plan`: the plan the wizard produced (as `--save-plan` writes it) and which files it
//!   wrote, using a stand-in resolver;
//! - `files` (ignored until the writer lands): the same answers through the real
//!   `plan::apply::resolve` write exactly GitLab's fixture bytes.

use crate::support;

use eventdef::wizard::Start;
use eventdef::wizard::plan_yaml::plan_to_yaml;
use eventdef::wizard::scripted::Answer;
use support::newest_generator_bytes;
use support::wizard::{TestRepo, fixture, run};

/// What a scenario must produce.
enum Expected {
    /// An event fixture, with the newest generator's `status: active`.
    Event(&'static str),
    /// An event fixture with `status: active` and `classification: duo` (answered "yes").
    DuoEvent(&'static str),
    Metric(&'static str),
    /// A metric fixture with one text replaced (a deliberate, documented deviation).
    PatchedMetric(&'static str, &'static str, &'static str),
}

struct Scenario {
    inputs: &'static [(&'static str, &'static str)],
    start: Start,
    answers: Vec<Answer>,
    /// The saved plan, without its comment header.
    plan: &'static str,
    outputs: Vec<(&'static str, Expected)>,
}

fn t(text: &str) -> Answer {
    Answer::text(text)
}

fn pick(label: &str) -> Answer {
    Answer::pick(label)
}

fn many(labels: &[&str]) -> Answer {
    Answer::pick_many(labels.iter().copied())
}

const USED: (&str, &str) = ("config/events/internal_events_cli_used.yml", "events/event_with_identifiers.yml");
const CLOSED: (&str, &str) =
    ("config/events/internal_events_cli_closed.yml", "events/secondary_event_with_identifiers.yml");
const GROUP: &str = "analytics:monitor:analytics_instrumentation";
const ALL_TIERS: &str = "free, premium, ultimate";
const EE_TIERS: &str = "premium, ultimate";
const USER_METRIC: &str = "Monthly/Weekly count of unique users who triggered internal_events_cli_used";
const TOTAL_METRIC: &str = "Total/Monthly/Weekly count of internal_events_cli_used occurrences";

/// Description, action, identifiers and no properties; no URL, the instrumentation group.
fn event_start(description: &str, action: &str, identifiers: &str) -> Vec<Answer> {
    vec![t(description), t(action), pick(identifiers), pick("None! Continue"), Answer::Enter, pick(GROUP)]
}

/// The event of GitLab's scenario 1, up to "Create file?".
fn standard_event() -> Vec<Answer> {
    let mut answers = event_start(
        "Engineer uses Internal Event CLI to define a new event",
        "internal_events_cli_used",
        "[namespace, project, user]",
    );
    answers.extend([many(&["service_ping"]), pick(ALL_TIERS), pick("No -- this event")]);
    answers
}

/// The opened event of GitLab's scenario 4 (no identifiers, EE), up to "Create file?".
fn opened_event() -> Vec<Answer> {
    let mut answers = event_start("Internal Event CLI is opened", "internal_events_cli_opened", "None");
    answers.extend([many(&["service_ping"]), pick(EE_TIERS), pick("No -- this event")]);
    answers
}

fn concat(parts: Vec<Vec<Answer>>) -> Vec<Answer> {
    parts.into_iter().flatten().collect()
}

const PLAN_EVENT_USED: &str = "  - action: internal_events_cli_used
    description: Engineer uses Internal Event CLI to define a new event
    identifiers: [project, namespace, user]
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    tiers: [free, premium, ultimate]
";

const PLAN_EVENT_OPENED: &str = "  - action: internal_events_cli_opened
    description: Internal Event CLI is opened
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    tiers: [premium, ultimate]
";

const PLAN_TOTAL_USED: &str = "  - events: [internal_events_cli_used]
    count: total
    time_frames: [28d, 7d, all]
    description: Count of when an event was defined using the CLI
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
";

const PLAN_USER_USED: &str = "  - events: [internal_events_cli_used]
    count: unique
    unique_by: user
    time_frames: [28d, 7d]
    description: Count of unique users who defined an internal event using the CLI
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
";

fn plan_text(events: &[&str], metrics: &[&str]) -> String {
    let mut text = String::from("milestone: \"16.6\"\n");
    if !events.is_empty() {
        text.push_str("events:\n");
        events.iter().for_each(|e| text.push_str(e));
    }
    if !metrics.is_empty() {
        text.push_str("metrics:\n");
        metrics.iter().for_each(|m| text.push_str(m));
    }
    text
}

fn without_header(yaml: &str) -> String {
    yaml.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect()
}

fn check_plan(scenario: Scenario) {
    let repo = TestRepo::new(scenario.inputs);
    let (outcome, prompter) = run(&repo, scenario.start, scenario.answers, eventdef::plan::apply::resolve);
    let outcome = outcome.unwrap_or_else(|i| panic!("interrupted: {i}\n{}", prompter.transcript()));
    assert_eq!(prompter.remaining(), 0, "answers left over\n{}", prompter.transcript());
    assert_eq!(without_header(&plan_to_yaml(&outcome.plan)), scenario.plan, "\n{}", prompter.transcript());
    let mut written = outcome.written.clone();
    written.sort();
    let mut expected: Vec<&str> = scenario.outputs.iter().map(|(p, _)| *p).collect();
    expected.sort();
    assert_eq!(written, expected, "\n{}", prompter.transcript());
}

fn check_files(scenario: Scenario) {
    let repo = TestRepo::new(scenario.inputs);
    let before = repo.definition_files();
    let (outcome, prompter) = run(&repo, scenario.start, scenario.answers, eventdef::plan::apply::resolve);
    outcome.unwrap_or_else(|i| panic!("interrupted: {i}\n{}", prompter.transcript()));
    for (path, expected) in &scenario.outputs {
        let bytes = match expected {
            Expected::Event(name) => newest_generator_bytes(name),
            Expected::DuoEvent(name) => newest_generator_bytes(name) + "classification: duo\n",
            Expected::Metric(name) => fixture(name),
            Expected::PatchedMetric(name, from, to) => fixture(name).replacen(from, to, 1),
        };
        assert_eq!(repo.read(path).as_deref(), Some(bytes.as_str()), "{path}\n{}", prompter.transcript());
    }
    let mut after = repo.definition_files();
    after.retain(|f| !before.contains(f));
    let mut expected: Vec<String> = scenario.outputs.iter().map(|(p, _)| p.to_string()).collect();
    expected.retain(|f| !before.contains(f));
    expected.sort();
    assert_eq!(after, expected, "files written\n{}", prompter.transcript());
}

macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            #[ignore = "needs ../shared"]
            fn plan() {
                super::check_plan(super::$name());
            }

            #[test]
            #[ignore = "needs ../shared"]
            fn files() {
                super::check_files(super::$name());
            }
        }
    )*};
}

scenarios!(
    event_flows_into_metric,
    event_requires_description_and_action,
    event_rejects_existing_action_and_takes_no_category,
    event_without_identifiers,
    event_keyboard_smash,
    event_after_flow_advisor,
    event_declined_then_saved_for_metric,
    event_with_mr_url_and_two_categories,
    event_with_additional_properties,
    two_events_in_one_session,
    event_with_feature_enabled_by_namespace_ids,
    metric_unique_users,
    metric_multiple_type_one_event,
    metric_two_events_unique_projects,
    metric_modify_attributes_ee,
    metric_weekly_when_monthly_exists,
    metric_after_flow_advisor,
    metric_then_metric_for_same_events,
    metric_then_metric_for_other_events,
    metric_overwrite_accepted,
    metric_overwrite_declined,
    metric_filtered_by_label,
    metric_all_properties_filtered,
    metric_custom_property_filters,
    metric_some_events_without_properties,
    metric_renamed_when_too_long,
    metric_unique_by_label,
    metric_without_categories,
    metric_with_other_group_categories,
    metric_sum,
    metric_sum_filtered_over_two_events,
    database_metric,
);

// ---- event_definer_examples.yml ----

fn event_flows_into_metric() -> Scenario {
    Scenario {
        inputs: &[],
        start: Start::MainMenu,
        answers: concat(vec![
            vec![pick("New Event")],
            standard_event(),
            vec![Answer::Yes, Answer::Enter, pick(TOTAL_METRIC), t("when an event was defined using the CLI")],
            vec![pick("Copy & continue"), Answer::Yes, pick("Exit")],
        ]),
        plan: Box::leak(plan_text(&[PLAN_EVENT_USED], &[PLAN_TOTAL_USED]).into_boxed_str()),
        outputs: vec![
            ("config/events/internal_events_cli_used.yml", Expected::Event("events/event_with_identifiers.yml")),
            (
                "config/metrics/counts_all/count_total_internal_events_cli_used.yml",
                Expected::Metric("metrics/total_single_event.yml"),
            ),
        ],
    }
}

fn event_requires_description_and_action() -> Scenario {
    let mut answers = vec![pick("New Event"), t("")];
    let mut event = standard_event();
    event.insert(1, t(""));
    answers.extend(event);
    answers.extend([Answer::Yes, pick("Exit")]);
    Scenario {
        inputs: &[],
        start: Start::MainMenu,
        answers,
        plan: Box::leak(plan_text(&[PLAN_EVENT_USED], &[]).into_boxed_str()),
        outputs: vec![(
            "config/events/internal_events_cli_used.yml",
            Expected::Event("events/event_with_identifiers.yml"),
        )],
    }
}

fn event_rejects_existing_action_and_takes_no_category() -> Scenario {
    Scenario {
        inputs: &[USED],
        start: Start::NewEvent,
        answers: vec![
            t("Engineer closes Internal Event CLI"),
            t("internal_events_cli_used"),
            t("internal_events_cli_closed"),
            pick("[namespace, project, user]"),
            pick("None! Continue"),
            Answer::Enter,
            pick(GROUP),
            many(&["N/A"]),
            pick(ALL_TIERS),
            pick("No -- this event"),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
events:
  - action: internal_events_cli_closed
    description: Engineer closes Internal Event CLI
    identifiers: [project, namespace, user]
    product_group: analytics_instrumentation
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/events/internal_events_cli_closed.yml",
            Expected::Event("events/secondary_event_with_identifiers.yml"),
        )],
    }
}

fn event_without_identifiers() -> Scenario {
    Scenario {
        inputs: &[],
        start: Start::NewEvent,
        answers: concat(vec![opened_event(), vec![Answer::Yes, pick("Exit")]]),
        plan: Box::leak(plan_text(&[PLAN_EVENT_OPENED], &[]).into_boxed_str()),
        outputs: vec![(
            "ee/config/events/internal_events_cli_opened.yml",
            Expected::Event("events/ee_event_without_identifiers.yml"),
        )],
    }
}

fn event_keyboard_smash() -> Scenario {
    let enter = || Answer::Enter;
    Scenario {
        inputs: &[],
        start: Start::MainMenu,
        answers: vec![
            enter(),
            t("random event string"),
            t("random_name"),
            enter(),
            enter(),
            enter(),
            enter(),
            // Space + Enter in GitLab's scenario: the first row of the category list.
            many(&["acquisition"]),
            enter(),
            enter(),
            enter(),
            enter(),
            enter(),
            t("random metric string"),
            enter(),
            enter(),
            enter(),
            enter(),
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
events:
  - action: random_name
    description: random event string
    identifiers: [project, namespace, user]
    product_group: import_and_integrate
    product_categories: [acquisition]
    tiers: [free, premium, ultimate]
    classification: duo
metrics:
  - events: [random_name]
    count: unique
    unique_by: user
    time_frames: [28d, 7d]
    description: Count of unique users random metric string
    product_group: import_and_integrate
    product_categories: [acquisition]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
",
        outputs: vec![
            ("config/events/random_name.yml", Expected::DuoEvent("events/keyboard_smashed_event.yml")),
            (
                "config/metrics/counts_all/count_distinct_user_id_from_random_name.yml",
                Expected::Metric("metrics/keyboard_smashed_metric.yml"),
            ),
        ],
    }
}

fn event_after_flow_advisor() -> Scenario {
    Scenario {
        inputs: &[],
        start: Start::MainMenu,
        answers: concat(vec![
            vec![pick("...am I in the right place?"), Answer::Yes, Answer::Yes, Answer::No, Answer::Yes],
            opened_event(),
            vec![Answer::Yes, pick("Exit")],
        ]),
        plan: Box::leak(plan_text(&[PLAN_EVENT_OPENED], &[]).into_boxed_str()),
        outputs: vec![(
            "ee/config/events/internal_events_cli_opened.yml",
            Expected::Event("events/ee_event_without_identifiers.yml"),
        )],
    }
}

fn event_declined_then_saved_for_metric() -> Scenario {
    Scenario {
        inputs: &[],
        start: Start::NewEvent,
        answers: concat(vec![
            standard_event(),
            vec![Answer::No, pick("Save & Create Metric"), pick(TOTAL_METRIC)],
            vec![t("when an event was defined using the CLI"), pick("Copy & continue"), Answer::Yes, pick("Exit")],
        ]),
        plan: Box::leak(plan_text(&[PLAN_EVENT_USED], &[PLAN_TOTAL_USED]).into_boxed_str()),
        outputs: vec![
            ("config/events/internal_events_cli_used.yml", Expected::Event("events/event_with_identifiers.yml")),
            (
                "config/metrics/counts_all/count_total_internal_events_cli_used.yml",
                Expected::Metric("metrics/total_single_event.yml"),
            ),
        ],
    }
}

const MR_URL: &str = "https://gitlab.com/gitlab-org/gitlab/-/merge_requests/143433";

fn event_with_mr_url() -> Vec<Answer> {
    vec![
        t("Engineer uses Internal Event CLI to define a new event"),
        t("internal_events_cli_used"),
        pick("[namespace, project, user]"),
        pick("None! Continue"),
        t(MR_URL),
        pick(GROUP),
        many(&["service_ping", "settings"]),
        pick(ALL_TIERS),
        pick("No -- this event"),
        Answer::Yes,
    ]
}

const PLAN_EVENT_MR_URL: &str = "  - action: internal_events_cli_used
    description: Engineer uses Internal Event CLI to define a new event
    identifiers: [project, namespace, user]
    product_group: analytics_instrumentation
    product_categories: [service_ping, settings]
    introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/143433
    tiers: [free, premium, ultimate]
";

fn event_with_mr_url_and_two_categories() -> Scenario {
    Scenario {
        inputs: &[],
        start: Start::NewEvent,
        answers: concat(vec![event_with_mr_url(), vec![pick("Exit")]]),
        plan: Box::leak(plan_text(&[PLAN_EVENT_MR_URL], &[]).into_boxed_str()),
        outputs: vec![("config/events/internal_events_cli_used.yml", Expected::Event("events/event_with_mr_url.yml"))],
    }
}

fn event_with_additional_properties() -> Scenario {
    Scenario {
        inputs: &[],
        start: Start::NewEvent,
        answers: vec![
            t("Engineer uses Internal Event CLI to define a new event"),
            t("internal_events_cli_used"),
            pick("[namespace, project, user]"),
            pick("String 1"),
            Answer::Enter,
            pick("Number"),
            t("Time the CLI ran before closing (seconds)"),
            pick("Add extra property"),
            t("custom_key"),
            t("The extra custom property name"),
            pick("None! Continue"),
            Answer::Enter,
            pick(GROUP),
            many(&["service_ping"]),
            pick(ALL_TIERS),
            pick("No -- this event"),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
events:
  - action: internal_events_cli_used
    description: Engineer uses Internal Event CLI to define a new event
    identifiers: [project, namespace, user]
    additional_properties:
      label:
        description: TODO
      value:
        description: Time the CLI ran before closing (seconds)
      custom_key:
        description: The extra custom property name
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/events/internal_events_cli_used.yml",
            Expected::Event("events/event_with_additional_properties.yml"),
        )],
    }
}

fn two_events_in_one_session() -> Scenario {
    Scenario {
        inputs: &[],
        start: Start::NewEvent,
        answers: concat(vec![
            event_with_mr_url(),
            vec![pick("New Event")],
            opened_event(),
            vec![Answer::Yes, pick("Exit")],
        ]),
        plan: Box::leak(plan_text(&[PLAN_EVENT_MR_URL, PLAN_EVENT_OPENED], &[]).into_boxed_str()),
        outputs: vec![
            ("config/events/internal_events_cli_used.yml", Expected::Event("events/event_with_mr_url.yml")),
            (
                "ee/config/events/internal_events_cli_opened.yml",
                Expected::Event("events/ee_event_without_identifiers.yml"),
            ),
        ],
    }
}

fn event_with_feature_enabled_by_namespace_ids() -> Scenario {
    Scenario {
        inputs: &[],
        start: Start::NewEvent,
        answers: vec![
            t("Engineer uses Internal Event CLI to define a new event"),
            t("internal_events_cli_used"),
            pick("[feature_enabled_by_namespace_ids, user]"),
            pick("String 1"),
            Answer::Enter,
            pick("String 2"),
            Answer::Enter,
            pick("Number"),
            t("Time the CLI ran before closing (seconds)"),
            pick("Add extra property"),
            t("custom_key"),
            t("The extra custom property name"),
            pick("None! Continue"),
            Answer::Enter,
            pick(GROUP),
            many(&["service_ping"]),
            pick(ALL_TIERS),
            pick("No -- this event"),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
events:
  - action: internal_events_cli_used
    description: Engineer uses Internal Event CLI to define a new event
    identifiers: [feature_enabled_by_namespace_ids, user]
    additional_properties:
      label:
        description: TODO
      property:
        description: TODO
      value:
        description: Time the CLI ran before closing (seconds)
      custom_key:
        description: The extra custom property name
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/events/internal_events_cli_used.yml",
            Expected::Event("events/event_with_feature_enabled_by_namespace_ids_identifier.yml"),
        )],
    }
}

// ---- metric_definer_examples.yml ----

/// New metric for one event: pick it, then the metric row, the description, copy, create.
fn single_event_metric(action: &str, row: &str, description: &str) -> Vec<Answer> {
    vec![pick("Single event"), pick(action), pick(row), t(description), pick("Copy & continue"), Answer::Yes]
}

fn metric_unique_users() -> Scenario {
    Scenario {
        inputs: &[USED],
        start: Start::MainMenu,
        answers: concat(vec![
            vec![pick("New Metric")],
            single_event_metric("internal_events_cli_used", USER_METRIC, "who defined an internal event using the CLI"),
            vec![pick("Exit")],
        ]),
        plan: Box::leak(plan_text(&[], &[PLAN_USER_USED]).into_boxed_str()),
        outputs: vec![(
            "config/metrics/counts_all/count_distinct_user_id_from_internal_events_cli_used.yml",
            Expected::Metric("metrics/user_id_single_event.yml"),
        )],
    }
}

fn metric_multiple_type_one_event() -> Scenario {
    Scenario {
        inputs: &[USED],
        start: Start::NewMetric,
        answers: vec![
            pick("Multiple events"),
            many(&["internal_events_cli_used"]),
            Answer::Enter,
            t("who defined an internal event using the CLI"),
            pick("Copy & continue"),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: Box::leak(plan_text(&[], &[PLAN_USER_USED]).into_boxed_str()),
        outputs: vec![(
            "config/metrics/counts_all/count_distinct_user_id_from_internal_events_cli_used.yml",
            Expected::Metric("metrics/user_id_single_event.yml"),
        )],
    }
}

fn metric_two_events_unique_projects() -> Scenario {
    Scenario {
        inputs: &[USED, CLOSED],
        start: Start::NewMetric,
        answers: vec![
            pick("Multiple events"),
            many(&["internal_events_cli_closed", "internal_events_cli_used"]),
            pick("Monthly/Weekly count of unique projects where any of 2 events occurred"),
            t("where a defition file was created with the CLI"),
            pick("Copy & continue"),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
metrics:
  - events: [internal_events_cli_closed, internal_events_cli_used]
    count: unique
    unique_by: project
    time_frames: [28d, 7d]
    description: Count of unique projects where a defition file was created with the CLI
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/metrics/counts_all/count_distinct_project_id_from_internal_events_cli_closed_and_internal_events_cli_used.yml",
            Expected::Metric("metrics/project_id_multiple_events.yml"),
        )],
    }
}

fn metric_modify_attributes_ee() -> Scenario {
    Scenario {
        inputs: &[USED],
        start: Start::NewMetric,
        answers: vec![
            pick("Single event"),
            pick("internal_events_cli_used"),
            pick(TOTAL_METRIC),
            t("when an event was defined using the CLI"),
            pick("Modify attributes"),
            Answer::Enter,
            Answer::Enter,
            Answer::Enter,
            pick(EE_TIERS),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
metrics:
  - events: [internal_events_cli_used]
    count: total
    time_frames: [28d, 7d, all]
    description: Count of when an event was defined using the CLI
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [premium, ultimate]
",
        outputs: vec![(
            "ee/config/metrics/counts_all/count_total_internal_events_cli_used.yml",
            Expected::Metric("metrics/ee_total_single_event.yml"),
        )],
    }
}

fn metric_weekly_when_monthly_exists() -> Scenario {
    Scenario {
        inputs: &[
            USED,
            (
                "config/metrics/counts_28d/count_distinct_user_id_from_internal_events_cli_used_monthly.yml",
                "metrics/ee_total_28d_single_event.yml",
            ),
        ],
        start: Start::NewMetric,
        answers: vec![
            pick("Single event"),
            pick("internal_events_cli_used"),
            Answer::Enter,
            t("who defined an event using the CLI"),
            pick("Modify attributes"),
            Answer::Enter,
            Answer::Enter,
            Answer::Enter,
            pick(EE_TIERS),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
metrics:
  - events: [internal_events_cli_used]
    count: unique
    unique_by: user
    time_frames: [7d]
    description: Weekly count of unique users who defined an event using the CLI
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [premium, ultimate]
",
        outputs: vec![(
            "ee/config/metrics/counts_7d/count_distinct_user_id_from_internal_events_cli_used_weekly.yml",
            Expected::Metric("metrics/ee_total_7d_single_event.yml"),
        )],
    }
}

fn metric_after_flow_advisor() -> Scenario {
    Scenario {
        inputs: &[USED],
        start: Start::MainMenu,
        answers: concat(vec![
            vec![pick("...am I in the right place?"), Answer::Yes, Answer::Yes, Answer::Yes, Answer::Yes],
            single_event_metric("internal_events_cli_used", TOTAL_METRIC, "when an event was defined using the CLI"),
            vec![pick("Exit")],
        ]),
        plan: Box::leak(plan_text(&[], &[PLAN_TOTAL_USED]).into_boxed_str()),
        outputs: vec![(
            "config/metrics/counts_all/count_total_internal_events_cli_used.yml",
            Expected::Metric("metrics/total_single_event.yml"),
        )],
    }
}

fn metric_then_metric_for_same_events() -> Scenario {
    Scenario {
        inputs: &[USED],
        start: Start::NewMetric,
        answers: concat(vec![
            single_event_metric("internal_events_cli_used", USER_METRIC, "who defined an internal event using the CLI"),
            vec![pick("New Metric -- define another metric for internal_events_cli_used"), pick(TOTAL_METRIC)],
            vec![t("when an event was defined using the CLI"), pick("Copy & continue"), Answer::Yes, pick("Exit")],
        ]),
        plan: Box::leak(plan_text(&[], &[PLAN_USER_USED, PLAN_TOTAL_USED]).into_boxed_str()),
        outputs: vec![
            (
                "config/metrics/counts_all/count_distinct_user_id_from_internal_events_cli_used.yml",
                Expected::Metric("metrics/user_id_single_event.yml"),
            ),
            (
                "config/metrics/counts_all/count_total_internal_events_cli_used.yml",
                Expected::Metric("metrics/total_single_event.yml"),
            ),
        ],
    }
}

fn metric_then_metric_for_other_events() -> Scenario {
    Scenario {
        inputs: &[USED],
        start: Start::NewMetric,
        answers: concat(vec![
            single_event_metric("internal_events_cli_used", USER_METRIC, "who defined an internal event using the CLI"),
            vec![pick("New Metric -- define another metric")],
            single_event_metric("internal_events_cli_used", TOTAL_METRIC, "when an event was defined using the CLI"),
            vec![pick("New Event")],
            opened_event(),
            vec![Answer::Yes, pick("Exit")],
        ]),
        plan: Box::leak(plan_text(&[PLAN_EVENT_OPENED], &[PLAN_USER_USED, PLAN_TOTAL_USED]).into_boxed_str()),
        outputs: vec![
            (
                "config/metrics/counts_all/count_distinct_user_id_from_internal_events_cli_used.yml",
                Expected::Metric("metrics/user_id_single_event.yml"),
            ),
            (
                "config/metrics/counts_all/count_total_internal_events_cli_used.yml",
                Expected::Metric("metrics/total_single_event.yml"),
            ),
            (
                "ee/config/events/internal_events_cli_opened.yml",
                Expected::Event("events/ee_event_without_identifiers.yml"),
            ),
        ],
    }
}

const WRONG_TOTAL: (&str, &str) =
    ("config/metrics/counts_all/count_total_internal_events_cli_used.yml", "metrics/ee_total_7d_single_event.yml");

fn metric_overwrite_accepted() -> Scenario {
    Scenario {
        inputs: &[USED, WRONG_TOTAL],
        start: Start::NewMetric,
        answers: concat(vec![
            single_event_metric("internal_events_cli_used", TOTAL_METRIC, "when an event was defined using the CLI"),
            vec![pick("Exit")],
        ]),
        plan: Box::leak(plan_text(&[], &[PLAN_TOTAL_USED]).into_boxed_str()),
        outputs: vec![(
            "config/metrics/counts_all/count_total_internal_events_cli_used.yml",
            Expected::Metric("metrics/total_single_event.yml"),
        )],
    }
}

fn metric_overwrite_declined() -> Scenario {
    let mut answers =
        single_event_metric("internal_events_cli_used", TOTAL_METRIC, "when an event was defined using the CLI");
    answers.pop();
    answers.extend([Answer::No, pick("Exit")]);
    Scenario {
        inputs: &[USED, WRONG_TOTAL],
        start: Start::NewMetric,
        answers,
        plan: Box::leak(plan_text(&[], &[PLAN_TOTAL_USED]).into_boxed_str()),
        outputs: vec![],
    }
}

const USED_WITH_PROPERTIES: (&str, &str) =
    ("config/events/internal_events_cli_used.yml", "events/event_with_additional_properties.yml");
const USED_WITH_ALL_PROPERTIES: (&str, &str) =
    ("config/events/internal_events_cli_used.yml", "events/event_with_all_additional_properties.yml");

fn metric_filtered_by_label() -> Scenario {
    Scenario {
        inputs: &[USED_WITH_PROPERTIES],
        start: Start::NewMetric,
        answers: vec![
            pick("Single event"),
            pick("internal_events_cli_used"),
            pick(
                "Monthly/Weekly count of unique users who triggered internal_events_cli_used where label/value/custom_key is...",
            ),
            t("failure, incomplete"),
            Answer::Enter,
            Answer::Enter,
            t("who tried and failed to define an internal event using the CLI"),
            t("failed_usage_attempts"),
            pick("Copy & continue"),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
metrics:
  - events:
      - name: internal_events_cli_used
        filter:
          label: [failure, incomplete]
    count: unique
    unique_by: user
    time_frames: [28d, 7d]
    name: failed_usage_attempts
    description: Count of unique users who tried and failed to define an internal event using the CLI
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/metrics/counts_all/count_distinct_user_id_from_failed_usage_attempts.yml",
            Expected::Metric("metrics/user_id_single_event_additional_props.yml"),
        )],
    }
}

fn metric_all_properties_filtered() -> Scenario {
    Scenario {
        inputs: &[USED_WITH_ALL_PROPERTIES],
        start: Start::NewMetric,
        answers: vec![
            pick("Single event"),
            pick("internal_events_cli_used"),
            pick(
                "Monthly/Weekly count of unique users who triggered internal_events_cli_used where label/property/value is...",
            ),
            t("failure, incomplete"),
            t("metrics, events"),
            t("bad input, 16"),
            t("60"),
            t("who tried and failed to define an internal event using the CLI"),
            t("failed_usage_attempts_under_60s"),
            pick("Copy & continue"),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
metrics:
  - events:
      - name: internal_events_cli_used
        filter:
          label: [failure, incomplete]
          property: [metrics, events]
          value: 60
    count: unique
    unique_by: user
    time_frames: [28d, 7d]
    name: failed_usage_attempts_under_60s
    description: Count of unique users who tried and failed to define an internal event using the CLI
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/metrics/counts_all/count_distinct_user_id_from_failed_usage_attempts_under_60s.yml",
            Expected::Metric("metrics/user_id_single_event_all_additional_props.yml"),
        )],
    }
}

fn metric_custom_property_filters() -> Scenario {
    Scenario {
        inputs: &[("config/events/internal_events_cli_used.yml", "events/event_with_multiple_custom_properties.yml")],
        start: Start::NewMetric,
        answers: vec![
            pick("Single event"),
            pick("internal_events_cli_used"),
            pick("Monthly/Weekly count of unique users who triggered internal_events_cli_used where"),
            t("failure"),
            t("   "),
            t("metrics"),
            Answer::Enter,
            t("30,13"),
            t("12.4"),
            t("who tried and failed to define an internal event using the CLI"),
            t("failed_usage_attempts_under_60s"),
            pick("Copy & continue"),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
metrics:
  - events:
      - name: internal_events_cli_used
        filter:
          label: failure
          custom_key1: metrics
          custom_key3: [30, 13]
          custom_key4: 12.4
    count: unique
    unique_by: user
    time_frames: [28d, 7d]
    name: failed_usage_attempts_under_60s
    description: Count of unique users who tried and failed to define an internal event using the CLI
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/metrics/counts_all/count_distinct_user_id_from_failed_usage_attempts_under_60s.yml",
            Expected::Metric("metrics/user_id_single_event_custom_key_filter.yml"),
        )],
    }
}

fn metric_some_events_without_properties() -> Scenario {
    Scenario {
        inputs: &[
            USED_WITH_ALL_PROPERTIES,
            CLOSED,
            ("config/events/internal_events_cli_opened.yml", "events/ee_event_without_identifiers.yml"),
        ],
        start: Start::NewMetric,
        answers: vec![
            pick("Multiple events"),
            many(&["internal_events_cli_closed", "internal_events_cli_opened", "internal_events_cli_used"]),
            pick("Total/Monthly/Weekly count of any of 3 events occurrences where label/property/value is..."),
            Answer::Yes,
            Answer::No,
            t("failure"),
            t("events"),
            Answer::Enter,
            t("when someone tried and failed to define an internal event using the CLI"),
            t("failed_usage_attempts"),
            pick("Copy & continue"),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
metrics:
  - events:
      - internal_events_cli_closed
      - name: internal_events_cli_used
        filter:
          label: failure
          property: events
    count: total
    time_frames: [28d, 7d, all]
    name: failed_usage_attempts
    description: Count of when someone tried and failed to define an internal event using the CLI
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/metrics/counts_all/count_total_failed_usage_attempts.yml",
            Expected::Metric("metrics/total_multi_event_some_additional_props.yml"),
        )],
    }
}

fn metric_renamed_when_too_long() -> Scenario {
    Scenario {
        inputs: &[
            USED,
            CLOSED,
            ("config/events/internal_events_cli_opened.yml", "events/secondary_event_with_additional_properties.yml"),
            ("config/events/random_name.yml", "events/keyboard_smashed_event.yml"),
        ],
        start: Start::NewMetric,
        answers: vec![
            pick("Multiple events"),
            many(&[
                "internal_events_cli_closed",
                "internal_events_cli_opened",
                "internal_events_cli_used",
                "random_name",
            ]),
            pick("Total/Monthly/Weekly count of any of 4 events occurrences"),
            t("CLI interations"),
            t("cli_interactions"),
            pick("Copy & continue"),
            pick(GROUP),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
metrics:
  - events: [internal_events_cli_closed, internal_events_cli_opened, internal_events_cli_used, random_name]
    count: total
    time_frames: [28d, 7d, all]
    name: cli_interactions
    description: Count of CLI interations
    product_group: analytics_instrumentation
    product_categories: [acquisition, service_ping]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/metrics/counts_all/count_total_cli_interactions.yml",
            Expected::Metric("metrics/total_multiple_events_with_rename.yml"),
        )],
    }
}

fn metric_unique_by_label() -> Scenario {
    Scenario {
        inputs: &[USED_WITH_PROPERTIES],
        start: Start::NewMetric,
        answers: single_event_metric(
            "internal_events_cli_used",
            "Monthly/Weekly count of unique values for 'label' from internal_events_cli_used occurrences",
            "values provided for label",
        )
        .into_iter()
        .chain([pick("Exit")])
        .collect(),
        plan: "\
milestone: \"16.6\"
metrics:
  - events: [internal_events_cli_used]
    count: unique
    unique_by: label
    time_frames: [28d, 7d]
    description: Count of unique values provided for label
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/metrics/counts_all/count_distinct_label_from_internal_events_cli_used.yml",
            Expected::Metric("metrics/label_single_event_additional_props.yml"),
        )],
    }
}

/// GitLab's scenario 20 picks "N/A" and writes a metric without `product_categories`, which
/// GitLab's own schema rejects for an active metric. Our wizard never writes what CI rejects: it
/// shows N/A disabled for metrics (see `wizard_screens`), so the PM picks the event's category.
fn metric_without_categories() -> Scenario {
    Scenario {
        inputs: &[CLOSED],
        start: Start::NewMetric,
        answers: vec![
            pick("Single event"),
            pick("internal_events_cli_closed"),
            pick("Total/Monthly/Weekly count of internal_events_cli_closed occurrences"),
            t("when the CLI is gracefully closed"),
            pick("Copy & continue"),
            many(&["service_ping"]),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
metrics:
  - events: [internal_events_cli_closed]
    count: total
    time_frames: [28d, 7d, all]
    description: Count of when the CLI is gracefully closed
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/metrics/counts_all/count_total_internal_events_cli_closed.yml",
            Expected::PatchedMetric(
                "metrics/total_no_product_categories.yml",
                "product_group: analytics_instrumentation\n",
                "product_group: analytics_instrumentation\nproduct_categories:\n- service_ping\n",
            ),
        )],
    }
}

fn metric_with_other_group_categories() -> Scenario {
    Scenario {
        inputs: &[CLOSED],
        start: Start::NewMetric,
        answers: vec![
            pick("Single event"),
            pick("internal_events_cli_closed"),
            pick("Total/Monthly/Weekly count of internal_events_cli_closed occurrences"),
            t("when the CLI is gracefully closed"),
            pick("Modify attributes"),
            pick("ci:package:package_registry"),
            many(&["package_registry", "helm_chart_registry"]),
            Answer::Enter,
            Answer::Enter,
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
metrics:
  - events: [internal_events_cli_closed]
    count: total
    time_frames: [28d, 7d, all]
    description: Count of when the CLI is gracefully closed
    product_group: package_registry
    product_categories: [helm_chart_registry, package_registry]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/metrics/counts_all/count_total_internal_events_cli_closed.yml",
            Expected::Metric("metrics/total_multiple_product_categories.yml"),
        )],
    }
}

fn metric_sum() -> Scenario {
    Scenario {
        inputs: &[USED_WITH_PROPERTIES],
        start: Start::NewMetric,
        answers: single_event_metric(
            "internal_events_cli_used",
            "Total/Monthly/Weekly sum of all values for 'value' from internal_events_cli_used occurrences",
            "time spent using CLI",
        )
        .into_iter()
        .chain([pick("Exit")])
        .collect(),
        plan: "\
milestone: \"16.6\"
metrics:
  - events: [internal_events_cli_used]
    count: sum
    time_frames: [28d, 7d, all]
    description: Sum of all time spent using CLI
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/metrics/counts_all/sum_value_from_internal_events_cli_used.yml",
            Expected::Metric("metrics/sum_single_event.yml"),
        )],
    }
}

fn metric_sum_filtered_over_two_events() -> Scenario {
    Scenario {
        inputs: &[
            USED_WITH_ALL_PROPERTIES,
            ("config/events/internal_events_cli_opened.yml", "events/secondary_event_with_additional_properties.yml"),
        ],
        start: Start::NewMetric,
        answers: vec![
            pick("Multiple events"),
            many(&["internal_events_cli_opened", "internal_events_cli_used"]),
            pick(
                "Total/Monthly/Weekly sum of all values for 'value' from any of 2 events occurrences where label/property is...",
            ),
            t("failure"),
            // The label typed for the first event is pre-filled for the second; clear it.
            t(""),
            t("flow"),
            t("time spent in failed flow of CLI"),
            t("failed_usage_time"),
            pick("Copy & continue"),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
metrics:
  - events:
      - name: internal_events_cli_opened
        filter:
          label: failure
      - name: internal_events_cli_used
        filter:
          property: flow
    count: sum
    time_frames: [28d, 7d, all]
    name: failed_usage_time
    description: Sum of all time spent in failed flow of CLI
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [free, premium, ultimate]
",
        outputs: vec![(
            "config/metrics/counts_all/sum_value_from_failed_usage_time.yml",
            Expected::Metric("metrics/sum_multiple_events_with_filters.yml"),
        )],
    }
}

// ---- metric_definer_database_examples.yml ----

fn database_metric() -> Scenario {
    Scenario {
        inputs: &[],
        start: Start::MainMenu,
        answers: vec![
            pick("New Metric"),
            pick("Database"),
            t("CountIssuesMetric"),
            many(&["Weekly", "Monthly"]),
            t("Count of issues"),
            t("issues_count"),
            pick(GROUP),
            many(&["service_ping"]),
            Answer::Enter,
            pick(EE_TIERS),
            Answer::Yes,
            pick("Exit"),
        ],
        plan: "\
milestone: \"16.6\"
metrics:
  - time_frames: [7d, 28d]
    name: issues_count
    description: Count of issues
    database:
      instrumentation_class: CountIssuesMetric
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    introduced_by_url: TODO
    tiers: [premium, ultimate]
",
        outputs: vec![(
            "ee/config/metrics/counts_all/issues_count.yml",
            Expected::Metric("metrics/database_metric.yml"),
        )],
    }
}
