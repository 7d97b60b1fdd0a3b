//! Loading a repository of definitions: root discovery, walking, reading, parsing, and the
//! reference lists. One loader serves validate, the wizard, apply, usage and issue.

pub mod background;
mod file;
pub mod git;
mod load;
mod read;
pub mod reference;
pub mod stages;
pub mod walk;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::{EventDefinition, MetricDefinition};
use crate::yaml::ParseLimits;
use file::Source;
pub use file::{Anchors, DefinitionFile, FileContent, ReadProblem, SourceFile};
pub use load::{FileChecks, NoChecks};
pub use read::read_file;
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
    /// The limits files were read with, and are read again with.
    pub limits: LoadLimits,
    /// Indexes into `events`, sorted by action and then path: the events with one action are
    /// a run found by binary search (a list of numbers costs less than a map of strings).
    by_action: Vec<u32>,
}

/// The repository root: `start` or the nearest ancestor that holds definitions
/// (`config/events`, `config/metrics`, or only their `ee/` counterparts). From inside `ee/`
/// the root is the folder above it, not `ee/` itself.
pub fn discover_root(start: &Path) -> Result<PathBuf> {
    let start = start.canonicalize().map_err(|e| Error::io(start, e))?;
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

/// Check a root given on the command line (`--root DIR`) before anything reads it, so a
/// command never passes a repository it could not read: `root` must be a readable folder that
/// holds at least one definition folder (`config/events`, `config/metrics` or their `ee/`
/// counterparts). A folder inside a repository (`--root repo/config`, one level too deep) is
/// refused with the root it belongs to.
pub fn check_root(root: &Path) -> Result<()> {
    let meta = std::fs::metadata(root).map_err(|e| Error::io(root, e))?;
    if !meta.is_dir() {
        return Err(Error::Usage(format!("--root {}: not a folder", root.display())));
    }
    // Listing it proves it can be read: `is_dir` alone holds for a folder without permission.
    std::fs::read_dir(root)
        .map_err(|e| Error::Usage(format!("--root {}: cannot read the folder: {e}", root.display())))?;
    if holds_definitions(root) {
        return Ok(());
    }
    let meant = root.canonicalize().ok().and_then(|abs| abs.parent().and_then(|p| discover_root(p).ok()));
    Err(Error::NotARepository { root: root.to_path_buf(), meant })
}

/// The repository root of definition files named on the command line without `--root`: found
/// from the first file's folder, as it is from the current folder otherwise, so
/// `eventdef validate ~/gitlab/config/events/x.yml` checks `~/gitlab` wherever it runs.
pub fn discover_root_of_file(file: &Path) -> Result<PathBuf> {
    let abs = file.canonicalize().map_err(|e| Error::io(file, e))?;
    let folder = if abs.is_dir() { abs.as_path() } else { abs.parent().unwrap_or(&abs) };
    discover_root(folder)
}

fn holds_definitions(dir: &Path) -> bool {
    walk::definition_dirs().any(|d| dir.join(d).is_dir())
}

impl Repository {
    pub fn file(&self, index: usize) -> &DefinitionFile {
        &self.files[index]
    }

    pub fn file_index(&self, path: &str) -> Option<usize> {
        self.files.binary_search_by(|f| f.path.as_str().cmp(path)).ok()
    }

    /// Every event definition with this action, in path order (CE before EE, `removed/` too).
    pub fn events_with_action<'r>(
        &'r self,
        action: &str,
    ) -> impl Iterator<Item = &'r Loaded<EventDefinition>> + use<'r> {
        let action_of = |index: &u32| self.events[*index as usize].def.action.as_str();
        let start = self.by_action.partition_point(|i| action_of(i) < action);
        let end = start + self.by_action[start..].partition_point(|i| action_of(i) == action);
        self.by_action[start..end].iter().map(|&index| &self.events[index as usize])
    }

    /// The first event definition with this action (CE, EE or removed).
    pub fn event(&self, action: &str) -> Option<&Loaded<EventDefinition>> {
        self.events_with_action(action).next()
    }

    /// The internal event (`internal_events: true`) with this action that metrics count: an
    /// active one if there is one, else a removed one.
    pub fn internal_event(&self, action: &str) -> Option<&Loaded<EventDefinition>> {
        let internal = || self.events_with_action(action).filter(|e| e.def.is_internal());
        internal().find(|e| !self.is_removed_event(e)).or_else(|| internal().next())
    }

    /// Removed events: `status: removed`, or filed under `removed/`
    /// (https://docs.gitlab.com/development/internal_analytics/internal_event_instrumentation/event_lifecycle/).
    pub fn is_removed_event(&self, event: &Loaded<EventDefinition>) -> bool {
        event.def.is_removed() || self.file(event.file).in_removed_folder()
    }

    /// The file read and parsed again: from disk, or from the text kept for files not on disk.
    pub fn source_file(&self, file: &DefinitionFile) -> SourceFile {
        match &file.source {
            Source::Text(text) => SourceFile::from_text(file.path.clone(), file.kind, text.to_string(), &self.limits),
            Source::Disk => {
                let found = FoundFile { path: file.path.clone(), abs: self.root.join(&file.path), kind: file.kind };
                read_file(&found, &self.limits)
            }
        }
    }

    /// The definition files that did not load, as `(path, why)`: unreadable, not YAML, or not
    /// a mapping. GitLab's generator reports each ("Encountered an error while loading ...")
    /// instead of skipping it, and so does the wizard.
    pub fn load_errors(&self) -> Vec<(String, String)> {
        let mut loaded = vec![false; self.files.len()];
        for index in self.events.iter().map(|e| e.file).chain(self.metrics.iter().map(|m| m.file)) {
            if let Some(slot) = loaded.get_mut(index) {
                *slot = true;
            }
        }
        let mut errors: Vec<(String, String)> =
            self.walk_problems.iter().map(|p| (p.path.clone(), p.message.clone())).collect();
        for (file, _) in self.files.iter().zip(&loaded).filter(|(_, loaded)| !**loaded) {
            let why = match &file.read_problem {
                Some(problem) => problem.message.clone(),
                None => {
                    let source = self.source_file(file);
                    match source.parsed.problems.first() {
                        Some(problem) => format!("line {}: {}", problem.pos.line, problem.message),
                        None => "the file is not a mapping of definition keys".to_owned(),
                    }
                }
            };
            errors.push((file.path.clone(), why));
        }
        errors
    }

    /// The text to show under a finding in `file`: the file's text, or the lossily decoded text
    /// around an invalid byte; `None` when there is nothing to show.
    pub fn shown_text(&self, file: &DefinitionFile) -> Option<String> {
        let text = match &file.source {
            Source::Text(text) => text.to_string(),
            Source::Disk => match read::read_bytes(&self.root.join(&file.path), &self.limits) {
                Ok(bytes) => file::decode(bytes, &self.limits).unwrap_or_else(|(_, lossy)| lossy),
                Err(_) => String::new(),
            },
        };
        (file.read_problem.is_none() || !text.is_empty()).then_some(text)
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
