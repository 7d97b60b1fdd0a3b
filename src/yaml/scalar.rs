//! How a plain (unquoted) scalar is typed. GitLab reads definitions with Ruby's Psych, whose
//! scalar scanner follows YAML 1.1 with quirks of its own: `yes`/`no`/`on`/`off` are booleans,
//! `16.10` is the float 16.1, `0x10` is 16, `1e3` stays a string (an exponent needs a dot and a
//! sign), `12:30` is 45000 (base 60, counted from hours), and a date is refused outright by the
//! safe loader. This mirrors Psych 4's `ScalarScanner#tokenize` (checked against Ruby here).
//! The reader and the writer share these rules, so a string we write never reads back as
//! something else.

use std::sync::LazyLock;

use regex::Regex;

use super::node::Value;

/// What Psych makes of a plain scalar.
#[derive(Debug, Clone, PartialEq)]
pub enum Plain {
    Value(Value),
    /// A date or time: Psych builds a Date/Time object, which GitLab's safe loader refuses.
    DateTime,
}

/// The value Psych gives a plain scalar (dates and times read as their text).
pub fn resolve_plain(text: &str) -> Value {
    match tokenize(text) {
        Plain::Value(v) => v,
        Plain::DateTime => Value::String(text.to_owned()),
    }
}

/// True when `text` written plain would not read back as the string `text`.
pub fn plain_is_not_string(text: &str) -> bool {
    !matches!(tokenize(text), Plain::Value(Value::String(_)))
}

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$")
        .expect("time pattern")
});
static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$").expect("date pattern"));
static SEXAGESIMAL_INT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$").expect("base 60 pattern"));
static SEXAGESIMAL_FLOAT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$").expect("base 60 float pattern"));
static FLOAT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?$").expect("float pattern"));
static INTEGER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$")
        .expect("integer pattern")
});

/// Psych's tokenizer for plain scalars.
pub fn tokenize(text: &str) -> Plain {
    if text.is_empty() {
        return Plain::Value(Value::Null);
    }
    if looks_like_word(text) {
        return Plain::Value(word_value(text));
    }
    // Psych falls back to the string when the date does not exist (`2024-02-30`).
    if (TIME.is_match(text) || DATE.is_match(text)) && is_real_date_time(text) {
        return Plain::DateTime;
    }
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        ".inf" | "+.inf" => return Plain::Value(Value::Float(f64::INFINITY)),
        "-.inf" => return Plain::Value(Value::Float(f64::NEG_INFINITY)),
        ".nan" => return Plain::Value(Value::Float(f64::NAN)),
        _ => {}
    }
    if SEXAGESIMAL_INT.is_match(text) {
        let total: f64 = base60_parts(text).map(|(n, weight)| n.trunc() * weight).sum();
        return Plain::Value(integer_value(total));
    }
    if SEXAGESIMAL_FLOAT.is_match(text) {
        let total: f64 = base60_parts(text).map(|(n, weight)| n * weight).sum();
        return Plain::Value(Value::Float(total));
    }
    if FLOAT.is_match(text) {
        if matches!(text, "." | "-." | "+.") {
            return Plain::Value(Value::String(text.to_owned()));
        }
        let cleaned: String = text.chars().filter(|c| *c != ',' && *c != '_').collect();
        let cleaned = cleaned.replace(".e", "e").replace(".E", "E");
        let cleaned = cleaned.strip_suffix('.').unwrap_or(&cleaned);
        return Plain::Value(match cleaned.parse::<f64>() {
            Ok(f) => Value::Float(f),
            Err(_) => Value::String(text.to_owned()),
        });
    }
    if INTEGER.is_match(text) {
        return Plain::Value(parse_integer(text).unwrap_or_else(|| Value::String(text.to_owned())));
    }
    Plain::Value(Value::String(text.to_owned()))
}

