//! The shape of the source: no file too long to read in one sitting, and rooms (the top-level
//! modules of the library) that depend on each other in one direction only, as `src/lib.rs`
//! documents.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;

/// Longest source file allowed, in lines.
const MAX_LINES: usize = 800;

/// Files exempt from [`MAX_LINES`] because they are data tables, not logic (path under `src/`).
const DATA_TABLES: &[&str] = &[];

/// Top-level modules that are not rooms of the library: the binary's own (`cli`, `main`) and
/// the crate root.
const NOT_ROOMS: &[&str] = &["cli", "lib", "main"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())).path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn relative(path: &Path) -> String {
    path.strip_prefix(src()).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn no_source_file_is_longer_than_800_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    assert!(files.len() > 50, "found only {} files under {}", files.len(), src().display());
    let too_long: Vec<String> = files
        .iter()
        .filter(|f| !DATA_TABLES.contains(&relative(f).as_str()))
        .map(|f| (relative(f), read(f).lines().count()))
        .filter(|(_, lines)| *lines > MAX_LINES)
        .map(|(f, lines)| format!("src/{f}: {lines} lines"))
        .collect();
    assert!(too_long.is_empty(), "split these files (at most {MAX_LINES} lines each):\n{}", too_long.join("\n"));
}

/// Each room and the rooms its code names as `crate::ROOM` (comment lines aside).
fn room_dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let uses = Regex::new(r"\bcrate::([a-z_][a-z0-9_]*)").unwrap_or_else(|e| panic!("{e}"));
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut rooms: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let path = relative(file);
        let first = path.split('/').next().unwrap_or_default();
        let room = first.strip_suffix(".rs").unwrap_or(first).to_owned();
        if NOT_ROOMS.contains(&room.as_str()) {
            continue;
        }
        let deps = rooms.entry(room.clone()).or_default();
        let text = read(file);
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for used in uses.captures_iter(line) {
                let used = &used[1];
                if used != room {
                    deps.insert(used.to_owned());
                }
            }
        }
    }
    rooms
}

/// A cycle through `room`, if its dependencies lead back to a room on `path`.
fn find_cycle(
    room: &str,
    rooms: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(start) = path.iter().position(|r| r == room) {
        let mut cycle = path[start..].to_vec();
        cycle.push(room.to_owned());
        return Some(cycle);
    }
    if done.contains(room) {
        return None;
    }
    path.push(room.to_owned());
    for dep in rooms.get(room).into_iter().flatten() {
        if let Some(cycle) = find_cycle(dep, rooms, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(room.to_owned());
    None
}

#[test]
fn rooms_depend_on_each_other_without_cycles() {
    let rooms = room_dependencies();
    for expected in ["model", "plan", "rules", "yaml", "atomic_write"] {
        assert!(rooms.contains_key(expected), "room {expected} not found in {:?}", rooms.keys());
    }
    let unknown: Vec<String> = rooms
        .iter()
        .flat_map(|(room, deps)| deps.iter().filter(|d| !rooms.contains_key(*d)).map(move |d| format!("{room} → {d}")))
        .collect();
    assert!(unknown.is_empty(), "dependencies on modules that are not rooms: {unknown:?}");
    let mut done = BTreeSet::new();
    for room in rooms.keys() {
        if let Some(cycle) = find_cycle(room, &rooms, &mut Vec::new(), &mut done) {
            panic!("rooms depend on each other in a cycle: {}", cycle.join(" → "));
        }
    }
    // The YAML reader and Psych writer know nothing of definitions (they could be a crate).
    assert_eq!(rooms["yaml"], BTreeSet::new(), "yaml must not use other rooms");
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let graph = |edges: &[(&str, &str)]| {
        let mut rooms: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in edges {
            rooms.entry((*from).to_owned()).or_default().insert((*to).to_owned());
            rooms.entry((*to).to_owned()).or_default();
        }
        rooms
    };
    let cyclic = graph(&[("plan", "rules"), ("rules", "model"), ("model", "plan"), ("yaml", "model")]);
    let cycle = cyclic.keys().find_map(|r| find_cycle(r, &cyclic, &mut Vec::new(), &mut BTreeSet::new()));
    assert_eq!(cycle.map(|c| c.join(" → ")).as_deref(), Some("model → plan → rules → model"));
    let acyclic = graph(&[("plan", "rules"), ("rules", "model"), ("plan", "model"), ("model", "yaml")]);
    let mut done = BTreeSet::new();
    assert!(acyclic.keys().all(|r| find_cycle(r, &acyclic, &mut Vec::new(), &mut done).is_none()));
}

/// What the published text of the crate (code, templates, schemas, docs, README) may not cite:
/// research notes and task numbers that live outside the repository. A reader can open neither,
/// so a comment cites GitLab's public file or doc by URL, or states the reason itself.
const UNOPENABLE_CITATIONS: &str = r"(?i)gitlab-cli\.md|gitlab-docs\.md|gitlab-formats\.md|formats\.md\s*§|shared/reference|DESIGN\.md|\b(?:issue|task)\s+#?\d+\b";

/// The citations of notes outside the repository in `text`, as (line number, line). A line that
/// holds an issue URL (`…/-/issues/123`) may also name the issue in words.
fn unopenable_citations(text: &str) -> Vec<(usize, &str)> {
    let cited = Regex::new(UNOPENABLE_CITATIONS).unwrap_or_else(|e| panic!("{e}"));
    text.lines()
        .enumerate()
        .filter(|(_, line)| cited.is_match(line) && !line.contains("/issues/"))
        .map(|(i, line)| (i + 1, line))
        .collect()
}

fn all_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())).path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            all_files(&path, found);
        } else {
            found.push(path);
        }
    }
}

#[test]
fn comments_cite_only_what_a_reader_can_open() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    for dir in ["src", "templates", "schemas", "docs"] {
        all_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 60, "found only {} files to check", files.len());
    let mut offenders = Vec::new();
    for file in &files {
        let bytes = fs::read(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let text = String::from_utf8_lossy(&bytes);
        let name = file.strip_prefix(root).unwrap_or(file).to_string_lossy().replace('\\', "/");
        for (line, content) in unopenable_citations(&text) {
            offenders.push(format!("{name}:{line}: {}", content.trim()));
        }
    }
    assert!(
        offenders.is_empty(),
        "cite GitLab's public file or doc by URL (or state the reason) instead of notes outside the repository:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_citation_check_tells_notes_from_public_references() {
    let flagged = |text: &str| !unopenable_citations(text).is_empty();
    for bad in [
        "// as the generator does (gitlab-cli.md §4.4)",
        "/// see gitlab-docs.md §6.1",
        "//! the schema (gitlab-formats.md §1.2)",
        "// formats.md §2.1",
        "// ../shared/reference/README.md",
        "// per DESIGN.md",
        "// Loaded in the background (issue 6).",
        "# Task 12: speed",
        "// fixed in issue #7",
    ] {
        assert!(flagged(bad), "not flagged: {bad}");
    }
    for good in [
        "// https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb",
        "// About CLI: https://gitlab.com/gitlab-org/gitlab/-/issues/434038 (GitLab issue 434038)",
        "{#- GitLab's \"Usage Data Instrumentation\" issue template #}",
        "Use case: For project-level user actions (ex - issue_assignee_changed)",
        "// `eventdef issue --metric` renders the issue; step 3 of 5",
        "// the schema in schemas/event.schema.json",
    ] {
        assert!(!flagged(good), "flagged: {good}");
    }
}
