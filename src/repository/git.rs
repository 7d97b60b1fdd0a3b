//! Reading definitions from git, for `validate --base REV` and `--changed-only`: the merge base
//! of `REV` and `HEAD`, the definition files at that commit, and the paths changed since.
//!
//! We shell out to the `git` command line: it is present wherever a merge-request pipeline runs,
//! it honours the checkout's own configuration (shallow clones, alternates, `safe.directory`),
//! and one `git cat-file --batch` process reads thousands of blobs quickly.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

use super::walk::{EVENT_DIRS, METRIC_DIRS, classify};
use super::{FileContent, LoadLimits};

/// A git work tree that holds the definitions root (possibly in a sub-folder of it).
#[derive(Debug, Clone)]
pub struct GitCheckout {
    /// The work tree's top folder; every git command runs there.
    toplevel: PathBuf,
    /// The definitions root relative to `toplevel`: "" or "sub/dir/" (forward slashes).
    prefix: String,
    shallow: bool,
}

/// What changed between a commit and the work tree, in paths relative to the definitions root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Added, modified, renamed (both names), copied, type-changed and deleted tracked files,
    /// plus untracked files that are not ignored.
    pub paths: BTreeSet<String>,
    /// Renames git detected: old path → new path.
    pub renames: BTreeMap<String, String>,
}

/// Run git in `dir`: Err when git cannot be started, Ok(Err) when it exits non-zero.
fn run_git(dir: &Path, args: &[&str]) -> Result<std::result::Result<Vec<u8>, GitFailed>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        // Paths we pass are literal paths, never patterns.
        .arg("--literal-pathspecs")
        .args(args)
        // Read-only: never take the index lock an editor or a concurrent git may hold.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Usage("--base needs the `git` command, which was not found on PATH".into())
            } else {
                Error::Other(format!("could not run git: {e}"))
            }
        })?;
    if output.status.success() {
        Ok(Ok(output.stdout))
    } else {
        Ok(Err(GitFailed { args: args.join(" "), stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned() }))
    }
}

/// Run git and return its standard output; a non-zero exit is an error quoting git's words.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    Ok(run_git(dir, args)??)
}

/// A git command that exited non-zero.
#[derive(Debug)]
struct GitFailed {
    args: String,
    stderr: String,
}

impl From<GitFailed> for Error {
    fn from(f: GitFailed) -> Error {
        Error::Other(format!("`git {}` failed: {}", f.args, f.stderr))
    }
}

fn git_text(dir: &Path, args: &[&str]) -> Result<String> {
    Ok(String::from_utf8_lossy(&git(dir, args)?).trim_end_matches(['\n', '\r']).to_owned())
}

/// Resolve a revision to a commit id, or None when the repository does not have it.
fn resolve_commit(dir: &Path, rev: &str) -> Result<Option<String>> {
    let spec = format!("{rev}^{{commit}}");
    Ok(run_git(dir, &["rev-parse", "--verify", "--quiet", "--end-of-options", &spec])?
        .ok()
        .map(|out| String::from_utf8_lossy(&out).trim().to_owned()))
}

/// `origin/main` → `main`, for the fetch command we suggest.
fn branch_of(rev: &str) -> &str {
    rev.strip_prefix("refs/remotes/").unwrap_or(rev).strip_prefix("origin/").unwrap_or(rev)
}

impl GitCheckout {
    /// The checkout holding `root`, or a usage error saying `--base` needs one.
    pub fn open(root: &Path) -> Result<GitCheckout> {
        let inside = run_git(root, &["rev-parse", "--is-inside-work-tree"])?;
        let not_a_work_tree = || {
            Error::Usage(format!(
                "--base and --changed-only compare with git history, but {} is not inside a git work tree \
                 (clone the repository, or drop --base)",
                root.display()
            ))
        };
        match inside {
            Ok(out) if String::from_utf8_lossy(&out).trim() == "true" => {}
            Ok(_) => return Err(not_a_work_tree()),
            Err(failed) if failed.stderr.contains("not a git repository") => return Err(not_a_work_tree()),
            // Quote git: it may be refusing a checkout it does not trust (`safe.directory`).
            Err(failed) => {
                return Err(Error::Usage(format!(
                    "--base: git cannot read the repository at {}: {}",
                    root.display(),
                    failed.stderr
                )));
            }
        }
        let toplevel = PathBuf::from(git_text(root, &["rev-parse", "--show-toplevel"])?);
        let prefix = git_text(root, &["rev-parse", "--show-prefix"])?;
        let shallow = git_text(root, &["rev-parse", "--is-shallow-repository"])? == "true";
        Ok(GitCheckout { toplevel, prefix, shallow })
    }

