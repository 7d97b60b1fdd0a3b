//! Bytes → the loader's checks (size, UTF-8) → YAML with positions → event and metric models.
//! Nothing may panic, and the JSON form of any tree must be valid JSON.

#![no_main]

use eventdef::model::{EventDefinition, MetricDefinition, Read};
use eventdef::repository::{DefinitionFile, FileKind, LoadLimits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = LoadLimits::default();
    let file = DefinitionFile::from_bytes("config/events/fuzz.yml".into(), FileKind::Event, data.to_vec(), &limits);
    let Some(root) = file.root() else { return };
    let json = root.to_json().to_string();
    if serde_json::from_str::<serde_json::Value>(&json).is_err() {
        panic!("to_json produced invalid JSON: {json}");
    }
    let _ = EventDefinition::read(root);
    let _ = MetricDefinition::read(root);
    for path in [&["events", "0", "filter"][..], &["time_frame"], &["additional_properties", "label"]] {
        let _ = root.locate(path);
    }
});
