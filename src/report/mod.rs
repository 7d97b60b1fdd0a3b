//! Renderers for findings: human (rustc-like), json, and the CI formats.

pub mod catalog;
pub mod codequality;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod short;

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostic;

/// What the CI formats need beyond the findings.
///
/// CI systems resolve report paths against the project, i.e. the top of the git work tree,
/// which may sit above the definitions root (`--root sub/dir`): every path in a CI report is
/// `path_prefix` + the finding's root-relative path.
#[derive(Debug, Clone, Default)]
pub struct ReportContext {
    /// "" or "sub/dir/" (forward slashes, trailing slash).
    pub path_prefix: String,
    /// The absolute folder report paths are relative to, when known (SARIF `originalUriBaseIds`).
    pub base_dir: Option<PathBuf>,
    /// Root-relative paths of the files whose findings are reported (JUnit test cases).
    pub checked_paths: Vec<String>,
}

impl ReportContext {
    /// A finding's path as CI reports show it.
    pub fn path(&self, root_relative: &str) -> String {
        format!("{}{root_relative}", self.path_prefix)
    }
}

/// A fingerprint per finding, stable across edits that only shift lines.
///
/// It is the first 128 bits (32 hex digits) of SHA-256 over the rule id, the report path, the
/// message and an occurrence number (1 for the first finding with that rule, path and message in
/// the report, 2 for the next, ...), separated by NUL bytes. Line and column are left out on
/// purpose, so GitLab's merge-request widget still recognises a finding after lines above it
/// moved; the occurrence number keeps two identical messages in one file apart.
pub fn fingerprints(diagnostics: &[Diagnostic], context: &ReportContext) -> Vec<String> {
    let mut seen: std::collections::HashMap<(&str, &str, &str), u32> = std::collections::HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let occurrence = seen.entry((d.rule, &d.path, &d.message)).or_insert(0);
            *occurrence += 1;
            let mut hasher = Sha256::new();
            for part in [d.rule, &context.path(&d.path), &d.message, &occurrence.to_string()] {
                hasher.update(part.as_bytes());
                hasher.update([0]);
            }
            hasher.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
        })
        .collect()
}
