//! Finding definition files: which folders hold events and metrics, in a stable order.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
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

/// Which kind of definition lives at `rel` (forward slashes), if any: the files GitLab's loaders
/// read
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/lib/gitlab/tracking/event_definition.rb,
/// https://gitlab.com/gitlab-org/gitlab/-/blob/master/lib/gitlab/usage/metric_definition.rb).
/// Events are `<events dir>/<name>.yml`, plus the
/// `removed/` folder; metrics are `<metrics dir>/<folder>/<name>.yml`. GitLab globs `*.yml`, so
/// a `.yaml` file is never loaded; [`classify_stray`] reports it instead.
pub fn classify(rel: &str) -> Option<FileKind> {
    if !rel.ends_with(".yml") || file_name(rel).starts_with('.') {
        return None;
    }
    for dir in EVENT_DIRS {
        if let Some(rest) = rel.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
            let in_place = !rest.contains('/');
            let removed = rest.strip_prefix("removed/").is_some_and(|r| !r.contains('/'));
            return (in_place || removed).then_some(FileKind::Event);
        }
    }
    for dir in METRIC_DIRS {
        if let Some(rest) = rel.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
            // Metric files live one sub-folder deep (`counts_7d/…`), never directly in config/metrics.
            let (folder, name) = rest.split_once('/')?;
            if METRIC_NON_DEFINITION_DIRS.contains(&folder) || name.contains('/') {
                return None;
            }
            return Some(FileKind::Metric);
        }
    }
    None
}

/// Why a file in a definition folder is not a definition GitLab loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StrayKind {
    /// GitLab's metric specs allow only `.yml` and `.json` files in the metric folders.
    MetricFolderFileType,
    /// A file in an event or metric folder that GitLab's loaders never read.
    NotLoaded,
}

/// A file in a definition folder that is neither a definition nor one of GitLab's schema files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrayFile {
    pub path: String,
    pub kind: StrayKind,
    /// What is wrong and what to do, for the finding's message.
    pub reason: String,
}

/// How deep below a definition folder the walk looks: GitLab reads files one level down
/// (`config/events/*.yml`, `config/metrics/<folder>/*.yml`) or two (`config/events/removed/`);
/// the walk looks one level further to report files put where GitLab never reads them, and
/// reports a folder at this depth as a whole instead of entering it. So a symbolic link to `/`
/// among the definitions costs one listing, not a walk of the whole disk.
pub const WALK_DEPTH: usize = 2;

/// Whether a folder at [`WALK_DEPTH`] below a definition folder (`rel`, not entered) holds
/// files GitLab never reads: every such folder does, except GitLab's own schema folders.
pub fn classify_stray_folder(rel: &str) -> Option<StrayFile> {
    let name = file_name(rel);
    if name.starts_with('.') {
        return None;
    }
    let stray = |reason: String| Some(StrayFile { path: rel.to_owned(), kind: StrayKind::NotLoaded, reason });
    for dir in EVENT_DIRS {
        if let Some(rest) = rel.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
            if rest.starts_with("schema/") {
                return None;
            }
            return stray(format!(
                "GitLab loads event definitions only from `{dir}/` and `{dir}/removed/`; nothing in the folder `{name}/` is read"
            ));
        }
    }
    for dir in METRIC_DIRS {
        if let Some(rest) = rel.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
            let folder = rest.split_once('/').map(|(f, _)| f);
            if folder.is_some_and(|f| METRIC_NON_DEFINITION_DIRS.contains(&f)) {
                return None;
            }
            return stray(format!(
                "GitLab loads metric definitions only one folder deep (`counts_all/<name>.yml`); nothing in the folder `{name}/` is read"
            ));
        }
    }
    None
}

