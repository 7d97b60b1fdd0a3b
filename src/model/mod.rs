//! The definitions themselves: read from YAML nodes (`read`) and written as the bytes GitLab's
//! generator writes (`to_yaml`); knowing nothing of the file system or terminals.

pub mod candidates;
pub mod common;
pub mod defaults;
pub mod event;
pub mod filters;
pub mod format;
pub mod metric;
pub mod naming;
pub mod read;
pub mod time_frame;
pub mod to_yaml;

pub use common::{Status, Tier};
pub use event::{AdditionalProperty, EventDefinition, Identifier};
pub use metric::{DataCategory, DataSource, FilterValue, MetricDefinition, MetricEvent, Operator, UniqueBy, ValueType};
pub use naming::Measure;
pub use read::Read;
pub use time_frame::{TimeFrame, TimeFrameSpec};
