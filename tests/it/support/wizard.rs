//! Shared by the wizard tests: a repository in a temporary folder seeded with GitLab's
//! generator fixtures, and the fixtures' stages file. The flows resolve and write through the
//! real `plan::apply::resolve`, exactly as `eventdef apply` does.

use std::path::Path;

use eventdef::plan::{Plan, parse_plan};
use eventdef::render::Templates;
use eventdef::repository::stages::Stages;
use eventdef::repository::{ReferenceLists, ReferenceOverrides, Repository};
use eventdef::wizard::plan_yaml::plan_to_yaml;
use eventdef::wizard::scripted::{Answer, ScriptedPrompter};
use eventdef::wizard::{self, Asked, Outcome, ResolveFn, Start, WizardOptions};

/// A generator fixture's text.
pub fn fixture(name: &str) -> String {
    let path = super::crate_dir().join("../shared/gitlab-cli-fixtures").join(name);
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
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
        // The lists of GitLab's spec's time (see fixtures/gitlab-scenarios/README.md): its
        // categories plus `settings` (event_with_mr_url.yml uses it), and groups it names that
        // GitLab has renamed since (`import_and_integrate`).
        let lists = super::crate_dir().join("fixtures/gitlab-scenarios");
        for (from, to) in [
            ("feature_categories.yml", "config/feature_categories.yml"),
            ("product_groups.json", "config/metrics/schema/product_groups.json"),
        ] {
            std::fs::create_dir_all(dir.path().join(to).parent().expect("parent")).expect("mkdir");
            std::fs::copy(lists.join(from), dir.path().join(to)).expect("reference list");
        }
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
    if let Ok(outcome) = &outcome {
        assert_plan_round_trips(&outcome.plan);
    }
    (outcome, prompter)
}

/// The plan as `--save-plan` writes it reads back through `plan::parse_plan` (what `apply`
/// and `issue` read) as the same plan.
pub fn assert_plan_round_trips(plan: &Plan) {
    let text = plan_to_yaml(plan);
    match parse_plan(&text, "saved-plan.yml") {
        Ok(back) => assert_eq!(&back, plan, "the saved plan reads back differently:\n{text}"),
        Err(problems) => panic!("the saved plan does not parse: {problems:?}\n{text}"),
    }
}
