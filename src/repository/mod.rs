//! Loading a repository of definitions: root discovery, walking, reading, parsing, and the
//! reference lists. One loader serves validate, the wizard, apply, usage and issue.

pub mod background;
mod file;
pub mod git;
mod read;
pub mod reference;
pub mod stages;
pub mod walk;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::model::{EventDefinition, MetricDefinition, Read};
use crate::yaml::ParseLimits;
use file::Source;
pub use file::{Anchors, DefinitionFile, FileContent, ReadProblem, SourceFile};
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

/// The checks of one file that need its text and tree. The loader runs them while it holds
/// both and keeps only their findings, so no tree outlives its file's turn (the validator's
/// per-file rules implement this; [`NoChecks`] skips them).
pub trait FileChecks: Sync {
    /// The findings of an event file (`def` is its model, when it has one), or `None` for
    /// "not checked".
    fn event_file(&self, file: &SourceFile, def: Option<&EventDefinition>) -> Option<Vec<Diagnostic>>;
    /// The findings of a metric file. `events` holds every event definition of the repository
    /// (its metrics may not be loaded yet).
    fn metric_file(
        &self,
        events: &Repository,
        file: &SourceFile,
        def: Option<&MetricDefinition>,
    ) -> Option<Vec<Diagnostic>>;
}

/// Load without checking: for the wizard, `apply`, `usage` and `issue`, which check only what
/// they write.
pub struct NoChecks;

impl FileChecks for NoChecks {
    fn event_file(&self, _: &SourceFile, _: Option<&EventDefinition>) -> Option<Vec<Diagnostic>> {
        None
    }

    fn metric_file(&self, _: &Repository, _: &SourceFile, _: Option<&MetricDefinition>) -> Option<Vec<Diagnostic>> {
        None
    }
}

/// The model read from one file, if any.
enum Definition {
    None,
    Event(EventDefinition),
    Metric(MetricDefinition),
}

impl Definition {
    fn read(file: &SourceFile) -> Definition {
        match (file.root(), file.kind) {
            (None, _) => Definition::None,
            (Some(root), FileKind::Event) => EventDefinition::read(root).map_or(Definition::None, Definition::Event),
            (Some(root), FileKind::Metric) => MetricDefinition::read(root).map_or(Definition::None, Definition::Metric),
        }
    }

    fn into_event(self) -> Option<EventDefinition> {
        match self {
            Definition::Event(event) => Some(event),
            _ => None,
        }
    }

    fn into_metric(self) -> Option<MetricDefinition> {
        match self {
            Definition::Metric(metric) => Some(metric),
            _ => None,
        }
    }
}

/// What a loading phase works on: a file to read and check, or one loaded before (kept as is;
/// boxed, so that a list of new files is a list of small items).
enum Input<T> {
    New(T),
    Loaded(Box<Part>),
}

/// A file with its model, between loading phases.
struct Part {
    file: DefinitionFile,
    def: Definition,
}

impl Repository {
    /// Walk, read and parse every definition under `root`, without checks.
    pub fn load(root: &Path, reference: ReferenceLists, limits: &LoadLimits) -> Repository {
        Repository::load_checked(root, reference, limits, &NoChecks)
    }

    /// Walk, read and parse every definition under `root`, running `checks` on each file while
    /// its tree is at hand. Reading, parsing, models and checks run on every core.
    pub fn load_checked(
        root: &Path,
        reference: ReferenceLists,
        limits: &LoadLimits,
        checks: &dyn FileChecks,
    ) -> Repository {
        let walked = walk::walk_all(root);
        let mut repo = Repository::empty(root.to_path_buf(), reference, *limits);
        repo.walk_problems = walked.problems;
        repo.stray_files = walked.strays;
        repo.assemble(Vec::new(), walked.found, |f| (f.path.as_str(), f.kind), |f| read_file(&f, limits), false, checks)
    }

    /// Build from files read elsewhere (git at the base revision, a fuzzer). Their text is kept:
    /// it is not on disk to be read again.
    pub fn from_contents(
        root: PathBuf,
        contents: Vec<FileContent>,
        reference: ReferenceLists,
        limits: &LoadLimits,
        checks: &dyn FileChecks,
    ) -> Repository {
        let repo = Repository::empty(root, reference, *limits);
        repo.assemble(
            Vec::new(),
            contents,
            |c| (c.path.as_str(), c.kind),
            |c| SourceFile::from_content(c, limits),
            true,
            checks,
        )
    }

