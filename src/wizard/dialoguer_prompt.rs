//! The real terminal: dialoguer for text, yes/no and plain menus; our own list prompt
//! (`terminal_list`) for menus with disabled rows, dividers or a filter, which dialoguer lacks.
//!
//! Ctrl-C: in a prompt the terminal is in raw mode, so the key arrives as a character and the
//! prompt returns `Interrupted`; between prompts the binary's SIGINT handler records it with
//! [`note_interrupt`] and the next question returns `Interrupted`. Either way the cursor is shown again and the
//! caller exits without writing anything more.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

use console::{Term, style, truncate_str};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, MultiSelect, Select};

use super::prompt::{Asked, Choice, Interrupted, MultiSelectQuestion, Prompter, SelectQuestion};
use super::terminal_list::ListPrompt;

static SIGINT_SEEN: AtomicBool = AtomicBool::new(false);

/// Record a Ctrl-C that arrived between two questions: the binary's SIGINT handler calls this
/// (the library installs no handler); `ctrlc` calls it on its own thread.
pub fn note_interrupt() {
    SIGINT_SEEN.store(true, Ordering::SeqCst);
}

pub struct DialoguerPrompter {
    term: Term,
    theme: ColorfulTheme,
}

impl Default for DialoguerPrompter {
    fn default() -> Self {
        Self::new()
    }
}

impl DialoguerPrompter {
    /// A prompter on standard output. Ctrl-C between prompts is noticed when the process routes
    /// SIGINT to [`note_interrupt`].
    pub fn new() -> Self {
        DialoguerPrompter { term: Term::stdout(), theme: ColorfulTheme::default() }
    }

    fn check_interrupt(&self) -> Asked<()> {
        if SIGINT_SEEN.load(Ordering::SeqCst) {
            let _ = self.term.show_cursor();
            return Err(Interrupted::CtrlC);
        }
        Ok(())
    }

    fn interrupted(&self, error: io::Error) -> Interrupted {
        let _ = self.term.show_cursor();
        let _ = self.term.flush();
        if error.kind() == io::ErrorKind::Interrupted || SIGINT_SEEN.load(Ordering::SeqCst) {
            Interrupted::CtrlC
        } else {
            Interrupted::EndOfInput
        }
    }

    fn dialoguer_error(&self, error: dialoguer::Error) -> Interrupted {
        match error {
            dialoguer::Error::IO(e) => self.interrupted(e),
        }
    }

    /// Rows dialoguer can show as they are: no disabled rows, no dividers.
    fn plain_rows(choices: &[Choice]) -> bool {
        choices.iter().all(Choice::is_selectable)
    }

    /// A row as dialoguer shows it, each line cut to the terminal width: a wrapped row would
    /// throw off dialoguer's redrawing.
    fn row(&self, choice: &Choice) -> String {
        let text = match &choice.detail {
            Some(detail) => format!("{}{}{}", choice.label, choice.separator(), style(detail).dim()),
            None => choice.label.clone(),
        };
        let width = self.width().saturating_sub(3);
        text.lines().map(|line| truncate_str(line, width, "…").into_owned()).collect::<Vec<_>>().join("\n")
    }
}

impl Prompter for DialoguerPrompter {
    fn new_screen(&mut self) {
        let _ = self.term.clear_screen();
    }

    fn say(&mut self, text: &str) {
        let _ = self.term.write_line(text);
    }

    fn width(&self) -> usize {
        match self.term.size_checked() {
            Some((_, cols)) if cols > 0 => cols as usize,
            _ => 100,
        }
    }

    fn line(&mut self, prompt: &str, initial: Option<&str>) -> Asked<String> {
        self.check_interrupt()?;
        let mut input = Input::<String>::with_theme(&self.theme).with_prompt(prompt).allow_empty(true);
        if let Some(initial) = initial {
            input = input.with_initial_text(initial);
        }
        input.interact_text_on(&self.term).map_err(|e| self.dialoguer_error(e))
    }

    fn select(&mut self, q: &SelectQuestion) -> Asked<usize> {
        self.check_interrupt()?;
        if !q.filterable && Self::plain_rows(q.choices) {
            let rows: Vec<String> = q.choices.iter().map(|c| self.row(c)).collect();
            return Select::with_theme(&self.theme)
                .with_prompt(q.prompt)
                .items(&rows)
                .default(q.default.min(rows.len().saturating_sub(1)))
                .interact_on(&self.term)
                .map_err(|e| self.dialoguer_error(e));
        }
        let mut list = ListPrompt::new(&self.term, q.prompt, q.choices, false, q.filterable);
        list.filter = q.initial_filter.unwrap_or_default().to_owned();
        let chosen = list.interact(&[q.default]).map_err(|e| self.interrupted(e))?;
        chosen.first().copied().ok_or(Interrupted::EndOfInput)
    }

    fn multi_select(&mut self, q: &MultiSelectQuestion) -> Asked<Vec<usize>> {
        self.check_interrupt()?;
        if q.filterable || !Self::plain_rows(q.choices) {
            let list = ListPrompt::new(&self.term, q.prompt, q.choices, true, q.filterable);
            return list.interact(q.selected).map_err(|e| self.interrupted(e));
        }
        let rows: Vec<String> = q.choices.iter().map(|c| self.row(c)).collect();
        let defaults: Vec<bool> = (0..rows.len()).map(|i| q.selected.contains(&i)).collect();
        loop {
            let chosen = MultiSelect::with_theme(&self.theme)
                .with_prompt(format!("{} {}", q.prompt, style(super::prompt::MULTI_SELECT_HELP).dim()))
                .items(&rows)
                .defaults(&defaults)
                .interact_on(&self.term)
                .map_err(|e| self.dialoguer_error(e))?;
            if !chosen.is_empty() {
                return Ok(chosen);
            }
            self.say(&style("Select at least one row (Space to select)").red().to_string());
        }
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Asked<bool> {
        self.check_interrupt()?;
        Confirm::with_theme(&self.theme)
            .with_prompt(prompt)
            .default(default)
            .wait_for_newline(true)
            .interact_on(&self.term)
            .map_err(|e| self.dialoguer_error(e))
    }
}
