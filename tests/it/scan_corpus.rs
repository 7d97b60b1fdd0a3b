//! `eventdef scan` against GitLab's own code (`../shared/gitlab-code-corpus`): every trigger
//! listed by hand in its TRIGGERS.tsv is found with the right file, line, kind, action,
//! properties and identifiers, and nothing else is reported as a trigger (precision and
//! recall 100%).

use std::collections::BTreeSet;

use eventdef::scan::{ScanOptions, scan};

/// A row as TRIGGERS.tsv writes it: file, line, kind, action (`<dynamic>`), properties,
/// identifiers.
fn row(file: &str, line: u32, kind: &str, action: &str, properties: &str, identifiers: &str) -> String {
    format!("{file}\t{line}\t{kind}\t{action}\t{properties}\t{identifiers}")
}

#[test]
#[ignore = "needs ../shared"]
fn every_listed_trigger_and_nothing_else() {
    let corpus = crate::support::shared("gitlab-code-corpus");
    let expected: BTreeSet<String> = std::fs::read_to_string(corpus.join("TRIGGERS.tsv"))
        .expect("TRIGGERS.tsv")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut cols: Vec<&str> = l.split('\t').collect();
            cols.resize(6, "");
            row(cols[0], cols[1].parse().expect("line"), cols[2], cols[3], cols[4], cols[5])
        })
        .collect();
    assert_eq!(expected.len(), 58, "TRIGGERS.tsv lists 58 triggers");

    let result = scan(&corpus, &ScanOptions::default()).expect("scan");
    assert!(result.notes.is_empty(), "{:?}", result.notes);
    assert_eq!(result.files_scanned, 36);
    let found: BTreeSet<String> = result
        .triggers
        .iter()
        .map(|t| {
            row(
                &t.path,
                t.line,
                t.kind.as_str(),
                t.action.as_deref().unwrap_or("<dynamic>"),
                &t.properties.join(","),
                &t.identifiers.join(","),
            )
        })
        .collect();
    assert_eq!(found.len(), result.triggers.len(), "a trigger is reported twice");

    let missed: Vec<&String> = expected.difference(&found).collect();
    let extra: Vec<&String> = found.difference(&expected).collect();
    let true_positives = expected.intersection(&found).count();
    assert!(
        missed.is_empty() && extra.is_empty(),
        "recall {true_positives}/{}, precision {true_positives}/{}\nmissed:\n{}\nreported but not listed:\n{}",
        expected.len(),
        found.len(),
        missed.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
        extra.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
    );

    // Negative rows: the event must not fire.
    let negated: BTreeSet<String> =
        result.triggers.iter().filter(|t| t.negated).map(|t| format!("{}:{}", t.path, t.line)).collect();
    let expected_negated: BTreeSet<String> = [
        "spec/services/ci/runners/update_runner_service_spec.rb:17",
        "spec/services/ci/runners/create_runner_service_spec.rb:137",
        "spec/services/ci/runners/create_runner_service_spec.rb:195",
        "spec/services/ci/runners/create_runner_service_spec.rb:266",
        "spec/support/shared_examples/services/wiki_pages/destroy_service_shared_examples.rb:36",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(negated, expected_negated);
}
