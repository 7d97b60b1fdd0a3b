//! Hostile names and descriptions (quotes, `#{}`, `</script>`, newlines, unicode, property
//! names that are keywords or not identifiers) still produce valid code. JavaScript and Vue
//! scripts are checked with `node --check` when node is installed (skipped otherwise); Ruby with
//! `ruby -c` when ruby is installed; the other languages structurally.

use std::path::Path;
use std::process::Command;

use eventdef::render::{self, Templates, UsageOptions, UsageTarget};
use eventdef::repository::{LoadLimits, ReferenceLists, Repository};

const ACTION: &str = "evil'action\"</script>#{x}\\";

const EVENT: &str = r##"---
description: "Hostile \"event\" </script> #{system('id')}\nsecond line"
internal_events: true
status: active
action: "evil'action\"</script>#{x}\\"
identifiers:
- project
- user
additional_properties:
  label:
    description: "ends </script> <!-- here"
  class:
    description: "#{system('id')} and ' \" \\ quotes"
  end:
    description: "multi\nline\rdescription\u2028sep"
  default:
    description: "emoji ✓ 日本語"
  a-b:
    description: "dash | pipe"
  "x'y\"z":
    description: quotes in the name
  "new\nline":
    description: newline in the name
  ünï:
    description: unicode name
product_group: "analytics_instrumentation"
product_categories:
- service_ping
tiers:
- free
"##;

const METRIC: &str = r##"---
key_path: "counts.count_total_evil'action"
description: "Count of | evil\nthings"
product_group: analytics_instrumentation
product_categories:
- service_ping
status: active
time_frame: 28d
data_source: internal_events
tiers:
- free
events:
- name: "evil'action\"</script>#{x}\\"
  filter:
    label: "a|b'c"
"##;

struct Hostile {
    dir: tempfile::TempDir,
    repo: Repository,
}

fn hostile() -> Hostile {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config/events")).unwrap();
    std::fs::create_dir_all(dir.path().join("config/metrics/counts_28d")).unwrap();
    std::fs::write(dir.path().join("config/events/evil.yml"), EVENT).unwrap();
    std::fs::write(dir.path().join("config/metrics/counts_28d/evil.yml"), METRIC).unwrap();
    let repo = Repository::load(dir.path(), ReferenceLists::built_in(), &LoadLimits::default());
    Hostile { dir, repo }
}

impl Hostile {
    fn render(&self, target: UsageTarget) -> String {
        let event = &self.repo.event(ACTION).expect("the hostile event loads").def;
        render::usage_with(&self.repo, event, target, &Templates::embedded().unwrap(), &UsageOptions::default())
            .unwrap()
    }
}

/// The code between the title line and the next divider.
fn snippet_body(text: &str, title: &str) -> String {
    let start = text.find(title).unwrap_or_else(|| panic!("no {title} in\n{text}")) + title.len();
    let rest = &text[start..];
    let end = rest.find("\n-----").unwrap();
    rest[..end].to_owned()
}

fn tool_available(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success())
}

fn node_check(dir: &Path, name: &str, code: &str) -> Result<(), String> {
    let file = dir.join(name);
    std::fs::write(&file, code).unwrap();
    let out = Command::new("node").arg("--check").arg(&file).output().unwrap();
    if out.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned()) }
}

#[test]
fn the_hostile_event_loads_with_every_property() {
    let h = hostile();
    let event = &h.repo.event(ACTION).unwrap().def;
    assert_eq!(event.property_names().count(), 8);
}

#[test]
fn plain_javascript_is_valid() {
    let h = hostile();
    let js = snippet_body(&h.render(UsageTarget::Js), "// FRONTEND -- RAW JAVASCRIPT");
    assert!(js.contains("class: 'string', //") || js.contains("class: 'custom_value', //"), "{js}");
    assert!(js.contains("'a-b': 'custom_value'"), "{js}");
    assert!(tool_available("node"), "node is not installed");
    // The check is not vacuous: a broken snippet fails.
    assert!(node_check(h.dir.path(), "broken.mjs", "export const x = ('a\nb');").is_err());
    node_check(h.dir.path(), "plain.mjs", &js).unwrap_or_else(|e| panic!("{e}\n{js}"));
}

