//! A prompter that answers from a script, for tests and demos. Answers are semantic — "pick the
//! row that says X", "type Y", "yes" — never keystrokes. Every question and every shown text
//! goes into a plain-text transcript that tests can compare with expected screens.
//!
//! When the flow asks something the script does not fit (a text answer for a menu, a row that
//! does not exist or is disabled, no answers left), the prompter panics with the transcript:
//! a test fails loudly and shows where the flow went.

use std::collections::VecDeque;

use super::prompt::{Asked, Choice, Interrupted, MultiSelectQuestion, Prompter, RowKind, SelectQuestion};

/// One scripted answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Type this text (replacing any pre-filled text).
    Text(String),
    /// Choose the row whose label is this (exactly, else the only row starting with, else the
    /// only row containing it).
    Pick(String),
    /// Choose the row at this index.
    PickIndex(usize),
    /// Tick exactly these rows (by label, as [`Answer::Pick`]) and submit.
    PickMany(Vec<String>),
    Yes,
    No,
    /// Press Enter: accept the default row, the pre-filled text, the default yes/no, or the
    /// pre-ticked rows.
    Enter,
    /// Press Ctrl-C.
    CtrlC,
    /// The input ends here.
    EndOfInput,
}

impl Answer {
    pub fn text(s: impl Into<String>) -> Answer {
        Answer::Text(s.into())
    }

    pub fn pick(label: impl Into<String>) -> Answer {
        Answer::Pick(label.into())
    }

    pub fn pick_many<S: Into<String>>(labels: impl IntoIterator<Item = S>) -> Answer {
        Answer::PickMany(labels.into_iter().map(Into::into).collect())
    }
}

/// Answers questions from a queue and records a transcript.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    answers: VecDeque<Answer>,
    transcript: String,
    width: usize,
}

impl ScriptedPrompter {
    pub fn new(answers: impl IntoIterator<Item = Answer>) -> Self {
        ScriptedPrompter { answers: answers.into_iter().collect(), transcript: String::new(), width: 50 }
    }

    /// Everything shown and asked, as plain text.
    pub fn transcript(&self) -> &str {
        &self.transcript
    }

    /// Answers not used yet.
    pub fn remaining(&self) -> usize {
        self.answers.len()
    }

    fn record(&mut self, text: &str) {
        self.transcript.push_str(&console::strip_ansi_codes(text));
        self.transcript.push('\n');
    }

    fn fail(&self, message: &str) -> ! {
        panic!("scripted prompter: {message}\n--- transcript so far ---\n{}--- end of transcript ---", self.transcript)
    }

    fn next(&mut self, question: &str) -> Asked<Answer> {
        match self.answers.pop_front() {
            Some(Answer::CtrlC) => {
                self.record("^C");
                Err(Interrupted::CtrlC)
            }
            Some(Answer::EndOfInput) => {
                self.record("<end of input>");
                Err(Interrupted::EndOfInput)
            }
            Some(answer) => Ok(answer),
            None => self.fail(&format!("no answer left for: {question}")),
        }
    }

    fn record_rows(&mut self, choices: &[Choice], marked: impl Fn(usize) -> bool) {
        for (i, choice) in choices.iter().enumerate() {
            let marker = if marked(i) { ">" } else { " " };
            let row = match &choice.kind {
                RowKind::Divider => format!("   -- {} --", choice.label),
                RowKind::Disabled(reason) => format!("{marker} ✘ {} {reason}", row_text(choice)),
                RowKind::Enabled => format!("{marker}   {}", row_text(choice)),
            };
            self.record(row.trim_end());
        }
    }

    fn find_row(&self, choices: &[Choice], wanted: &str) -> usize {
        let norm = |s: &str| s.trim().to_owned();
        let candidates: Vec<usize> = {
            let exact: Vec<usize> = (0..choices.len()).filter(|&i| norm(&choices[i].label) == wanted.trim()).collect();
            if !exact.is_empty() {
                exact
            } else {
                let starts: Vec<usize> =
                    (0..choices.len()).filter(|&i| norm(&choices[i].label).starts_with(wanted.trim())).collect();
                if !starts.is_empty() {
                    starts
                } else {
                    (0..choices.len()).filter(|&i| choices[i].plain().contains(wanted.trim())).collect()
                }
            }
        };
        let selectable: Vec<usize> = candidates.iter().copied().filter(|&i| choices[i].is_selectable()).collect();
        let all_same = selectable.windows(2).all(|w| choices[w[0]].label.trim() == choices[w[1]].label.trim());
        match (selectable.as_slice(), candidates.as_slice()) {
            ([one], _) => *one,
            // The same row listed twice (a category under its group and under "All categories").
            ([first, ..], _) if all_same => *first,
            ([], []) => self.fail(&format!("no row matches {wanted:?}")),
            ([], [first, ..]) => self.fail(&format!("row {:?} is not selectable", choices[*first].plain())),
            (_, _) => self.fail(&format!("{wanted:?} matches several rows")),
        }
    }

    fn check_selectable(&self, choices: &[Choice], index: usize) -> usize {
        match choices.get(index) {
            Some(choice) if choice.is_selectable() => index,
            Some(choice) => self.fail(&format!("row {:?} is not selectable", choice.plain())),
            None => self.fail(&format!("there is no row {index}")),
        }
    }
}

