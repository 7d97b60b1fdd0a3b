//! How GitLab's generator names things
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb,
//! https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/metric.rb): key
//! paths, file paths, the time-frame form written to the file, and the description prefix.

use super::common::{Tier, is_ee};
use super::metric::UniqueBy;
use super::time_frame::{TimeFrame, TimeFrameSpec};

/// The longest file name (with `.yml`) the generator accepts before asking for a name.
pub const MAX_FILE_NAME_LEN: usize = 100;

/// What a metric measures: the generator's count / unique_count / sum operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    Total,
    Unique(UniqueBy),
    Sum,
}

impl Measure {
    /// First segment of the key path.
    pub fn key_prefix(self) -> &'static str {
        match self {
            Measure::Total => "counts",
            Measure::Unique(_) => "redis_hll_counters",
            Measure::Sum => "sums",
        }
    }

    /// Verb and identifier part of the key: `count_total`, `count_distinct_user_id_from`,
    /// `sum_value_from`.
    pub fn key_stem(self) -> String {
        match self {
            Measure::Total => "count_total".into(),
            Measure::Unique(by) => format!("count_distinct_{}_from", by.as_str().replace('.', "_")),
            Measure::Sum => "sum_value_from".into(),
        }
    }

    /// Time frames a new metric of this kind gets by default (unique counts cannot be `all`).
    pub fn default_time_frames(self) -> Vec<TimeFrame> {
        match self {
            Measure::Unique(_) => vec![TimeFrame::Month, TimeFrame::Week],
            Measure::Total | Measure::Sum => vec![TimeFrame::Month, TimeFrame::Week, TimeFrame::All],
        }
    }
}

/// The time frames sorted as the generator writes them: lexicographically (`28d`, `7d`, `all`).
pub fn sorted_time_frames(frames: &[TimeFrame]) -> Vec<TimeFrame> {
    let mut sorted = frames.to_vec();
    sorted.sort_by_key(|t| t.as_str());
    sorted.dedup();
    sorted
}

/// One time frame is written as a scalar, several as a list
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/metric.rb).
pub fn time_frame_spec(frames: &[TimeFrame]) -> TimeFrameSpec {
    match frames {
        [one] => TimeFrameSpec::Single(*one),
        many => TimeFrameSpec::List(many.to_vec()),
    }
}

/// Actions sorted and without repeats: how keys name the events, and the form metrics are
/// compared in.
pub fn sorted_actions<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut actions: Vec<String> = names.into_iter().map(str::to_owned).collect();
    actions.sort();
    actions.dedup();
    actions
}

/// The "events" segment of a key: the given name, else the sorted actions joined by `_and_`.
pub fn events_segment(actions: &[String], custom_name: Option<&str>) -> String {
    match custom_name {
        Some(name) => name.to_owned(),
        None => sorted_actions(actions.iter().map(String::as_str)).join("_and_"),
    }
}

/// The key (file stem) of an event metric: stem, events segment, and `weekly`/`monthly`
/// only when the single time frame is 7d/28d.
pub fn metric_key(measure: Measure, events_segment: &str, frames: &[TimeFrame]) -> String {
    let mut parts = vec![measure.key_stem(), events_segment.to_owned()];
    match frames {
        [TimeFrame::Week] => parts.push("weekly".into()),
        [TimeFrame::Month] => parts.push("monthly".into()),
        _ => {}
    }
    parts.join("_")
}

pub fn metric_key_path(measure: Measure, key: &str) -> String {
    format!("{}.{}", measure.key_prefix(), key)
}

/// Folder of a metric: `counts_7d`/`counts_28d` for a single 7d/28d, else `counts_all`.
pub fn metric_folder(frames: &[TimeFrame]) -> &'static str {
    match frames {
        [TimeFrame::Week] => "counts_7d",
        [TimeFrame::Month] => "counts_28d",
        _ => "counts_all",
    }
}

