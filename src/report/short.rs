//! `--format short`: one finding a line, `path:line:col: severity[rule]: message`, the form
//! compilers and editors' quickfix lists read (`grep`-able, no source excerpt, no help), then the
//! summary line, so a clean run still says what it checked.

use crate::diagnostics::Severity;
use crate::rules::Outcome;

pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for d in &outcome.diagnostics {
        // A message is one line in this format: a line break would start a false finding.
        let message = d.message.replace(['\n', '\r'], " ");
        out.push_str(&format!("{}:{}:{}: {}[{}]: {message}\n", d.path, d.line, d.column, d.severity.as_str(), d.rule));
    }
    out.push_str(&summary(outcome));
    out
}

/// "checked 12 files: 2 errors, 1 warning" or "checked 12 files: no problems", as the human
/// report ends (without its colours).
fn summary(outcome: &Outcome) -> String {
    let count = |n: usize, noun: &str| if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") };
    let mut parts = Vec::new();
    for (severity, noun) in [(Severity::Error, "error"), (Severity::Warning, "warning")] {
        let n = outcome.count(severity);
        if n > 0 {
            parts.push(count(n, noun));
        }
    }
    if parts.is_empty() {
        parts.push("no problems".into());
    }
    format!("checked {}: {}\n", count(outcome.files_checked, "file"), parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Category, Diagnostic};

    #[test]
    fn one_line_per_finding_then_the_summary() {
        let finding = Diagnostic {
            path: "config/events/x.yml".into(),
            line: 12,
            column: 9,
            rule: "some-rule",
            category: Category::Convention,
            severity: Severity::Warning,
            message: "two\nlines".into(),
            help: "Fix it.".into(),
        };
        let outcome = Outcome { files_checked: 3, diagnostics: vec![finding] };
        assert_eq!(
            render(&outcome),
            "config/events/x.yml:12:9: warning[some-rule]: two lines\nchecked 3 files: 1 warning\n"
        );
        assert_eq!(render(&Outcome { files_checked: 1, diagnostics: vec![] }), "checked 1 file: no problems\n");
    }
}
