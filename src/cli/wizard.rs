//! `eventdef` (main menu), `eventdef new event`, `eventdef new metric`: the interactive wizard.
//! Exit codes: 0 done, 2 no terminal or bad arguments, 130 interrupted (Ctrl-C or input ended).

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use eventdef::atomic_write::{Mode, write_file};
use eventdef::model::common::is_milestone;
use eventdef::repository::background::PendingRepository;
use eventdef::wizard::dialoguer_prompt::DialoguerPrompter;
use eventdef::wizard::plan_yaml::plan_to_yaml;
use eventdef::wizard::{self, Start, WizardOptions};

use super::usage::StagesArgs;
use super::{Exit, RepoArgs};

/// Options of the interactive commands.
#[derive(Debug, Args, Clone, Default)]
pub struct WizardArgs {
    #[command(flatten)]
    pub stages: StagesArgs,
    /// Milestone written into new definitions (default: major.minor from the repository's VERSION)
    #[arg(long, value_name = "MAJOR.MINOR")]
    pub milestone: Option<String>,
    /// Also write the answers as a plan file, to review and replay with `eventdef apply FILE`
    #[arg(long, value_name = "FILE")]
    pub save_plan: Option<PathBuf>,
}

impl WizardArgs {
    /// Options given after the subcommand win over those given before it.
    pub fn merged(&self, later: &WizardArgs) -> WizardArgs {
        WizardArgs {
            stages: later.stages.or(&self.stages),
            milestone: later.milestone.clone().or_else(|| self.milestone.clone()),
            save_plan: later.save_plan.clone().or_else(|| self.save_plan.clone()),
        }
    }
}

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(subcommand)]
    pub what: NewWhat,
    #[command(flatten)]
    pub wizard: WizardArgs,
    #[command(flatten)]
    pub repo: RepoArgs,
}

/// The options of `new event` and `new metric`: those of `new`, given after the kind.
#[derive(Debug, Clone, Args)]
pub struct NewKindArgs {
    #[command(flatten)]
    pub wizard: WizardArgs,
    #[command(flatten)]
    pub repo: RepoArgs,
}

#[derive(Debug, Clone, Subcommand)]
pub enum NewWhat {
    /// Define a new event, step by step (needs a terminal)
    Event(NewKindArgs),
    /// Define a new metric for existing events, or a database metric (needs a terminal)
    Metric(NewKindArgs),
}

impl NewArgs {
    pub fn start(&self) -> Start {
        match self.what {
            NewWhat::Event(_) => Start::NewEvent,
            NewWhat::Metric(_) => Start::NewMetric,
        }
    }

    fn kind(&self) -> &NewKindArgs {
        match &self.what {
            NewWhat::Event(args) | NewWhat::Metric(args) => args,
        }
    }

    /// The wizard's options: `eventdef`'s, then `new`'s, then those after `event`/`metric`.
    pub fn wizard(&self, earlier: &WizardArgs) -> WizardArgs {
        earlier.merged(&self.wizard).merged(&self.kind().wizard)
    }

    /// The repository flags given after `new` (and after `event`/`metric`, which win).
    pub fn repo(&self) -> RepoArgs {
        self.repo.merged(&self.kind().repo)
    }
}

pub fn run(repo_args: &RepoArgs, args: &WizardArgs, start: Start) -> eventdef::Result<Exit> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        eprintln!(
            "error: the wizard asks questions and needs a terminal (stdin and stdout are not both terminals).\n\
             To create definitions without a terminal, write a plan file and run `eventdef apply PLAN`."
        );
        return Ok(Exit::Error);
    }
    if let Some(milestone) = args.milestone.as_ref().filter(|m| !is_milestone(m)) {
        return Err(eventdef::Error::Usage(format!("--milestone {milestone}: expected major.minor, e.g. 17.4")));
    }
    let root = repo_args.root_or_current()?;
    let reference = repo_args.reference(&root)?;
    let stages = args.stages.load(&root)?;
    // The repository's own templates (`.eventdef/templates`) for "View Usage", as `usage` uses them.
    let templates = eventdef::render::overrides::templates_for(Some(&root), None)?;
    // Loaded while the first question waits for an answer (the first question appears at once).
    let repo = PendingRepository::spawn(root.clone(), reference, repo_args.limits());
    let mut options = WizardOptions::new(templates);
    options.stages = stages;
    options.milestone = args.milestone.clone();
    options.limits = repo_args.limits();
    options.save_plan = args.save_plan.clone();
    options.announce_root = true;

    let mut prompter = DialoguerPrompter::new();
    let finished = wizard::run_recovering(&mut prompter, repo, &options, start);
    // Restore the terminal's settings before the summary.
    drop(prompter);
    match finished.result {
        Ok(outcome) => {
            let mut plan_line = None;
            if let Some(path) = &args.save_plan {
                if outcome.plan.events.is_empty() && outcome.plan.metrics.is_empty() {
                    println!("No definition was completed, so no plan was written to {}.", path.display());
                } else {
                    write_file(path, plan_to_yaml(&outcome.plan).as_bytes(), Mode::Replace)?;
                    plan_line = Some(path.display().to_string());
                }
            }
            print_summary(&root, &outcome.written, plan_line.as_deref(), finished.recovered.as_deref());
            Ok(Exit::Clean)
        }
        Err(interrupted) => {
            println!();
            eprintln!("{}: nothing more was written.", capitalized(&interrupted.to_string()));
            if let Some(file) = &finished.recovered {
                eprintln!("Your answers so far are saved in {file}; finish with `eventdef apply {file}`.");
            }
            Ok(Exit::Interrupted)
        }
    }
}

/// Every file written, the plans saved, and what to do next.
fn print_summary(root: &std::path::Path, written: &[String], plan: Option<&str>, recovered: Option<&str>) {
    if written.is_empty() {
        println!("No definition files were written.");
    } else {
        println!("Files written (in {}):", root.display());
        for file in written {
            println!("  {file}");
        }
    }
    if let Some(plan) = plan {
        println!("Plan saved to {plan} (replay it with `eventdef apply {plan}`).");
    }
    if let Some(file) = recovered.filter(|file| Some(*file) != plan) {
        println!("Answers not written are saved in {file}: correct them there, then run `eventdef apply {file}`.");
    }
    if !written.is_empty() {
        println!();
        println!("Next steps:");
        for step in eventdef::plan::next_steps(root, written) {
            println!("  {step}");
        }
    }
}

fn capitalized(text: &str) -> String {
    eventdef::model::naming::capitalize_first(text)
}
