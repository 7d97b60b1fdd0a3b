//! `eventdef stages pull [--url URL]`: download GitLab's stages.yml into the repository's
//! `.eventdef/stages.yml`. Exit codes: 0 written, 2 offline or not a stages file.

use clap::{Args, Subcommand};

use eventdef::fetch;

use super::{Exit, RepoArgs};

#[derive(Debug, Args)]
pub struct StagesCommand {
    #[command(subcommand)]
    pub action: StagesAction,
    #[command(flatten)]
    pub repo: RepoArgs,
}

#[derive(Debug, Subcommand)]
pub enum StagesAction {
    /// Download stages.yml (5-second timeout) and write it to .eventdef/stages.yml
    Pull {
        /// Where to download from
        #[arg(long, value_name = "URL", default_value = fetch::STAGES_URL)]
        url: String,
    },
}

pub fn run(repo: &RepoArgs, args: StagesCommand) -> eventdef::Result<Exit> {
    match args.action {
        StagesAction::Pull { url } => {
            let root = repo.root_or_current()?;
            let pulled = fetch::pull_stages(&root, &url, fetch::TIMEOUT)?;
            println!("Wrote {} ({} groups) from {url}.", pulled.path.display(), pulled.groups);
            println!("The wizard's group menu and the dashboard links use it from now on.");
            Ok(Exit::Clean)
        }
    }
}
