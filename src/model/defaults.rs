//! "Copy & continue": the ownership attributes a new metric can copy from the events it counts
//! (product group, categories, introduced-by URL, tiers). The wizard and `eventdef apply` both
//! come here; they differ only in the [`CopyRule`] they pass.

use super::common::Tier;
use super::event::EventDefinition;

/// Which value is copied for a field the events agree on.
///
/// GitLab's generator (the internal events CLI next to
/// https://gitlab.com/gitlab-org/gitlab/-/tree/master/lib/generators/gitlab/analytics, in
/// https://gitlab.com/gitlab-org/gitlab/-/tree/master/scripts/internal_events/cli) counts a field
/// as shared when the events' non-nil values are all identical, but stores the *first* event's
/// value, which is nil when the first event lacks the field. So two events where only the
/// second has a product group copy no group at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyRule {
    /// GitLab's quirk, kept: the first event's value (events in the generator's order, sorted
    /// by action). `eventdef apply` uses it, so a plan gives the files the generator would
    /// write, and says which event lacks the field when nothing is copied.
    FirstEvent,
    /// The value the events agree on, whichever event has it. The wizard uses it: it shows the
    /// copied values before "Copy & continue" / "Modify attributes", so offering the shared
    /// value loses nothing and saves a question.
    AgreedValue,
}

/// What copying one field from the events gives.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Copied<T> {
    /// The value to copy.
    Value(T),
    /// The events that have the field agree, but the first event lacks it, so
    /// [`CopyRule::FirstEvent`] copies its nil (never given by [`CopyRule::AgreedValue`]).
    FirstEventLacks,
    /// Nothing to copy: the events disagree, or none has the field.
    #[default]
    Nothing,
}

impl<T> Copied<T> {
    /// The value to copy, if any.
    pub fn value(&self) -> Option<&T> {
        match self {
            Copied::Value(v) => Some(v),
            Copied::FirstEventLacks | Copied::Nothing => None,
        }
    }
}

/// The ownership attributes copied from the selected events.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CopiedAttributes {
    pub product_group: Copied<String>,
    /// Union of the events' categories, kept to (and ordered as) the known categories; never
    /// [`Copied::FirstEventLacks`] (the generator unites categories under either rule).
    pub product_categories: Copied<Vec<String>>,
    pub introduced_by_url: Copied<String>,
    /// Sorted (free, premium, ultimate), each tier once.
    pub tiers: Copied<Vec<Tier>>,
}

impl CopiedAttributes {
    /// True when nothing can be copied (the wizard then skips the "Copy & continue" screen).
    pub fn is_empty(&self) -> bool {
        self.product_group.value().is_none()
            && self.product_categories.value().is_none()
            && self.introduced_by_url.value().is_none()
            && self.tiers.value().is_none()
    }
}

/// The copied field: [`Copied::Nothing`] unless every event that has a value has the same one;
/// then that value, or (with [`CopyRule::FirstEvent`]) the first event's, which may be absent.
fn copied<T: PartialEq + Clone>(values: &[Option<T>], rule: CopyRule) -> Copied<T> {
    let mut present = values.iter().flatten();
    let Some(agreed) = present.next() else { return Copied::Nothing };
    if present.any(|v| v != agreed) {
        return Copied::Nothing;
    }
    match (rule, values.first()) {
        (CopyRule::FirstEvent, Some(None)) => Copied::FirstEventLacks,
        _ => Copied::Value(agreed.clone()),
    }
}

