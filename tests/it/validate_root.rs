//! A command never passes a repository it did not read: `--root` must hold definition folders
//! (an empty folder, a folder one level too deep, an unreadable one are usage errors, exit 2),
//! and files named without `--root` are checked in the repository around them.

use crate::support;
use support::ci::*;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn repo_with_event() -> GitRepo {
    GitRepo::with_base(&[(event_path("open_editor"), event("open_editor"))])
}

#[test]
fn an_empty_root_is_a_usage_error_naming_what_was_expected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().to_string_lossy().into_owned();
    for command in [&["validate"][..], &["usage", "open_editor"], &["issue", "--event", "open_editor"]] {
        let mut args = command.to_vec();
        args.extend(["--root", &root]);
        let out = eventdef(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{command:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{command:?} printed no report: {}", stdout(&out));
        assert_eq!(
            stderr(&out),
            format!(
                "error: --root {root}: not a repository of definitions: expected `config/events`, `config/metrics`, `ee/config/events` or `ee/config/metrics` in it\n"
            ),
            "{command:?}"
        );
    }
}

#[test]
fn a_root_one_level_too_deep_names_the_root_it_meant() {
    let repo = repo_with_event();
    let meant = repo.path().canonicalize().expect("canonical");
    for deep in ["config", "config/events"] {
        let out = eventdef(repo.path(), &["validate", "--root", deep]);
        assert_eq!(out.status.code(), Some(2), "{deep}: {}", stderr(&out));
        assert!(
            stderr(&out).ends_with(&format!(
                "; it is inside the repository at {}: pass --root {}\n",
                meant.display(),
                meant.display()
            )),
            "{deep}: {}",
            stderr(&out)
        );
    }
    let out = eventdef(repo.path(), &["validate", "--root", "."]);
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(0), "checked 1 file: no problems\n"));
}

#[cfg(unix)]
#[test]
fn an_unreadable_root_is_a_usage_error() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    // The temporary folder is open to every user, the root inside it to none.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join("config/events")).expect("mkdir");
    std::fs::write(root.join(event_path("open_editor")), event("open_editor")).expect("write");
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let unprivileged_tree = tempfile::tempdir().expect("temp dir");

    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("eventdef"));
    cmd.args(["validate", "--root"]).arg(&root).current_dir(dir.path());
    if !support::run_unprivileged(&mut cmd, unprivileged_tree.path()) {
        assert!(std::fs::read_dir(&root).is_err(), "a mode-000 folder is unreadable to a user who is not root");
    }
    let out = cmd.output().expect("eventdef runs");
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).starts_with(&format!("error: --root {}: cannot read the folder: ", root.display())),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn a_file_named_without_root_is_checked_in_its_own_repository() {
    let repo = repo_with_event();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let file = repo.file(&event_path("open_editor"));
    let out = eventdef_outside_git(elsewhere.path(), &["validate", &file.to_string_lossy()]);
    assert_eq!(
        (out.status.code(), stdout(&out).as_str()),
        (Some(0), "checked 1 file: no problems\n"),
        "{}",
        stderr(&out)
    );

    // And its findings name it relative to that repository.
    repo.write(&event_path("open_editor"), &event("open_editor").replace("milestone: '17.0'\n", ""));
    let out = eventdef_outside_git(elsewhere.path(), &["validate", &file.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains(" --> config/events/open_editor.yml:"), "{}", stdout(&out));
}
