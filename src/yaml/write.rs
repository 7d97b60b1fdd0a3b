//! GitLab-exact YAML writing: the bytes Ruby's Psych writes with `to_yaml(line_width: 150)` for a
//! string-keyed hash, as GitLab's generator writes definitions
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/helpers/files.rb).
//!
//! Two layers mirror the two Ruby/C layers: [`string_event`] is Psych's `visit_String` (which
//! style to ask for: literal for multi-line text, folded above 150 characters, double quotes
//! for text starting with a non-word character, single quotes for text that would read back
//! as another type), and [`super::emitter`] is libyaml's emitter (which style is possible, how
//! to fold, indent and escape).

use regex::Regex;
use std::sync::LazyLock;

use super::emitter::{EmitNode, EmitterOptions, ScalarEvent, ScalarStyle, emit_document};
use super::scalar::plain_is_not_string;

/// `to_yaml(line_width: 150)`, as GitLab's generator calls it.
pub const LINE_WIDTH: usize = 150;

/// A YAML value as the generator hands it to Psych: string keys, insertion order.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    pub fn str(s: impl Into<String>) -> Yaml {
        Yaml::String(s.into())
    }

    pub fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Yaml {
        Yaml::Seq(items.into_iter().map(|s| Yaml::str(s.as_ref())).collect())
    }

    /// A JSON value (free-form fields such as `options`) in the same shape.
    pub fn from_json(value: &serde_json::Value) -> Yaml {
        use serde_json::Value as J;
        match value {
            J::Null => Yaml::Null,
            J::Bool(b) => Yaml::Bool(*b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Yaml::Int(i),
                None => Yaml::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            J::String(s) => Yaml::str(s),
            J::Array(items) => Yaml::Seq(items.iter().map(Yaml::from_json).collect()),
            J::Object(map) => Yaml::Map(map.iter().map(|(k, v)| (k.clone(), Yaml::from_json(v))).collect()),
        }
    }
}

/// The document Psych writes for `value`: `---` header, block style, final newline.
pub fn to_yaml(value: &Yaml) -> String {
    emit_document(&to_node(value), EmitterOptions { best_width: LINE_WIDTH, best_indent: 2 })
}

fn to_node(value: &Yaml) -> EmitNode {
    match value {
        // Psych's visit_NilClass: an empty plain scalar tagged null.
        Yaml::Null => non_string_scalar(""),
        Yaml::Bool(b) => non_string_scalar(if *b { "true" } else { "false" }),
        Yaml::Int(i) => non_string_scalar(&i.to_string()),
        Yaml::Float(f) => non_string_scalar(&ruby_float_to_s(*f)),
        Yaml::String(s) => EmitNode::Scalar(string_event(s)),
        Yaml::Seq(items) => EmitNode::Seq(items.iter().map(to_node).collect()),
        Yaml::Map(entries) => {
            EmitNode::Map(entries.iter().map(|(k, v)| (EmitNode::Scalar(string_event(k)), to_node(v))).collect())
        }
    }
}

/// Integers, floats, booleans and nil: plain, implicit only as plain.
fn non_string_scalar(text: &str) -> EmitNode {
    EmitNode::Scalar(ScalarEvent {
        value: text.to_owned(),
        style: ScalarStyle::Any,
        plain_implicit: true,
        quoted_implicit: false,
        tag: None,
    })
}

/// Ruby's `Float#to_s`: shortest round-trip digits; exponent form (`1.0e+16`, `1.0e-05`) when
/// the value is below 1e-4 or at least 1e15; `.0` on whole numbers; `.nan`/`.inf` as Psych
/// writes them.
pub fn ruby_float_to_s(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf".into() } else { "-.inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    // `{:e}` gives the shortest digits that round-trip: "1.234e5".
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let decpt = exp + 1; // value = 0.DIGITS × 10^decpt
    let sign = if f < 0.0 { "-" } else { "" };
    let body = if !(-3..=15).contains(&decpt) {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { "0" } else { rest };
        format!("{first}.{rest}e{}{:02}", if decpt - 1 < 0 { '-' } else { '+' }, (decpt - 1).abs())
    } else if decpt <= 0 {
        format!("0.{}{digits}", "0".repeat((-decpt) as usize))
    } else {
        let point = decpt as usize;
        if digits.len() <= point {
            format!("{digits}{}.0", "0".repeat(point - digits.len()))
        } else {
            format!("{}.{}", &digits[..point], &digits[point..])
        }
    };
    format!("{sign}{body}")
}

