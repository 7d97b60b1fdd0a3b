//! `eventdef apply PLAN`: create the definitions a plan file describes, all or nothing.

use std::path::PathBuf;

use clap::Args;

use eventdef::atomic_write::WriteOutcome;
use eventdef::plan::apply::{ApplyOptions, resolve_checked, write};
use eventdef::plan::{PlanProblem, parse_plan};
use eventdef::report;
use eventdef::repository::Repository;
use eventdef::rules::Outcome;

use super::{Exit, RepoArgs};

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The plan file (YAML; see "Plans" in the README)
    pub plan: PathBuf,
    /// Show what would be written, with the contents, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite files that already exist
    #[arg(long)]
    pub force: bool,
    /// Milestone for entries that give none (default: the plan's, else the repository's VERSION)
    #[arg(long, value_name = "M")]
    pub milestone: Option<String>,
    /// Accept errors of this validator rule in the new files (repeatable)
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,
}

pub fn run(repo_args: &RepoArgs, args: ApplyArgs) -> eventdef::Result<Exit> {
    let text = std::fs::read_to_string(&args.plan).map_err(|e| eventdef::Error::io(&args.plan, e))?;
    let source = args.plan.display().to_string();
    let plan = match parse_plan(&text, &source) {
        Ok(plan) => plan,
        Err(problems) => return Ok(refuse(&problems)),
    };
    let root = repo_args.root_or_current()?;
    let reference = repo_args.reference(&root)?;
    let repo = Repository::load(&root, reference, &repo_args.limits());
    let options = ApplyOptions { milestone: args.milestone.clone(), allow_rules: args.allow.clone() };
    let resolved = match resolve_checked(&plan, &repo, &options) {
        Ok(r) => r,
        Err(problems) => return Ok(refuse(&problems)),
    };
    if !args.force {
        let existing: Vec<PlanProblem> = resolved
            .files
            .iter()
            .filter(|f| f.exists)
            .map(|f| PlanProblem {
                location: f.entry.clone(),
                message: format!("{} already exists; pass --force to overwrite it", f.path),
            })
            .collect();
        if !existing.is_empty() {
            return Ok(refuse(&existing));
        }
    }

    if resolved.files.is_empty() {
        super::print_stdout("nothing to write: the plan has no events or metrics\n")?;
        return Ok(Exit::Clean);
    }
    let mut text = String::new();
    if args.dry_run {
        for f in &resolved.files {
            text.push_str(&format!("would {} {}\n", if f.exists { "overwrite" } else { "create" }, f.path));
            for line in f.content.lines() {
                text.push_str(&format!("    {line}\n"));
            }
        }
    } else {
        let outcomes = write(&root, &resolved.files, args.force)?;
        for (f, outcome) in resolved.files.iter().zip(outcomes) {
            let verb = match outcome {
                WriteOutcome::Created => "created",
                WriteOutcome::Replaced => "overwrote",
            };
            text.push_str(&format!("{verb} {}\n", f.path));
        }
    }
    let outcome = Outcome { files_checked: resolved.files.len(), diagnostics: resolved.findings.clone() };
    text.push_str(&report::human::render(&outcome, &resolved.after, false));
    super::print_stdout(&text)?;
    Ok(Exit::Clean)
}

/// Print why the plan was refused; nothing was written.
fn refuse(problems: &[PlanProblem]) -> Exit {
    for p in problems {
        eprintln!("error: {p}");
    }
    let n = problems.len();
    eprintln!("refused: {n} problem{}, nothing written", if n == 1 { "" } else { "s" });
    Exit::Findings
}
