//! The rule catalog as text: a table for `eventdef rules`, JSON for tools, the Markdown table of
//! the README (a test keeps the README equal to [`markdown`]), and one rule explained with its
//! examples for `eventdef explain` (text or Markdown; SARIF carries both).

use serde::Serialize;

use crate::diagnostics::{Example, ExampleFile, RuleInfo, Shown};

/// One line per rule: id, category, severity and help, in aligned columns.
pub fn human(rules: &[&RuleInfo]) -> String {
    let id_width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0).max("RULE".len());
    let category_width = rules.iter().map(|r| r.category.as_str().len()).max().unwrap_or(0).max("CATEGORY".len());
    let mut out = format!("{:id_width$}  {:category_width$}  {:8}  HELP\n", "RULE", "CATEGORY", "SEVERITY");
    for r in rules {
        out.push_str(&format!(
            "{:id_width$}  {:category_width$}  {:8}  {}\n",
            r.id,
            r.category.as_str(),
            r.severity.as_str(),
            r.help
        ));
    }
    out
}

#[derive(Serialize)]
struct JsonRule<'a> {
    id: &'a str,
    category: &'a str,
    severity: &'a str,
    help: &'a str,
    explanation: &'a str,
    docs: &'a str,
    examples: JsonExamples,
}

#[derive(Serialize)]
struct JsonExamples {
    wrong: JsonExample,
    right: JsonExample,
}

#[derive(Serialize)]
struct JsonExample {
    /// Files at the base revision (`validate --base`), for the breaking rules.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    base: Vec<JsonFile>,
    files: Vec<JsonFile>,
}

#[derive(Serialize)]
struct JsonFile {
    path: &'static str,
    text: String,
}

impl JsonExample {
    fn new(example: &Example) -> JsonExample {
        let files = |files: &[ExampleFile]| {
            files.iter().map(|f| JsonFile { path: f.path, text: f.text().into_owned() }).collect()
        };
        JsonExample { base: files(example.base), files: files(example.files) }
    }
}

/// `[{"id", "category", "severity", "help", "explanation", "docs", "examples"}]`; the examples
/// hold whole files.
pub fn json(rules: &[&RuleInfo]) -> String {
    let list: Vec<JsonRule<'_>> = rules
        .iter()
        .map(|r| JsonRule {
            id: r.id,
            category: r.category.as_str(),
            severity: r.severity.as_str(),
            help: r.help,
            explanation: r.explanation,
            docs: r.docs,
            examples: JsonExamples { wrong: JsonExample::new(&r.wrong), right: JsonExample::new(&r.right) },
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&list).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// The README's rules table.
pub fn markdown(rules: &[&RuleInfo]) -> String {
    let mut out = String::from("| Rule | Category | Severity | Help | GitLab |\n|---|---|---|---|---|\n");
    for r in rules {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | [{}]({}) |\n",
            r.id,
            r.category.as_str(),
            r.severity.as_str(),
            r.help.replace('|', "\\|"),
            docs_label(r.docs),
            r.docs
        ));
    }
    out
}

/// A short name for a reference URL: its last path segment (`schema.json`, `event definition
/// guide`).
fn docs_label(url: &str) -> String {
    let path = url.split(['#', '?']).next().unwrap_or(url).trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or(path);
    let last = last.strip_suffix(".html").unwrap_or(last);
    if last.ends_with(".json") || last.ends_with(".yml") || last.ends_with(".rb") {
        last.to_owned()
    } else {
        last.replace('_', " ")
    }
}