/// Whether a file that [`classify`] rejected is a stray, and why. Hidden files (`.gitkeep`) are
/// not strays: GitLab's globs skip them too.
pub fn classify_stray(rel: &str) -> Option<StrayFile> {
    let name = file_name(rel);
    if name.starts_with('.') || classify(rel).is_some() {
        return None;
    }
    let stray = |kind, reason: String| Some(StrayFile { path: rel.to_owned(), kind, reason });
    for dir in EVENT_DIRS {
        if let Some(rest) = rel.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
            // GitLab's own event schema lives beside the definitions.
            if rest == "schema.json" || rest.starts_with("schema/") {
                return None;
            }
            return if let Some(stem) = name.strip_suffix(".yaml") {
                stray(
                    StrayKind::NotLoaded,
                    format!("GitLab loads only `.yml` event definitions, never `{name}`; rename it to `{stem}.yml`"),
                )
            } else if name.ends_with(".yml") {
                stray(
                    StrayKind::NotLoaded,
                    format!(
                        "GitLab loads event definitions only from `{dir}/` and `{dir}/removed/`, never from a deeper folder"
                    ),
                )
            } else {
                stray(
                    StrayKind::NotLoaded,
                    format!("`{name}` is not an event definition; event folders hold only `.yml` definitions"),
                )
            };
        }
    }
    for dir in METRIC_DIRS {
        if let Some(rest) = rel.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
            if !(name.ends_with(".yml") || name.ends_with(".json")) {
                return stray(
                    StrayKind::MetricFolderFileType,
                    format!("`{name}` is neither `.yml` nor `.json`; GitLab's metric specs allow only those here"),
                );
            }
            let folder = rest.split_once('/').map(|(f, _)| f);
            if name.ends_with(".yml") && !folder.is_some_and(|f| METRIC_NON_DEFINITION_DIRS.contains(&f)) {
                return stray(
                    StrayKind::NotLoaded,
                    match folder {
                        None => format!(
                            "GitLab loads metric definitions only from a sub-folder such as `{dir}/counts_all/`, never from `{dir}/` itself"
                        ),
                        Some(_) => {
                            "GitLab loads metric definitions only one folder deep (`counts_all/<name>.yml`)".to_owned()
                        }
                    },
                );
            }
            return None;
        }
    }
    None
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

pub fn to_rel(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The same string as `to_rel(root, path)` for a path the walk of `root/dir` produced, without
/// splitting the path into components: walkdir builds every path by appending plain file names
/// to `base` (= `root/dir`), so the path is `base`'s bytes, one separator, and the names.
#[cfg(unix)]
fn rel_below(root: &Path, dir: &str, base: &Path, path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt as _;
    let bytes = path.as_os_str().as_bytes();
    let Some(tail) = bytes.strip_prefix(base.as_os_str().as_bytes()) else {
        return to_rel(root, path);
    };
    let tail = tail.strip_prefix(b"/").unwrap_or(tail);
    if tail.is_empty() {
        return dir.to_owned();
    }
    let mut rel = String::with_capacity(dir.len() + 1 + tail.len());
    rel.push_str(dir);
    rel.push('/');
    // Lossy as a whole or per component gives the same text: `/` always ends a bad sequence.
    rel.push_str(&String::from_utf8_lossy(tail));
    rel
}

#[cfg(not(unix))]
fn rel_below(root: &Path, _dir: &str, _base: &Path, path: &Path) -> String {
    to_rel(root, path)
}

/// Whether the last name of `path` starts with a dot. The same answer as
/// `path.file_name()`, for the paths walkdir builds (never ending in a separator), without
/// parsing the path's components.
fn last_name_is_hidden(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    let name = bytes.rsplit(|&b| std::path::is_separator(char::from(b))).next().unwrap_or(bytes);
    name.starts_with(b".")
}

/// What a walk of the definition folders found.
#[derive(Debug, Clone, Default)]
pub struct WalkResult {
    /// Definition files, sorted by path.
    pub found: Vec<FoundFile>,
    /// Paths that could not be followed, sorted by path.
    pub problems: Vec<WalkProblem>,
    /// Other files in the definition folders, sorted by path.
    pub strays: Vec<StrayFile>,
}

/// Every definition file under `root`, sorted by path, and every path that could not be walked.
pub fn walk(root: &Path) -> (Vec<FoundFile>, Vec<WalkProblem>) {
    let result = walk_all(root);
    (result.found, result.problems)
}

/// Every definition folder, relative to the root: events, then metrics.
pub fn definition_dirs() -> impl Iterator<Item = &'static str> {
    EVENT_DIRS.into_iter().chain(METRIC_DIRS)
}

/// Like [`walk`], and also every stray file of the definition folders.
pub fn walk_all(root: &Path) -> WalkResult {
    let dirs: Vec<&str> = definition_dirs().collect();
    walk_folders(root, &dirs)
}

/// [`walk_all`] of some of the definition folders (`dirs`, relative to the root).
pub fn walk_folders(root: &Path, dirs: &[&str]) -> WalkResult {
    // Each folder is walked on its own (a link in one never counts as a loop through another),
    // so walking them in parallel finds exactly what walking them in turn finds.
    let parts: Vec<WalkResult> = dirs.par_iter().map(|dir| walk_dir(root, dir)).collect();
    let mut result = WalkResult::default();
    for part in parts {
        result.extend(part);
    }
    result.sort();
    result
}

impl WalkResult {
    /// Add what another walk found, keeping every list sorted.
    pub fn append(&mut self, other: WalkResult) {
        self.extend(other);
        self.sort();
    }

