//! The YAML tree every other room reads: values as GitLab's safe loader (Psych) types them,
//! each node with the line and column it starts at.

use std::fmt;

use super::write::ruby_float_to_s;

/// 1-based line and column (in characters) of a node in its source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    pub const START: Position = Position { line: 1, column: 1 };
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Position,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Node>),
    Map(Mapping),
}

/// A mapping in document order. Keys are kept as nodes so findings can point at them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mapping {
    pub entries: Vec<(Node, Node)>,
}

impl Mapping {
    /// The value of the entry whose key is the string `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    pub fn entry(&self, key: &str) -> Option<&(Node, Node)> {
        self.entries.iter().find(|(k, _)| k.is_key(key))
    }

    pub fn keys(&self) -> impl Iterator<Item = String> + '_ {
        self.entries.iter().filter_map(|(k, _)| k.key_text())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Node {
    pub fn new(value: Value, pos: Position) -> Self {
        Node { value, pos }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Mapping> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// `node[key]` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.get(key)
    }

    /// True when this mapping key stands for `key` (without building its text for string keys,
    /// the common case: rules look up fields in mappings that may hold 100,000 keys).
    pub fn is_key(&self, key: &str) -> bool {
        match &self.value {
            Value::String(s) => s == key,
            Value::Seq(_) | Value::Map(_) => false,
            _ => self.key_text().as_deref() == Some(key),
        }
    }

    /// The text a mapping key stands for once GitLab symbolizes keys (`1:` is the key "1").
    pub fn key_text(&self) -> Option<String> {
        match &self.value {
            Value::String(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(ruby_float_to_s(*f)),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null => Some(String::new()),
            Value::Seq(_) | Value::Map(_) => None,
        }
    }

    /// The node at a JSON-pointer-like path of keys and sequence indexes, or the deepest
    /// existing ancestor (a missing key is reported at the mapping that lacks it).
    pub fn locate<S: AsRef<str>>(&self, path: &[S]) -> &Node {
        let mut node = self;
        for step in path {
            let step = step.as_ref();
            let next = match &node.value {
                Value::Map(m) => m.get(step),
                Value::Seq(items) => step.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node
    }

    /// Position of the key `key` itself inside this mapping (for findings about a key).
    pub fn key_pos(&self, key: &str) -> Option<Position> {
        self.as_map()?.entry(key).map(|(k, _)| k.pos)
    }

    /// The JSON form that JSON-schema validation sees (keys stringified, as GitLab does; a
    /// collection key as its [`Node::flow_text`]).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(J::Number)
                // NaN and infinities have no JSON form; a string keeps them visibly wrong.
                .unwrap_or_else(|| J::String(ruby_float_to_s(*f))),
            Value::String(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(m) => {
                let mut obj = serde_json::Map::with_capacity(m.len());
                for (k, v) in &m.entries {
                    let key = k.key_text().unwrap_or_else(|| k.flow_text());
                    obj.insert(key, v.to_json());
                }
                J::Object(obj)
            }
        }
    }

    /// A collection written on one line in flow style without quotes (`{a: [1, 2]}`), as a
    /// mapping key that is itself a collection is shown. Its length is linear in the tree: the
    /// JSON text of a JSON text of ... would double its backslashes at every level.
    pub fn flow_text(&self) -> String {
        fn write(node: &Node, out: &mut String) {
            match &node.value {
                Value::Seq(items) => {
                    out.push('[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        write(item, out);
                    }
                    out.push(']');
                }
                Value::Map(m) => {
                    out.push('{');
                    for (i, (k, v)) in m.entries.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        write(k, out);
                        out.push_str(": ");
                        write(v, out);
                    }
                    out.push('}');
                }
                _ => out.push_str(&node.key_text().unwrap_or_default()),
            }
        }
        let mut out = String::new();
        write(self, &mut out);
        out
    }

    /// A short name of the node's type for messages ("a string", "a list", ...).
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::String(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}
