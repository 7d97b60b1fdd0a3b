//! Hostile input: whatever lands in the definition folders, `eventdef validate` ends
//! quickly, within bounded memory, without a panic, and names every hostile file — with a
//! finding (or an IO error) that points at it, or, for the files that are fine, by counting it.
//!
//! Cases committed under `fixtures/hostile/<case>/` are minimal repositories; their human output
//! is snapshotted in `<case>/expected.txt` (`SNAPSHOTS=overwrite cargo test --test it hostile`
//! rewrites the snapshots; review the diff). Cases git cannot store, or that would be too large
//! to commit, are generated into a temporary folder by [`generated_cases`].
//!
//! The watchdog and the memory bound are guards against hangs and blow-ups, not performance
//! assertions: they are generous enough for a debug build on a busy machine.

use crate::support;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_eventdef");
/// A run taking longer than this is taken to hang.
const WATCHDOG: Duration = Duration::from_secs(60);
/// Peak resident memory any run may reach.
const MAX_RSS_BYTES: u64 = 300 * 1024 * 1024;

const EVENT_PATH: &str = "config/events/apply_suggestion_in_merge_request.yml";
const METRIC_PATH: &str = "config/metrics/counts_all/count_distinct_user_id_from_apply_suggestion_in_merge_request.yml";

/// What a case must produce.
#[derive(Debug, Clone)]
enum Expect {
    /// Exit 0: every file counted in `files`, no error, only these warnings.
    Accepted { files: usize, warnings: &'static [&'static str] },
    /// Exit 1: each file reported by the rule, at the line when one is given.
    Reported(Vec<(String, &'static str, Option<u32>)>),
    /// Files only GitLab's JSON schemas reject (every field of the wrong type). Reported once
    /// the `schema` rule exists; until then they must at least be read and counted.
    SchemaFindings(Vec<String>),
}

fn reported(items: &[(&str, &'static str, Option<u32>)]) -> Expect {
    Expect::Reported(items.iter().map(|(path, rule, line)| (path.to_string(), *rule, *line)).collect())
}

/// The committed cases and what each must produce.
fn committed_cases() -> Vec<(&'static str, Expect)> {
    vec![
        ("empty", reported(&[(EVENT_PATH, "yaml-empty", Some(1))])),
        ("only-document-marker", reported(&[(EVENT_PATH, "yaml-empty", Some(2))])),
        ("binary", reported(&[(EVENT_PATH, "io-unreadable", Some(1))])),
        ("invalid-utf8", reported(&[(EVENT_PATH, "io-unreadable", Some(2))])),
        ("utf16", reported(&[(EVENT_PATH, "io-unreadable", Some(1))])),
        ("byte-order-mark", Expect::Accepted { files: 1, warnings: &[] }),
        ("nul-byte", reported(&[(EVENT_PATH, "yaml-syntax", Some(2))])),
        ("tab-indentation", reported(&[(EVENT_PATH, "yaml-syntax", Some(6))])),
        // `key:<TAB>value`, which GitLab reads.
        ("tab-separators", Expect::Accepted { files: 1, warnings: &[] }),
        (
            "line-ends",
            reported(&[
                (EVENT_PATH, "yaml-duplicate-key", Some(18)),
                ("config/events/dismiss_suggestion_in_merge_request.yml", "yaml-duplicate-key", Some(18)),
            ]),
        ),
        ("duplicate-keys", reported(&[(EVENT_PATH, "yaml-duplicate-key", Some(18))])),
        ("anchors-and-aliases", Expect::Accepted { files: 1, warnings: &[] }),
        ("alias-bomb", reported(&[(EVENT_PATH, "yaml-limit", None)])),
        ("top-level-list", reported(&[(EVENT_PATH, "yaml-not-mapping", Some(1))])),
        ("top-level-scalar", reported(&[(EVENT_PATH, "yaml-not-mapping", Some(1))])),
        ("wrong-types", Expect::SchemaFindings(vec![EVENT_PATH.into(), METRIC_PATH.into()])),
        // Spaces and non-ASCII characters in names are fine; the file is not named after its
        // action, which is only a convention.
        ("file-names", Expect::Accepted { files: 2, warnings: &["event-file-name"] }),
    ]
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile")
}

/// What one run of the binary did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Run `eventdef validate --root ROOT ARGS...` under the watchdog and the memory bound.
/// [`validate`], as an unprivileged user when `unprivileged` (see `support::run_unprivileged`).
fn validate_as(root: &Path, args: &[&str], unprivileged: bool) -> Run {
    let mut cmd = Command::new(BIN);
    #[cfg(unix)]
    if unprivileged {
        support::run_unprivileged(&mut cmd, root);
    }
    cmd.arg("validate").arg("--root").arg(root).args(["--color", "never"]).args(args);
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let label = format!("validate --root {} {}", root.display(), args.join(" "));
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"));
    // Read both pipes on their own threads, so a full pipe cannot stall the child.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > WATCHDOG => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{label}: still running after {WATCHDOG:?}; it hangs");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => panic!("{label}: wait: {e}"),
        }
    };
    let peak = peak_child_rss_bytes();
    assert!(peak <= MAX_RSS_BYTES, "{label}: a run peaked at {} MiB of memory", peak / (1024 * 1024));
    let text = |handle: std::thread::JoinHandle<Vec<u8>>| {
        String::from_utf8_lossy(&handle.join().unwrap_or_default()).into_owned()
    };
    Run { code: status.code(), stdout: text(stdout), stderr: text(stderr) }
}

/// The largest peak resident set of any child this test process has waited for so far.
fn peak_child_rss_bytes() -> u64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } != 0 {
        return 0;
    }
    // Linux reports kilobytes.
    u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024
}

