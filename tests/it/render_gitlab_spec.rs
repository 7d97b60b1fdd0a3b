//! The exact snippet texts GitLab's usage-viewer spec asserts
//! (https://gitlab.com/gitlab-org/gitlab/-/tree/master/spec/scripts/internal_events),
//! rendered from GitLab's own fixture files in `../shared/gitlab-cli-fixtures` with the spec's
//! 50-column dividers and its stages list. Marked `needs ../shared`: ignored in a plain
//! `cargo test`, run by `.ci/run`.

use crate::support;

use std::path::Path;

use eventdef::model::EventDefinition;
use eventdef::render::{self, Templates, UsageOptions, UsageTarget};
use eventdef::repository::stages::Stages;
use eventdef::repository::{LoadLimits, ReferenceLists, Repository};
use support::generator_fixtures as shared;

const IMPLEMENTATION: &str =
    "Want to see the implementation details? See app/assets/javascripts/tracking/internal_events.js\n\n";

/// A repository with GitLab's fixture files at the paths the spec writes them to.
struct Scenario {
    _dir: tempfile::TempDir,
    repo: Repository,
    options: UsageOptions,
}

impl Scenario {
    fn new(shared: &Path, files: &[(&str, &str)]) -> Scenario {
        let dir = tempfile::tempdir().unwrap();
        for (path, fixture) in files {
            let target = dir.path().join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(shared.join(fixture), target).unwrap();
        }
        let repo = Repository::load(dir.path(), ReferenceLists::built_in(), &LoadLimits::default());
        let stages = Stages::load(dir.path(), Some(&shared.join("stages.yml"))).unwrap();
        Scenario { _dir: dir, repo, options: UsageOptions { divider_width: 50, stages } }
    }

    fn event(&self, action: &str) -> &EventDefinition {
        &self.repo.event(action).unwrap().def
    }

    fn render(&self, action: &str, target: UsageTarget) -> String {
        let templates = Templates::embedded().unwrap();
        render::usage_with(&self.repo, self.event(action), target, &templates, &self.options).unwrap()
    }
}

const EVENT_USED: (&str, &str) = ("config/events/internal_events_cli_used.yml", "events/event_with_identifiers.yml");
const EVENT_OPENED: (&str, &str) =
    ("ee/config/events/internal_events_cli_opened.yml", "events/ee_event_without_identifiers.yml");

const RAILS_WITH_IDENTIFIERS: &str = "\
--------------------------------------------------
# RAILS

include Gitlab::InternalEventsTracking

track_internal_event(
  'internal_events_cli_used',
  project: project,
  user: user
)

--------------------------------------------------
";

const RSPEC_WEEKLY: &str = "\
--------------------------------------------------
# RSPEC

it \"triggers an internal event\" do
  expect { subject }.to trigger_internal_events('internal_events_cli_used').with(
    project: project,
    user: user
  ).and increment_usage_metrics(
    'redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_weekly'
  )
end

--------------------------------------------------
";

const GDK_CONSOLE_WEEKLY: &str = "\
--------------------------------------------------
# RAILS CONSOLE -- generate service ping payload, including most recent usage data

require_relative 'spec/support/helpers/service_ping_helpers.rb'

# Get current value of a metric
ServicePingHelpers.get_current_usage_metric_value('redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_weekly')

# View entire service ping payload
ServicePingHelpers.get_current_service_ping_payload
--------------------------------------------------";

const TABLEAU_WEEKLY: &str = "\
--------------------------------------------------
# GROUP DASHBOARDS -- view all service ping metrics for a specific group

analytics_instrumentation: https://10az.online.tableau.com/#/site/gitlab/views/PDServicePingExplorationDashboard/MetricExplorationbyGroup?Group%20Name=analytics_instrumentation&Stage%20Name=monitor

--------------------------------------------------
# METRIC TRENDS -- view data for a service ping metric for internal_events_cli_used

redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_weekly: https://10az.online.tableau.com/#/site/gitlab/views/PDServicePingExplorationDashboard/MetricTrend?Metrics%20Path=redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_weekly

--------------------------------------------------
Note: The metric dashboard links can also be accessed from https://metrics.gitlab.com/

Not what you're looking for? Check this doc:
  - https://docs.gitlab.com/ee/development/internal_analytics/#data-discovery

