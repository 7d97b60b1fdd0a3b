//! Helpers shared by the integration tests, included with `mod support;` (Cargo builds no test
//! of its own from a sub-folder): the `../shared` oracles, golden files, the bytes GitLab's
//! generator writes, YAML-hard strings, and the `ci` (git repositories, the built binary) and
//! `wizard` (scripted sessions) helpers.

#![allow(dead_code)]

pub mod ci;
pub mod wizard;
pub mod yaml_fragments;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/<name>` (an oracle: `gitlab-cli-fixtures`, `gitlab-corpus`), or `None` with a note
/// when it is missing — a failure instead when CI sets `EVENTDEF_REQUIRE_SHARED=1`.
pub fn shared(name: &str) -> Option<PathBuf> {
    let dir = crate_dir().join("../shared").join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("EVENTDEF_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("../shared/{name} is missing and EVENTDEF_REQUIRE_SHARED=1 requires it");
    }
    eprintln!("note: ../shared/{name} is missing; skipping");
    None
}

/// GitLab's generator fixtures (`../shared/gitlab-cli-fixtures`), or `None` as [`shared`] says.
pub fn generator_fixtures() -> Option<PathBuf> {
    shared("gitlab-cli-fixtures")
}

/// The bytes the newest generator writes for a generator fixture: event fixtures recorded
/// before `status: active` was added get it after `internal_events: true`
/// (gitlab-cli-fixtures/README.md "Known inconsistencies").
pub fn newest_generator_bytes(fixture: &str) -> String {
    let path = crate_dir().join("../shared/gitlab-cli-fixtures").join(fixture);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {fixture}: {e}"));
    if fixture.starts_with("events/") && !text.contains("\nstatus: ") {
        return text.replacen("\ninternal_events: true\n", "\ninternal_events: true\nstatus: active\n", 1);
    }
    text
}

/// `EVENTDEF_BLESS=1`: rewrite expected files instead of comparing with them.
pub fn bless() -> bool {
    std::env::var_os("EVENTDEF_BLESS").is_some_and(|v| v == "1")
}

/// Compare `actual` with the expected file at `path`, or write it when blessing.
pub fn check_golden(path: &Path, actual: &str) {
    if bless() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, actual).expect("write expected file");
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with EVENTDEF_BLESS=1 to create it)", path.display()));
    if expected != actual {
        let first_difference = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .find(|(_, (e, a))| e != a)
            .map(|(i, (e, a))| format!("line {}:\n  expected: {e:?}\n  actual:   {a:?}", i + 1))
            .unwrap_or_else(|| "lengths differ".into());
        panic!(
            "{} differs from the output (EVENTDEF_BLESS=1 rewrites it); {first_difference}\n--- actual ---\n{actual}",
            path.display()
        );
    }
}

/// Every file under `root` (relative path with `/` → bytes); empty when `root` is missing.
pub fn file_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !root.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(root).expect("inside root");
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            out.insert(rel, std::fs::read(entry.path()).expect("read"));
        }
    }
    out
}

/// Copy every file under `from` to the same place under `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in file_tree(from) {
        let dest = to.join(&rel);
        std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        std::fs::write(dest, bytes).expect("write");
    }
}
