//! Every `schema-*` rule has a fixture pair under `fixtures/rules/<rule-id>/`: `fail` triggers
//! the rule and `pass` has no schema finding at all. (The exact output of each case is
//! snapshotted by the rule fixture harness; this only guards which rule fires.)

use std::path::Path;

use eventdef::diagnostics::Category;
use eventdef::repository::{LoadLimits, ReferenceLists, ReferenceOverrides, Repository};
use eventdef::rules::{self, ValidateOptions, schema};

fn schema_rules_fired(root: &Path) -> Vec<&'static str> {
    let reference = ReferenceLists::load(root, &ReferenceOverrides::default()).expect("reference lists load");
    let schemas = schema::Schemas::compile(&reference).expect("schemas compile");
    let repo = Repository::load(root, reference, &LoadLimits::default());
    let outcome = rules::validate(&repo, &schemas, &ValidateOptions::default());
    outcome.diagnostics.iter().filter(|d| d.category == Category::Schema).map(|d| d.rule).collect()
}

#[test]
fn each_schema_rule_has_a_failing_and_a_passing_fixture() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    for rule in schema::RULES {
        let dir = fixtures.join(rule.id);
        let fail = schema_rules_fired(&dir.join("fail"));
        assert!(fail.contains(&rule.id), "{}/fail should trigger {}, got {fail:?}", rule.id, rule.id);
        let pass = schema_rules_fired(&dir.join("pass"));
        assert!(pass.is_empty(), "{}/pass should have no schema finding, got {pass:?}", rule.id);
    }
}
