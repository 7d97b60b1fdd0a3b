//! `eventdef collect` (a Snowplow-compatible collector that checks each event against its
//! definition) and `eventdef monitor` (what the received events make each metric count).

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs as _};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use eventdef::collect::metrics::{self, MetricRow, Observed};
use eventdef::collect::{Collector, CollectorConfig, Loader, Notice, NoticeSink, StoredEvent, now_ms};
use eventdef::repository::{Repository, walk};

use super::{Exit, RepoArgs};

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// Address to listen on (loopback by default: the collector has no authentication)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on (9091 is GDK's Snowplow Micro port; 0 picks a free one)
    #[arg(long, value_name = "PORT", default_value_t = CollectorConfig::DEFAULT_PORT)]
    pub port: u16,
    /// Origin allowed to send events from a browser with credentials (CORS); repeat for more
    /// [default: http://gdk.test:3000, http://localhost:3000, http://127.0.0.1:3000]
    #[arg(long = "allow-origin", value_name = "URL")]
    pub allow_origin: Vec<String>,
    /// Most events kept; the oldest are dropped (and counted) beyond it
    #[arg(long, value_name = "N", default_value_t = CollectorConfig::DEFAULT_MAX_EVENTS,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_events: usize,
    /// Largest request body accepted, in bytes (bigger ones are answered 413)
    #[arg(long, value_name = "BYTES", default_value_t = CollectorConfig::DEFAULT_MAX_BODY_BYTES)]
    pub max_body: usize,
    /// Append each stored event to FILE as one JSON line (Snowplow Micro's shape plus the verdict)
    #[arg(long, value_name = "FILE")]
    pub output_json: Option<PathBuf>,
    /// Print nothing per event (the startup line and the summary stay)
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub repo: RepoArgs,
}

fn loader(repo_args: &RepoArgs) -> eventdef::Result<(Loader, PathBuf)> {
    let root = repo_args.root()?;
    let reference = repo_args.reference(&root)?;
    let limits = repo_args.limits();
    let load_root = root.clone();
    let load: Loader = Arc::new(move || Repository::load(&load_root, reference.clone(), &limits));
    Ok((load, root))
}

/// One stderr line for a stored event: verdict, action (or event type), and the reasons.
fn event_line(event: &StoredEvent) -> String {
    let name = event.action().map_or_else(|| format!("({})", event.event_type()), str::to_owned);
    let verdict = &event.verdict;
    if !verdict.internal_event && verdict.is_good() {
        return format!("good {name}: not a structured event, so not an internal event\n");
    }
    if verdict.is_good() {
        return format!("good {name} ({})\n", verdict.definition.as_deref().unwrap_or("?"));
    }
    let reasons: Vec<String> = verdict.reasons.iter().map(|r| format!("{}: {}", r.code.as_str(), r.message)).collect();
    format!("bad  {name}: {}\n", reasons.join("; "))
}

