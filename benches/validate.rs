//! The in-process hot path of `eventdef validate`: loading a repository (walk, read,
//! parse, model) with and without the per-file rules, the cross-file rules, and all of it, on a generated tree of
//! `EVENTDEF_BENCH_FILES` definitions (default 10,000) built once in a temp folder.
//!
//! `cargo bench --bench validate` (CI only compiles it: `cargo bench --no-run`).
//! `benches/compare.sh` measures the whole process against other validators.

#[path = "support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use divan::Bencher;
use eventdef::repository::{LoadLimits, ReferenceLists, ReferenceOverrides, Repository, walk};
use eventdef::rules::{self, PerFileRules, ValidateOptions, schema::Schemas};
use eventdef::yaml;

fn main() {
    divan::main();
}

/// The generated repository, made on first use and removed when the process ends.
struct Tree {
    _dir: tempfile::TempDir,
    root: PathBuf,
    reference: ReferenceLists,
}

static TREE: LazyLock<Tree> = LazyLock::new(|| {
    let files = std::env::var("EVENTDEF_BENCH_FILES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp folder: {e}"));
    let root = dir.path().to_path_buf();
    let lists = corpus::ReferenceTexts::from_corpus_or_built_in(Path::new(env!("CARGO_MANIFEST_DIR")));
    let options = corpus::CorpusOptions { files, ..corpus::CorpusOptions::default() };
    let summary = corpus::generate(&root, &options, &lists).unwrap_or_else(|e| panic!("generating the tree: {e}"));
    eprintln!("bench tree: {summary}");
    let reference =
        ReferenceLists::load(&root, &ReferenceOverrides::default()).unwrap_or_else(|e| panic!("reference lists: {e}"));
    Tree { _dir: dir, root, reference }
});

fn load() -> Repository {
    Repository::load(&TREE.root, TREE.reference.clone(), &LoadLimits::default())
}

fn schemas() -> Schemas {
    Schemas::compile(&TREE.reference).unwrap_or_else(|e| panic!("schemas: {e}"))
}

/// What the wizard waits for before its first question, and the first half of `validate`.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn load_repository(bencher: Bencher) {
    LazyLock::force(&TREE);
    bencher.bench(load);
}

/// YAML parsing alone, from text already in memory, on one thread.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn parse_texts(bencher: Bencher) {
    let (found, _) = walk::walk(&TREE.root);
    let texts: Vec<String> = found.iter().filter_map(|f| std::fs::read_to_string(&f.abs).ok()).collect();
    bencher.bench(|| texts.iter().map(|t| yaml::parse(t).root.is_some() as usize).sum::<usize>());
}

/// Loading with the per-file rules (yaml, schema, conventions), as `validate` does.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn load_checked(bencher: Bencher) {
    LazyLock::force(&TREE);
    let schemas = schemas();
    let checks = PerFileRules::new(&schemas);
    bencher.bench(|| Repository::load_checked(&TREE.root, TREE.reference.clone(), &LoadLimits::default(), &checks));
}

/// The cross-file rules and collecting every finding, over a repository loaded with checks.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn validate_loaded(bencher: Bencher) {
    let schemas = schemas();
    let repo = Repository::load_checked(
        &TREE.root,
        TREE.reference.clone(),
        &LoadLimits::default(),
        &PerFileRules::new(&schemas),
    );
    let options = ValidateOptions::default();
    bencher.bench(|| rules::validate(&repo, &schemas, &options).diagnostics.len());
}

/// Compiling the schemas, once per run.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn compile_schemas(bencher: Bencher) {
    LazyLock::force(&TREE);
    bencher.bench(schemas);
}

/// The whole of `eventdef validate` without printing: schemas, load, rules.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn load_and_validate(bencher: Bencher) {
    LazyLock::force(&TREE);
    let options = ValidateOptions::default();
    bencher.bench(|| {
        let schemas = schemas();
        let checks = PerFileRules::new(&schemas);
        let repo = Repository::load_checked(&TREE.root, TREE.reference.clone(), &LoadLimits::default(), &checks);
        rules::validate(&repo, &schemas, &options).diagnostics.len()
    });
}
