//! Walking the tree: ripgrep's `ignore` walker (parallel, `.gitignore`-aware, no symbolic
//! links followed, so no loops), one Aho-Corasick pass per file for the names every trigger
//! form contains, and the tokenizers only for the files that hold one.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, MatchKind};
use ignore::{WalkBuilder, WalkState};

use super::{Trigger, TriggerKind, triggers_in};
use crate::repository::walk::to_rel;
use crate::{Error, Result};

/// Every trigger form contains one of these (`trackingSpy`: the legacy Jest spy).
const NEEDLES: &[&str] = &[
    "track_internal_event",
    "InternalEvents",
    "trackEvent",
    "event_tracking",
    "event-tracking",
    "trigger_internal_events",
    "internal event",
    "rackingSpy",
];

#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Files and folders to scan (default: the root).
    pub paths: Vec<PathBuf>,
    /// Larger files are skipped with a note (minified bundles are far below the default).
    pub max_file_bytes: u64,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions { paths: Vec::new(), max_file_bytes: 64 * 1024 * 1024 }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ScanResult {
    /// Sorted by path, line and column.
    pub triggers: Vec<Trigger>,
    /// Code files walked (Ruby, JavaScript, Vue, HAML, ERB).
    pub files_scanned: usize,
    /// What was skipped and why: binary, unreadable and oversized files, walk errors.
    pub notes: Vec<String>,
}

/// Scan `options.paths` (default: `root`) for triggers. Errors only when a path does not
/// exist or lies outside the root; what cannot be read is a note.
pub fn scan(root: &Path, options: &ScanOptions) -> Result<ScanResult> {
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let mut paths = Vec::new();
    for p in &options.paths {
        let abs = p.canonicalize().map_err(|e| Error::io(p, e))?;
        if !abs.starts_with(&root) {
            return Err(Error::Usage(format!("{}: not inside the repository at {}", p.display(), root.display())));
        }
        paths.push(abs);
    }
    if paths.is_empty() {
        paths.push(root.clone());
    }
    // Leftmost-first, because only that match kind lets aho-corasick use its SIMD "Teddy"
    // searcher (as ripgrep does for a few literals); the default kind falls back to a
    // rare-byte prefilter that was 4 times slower here.
    let needles = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(NEEDLES)
        .map_err(|e| Error::Other(e.to_string()))?;
    let mut walk = WalkBuilder::new(&paths[0]);
    for p in &paths[1..] {
        walk.add(p);
    }
    // `node_modules` is ignored by every GitLab checkout's .gitignore; skipped even without one.
    walk.filter_entry(|entry| entry.file_name() != "node_modules");

    let scanned = AtomicUsize::new(0);
    let triggers = Mutex::new(Vec::new());
    let notes = Mutex::new(Vec::new());
    let shared = (&root, &scanned, &triggers, &notes, &needles);
    walk.build_parallel().run(|| {
        let (root, scanned, triggers, notes, needles) = shared;
        // One read buffer per thread, reused for every file (as ripgrep does).
        let mut buffer = Vec::new();
        Box::new(move |entry| {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    lock(notes).push(format!("skipped: {e}"));
                    return WalkState::Continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return WalkState::Continue;
            }
            let rel = relative(root, entry.path());
            if TriggerKind::of_path(&rel).is_none() {
                return WalkState::Continue;
            }
            scanned.fetch_add(1, Ordering::Relaxed);
            let (found, note) = scan_file(entry.path(), &rel, needles, options.max_file_bytes, &mut buffer);
            if !found.is_empty() {
                lock(triggers).extend(found);
            }
            if let Some(note) = note {
                lock(notes).push(note);
            }
            WalkState::Continue
        })
    });
    let mut triggers = triggers.into_inner().unwrap_or_else(|e| e.into_inner());
    triggers.sort_by(|a: &Trigger, b: &Trigger| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    let mut notes = notes.into_inner().unwrap_or_else(|e| e.into_inner());
    notes.sort();
    Ok(ScanResult { triggers, files_scanned: scanned.into_inner(), notes })
}

/// The path below `root` with forward slashes.
fn relative(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root).ok().and_then(Path::to_str) {
        Some(rel) if std::path::MAIN_SEPARATOR == '/' => rel.to_owned(),
        _ => to_rel(root, path),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// One file's triggers, and a note when it was skipped or read lossily.
fn scan_file(
    path: &Path,
    rel: &str,
    needles: &AhoCorasick,
    max: u64,
    bytes: &mut Vec<u8>,
) -> (Vec<Trigger>, Option<String>) {
    use std::io::Read as _;
    let skipped = |why: String| (Vec::new(), Some(format!("{rel}: skipped, {why}")));
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => return skipped(format!("cannot read it: {e}")),
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > max {
        return skipped(format!("{size} bytes is over the limit of {max}"));
    }
    bytes.clear();
    if let Err(e) = file.by_ref().take(max + 1).read_to_end(bytes) {
        return skipped(format!("cannot read it: {e}"));
    }
    let bytes = bytes.as_slice();
    if !needles.is_match(bytes) {
        return (Vec::new(), None);
    }
    if bytes.contains(&0) {
        return skipped("binary (it holds a NUL byte)".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (triggers_in(rel, text), None),
        Err(e) => {
            // Still scanned: an invalid byte in a comment must not hide the file's triggers.
            let note = format!("{rel}: not UTF-8 (invalid byte at offset {}), read with it replaced", e.valid_up_to());
            (triggers_in(rel, &String::from_utf8_lossy(bytes)), Some(note))
        }
    }
}
