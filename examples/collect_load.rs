//! A small load generator for `eventdef collect` and peers (benches/collect.sh): sends
//! structured events as GitLab's backend (`GET /i`) or frontend (`POST .../tp2`, batches)
//! tracker does, over keep-alive connections, and prints one JSON line of figures.
//!
//!   collect_load URL get|post SECONDS CONNECTIONS [RATE]
//!
//! Without RATE every connection sends as fast as it is answered (throughput). With RATE
//! (requests per second, all connections together) requests are sent on a fixed schedule and
//! latency counts from the scheduled time, so a slow answer delays the next ones' clock too
//! (no coordinated omission).
//!
//! wrk would measure throughput too, but not latency at a fixed rate (that is wrk2, which
//! Debian does not package), so the same small client measures both, for every server.

use std::time::{Duration, Instant};

use base64::Engine as _;

/// Events per POST (the JavaScript tracker batches a page's events).
const BATCH: usize = 10;

fn standard_context(user: u64) -> String {
    let contexts = serde_json::json!({
        "schema": "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1",
        "data": [{"schema": "iglu:com.gitlab/gitlab_standard/jsonschema/1-1-1",
                  "data": {"environment": "development", "source": "gitlab-rails", "user_id": user,
                           "project_id": 2, "namespace_id": 3, "plan": "free", "extra": {}}}],
    });
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(contexts.to_string())
}

/// One structured event as GitLab's backend sends it with GET /i.
fn get_query(cx: &str) -> String {
    format!(
        "e=se&se_ca=InternalEventTracking&se_ac=apply_suggestion_in_merge_request&se_la=diff&se_pr=batch&se_va=1&dtm=1700000000000&cx={cx}"
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `collect_load URL url` prints the GET request it sends, so another client (wrk) can send
    // exactly the same one.
    if args.len() == 3 && args[2] == "url" {
        println!("{}/i?{}", args[1].trim_end_matches('/'), get_query(&standard_context(1)));
        return;
    }
    if args.len() < 5 {
        eprintln!("usage: collect_load URL get|post SECONDS CONNECTIONS [RATE] | collect_load URL url");
        std::process::exit(2);
    }
    let base = args[1].trim_end_matches('/').to_owned();
    let post = args[2] == "post";
    let seconds: f64 = args[3].parse().expect("SECONDS");
    let connections: usize = args[4].parse().expect("CONNECTIONS");
    let rate: Option<f64> = args.get(5).map(|r| r.parse().expect("RATE"));
    let cx = standard_context(1);
    let event = |i: usize| {
        serde_json::json!({"e": "se", "se_ca": "InternalEventTracking", "se_ac": "apply_suggestion_in_merge_request",
                           "se_la": "diff", "se_pr": "batch", "se_va": "1", "dtm": "1700000000000",
                           "eid": format!("00000000-0000-4000-8000-{i:012}"), "cx": cx})
    };
    let get_query = get_query(&cx);
    let body = serde_json::json!({"schema": "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4",
                                  "data": (0..BATCH).map(event).collect::<Vec<_>>()})
    .to_string();
    let duration = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let threads: Vec<_> = (0..connections)
        .map(|c| {
            let (base, get_query, body) = (base.clone(), get_query.clone(), body.clone());
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(10)))
                    .build()
                    .into();
                let interval = rate.map(|r| Duration::from_secs_f64(connections as f64 / r));
                let mut latencies = Vec::new();
                let mut errors = 0u64;
                let mut n = 0u32;
                loop {
                    let scheduled = match interval {
                        // Spread the connections over one interval.
                        Some(i) => start + i.mul_f64(c as f64 / connections as f64) + i * n,
                        None => Instant::now(),
                    };
                    if scheduled.duration_since(start) >= duration {
                        break;
                    }
                    if let Some(wait) = scheduled.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                    let result = if post {
                        agent
                            .post(&format!("{base}/com.snowplowanalytics.snowplow/tp2"))
                            .header("Content-Type", "application/json")
                            .send(&body)
                    } else {
                        agent.get(&format!("{base}/i?{get_query}")).call()
                    };
                    match result {
                        Ok(mut r) if r.status().is_success() => {
                            let _ = r.body_mut().read_to_vec();
                            latencies.push(scheduled.elapsed());
                        }
                        Ok(_) | Err(_) => errors += 1,
                    }
                    n += 1;
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for t in threads {
        let (l, e) = t.join().expect("load thread");
        latencies.extend(l);
        errors += e;
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let requests = latencies.len();
    let events = requests * if post { BATCH } else { 1 };
    println!(
        "{}",
        serde_json::json!({
            "mode": if post { "post" } else { "get" },
            "connections": connections,
            "rate": rate,
            "seconds": (elapsed * 10.0).round() / 10.0,
            "requests": requests,
            "events": events,
            "events_per_s": (events as f64 / elapsed).round(),
            "p50_ms": (pct(0.50) * 100.0).round() / 100.0,
            "p99_ms": (pct(0.99) * 100.0).round() / 100.0,
            "errors": errors,
        })
    );
}
