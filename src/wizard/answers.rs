//! Checks of single answers, run at the prompt that asks for them, so a PM learns at once — in
//! words about the answer, not about plan entries or files — what the final check would refuse.
//! The final check (`plan::apply::resolve`) still runs; these only move its refusals forward.

use crate::model::common::is_snake_name;
use crate::repository::Repository;

/// An MR URL: http(s), or blank (the definition gets `introduced_by_url: TODO`, as GitLab's
/// generator writes it). GitLab's schemas declare the field with `format: uri`:
/// https://gitlab.com/gitlab-org/gitlab/-/blob/master/config/events/schema.json
pub(crate) fn check_mr_url(answer: &str) -> Result<(), String> {
    let answer = answer.trim();
    if answer.is_empty() {
        return Ok(());
    }
    let lower = answer.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty() || answer.chars().any(char::is_whitespace) {
            return Err(format!(
                "{answer} is not a complete web address: it needs a host and no spaces, e.g. https://gitlab.com/gitlab-org/gitlab/-/merge_requests/123456"
            ));
        }
        return Ok(());
    }
    let looks_like_host = answer.split('/').next().is_some_and(|host| host.contains('.') && !host.contains(' '));
    if looks_like_host {
        return Err(format!("{answer} needs its scheme: add https:// in front (https://{answer})."));
    }
    Err(format!(
        "{answer} is not a web address. Paste the merge request's URL (https://...), or press Enter to write TODO and fill it in later."
    ))
}

/// `Export Issue List` → `export_issue_list`: what a typed title would be as a name.
pub(crate) fn snake_case(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.trim().chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// Why an event name cannot be used, or `Ok`. `this_session` holds the names answered earlier
/// in the session (not yet on disk, or declined).
pub(crate) fn check_event_name(name: &str, repo: &Repository, this_session: &[String]) -> Result<(), String> {
    if !is_snake_name(name) {
        let suggestion = snake_case(name);
        let mut message =
            format!("\"{name}\" is not a valid event name: use only lowercase letters, numbers and underscores.");
        if !suggestion.is_empty() && is_snake_name(&suggestion) {
            message.push_str(&format!(" Try {suggestion}"));
        }
        return Err(message);
    }
    if let Some(event) = repo.events.iter().find(|e| e.def.action == name) {
        let file = repo.file(event.file);
        if file.in_removed_folder() || event.def.is_removed() {
            return Err(format!(
                "{name} was the name of a removed event ({}); names of removed events are not reused. Choose another name.",
                file.path
            ));
        }
        let edition = if file.in_ee() { "EE" } else { "CE" };
        return Err(format!(
            "{name} is taken by an event in {edition} ({}); event names are unique across CE and EE. Choose another name.",
            file.path
        ));
    }
    if this_session.iter().any(|n| n == name) {
        return Err(format!("{name} was already used for an event in this session. Choose another name."));
    }
    Ok(())
}

/// Why a custom property name cannot be used, or `Ok`.
pub(crate) fn check_property_name(name: &str, existing: &[String]) -> Result<(), String> {
    if ["label", "property", "value"].contains(&name) {
        return Err(format!("{name} is one of the built-in properties; choose it from the menu instead."));
    }
    if !is_snake_name(name) {
        let suggestion = snake_case(name);
        let mut message =
            format!("\"{name}\" is not a valid property name: use only lowercase letters, numbers and underscores.");
        if !suggestion.is_empty()
            && is_snake_name(&suggestion)
            && !["label", "property", "value"].contains(&suggestion.as_str())
        {
            message.push_str(&format!(" Try {suggestion}"));
        }
        return Err(message);
    }
    if existing.iter().any(|e| e == name) {
        return Err(format!("{name} is already a property of this event; choose another name."));
    }
    Ok(())
}

/// A group answer as people type it: `Project Management`, `group::project management`,
/// ` project-management ` all mean `project_management`.
pub(crate) fn normalise_group(answer: &str) -> String {
    let answer = answer.trim();
    let lower = answer.to_lowercase();
    let bare = lower.strip_prefix("group::").unwrap_or(&lower);
    bare.trim()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// The known groups closest to `answer` (already normalised), best first: those containing it
/// or contained in it, then by edit distance; at most `limit`.
pub(crate) fn similar_groups<'g>(answer: &str, groups: &'g [String], limit: usize) -> Vec<&'g str> {
    let mut scored: Vec<(usize, f64, &str)> = groups
        .iter()
        .map(|g| {
            let contains = g.contains(answer) || answer.contains(g.as_str());
            let similarity = strsim::jaro_winkler(answer, g);
            (usize::from(!contains), -similarity, g.as_str())
        })
        .filter(|(not_contained, negative_similarity, _)| *not_contained == 0 || -negative_similarity >= 0.85)
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(b.2)));
    scored.into_iter().take(limit).map(|(_, _, g)| g).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_need_a_scheme_and_a_host() {
        assert_eq!(check_mr_url(""), Ok(()));
        assert_eq!(check_mr_url("https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1"), Ok(()));
        assert_eq!(check_mr_url("HTTP://example.org"), Ok(()));
        assert!(check_mr_url("gitlab.com/gitlab-org/gitlab/-/merge_requests/1").unwrap_err().contains("add https://"));
        assert!(check_mr_url("Export Format").unwrap_err().contains("not a web address"));
        assert!(check_mr_url("https://").is_err());
        assert!(check_mr_url("https://gitlab.com/a b").is_err());
    }

    #[test]
    fn titles_become_snake_case() {
        assert_eq!(snake_case("Export Issue List"), "export_issue_list");
        assert_eq!(snake_case("  click--Save button! "), "click_save_button");
        assert_eq!(normalise_group("group::Project Management"), "project_management");
        assert_eq!(normalise_group("Project Management"), "project_management");
        assert_eq!(normalise_group("project-management"), "project_management");
    }

    #[test]
    fn near_groups_rank_first() {
        let groups: Vec<String> =
            ["product_planning", "project_management", "knowledge", "source_code"].map(String::from).to_vec();
        assert_eq!(similar_groups("project_managment", &groups, 3).first(), Some(&"project_management"));
        assert_eq!(similar_groups("source", &groups, 3), ["source_code"]);
        assert!(similar_groups("zzz", &groups, 3).is_empty());
    }
}