/// True when the date (and time) fields name a real moment, as Ruby's Date/Time accept it.
fn is_real_date_time(text: &str) -> bool {
    let text = text.strip_prefix('-').unwrap_or(text);
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .take(6)
        .filter_map(|p| p.parse().ok())
        .collect();
    let (year, month, day) = match numbers[..] {
        [y, m, d, ..] => (y, m, d),
        _ => return false,
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    let time_ok = match numbers[3..] {
        [h, m, s, ..] => h <= 24 && m <= 59 && s <= 60,
        _ => true,
    };
    (1..=days).contains(&day) && time_ok
}

/// Psych's first test: text that starts like a word (`^[^\d.:-]?[[:alpha:]_\s!@#$%^&*(){}<>|/\\~;=]+`)
/// is a string, unless it is one of the short YAML 1.1 words.
fn looks_like_word(text: &str) -> bool {
    fn in_class(c: char) -> bool {
        c.is_alphabetic() || c.is_whitespace() || "_!@#$%^&*(){}<>|/\\~;=".contains(c)
    }
    let mut chars = text.chars();
    let Some(first) = chars.next() else { return false };
    if in_class(first) {
        return true;
    }
    !(first.is_ascii_digit() || ".:-".contains(first)) && chars.next().is_some_and(in_class)
}

fn word_value(text: &str) -> Value {
    if text.chars().count() > 5 || !text.starts_with(['y', 'Y', 't', 'T', 'o', 'O', 'n', 'N', 'f', 'F', '~']) {
        return Value::String(text.to_owned());
    }
    match text.to_ascii_lowercase().as_str() {
        "~" | "null" => Value::Null,
        "yes" | "true" | "on" => Value::Bool(true),
        "no" | "false" | "off" => Value::Bool(false),
        _ => Value::String(text.to_owned()),
    }
}

/// Psych weighs base-60 parts by `60 ** (index - 2).abs`: `1:30:00` is 5400, and so is `1:30`.
fn base60_parts(text: &str) -> impl Iterator<Item = (f64, f64)> + '_ {
    text.split(':').enumerate().map(|(i, part)| {
        let n: f64 = part.replace('_', "").parse().unwrap_or(0.0);
        (n, 60f64.powi((i as i32 - 2).abs()))
    })
}

fn integer_value(f: f64) -> Value {
    if f.abs() < 9.0e18 { Value::Int(f as i64) } else { Value::Float(f) }
}

