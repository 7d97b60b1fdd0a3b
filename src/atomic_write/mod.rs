//! Writing files atomically: one file, or a set of files all or nothing. Every writer of the
//! tool comes here: `apply` and the wizard (definitions), `issue --output`, `validate --output`
//! and the wizard's `--save-plan`.
//!
//! One file: its full content goes to a temporary file in the target's folder (same file system,
//! so the last step is atomic), is flushed to disk, and only then takes the target's name; a
//! reader sees the old file or the new one, never half of one, and a failure leaves no trace.
//! How it takes the name depends on [`Mode`]: `Replace` renames over the target; `CreateNew`
//! must refuse a target that exists *at that moment* (the wizard may wait minutes for an answer
//! while a file appears), which a rename cannot do, so the temporary file is hard-linked to the
//! target name (`link` fails with `AlreadyExists` atomically if the name is taken) and then
//! unlinked. Where hard links are not supported, the name is reserved with an exclusive create
//! (`O_CREAT|O_EXCL`, equally atomic) and the temporary file renamed over the empty reservation.
//!
//! A set: every file is first staged as above (missing folders are created); only then are the
//! files placed, one by one. If anything fails, the placed files are removed or restored from a
//! hard link (or copy) taken just before, temporary files and the folders we created are
//! removed: the repository is left exactly as it was.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Refuse (an `Error::Io` of kind `AlreadyExists`) when the target exists, checked at the
    /// moment the file takes its name.
    CreateNew,
    /// Replace an existing file, keeping its permissions.
    Replace,
}

impl Mode {
    pub fn overwrite(overwrite: bool) -> Mode {
        if overwrite { Mode::Replace } else { Mode::CreateNew }
    }
}

/// True when `error` is the refusal of [`Mode::CreateNew`] (the target exists).
pub fn is_already_exists(error: &Error) -> bool {
    matches!(error, Error::Io { source, .. } if source.kind() == io::ErrorKind::AlreadyExists)
}

/// Write one file atomically. Its folder must exist.
pub fn write_file(target: &Path, bytes: &[u8], mode: Mode) -> Result<WriteOutcome> {
    let existing = existing_file(target, mode).map_err(|e| Error::io(target, e))?;
    let temp = stage(target, bytes, existing.as_ref()).map_err(|e| Error::io(target, e))?;
    if let Err(e) = place(&temp, target, mode) {
        let _ = fs::remove_file(&temp);
        return Err(Error::io(target, e));
    }
    sync_dir(parent_of(target));
    Ok(if existing.is_some() { WriteOutcome::Replaced } else { WriteOutcome::Created })
}

