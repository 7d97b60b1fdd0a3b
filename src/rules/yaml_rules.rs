//! `io` and `yaml`: files that cannot be read, or whose YAML is not a definition at all.

use crate::diagnostics::{Category, Diagnostic, RuleInfo, Severity};
use crate::repository::{Repository, SourceFile};
use crate::yaml::{Position, YamlProblemKind};

use super::info;

pub const UNREADABLE: RuleInfo = info(
    "io-unreadable",
    Category::Io,
    Severity::Error,
    "The file could not be read as UTF-8 text; fix its permissions, encoding or size.",
);
pub const SYNTAX: RuleInfo =
    info("yaml-syntax", Category::Yaml, Severity::Error, "Fix the YAML syntax at the position shown.");
pub const DUPLICATE_KEY: RuleInfo = info(
    "yaml-duplicate-key",
    Category::Yaml,
    Severity::Error,
    "Remove one of the two entries; GitLab silently keeps the last.",
);
pub const NOT_A_MAPPING: RuleInfo = info(
    "yaml-not-mapping",
    Category::Yaml,
    Severity::Error,
    "A definition file must be a YAML mapping of field names to values.",
);
pub const EMPTY: RuleInfo =
    info("yaml-empty", Category::Yaml, Severity::Error, "The file defines nothing; fill it in or delete it.");
pub const EXTRA_DOCUMENT: RuleInfo = info(
    "yaml-multiple-documents",
    Category::Yaml,
    Severity::Error,
    "Keep one definition per file; GitLab ignores everything after the first document.",
);
pub const TAG: RuleInfo = info(
    "yaml-tag",
    Category::Yaml,
    Severity::Error,
    "Remove the tag; GitLab's safe YAML loader accepts only plain data.",
);
pub const DATE_TIME: RuleInfo = info(
    "yaml-date",
    Category::Yaml,
    Severity::Error,
    "Quote the value: GitLab's safe YAML loader refuses unquoted dates and times and fails to load the file.",
);
pub const LIMIT: RuleInfo = info(
    "yaml-limit",
    Category::Yaml,
    Severity::Error,
    "The document is too deep or expands too many aliases to be a definition.",
);

pub const RULES: &[&RuleInfo] =
    &[&UNREADABLE, &SYNTAX, &DUPLICATE_KEY, &NOT_A_MAPPING, &EMPTY, &EXTRA_DOCUMENT, &TAG, &DATE_TIME, &LIMIT];

/// Paths the walk could not follow.
pub fn check_walk(repo: &Repository, out: &mut Vec<Diagnostic>) {
    for problem in &repo.walk_problems {
        out.push(Diagnostic::new(&UNREADABLE, &problem.path, Position::START, problem.message.clone()));
    }
}

/// Whether the file could be read and parsed into a mapping of fields.
pub fn check_file(file: &SourceFile, out: &mut Vec<Diagnostic>) {
    if let Some(problem) = &file.read_problem {
        out.push(Diagnostic::new(&UNREADABLE, &file.path, problem.pos, problem.message.clone()));
        return;
    }
    for problem in &file.parsed.problems {
        let rule = match problem.kind {
            YamlProblemKind::Syntax => &SYNTAX,
            YamlProblemKind::DuplicateKey => &DUPLICATE_KEY,
            YamlProblemKind::ExtraDocument => &EXTRA_DOCUMENT,
            YamlProblemKind::Limit => &LIMIT,
            YamlProblemKind::Tag => &TAG,
            YamlProblemKind::DateTime => &DATE_TIME,
        };
        out.push(Diagnostic::new(rule, &file.path, problem.pos, problem.message.clone()));
    }
    if file.parsed.is_fatal() {
        return;
    }
    match file.root() {
        None => out.push(Diagnostic::new(&EMPTY, &file.path, Position::START, "the file is empty")),
        Some(root) if root.is_null() => {
            out.push(Diagnostic::new(&EMPTY, &file.path, root.pos, "the document is empty"))
        }
        Some(root) if root.as_map().is_none() => out.push(Diagnostic::new(
            &NOT_A_MAPPING,
            &file.path,
            root.pos,
            format!("expected a mapping of fields, found {}", root.type_name()),
        )),
        Some(_) => {}
    }
}
