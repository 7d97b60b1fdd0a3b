//! A repository loaded on a background thread, for the wizard: its first question needs no
//! definition, so it is shown at once while the files are read (the first question within
//! 50 ms on a 10,000-file repository). The first look at the repository waits for the load.

use std::cell::{OnceCell, RefCell};
use std::ops::Deref;
use std::path::PathBuf;
use std::thread::JoinHandle;

use super::{LoadLimits, ReferenceLists, Repository};

/// A [`Repository`] that may still be loading. Dereferencing it waits for the load once.
pub struct PendingRepository {
    loaded: OnceCell<Repository>,
    /// The loading thread, or `None` when no thread could be started.
    thread: RefCell<Option<JoinHandle<Repository>>>,
    /// Known before the load (the wizard's milestone default comes from it).
    reference: ReferenceLists,
    root: PathBuf,
    limits: LoadLimits,
}

impl PendingRepository {
    /// Start loading `root` on another thread. If no thread can be started, the repository is
    /// loaded when first needed instead.
    pub fn spawn(root: PathBuf, reference: ReferenceLists, limits: LoadLimits) -> PendingRepository {
        let thread = {
            let (root, reference) = (root.clone(), reference.clone());
            std::thread::Builder::new()
                .name("load-repository".into())
                .spawn(move || Repository::load(&root, reference, &limits))
                .ok()
        };
        PendingRepository { loaded: OnceCell::new(), thread: RefCell::new(thread), reference, root, limits }
    }

    /// The reference lists, without waiting for the load.
    pub fn reference(&self) -> &ReferenceLists {
        self.loaded.get().map_or(&self.reference, |repo| &repo.reference)
    }

    /// The loaded repository when the load has finished, without waiting.
    pub fn if_loaded(&self) -> Option<&Repository> {
        let finished = self.thread.borrow().as_ref().is_none_or(|thread| thread.is_finished());
        if finished { Some(self.get()) } else { None }
    }

    /// The loaded repository, waiting for the load if it is still running.
    pub fn get(&self) -> &Repository {
        self.loaded.get_or_init(|| match self.thread.borrow_mut().take() {
            Some(thread) => match thread.join() {
                Ok(repo) => repo,
                // The loader does not panic on any input; if it did, fail as a load in this
                // thread would have.
                Err(panic) => std::panic::resume_unwind(panic),
            },
            None => Repository::load(&self.root, self.reference.clone(), &self.limits),
        })
    }
}

impl From<Repository> for PendingRepository {
    fn from(repo: Repository) -> Self {
        let (reference, root) = (repo.reference.clone(), repo.root.clone());
        PendingRepository {
            loaded: OnceCell::from(repo),
            thread: RefCell::new(None),
            reference,
            root,
            limits: LoadLimits::default(),
        }
    }
}

impl Deref for PendingRepository {
    type Target = Repository;

    fn deref(&self) -> &Repository {
        self.get()
    }
}
