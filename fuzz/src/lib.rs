//! The bodies of the fuzz targets, shared with the main crate's tests: `tests/fuzz_regressions.rs`
//! replays every input the fuzzers found through them, and `tests/properties.rs` feeds them
//! generated input. Only `eventdef` and `serde_json` are used, so the file compiles in both.
//!
//! Each body panics exactly when the code under test misbehaves: a panic inside eventdef, or
//! output that is not what it claims to be (JSON that does not parse).

use std::path::PathBuf;
use std::sync::OnceLock;

use eventdef::model::{EventDefinition, MetricDefinition, Read};
use eventdef::render::{Templates, UsageTarget};
use eventdef::repository::{
    FileChecks, FileContent, FileKind, LoadLimits, NoChecks, ReferenceLists, Repository, SourceFile,
};
use eventdef::rules::{self, PerFileRules, ValidateOptions, schema::Schemas};

/// `load`: bytes → the loader's checks (size, UTF-8) → YAML with positions → both models.
pub fn load(data: &[u8]) {
    let limits = LoadLimits::default();
    let file = SourceFile::from_bytes("config/events/fuzz.yml".into(), FileKind::Event, data.to_vec(), &limits);
    let Some(root) = file.root() else { return };
    let json = root.to_json().to_string();
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("to_json produced invalid JSON ({e}): {json}");
    }
    let _ = EventDefinition::read(root);
    let _ = MetricDefinition::read(root);
    for path in [&["events", "0", "filter"][..], &["time_frame"], &["additional_properties", "label"]] {
        let _ = root.locate(path);
    }
}

/// A repository of one event file and one metric file: `data` split at its first NUL byte, or
/// the same bytes for both when there is none. `checks` run as the files are loaded.
fn event_and_metric_repository(data: &[u8], checks: &dyn FileChecks) -> Repository {
    let (event, metric) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, data),
    };
    let files = vec![
        FileContent { path: "config/events/fuzz_event.yml".into(), kind: FileKind::Event, bytes: Ok(event.to_vec()) },
        FileContent {
            path: "config/metrics/counts_all/fuzz_metric.yml".into(),
            kind: FileKind::Metric,
            bytes: Ok(metric.to_vec()),
        },
    ];
    Repository::from_contents(PathBuf::from("/fuzz"), files, reference().clone(), &LoadLimits::default(), checks)
}

/// `validate`: bytes → an event file and a metric file of one repository (split at the first NUL
/// byte; without one, the same bytes are both) → every rule → the human and JSON reports.
pub fn validate(data: &[u8]) {
    let repo = event_and_metric_repository(data, &PerFileRules::new(schemas()));
    let outcome = rules::validate(&repo, schemas(), &ValidateOptions::default());
    let _ = eventdef::report::human::render(&outcome, &repo, false);
    let json = eventdef::report::json::render(&outcome);
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("the JSON report is not JSON ({e}): {json}");
    }
}

/// `plan`: bytes → the plan file parser → resolving (names, paths, copied defaults, filters,
/// the validator on the repository as it would be) against a small fixed repository. A bad plan
/// must be refused with problems, never panic; a plan that resolves yields definitions that read
/// back as what they claim to be.
pub fn plan(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(plan) = eventdef::plan::parse_plan(text, "plan.yml") else { return };
    let Ok(files) = eventdef::plan::apply::resolve(&plan, plan_repository(), Some("18.0")) else { return };
    let limits = LoadLimits::default();
    for file in files {
        let Some(kind) = eventdef::repository::classify(&file.path) else {
            panic!("the plan resolved to a path that is not a definition: {}", file.path);
        };
        let written = SourceFile::from_text(file.path.clone(), kind, file.content.clone(), &limits);
        if written.root().is_none() {
            panic!("the plan wrote a file that does not parse: {}\n{}", file.path, file.content);
        }
    }
}

