//! Reads YAML text into [`Node`]s with positions, straight from saphyr-parser's events, so we
//! control what GitLab's loader would do (YAML 1.1 typing, last duplicate key wins) and what
//! hostile input may cost (depth, alias expansion).

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use super::node::{Mapping, Node, Position, Value};
use super::scalar::{Plain, resolve_plain, tokenize};
use super::source;

/// Bounds on what one file may cost to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseLimits {
    /// Deepest nesting of lists and mappings.
    pub max_depth: usize,
    /// Most nodes that anchors and aliases may copy in one file ("billion laughs" guard). Each
    /// alias is a copy of its anchor's tree, and so is the kept anchor itself.
    pub max_alias_nodes: usize,
    /// Most bytes of scalar text that anchors and aliases may copy in one file (the same guard
    /// for a few aliases of one huge string).
    pub max_alias_bytes: usize,
}

impl ParseLimits {
    /// The deepest nesting any caller may allow: deeper trees could overflow the 2 MiB stacks of
    /// the loader's threads when dropped or converted (every walk of a tree is recursive).
    pub const MAX_DEPTH: usize = 1000;
    /// The most alias nodes any caller may allow (about 100 MB of copies).
    pub const MAX_ALIAS_NODES: usize = 1_000_000;
    /// saphyr-parser refuses flow collections (`[`, `{`) nested deeper than this, whatever
    /// `max_depth` says.
    pub const PARSER_FLOW_DEPTH: usize = 255;
}

impl Default for ParseLimits {
    fn default() -> Self {
        // A GitLab definition nests at most 5 levels (metric `events[].filter.<key>`); 64 leaves
        // room for anything sensible and keeps every recursive walk of the tree shallow.
        ParseLimits { max_depth: 64, max_alias_nodes: 10_000, max_alias_bytes: 1024 * 1024 }
    }
}

/// Problems of one kind reported per file before the rest are only counted (a file of 100,000
/// duplicate keys must not make 100,000 findings).
pub const MAX_PROBLEMS_PER_KIND: usize = 100;

/// Something wrong with the YAML itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlProblem {
    pub kind: YamlProblemKind,
    pub message: String,
    pub pos: Position,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlProblemKind {
    /// Not YAML at all; there is no tree.
    Syntax,
    /// A key appears twice in one mapping (GitLab keeps the last value).
    DuplicateKey,
    /// More than one document; GitLab reads only the first.
    ExtraDocument,
    /// A limit of [`ParseLimits`] was hit; there is no tree.
    Limit,
    /// A tag that GitLab's safe loader refuses (`!ruby/object`, ...).
    Tag,
    /// A plain date or time, which Psych turns into an object GitLab's safe loader refuses.
    DateTime,
}

/// The first document's tree (None when the file is empty or unreadable) and every problem.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub root: Option<Node>,
    pub problems: Vec<YamlProblem>,
}

impl Parsed {
    /// True when a problem left no usable tree.
    pub fn is_fatal(&self) -> bool {
        self.problems.iter().any(|p| matches!(p.kind, YamlProblemKind::Syntax | YamlProblemKind::Limit))
    }
}

pub fn parse(text: &str) -> Parsed {
    parse_with_limits(text, ParseLimits::default())
}

pub fn parse_with_limits(text: &str, limits: ParseLimits) -> Parsed {
    let limits = ParseLimits {
        max_depth: limits.max_depth.min(ParseLimits::MAX_DEPTH),
        max_alias_nodes: limits.max_alias_nodes.min(ParseLimits::MAX_ALIAS_NODES),
        ..limits
    };
    // A byte-order mark is legal at the start of a YAML stream.
    let text = source::strip_bom(text);
    let mut patched: Option<String> = None;
    for _ in 0..MAX_TAB_SEPARATORS {
        let current = patched.as_deref().unwrap_or(text);
        let parsed = parse_text(current, limits);
        match tab_separator_fixed(current, &parsed) {
            Some(fixed) => patched = Some(fixed),
            None => return parsed,
        }
    }
    parse_text(patched.as_deref().unwrap_or(text), limits)
}

/// Most `key:<TAB>value` separators read per file, each costing one more parse.
const MAX_TAB_SEPARATORS: usize = 16;