fn row_text(choice: &Choice) -> String {
    match &choice.detail {
        Some(detail) => format!("{}{}{detail}", choice.label, choice.separator()),
        None => choice.label.clone(),
    }
}

impl Prompter for ScriptedPrompter {
    fn new_screen(&mut self) {
        self.record("════════ new screen ════════");
    }

    fn say(&mut self, text: &str) {
        self.record(text);
    }

    fn width(&self) -> usize {
        self.width
    }

    fn line(&mut self, prompt: &str, initial: Option<&str>) -> Asked<String> {
        match initial {
            Some(initial) => self.record(&format!("? {prompt} [{initial}]")),
            None => self.record(&format!("? {prompt}")),
        }
        let answer = match self.next(prompt)? {
            Answer::Text(text) => text,
            Answer::Enter => initial.unwrap_or_default().to_owned(),
            other => self.fail(&format!("expected text or Enter for {prompt:?}, got {other:?}")),
        };
        self.record(&format!("→ {answer}"));
        Ok(answer)
    }

    fn select(&mut self, q: &SelectQuestion) -> Asked<usize> {
        match q.initial_filter {
            Some(filter) => self.record(&format!("? {} [filter: {filter}]", q.prompt)),
            None => self.record(&format!("? {}", q.prompt)),
        }
        self.record_rows(q.choices, |i| i == q.default);
        let index = match self.next(q.prompt)? {
            Answer::Pick(label) => self.find_row(q.choices, &label),
            Answer::PickIndex(index) => self.check_selectable(q.choices, index),
            Answer::Enter => self.check_selectable(q.choices, q.default),
            other => self.fail(&format!("expected a pick or Enter for {:?}, got {other:?}", q.prompt)),
        };
        self.record(&format!("→ {}", q.choices[index].label.trim_end()));
        Ok(index)
    }

    fn multi_select(&mut self, q: &MultiSelectQuestion) -> Asked<Vec<usize>> {
        self.record(&format!("? {} (multiple)", q.prompt));
        self.record_rows(q.choices, |i| q.selected.contains(&i));
        let mut chosen: Vec<usize> = match self.next(q.prompt)? {
            Answer::PickMany(labels) => labels.iter().map(|l| self.find_row(q.choices, l)).collect(),
            Answer::Pick(label) => vec![self.find_row(q.choices, &label)],
            Answer::Enter => q.selected.iter().map(|&i| self.check_selectable(q.choices, i)).collect(),
            other => self.fail(&format!("expected picks or Enter for {:?}, got {other:?}", q.prompt)),
        };
        chosen.sort_unstable();
        chosen.dedup();
        if chosen.is_empty() {
            self.fail(&format!("{:?} needs at least one row", q.prompt));
        }
        let labels: Vec<&str> = chosen.iter().map(|&i| q.choices[i].label.trim_end()).collect();
        self.record(&format!("→ {}", labels.join(" | ")));
        Ok(chosen)
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Asked<bool> {
        self.record(&format!("? {prompt} {}", if default { "(Y/n)" } else { "(y/N)" }));
        let yes = match self.next(prompt)? {
            Answer::Yes => true,
            Answer::No => false,
            Answer::Enter => default,
            other => self.fail(&format!("expected yes/no for {prompt:?}, got {other:?}")),
        };
        self.record(&format!("→ {}", if yes { "yes" } else { "no" }));
        Ok(yes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wizard::prompt::{TextQuestion, ask_text};

    #[test]
    fn required_text_shows_help_then_validates() {
        let mut p = ScriptedPrompter::new([Answer::text(""), Answer::text("Bad Name"), Answer::text("good_name")]);
        let validate = |s: &str| if s.contains(' ') { Err(format!("Invalid: {s}")) } else { Ok(()) };
        let q = TextQuestion::required("Name:", "Required. Use underscores.").validate(&validate);
        assert_eq!(ask_text(&mut p, &q), Ok("good_name".to_owned()));
        assert_eq!(
            p.transcript(),
            "? Name: (leave blank for help)\n→ \nRequired. Use underscores.\n? Name: (leave blank for help)\n→ Bad Name\nInvalid: Bad Name\n? Name: (leave blank for help)\n→ good_name\n"
        );
    }

    #[test]
    fn picks_by_label_and_refuses_disabled_rows() {
        let rows = [Choice::new("One"), Choice::disabled("Two", "(already defined)"), Choice::new("Three")];
        let mut p = ScriptedPrompter::new([Answer::pick("Thr"), Answer::Enter, Answer::CtrlC]);
        assert_eq!(p.select(&SelectQuestion::new("Which?", &rows)), Ok(2));
        assert_eq!(p.select(&SelectQuestion::new("Which?", &rows)), Ok(0));
        assert_eq!(p.confirm("Sure?", true), Err(Interrupted::CtrlC));
        assert!(p.transcript().contains("  ✘ Two (already defined)"));
        let result = std::panic::catch_unwind(move || {
            let mut p = ScriptedPrompter::new([Answer::pick("Two")]);
            let _ = p.select(&SelectQuestion::new("Which?", &rows));
        });
        assert!(result.is_err());
    }
}
