//! `eventdef validate [PATH...]`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use eventdef::diagnostics::Severity;
use eventdef::report;
use eventdef::repository::{Repository, walk};
use eventdef::rules::{self, ValidateOptions, schema::Schemas};

use super::{Exit, FailOn, RepoArgs};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files to check (default: every definition); cross-file rules still see the whole repository
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Colour in human output (auto: when printing to a terminal and NO_COLOR is unset)
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    fn enabled(self) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            // https://no-color.org: any non-empty NO_COLOR turns colour off.
            Color::Auto => console::colors_enabled() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

pub fn run(repo_args: &RepoArgs, args: ValidateArgs) -> eventdef::Result<Exit> {
    let root = repo_args.root()?;
    let reference = repo_args.reference(&root)?;
    let schemas = Schemas::compile(&reference)?;
    let repo = Repository::load(&root, reference, &repo_args.limits());

    let only_paths = if args.paths.is_empty() {
        None
    } else {
        let canonical_root = root.canonicalize().map_err(|e| eventdef::Error::io(&root, e))?;
        let mut rels = Vec::new();
        for p in &args.paths {
            let abs = p.canonicalize().map_err(|e| eventdef::Error::io(p, e))?;
            let rel = walk::to_rel(&canonical_root, &abs);
            if repo.file_index(&rel).is_none() {
                return Err(eventdef::Error::Usage(format!(
                    "{}: not a definition file of the repository at {} (events live in config/events, metrics in config/metrics/<folder>)",
                    p.display(),
                    root.display()
                )));
            }
            rels.push(rel);
        }
        Some(rels)
    };
    let outcome = rules::validate(&repo, &schemas, &ValidateOptions { only_paths });

    match args.format {
        Format::Human => super::print_stdout(&report::human::render(&outcome, &repo, args.color.enabled()))?,
        Format::Json => super::print_stdout(&report::json::render(&outcome))?,
    }
    let failing = match args.fail_on {
        FailOn::Error => outcome.count(Severity::Error) > 0,
        FailOn::Warning => !outcome.diagnostics.is_empty(),
        FailOn::Never => false,
    };
    Ok(if failing { Exit::Findings } else { Exit::Clean })
}
