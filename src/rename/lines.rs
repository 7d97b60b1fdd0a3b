//! Line rewrites: the definitions' `product_group: OLD` lines and the group keys of
//! `.eventdef/stages.yml`. Only the renamed text changes; every other byte stays as it was.

use std::fs;
use std::path::Path;

use regex::Regex;

use crate::error::{Error, Result};
use crate::yaml::{self, Node, source::SourceLines};

/// A definition's text after the rewrite, and the lines that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    pub text: String,
    pub lines: Vec<u32>,
}

/// Rewrite every `product_group: OLD` line (the value plain, `'OLD'` or `"OLD"`) to
/// `product_group: NEW`, as GitLab's script does: the value unquoted, one space after the colon,
/// the line's indentation kept. Two differences from the script's pattern, both in files it would
/// get wrong: the key must start its line (the script also rewrites the words
/// `product_group: OLD` at the end of a description line), and a `\r\n` line end is kept (the
/// script misses such lines, leaving the old group behind).
pub fn rewrite_definition(text: &str, old: &str, new: &str) -> Rewrite {
    LineRewriter::new(old, new).rewrite(text)
}

/// [`rewrite_definition`] with its pattern compiled once, for many files.
pub struct LineRewriter {
    old: String,
    new: String,
    line: Regex,
}