/// Check one case in both formats; returns the human output.
fn check(label: &str, root: &Path, expect: &Expect, extra: &[&str]) -> String {
    check_as(label, root, expect, extra, false)
}

/// [`check`], running `eventdef` as an unprivileged user when `unprivileged`.
fn check_as(label: &str, root: &Path, expect: &Expect, extra: &[&str], unprivileged: bool) -> String {
    let json_run = validate_as(root, &[&["--format", "json"], extra].concat(), unprivileged);
    let human_run = validate_as(root, extra, unprivileged);
    for (format, run) in [("json", &json_run), ("human", &human_run)] {
        assert!(!run.stderr.contains("panicked"), "{label} ({format}): the run panicked:\n{}", run.stderr);
        assert!(matches!(run.code, Some(0..=2)), "{label} ({format}): exit {:?}\n{}", run.code, run.stderr);
    }
    assert_eq!(json_run.code, human_run.code, "{label}: json and human runs exit alike");
    let report: serde_json::Value = serde_json::from_str(&json_run.stdout)
        .unwrap_or_else(|e| panic!("{label}: the JSON report does not parse ({e}):\n{}", json_run.stdout));
    let diagnostics = report["diagnostics"].as_array().cloned().unwrap_or_default();
    let files = report["files"].as_u64().unwrap_or(u64::MAX);
    let findings: Vec<(String, String, u64, String)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or_default().to_owned(),
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["severity"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    match expect {
        Expect::Accepted { files: expected_files, warnings } => {
            assert_eq!(json_run.code, Some(0), "{label}: accepted, so exit 0: {findings:?}");
            assert_eq!(files, *expected_files as u64, "{label}: every file is counted");
            for (path, rule, _, severity) in &findings {
                assert!(
                    severity == "warning" && warnings.contains(&rule.as_str()),
                    "{label}: unexpected finding {rule} ({severity}) in {path}"
                );
            }
        }
        Expect::Reported(items) => {
            assert!(matches!(json_run.code, Some(1 | 2)), "{label}: exit {:?}", json_run.code);
            for (path, rule, line) in items {
                let named = findings
                    .iter()
                    .any(|(p, r, l, _)| p == path && r == rule && line.is_none_or(|line| u64::from(line) == *l));
                assert!(named, "{label}: expected {rule} on {path}:{line:?}; found {findings:?}");
            }
        }
        Expect::SchemaFindings(paths) => {
            assert_eq!(json_run.code, Some(1), "{label}: fields of the wrong type are errors");
            assert_eq!(files, paths.len() as u64, "{label}: every file is counted");
            for path in paths {
                assert!(
                    findings.iter().any(|(p, _, _, s)| p == path && s == "error"),
                    "{label}: {path} has every field of the wrong type but no error: {findings:?}"
                );
            }
        }
    }
    // No line of the human report is a wall of text, and nothing in it can drive a terminal.
    let longest = human_run.stdout.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest <= 1200, "{label}: a line of the human report has {longest} characters");
    let control = human_run.stdout.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t');
    assert!(control.is_none(), "{label}: the human report holds the control character {control:?}");
    human_run.stdout
}

