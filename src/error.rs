//! Errors that stop a command (exit code 2): usage, configuration and IO problems that are not
//! findings about a definition file.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(
        "no repository found: neither {0} nor any parent has `config/events` or `config/metrics` (or their `ee/` counterparts); pass --root DIR"
    )]
    NoRepository(PathBuf),
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
