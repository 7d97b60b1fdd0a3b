//! `eventdef scan [PATH...]`: definitions against the code that triggers them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::Args;

use eventdef::report::{self, ReportContext};
use eventdef::repository::git::GitCheckout;
use eventdef::scan::check::{CheckOptions, check};
use eventdef::scan::{ScanOptions, ScanResult};

use super::validate::ReportArgs;
use super::{Exit, RepoArgs};

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files and folders to scan (default: the whole repository root: app/, lib/, ee/, spec/, ...);
    /// with paths, only the findings at triggers are reported, not events triggered nowhere
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
    /// The revision whose merge base with HEAD changes are counted from (for --changed-only)
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Report only findings in files changed since the merge base with --base (staged, unstaged
    /// or untracked changes count); every file is still scanned
    #[arg(long, requires = "base")]
    pub changed_only: bool,
    #[command(flatten)]
    pub repo: RepoArgs,
}

/// Scan the code of the repository at `root`; an error when there is no code.
pub fn scan_code(root: &Path, paths: &[PathBuf]) -> eventdef::Result<ScanResult> {
    let scanned = eventdef::scan::scan(root, &ScanOptions { paths: paths.to_vec(), ..ScanOptions::default() })?;
    for note in &scanned.notes {
        super::print_stderr(&format!("note: {note}\n"));
    }
    if scanned.files_scanned == 0 {
        return Err(eventdef::Error::Usage(format!(
            "no code to scan in {}: looked for Ruby (.rb), JavaScript (.js, .mjs, .cjs, .ts), Vue (.vue), HAML (.haml) and ERB (.erb) files, as in GitLab's app/, lib/, ee/ and spec/",
            if paths.is_empty() {
                root.display().to_string()
            } else {
                paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
            }
        )));
    }
    Ok(scanned)
}

pub fn run(repo_args: &RepoArgs, args: ScanArgs) -> eventdef::Result<Exit> {
    let repo = super::usage::load_repository(repo_args)?;
    let root = repo.root.clone();
    let scanned = scan_code(&root, &args.paths)?;

    let mut checkout = None;
    let mut only_paths = None;
    if let Some(rev) = &args.base {
        let git = GitCheckout::open(&root).map_err(super::validate::with_flag_hints)?;
        let merge_base = git.merge_base(rev).map_err(super::validate::with_flag_hints)?;
        if args.changed_only {
            only_paths = Some(git.all_changes_since(&merge_base)?.paths);
            super::print_stderr(&format!(
                "note: reporting findings in files changed since {}, where this branch left {rev}\n",
                GitCheckout::short(&merge_base)
            ));
        }
        checkout = Some(git);
    } else if args.report.format.is_ci() {
        checkout = GitCheckout::open(&root).ok();
    }
    let outcome = check(&repo, &scanned, &CheckOptions { only_paths, whole_tree: args.paths.is_empty() });

    let dynamic = scanned.triggers.iter().filter(|t| t.dynamic).count();
    if dynamic > 0 {
        super::print_stderr(&format!(
            "note: {dynamic} of {} triggers name the event with an expression, not a literal; they are listed in --format json and not checked\n",
            scanned.triggers.len()
        ));
    }

    let context = ReportContext {
        path_prefix: checkout.as_ref().map(|g| g.prefix().to_owned()).unwrap_or_default(),
        base_dir: match &checkout {
            Some(git) => Some(git.toplevel().to_path_buf()),
            None => root.canonicalize().ok(),
        },
        checked_paths: if args.report.format.is_ci() {
            let with_findings: BTreeSet<&str> = outcome.diagnostics.iter().map(|d| d.path.as_str()).collect();
            let mut paths: BTreeSet<String> = scanned.triggers.iter().map(|t| t.path.clone()).collect();
            paths.extend(with_findings.into_iter().map(str::to_owned));
            paths.into_iter().collect()
        } else {
            Vec::new()
        },
    };
    let text_of = |path: &str| match repo.file_index(path) {
        Some(index) => repo.shown_text(repo.file(index)),
        None => std::fs::read(root.join(path)).ok().map(|b| String::from_utf8_lossy(&b).into_owned()),
    };
    let human = || report::human::render_with(&outcome, &text_of, true);
    args.report.emit(&outcome, &context, &human, &|| report::json::render_scan(&outcome, &scanned.triggers))
}
