//! The questions the wizard asks, independent of how they are shown. Two implementations: a
//! real terminal (`dialoguer_prompt`) and a script of answers for tests (`scripted`).
//!
//! Implementations show rows and read answers; the shared helpers here ([`ask_text`]) hold
//! the behaviour both must agree on: help on blank required answers, validation messages and
//! re-asking.

use console::style;

/// The user stopped the wizard: Ctrl-C, or the input ended. Nothing more is written; the
/// binary exits with 130.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interrupted {
    CtrlC,
    EndOfInput,
}

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Interrupted::CtrlC => "interrupted",
            Interrupted::EndOfInput => "input ended",
        })
    }
}

/// The answer to a question, or the interruption that replaced it.
pub type Asked<T> = Result<T, Interrupted>;

/// Whether a row can be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    Enabled,
    /// Shown greyed with "✘" and the reason; choosing it is refused.
    Disabled(String),
    /// A section title ("-- text --"), never chosen.
    Divider,
}

/// One row of a menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// What the row says (plain text; implementations add colour).
    pub label: String,
    /// Greyed text after the label: a description, a second line ("ex) ...").
    pub detail: Option<String>,
    pub kind: RowKind,
    /// Words a filter also matches but the row does not show (a group's display name).
    pub keywords: String,
}

impl Choice {
    pub fn new(label: impl Into<String>) -> Choice {
        Choice { label: label.into(), detail: None, kind: RowKind::Enabled, keywords: String::new() }
    }

    pub fn with_detail(label: impl Into<String>, detail: impl Into<String>) -> Choice {
        Choice { label: label.into(), detail: Some(detail.into()), kind: RowKind::Enabled, keywords: String::new() }
    }

    pub fn disabled(label: impl Into<String>, reason: impl Into<String>) -> Choice {
        Choice { label: label.into(), detail: None, kind: RowKind::Disabled(reason.into()), keywords: String::new() }
    }

    pub fn divider(text: impl Into<String>) -> Choice {
        Choice { label: text.into(), detail: None, kind: RowKind::Divider, keywords: String::new() }
    }

    /// What goes between label and detail: nothing when the detail starts on its own line.
    pub fn separator(&self) -> &'static str {
        match &self.detail {
            Some(detail) if detail.starts_with('\n') => "",
            _ => " ",
        }
    }

    pub fn keywords(mut self, keywords: impl Into<String>) -> Choice {
        self.keywords = keywords.into();
        self
    }

    pub fn is_selectable(&self) -> bool {
        self.kind == RowKind::Enabled
    }

    /// The row as plain text, the way filters match it: label, detail, disabled reason.
    pub fn plain(&self) -> String {
        let mut text = match self.kind {
            RowKind::Divider => format!("-- {} --", self.label),
            _ => self.label.clone(),
        };
        if let Some(detail) = &self.detail {
            text.push_str(self.separator());
            text.push_str(detail);
        }
        if let RowKind::Disabled(reason) = &self.kind {
            text = format!("✘ {text} {reason}");
        }
        text
    }
}

/// Pick one row.
#[derive(Debug, Clone)]
pub struct SelectQuestion<'a> {
    pub prompt: &'a str,
    pub choices: &'a [Choice],
    /// Index of the row highlighted at first (Enter picks it).
    pub default: usize,
    /// Typing narrows the list (long lists: events, groups).
    pub filterable: bool,
    /// Text already in the filter box (e.g. `dev:create:`).
    pub initial_filter: Option<&'a str>,
}

impl<'a> SelectQuestion<'a> {
    pub fn new(prompt: &'a str, choices: &'a [Choice]) -> Self {
        let default = choices.iter().position(Choice::is_selectable).unwrap_or(0);
        SelectQuestion { prompt, choices, default, filterable: false, initial_filter: None }
    }

    pub fn default(mut self, index: usize) -> Self {
        self.default = index;
        self
    }

    pub fn filterable(mut self) -> Self {
        self.filterable = true;
        self
    }

    pub fn initial_filter(mut self, filter: Option<&'a str>) -> Self {
        self.initial_filter = filter;
        self
    }
}

/// Pick at least one row.
#[derive(Debug, Clone)]
pub struct MultiSelectQuestion<'a> {
    pub prompt: &'a str,
    pub choices: &'a [Choice],
    /// Rows ticked at first.
    pub selected: &'a [usize],
    pub filterable: bool,
}

