use super::*;

#[test]
fn positions_are_one_based() {
    let parsed = parse("---\na: 1\nb:\n  - x\n  - 'y'\n");
    let root = parsed.root.unwrap();
    assert_eq!(root.get("a").unwrap().pos, Position { line: 2, column: 4 });
    let b = root.get("b").unwrap().as_seq().unwrap();
    assert_eq!(b[1].pos, Position { line: 5, column: 5 });
    assert_eq!(b[1].as_str(), Some("y"));
    assert_eq!(root.key_pos("b"), Some(Position { line: 3, column: 1 }));
}

#[test]
fn duplicate_keys_keep_last_and_are_reported() {
    let parsed = parse("a: 1\na: 2\n");
    assert_eq!(parsed.root.unwrap().get("a").unwrap().value, Value::Int(2));
    assert_eq!(parsed.problems[0].kind, YamlProblemKind::DuplicateKey);
    assert_eq!(parsed.problems[0].pos.line, 2);
}

#[test]
fn quoted_milestone_is_a_string_and_plain_is_a_float() {
    let root = parse("m: '16.10'\nn: 16.10\n").root.unwrap();
    assert_eq!(root.get("m").unwrap().as_str(), Some("16.10"));
    assert_eq!(root.get("n").unwrap().value, Value::Float(16.1));
}

#[test]
fn billion_laughs_is_bounded() {
    let mut doc = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h'] {
        doc.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = name;
    }
    let parsed = parse(&doc);
    assert!(parsed.is_fatal());
    assert_eq!(parsed.problems.last().unwrap().kind, YamlProblemKind::Limit);
}

#[test]
fn deep_nesting_is_bounded() {
    let doc = "[".repeat(10_000) + &"]".repeat(10_000);
    let parsed = parse(&doc);
    assert!(parsed.is_fatal());
}

#[test]
fn the_parsers_own_flow_limit_is_a_limit() {
    let doc = "a: ".to_owned() + &"[".repeat(300) + &"]".repeat(300);
    let parsed = parse_with_limits(&doc, ParseLimits { max_depth: 1000, ..ParseLimits::default() });
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].kind, YamlProblemKind::Limit);
    assert_eq!(parsed.problems[0].message, "nesting deeper than 255 levels");
}

#[test]
fn an_alias_cannot_nest_the_tree_deeper_than_the_limit() {
    // Each alias is fine on its own; copied inside the next anchor they would nest 3 × 40
    // levels.
    let limits = ParseLimits { max_depth: 64, ..ParseLimits::default() };
    let nest = |inner: &str| format!("{}{inner}{}", "[".repeat(39), "]".repeat(39));
    let doc = format!("a: &a {}\nb: &b {}\nc: {}\n", nest("x"), nest("*a"), nest("*b"));
    let parsed = parse_with_limits(&doc, limits);
    assert!(parsed.is_fatal());
    let problem = &parsed.problems[0];
    assert_eq!((problem.kind, problem.pos.line), (YamlProblemKind::Limit, 2));
    assert_eq!(problem.message, "nesting deeper than 64 levels (through an alias)");
}

#[test]
fn aliases_of_a_huge_string_are_bounded_by_bytes() {
    let doc = format!("a: &a {}\nb: [{}]\n", "x".repeat(100_000), vec!["*a"; 20].join(", "));
    let parsed = parse(&doc);
    assert!(parsed.is_fatal());
    assert!(parsed.problems[0].message.contains("bytes of text"), "{:?}", parsed.problems);
    // A few plain aliases are fine.
    let parsed = parse("a: &a {x: 1}\nb: *a\nc: [*a, *a]\n");
    assert!(parsed.problems.is_empty());
    assert_eq!(parsed.root.unwrap().locate(&["c", "1", "x"]).value, Value::Int(1));
}

#[test]
fn nested_anchors_around_a_large_tree_are_bounded() {
    // 60 nested anchors around 9,000 aliased nodes would keep 60 copies of them.
    let mut doc = format!("a: &a [{}]\n", vec!["x"; 900].join(", "));
    doc.push_str("b: ");
    for i in 0..60 {
        doc.push_str(&format!("&n{i} ["));
    }
    doc.push_str(&["*a"; 9].join(", "));
    doc.push_str(&"]".repeat(60));
    let parsed = parse(&doc);
    assert!(parsed.is_fatal());
    assert!(parsed.problems[0].message.starts_with("anchors copy more than 10000 nodes"), "{:?}", parsed.problems);
}

#[test]
fn many_duplicate_keys_are_found_quickly_and_capped() {
    // 200,000 keys: comparing every pair would take minutes.
    let mut doc: String = (0..100_000).map(|i| format!("k{i}: 1\n")).collect();
    doc.push_str(&(0..100_000).map(|i| format!("k{i}: 2\n")).collect::<String>());
    let parsed = parse(&doc);
    let root = parsed.root.unwrap();
    assert_eq!(root.as_map().unwrap().len(), 100_000);
    assert_eq!(root.get("k99999").unwrap().value, Value::Int(2));
    assert_eq!(parsed.problems.len(), MAX_PROBLEMS_PER_KIND + 1);
    let last = parsed.problems.last().unwrap();
    assert_eq!(last.kind, YamlProblemKind::DuplicateKey);
    assert_eq!(last.message, "99900 more duplicate keys from here on are not listed one by one");
    assert_eq!(last.pos.line, 100_101);
}