#[test]
fn vue_script_block_is_valid_and_closed_only_once() {
    let h = hostile();
    let vue = h.render(UsageTarget::Vue);
    assert_eq!(vue.matches("</script>").count(), 1, "a value closed the <script> block early:\n{vue}");
    let script = &vue[vue.find("<script>\n").unwrap() + "<script>\n".len()..vue.find("</script>").unwrap()];
    assert!(tool_available("node"), "node is not installed");
    node_check(h.dir.path(), "component.mjs", script).unwrap_or_else(|e| panic!("{e}\n{script}"));
}

#[test]
fn ruby_snippets_keep_hostile_values_inert() {
    let h = hostile();
    let rails = snippet_body(&h.render(UsageTarget::Rails), "# RAILS");
    // Every property is one line: the comments cannot spill into code.
    let property_lines = rails.lines().filter(|l| l.starts_with("    ") && l.contains(" # ")).count();
    assert_eq!(property_lines, 8, "{rails}");
    assert!(rails.contains("    class: 'custom_value',"), "keywords stay bare labels:\n{rails}");
    assert!(rails.contains("    'a-b': 'custom_value',"), "{rails}");
    assert!(rails.contains(r#"    "new\nline": 'custom_value',"#), "{rails}");
    // Printable text stays single-quoted, where `#{` does not interpolate.
    assert!(rails.contains(r#"  'evil\'action"</script>#{x}\\',"#), "{rails}");
}

#[test]
#[ignore = "needs ruby"]
fn ruby_snippets_pass_ruby_syntax_check() {
    let h = hostile();
    let rails = snippet_body(&h.render(UsageTarget::Rails), "# RAILS");
    let rspec = snippet_body(&h.render(UsageTarget::Rspec), "# RSPEC");
    let gdk = h.render(UsageTarget::Gdk);
    let console =
        snippet_body(&gdk, "# RAILS CONSOLE -- generate service ping payload, including most recent usage data");
    assert!(tool_available("ruby"), "ruby is not installed (apt-get install ruby)");
    for (name, code) in [("rails.rb", &rails), ("rspec.rb", &rspec), ("console.rb", &console)] {
        let file = h.dir.path().join(name);
        std::fs::write(&file, format!("def m\n{code}\nend\n")).unwrap();
        let out = Command::new("ruby").arg("-c").arg(&file).output().unwrap();
        assert!(out.status.success(), "{}\n{code}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn haml_data_hashes_are_single_ruby_hashes() {
    let h = hostile();
    let haml = h.render(UsageTarget::Haml);
    let line = haml.lines().find(|l| l.starts_with(".inline-block{")).unwrap();
    assert!(line.contains(r#"event_tracking: 'evil\'action"</script>#{x}\\'"#), "{line}");
    assert!(line.contains("event_class: 'custom_value'"), "{line}");
    assert!(line.contains("'event_a-b': 'custom_value'"), "{line}");
    assert!(line.contains(r#""event_new\nline": 'custom_value'"#), "{line}");
    assert!(line.ends_with(" } }"), "{line}");
}

#[test]
#[ignore = "needs ruby and haml"]
fn haml_snippet_compiles_to_valid_ruby() {
    let h = hostile();
    let haml = h.render(UsageTarget::Haml);
    assert!(tool_available("ruby"), "ruby is not installed (apt-get install ruby)");
    assert!(
        Command::new("haml").arg("version").output().is_ok_and(|o| o.status.success()),
        "haml is not installed (apt-get install ruby-haml)"
    );
    // The three forms as one document: compile with HAML, then check the Ruby it produces.
    let document: String = haml
        .lines()
        .filter(|l| l.starts_with(".inline-block{") || l.starts_with("  = _(") || l.starts_with("= render "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(document.lines().count(), 4, "{haml}");
    let file = h.dir.path().join("snippet.haml");
    std::fs::write(&file, &document).unwrap();
    let compiled = Command::new("haml").arg("compile").arg(&file).output().unwrap();
    assert!(compiled.status.success(), "{}\n{document}", String::from_utf8_lossy(&compiled.stderr));
    let ruby_file = h.dir.path().join("snippet_haml.rb");
    std::fs::write(&ruby_file, &compiled.stdout).unwrap();
    let out = Command::new("ruby").arg("-c").arg(&ruby_file).output().unwrap();
    assert!(out.status.success(), "{}\n{document}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn vue_template_attributes_are_well_formed() {
    let h = hostile();
    let template = h.render(UsageTarget::VueTemplate);
    let attributes: Vec<&str> = template.lines().filter(|l| l.trim_start().starts_with("data-event-")).collect();
    assert_eq!(attributes.len(), 2 * 9, "{template}");
    for attribute in attributes {
        let (name, value) = attribute.trim().split_once('=').unwrap();
        assert!(!name.contains(['"', '\'', ' ', '>', '/', '=']), "{attribute}");
        let quoted = value.starts_with('"') && value.ends_with('"') && !value[1..value.len() - 1].contains('"');
        assert!(quoted || value.chars().all(|c| c.is_ascii_digit()), "{attribute}");
    }
    assert!(template.contains(r#"data-event-tracking="evil&#39;action&quot;&lt;/script&gt;#{x}\""#), "{template}");
}

/// Undo `sql_str` the way Snowflake reads a string constant.
fn read_sql_literal(literal: &str) -> String {
    let inner = literal.strip_prefix('\'').and_then(|l| l.strip_suffix('\'')).unwrap();
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => assert_eq!(chars.next(), Some('\''), "a lone quote ends the literal early: {literal}"),
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('\\') => out.push('\\'),
                other => panic!("unexpected escape {other:?}"),
            },
            c => {
                out.push(c);
                continue;
            }
        }
        if c == '\'' {
            out.push('\'');
        }
    }
    out
}

#[test]
fn sql_literals_hold_exactly_the_value() {
    let h = hostile();
    let sql = h.render(UsageTarget::Sql);
    let line = sql.lines().find(|l| l.starts_with("WHERE event_action = ")).unwrap();
    assert_eq!(read_sql_literal(line.strip_prefix("WHERE event_action = ").unwrap()), ACTION);
    let metric_line = sql.lines().find(|l| l.trim_start().starts_with("'counts.")).unwrap();
    assert_eq!(read_sql_literal(metric_line.trim()), "counts.count_total_evil'action");
    // Comments stay comments: every line of the property list starts with `--`.
    for l in sql.lines().skip_while(|l| !l.starts_with("-- Additional properties:")).take(9) {
        assert!(l.starts_with("--"), "{l}");
    }
}

#[test]
fn issue_tables_keep_their_columns() {
    let h = hostile();
    let event = h.repo.event(ACTION).unwrap().def.clone();
    let metric = h.repo.metrics[0].def.clone();
    let text = render::issue(&[event], &[metric], "", &Templates::embedded().unwrap()).unwrap();
    let unescaped_pipes = |l: &str| {
        let bytes = l.as_bytes();
        (0..bytes.len()).filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\')).count()
    };
    let event_row = text.lines().find(|l| l.starts_with("| Hostile")).unwrap();
    assert_eq!(unescaped_pipes(event_row), 5, "{event_row}");
    assert!(event_row.starts_with("| Hostile \"event\" &lt;/script> #{system('id')}<br>second line |"), "{event_row}");
    let metric_row = text.lines().find(|l| l.starts_with("| Count of")).unwrap();
    assert_eq!(unescaped_pipes(metric_row), 6, "{metric_row}");
    assert!(metric_row.contains("(label=a\\|b'c)"), "{metric_row}");
}
