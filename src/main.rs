//! The binary: parse arguments, run the command, map the outcome to an exit code.
//! 0 clean, 1 findings at or above `--fail-on`, 2 usage/configuration/IO error.

mod cli;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

// mimalloc instead of glibc malloc: loading grows the heap from every reading thread at once,
// which glibc's per-thread arenas pay for in mprotect calls and page faults. Without
// transparent huge pages (Cargo.toml) its peak memory stays that of glibc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code.into(),
        Err(err) => {
            // Not `eprintln!`, which panics when stderr is closed.
            let _ = writeln!(std::io::stderr(), "error: {err}");
            cli::Exit::Error.into()
        }
    }
}