";

fn check_weekly_metric_scenario(metric: (&str, &str)) {
    let shared = shared();
    let s = Scenario::new(&shared, &[EVENT_USED, metric]);
    let action = "internal_events_cli_used";
    assert_eq!(s.render(action, UsageTarget::Rails), RAILS_WITH_IDENTIFIERS);
    assert_eq!(s.render(action, UsageTarget::Rspec), RSPEC_WEEKLY);
    let gdk = s.render(action, UsageTarget::Gdk);
    assert!(gdk.contains(GDK_CONSOLE_WEEKLY), "{gdk}");
    assert_eq!(s.render(action, UsageTarget::Tableau), TABLEAU_WEEKLY);
}

/// Event with identifiers and a weekly metric, `time_frame: 7d`.
#[test]
#[ignore = "needs ../shared"]
fn a_identifiers_and_weekly_metric_string_time_frame() {
    check_weekly_metric_scenario((
        "config/metrics/counts_7d/count_distinct_user_id_from_internal_events_cli_used_weekly.yml",
        "metrics/user_id_7d_single_event.yml",
    ));
}

/// The same with a one-element array `time_frame: [7d]`.
#[test]
#[ignore = "needs ../shared"]
fn a_identifiers_and_weekly_metric_array_time_frame() {
    check_weekly_metric_scenario((
        "config/metrics/counts_all/count_distinct_user_id_from_internal_events_cli_used.yml",
        "metrics/ee_total_7d_single_event_array_metric.yml",
    ));
}

/// A `[28d, 7d]` metric expands to the monthly then the weekly key path.
#[test]
#[ignore = "needs ../shared"]
fn b_multiple_time_frames_expand_monthly_then_weekly() {
    let shared = shared();
    let s = Scenario::new(
        &shared,
        &[
            EVENT_USED,
            (
                "config/metrics/counts_all/count_distinct_user_id_from_internal_events_cli_used.yml",
                "metrics/user_id_single_event.yml",
            ),
        ],
    );
    let action = "internal_events_cli_used";
    assert_eq!(s.render(action, UsageTarget::Rails), RAILS_WITH_IDENTIFIERS);
    assert_eq!(s.render(action, UsageTarget::Rspec), RSPEC_WEEKLY.replace(
        "    'redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_weekly'\n",
        "    'redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_monthly',\n    'redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_weekly'\n",
    ));
    let gdk = s.render(action, UsageTarget::Gdk);
    assert!(gdk.contains(&GDK_CONSOLE_WEEKLY.replace(
        "ServicePingHelpers.get_current_usage_metric_value('redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_weekly')",
        "ServicePingHelpers.get_current_usage_metric_value('redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_monthly')\nServicePingHelpers.get_current_usage_metric_value('redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_weekly')",
    )), "{gdk}");
    let trend = |suffix: &str| {
        format!(
            "redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_{suffix}: https://10az.online.tableau.com/#/site/gitlab/views/PDServicePingExplorationDashboard/MetricTrend?Metrics%20Path=redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_{suffix}\n"
        )
    };
    assert_eq!(
        s.render(action, UsageTarget::Tableau),
        TABLEAU_WEEKLY.replace(&trend("weekly"), &format!("{}{}", trend("monthly"), trend("weekly")))
    );
}

