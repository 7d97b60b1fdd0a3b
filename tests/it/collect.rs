//! `eventdef collect` and `eventdef monitor`: events sent the way trackers send them land as
//! good or bad with the right reasons; the Snowplow Micro API answers as Micro does; hostile
//! traffic gets an answer and never a crash; the monitor computes metric values. Every server
//! binds 127.0.0.1 on an ephemeral port.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt as _;
use base64::Engine as _;
use serde_json::{Value, json};

use eventdef::collect::{Collector, CollectorConfig, Loader, Notice, NoticeSink};
use eventdef::repository::{LoadLimits, ReferenceLists, ReferenceOverrides, Repository};

use crate::support;

const STANDARD: &str = "iglu:com.gitlab/gitlab_standard/jsonschema/1-1-1";
const APPLY: &str = "apply_suggestion_in_merge_request";

/// The sample repository plus a legacy event and one with a custom additional property.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    support::copy_tree(&support::crate_dir().join("fixtures/sample-repo"), dir.path());
    std::fs::write(
        dir.path().join("config/events/legacy_button_click.yml"),
        "---\ndescription: A legacy Snowplow event\ncategory: Projects::Button\naction: legacy_button_click\nproduct_group: code_review\nmilestone: '15.0'\nintroduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1\ntiers:\n- free\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("config/events/export_issue_list_csv.yml"),
        "---\ndescription: A user exports an issue list as CSV\ninternal_events: true\nstatus: active\naction: export_issue_list_csv\nidentifiers:\n- user\nadditional_properties:\n  label:\n    description: format\n  source_page:\n    description: where the export started\nproduct_group: project_management\nmilestone: '17.0'\nintroduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/2\ntiers:\n- free\n",
    )
    .unwrap();
    dir
}

fn loader(root: &Path) -> Loader {
    let root = root.to_path_buf();
    Arc::new(move || {
        let reference = ReferenceLists::load(&root, &ReferenceOverrides::default()).unwrap();
        Repository::load(&root, reference, &LoadLimits::default())
    })
}

struct Running {
    collector: Collector,
    notices: Arc<Mutex<Vec<String>>>,
    base: String,
}

fn start_with(root: &Path, config: CollectorConfig) -> Running {
    let notices = Arc::new(Mutex::new(Vec::new()));
    let seen = notices.clone();
    let sink: NoticeSink = Arc::new(move |notice| {
        let line = match notice {
            Notice::Stored(e) => format!("stored {}", e.action().unwrap_or("-")),
            Notice::Reloaded { events, .. } => format!("reloaded {events}"),
            Notice::WatchFailed(m) => format!("watch failed {m}"),
        };
        seen.lock().unwrap().push(line);
    });
    let config = CollectorConfig { addr: SocketAddr::from(([127, 0, 0, 1], 0)), ..config };
    let collector = Collector::start(config, loader(root), sink).unwrap();
    let base = format!("http://{}", collector.local_addr());
    Running { collector, notices, base }
}

fn start(root: &Path) -> Running {
    start_with(root, CollectorConfig::default())
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn get(url: &str) -> (u16, String) {
    let mut response = agent().get(url).call().unwrap();
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap_or_default())
}

fn post(url: &str, body: &str) -> (u16, String) {
    let mut response = agent().post(url).header("Content-Type", "application/json").send(body).unwrap();
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap_or_default())
}

fn json_get(url: &str) -> Value {
    let (status, body) = get(url);
    assert_eq!(status, 200, "{url}: {body}");
    serde_json::from_str(&body).unwrap()
}

/// A `cx` value: the gitlab_standard context with `data`, base64url as trackers encode it.
fn cx(data: Value) -> String {
    let contexts = json!({
        "schema": "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1",
        "data": [{"schema": STANDARD, "data": data}],
    });
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(contexts.to_string())
}

fn standard(user: Value, project: Value, namespace: Value, extra: Value) -> Value {
    json!({"environment": "development", "source": "gitlab-rails", "user_id": user, "project_id": project,
           "namespace_id": namespace, "plan": "free", "extra": extra})
}

