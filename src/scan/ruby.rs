//! Ruby triggers: calls in application code, data hashes that become `data-event-tracking`
//! attributes, and RSpec expectations.

use super::Found;
use super::ruby_lex::{Kind, Tok, tokenize};

/// Keywords of `track_event` and its wrappers that are neither identifiers nor properties.
const NOT_PROPERTIES: &[&str] = &[
    "user",
    "project",
    "namespace",
    "category",
    "additional_properties",
    "send_snowplow_event",
    "feature_enabled_by_namespace_ids",
    "name",
    "conditions",
];
const IDENTIFIERS: &[&str] = &["user", "project", "namespace"];

/// Hash keys that render `data-event-tracking` (`data: { event_tracking: 'x' }`,
/// `'data-event-tracking': 'x'`), and those of its companions.
fn data_attribute(key: &str) -> Option<&'static str> {
    let key = key.strip_prefix("data-").or_else(|| key.strip_prefix("data_")).unwrap_or(key);
    match key.replace('-', "_").as_str() {
        "event_tracking" => Some("tracking"),
        "event_label" => Some("label"),
        "event_property" => Some("property"),
        "event_value" => Some("value"),
        "event_additional" => Some("additional"),
        _ => None,
    }
}

/// Triggers in application Ruby (and in the Ruby of templates, `markup`): calls and data hashes.
pub(super) fn code(text: &str, markup_only: bool) -> Vec<Found> {
    let t = tokenize(text);
    let mut out = Vec::new();
    for i in 0..t.len() {
        match &t[i].kind {
            Kind::Ident(name) if !markup_only && name == "track_internal_event" => {
                if let Some(found) = internal_event_call(&t, i, true) {
                    out.push(found);
                }
            }
            Kind::Ident(name)
                if !markup_only
                    && name == "track_event"
                    && i >= 2
                    && (t[i - 1].is_char('.') || t[i - 1].is_punct("&."))
                    && t[i - 2].ident() == Some("InternalEvents") =>
            {
                if let Some(found) = internal_event_call(&t, i, false) {
                    out.push(found);
                }
            }
            _ => {}
        }
    }
    out.extend(data_hash_triggers(&t));
    out
}

/// `track_internal_event(...)` (with `dsl`: also the controller DSL) or `InternalEvents.track_event(...)`.
fn internal_event_call(t: &[Tok], i: usize, dsl: bool) -> Option<Found> {
    if prev_sig(t, i).is_some_and(|p| t[p].ident() == Some("def")) {
        return None;
    }
    let (ranges, _) = call_args(t, i)?;
    let args = Args::of(t, &ranges);
    let &(first, first_end) = args.positional.first()?;
    let mut found = if dsl && matches!(t[first].kind, Kind::Sym(_)) {
        // `track_internal_event :index, :show, name: 'x'` in a controller: the event is `name:`,
        // sent after the action with the user, project and namespace of the request
        // (app/controllers/concerns/product_analytics_tracking.rb).
        let &(_, a, b) = args.keywords.iter().find(|(k, ..)| k == "name")?;
        let mut found = Found::new(t[a].start, literal(t, a, b));
        found.identifiers = IDENTIFIERS.iter().map(|s| s.to_string()).collect();
        found
    } else {
        Found::new(t[first].start, literal(t, first, first_end))
    };
    found.passes_identifiers = true;
    args.fill(t, &mut found);
    for splat in &args.splats {
        found.identifiers.extend(splat_keys(t, i, splat).into_iter().filter(|k| IDENTIFIERS.contains(&k.as_str())));
    }
    Some(found)
}

/// The keys a `**name` splat holds when it is built in the same method above the call:
/// `name = { user: user }` and `name[:project] = ...`.
fn splat_keys(t: &[Tok], call: usize, name: &str) -> Vec<String> {
    let def = (0..call).rev().find(|&j| t[j].ident() == Some("def")).unwrap_or(0);
    let mut keys = Vec::new();
    for j in def..call {
        if t[j].ident() != Some(name) {
            continue;
        }
        let at = |k: usize| t.get(j + k);
        if at(1).is_some_and(|x| x.is_char('=')) && at(2).is_some_and(|x| x.is_char('{')) {
            keys.extend(hash_keys(t, j + 2));
        } else if at(1).is_some_and(|x| x.is_char('['))
            && let Some(Kind::Sym(key)) = at(2).map(|x| &x.kind)
            && at(3).is_some_and(|x| x.is_char(']'))
        {
            keys.push(key.clone());
        }
    }
    keys
}

