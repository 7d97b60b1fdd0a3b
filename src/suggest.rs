//! "Did you mean …?": the names close to a mistyped one. One ranking for every message that
//! suggests a name — unknown keys and list values in the schema rule, unknown events and
//! metrics in `usage`/`issue`, unknown rules in `explain`.

/// How many names a message lists at most.
const MAX_SUGGESTIONS: usize = 5;

/// Names in `candidates` close to `wanted`, best first, at most five, without duplicates.
///
/// A name is close when it is a likely typo of `wanted` (Damerau–Levenshtein distance of at
/// most 2, or a fifth of the name's length for long names), when one contains the other (a
/// partial action or rule id), or when the two read alike (Jaro–Winkler similarity of at least
/// 0.85). Typos come first, the smallest distance first; then the others, the most similar
/// first; ties by name. An exact match is not a suggestion.
pub fn close_matches<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(usize, f64, &str)> = candidates
        .into_iter()
        .filter(|c| *c != wanted)
        .filter_map(|c| {
            let distance = strsim::damerau_levenshtein(wanted, c);
            let typo = distance <= 2.max(c.len() / 5);
            let similarity = strsim::jaro_winkler(wanted, c);
            let contains = !wanted.is_empty() && (c.contains(wanted) || wanted.contains(c));
            (typo || contains || similarity >= 0.85).then_some((
                if typo { distance } else { usize::MAX },
                similarity,
                c,
            ))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(b.2)));
    let mut names: Vec<&str> = Vec::new();
    for (_, _, name) in scored {
        if !names.contains(&name) && names.len() < MAX_SUGGESTIONS {
            names.push(name);
        }
    }
    names
}

/// The single closest name, for messages that suggest one.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    close_matches(wanted, candidates).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_first_then_partial_and_similar_names() {
        let actions = ["internal_events_cli_used", "internal_events_cli_opened", "pull_package"];
        assert_eq!(close_matches("internal_events_cli_use", actions)[0], "internal_events_cli_used");
        assert_eq!(close_matches("cli_opened", actions), ["internal_events_cli_opened"]);
        assert!(close_matches("zzz", actions).is_empty());
        assert_eq!(closest("tier", ["tiers", "identifiers", "action"]), Some("tiers"));
        assert_eq!(closest("team_planing", ["team_planning", "planning_analytics"]), Some("team_planning"));
        assert_eq!(closest("tiers", ["tiers"]), None);
        let rules = ["yaml-duplicate-key", "schema-duplicate-item", "duplicate-key-path", "duplicate-action", "zzz"];
        assert_eq!(close_matches("duplicate", rules).len(), 4);
        assert_eq!(close_matches("a", ["b", "c", "d", "e", "f", "g"]).len(), MAX_SUGGESTIONS);
    }
}
