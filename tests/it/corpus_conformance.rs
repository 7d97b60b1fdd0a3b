//! Conformance with GitLab's own schema verdicts: for each of the 170 real definition files in
//! `../shared/gitlab-corpus`, `eventdef validate` must report a `schema` finding exactly when
//! GitLab's schemas reject the file (`VERDICTS.tsv`). The corpus's own
//! `config/metrics/schema/product_groups.json` and `config/feature_categories.yml` are used, as
//! GitLab did.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const CORPUS: &str = "../shared/gitlab-corpus";

/// False (after a note) when the oracle is missing and CI did not ask for it.
struct Verdict {
    path: String,
    invalid: bool,
    first_error: String,
}

fn verdicts() -> Vec<Verdict> {
    let text = std::fs::read_to_string(Path::new(CORPUS).join("VERDICTS.tsv")).expect("VERDICTS.tsv is readable");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("path\tkind\tverdict\tfirst_error"), "VERDICTS.tsv header");
    lines
        .filter(|l| !l.is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert!(fields.len() >= 3, "malformed VERDICTS.tsv row: {line}");
            assert!(matches!(fields[2], "valid" | "invalid"), "unknown verdict in: {line}");
            Verdict {
                path: fields[0].to_owned(),
                invalid: fields[2] == "invalid",
                first_error: fields.get(3).copied().unwrap_or_default().to_owned(),
            }
        })
        .collect()
}

#[test]
#[ignore = "needs ../shared"]
fn schema_findings_match_gitlab_verdicts() {
    let verdicts = verdicts();
    assert_eq!(verdicts.len(), 170, "VERDICTS.tsv should list the 170 corpus files");

    let output = Command::cargo_bin("eventdef")
        .expect("eventdef binary is built")
        .args(["validate", "--root", CORPUS, "--format", "json"])
        .output()
        .expect("eventdef runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "validate failed to run: {:?}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("validate --format json prints JSON");
    let mut by_path: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for diagnostic in report["diagnostics"].as_array().expect("a diagnostics list") {
        let path = diagnostic["path"].as_str().expect("a path");
        by_path.entry(path).or_default().push(diagnostic);
    }

    let mut disagreements = Vec::new();
    for verdict in &verdicts {
        let ours = by_path.get(verdict.path.as_str()).map(Vec::as_slice).unwrap_or_default();
        let schema_findings: Vec<&&Value> = ours.iter().filter(|d| d["category"] == "schema").collect();
        if schema_findings.is_empty() == verdict.invalid {
            let mut text = format!(
                "{}: GitLab says {}{}; we report {} schema finding(s)",
                verdict.path,
                if verdict.invalid { "invalid" } else { "valid" },
                if verdict.first_error.is_empty() { String::new() } else { format!(" ({})", verdict.first_error) },
                schema_findings.len()
            );
            for d in ours {
                text.push_str(&format!("\n    {}:{} {} {}", d["line"], d["column"], d["rule"], d["message"]));
            }
            disagreements.push(text);
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} files disagree with GitLab's verdict:\n{}",
        disagreements.len(),
        verdicts.len(),
        disagreements.join("\n")
    );
}
