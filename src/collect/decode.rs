//! What Snowplow trackers send, decoded: the tracker protocol's parameters
//! (https://docs.snowplow.io/docs/sources/trackers/snowplow-tracker-protocol/) from a `GET /i`
//! query or one entry of a `POST /com.snowplowanalytics.snowplow/tp2` payload_data body.

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value};

/// The schema of GitLab's standard context
/// (https://gitlab.com/gitlab-org/iglu/-/tree/master/public/schemas/com.gitlab/gitlab_standard/jsonschema);
/// matched without its version, which GitLab bumps when it adds a field.
pub const STANDARD_CONTEXT_PREFIX: &str = "iglu:com.gitlab/gitlab_standard/";

/// The schema Snowplow Micro reports for structured events.
pub const STRUCT_SCHEMA: &str = "iglu:com.google.analytics/event/jsonschema/1-0-0";
const PAGE_VIEW_SCHEMA: &str = "iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0";
const PAGE_PING_SCHEMA: &str = "iglu:com.snowplowanalytics.snowplow/page_ping/jsonschema/1-0-0";

/// One event's parameters as sent, in the order sent. Values are text, as the protocol has them.
pub type Parameters = Vec<(String, String)>;

/// Base64 as trackers write it: URL-safe (the protocol's choice) or standard, padded or not.
fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    const LENIENT: GeneralPurposeConfig =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);
    const STANDARD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
    let text = text.trim();
    URL_SAFE.decode(text).or_else(|_| STANDARD.decode(text))
}

/// A self-describing JSON sent either plainly (`plain`, e.g. `co`) or base64-encoded
/// (`encoded`, e.g. `cx`). `Ok(None)` when neither is there.
fn self_describing(params: &Parameters, plain: &str, encoded: &str) -> Result<Option<Value>, String> {
    if let Some(text) = param(params, encoded) {
        let bytes = decode_base64(text).map_err(|e| format!("`{encoded}` is not base64: {e}"))?;
        let value: Value =
            serde_json::from_slice(&bytes).map_err(|e| format!("`{encoded}` does not decode to JSON: {e}"))?;
        return Ok(Some(value));
    }
    if let Some(text) = param(params, plain) {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("`{plain}` is not JSON: {e}"))?;
        return Ok(Some(value));
    }
    Ok(None)
}

pub fn param<'p>(params: &'p Parameters, name: &str) -> Option<&'p str> {
    params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// A parameter that is present and not empty (trackers send `se_la=` for "no label").
fn non_empty<'p>(params: &'p Parameters, name: &str) -> Option<&'p str> {
    param(params, name).filter(|v| !v.is_empty())
}

/// One decoded event.
#[derive(Debug, Clone, Default)]
pub struct Decoded {
    /// The protocol's `e`: `se` structured, `ue` self-describing, `pv`, `pp`, ...
    pub e: String,
    pub category: Option<String>,
    pub action: Option<String>,
    pub label: Option<String>,
    pub property: Option<String>,
    /// `se_va` as sent; [`Decoded::value`] is its number.
    pub value_text: Option<String>,
    /// Device timestamp `dtm` (ms since the epoch), else sent timestamp `stm`.
    pub timestamp_ms: Option<i64>,
    /// The `contexts` JSON (`{"schema": ..., "data": [...]}`) from `cx` or `co`.
    pub contexts: Option<Value>,
    /// The self-describing event from `ue_px` or `ue_pr`.
    pub unstruct: Option<Value>,
    /// What could not be decoded (bad base64, bad JSON); the event is bad for each.
    pub problems: Vec<String>,
}

impl Decoded {
    pub fn from_parameters(params: &Parameters) -> Decoded {
        let mut problems = Vec::new();
        let contexts = self_describing(params, "co", "cx").unwrap_or_else(|p| {
            problems.push(p);
            None
        });
        let unstruct = self_describing(params, "ue_pr", "ue_px").unwrap_or_else(|p| {
            problems.push(p);
            None
        });
        let timestamp = |name| non_empty(params, name).and_then(|t| t.trim().parse::<i64>().ok());
        Decoded {
            e: param(params, "e").unwrap_or_default().to_owned(),
            category: non_empty(params, "se_ca").map(str::to_owned),
            action: non_empty(params, "se_ac").map(str::to_owned),
            label: non_empty(params, "se_la").map(str::to_owned),
            property: non_empty(params, "se_pr").map(str::to_owned),
            value_text: non_empty(params, "se_va").map(str::to_owned),
            timestamp_ms: timestamp("dtm").or_else(|| timestamp("stm")),
            contexts,
            unstruct,
            problems,
        }
    }

