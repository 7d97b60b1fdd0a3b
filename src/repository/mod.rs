//! Loading a repository of definitions: root discovery, walking, reading, parsing, and the
//! reference lists. One loader serves validate, the wizard, apply, usage and issue.

pub mod background;
pub mod git;
mod read;
pub mod reference;
pub mod stages;
pub mod walk;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::model::{EventDefinition, MetricDefinition, Read};
use crate::yaml::{self, ParseLimits, Parsed};
pub use read::read_file;
use read::{is_utf16, not_utf8, too_large};
pub use reference::{ReferenceLists, ReferenceOverrides};
pub use walk::{FileKind, FoundFile, StrayFile, StrayKind, WalkProblem, classify};

/// Bounds on what loading may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadLimits {
    /// Larger files are reported, not read.
    pub max_file_bytes: u64,
    pub parse: ParseLimits,
}

impl Default for LoadLimits {
    fn default() -> Self {
        LoadLimits { max_file_bytes: 1024 * 1024, parse: ParseLimits::default() }
    }
}

/// Why a file has no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadProblem {
    pub message: String,
    /// Where in the file, when the problem has a place (an invalid UTF-8 byte); else 1:1.
    pub pos: yaml::Position,
}

/// One definition file as read from disk (or from git, for the base of a comparison).
#[derive(Debug, Clone)]
pub struct DefinitionFile {
    /// Relative to the root, forward slashes.
    pub path: String,
    pub kind: FileKind,
    /// The text; empty when the file could not be read, lossily decoded when it is not UTF-8.
    pub text: String,
    pub read_problem: Option<ReadProblem>,
    pub parsed: Parsed,
}

impl DefinitionFile {
    /// Parse already-read text.
    pub fn from_text(path: String, kind: FileKind, text: String, limits: &LoadLimits) -> Self {
        let parsed = yaml::parse_with_limits(&text, limits.parse);
        DefinitionFile { path, kind, text, read_problem: None, parsed }
    }

    /// Check raw bytes (from disk, from git, from a fuzzer) against the limits, then parse.
    pub fn from_bytes(path: String, kind: FileKind, bytes: Vec<u8>, limits: &LoadLimits) -> Self {
        if bytes.len() as u64 > limits.max_file_bytes {
            return DefinitionFile::unreadable(path, kind, too_large(bytes.len() as u64, limits));
        }
        match String::from_utf8(bytes) {
            Ok(text) => DefinitionFile::from_text(path, kind, text, limits),
            Err(e) => {
                let (message, pos) = not_utf8(e.as_bytes(), e.utf8_error());
                let mut file = DefinitionFile::unreadable_at(path, kind, message, pos);
                if !is_utf16(e.as_bytes()) {
                    // Kept for showing the line around the bad byte, never parsed.
                    file.text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                }
                file
            }
        }
    }

    pub fn unreadable(path: String, kind: FileKind, message: String) -> Self {
        DefinitionFile::unreadable_at(path, kind, message, yaml::Position::START)
    }

    pub fn unreadable_at(path: String, kind: FileKind, message: String, pos: yaml::Position) -> Self {
        DefinitionFile {
            path,
            kind,
            text: String::new(),
            read_problem: Some(ReadProblem { message, pos }),
            parsed: Parsed::default(),
        }
    }

    pub fn root(&self) -> Option<&yaml::Node> {
        self.parsed.root.as_ref()
    }

    /// True for files under a `removed/` folder.
    pub fn in_removed_folder(&self) -> bool {
        self.path.split('/').rev().nth(1) == Some("removed")
    }

    pub fn in_ee(&self) -> bool {
        self.path.starts_with("ee/")
    }

    /// File name without folder and extension.
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.strip_suffix(".yml").or_else(|| name.strip_suffix(".yaml")).unwrap_or(name)
    }
}

/// A definition read from file number `file` of the repository.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub file: usize,
    pub def: T,
}

