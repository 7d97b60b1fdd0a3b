//! Whatever we write reads back as what we wrote: strings of every shape as descriptions, and
//! whole definitions through `Read::read(parse(write(def)))`.

use crate::support;

use indexmap::IndexMap;
use proptest::prelude::*;

use eventdef::model::to_yaml::{event_to_yaml, metric_to_yaml};
use eventdef::model::{
    AdditionalProperty, DataCategory, DataSource, EventDefinition, FilterValue, Identifier, MetricDefinition,
    MetricEvent, Operator, Read, Status, Tier, TimeFrame, TimeFrameSpec, UniqueBy, ValueType,
};
use eventdef::yaml::{self, Value};
use support::yaml_fragments::FRAGMENTS;

fn tricky_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
            1 => any::<char>().prop_map(|c| c.to_string()),
            1 => "[a-z ]{0,40}",
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

fn long_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => "[a-z]{1,12}", 1 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned)],
        20..60,
    )
    .prop_map(|w| w.join(" "))
}

fn description_reads_back(text: &str) -> Result<(), TestCaseError> {
    let event = EventDefinition { description: text.to_owned(), action: "a".into(), ..Default::default() };
    let out = event_to_yaml(&event);
    let parsed = yaml::parse(&out);
    prop_assert!(parsed.problems.is_empty(), "problems {:?} in\n{}", parsed.problems, out);
    let root = parsed.root.ok_or_else(|| TestCaseError::fail(format!("no document in\n{out}")))?;
    let node = root.get("description").ok_or_else(|| TestCaseError::fail(format!("no description in\n{out}")))?;
    prop_assert_eq!(&node.value, &Value::String(text.to_owned()), "written as\n{}", out);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn any_description_reads_back(text in tricky_string()) {
        description_reads_back(&text)?;
    }

    #[test]
    fn long_descriptions_read_back(text in long_string()) {
        description_reads_back(&text)?;
    }

    #[test]
    fn events_round_trip(event in event_definition()) {
        let out = event_to_yaml(&event);
        let root = yaml::parse(&out).root;
        let back = root.as_ref().and_then(EventDefinition::read);
        prop_assert_eq!(back.as_ref(), Some(&event), "written as\n{}", out);
    }

    #[test]
    fn metrics_round_trip(metric in metric_definition()) {
        let out = metric_to_yaml(&metric);
        let root = yaml::parse(&out).root;
        let back = root.as_ref().and_then(MetricDefinition::read);
        prop_assert_eq!(back.as_ref(), Some(&metric), "written as\n{}", out);
    }
}

fn opt_string() -> impl Strategy<Value = Option<String>> {
    prop::option::of(tricky_string())
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![4 => "[a-z][a-z0-9_]{0,20}", 1 => tricky_string().prop_filter("non-empty", |s| !s.is_empty())]
}

fn tiers() -> impl Strategy<Value = Vec<Tier>> {
    prop::sample::subsequence(Tier::ALL.to_vec(), 0..=3)
}

fn event_definition() -> impl Strategy<Value = EventDefinition> {
    let ids = prop::option::of(prop::sample::subsequence(Identifier::ALL.to_vec(), 0..=4));
    let props = prop::option::of(prop::collection::vec((name(), tricky_string()), 0..4).prop_map(|v| {
        v.into_iter().map(|(k, d)| (k, AdditionalProperty { description: d })).collect::<IndexMap<_, _>>()
    }));
    (
        (
            tricky_string(),
            prop::option::of(Just(true)),
            prop::option::of(prop_oneof![Just(Status::Active), Just(Status::Removed)]),
        ),
        (opt_string(), name(), ids, props),
        (opt_string(), opt_string(), prop::option::of(prop::collection::vec(name(), 0..3))),
        (opt_string(), opt_string(), opt_string(), opt_string(), tiers(), opt_string()),
    )
        .prop_map(
            |(
                (description, internal_events, status),
                (category, action, identifiers, additional_properties),
                (iglu, group, categories),
                (milestone, removed, url, removed_url, tiers, classification),
            )| {
                EventDefinition {
                    description,
                    internal_events,
                    status,
                    category,
                    action,
                    extra_properties: None,
                    identifiers,
                    additional_properties,
                    iglu_schema_url: iglu,
                    product_group: group,
                    product_categories: categories,
                    milestone,
                    milestone_removed: removed,
                    introduced_by_url: url,
                    removed_by_url: removed_url,
                    tiers,
                    classification,
                    extra_tracking_classes: None,
                }
            },
        )
}

