//! `eventdef scan`: find the code that triggers internal events, and compare it with the
//! definitions.
//!
//! The forms GitLab writes are those of its documentation
//! (https://docs.gitlab.com/development/internal_analytics/internal_event_instrumentation/quick_start/):
//! Ruby `track_internal_event('x', user:, project:, ...)` and `Gitlab::InternalEvents.track_event`,
//! the controller DSL `track_internal_event :index, name: 'x'`, JavaScript
//! `InternalEvents.trackEvent('x', {...})` and the Vue mixin's `this.trackEvent`,
//! `data-event-tracking` attributes in Vue templates, HAML and ERB (and the `event_tracking:`
//! data hashes that become them), and the tests that expect them: RSpec
//! `trigger_internal_events('x')`, the `'internal event tracking'` shared example with
//! `let(:event)`, `have_received(:track_event).with('x')`, and Jest spies'
//! `toHaveBeenCalledWith('x', ...)`.
//!
//! [`files`] walks the tree with ripgrep's `ignore` crate (`.gitignore`-aware, parallel) and
//! skips every file that holds none of the call names (one Aho-Corasick pass, as `rg` does);
//! the few files left are tokenized by language ([`ruby`], [`js`], [`markup`]). [`check`]
//! turns the triggers and the definitions into findings.

pub mod check;
pub mod files;
mod js;
mod js_lex;
mod markup;
mod ruby;
mod ruby_lex;

use serde::Serialize;

pub use files::{ScanOptions, ScanResult, scan};

/// What kind of file a trigger is in, which also says what it is: code that sends the event
/// (`ruby`, `js`, `vue`, `haml`, `erb`) or a test that expects it (`rspec`, `jest`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TriggerKind {
    Ruby,
    Js,
    Vue,
    Haml,
    Erb,
    Rspec,
    Jest,
}

impl TriggerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerKind::Ruby => "ruby",
            TriggerKind::Js => "js",
            TriggerKind::Vue => "vue",
            TriggerKind::Haml => "haml",
            TriggerKind::Erb => "erb",
            TriggerKind::Rspec => "rspec",
            TriggerKind::Jest => "jest",
        }
    }

    pub fn is_test(self) -> bool {
        matches!(self, TriggerKind::Rspec | TriggerKind::Jest)
    }

    /// The kind of triggers a file holds, from its path; `None` for files that are not scanned.
    /// Specs are told apart by GitLab's layout: `spec/` and `ee/spec/` folders, `*_spec.rb`,
    /// `*_spec.js`.
    pub fn of_path(rel: &str) -> Option<TriggerKind> {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let ext = name.rsplit_once('.').map(|(_, e)| e)?;
        let in_spec = rel.starts_with("spec/") || rel.contains("/spec/") || name.contains("_spec.");
        Some(match ext {
            "rb" if in_spec => TriggerKind::Rspec,
            "rb" => TriggerKind::Ruby,
            "js" | "mjs" | "cjs" | "ts" if in_spec || name.contains(".spec.") || name.contains(".test.") => {
                TriggerKind::Jest
            }
            "js" | "mjs" | "cjs" | "ts" => TriggerKind::Js,
            "vue" => TriggerKind::Vue,
            "haml" => TriggerKind::Haml,
            "erb" => TriggerKind::Erb,
            _ => return None,
        })
    }
}

/// One place that sends an event, or a test that expects one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trigger {
    /// Relative to the scanned root, forward slashes.
    pub path: String,
    /// Of the action's literal, or of the name expression when it is not a literal; for a
    /// shared example, of the `let(:event)`.
    pub line: u32,
    pub column: u32,
    pub kind: TriggerKind,
    /// `None` when the name is not a literal (a variable, a constant, a parameter).
    pub action: Option<String>,
    pub dynamic: bool,
    /// A test that expects the event *not* to be sent.
    pub negated: bool,
    /// Keys passed: `label`, `property`, `value`, then custom keys in source order.
    pub properties: Vec<String>,
    /// `user`, `project`, `namespace` passed (Ruby calls and RSpec expectations).
    pub identifiers: Vec<String>,
    /// A backend call, where the identifiers a definition declares must be passed.
    #[serde(skip)]
    pub passes_identifiers: bool,
}

