//! The rule catalog (`src/rules/catalog/`): every rule is explained, cites GitLab, and has a wrong
//! and a right example that are true. Each example is written out as a repository and checked
//! by the built binary as a user would: the wrong one must report its rule (and no other rule
//! than those it declares in `also`), the right one must report nothing at all. Examples with a
//! base revision become a git repository whose `main` holds the base files and whose work tree
//! (staged, so git detects renames) holds the example's files, checked with `--base main`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use eventdef::diagnostics::{Category, Example, ExampleFile, RuleInfo, Shown};
use eventdef::rules::catalog;

use crate::support::ci::{GitRepo, eventdef};

fn write_files(root: &Path, files: &[ExampleFile]) {
    for file in files {
        let path = root.join(file.path);
        std::fs::create_dir_all(path.parent().expect("a file has a folder")).expect("mkdir");
        std::fs::write(&path, file.bytes).expect("write");
    }
}

/// Where an example is written: a plain folder, or a git repository for a base revision.
enum Checkout {
    Plain(tempfile::TempDir),
    Git(GitRepo),
}

impl Checkout {
    fn path(&self) -> &Path {
        match self {
            Checkout::Plain(dir) => dir.path(),
            Checkout::Git(repo) => repo.path(),
        }
    }
}

/// The rule ids `eventdef validate` (`eventdef scan` for the `code` rules) reports for an
/// example, with where and what.
fn findings(example: &Example, command: &str) -> Vec<(String, String)> {
    let checkout = if example.base.is_empty() {
        let dir = tempfile::tempdir().expect("temp dir");
        write_files(dir.path(), example.files);
        Checkout::Plain(dir)
    } else {
        let repo = GitRepo::new();
        write_files(repo.path(), example.base);
        repo.commit("base");
        for file in example.base {
            std::fs::remove_file(repo.file(file.path)).expect("remove");
        }
        write_files(repo.path(), example.files);
        repo.git(&["add", "-A"]);
        Checkout::Git(repo)
    };
    let mut args = vec![command, "--format", "json", "--root", "."];
    if let Checkout::Git(_) = checkout {
        args.extend(["--base", "main"]);
    }
    let out = eventdef(checkout.path(), &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\nstderr: {}", String::from_utf8_lossy(&out.stderr)));
    report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_owned();
            (text("rule"), format!("{}:{}: {}", text("path"), d["line"], text("message")))
        })
        .collect()
}

#[test]
fn every_example_is_true() {
    let mut problems = Vec::new();
    for rule in catalog::all() {
        let command = if rule.category == Category::Code { "scan" } else { "validate" };
        let wrong = findings(&rule.wrong, command);
        if !wrong.iter().any(|(id, _)| id == rule.id) {
            problems.push(format!("{}: the wrong example does not report it: {wrong:#?}", rule.id));
        }
        let others: Vec<&(String, String)> =
            wrong.iter().filter(|(id, _)| id != rule.id && !rule.wrong.also.contains(&id.as_str())).collect();
        if !others.is_empty() {
            problems.push(format!("{}: the wrong example also reports {others:#?} (list them in `also`)", rule.id));
        }
        let right = findings(&rule.right, command);
        if !right.is_empty() {
            problems.push(format!("{}: the right example reports {right:#?}", rule.id));
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n\n{}", problems.len(), problems.join("\n\n"));
}

#[test]
fn every_rule_is_explained_with_examples() {
    let mut problems = Vec::new();
    for rule in catalog::all() {
        let mut problem = |what: &str| problems.push(format!("{}: {what}", rule.id));
        if rule.explanation.split_whitespace().count() < 40 {
            problem("the explanation is missing or shorter than 40 words");
        }
        if rule.explanation.trim() == rule.help.trim() {
            problem("the explanation repeats the help");
        }
        if rule.help.is_empty() || rule.help.contains('\n') {
            problem("the help is not one line");
        }
        let references = ["https://docs.gitlab.com/", "https://gitlab.com/gitlab-org/", "https://docs.ruby-lang.org/"];
        if !references.iter().any(|start| rule.docs.starts_with(start)) {
            problem("the reference is not a GitLab (or Ruby) page");
        }
        for (name, example) in [("wrong", &rule.wrong), ("right", &rule.right)] {
            for file in example.files.iter().chain(example.base) {
                if let Shown::Fields(fields) = file.shown {
                    let text = file.text();
                    for field in fields {
                        if !text.lines().any(|l| l.strip_prefix(field).is_some_and(|rest| rest.starts_with(':'))) {
                            problem(&format!("the {name} example shows `{field}`, which {} lacks", file.path));
                        }
                    }
                }
            }
            if example.files.is_empty() && example.base.is_empty() {
                problem(&format!("the {name} example is empty"));
            }
            if example.files.iter().chain(example.base).all(|f| f.shown == Shown::PathOnly)
                && rule.category != Category::Consistency
            {
                problem(&format!("the {name} example shows no file's content"));
            }
        }
        if rule.wrong == rule.right {
            problem("the wrong and the right examples are the same");
        }
        let has_base = !rule.wrong.base.is_empty() || !rule.right.base.is_empty();
        // Breaking rules compare with a base revision; another rule may too (a convention about
        // what changed, `introduction-changed`) when its explanation says it needs `--base`.
        let needs_base = rule.category == Category::Breaking || rule.explanation.contains("validate --base");
        if needs_base != has_base {
            problem("the examples of rules that compare with a base revision, and only those, have one");
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn ids_are_unique_and_every_module_holds_its_category() {
    let mut seen = BTreeSet::new();
    for rule in catalog::all() {
        assert!(seen.insert(rule.id), "{} is declared twice", rule.id);
    }
    let modules: BTreeMap<&str, (&[&RuleInfo], &[Category])> = BTreeMap::from([
        ("yaml", (catalog::yaml::RULES, &[Category::Io, Category::Yaml][..])),
        ("schema", (catalog::schema::RULES, &[Category::Schema][..])),
        ("consistency", (catalog::consistency::RULES, &[Category::Consistency][..])),
        ("convention", (catalog::convention::RULES, &[Category::Convention][..])),
        ("breaking", (catalog::breaking::RULES, &[Category::Breaking][..])),
        ("scan", (catalog::scan::RULES, &[Category::Code][..])),
    ]);
    for (module, (rules, categories)) in modules {
        for rule in rules {
            assert!(categories.contains(&rule.category), "{} is declared in catalog::{module}", rule.id);
        }
    }
    assert!(catalog::breaking::RULES.iter().all(|r| r.id.starts_with("breaking-")));
}

/// `docs/rules.md`, every rule explained with its examples, is the catalog: regenerate it with
/// `SNAPSHOTS=overwrite cargo test --test it rule_catalog`.
#[test]
fn rules_reference_matches_the_catalog() {
    let mut text = String::from(
        "# eventdef rules\n\n\
         Every rule `eventdef validate` reports, as `eventdef explain RULE --format markdown` prints it.\n\
         Generated from the rule catalog (`src/rules/catalog/`): regenerate with\n\
         `SNAPSHOTS=overwrite cargo test --test it rule_catalog`.\n",
    );
    for rule in catalog::all() {
        text.push('\n');
        text.push_str(&eventdef::report::catalog::explain_markdown(rule));
    }
    crate::support::check_golden(&crate::support::crate_dir().join("docs/rules.md"), &text);
}
