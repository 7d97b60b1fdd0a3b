//! A list prompt for what dialoguer's Select/MultiSelect/FuzzySelect lack: rows that are shown
//! but cannot be chosen (greyed, "✘", with the reason), section dividers, a filter that keeps
//! the rows in their order, and filtering in multi-selects
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers.rb).
//! Arrow keys skip disabled rows and dividers, as in GitLab's generator.

use std::io;

use console::{Key, Term, style, truncate_str};
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::prompt::{Choice, MULTI_SELECT_HELP, RowKind};

/// The rows a filter keeps, in the order shown: rows containing the filter keep their menu
/// order; then rows it matches only fuzzily (typos, words in another order, display names),
/// best match first.
pub(crate) fn filter_rows(choices: &[Choice], filter: &str) -> Vec<usize> {
    let filter = filter.trim_start();
    if filter.is_empty() {
        return (0..choices.len()).collect();
    }
    // People type groups as they see them in labels: "group::project management".
    let lower = filter.to_lowercase();
    let filter = lower.strip_prefix("group::").unwrap_or(&lower);
    let haystack = |c: &Choice| format!("{} {}", c.plain(), c.keywords).to_lowercase();
    let candidates: Vec<usize> = (0..choices.len()).filter(|&i| choices[i].kind != RowKind::Divider).collect();
    let mut exact: Vec<usize> =
        candidates.iter().copied().filter(|&i| haystack(&choices[i]).contains(filter)).collect();
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::new(filter, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy);
    let mut buffer = Vec::new();
    let mut fuzzy: Vec<(u32, usize)> = candidates
        .iter()
        .copied()
        .filter(|i| !exact.contains(i))
        .filter_map(|i| {
            let text = haystack(&choices[i]);
            pattern.score(Utf32Str::new(&text, &mut buffer), &mut matcher).map(|score| (score, i))
        })
        .collect();
    fuzzy.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    exact.extend(fuzzy.into_iter().map(|(_, i)| i));
    exact
}

pub(crate) struct ListPrompt<'a> {
    pub term: &'a Term,
    pub prompt: &'a str,
    pub choices: &'a [Choice],
    pub multi: bool,
    pub filterable: bool,
    pub filter: String,
    /// Row under the cursor (an index into `choices`).
    pub cursor: Option<usize>,
    pub checked: Vec<bool>,
}

impl<'a> ListPrompt<'a> {
    pub fn new(term: &'a Term, prompt: &'a str, choices: &'a [Choice], multi: bool, filterable: bool) -> Self {
        ListPrompt {
            term,
            prompt,
            choices,
            multi,
            filterable,
            filter: String::new(),
            cursor: None,
            checked: vec![false; choices.len()],
        }
    }

    fn visible(&self) -> Vec<usize> {
        filter_rows(self.choices, &self.filter)
    }

    /// Keep the cursor on a visible, selectable row.
    fn settle_cursor(&mut self) {
        let visible = self.visible();
        let ok = |i: usize| visible.contains(&i) && self.choices[i].is_selectable();
        if self.cursor.is_some_and(ok) {
            return;
        }
        self.cursor = visible.iter().copied().find(|&i| self.choices[i].is_selectable());
    }

    fn step(&mut self, forward: bool) {
        let selectable: Vec<usize> = self.visible().into_iter().filter(|&i| self.choices[i].is_selectable()).collect();
        if selectable.is_empty() {
            self.cursor = None;
            return;
        }
        let position = self.cursor.and_then(|c| selectable.iter().position(|&i| i == c));
        let next = match (position, forward) {
            (None, _) => 0,
            (Some(p), true) => (p + 1) % selectable.len(),
            (Some(p), false) => (p + selectable.len() - 1) % selectable.len(),
        };
        self.cursor = Some(selectable[next]);
    }

    fn render(&self, message: Option<&str>) -> Vec<String> {
        let width = (self.term.size().1 as usize).max(20);
        let height = (self.term.size().0 as usize).max(10);
        let help = match (self.multi, self.filterable) {
            (true, _) => MULTI_SELECT_HELP,
            (false, true) => "(↑/↓ to move, Enter to select, letters to filter)",
            (false, false) => "(↑/↓ to move, Enter to select)",
        };
        let mut lines =
            vec![format!("{} {}", style("?").yellow(), style(self.prompt).bold()), format!("  {}", style(help).dim())];
        if self.filterable {
            lines.push(format!("  {} {}", style("Filter:").dim(), self.filter));
        }
        let visible = self.visible();
        let capacity = height.saturating_sub(lines.len() + 3).max(5);
        let cursor_pos = self.cursor.and_then(|c| visible.iter().position(|&i| i == c)).unwrap_or(0);
        if visible.is_empty() {
            lines.push(format!("  {}", style("(no rows match the filter)").dim()));
        }
        let rows: Vec<Vec<String>> = visible.iter().map(|&i| self.row_lines(i, width)).collect();
        // Whole rows that fit in `capacity` lines from `start`, moving down until the cursor's
        // row is among them.
        let fits = |start: usize| {
            let mut used = 0;
            let mut end = start;
            while end < rows.len() && used + rows[end].len() <= capacity {
                used += rows[end].len();
                end += 1;
            }
            end.max((start + 1).min(rows.len()))
        };
        let mut start = cursor_pos.saturating_sub(capacity / 4);
        if fits(0) > cursor_pos {
            start = 0;
        }
        while start < cursor_pos && fits(start) <= cursor_pos {
            start += 1;
        }
        let end = fits(start);
        for row in &rows[start.min(end)..end] {
            lines.extend(row.iter().cloned());
        }
        if end - start.min(end) < visible.len() {
            lines
                .push(style(format!("  ({} of {} rows shown)", end - start.min(end), visible.len())).dim().to_string());
        }
        if let Some(message) = message {
            lines.push(style(message).red().to_string());
        }
        // One terminal row per line, so redrawing clears exactly what was drawn.
        lines.into_iter().map(|line| truncate_str(&line, width.saturating_sub(1), "…").into_owned()).collect()
    }

