//! `eventdef apply` killed at random moments, and out of space: the repository only ever holds
//! complete files. A SIGKILL cannot be caught, so nothing can roll back; what must hold is that
//! every definition present is exactly what the plan writes (or what was there before), that
//! any temporary file left behind is one eventdef never loads as a definition, and that a normal
//! `apply` afterwards completes. A write that fails (file size limit, a file where a folder must
//! be) must leave the repository exactly as it was.
//!
//! The delays come from a seeded generator: `EVENTDEF_KILL_SEED=N` replays a run,
//! `EVENTDEF_KILL_RUNS=N` changes the number of kills (default 300).

#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Two events (one CE, one EE) and metrics in four new folders: eight files.
const PLAN: &str = "milestone: '17.2'
events:
  - action: kill_test_used
    description: Engineer uses the kill test
    identifiers: [project, namespace, user]
    additional_properties:
      label: {description: Where it was used}
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    tiers: [free, premium, ultimate]
  - action: kill_test_premium_used
    description: Engineer uses the premium kill test
    identifiers: [user]
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    tiers: [premium, ultimate]
metrics:
  - events: [kill_test_used]
    count: unique
    unique_by: user
    description: Count of unique users of the kill test
  - events: [kill_test_used]
    count: total
    time_frames: [all]
    description: Count of uses of the kill test
  - events: [kill_test_premium_used]
    count: unique
    unique_by: user
    description: Count of unique users of the premium kill test
  - events: [kill_test_used]
    count: total
    time_frames: [28d]
    name: kill_test_monthly_uses
    description: Monthly count of uses of the kill test
  - events: [kill_test_used]
    count: unique
    unique_by: project
    time_frames: [7d]
    name: kill_test_weekly_projects
    description: Weekly count of unique projects using the kill test
  - database: {instrumentation_class: CountIssuesMetric}
    name: kill_test_issues_count
    time_frames: [7d, 28d]
    description: Count of issues
    product_group: analytics_instrumentation
    product_categories: [service_ping]
    tiers: [premium, ultimate]
";

/// An unrelated definition that every run must leave alone.
const EXISTING_EVENT: &str = "---
description: An event that was there before
internal_events: true
status: active
action: existing_event
identifiers:
- user
product_group: analytics_instrumentation
product_categories:
- service_ping
milestone: '16.6'
introduced_by_url: TODO
tiers:
- free
- premium
- ultimate
";

type Tree = BTreeMap<String, Option<Vec<u8>>>;
/// Files by path, with their bytes.
type Files = BTreeMap<String, Vec<u8>>;

/// Every path under `root` with its content (folders as `None`).
fn tree(root: &Path) -> Tree {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(root).expect("inside").to_string_lossy().into_owned();
        out.insert(rel, entry.file_type().is_file().then(|| fs::read(entry.path()).expect("read")));
    }
    out
}

/// A fresh repository (under `dir/repo`) and the plan (`dir/plan.yml`).
fn fresh(dir: &Path) -> PathBuf {
    let root = dir.join("repo");
    fs::create_dir_all(root.join("config/events")).expect("mkdir");
    fs::write(root.join("config/events/existing_event.yml"), EXISTING_EVENT).expect("write");
    fs::write(root.join("VERSION"), "17.2.0-pre\n").expect("write");
    fs::write(dir.join("plan.yml"), PLAN).expect("plan");
    root
}

fn apply(dir: &Path, root: &Path, force: bool) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eventdef"));
    cmd.current_dir(dir).arg("--root").arg(root).arg("apply").arg("plan.yml");
    if force {
        cmd.arg("--force");
    }
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    cmd
}