/// The target's metadata when it exists; an error when it is a folder, or exists in `CreateNew`
/// mode (the early check; [`place`] checks again at the last moment).
fn existing_file(target: &Path, mode: Mode) -> io::Result<Option<fs::Metadata>> {
    match fs::symlink_metadata(target) {
        Ok(meta) if meta.is_dir() => Err(io::Error::other("a folder is in the way")),
        Ok(_) if mode == Mode::CreateNew => Err(already_exists()),
        Ok(_) => Ok(fs::metadata(target).ok()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn already_exists() -> io::Error {
    io::Error::new(io::ErrorKind::AlreadyExists, "already exists")
}

fn parent_of(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A fresh name beside `target` for a temporary file (`what`: tmp or bak). Unique within the
/// process (a counter) and between processes (the pid); created with `create_new`, so a name
/// that is somehow taken fails instead of clobbering a stranger's file.
fn sibling_name(target: &Path, what: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    parent_of(target).join(format!(".{name}.eventdef-{}-{n}.{what}", std::process::id()))
}

/// Write `bytes` to a new temporary file beside `target` and flush it to disk; it takes the
/// permissions of the file it will replace.
fn stage(target: &Path, bytes: &[u8], replaced: Option<&fs::Metadata>) -> io::Result<PathBuf> {
    let temp = sibling_name(target, "tmp");
    let written = (|| {
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        if let Some(meta) = replaced {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()
    })();
    match written {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Give the staged `temp` the target's name (see the module comment for how `CreateNew` stays
/// atomic). On success `temp` is gone; on failure it is left for the caller to remove.
fn place(temp: &Path, target: &Path, mode: Mode) -> io::Result<()> {
    if mode == Mode::Replace {
        return fs::rename(temp, target);
    }
    match fs::hard_link(temp, target) {
        Ok(()) => {
            // The target is complete; the temporary name is only a second link to it.
            let _ = fs::remove_file(temp);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(already_exists()),
        Err(_) => {
            // No hard links here (some network and FAT file systems): reserve the name
            // exclusively, then move the content over the empty reservation.
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(target)
                .map_err(|e| if e.kind() == io::ErrorKind::AlreadyExists { already_exists() } else { e })?;
            fs::rename(temp, target).inspect_err(|_| {
                let _ = fs::remove_file(target);
            })
        }
    }
}

/// Make a rename or link durable (best effort; not every platform can open a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Write every file or none. Existing files are replaced only when `overwrite` is set; without
/// it a file that appears while the set is being written also makes the whole set fail.
pub fn write_all(root: &Path, files: &[FileToWrite], overwrite: bool) -> Result<Vec<WriteOutcome>> {
    write_all_with(root, files, overwrite, &|_| Ok(()))
}

/// Called with each file's index just before it is placed; a test hook to fail a placement or
/// to make a file appear, proving the roll-back.
type BeforePlace<'h> = &'h dyn Fn(usize) -> io::Result<()>;

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

fn write_all_with(
    root: &Path,
    files: &[FileToWrite],
    overwrite: bool,
    before_place: BeforePlace<'_>,
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
            Ok(_) if !overwrite => return Err(refused(&file.path)),
            _ => {}
        }
        targets.push(target);
    }

    let mut tx = Transaction::default();
    let mode = Mode::overwrite(overwrite);
    let result = stage_and_commit(&mut tx, files, &targets, mode, before_place);
    match result {
        Ok(()) => {
            // Committed: drop the backups of replaced files and make the renames durable.
            for s in &tx.staged {
                if let Some(backup) = &s.backup {
                    let _ = fs::remove_file(backup);
                }
                sync_dir(parent_of(&s.target));
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

/// The refusal to overwrite `path` (relative to the root), as `apply` words it.
fn refused(path: &str) -> Error {
    Error::io(path, io::Error::new(io::ErrorKind::AlreadyExists, "already exists (pass --force to overwrite it)"))
}

fn stage_and_commit(
    tx: &mut Transaction,
    files: &[FileToWrite],
    targets: &[PathBuf],
    mode: Mode,
    before_place: BeforePlace<'_>,
) -> Result<()> {
    // Stage: folders, then each file's full content in a temporary file beside its target.
    for (file, target) in files.iter().zip(targets) {
        create_dirs(tx, parent_of(target))?;
        let existing = fs::metadata(target).ok();
        tx.staged.push(Staged {
            target: target.clone(),
            temp: None,
            backup: None,
            placed: false,
            existed: existing.is_some(),
        });
        let temp = stage(target, file.content.as_bytes(), existing.as_ref()).map_err(|e| Error::io(target, e))?;
        if let Some(s) = tx.staged.last_mut() {
            s.temp = Some(temp);
        }
    }
    // Commit: keep a backup of each file we replace, then place each file.
    for (i, (s, file)) in tx.staged.iter_mut().zip(files).enumerate() {
        if s.existed && mode == Mode::Replace {
            let backup = sibling_name(&s.target, "bak");
            if fs::hard_link(&s.target, &backup).is_err() {
                fs::copy(&s.target, &backup).map_err(|e| Error::io(&s.target, e))?;
            }
            s.backup = Some(backup);
        }
        let Some(temp) = s.temp.as_ref() else { continue };
        before_place(i).map_err(|e| Error::io(&s.target, e))?;
        place(temp, &s.target, mode).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => refused(&file.path),
            _ => Error::io(&s.target, e),
        })?;
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
        // A relative path's last parent is the empty path: that is the working folder, which
        // exists, and `create_dir("")` would fail.
        if d.as_os_str().is_empty() || fs::symlink_metadata(d).is_ok() {
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

/// Flush the files just written under `dir` to disk before the folder takes its name. On Linux
/// one `syncfs` flushes the file system; an `fsync` per file made a 10,000-page site take a
/// minute on a busy disk. Elsewhere each file is synced.
#[cfg(target_os = "linux")]
fn sync_tree(dir: &Path, _files: &[FileToWrite]) -> io::Result<()> {
    use std::os::fd::AsRawFd as _;
    let folder = fs::File::open(dir)?;
    // SAFETY: syncfs only reads the descriptor, which `folder` keeps open during the call.
    if unsafe { libc::syncfs(folder.as_raw_fd()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn sync_tree(dir: &Path, files: &[FileToWrite]) -> io::Result<()> {
    for file in files {
        fs::File::open(dir.join(&file.path))?.sync_all()?;
    }
    Ok(())
}

/// Write a whole folder at once: every file goes into a fresh temporary folder beside `target`,
/// which then takes `target`'s name. A reader (a web server serving the folder) sees the old
/// folder or the new one, never a mix; a failure leaves the old folder as it was. An existing
/// `target` is moved aside just before and deleted after; the caller decides whether it may
/// be replaced (`eventdef dictionary` checks that it is a previous output, or has consent).
pub fn write_folder(target: &Path, files: &[FileToWrite]) -> Result<()> {
    for file in files {
        let rel = Path::new(&file.path);
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(Error::Usage(format!("{}: not a plain relative path inside the folder", file.path)));
        }
    }
    let temp = sibling_name(target, "tmp");
    let staged = (|| -> io::Result<()> {
        fs::create_dir(&temp)?;
        for file in files {
            let path = temp.join(&file.path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            let mut out = fs::OpenOptions::new().write(true).create_new(true).open(&path)?;
            out.write_all(file.content.as_bytes())?;
        }
        sync_tree(&temp, files)
    })();
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&temp);
        return Err(Error::io(target, e));
    }
    let old = match fs::symlink_metadata(target) {
        Ok(meta) if meta.is_dir() => {
            let aside = sibling_name(target, "old");
            if let Err(e) = fs::rename(target, &aside) {
                let _ = fs::remove_dir_all(&temp);
                return Err(Error::io(target, e));
            }
            Some(aside)
        }
        Ok(_) => {
            let _ = fs::remove_dir_all(&temp);
            return Err(Error::io(target, io::Error::other("not a folder (a file is in the way)")));
        }
        Err(_) => None,
    };
    if let Err(e) = fs::rename(&temp, target) {
        if let Some(aside) = &old {
            let _ = fs::rename(aside, target);
        }
        let _ = fs::remove_dir_all(&temp);
        return Err(Error::io(target, e));
    }
    sync_dir(parent_of(target));
    if let Some(aside) = old {
        // The new folder is in place; failing to delete the old copy loses nothing.
        let _ = fs::remove_dir_all(aside);
    }
    Ok(())
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
    fn a_relative_root_whose_folders_do_not_exist_yet() {
        // Tests run in the package folder; the root is given relative to it, as a user would.
        let here = tempfile::tempdir_in(".").unwrap();
        let name = here.path().file_name().unwrap();
        let root = Path::new(name).join("new/root");
        write_all(&root, &[file("config/events/a.yml", "a\n")], false).unwrap();
        assert_eq!(fs::read_to_string(here.path().join("new/root/config/events/a.yml")).unwrap(), "a\n");
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
        let fail_third = |i: usize| if i == 2 { Err(io::Error::other("injected failure")) } else { Ok(()) };
        assert!(write_all_with(dir.path(), &files, true, &fail_third).is_err());
        assert_eq!(snapshot(dir.path()), before);
    }

    #[test]
    fn a_file_that_appears_meanwhile_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let files = [file("config/events/a.yml", "new a"), file("config/events/b.yml", "new b")];
        // After `a` is placed, someone else creates `b`.
        let appear =
            |i: usize| if i == 1 { fs::write(dir.path().join("config/events/b.yml"), "theirs") } else { Ok(()) };
        let err = write_all_with(dir.path(), &files, false, &appear).unwrap_err();
        assert!(is_already_exists(&err), "{err}");
        assert_eq!(err.to_string(), "config/events/b.yml: already exists (pass --force to overwrite it)");
        let after = snapshot(dir.path());
        assert_eq!(after.get("config/events/b.yml"), Some(&Some(b"theirs".to_vec())));
        assert!(!after.contains_key("config/events/a.yml"), "{after:?}");
        assert_eq!(after.len(), 3, "{after:?}"); // config, config/events, b.yml
    }

    #[test]
    fn one_file_replaces_or_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.json");
        assert_eq!(write_file(&target, b"one", Mode::CreateNew).unwrap(), WriteOutcome::Created);
        let err = write_file(&target, b"two", Mode::CreateNew).unwrap_err();
        assert!(is_already_exists(&err), "{err}");
        assert_eq!(fs::read_to_string(&target).unwrap(), "one");
        assert_eq!(write_file(&target, b"two", Mode::Replace).unwrap(), WriteOutcome::Replaced);
        assert_eq!(fs::read_to_string(&target).unwrap(), "two");
        assert!(write_file(dir.path(), b"x", Mode::Replace).is_err(), "a folder is in the way");
        assert_eq!(snapshot(dir.path()).into_keys().collect::<Vec<_>>(), ["report.json"]);
    }

    #[test]
    fn create_new_refuses_at_the_last_moment() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.yml");
        let temp = stage(&target, b"ours", None).unwrap();
        fs::write(&target, "theirs").unwrap();
        assert_eq!(place(&temp, &target, Mode::CreateNew).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&target).unwrap(), "theirs");
        fs::remove_file(&target).unwrap();
        place(&temp, &target, Mode::CreateNew).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "ours");
        assert_eq!(snapshot(dir.path()).into_keys().collect::<Vec<_>>(), ["a.yml"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("run.sh");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o751)).unwrap();
        write_file(&target, b"new", Mode::Replace).unwrap();
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o751);
    }

    #[test]
    fn a_folder_is_written_or_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("site");
        write_folder(&target, &[file("index.html", "one"), file("d/a/b.html", "b")]).unwrap();
        assert_eq!(fs::read_to_string(target.join("d/a/b.html")).unwrap(), "b");
        write_folder(&target, &[file("index.html", "two")]).unwrap();
        let names: Vec<String> = snapshot(dir.path()).into_keys().collect();
        assert_eq!(names, ["site", "site/index.html"]);
        assert_eq!(fs::read_to_string(target.join("index.html")).unwrap(), "two");
        assert!(write_folder(&target, &[file("../escape.html", "x")]).is_err());
        fs::write(dir.path().join("file"), "x").unwrap();
        assert!(write_folder(&dir.path().join("file"), &[file("a", "a")]).is_err());
        let names: Vec<String> = snapshot(dir.path()).into_keys().collect();
        assert_eq!(names, ["file", "site", "site/index.html"]);
    }
}
