//! `eventdef rename-group OLD NEW`: GitLab's group-rename script
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/product_group_renamer.rb)
//! done safely. Like the script it rewrites the enum of `config/metrics/schema/product_groups.json`
//! (sorted, in Ruby's `JSON.pretty_generate` layout with a trailing newline) and every
//! `product_group: OLD` line, quoted or not, of `{ee/,}config/{metrics/*,events}/*.yml`; the files
//! it writes are byte for byte the script's. Unlike the script it also renames the group in
//! removed events (`config/events/removed/`, which eventdef validates too) and in the
//! repository's `.eventdef/stages.yml`, and it refuses instead of writing a half-renamed
//! repository: an unknown OLD, a NEW that is taken or not a group name, a definition naming OLD
//! in a form no line rewrite reaches. Files are written all or none ([`crate::atomic_write`]).

mod json;
mod lines;

use std::fmt;
use std::path::Path;

use crate::atomic_write::{self, FileToWrite};
use crate::error::{Error, Result};
use crate::repository::reference::PRODUCT_GROUPS_PATH;
use crate::repository::stages::STAGES_PATH;

pub use lines::{LineRewriter, Rewrite, rewrite_definition};

/// One file the rename changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    /// Relative to the root, forward slashes.
    pub path: String,
    /// The whole new content.
    pub content: String,
    /// 1-based numbers of the lines that changed (for the JSON list: none, it is rewritten whole).
    pub lines: Vec<u32>,
}

/// What `rename-group` would write, in the order GitLab's script reports files: the product
/// groups list, then the definitions in its glob order, then `.eventdef/stages.yml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenamePlan {
    pub old: String,
    pub new: String,
    pub files: Vec<ChangedFile>,
}

/// Why a rename was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// OLD is not in the product groups list.
    UnknownGroup { old: String, suggestions: Vec<String> },
    /// NEW is already a group: in the list, in `stages.yml`, or the group of definitions.
    NewAlreadyUsed { new: String, places: Vec<String> },
    /// NEW is not a name a group can have.
    InvalidName { new: String, reason: String },
    /// OLD and NEW are the same.
    NothingToChange { old: String },
    /// The repository has no `config/metrics/schema/product_groups.json`.
    NoGroupList,
    /// Definitions that would still name OLD after every line rewrite (`file:line`).
    NotRewritable { places: Vec<String> },
    /// A file that must change but cannot be rewritten safely.
    Unsafe { path: String, reason: String },
}

impl Refusal {
    /// A short, stable name for machine-readable output.
    pub fn kind(&self) -> &'static str {
        match self {
            Refusal::UnknownGroup { .. } => "unknown-group",
            Refusal::NewAlreadyUsed { .. } => "new-already-used",
            Refusal::InvalidName { .. } => "invalid-name",
            Refusal::NothingToChange { .. } => "nothing-to-change",
            Refusal::NoGroupList => "no-group-list",
            Refusal::NotRewritable { .. } => "not-rewritable",
            Refusal::Unsafe { .. } => "unsafe-file",
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::UnknownGroup { old, suggestions } => {
                write!(f, "'{old}' is not a product group in {PRODUCT_GROUPS_PATH}")?;
                if !suggestions.is_empty() {
                    let names: Vec<String> = suggestions.iter().map(|s| format!("'{s}'")).collect();
                    write!(f, "; did you mean {}?", names.join(", "))?;
                }
                Ok(())
            }
            Refusal::NewAlreadyUsed { new, places } => write!(
                f,
                "'{new}' is already used ({}); rename-group does not merge groups, move the definitions by hand",
                places.join(", ")
            ),
            Refusal::InvalidName { new, reason } => write!(f, "'{new}' is not a valid product group name: {reason}"),
            Refusal::NothingToChange { old } => write!(f, "nothing to change: the old and new names are both '{old}'"),
            Refusal::NoGroupList => {
                write!(f, "{PRODUCT_GROUPS_PATH} not found; rename-group renames a group of the repository's own list")
            }
            Refusal::NotRewritable { places } => write!(
                f,
                "these definitions name the group in a form no line rewrite reaches (change them by hand first): {}",
                places.join(", ")
            ),
            Refusal::Unsafe { path, reason } => write!(f, "{path}: {reason}"),
        }
    }
}

/// Why `name` cannot be a product group, or `None` when it can. GitLab's groups are lower-case
/// words joined by `_` (and `-` in a few old ones: `5-min-app`, `anti-abuse`); the renamed lines
/// are written unquoted, as the script writes them, so the name must also read back as a string.
pub fn invalid_group_name(name: &str) -> Option<String> {
    let words_ok = !name.is_empty()
        && name
            .split(['_', '-'])
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    if !words_ok {
        return Some("use lower-case letters and digits in words joined by `_` or `-` (like `code_review`)".into());
    }
    if name.len() > 100 {
        return Some("longer than 100 characters".into());
    }
    if crate::yaml::scalar::plain_is_not_string(name) {
        return Some("written unquoted in YAML it would not read as a string".into());
    }
    None
}

