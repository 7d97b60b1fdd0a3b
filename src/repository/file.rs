//! One definition file, in the two forms loading gives it: a [`SourceFile`] (its text and YAML
//! tree, alive while the file's own checks run) and the [`DefinitionFile`] the repository keeps
//! (path, problems, findings and the few positions other files' findings point at). Keeping only
//! the second is what lets a 100,000-file repository fit in a few hundred bytes per file; the
//! text is read again, from disk or from memory, in the rare case a finding needs it.

use std::sync::Arc;

use super::read::{is_utf16, not_utf8, too_large};
use super::{FileKind, LoadLimits};
use crate::diagnostics::{Diagnostic, RelatedLocation};
use crate::yaml::{self, Node, Parsed, Position};

/// Why a file has no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadProblem {
    pub message: String,
    /// Where in the file, when the problem has a place (an invalid UTF-8 byte); else 1:1.
    pub pos: Position,
}

/// A definition file's content from somewhere other than the working tree: git at the base
/// revision, a plan about to be written, a fuzzer.
#[derive(Debug, Clone)]
pub struct FileContent {
    /// Relative to the root, forward slashes.
    pub path: String,
    pub kind: FileKind,
    /// The bytes, or why there are none (a message naming the problem).
    pub bytes: Result<Vec<u8>, String>,
}

impl FileContent {
    pub fn text(path: impl Into<String>, kind: FileKind, text: impl Into<String>) -> FileContent {
        FileContent { path: path.into(), kind, bytes: Ok(text.into().into_bytes()) }
    }
}

/// A definition file read and parsed: its text and YAML tree, as the file's own checks see it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the root, forward slashes.
    pub path: String,
    pub kind: FileKind,
    /// The text; empty when the file could not be read, lossily decoded when it is not UTF-8.
    pub text: String,
    pub read_problem: Option<ReadProblem>,
    pub parsed: Parsed,
}

impl SourceFile {
    /// Parse already-read text.
    pub fn from_text(path: String, kind: FileKind, text: String, limits: &LoadLimits) -> Self {
        let parsed = yaml::parse_with_limits(&text, limits.parse);
        SourceFile { path, kind, text, read_problem: None, parsed }
    }

    /// Check raw bytes (from disk, from git, from a fuzzer) against the limits, then parse.
    pub fn from_bytes(path: String, kind: FileKind, bytes: Vec<u8>, limits: &LoadLimits) -> Self {
        match decode(bytes, limits) {
            Ok(text) => SourceFile::from_text(path, kind, text, limits),
            Err((problem, text)) => {
                SourceFile { path, kind, text, read_problem: Some(problem), parsed: Parsed::default() }
            }
        }
    }

    pub fn from_content(content: FileContent, limits: &LoadLimits) -> Self {
        match content.bytes {
            Ok(bytes) => SourceFile::from_bytes(content.path, content.kind, bytes, limits),
            Err(message) => SourceFile::unreadable(content.path, content.kind, message),
        }
    }

    pub fn unreadable(path: String, kind: FileKind, message: String) -> Self {
        SourceFile::unreadable_at(path, kind, message, Position::START)
    }

    pub fn unreadable_at(path: String, kind: FileKind, message: String, pos: Position) -> Self {
        SourceFile {
            path,
            kind,
            text: String::new(),
            read_problem: Some(ReadProblem { message, pos }),
            parsed: Parsed::default(),
        }
    }

    pub fn root(&self) -> Option<&Node> {
        self.parsed.root.as_ref()
    }

    pub fn in_removed_folder(&self) -> bool {
        in_removed_folder(&self.path)
    }

    pub fn in_ee(&self) -> bool {
        in_ee(&self.path)
    }

    pub fn stem(&self) -> &str {
        stem(&self.path)
    }

    /// The node at `path`, or the deepest existing ancestor (the mapping that lacks a key).
    pub fn node_at<S: AsRef<str>>(&self, path: &[S]) -> Option<&Node> {
        self.root().map(|root| root.locate(path))
    }

