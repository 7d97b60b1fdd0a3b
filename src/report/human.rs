//! Human output, like rustc: `path:line:col`, the source line, the help, a closing summary.

use crate::diagnostics::Severity;
use crate::repository::Repository;
use crate::rules::Outcome;

pub fn render(outcome: &Outcome, repo: &Repository, color: bool) -> String {
    let _ = color;
    let mut out = String::new();
    for d in &outcome.diagnostics {
        out.push_str(&format!(
            "{}[{}]: {}\n  --> {}:{}:{}\n",
            d.severity.as_str(),
            d.rule,
            d.message,
            d.path,
            d.line,
            d.column
        ));
        if let Some(line) = repo.file_index(&d.path).and_then(|i| repo.file(i).text.lines().nth(d.line as usize - 1)) {
            out.push_str(&format!("   |\n{:>3}| {line}\n   |\n", d.line));
        }
        out.push_str(&format!("   = help: {}\n\n", d.help));
    }
    out.push_str(&format!(
        "checked {} files: {} errors, {} warnings\n",
        outcome.files_checked,
        outcome.count(Severity::Error),
        outcome.count(Severity::Warning)
    ));
    out
}