pub fn run_collect(repo_args: &RepoArgs, args: CollectArgs) -> eventdef::Result<Exit> {
    let (load, root) = loader(repo_args)?;
    let output = match &args.output_json {
        Some(path) => Some(Mutex::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| eventdef::Error::io(path, e))?,
        )),
        None => None,
    };
    let output_path = args.output_json.clone();
    let output_failed = std::sync::atomic::AtomicBool::new(false);
    let quiet = args.quiet;
    let sink: NoticeSink = Arc::new(move |notice| match notice {
        Notice::Stored(event) => {
            if !quiet {
                super::print_stderr(&event_line(&event));
            }
            if let Some(file) = &output {
                let mut line = event.to_json().to_string();
                line.push('\n');
                let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
                if let Err(e) = file.write_all(line.as_bytes())
                    && !output_failed.swap(true, std::sync::atomic::Ordering::Relaxed)
                {
                    let path = output_path.as_deref().unwrap_or(std::path::Path::new("?")).display();
                    super::print_stderr(&format!("error: cannot append to {path}: {e}\n"));
                }
            }
        }
        Notice::Reloaded { events, metrics } => {
            super::print_stderr(&format!("definitions changed: reloaded {events} events, {metrics} metrics\n"));
        }
        Notice::WatchFailed(message) => super::print_stderr(&format!("warning: {message}\n")),
    });
    let config = CollectorConfig {
        addr: SocketAddr::new(args.host, args.port),
        allow_origins: if args.allow_origin.is_empty() {
            CollectorConfig::default_origins()
        } else {
            args.allow_origin.clone()
        },
        max_events: args.max_events,
        max_body_bytes: args.max_body,
        watch: walk::definition_dirs().map(|d| root.join(d)).collect(),
        ..CollectorConfig::default()
    };
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| eventdef::Error::Other(format!("cannot catch Ctrl-C: {e}")))?;
    let collector = Collector::start(config, load.clone(), sink)?;
    let repo = load();
    super::print_stderr(&format!(
        "eventdef collect: listening on http://{} ({} event and {} metric definitions in {}); Ctrl-C stops\n",
        collector.local_addr(),
        repo.events.len(),
        repo.metrics.len(),
        root.display()
    ));
    drop(repo);
    let _ = stop_rx.recv();
    let counts = collector.counts();
    collector.stop();
    super::print_stderr(&format!(
        "received {} events: {} good, {} bad; {} kept, {} dropped over --max-events\n",
        counts.total, counts.good, counts.bad, counts.stored, counts.dropped
    ));
    Ok(if counts.bad > 0 { Exit::Findings } else { Exit::Clean })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MonitorFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct MonitorArgs {
    /// Actions (event names) to monitor
    #[arg(required = true, value_name = "ACTION")]
    pub actions: Vec<String>,
    /// The collector to read (Snowplow Micro's API); when nothing listens there, one is started
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:9091")]
    pub collector: String,
    /// Print one snapshot and exit (nothing is started when no collector listens)
    #[arg(long)]
    pub once: bool,
    /// Snapshot format for --once
    #[arg(long, value_enum, default_value_t = MonitorFormat::Text)]
    pub format: MonitorFormat,
    #[command(flatten)]
    pub repo: RepoArgs,
}

/// What the monitor shows at one moment.
struct Snapshot {
    metrics: Vec<MetricRow>,
    /// Newest first.
    events: Vec<Observed>,
}

enum FetchError {
    /// Nothing listens there.
    Refused,
    Other(String),
}

fn fetch_list(agent: &ureq::Agent, base: &str, list: &str, action: &str) -> Result<Vec<Value>, FetchError> {
    let url = format!("{base}/micro/{list}");
    let response = agent.get(&url).query("action", action).call();
    match response {
        Ok(mut response) => {
            let value: Value = response
                .body_mut()
                .with_config()
                .limit(512 * 1024 * 1024)
                .read_json()
                .map_err(|e| FetchError::Other(format!("{url}: {e}")))?;
            Ok(value.as_array().cloned().unwrap_or_default())
        }
        Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => Err(FetchError::Refused),
        Err(ureq::Error::ConnectionFailed) => Err(FetchError::Refused),
        Err(e) => Err(FetchError::Other(format!("{url}: {e}"))),
    }
}

