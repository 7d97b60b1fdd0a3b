//! `convention` rules (issue 2).

use crate::diagnostics::{Diagnostic, RuleInfo};
use crate::repository::Repository;

pub const RULES: &[&RuleInfo] = &[];

pub fn check(_repo: &Repository, _out: &mut Vec<Diagnostic>) {}
