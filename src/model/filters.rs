//! Metric event filters (gitlab-cli.md §4.5): how typed values become filter values, and how
//! several values per property become one `events:` entry per combination.

use indexmap::IndexMap;

use super::metric::FilterValue;

/// Why a typed filter was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterInputError(pub String);

/// The values typed for `property` ("a, b, c"), as the generator reads them: `value` takes
/// whole numbers only; `label`/`property` take trimmed strings; custom properties turn
/// numeric-looking entries into numbers. Duplicates are dropped; blank input means no filter.
pub fn parse_filter_input(property: &str, input: &str) -> Result<Vec<FilterValue>, FilterInputError> {
    if property == "value" && !input.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || c == ',') {
        return Err(FilterInputError("Inputs for value must be numeric".into()));
    }
    let mut values: Vec<FilterValue> = Vec::new();
    for part in input.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let value = match property {
            "value" => match part.parse::<i64>() {
                Ok(n) => FilterValue::Int(n),
                Err(_) => return Err(FilterInputError(format!("{part} is too large for value"))),
            },
            "label" | "property" => FilterValue::String(part.to_owned()),
            _ => numeric_or_string(part),
        };
        if !values.contains(&value) {
            values.push(value);
        }
    }
    Ok(values)
}

/// `12` → 12, `12.4` → 12.4, `12.0` → 12, anything else stays text.
fn numeric_or_string(text: &str) -> FilterValue {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let numeric = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !(digits.contains('.') && fraction.is_empty());
    if !numeric {
        return FilterValue::String(text.to_owned());
    }
    if let (true, Ok(n)) = (fraction.is_empty(), text.parse::<i64>()) {
        return FilterValue::Int(n);
    }
    match text.parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => FilterValue::Int(f as i64),
        Ok(f) => FilterValue::Float(f),
        Err(_) => FilterValue::String(text.to_owned()),
    }
}

/// How a value reads back in the prompt that pre-fills the next event's filter.
pub fn filter_input_text(values: &[FilterValue]) -> String {
    values.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// Every combination of the chosen values, the first property varying slowest; properties
/// without values are left out. No values at all → one combination without filter.
pub fn filter_combinations(values: &[(String, Vec<FilterValue>)]) -> Vec<IndexMap<String, FilterValue>> {
    let mut combinations = vec![IndexMap::new()];
    for (property, choices) in values.iter().filter(|(_, v)| !v.is_empty()) {
        let mut next = Vec::with_capacity(combinations.len() * choices.len());
        for partial in &combinations {
            for choice in choices {
                let mut combination = partial.clone();
                combination.insert(property.clone(), choice.clone());
                next.push(combination);
            }
        }
        combinations = next;
    }
    combinations
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> FilterValue {
        FilterValue::String(text.into())
    }

    #[test]
    fn typed_values_follow_the_property_kind() {
        assert_eq!(parse_filter_input("label", "failure, incomplete"), Ok(vec![s("failure"), s("incomplete")]));
        assert_eq!(parse_filter_input("property", "   "), Ok(vec![]));
        assert_eq!(parse_filter_input("label", "a, a ,b"), Ok(vec![s("a"), s("b")]));
        assert_eq!(parse_filter_input("value", "60"), Ok(vec![FilterValue::Int(60)]));
        assert_eq!(
            parse_filter_input("value", "1, 2,,3"),
            Ok(vec![FilterValue::Int(1), FilterValue::Int(2), FilterValue::Int(3)])
        );
        assert_eq!(
            parse_filter_input("value", "bad input, 16"),
            Err(FilterInputError("Inputs for value must be numeric".into()))
        );
        assert_eq!(parse_filter_input("custom_key3", "30,13"), Ok(vec![FilterValue::Int(30), FilterValue::Int(13)]));
        assert_eq!(parse_filter_input("custom_key4", "12.4"), Ok(vec![FilterValue::Float(12.4)]));
        assert_eq!(parse_filter_input("custom_key4", "12.0"), Ok(vec![FilterValue::Int(12)]));
        assert_eq!(parse_filter_input("custom", "metrics"), Ok(vec![s("metrics")]));
        assert_eq!(parse_filter_input("custom", "1.2.3, 4."), Ok(vec![s("1.2.3"), s("4.")]));
        assert_eq!(parse_filter_input("custom", "-3"), Ok(vec![FilterValue::Int(-3)]));
    }

    #[test]
    fn combinations_vary_the_first_property_slowest() {
        let values = vec![
            ("label".to_owned(), vec![s("failure"), s("incomplete")]),
            ("property".to_owned(), vec![s("metrics"), s("events")]),
            ("value".to_owned(), vec![FilterValue::Int(60)]),
        ];
        let combos = filter_combinations(&values);
        let rows: Vec<String> =
            combos.iter().map(|c| c.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(
            rows,
            [
                "label=failure property=metrics value=60",
                "label=failure property=events value=60",
                "label=incomplete property=metrics value=60",
                "label=incomplete property=events value=60"
            ]
        );
        assert_eq!(filter_combinations(&[("label".into(), vec![])]), vec![IndexMap::new()]);
        assert_eq!(filter_input_text(&[s("a"), FilterValue::Int(3)]), "a, 3");
    }
}