    fn extend(&mut self, other: WalkResult) {
        self.found.extend(other.found);
        self.problems.extend(other.problems);
        self.strays.extend(other.strays);
    }

    /// Sorting here gives the order; walkdir's per-folder sort would only repeat the work.
    /// Found files and strays have one entry per path; problems keep walk order per path.
    fn sort(&mut self) {
        self.found.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        self.strays.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        self.problems.sort_by(|a, b| a.path.cmp(&b.path));
    }
}

/// The definitions, strays and problems below `root/dir`, in walk order.
fn walk_dir(root: &Path, dir: &str) -> WalkResult {
    let mut result = WalkResult::default();
    let base = root.join(dir);
    if !base.exists() {
        return result;
    }
    // Hidden files and folders are skipped, as GitLab's globs skip them.
    let visible = |e: &walkdir::DirEntry| e.depth() == 0 || !last_name_is_hidden(e.path());
    for entry in WalkDir::new(&base).follow_links(true).max_depth(WALK_DEPTH).into_iter().filter_entry(visible) {
        match entry {
            Ok(entry) => {
                if entry.depth() == 0 && entry.file_type().is_dir() {
                    continue;
                }
                let rel = rel_below(root, dir, &base, entry.path());
                // A folder named like a definition (`x.yml/`) is what GitLab's glob matches
                // and then fails to read; it is reported as an unreadable definition.
                let kind = classify(&rel);
                if entry.file_type().is_dir() && kind.is_none() {
                    if entry.depth() == WALK_DEPTH
                        && let Some(stray) = classify_stray_folder(&rel)
                    {
                        result.strays.push(stray);
                    }
                    continue;
                }
                if let Some(kind) = kind {
                    result.found.push(FoundFile { path: rel, abs: entry.into_path(), kind });
                } else if let Some(stray) = classify_stray(&rel) {
                    result.strays.push(stray);
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
                result.problems.push(WalkProblem { path, message });
            }
        }
    }
    result
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
        assert_eq!(classify("config/events/a.yaml"), None);
        assert_eq!(classify("config/events/sub/a.yml"), None);
        assert_eq!(classify("config/events/.a.yml"), None);
        assert_eq!(classify("config/metrics/counts_7d/sub/a.yml"), None);
    }

    #[test]
    fn walked_paths_are_what_to_rel_makes_of_them() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        for rel in ["config/events/a.yml", "config/events/sub/b.yml", "ee/config/metrics/counts_7d/c.yml"] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("mkdir: {e}"));
            std::fs::write(&path, "").unwrap_or_else(|e| panic!("write: {e}"));
        }
        // A root spelled with a `.` and a trailing slash still gives clean relative paths.
        let root = dir.path().join("./");
        let result = walk_all(&root);
        let found: Vec<_> = result.found.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(found, ["config/events/a.yml", "ee/config/metrics/counts_7d/c.yml"]);
        for file in &result.found {
            assert_eq!(file.path, to_rel(&root, &file.abs));
        }
        let strays: Vec<_> = result.strays.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(strays, ["config/events/sub/b.yml"]);
    }

    #[test]
    fn strays_are_files_gitlab_never_loads() {
        let kind = |rel: &str| classify_stray(rel).map(|s| s.kind);
        assert_eq!(kind("config/events/a.yaml"), Some(StrayKind::NotLoaded));
        assert_eq!(kind("config/events/notes.txt"), Some(StrayKind::NotLoaded));
        assert_eq!(kind("config/events/sub/a.yml"), Some(StrayKind::NotLoaded));
        assert_eq!(kind("config/events/schema.json"), None);
        assert_eq!(kind("config/events/schema/status.json"), None);
        assert_eq!(kind("config/events/a.yml"), None);
        assert_eq!(kind("config/events/.gitkeep"), None);
        assert_eq!(kind("config/metrics/counts_7d/a.yaml"), Some(StrayKind::MetricFolderFileType));
        assert_eq!(kind("config/metrics/counts_7d/README.md"), Some(StrayKind::MetricFolderFileType));
        assert_eq!(kind("config/metrics/a.yml"), Some(StrayKind::NotLoaded));
        assert_eq!(kind("config/metrics/counts_7d/sub/a.yml"), Some(StrayKind::NotLoaded));
        assert_eq!(kind("config/metrics/objects_schemas/topology.json"), None);
        assert_eq!(kind("config/metrics/schema/base.json"), None);
        assert_eq!(kind("config/metrics/schema.json"), None);
        assert_eq!(kind("ee/config/metrics/counts_all/a.json"), None);
    }
}