/// Event without identifiers (and without metrics): the short forms and warnings.
#[test]
#[ignore = "needs ../shared"]
fn c_event_without_identifiers() {
    let shared = shared();
    let s = Scenario::new(&shared, &[EVENT_OPENED]);
    let action = "internal_events_cli_opened";
    assert_eq!(
        s.render(action, UsageTarget::Rails),
        "\
--------------------------------------------------
# RAILS

include Gitlab::InternalEventsTracking

track_internal_event('internal_events_cli_opened')

--------------------------------------------------
"
    );
    assert_eq!(
        s.render(action, UsageTarget::Rspec),
        "\
--------------------------------------------------
# RSPEC

it \"triggers an internal event\" do
  expect { subject }.to trigger_internal_events('internal_events_cli_opened')
end

--------------------------------------------------
"
    );
    assert_eq!(
        s.render(action, UsageTarget::Vue),
        format!(
            "\
--------------------------------------------------
// VUE

<script>
import {{ InternalEvents }} from '~/tracking';
import {{ GlButton }} from '@gitlab/ui';

const trackingMixin = InternalEvents.mixin();

export default {{
  components: {{ GlButton }},
  mixins: [trackingMixin],
  methods: {{
    performAction() {{
      this.trackEvent('internal_events_cli_opened');
    }},
  }},
}};
</script>

<template>
  <gl-button @click=performAction>Click Me</gl-button>
</template>

--------------------------------------------------
{IMPLEMENTATION}"
        )
    );
    assert_eq!(
        s.render(action, UsageTarget::Js),
        format!(
            "\
--------------------------------------------------
// FRONTEND -- RAW JAVASCRIPT

import {{ InternalEvents }} from '~/tracking';

export const performAction = () => {{
  InternalEvents.trackEvent('internal_events_cli_opened');

  return true;
}};

--------------------------------------------------
{IMPLEMENTATION}"
        )
    );
    let script = "<script>\nimport { GlButton } from '@gitlab/ui';\n\nexport default {\n  components: { GlButton }\n};\n</script>";
    assert_eq!(
        s.render(action, UsageTarget::VueTemplate),
        format!(
            "\
--------------------------------------------------
// VUE TEMPLATE -- ON-CLICK

{script}

<template>
  <gl-button data-event-tracking=\"internal_events_cli_opened\">
    Click Me
  </gl-button>
</template>

--------------------------------------------------
// VUE TEMPLATE -- ON-LOAD

{script}

<template>
  <gl-button data-event-tracking-load=\"internal_events_cli_opened\">
    Click Me
  </gl-button>
</template>

--------------------------------------------------
{IMPLEMENTATION}"
        )
    );
    assert_eq!(
        s.render(action, UsageTarget::Haml),
        format!(
            "\
--------------------------------------------------
# HAML -- ON-CLICK

.inline-block{{ data: {{ event_tracking: 'internal_events_cli_opened' }} }}
  = _('Important Text')

--------------------------------------------------
# HAML -- COMPONENT ON-CLICK

= render Pajamas::ButtonComponent.new(button_options: {{ data: {{ event_tracking: 'internal_events_cli_opened' }} }})

--------------------------------------------------
# HAML -- COMPONENT ON-LOAD

= render Pajamas::ButtonComponent.new(button_options: {{ data: {{ event_tracking_load: true, event_tracking: 'internal_events_cli_opened' }} }})

--------------------------------------------------
{IMPLEMENTATION}"
        )
    );
    assert_eq!(
        s.render(action, UsageTarget::Gdk),
        "\
--------------------------------------------------
# TERMINAL -- monitor events & changes to service ping metrics as they occur

1. From `gitlab/` directory, run the monitor script:

bin/rails runner scripts/internal_events/monitor.rb internal_events_cli_opened

2. View metric updates within the terminal

3. [Optional] Configure gdk with snowplow micro to see individual events: https://gitlab.com/gitlab-org/gitlab-development-kit/-/blob/main/doc/howto/snowplow_micro.md

--------------------------------------------------
# RAILS CONSOLE -- generate service ping payload, including most recent usage data

require_relative 'spec/support/helpers/service_ping_helpers.rb'

# Get current value of a metric
# Warning: There are no metrics for internal_events_cli_opened yet. When there are, replace <key_path> below.
ServicePingHelpers.get_current_usage_metric_value(<key_path>)

# View entire service ping payload
ServicePingHelpers.get_current_service_ping_payload
--------------------------------------------------
Need to test something else? Check these docs:
- https://docs.gitlab.com/ee/development/internal_analytics/internal_event_instrumentation/local_setup_and_debugging.html
- https://docs.gitlab.com/ee/development/internal_analytics/service_ping/troubleshooting.html
- https://docs.gitlab.com/ee/development/internal_analytics/review_guidelines.html

"
    );
    assert_eq!(
        s.render(action, UsageTarget::Tableau),
        "\
--------------------------------------------------
# GROUP DASHBOARDS -- view all service ping metrics for a specific group

# Warning: There are no metrics for internal_events_cli_opened yet.
analytics_instrumentation: https://10az.online.tableau.com/#/site/gitlab/views/PDServicePingExplorationDashboard/MetricExplorationbyGroup?Group%20Name=analytics_instrumentation&Stage%20Name=monitor

--------------------------------------------------
Note: The metric dashboard links can also be accessed from https://metrics.gitlab.com/

Not what you're looking for? Check this doc:
  - https://docs.gitlab.com/ee/development/internal_analytics/#data-discovery

"
    );
}

