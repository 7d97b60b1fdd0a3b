//! `schema`: what GitLab's JSON schemas reject, checked with our schemas in `schemas/` (issue 2).

use crate::diagnostics::{Diagnostic, RuleInfo};
use crate::repository::{ReferenceLists, Repository};

pub const RULES: &[&RuleInfo] = &[];

/// The compiled event and metric schemas; compiled once per run.
pub struct Schemas {}

impl Schemas {
    pub fn compile(_reference: &ReferenceLists) -> crate::error::Result<Schemas> {
        Ok(Schemas {})
    }
}

pub fn check(_repo: &Repository, _schemas: &Schemas, _out: &mut Vec<Diagnostic>) {}
