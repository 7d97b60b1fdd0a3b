//! `io` and `yaml`: files that cannot be read, or whose YAML is not a definition at all.

pub use super::catalog::yaml::*;
use crate::diagnostics::{Diagnostic, RelatedLocation};
use crate::repository::{Repository, SourceFile};
use crate::yaml::{Position, YamlProblemKind};

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
        let mut finding = Diagnostic::new(rule, &file.path, problem.pos, problem.message.clone());
        if let Some(earlier) = problem.earlier {
            finding = finding.with_related(RelatedLocation::new(&file.path, earlier, "first defined here"));
        }
        out.push(finding);
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
