//! The rule catalog as text: a table for `eventdef rules`, JSON for tools, and the Markdown
//! table of the README (a test keeps the README equal to [`markdown`]).

use serde::Serialize;

use crate::diagnostics::RuleInfo;

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
}

/// `[{"id", "category", "severity", "help"}]`.
pub fn json(rules: &[&RuleInfo]) -> String {
    let list: Vec<JsonRule<'_>> = rules
        .iter()
        .map(|r| JsonRule { id: r.id, category: r.category.as_str(), severity: r.severity.as_str(), help: r.help })
        .collect();
    let mut text = serde_json::to_string_pretty(&list).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// The README's rules table.
pub fn markdown(rules: &[&RuleInfo]) -> String {
    let mut out = String::from("| Rule | Category | Severity | Help |\n|---|---|---|---|\n");
    for r in rules {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.id,
            r.category.as_str(),
            r.severity.as_str(),
            r.help.replace('|', "\\|")
        ));
    }
    out
}

/// `eventdef explain RULE`: the catalog entry and, when there is one, the longer explanation.
pub fn explain(rule: &RuleInfo, explanation: Option<&str>) -> String {
    let mut out = format!("{} ({}, {})\n\n{}\n", rule.id, rule.category.as_str(), rule.severity.as_str(), rule.help);
    if let Some(text) = explanation {
        out.push('\n');
        out.push_str(&wrap(text, 100));
    }
    out
}

/// Greedy word wrap, for explanations written as one long line.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Category, Severity};

    const RULE: RuleInfo =
        RuleInfo { id: "a-rule", category: Category::Convention, severity: Severity::Warning, help: "Do x | y." };

    #[test]
    fn formats() {
        assert_eq!(human(&[&RULE]), "RULE    CATEGORY    SEVERITY  HELP\na-rule  convention  warning   Do x | y.\n");
        assert_eq!(
            markdown(&[&RULE]),
            "| Rule | Category | Severity | Help |\n|---|---|---|---|\n| `a-rule` | convention | warning | Do x \\| y. |\n"
        );
        let parsed: serde_json::Value = serde_json::from_str(&json(&[&RULE])).unwrap_or_default();
        assert_eq!(parsed[0]["id"], "a-rule");
        assert_eq!(parsed[0]["severity"], "warning");
    }

    #[test]
    fn explain_wraps_the_explanation() {
        let text = explain(&RULE, Some(&"word ".repeat(30)));
        assert!(text.starts_with("a-rule (convention, warning)\n\nDo x | y.\n\nword word"));
        assert!(text.lines().all(|l| l.len() <= 100));
    }
}
