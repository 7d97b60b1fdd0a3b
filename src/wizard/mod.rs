//! The interactive wizard (GitLab's
//! https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli.rb): questions
//! in, a [`Plan`] out.
//!
//! Every flow asks through a [`Prompter`] (a real terminal or a script) and records what the
//! user answered as plan entries — semantic answers, never menu positions. Each definition is
//! then resolved and written through the same code as `eventdef apply` (`plan::apply`), so the
//! wizard cannot write what CI would reject. The session's plan can be saved (`--save-plan`)
//! and replayed without a terminal.

mod answers;
mod flows;
mod ownership;
pub mod plan_yaml;
pub mod prompt;
mod recovery;
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
    /// Where answers are kept when a definition cannot be written or the session is
    /// interrupted (`--save-plan`); else `.eventdef/recovered-<timestamp>.yml` in the root.
    pub save_plan: Option<std::path::PathBuf>,
    /// Say on the first screen which repository root files are written into.
    pub announce_root: bool,
}

impl WizardOptions {
    pub fn new(templates: Templates) -> Self {
        WizardOptions {
            stages: None,
            milestone: None,
            templates,
            limits: LoadLimits::default(),
            resolve: crate::plan::apply::resolve,
            save_plan: None,
            announce_root: false,
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
    /// The plan file holding answers that were not written (see [`Finished::recovered`]).
    pub recovered: Option<String>,
}

/// How a session ended: its outcome or the interruption, and where the answers that were not
/// written were saved, if any were left (a definition the final check refused, or the answers
/// given before Ctrl-C).
#[derive(Debug)]
pub struct Finished {
    pub result: Asked<Outcome>,
    /// The plan file (as shown to the user), to finish with `eventdef apply FILE`.
    pub recovered: Option<String>,
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
    /// Completed definitions not (yet) written.
    pub pending: Plan,
    /// The answers of the definition being asked, as far as given.
    pub draft: Option<Plan>,
    /// Where unwritten answers were saved.
    pub recovered: Option<String>,
    pub root_announced: bool,
    pub load_errors_reported: bool,
}

impl Session<'_> {
    /// A new screen with the progress bar of a flow
    /// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers.rb).
    pub fn screen(&mut self, steps: &[&str], current: usize) {
        self.p.new_screen();
        self.announce_root();
        self.report_load_errors(false);
        text::progress(self.p, steps, current);
    }

    /// Definition files that did not load, reported once: on the first screen after the
    /// background load finished, or when `wait` (a question needs the repository).
    pub fn report_load_errors(&mut self, wait: bool) {
        if self.load_errors_reported || (!wait && self.repo.if_loaded().is_none()) {
            return;
        }
        self.load_errors_reported = true;
        for (path, why) in self.repo.load_errors() {
            let line = text::wrap(&format!("Encountered an error while loading {path}: {why}"), self.p.width());
            let line = text::error(&line);
            self.p.say(&line);
        }
    }

    /// The root files go into, on the session's first screen (when asked to).
    pub fn announce_root(&mut self) {
        if self.options.announce_root && !self.root_announced {
            self.root_announced = true;
            let line = text::grey(&format!("Repository: {} (new files are written here)", self.repo.root.display()));
            self.p.say(&line);
        }
    }

    pub fn say(&mut self, line: &str) {
        self.p.say(line);
    }

    /// Prose, wrapped to the terminal (never inside a word).
    pub fn say_wrapped(&mut self, text: &str) {
        text::say_wrapped(self.p, text);
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
/// written to the repository (the answers not written are kept in a plan file, see
/// [`run_recovering`]).
pub fn run(
    p: &mut dyn Prompter,
    repo: impl Into<PendingRepository>,
    options: &WizardOptions,
    start: Start,
) -> Asked<Outcome> {
    run_recovering(p, repo, options, start).result
}

/// [`run`], telling where the answers that were not written went.
pub fn run_recovering(
    p: &mut dyn Prompter,
    repo: impl Into<PendingRepository>,
    options: &WizardOptions,
    start: Start,
) -> Finished {
    let repo = repo.into();
    let milestone = options.milestone.clone().or_else(|| repo.reference().milestone.clone());
    let mut session = Session {
        p,
        options,
        repo,
        plan: Plan::default(),
        written: Vec::new(),
        milestone,
        pending: Plan::default(),
        draft: None,
        recovered: None,
        root_announced: false,
        load_errors_reported: false,
    };
    let result = flows::run(&mut session, start);
    if result.is_err() {
        recovery::save_answers(&mut session);
    }
    let recovered = session.recovered.clone();
    let result = result.map(|()| {
        let mut plan = session.plan;
        if !plan.events.is_empty() || !plan.metrics.is_empty() {
            plan.milestone = session.milestone;
        }
        Outcome { plan, written: session.written, recovered: recovered.clone() }
    });
    Finished { result, recovered }
}
