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