/// Switching events shows each event's own snippet.
#[test]
#[ignore = "needs ../shared"]
fn d_switching_between_events() {
    let shared = shared();
    let s = Scenario::new(&shared, &[EVENT_USED, EVENT_OPENED]);
    assert_eq!(s.render("internal_events_cli_used", UsageTarget::Rails), RAILS_WITH_IDENTIFIERS);
    assert!(
        s.render("internal_events_cli_opened", UsageTarget::Rails)
            .contains("\ntrack_internal_event('internal_events_cli_opened')\n")
    );
}

const EVENT_WITH_PROPERTIES: (&str, &str) =
    ("config/events/internal_events_cli_used.yml", "events/event_with_additional_properties.yml");

const RSPEC_WITH_PROPERTIES_HEAD: &str = "\
--------------------------------------------------
# RSPEC

it \"triggers an internal event\" do
  expect { subject }.to trigger_internal_events('internal_events_cli_used').with(
    project: project,
    user: user,
    additional_properties: {
      label: 'string',
      value: 72,
      custom_key: 'custom_value'
    }
  )";

/// Event with label, value and a custom property: every variant.
#[test]
#[ignore = "needs ../shared"]
fn e_event_with_additional_properties() {
    let shared = shared();
    let s = Scenario::new(&shared, &[EVENT_WITH_PROPERTIES]);
    let action = "internal_events_cli_used";
    assert_eq!(
        s.render(action, UsageTarget::Rails),
        "\
--------------------------------------------------
# RAILS

include Gitlab::InternalEventsTracking

track_internal_event(
  'internal_events_cli_used',
  project: project,
  user: user,
  additional_properties: {
    label: 'string', # TODO
    value: 72, # Time the CLI ran before closing (seconds)
    custom_key: 'custom_value' # The extra custom property name
  }
)

--------------------------------------------------
"
    );
    assert_eq!(
        s.render(action, UsageTarget::Rspec),
        format!("{RSPEC_WITH_PROPERTIES_HEAD}\nend\n\n--------------------------------------------------\n")
    );
    let track_args = |indent: &str| {
        [
            "(",
            "  'internal_events_cli_used',",
            "  {",
            "    label: 'string', // TODO",
            "    value: 72, // Time the CLI ran before closing (seconds)",
            "    custom_key: 'custom_value', // The extra custom property name",
            "  },",
            ");",
        ]
        .join(&format!("\n{indent}"))
    };
    assert_eq!(
        s.render(action, UsageTarget::Vue),
        format!(
            "\
--------------------------------------------------
// VUE

<script>
import {{ InternalEvents }} from '~/tracking';
import {{ GlButton }} from '@gitlab/ui';

const trackingMixin = InternalEvents.mixin();

export default {{
  components: {{ GlButton }},
  mixins: [trackingMixin],
  methods: {{
    performAction() {{
      this.trackEvent{}
    }},
  }},
}};
</script>

<template>
  <gl-button @click=performAction>Click Me</gl-button>
</template>

--------------------------------------------------
{IMPLEMENTATION}",
            track_args("      ")
        )
    );
    assert_eq!(
        s.render(action, UsageTarget::Js),
        format!(
            "\
--------------------------------------------------
// FRONTEND -- RAW JAVASCRIPT

import {{ InternalEvents }} from '~/tracking';

export const performAction = () => {{
  InternalEvents.trackEvent{}

  return true;
}};

--------------------------------------------------
{IMPLEMENTATION}",
            track_args("  ")
        )
    );
    let button = |attribute: &str| {
        format!(
            "  <gl-button\n    {attribute}=\"internal_events_cli_used\"\n    data-event-label=\"string\"\n    data-event-value=72\n    data-event-custom_key=\"custom_value\"\n  >\n    Click Me\n  </gl-button>"
        )
    };
    let script = "<script>\nimport { GlButton } from '@gitlab/ui';\n\nexport default {\n  components: { GlButton }\n};\n</script>";
    assert_eq!(
        s.render(action, UsageTarget::VueTemplate),
        format!(
            "\
--------------------------------------------------
// VUE TEMPLATE -- ON-CLICK

{script}

<template>
{}
</template>

--------------------------------------------------
// VUE TEMPLATE -- ON-LOAD

{script}

<template>
{}
</template>

--------------------------------------------------
{IMPLEMENTATION}",
            button("data-event-tracking"),
            button("data-event-tracking-load")
        )
    );
    let data = "event_tracking: 'internal_events_cli_used', event_label: 'string', event_value: 72, event_custom_key: 'custom_value'";
    assert_eq!(
        s.render(action, UsageTarget::Haml),
        format!(
            "\
--------------------------------------------------
# HAML -- ON-CLICK

.inline-block{{ data: {{ {data} }} }}
  = _('Important Text')

--------------------------------------------------
# HAML -- COMPONENT ON-CLICK

= render Pajamas::ButtonComponent.new(button_options: {{ data: {{ {data} }} }})

--------------------------------------------------
# HAML -- COMPONENT ON-LOAD

= render Pajamas::ButtonComponent.new(button_options: {{ data: {{ event_tracking_load: true, {data} }} }})

--------------------------------------------------
{IMPLEMENTATION}"
        )
    );
}

