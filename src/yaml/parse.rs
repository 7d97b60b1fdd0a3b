//! Reads YAML text into [`Node`]s with positions, straight from saphyr-parser's events, so we
//! control what GitLab's loader would do (YAML 1.1 typing, last duplicate key wins) and what
//! hostile input may cost (depth, alias expansion).

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use super::node::{Mapping, Node, Position, Value};
use super::scalar::{Plain, resolve_plain, tokenize};

/// Bounds on what one file may cost to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseLimits {
    /// Deepest nesting of lists and mappings.
    pub max_depth: usize,
    /// Most nodes that alias expansion may copy in one file ("billion laughs" guard).
    pub max_alias_nodes: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits { max_depth: 64, max_alias_nodes: 10_000 }
    }
}

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
    // A byte-order mark is legal at the start of a YAML stream.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut builder = Builder { limits, ..Builder::default() };
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0usize;
    loop {
        let next = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(err)) => {
                let mark = err.marker();
                builder.problems.push(YamlProblem {
                    kind: YamlProblemKind::Syntax,
                    message: err.info().to_owned(),
                    pos: Position { line: mark.line().max(1) as u32, column: mark.col() as u32 + 1 },
                });
                return Parsed { root: None, problems: builder.problems };
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
                    return Parsed { root: None, problems: builder.problems };
                }
            }
        }
    }
    Parsed { root: builder.root, problems: builder.problems }
}

fn pos_of(span: &Span) -> Position {
    Position { line: span.start.line().max(1) as u32, column: span.start.col() as u32 + 1 }
}

enum Frame {
    Seq { items: Vec<Node>, pos: Position, anchor: usize },
    Map { map: Mapping, pending_key: Option<Node>, pos: Position, anchor: usize },
}

#[derive(Default)]
struct Builder {
    limits: ParseLimits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    root: Option<Node>,
    problems: Vec<YamlProblem>,
    /// Events of documents after the first are only counted, not built.
    skipping: bool,
    skip_depth: usize,
}

impl Builder {
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
                self.open(Frame::Map { map: Mapping::default(), pending_key: None, pos, anchor }, pos)?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
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
                self.alias_nodes += count_nodes(target);
                if self.alias_nodes > self.limits.max_alias_nodes {
                    return Err(YamlProblem {
                        kind: YamlProblemKind::Limit,
                        message: format!(
                            "aliases expand to more than {} nodes (a \"billion laughs\" document?)",
                            self.limits.max_alias_nodes
                        ),
                        pos,
                    });
                }
                let mut copy = target.clone();
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

    fn push(&mut self, node: Node, anchor: usize) -> Result<(), YamlProblem> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { map, pending_key, .. }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => {
                    let existing = map.entries.iter().position(|(k, _)| same_key(k, &key));
                    match existing {
                        Some(i) => {
                            let first = map.entries[i].0.pos;
                            self.problems.push(YamlProblem {
                                kind: YamlProblemKind::DuplicateKey,
                                message: format!(
                                    "duplicate key `{}` (first defined on line {}); GitLab keeps only the last value",
                                    key.key_text().unwrap_or_default(),
                                    first.line
                                ),
                                pos: key.pos,
                            });
                            map.entries[i] = (key, node);
                        }
                        None => map.entries.push((key, node)),
                    }
                }
            },
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
                self.problems.push(YamlProblem {
                    kind: YamlProblemKind::Tag,
                    message: format!(
                        "tag `{}{}` is not allowed: GitLab's safe loader refuses it",
                        tag.handle, tag.suffix
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
                self.problems.push(YamlProblem {
                    kind: YamlProblemKind::Tag,
                    message: format!(
                        "tag `{}{}` is not allowed: GitLab's safe loader refuses it",
                        tag.handle, tag.suffix
                    ),
                    pos,
                });
            }
        }
    }
}

fn same_key(a: &Node, b: &Node) -> bool {
    match (a.key_text(), b.key_text()) {
        (Some(x), Some(y)) => x == y,
        _ => a.value == b.value,
    }
}

fn count_nodes(node: &Node) -> usize {
    // Iterative, so a deep alias target cannot overflow the stack.
    let mut count = 0;
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        count += 1;
        match &n.value {
            Value::Seq(items) => todo.extend(items.iter()),
            Value::Map(m) => {
                for (k, v) in &m.entries {
                    todo.push(k);
                    todo.push(v);
                }
            }
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let parsed = parse("---\na: 1\nb:\n  - x\n  - 'y'\n");
        let root = parsed.root.unwrap();
        assert_eq!(root.get("a").unwrap().pos, Position { line: 2, column: 4 });
        let b = root.get("b").unwrap().as_seq().unwrap();
        assert_eq!(b[1].pos, Position { line: 5, column: 5 });
        assert_eq!(b[1].as_str(), Some("y"));
        assert_eq!(root.key_pos("b"), Some(Position { line: 3, column: 1 }));
    }

    #[test]
    fn duplicate_keys_keep_last_and_are_reported() {
        let parsed = parse("a: 1\na: 2\n");
        assert_eq!(parsed.root.unwrap().get("a").unwrap().value, Value::Int(2));
        assert_eq!(parsed.problems[0].kind, YamlProblemKind::DuplicateKey);
        assert_eq!(parsed.problems[0].pos.line, 2);
    }

    #[test]
    fn quoted_milestone_is_a_string_and_plain_is_a_float() {
        let root = parse("m: '16.10'\nn: 16.10\n").root.unwrap();
        assert_eq!(root.get("m").unwrap().as_str(), Some("16.10"));
        assert_eq!(root.get("n").unwrap().value, Value::Float(16.1));
    }

    #[test]
    fn billion_laughs_is_bounded() {
        let mut doc = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h'] {
            doc.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = name;
        }
        let parsed = parse(&doc);
        assert!(parsed.is_fatal());
        assert_eq!(parsed.problems.last().unwrap().kind, YamlProblemKind::Limit);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let doc = "[".repeat(10_000) + &"]".repeat(10_000);
        let parsed = parse(&doc);
        assert!(parsed.is_fatal());
    }

    #[test]
    fn extra_documents_are_reported() {
        let parsed = parse("---\na: 1\n---\nb: 2\n");
        assert_eq!(parsed.root.unwrap().get("a").unwrap().value, Value::Int(1));
        assert_eq!(parsed.problems[0].kind, YamlProblemKind::ExtraDocument);
    }

    #[test]
    fn empty_and_bom() {
        assert!(parse("").root.is_none());
        assert!(parse("---\n").root.map(|n| n.is_null()).unwrap_or(true));
        assert!(parse("\u{feff}a: 1\n").root.unwrap().get("a").is_some());
    }
}
