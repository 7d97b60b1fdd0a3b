//! How long the wizard waits before its first question (issue 6 target: 50 ms on a
//! 10,000-file repository). The wizard loads every definition with the same loader as
//! `validate` before it asks anything, so this times that loader: reference lists,
//! `Repository::load` (walk, read, parse, model) and, separately, compiling the schemas.
//!
//! `cargo run --release --example load_time -- --root DIR` (an existing repository), or
//! `cargo run --release --example load_time -- --files 10000` (generates one in a temp folder).
//! Prints one cold-ish run (the first in this process; the page cache may be warm) and the
//! median of `--runs` more.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use eventdef::repository::{LoadLimits, ReferenceLists, ReferenceOverrides, Repository};
use eventdef::rules::schema::Schemas;

/// Time the repository loader the wizard runs before its first question.
#[derive(Debug, Parser)]
struct Args {
    /// Repository to load (default: generate one of --files definitions in a temp folder)
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Size of the generated repository when --root is not given
    #[arg(long, default_value_t = 10_000)]
    files: usize,
    /// Timed runs after the first
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

struct Timing {
    reference: Duration,
    load: Duration,
    schemas: Duration,
    files: usize,
}

impl Timing {
    fn until_first_question(&self) -> Duration {
        self.reference + self.load
    }
}

fn once(root: &Path) -> Result<Timing, String> {
    let started = Instant::now();
    let reference = ReferenceLists::load(root, &ReferenceOverrides::default()).map_err(|e| e.to_string())?;
    let reference_done = Instant::now();
    let repo = Repository::load(root, reference.clone(), &LoadLimits::default());
    let load_done = Instant::now();
    let _schemas = Schemas::compile(&reference).map_err(|e| e.to_string())?;
    let schemas_done = Instant::now();
    Ok(Timing {
        reference: reference_done - started,
        load: load_done - reference_done,
        schemas: schemas_done - load_done,
        files: repo.files.len(),
    })
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> ExitCode {
    let process_started = Instant::now();
    let args = Args::parse();
    let _temp;
    let root = match &args.root {
        Some(root) => root.clone(),
        None => {
            let temp = match tempfile::tempdir() {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("load_time: cannot make a temp folder: {e}");
                    return ExitCode::from(2);
                }
            };
            let lists = corpus::ReferenceTexts::from_corpus_or_built_in(Path::new(env!("CARGO_MANIFEST_DIR")));
            let options = corpus::CorpusOptions { files: args.files, ..corpus::CorpusOptions::default() };
            if let Err(e) = corpus::generate(temp.path(), &options, &lists) {
                eprintln!("load_time: generating {} files: {e}", args.files);
                return ExitCode::from(2);
            }
            let root = temp.path().to_path_buf();
            _temp = temp;
            root
        }
    };

    let first = match once(&root) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("load_time: {}: {e}", root.display());
            return ExitCode::from(2);
        }
    };
    if args.root.is_some() {
        // Only meaningful when nothing ran before the load in this process.
        println!("process start → repository loaded (first run): {}", ms(process_started.elapsed() - first.schemas));
    }
    println!(
        "first run:  {} files; reference lists {}, Repository::load {}, schemas compile {}; before the first question {}",
        first.files,
        ms(first.reference),
        ms(first.load),
        ms(first.schemas),
        ms(first.until_first_question())
    );
    let mut runs = Vec::with_capacity(args.runs);
    for _ in 0..args.runs {
        match once(&root) {
            Ok(t) => runs.push(t),
            Err(e) => {
                eprintln!("load_time: {}: {e}", root.display());
                return ExitCode::from(2);
            }
        }
    }
    if !runs.is_empty() {
        runs.sort_by_key(Timing::until_first_question);
        let median = &runs[runs.len() / 2];
        println!(
            "median of {}: reference lists {}, Repository::load {}, schemas compile {}; before the first question {}",
            runs.len(),
            ms(median.reference),
            ms(median.load),
            ms(median.schemas),
            ms(median.until_first_question())
        );
    }
    ExitCode::SUCCESS
}