#[test]
fn keys_are_the_same_once_symbolized() {
    let parsed = parse("1: a\n'1': b\n[x]: c\n[x]: d\n");
    let kinds: Vec<_> = parsed.problems.iter().map(|p| (p.kind, p.pos.line)).collect();
    assert_eq!(kinds, [(YamlProblemKind::DuplicateKey, 2), (YamlProblemKind::DuplicateKey, 4)]);
}

#[test]
fn nested_collection_keys_cost_linear_time() {
    // Found by the `load` fuzz target: `? ? ? ... x` nests mappings as keys of mappings;
    // their JSON text once doubled its escapes at every level (2^60 bytes).
    let doc = "? ".repeat(60) + "x";
    let parsed = parse(&doc);
    let root = parsed.root.unwrap();
    let json = root.to_json().to_string();
    assert!(json.len() < 1000, "{json}");
    let parsed = parse("? [a, b]\n: 1\n? [a, b]\n: 2\n? ['a, b']\n: 3\n");
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.root.unwrap().as_map().unwrap().len(), 2);
}

#[test]
fn a_tab_after_a_colon_separates_as_in_gitlab() {
    // Psych reads all of these; saphyr-parser alone refuses `:\t` before a letter.
    let parsed = parse("a:\tb\nc: [x,\ty]\nd:\t\t'e'\nf:\t g\n");
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let root = parsed.root.unwrap();
    assert_eq!(root.get("a").unwrap().as_str(), Some("b"));
    assert_eq!(root.get("a").unwrap().pos, Position { line: 1, column: 4 });
    assert_eq!(root.get("f").unwrap().as_str(), Some("g"));
    // Quoted tabs are content and stay.
    let parsed = parse("a:\tb\nq: \"x:\ty\"\n");
    assert_eq!(parsed.root.unwrap().get("q").unwrap().as_str(), Some("x:\ty"));
    // Psych refuses a tab before a block sequence entry, and so do we.
    assert!(parse("a:\t- b\n").is_fatal());
    assert!(parse("a:\n\t- b\n").is_fatal());
    // Past the cap, the parser's error stands.
    let many: String = (0..MAX_TAB_SEPARATORS + 1).map(|i| format!("k{i}:\tv\n")).collect();
    assert!(parse(&many).is_fatal());
    // Two byte-order marks: no slicing inside a character.
    let _ = parse("\u{feff}\u{feff}a:\tb\n");
}

#[test]
fn a_nul_byte_is_named() {
    let parsed = parse("description: a\0b\naction: x\n");
    assert_eq!(parsed.problems[0].kind, YamlProblemKind::Syntax);
    assert!(parsed.problems[0].message.ends_with("U+0000 (a NUL byte)"), "{:?}", parsed.problems);
    assert_eq!(parsed.problems[0].pos, Position { line: 1, column: 15 });
}

#[test]
fn positions_after_crlf_tabs_and_a_bom() {
    let root = parse("\u{feff}a: 1\r\nb:\r\n- \tx\rc: 'y'\n").root.unwrap();
    assert_eq!(root.get("a").unwrap().pos, Position { line: 1, column: 4 });
    assert_eq!(root.get("b").unwrap().as_seq().unwrap()[0].pos, Position { line: 3, column: 4 });
    assert_eq!(root.get("c").unwrap().pos, Position { line: 4, column: 4 });
}

#[test]
fn the_deepest_tree_allowed_is_safe_on_a_small_stack() {
    // The loader parses on rayon threads with 2 MiB stacks; the largest depth a caller may
    // allow must survive every recursive walk there, in a debug build.
    let run = std::thread::Builder::new().stack_size(2 * 1024 * 1024).spawn(|| {
        let depth = ParseLimits::MAX_DEPTH;
        let doc = "- ".repeat(depth) + "x";
        let limits = ParseLimits { max_depth: usize::MAX, ..ParseLimits::default() };
        let parsed = parse_with_limits(&doc, limits);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let root = parsed.root.unwrap();
        assert!(root.to_json().to_string().len() > depth);
        let copy = root.clone();
        assert!(copy == root);
        let deeper = "- ".repeat(depth + 1) + "x";
        assert!(parse_with_limits(&deeper, limits).is_fatal());
    });
    assert!(run.map(|handle| handle.join().is_ok()).unwrap_or(false));
}

#[test]
fn extra_documents_are_reported() {
    let parsed = parse("---\na: 1\n---\nb: 2\n");
    assert_eq!(parsed.root.unwrap().get("a").unwrap().value, Value::Int(1));
    assert_eq!(parsed.problems[0].kind, YamlProblemKind::ExtraDocument);
}

#[test]
fn empty_and_bom() {
    assert!(parse("").root.is_none());
    assert!(parse("---\n").root.map(|n| n.is_null()).unwrap_or(true));
    assert!(parse("\u{feff}a: 1\n").root.unwrap().get("a").is_some());
}
