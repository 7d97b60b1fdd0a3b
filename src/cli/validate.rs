//! `eventdef validate [PATH...]`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use eventdef::atomic_write::{Mode, write_file};
use eventdef::diagnostics::Severity;
use eventdef::report::{self, ReportContext};
use eventdef::repository::git::{Changes, GitCheckout};
use eventdef::repository::{FileContent, NoChecks, Repository, walk};
use eventdef::rules::breaking::BaseRevision;
use eventdef::rules::{self, PerFileRules, ValidateOptions, schema::Schemas};

use super::{Exit, FailOn, RepoArgs};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    /// One finding a line: `path:line:col: severity[rule]: message`
    Short,
    Json,
    /// GitLab Code Quality JSON (artifacts: reports: codequality)
    #[value(name = "codequality")]
    CodeQuality,
    /// JUnit XML (artifacts: reports: junit)
    Junit,
    /// SARIF 2.1.0
    Sarif,
}

impl Format {
    /// Formats read by CI, whose paths are relative to the top of the git work tree.
    pub(super) fn is_ci(self) -> bool {
        matches!(self, Format::CodeQuality | Format::Junit | Format::Sarif)
    }
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
    /// Also report breaking changes since the merge base of REV and HEAD (e.g. origin/main)
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Report only findings in files changed since the merge base (staged, unstaged or untracked
    /// changes count); cross-file rules still see every file
    #[arg(long, requires = "base")]
    pub changed_only: bool,
    /// Write the report to FILE (replaced atomically); the human report still goes to the terminal
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Colour in human output (auto: when printing to a terminal and NO_COLOR is unset)
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    #[command(flatten)]
    pub repo: RepoArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    pub(super) fn enabled(self) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            // https://no-color.org: any non-empty NO_COLOR turns colour off.
            Color::Auto => console::colors_enabled() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

/// What `--base` learns from git.
struct BaseFromGit {
    git: GitCheckout,
    merge_base: String,
    changes: Changes,
    files: Vec<FileContent>,
}

pub fn run(repo_args: &RepoArgs, args: ValidateArgs) -> eventdef::Result<Exit> {
    let root = match (&repo_args.root, args.paths.first()) {
        // Files named without `--root` belong to the repository around them, not the current folder's.
        (None, Some(first)) => eventdef::repository::discover_root_of_file(first)?,
        _ => repo_args.root()?,
    };
    let reference = repo_args.reference(&root)?;
    let schemas = Schemas::compile(&reference)?;
    let limits = repo_args.limits();
    // `--base`: git's part (merge base, what changed, the changed files' text there) runs beside
    // loading the work tree; its errors are reported after those of the arguments, as before.
    let (repo, base_git) = std::thread::scope(|scope| {
        let base_git = args.base.as_ref().map(|rev| {
            scope.spawn(|| -> eventdef::Result<BaseFromGit> {
                let git = GitCheckout::open(&root)?;
                let merge_base = git.merge_base(rev)?;
                let changes = git.changes_since(&merge_base)?;
                // Only what changed is read at the base: the rest is the work tree's text.
                let files = git.definition_files(&merge_base, &limits, Some(&changes.paths))?;
                Ok(BaseFromGit { git, merge_base, changes, files })
            })
        });
        // The per-file rules run while each file is read, so no file's tree outlives its turn.
        let repo = Repository::load_checked(&root, reference.clone(), &limits, &PerFileRules::new(&schemas));
        let base_git = base_git.map(|job| {
            job.join().unwrap_or_else(|_| Err(eventdef::Error::Other("reading the base revision failed".into())))
        });
        (repo, base_git)
    });

    let mut only_paths = if args.paths.is_empty() {
        None
    } else {
        let canonical_root = root.canonicalize().map_err(|e| eventdef::Error::io(&root, e))?;
        let mut rels = BTreeSet::new();
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
            rels.insert(rel);
        }
        Some(rels)
    };

    // `--base`: the definitions at the merge base, and what changed since.
    let (checkout, base) = match (&args.base, base_git) {
        (Some(rev), Some(found)) => {
            let BaseFromGit { git, merge_base, changes, files } = found?;
            if args.changed_only {
                let changed = |p: &String| changes.paths.contains(p);
                only_paths = Some(match only_paths {
                    Some(explicit) => explicit.into_iter().filter(changed).collect(),
                    None => changes.paths.iter().cloned().collect(),
                });
            }
            eprintln!(
                "note: comparing with the definitions at {}, where this branch left {rev}",
                GitCheckout::short(&merge_base)
            );
            let base = BaseRevision {
                name: rev.clone(),
                repo: Repository::from_contents(root.clone(), files, reference, &limits, &NoChecks),
                renames: changes.renames,
                changed_paths: Some(changes.paths),
            };
            (Some(git), Some(base))
        }
        // Only to learn where the project starts; without git, paths stay root-relative.
        _ if args.format.is_ci() => (GitCheckout::open(&root).ok(), None),
        _ => (None, None),
    };

    let options =
        ValidateOptions { only_paths, merge_request_url: rules::merge_request_url(|name| std::env::var(name).ok()) };
    let outcome = match &base {
        Some(base) => rules::validate_with_base(&repo, &schemas, &options, base),
        None => rules::validate(&repo, &schemas, &options),
    };

    let context = ReportContext {
        path_prefix: checkout.as_ref().map(|g| g.prefix().to_owned()).unwrap_or_default(),
        base_dir: match &checkout {
            Some(git) => Some(git.toplevel().to_path_buf()),
            None => root.canonicalize().ok(),
        },
        // Only the CI reports list every checked file.
        checked_paths: if args.format.is_ci() {
            repo.files.iter().filter(|f| options.selects(&f.path)).map(|f| f.path.clone()).collect()
        } else {
            Vec::new()
        },
    };
    let human = || report::human::render(&outcome, &repo, args.color.enabled());
    let text = match args.format {
        Format::Human => human(),
        Format::Short => report::short::render(&outcome),
        Format::Json => report::json::render(&outcome),
        Format::CodeQuality => report::codequality::render(&outcome, &context),
        Format::Junit => report::junit::render(&outcome, &context),
        Format::Sarif => report::sarif::render(&outcome, &context),
    };
    match &args.output {
        None => super::print_stdout(&text)?,
        Some(file) => {
            write_file(file, text.as_bytes(), Mode::Replace)?;
            super::print_stdout(&human())?;
            eprintln!("report written to {}", file.display());
        }
    }

    let failing = match args.fail_on {
        FailOn::Error => outcome.count(Severity::Error) > 0,
        FailOn::Warning => !outcome.diagnostics.is_empty(),
        FailOn::Never => false,
    };
    // The process ends right after this: freeing every file's model one allocation at a time
    // would cost ~3 % of a 100,000-file run for nothing, so the OS takes the memory back.
    std::mem::forget(repo);
    std::mem::forget(base);
    Ok(if failing { Exit::Findings } else { Exit::Clean })
}