/// `eventdef explain RULE`: the rule's card, its explanation and its examples, for a terminal.
pub fn explain(rule: &RuleInfo) -> String {
    let mut out = format!("{} ({}, {})\n\n{}\n", rule.id, rule.category.as_str(), rule.severity.as_str(), rule.help);
    for paragraph in paragraphs(rule.explanation) {
        out.push('\n');
        out.push_str(&wrap(paragraph, 100));
    }
    for (label, example) in [("Wrong", &rule.wrong), ("Right", &rule.right)] {
        out.push_str(&format!("\n{label}:\n"));
        for block in blocks(example) {
            out.push('\n');
            if let Some(title) = block.title {
                out.push_str(&format!("  {title}:\n\n"));
            }
            for line in block.lines {
                out.push_str(if line.is_empty() { "" } else { "    " });
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out.push_str(&format!("\nGitLab: {}\n", rule.docs));
    out
}

/// [`explain`] in Markdown (SARIF's `help.markdown`, `eventdef explain --format markdown`).
pub fn explain_markdown(rule: &RuleInfo) -> String {
    let mut out =
        format!("## `{}`\n\n{}, {}: {}\n", rule.id, rule.category.as_str(), rule.severity.as_str(), rule.help);
    for paragraph in paragraphs(rule.explanation) {
        out.push('\n');
        out.push_str(paragraph.trim());
        out.push('\n');
    }
    for (label, example) in [("Wrong", &rule.wrong), ("Right", &rule.right)] {
        out.push_str(&format!("\n### {label}\n"));
        for block in blocks(example) {
            out.push('\n');
            if let Some(title) = block.title {
                out.push_str(&format!("{title}:\n\n"));
            }
            out.push_str("```yaml\n");
            for line in block.lines {
                out.push_str(&line);
                out.push('\n');
            }
            out.push_str("```\n");
        }
    }
    out.push_str(&format!("\nGitLab: <{}>\n", rule.docs));
    out
}

fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

/// A titled group of example lines: the files before and after a change, or just the files.
struct Block {
    title: Option<&'static str>,
    lines: Vec<String>,
}

fn blocks(example: &Example) -> Vec<Block> {
    if example.base.is_empty() {
        return vec![Block { title: None, lines: file_lines(example.files, &[]) }];
    }
    let mut after = file_lines(example.files, example.base);
    for gone in example.base.iter().filter(|b| !example.files.iter().any(|f| f.path == b.path)) {
        if !after.is_empty() {
            after.push(String::new());
        }
        after.push(format!("# {}: no longer in the work tree", gone.path));
    }
    vec![
        Block { title: Some("At the base revision"), lines: file_lines(example.base, &[]) },
        Block { title: Some("In the work tree"), lines: after },
    ]
}

/// The files as shown: a `# path` line, then the file or the fields it shows. A file equal to
/// the one at its path in `before` is only named.
fn file_lines(files: &[ExampleFile], before: &[ExampleFile]) -> Vec<String> {
    let mut lines = Vec::new();
    for file in files {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        let unchanged = before.iter().any(|b| b.path == file.path && b.bytes == file.bytes);
        match (unchanged, file.shown) {
            (true, _) => lines.push(format!("# {} (unchanged)", file.path)),
            (false, Shown::PathOnly) => lines.push(format!("# {} (a complete definition, not shown)", file.path)),
            (false, Shown::Whole) => {
                lines.push(format!("# {}", file.path));
                lines.extend(file.text().lines().map(str::to_owned));
            }
            (false, Shown::Fields(fields)) => {
                lines.push(format!("# {}", file.path));
                lines.extend(excerpt(&file.text(), fields));
            }
        }
    }
    lines
}

/// The top-level entries of a block-style YAML mapping whose keys are in `fields`, in file
/// order, with `# ...` where entries are left out. The document marker is left out.
pub fn excerpt(text: &str, fields: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut showing = false;
    let mut skipped = false;
    for line in text.lines() {
        if line == "---" || line == "..." {
            continue;
        }
        let starts_entry = !line.is_empty() && !line.starts_with([' ', '-', '#']);
        if starts_entry {
            let key = line.split(':').next().unwrap_or_default();
            showing = fields.contains(&key);
            if showing && skipped {
                out.push("# ...".to_owned());
                skipped = false;
            }
        }
        if showing {
            out.push(line.to_owned());
        } else {
            skipped = true;
        }
    }
    if skipped {
        out.push("# ...".to_owned());
    }
    out
}

/// Greedy word wrap, for explanations written as one long line. Inline code (between
/// backticks) is not broken across lines.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in unbroken_words(text) {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(&word);
        line_len += len;
    }
    out.push('\n');
    out
}

/// The words of `text`, with the words of one inline-code span joined by single spaces.
fn unbroken_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut in_code = false;
    for word in text.split_whitespace() {
        match words.last_mut() {
            Some(last) if in_code => {
                last.push(' ');
                last.push_str(word);
            }
            _ => words.push(word.to_owned()),
        }
        if word.matches('`').count() % 2 == 1 {
            in_code = !in_code;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Category, Severity};

    const FILE: &str = "---\na: 1\nb:\n- x\n- y\nc:\n  d: 2\ne: 3\n";

    const RULE: RuleInfo = RuleInfo {
        id: "a-rule",
        category: Category::Convention,
        severity: Severity::Warning,
        help: "Do x | y.",
        explanation: "First paragraph, long enough to wrap: word word word word word word word word word word word word \
word word word word word word.\n\nSecond paragraph.",
        docs: "https://docs.gitlab.com/development/internal_analytics/metrics/metrics_lifecycle/",
        wrong: Example::files(&[ExampleFile::fields("config/x.yml", &["b", "e"], FILE)]),
        right: Example::changed(
            &[ExampleFile::whole("config/x.yml", "a: 1\n"), ExampleFile::whole("config/y.yml", "y: 1\n")],
            &[ExampleFile::whole("config/x.yml", "a: 1\n"), ExampleFile::context("config/z.yml", "z: 1\n")],
        ),
    };

    #[test]
    fn formats() {
        assert_eq!(human(&[&RULE]), "RULE    CATEGORY    SEVERITY  HELP\na-rule  convention  warning   Do x | y.\n");
        assert_eq!(
            markdown(&[&RULE]),
            "| Rule | Category | Severity | Help | GitLab |\n|---|---|---|---|---|\n| `a-rule` | convention | warning | Do x \\| y. | [metrics lifecycle](https://docs.gitlab.com/development/internal_analytics/metrics/metrics_lifecycle/) |\n"
        );
        let parsed: serde_json::Value = serde_json::from_str(&json(&[&RULE])).unwrap_or_default();
        assert_eq!(parsed[0]["id"], "a-rule");
        assert_eq!(parsed[0]["severity"], "warning");
        assert_eq!(parsed[0]["examples"]["wrong"]["files"][0]["text"], FILE);
        assert_eq!(parsed[0]["examples"]["right"]["base"][1]["path"], "config/y.yml");
    }

    #[test]
    fn inline_code_is_not_broken() {
        assert_eq!(wrap("aa `b c` d", 5), "aa\n`b c`\nd\n");
        assert_eq!(unbroken_words("x `a b` `c` d `e"), ["x", "`a b`", "`c`", "d", "`e"]);
    }

    #[test]
    fn excerpts_keep_the_chosen_fields_and_mark_the_gaps() {
        assert_eq!(excerpt(FILE, &["b", "e"]), ["# ...", "b:", "- x", "- y", "# ...", "e: 3"]);
        assert_eq!(excerpt(FILE, &["a"]), ["a: 1", "# ..."]);
        assert_eq!(excerpt(FILE, &["c"]), ["# ...", "c:", "  d: 2", "# ..."]);
    }

    #[test]
    fn explain_wraps_the_explanation_and_shows_the_examples() {
        let text = explain(&RULE);
        assert!(text.starts_with("a-rule (convention, warning)\n\nDo x | y.\n\nFirst paragraph"), "{text}");
        assert!(text.contains("\n\nSecond paragraph.\n"), "{text}");
        assert!(text.lines().all(|l| l.len() <= 100));
        assert!(
            text.contains("Wrong:\n\n    # config/x.yml\n    # ...\n    b:\n    - x\n    - y\n    # ...\n    e: 3\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "Right:\n\n  At the base revision:\n\n    # config/x.yml\n    a: 1\n\n    # config/y.yml\n    y: 1\n\n  In the work tree:\n\n    # config/x.yml (unchanged)\n\n    # config/z.yml (a complete definition, not shown)\n\n    # config/y.yml: no longer in the work tree\n"
            ),
            "{text}"
        );
        assert!(text.ends_with(
            "\nGitLab: https://docs.gitlab.com/development/internal_analytics/metrics/metrics_lifecycle/\n"
        ));
        let markdown = explain_markdown(&RULE);
        assert!(markdown.starts_with("## `a-rule`\n\nconvention, warning: Do x | y.\n"), "{markdown}");
        assert!(markdown.contains("### Wrong\n\n```yaml\n# config/x.yml\n# ...\nb:\n"), "{markdown}");
    }
}
