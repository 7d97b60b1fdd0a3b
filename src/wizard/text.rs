//! What the wizard says: intros, help texts, menus' words. Prompts and choices follow GitLab's
//! generator (https://gitlab.com/gitlab-org/gitlab/-/tree/master/scripts/internal_events/cli/flows)
//! so people who know it feel at home; the surrounding
//! prose is our own.

use console::style;

use super::prompt::Prompter;

pub const GREETING: &str = "eventdef — define internal events and metrics, GitLab style";
pub const GOODBYE: &str =
    "Thanks for using eventdef! Ideas or problems? Tell the maintainers of this repository's tooling.";

pub const INSTRUCTIONS: &str = "\
INSTRUCTIONS:
To start tracking usage of a feature...

  1) Define event (using this wizard)
  2) Trigger event (from code)
  3) Define metric (using this wizard)
  4) View data in Tableau (after merge & deploy)

This wizard writes the definition files and shows code and testing examples for them.

Learn more: https://docs.gitlab.com/ee/development/internal_analytics/#fundamental-concepts";

pub const MAIN_MENU: &str = "What would you like to do?";

pub const EVENT_DESCRIPTION_INTRO: &str = "\
EVENT DESCRIPTION
Say what the event tracks: what happened, where, and when. Somebody who never saw the feature should understand it from this sentence.

Examples:
  - Engineer uses Internal Event CLI to define a new event
  - A user applies a label to an issue from the issue sidebar";

pub const EVENT_DESCRIPTION_PROMPT: &str = "Describe what the event tracks:";

pub const EVENT_DESCRIPTION_HELP: &str = "\
Required. 10+ words likely, but length may vary.

GOOD EXAMPLES:
  - Engineer uses Internal Event CLI to define a new event
  - Issue is assigned to a user from the issue sidebar
  - Pipeline fails for a merge request in a project with merge trains

GUT CHECK:
  1. Could a new team member tell what triggers the event?
  2. Does it say where in the product it happens?
  3. Does it say who (or what) causes it?";

pub const EVENT_NAME_INTRO: &str = "\
EVENT NAME
The event's unique name. Application code triggers the event by this name, and metrics list it.

EXPECTED FORMAT: <action>_<target_of_action>_<where/when>
  ex) click_save_button_in_issue_description_within_15s_of_page_load
      click:         the action
      save_button:   the target of the action
      in_issue_description_within_15s_of_page_load: where/when";

pub const EVENT_NAME_PROMPT: &str = "Define the event name:";

pub const EVENT_NAME_HELP: &str = "\
Required. Must be globally unique. Must use only letters/numbers/underscores.

FAQ:
  - Past or present tense? Either is fine; be consistent with related events.
  - Legacy `i_` or `g_` prefixes? Not needed for new events.";

pub const IDENTIFIERS_INTRO: &str = "\
KEY IDENTIFIERS
Which context is available when the event happens? Backend code passes it along:
  track_internal_event('<action>', user: user, project: project, namespace: namespace)
Frontend events get identifiers from the page URL automatically.
Include project and namespace whenever they are available: they make the data far more useful.";

pub const IDENTIFIERS_PROMPT: &str = "Which identifiers are available when the event occurs?";

/// Use cases of the seven identifier presets, in `Identifier::presets()` order
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/text/event_definer.rb).
pub const IDENTIFIER_USE_CASES: [&str; 7] = [
    "Use case: For project-level user actions (ex - issue_assignee_changed) [MOST COMMON]",
    "Use case: For namespace-level user actions (ex - epic_assigned_to_milestone)",
    "Use case: For user-only actions (ex - admin_impersonated_user)",
    "Use case: For project-level events without user interaction (ex - service_desk_request_received)",
    "Use case: For namespace-level events without user interaction (ex - stale_runners_cleaned_up)",
    "Use case: For user actions attributable to multiple namespaces (ex - Code-Suggestions / Duo Pro)",
    "Use case: For instance-level events without user interaction [LEAST COMMON]",
];