fn snapshot(agent: &ureq::Agent, base: &str, repo: &Repository, actions: &[String]) -> Result<Snapshot, FetchError> {
    let now = now_ms();
    let mut events = Vec::new();
    for action in actions {
        for list in ["good", "bad"] {
            for entry in fetch_list(agent, base, list, action)? {
                if let Some(observed) = Observed::from_micro(&entry, now).filter(|o| o.action == *action) {
                    events.push(observed);
                }
            }
        }
    }
    events.sort_by(|a, b| b.id.cmp(&a.id).then(b.timestamp_ms.cmp(&a.timestamp_ms)));
    let metrics = metrics::relevant_metrics(repo, actions, &events, now);
    Ok(Snapshot { metrics, events })
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn verdict_cell(event: &Observed) -> String {
    match event.good {
        Some(true) => "good".to_owned(),
        // The codes only: the table stays readable; the messages are in `--format json` and
        // in the collector's log.
        Some(false) => {
            let codes: Vec<&str> = event.reasons.iter().map(|r| r.split(':').next().unwrap_or(r)).collect();
            format!("bad: {}", codes.join(", "))
        }
        None => String::new(),
    }
}

/// Baseline for highlighting: metric values at start (or at `r`) and the newest event then.
#[derive(Default)]
struct Baseline {
    values: std::collections::HashMap<String, Value>,
    last_id: Option<u64>,
    since_ms: i64,
}

impl Baseline {
    fn of(snapshot: &Snapshot, since_ms: i64) -> Baseline {
        Baseline {
            values: snapshot.metrics.iter().map(|m| (m.key_path.clone(), m.value.clone())).collect(),
            last_id: snapshot.events.iter().filter_map(|e| e.id).max(),
            since_ms,
        }
    }

    fn is_new(&self, event: &Observed) -> bool {
        match (event.id, self.last_id) {
            (Some(id), Some(last)) => id > last,
            (Some(_), None) => true,
            _ => event.timestamp_ms > self.since_ms,
        }
    }
}

/// The two tables, as GitLab's monitor shows them. `baseline` colours changed values and new
/// rows red (None: no colour, for `--once`).
fn tables(snapshot: &Snapshot, baseline: Option<&Baseline>, width: u16) -> String {
    use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
    let red = |text: String, changed: bool| {
        let cell = Cell::new(text);
        if changed { cell.fg(Color::Red) } else { cell }
    };
    // On the live screen the tables fit the terminal and are coloured; a `--once` snapshot is
    // plain and keeps every cell whole.
    let style = |table: &mut Table| {
        table.load_style(presets::UTF8_FULL_CONDENSED);
        if baseline.is_some() {
            table.set_content_arrangement(ContentArrangement::Dynamic).set_width(width).enforce_styling();
        } else {
            table.force_no_tty();
        }
    };
    let mut metrics = Table::new();
    style(&mut metrics);
    let mut header = vec!["Key Path", "Events", "Time Frame", "Counts", "Filters"];
    if baseline.is_some() {
        header.push("Initial Value");
    }
    header.push("Current Value");
    metrics.set_header(header);
    for row in &snapshot.metrics {
        let counts = match (row.unique, row.operator) {
            (Some(by), _) => format!("unique {by}"),
            (None, Some(op)) => op.to_owned(),
            (None, None) => "total".to_owned(),
        };
        let mut cells = vec![
            Cell::new(&row.key_path),
            Cell::new(row.events.join(", ")),
            Cell::new(row.time_frame),
            Cell::new(counts),
            Cell::new(row.filters.join(", ")),
        ];
        let mut changed = false;
        if let Some(baseline) = baseline {
            let initial = baseline.values.get(&row.key_path).cloned().unwrap_or(Value::from(0));
            changed = initial != row.value;
            cells.push(Cell::new(cell(&initial)));
        }
        cells.push(red(cell(&row.value), changed));
        metrics.add_row(cells);
    }
    let mut events = Table::new();
    style(&mut events);
    events.set_header(vec![
        "Event Name",
        "Collector Timestamp",
        "Category",
        "user_id",
        "namespace_id",
        "project_id",
        "plan",
        "Label",
        "Property",
        "Value",
        "Extra",
        "Verdict",
    ]);
    for event in &snapshot.events {
        let new = baseline.is_some_and(|b| b.is_new(event));
        let texts = [
            event.action.clone(),
            event.collector_tstamp.clone().unwrap_or_default(),
            event.category.clone().unwrap_or_default(),
            cell(&event.user_id),
            cell(&event.namespace_id),
            cell(&event.project_id),
            cell(&event.plan),
            event.label.clone().unwrap_or_default(),
            event.property.clone().unwrap_or_default(),
            cell(&event.value),
            cell(&event.extra),
            verdict_cell(event),
        ];
        events.add_row(texts.into_iter().map(|t| red(t, new)).collect::<Vec<_>>());
    }
    let none = |what: &str| format!("(no {what})\n");
    let metrics_text =
        if snapshot.metrics.is_empty() { none("metric counts these events") } else { format!("{metrics}\n") };
    let events_text = if snapshot.events.is_empty() { none("events received yet") } else { format!("{events}\n") };
    format!("RELEVANT METRICS\n{metrics_text}\nSNOWPLOW EVENTS\n{events_text}")
}

fn snapshot_json(base: &str, actions: &[String], snapshot: &Snapshot) -> Value {
    let good = snapshot.events.iter().filter(|e| e.good == Some(true)).count();
    let bad = snapshot.events.iter().filter(|e| e.good == Some(false)).count();
    json!({
        "collector": base,
        "actions": actions,
        "metrics": snapshot.metrics,
        "events": snapshot.events,
        "counts": { "events": snapshot.events.len(), "good": good, "bad": bad },
    })
}

pub fn run_monitor(repo_args: &RepoArgs, args: MonitorArgs) -> eventdef::Result<Exit> {
    let repo = super::usage::load_repository(repo_args)?;
    for action in &args.actions {
        if repo.event(action).is_none() {
            // Unknown actions are still monitored (their events show as bad); say so once.
            super::usage::find_event(&repo, action)
                .map(|_| ())
                .unwrap_or_else(|e| super::print_stderr(&format!("warning: {e}\n")));
        }
    }
    let base = args.collector.trim_end_matches('/').to_owned();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(true)
        .build()
        .into();
    if args.once {
        let snapshot = snapshot(&agent, &base, &repo, &args.actions).map_err(|e| match e {
            FetchError::Refused => eventdef::Error::Other(format!(
                "nothing listens at {base}; start `eventdef collect` (or Snowplow Micro) first"
            )),
            FetchError::Other(message) => eventdef::Error::Other(message),
        })?;
        let text = match args.format {
            MonitorFormat::Json => format!("{:#}\n", snapshot_json(&base, &args.actions, &snapshot)),
            MonitorFormat::Text => tables(&snapshot, None, 160),
        };
        super::print_stdout(&text)?;
        return Ok(Exit::Clean);
    }
    // As GitLab's monitor starts its mock collector when Snowplow Micro is not running.
    let mut started = None;
    if let Err(FetchError::Refused) = fetch_list(&agent, &base, "good", &args.actions[0]) {
        started = Some(start_collector(repo_args, &base)?);
    }
    interactive(&agent, &base, &repo, &args.actions, started.is_some())
}

fn start_collector(repo_args: &RepoArgs, base: &str) -> eventdef::Result<Collector> {
    let uri: axum::http::Uri =
        base.parse().map_err(|e| eventdef::Error::Usage(format!("--collector {base}: not a URL: {e}")))?;
    let host = uri.host().unwrap_or("127.0.0.1");
    let port = uri.port_u16().unwrap_or(80);
    let addr = (host, port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| eventdef::Error::Usage(format!("--collector {base}: cannot resolve {host}")))?;
    let (load, root) = loader(repo_args)?;
    let config = CollectorConfig {
        addr,
        watch: walk::definition_dirs().map(|d| root.join(d)).collect(),
        ..CollectorConfig::default()
    };
    // The monitor's screen is the output; the collector's notices would tear it.
    let sink: NoticeSink = Arc::new(|_| {});
    Collector::start(config, load, sink)
}

/// Restores the terminal however the monitor ends.
struct Screen;

impl Screen {
    fn enter() -> eventdef::Result<Screen> {
        use crossterm::{cursor, execute, terminal};
        let io = |e: std::io::Error| eventdef::Error::io("<terminal>", e);
        terminal::enable_raw_mode().map_err(io)?;
        execute!(std::io::stdout(), terminal::EnterAlternateScreen, cursor::Hide).map_err(io)?;
        Ok(Screen)
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        use crossterm::{cursor, execute, terminal};
        let _ = execute!(std::io::stdout(), cursor::Show, terminal::LeaveAlternateScreen);
        let _ = terminal::disable_raw_mode();
    }
}

/// Draws `text` over the previous frame line by line, clearing each line's rest and what is
/// below, instead of clearing the screen first: no flicker.
fn draw(text: &str) -> std::io::Result<()> {
    use crossterm::{cursor, queue, terminal};
    let mut out = std::io::stdout().lock();
    // A terminal that reports no size (some pseudo-terminals) gets 50 rows.
    let rows = terminal::size().ok().map(|(_, h)| h as usize).filter(|h| *h > 0).unwrap_or(50);
    queue!(out, cursor::MoveTo(0, 0))?;
    for line in text.lines().take(rows.saturating_sub(1)) {
        out.write_all(line.as_bytes())?;
        queue!(out, terminal::Clear(terminal::ClearType::UntilNewLine))?;
        out.write_all(b"\r\n")?;
    }
    queue!(out, terminal::Clear(terminal::ClearType::FromCursorDown))?;
    out.flush()
}

fn interactive(
    agent: &ureq::Agent,
    base: &str,
    repo: &Repository,
    actions: &[String],
    started: bool,
) -> eventdef::Result<Exit> {
    use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
    let io = |e: std::io::Error| eventdef::Error::io("<terminal>", e);
    let screen = Screen::enter()?;
    let mut baseline: Option<Baseline> = None;
    let mut paused = false;
    let mut last: Option<Snapshot> = None;
    let mut status = String::new();
    loop {
        if !paused {
            match snapshot(agent, base, repo, actions) {
                Ok(mut current) => {
                    let base_now = baseline.get_or_insert_with(|| Baseline::of(&current, now_ms()));
                    // As GitLab's monitor: only events since the start or the last reset.
                    if base_now.last_id.is_some() {
                        current.events.retain(|e| base_now.is_new(e));
                    }
                    status.clear();
                    last = Some(current);
                }
                Err(FetchError::Refused) => status = format!("nothing listens at {base}"),
                Err(FetchError::Other(message)) => status = message,
            }
        }
        let width = crossterm::terminal::size().ok().map(|(w, _)| w).filter(|w| *w > 0).unwrap_or(160);
        let mut text = format!(
            "Updated at {} — monitoring {} at {base}{}{}\n{}\n",
            now_ms() / 1000,
            actions.join(", "),
            if started { " (collector started here)" } else { "" },
            if paused { " — PAUSED" } else { "" },
            if status.is_empty() { "p pause/resume · r reset · q quit".to_owned() } else { format!("! {status}") },
        );
        if let Some(snapshot) = &last {
            text.push_str(&tables(snapshot, baseline.as_ref(), width));
        }
        draw(&text).map_err(io)?;
        let deadline = Instant::now() + Duration::from_secs(1);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            if !event::poll(left).map_err(io)? {
                break;
            }
            if let Event::Key(key) = event::read().map_err(io)?
                && key.kind == KeyEventKind::Press
            {
                match key.code {
                    KeyCode::Char('q') => {
                        drop(screen);
                        return Ok(Exit::Clean);
                    }
                    KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                        drop(screen);
                        return Ok(Exit::Clean);
                    }
                    KeyCode::Char('p') => paused = !paused,
                    KeyCode::Char('r') => {
                        // The next refresh takes the new baseline; events before it are hidden.
                        if let Ok(current) = snapshot(agent, base, repo, actions) {
                            let mut fresh = Baseline::of(&current, now_ms());
                            fresh.last_id = fresh.last_id.or(Some(0));
                            baseline = Some(fresh);
                        }
                        paused = false;
                    }
                    _ => {}
                }
                break;
            }
        }
    }
}
