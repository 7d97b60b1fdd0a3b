//! `--format json`: `{"files": N, "diagnostics": [{path, line, column, rule, category, severity, message, help,
//! related: [{path, line, column, message}]}]}`.

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
