//! Product sections, stages and groups from a `stages.yml` file in GitLab's format (www-gitlab-com
//! `data/stages.yml`), read offline: from `--stages FILE` or the repository's
//! `.eventdef/stages.yml`
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/group_ownership.rb).
//! Never fetched from the network. The wizard's group menu and every Tableau group dashboard link
//! (`Stage%20Name=`, in the wizard and in `eventdef usage`) read the same file through
//! [`Stages::load`].

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::yaml::{self, Node};

/// Where a repository keeps its copy of the stages file.
pub const STAGES_PATH: &str = ".eventdef/stages.yml";

/// One product group with the stage and section it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageGroup {
    pub section: String,
    pub stage: String,
    pub group: String,
    /// The group's feature categories, as listed (may be empty).
    pub categories: Vec<String>,
    /// Display names: the stage's `display_name` and the group's `name` (e.g. "Plan",
    /// "Project Management"), empty when the file gives none.
    pub display_names: String,
}

impl StageGroup {
    /// `section:stage:group`, the row the group menu shows.
    pub fn row(&self) -> String {
        format!("{}:{}:{}", self.section, self.stage, self.group)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stages {
    /// Groups in file order.
    pub groups: Vec<StageGroup>,
    pub source: PathBuf,
}

impl Stages {
    /// `explicit` (from `--stages`), else the repository's `.eventdef/stages.yml`, else none.
    pub fn load(root: &Path, explicit: Option<&Path>) -> Result<Option<Stages>> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let p = root.join(STAGES_PATH);
                if !p.is_file() {
                    return Ok(None);
                }
                p
            }
        };
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        Stages::parse(&text, &path).map(Some)
    }

    /// Read `stages: {<stage>: {section: .., groups: {<group>: {categories: [..]}}}}`.
    pub fn parse(text: &str, path: &Path) -> Result<Stages> {
        let parsed = yaml::parse(text);
        let fatal =
            |p: &&yaml::YamlProblem| matches!(p.kind, yaml::YamlProblemKind::Syntax | yaml::YamlProblemKind::Limit);
        if let Some(problem) = parsed.problems.iter().find(fatal) {
            return Err(config(path, problem.pos.line, problem.message.clone()));
        }
        let root = parsed.root.as_ref().ok_or_else(|| config(path, 1, "empty stages file".into()))?;
        let stages = root.get("stages").and_then(Node::as_map).ok_or_else(|| {
            config(path, root.pos.line, "expected a `stages:` mapping (GitLab's stages.yml format)".into())
        })?;
        let mut groups = Vec::new();
        for (stage_key, stage) in &stages.entries {
            let Some(stage_name) = stage_key.key_text() else { continue };
            let section = stage.get("section").and_then(Node::as_str).unwrap_or_default().to_owned();
            let stage_display = stage.get("display_name").and_then(Node::as_str).unwrap_or_default();
            let Some(stage_groups) = stage.get("groups").and_then(Node::as_map) else { continue };
            for (group_key, group) in &stage_groups.entries {
                let Some(group_name) = group_key.key_text() else { continue };
                let categories = group
                    .get("categories")
                    .and_then(Node::as_seq)
                    .map(|items| items.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default();
                let group_display = group.get("name").and_then(Node::as_str).unwrap_or_default();
                groups.push(StageGroup {
                    section: section.clone(),
                    stage: stage_name.clone(),
                    group: group_name,
                    categories,
                    display_names: format!("{stage_display} {group_display}").trim().to_owned(),
                });
            }
        }
        if groups.is_empty() {
            return Err(config(path, root.pos.line, "no groups found under `stages:`".into()));
        }
        Ok(Stages { groups, source: path.to_path_buf() })
    }

    /// The group's entry; a group listed under two stages belongs to the first.
    pub fn group(&self, name: &str) -> Option<&StageGroup> {
        self.groups.iter().find(|g| g.group == name)
    }

    /// The stage a product group belongs to, for dashboard links.
    pub fn stage_of(&self, group: &str) -> Option<&str> {
        self.group(group).map(|g| g.stage.as_str())
    }
}

fn config(path: &Path, line: u32, message: String) -> Error {
    Error::Config { path: path.to_path_buf(), line, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gitlab_format_in_file_order() {
        let text = "stages:\n  manage:\n    section: core_platform\n    groups:\n      import_and_integrate:\n        name: Import\n  package:\n    section: ci\n    groups:\n      package_registry:\n        categories:\n        - package_registry\n        - helm_chart_registry\n";
        let stages = Stages::parse(text, Path::new("stages.yml")).expect("parses");
        let rows: Vec<String> = stages.groups.iter().map(StageGroup::row).collect();
        assert_eq!(rows, ["core_platform:manage:import_and_integrate", "ci:package:package_registry"]);
        assert_eq!(stages.group("package_registry").map(|g| g.categories.len()), Some(2));
        assert_eq!(stages.stage_of("import_and_integrate"), Some("manage"));
        assert_eq!(stages.stage_of("nope"), None);
        assert!(Stages::parse("groups: []\n", Path::new("x.yml")).is_err());
        assert!(Stages::parse("stages: [\n", Path::new("x.yml")).is_err());
    }

    #[test]
    fn stages_from_handbook_yaml() {
        let stages = Stages::parse(
            "stages:\n  monitor:\n    section: analytics\n    groups:\n      analytics_instrumentation:\n        name: AI\n  create:\n    groups:\n      source_code: {}\n",
            Path::new("stages.yml"),
        )
        .expect("parses");
        assert_eq!(stages.stage_of("analytics_instrumentation"), Some("monitor"));
        assert_eq!(stages.stage_of("source_code"), Some("create"));
        assert_eq!(stages.stage_of("nope"), None);
        assert!(Stages::parse("- a list", Path::new("stages.yml")).is_err());
    }
}
