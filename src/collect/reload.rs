//! Definitions are loaded again when their files change, so the collector can run all day
//! beside GDK while definitions are written. The `notify` crate watches the definition folders;
//! bursts of changes (an editor's save, `git checkout`) are gathered into one reload.

use std::path::PathBuf;
use std::sync::Weak;
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher as _};

use super::{Loader, Notice, Shared};

/// How long after the last change the definitions are loaded again.
const SETTLE: Duration = Duration::from_millis(200);

pub(super) struct Watcher {
    _inner: notify::RecommendedWatcher,
}

impl Watcher {
    /// Watches the existing `folders`; `None` (after telling the sink) when watching fails.
    pub(super) fn start(folders: &[PathBuf], load: Loader, shared: Weak<Shared>) -> Option<Watcher> {
        let (tx, rx) = mpsc::channel::<()>();
        let handler = move |event: notify::Result<notify::Event>| {
            let relevant = event.is_ok_and(|e| {
                matches!(e.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_))
                    && e.paths.iter().any(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml") || p.is_dir())
            });
            if relevant {
                let _ = tx.send(());
            }
        };
        let fail = |shared: &Weak<Shared>, message: String| {
            if let Some(shared) = shared.upgrade() {
                (shared.sink)(Notice::WatchFailed(message));
            }
        };
        let mut inner = match notify::recommended_watcher(handler) {
            Ok(w) => w,
            Err(e) => {
                fail(&shared, format!("cannot watch the definitions for changes: {e}"));
                return None;
            }
        };
        for folder in folders.iter().filter(|f| f.is_dir()) {
            if let Err(e) = inner.watch(folder, RecursiveMode::Recursive) {
                fail(&shared, format!("cannot watch {} for changes: {e}", folder.display()));
            }
        }
        let spawned = std::thread::Builder::new().name("eventdef-reload".into()).spawn(move || {
            // Ends when the watcher (and with it the sender) is dropped.
            while rx.recv().is_ok() {
                while rx.recv_timeout(SETTLE).is_ok() {}
                let Some(shared) = shared.upgrade() else { return };
                shared.replace_repository(load());
            }
        });
        spawned.ok()?;
        Some(Watcher { _inner: inner })
    }
}
