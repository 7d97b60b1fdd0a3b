//! Each received structured event checked against the repository's event definitions: what
//! GitLab's `Gitlab::InternalEvents.track_event` and its definition files expect
//! (https://docs.gitlab.com/development/internal_analytics/internal_event_instrumentation/quick_start/)
//! and what its review checks by hand.

use serde::Serialize;
use serde_json::Value;

use super::decode::Decoded;
use crate::model::{EventDefinition, Identifier};
use crate::repository::{Loaded, Repository};

/// Why an event is bad. Codes are stable (scripts and tests match on them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// The request or one of its encoded parts could not be decoded.
    InvalidPayload,
    /// A structured event without `se_ac`.
    MissingAction,
    /// No definition has the event's action.
    UnknownEvent,
    /// The definition is removed (`status: removed` or under `removed/`).
    RemovedEvent,
    /// The definition is not an internal event (`internal_events: true` is missing).
    LegacyEvent,
    /// No `gitlab_standard` context is attached.
    MissingStandardContext,
    /// The definition declares an identifier the event's context leaves null.
    MissingIdentifier,
    /// `label`, `property` or `value` sent but not declared in `additional_properties`.
    UndeclaredProperty,
    /// A key of the context's `extra` not declared in `additional_properties`.
    UndeclaredExtraKey,
    /// `se_va` that is not a number.
    NonNumericValue,
}

impl ReasonCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::InvalidPayload => "invalid_payload",
            ReasonCode::MissingAction => "missing_action",
            ReasonCode::UnknownEvent => "unknown_event",
            ReasonCode::RemovedEvent => "removed_event",
            ReasonCode::LegacyEvent => "legacy_event",
            ReasonCode::MissingStandardContext => "missing_standard_context",
            ReasonCode::MissingIdentifier => "missing_identifier",
            ReasonCode::UndeclaredProperty => "undeclared_property",
            ReasonCode::UndeclaredExtraKey => "undeclared_extra_key",
            ReasonCode::NonNumericValue => "non_numeric_value",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub code: ReasonCode,
    pub message: String,
    /// The definition file the reason is about (repository-relative), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
}

/// The verdict on one event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// A structured event (`e=se`): the only kind internal events are.
    pub internal_event: bool,
    /// The definition the event was checked against.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    pub reasons: Vec<Reason>,
}

impl Verdict {
    pub fn is_good(&self) -> bool {
        self.reasons.is_empty()
    }
}

fn reason(code: ReasonCode, message: String, definition: Option<&str>) -> Reason {
    Reason { code, message, definition: definition.map(str::to_owned) }
}

/// Checks `event` against the definitions of `repo`.
pub fn check(repo: &Repository, event: &Decoded) -> Verdict {
    let mut verdict = Verdict { internal_event: event.is_structured(), ..Verdict::default() };
    for problem in &event.problems {
        verdict.reasons.push(reason(ReasonCode::InvalidPayload, problem.clone(), None));
    }
    if !event.is_structured() {
        return verdict;
    }
    let Some(action) = event.action.as_deref() else {
        verdict.reasons.push(reason(
            ReasonCode::MissingAction,
            "a structured event without an action (`se_ac`)".to_owned(),
            None,
        ));
        return verdict;
    };
    let Some(definition) = pick_definition(repo, action) else {
        verdict.reasons.push(unknown_event(repo, action));
        return verdict;
    };
    let path = repo.file(definition.file).path.as_str();
    verdict.definition = Some(path.to_owned());
    let def = &definition.def;
    if repo.is_removed_event(definition) {
        let milestone = def.milestone_removed.as_deref().map(|m| format!(" in {m}")).unwrap_or_default();
        verdict.reasons.push(reason(
            ReasonCode::RemovedEvent,
            format!("`{action}` was removed{milestone} ({path}); remove the code that triggers it"),
            Some(path),
        ));
        return verdict;
    }
    if !def.is_internal() {
        verdict.reasons.push(reason(
            ReasonCode::LegacyEvent,
            format!(
                "`{action}` is a legacy Snowplow event ({path} lacks `internal_events: true`): metrics cannot count it"
            ),
            Some(path),
        ));
        return verdict;
    }
    check_against(def, path, event, &mut verdict.reasons);
    verdict
}