/// `event_tracking: 'x'` keys of a hash (and `'data-event-tracking' => 'x'`), with the
/// label, property, value and additional keys beside them.
pub(super) fn data_hash_triggers(t: &[Tok]) -> Vec<Found> {
    let mut out = Vec::new();
    for i in 0..t.len() {
        let Some((key, value_at)) = key_at(t, i) else { continue };
        if data_attribute(&key) != Some("tracking") {
            continue;
        }
        let end = value_end(t, value_at);
        let mut found = Found::new(t.get(value_at).map_or(t[i].start, |v| v.start), literal(t, value_at, end));
        if let Some(open) = enclosing_open(t, i) {
            let close = matching(t, open);
            for (a, b) in split_args(t, open + 1, close) {
                let Some((sibling, v)) = key_at(t, a) else { continue };
                match data_attribute(&sibling) {
                    Some(p @ ("label" | "property" | "value")) => found.properties.push(p.to_owned()),
                    Some("additional") if v < b && t[v].is_char('{') => found.properties.extend(hash_keys(t, v)),
                    Some("additional") => {
                        if let Some(json) = literal(t, v, value_end(t, v))
                            && let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&json)
                        {
                            found.properties.extend(map.keys().cloned());
                        }
                    }
                    _ => {}
                }
            }
        }
        out.push(found);
    }
    out
}

/// The key written at `i` and where its value starts: `key:`, `'key':`, `:key =>`, `'key' =>`.
fn key_at(t: &[Tok], i: usize) -> Option<(String, usize)> {
    match &t[i].kind {
        Kind::Label(k) => Some((k.clone(), next_sig(t, i + 1)?)),
        Kind::Sym(k) | Kind::Str(Some(k)) if t.get(i + 1).is_some_and(|x| x.is_punct("=>")) => {
            Some((k.clone(), next_sig(t, i + 2)?))
        }
        _ => None,
    }
}

/// The end (exclusive) of a hash value starting at `from`: the next comma or closing bracket
/// at its depth.
fn value_end(t: &[Tok], from: usize) -> usize {
    let mut depth = 0usize;
    for (j, tok) in t.iter().enumerate().skip(from) {
        match tok.kind {
            Kind::Char('(' | '[' | '{') => depth += 1,
            Kind::Char(')' | ']' | '}') if depth == 0 => return j,
            Kind::Char(')' | ']' | '}') => depth -= 1,
            Kind::Char(',') if depth == 0 => return j,
            _ => {}
        }
    }
    t.len()
}

/// The `{` or `(` that holds token `i`.
fn enclosing_open(t: &[Tok], i: usize) -> Option<usize> {
    let mut depth = 0usize;
    for j in (0..i).rev() {
        match t[j].kind {
            Kind::Char(')' | ']' | '}') => depth += 1,
            Kind::Char('(' | '[' | '{') if depth == 0 => return Some(j),
            Kind::Char('(' | '[' | '{') => depth -= 1,
            _ => {}
        }
    }
    None
}