/// The repository every `plan` input resolves against: GitLab's own CLI events (as in the
/// generator scenarios, with additional properties for filters) and the sample repository.
fn plan_repository() -> &'static Repository {
    static REPO: OnceLock<Repository> = OnceLock::new();
    REPO.get_or_init(|| {
        let event = |path: &str, text: &str| FileContent::text(path, FileKind::Event, text);
        let metric = |path: &str, text: &str| FileContent::text(path, FileKind::Metric, text);
        let files = vec![
            event(
                "config/events/internal_events_cli_used.yml",
                include_str!(
                    "../../fixtures/gitlab-scenarios/metric-23-sum-multiple-events-with-filters/before/config/events/internal_events_cli_used.yml"
                ),
            ),
            event(
                "config/events/internal_events_cli_opened.yml",
                include_str!(
                    "../../fixtures/gitlab-scenarios/metric-23-sum-multiple-events-with-filters/before/config/events/internal_events_cli_opened.yml"
                ),
            ),
            event(
                "config/events/internal_events_cli_closed.yml",
                include_str!(
                    "../../fixtures/gitlab-scenarios/metric-18-name-when-default-too-long/before/config/events/internal_events_cli_closed.yml"
                ),
            ),
            event(
                "config/events/random_name.yml",
                include_str!(
                    "../../fixtures/gitlab-scenarios/metric-18-name-when-default-too-long/before/config/events/random_name.yml"
                ),
            ),
            event(
                "config/events/apply_suggestion_in_merge_request.yml",
                include_str!("../../fixtures/sample-repo/config/events/apply_suggestion_in_merge_request.yml"),
            ),
            metric(
                "config/metrics/counts_all/count_total_internal_events_cli_used.yml",
                include_str!(
                    "../../fixtures/gitlab-scenarios/metric-12-overwrite-existing-metric/before/config/metrics/counts_all/count_total_internal_events_cli_used.yml"
                ),
            ),
            metric(
                "config/metrics/counts_all/count_total_apply_suggestion_in_merge_request.yml",
                include_str!(
                    "../../fixtures/sample-repo/config/metrics/counts_all/count_total_apply_suggestion_in_merge_request.yml"
                ),
            ),
        ];
        Repository::from_contents(PathBuf::from("/fuzz"), files, reference().clone(), &LoadLimits::default(), &NoChecks)
    })
}

/// `render`: bytes → an event definition and a metric (split at the first NUL byte as in
/// `validate`; without one, the same bytes are both) in one repository → the usage snippet for
/// every target and the instrumentation issue. Every read definition renders, never panics.
pub fn render(data: &[u8]) {
    let repo = event_and_metric_repository(data, &NoChecks);
    let Some(templates) = templates() else { return };
    let events: Vec<EventDefinition> = repo.events.iter().map(|e| e.def.clone()).collect();
    let metrics: Vec<MetricDefinition> = repo.metrics.iter().map(|m| m.def.clone()).collect();
    for event in &events {
        for target in UsageTarget::ALL {
            let _ = eventdef::render::usage(&repo, event, target, templates);
        }
    }
    let _ = eventdef::render::issue(&events, &metrics, "fuzz objective", templates);
}

fn templates() -> Option<&'static Templates> {
    static TEMPLATES: OnceLock<Option<Templates>> = OnceLock::new();
    TEMPLATES
        .get_or_init(|| match Templates::embedded() {
            Ok(t) => Some(t),
            Err(e) => panic!("the built-in templates do not compile: {e}"),
        })
        .as_ref()
}

fn reference() -> &'static ReferenceLists {
    static REFERENCE: OnceLock<ReferenceLists> = OnceLock::new();
    REFERENCE.get_or_init(ReferenceLists::built_in)
}

fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| match Schemas::compile(reference()) {
        Ok(schemas) => schemas,
        Err(e) => panic!("the built-in schemas do not compile: {e}"),
    })
}
