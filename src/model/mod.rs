//! The definitions themselves, knowing nothing of files or terminals.

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

pub use common::{Status, Tier};
pub use event::{AdditionalProperty, EventDefinition, Identifier};
pub use metric::{DataCategory, DataSource, FilterValue, MetricDefinition, MetricEvent, Operator, UniqueBy, ValueType};
pub use naming::Measure;
pub use read::Read;
pub use time_frame::{TimeFrame, TimeFrameSpec};