fn filter_value() -> impl Strategy<Value = FilterValue> {
    prop_oneof![
        any::<i64>().prop_map(FilterValue::Int),
        (-1e20f64..1e20).prop_map(FilterValue::Float),
        tricky_string().prop_map(FilterValue::String),
    ]
}

fn metric_event() -> impl Strategy<Value = MetricEvent> {
    (
        name(),
        prop::option::of(prop::sample::select(UniqueBy::ALL)),
        prop::collection::vec((name(), filter_value()), 0..4),
        prop::option::of(Just(Operator::SumValue)),
    )
        .prop_map(|(name, unique, filter, operator)| MetricEvent {
            name,
            unique,
            filter: filter.into_iter().collect(),
            operator,
        })
}

fn time_frame_spec() -> impl Strategy<Value = TimeFrameSpec> {
    let frame = prop::sample::select(vec![TimeFrame::Week, TimeFrame::Month, TimeFrame::All, TimeFrame::None]);
    prop_oneof![
        frame.clone().prop_map(TimeFrameSpec::Single),
        prop::collection::vec(frame, 0..4).prop_map(TimeFrameSpec::List)
    ]
}

fn metric_definition() -> impl Strategy<Value = MetricDefinition> {
    (
        (tricky_string(), opt_string(), opt_string(), prop::option::of(prop::collection::vec(name(), 0..3))),
        (
            prop::option::of(prop::collection::vec(name(), 0..2)),
            prop::option::of(prop::sample::select(ValueType::ALL)),
            prop::option::of(Just(Status::Active)),
        ),
        (opt_string(), opt_string(), opt_string(), opt_string(), opt_string()),
        (
            prop::option::of(time_frame_spec()),
            prop::option::of(prop::sample::select(DataSource::ALL)),
            prop::option::of(prop::sample::select(DataCategory::ALL)),
            prop::option::of(tiers()),
        ),
        (prop::option::of(prop::collection::vec(metric_event(), 0..4)), opt_string(), opt_string(), opt_string()),
    )
        .prop_map(
            |(
                (key_path, description, product_group, product_categories),
                (performance_indicator_type, value_type, status),
                (milestone, milestone_removed, introduced_by_url, removed_by_url, repair_issue_url),
                (time_frame, data_source, data_category, tiers),
                (events, instrumentation_class, value_json_schema, name),
            )| {
                MetricDefinition {
                    key_path,
                    description,
                    product_group,
                    product_categories,
                    performance_indicator_type,
                    value_type,
                    status,
                    milestone,
                    milestone_removed,
                    introduced_by_url,
                    removed_by_url,
                    repair_issue_url,
                    time_frame,
                    data_source,
                    data_category,
                    tiers,
                    events,
                    instrumentation_class,
                    options: None,
                    value_json_schema,
                    name,
                }
            },
        )
}

#[test]
fn options_and_extra_properties_round_trip() {
    let metric = MetricDefinition {
        key_path: "k".into(),
        options: Some(serde_json::json!({"events": ["a", "b"], "n": 1, "f": 1.5, "on": true, "nothing": null})),
        ..Default::default()
    };
    let out = metric_to_yaml(&metric);
    assert_eq!(MetricDefinition::read(&yaml::parse(&out).root.unwrap()), Some(metric), "{out}");
    let event = EventDefinition {
        action: "a".into(),
        extra_properties: Some(serde_json::json!({"x": {"y": [1, "2"]}})),
        extra_tracking_classes: Some(vec!["Foo::Bar".into()]),
        ..Default::default()
    };
    let out = event_to_yaml(&event);
    assert_eq!(EventDefinition::read(&yaml::parse(&out).root.unwrap()), Some(event), "{out}");
}
