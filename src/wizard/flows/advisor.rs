//! "...am I in the right place?"
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/flow_advisor.rb):
//! three yes/no questions that route to a new event, a new metric, or other resources.

use super::super::prompt::Asked;
use super::super::{Session, text};
use super::Next;

const NOT_THE_TOOL: &str = "Oh no! This probably isn't the tool you need!";

const OTHER_RESOURCES: &str = "\
Other resources:
  - Database metrics (counts and values from the database):
    https://docs.gitlab.com/ee/development/internal_analytics/metrics/metrics_instrumentation.html#database-metrics
  - Migrating legacy Snowplow events to internal events:
    https://docs.gitlab.com/ee/development/internal_analytics/internal_event_instrumentation/migration.html
  - Changing or removing existing metrics (metric lifecycle):
    https://docs.gitlab.com/ee/development/internal_analytics/metrics/metrics_lifecycle.html
  - Exploring existing events and metrics: https://metrics.gitlab.com/
    Tableau: https://10az.online.tableau.com/#/site/gitlab/views/PDServicePingExplorationDashboard/MetricsExploration
    Tableau: https://10az.online.tableau.com/#/site/gitlab/views/SnowplowEventExplorationLast30Days/SnowplowEventExplorationLast30D
  - Analytics for your customers' own applications (not GitLab usage):
    https://docs.gitlab.com/ee/user/product_analytics/
  - Customer-facing analytics in GitLab: https://docs.gitlab.com/ee/user/analytics/";

pub(crate) fn advise(s: &mut Session) -> Asked<Next> {
    s.p.new_screen();
    s.say(&text::info("First, let's check your objective."));
    s.say("");
    if !s.p.confirm("Are you trying to track customer usage of a GitLab feature?", true)? {
        return Ok(not_the_tool(s));
    }

    s.p.new_screen();
    s.say(&text::info("Excellent! Let's check that this tool will fit your needs."));
    s.say(
        "\
This wizard defines internal events and the metrics that count them, for example:
  - a user clicks a button, a pipeline finishes, an issue is assigned (events);
  - how many unique users clicked the button each week (a metric counting an event).
Values read from the database (how many projects exist, a setting's value) are database
metrics, which are built differently.",
    );
    s.say("");
    if !s.p.confirm(
        "Can usage for the feature be measured with a count of specific user actions or events? Or counting a set of events?",
        true,
    )? {
        return Ok(not_the_tool(s));
    }

    s.p.new_screen();
    s.say(&text::info("Super! Let's figure out if the event is already tracked & usable."));
    s.say(
        "\
Look for the event among the definitions in config/events/ and ee/config/events/, or search
https://metrics.gitlab.com/snowplow. An event tracked with the legacy Snowplow API must be
migrated to internal events before metrics can count it:
https://docs.gitlab.com/ee/development/internal_analytics/internal_event_instrumentation/migration.html",
    );
    s.say("");
    if s.p.confirm("Is the event already tracked?", true)? {
        s.p.new_screen();
        s.say(&text::info("Amazing! The next step is adding a new metric! (~8-15 min)"));
        s.say("");
        if s.p.confirm("Ready to start?", true)? {
            return Ok(Next::NewMetric(None));
        }
        s.say_wrapped(
            "No problem! When you're ready, run `eventdef new metric` (or `eventdef` and select 'New Metric').",
        );
        return Ok(Next::Exit);
    }
    s.p.new_screen();
    s.say(&text::info("Okay! The next step is adding a new event! (~5-10 min)"));
    s.say("");
    if s.p.confirm("Ready to start?", true)? {
        return Ok(Next::NewEvent);
    }
    s.say_wrapped("No problem! When you're ready, run `eventdef new event` (or `eventdef` and select 'New Event').");
    Ok(Next::Exit)
}

fn not_the_tool(s: &mut Session) -> Next {
    s.say("");
    s.say(&text::error(NOT_THE_TOOL));
    s.say("");
    s.say(OTHER_RESOURCES);
    Next::Exit
}
