//! The interactive wizard (GitLab's
//! https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli.rb): questions
//! in, a [`Plan`] out.
//!
//! Every flow asks through a [`Prompter`] (a real terminal or a script) and records what the
//! user answered as plan entries — semantic answers, never menu positions. Each definition is
//! then resolved and written through the same code as `eventdef apply` (`plan::apply`), so the
//! wizard cannot write what CI would reject. The session's plan can be saved (`--save-plan`)
//! and replayed without a terminal.

mod flows;
mod ownership;
pub mod plan_yaml;
pub mod prompt;
mod save;
pub mod scripted;
mod terminal_list;
mod text;

pub mod dialoguer_prompt;

use crate::plan::Plan;
use crate::plan::apply::{PlanProblem, PlannedFile};
use crate::render::Templates;
use crate::repository::background::PendingRepository;
use crate::repository::stages::Stages;
use crate::repository::{LoadLimits, Repository};

pub use prompt::{Asked, Choice, Interrupted, MultiSelectQuestion, Prompter, RowKind, SelectQuestion, TextQuestion};

/// Turns a plan into files (`plan::apply::resolve`); replaceable in tests.
pub type ResolveFn = fn(&Plan, &Repository, Option<&str>) -> Result<Vec<PlannedFile>, Vec<PlanProblem>>;

/// Everything the wizard needs besides the repository and the prompter.
pub struct WizardOptions {
    /// Sections, stages and groups for the group menu; without it groups are typed and checked
    /// against the repository's product-group list.
    pub stages: Option<Stages>,
    /// Milestone for new definitions (`--milestone`, else the repository's `VERSION`); asked
    /// once when neither is known.
    pub milestone: Option<String>,
    pub templates: Templates,
    pub limits: LoadLimits,
    pub resolve: ResolveFn,
}

impl WizardOptions {
    pub fn new(templates: Templates) -> Self {
        WizardOptions {
            stages: None,
            milestone: None,
            templates,
            limits: LoadLimits::default(),
            resolve: crate::plan::apply::resolve,
        }
    }
}

/// Where the session starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// `eventdef` without a command: the main menu.
    MainMenu,
    /// `eventdef new event`.
    NewEvent,
    /// `eventdef new metric`.
    NewMetric,
}

/// What a finished session produced.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    /// Every definition the user completed, written or not, in the order answered.
    pub plan: Plan,
    /// Files written, relative to the root, in order.
    pub written: Vec<String>,
}

/// The state of one wizard session.
pub(crate) struct Session<'a> {
    pub p: &'a mut dyn Prompter,
    pub options: &'a WizardOptions,
    /// Loaded in the background while the first question is asked, so that question appears at
    /// once even in a 10,000-file repository.
    pub repo: PendingRepository,
    pub plan: Plan,
    pub written: Vec<String>,
    pub milestone: Option<String>,
}

impl Session<'_> {
    /// A new screen with the progress bar of a flow
    /// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers.rb).
    pub fn screen(&mut self, steps: &[&str], current: usize) {
        self.p.new_screen();
        text::progress(self.p, steps, current);
    }

    pub fn say(&mut self, line: &str) {
        self.p.say(line);
    }

    /// Re-read the repository after a write, so later questions see the new file.
    pub fn reload(&mut self) {
        self.repo = Repository::load(&self.repo.root, self.repo.reference.clone(), &self.options.limits).into();
    }

    pub fn known_categories(&self) -> &[String] {
        &self.repo.reference().feature_categories.values
    }
}

/// Run the wizard until the user exits. `Err` means the user interrupted: nothing more is
/// written and the session's plan is dropped.
pub fn run(
    p: &mut dyn Prompter,
    repo: impl Into<PendingRepository>,
    options: &WizardOptions,
    start: Start,
) -> Asked<Outcome> {
    let repo = repo.into();
    let milestone = options.milestone.clone().or_else(|| repo.reference().milestone.clone());
    let mut session = Session { p, options, repo, plan: Plan::default(), written: Vec::new(), milestone };
    flows::run(&mut session, start)?;
    let mut plan = session.plan;
    if !plan.events.is_empty() || !plan.metrics.is_empty() {
        plan.milestone = session.milestone;
    }
    Ok(Outcome { plan, written: session.written })
}