/// RSpec: `trigger_internal_events('x')` (with `.with(...)`, negated by `not_to`), the
/// `'internal event tracking'` shared example fed by `let(:event)`, and
/// `have_received(:track_event).with('x', ...)`.
pub(super) fn spec(text: &str) -> Vec<Found> {
    let t = tokenize(text);
    let mut out = Vec::new();
    let mut lets = Vec::new();
    let mut usages = Vec::new();
    for i in 0..t.len() {
        let Some(name) = t[i].ident() else { continue };
        match name {
            "trigger_internal_events" => {
                if prev_sig(t.as_slice(), i).is_some_and(|p| t[p].ident() == Some("def")) {
                    continue;
                }
                let Some((ranges, end)) = call_args(&t, i) else { continue };
                let negated = is_negated(&t, i);
                let mut with = Found::default();
                chained_with(&t, end, &mut with);
                for (a, b) in Args::of(&t, &ranges).positional {
                    let mut found = Found::new(t[a].start, literal(&t, a, b));
                    found.negated = negated;
                    found.properties = with.properties.clone();
                    found.identifiers = with.identifiers.clone();
                    out.push(found);
                }
            }
            "have_received" | "receive" => {
                let sym = |k: usize| matches!(t.get(i + k).map(|x| &x.kind), Some(Kind::Sym(s)) if s == "track_event");
                if !(t.get(i + 1).is_some_and(|x| x.is_char('('))
                    && sym(2)
                    && t.get(i + 3).is_some_and(|x| x.is_char(')'))
                    && t.get(i + 4).is_some_and(|x| x.is_char('.'))
                    && t.get(i + 5).and_then(Tok::ident) == Some("with")
                    && about_internal_events(&t, i))
                {
                    continue;
                }
                let Some((ranges, _)) = call_args(&t, i + 5) else { continue };
                let args = Args::of(&t, &ranges);
                let Some(&(a, b)) = args.positional.first() else { continue };
                let mut found = Found::new(t[a].start, literal(&t, a, b));
                found.negated = is_negated(&t, i);
                args.fill(&t, &mut found);
                out.push(found);
            }
            "it_behaves_like" | "include_examples" | "it_should_behave_like" | "include_context" => {
                let Some(k) = next_sig(&t, i + 1) else { continue };
                let k = if t[k].is_char('(') { k + 1 } else { k };
                if let Some(Kind::Str(Some(example))) = t.get(k).map(|x| &x.kind) {
                    let negated = match example.as_str() {
                        "internal event tracking" => false,
                        "internal event not tracked" => true,
                        _ => continue,
                    };
                    usages.push((t[i].start, negated));
                }
            }
            "let" | "let!" | "let_it_be" | "let_it_be_with_reload" | "let_it_be_with_refind" => {
                if let Some(found) = a_let(&t, i) {
                    lets.push(found);
                }
            }
            _ => {}
        }
    }
    out.extend(shared_example_rows(text, &lets, &usages));
    out
}

/// A `let(:name) { value }`: its name, where it starts, and the tokens of its value.
struct Let {
    name: String,
    start: usize,
    value: Option<String>,
    value_start: usize,
    hash_keys: Vec<String>,
}

fn a_let(t: &[Tok], i: usize) -> Option<Let> {
    if !(t.get(i + 1)?.is_char('(') && t.get(i + 3)?.is_char(')')) {
        return None;
    }
    let Kind::Sym(name) = &t[i + 2].kind else { return None };
    let open = i + 4;
    let close = if t.get(open)?.is_char('{') {
        matching(t, open)
    } else if t[open].ident() == Some("do") {
        (open..t.len()).find(|&j| t[j].ident() == Some("end"))?
    } else {
        return None;
    };
    let a = next_sig(t, open + 1)?;
    let b = (a..close).rev().find(|&j| t[j].kind != Kind::Newline).map_or(a, |j| j + 1);
    Some(Let {
        name: name.clone(),
        start: t[i].start,
        value: literal(t, a, b),
        value_start: t[a].start,
        hash_keys: if t[a].is_char('{') { hash_keys(t, a) } else { Vec::new() },
    })
}

/// One row per `let(:event)` that an `'internal event tracking'` (or `'... not tracked'`)
/// shared example in its scope uses, with the identifier and property lets in scope. Scopes
/// are read from indentation, which RuboCop keeps exact in GitLab's specs.
fn shared_example_rows(text: &str, lets: &[Let], usages: &[(usize, bool)]) -> Vec<Found> {
    if usages.is_empty() {
        return Vec::new();
    }
    let blocks = Blocks::new(text);
    let mut out = Vec::new();
    let events: Vec<&Let> = lets.iter().filter(|l| l.name == "event").collect();
    for event in &events {
        let Some(action) = &event.value else { continue };
        let line = blocks.line_of(event.start);
        let Some(parent) = blocks.parent(line) else { continue };
        let used: Vec<bool> = usages
            .iter()
            .filter(|(at, _)| {
                let usage = blocks.line_of(*at);
                let inside = usage == parent || blocks.contains(parent, usage);
                // Not when a nearer `let(:event)` feeds it.
                let shadowed = events.iter().any(|other| {
                    let other_line = blocks.line_of(other.start);
                    other_line != line
                        && blocks
                            .parent(other_line)
                            .is_some_and(|p| (p == usage || blocks.contains(p, usage)) && blocks.contains(parent, p))
                });
                inside && !shadowed
            })
            .map(|(_, negated)| *negated)
            .collect();
        if used.is_empty() {
            continue;
        }
        let mut found = Found::new(event.value_start, Some(action.clone()));
        found.negated = used.iter().all(|n| *n);
        for other in lets {
            let other_line = blocks.line_of(other.start);
            let visible = blocks.parent(other_line).is_some_and(|p| p == parent || blocks.contains(p, line));
            if !visible {
                continue;
            }
            match other.name.as_str() {
                n @ ("user" | "project" | "namespace") => found.identifiers.push(n.to_owned()),
                n @ ("label" | "property" | "value") => found.properties.push(n.to_owned()),
                "additional_properties" => found.properties.extend(other.hash_keys.iter().cloned()),
                _ => {}
            }
        }
        out.push(found);
    }
    out
}

