//! Human output, like rustc (rendered by `annotate-snippets`, rustc's own renderer): the finding,
//! `--> path:line:col`, the source line with a caret under the column, each related place with
//! its line and label, the help, and a closing summary.
//!
//! ```text
//! error[duplicate-key-path]: key path `counts.x` is already defined
//!  --> config/metrics/counts_all/y.yml:2:11
//!   |
//! 2 | key_path: counts.x
//!   |           ^
//!   |
//!  ::: config/metrics/counts_all/x.yml:2:11
//!   |
//! 2 | key_path: counts.x
//!   |           - first defined here
//!   |
//!   = help: Key paths must be unique after `time_frame` expansion ...
//!
//! checked 2 files: 1 error
//! ```

use annotate_snippets::renderer::DEFAULT_TERM_WIDTH;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostics::{Diagnostic, RelatedLocation, Severity};
use crate::repository::Repository;
use crate::rules::Outcome;
use crate::yaml::SourceLines;

/// The report, styled with ANSI escapes when `styled` (the binary writes it through `anstream`,
/// which drops them where colour is off).
pub fn render(outcome: &Outcome, repo: &Repository, styled: bool) -> String {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
    // Lines longer than the terminal are cut to a window around the column, with `...`.
    let renderer = renderer.term_width(DEFAULT_TERM_WIDTH);
    let mut out = String::new();
    // Findings come sorted by path: each file's text is read and split once, not once per finding.
    for findings in outcome.diagnostics.chunk_by(|a, b| a.path == b.path) {
        let text = file_text(repo, &findings[0].path);
        let lines = text.as_deref().map(SourceLines::new);
        for d in findings {
            let line = lines.as_ref().and_then(|source| source.line(d.line));
            let related: Vec<(&RelatedLocation, Option<String>)> =
                d.related.iter().map(|r| (r, related_line(repo, r))).collect();
            out.push_str(&render_one(&renderer, d, line, &related));
            out.push_str("\n\n");
        }
    }
    out.push_str(&summary(outcome, styled));
    out
}

/// A file's text as shown under a finding. An unreadable file has none, except the lossy text
/// around an invalid byte.
fn file_text(repo: &Repository, path: &str) -> Option<String> {
    repo.file_index(path).and_then(|index| repo.shown_text(repo.file(index)))
}

/// The line a related place points at, when its file can be shown.
fn related_line(repo: &Repository, related: &RelatedLocation) -> Option<String> {
    let text = file_text(repo, &related.path)?;
    SourceLines::new(&text).line(related.line).map(str::to_owned)
}

/// Longest message shown whole (a message may quote a value of the file).
const MESSAGE_CHARS: usize = 1000;

/// One finding: the title, where it is (with the source line and a caret under the column), the
/// related places (each with its line and a label), and the help.
fn render_one(
    renderer: &Renderer,
    d: &Diagnostic,
    line: Option<&str>,
    related: &[(&RelatedLocation, Option<String>)],
) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = printable(&d.path, MESSAGE_CHARS);
    let mut group = Group::with_title(level.primary_title(printable(&d.message, MESSAGE_CHARS)).id(d.rule));
    // Keep the line's text alive for the snippets, which borrow it.
    let shown_line = line.map(shown);
    group = match &shown_line {
        Some(text) => group.element(
            Snippet::source(text.as_str())
                .line_start(line_number(d.line))
                .path(path.clone())
                .annotation(AnnotationKind::Primary.span(char_span(text, d.column))),
        ),
        None => group.element(Origin::path(path).line(line_number(d.line)).char_column(line_number(d.column))),
    };
    let shown_related: Vec<(&RelatedLocation, Option<String>)> =
        related.iter().map(|(r, line)| (*r, line.as_deref().map(shown))).collect();
    for (r, text) in &shown_related {
        let label = printable(&r.message, MESSAGE_CHARS);
        let path = printable(&r.path, MESSAGE_CHARS);
        group = match text {
            Some(text) => group.element(
                Snippet::source(text.as_str())
                    .line_start(line_number(r.line))
                    .path(path)
                    .annotation(AnnotationKind::Context.span(char_span(text, r.column)).label(label)),
            ),
            None => group.element(Level::NOTE.message(format!("{label}: {path}:{}:{}", r.line, r.column))),
        };
    }
    group = group.element(Level::HELP.message(d.help.as_str()));
    renderer.render(&[group])
}

/// Line and column numbers count from 1; 0 (a finding about the whole file) shows as 1.
fn line_number(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX).max(1)
}

/// The byte span of the 1-based character `column` in `text`: one character, or an empty span
/// after the last one when the column lies beyond the end of the line.
fn char_span(text: &str, column: u32) -> std::ops::Range<usize> {
    let at = line_number(column) - 1;
    match text.char_indices().nth(at) {
        Some((start, c)) => start..start + c.len_utf8(),
        None => text.len()..text.len(),
    }
}

