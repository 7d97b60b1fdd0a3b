//! The benchmark corpus generator (benches/support/corpus.rs) keeps its promises: the loader
//! reads every file it writes, names never collide, metrics only use events that exist and
//! support them, the same seed gives the same bytes, and the rules find no error in it.

#[path = "../../benches/support/corpus.rs"]
mod corpus;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use eventdef::diagnostics::Severity;
use eventdef::model::{DataSource, UniqueBy};
use eventdef::repository::{FileKind, LoadLimits, ReferenceLists, ReferenceOverrides, Repository};
use eventdef::rules::{self, ValidateOptions, schema::Schemas};

fn lists() -> corpus::ReferenceTexts {
    corpus::ReferenceTexts::from_corpus_or_built_in(Path::new(env!("CARGO_MANIFEST_DIR")))
}

#[test]
fn same_seed_same_files_other_seed_other_files() {
    let options = corpus::CorpusOptions { files: 300, seed: 6 };
    let (a, _) = corpus::plan(&options, &lists()).unwrap();
    let (b, _) = corpus::plan(&options, &lists()).unwrap();
    assert_eq!(a, b);
    let (c, _) = corpus::plan(&corpus::CorpusOptions { seed: 7, ..options }, &lists()).unwrap();
    assert_ne!(a, c);
}

#[test]
fn refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let err = corpus::generate(dir.path(), &corpus::CorpusOptions { files: 10, seed: 6 }, &lists()).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(), "mine");
}

#[test]
fn generated_repository_is_consistent() {
    let files = 2_000;
    let dir = tempfile::tempdir().unwrap();
    let summary = corpus::generate(dir.path(), &corpus::CorpusOptions { files, seed: 6 }, &lists()).unwrap();
    assert_eq!(summary.files, files);

    let reference = ReferenceLists::load(dir.path(), &ReferenceOverrides::default()).unwrap();
    let repo = Repository::load(dir.path(), reference.clone(), &LoadLimits::default());
    assert_eq!(repo.files.len(), files, "the loader finds every generated definition");
    assert!(repo.walk_problems.is_empty());
    for f in &repo.files {
        let source = repo.source_file(f);
        assert!(
            source.read_problem.is_none() && source.parsed.problems.is_empty(),
            "{}: {:?}",
            f.path,
            source.parsed.problems
        );
    }
    let events = repo.files.iter().filter(|f| f.kind == FileKind::Event).count();
    assert_eq!(events, files * 2 / 5, "40 % events");
    assert_eq!(repo.events.len() + repo.metrics.len(), files, "every file reads as a definition");

    // Unique actions and key paths (after the `_weekly`/`_monthly` expansion).
    let mut actions = HashSet::new();
    for e in &repo.events {
        assert!(actions.insert(e.def.action.as_str()), "duplicate action {}", e.def.action);
    }
    let mut key_paths = HashSet::new();
    for m in &repo.metrics {
        for (_, key_path) in m.def.effective_key_paths() {
            assert!(key_paths.insert(key_path.clone()), "duplicate key path {key_path}");
        }
    }

    // Internal-events metrics use live internal events that have what the metric needs.
    let live: HashMap<&str, _> = repo
        .events
        .iter()
        .filter(|e| e.def.is_internal() && !e.def.is_removed())
        .map(|e| (e.def.action.as_str(), &e.def))
        .collect();
    let mut event_metrics = 0;
    for m in repo.metrics.iter().filter(|m| m.def.data_source == Some(DataSource::InternalEvents)) {
        event_metrics += 1;
        for used in m.def.events() {
            let event = live
                .get(used.name.as_str())
                .unwrap_or_else(|| panic!("{}: unknown event {}", m.def.key_path, used.name));
            let needs = match used.unique {
                Some(UniqueBy::UserId) => Some("user"),
                Some(UniqueBy::ProjectId) => Some("project"),
                Some(UniqueBy::NamespaceId) => Some("namespace"),
                _ => None,
            };
            if let Some(id) = needs {
                assert!(
                    event.identifiers().iter().any(|i| i.as_str() == id),
                    "{}: {} lacks {id}",
                    m.def.key_path,
                    used.name
                );
            }
            if let Some(UniqueBy::Label) = used.unique {
                assert!(event.has_property("label"));
            }
            for key in used.filter.keys() {
                assert!(event.has_property(key), "{}: {} lacks property {key}", m.def.key_path, used.name);
            }
            if used.operator.is_some() {
                assert!(event.has_property("value"));
            }
        }
    }
    assert!(event_metrics >= files * 3 / 10, "most metrics count generated events");

    // A correct validator finds no error here (warnings, e.g. for legacy file names, are fine).
    let schemas = Schemas::compile(&reference).unwrap();
    let outcome = rules::validate(&repo, &schemas, &ValidateOptions::default());
    let errors: Vec<_> = outcome.diagnostics.iter().filter(|d| d.severity == Severity::Error).take(10).collect();
    assert!(errors.is_empty(), "errors in the generated corpus: {errors:#?}");
}
