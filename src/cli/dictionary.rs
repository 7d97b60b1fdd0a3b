//! `eventdef dictionary --out DIR`: the metrics and event dictionary as a static site (or JSON,
//! or Markdown pages).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use eventdef::dictionary::{self, BuildOptions};
use eventdef::repository::Repository;
use eventdef::rules::{PerFileRules, schema::Schemas};

use super::usage::{StagesArgs, TemplateArgs};
use super::{Exit, RepoArgs};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A static site: index.html, a page per definition, a problems page
    Html,
    /// dictionary.json: every definition, its fields and the event↔metric links
    Json,
    /// One Markdown page per product group, for a wiki
    Markdown,
}

#[derive(Debug, Args)]
pub struct DictionaryArgs {
    /// Folder to write (replaced whole; refused when it holds other files, unless --force)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Web address of the repository's files, to link each definition to its file
    /// (e.g. https://gitlab.com/gitlab-org/gitlab/-/blob/master)
    #[arg(long, value_name = "URL")]
    pub repo_url: Option<String>,
    /// Title of the dictionary
    #[arg(long, value_name = "TEXT", default_value = "Metrics and events dictionary")]
    pub title: String,
    /// What to write
    #[arg(long, value_enum, default_value_t = Format::Html)]
    pub format: Format,
    /// Replace --out even when it holds files that are not a previous dictionary
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub templates: TemplateArgs,
    #[command(flatten)]
    pub stages: StagesArgs,
    #[command(flatten)]
    pub repo: RepoArgs,
}

pub fn run(repo_args: &RepoArgs, args: DictionaryArgs) -> eventdef::Result<Exit> {
    let root = repo_args.root()?;
    dictionary::check_out_dir(&root, &args.out, args.force)?;
    let templates = args.templates.load(repo_args)?;
    // The script and style may be replaced from the same folder as the templates.
    let assets_dir = args.templates.dir.clone().or_else(|| {
        let default = root.join(eventdef::render::overrides::TEMPLATES_DIR);
        default.is_dir().then_some(default)
    });
    let reference = repo_args.reference(&root)?;
    let schemas = Schemas::compile(&reference)?;
    // The per-file rules run while each file is read, as in `validate`.
    let repo = Repository::load_checked(&root, reference, &repo_args.limits(), &PerFileRules::new(&schemas));
    if repo.files.is_empty() {
        return Err(eventdef::Error::Usage(format!(
            "{}: no definition files in config/events, config/metrics or their ee/ counterparts",
            root.display()
        )));
    }
    let options = BuildOptions {
        title: args.title.clone(),
        repo_url: args.repo_url.clone(),
        stages: args.stages.load(&root)?,
        snippets: true,
    };
    let format = match args.format {
        Format::Html => dictionary::Format::Html,
        Format::Json => dictionary::Format::Json,
        Format::Markdown => dictionary::Format::Markdown,
    };
    let summary = dictionary::write(&repo, &templates, assets_dir.as_deref(), &options, format, &args.out)?;
    let mut message = format!(
        "wrote the dictionary of {} metrics and {} events to {}",
        summary.metrics,
        summary.events,
        args.out.display()
    );
    if summary.problems > 0 {
        message.push_str(&format!(
            " ({} problems in {} files{})",
            summary.problems,
            summary.files_with_problems,
            if format == dictionary::Format::Html { ", listed on problems.html" } else { "" }
        ));
    }
    super::print_stdout(&(message + "\n"))?;
    Ok(Exit::Clean)
}
