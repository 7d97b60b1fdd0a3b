//! Rendering with tera templates (`templates/`): usage snippets, data-verification queries and
//! the instrumentation issue. The wizard's "View Usage" loop calls [`usage`].
//!
//! Rust builds a plain context ([`context`]): which identifiers to pass, example values, the
//! metrics that count the event, dashboard links. The templates carry the shape, line for line as
//! GitLab's usage viewer prints it
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/usage_viewer.rb),
//! and escape every value for the language it lands in ([`escape`]).

pub mod context;
pub mod escape;
pub mod overrides;
pub mod templates;

use std::fmt;
use std::str::FromStr;

use crate::model::{EventDefinition, MetricDefinition};
use crate::repository::Repository;

pub use context::{
    IssueContext, UsageContext, UsageOptions, issue_context, related_metrics_among, usage_context, usage_context_with,
};
pub use templates::Templates;

/// What a usage snippet is for (`eventdef usage --target`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UsageTarget {
    Rails,
    Rspec,
    Vue,
    Js,
    VueTemplate,
    Haml,
    Gdk,
    Tableau,
    Sql,
}

impl UsageTarget {
    /// In the order of GitLab's usage menu, then the warehouse queries.
    pub const ALL: [UsageTarget; 9] = [
        UsageTarget::Rails,
        UsageTarget::Rspec,
        UsageTarget::Vue,
        UsageTarget::Js,
        UsageTarget::VueTemplate,
        UsageTarget::Haml,
        UsageTarget::Gdk,
        UsageTarget::Tableau,
        UsageTarget::Sql,
    ];

    /// The name on the command line (`--target vue-template`).
    pub fn as_str(self) -> &'static str {
        match self {
            UsageTarget::Rails => "rails",
            UsageTarget::Rspec => "rspec",
            UsageTarget::Vue => "vue",
            UsageTarget::Js => "js",
            UsageTarget::VueTemplate => "vue-template",
            UsageTarget::Haml => "haml",
            UsageTarget::Gdk => "gdk",
            UsageTarget::Tableau => "tableau",
            UsageTarget::Sql => "sql",
        }
    }

    /// The entry of GitLab's "Select a use-case to view examples for:" menu.
    pub fn menu_label(self) -> &'static str {
        match self {
            UsageTarget::Rails => "ruby/rails",
            UsageTarget::Rspec => "rspec",
            UsageTarget::Vue => "javascript (vue)",
            UsageTarget::Js => "javascript (plain)",
            UsageTarget::VueTemplate => "vue template",
            UsageTarget::Haml => "haml",
            UsageTarget::Gdk => "Manual testing in GDK",
            UsageTarget::Tableau => "Data verification in Tableau",
            UsageTarget::Sql => "Data verification in Snowflake (SQL)",
        }
    }

    /// The template that renders this target.
    pub fn template_name(self) -> &'static str {
        match self {
            UsageTarget::Rails => "usage/rails.tera",
            UsageTarget::Rspec => "usage/rspec.tera",
            UsageTarget::Vue => "usage/vue.tera",
            UsageTarget::Js => "usage/js.tera",
            UsageTarget::VueTemplate => "usage/vue_template.tera",
            UsageTarget::Haml => "usage/haml.tera",
            UsageTarget::Gdk => "usage/gdk.tera",
            UsageTarget::Tableau => "usage/tableau.tera",
            UsageTarget::Sql => "usage/sql.tera",
        }
    }

    pub fn parse(s: &str) -> Option<UsageTarget> {
        let wanted = s.replace('_', "-");
        UsageTarget::ALL.into_iter().find(|t| t.as_str() == wanted)
    }
}

impl fmt::Display for UsageTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for UsageTarget {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        UsageTarget::parse(s).ok_or_else(|| {
            format!("unknown target `{s}`; the targets are: {}", UsageTarget::ALL.map(|t| t.as_str()).join(", "))
        })
    }
}

/// Template of `eventdef usage --target all`: every target in menu order.
pub const ALL_TEMPLATE: &str = "usage/all.tera";

/// The snippet for `event` (with the repository's metrics that count it) for one target.
pub fn usage(
    repo: &Repository,
    event: &EventDefinition,
    target: UsageTarget,
    templates: &Templates,
) -> crate::Result<String> {
    usage_with(repo, event, target, templates, &UsageOptions::default())
}

/// [`usage`] with explicit settings (divider width, group stages).
pub fn usage_with(
    repo: &Repository,
    event: &EventDefinition,
    target: UsageTarget,
    templates: &Templates,
    options: &UsageOptions,
) -> crate::Result<String> {
    templates.render(target.template_name(), &usage_context(repo, event, options))
}

/// Every target's snippet, framed and titled, in menu order.
pub fn usage_all(
    repo: &Repository,
    event: &EventDefinition,
    templates: &Templates,
    options: &UsageOptions,
) -> crate::Result<String> {
    templates.render(ALL_TEMPLATE, &usage_context(repo, event, options))
}

/// GitLab's "Usage Data Instrumentation" issue
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/.gitlab/issue_templates/Usage%20Data%20Instrumentation.md)
/// filled in from definitions (existing ones, or the ones a plan resolves to).
pub fn issue(
    events: &[EventDefinition],
    metrics: &[MetricDefinition],
    objective: &str,
    templates: &Templates,
) -> crate::Result<String> {
    templates.render("issue.md.tera", &issue_context(events, metrics, objective))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_by_name() {
        for target in UsageTarget::ALL {
            assert_eq!(target.as_str().parse::<UsageTarget>(), Ok(target));
        }
        assert_eq!(UsageTarget::parse("vue_template"), Some(UsageTarget::VueTemplate));
        assert!("ruby".parse::<UsageTarget>().unwrap_err().contains("rails, rspec"));
    }
}
