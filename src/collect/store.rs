//! The received events, newest kept: at most `max_events`, the oldest evicted and counted.
//! Each event is kept as the compact JSON text of its parameters plus the few fields the read
//! API filters on, and expanded into Snowplow Micro's shape only when read, so memory stays
//! near the size of what was sent.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::check::Verdict;
use super::decode::{Decoded, Parameters, param, parameters_from_json};

/// One stored event.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    /// Received order, from 1 since the collector started (not reset by `/micro/reset`).
    pub id: u64,
    /// When it was received, ms since the epoch.
    pub received_ms: i64,
    /// The parameters as a JSON object text, in the order sent.
    raw: Box<str>,
    event_type: Box<str>,
    schema: Option<Box<str>>,
    context_schemas: Box<[Box<str>]>,
    action: Option<Box<str>>,
    pub verdict: Verdict,
}

impl StoredEvent {
    pub fn new(id: u64, received_ms: i64, params: &Parameters, decoded: &Decoded, verdict: Verdict) -> StoredEvent {
        let object: Map<String, Value> = params.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        StoredEvent {
            id,
            received_ms,
            raw: Value::Object(object).to_string().into_boxed_str(),
            event_type: decoded.event_type().into(),
            schema: decoded.schema().map(String::into_boxed_str),
            context_schemas: decoded.context_schemas().into_iter().map(String::into_boxed_str).collect(),
            action: decoded.action.as_deref().map(Box::from),
            verdict,
        }
    }

    pub fn is_good(&self) -> bool {
        self.verdict.is_good()
    }

    pub fn action(&self) -> Option<&str> {
        self.action.as_deref()
    }

    pub fn event_type(&self) -> &str {
        &self.event_type
    }

    pub fn parameters(&self) -> Parameters {
        match serde_json::from_str::<Value>(&self.raw) {
            Ok(Value::Object(map)) => parameters_from_json(&map),
            _ => Vec::new(),
        }
    }

    /// The event as Snowplow Micro's `/micro/good` and `/micro/bad` list it, with the fields
    /// GitLab's mock collector keeps
    /// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/server.rb):
    /// `event.se_category`, `se_action`, `se_label`, `se_property`, `se_value`,
    /// `collector_tstamp` (the tracker's `dtm`, as server.rb has it), the decoded `contexts`,
    /// and `rawEvent.parameters`. `eventdef` carries the verdict; bad events also list their
    /// reasons as Micro's `errors`.
    pub fn to_json(&self) -> Value {
        let params = self.parameters();
        let decoded = Decoded::from_parameters(&params);
        let text = |name: &str| param(&params, name).filter(|v| !v.is_empty()).map(str::to_owned);
        let se_value = match (&decoded.value_text, decoded.value()) {
            // Integral values stay integers (`2`, not `2.0`), as trackers send them.
            (_, Some(v)) if v.fract() == 0.0 && v.abs() < 9e15 => json!(v as i64),
            (_, Some(v)) => json!(v),
            (Some(t), None) => json!(t),
            (None, None) => Value::Null,
        };
        let raw: Value = serde_json::from_str(&self.raw).unwrap_or(Value::Null);
        let mut out = json!({
            "eventType": &*self.event_type,
            "schema": self.schema.as_deref(),
            "contexts": self.context_schemas.iter().map(|s| &**s).collect::<Vec<_>>(),
            "event": {
                "event": &*self.event_type,
                "event_id": text("eid"),
                "app_id": text("aid"),
                "platform": text("p"),
                "name_tracker": text("tna"),
                "v_tracker": text("tv"),
                "se_category": decoded.category,
                "se_action": decoded.action,
                "se_label": decoded.label,
                "se_property": decoded.property,
                "se_value": se_value,
                "collector_tstamp": text("dtm").unwrap_or_else(|| self.received_ms.to_string()),
                "dvce_created_tstamp": text("dtm"),
                "dvce_sent_tstamp": text("stm"),
                "contexts": decoded.contexts,
                "unstruct_event": decoded.unstruct,
            },
            "rawEvent": { "parameters": raw },
            "eventdef": {
                "id": self.id,
                "good": self.is_good(),
                "received_at": self.received_ms,
                "internal_event": self.verdict.internal_event,
                "definition": self.verdict.definition,
                "reasons": self.verdict.reasons,
            },
        });
        if !self.is_good() {
            out["errors"] = json!(
                self.verdict.reasons.iter().map(|r| format!("{}: {}", r.code.as_str(), r.message)).collect::<Vec<_>>()
            );
        }
        out
    }
}

/// Snowplow Micro's `/micro/all` answer, plus how many events are kept and how many were
/// evicted to keep memory bounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub total: u64,
    pub good: u64,
    pub bad: u64,
    pub stored: u64,
    pub dropped: u64,
}

/// The filters of `/micro/good` (Snowplow Micro's, plus `action` for `se_action`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Filter {
    pub event_type: Option<String>,
    pub schema: Option<String>,
    #[serde(default)]
    pub contexts: Vec<String>,
    pub limit: Option<usize>,
    pub action: Option<String>,
}

impl Filter {
    fn matches(&self, event: &StoredEvent) -> bool {
        self.event_type.as_deref().is_none_or(|t| *event.event_type == *t)
            && self.schema.as_deref().is_none_or(|s| event.schema.as_deref() == Some(s))
            && self.action.as_deref().is_none_or(|a| event.action.as_deref() == Some(a))
            && self.contexts.iter().all(|c| event.context_schemas.iter().any(|s| **s == **c))
    }
}

#[derive(Debug)]
pub struct Store {
    events: VecDeque<StoredEvent>,
    max_events: usize,
    counts: Counts,
    next_id: u64,
}

impl Store {
    pub fn new(max_events: usize) -> Store {
        Store { events: VecDeque::new(), max_events: max_events.max(1), counts: Counts::default(), next_id: 1 }
    }

    pub fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn push(&mut self, event: StoredEvent) {
        self.counts.total += 1;
        if event.is_good() {
            self.counts.good += 1;
        } else {
            self.counts.bad += 1;
        }
        if self.events.len() >= self.max_events {
            self.events.pop_front();
            self.counts.dropped += 1;
        }
        self.events.push_back(event);
    }

    pub fn counts(&self) -> Counts {
        Counts { stored: self.events.len() as u64, ..self.counts }
    }

    pub fn reset(&mut self) {
        self.events.clear();
        self.counts = Counts::default();
    }

    /// Good (`good = true`) or bad events matching `filter`, newest first (as Snowplow Micro
    /// lists them), at most `filter.limit`.
    pub fn select(&self, good: Option<bool>, filter: &Filter) -> Vec<StoredEvent> {
        self.events
            .iter()
            .rev()
            .filter(|e| good.is_none_or(|g| e.is_good() == g) && filter.matches(e))
            .take(filter.limit.unwrap_or(usize::MAX))
            .cloned()
            .collect()
    }
}