    /// The repository as it would be with `contents` written: files at the same paths are
    /// replaced, the others added. Only the new files are checked; the others' findings are
    /// dropped, since the new files may change them.
    pub fn with_contents(&self, contents: Vec<FileContent>, checks: &dyn FileChecks) -> Repository {
        let replaced: HashSet<&str> = contents.iter().map(|c| c.path.as_str()).collect();
        let existing: Vec<Part> = self
            .parts()
            .filter(|part| !replaced.contains(part.file.path.as_str()))
            .map(|mut part| {
                part.file.findings = None;
                part
            })
            .collect();
        let mut repo = Repository::empty(self.root.clone(), self.reference.clone(), self.limits);
        repo.walk_problems = self.walk_problems.clone();
        repo.stray_files = self.stray_files.clone();
        let limits = self.limits;
        repo.assemble(
            existing,
            contents,
            |c| (c.path.as_str(), c.kind),
            |c| SourceFile::from_content(c, &limits),
            true,
            checks,
        )
    }

    fn empty(root: PathBuf, reference: ReferenceLists, limits: LoadLimits) -> Repository {
        Repository {
            root,
            files: Vec::new(),
            events: Vec::new(),
            metrics: Vec::new(),
            walk_problems: Vec::new(),
            stray_files: Vec::new(),
            reference,
            limits,
            by_action: Vec::new(),
        }
    }

    /// Events first, then metrics: a metric's checks look up the events it counts, so every
    /// event is loaded before any metric is checked, and each tree is dropped after its checks.
    fn assemble<T: Send>(
        mut self,
        existing: Vec<Part>,
        inputs: Vec<T>,
        path_of: impl Fn(&T) -> (&str, FileKind) + Sync,
        to_source: impl Fn(T) -> SourceFile + Sync + Send,
        keep_text: bool,
        checks: &dyn FileChecks,
    ) -> Repository {
        let mut event_inputs = Vec::new();
        let mut metric_inputs = Vec::new();
        for input in
            inputs.into_iter().map(Input::New).chain(existing.into_iter().map(|part| Input::Loaded(Box::new(part))))
        {
            let kind = match &input {
                Input::New(new) => path_of(new).1,
                Input::Loaded(part) => part.file.kind,
            };
            match kind {
                FileKind::Event => event_inputs.push(input),
                FileKind::Metric => metric_inputs.push(input),
            }
        }
        let (files, events) = self.phase(event_inputs, &path_of, &to_source, keep_text, checks, Definition::into_event);
        self.files = files;
        self.events = events;
        self.index_events();

        let (metric_files, metrics) =
            self.phase(metric_inputs, &path_of, &to_source, keep_text, checks, Definition::into_metric);
        self.merge_metrics(metric_files, metrics);
        self
    }

    /// Read, model and check `inputs` on every core, in path order: the files, and the models
    /// of kind `D` read from them (numbered by their place in the files).
    fn phase<T: Send, D: Send>(
        &self,
        mut inputs: Vec<Input<T>>,
        path_of: &(impl Fn(&T) -> (&str, FileKind) + Sync),
        to_source: &(impl Fn(T) -> SourceFile + Sync + Send),
        keep_text: bool,
        checks: &dyn FileChecks,
        model: fn(Definition) -> Option<D>,
    ) -> (Vec<DefinitionFile>, Vec<Loaded<D>>) {
        let path = |input: &Input<T>| -> String {
            match input {
                Input::New(new) => path_of(new).0.to_owned(),
                Input::Loaded(part) => part.file.path.clone(),
            }
        };
        // The walk gives sorted paths; other sources may not.
        if !inputs.is_sorted_by(|a, b| path(a) <= path(b)) {
            inputs.sort_by_cached_key(path);
        }
        let (files, definitions): (Vec<DefinitionFile>, Vec<Option<Loaded<D>>>) = inputs
            .into_par_iter()
            .enumerate()
            .map(|(file, input)| {
                let part = match input {
                    Input::New(new) => self.summarize(to_source(new), keep_text, checks),
                    Input::Loaded(part) => *part,
                };
                (part.file, model(part.def).map(|def| Loaded { file, def }))
            })
            .unzip();
        // `Option<Loaded<D>>` and `Loaded<D>` have one size, so this reuses the list's memory.
        #[allow(clippy::filter_map_identity, reason = "`flatten` does not collect in place")]
        let definitions = definitions.into_iter().filter_map(std::convert::identity).collect();
        (files, definitions)
    }