/// The definition to check against: the active internal event if there is one, else an active
/// one of any kind, else a removed one.
fn pick_definition<'r>(repo: &'r Repository, action: &str) -> Option<&'r Loaded<EventDefinition>> {
    let all = || repo.events_with_action(action);
    all()
        .find(|e| e.def.is_internal() && !repo.is_removed_event(e))
        .or_else(|| all().find(|e| !repo.is_removed_event(e)))
        .or_else(|| all().next())
}

fn unknown_event(repo: &Repository, action: &str) -> Reason {
    let actions = repo.events.iter().filter(|e| !repo.is_removed_event(e)).map(|e| e.def.action.as_str());
    let suggestions = crate::suggest::close_matches(action, actions);
    let mut message = format!("no event definition for `{action}` in config/events or ee/config/events");
    let mut definition = None;
    if let Some(first) = suggestions.first() {
        let file = repo.event(first).map(|e| repo.file(e.file).path.clone());
        let named: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
        message.push_str(&format!("; did you mean {}", named.join(", ")));
        if let Some(file) = &file {
            message.push_str(&format!(" ({file})"));
        }
        message.push('?');
        definition = file;
    }
    Reason { code: ReasonCode::UnknownEvent, message, definition }
}

/// The context field each identifier fills (GitLab's standard context).
fn identifier_field(identifier: Identifier) -> &'static str {
    match identifier {
        Identifier::Project => "project_id",
        Identifier::Namespace => "namespace_id",
        Identifier::User => "user_id",
        Identifier::FeatureEnabledByNamespaceIds => "feature_enabled_by_namespace_ids",
    }
}

fn check_against(def: &EventDefinition, path: &str, event: &Decoded, reasons: &mut Vec<Reason>) {
    let action = &def.action;
    let standard = event.standard_context();
    match standard {
        None => reasons.push(reason(
            ReasonCode::MissingStandardContext,
            format!(
                "`{action}` arrived without a gitlab_standard context, so its identifiers and additional properties are lost ({path})"
            ),
            Some(path),
        )),
        Some(context) => {
            for identifier in def.identifiers() {
                let field = identifier_field(*identifier);
                let missing = match context.get(field) {
                    None | Some(Value::Null) => true,
                    Some(Value::Array(items)) => items.is_empty(),
                    Some(_) => false,
                };
                if missing {
                    reasons.push(reason(
                        ReasonCode::MissingIdentifier,
                        format!(
                            "`{field}` is null, but {path} declares the identifier `{}`; pass `{}:` when triggering `{action}`",
                            identifier.as_str(),
                            identifier.as_str()
                        ),
                        Some(path),
                    ));
                }
            }
            if let Some(Value::Object(extra)) = context.get("extra") {
                for key in extra.keys() {
                    if !def.has_property(key) {
                        reasons.push(reason(
                            ReasonCode::UndeclaredExtraKey,
                            format!(
                                "additional property `{key}` (in the context's `extra`) is not declared in {path}'s additional_properties"
                            ),
                            Some(path),
                        ));
                    }
                }
            }
        }
    }
    let built_in = [
        ("label", event.label.is_some()),
        ("property", event.property.is_some()),
        ("value", event.value_text.is_some()),
    ];
    for (name, sent) in built_in {
        if sent && !def.has_property(name) {
            reasons.push(reason(
                ReasonCode::UndeclaredProperty,
                format!("`{name}` was sent, but {path} does not declare it in additional_properties"),
                Some(path),
            ));
        }
    }
    if let Some(text) = &event.value_text
        && event.value().is_none()
    {
        reasons.push(reason(
            ReasonCode::NonNumericValue,
            format!("`value` must be a number, got {text:?} ({path})"),
            Some(path),
        ));
    }
}
