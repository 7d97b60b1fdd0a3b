//! What is left to do after definitions were written (by the wizard or `eventdef apply`): the
//! `introduced_by_url: TODO` lines to replace, then commit, open the merge request and validate.
//! GitLab's generator writes TODO until the merge request exists, and GitLab's schema does not
//! accept it (`format: uri`,
//! https://gitlab.com/gitlab-org/gitlab/-/blob/master/config/events/schema.json), so the
//! reminder names each line.

use std::path::Path;

/// The next steps for the written `files` (paths relative to `root`), one line each.
pub fn next_steps(root: &Path, files: &[String]) -> Vec<String> {
    let mut steps = Vec::new();
    let todos: Vec<String> =
        files.iter().filter_map(|file| todo_line(root, file).map(|line| format!("{file}:{line}"))).collect();
    let mut n = 1;
    if !todos.is_empty() {
        steps.push(format!("{n}. Replace `introduced_by_url: TODO` with the merge request's URL in:"));
        steps.extend(todos.iter().map(|place| format!("     {place}")));
        n += 1;
    }
    steps.push(format!("{n}. Commit the new files: git add {}", files.join(" ")));
    steps.push(format!("{}. Open the merge request (and put its URL where TODO stands).", n + 1));
    steps.push(format!("{}. Check the definitions: eventdef validate", n + 2));
    steps
}

/// The line of `introduced_by_url: TODO` in a written file, if it is still there.
fn todo_line(root: &Path, file: &str) -> Option<usize> {
    let text = std::fs::read_to_string(root.join(file)).ok()?;
    text.lines()
        .position(|line| {
            let line = line.trim_end();
            line == "introduced_by_url: TODO"
                || line == "introduced_by_url: 'TODO'"
                || line == "introduced_by_url: \"TODO\""
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_todo_line() {
        let dir = tempfile_dir();
        std::fs::write(dir.join("a.yml"), "description: x\nintroduced_by_url: TODO\n").expect("write");
        std::fs::write(dir.join("b.yml"), "introduced_by_url: https://gitlab.com/x/-/merge_requests/1\n")
            .expect("write");
        let steps = next_steps(&dir, &["a.yml".into(), "b.yml".into()]);
        assert_eq!(
            steps,
            [
                "1. Replace `introduced_by_url: TODO` with the merge request's URL in:",
                "     a.yml:2",
                "2. Commit the new files: git add a.yml b.yml",
                "3. Open the merge request (and put its URL where TODO stands).",
                "4. Check the definitions: eventdef validate",
            ]
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("eventdef-next-steps-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        dir
    }
}