pub const PROPERTIES_INTRO: &str = "\
ADDITIONAL PROPERTIES
Besides identifiers, an event can carry a few values about what happened:
  - label, property (strings) and value (a number) map to Snowflake columns;
  - custom properties get names of your choosing.
Never include personal or confidential data (names, emails, free text typed by users).
Data classification: https://handbook.gitlab.com/handbook/security/data-classification-standard/";

pub const PROPERTIES_PROMPT: &str = "Which additional property do you want to add to the event?";
pub const PROPERTIES_HELP: &str = "(will reprompt for multiple)";
pub const PROPERTY_NONE: &str = "None! Continue to next section!";
pub const PROPERTY_LABEL: &str = "String 1 (attribute will be named `label`)";
pub const PROPERTY_PROPERTY: &str = "String 2 (attribute will be named `property`)";
pub const PROPERTY_VALUE: &str = "Number (attribute will be named `value`)";
pub const PROPERTY_EXTRA: &str = "Add extra property (attribute will be named the input custom name)";
pub const PROPERTY_EXTRA_GATED: &str = "(option disabled - use label/property/value first)";
pub const PROPERTY_DESCRIPTION_PROMPT: &str = "Describe what the field will include:";
pub const PROPERTY_NAME_PROMPT: &str = "Define a name for the attribute:";
pub const PROPERTY_NAME_HELP: &str = "\
Required. Must be unique within the event context. Must use only lowercase letters, numbers and underscores, and must not be one of `property, label, value` (use those options instead).";

pub const EVENT_URL_PROMPT: &str = "Which MR URL will merge the event definition?";
pub const STAGES_PULL_HINT: &str =
    "No stages file: `eventdef stages pull` downloads GitLab's, for a menu by section and stage.";
pub const EVENT_GROUP_PROMPT: &str = "Which group will own the event?";
pub const CATEGORIES_INTRO: &str = "\
FEATURE CATEGORY
Refer to https://handbook.gitlab.com/handbook/product/categories for information on current product categories.";
pub const EVENT_CATEGORIES_PROMPT: &str = "Which feature categories best fit this event?";
pub const EVENT_TIERS_PROMPT: &str = "Which tiers will the event be recorded on?";

pub const CLASSIFICATION_INTRO: &str = "\
EVENT CLASSIFICATION
The only classification is \"duo\": events of Duo / AI features, usually owned by AI engineering groups (duo_chat, ai_framework, duo_agent_framework, ...). Do not use it for other features, even when they call AI features. Duo events are treated as operational data. Choose \"No\" for every feature that is not an AI/Duo feature (most events); \"Yes\" comes first only because GitLab's generator lists it first.
Docs: https://docs.gitlab.com/development/internal_analytics/internal_event_instrumentation/duo_classification/";
pub const CLASSIFICATION_PROMPT: &str = "Is this event related to AI/Duo features?";
pub const CLASSIFICATION_YES: &str = "Yes -- this event is related to AI/Duo features (classification: duo)";
pub const CLASSIFICATION_NO: &str = "No -- this event is not related to AI/Duo features (every non-AI feature)";

pub const NEXT_PROMPT: &str = "How would you like to proceed?";

pub const EVENT_DONE_METRIC_PITCH: &str = "\
Do you need to create a metric? Probably!

Metrics count events over time. They are what Service Ping reports, what Tableau charts and what lands in Snowflake; an event nobody counts is only visible in raw Snowplow data.

Typical flow: Define event > Define metric > Instrument app code > Merge/Deploy MR > Verify data in Tableau/Snowflake";

pub const METRIC_TYPE_PROMPT: &str = "Which best describes what the metric should track?";
pub const METRIC_TYPE_SINGLE: &str = "Single event    -- count occurrences of a specific event or user interaction";
pub const METRIC_TYPE_MULTIPLE: &str =
    "Multiple events -- count occurrences of several separate events or interactions";
