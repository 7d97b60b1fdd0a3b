//! eventdef: define, validate and instrument GitLab-style internal events and metrics.
//!
//! The library never prints and never exits; `main.rs` does both. Data flows through the rooms
//! in this order: `repository` (walk, read) → `yaml` (parse with positions) → `model` →
//! `rules` (schema, consistency, conventions) → `diagnostics` → `report`. The wizard and
//! `apply` go `wizard` → `plan` → the same `rules` → `write`. `render` turns definitions into
//! snippets and issue text.

// The library never prints: it returns values and errors, and the binary decides what to show.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod diagnostics;
pub mod dictionary;
pub mod error;
pub mod model;
pub mod plan;
pub mod render;
pub mod report;
pub mod repository;
pub mod rules;
pub mod suggest;
pub mod wizard;
pub mod write;
pub mod yaml;

pub use error::{Error, Result};
