//! Attributes a new metric can copy from its events (gitlab-cli.md §4.8).

use super::common::Tier;
use super::event::EventDefinition;

/// The ownership attributes the selected events agree on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CopiedAttributes {
    pub product_group: Option<String>,
    /// Union of the events' categories, kept to (and ordered as) the known categories.
    pub product_categories: Option<Vec<String>>,
    pub introduced_by_url: Option<String>,
    /// Sorted (free, premium, ultimate).
    pub tiers: Option<Vec<Tier>>,
}

impl CopiedAttributes {
    pub fn is_empty(&self) -> bool {
        *self == CopiedAttributes::default()
    }
}

/// The value every event that has one agrees on. Unlike the generator, which stores the first
/// event's value (nil when the first event lacks the field, §14), the agreed value is kept.
fn agreed<T: PartialEq + Clone>(values: impl IntoIterator<Item = Option<T>>) -> Option<T> {
    let mut found: Option<T> = None;
    for value in values.into_iter().flatten() {
        match &found {
            None => found = Some(value),
            Some(existing) if *existing == value => {}
            Some(_) => return None,
        }
    }
    found
}

pub fn copied_attributes(events: &[&EventDefinition], known_categories: &[String]) -> CopiedAttributes {
    let used: Vec<&String> = events.iter().flat_map(|e| e.product_categories.iter().flatten()).collect();
    let categories: Vec<String> = known_categories.iter().filter(|known| used.contains(known)).cloned().collect();
    CopiedAttributes {
        product_group: agreed(events.iter().map(|e| e.product_group.clone())),
        product_categories: (!categories.is_empty()).then_some(categories),
        introduced_by_url: agreed(events.iter().map(|e| e.introduced_by_url.clone())),
        tiers: agreed(events.iter().map(|e| {
            let mut tiers = e.tiers.clone();
            tiers.sort();
            tiers.dedup();
            (!tiers.is_empty()).then_some(tiers)
        })),
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

    #[test]
    fn agreed_fields_are_copied_and_categories_united() {
        let known: Vec<String> = ["acquisition", "service_ping", "settings"].map(String::from).to_vec();
        let all = [Tier::Free, Tier::Premium, Tier::Ultimate];
        let used = event(Some("analytics_instrumentation"), &["service_ping"], &all);
        let smashed = event(
            Some("import_and_integrate"),
            &["acquisition", "unknown"],
            &[Tier::Ultimate, Tier::Free, Tier::Premium],
        );
        let copied = copied_attributes(&[&used, &smashed], &known);
        assert_eq!(copied.product_group, None);
        assert_eq!(copied.product_categories, Some(vec!["acquisition".into(), "service_ping".into()]));
        assert_eq!(copied.introduced_by_url.as_deref(), Some("TODO"));
        assert_eq!(copied.tiers, Some(all.to_vec()));

        let closed = event(Some("analytics_instrumentation"), &[], &all);
        let copied = copied_attributes(&[&closed], &known);
        assert_eq!(copied.product_group.as_deref(), Some("analytics_instrumentation"));
        assert_eq!(copied.product_categories, None);
        let nothing = copied_attributes(&[&EventDefinition::default()], &known);
        assert!(nothing.is_empty());
    }
}