    /// The definitions root relative to the top of the work tree: "" or "sub/dir/".
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn toplevel(&self) -> &Path {
        &self.toplevel
    }

    /// The commit where the branch being checked left `rev`: `git merge-base REV HEAD`.
    /// Explains how to fetch the missing history when the clone is shallow.
    pub fn merge_base(&self, rev: &str) -> Result<String> {
        let dir = self.toplevel.as_path();
        let fetch_hint = |what: &str| {
            format!(
                "{what}\nThis clone is shallow (CI jobs fetch only recent commits). Fetch the history of the target branch \
                 and run again:\n    git fetch --deepen=200 origin {branch}\nor fetch everything:\n    git fetch --unshallow origin\n\
                 In GitLab CI, `git fetch origin $CI_MERGE_REQUEST_TARGET_BRANCH_NAME` before the job's script, or set \
                 `GIT_DEPTH: 0` in the job's variables.",
                branch = branch_of(rev)
            )
        };
        let Some(base) = resolve_commit(dir, rev)? else {
            let what = format!("--base {rev}: no such revision in this clone");
            return Err(Error::Usage(if self.shallow {
                fetch_hint(&what)
            } else {
                format!("{what}; check the name (e.g. origin/main) or fetch it: git fetch origin {}", branch_of(rev))
            }));
        };
        let Some(head) = resolve_commit(dir, "HEAD")? else {
            return Err(Error::Usage("--base: HEAD has no commit yet; commit something first".into()));
        };
        match run_git(dir, &["merge-base", &base, &head])? {
            Ok(out) => Ok(String::from_utf8_lossy(&out).trim().to_owned()),
            Err(_) => {
                let what = format!("--base {rev}: {rev} and HEAD have no common ancestor in this clone");
                Err(Error::Usage(if self.shallow {
                    fetch_hint(&what)
                } else {
                    format!("{what}; is {rev} the branch this one was started from?")
                }))
            }
        }
    }

    /// Pathspecs of the folders that hold definitions, relative to the top of the work tree.
    fn definition_pathspecs(&self) -> Vec<String> {
        EVENT_DIRS.iter().chain(METRIC_DIRS.iter()).map(|d| format!("{}{d}", self.prefix)).collect()
    }