/// Lines and their indentation, for the scopes of RSpec blocks.
struct Blocks {
    starts: Vec<usize>,
    /// `None` for blank lines.
    indent: Vec<Option<usize>>,
}

impl Blocks {
    fn new(text: &str) -> Blocks {
        let mut starts = vec![0];
        let mut indent = Vec::new();
        for line in text.split('\n') {
            starts.push(starts.last().copied().unwrap_or(0) + line.len() + 1);
            let trimmed = line.trim_start();
            indent.push((!trimmed.trim_end().is_empty()).then(|| line.len() - trimmed.len()));
        }
        Blocks { starts, indent }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    /// The nearest line above, less indented: the block that holds `line`.
    fn parent(&self, line: usize) -> Option<usize> {
        let own = self.indent.get(line).copied().flatten()?;
        (0..line).rev().find(|&l| self.indent[l].is_some_and(|i| i < own))
    }

    /// True when `line` is inside the block opened on line `block`.
    fn contains(&self, block: usize, line: usize) -> bool {
        let Some(own) = self.indent.get(block).copied().flatten() else { return false };
        line > block && (block + 1..=line).all(|l| self.indent[l].is_none_or(|i| i > own))
    }
}

/// True when `expect(...)` before token `i` names `InternalEvents` (on the same line).
fn about_internal_events(t: &[Tok], i: usize) -> bool {
    (0..i).rev().take_while(|&j| t[j].kind != Kind::Newline).any(|j| t[j].ident() == Some("InternalEvents"))
}

fn is_negated(t: &[Tok], i: usize) -> bool {
    prev_sig(t, i).is_some_and(|p| matches!(t[p].ident(), Some("not_to" | "to_not")))
}

/// `.with(user: ..., additional_properties: {...})` after an RSpec matcher, past
/// `.on_click`, `.once`, and the like.
fn chained_with(t: &[Tok], mut j: usize, found: &mut Found) {
    loop {
        let Some(dot) = next_sig(t, j) else { return };
        if !t[dot].is_char('.') {
            return;
        }
        let Some(name) = t.get(dot + 1).and_then(Tok::ident) else { return };
        if matches!(name, "and" | "or") {
            return;
        }
        j = dot + 2;
        if t.get(j).is_some_and(|x| x.is_char('(')) {
            let close = matching(t, j);
            if name == "with" {
                Args::of(t, &split_args(t, j + 1, close)).fill(t, found);
            }
            j = close + 1;
        }
    }
}

/// The arguments of a call: positional, keyword (`key: value`, `key => value`, and the entries
/// of a hash argument after the first), and `**splat` names.
struct Args {
    positional: Vec<(usize, usize)>,
    keywords: Vec<(String, usize, usize)>,
    splats: Vec<String>,
}

impl Args {
    fn of(t: &[Tok], ranges: &[(usize, usize)]) -> Args {
        let mut args = Args { positional: Vec::new(), keywords: Vec::new(), splats: Vec::new() };
        for &(a, b) in ranges {
            if let Some((key, v)) = key_at(t, a) {
                args.keywords.push((key, v, b));
            } else if t[a].is_punct("**") {
                if let Some(name) = t.get(a + 1).and_then(Tok::ident) {
                    args.splats.push(name.to_owned());
                }
            } else if t[a].is_char('{') && !args.positional.is_empty() && matching(t, a) + 1 == b {
                for (x, y) in split_args(t, a + 1, b - 1) {
                    if let Some((key, v)) = key_at(t, x) {
                        args.keywords.push((key, v, y));
                    }
                }
            } else {
                args.positional.push((a, b));
            }
        }
        args
    }