#[derive(Debug, Clone)]
pub struct Repository {
    pub root: PathBuf,
    /// Every definition file, sorted by path.
    pub files: Vec<DefinitionFile>,
    pub events: Vec<Loaded<EventDefinition>>,
    pub metrics: Vec<Loaded<MetricDefinition>>,
    pub walk_problems: Vec<WalkProblem>,
    /// Files in the definition folders that GitLab never loads as definitions.
    pub stray_files: Vec<StrayFile>,
    pub reference: ReferenceLists,
}

/// The repository root: `start` or the nearest ancestor that holds definitions
/// (`config/events`, `config/metrics`, or only their `ee/` counterparts). From inside `ee/`
/// the root is the folder above it, not `ee/` itself.
pub fn discover_root(start: &Path) -> Result<PathBuf> {
    let start = start.canonicalize().map_err(|e| Error::io(start, e))?;
    let holds_definitions = |dir: &Path| {
        ["config/events", "config/metrics", "ee/config/events", "ee/config/metrics"]
            .iter()
            .any(|d| dir.join(d).is_dir())
    };
    for dir in start.ancestors() {
        if holds_definitions(dir) {
            if dir.file_name().is_some_and(|n| n == "ee")
                && let Some(parent) = dir.parent().filter(|p| holds_definitions(p))
            {
                return Ok(parent.to_path_buf());
            }
            return Ok(dir.to_path_buf());
        }
    }
    Err(Error::NoRepository(start))
}

/// The model read from one file, if any.
enum Definition {
    None,
    Event(EventDefinition),
    Metric(MetricDefinition),
}

impl Repository {
    /// Walk, read and parse every definition under `root`.
    pub fn load(root: &Path, reference: ReferenceLists, limits: &LoadLimits) -> Repository {
        let walked = walk::walk_all(root);
        let files: Vec<DefinitionFile> = walked.found.par_iter().map(|f| read_file(f, limits)).collect();
        let mut repo = Repository::from_files(root.to_path_buf(), files, reference);
        repo.walk_problems = walked.problems;
        repo.stray_files = walked.strays;
        repo
    }

    /// Build from files read elsewhere (e.g. from git at the base revision).
    pub fn from_files(root: PathBuf, mut files: Vec<DefinitionFile>, reference: ReferenceLists) -> Repository {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        // Reading the model is per file, so it runs on every core like reading and parsing.
        let read: Vec<Definition> = files
            .par_iter()
            .map(|file| match (file.root(), file.kind) {
                (None, _) => Definition::None,
                (Some(root), FileKind::Event) => {
                    EventDefinition::read(root).map_or(Definition::None, Definition::Event)
                }
                (Some(root), FileKind::Metric) => {
                    MetricDefinition::read(root).map_or(Definition::None, Definition::Metric)
                }
            })
            .collect();
        let mut events = Vec::new();
        let mut metrics = Vec::new();
        for (file, def) in read.into_iter().enumerate() {
            match def {
                Definition::None => {}
                Definition::Event(def) => events.push(Loaded { file, def }),
                Definition::Metric(def) => metrics.push(Loaded { file, def }),
            }
        }
        Repository { root, files, events, metrics, walk_problems: Vec::new(), stray_files: Vec::new(), reference }
    }

    pub fn file(&self, index: usize) -> &DefinitionFile {
        &self.files[index]
    }

    pub fn file_index(&self, path: &str) -> Option<usize> {
        self.files.binary_search_by(|f| f.path.as_str().cmp(path)).ok()
    }

    /// The internal event with this action (CE, EE or removed).
    pub fn event(&self, action: &str) -> Option<&Loaded<EventDefinition>> {
        self.events.iter().find(|e| e.def.action == action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_is_found_from_ee_and_in_ee_only_repositories() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical");
        std::fs::create_dir_all(root.join("ee/config/events/removed")).expect("mkdir");
        assert_eq!(discover_root(&root).expect("ee-only root"), root);
        assert_eq!(discover_root(&root.join("ee/config/events/removed")).expect("from inside ee"), root);
        std::fs::create_dir_all(root.join("config/metrics")).expect("mkdir");
        assert_eq!(discover_root(&root.join("ee")).expect("from ee"), root);
    }
}