impl LineRewriter {
    pub fn new(old: &str, new: &str) -> Self {
        let escaped = regex::escape(old);
        let pattern =
            format!(r#"(?m)^(\x{{FEFF}}?[ \t]*)product_group:[ \t]*(?:{escaped}|'{escaped}'|"{escaped}")(\r?)$"#);
        let line = Regex::new(&pattern).expect("escaped group name makes a valid pattern");
        LineRewriter { old: old.to_owned(), new: new.to_owned(), line }
    }

    pub fn rewrite(&self, text: &str) -> Rewrite {
        if !text.contains(&self.old) {
            return Rewrite { text: text.to_owned(), lines: Vec::new() };
        }
        let mut out = String::with_capacity(text.len());
        let mut lines = Vec::new();
        let mut last = 0;
        let mut line = 1u32;
        for caps in self.line.captures_iter(text) {
            let (Some(all), Some(indent), Some(cr)) = (caps.get(0), caps.get(1), caps.get(2)) else { continue };
            line += text[last..all.start()].bytes().filter(|b| *b == b'\n').count() as u32;
            lines.push(line);
            out.push_str(&text[last..all.start()]);
            out.push_str(indent.as_str());
            out.push_str("product_group: ");
            out.push_str(&self.new);
            out.push_str(cr.as_str());
            last = all.end();
        }
        out.push_str(&text[last..]);
        Rewrite { text: out, lines }
    }
}

/// The line of the top-level `product_group` of a definition when it is `group`.
pub fn names_group(text: &str, group: &str) -> Option<u32> {
    if !text.contains(group) {
        return None;
    }
    let parsed = yaml::parse(text);
    let value = parsed.root.as_ref()?.get("product_group")?;
    (value.as_str() == Some(group)).then_some(value.pos.line)
}

/// The files GitLab's script globs, `{ee/,}config/{metrics/*,events}/*.yml`, in the order Ruby's
/// `Dir.glob` returns them (each brace alternative in turn, names sorted by bytes, no names
/// starting with a dot), with each events folder's `removed/` files after its own. Listed by
/// hand: the glob crates do not promise Ruby's order across brace alternatives.
pub fn definition_paths(root: &Path) -> Result<Vec<String>> {
    let mut paths = Vec::new();
    for base in ["ee/config", "config"] {
        let metrics = format!("{base}/metrics");
        for folder in sorted_names(root, &metrics, EntryKind::Folder)? {
            let dir = format!("{metrics}/{folder}");
            paths.extend(sorted_names(root, &dir, EntryKind::YmlFile)?.into_iter().map(|n| format!("{dir}/{n}")));
        }
        for dir in [format!("{base}/events"), format!("{base}/events/removed")] {
            paths.extend(sorted_names(root, &dir, EntryKind::YmlFile)?.into_iter().map(|n| format!("{dir}/{n}")));
        }
    }
    Ok(paths)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    Folder,
    YmlFile,
}

/// Names in `root/rel` of the given kind (symbolic links followed), sorted; none when the folder
/// does not exist.
fn sorted_names(root: &Path, rel: &str, kind: EntryKind) -> Result<Vec<String>> {
    let dir = root.join(rel);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => {
            return Ok(Vec::new());
        }
        Err(e) => return Err(Error::io(&dir, e)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let Ok(name) = entry.file_name().into_string() else { continue };
        if name.starts_with('.') {
            continue;
        }
        let Ok(meta) = fs::metadata(entry.path()) else { continue };
        let wanted = match kind {
            EntryKind::Folder => meta.is_dir(),
            EntryKind::YmlFile => meta.is_file() && name.ends_with(".yml"),
        };
        if wanted {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// `.eventdef/stages.yml` with the group key OLD renamed (quotes kept), and where NEW is a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagesRename {
    pub text: String,
    pub lines: Vec<u32>,
    pub new_line: Option<u32>,
}

/// Rename the group key OLD under every stage's `groups:` in GitLab's stages.yml format.
pub fn rename_stage_group(text: &str, old: &str, new: &str, path: &Path) -> Result<StagesRename> {
    // The same reader the wizard and `usage` use, for the same errors on a malformed file.
    crate::repository::stages::Stages::parse(text, path)?;
    let parsed = yaml::parse(text);
    let mut old_keys = Vec::new();
    let mut new_line = None;
    let stages = parsed.root.as_ref().and_then(|r| r.get("stages")).and_then(Node::as_map);
    for (_, stage) in stages.map(|s| s.entries.as_slice()).unwrap_or_default() {
        let Some(groups) = stage.get("groups").and_then(Node::as_map) else { continue };
        for (key, _) in &groups.entries {
            match key.key_text().as_deref() {
                Some(k) if k == old => old_keys.push(key.pos),
                Some(k) if k == new => new_line = new_line.or(Some(key.pos.line)),
                _ => {}
            }
        }
    }
    let source = SourceLines::new(text);
    let bom = text.len() - yaml::source::strip_bom(text).len();
    let mut edits = Vec::new();
    for pos in &old_keys {
        let at = source.offset(*pos).map(|o| o + bom);
        let start = at.and_then(|at| {
            let rest = &text[at..];
            if rest.starts_with(old) {
                Some(at)
            } else {
                let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
                rest[1..].strip_prefix(old).filter(|r| r.starts_with(quote)).map(|_| at + 1)
            }
        });
        let Some(start) = start else {
            return Err(Error::Config {
                path: path.into(),
                line: pos.line,
                message: format!(
                    "the group key `{old}` is written in a form rename-group cannot rewrite; rename it by hand"
                ),
            });
        };
        edits.push((start, pos.line));
    }
    let mut out = text.to_owned();
    for (start, _) in edits.iter().rev() {
        out.replace_range(*start..start + old.len(), new);
    }
    Ok(StagesRename { text: out, lines: edits.iter().map(|(_, line)| *line).collect(), new_line })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_plain_and_quoted_values_only() {
        let text = "a: 1\nproduct_group: old\nx:\n  product_group:   'old'\ndescription: product_group: old\nproduct_group: \"old\"\r\nproduct_group: older\nproduct_group: old # note\n";
        let r = rewrite_definition(text, "old", "new");
        assert_eq!(
            r.text,
            "a: 1\nproduct_group: new\nx:\n  product_group: new\ndescription: product_group: old\nproduct_group: new\r\nproduct_group: older\nproduct_group: old # note\n"
        );
        assert_eq!(r.lines, [2, 4, 6]);
        let unchanged = rewrite_definition("product_group: other\n", "old", "new");
        assert!(unchanged.lines.is_empty());
    }

    #[test]
    fn escapes_the_group_in_the_pattern() {
        let r = rewrite_definition("product_group: aXb\nproduct_group: a.b", "a.b", "c");
        assert_eq!(r.text, "product_group: aXb\nproduct_group: c");
    }

    #[test]
    fn finds_the_group_a_definition_names() {
        assert_eq!(names_group("a: 1\nproduct_group: 'g'\n", "g"), Some(2));
        assert_eq!(names_group("{product_group: g}", "g"), Some(1));
        assert_eq!(names_group("product_group: gg\n", "g"), None);
    }

    #[test]
    fn renames_stage_group_keys_keeping_quotes() {
        let text = "stages:\n  a:\n    section: s\n    groups:\n      old:\n        name: Old\n      other: {}\n  b:\n    groups:\n      'old': {}\n      new_taken: {}\n";
        let r = rename_stage_group(text, "old", "renamed", Path::new("stages.yml")).expect("renames");
        assert_eq!(r.text, text.replace("      old:", "      renamed:").replace("'old'", "'renamed'"));
        assert_eq!(r.lines, [5, 10]);
        assert_eq!(r.new_line, None);
        let taken = rename_stage_group(text, "old", "new_taken", Path::new("stages.yml")).expect("reads");
        assert_eq!(taken.new_line, Some(11));
    }
}
