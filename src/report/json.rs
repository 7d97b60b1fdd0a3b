//! `--format json`: `{"files": N, "diagnostics": [{path, line, column, rule, category, severity, message, help}]}`,
//! and for `scan` also `"triggers": [{path, line, column, kind, action, dynamic, negated, properties, identifiers}]`.

use serde::Serialize;

use crate::rules::Outcome;

#[derive(Serialize)]
struct JsonReport<'a> {
    files: usize,
    diagnostics: &'a [crate::diagnostics::Diagnostic],
}

pub fn render(outcome: &Outcome) -> String {
    let report = JsonReport { files: outcome.files_checked, diagnostics: &outcome.diagnostics };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

#[derive(Serialize)]
struct ScanReport<'a> {
    files: usize,
    diagnostics: &'a [crate::diagnostics::Diagnostic],
    triggers: &'a [crate::scan::Trigger],
}

/// `eventdef scan --format json`: the findings, and every trigger found (`triggers`), so other
/// tools can use the index.
pub fn render_scan(outcome: &Outcome, triggers: &[crate::scan::Trigger]) -> String {
    let report = ScanReport { files: outcome.files_checked, diagnostics: &outcome.diagnostics, triggers };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