#[test]
fn committed_cases_are_reported_and_match_their_snapshots() {
    let cases = committed_cases();
    let on_disk: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap_or_else(|e| panic!("fixtures/hostile: {e}"))
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for name in &on_disk {
        assert!(
            cases.iter().any(|(case, _)| case == name),
            "fixtures/hostile/{name} has no entry in committed_cases()"
        );
    }
    for (name, expect) in cases {
        let root = fixtures().join(name);
        let label = format!("fixtures/hostile/{name}");
        let human = check(&label, &root, &expect, &[]);
        support::check_golden(&root.join("expected.txt"), &human);
    }
}

// ---- generated cases ----

fn event() -> String {
    std::fs::read_to_string(fixtures().join("byte-order-mark").join(EVENT_PATH))
        .unwrap_or_else(|e| panic!("event fixture: {e}"))
        .trim_start_matches('\u{feff}')
        .to_owned()
}

/// A temporary repository holding `files` (relative path → bytes).
fn repo(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    std::fs::create_dir_all(dir.path().join("config/events")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    for (rel, bytes) in files {
        let path = dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir {}: {e}", parent.display()));
        }
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {rel}: {e}"));
    }
    dir
}

fn event_with(extra: &str) -> Vec<u8> {
    (event() + extra).into_bytes()
}