    /// Root-relative form of a top-relative path, if it lies under the root.
    fn to_root_rel<'p>(&self, top_rel: &'p str) -> Option<&'p str> {
        top_rel.strip_prefix(self.prefix.as_str())
    }

    /// The content of every definition file at `commit`, for [`super::Repository::from_contents`]
    /// (which applies the same limits and checks as to files on disk).
    /// With `only`, just the files at those paths (the rest are not read).
    pub fn definition_files(
        &self,
        commit: &str,
        limits: &LoadLimits,
        only: Option<&BTreeSet<String>>,
    ) -> Result<Vec<FileContent>> {
        let specs = self.definition_pathspecs();
        let mut args = vec!["ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--"];
        args.extend(specs.iter().map(String::as_str));
        let listing = git(&self.toplevel, &args)?;

        let mut files = Vec::new();
        let mut wanted: Vec<(String, super::FileKind, String)> = Vec::new();
        for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            // `<mode> SP <type> SP <object> SP+ <size> TAB <path>`
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, top_path)) = entry.split_once('\t') else { continue };
            let mut fields = meta.split_whitespace();
            let (Some(mode), Some(kind), Some(object), Some(size)) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            // Symbolic links and submodules hold no definition text.
            if kind != "blob" || mode == "120000" {
                continue;
            }
            let Some(rel) = self.to_root_rel(top_path) else { continue };
            let Some(file_kind) = classify(rel) else { continue };
            if only.is_some_and(|only| !only.contains(rel)) {
                continue;
            }
            let size: u64 = size.parse().unwrap_or(0);
            if size > limits.max_file_bytes {
                files.push(FileContent {
                    path: rel.to_owned(),
                    kind: file_kind,
                    bytes: Err(super::read::too_large(size, limits)),
                });
                continue;
            }
            wanted.push((rel.to_owned(), file_kind, object.to_owned()));
        }

        let blobs = self.read_blobs(wanted.iter().map(|(_, _, object)| object.as_str()))?;
        for ((rel, kind, _), bytes) in wanted.into_iter().zip(blobs) {
            files.push(FileContent { path: rel, kind, bytes: Ok(bytes) });
        }
        Ok(files)
    }

    /// Contents of many blobs through one `git cat-file --batch`, in the order asked.
    fn read_blobs<'o>(&self, objects: impl Iterator<Item = &'o str>) -> Result<Vec<Vec<u8>>> {
        let request: String = objects.map(|o| format!("{o}\n")).collect();
        if request.is_empty() {
            return Ok(Vec::new());
        }
        let count = request.lines().count();
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.toplevel)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::Other(format!("could not run git cat-file: {e}")))?;
        let mut stdin = child.stdin.take().ok_or_else(|| Error::Other("git cat-file: no stdin".into()))?;
        // Write from another thread: git answers while we ask, and a full pipe would block both.
        let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
        let stdout = child.stdout.take().ok_or_else(|| Error::Other("git cat-file: no stdout".into()))?;
        let mut reader = BufReader::new(stdout);
        let mut blobs = Vec::with_capacity(count);
        let bad = |what: &str| Error::Other(format!("git cat-file --batch: {what}"));
        for _ in 0..count {
            let mut header = String::new();
            reader.read_line(&mut header).map_err(|e| bad(&e.to_string()))?;
            // `<object> SP <type> SP <size> LF <contents> LF`, or `<object> SP missing LF`.
            let mut parts = header.split_whitespace();
            let (Some(object), Some(kind)) = (parts.next(), parts.next()) else {
                return Err(bad("the output ended early"));
            };
            if kind == "missing" {
                return Err(bad(&format!("object {object} is missing from this clone")));
            }
            let size: usize = parts.next().and_then(|s| s.parse().ok()).ok_or_else(|| bad("unreadable header"))?;
            let mut bytes = vec![0; size];
            reader.read_exact(&mut bytes).map_err(|e| bad(&e.to_string()))?;
            let mut newline = [0u8; 1];
            reader.read_exact(&mut newline).map_err(|e| bad(&e.to_string()))?;
            blobs.push(bytes);
        }
        let _ = writer.join();
        let status = child.wait().map_err(|e| bad(&e.to_string()))?;
        if !status.success() {
            return Err(bad(&format!("exited with {status}")));
        }
        Ok(blobs)
    }

    /// Definition files that differ between `commit` and the work tree (staged, unstaged and
    /// untracked), with the renames git detects.
    pub fn changes_since(&self, commit: &str) -> Result<Changes> {
        self.changes_in(commit, &self.definition_pathspecs())
    }

    /// Every file under the root that differs between `commit` and the work tree (`scan`
    /// reports findings in code as well as in definitions).
    pub fn all_changes_since(&self, commit: &str) -> Result<Changes> {
        let everything = if self.prefix.is_empty() { ".".to_owned() } else { self.prefix.clone() };
        self.changes_in(commit, &[everything])
    }

    fn changes_in(&self, commit: &str, specs: &[String]) -> Result<Changes> {
        let mut changes = Changes::default();

        let mut args =
            vec!["diff", "--name-status", "-z", "-M", "--no-color", "--no-ext-diff", "--no-textconv", commit, "--"];
        args.extend(specs.iter().map(String::as_str));
        let diff = git(&self.toplevel, &args)?;
        let mut fields = diff.split(|b| *b == 0).filter(|f| !f.is_empty()).map(String::from_utf8_lossy);
        while let Some(status) = fields.next() {
            // Renames and copies name two paths (`R100 old new`), every other status one.
            let two_paths = status.starts_with('R') || status.starts_with('C');
            let Some(first) = fields.next() else { break };
            let second = if two_paths { fields.next() } else { None };
            let first = self.to_root_rel(&first).map(str::to_owned);
            let second = second.and_then(|s| self.to_root_rel(&s).map(str::to_owned));
            if let (true, Some(old), Some(new)) = (status.starts_with('R'), &first, &second) {
                changes.renames.insert(old.clone(), new.clone());
            }
            changes.paths.extend(first.into_iter().chain(second));
        }

        let mut args = vec!["ls-files", "--others", "--exclude-standard", "-z", "--"];
        args.extend(specs.iter().map(String::as_str));
        let untracked = git(&self.toplevel, &args)?;
        for path in untracked.split(|b| *b == 0).filter(|f| !f.is_empty()) {
            if let Some(rel) = self.to_root_rel(&String::from_utf8_lossy(path)) {
                changes.paths.insert(rel.to_owned());
            }
        }
        Ok(changes)
    }

    /// A short name of a commit for messages.
    pub fn short(commit: &str) -> &str {
        commit.get(..10).unwrap_or(commit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_names_for_fetch_hints() {
        assert_eq!(branch_of("origin/main"), "main");
        assert_eq!(branch_of("refs/remotes/origin/feature/x"), "feature/x");
        assert_eq!(branch_of("main"), "main");
    }
}
