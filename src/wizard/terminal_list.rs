//! A list prompt for what dialoguer's Select/MultiSelect/FuzzySelect lack: rows that are shown
//! but cannot be chosen (greyed, "✘", with the reason), section dividers, a filter that keeps
//! the rows in their order, and filtering in multi-selects
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers.rb).
//! Arrow keys skip disabled rows and dividers, as in GitLab's generator.

use std::io;

use console::{Key, Term, style, truncate_str};

use super::prompt::{Choice, MULTI_SELECT_HELP, RowKind};

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

    fn matches(&self, index: usize) -> bool {
        let choice = &self.choices[index];
        if self.filter.is_empty() {
            return true;
        }
        if choice.kind == RowKind::Divider {
            return false;
        }
        choice.plain().to_lowercase().contains(&self.filter.to_lowercase())
    }

    fn visible(&self) -> Vec<usize> {
        (0..self.choices.len()).filter(|&i| self.matches(i)).collect()
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
        let start = if visible.len() <= capacity {
            0
        } else {
            cursor_pos.saturating_sub(capacity / 2).min(visible.len() - capacity)
        };
        if visible.is_empty() {
            lines.push(format!("  {}", style("(no rows match the filter)").dim()));
        }
        for &i in visible.iter().skip(start).take(capacity) {
            let choice = &self.choices[i];
            let active = self.cursor == Some(i);
            let pointer = if active { style("❯").green().to_string() } else { " ".into() };
            let box_ = if !self.multi || choice.kind == RowKind::Divider {
                String::new()
            } else if self.checked[i] {
                format!("{} ", style("◉").green())
            } else {
                format!("{} ", style("◯").dim())
            };
            let text = match &choice.kind {
                RowKind::Divider => style(format!("-- {} --", choice.label)).dim().to_string(),
                RowKind::Disabled(reason) => style(format!("✘ {} {reason}", choice.label)).dim().to_string(),
                RowKind::Enabled => {
                    let label = if active { style(&choice.label).green().to_string() } else { choice.label.clone() };
                    match &choice.detail {
                        // One row per choice: a detail meant for its own line joins the label.
                        Some(detail) => format!("{label} {}", style(detail.trim_start().replace('\n', " ")).dim()),
                        None => label,
                    }
                }
            };
            lines.push(format!("{pointer} {box_}{text}"));
        }
        if visible.len() > capacity {
            lines.push(style(format!("  ({} of {} rows shown)", capacity, visible.len())).dim().to_string());
        }
        if let Some(message) = message {
            lines.push(style(message).red().to_string());
        }
        // One terminal row per line, so redrawing clears exactly what was drawn.
        lines.into_iter().map(|line| truncate_str(&line, width.saturating_sub(1), "…").into_owned()).collect()
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
                Key::Char('\u{1}') if self.multi => {
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
