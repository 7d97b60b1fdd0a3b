//! Reference lists the rules check names against: product groups, feature categories, and the
//! current milestone. The repository's own files win; built-in copies of GitLab's lists
//! (`schemas/lists/`) serve repositories that have none.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::yaml;

pub const PRODUCT_GROUPS_PATH: &str = "config/metrics/schema/product_groups.json";
pub const FEATURE_CATEGORIES_PATH: &str = "config/feature_categories.yml";
pub const VERSION_PATH: &str = "VERSION";

const BUILT_IN_PRODUCT_GROUPS: &str = include_str!("../../schemas/lists/product_groups.json");
const BUILT_IN_FEATURE_CATEGORIES: &str = include_str!("../../schemas/lists/feature_categories.yml");

/// Where a list came from, for messages ("not in config/feature_categories.yml").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListSource {
    BuiltIn,
    File(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedList {
    pub values: Vec<String>,
    pub source: ListSource,
}

impl NamedList {
    pub fn contains(&self, value: &str) -> bool {
        self.values.iter().any(|v| v == value)
    }

    /// "config/feature_categories.yml" or "the built-in list".
    pub fn source_name(&self) -> String {
        match &self.source {
            ListSource::BuiltIn => "the built-in list".into(),
            ListSource::File(p) => p.display().to_string().replace('\\', "/"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceLists {
    pub product_groups: NamedList,
    pub feature_categories: NamedList,
    /// First `major.minor` of the repository's `VERSION` file.
    pub milestone: Option<String>,
}

/// Explicit list files from the command line, overriding the repository's.
#[derive(Debug, Clone, Default)]
pub struct ReferenceOverrides {
    pub product_groups: Option<PathBuf>,
    pub feature_categories: Option<PathBuf>,
    pub milestone: Option<String>,
}

impl ReferenceLists {
    pub fn built_in() -> Self {
        ReferenceLists {
            product_groups: NamedList {
                values: parse_product_groups(BUILT_IN_PRODUCT_GROUPS, Path::new("built-in product_groups.json"))
                    .expect("built-in product groups parse"),
                source: ListSource::BuiltIn,
            },
            feature_categories: NamedList {
                values: parse_feature_categories(
                    BUILT_IN_FEATURE_CATEGORIES,
                    Path::new("built-in feature_categories.yml"),
                )
                .expect("built-in feature categories parse"),
                source: ListSource::BuiltIn,
            },
            milestone: None,
        }
    }

    /// Lists for the repository at `root`: overrides, else the repository's files, else built-in.
    pub fn load(root: &Path, overrides: &ReferenceOverrides) -> Result<Self> {
        let mut lists = ReferenceLists::built_in();
        let groups_file = overrides.product_groups.clone().or_else(|| existing(root, PRODUCT_GROUPS_PATH));
        if let Some(path) = groups_file {
            let text = read(&path)?;
            lists.product_groups = NamedList {
                values: parse_product_groups(&text, &path)?,
                source: ListSource::File(relative(root, &path)),
            };
        }
        let categories_file = overrides.feature_categories.clone().or_else(|| existing(root, FEATURE_CATEGORIES_PATH));
        if let Some(path) = categories_file {
            let text = read(&path)?;
            lists.feature_categories = NamedList {
                values: parse_feature_categories(&text, &path)?,
                source: ListSource::File(relative(root, &path)),
            };
        }
        lists.milestone = match &overrides.milestone {
            Some(m) => Some(m.clone()),
            None => existing(root, VERSION_PATH)
                .and_then(|p| std::fs::read_to_string(p).ok())
                .and_then(|v| milestone_from_version(&v)),
        };
        Ok(lists)
    }
}

fn existing(root: &Path, rel: &str) -> Option<PathBuf> {
    let p = root.join(rel);
    p.is_file().then_some(p)
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// `product_groups.json` is a JSON Schema fragment: `{"type": "string", "enum": [...]}`.
pub fn parse_product_groups(text: &str, path: &Path) -> Result<Vec<String>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::Config {
        path: path.into(),
        line: e.line() as u32,
        message: format!("not valid JSON: {e}"),
    })?;
    let list = value.get("enum").and_then(|e| e.as_array()).ok_or_else(|| Error::Config {
        path: path.into(),
        line: 1,
        message: "expected a JSON schema with an `enum` list of product groups".into(),
    })?;
    Ok(list.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
}

/// `feature_categories.yml` is a YAML list of category names.
pub fn parse_feature_categories(text: &str, path: &Path) -> Result<Vec<String>> {
    let parsed = yaml::parse(text);
    if let Some(problem) = parsed.problems.iter().find(|p| parsed.is_fatal() || p.kind == yaml::YamlProblemKind::Syntax)
    {
        return Err(Error::Config { path: path.into(), line: problem.pos.line, message: problem.message.clone() });
    }
    let items = parsed.root.as_ref().and_then(|r| r.as_seq()).ok_or_else(|| Error::Config {
        path: path.into(),
        line: 1,
        message: "expected a YAML list of feature category names".into(),
    })?;
    Ok(items.iter().filter_map(|n| n.key_text()).collect())
}

/// The milestone the generator derives from `VERSION`: the first `major.minor`.
pub fn milestone_from_version(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                return Some(text[start..j].to_owned());
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_lists_load() {
        let lists = ReferenceLists::built_in();
        assert!(lists.product_groups.contains("analytics_instrumentation"));
        assert!(lists.feature_categories.contains("service_ping"));
    }

    #[test]
    fn milestone_is_first_major_minor() {
        assert_eq!(milestone_from_version("16.6.0-pre\n").as_deref(), Some("16.6"));
        assert_eq!(milestone_from_version("v17.11.2").as_deref(), Some("17.11"));
        assert_eq!(milestone_from_version("nothing"), None);
    }
}
