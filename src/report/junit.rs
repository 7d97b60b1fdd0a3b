//! `--format junit`: JUnit XML, for `artifacts: reports: junit:` (GitLab's test report) and any
//! CI that reads JUnit, written by `quick-junit`.
//!
//! Shape: one `<testsuites>` holding one `<testsuite name="eventdef validate">`; one
//! `<testcase>` per checked definition file (`name` and `file` = its path, `classname` =
//! `eventdef.event` / `eventdef.metric`), plus one for any other path a finding names (e.g. a
//! deleted metric). A file with errors is one `<failure>`: `type` the rule (or rules, comma
//! separated), `message` the error's message (or the first one's and how many more), and as text
//! every error as `path:line:col: error[RULE]: MESSAGE` with its related places and help.
//! One failure per test case is what GitLab reads: its parser turns the XML into a hash, where a
//! second `<failure>` would make the text a list
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/lib/gitlab/ci/parsers/test/junit.rb).
//! Warnings do not fail a test case: they are listed, in the same form, in its `<system-out>`.
//! `tests` counts test cases and `failures` the test cases with at least one error.

use std::collections::{BTreeMap, BTreeSet};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::ReportContext;
use crate::diagnostics::{Diagnostic, Severity};
use crate::repository::{FileKind, classify};
use crate::rules::Outcome;

const NAME: &str = "eventdef validate";

/// Text XML 1.0 can hold: the characters it forbids (most control characters, U+FFFE, U+FFFF)
/// become U+FFFD. Kept by hand because quick-junit deletes control characters and anything that
/// looks like an ANSI escape sequence from the text, which would change a message quoting a
/// file's value without a trace, and lets U+FFFE/U+FFFF through into invalid XML.
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// `path:line:col: error[RULE]: MESSAGE`, the related places and the help, for the text of a
/// failure or the system-out of a test case.
fn described(d: &Diagnostic, context: &ReportContext) -> String {
    let mut text = format!(
        "{}:{}:{}: {}[{}]: {}",
        context.path(&d.path),
        d.line,
        d.column,
        d.severity.as_str(),
        d.rule,
        d.message
    );
    for r in &d.related {
        text.push_str(&format!("\n{}:{}:{}: {}", context.path(&r.path), r.line, r.column, r.message));
    }
    text.push_str(&format!("\nhelp: {}", d.help));
    xml_safe(&text)
}

fn failure(errors: &[&Diagnostic], context: &ReportContext) -> TestCaseStatus {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    let rules: BTreeSet<&str> = errors.iter().map(|d| d.rule).collect();
    status.set_type(xml_safe(&rules.into_iter().collect::<Vec<_>>().join(", ")));
    let first = &errors[0].message;
    status.set_message(xml_safe(&match errors.len() {
        1 => first.clone(),
        n => format!("{first} (and {} more)", n - 1),
    }));
    status.set_description(errors.iter().map(|d| described(d, context)).collect::<Vec<_>>().join("\n\n"));
    status
}

pub fn render(outcome: &Outcome, context: &ReportContext) -> String {
    let mut by_path: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &outcome.diagnostics {
        by_path.entry(&d.path).or_default().push(d);
    }
    let paths: BTreeSet<&str> =
        context.checked_paths.iter().map(String::as_str).chain(by_path.keys().copied()).collect();

    let mut suite = TestSuite::new(NAME);
    for path in paths {
        let findings = by_path.get(path).map(Vec::as_slice).unwrap_or(&[]);
        let errors: Vec<&Diagnostic> = findings.iter().copied().filter(|d| d.severity == Severity::Error).collect();
        let status = if errors.is_empty() { TestCaseStatus::success() } else { failure(&errors, context) };
        let shown = xml_safe(&context.path(path));
        let mut case = TestCase::new(shown.as_str(), status);
        case.set_classname(match classify(path) {
            Some(FileKind::Event) => "eventdef.event",
            Some(FileKind::Metric) => "eventdef.metric",
            None => "eventdef",
        });
        case.extra.insert("file".into(), shown.as_str().into());
        let warnings: Vec<String> =
            findings.iter().filter(|d| d.severity == Severity::Warning).map(|d| described(d, context)).collect();
        if !warnings.is_empty() {
            case.set_system_out(warnings.join("\n\n"));
        }
        suite.add_test_case(case);
    }
    let mut report = Report::new(NAME);
    report.add_test_suite(suite);
    let mut xml = report.to_string().unwrap_or_default();
    if !xml.ends_with('\n') {
        xml.push('\n');
    }
    xml
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Category;

    #[test]
    fn characters_xml_forbids_are_replaced_not_dropped() {
        assert_eq!(xml_safe("x\u{1}y\u{1b}[31mz\u{FFFF}"), "x\u{FFFD}y\u{FFFD}[31mz\u{FFFD}");
        assert_eq!(xml_safe("1\n2\t3 <&>"), "1\n2\t3 <&>");
    }

    #[test]
    fn one_failure_per_file_lists_every_error() {
        let error = |rule: &'static str, line: u32, message: &str| Diagnostic {
            path: "config/events/x.yml".into(),
            line,
            column: 1,
            rule,
            category: Category::Schema,
            severity: Severity::Error,
            message: message.into(),
            help: "Fix it.".into(),
            related: Vec::new(),
        };
        let outcome = Outcome {
            files_checked: 1,
            diagnostics: vec![error("b-rule", 2, "first <one>"), error("a-rule", 5, "second")],
        };
        let context = ReportContext { checked_paths: vec!["config/events/x.yml".into()], ..ReportContext::default() };
        let xml = render(&outcome, &context);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        let failures: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("failure")).collect();
        assert_eq!(failures.len(), 1, "{xml}");
        assert_eq!(failures[0].attribute("type"), Some("a-rule, b-rule"));
        assert_eq!(failures[0].attribute("message"), Some("first <one> (and 1 more)"));
        assert_eq!(
            failures[0].text(),
            Some(
                "config/events/x.yml:2:1: error[b-rule]: first <one>\nhelp: Fix it.\n\n\
                 config/events/x.yml:5:1: error[a-rule]: second\nhelp: Fix it."
            )
        );
    }
}
