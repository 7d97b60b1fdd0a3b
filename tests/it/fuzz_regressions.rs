//! Every input a fuzz target once failed on (`fuzz/regressions/<target>/`), replayed through the
//! bodies of every target (`fuzz/src/lib.rs`, compiled into this test) on a thread with the
//! loader's 2 MiB stack, under a watchdog so that a hang fails instead of blocking.

use crate::targets;

use std::path::Path;
use std::time::Duration;

/// Generous: these inputs once took forever; now they take milliseconds.
const WATCHDOG: Duration = Duration::from_secs(60);

/// Every committed input, whichever target found it.
fn inputs() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut inputs: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .flatten()
        .filter(|target| target.path().is_dir())
        .flat_map(|target| std::fs::read_dir(target.path()).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs under {}", root.display());
    inputs
}

fn replay(target: &str, body: fn(&[u8])) {
    for input in inputs() {
        let data = std::fs::read(&input).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        let (done, finished) = std::sync::mpsc::channel();
        let run = std::thread::Builder::new().stack_size(2 * 1024 * 1024).spawn(move || {
            body(&data);
            let _ = done.send(());
        });
        if let Err(e) = run {
            panic!("cannot start a thread: {e}");
        }
        match finished.recv_timeout(WATCHDOG) {
            Ok(()) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                panic!("{target} on {}: still running after {WATCHDOG:?}", input.display())
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                panic!("{target} on {}: panicked (see above)", input.display())
            }
        }
    }
}

#[test]
fn load_regressions() {
    replay("load", targets::load);
}

#[test]
fn validate_regressions() {
    replay("validate", targets::validate);
}

#[test]
fn plan_regressions() {
    replay("plan", targets::plan);
}

#[test]
fn render_regressions() {
    replay("render", targets::render);
}
