//! Writing a resolved plan: every file or none.

use super::apply::PlannedFile;
use crate::atomic_write::{FileToWrite, WriteOutcome, write_all};

/// Write the resolved files under `root`, all or none (see [`crate::atomic_write`]). Existing files
/// are replaced only with `overwrite` (the wizard's "Overwrite file?", `apply --force`).
pub fn write(root: &std::path::Path, files: &[PlannedFile], overwrite: bool) -> crate::Result<Vec<WriteOutcome>> {
    let to_write: Vec<FileToWrite> =
        files.iter().map(|f| FileToWrite { path: f.path.clone(), content: f.content.clone() }).collect();
    write_all(root, &to_write, overwrite)
}

/// What writing `file` over the existing file at its path would change, as a unified diff
/// (`--- a/<path>` / `+++ b/<path>`, three lines of context); `None` when no file is there or
/// the bytes are the same. `apply --force` prints it, so replacing a merged definition (its
/// `milestone`, its `introduced_by_url`) is never silent.
pub fn diff_with_existing(root: &std::path::Path, file: &PlannedFile) -> crate::Result<Option<String>> {
    let path = root.join(&file.path);
    let existing = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(crate::Error::io(path, e)),
    };
    if existing == file.content {
        return Ok(None);
    }
    let diff = similar::TextDiff::from_lines(&existing, &file.content);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{}", file.path), &format!("b/{}", file.path))
        .to_string();
    Ok(Some(text))
}

/// What an existing file at a planned path is: the definition a plan entry would replace.
pub fn existing_definition(file: &PlannedFile) -> String {
    match &file.definition {
        super::apply::PlannedDefinition::Event(e) => format!("the event `{}`", e.action),
        super::apply::PlannedDefinition::Metric(m) => format!("the metric `{}`", m.key_path),
    }
}
