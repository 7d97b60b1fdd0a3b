use std::path::PathBuf;

use crate::plan::apply::{PlanProblem, PlannedDefinition, PlannedFile, resolve};
use crate::plan::parse_plan;
use crate::repository::{FileContent, FileKind, LoadLimits, NoChecks, ReferenceLists, Repository};

fn event_file(action: &str, extra: &str) -> FileContent {
    let text = format!(
        "---\ndescription: d\ninternal_events: true\naction: {action}\nidentifiers:\n- user\n{extra}milestone: '16.6'\ntiers:\n- free\n"
    );
    FileContent::text(format!("config/events/{action}.yml"), FileKind::Event, text)
}

fn repo(files: Vec<FileContent>) -> Repository {
    let mut reference = ReferenceLists::built_in();
    reference.milestone = Some("16.6".into());
    let root = PathBuf::from("/nonexistent-eventdef-root");
    Repository::from_contents(root, files, reference, &LoadLimits::default(), &NoChecks)
}

fn resolve_text(plan: &str, repo: &Repository) -> Result<Vec<PlannedFile>, Vec<PlanProblem>> {
    let plan = parse_plan(plan, "plan.yml").map_err(|p| panic!("plan: {p:?}")).unwrap_or_default();
    resolve(&plan, repo, None)
}

#[test]
fn copy_takes_the_first_events_value_when_the_others_agree() {
    // The first event has no product_group, the second has one: GitLab's "Copy & continue"
    // treats the group as shared and copies the first event's (missing) value.
    let repo = repo(vec![
        event_file("a_first", "product_categories:\n- service_ping\n"),
        event_file("b_second", "product_group: analytics_instrumentation\nproduct_categories:\n- acquisition\n"),
    ]);
    let plan = "metrics:\n- events: [b_second, a_first]\n  count: total\n  description: Count of both\n";
    let problems = resolve_text(plan, &repo).unwrap_err();
    assert_eq!(problems[0].location, "metrics[0].product_group");
    assert!(problems[0].message.contains("`a_first` has none"), "{problems:?}");
    // Given explicitly, the rest is copied: categories as a union in the known list's order.
    let plan = format!("{plan}  product_group: analytics_instrumentation\n");
    let files = resolve_text(&plan, &repo).unwrap();
    let PlannedDefinition::Metric(m) = &files[0].definition else { panic!() };
    assert_eq!(m.product_categories.as_deref(), Some(&["acquisition".to_owned(), "service_ping".to_owned()][..]));
    assert_eq!(m.introduced_by_url.as_deref(), Some("TODO"));
    assert_eq!(m.events().iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["a_first", "b_second"]);
    assert_eq!(m.key_path, "counts.count_total_a_first_and_b_second");
}

#[test]
fn filters_are_a_cartesian_product_in_the_events_property_order() {
    let props = "additional_properties:\n  label:\n    description: l\n  property:\n    description: p\n  value:\n    description: v\n  custom:\n    description: c\nproduct_group: analytics_instrumentation\nproduct_categories:\n- service_ping\n";
    let repo = repo(vec![event_file("e", props)]);
    let plan = "metrics:\n- events:\n  - name: e\n    filter: {custom: [' 7 ', '7', x, '1.5'], value: ['3', 3], property: [' ', ''], label: [a, b, a, 5]}\n  count: unique\n  unique_by: user\n  name: n\n  description: Count\n";
    let files = resolve_text(plan, &repo).unwrap();
    let PlannedDefinition::Metric(m) = &files[0].definition else { panic!() };
    let shown: Vec<String> = m
        .events()
        .iter()
        .map(|e| e.filter.iter().map(|(k, v)| format!("{k}={v:?}")).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(shown.len(), 3 * 3);
    assert_eq!(shown[0], r#"label=String("a"),value=Int(3),custom=Int(7)"#);
    assert_eq!(shown[1], r#"label=String("a"),value=Int(3),custom=String("x")"#);
    assert_eq!(shown[2], r#"label=String("a"),value=Int(3),custom=Float(1.5)"#);
    assert_eq!(shown[8], r#"label=String("5"),value=Int(3),custom=Float(1.5)"#);
}

#[test]
fn default_names_that_are_too_long_need_a_name() {
    let long = "a".repeat(90);
    let repo = repo(vec![event_file(
        &long,
        "product_group: analytics_instrumentation\nproduct_categories:\n- service_ping\n",
    )]);
    let plan = format!("metrics:\n- events: [{long}]\n  count: total\n  description: Count\n");
    let problems = resolve_text(&plan, &repo).unwrap_err();
    assert!(problems[0].message.contains("longer than 100 characters"), "{problems:?}");
    assert!(problems[0].message.contains("counts.count_total_[REPLACE ME]"), "{problems:?}");
}