/// What "Copy & continue" assigns for a metric counting `events` (in the generator's order:
/// sorted by action), with the repository's known feature categories.
pub fn copied_attributes(events: &[&EventDefinition], known_categories: &[String], rule: CopyRule) -> CopiedAttributes {
    let groups: Vec<Option<String>> = events.iter().map(|e| e.product_group.clone()).collect();
    let urls: Vec<Option<String>> = events.iter().map(|e| e.introduced_by_url.clone()).collect();
    let tiers: Vec<Option<Vec<Tier>>> = events
        .iter()
        .map(|e| {
            let mut tiers = e.tiers.clone();
            tiers.sort();
            tiers.dedup();
            (!tiers.is_empty()).then_some(tiers)
        })
        .collect();
    let used: Vec<&String> = events.iter().flat_map(|e| e.product_categories.iter().flatten()).collect();
    let categories: Vec<String> = known_categories.iter().filter(|known| used.contains(known)).cloned().collect();
    CopiedAttributes {
        product_group: copied(&groups, rule),
        product_categories: if categories.is_empty() { Copied::Nothing } else { Copied::Value(categories) },
        introduced_by_url: copied(&urls, rule),
        tiers: copied(&tiers, rule),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(group: Option<&str>, categories: &[&str], tiers: &[Tier]) -> EventDefinition {
        EventDefinition {
            product_group: group.map(String::from),
            product_categories: (!categories.is_empty()).then(|| categories.iter().map(|c| c.to_string()).collect()),
            introduced_by_url: Some("TODO".into()),
            tiers: tiers.to_vec(),
            ..EventDefinition::default()
        }
    }

    fn known() -> Vec<String> {
        ["acquisition", "service_ping", "settings"].map(String::from).to_vec()
    }

    #[test]
    fn agreed_fields_are_copied_and_categories_united() {
        let all = [Tier::Free, Tier::Premium, Tier::Ultimate];
        let used = event(Some("analytics_instrumentation"), &["service_ping"], &all);
        let smashed = event(
            Some("import_and_integrate"),
            &["acquisition", "unknown"],
            &[Tier::Ultimate, Tier::Free, Tier::Premium],
        );
        for rule in [CopyRule::FirstEvent, CopyRule::AgreedValue] {
            let copied = copied_attributes(&[&used, &smashed], &known(), rule);
            assert_eq!(copied.product_group, Copied::Nothing);
            assert_eq!(copied.product_categories, Copied::Value(vec!["acquisition".into(), "service_ping".into()]));
            assert_eq!(copied.introduced_by_url, Copied::Value("TODO".into()));
            assert_eq!(copied.tiers, Copied::Value(all.to_vec()));

            let closed = event(Some("analytics_instrumentation"), &[], &all);
            let copied = copied_attributes(&[&closed], &known(), rule);
            assert_eq!(copied.product_group, Copied::Value("analytics_instrumentation".into()));
            assert_eq!(copied.product_categories, Copied::Nothing);
            let nothing = copied_attributes(&[&EventDefinition::default()], &known(), rule);
            assert!(nothing.is_empty());
        }
    }

    /// The one difference between the rules: a field the first event lacks and the others agree
    /// on. GitLab copies the first event's nil; the wizard offers the agreed value.
    #[test]
    fn a_field_the_first_event_lacks_is_copied_only_by_the_agreed_value_rule() {
        let first = event(None, &["service_ping"], &[]);
        let second = event(Some("analytics_instrumentation"), &["acquisition"], &[Tier::Premium, Tier::Free]);
        let third = event(Some("analytics_instrumentation"), &[], &[Tier::Free, Tier::Premium, Tier::Free]);
        let events = [&first, &second, &third];

        let gitlab = copied_attributes(&events, &known(), CopyRule::FirstEvent);
        assert_eq!(gitlab.product_group, Copied::FirstEventLacks);
        assert_eq!(gitlab.tiers, Copied::FirstEventLacks);
        assert_eq!(gitlab.introduced_by_url, Copied::Value("TODO".into()));
        assert_eq!(gitlab.product_categories, Copied::Value(vec!["acquisition".into(), "service_ping".into()]));
        assert!(!gitlab.is_empty());

        let agreed = copied_attributes(&events, &known(), CopyRule::AgreedValue);
        assert_eq!(agreed.product_group, Copied::Value("analytics_instrumentation".into()));
        assert_eq!(agreed.tiers, Copied::Value(vec![Tier::Free, Tier::Premium]));
        assert_eq!(agreed.introduced_by_url, gitlab.introduced_by_url);
        assert_eq!(agreed.product_categories, gitlab.product_categories);

        // Only the first event's place matters: first in line with a value, both rules agree.
        let reordered = [&second, &first, &third];
        for rule in [CopyRule::FirstEvent, CopyRule::AgreedValue] {
            let copied = copied_attributes(&reordered, &known(), rule);
            assert_eq!(copied.product_group, Copied::Value("analytics_instrumentation".into()));
        }
    }
}
