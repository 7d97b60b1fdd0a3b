//! `eventdef completions SHELL` and `eventdef man [COMMAND]`: shell completion scripts and
//! manual pages generated from the clap definitions, so they never drift from the real flags.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Exit};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A sub-command's page instead of the main one (e.g. `validate`)
    pub command: Option<String>,
}

pub fn completions(args: CompletionsArgs) -> eventdef::Result<Exit> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "eventdef", &mut out);
    emit(&out)
}

pub fn man(args: ManArgs) -> eventdef::Result<Exit> {
    let mut command = Cli::command();
    command.build();
    let page = match &args.command {
        None => command,
        Some(name) => {
            let names: Vec<String> =
                command.get_subcommands().map(|c| c.get_name().to_owned()).filter(|n| n != "help").collect();
            let Some(sub) = command.find_subcommand(name).cloned() else {
                return Err(eventdef::Error::Usage(format!(
                    "no command `{name}`; commands with a page: {}",
                    names.join(", ")
                )));
            };
            // After `build()` clap names it `eventdef-validate`, like git's sub-command pages.
            sub.version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page).render(&mut out).map_err(|e| eventdef::Error::Other(format!("man page: {e}")))?;
    emit(&out)
}

fn emit(bytes: &[u8]) -> eventdef::Result<Exit> {
    super::print_stdout(&String::from_utf8_lossy(bytes))?;
    Ok(Exit::Clean)
}
