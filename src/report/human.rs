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
    render_with(outcome, &|path| file_text(repo, path), styled)
}

/// [`render`] with the text of each file from `text_of` (`scan` shows code files too).
pub fn render_with(outcome: &Outcome, text_of: &dyn Fn(&str) -> Option<String>, styled: bool) -> String {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
    // Lines longer than the terminal are cut to a window around the column, with `...`.
    let renderer = renderer.term_width(DEFAULT_TERM_WIDTH);
    let mut out = String::new();
    // Findings come sorted by path: each file's text is read and split once, not once per finding.
    for findings in outcome.diagnostics.chunk_by(|a, b| a.path == b.path) {
        let text = text_of(&findings[0].path);
        let lines = text.as_deref().map(SourceLines::new);
        for d in findings {
            let line = lines.as_ref().and_then(|source| source.line(d.line));
            let related: Vec<(&RelatedLocation, Option<String>)> =
                d.related.iter().map(|r| (r, related_line(text_of, r))).collect();
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
fn related_line(text_of: &dyn Fn(&str) -> Option<String>, related: &RelatedLocation) -> Option<String> {
    let text = text_of(&related.path)?;
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
    // The shown lines outlive the group, which borrows them.
    let primary = line.map(|text| Shown::new(text, d.column));
    // A related place on the finding's own line is marked in the same snippet.
    let (same_line, elsewhere): (Vec<_>, Vec<_>) = related.iter().partition(|(r, _)| {
        r.path == d.path && r.line == d.line && primary.as_ref().is_some_and(|p| p.shows(r.column))
    });
    let mut headers = Vec::new();
    group = match &primary {
        Some(shown) => {
            headers.push(shown.header(&path, d.line, d.column));
            let context = same_line.iter().map(|(r, _)| {
                AnnotationKind::Context.span(shown.span_of(r.column)).label(printable(&r.message, MESSAGE_CHARS))
            });
            group.element(
                Snippet::source(shown.text.as_str())
                    .line_start(line_number(d.line))
                    .path(path.clone())
                    .annotation(AnnotationKind::Primary.span(shown.span()))
                    .annotations(context),
            )
        }
        None => group.element(Origin::path(path).line(line_number(d.line)).char_column(line_number(d.column))),
    };
    let shown_related: Vec<(&RelatedLocation, Option<Shown>)> =
        elsewhere.iter().map(|(r, line)| (*r, line.as_deref().map(|text| Shown::new(text, r.column)))).collect();
    for (r, shown) in &shown_related {
        let label = printable(&r.message, MESSAGE_CHARS);
        let path = printable(&r.path, MESSAGE_CHARS);
        group = match shown {
            Some(shown) => {
                headers.push(shown.header(&path, r.line, r.column));
                group.element(
                    Snippet::source(shown.text.as_str())
                        .line_start(line_number(r.line))
                        .path(path)
                        .annotation(AnnotationKind::Context.span(shown.span()).label(label)),
                )
            }
            None => group.element(Level::NOTE.message(format!("{label}: {path}:{}:{}", r.line, r.column))),
        };
    }
    group = group.element(Level::HELP.message(d.help.as_str()));
    let mut out = renderer.render(&[group]);
    // A window's header names the column in the window; name the column in the line. The title
    // (one line, before every header) is left alone.
    for (in_window, in_line) in headers.into_iter().flatten() {
        let title_end = out.find('\n').unwrap_or(out.len());
        if let Some(at) = out[title_end..].find(&in_window) {
            out.replace_range(title_end + at..title_end + at + in_window.len(), &in_line);
        }
    }
    out
}

/// Line and column numbers count from 1; 0 (a finding about the whole file) shows as 1.
fn line_number(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX).max(1)
}

/// Longest line handed whole to annotate-snippets, which walks the whole line for every finding
/// (a one-line 1 MB file with 27 findings took 9 s of CPU). A longer line is cut to a window of
/// this many characters around the column first; annotate-snippets then cuts that to the
/// terminal width and marks the cuts with `...`.
const LONG_LINE: usize = 4 * DEFAULT_TERM_WIDTH;

/// A source line as shown: each character replaced one for one by [`visible`], so columns stay,
/// and a long line cut to the [`LONG_LINE`] characters around the column.
#[derive(Debug, PartialEq, Eq)]
struct Shown {
    text: String,
    /// 1-based column in `text`.
    column: usize,
    /// Characters cut from the start of the line.
    skipped: usize,
}

impl Shown {
    fn new(line: &str, column: u32) -> Shown {
        let at = line_number(column) - 1;
        let skipped = if line.len() > LONG_LINE { at.saturating_sub(LONG_LINE / 2) } else { 0 };
        let text = line.chars().skip(skipped).take(LONG_LINE.max(at - skipped + 1)).map(visible).collect();
        Shown { text, column: at - skipped + 1, skipped }
    }

    /// The byte span of the column: one character, or an empty span after the last one when the
    /// column lies beyond the end of the line.
    fn span(&self) -> std::ops::Range<usize> {
        self.span_in_text(self.column)
    }

    fn span_in_text(&self, column: usize) -> std::ops::Range<usize> {
        match self.text.char_indices().nth(column.saturating_sub(1)) {
            Some((start, c)) => start..start + c.len_utf8(),
            None => self.text.len()..self.text.len(),
        }
    }

    /// Whether the 1-based column of the line is in the shown text.
    fn shows(&self, column: u32) -> bool {
        let at = line_number(column);
        at > self.skipped && at - self.skipped <= self.text.chars().count() + 1
    }

    /// The byte span of another column of the line (one [`Self::shows`]).
    fn span_of(&self, column: u32) -> std::ops::Range<usize> {
        self.span_in_text(line_number(column) - self.skipped)
    }

    /// For a cut line: the `path:line:col` annotate-snippets writes, and the one it should.
    fn header(&self, path: &str, line: u32, column: u32) -> Option<(String, String)> {
        (self.skipped > 0).then(|| {
            let line = line_number(line);
            (format!("{path}:{line}:{}", self.column), format!("{path}:{line}:{}", line_number(column)))
        })
    }
}

/// `c` as shown in a source line: control characters as their Unicode pictures (a NUL byte as
/// `␀`), and invisible or reordering characters (C1 controls, bidirectional overrides) as `�`,
/// so the terminal shows what the file holds and cannot be driven by it. Kept by hand although
/// annotate-snippets cleans source text too: its table leaves C1 controls, zero-width spaces and
/// the byte-order mark through, and it replaces one for one only some characters.
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
/// control characters escaped as `\u{..}`, cut to `max` characters. Kept by hand:
/// annotate-snippets keeps line breaks in a title (they are how a title spans lines), so a
/// value's `\n` would start a line of its own.
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
    fn a_related_place_on_the_same_line_is_marked_in_the_same_snippet() {
        let first = RelatedLocation::new("config/events/x.yml", Position { line: 3, column: 5 }, "first defined here");
        let d = diagnostic(3, 13).with_related(first.clone());
        assert_eq!(
            plain(&d, Some("a: {b: 1, b: 2}"), &[(&first, Some("a: {b: 1, b: 2}".into()))]),
            "warning[some-rule]: something is off
 --> config/events/x.yml:3:13
  |
3 | a: {b: 1, b: 2}
  |     -       ^
  |     |
  |     first defined here
  |
  = help: Fix it."
        );
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(Shown::new("\tkey: v", 7).span(), 6..7);
        assert_eq!(Shown::new("é: x", 4).span(), 4..5);
        assert_eq!(Shown::new("", 0).span(), 0..0);
        assert_eq!(Shown::new("ab", 99).span(), 2..2);
    }

    #[test]
    fn control_characters_are_shown_as_pictures() {
        assert_eq!(Shown::new("a: b\0c\u{1b}[2J\u{202e}\u{85}", 1).text, "a: b␀c␛[2J��");
        assert_eq!(printable("key `\u{1b}[31m`\n", 100), "key `\\u{1b}[31m`\\u{a}");
        assert_eq!(printable("abcdef", 3), "abc…");
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_column() {
        let line = format!("key: {}", "x".repeat(1024 * 1024));
        let cases = [
            (6, "1 | key: x", "x...", Some('x')),
            (500_000, "1 | ...x", "x...", Some('x')),
            (1_048_582, "1 | ...x", "x", None),
        ];
        for (column, starts, ends, under_caret) in cases {
            let out = plain(&diagnostic(1, column), Some(&line), &[]);
            assert!(out.contains(&format!(" --> config/events/x.yml:1:{column}\n")), "{out}");
            let shown = out.lines().nth(3).unwrap_or_default();
            assert!(shown.starts_with(starts) && shown.ends_with(ends) && shown.len() <= DEFAULT_TERM_WIDTH, "{out}");
            let caret = out.lines().nth(4).unwrap_or_default();
            assert_eq!(shown.chars().nth(caret.len() - 1), under_caret, "{out}");
        }
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
