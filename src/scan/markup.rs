//! Templates: Vue single-file components (template and script), HAML and ERB views.
//!
//! `data-event-tracking="x"` on an element makes GitLab's frontend send `x` when it is clicked
//! (or loaded, with `data-event-tracking-load`), with `data-event-label`, `-property`, `-value`
//! and `-additional` as its properties
//! (https://docs.gitlab.com/development/internal_analytics/internal_event_instrumentation/quick_start/#data-event-attribute).

use super::{Found, js, ruby};

/// A Vue component: `<script>` is JavaScript; the rest is the template, whose
/// `data-event-tracking` attributes and `trackEvent(...)` handlers are triggers.
pub(super) fn vue(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut template = Vec::new();
    let mut at = 0;
    for (open, close) in sections(text, "script").into_iter().chain(sections(text, "style")) {
        if open > at {
            template.push((at, open));
        }
        if text[open..close].starts_with("<script") {
            let body = text[open..close].find('>').map_or(close, |g| open + g + 1);
            out.extend(js::code(text, body, close));
        }
        at = at.max(close);
    }
    template.push((at, text.len()));
    for (start, end) in template {
        out.extend(attributes(text, start, end, false));
        out.extend(template_handlers(text, start, end));
    }
    out
}

/// `<tag ...>...</tag>` ranges, start of the opening tag to the start of the closing one.
fn sections(text: &str, tag: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut from = 0;
    while let Some(found) = text[from..].find(&open) {
        let start = from + found;
        let end = text[start..].find(&close).map_or(text.len(), |e| start + e);
        out.push((start, end));
        from = end.max(start + 1);
    }
    out.sort_unstable();
    out
}

/// `@click="trackEvent('x', { label: 'y' })"`: the handler is read as JavaScript to the end
/// of the attribute value.
fn template_handlers(text: &str, start: usize, end: usize) -> Vec<Found> {
    let mut out = Vec::new();
    let region = &text[start..end];
    let mut from = 0;
    while let Some(found) = region[from..].find("trackEvent(") {
        let at = start + from + found;
        from += found + 1;
        // The attribute value holding the call: from the quote after `=` to the same quote.
        let Some(eq) = text[start..at].rfind("=\"").or_else(|| text[start..at].rfind("='")) else { continue };
        let quote = text.as_bytes()[start + eq + 1] as char;
        let value_end = text[at..end].find(quote).map_or(end, |e| at + e);
        out.extend(js::code(text, at, value_end));
    }
    out
}

/// `data-event-tracking="x"` (or `:data-event-tracking="expr"`) attributes of HTML-like
/// markup in `text[start..end]`, with the `data-event-*` properties of the same element.
/// With `haml`, an element is one line and may end with the `)` of an attribute list.
pub(super) fn attributes(text: &str, start: usize, end: usize, haml: bool) -> Vec<Found> {
    const NAME: &str = "data-event-tracking";
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = start;
    while let Some(found) = text[from..end].find(NAME) {
        let at = from + found;
        from = at + NAME.len();
        let Some(attribute) = Attribute::at(text, at, NAME.len(), end) else { continue };
        if attribute.name != NAME {
            continue;
        }
        // The element: back to its `<` (or the `(` of a HAML attribute list), on to its end.
        let mut tag_start = text[start..at].rfind('<').map_or(start, |p| start + p);
        if haml {
            tag_start = tag_start.max(text[start..at].rfind('\n').map_or(start, |p| start + p + 1));
        }
        let tag_end = element_end(bytes, at, end, haml);
        let mut found = match attribute.value {
            Some((value_at, value)) if !attribute.bound => Found::new(value_at, Some(value)),
            Some((value_at, value)) => {
                // `:data-event-tracking="'x'"` binds a string literal.
                let literal = value
                    .strip_prefix('\'')
                    .and_then(|v| v.strip_suffix('\''))
                    .filter(|v| !v.contains(['\'', '+', '`']));
                Found::new(value_at + 1, literal.map(str::to_owned))
            }
            None => continue,
        };
        let mut scan = tag_start;
        while let Some(p) = text[scan..tag_end].find("data-event-") {
            let p = scan + p;
            scan = p + 1;
            let Some(sibling) = Attribute::at(text, p, "data-event-".len(), tag_end) else { continue };
            match sibling.name.strip_prefix("data-event-") {
                Some(key @ ("label" | "property" | "value")) => found.properties.push(key.to_owned()),
                Some("additional") => {
                    if let Some((_, json)) = &sibling.value
                        && let Ok(serde_json::Value::Object(map)) = serde_json::from_str(json)
                    {
                        found.properties.extend(map.keys().cloned());
                    }
                }
                _ => {}
            }
        }
        out.push(found);
    }
    out
}

