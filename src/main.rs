//! The binary: parse arguments, run the command, map the outcome to an exit code.
//! 0 clean, 1 findings at or above `--fail-on`, 2 usage/configuration/IO error.

mod cli;

use std::process::ExitCode;

use clap::Parser;

// mimalloc instead of glibc malloc: loading grows the heap from every reading thread at once,
// which glibc's per-thread arenas pay for in mprotect calls and page faults. Without
// transparent huge pages (Cargo.toml) its peak memory stays that of glibc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    args.color.write_global();
    // The wizard's prompts colour through `console`; it follows `--color always|never` too.
    match args.color.color {
        clap::ColorChoice::Always => console::set_colors_enabled(true),
        clap::ColorChoice::Never => console::set_colors_enabled(false),
        clap::ColorChoice::Auto => {}
    }
    if args.runs_wizard() {
        // Ctrl-C between two questions is recorded, so the wizard shows the cursor again and
        // stops at the next question instead of dying with the terminal in raw mode. A second
        // installation fails harmlessly.
        let _ = ctrlc::set_handler(eventdef::wizard::note_interrupt);
    }
    match cli::run(args) {
        Ok(code) => code.into(),
        Err(err) => {
            cli::print_stderr(&cli::describe(&err));
            cli::Exit::Error.into()
        }
    }
}