/// Work out every change, reading but not writing. `Ok(Err(_))` is a refusal.
pub fn plan(root: &Path, old: &str, new: &str) -> Result<std::result::Result<RenamePlan, Refusal>> {
    if old == new {
        return Ok(Err(Refusal::NothingToChange { old: old.to_owned() }));
    }
    if let Some(reason) = invalid_group_name(new) {
        return Ok(Err(Refusal::InvalidName { new: new.to_owned(), reason }));
    }
    let list_path = root.join(PRODUCT_GROUPS_PATH);
    if !list_path.is_file() {
        return Ok(Err(Refusal::NoGroupList));
    }
    let list_text = std::fs::read_to_string(&list_path).map_err(|e| Error::io(&list_path, e))?;
    let renamed_list = match json::rename_in_enum(&list_text, old, new, Path::new(PRODUCT_GROUPS_PATH))? {
        json::EnumRename::Renamed(text) => text,
        json::EnumRename::UnknownOld(groups) => {
            let suggestions = crate::suggest::close_matches(old, groups.iter().map(String::as_str))
                .into_iter()
                .map(str::to_owned)
                .collect();
            return Ok(Err(Refusal::UnknownGroup { old: old.to_owned(), suggestions }));
        }
        json::EnumRename::NewListed => {
            return Ok(Err(Refusal::NewAlreadyUsed {
                new: new.to_owned(),
                places: vec![PRODUCT_GROUPS_PATH.to_owned()],
            }));
        }
    };

    let mut files = Vec::new();
    if renamed_list != list_text {
        files.push(ChangedFile { path: PRODUCT_GROUPS_PATH.to_owned(), content: renamed_list, lines: Vec::new() });
    }
    let mut new_used = Vec::new();
    let mut not_rewritable = Vec::new();
    let rewriter = LineRewriter::new(old, new);
    for path in lines::definition_paths(root)? {
        let abs = root.join(&path);
        let bytes = std::fs::read(&abs).map_err(|e| Error::io(&abs, e))?;
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            // GitLab's script stops with an encoding error on such a file; a file that does not
            // mention OLD needs no change anyway.
            Err(e) if String::from_utf8_lossy(e.as_bytes()).contains(old) => {
                return Ok(Err(Refusal::Unsafe {
                    path,
                    reason: "not valid UTF-8, so it cannot be rewritten safely".into(),
                }));
            }
            Err(_) => continue,
        };
        if let Some(line) = lines::names_group(&text, new) {
            new_used.push(format!("{path}:{line}"));
        }
        let rewrite = rewriter.rewrite(&text);
        if let Some(line) = lines::names_group(&rewrite.text, old) {
            not_rewritable.push(format!("{path}:{line}"));
        }
        if rewrite.lines.is_empty() {
            continue;
        }
        if std::fs::symlink_metadata(&abs).is_ok_and(|m| m.file_type().is_symlink()) {
            return Ok(Err(Refusal::Unsafe {
                path,
                reason: "a symbolic link; rename the group in the file it points to by hand".into(),
            }));
        }
        files.push(ChangedFile { path, content: rewrite.text, lines: rewrite.lines });
    }
    let stages_path = root.join(STAGES_PATH);
    if stages_path.is_file() {
        let text = std::fs::read_to_string(&stages_path).map_err(|e| Error::io(&stages_path, e))?;
        let stages = lines::rename_stage_group(&text, old, new, &stages_path)?;
        if let Some(line) = stages.new_line {
            new_used.push(format!("{STAGES_PATH}:{line}"));
        }
        if !stages.lines.is_empty() {
            files.push(ChangedFile { path: STAGES_PATH.to_owned(), content: stages.text, lines: stages.lines });
        }
    }
    if !new_used.is_empty() {
        return Ok(Err(Refusal::NewAlreadyUsed { new: new.to_owned(), places: new_used }));
    }
    if !not_rewritable.is_empty() {
        return Ok(Err(Refusal::NotRewritable { places: not_rewritable }));
    }
    Ok(Ok(RenamePlan { old: old.to_owned(), new: new.to_owned(), files }))
}

/// Write every file of the plan, all or none.
pub fn apply(root: &Path, plan: &RenamePlan) -> Result<()> {
    let files: Vec<FileToWrite> =
        plan.files.iter().map(|f| FileToWrite { path: f.path.clone(), content: f.content.clone() }).collect();
    atomic_write::write_all(root, &files, true).map(|_| ())
}
