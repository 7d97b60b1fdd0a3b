//! `eventdef issue [PLAN] [--event ACTION]... [--metric KEY_PATH]...`: GitLab's "Usage Data
//! Instrumentation" issue, filled in from definitions, paste-ready.

use std::path::{Path, PathBuf};

use clap::Args;

use eventdef::atomic_write::{Mode, is_already_exists, write_file};
use eventdef::model::{EventDefinition, MetricDefinition};
use eventdef::plan::Plan;
use eventdef::plan::apply::{self, PlannedDefinition};
use eventdef::render;
use eventdef::repository::Repository;

use super::usage::{TemplateArgs, find_event, load_repository};
use super::{Exit, RepoArgs};

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// A plan file: describe the definitions it would create
    pub plan: Option<PathBuf>,
    /// An existing event to describe (repeatable)
    #[arg(long = "event", value_name = "ACTION")]
    pub events: Vec<String>,
    /// An existing metric to describe, by key path (repeatable)
    #[arg(long = "metric", value_name = "KEY_PATH")]
    pub metrics: Vec<String>,
    /// The "Objective" section: what the instrumentation should tell you
    #[arg(long, value_name = "TEXT")]
    pub objective: Option<String>,
    /// Write the issue to FILE instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
    #[command(flatten)]
    pub templates: TemplateArgs,
    #[command(flatten)]
    pub repo: RepoArgs,
}

pub fn run(repo_args: &RepoArgs, args: IssueArgs) -> eventdef::Result<Exit> {
    let templates = args.templates.load(repo_args)?;
    if let Some(output) = &args.output
        && output.exists()
        && !args.force
    {
        return Err(eventdef::Error::Usage(format!("{} exists; pass --force to overwrite it", output.display())));
    }
    let repo = load_repository(repo_args)?;

    let mut events: Vec<EventDefinition> = Vec::new();
    let mut metrics: Vec<MetricDefinition> = Vec::new();
    if let Some(plan_path) = &args.plan {
        let plan = read_plan(plan_path)?;
        let files = apply::resolve(&plan, &repo, repo.reference.milestone.as_deref()).map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(|p| format!("{}: {p}", plan_path.display())).collect();
            eventdef::Error::Usage(lines.join("\n"))
        })?;
        for file in files {
            match file.definition {
                PlannedDefinition::Event(e) => events.push(e),
                PlannedDefinition::Metric(m) => metrics.push(m),
            }
        }
    }
    for action in &args.events {
        events.push(find_event(&repo, action)?.clone());
    }
    for key_path in &args.metrics {
        metrics.push(find_metric(&repo, key_path)?.clone());
    }

    let text = render::issue(&events, &metrics, args.objective.as_deref().unwrap_or(""), &templates)?;
    match &args.output {
        Some(path) => {
            write_file(path, text.as_bytes(), Mode::overwrite(args.force)).map_err(|e| {
                // The file may have appeared while the issue was being built.
                if is_already_exists(&e) {
                    eventdef::Error::Usage(format!("{} exists; pass --force to overwrite it", path.display()))
                } else {
                    e
                }
            })?;
            eprintln!("Wrote the instrumentation issue to {}", path.display());
        }
        None => super::print_stdout(&text)?,
    }
    Ok(Exit::Clean)
}

/// The metric whose key path (as written, or an effective one such as `…_weekly`) is `key_path`.
fn find_metric<'r>(repo: &'r Repository, key_path: &str) -> eventdef::Result<&'r MetricDefinition> {
    let matches = |m: &MetricDefinition| {
        m.key_path == key_path || m.effective_key_paths().iter().any(|(_, effective)| effective == key_path)
    };
    if let Some(found) = repo.metrics.iter().map(|m| &m.def).find(|m| matches(m) && !m.is_removed()) {
        return Ok(found);
    }
    if let Some(found) = repo.metrics.iter().map(|m| &m.def).find(|m| matches(m)) {
        return Ok(found);
    }
    let suggestions = eventdef::suggest::close_matches(key_path, repo.metrics.iter().map(|m| m.def.key_path.as_str()));
    let mut message = format!(
        "no metric with key path `{key_path}` in {} (looked in config/metrics and ee/config/metrics)",
        repo.root.display()
    );
    if !suggestions.is_empty() {
        message.push_str(&format!("; did you mean: {}?", suggestions.join(", ")));
    }
    Err(eventdef::Error::Usage(message))
}

/// A plan file, read and checked as `eventdef apply` reads it (`plan.yml:LINE:COL: ...`).
fn read_plan(path: &Path) -> eventdef::Result<Plan> {
    let text = std::fs::read_to_string(path).map_err(|e| eventdef::Error::io(path, e))?;
    eventdef::plan::parse_plan(&text, &path.display().to_string()).map_err(|problems| {
        eventdef::Error::Usage(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
    })
}
