//! YAML with positions (reading) and GitLab's exact bytes (writing).

pub mod emitter;
pub mod node;
pub mod parse;
pub mod scalar;
pub mod source;
pub mod write;

pub use node::{Mapping, Node, Position, Value};
pub use parse::{MAX_PROBLEMS_PER_KIND, ParseLimits, Parsed, YamlProblem, YamlProblemKind, parse, parse_with_limits};
pub use source::SourceLines;
