//! Building a [`Repository`]: every definition read, parsed, modelled and checked on every core,
//! events before metrics (a metric's checks look up the events it counts), each file's text and
//! tree dropped once its checks have run.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::file::Source;
use super::walk::FoundFile;
use super::{
    Anchors, DefinitionFile, FileContent, FileKind, LoadLimits, Loaded, ReferenceLists, Repository, SourceFile,
    read_file, walk,
};
use crate::diagnostics::Diagnostic;
use crate::model::{EventDefinition, MetricDefinition, Read};

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

impl<T> Input<T> {
    fn path<'a>(&'a self, path_of: &impl Fn(&T) -> (&str, FileKind)) -> &'a str {
        match self {
            Input::New(new) => path_of(new).0,
            Input::Loaded(part) => &part.file.path,
        }
    }
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
        let mut repo = Repository::empty(root.to_path_buf(), reference, *limits);
        fn path_of(found: &FoundFile) -> (&str, FileKind) {
            (found.path.as_str(), found.kind)
        }
        let to_source = |found: FoundFile| read_file(&found, limits);
        let mut walked = walk::walk_folders(root, &walk::EVENT_DIRS);
        let event_inputs = std::mem::take(&mut walked.found).into_iter().map(Input::New).collect();
        // The events are read and checked while the larger metric folders are walked.
        let ((files, events), metrics_walked) = rayon::join(
            || repo.phase(event_inputs, &path_of, &to_source, false, checks, Definition::into_event),
            || walk::walk_folders(root, &walk::METRIC_DIRS),
        );
        repo.install_events(files, events);
        walked.append(metrics_walked);
        let metric_inputs = std::mem::take(&mut walked.found).into_iter().map(Input::New).collect();
        let (metric_files, metrics) =
            repo.phase(metric_inputs, &path_of, &to_source, false, checks, Definition::into_metric);
        repo.merge_metrics(metric_files, metrics);
        repo.walk_problems = walked.problems;
        repo.stray_files = walked.strays;
        repo
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
        Repository::empty(root, reference, *limits).with_contents(contents, checks)
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
        self.install_events(files, events);

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
        // The walk gives sorted paths; other sources may not.
        if !inputs.is_sorted_by(|a, b| a.path(path_of) <= b.path(path_of)) {
            inputs.sort_by(|a, b| a.path(path_of).cmp(b.path(path_of)));
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
        let findings = self.check(&source, &def, checks);
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

    /// The event files and definitions, in path order, before any metric is loaded.
    fn install_events(&mut self, files: Vec<DefinitionFile>, events: Vec<Loaded<EventDefinition>>) {
        self.files = files;
        self.events = events;
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

    /// The findings of `file`'s own checks: those found while loading, or found now from its
    /// text read again.
    pub fn file_findings(&self, file: &DefinitionFile, checks: &dyn FileChecks) -> Vec<Diagnostic> {
        if let Some(found) = file.findings() {
            return found.to_vec();
        }
        let source = self.source_file(file);
        self.check(&source, &Definition::read(&source), checks).unwrap_or_default()
    }

    /// `checks` of one file and its model; `self` holds every event.
    fn check(&self, source: &SourceFile, def: &Definition, checks: &dyn FileChecks) -> Option<Vec<Diagnostic>> {
        match (def, source.kind) {
            (Definition::Event(event), _) => checks.event_file(source, Some(event)),
            (Definition::Metric(metric), _) => checks.metric_file(self, source, Some(metric)),
            (Definition::None, FileKind::Event) => checks.event_file(source, None),
            (Definition::None, FileKind::Metric) => checks.metric_file(self, source, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(path: &str, action: &str) -> FileContent {
        FileContent::text(path, FileKind::Event, format!("action: {action}\ninternal_events: true\n"))
    }

    fn metric(path: &str, key_path: &str) -> FileContent {
        FileContent::text(path, FileKind::Metric, format!("key_path: {key_path}\n"))
    }

    fn repository(contents: Vec<FileContent>) -> Repository {
        let root = PathBuf::from("/nonexistent-eventdef-root");
        Repository::from_contents(root, contents, ReferenceLists::built_in(), &LoadLimits::default(), &NoChecks)
    }

    /// Every definition points at its own file, whatever order the files came in.
    fn assert_consistent(repo: &Repository) {
        assert!(repo.files.windows(2).all(|w| w[0].path < w[1].path), "files sorted by path");
        for event in &repo.events {
            let file = repo.file(event.file);
            assert_eq!(file.kind, FileKind::Event);
            assert!(file.path.ends_with(&format!("{}.yml", event.def.action)), "{} in {}", event.def.action, file.path);
        }
        for metric in &repo.metrics {
            let file = repo.file(metric.file);
            assert_eq!(file.kind, FileKind::Metric);
            assert!(
                file.path.ends_with(&format!("{}.yml", metric.def.key_path)),
                "{} in {}",
                metric.def.key_path,
                file.path
            );
        }
    }

    #[test]
    fn events_and_metrics_interleave_in_path_order() {
        let repo = repository(vec![
            metric("ee/config/metrics/counts_all/m4.yml", "m4"),
            event("ee/config/events/b.yml", "b"),
            metric("config/metrics/counts_7d/m1.yml", "m1"),
            event("config/events/a.yml", "a"),
            event("config/events/removed/b.yml", "b"),
            metric("config/metrics/counts_all/m2.yml", "m2"),
            FileContent { path: "config/events/broken.yml".into(), kind: FileKind::Event, bytes: Ok(b"[".to_vec()) },
        ]);
        let paths: Vec<&str> = repo.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "config/events/a.yml",
                "config/events/broken.yml",
                "config/events/removed/b.yml",
                "config/metrics/counts_7d/m1.yml",
                "config/metrics/counts_all/m2.yml",
                "ee/config/events/b.yml",
                "ee/config/metrics/counts_all/m4.yml",
            ]
        );
        assert_consistent(&repo);
        // Every definition with one action, in path order; the active one is what metrics count.
        let b: Vec<&str> = repo.events_with_action("b").map(|e| repo.file(e.file).path.as_str()).collect();
        assert_eq!(b, ["config/events/removed/b.yml", "ee/config/events/b.yml"]);
        assert_eq!(repo.internal_event("b").map(|e| repo.file(e.file).path.as_str()), Some("ee/config/events/b.yml"));
        assert_eq!(repo.events_with_action("c").count(), 0);
    }

    #[test]
    fn written_files_replace_and_join_the_repository() {
        let repo =
            repository(vec![event("config/events/a.yml", "a"), metric("config/metrics/counts_all/m2.yml", "m2")]);
        let after = repo.with_contents(
            vec![
                event("config/events/a.yml", "a"),
                event("config/events/aa.yml", "aa"),
                metric("config/metrics/counts_all/m1.yml", "m1"),
            ],
            &NoChecks,
        );
        assert_eq!(after.files.len(), 4);
        assert_eq!(after.events.len(), 2);
        assert_eq!(after.metrics.len(), 2);
        assert_consistent(&after);
        assert_eq!(after.event("aa").map(|e| after.file(e.file).path.as_str()), Some("config/events/aa.yml"));
    }
}
