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
    /// Definitions against the code that triggers them (`eventdef scan`).
    Code,
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
            Category::Code => "code",
        }
    }
}

/// A rule, declared once (see `rules::catalog`): its stable id, category and default severity,
/// one sentence of help printed under every finding, the long explanation `eventdef explain`
/// prints, the GitLab page or file it follows, and a wrong and a right example that a test runs
/// through the validator, so the examples cannot drift from what the rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// One sentence: what to do. Printed under every finding.
    pub help: &'static str,
    /// Why the rule exists, what GitLab does, how to fix it: paragraphs separated by blank lines,
    /// Markdown inline code allowed.
    pub explanation: &'static str,
    /// GitLab's public documentation page or source file the rule follows.
    pub docs: &'static str,
    /// A repository the rule reports.
    pub wrong: Example,
    /// The same repository done right: no finding at all.
    pub right: Example,
}

/// A small repository for a rule's explanation: the files of the work tree and, for the rules
/// that compare with a base revision, the files there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// The definitions at the base revision (`validate --base`); empty for other rules. A file
    /// whose path changed is a rename when git detects it as one.
    pub base: &'static [ExampleFile],
    pub files: &'static [ExampleFile],
    /// Other rules a wrong example cannot help reporting too (deleting an event that a metric
    /// counts is also a metric counting an undefined event).
    pub also: &'static [&'static str],
}

impl Example {
    pub const fn files(files: &'static [ExampleFile]) -> Example {
        Example { base: &[], files, also: &[] }
    }

    /// The work tree `files`, compared with `base`.
    pub const fn changed(base: &'static [ExampleFile], files: &'static [ExampleFile]) -> Example {
        Example { base, files, also: &[] }
    }

    pub const fn also(self, also: &'static [&'static str]) -> Example {
        Example { also, ..self }
    }
}

/// One file of an [`Example`]: a complete file, so the example can be validated, and which part
/// of it an explanation shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExampleFile {
    /// Relative to the repository root.
    pub path: &'static str,
    /// The file's bytes (bytes, not text, so an example can hold what is not UTF-8).
    pub bytes: &'static [u8],
    pub shown: Shown,
}

/// What an explanation shows of an example file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Every line.
    Whole,
    /// These top-level fields, in file order; the others are elided.
    Fields(&'static [&'static str]),
    /// Only the path: the file completes the repository but says nothing about the rule.
    PathOnly,
}

impl ExampleFile {
    pub const fn whole(path: &'static str, text: &'static str) -> ExampleFile {
        ExampleFile { path, bytes: text.as_bytes(), shown: Shown::Whole }
    }

    pub const fn fields(path: &'static str, fields: &'static [&'static str], text: &'static str) -> ExampleFile {
        ExampleFile { path, bytes: text.as_bytes(), shown: Shown::Fields(fields) }
    }

    pub const fn context(path: &'static str, text: &'static str) -> ExampleFile {
        ExampleFile { path, bytes: text.as_bytes(), shown: Shown::PathOnly }
    }

    /// A file that need not be UTF-8, showing these fields (shown lossily).
    pub const fn bytes(path: &'static str, fields: &'static [&'static str], bytes: &'static [u8]) -> ExampleFile {
        ExampleFile { path, bytes, shown: Shown::Fields(fields) }
    }

    /// The file as text (lossily, for an example that is not UTF-8 on purpose).
    pub fn text(&self) -> std::borrow::Cow<'static, str> {
        String::from_utf8_lossy(self.bytes)
    }
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