/// saphyr-parser refuses a tab between `key:` and a value that starts with a letter
/// (`action:\tx`), which GitLab's loader (libyaml) reads as `action: x`. When that is the
/// parser's error, the text with those tabs turned into spaces — same length, so every
/// position stays — is parsed instead.
fn tab_separator_fixed(text: &str, parsed: &Parsed) -> Option<String> {
    let problem = parsed.problems.last().filter(|p| p.kind == YamlProblemKind::Syntax)?;
    if problem.message != "':' must be followed by a valid YAML whitespace" {
        return None;
    }
    // `SourceLines` skips a byte-order mark, which the caller already took off: a second one
    // would shift its offsets against `text`.
    if text.starts_with('\u{feff}') {
        return None;
    }
    let value = source::SourceLines::new(text).offset(problem.pos)?;
    let blanks = text.get(..value)?.trim_end_matches([' ', '\t']);
    if !blanks.ends_with(':') || !text.get(blanks.len()..value)?.contains('\t') {
        return None;
    }
    let mut fixed = String::with_capacity(text.len());
    fixed.push_str(blanks);
    fixed.extend(std::iter::repeat_n(' ', value - blanks.len()));
    fixed.push_str(text.get(value..)?);
    Some(fixed)
}

fn parse_text(text: &str, limits: ParseLimits) -> Parsed {
    let mut builder = Builder { limits, ..Builder::default() };
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0usize;
    loop {
        let next = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(err)) => {
                builder.problems.push(scan_problem(text, &err, &limits));
                return builder.finish_without_tree();
            }
        };
        let (event, span) = next;
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents == 2 {
                    builder.problems.push(YamlProblem {
                        kind: YamlProblemKind::ExtraDocument,
                        message: "the file holds more than one YAML document; GitLab reads only the first".into(),
                        pos: pos_of(&span),
                    });
                }
                builder.skipping = documents > 1;
            }
            other => {
                if let Err(problem) = builder.on_event(other, span) {
                    builder.problems.push(problem);
                    return builder.finish_without_tree();
                }
            }
        }
    }
    builder.finish()
}

/// The parser's error as a problem: its own limit on flow nesting is a limit, not a syntax
/// error, and an unprintable character is named (a NUL byte is invisible in most editors).
fn scan_problem(text: &str, err: &saphyr_parser::ScanError, limits: &ParseLimits) -> YamlProblem {
    let mark = err.marker();
    let pos = Position { line: clamp(mark.line().max(1)), column: clamp(mark.col().saturating_add(1)) };
    let info = err.info();
    if info == "recursion limit exceeded" {
        let depth = limits.max_depth.min(ParseLimits::PARSER_FLOW_DEPTH);
        return YamlProblem {
            kind: YamlProblemKind::Limit,
            message: format!("nesting deeper than {depth} levels"),
            pos,
        };
    }
    let mut message = info.to_owned();
    if info.contains("unprintable")
        && let Some(c) = source::SourceLines::new(text).char_at(pos)
    {
        message = format!("{info} U+{:04X}{}", u32::from(c), if c == '\0' { " (a NUL byte)" } else { "" });
    }
    YamlProblem { kind: YamlProblemKind::Syntax, message, pos }
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn pos_of(span: &Span) -> Position {
    Position { line: clamp(span.start.line().max(1)), column: clamp(span.start.col().saturating_add(1)) }
}

enum Frame {
    Seq {
        items: Vec<Node>,
        pos: Position,
        anchor: usize,
    },
    Map {
        map: Mapping,
        /// Where each key already in `map` is, so a duplicate is found without comparing every
        /// pair of keys (a mapping may have 100,000 of them). Built only once the mapping
        /// outgrows [`SMALL_MAPPING`]: a definition's mappings are small, and scanning a few keys
        /// without building their text costs far less than hashing a new `String` per key.
        index: Option<HashMap<KeyId, usize>>,
        pending_key: Option<Node>,
        pos: Position,
        anchor: usize,
    },
}

/// What makes two mapping keys the same key for GitLab: scalars by their text once
/// symbolized (`1` and `"1"` are one key), collections by their structure.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeyId {
    Text(String),
    Collection(String),
}

