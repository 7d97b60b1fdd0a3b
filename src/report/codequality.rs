//! `--format codequality`: GitLab's Code Quality report (a subset of the Code Climate issue
//! format), for `artifacts: reports: codequality:` in a merge-request job.
//!
//! Every finding becomes an object with the keys GitLab requires: `description` (the message),
//! `check_name` (the rule id), `fingerprint` (see [`super::fingerprints`]), `severity` and
//! `location.path` / `location.lines.begin`. `type: "issue"` and `categories` are added for
//! tools that follow the full Code Climate spec; GitLab ignores them.
//!
//! Severity mapping: GitLab knows info < minor < major < critical < blocker. A `breaking`
//! error is `critical` (merging it loses or corrupts analytics data already being collected);
//! every other error is `major`; a warning is `minor`.

use serde::Serialize;

use super::{ReportContext, fingerprints};
use crate::diagnostics::{Category, Diagnostic, Severity};
use crate::rules::Outcome;

#[derive(Debug, Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'a str,
    description: &'a str,
    categories: [&'static str; 1],
    severity: &'static str,
    fingerprint: String,
    location: Location,
}

#[derive(Debug, Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Debug, Serialize)]
struct Lines {
    begin: u32,
}

/// GitLab's severity for a finding.
pub fn severity(d: &Diagnostic) -> &'static str {
    match (d.severity, d.category) {
        (Severity::Error, Category::Breaking) => "critical",
        (Severity::Error, _) => "major",
        (Severity::Warning, _) => "minor",
    }
}

/// The Code Climate category: what kind of problem this is.
fn category(d: &Diagnostic) -> &'static str {
    match d.category {
        Category::Breaking => "Compatibility",
        Category::Convention => "Style",
        Category::Io | Category::Yaml | Category::Schema | Category::Consistency | Category::Code => "Bug Risk",
    }
}

pub fn render(outcome: &Outcome, context: &ReportContext) -> String {
    let issues: Vec<Issue> = outcome
        .diagnostics
        .iter()
        .zip(fingerprints(&outcome.diagnostics, context))
        .map(|(d, fingerprint)| Issue {
            kind: "issue",
            check_name: d.rule,
            description: &d.message,
            categories: [category(d)],
            severity: severity(d),
            fingerprint,
            // GitLab counts lines from 1; a finding about a whole file is on line 1.
            location: Location { path: context.path(&d.path), lines: Lines { begin: d.line.max(1) } },
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}
