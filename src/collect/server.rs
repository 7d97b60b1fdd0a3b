//! The HTTP side: what Snowplow trackers send, what Snowplow Micro answers
//! (https://docs.snowplow.io/docs/testing/snowplow-micro/) and what GitLab's mock collector
//! serves (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/server.rb).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use tower::limit::ConcurrencyLimitLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

use super::Shared;
use super::decode::{Parameters, payload_entries};
use super::store::Filter;

/// The 1×1 transparent GIF collectors answer `GET /i` with (the pixel a page loads).
const PIXEL_GIF: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00,
    0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02,
    0x02, 0x44, 0x01, 0x00, 0x3b,
];

pub(super) fn router(shared: Arc<Shared>) -> Router {
    let origins: Vec<HeaderValue> =
        shared.config.allow_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    // Browsers send the tracker's POST with credentials (cookies), which needs one named origin,
    // never `*` (https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS#requests_with_credentials).
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_credentials(true)
        .allow_headers([header::CONTENT_TYPE])
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS]);
    Router::new()
        .route("/i", get(pixel))
        .route("/com.snowplowanalytics.snowplow/tp2", post(tp2))
        .route("/micro/all", get(all))
        .route("/micro/good", get(good_get).post(good_post))
        .route("/micro/bad", get(bad_get).post(bad_post))
        .route("/micro/reset", get(reset).post(reset))
        .fallback(not_found)
        // tower-http's limit answers 413 from a declared Content-Length before reading the body
        // (axum's DefaultBodyLimit would read up to the limit first) and caps chunked bodies too.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(shared.config.max_body_bytes))
        .layer(cors)
        // Requests in flight at once; the rest wait their turn, so memory held by bodies being
        // read stays bounded however many clients connect.
        .layer(ConcurrencyLimitLayer::new(shared.config.max_in_flight.max(1)))
        .with_state(shared)
}

fn text(status: StatusCode, message: impl Into<String>) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message.into()).into_response()
}

async fn not_found() -> Response {
    text(
        StatusCode::NOT_FOUND,
        "not found: this collector serves GET /i, POST /com.snowplowanalytics.snowplow/tp2 and /micro/{all,good,bad,reset}\n",
    )
}

/// The query's parameters; text that is not UTF-8 after percent-decoding is kept lossily and
/// reported, so the event is stored as bad rather than lost.
fn query_parameters(query: &str) -> (Parameters, Option<String>) {
    let mut params = Vec::new();
    let mut problem = None;
    for (key, value) in form_urlencoded_pairs(query) {
        let key_text = String::from_utf8_lossy(&key).into_owned();
        if (std::str::from_utf8(&key).is_err() || std::str::from_utf8(&value).is_err()) && problem.is_none() {
            problem = Some(format!("parameter `{key_text}` is not UTF-8"));
        }
        params.push((key_text, String::from_utf8_lossy(&value).into_owned()));
    }
    (params, problem)
}

/// `application/x-www-form-urlencoded` pairs as bytes (`+` is a space). percent-encoding does
/// the decoding; the split is hand-written because its bytes, not text, are needed to report
/// a non-UTF-8 value instead of failing the whole request.
fn form_urlencoded_pairs(query: &str) -> impl Iterator<Item = (Vec<u8>, Vec<u8>)> + '_ {
    let decode = |s: &str| -> Vec<u8> { percent_encoding::percent_decode(s.replace('+', " ").as_bytes()).collect() };
    query.split('&').filter(|p| !p.is_empty()).map(move |pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(k), decode(v))
    })
}

async fn pixel(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let (params, problem) = query_parameters(query.as_deref().unwrap_or(""));
    if params.is_empty() {
        return text(StatusCode::BAD_REQUEST, "GET /i without parameters: no event\n");
    }
    shared.ingest(vec![params], problem.into_iter().collect());
    ([(header::CONTENT_TYPE, "image/gif"), (header::CACHE_CONTROL, "no-cache, no-store")], PIXEL_GIF).into_response()
}

async fn tp2(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    match payload_entries(&body) {
        Ok(entries) if entries.is_empty() => text(StatusCode::BAD_REQUEST, "payload_data with no events\n"),
        Ok(entries) => {
            let n = entries.len();
            shared.ingest(entries, Vec::new());
            text(StatusCode::OK, format!("ok: {n} event{}\n", if n == 1 { "" } else { "s" }))
        }
        Err(message) => {
            // Kept as one bad event, as Snowplow Micro keeps payloads it cannot read.
            shared.ingest_undecodable(&body, &message);
            text(StatusCode::BAD_REQUEST, format!("bad payload: {message}\n"))
        }
    }
}

fn json_response(value: Value) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], value.to_string()).into_response()
}

async fn all(State(shared): State<Arc<Shared>>) -> Response {
    json_response(json!(shared.counts()))
}

async fn reset(State(shared): State<Arc<Shared>>) -> Response {
    shared.store.lock().unwrap_or_else(|p| p.into_inner()).reset();
    json_response(json!(shared.counts()))
}

/// Filters from a query: `event_type`, `schema`, `contexts` (repeated or comma-separated),
/// `limit`, `action`.
fn filter_from_query(query: Option<&str>) -> Result<Filter, String> {
    let (params, _) = query_parameters(query.unwrap_or(""));
    let mut filter = Filter::default();
    for (key, value) in params {
        match key.as_str() {
            "event_type" => filter.event_type = Some(value),
            "schema" => filter.schema = Some(value),
            "action" => filter.action = Some(value),
            "contexts" => filter.contexts.extend(value.split(',').filter(|c| !c.is_empty()).map(str::to_owned)),
            "limit" => {
                filter.limit = Some(value.parse().map_err(|_| format!("limit must be a number, got {value:?}"))?)
            }
            other => return Err(format!("unknown filter `{other}` (event_type, schema, contexts, limit, action)")),
        }
    }
    Ok(filter)
}

fn filter_from_body(body: &[u8]) -> Result<Filter, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Filter::default());
    }
    serde_json::from_slice(body).map_err(|e| format!("filter body: {e}"))
}

fn listing(shared: &Shared, good: bool, filter: Result<Filter, String>) -> Response {
    match filter {
        Ok(filter) => {
            let events = shared.store.lock().unwrap_or_else(|p| p.into_inner()).select(Some(good), &filter);
            json_response(Value::Array(events.iter().map(|e| e.to_json()).collect()))
        }
        Err(message) => text(StatusCode::BAD_REQUEST, format!("{message}\n")),
    }
}

async fn good_get(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    listing(&shared, true, filter_from_query(query.as_deref()))
}

async fn good_post(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    listing(&shared, true, filter_from_body(&body))
}

async fn bad_get(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    listing(&shared, false, filter_from_query(query.as_deref()))
}

async fn bad_post(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    listing(&shared, false, filter_from_body(&body))
}
