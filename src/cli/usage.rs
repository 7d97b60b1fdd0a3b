//! `eventdef usage ACTION [--target T]`: GitLab's usage-viewer snippets (and warehouse queries)
//! for an existing event.

use std::path::{Path, PathBuf};

use clap::Args;
use clap::builder::{PossibleValuesParser, TypedValueParser};

use eventdef::model::EventDefinition;
use eventdef::render::{self, Templates, UsageOptions, UsageTarget};
use eventdef::repository::Repository;
use eventdef::repository::stages::Stages;

use super::{Exit, RepoArgs};

/// `--target`: one snippet, or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetChoice {
    One(UsageTarget),
    All,
    /// Where the code triggers the event and where specs expect it (`eventdef scan`'s index).
    Where,
}

fn target_parser() -> impl TypedValueParser<Value = TargetChoice> {
    let mut names: Vec<&'static str> = UsageTarget::ALL.iter().map(|t| t.as_str()).collect();
    names.extend(["all", "where"]);
    PossibleValuesParser::new(names).map(|name| match UsageTarget::parse(&name) {
        Some(target) => TargetChoice::One(target),
        None if name == "where" => TargetChoice::Where,
        None => TargetChoice::All,
    })
}

/// Template overrides, shared by `usage` and `issue`.
#[derive(Debug, Args, Clone)]
pub struct TemplateArgs {
    /// Folder of .tera files replacing built-in templates of the same name (rails.tera, issue.md.tera, …;
    /// default: the repository's .eventdef/templates, if there is one)
    #[arg(long = "templates", value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

impl TemplateArgs {
    /// `--templates DIR`, else the repository's `.eventdef/templates`, else the built-in ones.
    pub fn load(&self, repo_args: &RepoArgs) -> eventdef::Result<Templates> {
        let root = if self.dir.is_some() { None } else { repo_args.root().ok() };
        eventdef::render::overrides::templates_for(root.as_deref(), self.dir.as_deref())
    }
}

/// `--stages FILE`, with the same meaning and default for the wizard and `usage`.
#[derive(Debug, Args, Clone, Default)]
pub struct StagesArgs {
    /// Product sections, stages and groups in GitLab's stages.yml format, for the group menu and
    /// the `Stage Name` of group dashboard links (default: .eventdef/stages.yml in the repository;
    /// without one, group names are typed and dashboard links name no stage)
    #[arg(long, value_name = "FILE")]
    pub stages: Option<PathBuf>,
}

impl StagesArgs {
    /// The given file, else the repository's `.eventdef/stages.yml`, else none.
    pub fn load(&self, root: &Path) -> eventdef::Result<Option<Stages>> {
        Stages::load(root, self.stages.as_deref())
    }

