//! Differential test against the real thing: when Ruby is installed, the writer's output for
//! thousands of tricky strings (as values, nested values, list items and keys) is compared with
//! `Hash#to_yaml(line_width: 150)` from Ruby's Psych. Skipped (with a note) without Ruby.
//!
//! Known, deliberate differences are excluded and listed in `known_difference`.

use crate::support;

use std::io::Write;
use std::process::{Command, Stdio};

use eventdef::yaml::write::{Yaml, to_yaml};
use support::yaml_fragments::FRAGMENTS;

const RUBY: &str = r#"
require "json"
require "psych"
strings = JSON.parse(STDIN.read)
docs = strings.map do |s|
  { "description" => s, "nested" => { "x" => { "description" => s } }, "list" => [s, "b"], s => "key" }
    .to_yaml(line_width: 150)
end
puts JSON.generate({ "psych" => Psych::VERSION, "docs" => docs })
"#;

fn document(s: &str) -> Yaml {
    Yaml::Map(vec![
        ("description".into(), Yaml::str(s)),
        ("nested".into(), Yaml::Map(vec![("x".into(), Yaml::Map(vec![("description".into(), Yaml::str(s))]))])),
        ("list".into(), Yaml::Seq(vec![Yaml::str(s), Yaml::str("b")])),
        (s.into(), Yaml::str("key")),
    ])
}

/// A deterministic pseudo-random generator (xorshift), so the test needs no seed handling.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn strings() -> Vec<String> {
    let mut out: Vec<String> = FRAGMENTS.iter().map(|s| s.to_string()).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let parts = 1 + rng.below(6);
        let mut s = String::new();
        for _ in 0..parts {
            match rng.below(4) {
                0 => s.push_str(&"lorem ipsum dolor sit amet ".repeat(1 + rng.below(8))),
                _ => s.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]),
            }
        }
        out.push(s);
    }
    // Long single words and long lines that start late.
    out.push("x".repeat(200));
    out.push(format!("{} end", "ab ".repeat(60)));
    out.retain(|s| !["description", "nested", "list"].contains(&s.as_str()));
    out
}

/// Differences that are on purpose (see yaml/emitter.rs) or come from Psych versions.
fn known_difference(s: &str, psych_version: &str) -> bool {
    // Deviations: LS/PS are escaped; folded text starting with a space is double-quoted.
    s.contains('\u{2028}')
        || s.contains('\u{2029}')
        || (s.starts_with(' ') && s.chars().count() > 150)
        // Psych < 5 double-quotes only lowercase y/n.
        || (matches!(s, "Y" | "N") && psych_version.starts_with('4'))
}

#[test]
#[ignore = "needs ruby"]
fn writer_matches_ruby_psych() {
    let Ok(mut child) = Command::new("ruby")
        .args(["-e", RUBY])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        panic!("ruby is not installed (apt-get install ruby); this test compares the writer with Ruby's Psych");
    };
    let strings = strings();
    let input = serde_json::to_string(&strings).expect("json");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write to ruby");
    let output = child.wait_with_output().expect("ruby runs");
    assert!(output.status.success(), "ruby failed: {}", String::from_utf8_lossy(&output.stderr));
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).expect("ruby prints JSON");
    let version = result["psych"].as_str().unwrap_or_default().to_owned();
    let docs = result["docs"].as_array().expect("docs");
    let mut failures = Vec::new();
    for (s, expected) in strings.iter().zip(docs) {
        let expected = expected.as_str().unwrap_or_default();
        let ours = to_yaml(&document(s));
        if ours != expected && !known_difference(s, &version) {
            failures.push(format!("{s:?}\n--- psych {version}\n{expected}--- ours\n{ours}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n\n{}",
        failures.len(),
        strings.len(),
        failures.iter().take(10).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
#[ignore = "needs ruby"]
fn floats_match_ruby() {
    let floats: Vec<f64> = vec![
        12.4,
        100.0,
        1e15,
        1e16,
        1.5e16,
        1e-4,
        1e-5,
        0.1 + 0.2,
        -0.0,
        0.0,
        123_456_789.123,
        1e300,
        5e-324,
        -2.5e-7,
        9_007_199_254_740_993.0,
        0.5,
        1.0 / 3.0,
        60.0,
    ];
    let script = r#"require "json"; require "psych"; puts JSON.generate(JSON.parse(STDIN.read).map { |f| { "v" => f.to_f }.to_yaml })"#;
    let Ok(mut child) = Command::new("ruby").args(["-e", script]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()
    else {
        panic!("ruby is not installed (apt-get install ruby)");
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(serde_json::to_string(&floats).expect("json").as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("ruby runs");
    let docs: Vec<String> = serde_json::from_slice(&output.stdout).expect("json");
    for (f, expected) in floats.iter().zip(docs) {
        assert_eq!(to_yaml(&Yaml::Map(vec![("v".into(), Yaml::Float(*f))])), expected, "{f:e}");
    }
}
