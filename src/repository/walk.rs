//! Finding definition files: which folders hold events and metrics, in a stable order.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// Folders (relative to the root) whose YAML files are event definitions, with `removed/`.
pub const EVENT_DIRS: [&str; 2] = ["config/events", "ee/config/events"];
/// Folders whose sub-folders hold metric definitions.
pub const METRIC_DIRS: [&str; 2] = ["config/metrics", "ee/config/metrics"];
/// Sub-folders of the metric folders that hold schemas, not definitions.
pub const METRIC_NON_DEFINITION_DIRS: [&str; 2] = ["schema", "objects_schemas"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Event,
    Metric,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Event => "event",
            FileKind::Metric => "metric",
        }
    }
}

/// A file the walk found: its path relative to the root (forward slashes) and on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    pub path: String,
    pub abs: PathBuf,
    pub kind: FileKind,
}

/// A path the walk could not follow (a symlink loop, a dangling link, an unreadable folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    pub path: String,
    pub message: String,
}

/// Which kind of definition lives at `rel` (forward slashes), if any.
pub fn classify(rel: &str) -> Option<FileKind> {
    if !(rel.ends_with(".yml") || rel.ends_with(".yaml")) {
        return None;
    }
    for dir in EVENT_DIRS {
        if rel.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/')) {
            return Some(FileKind::Event);
        }
    }
    for dir in METRIC_DIRS {
        if let Some(rest) = rel.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
            let mut parts = rest.split('/');
            let first = parts.next()?;
            // Metric files live in a sub-folder (`counts_7d/…`), never directly in config/metrics.
            parts.next()?;
            if METRIC_NON_DEFINITION_DIRS.contains(&first) {
                return None;
            }
            return Some(FileKind::Metric);
        }
    }
    None
}

pub fn to_rel(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Every definition file under `root`, sorted by path, and every path that could not be walked.
pub fn walk(root: &Path) -> (Vec<FoundFile>, Vec<WalkProblem>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for dir in EVENT_DIRS.iter().chain(METRIC_DIRS.iter()) {
        let base = root.join(dir);
        if !base.exists() {
            continue;
        }
        for entry in WalkDir::new(&base).follow_links(true).sort_by_file_name() {
            match entry {
                Ok(entry) => {
                    let rel = to_rel(root, entry.path());
                    if entry.file_type().is_dir() {
                        continue;
                    }
                    if let Some(kind) = classify(&rel) {
                        found.push(FoundFile { path: rel, abs: entry.into_path(), kind });
                    }
                }
                Err(err) => {
                    let path = err.path().map(|p| to_rel(root, p)).unwrap_or_else(|| dir.to_string());
                    let message = if err.loop_ancestor().is_some() {
                        "symbolic link loop: the link points back to a folder that contains it".to_owned()
                    } else if let Some(io) = err.io_error() {
                        if io.kind() == std::io::ErrorKind::NotFound {
                            "dangling symbolic link: its target does not exist".to_owned()
                        } else {
                            io.to_string()
                        }
                    } else {
                        err.to_string()
                    };
                    problems.push(WalkProblem { path, message });
                }
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    (found, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_gitlab_layout() {
        assert_eq!(classify("config/events/a.yml"), Some(FileKind::Event));
        assert_eq!(classify("ee/config/events/removed/a.yml"), Some(FileKind::Event));
        assert_eq!(classify("config/metrics/counts_7d/a.yml"), Some(FileKind::Metric));
        assert_eq!(classify("ee/config/metrics/settings/a.yml"), Some(FileKind::Metric));
        assert_eq!(classify("config/metrics/schema/base.yml"), None);
        assert_eq!(classify("config/metrics/objects_schemas/x.yml"), None);
        assert_eq!(classify("config/metrics/a.yml"), None);
        assert_eq!(classify("config/events/schema.json"), None);
        assert_eq!(classify("config/eventsx/a.yml"), None);
    }
}