/// A source line as shown: each character replaced one for one by [`visible`], so columns stay.
fn shown(line: &str) -> String {
    line.chars().map(visible).collect()
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
fn summary(outcome: &Outcome, styled: bool) -> String {
    let paint = |style: anstyle::Style, text: String| {
        if styled { format!("{}{text}{}", style.render(), style.render_reset()) } else { text }
    };
    let files = count(outcome.files_checked, "file");
    let errors = outcome.count(Severity::Error);
    let warnings = outcome.count(Severity::Warning);
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(paint(annotate_snippets::renderer::DEFAULT_ERROR_STYLE, count(errors, "error")));
    }
    if warnings > 0 {
        parts.push(paint(annotate_snippets::renderer::DEFAULT_WARNING_STYLE, count(warnings, "warning")));
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
    use crate::yaml::Position;

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
            related: Vec::new(),
        }
    }

    fn plain(d: &Diagnostic, line: Option<&str>, related: &[(&RelatedLocation, Option<String>)]) -> String {
        render_one(&Renderer::plain(), d, line, related)
    }

    #[test]
    fn snippet_with_caret_under_the_column() {
        assert_eq!(
            plain(&diagnostic(12, 9), Some("action: \tx"), &[]),
            "warning[some-rule]: something is off\n  --> config/events/x.yml:12:9\n   |\n12 | action:     x\n   |         ^^^^\n   |\n   = help: Fix it."
        );
    }

    #[test]
    fn no_snippet_without_text() {
        assert_eq!(
            plain(&diagnostic(1, 1), None, &[]),
            "warning[some-rule]: something is off\n--> config/events/x.yml:1:1\n = help: Fix it."
        );
    }

    #[test]
    fn related_places_get_their_own_snippet_or_a_note() {
        let here = RelatedLocation::new("config/events/a.yml", Position { line: 2, column: 9 }, "first defined here");
        let there = RelatedLocation::new("config/events/b.yml", Position { line: 3, column: 1 }, "unreadable");
        let d = diagnostic(4, 9).with_related(here.clone()).with_related(there.clone());
        assert_eq!(
            plain(&d, Some("action: x"), &[(&here, Some("action: x".into())), (&there, None)]),
            "warning[some-rule]: something is off
 --> config/events/x.yml:4:9
  |
4 | action: x
  |         ^
  |
 ::: config/events/a.yml:2:9
  |
2 | action: x
  |         - first defined here
  |
  = note: unreadable: config/events/b.yml:3:1
  = help: Fix it."
        );
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(char_span("\tkey: v", 7), 6..7);
        assert_eq!(char_span("é: x", 4), 4..5);
        assert_eq!(char_span("", 0), 0..0);
        assert_eq!(char_span("ab", 99), 2..2);
    }

    #[test]
    fn control_characters_are_shown_as_pictures() {
        assert_eq!(shown("a: b\0c\u{1b}[2J\u{202e}\u{85}"), "a: b␀c␛[2J��");
        assert_eq!(printable("key `\u{1b}[31m`\n", 100), "key `\\u{1b}[31m`\\u{a}");
        assert_eq!(printable("abcdef", 3), "abc…");
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_column() {
        let line = format!("key: {}", "x".repeat(10_000));
        let out = plain(&diagnostic(1, 5_000), Some(&line), &[]);
        assert!(out.contains(" --> config/events/x.yml:1:5000\n"), "{out}");
        let shown = out.lines().nth(3).unwrap_or_default();
        assert!(shown.starts_with("1 | ...x") && shown.ends_with("x...") && shown.len() <= DEFAULT_TERM_WIDTH, "{out}");
    }

    #[test]
    fn summary_counts() {
        let mut outcome = Outcome { files_checked: 1, diagnostics: vec![] };
        assert_eq!(summary(&outcome, false), "checked 1 file: no problems\n");
        outcome.files_checked = 12;
        outcome.diagnostics = vec![diagnostic(1, 1)];
        assert_eq!(summary(&outcome, false), "checked 12 files: 1 warning\n");
        let mut error = diagnostic(1, 1);
        error.severity = Severity::Error;
        outcome.diagnostics = vec![error.clone(), error, diagnostic(2, 1)];
        assert_eq!(summary(&outcome, false), "checked 12 files: 2 errors, 1 warning\n");
    }

    #[test]
    fn colour_only_when_asked() {
        let styled = render_one(&Renderer::styled(), &diagnostic(1, 1), Some("x"), &[]);
        assert!(styled.contains("\u{1b}["));
        assert!(!plain(&diagnostic(1, 1), Some("x"), &[]).contains('\u{1b}'));
    }
}
