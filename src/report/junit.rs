//! `--format junit`: JUnit XML, for `artifacts: reports: junit:` (GitLab's test report) and any
//! CI that reads JUnit.
//!
//! Shape: one `<testsuites>` holding one `<testsuite name="eventdef validate">`; one
//! `<testcase>` per checked definition file (`name` and `file` = its path, `classname` =
//! `eventdef.event` / `eventdef.metric`), plus one for any other path a finding names (e.g. a
//! deleted metric). Each error is a `<failure type="RULE" message="MESSAGE">` whose text is
//! `path:line:col: error[RULE]: MESSAGE` and the help. Warnings do not fail a test case: they
//! are listed, in the same one-line form, in the test case's `<system-out>`.
//! `tests` counts test cases and `failures` the test cases with at least one error.

use std::collections::{BTreeMap, BTreeSet};

use super::ReportContext;
use crate::diagnostics::{Diagnostic, Severity};
use crate::repository::{FileKind, classify};
use crate::rules::Outcome;

/// Text safe inside an XML 1.0 element or double-quoted attribute: markup characters escaped,
/// characters XML 1.0 forbids (most control characters) replaced by U+FFFD.
pub fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            // Attribute values lose raw line breaks and tabs to normalisation; keep them.
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn one_line(d: &Diagnostic, path: &str) -> String {
    format!("{path}:{}:{}: {}[{}]: {}", d.line, d.column, d.severity.as_str(), d.rule, d.message)
}

pub fn render(outcome: &Outcome, context: &ReportContext) -> String {
    let mut by_path: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    let paths: BTreeSet<&str> = context
        .checked_paths
        .iter()
        .map(String::as_str)
        .chain(outcome.diagnostics.iter().map(|d| d.path.as_str()))
        .collect();
    for d in &outcome.diagnostics {
        by_path.entry(&d.path).or_default().push(d);
    }
    let failing = paths
        .iter()
        .filter(|p| by_path.get(*p).is_some_and(|ds| ds.iter().any(|d| d.severity == Severity::Error)))
        .count();

    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let counts = format!("tests=\"{}\" failures=\"{failing}\" errors=\"0\"", paths.len());
    xml.push_str(&format!("<testsuites name=\"eventdef validate\" {counts}>\n"));
    xml.push_str(&format!("  <testsuite name=\"eventdef validate\" {counts} skipped=\"0\">\n"));
    for path in &paths {
        let shown = context.path(path);
        let classname = match classify(path) {
            Some(FileKind::Event) => "eventdef.event",
            Some(FileKind::Metric) => "eventdef.metric",
            None => "eventdef",
        };
        let findings = by_path.get(path).map(Vec::as_slice).unwrap_or(&[]);
        let open = format!(
            "    <testcase classname=\"{classname}\" name=\"{}\" file=\"{}\"",
            escape(&shown, true),
            escape(&shown, true)
        );
        if findings.is_empty() {
            xml.push_str(&open);
            xml.push_str("/>\n");
            continue;
        }
        xml.push_str(&open);
        xml.push_str(">\n");
        for d in findings.iter().filter(|d| d.severity == Severity::Error) {
            xml.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}\">{}\nhelp: {}</failure>\n",
                escape(d.rule, true),
                escape(&d.message, true),
                escape(&one_line(d, &shown), false),
                escape(&d.help, false)
            ));
        }
        let warnings: Vec<String> = findings
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| escape(&format!("{}\nhelp: {}", one_line(d, &shown), d.help), false))
            .collect();
        if !warnings.is_empty() {
            xml.push_str(&format!("      <system-out>{}</system-out>\n", warnings.join("\n")));
        }
        xml.push_str("    </testcase>\n");
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_forbidden_characters() {
        assert_eq!(escape("a<b>&\"c'", true), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape("a<b>&\"c'", false), "a&lt;b&gt;&amp;\"c'");
        assert_eq!(escape("x\u{1}y\u{1b}z\u{FFFF}", false), "x\u{FFFD}y\u{FFFD}z\u{FFFD}");
        assert_eq!(escape("1\n2\t3", true), "1&#10;2&#9;3");
        assert_eq!(escape("1\n2\t3", false), "1\n2\t3");
    }
}
