//! `eventdef rename-group OLD NEW [--dry-run] [--format json]`: rename a product group in the
//! groups list, every definition and `.eventdef/stages.yml`, all files or none.

use clap::{Args, ValueEnum};
use serde::Serialize;

use eventdef::rename::{self, Refusal, RenamePlan};

use super::{Exit, RepoArgs};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenameFormat {
    /// The lines GitLab's script prints
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct RenameGroupArgs {
    /// The group's current name, as in config/metrics/schema/product_groups.json
    pub old: String,
    /// The new name (lower-case words joined by `_`)
    pub new: String,
    /// Show which files and lines would change, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = RenameFormat::Human)]
    pub format: RenameFormat,
    #[command(flatten)]
    pub repo: RepoArgs,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    /// Changed lines; empty for the groups list, which is written whole.
    lines: &'a [u32],
}

#[derive(Serialize)]
struct JsonOutcome<'a> {
    old: &'a str,
    new: &'a str,
    dry_run: bool,
    count: usize,
    files: Vec<JsonFile<'a>>,
}

#[derive(Serialize)]
struct JsonRefusal<'a> {
    refused: &'a str,
    message: String,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    suggestions: &'a [String],
}

pub fn run(repo_args: &RepoArgs, args: RenameGroupArgs) -> eventdef::Result<Exit> {
    if repo_args.product_groups.is_some() {
        return Err(eventdef::Error::Usage(
            "rename-group renames the group in the repository's config/metrics/schema/product_groups.json; --product-groups does not apply".into(),
        ));
    }
    let root = repo_args.root()?;
    let plan = match rename::plan(&root, &args.old, &args.new)? {
        Ok(plan) => plan,
        Err(refusal) => return refuse(&refusal, args.format),
    };
    if !args.dry_run {
        rename::apply(&root, &plan)?;
    }
    let text = match args.format {
        RenameFormat::Human => human(&plan, args.dry_run),
        RenameFormat::Json => json(&plan, args.dry_run),
    };
    super::print_stdout(&text)?;
    Ok(Exit::Clean)
}

/// GitLab's script's report (`Updated 'OLD' to 'NEW' in N files`, a blank line, the list); a
/// dry run says what would change, line by line.
fn human(plan: &RenamePlan, dry_run: bool) -> String {
    let (old, new, n) = (&plan.old, &plan.new, plan.files.len());
    let mut text = if dry_run {
        format!("Would update '{old}' to '{new}' in {n} files (dry run: nothing written)\n\nFiles that would change:\n")
    } else {
        format!("Updated '{old}' to '{new}' in {n} files\n\nUpdated files:\n")
    };
    for file in &plan.files {
        text.push_str(&format!("  {}", file.path));
        if dry_run && !file.lines.is_empty() {
            let lines: Vec<String> = file.lines.iter().map(u32::to_string).collect();
            text.push_str(&format!(" (line{} {})", if lines.len() == 1 { "" } else { "s" }, lines.join(", ")));
        }
        text.push('\n');
    }
    text
}

fn json(plan: &RenamePlan, dry_run: bool) -> String {
    let outcome = JsonOutcome {
        old: &plan.old,
        new: &plan.new,
        dry_run,
        count: plan.files.len(),
        files: plan.files.iter().map(|f| JsonFile { path: &f.path, lines: &f.lines }).collect(),
    };
    let mut text = serde_json::to_string_pretty(&outcome).unwrap_or_default();
    text.push('\n');
    text
}

/// Say why nothing was written; exit code 2.
fn refuse(refusal: &Refusal, format: RenameFormat) -> eventdef::Result<Exit> {
    match format {
        RenameFormat::Human => eprintln!("error: {refusal}; nothing written"),
        RenameFormat::Json => {
            let suggestions = match refusal {
                Refusal::UnknownGroup { suggestions, .. } => suggestions.as_slice(),
                _ => &[],
            };
            let out = JsonRefusal { refused: refusal.kind(), message: refusal.to_string(), suggestions };
            let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
            text.push('\n');
            super::print_stdout(&text)?;
        }
    }
    Ok(Exit::Error)
}
