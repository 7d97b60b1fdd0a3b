//! Writing definition files all or nothing.
//!
//! Every file is first written in full to a temporary file in its target folder (missing
//! folders are created) and flushed to disk; only then are the temporary files renamed into
//! place. If anything fails, the renames already done are undone, overwritten files are
//! restored from a hard link (or copy) taken just before, temporary files and the folders we
//! created are removed: the repository is left exactly as it was.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// A file to write: path relative to the root (forward slashes) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileToWrite {
    pub path: String,
    pub content: String,
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Created,
    Replaced,
}

/// Write every file or none. Existing files are replaced only when `overwrite` is set.
pub fn write_all(root: &Path, files: &[FileToWrite], overwrite: bool) -> Result<Vec<WriteOutcome>> {
    write_all_with(root, files, overwrite, None)
}

/// One file's progress through the transaction.
struct Staged {
    target: PathBuf,
    temp: Option<PathBuf>,
    backup: Option<PathBuf>,
    placed: bool,
    existed: bool,
}

#[derive(Default)]
struct Transaction {
    created_dirs: Vec<PathBuf>,
    staged: Vec<Staged>,
}

impl Transaction {
    /// Undo everything, newest first. Errors while undoing are ignored: there is nothing
    /// better to do than to try every step.
    fn roll_back(&mut self) {
        for s in self.staged.iter_mut().rev() {
            if s.placed {
                match &s.backup {
                    Some(backup) => {
                        let _ = fs::rename(backup, &s.target);
                        s.backup = None;
                    }
                    None => {
                        let _ = fs::remove_file(&s.target);
                    }
                }
                s.placed = false;
            }
            if let Some(temp) = s.temp.take() {
                let _ = fs::remove_file(temp);
            }
            if let Some(backup) = s.backup.take() {
                let _ = fs::remove_file(backup);
            }
        }
        for dir in self.created_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// `fail_at_rename`: a test hook that makes the n-th rename fail, to prove the roll-back.
fn write_all_with(
    root: &Path,
    files: &[FileToWrite],
    overwrite: bool,
    fail_at_rename: Option<usize>,
) -> Result<Vec<WriteOutcome>> {
    // Check everything that can be checked before touching the disk.
    let mut targets = Vec::with_capacity(files.len());
    for (i, file) in files.iter().enumerate() {
        let rel = Path::new(&file.path);
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(Error::Usage(format!("{}: not a plain relative path inside the repository", file.path)));
        }
        if files[..i].iter().any(|f| f.path == file.path) {
            return Err(Error::Usage(format!("{}: written twice by the same plan", file.path)));
        }
        let target = root.join(rel);
        match fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_dir() => {
                return Err(Error::Usage(format!("{}: a folder is in the way", file.path)));
            }
            Ok(_) if !overwrite => {
                return Err(Error::Usage(format!("{}: already exists (pass --force to overwrite it)", file.path)));
            }
            _ => {}
        }
        targets.push(target);
    }

    let mut tx = Transaction::default();
    let result = stage_and_commit(&mut tx, files, &targets, fail_at_rename);
    match result {
        Ok(()) => {
            // Committed: drop the backups of replaced files and make the renames durable.
            for s in &tx.staged {
                if let Some(backup) = &s.backup {
                    let _ = fs::remove_file(backup);
                }
                if let Some(parent) = s.target.parent() {
                    sync_dir(parent);
                }
            }
            Ok(tx
                .staged
                .iter()
                .map(|s| if s.existed { WriteOutcome::Replaced } else { WriteOutcome::Created })
                .collect())
        }
        Err(e) => {
            tx.roll_back();
            Err(e)
        }
    }
}

fn stage_and_commit(
    tx: &mut Transaction,
    files: &[FileToWrite],
    targets: &[PathBuf],
    fail_at_rename: Option<usize>,
) -> Result<()> {
    let pid = std::process::id();
    // Stage: folders, then each file's full content in a temporary file beside its target.
    for (i, (file, target)) in files.iter().zip(targets).enumerate() {
        let parent = target.parent().unwrap_or(Path::new("."));
        create_dirs(tx, parent)?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temp = parent.join(format!(".{name}.eventdef-{pid}-{i}.tmp"));
        let existing = fs::metadata(target).ok();
        tx.staged.push(Staged {
            target: target.clone(),
            temp: Some(temp.clone()),
            backup: None,
            placed: false,
            existed: existing.is_some(),
        });
        write_synced(&temp, file.content.as_bytes()).map_err(|e| Error::io(&temp, e))?;
        if let Some(meta) = existing {
            // Keep the replaced file's permissions.
            fs::set_permissions(&temp, meta.permissions()).map_err(|e| Error::io(&temp, e))?;
        }
    }
    // Commit: keep a backup of each file we replace, then rename into place.
    for (i, s) in tx.staged.iter_mut().enumerate() {
        if s.existed {
            let name = s.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let backup = s.target.with_file_name(format!(".{name}.eventdef-{pid}-{i}.bak"));
            if fs::hard_link(&s.target, &backup).is_err() {
                fs::copy(&s.target, &backup).map_err(|e| Error::io(&s.target, e))?;
            }
            s.backup = Some(backup);
        }
        let Some(temp) = s.temp.as_ref() else { continue };
        if fail_at_rename == Some(i) {
            return Err(Error::io(&s.target, io::Error::other("injected failure")));
        }
        fs::rename(temp, &s.target).map_err(|e| Error::io(&s.target, e))?;
        s.temp = None;
        s.placed = true;
    }
    Ok(())
}