fn query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)))
        .collect::<Vec<_>>()
        .join("&")
}

fn tp2(base: &str) -> String {
    format!("{base}/com.snowplowanalytics.snowplow/tp2")
}

fn payload(events: Vec<Value>) -> String {
    json!({"schema": "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4", "data": events}).to_string()
}

/// The reason codes of the one event with `action` in `/micro/bad`.
fn bad_codes(base: &str, action: &str) -> Vec<String> {
    let bad = json_get(&format!("{base}/micro/bad?action={action}"));
    let events = bad.as_array().unwrap();
    assert_eq!(events.len(), 1, "{action}: {bad:#}");
    events[0]["eventdef"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn each_kind_of_mistake_is_a_bad_event_with_its_reason() {
    let dir = repo();
    let run = start(dir.path());
    let full = cx(standard(json!(1), json!(2), json!(3), json!({})));
    // (action, parameters besides e/se_ca/se_ac, expected reason codes)
    type Case = (&'static str, Vec<(&'static str, String)>, Vec<&'static str>);
    let cases: Vec<Case> = vec![
        ("apply_sugestion_in_merge_request", vec![], vec!["unknown_event"]),
        ("click_apply_suggestion_button", vec![("cx", full.clone())], vec!["removed_event"]),
        ("legacy_button_click", vec![("cx", full.clone())], vec!["legacy_event"]),
        ("dismiss_suggestion_in_merge_request", vec![], vec!["missing_standard_context"]),
        (
            "generate_suggestion_with_duo_in_merge_request",
            vec![("cx", cx(standard(Value::Null, json!(2), Value::Null, json!({}))))],
            vec!["missing_identifier", "missing_identifier"],
        ),
        (
            "export_issue_list_csv",
            vec![
                ("cx", cx(standard(json!(5), Value::Null, Value::Null, json!({"source_page": "list", "secret": 1})))),
                ("se_pr", "p".to_owned()),
                ("se_va", "many".to_owned()),
            ],
            vec!["undeclared_extra_key", "undeclared_property", "undeclared_property", "non_numeric_value"],
        ),
    ];
    for (action, extra, _) in &cases {
        let mut pairs =
            vec![("e", "se".to_owned()), ("se_ca", "InternalEventTracking".to_owned()), ("se_ac", action.to_string())];
        pairs.extend(extra.iter().cloned());
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _) = get(&format!("{}/i?{}", run.base, query(&pairs)));
        assert_eq!(status, 200);
    }
    for (action, _, codes) in &cases {
        assert_eq!(bad_codes(&run.base, action), *codes, "{action}");
    }
    // Reasons name the definition file; an unknown event suggests the close one.
    let unknown = json_get(&format!("{}/micro/bad?action=apply_sugestion_in_merge_request", run.base));
    let reason = &unknown[0]["eventdef"]["reasons"][0];
    assert!(
        reason["message"].as_str().unwrap().contains("did you mean `apply_suggestion_in_merge_request`"),
        "{reason}"
    );
    assert_eq!(reason["definition"], "config/events/apply_suggestion_in_merge_request.yml");
    let removed = json_get(&format!("{}/micro/bad?action=click_apply_suggestion_button", run.base));
    assert_eq!(
        removed[0]["eventdef"]["reasons"][0]["definition"],
        "config/events/removed/click_apply_suggestion_button.yml"
    );
    assert!(removed[0]["errors"][0].as_str().unwrap().starts_with("removed_event: "));
    assert_eq!(json_get(&format!("{}/micro/all", run.base))["bad"], cases.len());
    assert_eq!(json_get(&format!("{}/micro/all", run.base))["good"], 0);
}

#[test]
fn good_events_keep_gitlab_server_rb_fields_and_micro_shape() {
    let dir = repo();
    let run = start(dir.path());
    let context = cx(standard(json!(1), json!(2), json!(3), json!({})));
    let pairs = [
        ("e", "se"),
        ("se_ca", "InternalEventTracking"),
        ("se_ac", APPLY),
        ("se_la", "diff"),
        ("se_pr", "batch"),
        ("se_va", "2"),
        ("dtm", "1700000000000"),
        ("cx", context.as_str()),
    ];
    let mut response = agent().get(&format!("{}/i?{}", run.base, query(&pairs))).call().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/gif");
    let pixel = response.body_mut().read_to_vec().unwrap();
    assert!(pixel.starts_with(b"GIF89a") && pixel.len() == 43, "{pixel:?}");
    // The frontend's POST: the same event, contexts plain (`co`), and a page view.
    let co = json!({"schema": "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1",
                    "data": [{"schema": STANDARD, "data": standard(json!(4), json!(2), json!(3), json!({}))}]});
    let body = payload(vec![
        json!({"e": "se", "se_ca": "projects:merge_requests:show", "se_ac": APPLY, "se_la": "overview", "co": co.to_string(), "dtm": "1700000000001"}),
        json!({"e": "pv", "url": "http://gdk.test:3000/"}),
    ]);
    let (status, text) = post(&tp2(&run.base), &body);
    assert_eq!((status, text.as_str()), (200, "ok: 2 events\n"));
    assert_eq!(
        json_get(&format!("{}/micro/all", run.base)),
        json!({"total": 3, "good": 3, "bad": 0, "stored": 3, "dropped": 0})
    );
    let good = json_get(&format!("{}/micro/good?event_type=struct", run.base));
    let events = good.as_array().unwrap();
    assert_eq!(events.len(), 2);
    // Newest first, as Snowplow Micro lists them.
    let first_sent = &events[1];
    assert_eq!(first_sent["eventType"], "struct");
    assert_eq!(first_sent["schema"], "iglu:com.google.analytics/event/jsonschema/1-0-0");
    assert_eq!(first_sent["contexts"], json!([STANDARD]));
    let event = &first_sent["event"];
    assert_eq!(event["se_category"], "InternalEventTracking");
    assert_eq!(event["se_action"], APPLY);
    assert_eq!(event["se_label"], "diff");
    assert_eq!(event["se_property"], "batch");
    assert_eq!(event["se_value"], 2);
    assert_eq!(event["collector_tstamp"], "1700000000000");
    assert_eq!(event["contexts"]["data"][0]["data"]["user_id"], 1);
    assert_eq!(first_sent["rawEvent"]["parameters"]["se_ac"], APPLY);
    assert_eq!(first_sent["eventdef"]["definition"], "config/events/apply_suggestion_in_merge_request.yml");
    assert_eq!(events[0]["event"]["contexts"]["data"][0]["data"]["user_id"], 4);
    // The page view is stored as good, marked as not an internal event.
    let views = json_get(&format!("{}/micro/good?event_type=page_view", run.base));
    assert_eq!(views[0]["eventdef"]["internal_event"], false);
    assert_eq!(run.notices.lock().unwrap().len(), 3);
}

#[test]
fn micro_filters_limit_and_reset() {
    let dir = repo();
    let run = start(dir.path());
    let context = cx(standard(json!(1), json!(2), json!(3), json!({})));
    let mut events: Vec<Value> = (0..5).map(|_| json!({"e": "se", "se_ac": APPLY, "cx": context})).collect();
    events.push(json!({"e": "se", "se_ac": "dismiss_suggestion_in_merge_request", "cx": context}));
    events.push(json!({"e": "pv"}));
    assert_eq!(post(&tp2(&run.base), &payload(events)).0, 200);
    let count = |v: Value| v.as_array().unwrap().len();
    assert_eq!(count(json_get(&format!("{}/micro/good", run.base))), 7);
    assert_eq!(count(json_get(&format!("{}/micro/good?limit=2", run.base))), 2);
    assert_eq!(count(json_get(&format!("{}/micro/good?action={APPLY}", run.base))), 5);
    assert_eq!(count(json_get(&format!("{}/micro/good?contexts={STANDARD}", run.base))), 6);
    let (status, body) = post(&format!("{}/micro/good", run.base), &json!({"event_type": "page_view"}).to_string());
    assert_eq!((status, count(serde_json::from_str(&body).unwrap())), (200, 1));
    let (status, body) = post(
        &format!("{}/micro/good", run.base),
        &json!({"schema": "iglu:com.google.analytics/event/jsonschema/1-0-0", "limit": 3}).to_string(),
    );
    assert_eq!((status, count(serde_json::from_str(&body).unwrap())), (200, 3));
    assert_eq!(get(&format!("{}/micro/good?limit=x", run.base)).0, 400);
    assert_eq!(get(&format!("{}/micro/good?colour=red", run.base)).0, 400);
    assert_eq!(
        json_get(&format!("{}/micro/reset", run.base)),
        json!({"total": 0, "good": 0, "bad": 0, "stored": 0, "dropped": 0})
    );
    assert_eq!(count(json_get(&format!("{}/micro/good", run.base))), 0);
}

#[test]
fn cors_preflight_names_the_allowed_origin_only() {
    let dir = repo();
    let config = CollectorConfig { allow_origins: vec!["http://gdk.test:3443".into()], ..CollectorConfig::default() };
    let run = start_with(dir.path(), config);
    let preflight = |origin: &str| {
        agent()
            .options(&tp2(&run.base))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .call()
            .unwrap()
    };
    let allowed = preflight("http://gdk.test:3443");
    assert_eq!(allowed.status(), 200);
    let headers = allowed.headers();
    assert_eq!(headers["access-control-allow-origin"], "http://gdk.test:3443");
    assert_eq!(headers["access-control-allow-credentials"], "true");
    assert_eq!(headers["access-control-allow-headers"], "content-type");
    let other = preflight("http://evil.example");
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[test]
fn the_oldest_events_are_dropped_beyond_max_events() {
    let dir = repo();
    let run = start_with(dir.path(), CollectorConfig { max_events: 10, ..CollectorConfig::default() });
    let events: Vec<Value> = (0..25).map(|i| json!({"e": "se", "se_ac": format!("nope_{i}")})).collect();
    assert_eq!(post(&tp2(&run.base), &payload(events)).0, 200);
    assert_eq!(
        json_get(&format!("{}/micro/all", run.base)),
        json!({"total": 25, "good": 0, "bad": 25, "stored": 10, "dropped": 15})
    );
    let bad = json_get(&format!("{}/micro/bad", run.base));
    assert_eq!(bad[0]["event"]["se_action"], "nope_24");
    assert_eq!(bad[9]["event"]["se_action"], "nope_15");
}

#[test]
fn definitions_reload_when_their_files_change() {
    let dir = repo();
    let config = CollectorConfig { watch: vec![dir.path().join("config/events")], ..CollectorConfig::default() };
    let run = start_with(dir.path(), config);
    let send = || get(&format!("{}/i?e=se&se_ac=brand_new_event", run.base));
    send();
    assert_eq!(json_get(&format!("{}/micro/all", run.base))["bad"], 1);
    std::fs::write(
        dir.path().join("config/events/brand_new_event.yml"),
        "---\ndescription: new\ninternal_events: true\nstatus: active\naction: brand_new_event\nproduct_group: code_review\nmilestone: '17.0'\nintroduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/3\ntiers:\n- free\n",
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !run.notices.lock().unwrap().iter().any(|n| n.starts_with("reloaded")) {
        assert!(Instant::now() < deadline, "no reload: {:?}", run.notices.lock().unwrap());
        std::thread::sleep(Duration::from_millis(50));
    }
    // Without identifiers and properties the event only needs the standard context.
    let context = cx(standard(Value::Null, Value::Null, Value::Null, json!({})));
    get(&format!("{}/i?e=se&se_ac=brand_new_event&cx={context}", run.base));
    assert_eq!(json_get(&format!("{}/micro/all", run.base))["good"], 1);
}

/// Writes `request` on a fresh connection and returns the status line of the answer.
fn raw_request(addr: SocketAddr, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    stream.write_all(request).unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    line.trim_end().to_owned()
}

#[test]
fn hostile_requests_are_answered_and_counted_exactly() {
    let dir = repo();
    let run = start(dir.path());
    let addr = run.collector.local_addr();
    // Malformed JSON and a body that is not payload_data: 400, each kept as one bad event.
    assert_eq!(post(&tp2(&run.base), "{not json").0, 400);
    assert_eq!(post(&tp2(&run.base), "[1,2]").0, 400);
    assert_eq!(post(&tp2(&run.base), &json!({"data": [1]}).to_string()).0, 400);
    assert_eq!(post(&tp2(&run.base), &payload(vec![])).0, 400);
    // Bad base64 and bad JSON inside an event: stored as bad with the reason.
    let (status, _) = get(&format!("{}/i?e=se&se_ac={APPLY}&cx=%25%25%25", run.base));
    assert_eq!(status, 200);
    let not_json = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("{nope");
    post(&tp2(&run.base), &payload(vec![json!({"e": "se", "se_ac": APPLY, "ue_px": not_json})]));
    // Non-UTF-8 after percent-decoding: kept, and bad.
    assert_eq!(get(&format!("{}/i?e=se&se_ac=%FF%FE", run.base)).0, 200);
    // Too big: 413, nothing stored.
    // The collector answers from the declared length, before the body, and closes the connection;
    // a client still sending 2 MB then sees a broken pipe, so the request announces its length
    // and sends only the start of the body.
    let huge = b"POST /com.snowplowanalytics.snowplow/tp2 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n{\"data\": [";
    assert_eq!(raw_request(addr, huge), "HTTP/1.1 413 Payload Too Large");
    // Unknown path, wrong method, GET /i without an event.
    assert_eq!(get(&format!("{}/nowhere", run.base)).0, 404);
    assert_eq!(get(&tp2(&run.base)).0, 405);
    assert_eq!(agent().delete(&format!("{}/micro/all", run.base)).call().unwrap().status(), 405);
    assert_eq!(get(&format!("{}/i", run.base)).0, 400);
    // A client that goes away mid-body.
    {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .write_all(b"POST /com.snowplowanalytics.snowplow/tp2 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"data\": [")
            .unwrap();
    }
    // 10,000 events in one POST.
    let many: Vec<Value> = (0..10_000).map(|_| json!({"e": "se", "se_ac": "bulk_event"})).collect();
    assert_eq!(post(&tp2(&run.base), &payload(many)).0, 200);
    let counts = json_get(&format!("{}/micro/all", run.base));
    // 3 undecodable bodies (the empty payload holds no event) + bad cx + bad ue_px + non-UTF-8
    // + 10,000 unknown events.
    assert_eq!(counts, json!({"total": 10_006, "good": 0, "bad": 10_006, "stored": 10_006, "dropped": 0}));
    let reasons = json_get(&format!("{}/micro/bad?action={APPLY}", run.base));
    let codes: Vec<&str> = reasons
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["eventdef"]["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()))
        .collect();
    assert!(codes.iter().filter(|c| **c == "invalid_payload").count() == 2, "{codes:?}");
    assert_eq!(
        raw_request(addr, b"GET /micro/all HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        "HTTP/1.1 200 OK"
    );
    assert_eq!(raw_request(addr, b"NONSENSE\r\n\r\n"), "HTTP/1.1 400 Bad Request");
}

#[test]
fn a_thousand_concurrent_connections_are_all_served() {
    let dir = repo();
    let run = start(dir.path());
    let addr = run.collector.local_addr();
    // All connections are open before any is answered.
    let mut streams: Vec<TcpStream> = (0..1000).map(|_| TcpStream::connect(addr).unwrap()).collect();
    for (i, stream) in streams.iter_mut().enumerate() {
        let request = format!("GET /i?e=se&se_ac=concurrent_{i} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).unwrap();
    }
    for stream in streams {
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut answer = Vec::new();
        BufReader::new(stream).read_to_end(&mut answer).unwrap();
        assert!(answer.starts_with(b"HTTP/1.1 200 OK"), "{}", String::from_utf8_lossy(&answer));
    }
    assert_eq!(json_get(&format!("{}/micro/all", run.base))["total"], 1000);
}

/// The binary, started with `args`; returns it with its address read from the startup line.
fn spawn_collect(root: &Path, args: &[&str]) -> (Child, String, BufReader<std::process::ChildStderr>) {
    let mut child = Command::cargo_bin("eventdef")
        .unwrap()
        .args(["--root", root.to_str().unwrap(), "collect", "--port", "0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let addr = regex::Regex::new(r"listening on (http://127\.0\.0\.1:\d+)")
        .unwrap()
        .captures(&line)
        .unwrap_or_else(|| panic!("{line}"))[1]
        .to_owned();
    (child, addr, stderr)
}

fn interrupt(child: &Child) {
    // SAFETY: kill(2) on the child's pid, which this test spawned and has not reaped.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
}

#[test]
fn collect_logs_each_event_appends_json_lines_and_exits_1_after_bad_events() {
    let dir = repo();
    let out = dir.path().join("events.jsonl");
    let (mut child, base, mut stderr) = spawn_collect(dir.path(), &["--output-json", out.to_str().unwrap()]);
    let context = cx(standard(json!(1), json!(2), json!(3), json!({})));
    get(&format!("{base}/i?e=se&se_ac={APPLY}&cx={context}"));
    get(&format!("{base}/i?e=se&se_ac=apply_sugestion_in_merge_request"));
    let mut lines = Vec::new();
    for _ in 0..2 {
        let mut line = String::new();
        stderr.read_line(&mut line).unwrap();
        lines.push(line);
    }
    assert_eq!(lines[0], format!("good {APPLY} (config/events/{APPLY}.yml)\n"));
    assert!(
        lines[1].starts_with("bad  apply_sugestion_in_merge_request: unknown_event: no event definition"),
        "{}",
        lines[1]
    );
    interrupt(&child);
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(rest, "received 2 events: 1 good, 1 bad; 2 kept, 0 dropped over --max-events\n");
    assert_eq!(status.code(), Some(1));
    let written = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<Value> = written.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["eventdef"]["good"], true);
    assert_eq!(rows[1]["eventdef"]["reasons"][0]["code"], "unknown_event");
}

#[test]
fn collect_exits_0_when_every_event_was_good() {
    let dir = repo();
    let (child, _base, mut stderr) = spawn_collect(dir.path(), &["--quiet"]);
    interrupt(&child);
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(rest, "received 0 events: 0 good, 0 bad; 0 kept, 0 dropped over --max-events\n");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_port_in_use_exits_2_naming_the_port() {
    let dir = repo();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::cargo_bin("eventdef")
        .unwrap()
        .args(["--root", dir.path().to_str().unwrap(), "collect", "--port", &port])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with(&format!("error: cannot listen on 127.0.0.1:{port}: port {port}: ")), "{stderr}");
}

fn monitor_json(root: &Path, base: &str, actions: &[&str]) -> Value {
    let output = Command::cargo_bin("eventdef")
        .unwrap()
        .args(["--root", root.to_str().unwrap(), "monitor"])
        .args(actions)
        .args(["--collector", base, "--once", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn metric_values(snapshot: &Value) -> Vec<(String, Value)> {
    snapshot["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["key_path"].as_str().unwrap().to_owned(), m["value"].clone()))
        .collect()
}

#[test]
fn monitor_once_computes_totals_unique_users_filters_sums_and_windows() {
    let dir = repo();
    let run = start(dir.path());
    let now = eventdef::collect::now_ms();
    let day = 24 * 60 * 60 * 1000;
    // (user, label, property, value, days ago)
    let sent = [
        (1, "diff", "batch", 2, 1),
        (1, "diff", "single", 1, 2),
        (2, "overview", "batch", 3, 3),
        (3, "diff", "batch", 4, 10),
        (4, "diff", "batch", 5, 40),
    ];
    let events: Vec<Value> = sent
        .iter()
        .map(|(user, label, property, value, ago)| {
            json!({"e": "se", "se_ca": "InternalEventTracking", "se_ac": APPLY, "se_la": label, "se_pr": property,
                   "se_va": value.to_string(), "dtm": (now - ago * day).to_string(),
                   "cx": cx(standard(json!(user), json!(7), json!(8), json!({})))})
        })
        .collect();
    assert_eq!(post(&tp2(&run.base), &payload(events)).0, 200);
    get(&format!("{}/i?e=se&se_ac=dismiss_suggestion_in_merge_request", run.base));
    let snapshot = monitor_json(dir.path(), &run.base, &[APPLY]);
    let expected: Vec<(String, Value)> = [
        ("counts.count_total_apply_suggestion_in_merge_request", json!(5)),
        ("counts.count_total_apply_suggestion_in_merge_request_monthly", json!(4)),
        ("counts.count_total_apply_suggestion_in_merge_request_weekly", json!(3)),
        // label: diff and property: batch, within 28 days: users 1 (day 1) and 3 (day 10).
        ("counts.count_total_batch_suggestions_applied_on_diff_monthly", json!(2)),
        ("redis_hll_counters.count_distinct_user_id_from_apply_suggestion_in_merge_request_monthly", json!(3)),
        ("redis_hll_counters.count_distinct_user_id_from_apply_suggestion_in_merge_request_weekly", json!(2)),
        ("sums.sum_value_from_apply_suggestion_in_merge_request", json!(15)),
        ("sums.sum_value_from_apply_suggestion_in_merge_request_monthly", json!(10)),
        ("sums.sum_value_from_apply_suggestion_in_merge_request_weekly", json!(6)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    assert_eq!(metric_values(&snapshot), expected);
    assert_eq!(snapshot["counts"], json!({"events": 5, "good": 5, "bad": 0}));
    let newest = &snapshot["events"][0];
    assert_eq!(
        (newest["user_id"].clone(), newest["project_id"].clone(), newest["plan"].clone()),
        (json!(4), json!(7), json!("free"))
    );
    // The monitored bad event shows with its reason.
    let dismissed = monitor_json(dir.path(), &run.base, &["dismiss_suggestion_in_merge_request"]);
    assert_eq!(dismissed["counts"], json!({"events": 1, "good": 0, "bad": 1}));
    assert!(dismissed["events"][0]["reasons"][0].as_str().unwrap().starts_with("missing_standard_context: "));
}

#[test]
fn monitor_once_without_a_collector_exits_2() {
    let dir = repo();
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", free.local_addr().unwrap());
    drop(free);
    let output = Command::cargo_bin("eventdef")
        .unwrap()
        .args(["--root", dir.path().to_str().unwrap(), "monitor", APPLY, "--collector", &base, "--once"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!("error: nothing listens at {base}; start `eventdef collect` (or Snowplow Micro) first\n")
    );
}

// ---- Real Snowplow trackers from the package registries (installed by .ci/run) ----

/// Where `.ci/run` installed the trackers: `$EVENTDEF_TRACKERS/{py,node}`. Missing is a failure.
fn trackers() -> PathBuf {
    let dir = std::env::var_os("EVENTDEF_TRACKERS").map(PathBuf::from).unwrap_or_else(|| {
        panic!("EVENTDEF_TRACKERS is not set: run .ci/run, which installs snowplow-tracker (PyPI) and @snowplow/node-tracker (npm)")
    });
    assert!(dir.join("py/snowplow_tracker").is_dir(), "{}: snowplow-tracker is not installed", dir.display());
    assert!(
        dir.join("node/node_modules/@snowplow/node-tracker").is_dir(),
        "{}: @snowplow/node-tracker is not installed",
        dir.display()
    );
    dir
}

/// The events each tracker test sends: good ones and one of each usual mistake.
fn tracker_events() -> Value {
    json!([
        {"action": APPLY, "label": "diff", "property": "batch", "value": 2, "standard": standard(json!(1), json!(2), json!(3), json!({}))},
        {"action": "export_issue_list_csv", "label": "csv", "standard": standard(json!(1), Value::Null, Value::Null, json!({"source_page": "list"}))},
        {"action": "apply_sugestion_in_merge_request", "standard": standard(json!(1), json!(2), json!(3), json!({}))},
        {"action": APPLY, "standard": standard(Value::Null, json!(2), json!(3), json!({}))},
        {"action": "export_issue_list_csv", "standard": standard(json!(1), Value::Null, Value::Null, json!({"secret": "x"}))},
        {"action": "dismiss_suggestion_in_merge_request", "label": "diff"},
    ])
}

fn check_tracker_verdicts(base: &str) {
    let all = json_get(&format!("{base}/micro/all"));
    assert_eq!((all["good"].clone(), all["bad"].clone()), (json!(2), json!(4)), "{all}");
    let good = json_get(&format!("{base}/micro/good"));
    let mut good_actions: Vec<&str> =
        good.as_array().unwrap().iter().map(|e| e["event"]["se_action"].as_str().unwrap()).collect();
    good_actions.sort();
    assert_eq!(good_actions, [APPLY, "export_issue_list_csv"]);
    let applied = good.as_array().unwrap().iter().find(|e| e["event"]["se_action"] == APPLY).unwrap();
    assert_eq!(applied["event"]["se_label"], "diff");
    assert_eq!(applied["event"]["se_value"], 2);
    assert_eq!(applied["event"]["contexts"]["data"][0]["data"]["user_id"], 1);
    let bad = json_get(&format!("{base}/micro/bad"));
    let mut codes: Vec<String> = bad
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let reasons: Vec<&str> =
                e["eventdef"]["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
            format!("{}: {}", e["event"]["se_action"].as_str().unwrap(), reasons.join(","))
        })
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "apply_sugestion_in_merge_request: unknown_event".to_owned(),
            format!("{APPLY}: missing_identifier"),
            "dismiss_suggestion_in_merge_request: missing_standard_context".to_owned(),
            "export_issue_list_csv: undeclared_extra_key".to_owned(),
        ]
    );
}

fn run_tracker(program: &str, script: &str, env: (&str, PathBuf), base: &str, method: &str) {
    let dir = repo();
    let events = dir.path().join("events.json");
    std::fs::write(&events, tracker_events().to_string()).unwrap();
    let port = base.rsplit(':').next().unwrap();
    let output = Command::new(program)
        .arg(support::crate_dir().join("tests/it/trackers").join(script))
        .args([port, method, events.to_str().unwrap()])
        .env(env.0, env.1)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(output.status.success(), "{program} {script} {method}: {}", String::from_utf8_lossy(&output.stderr));
}

#[test]
#[ignore = "needs snowplow trackers"]
fn python_tracker_get_and_post_events_land_where_they_should() {
    let trackers = trackers();
    for method in ["get", "post"] {
        let dir = repo();
        let run = start(dir.path());
        run_tracker("python3", "send.py", ("PYTHONPATH", trackers.join("py")), &run.base, method);
        check_tracker_verdicts(&run.base);
    }
}

#[test]
#[ignore = "needs snowplow trackers"]
fn node_tracker_get_and_post_events_land_where_they_should() {
    let trackers = trackers();
    for method in ["get", "post"] {
        let dir = repo();
        let run = start(dir.path());
        run_tracker(
            "node",
            "send.mjs",
            ("EVENTDEF_NODE_MODULES", trackers.join("node/node_modules")),
            &run.base,
            method,
        );
        check_tracker_verdicts(&run.base);
    }
}