pub const METRIC_TYPE_DATABASE: &str =
    "Database        -- record value of a particular field or count of database rows";

pub const EVENT_SEARCH_HINT: &str =
    "For robust event search, use the Metrics Dictionary: https://metrics.gitlab.com/snowplow";
pub const SINGLE_EVENT_PROMPT: &str = "Which event does this metric track?";
pub const MULTIPLE_EVENTS_PROMPT: &str = "Which events does this metric track? (Space to select)";

pub const NO_METRICS_LEFT: &str =
    "Looks like the potential metrics for this event either already exist or are unsupported.";
pub const NO_METRICS_LEFT_HINT: &str =
    "Check out https://metrics.gitlab.com/ for improved event/metric search capabilities.";
pub const METRIC_CHOICE_PROMPT: &str = "Which metrics do you want to add?";

pub const NOT_FILTERABLE_PROMPT: &str = "This event is not filterable. Should it be included in the metric?";

pub const METRIC_DESCRIPTION_INTRO: &str = "\
METRIC DESCRIPTION
Describe the metric for somebody who does not know the code: what is counted, and where.

GOOD EXAMPLES:
  - Count of unique users who viewed the analytics dashboard list
  - Count of unique projects where a pipeline was created with a merge train";

pub const DATABASE_DESCRIPTION_INTRO: &str = "\
METRIC DESCRIPTION
Describe what the database metric records, for somebody who does not know the code.

GOOD EXAMPLES:
  - Count of merge requests
  - Count of users with admin permissions
  - Gitlab version of the instance";

pub const METRIC_DESCRIPTION_LEAD: &str = "How would you describe this metric to a non-technical person?";
pub const METRIC_DESCRIPTION_HELP: &str = "\
Required. 10+ words likely, but length may vary.

The description starts with the words shown; finish the sentence. For example, for
\"Count of unique users\" type \"who viewed the analytics dashboard list\".";

pub const NAME_LEAD: &str = "How should we reference this metric?";
pub const NAME_PROMPT: &str = "Replace with:";

pub const COPY_INTRO: &str = "Convenient! We can copy these attributes from the event definition(s):";
pub const COPY_OUTRO: &str =
    "If any of these attributes are incorrect, you can also change them manually from your text editor later.";
pub const COPY_PROMPT: &str = "What would you like to do?";
pub const COPY_AND_CONTINUE: &str = "Copy & continue";
pub const MODIFY_ATTRIBUTES: &str = "Modify attributes";

pub const METRIC_GROUP_PROMPT: &str = "Which group owns the metric?";
pub const METRIC_CATEGORIES_PROMPT: &str = "Which feature categories best fit this metric?";
pub const METRIC_URL_PROMPT: &str = "Which MR URL introduced the metric?";
pub const METRIC_TIERS_PROMPT: &str = "Which tiers will the metric be reported from?";

pub const INSTRUMENTATION_CLASS_INTRO: &str = "\
METRIC INSTRUMENTATION CLASS
Database metrics are computed by an instrumentation class in
lib/gitlab/usage/metrics/instrumentations/, for example:
  - CountSnippetsMetric      (counts database rows)
  - UniqueInstanceIdMetric   (records a value)
  - SnowplowEnabledMetric    (records a setting)";
pub const INSTRUMENTATION_CLASS_LEAD: &str = "What should be the instrumentation class for this metric?";
pub const INSTRUMENTATION_CLASS_PROMPT: &str = "Instrumentation class:";
pub const INSTRUMENTATION_CLASS_HELP: &str = "\
Required. The class name only, letters only (e.g. CountIssuesMetric). The class lives in
lib/gitlab/usage/metrics/instrumentations/ (or ee/lib/... for EE-only metrics).";
pub const INSTRUMENTATION_CLASS_INVALID: &str = "Input is invalid. Only lowercase/uppercase letters are allowed.";
pub const DATABASE_TIME_FRAMES_PROMPT: &str =
    "For which time frames do you want the metric to be calculated? (Space to select)";

