//! The bodies of the fuzz targets, shared with the main crate's tests: `tests/fuzz_regressions.rs`
//! replays every input the fuzzers found through them, and `tests/properties.rs` feeds them
//! generated input. Only `eventdef` and `serde_json` are used, so the file compiles in both.
//!
//! Each body panics exactly when the code under test misbehaves: a panic inside eventdef, or
//! output that is not what it claims to be (JSON that does not parse).

use std::path::PathBuf;
use std::sync::OnceLock;

use eventdef::model::{EventDefinition, MetricDefinition, Read};
use eventdef::repository::{DefinitionFile, FileKind, LoadLimits, ReferenceLists, Repository};
use eventdef::rules::{self, ValidateOptions, schema::Schemas};

/// `load`: bytes → the loader's checks (size, UTF-8) → YAML with positions → both models.
pub fn load(data: &[u8]) {
    let limits = LoadLimits::default();
    let file = DefinitionFile::from_bytes("config/events/fuzz.yml".into(), FileKind::Event, data.to_vec(), &limits);
    let Some(root) = file.root() else { return };
    let json = root.to_json().to_string();
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("to_json produced invalid JSON ({e}): {json}");
    }
    let _ = EventDefinition::read(root);
    let _ = MetricDefinition::read(root);
    for path in [&["events", "0", "filter"][..], &["time_frame"], &["additional_properties", "label"]] {
        let _ = root.locate(path);
    }
}

/// `validate`: bytes → an event file and a metric file of one repository (split at the first NUL
/// byte; without one, the same bytes are both) → every rule → the human and JSON reports.
pub fn validate(data: &[u8]) {
    let (event, metric) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, data),
    };
    let limits = LoadLimits::default();
    let files = vec![
        DefinitionFile::from_bytes("config/events/fuzz_event.yml".into(), FileKind::Event, event.to_vec(), &limits),
        DefinitionFile::from_bytes(
            "config/metrics/counts_all/fuzz_metric.yml".into(),
            FileKind::Metric,
            metric.to_vec(),
            &limits,
        ),
    ];
    let repo = Repository::from_files(PathBuf::from("/fuzz"), files, reference().clone());
    let outcome = rules::validate(&repo, schemas(), &ValidateOptions::default());
    let _ = eventdef::report::human::render(&outcome, &repo, false);
    let json = eventdef::report::json::render(&outcome);
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("the JSON report is not JSON ({e}): {json}");
    }
}

// Targets the lead adds after merging the writer and render work, each a body here and a
// `fuzz_targets/<name>.rs` that calls it:
// - `plan`: bytes → the plan file parser and checker (must refuse, never panic);
// - `render`: a definition read by `load` → every built-in template.

fn reference() -> &'static ReferenceLists {
    static REFERENCE: OnceLock<ReferenceLists> = OnceLock::new();
    REFERENCE.get_or_init(ReferenceLists::built_in)
}

fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| match Schemas::compile(reference()) {
        Ok(schemas) => schemas,
        Err(e) => panic!("the built-in schemas do not compile: {e}"),
    })
}