/// Mappings up to this many entries find duplicate keys by scanning (see `Frame::Map::index`).
const SMALL_MAPPING: usize = 16;

/// True when `a` and `b` are one key for GitLab ([`KeyId`] equality), without allocating for
/// the common case of two string keys.
fn same_key(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Seq(_) | Value::Map(_), _) | (_, Value::Seq(_) | Value::Map(_)) => KeyId::of(a) == KeyId::of(b),
        _ => a.key_text() == b.key_text(),
    }
}

impl KeyId {
    fn of(key: &Node) -> KeyId {
        match key.key_text() {
            Some(text) => KeyId::Text(text),
            None => {
                // An unambiguous encoding, linear in the size of the key (scalars are length
                // prefixed, so no text needs escaping).
                let mut id = String::new();
                let mut todo = vec![Some(key)];
                while let Some(next) = todo.pop() {
                    let Some(node) = next else {
                        id.push(')');
                        continue;
                    };
                    match &node.value {
                        Value::Seq(items) => {
                            id.push_str("S(");
                            todo.push(None);
                            todo.extend(items.iter().rev().map(Some));
                        }
                        Value::Map(m) => {
                            id.push_str("M(");
                            todo.push(None);
                            for (k, v) in m.entries.iter().rev() {
                                todo.push(Some(v));
                                todo.push(Some(k));
                            }
                        }
                        _ => {
                            let text = node.key_text().unwrap_or_default();
                            id.push_str(&format!("{}:{text}", text.len()));
                        }
                    }
                }
                KeyId::Collection(id)
            }
        }
    }
}

/// An anchored node and what copying it costs.
struct Anchored {
    node: Node,
    size: TreeSize,
}

#[derive(Default)]
struct Builder {
    limits: ParseLimits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    /// Nodes and scalar bytes copied for anchors and aliases so far.
    copied_nodes: usize,
    copied_bytes: usize,
    root: Option<Node>,
    problems: Vec<YamlProblem>,
    /// Problems of a repeatable kind left out after [`MAX_PROBLEMS_PER_KIND`]: how many, and
    /// where the first was.
    left_out: Vec<(YamlProblemKind, usize, Position)>,
    /// Events of documents after the first are only counted, not built.
    skipping: bool,
    skip_depth: usize,
}

impl Builder {
    fn finish(mut self) -> Parsed {
        let root = self.root.take();
        let mut parsed = self.finish_without_tree();
        parsed.root = root;
        parsed
    }

    /// The problems, with one closing problem per kind that was cut short.
    fn finish_without_tree(self) -> Parsed {
        let mut problems = self.problems;
        for (kind, count, pos) in self.left_out {
            let what = match kind {
                YamlProblemKind::DuplicateKey => "duplicate keys",
                YamlProblemKind::Tag => "disallowed tags",
                _ => "problems of this kind",
            };
            problems.push(YamlProblem {
                kind,
                message: format!("{count} more {what} from here on are not listed one by one"),
                pos,
            });
        }
        Parsed { root: None, problems }
    }

