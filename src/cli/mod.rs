//! Command-line definitions (clap) and dispatch. Everything printed is printed here.

mod apply;
mod collect;
mod dictionary;
mod integration;
mod issue;
mod rename;
mod rules;
mod scan;
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
    /// `--color auto|always|never`, for every command's output.
    #[command(flatten)]
    pub color: colorchoice_clap::Color,
    #[command(flatten)]
    pub wizard: wizard::WizardArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where the repository is and which reference lists to use: flags of the commands that read a
/// repository (and of `eventdef` itself, before any command), not of `completions`, `man`,
/// `rules` or `explain`, which read none.
#[derive(Debug, Args, Clone, Default)]
pub struct RepoArgs {
    /// Repository root (default: the current folder or the nearest parent with config/events or config/metrics)
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Product groups list (a JSON schema with an `enum`, like GitLab's product_groups.json)
    #[arg(long, value_name = "FILE")]
    pub product_groups: Option<PathBuf>,
    /// Feature categories list (a YAML list, like GitLab's config/feature_categories.yml)
    #[arg(long, value_name = "FILE")]
    pub feature_categories: Option<PathBuf>,
    /// Largest definition file read, in bytes [default: 1048576]
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Deepest nesting of lists and mappings read in a definition file [default: 64]
    #[arg(
        long,
        value_name = "LEVELS",
        value_parser = RangedU64ValueParser::<usize>::new().range(1..=ParseLimits::MAX_DEPTH as u64)
    )]
    pub max_yaml_depth: Option<usize>,
    /// Most nodes that YAML aliases may expand to in one definition file [default: 10000]
    #[arg(
        long,
        value_name = "NODES",
        value_parser = RangedU64ValueParser::<usize>::new().range(0..=ParseLimits::MAX_ALIAS_NODES as u64)
    )]
    pub max_yaml_aliases: Option<usize>,
}

impl RepoArgs {
    /// The repository a reading command checks: `--root` (which must hold definitions, see
    /// [`repository::check_root`]), else found from the current folder.
    pub fn root(&self) -> eventdef::Result<PathBuf> {
        match &self.root {
            Some(root) => {
                repository::check_root(root)?;
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
        if let Some(root) = &self.root {
            // A new repository's first definition is made in a folder without any yet.
            if !root.is_dir() {
                return Err(eventdef::Error::Usage(format!("--root {}: not a folder", root.display())));
            }
            return Ok(root.clone());
        }
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
        let defaults = LoadLimits::default();
        LoadLimits {
            max_file_bytes: self.max_file_size.unwrap_or(defaults.max_file_bytes),
            parse: ParseLimits {
                max_depth: self.max_yaml_depth.unwrap_or(defaults.parse.max_depth),
                max_alias_nodes: self.max_yaml_aliases.unwrap_or(defaults.parse.max_alias_nodes),
                ..defaults.parse
            },
        }
    }

    /// Flags given after the command (`later`) win over those given before it.
    pub fn merged(&self, later: &RepoArgs) -> RepoArgs {
        RepoArgs {
            root: later.root.clone().or_else(|| self.root.clone()),
            product_groups: later.product_groups.clone().or_else(|| self.product_groups.clone()),
            feature_categories: later.feature_categories.clone().or_else(|| self.feature_categories.clone()),
            max_file_size: later.max_file_size.or(self.max_file_size),
            max_yaml_depth: later.max_yaml_depth.or(self.max_yaml_depth),
            max_yaml_aliases: later.max_yaml_aliases.or(self.max_yaml_aliases),
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
    /// Check the definitions against the code that triggers them: undefined, untriggered and untested events, undeclared properties
    Scan(scan::ScanArgs),
    /// Download GitLab's stages.yml into .eventdef/stages.yml (groups menu, dashboard links)
    Stages(stages::StagesCommand),
    /// Rename a product group in the groups list, every definition and .eventdef/stages.yml (all files or none)
    RenameGroup(rename::RenameGroupArgs),
    /// Copy the built-in templates out to override them (init), show overrides (list), test them (check)
    Templates(templates::TemplatesArgs),
    /// Run a Snowplow-compatible collector that checks every event it receives against its definition
    Collect(collect::CollectArgs),
    /// Show what each metric would count from the events a collector received (GitLab's monitor)
    Monitor(collect::MonitorArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

/// Print to stdout. Everything the commands print goes through here (and [`print_stderr`]):
/// `anstream` keeps styles (the human report's colours) where `--color` and the terminal allow
/// and drops them elsewhere. A reader that went away (`eventdef validate | head`) is not an error
/// worth a panic, which `print!` would raise; any other write error is an IO error.
pub fn print_stdout(text: &str) -> eventdef::Result<()> {
    use std::io::Write as _;
    let mut out = anstream::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(eventdef::Error::io("<stdout>", e)),
        _ => Ok(()),
    }
}

/// Print to stderr, like [`print_stdout`]. A closed stderr leaves nowhere to say so, so write
/// errors are dropped (`eprintln!` would panic).
pub fn print_stderr(text: &str) {
    use std::io::Write as _;
    let mut err = anstream::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// An error as `main` prints it: the library's words, plus the flag that fixes it.
pub fn describe(error: &eventdef::Error) -> String {
    match error {
        eventdef::Error::NoRepository(_) => format!("error: {error}; pass --root DIR\n"),
        _ => format!("error: {error}\n"),
    }
}

impl Cli {
    /// True when the command asks questions in the terminal (`eventdef`, `eventdef new`).
    pub fn runs_wizard(&self) -> bool {
        matches!(self.command, None | Some(Command::New(_)))
    }
}

pub fn run(cli: Cli) -> eventdef::Result<Exit> {
    let repo = |later: &RepoArgs| cli.repo.merged(later);
    match cli.command {
        Some(Command::Validate(args)) => validate::run(&repo(&args.repo), args),
        Some(Command::New(args)) => wizard::run(&repo(&args.repo()), &args.wizard(&cli.wizard), args.start()),
        Some(Command::Completions(args)) => integration::completions(args),
        Some(Command::Man(args)) => integration::man(args),
        Some(Command::Apply(args)) => apply::run(&repo(&args.repo), args),
        Some(Command::Rules(args)) => rules::run_rules(args),
        Some(Command::Explain(args)) => rules::run_explain(args),
        Some(Command::Usage(args)) => usage::run(&repo(&args.repo), args),
        Some(Command::Issue(args)) => issue::run(&repo(&args.repo), args),
        Some(Command::Dictionary(args)) => dictionary::run(&repo(&args.repo), args),
        Some(Command::Scan(args)) => scan::run(&repo(&args.repo), args),
        Some(Command::Stages(args)) => stages::run(&repo(&args.repo), args),
        Some(Command::RenameGroup(args)) => rename::run(&repo(&args.repo), args),
        Some(Command::Templates(args)) => templates::run(&repo(&args.repo), args),
        Some(Command::Collect(args)) => collect::run_collect(&repo(&args.repo), args),
        Some(Command::Monitor(args)) => collect::run_monitor(&repo(&args.repo), args),
        None => wizard::run(&cli.repo, &cli.wizard, eventdef::wizard::Start::MainMenu),
    }
}