    /// Identifiers and properties from the keywords.
    fn fill(&self, t: &[Tok], found: &mut Found) {
        for (key, v, b) in &self.keywords {
            if IDENTIFIERS.contains(&key.as_str()) {
                found.identifiers.push(key.clone());
            } else if key == "additional_properties" {
                if *v < *b && t[*v].is_char('{') {
                    found.properties.extend(hash_keys(t, *v));
                }
            } else if !NOT_PROPERTIES.contains(&key.as_str()) {
                found.properties.push(key.clone());
            }
        }
    }
}

/// The value of a lone string or symbol literal in `t[a..b]`.
fn literal(t: &[Tok], a: usize, b: usize) -> Option<String> {
    if b != a + 1 {
        return None;
    }
    match &t.get(a)?.kind {
        Kind::Str(Some(s)) | Kind::Sym(s) => Some(s.clone()),
        _ => None,
    }
}

/// The keys of the hash opened at `open`.
fn hash_keys(t: &[Tok], open: usize) -> Vec<String> {
    let close = matching(t, open);
    split_args(t, open + 1, close).into_iter().filter_map(|(a, _)| key_at(t, a).map(|(k, _)| k)).collect()
}

/// The arguments of the call whose name is at `name` — in parentheses or, without them, to
/// the end of the line — as token ranges, and the index after the call. `None` when the name
/// is not called (`method(:x)`, `x = track_event`).
fn call_args(t: &[Tok], name: usize) -> Option<(Vec<(usize, usize)>, usize)> {
    let next = t.get(name + 1)?;
    if next.is_char('(') && next.start == t[name].end {
        let close = matching(t, name + 1);
        return Some((split_args(t, name + 2, close), close + 1));
    }
    let starts_arg = matches!(next.kind, Kind::Str(_) | Kind::Sym(_) | Kind::Label(_) | Kind::Ident(_))
        || next.is_punct("**")
        || next.is_char('(');
    if !starts_arg || matches!(next.ident(), Some("do" | "if" | "unless" | "and" | "or" | "then")) {
        return None;
    }
    let mut depth = 0usize;
    let mut end = t.len();
    for j in name + 1..t.len() {
        match &t[j].kind {
            Kind::Char('(' | '[' | '{') => depth += 1,
            Kind::Char(')' | ']' | '}') if depth == 0 => {
                end = j;
                break;
            }
            Kind::Char(')' | ']' | '}') => depth -= 1,
            Kind::Newline if depth == 0 && !t[j - 1].is_char(',') => {
                end = j;
                break;
            }
            Kind::Ident(k) if depth == 0 && matches!(k.as_str(), "do" | "if" | "unless") => {
                end = j;
                break;
            }
            _ => {}
        }
    }
    Some((split_args(t, name + 1, end), end))
}

/// Ranges between top-level commas of `t[from..to]`, newlines trimmed; empty ones dropped.
fn split_args(t: &[Tok], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = from;
    let to = to.min(t.len());
    let mut push = |a: usize, b: usize| {
        let a = (a..b).find(|&j| t[j].kind != Kind::Newline);
        if let Some(a) = a {
            let b = (a..b).rev().find(|&j| t[j].kind != Kind::Newline).map_or(a, |j| j + 1);
            out.push((a, b));
        }
    };
    for (j, tok) in t.iter().enumerate().take(to).skip(from) {
        match tok.kind {
            Kind::Char('(' | '[' | '{') => depth += 1,
            Kind::Char(')' | ']' | '}') => depth = depth.saturating_sub(1),
            Kind::Char(',') if depth == 0 => {
                push(start, j);
                start = j + 1;
            }
            _ => {}
        }
    }
    push(start, to);
    out
}

/// The index of the bracket closing the one at `open` (or the end).
fn matching(t: &[Tok], open: usize) -> usize {
    let mut depth = 0usize;
    for (j, tok) in t.iter().enumerate().skip(open) {
        match tok.kind {
            Kind::Char('(' | '[' | '{') => depth += 1,
            Kind::Char(')' | ']' | '}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    t.len()
}

fn next_sig(t: &[Tok], from: usize) -> Option<usize> {
    (from..t.len()).find(|&j| t[j].kind != Kind::Newline)
}

fn prev_sig(t: &[Tok], before: usize) -> Option<usize> {
    (0..before).rev().find(|&j| t[j].kind != Kind::Newline)
}
