//! The `code` rules: the triggers found by [`super::scan`] against the event definitions.

use std::collections::{BTreeSet, HashMap};

use crate::diagnostics::{self, Diagnostic};
use crate::model::Identifier;
use crate::repository::Repository;
use crate::rules::Outcome;
use crate::rules::catalog::scan::*;
use crate::yaml::Position;

use super::{ScanResult, Trigger};

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// When set, report only findings in these files (root-relative), as `validate` does.
    pub only_paths: Option<BTreeSet<String>>,
    /// The whole tree was scanned, so an event no scanned file triggers is never triggered
    /// (`untriggered-event`, `untested-event`). False when only some paths were scanned.
    pub whole_tree: bool,
}

/// Every `code` finding, sorted; `files_checked` is the number of code files scanned.
pub fn check(repo: &Repository, scanned: &ScanResult, options: &CheckOptions) -> Outcome {
    let mut out = Vec::new();
    let internal: Vec<&str> =
        repo.events.iter().filter(|e| e.def.is_internal()).map(|e| e.def.action.as_str()).collect();
    // What sends each action, and what tests it.
    let mut sent: HashMap<&str, Vec<&Trigger>> = HashMap::new();
    let mut tested: HashMap<&str, Vec<&Trigger>> = HashMap::new();
    for trigger in scanned.triggers.iter().filter(|t| !t.negated) {
        let Some(action) = trigger.action.as_deref() else { continue };
        if trigger.kind.is_test() { &mut tested } else { &mut sent }.entry(action).or_default().push(trigger);
    }
    for trigger in scanned.triggers.iter().filter(|t| !t.negated) {
        let Some(action) = trigger.action.as_deref() else { continue };
        // A spec of code that is reported already would only repeat the code's finding.
        if trigger.kind.is_test() && sent.contains_key(action) {
            continue;
        }
        check_trigger(repo, &internal, trigger, action, &mut out);
    }
    if options.whole_tree {
        for event in repo.events.iter().filter(|e| e.def.is_internal() && !repo.is_removed_event(e)) {
            let file = repo.file(event.file);
            let action = event.def.action.as_str();
            match sent.get(action) {
                None => {
                    let mut message = format!("internal event `{action}` is defined but no scanned code triggers it");
                    if let Some(specs) = tested.get(action) {
                        message.push_str(&format!(
                            " (specs expect it at {}: the code may name it with an expression)",
                            places(specs)
                        ));
                    }
                    out.push(Diagnostic::new(&UNTRIGGERED_EVENT, &file.path, file.anchors.name, message));
                }
                Some(sites) if !tested.contains_key(action) => out.push(Diagnostic::new(
                    &UNTESTED_EVENT,
                    &file.path,
                    file.anchors.name,
                    format!("internal event `{action}` is triggered at {} but no spec expects it", places(sites)),
                )),
                Some(_) => {}
            }
        }
    }
    out.retain(|d| options.only_paths.as_ref().is_none_or(|only| only.contains(&d.path)));
    diagnostics::sort(&mut out);
    out.dedup();
    Outcome { files_checked: scanned.files_scanned, diagnostics: out }
}

/// `a.rb:3`, or `a.rb:3 and 2 more places`.
fn places(sites: &[&Trigger]) -> String {
    let first = format!("{}:{}", sites[0].path, sites[0].line);
    match sites.len() {
        1 => first,
        2 => format!("{first} and 1 more place"),
        n => format!("{first} and {} more places", n - 1),
    }
}

fn check_trigger(repo: &Repository, internal: &[&str], trigger: &Trigger, action: &str, out: &mut Vec<Diagnostic>) {
    let at = Position { line: trigger.line, column: trigger.column };
    let what = if trigger.kind.is_test() { "expected by this spec" } else { "triggered here" };
    let Some(event) = repo.internal_event(action) else {
        let mut message = format!("`{action}` is {what} but no internal event defines it");
        let suggestions = crate::suggest::close_matches(action, internal.iter().copied());
        if !suggestions.is_empty() {
            message.push_str(&format!("; did you mean: {}?", suggestions.join(", ")));
        }
        out.push(Diagnostic::new(&UNDEFINED_TRIGGER, &trigger.path, at, message));
        return;
    };
    let file = repo.file(event.file);
    if repo.is_removed_event(event) {
        out.push(Diagnostic::new(
            &REMOVED_EVENT_TRIGGERED,
            &trigger.path,
            at,
            format!("`{action}` is {what} but its definition ({}) is removed", file.path),
        ));
        return;
    }
    for property in trigger.properties.iter().filter(|p| !event.def.has_property(p)) {
        out.push(Diagnostic::new(
            &TRIGGER_UNDECLARED_PROPERTY,
            &trigger.path,
            at,
            format!(
                "`{action}` is sent with `{property}`, which {} does not declare in additional_properties",
                file.path
            ),
        ));
    }
    if trigger.passes_identifiers && !trigger.kind.is_test() {
        let passed = |name: &str| trigger.identifiers.iter().any(|i| i == name);
        for identifier in event.def.identifiers() {
            let name = identifier.as_str();
            let missing = match identifier {
                Identifier::User | Identifier::Project => !passed(name),
                // Gitlab::InternalEvents takes the namespace of the project when none is passed.
                Identifier::Namespace => !passed(name) && !passed("project"),
                Identifier::FeatureEnabledByNamespaceIds => false,
            };
            if missing {
                out.push(Diagnostic::new(
                    &TRIGGER_MISSING_IDENTIFIER,
                    &trigger.path,
                    at,
                    format!("`{action}` is sent without `{name}:`, which {} declares as an identifier", file.path),
                ));
            }
        }
    }
}
