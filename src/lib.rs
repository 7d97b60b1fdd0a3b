//! eventdef: define, validate and instrument GitLab-style internal events and metrics.
//!
//! The library never prints and never exits; `main.rs` does both. Data flows through the rooms
//! in this order: `repository` (walk, read) → `yaml` (parse with positions) → `model` →
//! `rules` (schema, consistency, conventions) → `diagnostics` → `report`. The wizard and
//! `apply` go `wizard` → `plan` → the same `rules` → `atomic_write`. `render` turns definitions
//! into snippets and issue text.
//!
//! Rooms depend on rooms below them only, never in a cycle (`A → B`: A uses B):
//! * `yaml` (positioned reader, Psych emitter), `error`, `suggest`: nothing of this crate;
//! * `atomic_write` → `error`; `diagnostics` → `yaml`; `model` → `yaml`;
//! * `repository` → `model`, `diagnostics`, `yaml`, `error`;
//! * `rules` → `repository`, `model`, `diagnostics`, `suggest`, `yaml`, `error`;
//! * `scan` → `rules`, `repository`, `model`, `diagnostics`, `suggest`, `yaml`, `error`;
//! * `report` → `scan` (the trigger index of `scan --format json`), `rules`, `repository`,
//!   `diagnostics`, `yaml`;
//! * `validate` (the `validate` command as one call) → `report`, `rules`, `repository`, `error`;
//! * `render` → `repository`, `model`, `error`;
//! * `rename` → `repository`, `atomic_write`, `suggest`, `yaml`, `error`;
//! * `plan` → `rules`, `repository`, `model`, `diagnostics`, `atomic_write`, `yaml`;
//! * `wizard` → `plan`, `render`, `repository`, `model`, `atomic_write`, `yaml`;
//! * `collect` (the collector and the monitor's metric values) → `repository`, `model`,
//!   `suggest`, `error`.
//! * `fetch` (downloads `stages.yml` on request) → `repository`, `atomic_write`, `error`.

// The library never prints: it returns values and errors, and the binary decides what to show.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod atomic_write;
pub mod collect;
pub mod diagnostics;
pub mod dictionary;
pub mod error;
pub mod fetch;
pub mod model;
pub mod plan;
pub mod rename;
pub mod render;
pub mod report;
pub mod repository;
pub mod rules;
pub mod scan;
pub mod suggest;
pub mod validate;
pub mod wizard;
pub mod yaml;

pub use error::{Error, Result};