/// An HTML attribute found at `at`: its whole name, whether it is bound (`:name`,
/// `v-bind:name`), and its quoted value with where the value starts.
struct Attribute {
    name: String,
    bound: bool,
    value: Option<(usize, String)>,
}

impl Attribute {
    fn at(text: &str, at: usize, min_len: usize, end: usize) -> Option<Attribute> {
        let bytes = text.as_bytes();
        let before = at.checked_sub(1).map(|p| bytes[p]);
        let bound = before == Some(b':');
        // An attribute starts after whitespace, `(`, or `:`/`v-bind:`; not inside a CSS
        // selector string like `'[data-event-tracking="x"]'`.
        let starts = match before {
            None => true,
            Some(b) if b.is_ascii_whitespace() || b == b'(' || b == b'<' => true,
            Some(b':') => at < 2 || bytes[at - 2].is_ascii_whitespace() || text[..at].ends_with("v-bind:"),
            _ => false,
        };
        if !starts {
            return None;
        }
        let mut j = at + min_len;
        while j < end && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-' || bytes[j] == b'_') {
            j += 1;
        }
        let name = text[at..j].to_owned();
        while j < end && bytes[j] == b' ' {
            j += 1;
        }
        if j >= end || bytes[j] != b'=' {
            return Some(Attribute { name, bound, value: None });
        }
        j += 1;
        while j < end && bytes[j] == b' ' {
            j += 1;
        }
        let quote = *bytes.get(j)?;
        if quote != b'"' && quote != b'\'' {
            return Some(Attribute { name, bound, value: None });
        }
        let value_start = j + 1;
        let value_end = text[value_start..end].find(quote as char).map(|e| value_start + e)?;
        Some(Attribute { name, bound, value: Some((j, text[value_start..value_end].to_owned())) })
    }
}

/// Where the element holding `at` ends: its `>` (or the `)` of a HAML list) outside quotes.
fn element_end(bytes: &[u8], at: usize, end: usize, haml: bool) -> usize {
    let mut quote = None;
    for (j, &b) in bytes.iter().enumerate().take(end).skip(at) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return j,
            (None, b')' | b'\n') if haml => return j,
            _ => {}
        }
    }
    end
}

/// HAML: Ruby attribute hashes (`data: { event_tracking: 'x' }`, `'data-event-tracking': 'x'`)
/// and HTML-style attribute lists (`%a(data-event-tracking="x")`). Only the logical lines that
/// mention tracking are read as Ruby, so plain text elsewhere cannot confuse the tokenizer.
pub(super) fn haml(text: &str) -> Vec<Found> {
    let mut out = attributes(text, 0, text.len(), true);
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts.push(text.len() + 1);
    let lines = starts.len() - 1;
    let line_text = |l: usize| text.get(starts[l]..starts[l + 1].saturating_sub(1).max(starts[l])).unwrap_or("");
    let continues = |l: usize| {
        let t = line_text(l).trim_end();
        t.ends_with(',') || t.ends_with('{') || t.ends_with('(') || t.ends_with('|')
    };
    let mut l = 0;
    while l < lines {
        let line = line_text(l);
        if !(line.contains("event_tracking") || line.contains("event-tracking")) {
            l += 1;
            continue;
        }
        let mut first = l;
        while first > 0 && continues(first - 1) {
            first -= 1;
        }
        let mut last = l;
        while last + 1 < lines && continues(last) {
            last += 1;
        }
        let region_start = starts[first];
        let region_end = starts[last + 1].saturating_sub(1).clamp(region_start, text.len());
        out.extend(ruby_region(text, region_start, region_end));
        l = last + 1;
    }
    dedup(out)
}

/// ERB: HTML attributes, and the Ruby of `<% %>` tags.
pub(super) fn erb(text: &str) -> Vec<Found> {
    let mut out = attributes(text, 0, text.len(), false);
    let mut from = 0;
    while let Some(open) = text[from..].find("<%") {
        let start = from + open + 2;
        let end = text[start..].find("%>").map_or(text.len(), |e| start + e);
        let code = &text[start..end];
        if code.contains("event_tracking") || code.contains("event-tracking") {
            out.extend(ruby_region(text, start, end));
        }
        from = end;
    }
    dedup(out)
}

/// Data-hash triggers of `text[start..end]` read as Ruby, with offsets into `text`.
fn ruby_region(text: &str, start: usize, end: usize) -> Vec<Found> {
    let mut found = ruby::code(&text[start..end], true);
    for f in &mut found {
        f.offset += start;
    }
    found
}

fn dedup(mut found: Vec<Found>) -> Vec<Found> {
    found.sort_by_key(|f| f.offset);
    found.dedup_by_key(|f| f.offset);
    found
}
