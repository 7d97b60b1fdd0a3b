//! Lenient reading of definitions from YAML: a field with the wrong type reads as absent,
//! because the schema rule already reports it with its position.

use indexmap::IndexMap;

use crate::yaml::{Mapping, Node};

pub trait Read: Sized {
    fn read(node: &Node) -> Option<Self>;
}

pub struct FieldReader<'a> {
    map: &'a Mapping,
}

impl<'a> FieldReader<'a> {
    pub fn new(node: &'a Node) -> Option<Self> {
        Some(FieldReader { map: node.as_map()? })
    }

    pub fn node(&self, key: &str) -> Option<&'a Node> {
        self.map.get(key)
    }

    pub fn string(&self, key: &str) -> Option<String> {
        self.node(key)?.as_str().map(str::to_owned)
    }

    pub fn bool(&self, key: &str) -> Option<bool> {
        self.node(key)?.as_bool()
    }

    pub fn json(&self, key: &str) -> Option<serde_json::Value> {
        self.node(key).filter(|n| !n.is_null()).map(Node::to_json)
    }

    pub fn list<T>(&self, key: &str, item: impl Fn(&Node) -> Option<T>) -> Option<Vec<T>> {
        Some(self.node(key)?.as_seq()?.iter().filter_map(item).collect())
    }

    pub fn strings(&self, key: &str) -> Option<Vec<String>> {
        self.list(key, |n| n.as_str().map(str::to_owned))
    }

    pub fn map<T>(&self, key: &str, item: impl Fn(&Node) -> Option<T>) -> Option<IndexMap<String, T>> {
        let m = self.node(key)?.as_map()?;
        Some(m.entries.iter().filter_map(|(k, v)| Some((k.key_text()?, item(v)?))).collect())
    }
}
