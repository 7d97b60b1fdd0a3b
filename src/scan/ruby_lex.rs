//! A small Ruby tokenizer: enough to find method calls, their arguments and hash keys.
//!
//! Hand-written on purpose: the only maintained Ruby parsers for Rust are full grammars
//! (tree-sitter-ruby, lib-ruby-parser) that would add a C toolchain or a large parser for what
//! needs a few token kinds. What matters is that strings, symbols, comments, heredocs, regular
//! expressions and `%w[]`-style literals are skipped as a whole, so text inside them is never
//! mistaken for a call. Anything the tokenizer does not know becomes a one-character token.

/// One token: what it is, and its byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A name: method, variable (`@x`, `$x` included), constant, keyword.
    Ident(String),
    /// A hash key or keyword argument written `key:` or `'key':`.
    Label(String),
    /// `:name`, `:'name'`.
    Sym(String),
    /// A string literal: its value, or `None` when it interpolates (`"#{x}"`) or is a heredoc,
    /// a `%w[]` list or a regular expression.
    Str(Option<String>),
    Num,
    /// `::`, `**`, `=>`, `&.`, `||=`, or any other single character.
    Punct(&'static str),
    /// Another single character, e.g. `(`.
    Char(char),
    Newline,
}

impl Tok {
    pub fn ident(&self) -> Option<&str> {
        match &self.kind {
            Kind::Ident(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_char(&self, c: char) -> bool {
        self.kind == Kind::Char(c)
    }

    pub fn is_punct(&self, p: &str) -> bool {
        matches!(self.kind, Kind::Punct(q) if q == p)
    }

    /// True after a token that ends a value, where `/` divides and `%` is modulo.
    fn ends_value(&self) -> bool {
        match &self.kind {
            Kind::Ident(name) => !matches!(
                name.as_str(),
                "if" | "unless" | "when" | "and" | "or" | "not" | "return" | "while" | "until" | "in" | "then"
            ),
            Kind::Str(_) | Kind::Num | Kind::Sym(_) => true,
            Kind::Char(c) => matches!(c, ')' | ']' | '}'),
            _ => false,
        }
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

pub fn tokenize(text: &str) -> Vec<Tok> {
    Lexer { b: text.as_bytes(), text, i: 0, out: Vec::new(), heredocs: Vec::new() }.run()
}

struct Lexer<'t> {
    b: &'t [u8],
    text: &'t str,
    i: usize,
    out: Vec<Tok>,
    /// Heredoc terminators waiting for the end of the current line.
    heredocs: Vec<(String, bool)>,
}

impl Lexer<'_> {
    fn push(&mut self, kind: Kind, start: usize) {
        self.out.push(Tok { kind, start, end: self.i });
    }

    fn peek(&self, ahead: usize) -> u8 {
        self.b.get(self.i + ahead).copied().unwrap_or(0)
    }

    fn at_line_start(&self) -> bool {
        self.i == 0 || self.b[self.i - 1] == b'\n'
    }

    fn last_ends_value(&self) -> bool {
        self.out.last().is_some_and(Tok::ends_value)
    }

    fn run(mut self) -> Vec<Tok> {
        while self.i < self.b.len() {
            let c = self.b[self.i];
            let start = self.i;
            if self.at_line_start() {
                if self.b[self.i..].starts_with(b"=begin") {
                    self.skip_block_comment();
                    continue;
                }
                if self.b[self.i..].starts_with(b"__END__") {
                    break;
                }
            }
            match c {
                b'\n' => {
                    self.i += 1;
                    self.push(Kind::Newline, start);
                    self.skip_heredoc_bodies();
                }
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'\\' if self.peek(1) == b'\n' => self.i += 2,
                b'#' => self.skip_to_eol(),
                b'\'' => {
                    let value = self.single_quoted(b'\'');
                    self.string_or_label(value, start);
                }
                b'"' => {
                    let value = self.double_quoted(b'"');
                    self.string_or_label(value, start);
                }
                b'`' => {
                    self.double_quoted(b'`');
                    self.push(Kind::Str(None), start);
                }
                b':' if self.peek(1) == b':' => {
                    self.i += 2;
                    self.push(Kind::Punct("::"), start);
                }
                b':' if self.peek(1) == b'"' || self.peek(1) == b'\'' => {
                    self.i += 1;
                    let quote = self.b[self.i];
                    let value = if quote == b'"' { self.double_quoted(quote) } else { self.single_quoted(quote) };
                    self.push(Kind::Sym(value.unwrap_or_default()), start);
                }
                b':' if is_ident_start(self.peek(1)) => {
                    self.i += 1;
                    let name = self.name();
                    self.push(Kind::Sym(name), start);
                }
                b'<' if self.peek(1) == b'<' && self.heredoc_start() => self.push(Kind::Str(None), start),
                b'%' if self.percent_literal() => self.push(Kind::Str(None), start),
                b'/' if !self.last_ends_value() && self.regex_closes_on_line() => {
                    self.i += 1;
                    self.skip_delimited(b'/', b'/');
                    self.push(Kind::Str(None), start);
                }
                b'?' if self.char_literal() => self.push(Kind::Str(None), start),
                b'0'..=b'9' => {
                    while self.i < self.b.len()
                        && (is_ident_char(self.b[self.i]) || self.b[self.i] == b'.' && self.peek(1).is_ascii_digit())
                    {
                        self.i += 1;
                    }
                    self.push(Kind::Num, start);
                }
                b'@' | b'$' if is_ident_start(self.peek(1)) || self.peek(1) == b'@' => {
                    self.i += 1;
                    while self.peek(0) == b'@' {
                        self.i += 1;
                    }
                    let name = self.name();
                    self.push(Kind::Ident(format!("{}{name}", &self.text[start..start + 1])), start);
                }
                c if is_ident_start(c) => {
                    let name = self.name();
                    // `key:` (not `Const::`) is a label.
                    if self.peek(0) == b':' && self.peek(1) != b':' {
                        self.i += 1;
                        self.push(Kind::Label(name), start);
                    } else {
                        self.push(Kind::Ident(name), start);
                    }
                }
                _ => {
                    let two = [c, self.peek(1)];
                    let punct = match &two {
                        b"**" => Some("**"),
                        b"=>" => Some("=>"),
                        b"&." => Some("&."),
                        b"||" => Some("||"),
                        b"&&" => Some("&&"),
                        b"==" => Some("=="),
                        b"!=" => Some("!="),
                        b"<<" => Some("<<"),
                        _ => None,
                    };
                    match punct {
                        Some(p) => {
                            self.i += 2;
                            self.push(Kind::Punct(p), start);
                        }
                        None => {
                            // One character, whole (a multi-byte one too).
                            let ch = self.text[self.i..].chars().next().unwrap_or('\u{fffd}');
                            self.i += ch.len_utf8().max(1);
                            self.push(Kind::Char(ch), start);
                        }
                    }
                }
            }
        }
        self.out
    }

    /// A name with a trailing `?` or `!` (`enabled?`), but not `x ?a : b` or `x != y`.
    fn name(&mut self) -> String {
        let start = self.i;
        while self.i < self.b.len() && is_ident_char(self.b[self.i]) {
            self.i += 1;
        }
        if matches!(self.peek(0), b'?' | b'!') && !matches!(self.peek(1), b'=' | b':') {
            self.i += 1;
        }
        self.text[start..self.i].to_owned()
    }

    fn string_or_label(&mut self, value: Option<String>, start: usize) {
        if self.peek(0) == b':' && self.peek(1) != b':' && value.is_some() {
            self.i += 1;
            self.push(Kind::Label(value.unwrap_or_default()), start);
        } else {
            self.push(Kind::Str(value), start);
        }
    }

    fn skip_to_eol(&mut self) {
        while self.i < self.b.len() && self.b[self.i] != b'\n' {
            self.i += 1;
        }
    }

    fn skip_block_comment(&mut self) {
        loop {
            self.skip_to_eol();
            if self.i >= self.b.len() {
                return;
            }
            self.i += 1;
            if self.b[self.i..].starts_with(b"=end") {
                self.skip_to_eol();
                return;
            }
        }
    }

    /// `'...'`: the value, with `\\` and `\'` unescaped. `self.i` is at the opening quote.
    fn single_quoted(&mut self, quote: u8) -> Option<String> {
        self.i += 1;
        let mut value = String::new();
        let mut run = self.i;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' if matches!(self.peek(1), b'\\' | b'\'') => {
                    value.push_str(&self.text[run..self.i]);
                    value.push(self.peek(1) as char);
                    self.i += 2;
                    run = self.i;
                }
                c if c == quote => {
                    value.push_str(&self.text[run..self.i]);
                    self.i += 1;
                    return Some(value);
                }
                _ => self.i += 1,
            }
        }
        None
    }

