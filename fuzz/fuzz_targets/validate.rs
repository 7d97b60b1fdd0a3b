//! Bytes → one event file and one metric file of a repository (split at the first NUL byte;
//! without one, the same bytes are both) → every rule → the human and JSON reports.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use eventdef::repository::{DefinitionFile, FileKind, LoadLimits, ReferenceLists, Repository};
use eventdef::rules::{self, ValidateOptions, schema::Schemas};
use libfuzzer_sys::fuzz_target;

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

fuzz_target!(|data: &[u8]| {
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
    if serde_json::from_str::<serde_json::Value>(&json).is_err() {
        panic!("the JSON report is not JSON: {json}");
    }
});
