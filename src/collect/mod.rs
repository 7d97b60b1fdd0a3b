//! `eventdef collect`: a Snowplow-compatible collector that checks every event it receives
//! against the repository's definitions, and the metric values `eventdef monitor` shows.
//!
//! GitLab tests events locally with Snowplow Micro or its mock collector `server.rb`
//! (https://docs.gitlab.com/development/internal_analytics/internal_event_instrumentation/local_setup_and_debugging/);
//! neither knows the definitions. This one speaks the same protocol and read API, and says for
//! each event whether it matches its definition.
//!
//! The library never prints: what happens is sent to a [`NoticeSink`] the binary supplies.

pub mod check;
pub mod decode;
pub mod metrics;
mod reload;
mod server;
pub mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::repository::Repository;
use crate::{Error, Result};

pub use check::{Reason, ReasonCode, Verdict};
pub use decode::Decoded;
pub use store::{Counts, Filter, StoredEvent};

/// Loads the repository's definitions (again, when they change).
pub type Loader = Arc<dyn Fn() -> Repository + Send + Sync>;

/// Receives what the collector does; called from the server's threads.
pub type NoticeSink = Arc<dyn Fn(Notice) + Send + Sync>;

#[derive(Debug)]
pub enum Notice {
    /// An event was checked and stored.
    Stored(StoredEvent),
    /// The definitions changed on disk and were loaded again.
    Reloaded { events: usize, metrics: usize },
    /// Watching the definition folders failed; the definitions stay as loaded.
    WatchFailed(String),
}

#[derive(Clone)]
pub struct CollectorConfig {
    /// Address to listen on; port 0 picks a free one.
    pub addr: SocketAddr,
    /// Origins allowed to send and read with credentials (CORS).
    pub allow_origins: Vec<String>,
    /// Most events kept; older ones are evicted and counted as dropped.
    pub max_events: usize,
    /// Largest request body read (bigger ones get 413).
    pub max_body_bytes: usize,
    /// Requests handled at once; more wait.
    pub max_in_flight: usize,
    /// Folders whose changes reload the definitions (none: never reload).
    pub watch: Vec<PathBuf>,
}

impl CollectorConfig {
    pub const DEFAULT_PORT: u16 = 9091;
    pub const DEFAULT_MAX_EVENTS: usize = 100_000;
    pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

    /// GDK's default GitLab URLs: the origins a browser tracker posts from.
    pub fn default_origins() -> Vec<String> {
        ["http://gdk.test:3000", "http://localhost:3000", "http://127.0.0.1:3000"].map(str::to_owned).to_vec()
    }
}

impl Default for CollectorConfig {
    fn default() -> Self {
        CollectorConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], CollectorConfig::DEFAULT_PORT)),
            allow_origins: CollectorConfig::default_origins(),
            max_events: CollectorConfig::DEFAULT_MAX_EVENTS,
            max_body_bytes: CollectorConfig::DEFAULT_MAX_BODY_BYTES,
            max_in_flight: 256,
            watch: Vec::new(),
        }
    }
}

/// What the request handlers share.
pub(crate) struct Shared {
    config: CollectorConfig,
    repo: RwLock<Arc<Repository>>,
    store: Mutex<store::Store>,
    sink: NoticeSink,
}

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

