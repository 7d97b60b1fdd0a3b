//! Metric event filters
//! (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb):
//! how typed values become filter values, and how several values per property become one `events:`
//! entry per combination.

use indexmap::IndexMap;

use super::metric::FilterValue;

/// Why a filter value was refused (the message the wizard shows, or `apply` reports).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterInputError(pub String);

impl std::fmt::Display for FilterInputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The values typed for `property` ("a, b, c") at the generator's `Count where <property>
/// equals any of (comma-sep):` prompt: `value` accepts only digits, spaces and commas; each
/// entry then becomes a value by [`filter_value`]. Duplicates are dropped; blank input means
/// no filter.
pub fn parse_filter_input(property: &str, input: &str) -> Result<Vec<FilterValue>, FilterInputError> {
    if property == "value" && !input.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || c == ',') {
        return Err(FilterInputError("Inputs for value must be numeric".into()));
    }
    let mut values: Vec<FilterValue> = Vec::new();
    for part in input.split(',') {
        if let Some(value) = filter_value(property, FilterValue::String(part.to_owned()))? {
            push_unique(&mut values, value);
        }
    }
    Ok(values)
}

/// One filter value as the generator stores the answer
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli/flows/metric_definer.rb),
/// for typed text and for a plan's values alike: `value` takes whole numbers; `label`/`property`
/// take trimmed text (numbers become text); custom properties take trimmed text, and text that
/// looks like a number becomes one (the generator's `cast_if_numeric`). Blank text means "no
/// filter" (`None`).
pub fn filter_value(property: &str, value: FilterValue) -> Result<Option<FilterValue>, FilterInputError> {
    let text = match &value {
        FilterValue::String(s) => {
            let trimmed = s.trim();
            if trimmed.is_empty() {
                return Ok(None);
            }
            Some(trimmed)
        }
        _ => None,
    };
    let value = match (property, &value, text) {
        ("value", FilterValue::Int(n), _) => FilterValue::Int(*n),
        ("value", FilterValue::Float(f), _) => {
            return Err(FilterInputError(format!("`value` filters are whole numbers; {f} is not")));
        }
        ("value", _, text) => {
            let text = text.unwrap_or_default();
            match text.parse::<i64>() {
                Ok(n) => FilterValue::Int(n),
                Err(_) if is_whole_number(text) => {
                    return Err(FilterInputError(format!("{text} is too large for value")));
                }
                Err(_) => return Err(FilterInputError(format!("`value` filters are whole numbers; `{text}` is not"))),
            }
        }
        ("label" | "property", FilterValue::Int(n), _) => FilterValue::String(n.to_string()),
        ("label" | "property", FilterValue::Float(f), _) => {
            FilterValue::String(crate::yaml::write::ruby_float_to_s(*f))
        }
        ("label" | "property", _, text) => FilterValue::String(text.unwrap_or_default().to_owned()),
        (_, FilterValue::String(_), text) => numeric_or_string(text.unwrap_or_default()),
        (_, number, _) => number.clone(),
    };
    Ok(Some(value))
}

/// Add `value` unless it is already there (the generator's `uniq`, keeping the first).
pub fn push_unique(values: &mut Vec<FilterValue>, value: FilterValue) {
    if !values.contains(&value) {
        values.push(value);
    }
}

/// `-12`, `60`: digits with an optional minus sign.
fn is_whole_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `12` → 12, `12.4` → 12.4, `12.0` → 12 (the generator's `cast_if_numeric`: `Float(text)`,
/// whole values as integers), anything else stays text.
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
        assert_eq!(
            parse_filter_input("label", "failure, incomplete, failure"),
            Ok(vec![s("failure"), s("incomplete")])
        );
        assert_eq!(
            parse_filter_input("value", "99999999999999999999"),
            Err(FilterInputError("99999999999999999999 is too large for value".into()))
        );
    }

    #[test]
    fn plan_values_follow_the_same_rules() {
        let custom = |text: &str| filter_value("custom", s(text));
        assert_eq!(custom("30"), Ok(Some(FilterValue::Int(30))));
        assert_eq!(custom(" -2 "), Ok(Some(FilterValue::Int(-2))));
        assert_eq!(custom("12.4"), Ok(Some(FilterValue::Float(12.4))));
        assert_eq!(custom("1e3"), Ok(Some(s("1e3"))));
        assert_eq!(custom("v1"), Ok(Some(s("v1"))));
        assert_eq!(filter_value("custom", FilterValue::Float(1.5)), Ok(Some(FilterValue::Float(1.5))));
        assert_eq!(
            filter_value("value", FilterValue::Float(1.5)),
            Err(FilterInputError("`value` filters are whole numbers; 1.5 is not".into()))
        );
        assert_eq!(
            filter_value("value", s("x")),
            Err(FilterInputError("`value` filters are whole numbers; `x` is not".into()))
        );
        assert_eq!(filter_value("value", s(" 3 ")), Ok(Some(FilterValue::Int(3))));
        assert_eq!(filter_value("label", s("  ")), Ok(None));
        assert_eq!(filter_value("label", FilterValue::Int(5)), Ok(Some(s("5"))));
        assert_eq!(filter_value("property", FilterValue::Float(1e16)), Ok(Some(s("1.0e+16"))));
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
        // Floats read back as GitLab writes them (Ruby's Float#to_s).
        assert_eq!(filter_input_text(&[FilterValue::Float(12.4), FilterValue::Float(1e16)]), "12.4, 1.0e+16");
    }
}