    /// Model, checks and anchors of one file; the text and tree end here (unless `keep_text`).
    fn summarize(&self, source: SourceFile, keep_text: bool, checks: &dyn FileChecks) -> Part {
        let def = Definition::read(&source);
        let findings = match (&def, source.kind) {
            (Definition::Event(event), _) => checks.event_file(&source, Some(event)),
            (Definition::Metric(metric), _) => checks.metric_file(self, &source, Some(metric)),
            (Definition::None, FileKind::Event) => checks.event_file(&source, None),
            (Definition::None, FileKind::Metric) => checks.metric_file(self, &source, None),
        };
        let anchors = Anchors::of(&source);
        let kept = if keep_text { Source::Text(Arc::from(source.text)) } else { Source::Disk };
        let file = DefinitionFile {
            path: source.path,
            kind: source.kind,
            read_problem: source.read_problem,
            anchors,
            source: kept,
            findings,
        };
        Part { file, def }
    }

    fn index_events(&mut self) {
        // More than u32::MAX events would not fit in memory anyway.
        self.by_action = (0..self.events.len()).filter_map(|i| u32::try_from(i).ok()).collect();
        // Stable: events with one action stay in path order.
        let events = &self.events;
        self.by_action.sort_by(|&a, &b| events[a as usize].def.action.cmp(&events[b as usize].def.action));
    }

    /// Merge the metric files into the (event) files in path order: each file moves once, and
    /// the definitions' file numbers follow.
    fn merge_metrics(&mut self, metric_files: Vec<DefinitionFile>, mut metrics: Vec<Loaded<MetricDefinition>>) {
        let event_files = std::mem::take(&mut self.files);
        let mut new_event_index = Vec::with_capacity(event_files.len());
        let mut new_metric_index = Vec::with_capacity(metric_files.len());
        self.files = Vec::with_capacity(event_files.len() + metric_files.len());
        let mut event_files = event_files.into_iter().peekable();
        let mut metric_files = metric_files.into_iter().peekable();
        loop {
            let next = match (event_files.peek(), metric_files.peek()) {
                (Some(event), Some(metric)) if event.path <= metric.path => event_files.next().map(|f| (f, true)),
                (Some(_), None) => event_files.next().map(|f| (f, true)),
                (_, Some(_)) => metric_files.next().map(|f| (f, false)),
                (None, None) => None,
            };
            let Some((file, is_event)) = next else { break };
            let index = self.files.len();
            if is_event {
                new_event_index.push(index)
            } else {
                new_metric_index.push(index)
            }
            self.files.push(file);
        }
        for event in &mut self.events {
            event.file = new_event_index[event.file];
        }
        for metric in &mut metrics {
            metric.file = new_metric_index[metric.file];
        }
        self.metrics = metrics;
    }

    /// Copies of the files and definitions.
    fn parts(&self) -> impl Iterator<Item = Part> + '_ {
        let mut defs: Vec<Definition> = std::iter::repeat_with(|| Definition::None).take(self.files.len()).collect();
        for event in &self.events {
            defs[event.file] = Definition::Event(event.def.clone());
        }
        for metric in &self.metrics {
            defs[metric.file] = Definition::Metric(metric.def.clone());
        }
        self.files.iter().cloned().zip(defs).map(|(file, def)| Part { file, def })
    }

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

    /// Removed events: `status: removed`, or filed under `removed/` (gitlab-docs.md §2.5).
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

    /// The findings of `file`'s own checks: those found while loading, or found now from its
    /// text read again.
    pub fn file_findings(&self, file: &DefinitionFile, checks: &dyn FileChecks) -> Vec<Diagnostic> {
        if let Some(found) = file.findings() {
            return found.to_vec();
        }
        let source = self.source_file(file);
        let found = match Definition::read(&source) {
            Definition::Event(event) => checks.event_file(&source, Some(&event)),
            Definition::Metric(metric) => checks.metric_file(self, &source, Some(&metric)),
            Definition::None => match source.kind {
                FileKind::Event => checks.event_file(&source, None),
                FileKind::Metric => checks.metric_file(self, &source, None),
            },
        };
        found.unwrap_or_default()
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
