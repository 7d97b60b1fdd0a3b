//! `eventdef completions SHELL` and `eventdef man [COMMAND]`: shell completion scripts and
//! manual pages generated from the clap definitions, so they never drift from the real flags.

use std::io::Write;

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
    let name = args.command.as_deref().unwrap_or("");
    let mut out = Vec::new();
    clap_mangen::Man::new(page).render(&mut out).map_err(|e| eventdef::Error::Other(format!("man page: {e}")))?;
    out.extend_from_slice(man_sections(name).as_bytes());
    emit(&out)
}

/// The sections clap does not generate: EXIT STATUS (the same for every command) and EXAMPLES
/// (the command's own, or a tour for the main page).
fn man_sections(command: &str) -> String {
    use roff::{Roff, bold, roman};
    let mut page = Roff::new();
    page.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        ("0", "Done: no finding at or above --fail-on (validate), the files written (apply), nothing refused."),
        ("1", "Findings at or above --fail-on (validate), or a plan refused (apply); nothing was written."),
        (
            "2",
            "Usage, configuration or IO error: a bad flag, no repository (or a --root without definition folders), an unreadable file or plan, --base without its revision. Nothing was validated or written.",
        ),
        ("130", "The wizard was interrupted (Ctrl-C or end of input)."),
    ] {
        page.control("TP", []).text([bold(code)]).text([roman(meaning)]);
    }
    let examples: &[(&str, &str)] = match command {
        "validate" => &[
            ("eventdef validate", "Check every definition of the repository around the current folder."),
            ("eventdef validate --root ~/gitlab --format short", "A GitLab checkout, one finding a line."),
            ("eventdef validate config/events/x.yml", "Report on one file; its repository is found from its folder."),
            (
                "eventdef validate --base origin/main --changed-only --format codequality --output gl-code-quality-report.json",
                "A merge-request pipeline: breaking changes since the target branch, as a Code Quality report.",
            ),
        ],
        "apply" => &[
            ("eventdef apply plan.yml --dry-run", "Show the files a plan would write, and write nothing."),
            ("eventdef apply plan.yml", "Write them, all or none."),
        ],
        "new" => &[
            (
                "eventdef new event --milestone 17.4 --save-plan plan.yml",
                "Define an event; keep the answers as a plan.",
            ),
            ("eventdef new metric --root ~/gitlab", "Define a metric for the events of a GitLab checkout."),
        ],
        "usage" => {
            &[("eventdef usage internal_events_cli_used --target rails", "The Rails snippet that triggers an event.")]
        }
        "issue" => {
            &[("eventdef issue plan.yml --output issue.md", "GitLab's instrumentation issue for what a plan defines.")]
        }
        "explain" => {
            &[("eventdef explain introduced-by-url-todo", "Why a rule exists and how to fix what it reports.")]
        }
        _ => &[
            ("eventdef", "The wizard's main menu."),
            ("eventdef validate --format short", "Check every definition, one finding a line."),
            ("eventdef apply plan.yml", "Create the definitions a plan describes."),
            ("eventdef man validate | man -l -", "A command's own page."),
        ],
    };
    page.control("SH", ["EXAMPLES"]);
    for (example, what) in examples {
        page.control("TP", []).text([bold(*example)]).text([roman(*what)]);
    }
    page.control("SH", ["SEE ALSO"]);
    page.text([roman(
        "GitLab's internal event instrumentation guide: https://docs.gitlab.com/development/internal_analytics/internal_event_instrumentation/quick_start/",
    )]);
    page.to_roff()
}

fn emit(bytes: &[u8]) -> eventdef::Result<Exit> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes).and_then(|_| stdout.flush()).map_err(|e| eventdef::Error::io("<stdout>", e))?;
    Ok(Exit::Clean)
}
