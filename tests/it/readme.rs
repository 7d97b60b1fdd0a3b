//! The README's rules table is the catalog: regenerate it with
//! `SNAPSHOTS=overwrite cargo test --test it readme` (or paste `eventdef rules --format markdown`).

use crate::support;

use std::path::Path;

const START: &str = "<!-- rules-table:start";
const END: &str = "<!-- rules-table:end -->";

#[test]
fn readme_rules_table_matches_the_catalog() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("README.md: {e}"));
    let start = readme.find(START).unwrap_or_else(|| panic!("README.md has no `{START}` marker"));
    let body_start = start + readme[start..].find('\n').unwrap_or(0) + 1;
    let end = readme[body_start..].find(END).map(|i| body_start + i).unwrap_or_else(|| panic!("no `{END}` marker"));
    let table = &readme[body_start..end];
    let expected = eventdef::report::catalog::markdown(&eventdef::rules::catalog());
    if table == expected {
        return;
    }
    if support::bless() {
        let updated = format!("{}{expected}{}", &readme[..body_start], &readme[end..]);
        std::fs::write(&path, updated).unwrap_or_else(|e| panic!("README.md: {e}"));
        return;
    }
    panic!(
        "README.md's rules table differs from rules::catalog(); regenerate it with \
         `SNAPSHOTS=overwrite cargo test --test it readme`\n--- README\n{table}--- catalog\n{expected}"
    );
}
