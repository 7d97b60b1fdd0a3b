//! JavaScript triggers: `InternalEvents.trackEvent('x', {...})`, the mixin's `this.trackEvent`
//! (bare `trackEvent(...)` in Vue templates), and Jest spies' expectations.

use super::Found;
use super::js_lex::{Kind, Tok, tokenize};

/// Calls of `trackEvent` in `text[start..end]`, skipping its definitions (`trackEvent(e) {`,
/// `function trackEvent`) and references (`this.trackEvent.bind(this)`).
pub(super) fn code(text: &str, start: usize, end: usize) -> Vec<Found> {
    let t = tokenize(text, start, end);
    let mut out = Vec::new();
    for i in 0..t.len() {
        if t[i].ident() != Some("trackEvent") || !t.get(i + 1).is_some_and(|x| x.is("(")) {
            continue;
        }
        if i > 0 {
            let prev = &t[i - 1];
            if prev.is(".") || prev.is("?.") {
                let receiver = i.checked_sub(2).and_then(|k| t[k].ident());
                if !matches!(receiver, Some("InternalEvents" | "this" | "vm")) {
                    continue;
                }
            } else if matches!(prev.ident(), Some("function" | "async")) {
                continue;
            }
        }
        let close = matching(&t, i + 1);
        if t.get(close + 1).is_some_and(|x| x.is("{")) {
            continue;
        }
        let args = split_args(&t, i + 2, close);
        let Some(&(a, b)) = args.first() else { continue };
        let mut found = Found::new(t[a].start, literal(&t, a, b));
        if let Some(&(x, _)) = args.get(1)
            && t[x].is("{")
        {
            found.properties = object_keys(&t, x);
        }
        out.push(found);
    }
    out
}

/// Jest: `expect(trackEventSpy).toHaveBeenCalledWith('x', {...})` for spies of internal
/// events (`useMockInternalEventsTracking`, `bindInternalEventDocument`) and the older
/// `mockTracking` spy, whose action is the second argument after the category.
pub(super) fn jest(text: &str) -> Vec<Found> {
    let t = tokenize(text, 0, text.len());
    let mut out = Vec::new();
    for i in 0..t.len() {
        if t[i].ident() != Some("expect") || !t.get(i + 1).is_some_and(|x| x.is("(")) {
            continue;
        }
        let Some(spy) = t.get(i + 2).and_then(Tok::ident) else { continue };
        let lower = spy.to_ascii_lowercase();
        if !(lower.contains("track") && lower.ends_with("spy") && t.get(i + 3).is_some_and(|x| x.is(")"))) {
            continue;
        }
        let mut j = i + 4;
        if !t.get(j).is_some_and(|x| x.is(".")) {
            continue;
        }
        let mut negated = false;
        if t.get(j + 1).and_then(Tok::ident) == Some("not") && t.get(j + 2).is_some_and(|x| x.is(".")) {
            negated = true;
            j += 2;
        }
        if !matches!(t.get(j + 1).and_then(Tok::ident), Some("toHaveBeenCalledWith" | "toHaveBeenLastCalledWith"))
            || !t.get(j + 2).is_some_and(|x| x.is("("))
        {
            continue;
        }
        let close = matching(&t, j + 2);
        let args = split_args(&t, j + 3, close);
        let legacy = args.len() >= 2 && args[0].1 == args[0].0 + 1 && t[args[0].0].ident() == Some("undefined");
        let skip = usize::from(legacy);
        let Some(&(a, b)) = args.get(skip) else { continue };
        let mut found = Found::new(t[a].start, literal(&t, a, b));
        found.negated = negated;
        if let Some(&(x, _)) = args.get(skip + 1)
            && t[x].is("{")
        {
            found.properties = object_keys(&t, x);
        }
        out.push(found);
    }
    out
}

/// The value of a lone string literal in `t[a..b]`.
fn literal(t: &[Tok], a: usize, b: usize) -> Option<String> {
    match &t.get(a)?.kind {
        Kind::Str(Some(s)) if b == a + 1 => Some(s.clone()),
        _ => None,
    }
}

/// The keys of the object literal opened at `open`: `key: v`, `'key': v`, shorthand `key`.
fn object_keys(t: &[Tok], open: usize) -> Vec<String> {
    let close = matching(t, open);
    split_args(t, open + 1, close)
        .into_iter()
        .filter_map(|(a, b)| {
            let key = match &t[a].kind {
                Kind::Ident(k) => k.clone(),
                Kind::Str(Some(k)) => k.clone(),
                _ => return None,
            };
            (b == a + 1 || t.get(a + 1).is_some_and(|x| x.is(":"))).then_some(key)
        })
        .collect()
}

fn split_args(t: &[Tok], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = from;
    let to = to.min(t.len());
    for (j, tok) in t.iter().enumerate().take(to).skip(from) {
        match &tok.kind {
            Kind::Punct(p) if matches!(p.as_str(), "(" | "[" | "{") => depth += 1,
            Kind::Punct(p) if matches!(p.as_str(), ")" | "]" | "}") => depth = depth.saturating_sub(1),
            Kind::Punct(p) if p == "," && depth == 0 => {
                if start < j {
                    out.push((start, j));
                }
                start = j + 1;
            }
            _ => {}
        }
    }
    if start < to {
        out.push((start, to));
    }
    out
}

fn matching(t: &[Tok], open: usize) -> usize {
    let mut depth = 0usize;
    for (j, tok) in t.iter().enumerate().skip(open) {
        if let Kind::Punct(p) = &tok.kind {
            match p.as_str() {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return j;
                    }
                }
                _ => {}
            }
        }
    }
    t.len()
}
