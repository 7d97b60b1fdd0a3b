//! Human output, like rustc: the finding, `--> path:line:col`, the source line with a caret
//! under the column, the help, and a closing summary.
//!
//! ```text
//! error[duplicate-key-path]: key path `counts.x` is already defined in config/metrics/counts_all/x.yml:2
//!  --> config/metrics/counts_all/y.yml:2:11
//!   |
//! 2 | key_path: counts.x
//!   |           ^
//!   = help: Key paths must be unique after `time_frame` expansion ...
//!
//! checked 2 files: 1 error
//! ```

use console::Style;

use crate::diagnostics::{Diagnostic, Severity};
use crate::repository::Repository;
use crate::rules::Outcome;

/// The styles of the parts; all plain when colour is off.
struct Palette {
    error: Style,
    warning: Style,
    message: Style,
    gutter: Style,
    help: Style,
}

impl Palette {
    fn new(color: bool) -> Self {
        let style = || Style::new().force_styling(color);
        Palette {
            error: style().red().bold(),
            warning: style().yellow().bold(),
            message: style().bold(),
            gutter: style().blue().bold(),
            help: style().bold(),
        }
    }

    fn severity(&self, severity: Severity) -> &Style {
        match severity {
            Severity::Error => &self.error,
            Severity::Warning => &self.warning,
        }
    }
}

pub fn render(outcome: &Outcome, repo: &Repository, color: bool) -> String {
    let palette = Palette::new(color);
    let mut out = String::new();
    for d in &outcome.diagnostics {
        render_one(&mut out, d, source_line(repo, d), &palette);
    }
    out.push_str(&summary(outcome, &palette));
    out
}

/// The line a finding points at, when the file has text and the line exists.
fn source_line<'r>(repo: &'r Repository, d: &Diagnostic) -> Option<&'r str> {
    let file = repo.file(repo.file_index(&d.path)?);
    if file.read_problem.is_some() {
        return None;
    }
    let index = usize::try_from(d.line).ok()?.checked_sub(1)?;
    // A finding at the very end of the file (an unclosed bracket) points past the last line.
    file.text.lines().nth(index).or_else(|| (index == file.text.lines().count()).then_some(""))
}

fn render_one(out: &mut String, d: &Diagnostic, line: Option<&str>, p: &Palette) {
    let severity = p.severity(d.severity);
    out.push_str(&format!(
        "{}{}\n",
        severity.apply_to(format!("{}[{}]", d.severity.as_str(), d.rule)),
        p.message.apply_to(format!(": {}", d.message))
    ));
    let number = d.line.to_string();
    let pad = " ".repeat(number.len());
    out.push_str(&format!("{pad}{} {}:{}:{}\n", p.gutter.apply_to("-->"), d.path, d.line, d.column));
    if let Some(text) = line {
        let bar = p.gutter.apply_to("|");
        out.push_str(&format!("{pad} {bar}\n"));
        let numbered = format!("{} {bar} {}", p.gutter.apply_to(&number), text);
        out.push_str(numbered.trim_end());
        out.push('\n');
        out.push_str(&format!("{pad} {bar} {}{}\n", caret_indent(text, d.column), severity.apply_to("^")));
    }
    out.push_str(&format!("{pad} {} {}\n\n", p.gutter.apply_to("="), p.help.apply_to(format!("help: {}", d.help))));
}

/// Spaces up to the 1-based character column, keeping tabs so the caret lines up.
fn caret_indent(line: &str, column: u32) -> String {
    let before = usize::try_from(column).unwrap_or(1).saturating_sub(1);
    line.chars().take(before).map(|c| if c == '\t' { '\t' } else { ' ' }).collect()
}

/// "checked 12 files: 2 errors, 1 warning" or "checked 12 files: no problems".
fn summary(outcome: &Outcome, p: &Palette) -> String {
    let files = count(outcome.files_checked, "file");
    let errors = outcome.count(Severity::Error);
    let warnings = outcome.count(Severity::Warning);
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(p.error.apply_to(count(errors, "error")).to_string());
    }
    if warnings > 0 {
        parts.push(p.warning.apply_to(count(warnings, "warning")).to_string());
    }
    if parts.is_empty() {
        parts.push("no problems".into());
    }
    format!("checked {files}: {}\n", parts.join(", "))
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Category;

    fn diagnostic(line: u32, column: u32) -> Diagnostic {
        Diagnostic {
            path: "config/events/x.yml".into(),
            line,
            column,
            rule: "some-rule",
            category: Category::Convention,
            severity: Severity::Warning,
            message: "something is off".into(),
            help: "Fix it.".into(),
        }
    }

    #[test]
    fn snippet_with_caret_under_the_column() {
        let mut out = String::new();
        render_one(&mut out, &diagnostic(12, 9), Some("action: \tx"), &Palette::new(false));
        assert_eq!(
            out,
            "warning[some-rule]: something is off\n  --> config/events/x.yml:12:9\n   |\n12 | action: \tx\n   |         ^\n   = help: Fix it.\n\n"
        );
    }

    #[test]
    fn no_snippet_without_text() {
        let mut out = String::new();
        render_one(&mut out, &diagnostic(1, 1), None, &Palette::new(false));
        assert_eq!(out, "warning[some-rule]: something is off\n --> config/events/x.yml:1:1\n  = help: Fix it.\n\n");
    }

    #[test]
    fn tabs_are_kept_before_the_caret() {
        assert_eq!(caret_indent("\tkey: v", 7), "\t     ");
        assert_eq!(caret_indent("é: x", 4), "   ");
        assert_eq!(caret_indent("", 0), "");
    }

    #[test]
    fn summary_counts() {
        let palette = Palette::new(false);
        let mut outcome = Outcome { files_checked: 1, diagnostics: vec![] };
        assert_eq!(summary(&outcome, &palette), "checked 1 file: no problems\n");
        outcome.files_checked = 12;
        outcome.diagnostics = vec![diagnostic(1, 1)];
        assert_eq!(summary(&outcome, &palette), "checked 12 files: 1 warning\n");
        let mut error = diagnostic(1, 1);
        error.severity = Severity::Error;
        outcome.diagnostics = vec![error.clone(), error, diagnostic(2, 1)];
        assert_eq!(summary(&outcome, &palette), "checked 12 files: 2 errors, 1 warning\n");
    }

    #[test]
    fn colour_only_when_asked() {
        let mut out = String::new();
        render_one(&mut out, &diagnostic(1, 1), Some("x"), &Palette::new(true));
        assert!(out.contains("\u{1b}["));
    }
}