#[test]
fn deep_nesting() {
    let cases: Vec<(&str, String, &[&str])> = vec![
        ("flow sequences", format!("nested: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)), &[]),
        ("flow mappings", format!("nested: {}x{}\n", "{a: ".repeat(10_000), "}".repeat(10_000)), &[]),
        ("block sequences", format!("nested:\n{}x\n", "- ".repeat(10_000)), &[]),
        // 10,000 levels of indented mappings take 50 MB of spaces, over the default size limit;
        // raised, the depth limit still stops the parser at level 64.
        (
            "indented mappings",
            format!("nested:\n{}", (1..10_000).map(|i| format!("{}k:\n", " ".repeat(i))).collect::<String>()),
            &["--max-file-size", "60000000"],
        ),
    ];
    for (what, extra, args) in cases {
        let dir = repo(&[(EVENT_PATH, event_with(&extra))]);
        check(&format!("10,000-deep {what}"), dir.path(), &reported(&[(EVENT_PATH, "yaml-limit", None)]), args);
    }
}

#[test]
fn file_of_50_megabytes() {
    let big = event_with(&format!("long: {}\n", "x".repeat(50 * 1024 * 1024)));
    let dir = repo(&[(EVENT_PATH, big)]);
    let human = check("a 50 MB file", dir.path(), &reported(&[(EVENT_PATH, "io-unreadable", Some(1))]), &[]);
    assert!(human.contains("larger than the 1048576-byte limit (--max-file-size)"), "{human}");
}

#[test]
fn line_of_one_megabyte() {
    // A syntax error at the end of a 1 MB line: the snippet shows a window around it.
    let line = format!("description: {}: here\n", "x".repeat(1_000_000));
    let dir = repo(&[
        (EVENT_PATH, event().replacen("description: ", "old_description: ", 1).into_bytes()),
        ("config/events/long.yml", line.into_bytes()),
    ]);
    let human = check("a 1 MB line", dir.path(), &reported(&[("config/events/long.yml", "yaml-syntax", Some(1))]), &[]);
    let snippet = human.lines().find(|l| l.starts_with("1 | ")).unwrap_or_default();
    assert!(snippet.starts_with("1 | ...xxx") && snippet.len() < 300, "{snippet}");
}

#[test]
fn many_documents_and_many_duplicate_keys() {
    let documents = event() + &"---\naction: again\n".repeat(10_000);
    let keys: String = (0..50_000).map(|i| format!("k{i}: 1\n")).collect();
    let dir =
        repo(&[(EVENT_PATH, documents.into_bytes()), ("config/events/keys.yml", event_with(&(keys.clone() + &keys)))]);
    let human = check(
        "10,000 documents; 50,000 duplicate keys",
        dir.path(),
        &reported(&[
            (EVENT_PATH, "yaml-multiple-documents", Some(18)),
            ("config/events/keys.yml", "yaml-duplicate-key", None),
        ]),
        &[],
    );
    assert_eq!(human.matches("error[yaml-multiple-documents]").count(), 1, "{human}");
    // One finding per duplicate up to the cap, then one for the rest.
    let cap = eventdef::yaml::MAX_PROBLEMS_PER_KIND;
    assert_eq!(human.matches("error[yaml-duplicate-key]").count(), cap + 1);
    assert!(human.contains(&format!("{} more duplicate keys from here on", 50_000 - cap)), "{human}");
}

#[test]
fn folders_named_like_definitions() {
    let dir = repo(&[(EVENT_PATH, event().into_bytes())]);
    for folder in ["config/events/x.yml", "config/metrics/counts_all/y.yml"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap_or_else(|e| panic!("mkdir: {e}"));
    }
    let expect = reported(&[
        ("config/events/x.yml", "io-unreadable", Some(1)),
        ("config/metrics/counts_all/y.yml", "io-unreadable", Some(1)),
    ]);
    let human = check("folders named x.yml", dir.path(), &expect, &[]);
    assert!(human.contains("error[io-unreadable]: is a folder, not a file\n --> config/events/x.yml:1:1"), "{human}");
}

#[cfg(unix)]
#[test]
fn symbolic_links_that_loop_or_dangle() {
    use std::os::unix::fs::symlink;
    let dir = repo(&[(EVENT_PATH, event().into_bytes())]);
    let root = dir.path();
    std::fs::create_dir_all(root.join("config/metrics/counts_all")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let link = |target: &str, at: &str| symlink(target, root.join(at)).unwrap_or_else(|e| panic!("symlink {at}: {e}"));
    link(".", "config/events/loop");
    link("../..", "config/metrics/counts_all/up");
    link("missing.yml", "config/events/dangling.yml");
    let expect = reported(&[
        ("config/events/loop", "io-unreadable", Some(1)),
        ("config/metrics/counts_all/up", "io-unreadable", Some(1)),
        ("config/events/dangling.yml", "io-unreadable", Some(1)),
    ]);
    check("symbolic link loops and a dangling link", root, &expect, &[]);
}

/// GitLab reads definitions at most two folders down; the walk looks one level further and
/// reports a deeper folder as a whole, so a link to a big folder elsewhere is listed, not
/// walked; a link to `/` is a loop (`/` holds the repository).
#[cfg(unix)]
#[test]
fn links_to_big_folders_and_deep_folders() {
    use std::os::unix::fs::symlink;
    let deep = "config/events/drafts/old/deeper/a.yml";
    let dir = repo(&[
        (EVENT_PATH, event().into_bytes()),
        (deep, event().into_bytes()),
        ("config/metrics/counts_all/sub/m.yml", b"key_path: m\n".to_vec()),
    ]);
    let root = dir.path();
    let elsewhere = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let big = elsewhere.path().join("big");
    std::fs::create_dir_all(big.join("x/y/z")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::write(big.join("x/y/z/a.yml"), event()).unwrap_or_else(|e| panic!("write: {e}"));
    std::fs::write(big.join("top.txt"), "").unwrap_or_else(|e| panic!("write: {e}"));
    let link = |target: &Path, at: &str| symlink(target, root.join(at)).unwrap_or_else(|e| panic!("symlink {at}: {e}"));
    link(Path::new("/"), "config/events/disk");
    link(&big, "config/events/big");
    link(&big, "config/metrics/counts_all/big");
    let expect = reported(&[
        ("config/events/disk", "io-unreadable", Some(1)),
        ("config/events/drafts/old", "unloaded-file", Some(1)),
        ("config/events/big/x", "unloaded-file", Some(1)),
        ("config/events/big/top.txt", "unloaded-file", Some(1)),
        ("config/metrics/counts_all/sub", "unloaded-file", Some(1)),
        ("config/metrics/counts_all/big", "unloaded-file", Some(1)),
    ]);
    let human = check("links to big folders and deep folders", root, &expect, &[]);
    assert!(human.contains("nothing in the folder `old/` is read"), "{human}");
    for not_entered in ["deeper/a.yml", "big/x/y", "counts_all/big/"] {
        assert!(!human.contains(not_entered), "a folder is reported as a whole, not entered: {not_entered}\n{human}");
    }
}

#[cfg(unix)]
#[test]
fn files_that_cannot_be_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo(&[(EVENT_PATH, event().into_bytes())]);
    let root = dir.path();
    let mut expect = Vec::new();
    // A named pipe: opening it would wait for a writer forever.
    let made_fifo = Command::new("mkfifo").arg(root.join("config/events/pipe.yml")).status().is_ok_and(|s| s.success());
    assert!(made_fifo, "mkfifo (coreutils) makes the named pipe");
    expect.push(("config/events/pipe.yml", "io-unreadable", Some(1)));
    // A link to a device that never ends.
    std::os::unix::fs::symlink("/dev/zero", root.join("config/events/zero.yml"))
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    expect.push(("config/events/zero.yml", "io-unreadable", Some(1)));
    // Mode 000. Whoever may read it anyway (root, as in CI containers) sees a readable file.
    let locked = root.join(EVENT_PATH);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap_or_else(|e| panic!("chmod: {e}"));
    expect.push((EVENT_PATH, "io-unreadable", Some(1)));
    // As root (CI containers) the file is readable; `check_as` runs eventdef as `nobody` then.
    let human = check_as("unreadable files", root, &reported(&expect), &[], true);
    assert!(human.contains("is not a regular file"), "{human}");
}

#[cfg(target_os = "linux")]
#[test]
fn file_name_that_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = repo(&[]);
    let name = std::ffi::OsStr::from_bytes(b"config/events/caf\xe9.yml");
    std::fs::write(dir.path().join(name), event()).unwrap_or_else(|e| panic!("write: {e}"));
    check(
        "a file name that is not UTF-8",
        dir.path(),
        &Expect::Accepted { files: 1, warnings: &["event-file-name"] },
        &[],
    );
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_is_not_a_panic() {
    // `eventdef validate | head -1`: the reader leaves before the report is written.
    let (reader, writer) = std::io::pipe().unwrap_or_else(|e| panic!("pipe: {e}"));
    drop(reader);
    let output = Command::new(BIN)
        .args(["validate", "--root"])
        .arg(fixtures().join("nul-byte"))
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
}
