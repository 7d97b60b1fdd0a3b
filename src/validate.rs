//! `validate` as one library call, as ripgrep and typos split theirs: a [`Request`] (which
//! repository, which files, compared with which base revision) in, an [`Outcome`] (the findings,
//! the repository they are about, how CI reports name paths) out. The binary only turns flags
//! into the request and the outcome into output and an exit code.
//!
//! With a base revision, git's part (merge base, what changed, the changed files' text there)
//! runs beside loading the work tree.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::report::ReportContext;
use crate::repository::git::{Changes, GitCheckout};
use crate::repository::{FileContent, LoadLimits, NoChecks, ReferenceLists, Repository, walk};
use crate::rules::breaking::BaseRevision;
use crate::rules::{self, PerFileRules, ValidateOptions, schema::Schemas};

/// What to check.
#[derive(Debug, Clone)]
pub struct Request {
    /// The definitions root.
    pub root: PathBuf,
    pub reference: ReferenceLists,
    pub limits: LoadLimits,
    /// The files whose findings are reported (as given: absolute, or relative to the current
    /// folder); empty for every definition. Cross-file rules still see the whole repository.
    pub paths: Vec<PathBuf>,
    /// Also compare with a base revision (the `breaking` rules).
    pub base: Option<BaseRequest>,
    /// Report paths as CI reads them: relative to the top of the git work tree when the root is
    /// in one, and list every checked file in the [`ReportContext`].
    pub for_ci: bool,
    /// The merge request the definitions are being merged by, when known: `introduced_by_url:
    /// TODO` findings name it (see [`rules::merge_request_url`]).
    pub merge_request_url: Option<String>,
}

/// The comparison with a base revision.
#[derive(Debug, Clone)]
pub struct BaseRequest {
    /// A revision git knows (`origin/main`); the comparison is with its merge base with HEAD.
    pub revision: String,
    /// Report only the files changed since the merge base (staged, unstaged and untracked
    /// changes count).
    pub changed_only: bool,
}

/// What was found.
#[derive(Debug)]
pub struct Outcome {
    pub findings: rules::Outcome,
    /// The work tree's definitions, which the human report shows lines of.
    pub repository: Repository,
    pub base: Option<ComparedBase>,
    /// How CI reports name paths (see [`Request::for_ci`]).
    pub context: ReportContext,
}

/// The base revision the work tree was compared with.
#[derive(Debug)]
pub struct ComparedBase {
    /// The merge base of the requested revision and HEAD (a commit id).
    pub merge_base: String,
    pub revision: BaseRevision,
}

/// What git tells about the base revision.
struct FromGit {
    git: GitCheckout,
    merge_base: String,
    changes: Changes,
    files: Vec<FileContent>,
}

/// Load the repository, run every rule (and, with a base, the `breaking` rules) and keep the
/// findings the request selects.
///
/// Errors: [`Error::NotADefinition`] for a path that is not a definition file,
/// [`Error::Io`] for one that cannot be resolved, [`Error::Git`] when the base cannot be read,
/// in that order.
pub fn run(request: &Request) -> Result<Outcome> {
    let Request { root, reference, limits, .. } = request;
    let schemas = Schemas::compile(reference)?;
    let (repository, from_git) = std::thread::scope(|scope| {
        let from_git = request.base.as_ref().map(|base| scope.spawn(|| read_base(root, &base.revision, limits)));
        // The per-file rules run while each file is read, so no file's tree outlives its turn.
        let repository = Repository::load_checked(root, reference.clone(), limits, &PerFileRules::new(&schemas));
        let from_git = from_git
            .map(|job| job.join().unwrap_or_else(|_| Err(Error::Other("reading the base revision failed".into()))));
        (repository, from_git)
    });

    let mut only_paths = selected_paths(request, &repository)?;
    let (checkout, base) = match (&request.base, from_git) {
        (Some(wanted), Some(found)) => {
            let FromGit { git, merge_base, changes, files } = found?;
            if wanted.changed_only {
                let changed = |p: &String| changes.paths.contains(p);
                only_paths = Some(match only_paths {
                    Some(explicit) => explicit.into_iter().filter(changed).collect(),
                    None => changes.paths.iter().cloned().collect(),
                });
            }
            let revision = BaseRevision {
                name: wanted.revision.clone(),
                repo: Repository::from_contents(root.clone(), files, reference.clone(), limits, &NoChecks),
                renames: changes.renames,
                changed_paths: Some(changes.paths),
            };
            (Some(git), Some(ComparedBase { merge_base, revision }))
        }
        // Only to learn where the project starts; without git, paths stay root-relative.
        _ if request.for_ci => (GitCheckout::open(root).ok(), None),
        _ => (None, None),
    };

    let options = ValidateOptions { only_paths, merge_request_url: request.merge_request_url.clone() };
    let findings = match &base {
        Some(base) => rules::validate_with_base(&repository, &schemas, &options, &base.revision),
        None => rules::validate(&repository, &schemas, &options),
    };
    let context = ReportContext {
        path_prefix: checkout.as_ref().map(|g| g.prefix().to_owned()).unwrap_or_default(),
        base_dir: match &checkout {
            Some(git) => Some(git.toplevel().to_path_buf()),
            None => root.canonicalize().ok(),
        },
        // Only the CI reports list every checked file.
        checked_paths: if request.for_ci {
            repository.files.iter().filter(|f| options.selects(&f.path)).map(|f| f.path.clone()).collect()
        } else {
            Vec::new()
        },
    };
    Ok(Outcome { findings, repository, base, context })
}

/// Git's part of a comparison: the merge base, what changed since, and the changed files' text
/// there (the rest is the work tree's text).
fn read_base(root: &std::path::Path, revision: &str, limits: &LoadLimits) -> Result<FromGit> {
    let git = GitCheckout::open(root)?;
    let merge_base = git.merge_base(revision)?;
    let changes = git.changes_since(&merge_base)?;
    let files = git.definition_files(&merge_base, limits, Some(&changes.paths))?;
    Ok(FromGit { git, merge_base, changes, files })
}

/// The root-relative paths of the requested files, or `None` for every file.
fn selected_paths(request: &Request, repository: &Repository) -> Result<Option<BTreeSet<String>>> {
    if request.paths.is_empty() {
        return Ok(None);
    }
    let root = &request.root;
    let canonical_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let mut selected = BTreeSet::new();
    for path in &request.paths {
        let absolute = path.canonicalize().map_err(|e| Error::io(path, e))?;
        let relative = walk::to_rel(&canonical_root, &absolute);
        if repository.file_index(&relative).is_none() {
            return Err(Error::NotADefinition { path: path.clone(), root: root.clone() });
        }
        selected.insert(relative);
    }
    Ok(Some(selected))
}
