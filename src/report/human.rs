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
use unicode_width::UnicodeWidthChar;

use crate::diagnostics::{Diagnostic, Severity};
use crate::repository::Repository;
use crate::rules::Outcome;
use crate::yaml::SourceLines;

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
    // An unreadable file has no text to show, except the lossy text around an invalid byte.
    render_with(outcome, &|path| repo.file_index(path).and_then(|index| repo.shown_text(repo.file(index))), color)
}

/// [`render`] for findings in any file: `text_of` gives a root-relative path's text to show.
pub fn render_with(outcome: &Outcome, text_of: &dyn Fn(&str) -> Option<String>, color: bool) -> String {
    let palette = Palette::new(color);
    let mut out = String::new();
    // Findings come sorted by path: each file's text is read and split once, not once per finding.
    for findings in outcome.diagnostics.chunk_by(|a, b| a.path == b.path) {
        let text = text_of(&findings[0].path);
        let lines = text.as_deref().map(SourceLines::new);
        for d in findings {
            render_one(&mut out, d, lines.as_ref().and_then(|source| source.line(d.line)), &palette);
        }
    }
    out.push_str(&summary(outcome, &palette));
    out
}

/// Longest source line shown whole (GitLab's longest lines are under 200 characters); a longer
/// one is shown as a window of this width around the column.
const SNIPPET_WIDTH: usize = 240;
/// Longest message shown whole (a message may quote a value of the file).
const MESSAGE_CHARS: usize = 1000;

fn render_one(out: &mut String, d: &Diagnostic, line: Option<&str>, p: &Palette) {
    let severity = p.severity(d.severity);
    out.push_str(&format!(
        "{}{}\n",
        severity.apply_to(format!("{}[{}]", d.severity.as_str(), d.rule)),
        p.message.apply_to(format!(": {}", printable(&d.message, MESSAGE_CHARS)))
    ));
    let number = d.line.to_string();
    let pad = " ".repeat(number.len());
    out.push_str(&format!(
        "{pad}{} {}:{}:{}\n",
        p.gutter.apply_to("-->"),
        printable(&d.path, MESSAGE_CHARS),
        d.line,
        d.column
    ));
    if let Some(text) = line {
        let snippet = Snippet::new(text, d.column);
        let bar = p.gutter.apply_to("|");
        out.push_str(&format!("{pad} {bar}\n"));
        let numbered = format!("{} {bar} {}", p.gutter.apply_to(&number), snippet.text);
        out.push_str(numbered.trim_end());
        out.push('\n');
        out.push_str(&format!("{pad} {bar} {}{}\n", snippet.caret_indent, severity.apply_to("^")));
    }
    out.push_str(&format!("{pad} {} {}\n\n", p.gutter.apply_to("="), p.help.apply_to(format!("help: {}", d.help))));
}

/// A source line as shown under a finding, and the indent that puts a caret under the column.
#[derive(Debug, PartialEq, Eq)]
struct Snippet {
    text: String,
    caret_indent: String,
}

impl Snippet {
    /// A line longer than [`SNIPPET_WIDTH`] is cut to a window around the 1-based character
    /// `column`, with `...` where text is left out. Characters that would upset a terminal are
    /// replaced one for one (see [`visible`]), so the caret stays under its column.
    fn new(line: &str, column: u32) -> Snippet {
        let chars: Vec<char> = line.chars().collect();
        let at = usize::try_from(column).unwrap_or(usize::MAX).saturating_sub(1).min(chars.len());
        let (start, end) = if chars.len() <= SNIPPET_WIDTH {
            (0, chars.len())
        } else {
            let start = at.saturating_sub(SNIPPET_WIDTH / 3);
            let end = (start + SNIPPET_WIDTH).min(chars.len());
            (end.saturating_sub(SNIPPET_WIDTH).min(start), end)
        };
        let mut text = String::new();
        let mut caret_indent = String::new();
        if start > 0 {
            text.push_str("...");
            caret_indent.push_str("   ");
        }
        for (i, &c) in chars[start..end].iter().enumerate() {
            let shown = visible(c);
            text.push(shown);
            if start + i < at {
                match shown {
                    '\t' => caret_indent.push('\t'),
                    _ => caret_indent.extend(std::iter::repeat_n(' ', shown.width().unwrap_or(0))),
                }
            }
        }
        if end < chars.len() {
            text.push_str("...");
        }
        Snippet { text, caret_indent }
    }
}

/// `c` as shown in a source line: control characters as their Unicode pictures (a NUL byte as
/// `␀`), and invisible or reordering characters (C1 controls, bidirectional overrides) as `�`,
/// so the terminal shows what the file holds and cannot be driven by it.
fn visible(c: char) -> char {
    match c {
        '\t' => '\t',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}' => '\u{fffd}',
        _ => c,
    }
}

/// Text from a file (a message quoting a value, a file name) made safe for one terminal line:
/// control characters escaped as `\u{..}`, cut to `max` characters.
fn printable(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control() || visible(c) != c {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
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
        assert_eq!(Snippet::new("\tkey: v", 7).caret_indent, "\t     ");
        assert_eq!(Snippet::new("é: x", 4).caret_indent, "   ");
        assert_eq!(Snippet::new("", 0).caret_indent, "");
        assert_eq!(Snippet::new("ab", 99).caret_indent, "  ");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(Snippet::new("名前: x", 5).caret_indent, "      ");
    }

    #[test]
    fn control_characters_are_shown_as_pictures() {
        let snippet = Snippet::new("a: b\0c\u{1b}[2J\u{202e}", 5);
        assert_eq!(snippet.text, "a: b␀c␛[2J�");
        assert_eq!(snippet.caret_indent, "    ");
        assert_eq!(printable("key `\u{1b}[31m`\n", 100), "key `\\u{1b}[31m`\\u{a}");
        assert_eq!(printable("abcdef", 3), "abc…");
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_column() {
        let line = format!("key: {}", "x".repeat(1024 * 1024));
        let start = Snippet::new(&line, 6);
        assert_eq!(start.text, format!("key: {}...", "x".repeat(SNIPPET_WIDTH - 5)));
        assert_eq!(start.caret_indent, " ".repeat(5));
        let middle = Snippet::new(&line, 500_000);
        assert_eq!(middle.text, format!("...{}...", "x".repeat(SNIPPET_WIDTH)));
        assert_eq!(middle.caret_indent.len(), 3 + SNIPPET_WIDTH / 3);
        let end = Snippet::new(&line, u32::try_from(line.len() + 1).unwrap_or(u32::MAX));
        assert_eq!(end.text, format!("...{}", "x".repeat(SNIPPET_WIDTH)));
        assert_eq!(end.caret_indent.len(), 3 + SNIPPET_WIDTH);
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