/// What the tokenizers find before positions are known: byte offsets into the file.
#[derive(Debug, Clone, Default)]
struct Found {
    offset: usize,
    action: Option<String>,
    negated: bool,
    properties: Vec<String>,
    identifiers: Vec<String>,
    passes_identifiers: bool,
}

impl Found {
    fn new(offset: usize, action: Option<String>) -> Found {
        Found { offset, action, ..Found::default() }
    }
}

/// The triggers in one file's text; `rel` decides the language (see [`TriggerKind::of_path`]).
pub fn triggers_in(rel: &str, text: &str) -> Vec<Trigger> {
    let Some(kind) = TriggerKind::of_path(rel) else { return Vec::new() };
    let found = match kind {
        TriggerKind::Ruby => ruby::code(text, false),
        TriggerKind::Rspec => ruby::spec(text),
        TriggerKind::Js => js::code(text, 0, text.len()),
        TriggerKind::Jest => js::jest(text),
        TriggerKind::Vue => markup::vue(text),
        TriggerKind::Haml => markup::haml(text),
        TriggerKind::Erb => markup::erb(text),
    };
    let lines = LineIndex::new(text);
    let mut out: Vec<Trigger> = found
        .into_iter()
        .map(|f| {
            let (line, column) = lines.position(text, f.offset);
            Trigger {
                path: rel.to_owned(),
                line,
                column,
                kind,
                dynamic: f.action.is_none(),
                action: f.action,
                negated: f.negated,
                properties: order_properties(f.properties),
                identifiers: order_identifiers(f.identifiers),
                passes_identifiers: f.passes_identifiers,
            }
        })
        .collect();
    out.sort_by_key(|t| (t.line, t.column));
    out.dedup_by(|a, b| a.line == b.line && a.column == b.column && a.action == b.action);
    out
}

/// `label`, `property`, `value` first (GitLab's built-in properties), then custom keys in
/// source order, each once.
fn order_properties(keys: Vec<String>) -> Vec<String> {
    let builtin = ["label", "property", "value"];
    let mut out: Vec<String> = builtin.iter().filter(|b| keys.iter().any(|k| k == *b)).map(|b| b.to_string()).collect();
    for key in keys {
        if !out.contains(&key) {
            out.push(key);
        }
    }
    out
}

fn order_identifiers(keys: Vec<String>) -> Vec<String> {
    ["user", "project", "namespace"].iter().filter(|i| keys.iter().any(|k| k == *i)).map(|i| i.to_string()).collect()
}

/// Byte offset → 1-based line and column (in characters).
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_iter(text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
    }
}

fn memchr_iter(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rel: &str, text: &str) -> Vec<String> {
        triggers_in(rel, text)
            .iter()
            .map(|t| {
                format!(
                    "{}:{} {} {}",
                    t.line,
                    t.column,
                    t.action.as_deref().unwrap_or("<dynamic>"),
                    t.properties.join(",")
                )
            })
            .collect()
    }

    #[test]
    fn erb_attributes_and_ruby_data_hashes() {
        let text = "<button data-event-tracking=\"click_a\" data-event-label=\"x\">A</button>\n\
                    <%= link_to 'B', path, data: { event_tracking: 'click_b', event_property: 'p' } %>\n\
                    <a data-event-tracking-load=\"true\" data-event-tracking=\"view_c\">C</a>\n";
        assert_eq!(
            rows("app/views/x/show.html.erb", text),
            ["1:29 click_a label", "2:48 click_b property", "3:56 view_c "]
        );
    }

    #[test]
    fn vue_bound_attributes_and_handlers() {
        let text = "<template>\n  <a :data-event-tracking=\"'click_a'\" :data-event-value=\"n\" @click=\"trackEvent(name, { label })\">x</a>\n</template>\n<script>\nconst s = '[data-event-tracking=\"not_this\"]';\n</script>\n";
        assert_eq!(rows("app/assets/javascripts/x.vue", text), ["2:28 click_a value", "2:80 <dynamic> label"]);
    }

    #[test]
    /// Plain text that mentions a key is not Ruby, so it is no trigger.
    fn haml_attribute_lists_and_hashes() {
        let text = "%a(href=\"#\" data-event-tracking=\"click_a\" data-event-label=\"l\") A\n%p Don't { event_tracking: nothing }\n%button{ 'data-event-tracking' => 'click_b' } B\n";
        assert_eq!(rows("app/views/x/_y.html.haml", text), ["1:33 click_a label", "3:35 click_b "]);
    }
}
