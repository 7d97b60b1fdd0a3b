//! How long the wizard waits before its first question (target: 50 ms on a
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
use eventdef::report;
use eventdef::repository::{
    FileContent, LoadLimits, NoChecks, ReferenceLists, ReferenceOverrides, Repository, SourceFile, walk,
};
use eventdef::rules::{self, PerFileRules, ValidateOptions, schema::Schemas};

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
    /// Also time each phase of `validate` on one thread: walk, read, parse, model, rules,
    /// JSON report, freeing the repository
    #[arg(long)]
    phases: bool,
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

/// Where the time of one `validate` goes, phase by phase, on one thread (the loader reads,
/// parses and checks on all cores; this shows what each phase would cost without that). The
/// loader does parse, model and per-file rules in one pass per file, so the model and rule phases
/// are the differences between loads with and without them.
fn phases(root: &Path) -> Result<Vec<(&'static str, Duration)>, String> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().map_err(|e| e.to_string())?;
    pool.install(|| {
        let timed = |f: &mut dyn FnMut()| {
            let started = Instant::now();
            f();
            started.elapsed()
        };
        let mut out = Vec::new();
        let limits = LoadLimits::default();
        let mut reference = None;
        let mut schemas = None;
        let setup = timed(&mut || {
            let lists = ReferenceLists::load(root, &ReferenceOverrides::default()).ok();
            schemas = lists.as_ref().and_then(|l| Schemas::compile(l).ok());
            reference = lists;
        });
        let (Some(reference), Some(schemas)) = (reference, schemas) else {
            return Err("cannot load the reference lists or compile the schemas".to_owned());
        };
        out.push(("reference lists + schema compile", setup));
        let mut found = Vec::new();
        out.push(("walk (find definition files)", timed(&mut || found = walk::walk(root).0)));
        let mut contents = Vec::new();
        let read = timed(&mut || {
            contents = found
                .iter()
                .map(|f| FileContent {
                    path: f.path.clone(),
                    kind: f.kind,
                    bytes: std::fs::read(&f.abs).map_err(|e| e.to_string()),
                })
                .collect::<Vec<_>>()
        });
        out.push(("read (open + read)", read));
        let parse = timed(&mut || {
            for content in &contents {
                drop(SourceFile::from_content(content.clone(), &limits));
            }
        });
        let copies = timed(&mut || drop(contents.clone()));
        let parse = parse.saturating_sub(copies);
        out.push(("UTF-8 + parse YAML", parse));
        let unchecked = timed(&mut || {
            drop(Repository::from_contents(root.to_path_buf(), contents.clone(), reference.clone(), &limits, &NoChecks))
        })
        .saturating_sub(copies);
        out.push(("model (read definitions, sort, index)", unchecked.saturating_sub(parse)));
        let checks = PerFileRules::new(&schemas);
        let mut repo = None;
        let checked = timed(&mut || {
            repo = Some(Repository::from_contents(
                root.to_path_buf(),
                contents.clone(),
                reference.clone(),
                &limits,
                &checks,
            ))
        })
        .saturating_sub(copies);
        out.push(("per-file rules (yaml, schema, conventions)", checked.saturating_sub(unchecked)));
        let Some(repo) = repo else { return Err("no repository".to_owned()) };
        let mut outcome = None;
        out.push((
            "cross-file rules + collecting findings",
            timed(&mut || outcome = Some(rules::validate(&repo, &schemas, &ValidateOptions::default()))),
        ));
        let Some(outcome) = outcome else { return Err("no outcome".to_owned()) };
        out.push(("JSON report", timed(&mut || drop(report::json::render(&outcome)))));
        let mut repo = Some(repo);
        out.push(("free the repository", timed(&mut || drop(repo.take()))));
        Ok(out)
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
    if args.phases {
        match phases(&root) {
            Ok(list) => {
                let total: Duration = list.iter().map(|(_, d)| *d).sum();
                println!("phases on one thread ({} total):", ms(total));
                for (name, d) in list {
                    println!("  {name:<36} {:>10}  {:>3.0} %", ms(d), 100.0 * d.as_secs_f64() / total.as_secs_f64());
                }
            }
            Err(e) => {
                eprintln!("load_time: {}: {e}", root.display());
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