/// Run to the end; panics unless `apply` exits 0.
fn apply_ok(dir: &Path, root: &Path, force: bool) {
    let out = apply(dir, root, force).output().expect("run eventdef");
    assert!(out.status.success(), "apply failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// The definitions the plan writes, by path: an apply that is never killed.
fn reference() -> (Files, Duration) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = fresh(dir.path());
    let before = tree(&root);
    // The slowest of a few runs: the kills must reach the end of a run too.
    let mut slowest = Duration::ZERO;
    for _ in 0..3 {
        let _ = fs::remove_dir_all(&root);
        let root = fresh(dir.path());
        let start = Instant::now();
        apply_ok(dir.path(), &root, false);
        slowest = slowest.max(start.elapsed());
    }
    let written: Files = tree(&root)
        .into_iter()
        .filter(|(path, _)| !before.contains_key(path))
        .filter_map(|(path, content)| Some((path, content?)))
        .collect();
    assert!(written.len() >= 8, "the plan should write many files: {:?}", written.keys());
    for path in written.keys() {
        assert!(path.ends_with(".yml") && !file_name(path).starts_with('.'), "not a definition: {path}");
    }
    (written, slowest)
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// What a killed run may leave: the files from before, untouched; plan files, complete; and
/// temporary files that eventdef never loads (hidden, not `.yml`). Returns how many plan files
/// and temporary files were there.
fn check_after_kill(root: &Path, before: &Tree, expected: &Files, context: &str) -> (usize, usize) {
    let after = tree(root);
    for (path, content) in before {
        assert_eq!(after.get(path), Some(content), "{context}: {path} changed");
    }
    let (mut complete, mut temps) = (0, 0);
    for (path, content) in &after {
        let Some(content) = content else { continue };
        if before.contains_key(path) {
            continue;
        }
        if let Some(wanted) = expected.get(path) {
            assert!(content == wanted, "{context}: {path} is incomplete or wrong ({} bytes)", content.len());
            complete += 1;
        } else {
            let name = file_name(path);
            assert!(
                name.starts_with('.') && !name.ends_with(".yml") && name.contains(".eventdef-"),
                "{context}: unexpected file {path}"
            );
            temps += 1;
        }
    }
    // What eventdef itself would load: only definitions of before and of the plan.
    let walked = eventdef::repository::walk::walk_all(root);
    for found in &walked.found {
        let rel = found.path.as_str();
        assert!(before.contains_key(rel) || expected.contains_key(rel), "{context}: eventdef loads {rel}");
    }
    assert!(walked.strays.is_empty(), "{context}: stray files {:?}", walked.strays);
    (complete, temps)
}

/// Wait until `apply` starts writing (its first new folder appears) or ends; the time waited.
fn wait_for_writing(child: &mut std::process::Child, root: &Path) -> Duration {
    let start = Instant::now();
    let first_folder = root.join("config/metrics");
    while !first_folder.exists() && matches!(child.try_wait(), Ok(None)) {
        std::thread::sleep(Duration::from_micros(50));
    }
    start.elapsed()
}

#[test]
fn apply_killed_at_random_moments_leaves_only_complete_files() {
    let (expected, normal_run) = reference();
    let seed: u64 = std::env::var("EVENTDEF_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(7);
    let runs: usize = std::env::var("EVENTDEF_KILL_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(300);
    let mut rng = fastrand::Rng::with_seed(seed);
    // A bit more than a normal run, so that some kills come after the end.
    let window = normal_run.as_micros() as u64 * 5 / 4 + 1;
    // How long the writing takes (folders, temporary files flushed to disk, renames): measured
    // on one run, with the same margin.
    let write_window = {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = fresh(dir.path());
        let mut child = apply(dir.path(), &root, false).stderr(Stdio::null()).spawn().expect("spawn eventdef");
        wait_for_writing(&mut child, &root);
        let start = Instant::now();
        let _ = child.wait();
        start.elapsed().as_micros() as u64 * 5 / 4 + 1
    };

    let dir = tempfile::tempdir().expect("tempdir");
    let (mut none, mut partial, mut all, mut with_temps) = (0, 0, 0, 0);
    for run in 0..runs {
        let _ = fs::remove_dir_all(dir.path().join("repo"));
        let root = fresh(dir.path());
        let before = tree(&root);
        let mut child = apply(dir.path(), &root, false).stderr(Stdio::null()).spawn().expect("spawn eventdef");
        // Even runs: a moment anywhere in the run. Odd runs: a moment while it writes (the
        // writing is a few milliseconds at the end, which uniform delays would rarely hit).
        let delay = if run % 2 == 0 {
            let delay = Duration::from_micros(rng.u64(0..window));
            std::thread::sleep(delay);
            delay
        } else {
            let waited = wait_for_writing(&mut child, &root);
            let extra = Duration::from_micros(rng.u64(0..write_window));
            std::thread::sleep(extra);
            waited + extra
        };
        let _ = child.kill(); // SIGKILL; an error means it had already finished
        let _ = child.wait();

        let context = format!("run {run} (seed {seed}, killed after {delay:?})");
        let (complete, temps) = check_after_kill(&root, &before, &expected, &context);
        match complete {
            0 => none += 1,
            n if n == expected.len() => all += 1,
            _ => partial += 1,
        }
        if temps > 0 {
            with_temps += 1;
        }

        // Every tenth run, and whenever the kill left something half done: a normal run
        // (with --force once files exist) completes and writes exactly the plan's files.
        if run % 10 == 0 || (complete > 0 && complete < expected.len()) || temps > 0 {
            apply_ok(dir.path(), &root, complete > 0);
            let after = tree(&root);
            for (path, content) in &expected {
                assert_eq!(after.get(path), Some(&Some(content.clone())), "{context}: {path} after the rerun");
            }
            check_after_kill(&root, &before, &expected, &format!("{context}, rerun"));
        }
    }
    eprintln!(
        "{runs} kills (normal run {normal_run:?}, writing {write_window} µs): {none} wrote nothing, \
         {partial} part, {all} all; {with_temps} left temporary files"
    );
    // Both ends always happen; the middle depends on the machine's speed, so it is reported only.
    assert!(none > 0 && all > 0, "kills never hit both ends: {none} none, {all} all");
}

/// Runs `apply` with a file size limit (as a full disk would stop a write): the file size limit
/// makes writes beyond it fail with EFBIG (SIGXFSZ ignored, so the write fails instead of the
/// process dying).
fn apply_with_size_limit(dir: &Path, root: &Path, force: bool, limit: u64) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = apply(dir, root, force);
    // SAFETY: only async-signal-safe calls (signal, setrlimit) between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let rlim = libc::rlimit { rlim_cur: limit as libc::rlim_t, rlim_max: limit as libc::rlim_t };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rlim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("run eventdef")
}

#[test]
fn a_write_that_fails_midway_leaves_the_repository_as_it_was() {
    let (expected, _) = reference();
    let sizes: Vec<usize> = expected.values().map(Vec::len).collect();
    let (smallest, largest) = (sizes.iter().min().copied().unwrap_or(0), sizes.iter().max().copied().unwrap_or(0));
    assert!(smallest < largest, "the plan's files must differ in size: {sizes:?}");
    // Some files fit, at least one does not: the failure comes in the middle of the set.
    let limit = ((smallest + largest) / 2) as u64;

    // A fresh repository: new folders and files are all removed again.
    let dir = tempfile::tempdir().expect("tempdir");
    let root = fresh(dir.path());
    let before = tree(&root);
    let out = apply_with_size_limit(dir.path(), &root, false, limit);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "expected an IO error: {stderr}");
    assert_eq!(tree(&root), before, "a failed write changed the repository: {stderr}");

    // Replacing existing files (--force): the old files come back byte for byte.
    apply_ok(dir.path(), &root, false);
    for path in expected.keys().map(|p| root.join(p)) {
        let old = fs::read(&path).expect("read");
        fs::write(&path, [old.as_slice(), b"# edited by hand\n"].concat()).expect("edit");
    }
    let before = tree(&root);
    let out = apply_with_size_limit(dir.path(), &root, true, limit);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "expected an IO error: {stderr}");
    assert_eq!(tree(&root), before, "a failed --force write changed the repository: {stderr}");

    // Without the limit the same run completes.
    apply_ok(dir.path(), &root, true);
    let after = tree(&root);
    for (path, content) in &expected {
        assert_eq!(after.get(path), Some(&Some(content.clone())), "{path}");
    }
}

#[test]
fn a_file_where_a_folder_must_be_leaves_the_repository_as_it_was() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = fresh(dir.path());
    // The EE metrics folder is a file: the last files of the plan cannot be written.
    fs::create_dir_all(root.join("ee/config")).expect("mkdir");
    fs::write(root.join("ee/config/metrics"), "not a folder\n").expect("write");
    let before = tree(&root);
    let out = apply(dir.path(), &root, false).output().expect("run eventdef");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "expected an IO error: {stderr}");
    assert!(stderr.contains("ee/config/metrics"), "the error names the path: {stderr}");
    assert_eq!(tree(&root), before, "{stderr}");
}