    pub fn is_structured(&self) -> bool {
        self.e == "se"
    }

    /// `se_va` as a number; `None` when absent or not a number.
    pub fn value(&self) -> Option<f64> {
        self.value_text.as_deref().and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| v.is_finite())
    }

    /// Snowplow Micro's `eventType` for the protocol's `e`.
    pub fn event_type(&self) -> &str {
        match self.e.as_str() {
            "se" => "struct",
            "ue" => "unstruct",
            "pv" => "page_view",
            "pp" => "page_ping",
            "tr" => "transaction",
            "ti" => "transaction_item",
            "" => "unknown",
            other => other,
        }
    }

    /// Snowplow Micro's `schema`: the event's own schema.
    pub fn schema(&self) -> Option<String> {
        match self.e.as_str() {
            "se" => Some(STRUCT_SCHEMA.to_owned()),
            "pv" => Some(PAGE_VIEW_SCHEMA.to_owned()),
            "pp" => Some(PAGE_PING_SCHEMA.to_owned()),
            "ue" => self
                .unstruct
                .as_ref()
                .and_then(|u| u.pointer("/data/schema"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            _ => None,
        }
    }

    /// Every context entry (`contexts.data[]`).
    pub fn context_entries(&self) -> &[Value] {
        self.contexts.as_ref().and_then(|c| c.get("data")).and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }

    /// The schemas of the attached contexts.
    pub fn context_schemas(&self) -> Vec<String> {
        self.context_entries()
            .iter()
            .filter_map(|c| c.get("schema").and_then(Value::as_str))
            .map(str::to_owned)
            .collect()
    }

    /// The `data` of the `gitlab_standard` context, when one is attached.
    pub fn standard_context(&self) -> Option<&Map<String, Value>> {
        self.context_entries()
            .iter()
            .find(|c| c.get("schema").and_then(Value::as_str).is_some_and(|s| s.starts_with(STANDARD_CONTEXT_PREFIX)))
            .and_then(|c| c.get("data"))
            .and_then(Value::as_object)
    }
}

/// The parameters of one `payload_data` entry. The protocol sends text; numbers and booleans
/// some trackers send are kept as their JSON text, nested values as JSON.
pub fn parameters_from_json(entry: &Map<String, Value>) -> Parameters {
    entry
        .iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect()
}

/// The events of a `POST .../tp2` body: `{"schema": ".../payload_data/...", "data": [ {...}, ... ]}`.
/// A body that is not that shape is one error message.
pub fn payload_entries(body: &[u8]) -> Result<Vec<Parameters>, String> {
    let text = std::str::from_utf8(body).map_err(|e| format!("the body is not UTF-8: {e}"))?;
    let value: Value = serde_json::from_str(text).map_err(|e| format!("the body is not JSON: {e}"))?;
    let data = value
        .get("data")
        .and_then(Value::as_array)
        .ok_or_else(|| "the body has no `data` list (Snowplow payload_data)".to_owned())?;
    data.iter()
        .enumerate()
        .map(|(i, entry)| {
            entry.as_object().map(parameters_from_json).ok_or_else(|| format!("`data[{i}]` is not an object"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_safe_and_standard_base64_both_decode() {
        let json = br#"{"schema":"s","data":[{"schema":"iglu:com.gitlab/gitlab_standard/jsonschema/1-1-1","data":{"user_id":1}}]}"#;
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
        let std = base64::engine::general_purpose::STANDARD.encode(json);
        for text in [url, std] {
            let params = vec![("e".to_owned(), "se".to_owned()), ("cx".to_owned(), text)];
            let decoded = Decoded::from_parameters(&params);
            assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
            assert_eq!(decoded.standard_context().unwrap()["user_id"], 1);
        }
    }

    #[test]
    fn bad_base64_is_a_problem_not_a_panic() {
        let params = vec![("e".to_owned(), "se".to_owned()), ("cx".to_owned(), "%%%".to_owned())];
        let decoded = Decoded::from_parameters(&params);
        assert_eq!(decoded.problems.len(), 1);
        assert!(decoded.contexts.is_none());
    }
}