/// Create `dir` and its missing ancestors one by one, remembering each for the roll-back.
fn create_dirs(tx: &mut Transaction, dir: &Path) -> Result<()> {
    let mut missing = Vec::new();
    let mut cursor = Some(dir);
    while let Some(d) = cursor {
        if fs::symlink_metadata(d).is_ok() {
            break;
        }
        missing.push(d.to_path_buf());
        cursor = d.parent();
    }
    for d in missing.into_iter().rev() {
        fs::create_dir(&d).map_err(|e| Error::io(&d, e))?;
        tx.created_dirs.push(d);
    }
    if !dir.is_dir() {
        return Err(Error::io(dir, io::Error::other("not a folder (a file is in the way)")));
    }
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Make a rename durable (best effort; not every platform can open a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every path under `root` with its content (folders as `None`).
    fn snapshot(root: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
        let mut out = BTreeMap::new();
        for entry in walkdir::WalkDir::new(root).min_depth(1) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let content = entry.file_type().is_file().then(|| fs::read(entry.path()).unwrap());
            out.insert(rel, content);
        }
        out
    }

    fn file(path: &str, content: &str) -> FileToWrite {
        FileToWrite { path: path.into(), content: content.into() }
    }

    #[test]
    fn writes_every_file_and_creates_folders() {
        let dir = tempfile::tempdir().unwrap();
        let files = [file("config/events/a.yml", "a\n"), file("ee/config/metrics/counts_all/b.yml", "b\n")];
        let outcome = write_all(dir.path(), &files, false).unwrap();
        assert_eq!(outcome, [WriteOutcome::Created, WriteOutcome::Created]);
        assert_eq!(fs::read_to_string(dir.path().join("ee/config/metrics/counts_all/b.yml")).unwrap(), "b\n");
        let names: Vec<String> = snapshot(dir.path()).into_keys().collect();
        assert!(names.iter().all(|n| !n.contains("eventdef-")), "{names:?}");
    }

    #[test]
    fn refuses_to_overwrite_without_permission() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("config/events")).unwrap();
        fs::write(dir.path().join("config/events/a.yml"), "old").unwrap();
        let before = snapshot(dir.path());
        let err = write_all(dir.path(), &[file("config/events/b.yml", "b"), file("config/events/a.yml", "new")], false);
        assert!(err.unwrap_err().to_string().contains("--force"));
        assert_eq!(snapshot(dir.path()), before);
        let outcome = write_all(dir.path(), &[file("config/events/a.yml", "new")], true).unwrap();
        assert_eq!(outcome, [WriteOutcome::Replaced]);
        assert_eq!(fs::read_to_string(dir.path().join("config/events/a.yml")).unwrap(), "new");
    }

    #[test]
    fn a_blocked_folder_leaves_everything_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("config/events")).unwrap();
        fs::write(dir.path().join("config/metrics"), "a file where a folder should be").unwrap();
        let before = snapshot(dir.path());
        let files = [file("ee/config/events/a.yml", "a"), file("config/metrics/counts_all/b.yml", "b")];
        assert!(write_all(dir.path(), &files, false).is_err());
        assert_eq!(snapshot(dir.path()), before);
    }

    #[test]
    fn a_failed_rename_restores_replaced_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("config/events")).unwrap();
        fs::write(dir.path().join("config/events/a.yml"), "old a").unwrap();
        let before = snapshot(dir.path());
        let files = [
            file("config/events/a.yml", "new a"),
            file("config/events/b.yml", "new b"),
            file("config/metrics/counts_all/c.yml", "new c"),
        ];
        // The first two renames happen, the third fails.
        assert!(write_all_with(dir.path(), &files, true, Some(2)).is_err());
        assert_eq!(snapshot(dir.path()), before);
    }
}
