//! Time frames and the key-path expansion of array time frames
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/lib/gitlab/usage/metric_definition.rb).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TimeFrame {
    #[serde(rename = "7d")]
    Week,
    #[serde(rename = "28d")]
    Month,
    #[serde(rename = "all")]
    All,
    #[serde(rename = "none")]
    None,
}

impl TimeFrame {
    pub fn as_str(self) -> &'static str {
        match self {
            TimeFrame::Week => "7d",
            TimeFrame::Month => "28d",
            TimeFrame::All => "all",
            TimeFrame::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<TimeFrame> {
        [TimeFrame::Week, TimeFrame::Month, TimeFrame::All, TimeFrame::None].into_iter().find(|t| t.as_str() == s)
    }

    /// Suffix GitLab's loader appends to `key_path` when the file's `time_frame` is a list.
    pub fn key_path_suffix(self) -> &'static str {
        match self {
            TimeFrame::Week => "_weekly",
            TimeFrame::Month => "_monthly",
            TimeFrame::All | TimeFrame::None => "",
        }
    }

    /// "Weekly" / "Monthly" / "Total" as the generator words it.
    pub fn adjective(self) -> &'static str {
        match self {
            TimeFrame::Week => "Weekly",
            TimeFrame::Month => "Monthly",
            TimeFrame::All | TimeFrame::None => "Total",
        }
    }
}

/// `time_frame:` as written: one value, or a list that expands into one metric per entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TimeFrameSpec {
    Single(TimeFrame),
    List(Vec<TimeFrame>),
}

impl TimeFrameSpec {
    pub fn frames(&self) -> Vec<TimeFrame> {
        match self {
            TimeFrameSpec::Single(t) => vec![*t],
            TimeFrameSpec::List(ts) => ts.clone(),
        }
    }

    /// The effective key paths GitLab's loader creates from this file: a single time frame
    /// keeps `key_path` as written; a list adds `_weekly`/`_monthly`/nothing per entry.
    pub fn expand(&self, key_path: &str) -> Vec<(TimeFrame, String)> {
        match self {
            TimeFrameSpec::Single(t) => vec![(*t, key_path.to_owned())],
            TimeFrameSpec::List(ts) => ts.iter().map(|t| (*t, format!("{key_path}{}", t.key_path_suffix()))).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_expands_with_suffixes() {
        let spec = TimeFrameSpec::List(vec![TimeFrame::Month, TimeFrame::Week, TimeFrame::All]);
        let paths: Vec<String> = spec.expand("counts.x").into_iter().map(|(_, p)| p).collect();
        assert_eq!(paths, ["counts.x_monthly", "counts.x_weekly", "counts.x"]);
        assert_eq!(TimeFrameSpec::Single(TimeFrame::Week).expand("a.b_weekly")[0].1, "a.b_weekly");
    }
}