    /// `"..."`: the value when there is no interpolation (escapes kept as written, which
    /// event names never need).
    fn double_quoted(&mut self, quote: u8) -> Option<String> {
        self.i += 1;
        let start = self.i;
        let mut plain = true;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' => {
                    plain = false;
                    self.i += 2;
                }
                b'#' if self.peek(1) == b'{' => {
                    plain = false;
                    self.i += 2;
                    self.skip_interpolation();
                }
                c if c == quote => {
                    let value = plain.then(|| self.text[start..self.i].to_owned());
                    self.i += 1;
                    return value;
                }
                _ => self.i += 1,
            }
        }
        self.i = self.i.min(self.b.len());
        None
    }

    /// Past the `}` closing an interpolation, over nested braces and strings.
    fn skip_interpolation(&mut self) {
        let mut depth = 1;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return;
                    }
                }
                b'"' => {
                    self.double_quoted(b'"');
                    continue;
                }
                b'\'' => {
                    self.single_quoted(b'\'');
                    continue;
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    /// Past the closing delimiter, counting nested open/close pairs; backslash escapes.
    fn skip_delimited(&mut self, open: u8, close: u8) {
        let mut depth = 1;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            if c == b'\\' {
                self.i += 2;
                continue;
            }
            if c == b'#' && self.peek(1) == b'{' {
                self.i += 2;
                self.skip_interpolation();
                continue;
            }
            self.i += 1;
            if c == close {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            } else if c == open && open != close {
                depth += 1;
            }
        }
        self.i = self.i.min(self.b.len());
    }

    /// True when the `/` at `self.i` has an unescaped partner before the end of the line: a
    /// regular expression, not a division the heuristic got wrong.
    fn regex_closes_on_line(&self) -> bool {
        let mut j = self.i + 1;
        while j < self.b.len() && self.b[j] != b'\n' {
            match self.b[j] {
                b'\\' => j += 2,
                b'/' => return true,
                _ => j += 1,
            }
        }
        false
    }

    /// `%w[...]`, `%i(...)`, `%q{...}`, `%(...)`, `%r{...}`: skipped whole.
    fn percent_literal(&mut self) -> bool {
        let mut j = self.i + 1;
        if matches!(self.b.get(j), Some(b'w' | b'W' | b'i' | b'I' | b'q' | b'Q' | b'r' | b'x')) {
            j += 1;
        } else if self.last_ends_value() {
            return false;
        }
        let Some(&open) = self.b.get(j) else { return false };
        let close = match open {
            b'(' => b')',
            b'[' => b']',
            b'{' => b'}',
            b'<' => b'>',
            b'|' | b'!' | b'/' => open,
            _ => return false,
        };
        self.i = j + 1;
        self.skip_delimited(open, close);
        true
    }

    /// `?a` (a one-character string) where a value is expected.
    fn char_literal(&mut self) -> bool {
        if self.last_ends_value() {
            return false;
        }
        let next = self.peek(1);
        if next == 0 || next.is_ascii_whitespace() || is_ident_char(self.peek(2)) {
            return false;
        }
        self.i += if next == b'\\' { 3 } else { 2 };
        self.i = self.i.min(self.b.len());
        true
    }

    /// `<<~ID`, `<<-ID`, `<<ID`, `<<~'ID'`: the body (from the next line to `ID`) is skipped
    /// when the line ends.
    fn heredoc_start(&mut self) -> bool {
        let mut j = self.i + 2;
        let squiggly = matches!(self.b.get(j), Some(b'~' | b'-'));
        if squiggly {
            j += 1;
        }
        let quote = match self.b.get(j) {
            Some(&q @ (b'\'' | b'"' | b'`')) => {
                j += 1;
                Some(q)
            }
            _ => None,
        };
        let name_start = j;
        while j < self.b.len() && (self.b[j].is_ascii_uppercase() || self.b[j] == b'_' || self.b[j].is_ascii_digit()) {
            j += 1;
        }
        if j == name_start || (quote.is_none() && !self.b[name_start].is_ascii_uppercase()) {
            return false;
        }
        let name = self.text[name_start..j].to_owned();
        if let Some(q) = quote {
            if self.b.get(j) != Some(&q) {
                return false;
            }
            j += 1;
        }
        self.heredocs.push((name, squiggly));
        self.i = j;
        true
    }

    fn skip_heredoc_bodies(&mut self) {
        for (name, indented) in std::mem::take(&mut self.heredocs) {
            while self.i < self.b.len() {
                let line_start = self.i;
                self.skip_to_eol();
                let line = &self.text[line_start..self.i];
                if self.i < self.b.len() {
                    self.i += 1;
                }
                let line = line.trim_end_matches('\r');
                if line == name || (indented && line.trim_start() == name) {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        tokenize(text).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn strings_comments_and_heredocs_hide_their_text() {
        let k = kinds("x = <<~SQL\n  track_internal_event('a')\nSQL\n# track_internal_event('b')\ny = 'it''s'");
        assert!(!k.contains(&Kind::Str(Some("a".into()))));
        assert!(!k.iter().any(|k| matches!(k, Kind::Ident(n) if n == "track_internal_event")));
    }

    #[test]
    fn labels_symbols_and_scopes() {
        assert_eq!(
            kinds("Gitlab::X.f(:a, b: 1, 'c-d': :e?)"),
            vec![
                Kind::Ident("Gitlab".into()),
                Kind::Punct("::"),
                Kind::Ident("X".into()),
                Kind::Char('.'),
                Kind::Ident("f".into()),
                Kind::Char('('),
                Kind::Sym("a".into()),
                Kind::Char(','),
                Kind::Label("b".into()),
                Kind::Num,
                Kind::Char(','),
                Kind::Label("c-d".into()),
                Kind::Sym("e?".into()),
                Kind::Char(')'),
            ]
        );
    }

    #[test]
    fn regex_and_percent_literals() {
        assert_eq!(kinds("a = %w[x 'y]\nb = x.split(/'/)").iter().filter(|k| **k == Kind::Str(None)).count(), 2);
        assert_eq!(kinds("a / b / c").iter().filter(|k| matches!(k, Kind::Str(_))).count(), 0);
    }
}
