//! Command-line definitions (clap) and dispatch. Everything printed is printed here.

mod apply;
mod dictionary;
mod integration;
mod issue;
mod rename;
mod rules;
mod stages;
mod templates;
mod usage;
mod validate;
mod wizard;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::RangedU64ValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

use eventdef::repository::{self, LoadLimits, ReferenceLists, ReferenceOverrides};
use eventdef::yaml::ParseLimits;

/// Exit codes, documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Clean = 0,
    Findings = 1,
    Error = 2,
    /// The wizard was interrupted (Ctrl-C or end of input).
    Interrupted = 130,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// `eventdef --version`: the version and the GitLab definition format it follows.
static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{}\nGitLab definition format: {}",
        env!("CARGO_PKG_VERSION"),
        eventdef::model::format::GITLAB_FORMAT_REVISION
    )
});

#[derive(Debug, Parser)]
#[command(
    name = "eventdef",
    version = VERSION.as_str(),
    about = "Define, validate and instrument GitLab-style internal events and metrics"
)]
pub struct Cli {
    #[command(flatten)]
    pub repo: RepoArgs,
    #[command(flatten)]
    pub wizard: wizard::WizardArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where the repository is and which reference lists to use.
#[derive(Debug, Args, Clone)]
pub struct RepoArgs {
    /// Repository root (default: the current folder or the nearest parent with config/events or config/metrics)
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Product groups list (a JSON schema with an `enum`, like GitLab's product_groups.json)
    #[arg(long, global = true, value_name = "FILE")]
    pub product_groups: Option<PathBuf>,
    /// Feature categories list (a YAML list, like GitLab's config/feature_categories.yml)
    #[arg(long, global = true, value_name = "FILE")]
    pub feature_categories: Option<PathBuf>,
    /// Largest definition file read, in bytes
    #[arg(long, global = true, value_name = "BYTES", default_value_t = 1024 * 1024)]
    pub max_file_size: u64,
    /// Deepest nesting of lists and mappings read in a definition file
    #[arg(
        long,
        global = true,
        value_name = "LEVELS",
        default_value_t = ParseLimits::default().max_depth,
        value_parser = RangedU64ValueParser::<usize>::new().range(1..=ParseLimits::MAX_DEPTH as u64)
    )]
    pub max_yaml_depth: usize,
    /// Most nodes that YAML aliases may expand to in one definition file
    #[arg(
        long,
        global = true,
        value_name = "NODES",
        default_value_t = ParseLimits::default().max_alias_nodes,
        value_parser = RangedU64ValueParser::<usize>::new().range(0..=ParseLimits::MAX_ALIAS_NODES as u64)
    )]
    pub max_yaml_aliases: usize,
}

impl RepoArgs {
    pub fn root(&self) -> eventdef::Result<PathBuf> {
        match &self.root {
            Some(root) => {
                if !root.is_dir() {
                    return Err(eventdef::Error::Usage(format!("--root {}: not a folder", root.display())));
                }
                Ok(root.clone())
            }
            None => repository::discover_root(&std::env::current_dir().map_err(|e| eventdef::Error::io(".", e))?),
        }
    }

    /// The root for commands that create definitions (the wizard, `apply`): as [`Self::root`],
    /// but when no folder above has definitions the current folder is the root, so a
    /// repository's very first definition can be made there. Commands that only read
    /// (`validate`, `usage`, `issue`) keep the strict [`Self::root`] and its error.
    pub fn root_or_current(&self) -> eventdef::Result<PathBuf> {
        match self.root() {
            Err(eventdef::Error::NoRepository(start)) => Ok(start),
            found => found,
        }
    }

    pub fn reference(&self, root: &std::path::Path) -> eventdef::Result<ReferenceLists> {
        ReferenceLists::load(
            root,
            &ReferenceOverrides {
                product_groups: self.product_groups.clone(),
                feature_categories: self.feature_categories.clone(),
                milestone: None,
            },
        )
    }

    pub fn limits(&self) -> LoadLimits {
        LoadLimits {
            max_file_bytes: self.max_file_size,
            parse: ParseLimits {
                max_depth: self.max_yaml_depth,
                max_alias_nodes: self.max_yaml_aliases,
                ..ParseLimits::default()
            },
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every definition in the repository (or just the given files)
    Validate(validate::ValidateArgs),
    /// Define a new event or metric interactively (`eventdef` alone opens the main menu)
    New(wizard::NewArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell
    Completions(integration::CompletionsArgs),
    /// Print the manual page (roff), e.g. `eventdef man | man -l -`
    Man(integration::ManArgs),
    /// Create the events and metrics a plan file describes (all files or none)
    Apply(apply::ApplyArgs),
    /// List every rule: id, category, default severity and help
    Rules(rules::RulesArgs),
    /// Explain one rule
    Explain(rules::ExplainArgs),
    /// Print code and testing snippets for an event (GitLab's "View Usage"), plus warehouse queries
    Usage(usage::UsageArgs),
    /// Write GitLab's "Usage Data Instrumentation" issue for events and metrics (existing, or from a plan)
    Issue(issue::IssueArgs),
    /// Write the metrics and event dictionary: a static site (or JSON, or Markdown pages)
    Dictionary(dictionary::DictionaryArgs),
    /// Download GitLab's stages.yml into .eventdef/stages.yml (groups menu, dashboard links)
    Stages(stages::StagesCommand),
    /// Rename a product group in the groups list, every definition and .eventdef/stages.yml (all files or none)
    RenameGroup(rename::RenameGroupArgs),
    /// Copy the built-in templates out to override them (init), show overrides (list), test them (check)
    Templates(templates::TemplatesArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

/// Print to stdout. A reader that went away (`eventdef validate | head`) is not an error worth
/// a panic, which `print!` would raise; any other write error is an IO error.
pub fn print_stdout(text: &str) -> eventdef::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(eventdef::Error::io("<stdout>", e)),
        _ => Ok(()),
    }
}

pub fn run(cli: Cli) -> eventdef::Result<Exit> {
    match cli.command {
        Some(Command::Validate(args)) => validate::run(&cli.repo, args),
        Some(Command::New(args)) => wizard::run(&cli.repo, &cli.wizard.merged(args.wizard()), args.start()),
        Some(Command::Completions(args)) => integration::completions(args),
        Some(Command::Man(args)) => integration::man(args),
        Some(Command::Apply(args)) => apply::run(&cli.repo, args),
        Some(Command::Rules(args)) => rules::run_rules(args),
        Some(Command::Explain(args)) => rules::run_explain(args),
        Some(Command::Usage(args)) => usage::run(&cli.repo, args),
        Some(Command::Issue(args)) => issue::run(&cli.repo, args),
        Some(Command::Dictionary(args)) => dictionary::run(&cli.repo, args),
        Some(Command::Stages(args)) => stages::run(&cli.repo, args),
        Some(Command::RenameGroup(args)) => rename::run(&cli.repo, args),
        Some(Command::Templates(args)) => templates::run(&cli.repo, args),
        None => wizard::run(&cli.repo, &cli.wizard, eventdef::wizard::Start::MainMenu),
    }
}
