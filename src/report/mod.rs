//! Renderers for findings: human (rustc-like), json, and the CI formats.

pub mod catalog;
pub mod human;
pub mod json;