pub const USAGE_EVENT_PROMPT: &str = "Show examples for which event?";
pub const USAGE_TARGET_PROMPT: &str = "Select a use-case to view examples for:";

/// A heading: a divider, cyan text, a divider.
pub fn heading(p: &mut dyn Prompter, text: &str) {
    let line = divider(p);
    p.say(&line);
    p.say(&style(text).cyan().to_string());
    p.say(&line);
}

pub fn divider(p: &dyn Prompter) -> String {
    "-".repeat(p.width().clamp(10, 200))
}

/// " Step N / T : A > B > C" with the current step in green, and a bar
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers.rb).
/// When the names do not fit the terminal, only the current step and its neighbours are named.
pub fn progress(p: &mut dyn Prompter, steps: &[&str], current: usize) {
    let total = steps.len().saturating_sub(1).max(1);
    let width = p.width().clamp(10, 200);
    let head = format!(" Step {current} / {total} : ");
    let named = |range: std::ops::Range<usize>| {
        let mut names: Vec<String> = range
            .clone()
            .map(|i| if i == current { style(steps[i]).green().to_string() } else { steps[i].to_owned() })
            .collect();
        let mut plain: Vec<&str> = range.clone().map(|i| steps[i]).collect();
        if range.start > 0 {
            names.insert(0, "…".into());
            plain.insert(0, "…");
        }
        if range.end < steps.len() {
            names.push("…".into());
            plain.push("…");
        }
        (names.join(" > "), plain.join(" > ").chars().count())
    };
    let current = current.min(steps.len().saturating_sub(1));
    let candidates = [0..steps.len(), current.saturating_sub(1)..(current + 2).min(steps.len()), current..current + 1];
    let mut line = String::new();
    for range in candidates {
        let (names, len) = named(range);
        line = format!("{head}{names}");
        if head.chars().count() + len < width {
            break;
        }
    }
    p.say(&line);
    let inner = width.saturating_sub(4);
    let filled = (inner * current.min(total)) / total;
    let bar = if filled >= inner {
        "=".repeat(inner)
    } else {
        format!("{}>{}", "=".repeat(filled), "-".repeat(inner.saturating_sub(filled + 1)))
    };
    p.say(&format!(" |{bar}|"));
    p.say("");
}

/// Show text wrapped to the terminal, never inside a word: continuation lines keep the line's
/// indentation, and list items (`- `, `1) `) continue under their text.
pub fn say_wrapped(p: &mut dyn Prompter, text: &str) {
    let wrapped = wrap(text, p.width());
    p.say(&wrapped);
}

/// [`say_wrapped`]'s text.
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.saturating_sub(1).max(20);
    text.lines()
        .map(|line| {
            if console::measure_text_width(line) <= width {
                return line.to_owned();
            }
            let indent = line.len() - line.trim_start().len();
            let rest = &line[indent..];
            let marker = if rest.starts_with("- ") {
                2
            } else {
                rest.find(") ")
                    .filter(|&i| i <= 3 && rest[..i].chars().all(|c| c.is_ascii_alphanumeric()))
                    .map_or(0, |i| i + 2)
            };
            let continuation = " ".repeat(indent + marker);
            let options = textwrap::Options::new(width)
                .subsequent_indent(&continuation)
                .break_words(false)
                .word_separator(textwrap::WordSeparator::AsciiSpace)
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            textwrap::fill(line, options)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn info(text: &str) -> String {
    style(text).cyan().to_string()
}

pub fn warning(text: &str) -> String {
    style(text).yellow().to_string()
}

pub fn error(text: &str) -> String {
    style(text).red().to_string()
}

pub fn grey(text: &str) -> String {
    style(text).dim().to_string()
}

pub fn success(text: &str) -> String {
    style(text).green().to_string()
}
