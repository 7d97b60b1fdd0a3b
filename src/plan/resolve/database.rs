//! Database metrics: recorded by an instrumentation class, named by the plan.

use super::{PlannedKeyPaths, Resolver, generator_metric_defaults};
use crate::model::candidates::max_name_len;
use crate::model::naming;
use crate::model::{DataSource, MetricDefinition, TimeFrame, common};
use crate::plan::PlanMetric;

impl Resolver<'_> {
    pub(super) fn database_metric(
        &mut self,
        entry: &str,
        m: &PlanMetric,
        planned: &[PlannedKeyPaths],
    ) -> Option<(MetricDefinition, String)> {
        let class = m.database.as_ref().map(|d| d.instrumentation_class.clone()).unwrap_or_default();
        if class.is_empty() || !class.chars().all(|c| c.is_ascii_alphabetic()) {
            self.problem(
                format!("{entry}.database.instrumentation_class"),
                format!("`{class}` is not an instrumentation class name: letters only, e.g. CountIssuesMetric"),
            );
        }
        if !m.events.is_empty() || m.count.is_some() || m.unique_by.is_some() {
            self.problem(
                entry.to_owned(),
                "a database metric counts no events: remove `events`, `count` and `unique_by`",
            );
        }
        self.description(entry, m);
        let frames = match &m.time_frames {
            Some(frames) if !frames.is_empty() => {
                if frames.contains(&TimeFrame::None) {
                    self.problem(format!("{entry}.time_frames"), "choose among 7d, 28d and all");
                }
                let mut unique = Vec::new();
                for f in frames {
                    if !unique.contains(f) {
                        unique.push(*f);
                    }
                }
                unique
            }
            _ => {
                self.problem(
                    format!("{entry}.time_frames"),
                    "a database metric needs `time_frames` (7d, 28d, all), kept in the given order",
                );
                Vec::new()
            }
        };
        let name = match &m.name {
            None => {
                self.problem(format!("{entry}.name"), "a database metric needs a `name`: it is the key path and the file name (database metrics have no default name)");
                return None;
            }
            Some(name) => name.clone(),
        };
        let max = max_name_len(None, &frames);
        if !common::is_snake_name(&name) || name.len() > max {
            self.problem(
                format!("{entry}.name"),
                format!("`{name}` is not a valid name: at most {max} characters, lowercase letters, digits and underscores only"),
            );
        }
        let group = self.required_owner(entry, m.product_group.clone(), "product_group");
        if let Some(g) = &group {
            self.product_group(format!("{entry}.product_group"), g);
        }
        let categories = match &m.product_categories {
            Some(c) => self.product_categories(&format!("{entry}.product_categories"), c),
            None => {
                self.problem(format!("{entry}.product_categories"), "give `product_categories` (or [] for none)");
                None
            }
        };
        let tiers = match &m.tiers {
            Some(t) => Some(self.tiers(format!("{entry}.tiers"), t)),
            None => {
                self.problem(format!("{entry}.tiers"), "give `tiers`");
                None
            }
        };
        let milestone = self.milestone(entry, m.milestone.as_ref());
        let tiers = tiers?;
        let path = naming::metric_file_path(&name, &frames, &tiers);
        if let Some((key, owner)) = self.key_path_owner(std::slice::from_ref(&name), &path, planned) {
            self.problem(
                format!("{entry}.name"),
                format!("the key path `{key}` is already used by {owner}; choose another name"),
            );
        }
        let def = MetricDefinition {
            key_path: name,
            description: Some(m.description.clone()),
            product_group: group,
            product_categories: categories,
            milestone,
            introduced_by_url: Some(m.introduced_by_url.clone().unwrap_or_else(|| "TODO".into())),
            time_frame: Some(naming::time_frame_spec(&frames)),
            data_source: Some(DataSource::Database),
            tiers: Some(tiers),
            instrumentation_class: Some(class),
            ..generator_metric_defaults()
        };
        Some((def, path))
    }
}
