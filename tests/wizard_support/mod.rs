//! Shared by the wizard tests: a repository in a temporary folder seeded with GitLab's
//! generator fixtures, the fixtures' stages file, and a stand-in for `plan::apply::resolve`
//! until the writer lands (it writes JSON — valid YAML — so the flows can read back what they
//! saved; the real resolver's bytes are checked by the ignored end-to-end tests).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use eventdef::model::filters::filter_combinations;
use eventdef::model::naming::{self, Measure};
use eventdef::model::{EventDefinition, FilterValue, MetricDefinition, MetricEvent, Operator, Status, UniqueBy};
use eventdef::plan::apply::{PlanProblem, PlannedDefinition, PlannedFile};
use eventdef::plan::{Count, FilterValues, Plan, PlanMetricEvent, UniqueKey};
use eventdef::render::Templates;
use eventdef::repository::stages::Stages;
use eventdef::repository::{ReferenceLists, ReferenceOverrides, Repository};
use eventdef::wizard::scripted::{Answer, ScriptedPrompter};
use eventdef::wizard::{self, Asked, Outcome, ResolveFn, Start, WizardOptions};

pub const SHARED: &str = "../shared/gitlab-cli-fixtures";

/// The fixtures folder, or `None` (with a note) when `../shared` is missing and not required.
pub fn shared() -> Option<PathBuf> {
    let path = PathBuf::from(SHARED);
    if path.is_dir() {
        return Some(path);
    }
    if std::env::var("EVENTDEF_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
        panic!("{SHARED} is missing but EVENTDEF_REQUIRE_SHARED=1");
    }
    eprintln!("note: {SHARED} is missing; skipping");
    None
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(SHARED).join(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The bytes the newest generator writes for an event fixture: `status: active` after
/// `internal_events: true` (gitlab-cli-fixtures/README.md "Known inconsistencies").
pub fn newest_event_bytes(name: &str) -> String {
    let text = fixture(name);
    if text.contains("\nstatus: active\n") {
        return text;
    }
    text.replacen("internal_events: true\n", "internal_events: true\nstatus: active\n", 1)
}

/// A repository in a temporary folder with the given `(path, fixture)` files.
pub struct TestRepo {
    pub dir: tempfile::TempDir,
}

impl TestRepo {
    pub fn new(files: &[(&str, &str)]) -> TestRepo {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, fixture_name) in files {
            let target = dir.path().join(path);
            std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            std::fs::write(&target, fixture(fixture_name)).expect("write input");
        }
        // GitLab's spec setup knows `settings` too (event_with_mr_url.yml uses it).
        let mut categories = ReferenceLists::built_in().feature_categories.values;
        categories.push("settings".into());
        let list: String = categories.iter().map(|c| format!("- {c}\n")).collect();
        std::fs::create_dir_all(dir.path().join("config")).expect("mkdir config");
        std::fs::write(dir.path().join("config/feature_categories.yml"), list).expect("categories");
        TestRepo { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn load(&self) -> Repository {
        let reference = ReferenceLists::load(self.root(), &ReferenceOverrides::default()).expect("lists");
        Repository::load(self.root(), reference, &Default::default())
    }

    pub fn read(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(self.root().join(path)).ok()
    }

    /// Every file under config/ and ee/ except the categories list, sorted.
    pub fn definition_files(&self) -> Vec<String> {
        let mut files = Vec::new();
        for entry in walkdir(self.root()) {
            if entry.ends_with(".yml") && !entry.ends_with("feature_categories.yml") {
                files.push(entry);
            }
        }
        files.sort();
        files
    }
}

fn walkdir(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

pub fn options(resolve: ResolveFn) -> WizardOptions {
    let stages = Stages::parse(&fixture("stages.yml"), Path::new("stages.yml")).expect("stages fixture");
    let mut options = WizardOptions::new(Templates::embedded().expect("templates"));
    options.stages = Some(stages);
    options.milestone = Some("16.6".into());
    options.resolve = resolve;
    options
}

/// Run the wizard on `repo` with scripted answers.
pub fn run(
    repo: &TestRepo,
    start: Start,
    answers: Vec<Answer>,
    resolve: ResolveFn,
) -> (Asked<Outcome>, ScriptedPrompter) {
    let mut prompter = ScriptedPrompter::new(answers);
    let options = options(resolve);
    let outcome = wizard::run(&mut prompter, repo.load(), &options, start);
    (outcome, prompter)
}

/// A stand-in resolver: the definitions the plan describes, written as JSON.
pub fn fake_resolve(
    plan: &Plan,
    repo: &Repository,
    milestone: Option<&str>,
) -> Result<Vec<PlannedFile>, Vec<PlanProblem>> {
    let milestone = plan.milestone.clone().or(milestone.map(str::to_owned));
    let mut files = Vec::new();
    for event in &plan.events {
        let definition = EventDefinition {
            description: event.description.clone(),
            internal_events: Some(true),
            status: Some(Status::Active),
            action: event.action.clone(),
            identifiers: (!event.identifiers.is_empty()).then(|| event.identifiers.clone()),
            additional_properties: (!event.additional_properties.is_empty())
                .then(|| event.additional_properties.clone()),
            product_group: Some(event.product_group.clone()),
            product_categories: (!event.product_categories.is_empty()).then(|| event.product_categories.clone()),
            milestone: milestone.clone(),
            introduced_by_url: Some(event.introduced_by_url.clone().unwrap_or_else(|| "TODO".into())),
            tiers: event.tiers.clone(),
            classification: event.classification.clone(),
            ..EventDefinition::default()
        };
        let path = naming::event_file_path(&definition.action, &definition.tiers);
        let content = serde_json::to_string_pretty(&definition).expect("json") + "\n";
        files.push(PlannedFile {
            exists: repo.root.join(&path).exists(),
            path,
            content,
            definition: PlannedDefinition::Event(definition),
        });
    }
    for metric in &plan.metrics {
        let tiers = metric.tiers.clone().unwrap_or_default();
        let (key_path, path, frames, events) = match &metric.database {
            Some(_) => {
                let name = metric.name.clone().unwrap_or_default();
                let frames = metric.time_frames.clone().unwrap_or_default();
                (name.clone(), naming::metric_file_path(&name, &frames, &tiers), frames, None)
            }
            None => {
                let measure = match (metric.count, metric.unique_by) {
                    (Some(Count::Sum), _) => Measure::Sum,
                    (Some(Count::Unique), Some(by)) => Measure::Unique(unique_by(by)),
                    _ => Measure::Total,
                };
                let frames = naming::sorted_time_frames(&metric.time_frames.clone().unwrap_or_default());
                let mut actions: Vec<String> = metric.events.iter().map(|e| e.name().to_owned()).collect();
                actions.sort();
                actions.dedup();
                let key =
                    naming::metric_key(measure, &naming::events_segment(&actions, metric.name.as_deref()), &frames);
                let mut events = Vec::new();
                for entry in &metric.events {
                    let values: Vec<(String, Vec<FilterValue>)> = match entry {
                        PlanMetricEvent::Name(_) => Vec::new(),
                        PlanMetricEvent::Filtered { filter, .. } => filter
                            .iter()
                            .map(|(k, v)| {
                                let values = match v {
                                    FilterValues::One(one) => vec![one.clone()],
                                    FilterValues::Many(many) => many.clone(),
                                };
                                (k.clone(), values)
                            })
                            .collect(),
                    };
                    for combination in filter_combinations(&values) {
                        events.push(MetricEvent {
                            name: entry.name().to_owned(),
                            unique: match measure {
                                Measure::Unique(by) => Some(by),
                                _ => None,
                            },
                            filter: combination,
                            operator: (measure == Measure::Sum).then_some(Operator::SumValue),
                        });
                    }
                }
                events.sort_by(|a, b| a.name.cmp(&b.name));
                (
                    naming::metric_key_path(measure, &key),
                    naming::metric_file_path(&key, &frames, &tiers),
                    frames,
                    Some(events),
                )
            }
        };
        let definition = MetricDefinition {
            key_path: key_path.clone(),
            description: Some(metric.description.clone()),
            product_group: metric.product_group.clone(),
            product_categories: metric.product_categories.clone().filter(|c| !c.is_empty()),
            status: Some(Status::Active),
            milestone: milestone.clone(),
            introduced_by_url: metric.introduced_by_url.clone(),
            time_frame: Some(naming::time_frame_spec(&frames)),
            tiers: Some(tiers.clone()),
            events: events.clone(),
            instrumentation_class: metric.database.as_ref().map(|d| d.instrumentation_class.clone()),
            ..MetricDefinition::default()
        };
        let json = serde_json::json!({
            "key_path": key_path,
            "description": metric.description,
            "product_group": metric.product_group,
            "status": "active",
            "time_frame": match frames.as_slice() {
                [one] => serde_json::json!(one.as_str()),
                many => serde_json::json!(many.iter().map(|t| t.as_str()).collect::<Vec<_>>()),
            },
            "tiers": tiers,
            "events": events.unwrap_or_default().iter().map(|e| serde_json::json!({
                "name": e.name,
                "unique": e.unique.map(|u| u.as_str()),
                "filter": e.filter,
                "operator": e.operator.map(|o| o.as_str()),
            })).collect::<Vec<_>>(),
        });
        let content = serde_json::to_string_pretty(&json).expect("json") + "\n";
        files.push(PlannedFile {
            exists: repo.root.join(&path).exists(),
            path,
            content,
            definition: PlannedDefinition::Metric(definition),
        });
    }
    Ok(files)
}

fn unique_by(key: UniqueKey) -> UniqueBy {
    match key {
        UniqueKey::User => UniqueBy::UserId,
        UniqueKey::Project => UniqueBy::ProjectId,
        UniqueKey::Namespace => UniqueBy::NamespaceId,
        UniqueKey::Label => UniqueBy::Label,
        UniqueKey::Property => UniqueBy::Property,
        UniqueKey::Value => UniqueBy::Value,
    }
}