impl Shared {
    fn repository(&self) -> Arc<Repository> {
        self.repo.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn counts(&self) -> Counts {
        self.store.lock().unwrap_or_else(|p| p.into_inner()).counts()
    }

    /// Checks and stores a batch of events. `problems` apply to every event of the batch
    /// (e.g. a query that is not UTF-8).
    fn ingest(&self, batch: Vec<decode::Parameters>, problems: Vec<String>) {
        let repo = self.repository();
        let received = now_ms();
        let checked: Vec<_> = batch
            .into_iter()
            .map(|params| {
                let mut decoded = Decoded::from_parameters(&params);
                decoded.problems.extend(problems.iter().cloned());
                let verdict = check::check(&repo, &decoded);
                (params, decoded, verdict)
            })
            .collect();
        let mut stored = Vec::with_capacity(checked.len());
        {
            let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
            for (params, decoded, verdict) in checked {
                let event = StoredEvent::new(store.next_id(), received, &params, &decoded, verdict);
                stored.push(event.clone());
                store.push(event);
            }
        }
        for event in stored {
            (self.sink)(Notice::Stored(event));
        }
    }

    /// A body that is not a payload at all: one bad event keeping (the start of) the body.
    fn ingest_undecodable(&self, body: &[u8], message: &str) {
        const KEPT: usize = 4096;
        let kept = String::from_utf8_lossy(&body[..body.len().min(KEPT)]).into_owned();
        let mut decoded = Decoded { e: String::new(), ..Decoded::default() };
        decoded.problems.push(message.to_owned());
        let verdict = check::check(&self.repository(), &decoded);
        let params = vec![("body".to_owned(), kept)];
        let event = {
            let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
            let event = StoredEvent::new(store.next_id(), now_ms(), &params, &decoded, verdict);
            store.push(event.clone());
            event
        };
        (self.sink)(Notice::Stored(event));
    }

    fn replace_repository(&self, repo: Repository) {
        let (events, metrics) = (repo.events.len(), repo.metrics.len());
        *self.repo.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(repo);
        (self.sink)(Notice::Reloaded { events, metrics });
    }
}

/// A running collector. Dropping it stops the server.
pub struct Collector {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::watch::Sender<bool>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _watcher: Option<reload::Watcher>,
}

impl Collector {
    /// Loads the definitions, binds `config.addr` and serves on a thread of its own. Returns
    /// once the port is bound: a port in use is an error naming it.
    pub fn start(config: CollectorConfig, load: Loader, sink: NoticeSink) -> Result<Collector> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("eventdef-collect")
            .build()
            .map_err(|e| Error::Other(format!("cannot start the collector's runtime: {e}")))?;
        let std_listener = std::net::TcpListener::bind(config.addr).map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
                " (is Snowplow Micro or another collector running? pass --port)"
            } else {
                ""
            };
            Error::Other(format!("cannot listen on {}: port {}: {e}{hint}", config.addr, config.addr.port()))
        })?;
        std_listener
            .set_nonblocking(true)
            .map_err(|e| Error::Other(format!("cannot listen on {}: {e}", config.addr)))?;
        let addr =
            std_listener.local_addr().map_err(|e| Error::Other(format!("cannot listen on {}: {e}", config.addr)))?;
        let watch = config.watch.clone();
        let shared = Arc::new(Shared {
            repo: RwLock::new(Arc::new(load())),
            store: Mutex::new(store::Store::new(config.max_events)),
            config,
            sink,
        });
        let watcher =
            if watch.is_empty() { None } else { reload::Watcher::start(&watch, load, Arc::downgrade(&shared)) };
        let (shutdown, stopped) = tokio::sync::watch::channel(false);
        let app = server::router(shared.clone());
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(std_listener)
                .map_err(|e| Error::Other(format!("cannot listen on {addr}: {e}")))?
        };
        let thread = std::thread::Builder::new()
            .name("eventdef-collect".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let mut graceful = stopped.clone();
                    let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                        let _ = graceful.wait_for(|stop| *stop).await;
                    });
                    // Errors accepting a connection are retried inside axum; serve only returns
                    // when shut down. A client that never finishes its request does not hold
                    // the shutdown for more than two seconds.
                    let mut stopped = stopped;
                    tokio::select! {
                        _ = serve => {}
                        _ = async {
                            let _ = stopped.wait_for(|stop| *stop).await;
                            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                        } => {}
                    }
                });
                runtime.shutdown_timeout(std::time::Duration::from_millis(100));
            })
            .map_err(|e| Error::Other(format!("cannot start the collector thread: {e}")))?;
        Ok(Collector { addr, shared, shutdown: Some(shutdown), thread: Some(thread), _watcher: watcher })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn counts(&self) -> Counts {
        self.shared.counts()
    }

    /// Stops accepting, finishes the requests in flight, and returns.
    pub fn stop(mut self) {
        self.stop_inner();
    }

    fn stop_inner(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(true);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        self.stop_inner();
    }
}
