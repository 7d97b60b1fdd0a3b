//! Errors that stop a command (exit code 2): usage, configuration and IO problems that are not
//! findings about a definition file.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(
        "no repository found: neither {0} nor any parent has `config/events` or `config/metrics` (or their `ee/` counterparts)"
    )]
    NoRepository(PathBuf),
    /// A file asked to be checked that is not one of the repository's definition files.
    #[error(
        "{}: not a definition file of the repository at {} (events live in config/events, metrics in config/metrics/<folder>)",
        path.display(),
        root.display()
    )]
    NotADefinition { path: PathBuf, root: PathBuf },
    /// Reading history for a comparison with a base revision.
    #[error(transparent)]
    Git(#[from] GitError),
    /// `--root` names a folder without definition folders; `meant` is the repository that
    /// holds it, when there is one (`--root repo/config`, a level too deep).
    #[error(
        "--root {}: not a repository of definitions: expected `config/events`, `config/metrics`, `ee/config/events` or `ee/config/metrics` in it{}",
        .root.display(),
        .meant.as_ref().map(|m| format!("; it is inside the repository at {}: pass --root {}", m.display(), m.display())).unwrap_or_default()
    )]
    NotARepository { root: PathBuf, meant: Option<PathBuf> },
    #[error("{path}:{line}: {message}")]
    Config { path: PathBuf, line: u32, message: String },
    #[error("{0}")]
    Usage(String),
    /// A template that does not build or render: the file (an override's path, or
    /// `templates/<name>` for an embedded one), the line, and tera's report.
    #[error("{template}{}: {message}", .line.map(|l| format!(":{l}")).unwrap_or_default())]
    Template { template: String, line: Option<u32>, message: String },
    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong with git. The binary words each for the flags that asked for git
/// (`--base`, `--changed-only`) and adds how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("the `git` command was not found on PATH")]
    NotInstalled,
    #[error("could not run git: {0}")]
    CannotRun(std::io::Error),
    /// A git command exited non-zero; its standard error is quoted.
    #[error("`git {args}` failed: {stderr}")]
    Failed { args: String, stderr: String },
    /// `git cat-file --batch` answered something it should not.
    #[error("git cat-file --batch: {0}")]
    Protocol(String),
    #[error("{} is not inside a git work tree", root.display())]
    NotAWorkTree { root: PathBuf },
    /// Git refuses the checkout, e.g. one it does not trust (`safe.directory`).
    #[error("git cannot read the repository at {}: {stderr}", root.display())]
    Unreadable { root: PathBuf, stderr: String },
    #[error("{revision}: no such revision in this clone")]
    NoSuchRevision { revision: String, shallow: bool },
    #[error("HEAD has no commit yet")]
    NoHead,
    #[error("{revision} and HEAD have no common ancestor in this clone")]
    NoCommonAncestor { revision: String, shallow: bool },
}
