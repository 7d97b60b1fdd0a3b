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

/// What a test that reads `../shared` is marked with: it shows as ignored in a plain
/// `cargo test`, and `.ci/run` (where `../shared` always is) runs it with `--include-ignored`.
pub const NEEDS_SHARED: &str = "needs ../shared";

/// `../shared/<name>` (an oracle: `gitlab-cli-fixtures`, `gitlab-corpus`). Only tests marked
/// `#[ignore = "needs ../shared"]` call it, so a missing folder is a failure, never a skip.
#[track_caller]
pub fn shared(name: &str) -> PathBuf {
    let dir = crate_dir().join("../shared").join(name);
    assert!(dir.is_dir(), "../shared/{name} is missing; run this test beside GitLab's reference corpus");
    dir
}

/// GitLab's generator fixtures (`../shared/gitlab-cli-fixtures`), as [`shared`] says.
#[track_caller]
pub fn generator_fixtures() -> PathBuf {
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

/// `SNAPSHOTS=overwrite cargo test`: rewrite expected files (snapshots) instead of comparing
/// with them. The one switch for every snapshot in the tests; review the diff before committing.
pub fn bless() -> bool {
    std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite")
}

/// Why `actual` differs from the expected file at `path` (snapbox's diff), or `None` when it is
/// equal byte for byte (line ends aside) — or when `SNAPSHOTS=overwrite` rewrote the file. For
/// tests that gather every difference before failing.
pub fn golden_mismatch(path: &Path, actual: &str) -> Option<String> {
    use snapbox::IntoData as _;
    // `raw()`: no wildcards (`[..]`, `...`) or path normalisation; the text is the product.
    let expected = snapbox::Data::read_from(path, Some(snapbox::data::DataFormat::Text)).raw();
    snapbox::Assert::new()
        .action_env("SNAPSHOTS")
        .try_eq(Some(&path.display()), actual.to_owned().into_data(), expected)
        .err()
        .map(|e| e.to_string())
}

/// Compare `actual` with the expected file at `path`; `SNAPSHOTS=overwrite` rewrites it.
#[track_caller]
pub fn check_golden(path: &Path, actual: &str) {
    if let Some(difference) = golden_mismatch(path, actual) {
        panic!("{difference}");
    }
}

/// The snapshot `tests/it/snapshots/<name>.txt`.
#[track_caller]
pub fn check_snapshot(name: &str, actual: &str) {
    check_golden(&crate_dir().join("tests/it/snapshots").join(format!("{name}.txt")), actual);
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

/// Make `command` run without root's power to read every file: as `nobody` when the tests run
/// as root (as CI containers do), so a mode-000 file really is unreadable. `tree` (the
/// repository the command reads) is opened to other users, except for files without any
/// permission bit, which stay locked. Returns false when the command keeps the caller's user.
#[cfg(unix)]
pub fn run_unprivileged(command: &mut std::process::Command, tree: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    use std::os::unix::process::CommandExt as _;
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return false;
    }
    for entry in walkdir::WalkDir::new(tree).into_iter().flatten() {
        let Ok(meta) = entry.path().symlink_metadata() else { continue };
        let mode = meta.permissions().mode();
        if meta.is_dir() {
            let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode | 0o755));
        } else if meta.is_file() && mode & 0o777 != 0 {
            let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode | 0o644));
        }
    }
    // `nobody` on Debian and most distributions.
    command.uid(65534).gid(65534);
    true
}
