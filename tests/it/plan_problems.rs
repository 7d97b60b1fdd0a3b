//! A refused plan says everything at once, in file order: problems of structure (`descripton`,
//! with "did you mean") and of meaning (an unknown product group) in one run, each at its
//! `plan.yml:LINE:COL`, sorted by line and column as numbers.

use crate::support;
use support::ci::*;

const PLAN: &str = "milestone: '17.0'
events:
- action: open_editor
  description: A user opens the pipeline editor to change the CI configuration of a project
  identifiers: [project, namespace, user]
  product_group: pipeline_authoring
  product_categories: [nonexistent_category]
  tiers: [free]
- action: close_editor
  descripton: A user closes the pipeline editor without saving the CI configuration of a project
  product_group: pipeline_authoring
  tiers: [free]
  colour: blue
";

fn refusal(plan: &str) -> (Option<i32>, String) {
    let repo = GitRepo::with_base(&[(event_path("other"), event("other"))]);
    repo.write("plan.yml", plan);
    let out = eventdef(repo.path(), &["apply", "plan.yml"]);
    assert_eq!(repo.git(&["status", "--porcelain"]), "?? plan.yml\n", "nothing written");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn structure_and_meaning_are_reported_together_in_file_order() {
    let (code, stderr) = refusal(PLAN);
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines.len() >= 4, "{stderr}");
    // Meaning (line 7) before structure (lines 9, 10, 13): one run, numeric order.
    let places: Vec<&str> =
        lines.iter().filter_map(|l| l.strip_prefix("error: plan.yml:")?.split(": ").next()).collect();
    let numeric: Vec<(u32, u32)> = places
        .iter()
        .map(|p| {
            let (line, column) = p.split_once(':').expect("line:col");
            (line.parse().expect("line"), column.parse().expect("column"))
        })
        .collect();
    let mut sorted = numeric.clone();
    sorted.sort();
    assert_eq!(numeric, sorted, "{stderr}");
    assert!(
        lines.iter().any(|l| l.starts_with("error: plan.yml:7:") && l.contains("nonexistent_category")),
        "the meaning problem of the sound entry is reported at its line:\n{stderr}"
    );
    assert!(lines.contains(&"error: plan.yml:10:3: unknown key `descripton`; did you mean `description`?"), "{stderr}");
    assert!(lines.iter().any(|l| l.starts_with("error: plan.yml:13:3: unknown key `colour`")), "{stderr}");
    assert_eq!(lines.last().copied(), Some(format!("refused: {} problems, nothing written", lines.len() - 1).as_str()));
}

#[test]
fn line_twelve_comes_after_line_seven() {
    let plan = "milestone: '17.0'\nevents:\n- action: a_b\n  description: A user does a thing on the project overview page\n  identifiers: [project, namespace, user]\n  product_group: pipeline_authoring\n  tiers: [gold]\n- action: c_d\n  description: A user does another thing on the project overview page\n  identifiers: [project, namespace, user]\n  product_group: pipeline_authoring\n  tiers: [silver]\n";
    let (code, stderr) = refusal(plan);
    assert_eq!(code, Some(1));
    let six = stderr.find("plan.yml:7:").unwrap_or_else(|| panic!("{stderr}"));
    let eleven = stderr.find("plan.yml:12:").unwrap_or_else(|| panic!("{stderr}"));
    assert!(six < eleven, "{stderr}");
}

#[test]
fn problems_are_structured() {
    let problems = eventdef::plan::parse_plan("events:\n- action: x\n  descripton: y\n", "p.yml").unwrap_err();
    let unknown = problems.iter().find(|p| p.message.starts_with("unknown key")).expect("unknown key");
    let place = unknown.place.as_ref().expect("placed");
    assert_eq!((place.file.as_str(), place.line, place.column), ("p.yml", 3, 3));
    assert_eq!(unknown.suggestion.as_deref(), Some("did you mean `description`?"));
}
