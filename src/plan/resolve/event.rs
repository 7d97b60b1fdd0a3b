//! Event entries: the generator's name, identifier and property rules.

use std::collections::{BTreeSet, HashMap};

use indexmap::IndexMap;

use super::Resolver;
use crate::model::naming;
use crate::model::to_yaml::event_to_yaml;
use crate::model::{AdditionalProperty, EventDefinition, Identifier, Status, common};
use crate::plan::PlanEvent;
use crate::plan::apply::{PlannedDefinition, PlannedFile};

impl Resolver<'_> {
    pub(super) fn events(&mut self) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, event) in self.plan.events.iter().enumerate() {
            let entry = format!("events[{i}]");
            if let Some(def) = self.event(&entry, event) {
                let path = naming::event_file_path(&def.action, &def.tiers);
                if let Some(first) = seen.insert(event.action.as_str(), i) {
                    self.problem(
                        format!("{entry}.action"),
                        format!("`{}` is already defined by events[{first}] of this plan", event.action),
                    );
                }
                let existing: Vec<String> = self
                    .repo
                    .events
                    .iter()
                    .filter(|e| e.def.action == def.action)
                    .map(|e| self.repo.file(e.file).path.clone())
                    .filter(|p| *p != path)
                    .collect();
                if let Some(other) = existing.first() {
                    self.problem(
                        format!("{entry}.action"),
                        format!("an event `{}` already exists in {other}; choose another name (actions are unique across CE and EE)", def.action),
                    );
                }
                let content = event_to_yaml(&def);
                let exists = self.file_exists(&path);
                self.files.push(PlannedFile {
                    path,
                    content,
                    exists,
                    definition: PlannedDefinition::Event(def),
                    entry,
                });
            }
        }
    }

    fn event(&mut self, entry: &str, e: &PlanEvent) -> Option<EventDefinition> {
        let before = self.problems.len();
        if !common::is_snake_name(&e.action) {
            self.problem(
                format!("{entry}.action"),
                format!("`{}` is not a valid event name: use lowercase letters, digits and underscores only", e.action),
            );
        }
        if e.description.trim().is_empty() {
            self.problem(
                format!("{entry}.description"),
                "the description is empty; say what the event tracks, where and when",
            );
        }
        let identifiers = self.identifiers(entry, &e.identifiers);
        let additional_properties = self.additional_properties(entry, &e.additional_properties);
        self.product_group(format!("{entry}.product_group"), &e.product_group);
        let product_categories = self.product_categories(&format!("{entry}.product_categories"), &e.product_categories);
        let tiers = self.tiers(format!("{entry}.tiers"), &e.tiers);
        if let Some(c) = e.classification.as_deref().filter(|c| *c != "duo") {
            self.problem(
                format!("{entry}.classification"),
                format!("`{c}` is not a classification; the only one is `duo`"),
            );
        }
        if e.introduced_by_url.as_deref().is_some_and(|u| u.trim().is_empty()) {
            self.problem(format!("{entry}.introduced_by_url"), "the URL is empty; leave the key out to write TODO");
        }
        let milestone = self.milestone(entry, e.milestone.as_ref());
        if self.problems.len() > before {
            return None;
        }
        Some(EventDefinition {
            description: e.description.clone(),
            internal_events: Some(true),
            status: Some(Status::Active),
            action: e.action.clone(),
            identifiers,
            additional_properties,
            product_group: Some(e.product_group.clone()),
            product_categories,
            milestone,
            introduced_by_url: Some(e.introduced_by_url.clone().unwrap_or_else(|| "TODO".into())),
            tiers,
            classification: e.classification.clone(),
            ..EventDefinition::default()
        })
    }

    /// One of the generator's seven combinations, written in the preset's order
    /// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/event_definer.rb).
    fn identifiers(&mut self, entry: &str, given: &[Identifier]) -> Option<Vec<Identifier>> {
        let wanted: BTreeSet<Identifier> = given.iter().copied().collect();
        let preset = Identifier::presets().into_iter().find(|p| p.iter().copied().collect::<BTreeSet<_>>() == wanted);
        match preset {
            Some(p) if p.is_empty() => None,
            Some(p) => Some(p),
            None => {
                let names = given.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(", ");
                self.problem(
                    format!("{entry}.identifiers"),
                    format!(
                        "[{names}] is not one of the generator's combinations: [project, namespace, user], [namespace, user], [user], [project, namespace], [namespace], [feature_enabled_by_namespace_ids, user], or none"
                    ),
                );
                None
            }
        }
    }

    /// Property names. Custom properties may stand alone: GitLab's current schema accepts them
    /// without `label`, `property` or `value` (its own `create_pat` does), although the wizard,
    /// like GitLab's generator, offers them only after those.
    fn additional_properties(
        &mut self,
        entry: &str,
        props: &IndexMap<String, AdditionalProperty>,
    ) -> Option<IndexMap<String, AdditionalProperty>> {
        for name in props.keys() {
            if !common::is_snake_name(name) {
                self.problem(
                    format!("{entry}.additional_properties.{name}"),
                    format!(
                        "`{name}` is not a valid property name: use lowercase letters, digits and underscores only"
                    ),
                );
            }
        }
        (!props.is_empty()).then(|| props.clone())
    }
}