const SUM_METRICS: &str = "\
.and increment_usage_metrics(
    'sums.sum_value_from_internal_events_cli_used_monthly',
    'sums.sum_value_from_internal_events_cli_used_weekly',
    'sums.sum_value_from_internal_events_cli_used'
  ).by(72)
end

--------------------------------------------------
";

const SUM_METRIC: (&str, &str) =
    ("config/metrics/counts_all/sum_value_from_internal_events_cli_used.yml", "metrics/sum_single_event.yml");

/// Sum metrics get their own `increment_usage_metrics(...).by(72)`.
#[test]
#[ignore = "needs ../shared"]
fn f_sum_metrics() {
    let shared = shared();
    let s = Scenario::new(&shared, &[EVENT_WITH_PROPERTIES, SUM_METRIC]);
    assert_eq!(
        s.render("internal_events_cli_used", UsageTarget::Rspec),
        format!("{RSPEC_WITH_PROPERTIES_HEAD}{SUM_METRICS}")
    );
}

/// With non-sum metrics too, the sum block comes after the non-sum block.
#[test]
#[ignore = "needs ../shared"]
fn f_sum_metrics_after_non_sum_metrics() {
    let shared = shared();
    let s = Scenario::new(
        &shared,
        &[
            EVENT_WITH_PROPERTIES,
            SUM_METRIC,
            (
                "config/metrics/counts_all/count_distinct_user_id_from_internal_events_cli_used.yml",
                "metrics/user_id_single_event.yml",
            ),
        ],
    );
    assert_eq!(
        s.render("internal_events_cli_used", UsageTarget::Rspec),
        format!(
            "{RSPEC_WITH_PROPERTIES_HEAD}.and increment_usage_metrics(
    'redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_monthly',
    'redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_weekly'
  ){SUM_METRICS}"
        )
    );
}

/// Properties but no identifiers: the arguments start with additional_properties.
#[test]
#[ignore = "needs ../shared"]
fn g_properties_without_identifiers() {
    let shared = shared();
    let s = Scenario::new(
        &shared,
        &[(
            "config/events/internal_events_cli_used.yml",
            "events/event_with_additional_properties_without_identifiers.yml",
        )],
    );
    let action = "internal_events_cli_used";
    assert_eq!(
        s.render(action, UsageTarget::Rails),
        "\
--------------------------------------------------
# RAILS

include Gitlab::InternalEventsTracking

track_internal_event(
  'internal_events_cli_used',
  additional_properties: {
    label: 'string', # TODO
    value: 72, # Time the CLI ran before closing (seconds)
    custom_key: 'custom_value' # The extra custom property name
  }
)

--------------------------------------------------
"
    );
    assert_eq!(
        s.render(action, UsageTarget::Rspec),
        "\
--------------------------------------------------
# RSPEC

it \"triggers an internal event\" do
  expect { subject }.to trigger_internal_events('internal_events_cli_used').with(
    additional_properties: {
      label: 'string',
      value: 72,
      custom_key: 'custom_value'
    }
  )
end

--------------------------------------------------
"
    );
}