    /// Where a finding about `path` points: the value, or the mapping that lacks it.
    pub fn pos_at<S: AsRef<str>>(&self, path: &[S]) -> Position {
        self.node_at(path).map(|n| n.pos).unwrap_or(Position::START)
    }
}

/// The text of `bytes` within the limits, or the problem and whatever text can be shown around
/// it (the lossily decoded text around an invalid UTF-8 byte; nothing for UTF-16 or a file too
/// large to read).
pub(super) fn decode(bytes: Vec<u8>, limits: &LoadLimits) -> Result<String, (ReadProblem, String)> {
    if bytes.len() as u64 > limits.max_file_bytes {
        let message = too_large(bytes.len() as u64, limits);
        return Err((ReadProblem { message, pos: Position::START }, String::new()));
    }
    String::from_utf8(bytes).map_err(|e| {
        let (message, pos) = not_utf8(e.as_bytes(), e.utf8_error());
        // Kept for showing the line around the bad byte, never parsed.
        let text =
            if is_utf16(e.as_bytes()) { String::new() } else { String::from_utf8_lossy(e.as_bytes()).into_owned() };
        (ReadProblem { message, pos }, text)
    })
}

/// Where a definition's text can be had again after loading.
#[derive(Debug, Clone)]
pub(super) enum Source {
    /// The file under the repository root: read again from disk.
    Disk,
    /// Text that is not on disk (git, a plan), kept as it was given.
    Text(Arc<str>),
}

/// Where the fields that other files' findings name are, kept when the tree is dropped: a
/// duplicate points at the first definition's `key_path` or `action`, an undeclared property at
/// the event's `additional_properties`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Anchors {
    /// The value of the field that names the definition (`action` of an event, `key_path` of a
    /// metric), or the mapping that lacks it.
    pub name: Position,
    pub additional_properties: Position,
    pub identifiers: Position,
}

impl Anchors {
    pub fn of(file: &SourceFile) -> Anchors {
        let name = match file.kind {
            FileKind::Event => "action",
            FileKind::Metric => "key_path",
        };
        Anchors {
            name: file.pos_at(&[name]),
            additional_properties: file.pos_at(&["additional_properties"]),
            identifiers: file.pos_at(&["identifiers"]),
        }
    }
}

/// A definition file as the repository keeps it once loaded.
#[derive(Debug, Clone)]
pub struct DefinitionFile {
    /// Relative to the root, forward slashes.
    pub path: String,
    pub kind: FileKind,
    pub read_problem: Option<ReadProblem>,
    pub anchors: Anchors,
    pub(super) source: Source,
    /// The findings of the file's own checks, when it was loaded with them.
    pub(super) findings: Option<Vec<Diagnostic>>,
}

impl DefinitionFile {
    /// True for files under a `removed/` folder.
    pub fn in_removed_folder(&self) -> bool {
        in_removed_folder(&self.path)
    }

    pub fn in_ee(&self) -> bool {
        in_ee(&self.path)
    }

    /// File name without folder and extension.
    pub fn stem(&self) -> &str {
        stem(&self.path)
    }

    /// The findings of the file's own checks, if it was loaded with them.
    pub fn findings(&self) -> Option<&[Diagnostic]> {
        self.findings.as_deref()
    }

    /// A place in this file (one of its [`Anchors`]) as a finding about another file names it.
    pub fn related(&self, pos: Position, message: impl Into<String>) -> RelatedLocation {
        RelatedLocation::new(&self.path, pos, message)
    }
}

fn in_removed_folder(path: &str) -> bool {
    path.split('/').rev().nth(1) == Some("removed")
}

fn in_ee(path: &str) -> bool {
    path.starts_with("ee/")
}

fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".yml").or_else(|| name.strip_suffix(".yaml")).unwrap_or(name)
}
