//! Rendering with tera templates (`templates/`): usage snippets, data-verification queries and
//! the instrumentation issue. Implemented by the templates work (issue 4); the wizard's
//! "View Usage" loop calls [`usage`].

use crate::model::EventDefinition;
use crate::repository::Repository;

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
}

/// The embedded templates, possibly overridden from a folder (`--templates DIR`).
#[derive(Debug, Clone, Default)]
pub struct Templates {}

impl Templates {
    pub fn embedded() -> crate::Result<Templates> {
        Ok(Templates {})
    }
}

/// The snippet for `event` (with the repository's metrics that count it) for one target.
pub fn usage(
    repo: &Repository,
    event: &EventDefinition,
    target: UsageTarget,
    templates: &Templates,
) -> crate::Result<String> {
    let _ = (repo, event, target, templates);
    Err(crate::Error::Other("usage snippets are not implemented yet".into()))
}
