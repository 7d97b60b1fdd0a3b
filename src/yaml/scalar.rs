//! How a plain (unquoted) scalar is typed. GitLab reads definitions with Ruby's Psych, which
//! follows YAML 1.1: `yes`/`no`/`on`/`off` are booleans, `16.10` is the float 16.1, `0x10` is 16.
//! The reader and the writer share these rules, so a string we write never reads back as
//! something else.

use super::node::Value;

/// The value Psych gives a plain scalar.
pub fn resolve_plain(text: &str) -> Value {
    if let Some(v) = resolve_special(text) {
        return v;
    }
    if let Some(i) = parse_int(text) {
        return Value::Int(i);
    }
    if let Some(f) = parse_float(text) {
        return Value::Float(f);
    }
    Value::String(text.to_owned())
}

/// True when `text` written plain would not read back as the string `text`.
pub fn plain_is_not_string(text: &str) -> bool {
    !matches!(resolve_plain(text), Value::String(_))
}

fn resolve_special(text: &str) -> Option<Value> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        _ => {}
    }
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        "yes" | "true" | "on" => Some(Value::Bool(true)),
        "no" | "false" | "off" => Some(Value::Bool(false)),
        ".inf" | "+.inf" => Some(Value::Float(f64::INFINITY)),
        "-.inf" => Some(Value::Float(f64::NEG_INFINITY)),
        ".nan" => Some(Value::Float(f64::NAN)),
        _ => None,
    }
}

fn split_sign(text: &str) -> (bool, &str) {
    if let Some(rest) = text.strip_prefix('-') {
        (true, rest)
    } else if let Some(rest) = text.strip_prefix('+') {
        (false, rest)
    } else {
        (false, text)
    }
}

fn parse_int(text: &str) -> Option<i64> {
    let (negative, body) = split_sign(text);
    if body.is_empty() {
        return None;
    }
    let magnitude: i128 = if let Some(bin) = body.strip_prefix("0b") {
        radix(bin, 2)?
    } else if let Some(hex) = body.strip_prefix("0x") {
        radix(hex, 16)?
    } else if body.len() > 1 && body.starts_with('0') {
        radix(&body[1..], 8)?
    } else if body.contains(':') {
        sexagesimal(body)?
    } else {
        // Psych accepts `_` and `,` as digit separators in decimal integers.
        let first = body.chars().next()?;
        if !first.is_ascii_digit() || !body.chars().all(|c| c.is_ascii_digit() || c == '_' || c == ',') {
            return None;
        }
        if body.ends_with('_') || body.ends_with(',') {
            return None;
        }
        body.chars().filter(char::is_ascii_digit).collect::<String>().parse().ok()?
    };
    let value = if negative { magnitude.checked_neg()? } else { magnitude };
    i64::try_from(value).ok()
}

fn radix(digits: &str, base: u32) -> Option<i128> {
    let cleaned: String = digits.chars().filter(|c| *c != '_').collect();
    // `from_str_radix` would accept a sign (`0x-5`), which Psych reads as a string.
    if cleaned.is_empty() || !cleaned.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    i128::from_str_radix(&cleaned, base).ok()
}

fn sexagesimal(body: &str) -> Option<i128> {
    let mut parts = body.split(':');
    let head = parts.next()?;
    if head.is_empty()
        || !head.chars().all(|c| c.is_ascii_digit() || c == '_')
        || !head.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let mut total: i128 = head.replace('_', "").parse().ok()?;
    for part in parts {
        if part.is_empty() || part.len() > 2 || !part.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let n: i128 = part.parse().ok()?;
        if n > 59 {
            return None;
        }
        total = total.checked_mul(60)?.checked_add(n)?;
    }
    Some(total)
}

fn parse_float(text: &str) -> Option<f64> {
    let (negative, body) = split_sign(text);
    // Psych's float: digits (with `_`/`,`), a dot, digits, an optional exponent.
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let dot = mantissa.find('.')?;
    let (int_part, frac_part) = (&mantissa[..dot], &mantissa[dot + 1..]);
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part.is_empty()
        && (!int_part.starts_with(|c: char| c.is_ascii_digit())
            || !int_part.chars().all(|c| c.is_ascii_digit() || c == '_' || c == ','))
    {
        return None;
    }
    if !frac_part.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return None;
    }
    let mut normalized: String = int_part.chars().filter(char::is_ascii_digit).collect();
    if normalized.is_empty() {
        normalized.push('0');
    }
    normalized.push('.');
    normalized.extend(frac_part.chars().filter(char::is_ascii_digit));
    normalized.push('0');
    if let Some(exp) = exponent {
        let (exp_negative, exp_digits) = split_sign(exp);
        if exp_digits.is_empty() || !exp_digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        normalized.push('e');
        if exp_negative {
            normalized.push('-');
        }
        normalized.push_str(exp_digits);
    }
    let value: f64 = normalized.parse().ok()?;
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_words_and_numbers() {
        assert_eq!(resolve_plain("yes"), Value::Bool(true));
        assert_eq!(resolve_plain("Off"), Value::Bool(false));
        assert_eq!(resolve_plain("~"), Value::Null);
        assert_eq!(resolve_plain("16.10"), Value::Float(16.1));
        assert_eq!(resolve_plain("0x10"), Value::Int(16));
        assert_eq!(resolve_plain("010"), Value::Int(8));
        assert_eq!(resolve_plain("1_000"), Value::Int(1000));
        assert_eq!(resolve_plain("1:30"), Value::Int(90));
        assert_eq!(resolve_plain("1.0"), Value::Float(1.0));
        assert_eq!(resolve_plain("7d"), Value::String("7d".into()));
        assert_eq!(resolve_plain("<13.9"), Value::String("<13.9".into()));
        assert_eq!(resolve_plain("TODO"), Value::String("TODO".into()));
        assert_eq!(resolve_plain("1.2.3"), Value::String("1.2.3".into()));
        assert_eq!(resolve_plain("."), Value::String(".".into()));
        assert_eq!(resolve_plain("-"), Value::String("-".into()));
    }

    #[test]
    fn signs_inside_radix_digits_are_strings() {
        // i128::from_str_radix accepts a sign; `-0x-8000…` once overflowed on negation.
        let min = format!("-0b-1{}", "0".repeat(127));
        assert_eq!(resolve_plain(&min), Value::String(min.clone()));
        assert_eq!(resolve_plain("0x-5"), Value::String("0x-5".into()));
        assert_eq!(resolve_plain("0x+5"), Value::String("0x+5".into()));
        assert_eq!(resolve_plain("-0x10"), Value::Int(-16));
        assert_eq!(resolve_plain("0b"), Value::String("0b".into()));
        assert_eq!(resolve_plain("0x1_0"), Value::Int(16));
    }
}
