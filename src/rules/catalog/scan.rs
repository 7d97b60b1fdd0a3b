//! `code`: definitions against the code that triggers them (`eventdef scan`).

use super::texts::event;
use super::{EVENT, EVENT_PATH, declare_rules, gitlab};
use crate::diagnostics::{Category, Example, ExampleFile, RuleInfo, Severity};

const SERVICE_PATH: &str = "app/services/suggestions/apply_service.rb";
const SPEC_PATH: &str = "spec/services/suggestions/apply_service_spec.rb";

/// The service that applies a suggestion, tracking with the given call.
macro_rules! service {
    ($call:literal) => {
        concat!(
            "\
# frozen_string_literal: true

module Suggestions
  class ApplyService < ::BaseService
    include Gitlab::InternalEventsTracking

    def execute
      apply
",
            $call,
            "
    end
  end
end
"
        )
    };
}

/// The spec of the service, expecting the given event.
macro_rules! spec {
    ($action:literal) => {
        concat!(
            "\
# frozen_string_literal: true

require 'spec_helper'

RSpec.describe Suggestions::ApplyService, feature_category: :code_review_workflow do
  it 'tracks the event' do
    expect { service.execute }
      .to trigger_internal_events('",
            $action,
            "')
      .with(project: project, user: user)
  end
end
"
        )
    };
}

const TRACKED: ExampleFile = ExampleFile::whole(
    SERVICE_PATH,
    service!("      track_internal_event('apply_suggestion', project: project, user: current_user)"),
);
const TESTED: ExampleFile = ExampleFile::whole(SPEC_PATH, spec!("apply_suggestion"));
const UNTRACKED: ExampleFile = ExampleFile::context(SERVICE_PATH, service!(""));

declare_rules! {
    UNDEFINED_TRIGGER = RuleInfo {
        id: "undefined-trigger",
        category: Category::Code,
        severity: Severity::Error,
        help: "Define the event (`eventdef new`), or correct the action to one that is defined.",
        explanation: "\
Code sends an internal event whose action no definition in config/events or ee/config/events \
declares. GitLab raises `Gitlab::InternalEvents::UnknownEventError` in development and tests, and \
in production the event is dropped: no metric can count it and nobody sees it in the metrics \
dictionary. Most often the action is misspelt, or the definition was never committed.

The finding points at the action in the code and suggests the defined actions closest to it. \
Specs that expect an undefined event are reported too, since they fail the same way.",
        docs: gitlab::QUICK_START,
        wrong: Example::files(&[
            EVENT,
            ExampleFile::whole(
                SERVICE_PATH,
                service!("      track_internal_event('apply_suggestions', project: project, user: current_user)"),
            ),
            ExampleFile::context(SPEC_PATH, spec!("apply_suggestion")),
        ])
        .also(&["untriggered-event"]),
        right: Example::files(&[EVENT, TRACKED, ExampleFile::context(SPEC_PATH, spec!("apply_suggestion"))]),
    };

    UNTRIGGERED_EVENT = RuleInfo {
        id: "untriggered-event",
        category: Category::Code,
        severity: Severity::Warning,
        help: "Trigger the event where it happens, or remove its definition (status: removed) if it is no longer sent.",
        explanation: "\
An active internal event is defined but no code that was scanned sends it: no \
`track_internal_event`, `Gitlab::InternalEvents.track_event`, `trackEvent` or \
`data-event-tracking` names its action. Its metrics stay at zero and the dictionary promises \
data that never arrives. Often the code was removed and the definition forgotten, or the call \
builds the name at runtime.

Triggers whose name is not a literal (a variable or a constant) cannot be matched and are listed \
as dynamic in `--format json`; if the event is sent that way, the finding is expected.",
        docs: gitlab::EVENT_LIFECYCLE,
        wrong: Example::files(&[ExampleFile::fields(EVENT_PATH, &["internal_events", "action"], event!()), UNTRACKED]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["internal_events", "action"], event!()), TRACKED, TESTED]),
    };

    UNTESTED_EVENT = RuleInfo {
        id: "untested-event",
        category: Category::Code,
        severity: Severity::Warning,
        help: "Add a spec: `trigger_internal_events('x')` in RSpec, the 'internal event tracking' shared example, or a Jest expectation on the tracking spy.",
        explanation: "\
Code sends the event but no spec expects it: no RSpec `trigger_internal_events`, no \
`it_behaves_like 'internal event tracking'` with `let(:event)`, no \
`have_received(:track_event)` and no Jest spy expectation names its action. GitLab's review \
guidelines ask for a test of every instrumentation, because a refactoring that stops sending the \
event breaks no other test and the metric silently drops.

The finding is on the event's definition and names where the event is sent.",
        docs: gitlab::QUICK_START,
        wrong: Example::files(&[EVENT, TRACKED]),
        right: Example::files(&[EVENT, TRACKED, TESTED]),
    };

    TRIGGER_UNDECLARED_PROPERTY = RuleInfo {
        id: "trigger-undeclared-property",
        category: Category::Code,
        severity: Severity::Error,
        help: "Declare the property under `additional_properties` in the event's definition, or stop passing it.",
        explanation: "\
A call passes a property (`label`, `property`, `value` or a custom key) that the event's \
definition does not list under `additional_properties`. GitLab's tracking validates the \
properties it is sent against the definition and raises in development and tests; what reaches \
the warehouse is undocumented, so nobody knows what the label means.

Add the property with a description to the definition, or remove it from the call.",
        docs: gitlab::EVENT_GUIDE,
        wrong: Example::files(&[
            EVENT,
            ExampleFile::whole(
                SERVICE_PATH,
                service!(
                    "      track_internal_event('apply_suggestion', project: project, user: current_user,\n        additional_properties: { label: 'batch' })"
                ),
            ),
            TESTED,
        ]),
        right: Example::files(&[
            ExampleFile::fields(EVENT_PATH, &["action", "additional_properties"], concat!(event!(), "\
additional_properties:
  label:
    description: How the suggestion was applied (single or batch)
")),
            ExampleFile::whole(
                SERVICE_PATH,
                service!(
                    "      track_internal_event('apply_suggestion', project: project, user: current_user,\n        additional_properties: { label: 'batch' })"
                ),
            ),
            TESTED,
        ]),
    };

    TRIGGER_MISSING_IDENTIFIER = RuleInfo {
        id: "trigger-missing-identifier",
        category: Category::Code,
        severity: Severity::Warning,
        help: "Pass every identifier the definition declares (`user:`, `project:`, `namespace:`), or remove it from `identifiers`.",
        explanation: "\
The definition declares identifiers, and metrics of the event count unique users, projects or \
namespaces by them, but a backend call does not pass one. The event is then recorded without \
it and every metric that counts by it undercounts. `namespace` may be left out when `project` \
is passed: GitLab takes the project's namespace.

Identifiers passed through a `**kwargs` hash built just above the call count. Frontend \
triggers are not checked: the page sends the identifiers of its context.",
        docs: gitlab::QUICK_START,
        wrong: Example::files(&[
            ExampleFile::fields(EVENT_PATH, &["action", "identifiers"], event!()),
            ExampleFile::whole(SERVICE_PATH, service!("      track_internal_event('apply_suggestion', user: current_user)")),
            TESTED,
        ]),
        right: Example::files(&[ExampleFile::fields(EVENT_PATH, &["action", "identifiers"], event!()), TRACKED, TESTED]),
    };

    REMOVED_EVENT_TRIGGERED = RuleInfo {
        id: "removed-event-triggered",
        category: Category::Code,
        severity: Severity::Error,
        help: "Stop sending the removed event, or restore its definition (status: active) if it is still needed.",
        explanation: "\
Code sends an event whose definition is removed (`status: removed`, or filed under a removed/ \
folder). Removed events are no longer counted or documented as live; sending one produces data \
nobody reads, and usually means the removal missed a call site, or the event was removed while \
it was still in use.

Delete the call, or make the definition active again if the event is still wanted.",
        docs: gitlab::EVENT_LIFECYCLE,
        wrong: Example::files(&[
            ExampleFile::fields(EVENT_PATH, &["action", "status", "milestone_removed"], concat!(event!(), "\
status: removed
milestone_removed: '17.8'
removed_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/170001
")),
            TRACKED,
        ]),
        right: Example::files(&[
            ExampleFile::fields(EVENT_PATH, &["action", "status", "milestone_removed"], concat!(event!(), "\
status: removed
milestone_removed: '17.8'
removed_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/170001
")),
            UNTRACKED,
        ]),
    };
}
