//! `eventdef apply PLAN`: create the definitions a plan file describes, all or nothing.

use std::path::PathBuf;

use clap::Args;

use eventdef::atomic_write::WriteOutcome;
use eventdef::plan::PlanProblem;
use eventdef::plan::apply::{
    ApplyOptions, EXPECTED_RULES, diff_with_existing, existing_definition, resolve_checked, write,
};
use eventdef::plan::file::read_plan;
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
    #[command(flatten)]
    pub repo: RepoArgs,
}

pub fn run(repo_args: &RepoArgs, args: ApplyArgs) -> eventdef::Result<Exit> {
    let text = std::fs::read_to_string(&args.plan).map_err(|e| eventdef::Error::io(&args.plan, e))?;
    let source = args.plan.display().to_string();
    let parsed = read_plan(&text, &source);
    if !parsed.entries_usable {
        return Ok(refuse(&parsed.problems));
    }
    let root = repo_args.root_or_current()?;
    let reference = repo_args.reference(&root)?;
    let repo = Repository::load(&root, reference, &repo_args.limits());
    let options = ApplyOptions { milestone: args.milestone.clone(), allow_rules: args.allow.clone() };
    // The sound entries are resolved even when others are broken, so one run reports the
    // problems of structure and of meaning together, each at its line of the plan.
    let resolved = match resolve_checked(&parsed.plan, &repo, &options) {
        Ok(_) if !parsed.problems.is_empty() => return Ok(refuse(&parsed.place(Vec::new()))),
        Ok(r) => r,
        Err(problems) => return Ok(refuse(&parsed.place(problems))),
    };
    if !args.force {
        let existing: Vec<PlanProblem> = resolved
            .files
            .iter()
            .filter(|f| f.exists)
            .map(|f| {
                PlanProblem::new(
                    &f.entry,
                    format!(
                        "{} already exists: this entry would replace {} defined there; change the entry, or pass --force to overwrite it (the changes are shown)",
                        f.path,
                        existing_definition(f)
                    ),
                )
            })
            .collect();
        if !existing.is_empty() {
            return Ok(refuse(&parsed.place(existing)));
        }
    }

    if resolved.files.is_empty() {
        super::print_stdout("nothing to write: the plan has no events or metrics\n")?;
        return Ok(Exit::Clean);
    }
    let mut text = String::new();
    // A file that exists is replaced only with --force; what changes in it is always shown.
    let mut diffs = Vec::new();
    for f in resolved.files.iter().filter(|f| f.exists) {
        diffs.push(diff_with_existing(&root, f)?);
    }
    let mut diffs = diffs.into_iter();
    if args.dry_run {
        for f in &resolved.files {
            text.push_str(&format!("would {} {}\n", if f.exists { "overwrite" } else { "create" }, f.path));
            if f.exists {
                text.push_str(&diffs.next().flatten().unwrap_or_else(|| "    (no change)\n".into()));
                continue;
            }
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
            if f.exists {
                text.push_str(&diffs.next().flatten().unwrap_or_else(|| "    (no change)\n".into()));
            }
        }
    }
    // `introduced_by_url: TODO` is written on purpose (no merge request yet): a reminder, not
    // a report of errors, for those; the validator's other findings as `validate` shows them.
    let (todo, others): (Vec<_>, Vec<_>) =
        resolved.findings.iter().cloned().partition(|d| EXPECTED_RULES.contains(&d.rule));
    let outcome = Outcome { files_checked: resolved.files.len(), diagnostics: others };
    text.push_str(&report::human::render(&outcome, &resolved.after, false));
    if !todo.is_empty() {
        text.push_str("\nnext: open the merge request, then replace `introduced_by_url: TODO` with its URL in\n");
        for d in &todo {
            text.push_str(&format!("  {}:{}\n", d.path, d.line));
        }
        text.push_str("`eventdef validate` (like GitLab's pipeline) rejects `TODO` until then.\n");
    }
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
