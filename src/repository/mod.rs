//! Loading a repository of definitions: root discovery, walking, reading, parsing, and the
//! reference lists. One loader serves validate, the wizard, apply, usage and issue.

pub mod git;
pub mod reference;
pub mod stages;
pub mod walk;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::model::{EventDefinition, MetricDefinition, Read};
use crate::yaml::{self, ParseLimits, Parsed};
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
}

/// One definition file as read from disk (or from git, for the base of a comparison).
#[derive(Debug, Clone)]
pub struct DefinitionFile {
    /// Relative to the root, forward slashes.
    pub path: String,
    pub kind: FileKind,
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

    pub fn unreadable(path: String, kind: FileKind, message: String) -> Self {
        DefinitionFile {
            path,
            kind,
            text: String::new(),
            read_problem: Some(ReadProblem { message }),
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

/// The repository root: `start` or the nearest ancestor with `config/events` or `config/metrics`.
pub fn discover_root(start: &Path) -> Result<PathBuf> {
    let start = start.canonicalize().map_err(|e| Error::io(start, e))?;
    for dir in start.ancestors() {
        if dir.join("config/events").is_dir() || dir.join("config/metrics").is_dir() {
            return Ok(dir.to_path_buf());
        }
    }
    Err(Error::NoRepository(start))
}

/// Read one file from disk within the limits; problems become part of the file, never a panic.
pub fn read_file(found: &FoundFile, limits: &LoadLimits) -> DefinitionFile {
    let meta = match std::fs::metadata(&found.abs) {
        Ok(m) => m,
        Err(e) => return DefinitionFile::unreadable(found.path.clone(), found.kind, e.to_string()),
    };
    if meta.is_dir() {
        return DefinitionFile::unreadable(found.path.clone(), found.kind, "is a folder, not a file".into());
    }
    if meta.len() > limits.max_file_bytes {
        return DefinitionFile::unreadable(
            found.path.clone(),
            found.kind,
            format!(
                "file is {} bytes, larger than the {}-byte limit (--max-file-size)",
                meta.len(),
                limits.max_file_bytes
            ),
        );
    }
    match std::fs::read(&found.abs) {
        Err(e) => DefinitionFile::unreadable(found.path.clone(), found.kind, e.to_string()),
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => DefinitionFile::from_text(found.path.clone(), found.kind, text, limits),
            Err(e) => DefinitionFile::unreadable(
                found.path.clone(),
                found.kind,
                format!("not valid UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()),
            ),
        },
    }
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
        let mut events = Vec::new();
        let mut metrics = Vec::new();
        for (i, file) in files.iter().enumerate() {
            let Some(root) = file.root() else { continue };
            match file.kind {
                FileKind::Event => {
                    if let Some(def) = EventDefinition::read(root) {
                        events.push(Loaded { file: i, def });
                    }
                }
                FileKind::Metric => {
                    if let Some(def) = MetricDefinition::read(root) {
                        metrics.push(Loaded { file: i, def });
                    }
                }
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