    /// A row's terminal lines: its text wrapped to the width (never inside a word), later lines
    /// indented under the text; a detail meant for its own line starts one.
    fn row_lines(&self, i: usize, width: usize) -> Vec<String> {
        let choice = &self.choices[i];
        let active = self.cursor == Some(i);
        let pointer = if active { style("❯").green().to_string() } else { " ".into() };
        let (box_, box_width) = if !self.multi || choice.kind == RowKind::Divider {
            (String::new(), 0)
        } else if self.checked[i] {
            (format!("{} ", style("◉").green()), 2)
        } else {
            (format!("{} ", style("◯").dim()), 2)
        };
        let text = match &choice.kind {
            RowKind::Divider => return vec![format!("  {}", style(format!("-- {} --", choice.label)).dim())],
            RowKind::Disabled(reason) => format!("✘ {} {reason}", row_text(choice)),
            RowKind::Enabled => row_text(choice),
        };
        let indent = 2 + box_width;
        let continuation = " ".repeat(indent + 2);
        let options = textwrap::Options::new(width.saturating_sub(indent + 1).max(20))
            .subsequent_indent(&continuation)
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        let mut out = Vec::new();
        for (n, paragraph) in text.split('\n').enumerate() {
            for (k, line) in textwrap::wrap(paragraph, &options).into_iter().enumerate() {
                let first = n == 0 && k == 0;
                let styled = match &choice.kind {
                    RowKind::Disabled(_) => style(line.as_ref()).dim().to_string(),
                    _ if first && line.starts_with(choice.label.trim_end()) => {
                        let label = choice.label.trim_end();
                        let rest = &line[label.len()..];
                        let label = if active { style(label).green().to_string() } else { label.to_owned() };
                        format!("{label}{}", style(rest).dim())
                    }
                    _ if first && active => style(line.as_ref()).green().to_string(),
                    _ if first => line.into_owned(),
                    _ => style(line.as_ref()).dim().to_string(),
                };
                if first {
                    out.push(format!("{pointer} {box_}{styled}"));
                } else {
                    out.push(format!("{}{styled}", " ".repeat(indent)));
                }
            }
        }
        out
    }

    /// Run until the user submits; returns the chosen row indices (one for a single select).
    pub fn interact(mut self, default: &[usize]) -> io::Result<Vec<usize>> {
        for &i in default {
            if i < self.checked.len() && self.multi && self.choices[i].is_selectable() {
                self.checked[i] = true;
            }
        }
        self.cursor = default.first().copied().filter(|&i| i < self.choices.len());
        self.settle_cursor();
        self.term.hide_cursor()?;
        let result = self.run();
        self.term.show_cursor()?;
        result
    }

    fn run(&mut self) -> io::Result<Vec<usize>> {
        let mut drawn = 0;
        let mut message: Option<String> = None;
        loop {
            self.term.clear_last_lines(drawn)?;
            let lines = self.render(message.as_deref());
            for line in &lines {
                self.term.write_line(line)?;
            }
            drawn = lines.len();
            self.term.flush()?;
            message = None;
            match self.term.read_key()? {
                Key::ArrowDown | Key::Tab => self.step(true),
                Key::ArrowUp | Key::BackTab => self.step(false),
                Key::Enter => {
                    let chosen: Vec<usize> = if self.multi {
                        (0..self.choices.len()).filter(|&i| self.checked[i]).collect()
                    } else {
                        self.cursor.into_iter().collect()
                    };
                    if chosen.is_empty() {
                        message = Some(if self.multi {
                            "Select at least one row (Space to select)".into()
                        } else {
                            "No row matches; change the filter".into()
                        });
                        continue;
                    }
                    self.term.clear_last_lines(drawn)?;
                    let labels: Vec<&str> = chosen.iter().map(|&i| self.choices[i].label.trim_end()).collect();
                    self.term.write_line(&format!(
                        "{} {} {}",
                        style("✔").green(),
                        style(self.prompt).bold(),
                        style(labels.join(", ")).green()
                    ))?;
                    return Ok(chosen);
                }
                Key::Char(' ') if self.multi => {
                    if let Some(c) = self.cursor {
                        self.checked[c] = !self.checked[c];
                    }
                }
                // Ctrl+A: `console` reads it as Home (a line-editing key).
                Key::Home | Key::Char('\u{1}') if self.multi => {
                    for i in self.visible() {
                        if self.choices[i].is_selectable() {
                            self.checked[i] = true;
                        }
                    }
                }
                Key::Char('\u{12}') if self.multi => self.checked.iter_mut().for_each(|c| *c = false),
                Key::Backspace if self.filterable => {
                    self.filter.pop();
                    self.settle_cursor();
                }
                Key::Escape if self.filterable => {
                    self.filter.clear();
                    self.settle_cursor();
                }
                Key::Char(c) if self.filterable && !c.is_control() => {
                    self.filter.push(c);
                    self.cursor = None;
                    self.settle_cursor();
                }
                _ => {}
            }
        }
    }
}

/// Label, separator and detail, as one text (a detail starting with a newline starts a line).
fn row_text(choice: &Choice) -> String {
    match &choice.detail {
        Some(detail) => format!("{}{}{detail}", choice.label, choice.separator()),
        None => choice.label.clone(),
    }
}
