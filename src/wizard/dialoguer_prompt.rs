//! The real terminal: dialoguer for text, yes/no and plain menus; our own list prompt
//! (`terminal_list`) for menus with disabled rows, dividers or a filter, which dialoguer lacks.
//!
//! Ctrl-C: in a prompt the terminal is in raw mode, so the key arrives as a character and the
//! prompt returns `Interrupted`; between prompts the SIGINT handler installed here records it
//! and the next question returns `Interrupted`. Either way the cursor is shown again and the
//! caller exits without writing anything more.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

use console::Term;
use dialoguer::theme::{ColorfulTheme, Theme};
use dialoguer::{Confirm, Input};

use super::prompt::{Asked, Interrupted, MultiSelectQuestion, Prompter, SelectQuestion};
use super::terminal_list::ListPrompt;

static SIGINT_SEEN: AtomicBool = AtomicBool::new(false);

pub struct DialoguerPrompter {
    term: Term,
    theme: ColorfulTheme,
    /// The terminal's settings before the wizard turned off signal keys, restored on drop.
    #[cfg(unix)]
    saved_termios: Option<libc::termios>,
}

impl Default for DialoguerPrompter {
    fn default() -> Self {
        Self::new()
    }
}

impl DialoguerPrompter {
    /// A prompter on standard output. Installs a SIGINT handler (once per process) so Ctrl-C
    /// between prompts is noticed instead of killing the process with a hidden cursor.
    pub fn new() -> Self {
        // A second installation fails harmlessly; the first handler does the same thing.
        let _ = ctrlc::set_handler(|| SIGINT_SEEN.store(true, Ordering::SeqCst));
        DialoguerPrompter {
            term: Term::stdout(),
            theme: ColorfulTheme::default(),
            #[cfg(unix)]
            saved_termios: ctrl_c_as_key(),
        }
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
}

/// Turn off the terminal's signal keys (ISIG) for the session, so Ctrl-C always arrives as a
/// key: `console` puts the terminal in raw mode only while it waits for a key, so a Ctrl-C
/// pressed while a menu is being drawn used to become a SIGINT that the waiting prompt did not
/// see, and a second Ctrl-C was needed. Queued as a key, it is read by the next prompt, which
/// stops the wizard. `console` and `dialoguer` have no setting for this; termios calls do it.
#[cfg(unix)]
fn ctrl_c_as_key() -> Option<libc::termios> {
    use std::os::fd::AsRawFd;
    let fd = std::io::stdin().as_raw_fd();
    let mut termios = std::mem::MaybeUninit::<libc::termios>::uninit();
    // SAFETY: tcgetattr writes a termios into the pointer it is given, and is checked for
    // failure before the value is read; tcsetattr reads the termios it is given.
    unsafe {
        if libc::tcgetattr(fd, termios.as_mut_ptr()) != 0 {
            return None;
        }
        let original = termios.assume_init();
        let mut changed = original;
        changed.c_lflag &= !libc::ISIG;
        if libc::tcsetattr(fd, libc::TCSADRAIN, &changed) != 0 {
            return None;
        }
        Some(original)
    }
}

impl Drop for DialoguerPrompter {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(original) = self.saved_termios.take() {
            use std::os::fd::AsRawFd;
            // SAFETY: tcsetattr reads the termios it is given, which tcgetattr filled.
            unsafe {
                libc::tcsetattr(std::io::stdin().as_raw_fd(), libc::TCSADRAIN, &original);
            }
        }
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
        // The answer is echoed by `accepted` once the caller's checks pass: dialoguer's own echo
        // would show a refused answer with a green tick.
        let mut input = Input::<String>::with_theme(&self.theme).with_prompt(prompt).allow_empty(true).report(false);
        if let Some(initial) = initial {
            input = input.with_initial_text(initial);
        }
        input.interact_text_on(&self.term).map_err(|e| self.dialoguer_error(e))
    }

    fn select(&mut self, q: &SelectQuestion) -> Asked<usize> {
        self.check_interrupt()?;
        let mut list = ListPrompt::new(&self.term, q.prompt, q.choices, false, q.filterable);
        list.filter = q.initial_filter.unwrap_or_default().to_owned();
        let chosen = list.interact(&[q.default]).map_err(|e| self.interrupted(e))?;
        chosen.first().copied().ok_or(Interrupted::EndOfInput)
    }

    fn multi_select(&mut self, q: &MultiSelectQuestion) -> Asked<Vec<usize>> {
        self.check_interrupt()?;
        let list = ListPrompt::new(&self.term, q.prompt, q.choices, true, q.filterable);
        list.interact(q.selected).map_err(|e| self.interrupted(e))
    }

    fn accepted(&mut self, prompt: &str, answer: &str) {
        let mut line = String::new();
        if self.theme.format_input_prompt_selection(&mut line, prompt, answer).is_ok() {
            let _ = self.term.write_line(&line);
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
