//! Generate a GitLab-like repository of N event and metric definitions for benchmarks.
//!
//! `cargo run --release --example gen_corpus -- --files 10000 --out /tmp/corpus-10k`
//!
//! Deterministic: the same `--files` and `--seed` give the same bytes. See
//! `benches/support/corpus.rs` for the mix of definitions.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Generate a scaled repository of definitions.
#[derive(Debug, Parser)]
struct Args {
    /// Number of definition files (40 % events, 60 % metrics)
    #[arg(long, default_value_t = 10_000)]
    files: usize,
    /// Folder to create; must be missing or empty
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Random seed; the same seed gives the same files
    #[arg(long, default_value_t = 6)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let lists = corpus::ReferenceTexts::from_corpus_or_built_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    let options = corpus::CorpusOptions { files: args.files, seed: args.seed };
    match corpus::generate(&args.out, &options, &lists) {
        Ok(summary) => {
            println!("{}: {summary}", args.out.display());
            println!("  reference lists from {}", lists.source);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {}: {e}", args.out.display());
            ExitCode::from(2)
        }
    }
}
