//! The finding type every rule produces and every report prints.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// The file cannot be read at all (permissions, not UTF-8, too large, ...).
    Io,
    Yaml,
    Schema,
    Consistency,
    Convention,
    Breaking,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Io => "io",
            Category::Yaml => "yaml",
            Category::Schema => "schema",
            Category::Consistency => "consistency",
            Category::Convention => "convention",
            Category::Breaking => "breaking",
        }
    }
}

/// A rule's identity card: stable id, category, default severity, one sentence of help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub help: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Relative to the repository root, forward slashes.
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub help: String,
}

impl Diagnostic {
    pub fn new(rule: &RuleInfo, path: &str, pos: crate::yaml::Position, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_owned(),
            line: pos.line,
            column: pos.column,
            rule: rule.id,
            category: rule.category,
            severity: rule.severity,
            message: message.into(),
            help: rule.help.to_owned(),
        }
    }

    /// Stable order for every report: path, position, rule, message.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (&self.path, self.line, self.column, self.rule, &self.message)
    }
}

pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}