/// `[ee/]config/metrics/<folder>/<key>.yml`.
pub fn metric_file_path(key: &str, frames: &[TimeFrame], tiers: &[Tier]) -> String {
    format!("{}config/metrics/{}/{key}.yml", ee_prefix(tiers), metric_folder(frames))
}

/// `[ee/]config/events/<action>.yml`.
pub fn event_file_path(action: &str, tiers: &[Tier]) -> String {
    format!("{}config/events/{action}.yml", ee_prefix(tiers))
}

fn ee_prefix(tiers: &[Tier]) -> &'static str {
    if is_ee(tiers) { "ee/" } else { "" }
}

/// The automatic start of a metric description
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb):
/// the time-frame word when there is exactly one time frame, the operator phrase, and the plural
/// identifier. "Count of unique users", "Weekly count of unique users", "Count of", "Sum of all".
pub fn description_prefix(measure: Measure, frames: &[TimeFrame]) -> String {
    let mut words: Vec<&str> = Vec::new();
    if let [one] = frames {
        words.push(one.adjective());
    }
    match measure {
        Measure::Total => words.push("count of"),
        Measure::Unique(by) => {
            words.push("count of unique");
            if let Some(plural) = unique_plural(by) {
                words.push(plural);
            }
        }
        Measure::Sum => words.push("sum of all"),
    }
    capitalize_first(&words.join(" "))
}

/// "users" / "projects" / "namespaces" for identifier-based unique counts.
pub fn unique_plural(by: UniqueBy) -> Option<&'static str> {
    match by {
        UniqueBy::UserId => Some("users"),
        UniqueBy::ProjectId => Some("projects"),
        UniqueBy::NamespaceId => Some("namespaces"),
        _ => None,
    }
}

pub fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_examples() {
        let unique_user = Measure::Unique(UniqueBy::UserId);
        let frames = unique_user.default_time_frames();
        let key = metric_key(
            unique_user,
            &events_segment(&["internal_events_cli_used".into()], None),
            &sorted_time_frames(&frames),
        );
        assert_eq!(
            metric_key_path(unique_user, &key),
            "redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used"
        );
        assert_eq!(
            metric_file_path(&key, &frames, &[Tier::Free, Tier::Premium, Tier::Ultimate]),
            "config/metrics/counts_all/count_distinct_user_id_from_internal_events_cli_used.yml"
        );
        let weekly = metric_key(unique_user, "internal_events_cli_used", &[TimeFrame::Week]);
        assert_eq!(weekly, "count_distinct_user_id_from_internal_events_cli_used_weekly");
        assert_eq!(metric_folder(&[TimeFrame::Week]), "counts_7d");
        assert_eq!(
            events_segment(&["internal_events_cli_used".into(), "internal_events_cli_closed".into()], None),
            "internal_events_cli_closed_and_internal_events_cli_used"
        );
        assert_eq!(
            metric_key(Measure::Sum, "x", &[TimeFrame::Month, TimeFrame::Week, TimeFrame::All]),
            "sum_value_from_x"
        );
        assert_eq!(description_prefix(unique_user, &frames), "Count of unique users");
        assert_eq!(description_prefix(unique_user, &[TimeFrame::Week]), "Weekly count of unique users");
        assert_eq!(
            description_prefix(Measure::Total, &[TimeFrame::Month, TimeFrame::Week, TimeFrame::All]),
            "Count of"
        );
        assert_eq!(description_prefix(Measure::Sum, &[TimeFrame::Month, TimeFrame::Week]), "Sum of all");
        assert_eq!(
            description_prefix(Measure::Unique(UniqueBy::Label), &[TimeFrame::Month, TimeFrame::Week]),
            "Count of unique"
        );
        assert_eq!(event_file_path("x", &[Tier::Premium, Tier::Ultimate]), "ee/config/events/x.yml");
        assert_eq!(
            sorted_time_frames(&[TimeFrame::Week, TimeFrame::All, TimeFrame::Month]),
            [TimeFrame::Month, TimeFrame::Week, TimeFrame::All]
        );
    }
}
