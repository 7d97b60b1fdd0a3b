//! `eventdef validate [PATH...]`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use eventdef::Error;
use eventdef::atomic_write::{Mode, write_file};
use eventdef::diagnostics::Severity;
use eventdef::report;
use eventdef::repository::git::{GitCheckout, GitError};
use eventdef::rules;
use eventdef::validate::{self, BaseRequest, Outcome, Request};

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

/// The report flags `validate` and `scan` share, and how they turn findings into output and an
/// exit code.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format (for `scan`, json also lists every trigger found under "triggers")
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Lowest severity that makes the exit code 1
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Write the report to FILE (replaced atomically); the human report still goes to the terminal
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl ReportArgs {
    /// Prints (or writes) the report in the chosen format and says whether the findings fail
    /// the run. `human` renders the terminal report, `json` the JSON one (scan adds its triggers).
    pub fn emit(
        &self,
        findings: &rules::Outcome,
        context: &report::ReportContext,
        human: &dyn Fn() -> String,
        json: &dyn Fn() -> String,
    ) -> eventdef::Result<Exit> {
        let text = match self.format {
            Format::Human => human(),
            Format::Short => report::short::render(findings),
            Format::Json => json(),
            Format::CodeQuality => report::codequality::render(findings, context),
            Format::Junit => report::junit::render(findings, context),
            Format::Sarif => report::sarif::render(findings, context),
        };
        match &self.output {
            None => super::print_stdout(&text)?,
            Some(file) => {
                write_file(file, text.as_bytes(), Mode::Replace)?;
                super::print_stdout(&human())?;
                super::print_stderr(&format!("report written to {}\n", file.display()));
            }
        }
        let failing = match self.fail_on {
            FailOn::Error => findings.count(Severity::Error) > 0,
            FailOn::Warning => !findings.diagnostics.is_empty(),
            FailOn::Never => false,
        };
        Ok(if failing { Exit::Findings } else { Exit::Clean })
    }
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files to check (default: every definition); cross-file rules still see the whole repository
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Also report breaking changes since the merge base of REV and HEAD (e.g. origin/main)
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Report only findings in files changed since the merge base (staged, unstaged or untracked
    /// changes count); cross-file rules still see every file
    #[arg(long, requires = "base")]
    pub changed_only: bool,
    #[command(flatten)]
    pub repo: RepoArgs,
}

pub fn run(repo_args: &RepoArgs, args: ValidateArgs) -> eventdef::Result<Exit> {
    let root = match (&repo_args.root, args.paths.first()) {
        // Files named without `--root` belong to the repository around them, not the current folder's.
        (None, Some(first)) => eventdef::repository::discover_root_of_file(first)?,
        _ => repo_args.root()?,
    };
    let request = Request {
        reference: repo_args.reference(&root)?,
        root,
        limits: repo_args.limits(),
        paths: args.paths,
        base: args.base.map(|revision| BaseRequest { revision, changed_only: args.changed_only }),
        for_ci: args.report.format.is_ci(),
        merge_request_url: rules::merge_request_url(|name| std::env::var(name).ok()),
    };
    let outcome = validate::run(&request).map_err(with_flag_hints)?;
    if let (Some(base), Some(wanted)) = (&outcome.base, &request.base) {
        super::print_stderr(&format!(
            "note: comparing with the definitions at {}, where this branch left {}\n",
            GitCheckout::short(&base.merge_base),
            wanted.revision
        ));
    }

    let Outcome { findings, repository, context, .. } = &outcome;
    let human = || report::human::render(findings, repository, true);
    let exit = args.report.emit(findings, context, &human, &|| report::json::render(findings))?;
    // The process ends right after this: freeing every file's model one allocation at a time
    // would cost ~3 % of a 100,000-file run for nothing, so the OS takes the memory back.
    std::mem::forget(outcome);
    Ok(exit)
}

/// The library's errors worded for the flags that led to them, with what to do next.
pub(super) fn with_flag_hints(error: Error) -> Error {
    let Error::Git(git) = error else { return error };
    Error::Usage(match git {
        GitError::NotInstalled => "--base needs the `git` command, which was not found on PATH".into(),
        GitError::NotAWorkTree { root } => format!(
            "--base and --changed-only compare with git history, but {} is not inside a git work tree \
             (clone the repository, or drop --base)",
            root.display()
        ),
        GitError::Unreadable { .. } | GitError::NoHead => format!("--base: {git}"),
        GitError::NoSuchRevision { ref revision, shallow } => {
            let what = format!("--base {git}");
            if shallow {
                fetch_hint(&what, revision)
            } else {
                format!(
                    "{what}; check the name (e.g. origin/main) or fetch it: git fetch origin {}",
                    branch_of(revision)
                )
            }
        }
        GitError::NoCommonAncestor { ref revision, shallow } => {
            let what = format!("--base {revision}: {git}");
            if shallow {
                fetch_hint(&what, revision)
            } else {
                format!("{what}; is {revision} the branch this one was started from?")
            }
        }
        GitError::CannotRun(_) | GitError::Failed { .. } | GitError::Protocol(_) => return Error::Git(git),
    })
}

/// How to fetch the history a shallow clone lacks.
fn fetch_hint(what: &str, revision: &str) -> String {
    format!(
        "{what}\nThis clone is shallow (CI jobs fetch only recent commits). Fetch the history of the target branch \
         and run again:\n    git fetch --deepen=200 origin {branch}\nor fetch everything:\n    git fetch --unshallow origin\n\
         In GitLab CI, `git fetch origin $CI_MERGE_REQUEST_TARGET_BRANCH_NAME` before the job's script, or set \
         `GIT_DEPTH: 0` in the job's variables.",
        branch = branch_of(revision)
    )
}

/// `origin/main` → `main`, for the fetch command we suggest.
fn branch_of(rev: &str) -> &str {
    rev.strip_prefix("refs/remotes/").unwrap_or(rev).strip_prefix("origin/").unwrap_or(rev)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_names_for_fetch_hints() {
        assert_eq!(branch_of("origin/main"), "main");
        assert_eq!(branch_of("refs/remotes/origin/feature/x"), "feature/x");
        assert_eq!(branch_of("main"), "main");
    }
}