/// Psych's `visit_String`: the style it asks libyaml for
/// (https://github.com/ruby/psych/blob/master/lib/psych/visitors/yaml_tree.rb).
pub fn string_event(s: &str) -> ScalarEvent {
    let mut event = ScalarEvent {
        value: s.to_owned(),
        style: ScalarStyle::Plain,
        plain_implicit: true,
        quoted_implicit: true,
        tag: None,
    };
    if has_inner_line_break(s) {
        event.style = ScalarStyle::Literal;
    } else if s == "<<" {
        // The merge key must stay a string: explicitly tagged, single-quoted.
        event.style = ScalarStyle::SingleQuoted;
        event.tag = Some(("!!", "str"));
        event.plain_implicit = false;
        event.quoted_implicit = false;
    } else if matches!(s, "y" | "Y" | "n" | "N") {
        event.style = ScalarStyle::DoubleQuoted;
    } else if s.chars().count() > LINE_WIDTH {
        event.style = ScalarStyle::Folded;
    } else if STARTS_WITH_NON_WORD.is_match(s) {
        event.style = ScalarStyle::DoubleQuoted;
    } else if psych_reads_as_non_string(s) || plain_is_not_string(s) || LEADING_ZERO_NON_OCTAL.is_match(s) {
        // Psych quotes what its scanner would type; our reader's typing (shared with
        // `validate`) must agree that the text stays a string, so it is consulted too.
        event.style = ScalarStyle::SingleQuoted;
    }
    event
}

fn regex(pattern: &str) -> Regex {
    // The patterns are constants; a typo is a programming error caught by the unit tests.
    Regex::new(pattern).unwrap_or_else(|e| panic!("invalid built-in pattern {pattern}: {e}"))
}

/// Ruby's `/\n(?!\Z)/`: a line break followed by more than one final line break (`\Z`
/// matches at the end and before a final `\n`).
fn has_inner_line_break(s: &str) -> bool {
    s.match_indices('\n').any(|(i, _)| {
        let rest = &s[i + 1..];
        !rest.is_empty() && rest != "\n"
    })
}
/// `/^[^[:word:]][^"]*$/` (Ruby's `^`/`$` are line anchors).
static STARTS_WITH_NON_WORD: LazyLock<Regex> = LazyLock::new(|| regex(r#"(?m)^[^\w][^"]*$"#));
/// `/\A0[0-7]*[89]/`: looks like a broken octal number.
static LEADING_ZERO_NON_OCTAL: LazyLock<Regex> = LazyLock::new(|| regex(r"\A0[0-7]*[89]"));

/// Psych's `ScalarScanner#tokenize` (legacy integers, as `to_yaml` uses): true when a plain
/// scalar with this text would load as something other than a String.
fn psych_reads_as_non_string(s: &str) -> bool {
    static STRINGISH: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?m)^[^0-9.:\-]?[\p{Alphabetic}_\t\n\x0B\x0C\r !@#$%\^&*(){}<>|/\\~;=]+"));
    static TIME: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?m)^-?([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[\t\n\x0B\x0C\r ]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]*)?(?:[\t\n\x0B\x0C\r ]*(?:Z|[-+][0-9]{1,2}:?(?:[0-9]{2})?))?$",
        )
    });
    static DATE: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?m)^([0-9]{4})-(1[012]|0[0-9]|[0-9])-([12][0-9]|3[01]|0[0-9]|[0-9])$"));
    static SPECIAL_FLOAT: LazyLock<Regex> = LazyLock::new(|| regex(r"(?mi)^(\+?\.inf|-\.inf|\.nan)$"));
    static SYMBOL: LazyLock<Regex> = LazyLock::new(|| regex(r"(?m)^:."));
    static SEXAGESIMAL: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?m)^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}(\.[0-9_]*)?$"));
    static FLOAT: LazyLock<Regex> = LazyLock::new(|| regex(r"(?m)^[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?$"));
    static LONE_DOT: LazyLock<Regex> = LazyLock::new(|| regex(r"\A[-+]?\.\z"));
    static INTEGER: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?m)^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$",
        )
    });

    if s.is_empty() {
        return true;
    }
    if STRINGISH.is_match(s) || s.contains('\n') {
        if s.chars().count() > 5 {
            return false;
        }
        let lower = s.to_lowercase();
        let first = lower.chars().next().unwrap_or(' ');
        if !"ytonf~".contains(first) {
            return false;
        }
        let line_is = |words: &[&str]| lower.lines().any(|l| words.contains(&l));
        return s == "~" || line_is(&["null", "yes", "true", "on", "no", "false", "off"]);
    }
    if let Some(c) = TIME.captures(s) {
        // Time.utc raises (and Psych keeps the string) for out-of-range fields.
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok()).unwrap_or(99);
        return (1..=12).contains(&n(2)) && (1..=31).contains(&n(3)) && n(4) <= 24 && n(5) <= 59 && n(6) <= 60;
    }
    if let Some(c) = DATE.captures(s) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok()).unwrap_or(0);
        return is_valid_date(n(1), n(2), n(3));
    }
    if SPECIAL_FLOAT.is_match(s) || SYMBOL.is_match(s) || SEXAGESIMAL.is_match(s) {
        return true;
    }
    if FLOAT.is_match(s) {
        return !LONE_DOT.is_match(s);
    }
    INTEGER.is_match(s)
}

