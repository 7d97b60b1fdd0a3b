//! A small JavaScript tokenizer: names, string and template literals, punctuation; comments and
//! regular expressions are skipped whole. Hand-written for the same reason as the Ruby one
//! (`ruby_lex`): a full JavaScript parser (swc, oxc, tree-sitter) is a large dependency for
//! finding one call shape, and it would reject the expressions Vue templates hold, which are
//! not programs. Token positions are byte offsets into the whole file, so a template
//! attribute's expression can be read in place.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Ident(String),
    /// The value of a `'...'`, `"..."` or `` `...` `` literal; `None` for a template with `${}`.
    Str(Option<String>),
    Num,
    /// `?.`, `...`, `=>` or any single character as a string.
    Punct(String),
}

impl Tok {
    pub fn ident(&self) -> Option<&str> {
        match &self.kind {
            Kind::Ident(s) => Some(s),
            _ => None,
        }
    }

    pub fn is(&self, p: &str) -> bool {
        matches!(&self.kind, Kind::Punct(q) if q == p)
    }

    fn ends_value(&self) -> bool {
        match &self.kind {
            Kind::Ident(n) => {
                !matches!(n.as_str(), "return" | "typeof" | "case" | "in" | "of" | "new" | "delete" | "void")
            }
            Kind::Str(_) | Kind::Num => true,
            Kind::Punct(p) => matches!(p.as_str(), ")" | "]" | "}"),
        }
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c >= 0x80
}

fn is_ident_char(c: u8) -> bool {
    is_ident_start(c) || c.is_ascii_digit()
}

/// The tokens of `text[start..end]`, with offsets into `text`.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    lex(text, start, end.min(text.len()), &mut out, false);
    out
}

/// Lexes until `end`, or (when `until_brace`) until the `}` that closes a template
/// substitution; returns where it stopped.
fn lex(text: &str, mut i: usize, end: usize, out: &mut Vec<Tok>, until_brace: bool) -> usize {
    let b = text.as_bytes();
    let mut depth = 0usize;
    while i < end {
        let c = b[i];
        let start = i;
        let peek = |k: usize| if i + k < end { b[i + k] } else { 0 };
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if peek(1) == b'/' => {
                while i < end && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if peek(1) == b'*' => {
                i += 2;
                while i < end && !(b[i] == b'*' && i + 1 < end && b[i + 1] == b'/') {
                    i += 1;
                }
                i = (i + 2).min(end);
            }
            b'/' if !out.last().is_some_and(Tok::ends_value) => {
                i += 1;
                let mut class = false;
                while i < end && b[i] != b'\n' {
                    match b[i] {
                        b'\\' => i += 1,
                        b'[' => class = true,
                        b']' => class = false,
                        b'/' if !class => break,
                        _ => {}
                    }
                    i += 1;
                }
                i = (i + 1).min(end);
                while i < end && is_ident_char(b[i]) {
                    i += 1;
                }
                out.push(Tok { kind: Kind::Str(None), start, end: i });
            }
            b'\'' | b'"' => {
                i += 1;
                let mut value = String::new();
                let mut run = i;
                let mut closed = false;
                while i < end {
                    match b[i] {
                        b'\\' => {
                            value.push_str(&text[run..i]);
                            i += 1;
                            if i < end {
                                let ch = text[i..].chars().next().unwrap_or(' ');
                                value.push(ch);
                                i += ch.len_utf8();
                            }
                            run = i;
                        }
                        b'\n' => break,
                        q if q == c => {
                            value.push_str(&text[run..i]);
                            i += 1;
                            closed = true;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                out.push(Tok { kind: Kind::Str(closed.then_some(value)), start, end: i });
            }
            b'`' => {
                i += 1;
                let content = i;
                let mut plain = true;
                while i < end && b[i] != b'`' {
                    if b[i] == b'\\' {
                        i += 2;
                    } else if b[i] == b'$' && i + 1 < end && b[i + 1] == b'{' {
                        plain = false;
                        let mut inner = Vec::new();
                        i = lex(text, i + 2, end, &mut inner, true);
                    } else {
                        i += 1;
                    }
                }
                let value = plain.then(|| text[content..i.min(end)].to_owned());
                i = (i + 1).min(end);
                out.push(Tok { kind: Kind::Str(value), start, end: i });
            }
            b'0'..=b'9' => {
                while i < end && (is_ident_char(b[i]) || b[i] == b'.') {
                    i += 1;
                }
                out.push(Tok { kind: Kind::Num, start, end: i });
            }
            c if is_ident_start(c) => {
                while i < end && is_ident_char(b[i]) {
                    i += 1;
                }
                out.push(Tok { kind: Kind::Ident(text[start..i].to_owned()), start, end: i });
            }
            _ => {
                let punct = if text[i..end].starts_with("...") {
                    "..."
                } else if text[i..end].starts_with("?.") {
                    "?."
                } else if text[i..end].starts_with("=>") {
                    "=>"
                } else {
                    ""
                };
                let len =
                    if punct.is_empty() { text[i..].chars().next().map_or(1, char::len_utf8) } else { punct.len() };
                if until_brace {
                    match c {
                        b'{' => depth += 1,
                        b'}' if depth == 0 => return i + 1,
                        b'}' => depth -= 1,
                        _ => {}
                    }
                }
                i += len;
                out.push(Tok { kind: Kind::Punct(text[start..i].to_owned()), start, end: i });
            }
        }
    }
    i.min(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_comments_and_templates() {
        let text = "// trackEvent('a')\nconst x = `a${ f('}') }b`; trackEvent(\"b\", { label }) /* trackEvent('c') */";
        let toks = tokenize(text, 0, text.len());
        let idents: Vec<&str> = toks.iter().filter_map(Tok::ident).collect();
        assert_eq!(idents, ["const", "x", "trackEvent", "label"]);
        assert!(toks.iter().any(|t| t.kind == Kind::Str(Some("b".into()))));
    }

    #[test]
    fn regex_is_skipped() {
        let text = "x = a.replace(/'/g, ''); y = a / b";
        let toks = tokenize(text, 0, text.len());
        assert_eq!(toks.iter().filter(|t| matches!(t.kind, Kind::Str(_))).count(), 2);
    }
}
