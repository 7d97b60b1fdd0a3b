//! `eventdef::validate::run`, the library call behind `eventdef validate`: a request in, the
//! findings (or a structured error the binary words for its flags) out.

use std::path::PathBuf;

use eventdef::Error;
use eventdef::repository::git::GitError;
use eventdef::repository::{LoadLimits, ReferenceLists, ReferenceOverrides};
use eventdef::validate::{self, BaseRequest, Request};

use crate::support::ci::{GitRepo, event, event_path, metric, metric_path};

const ACTION: &str = "open_pipeline_editor";

fn request(root: PathBuf) -> Request {
    Request {
        reference: ReferenceLists::load(&root, &ReferenceOverrides::default())
            .unwrap_or_else(|e| panic!("reference lists: {e}")),
        root,
        limits: LoadLimits::default(),
        paths: Vec::new(),
        base: None,
        for_ci: false,
        merge_request_url: None,
    }
}

fn base(revision: &str, changed_only: bool) -> Option<BaseRequest> {
    Some(BaseRequest { revision: revision.into(), changed_only })
}

#[test]
fn findings_selected_files_and_the_base() {
    let repo = GitRepo::with_base(&[(event_path(ACTION), event(ACTION)), (metric_path(ACTION), metric(ACTION))]);
    repo.remove(&event_path(ACTION));
    let mut wanted = request(repo.path().to_path_buf());
    wanted.base = base("main", false);
    let outcome = validate::run(&wanted).unwrap_or_else(|e| panic!("{e}"));
    let rules: Vec<&str> = outcome.findings.diagnostics.iter().map(|d| d.rule).collect();
    assert!(rules.contains(&"breaking-event-deleted") && rules.contains(&"undefined-event"), "{rules:?}");
    assert_eq!(outcome.base.as_ref().map(|b| b.revision.name.as_str()), Some("main"));
    assert_eq!(outcome.findings.files_checked, 1);

    // Only the metric's findings, while the deleted event still informs them.
    wanted.paths = vec![repo.file(&metric_path(ACTION))];
    let outcome = validate::run(&wanted).unwrap_or_else(|e| panic!("{e}"));
    assert!(outcome.findings.diagnostics.iter().all(|d| d.path == metric_path(ACTION)));
    assert!(!outcome.findings.diagnostics.is_empty());

    // --changed-only: the metric did not change, so nothing is reported.
    wanted.base = base("main", true);
    let outcome = validate::run(&wanted).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome.findings.diagnostics, []);
}

#[test]
fn errors_are_structured() {
    let repo = GitRepo::with_base(&[(event_path(ACTION), event(ACTION))]);
    let mut wanted = request(repo.path().to_path_buf());
    wanted.paths = vec![repo.path().join(".git/HEAD")];
    assert!(matches!(validate::run(&wanted), Err(Error::NotADefinition { .. })));
    wanted.paths = vec![repo.path().join("missing.yml")];
    assert!(matches!(validate::run(&wanted), Err(Error::Io { .. })));

    wanted.paths = Vec::new();
    wanted.base = base("no-such-branch", false);
    match validate::run(&wanted) {
        Err(Error::Git(GitError::NoSuchRevision { revision, shallow: false })) => {
            assert_eq!(revision, "no-such-branch")
        }
        other => panic!("{other:?}"),
    }

    let plain = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    std::fs::create_dir_all(plain.path().join("config/events")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let mut wanted = request(plain.path().to_path_buf());
    wanted.base = base("main", false);
    assert!(matches!(validate::run(&wanted), Err(Error::Git(GitError::NotAWorkTree { .. }))));
}