    /// Record a problem of a kind that can repeat, up to [`MAX_PROBLEMS_PER_KIND`] per kind.
    fn report(&mut self, problem: YamlProblem) {
        let shown = self.problems.iter().filter(|p| p.kind == problem.kind).count();
        if shown < MAX_PROBLEMS_PER_KIND {
            self.problems.push(problem);
        } else if let Some(entry) = self.left_out.iter_mut().find(|(kind, ..)| *kind == problem.kind) {
            entry.1 += 1;
        } else {
            self.left_out.push((problem.kind, 1, problem.pos));
        }
    }

    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlProblem> {
        if self.skipping {
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => self.skip_depth += 1,
                Event::SequenceEnd | Event::MappingEnd => self.skip_depth = self.skip_depth.saturating_sub(1),
                _ => {}
            }
            return Ok(());
        }
        let pos = pos_of(&span);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = self.scalar_value(text, style, tag.as_ref(), pos);
                self.push(Node::new(value, pos), anchor)?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.check_collection_tag(tag.as_ref(), "seq", pos);
                self.open(Frame::Seq { items: Vec::new(), pos, anchor }, pos)?;
            }
            Event::MappingStart(anchor, tag) => {
                self.check_collection_tag(tag.as_ref(), "map", pos);
                let frame = Frame::Map { map: Mapping::default(), index: None, pending_key: None, pos, anchor };
                self.open(frame, pos)?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    // Spare capacity is left as is: a tree lives only while its file is checked.
                    Some(Frame::Seq { items, pos, anchor }) => (Node::new(Value::Seq(items), pos), anchor),
                    Some(Frame::Map { map, pos, anchor, .. }) => (Node::new(Value::Map(map), pos), anchor),
                    None => return Ok(()),
                };
                self.push(node, anchor)?;
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(YamlProblem {
                        kind: YamlProblemKind::Syntax,
                        message: "alias to an unknown anchor".into(),
                        pos,
                    });
                };
                // Every alias is a full copy in the tree, so its cost is checked before copying:
                // the nodes and text it adds ("billion laughs"), and how deep it nests the tree
                // (the depth limit keeps every recursive walk, and dropping the tree, shallow).
                let size = target.size;
                self.charge_copy(size, pos, "aliases expand to")?;
                if self.stack.len() + size.depth > self.limits.max_depth {
                    return Err(YamlProblem {
                        kind: YamlProblemKind::Limit,
                        message: format!("nesting deeper than {} levels (through an alias)", self.limits.max_depth),
                        pos,
                    });
                }
                let Some(target) = self.anchors.get(&id) else { return Ok(()) };
                let mut copy = target.node.clone();
                copy.pos = pos;
                self.push(copy, 0)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame, pos: Position) -> Result<(), YamlProblem> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(YamlProblem {
                kind: YamlProblemKind::Limit,
                message: format!("nesting deeper than {} levels", self.limits.max_depth),
                pos,
            });
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Count a copy of a tree against the limits on copies.
    fn charge_copy(&mut self, size: TreeSize, pos: Position, what: &str) -> Result<(), YamlProblem> {
        self.copied_nodes = self.copied_nodes.saturating_add(size.nodes);
        self.copied_bytes = self.copied_bytes.saturating_add(size.bytes);
        let message = if self.copied_nodes > self.limits.max_alias_nodes {
            format!("{what} more than {} nodes (a \"billion laughs\" document?)", self.limits.max_alias_nodes)
        } else if self.copied_bytes > self.limits.max_alias_bytes {
            format!("{what} more than {} bytes of text (a \"billion laughs\" document?)", self.limits.max_alias_bytes)
        } else {
            return Ok(());
        };
        Err(YamlProblem { kind: YamlProblemKind::Limit, message, pos })
    }

    fn push(&mut self, node: Node, anchor: usize) -> Result<(), YamlProblem> {
        if anchor != 0 {
            // The anchored tree is kept as a copy for later aliases; nested anchors around a
            // large tree would copy it once per level, so these copies count too.
            let size = TreeSize::of(&node);
            self.charge_copy(size, node.pos, "anchors copy")?;
            self.anchors.insert(anchor, Anchored { node: node.clone(), size });
        }
        let duplicate = match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
                None
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                None
            }
            Some(Frame::Map { map, index, pending_key, .. }) => match pending_key.take() {
                None => {
                    *pending_key = Some(node);
                    None
                }
                Some(key) => {
                    let existing = match index {
                        Some(index) => match index.entry(KeyId::of(&key)) {
                            Entry::Occupied(slot) => Some(*slot.get()),
                            Entry::Vacant(slot) => {
                                slot.insert(map.entries.len());
                                None
                            }
                        },
                        None => map.entries.iter().position(|(k, _)| same_key(k, &key)),
                    };
                    match existing {
                        Some(i) => {
                            let first = map.entries[i].0.pos;
                            let problem = YamlProblem {
                                kind: YamlProblemKind::DuplicateKey,
                                message: format!(
                                    "duplicate key `{}` (first defined on line {}); GitLab keeps only the last value",
                                    shorten(&key.key_text().unwrap_or_default(), 80),
                                    first.line
                                ),
                                pos: key.pos,
                            };
                            map.entries[i] = (key, node);
                            Some(problem)
                        }
                        None => {
                            map.entries.push((key, node));
                            if index.is_none() && map.entries.len() > SMALL_MAPPING {
                                let keys = map.entries.iter().enumerate().map(|(i, (k, _))| (KeyId::of(k), i));
                                *index = Some(keys.collect());
                            }
                            None
                        }
                    }
                }
            },
        };
        if let Some(problem) = duplicate {
            self.report(problem);
        }
        Ok(())
    }

    fn scalar_value(
        &mut self,
        text: Cow<'_, str>,
        style: ScalarStyle,
        tag: Option<&Cow<'_, Tag>>,
        pos: Position,
    ) -> Value {
        if let Some(tag) = tag {
            if tag.handle == "tag:yaml.org,2002:" || tag.handle == "!!" {
                let typed = match tag.suffix.as_str() {
                    "str" => Some(Value::String(text.to_string())),
                    "int" | "float" | "bool" | "null" => {
                        let v = resolve_plain(&text);
                        let ok = matches!(
                            (tag.suffix.as_str(), &v),
                            ("int", Value::Int(_))
                                | ("float", Value::Float(_))
                                | ("bool", Value::Bool(_))
                                | ("null", Value::Null)
                        );
                        match (ok, tag.suffix.as_str(), &v) {
                            (true, ..) => Some(v),
                            (false, "float", Value::Int(i)) => Some(Value::Float(*i as f64)),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                if let Some(v) = typed {
                    return v;
                }
            }
            if tag.handle != "!" || !tag.suffix.is_empty() {
                self.report(YamlProblem {
                    kind: YamlProblemKind::Tag,
                    message: format!(
                        "tag `{}` is not allowed: GitLab's safe loader refuses it",
                        shorten(&format!("{}{}", tag.handle, tag.suffix), 80)
                    ),
                    pos,
                });
            }
            return Value::String(text.to_string());
        }
        match style {
            ScalarStyle::Plain => match tokenize(&text) {
                Plain::Value(v) => v,
                Plain::DateTime => {
                    self.problems.push(YamlProblem {
                        kind: YamlProblemKind::DateTime,
                        message: format!(
                            "`{text}` reads as a date or time, which GitLab's safe YAML loader refuses; quote it: '{text}'"
                        ),
                        pos,
                    });
                    Value::String(text.into_owned())
                }
            },
            _ => Value::String(text.into_owned()),
        }
    }

    fn check_collection_tag(&mut self, tag: Option<&Cow<'_, Tag>>, expected: &str, pos: Position) {
        if let Some(tag) = tag {
            let core = (tag.handle == "tag:yaml.org,2002:" || tag.handle == "!!") && tag.suffix == expected;
            if !core {
                self.report(YamlProblem {
                    kind: YamlProblemKind::Tag,
                    message: format!(
                        "tag `{}` is not allowed: GitLab's safe loader refuses it",
                        shorten(&format!("{}{}", tag.handle, tag.suffix), 80)
                    ),
                    pos,
                });
            }
        }
    }
}

/// `text` cut to `max` characters with an ellipsis, for messages that quote the document.
fn shorten(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
    }
}

/// What a copy of a tree costs: its nodes, its depth in collections, its scalar bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct TreeSize {
    nodes: usize,
    depth: usize,
    bytes: usize,
}

impl TreeSize {
    fn of(node: &Node) -> TreeSize {
        // Iterative, so a deep tree cannot overflow the stack.
        let mut size = TreeSize::default();
        let mut todo = vec![(node, 0usize)];
        while let Some((n, level)) = todo.pop() {
            size.nodes += 1;
            match &n.value {
                Value::Seq(items) => {
                    size.depth = size.depth.max(level + 1);
                    todo.extend(items.iter().map(|item| (item, level + 1)));
                }
                Value::Map(m) => {
                    size.depth = size.depth.max(level + 1);
                    for (k, v) in &m.entries {
                        todo.push((k, level + 1));
                        todo.push((v, level + 1));
                    }
                }
                Value::String(s) => size.bytes += s.len(),
                _ => {}
            }
        }
        size
    }
}

#[cfg(test)]
mod tests;