fn is_valid_date(year: u32, month: u32, day: u32) -> bool {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value_line(s: &str) -> String {
        to_yaml(&Yaml::Map(vec![("k".into(), Yaml::str(s))]))
    }

    #[test]
    fn quoting_follows_psych() {
        assert_eq!(value_line("16.6"), "---\nk: '16.6'\n");
        assert_eq!(value_line("TODO"), "---\nk: TODO\n");
        assert_eq!(value_line("yes"), "---\nk: 'yes'\n");
        assert_eq!(value_line("y"), "---\nk: \"y\"\n");
        assert_eq!(value_line("1.0"), "---\nk: '1.0'\n");
        assert_eq!(value_line("0x10"), "---\nk: '0x10'\n");
        assert_eq!(value_line("~"), "---\nk: \"~\"\n");
        assert_eq!(value_line("null"), "---\nk: 'null'\n");
        assert_eq!(value_line(""), "---\nk: ''\n");
        assert_eq!(value_line("2024-01-31"), "---\nk: '2024-01-31'\n");
        assert_eq!(value_line("2024-02-30"), "---\nk: 2024-02-30\n");
        assert_eq!(value_line("09"), "---\nk: '09'\n");
        assert_eq!(value_line("a: b"), "---\nk: 'a: b'\n");
        assert_eq!(value_line("a #b"), "---\nk: 'a #b'\n");
        assert_eq!(value_line("a#b"), "---\nk: a#b\n");
        assert_eq!(value_line("[x]"), "---\nk: \"[x]\"\n");
        assert_eq!(value_line("- x"), "---\nk: \"- x\"\n");
        assert_eq!(value_line("\"q\" x"), "---\nk: '\"q\" x'\n");
        assert_eq!(value_line(" lead"), "---\nk: \" lead\"\n");
        assert_eq!(value_line("trail "), "---\nk: 'trail '\n");
        assert_eq!(value_line("it's"), "---\nk: it's\n");
        assert_eq!(value_line("{{x}}"), "---\nk: \"{{x}}\"\n");
        assert_eq!(value_line("tab\there"), "---\nk: \"tab\\there\"\n");
        assert_eq!(value_line("smile 😀"), "---\nk: \"smile \\U0001F600\"\n");
        assert_eq!(value_line("café"), "---\nk: café\n");
        assert_eq!(value_line("https://x.y/a"), "---\nk: https://x.y/a\n");
        assert_eq!(value_line("sum(value)"), "---\nk: sum(value)\n");
    }

    #[test]
    fn multi_line_is_literal() {
        assert_eq!(value_line("a\nb"), "---\nk: |-\n  a\n  b\n");
        assert_eq!(value_line("a\nb\n"), "---\nk: |\n  a\n  b\n");
        // Psych's `\n(?!\Z)` does not see "a\n\n" as multi-line; the blank line makes it quoted.
        assert_eq!(value_line("a\n\n"), "---\nk: \"a\\n\\n\"\n");
        assert_eq!(value_line("a\nb\n\n"), "---\nk: |+\n  a\n  b\n\n...\n");
        assert_eq!(value_line(" a\nb"), "---\nk: |2-\n   a\n  b\n");
    }

    #[test]
    fn long_text_folds_at_150_columns() {
        let words: Vec<String> = (0..40).map(|i| format!("word{i}")).collect();
        let text = words.join(" ");
        let out = value_line(&text);
        assert!(out.starts_with("---\nk: >-\n  word0 "), "{out}");
        let back = crate::yaml::parse(&out).root.unwrap();
        assert_eq!(back.get("k").unwrap().as_str(), Some(text.as_str()));
        // A plain value that starts late on its line folds too.
        let text = "x ".repeat(74) + "end";
        let out = value_line(&text);
        assert_eq!(out.lines().count(), 3, "{out}");
    }

    #[test]
    fn floats_as_ruby_prints_them() {
        assert_eq!(ruby_float_to_s(12.4), "12.4");
        assert_eq!(ruby_float_to_s(100.0), "100.0");
        assert_eq!(ruby_float_to_s(1e16), "1.0e+16");
        assert_eq!(ruby_float_to_s(1e15), "1.0e+15");
        assert_eq!(ruby_float_to_s(1e14), "100000000000000.0");
        assert_eq!(ruby_float_to_s(0.0001), "0.0001");
        assert_eq!(ruby_float_to_s(0.00001), "1.0e-05");
        assert_eq!(ruby_float_to_s(-2.5e20), "-2.5e+20");
    }
}