fn parse_integer(text: &str) -> Option<Value> {
    let cleaned: String = text.chars().filter(|c| *c != ',' && *c != '_').collect();
    let (negative, body) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, cleaned.strip_prefix('+').unwrap_or(&cleaned).to_owned()),
    };
    let radix_digits = if let Some(bin) = body.strip_prefix("0b") {
        Some((bin, 2))
    } else if let Some(hex) = body.strip_prefix("0x") {
        Some((hex, 16))
    } else if body.len() > 1 && body.starts_with('0') {
        Some((&body[1..], 8))
    } else {
        None
    };
    let magnitude = if let Some((digits, radix)) = radix_digits {
        match u128::from_str_radix(digits, radix) {
            Ok(n) => n,
            // Past 128 bits: still a number, as a float.
            Err(_) => {
                let f =
                    digits.chars().filter_map(|c| c.to_digit(radix)).fold(0f64, |acc, d| acc * radix as f64 + d as f64);
                return Some(Value::Float(if negative { -f } else { f }));
            }
        }
    } else {
        // Ruby integers have no upper bound; past i64 they still are numbers.
        match body.parse::<u128>() {
            Ok(n) => n,
            Err(_) => return body.parse::<f64>().ok().map(|f| Value::Float(if negative { -f } else { f })),
        }
    };
    // Ruby integers have no bound; beyond i64 they are still numbers (floats here).
    let Ok(magnitude) = i128::try_from(magnitude) else {
        let f = magnitude as f64;
        return Some(Value::Float(if negative { -f } else { f }));
    };
    let signed = if negative { -magnitude } else { magnitude };
    Some(match i64::try_from(signed) {
        Ok(i) => Value::Int(i),
        Err(_) => Value::Float(signed as f64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::String(text.to_owned())
    }

    /// Each expectation was read off Ruby 3 / Psych 4 (`YAML.load("x: TEXT")`).
    #[test]
    fn agrees_with_psych() {
        let cases: &[(&str, Value)] = &[
            ("yes", Value::Bool(true)),
            ("Off", Value::Bool(false)),
            ("tRue", Value::Bool(true)),
            ("oN", Value::Bool(true)),
            ("nULL", Value::Null),
            ("~", Value::Null),
            ("y", s("y")),
            ("n", s("n")),
            ("NaN", s("NaN")),
            ("Infinity", s("Infinity")),
            ("16.10", Value::Float(16.1)),
            ("0x10", Value::Int(16)),
            ("0x1F", Value::Int(31)),
            ("010", Value::Int(8)),
            ("012", Value::Int(10)),
            ("00", Value::Int(0)),
            ("0_7", Value::Int(7)),
            ("08", s("08")),
            ("0b101", Value::Int(5)),
            ("0b", s("0b")),
            ("0x", s("0x")),
            ("0o10", s("0o10")),
            ("1_000", Value::Int(1000)),
            ("1_000,000", Value::Int(1_000_000)),
            ("1__0", s("1__0")),
            ("1_", s("1_")),
            ("1,", s("1,")),
            ("+1", Value::Int(1)),
            ("-0", Value::Int(0)),
            ("1:30", Value::Int(5400)),
            ("12:30", Value::Int(45000)),
            ("12:30:00", Value::Int(45000)),
            ("1:59:59", Value::Int(7199)),
            ("-1:30", Value::Int(-1800)),
            ("1:0", Value::Int(3600)),
            ("1:60", s("1:60")),
            ("1:2:3:4", s("1:2:3:4")),
            ("1:30.5", Value::Float(5430.0)),
            ("1.0", Value::Float(1.0)),
            ("1.", Value::Float(1.0)),
            ("-1.", Value::Float(-1.0)),
            ("+.5", Value::Float(0.5)),
            ("1_0.5", Value::Float(10.5)),
            ("1,000.5", Value::Float(1000.5)),
            ("1.e+3", Value::Float(1000.0)),
            ("1.5e+3", Value::Float(1500.0)),
            ("1.0E+3", Value::Float(1000.0)),
            ("1.0e-3", Value::Float(0.001)),
            ("1.5e3", s("1.5e3")),
            ("1e3", s("1e3")),
            ("1e+3", s("1e+3")),
            ("1e", s("1e")),
            ("1.0e", s("1.0e")),
            ("1.0e+", s("1.0e+")),
            (".", s(".")),
            ("..", s("..")),
            ("1.2.3", s("1.2.3")),
            ("1/2", s("1/2")),
            ("9223372036854775807", Value::Int(i64::MAX)),
            ("9223372036854775808", Value::Float(9223372036854775808.0)),
            ("7d", s("7d")),
            ("<13.9", s("<13.9")),
            ("TODO", s("TODO")),
            ("-", s("-")),
            ("_1", s("_1")),
        ];
        for (text, expected) in cases {
            assert_eq!(&resolve_plain(text), expected, "plain scalar {text:?}");
        }
        assert_eq!(resolve_plain(".inf"), Value::Float(f64::INFINITY));
        assert_eq!(resolve_plain("-.Inf"), Value::Float(f64::NEG_INFINITY));
        assert!(matches!(resolve_plain(".Nan"), Value::Float(f) if f.is_nan()));
    }

    #[test]
    fn signs_inside_radix_digits_are_strings_and_huge_radix_numbers_do_not_overflow() {
        let min = format!("-0b-1{}", "0".repeat(127));
        assert_eq!(resolve_plain(&min), Value::String(min.clone()));
        assert_eq!(resolve_plain("0x-5"), s("0x-5"));
        assert_eq!(resolve_plain("0x+5"), s("0x+5"));
        assert_eq!(resolve_plain("-0x10"), Value::Int(-16));
        assert_eq!(resolve_plain("0x1_0"), Value::Int(16));
        let huge = format!("-0b1{}", "0".repeat(127));
        assert!(matches!(resolve_plain(&huge), Value::Float(f) if f < 0.0));
        let huger = format!("0x{}", "f".repeat(40));
        assert!(matches!(resolve_plain(&huger), Value::Float(_)));
    }

    #[test]
    fn dates_and_times_are_refused_like_psych_safe_load() {
        for text in ["2024-01-01", "2024-1-1", "2024-01-01T00:00:00Z", "2001-12-14 21:59:43.10 -5"] {
            assert_eq!(tokenize(text), Plain::DateTime, "{text}");
        }
        assert_eq!(tokenize("2024-13-01"), Plain::Value(s("2024-13-01")));
        assert_eq!(tokenize("2024-02-30"), Plain::Value(s("2024-02-30")));
        assert_eq!(tokenize("2024-02-29"), Plain::DateTime);
    }
}
