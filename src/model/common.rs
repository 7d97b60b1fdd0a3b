//! Small vocabulary shared by events and metrics.

use serde::{Deserialize, Serialize};

/// GitLab's licence tiers, in GitLab's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Free,
    Premium,
    Ultimate,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Free, Tier::Premium, Tier::Ultimate];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Free => "free",
            Tier::Premium => "premium",
            Tier::Ultimate => "ultimate",
        }
    }

    pub fn parse(s: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The three presets GitLab's generator offers
    /// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/event_definer.rb).
    pub fn presets() -> [Vec<Tier>; 3] {
        [vec![Tier::Free, Tier::Premium, Tier::Ultimate], vec![Tier::Premium, Tier::Ultimate], vec![Tier::Ultimate]]
    }
}

/// Definitions whose tiers lack `free` live under `ee/` (the generator's convention).
pub fn is_ee(tiers: &[Tier]) -> bool {
    !tiers.contains(&Tier::Free)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Active,
    Removed,
    Broken,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Removed => "removed",
            Status::Broken => "broken",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Active, Status::Removed, Status::Broken].into_iter().find(|t| t.as_str() == s)
    }
}

/// Milestone pattern shared by both schemas: `^<?[0-9]+\.[0-9]+$`.
pub fn is_milestone(s: &str) -> bool {
    let s = s.strip_prefix('<').unwrap_or(s);
    match s.split_once('.') {
        Some((a, b)) => {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// Names of actions, properties and metric name parts: `^[a-z0-9_]+$`.
pub fn is_snake_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}