    /// The later value wins (options after a subcommand over those before it).
    pub fn or(&self, earlier: &StagesArgs) -> StagesArgs {
        StagesArgs { stages: self.stages.clone().or_else(|| earlier.stages.clone()) }
    }
}

#[derive(Debug, Args)]
pub struct UsageArgs {
    /// The event's action (its name), e.g. internal_events_cli_used
    pub action: String,
    /// Which snippet to print (`where`: the places that trigger the event and the specs that expect it)
    #[arg(long, short, value_name = "TARGET", default_value = "all", value_parser = target_parser())]
    pub target: TargetChoice,
    #[command(flatten)]
    pub templates: TemplateArgs,
    #[command(flatten)]
    pub stages: StagesArgs,
    /// Width of the divider lines around each snippet
    #[arg(long, value_name = "COLUMNS", default_value_t = 50)]
    pub width: usize,
    #[command(flatten)]
    pub repo: RepoArgs,
}

pub fn run(repo_args: &RepoArgs, args: UsageArgs) -> eventdef::Result<Exit> {
    if args.target == TargetChoice::Where {
        return run_where(repo_args, &args.action);
    }
    let templates = args.templates.load(repo_args)?;
    let repo = load_repository(repo_args)?;
    let options = UsageOptions { divider_width: args.width, stages: args.stages.load(&repo.root)? };
    let event = find_event(&repo, &args.action)?;
    // A removed event is still shown (its code may need to be found and deleted), but code that
    // triggers it is no longer counted: say so before the snippets.
    if let Some(removed) = repo.events_with_action(&args.action).find(|e| repo.is_removed_event(e))
        && repo.events_with_action(&args.action).all(|e| repo.is_removed_event(e))
    {
        let since = removed.def.milestone_removed.as_deref().map(|m| format!(" in {m}")).unwrap_or_default();
        super::print_stderr(&format!(
            "warning: `{}` was removed{since} ({}); triggering it is no longer counted: remove the code that does, or use an active event\n",
            args.action,
            repo.file(removed.file).path
        ));
    }
    let text = match args.target {
        TargetChoice::One(target) => render::usage_with(&repo, event, target, &templates, &options)?,
        TargetChoice::All | TargetChoice::Where => render::usage_all(&repo, event, &templates, &options)?,
    };
    super::print_stdout(&text)?;
    Ok(Exit::Clean)
}

pub fn load_repository(repo_args: &RepoArgs) -> eventdef::Result<Repository> {
    let root = repo_args.root()?;
    let reference = repo_args.reference(&root)?;
    Ok(Repository::load(&root, reference, &repo_args.limits()))
}

/// The event with this action; a removed one only when no active one exists. Unknown actions
/// are a usage error that lists close matches.
pub fn find_event<'r>(repo: &'r Repository, action: &str) -> eventdef::Result<&'r EventDefinition> {
    let mut matching = repo.events.iter().filter(|e| e.def.action == action).map(|e| &e.def);
    let first = matching.next();
    if let Some(event) = first.filter(|e| !e.is_removed()).or_else(|| matching.find(|e| !e.is_removed())).or(first) {
        return Ok(event);
    }
    let suggestions = eventdef::suggest::close_matches(action, repo.events.iter().map(|e| e.def.action.as_str()));
    let mut message =
        format!("no event `{action}` in {} (looked in config/events and ee/config/events)", repo.root.display());
    if !suggestions.is_empty() {
        message.push_str(&format!("; did you mean: {}?", suggestions.join(", ")));
    }
    Err(eventdef::Error::Usage(message))
}

/// `usage ACTION --target where`: every place the code sends the action, then every spec that
/// expects it (or expects it not to be sent).
fn run_where(repo_args: &RepoArgs, action: &str) -> eventdef::Result<Exit> {
    let scanned = super::scan::scan_code(&repo_args.root()?, &[])?;
    let mine: Vec<&eventdef::scan::Trigger> =
        scanned.triggers.iter().filter(|t| t.action.as_deref() == Some(action)).collect();
    let mut text = String::new();
    for (title, tests) in [("triggered", false), ("tested", true)] {
        let rows: Vec<String> = mine
            .iter()
            .filter(|t| t.kind.is_test() == tests)
            .map(|t| {
                let mut row = format!("  {}:{}:{}  {}", t.path, t.line, t.column, t.kind.as_str());
                if t.negated {
                    row.push_str("  (expects it not to be sent)");
                }
                if !t.properties.is_empty() {
                    row.push_str(&format!("  properties: {}", t.properties.join(", ")));
                }
                if !t.identifiers.is_empty() {
                    row.push_str(&format!("  identifiers: {}", t.identifiers.join(", ")));
                }
                row
            })
            .collect();
        if rows.is_empty() {
            text.push_str(&format!("`{action}` is {title} nowhere in the scanned code\n"));
        } else {
            text.push_str(&format!("`{action}` is {title} at:\n{}\n", rows.join("\n")));
        }
    }
    super::print_stdout(&text)?;
    Ok(Exit::Clean)
}