/// Help line shown under multi-select prompts.
pub const MULTI_SELECT_HELP: &str =
    "(Space to select, Enter to submit, ↑/↓ to move, Ctrl+A|R to select all|none, letters to filter)";

/// Checks a typed answer; the message is shown when it is refused.
pub type Validator<'a> = dyn Fn(&str) -> Result<(), String> + 'a;

/// A free-text question. Required questions show `help` when left blank; optional ones return
/// an empty string.
pub struct TextQuestion<'a> {
    /// The input label.
    pub prompt: &'a str,
    /// A question line shown above the input; the "(leave blank for help)" suffix goes there.
    pub lead: Option<&'a str>,
    /// `Some(help)`: required, and `help` is shown when the answer is blank.
    pub required_help: Option<&'a str>,
    /// Pre-filled, editable answer.
    pub initial: Option<&'a str>,
    /// Refuse an answer with a message; the question is asked again.
    pub validate: Option<&'a Validator<'a>>,
}

impl<'a> TextQuestion<'a> {
    pub fn required(prompt: &'a str, help: &'a str) -> Self {
        TextQuestion { prompt, lead: None, required_help: Some(help), initial: None, validate: None }
    }

    pub fn optional(prompt: &'a str) -> Self {
        TextQuestion { prompt, lead: None, required_help: None, initial: None, validate: None }
    }

    pub fn lead(mut self, lead: &'a str) -> Self {
        self.lead = Some(lead);
        self
    }

    pub fn initial(mut self, initial: Option<&'a str>) -> Self {
        self.initial = initial.filter(|i| !i.is_empty());
        self
    }

    pub fn validate(mut self, validate: &'a Validator<'a>) -> Self {
        self.validate = Some(validate);
        self
    }

    fn suffix(&self) -> &'static str {
        match (self.required_help, self.initial) {
            (Some(_), _) => "(leave blank for help)",
            (None, Some(_)) => "(enter to submit)",
            (None, None) => "(enter to skip)",
        }
    }
}

/// How the wizard talks to the user.
pub trait Prompter {
    /// Start a new screen (a real terminal is cleared).
    fn new_screen(&mut self);
    /// Show text (may carry `console` styles); a newline follows.
    fn say(&mut self, text: &str);
    /// Terminal width for dividers and progress bars.
    fn width(&self) -> usize;
    /// Read one line, pre-filled with `initial`. Validation is the caller's ([`ask_text`]).
    fn line(&mut self, prompt: &str, initial: Option<&str>) -> Asked<String>;
    /// The index of a selectable row.
    fn select(&mut self, question: &SelectQuestion) -> Asked<usize>;
    /// Indices of at least one selectable row, in row order.
    fn multi_select(&mut self, question: &MultiSelectQuestion) -> Asked<Vec<usize>>;
    fn confirm(&mut self, prompt: &str, default: bool) -> Asked<bool>;
    /// A typed answer passed its checks: a terminal echoes it as accepted (a green tick). An
    /// answer refused by a check is never shown as accepted.
    fn accepted(&mut self, _prompt: &str, _answer: &str) {}
}

/// Ask until the answer is acceptable; returns it trimmed. Blank required answers show the
/// help; invalid ones show the validation message.
pub fn ask_text(p: &mut dyn Prompter, q: &TextQuestion) -> Asked<String> {
    let suffix = style(q.suffix()).dim().to_string();
    let prompt = match q.lead {
        Some(lead) => {
            // The suffix belongs to the question, the lead's first line; details follow it.
            let (question, details) = lead.split_once('\n').unwrap_or((lead, ""));
            p.say(&format!("{} {suffix}", style(question).magenta()));
            if !details.is_empty() {
                p.say(details);
            }
            q.prompt.to_owned()
        }
        None => format!("{} {suffix}", q.prompt),
    };
    loop {
        let raw = p.line(&prompt, q.initial)?;
        let answer = raw.trim();
        if answer.is_empty() {
            match q.required_help {
                Some(help) => {
                    let help = super::text::wrap(help, p.width());
                    p.say(&style(help).red().to_string());
                    continue;
                }
                None => {
                    p.accepted(&prompt, "");
                    return Ok(String::new());
                }
            }
        }
        if let Some(Err(message)) = q.validate.map(|validate| validate(answer)) {
            let message = super::text::wrap(&message, p.width());
            p.say(&style(message).red().to_string());
            continue;
        }
        p.accepted(&prompt, answer);
        return Ok(answer.to_owned());
    }
}
