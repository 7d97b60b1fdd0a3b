//! A block-style YAML emitter that makes the same layout decisions as libyaml 0.2.5's
//! `emitter.c`, which Ruby's Psych drives when GitLab's generator calls `to_yaml`
//! (https://github.com/yaml/libyaml/blob/0.2.5/src/emitter.c). It covers what a definition needs:
//! block mappings and sequences, empty collections as `[]`/`{}`, and scalars in the five styles.
//! Psych's own choice of a style for a Ruby string lives in `write.rs`; this module decides what
//! libyaml makes of that request (quoting when plain is impossible, folding at the line width,
//! block-scalar hints).

/// A node to emit, with the styles and flags Psych passes for it.
#[derive(Debug, Clone, PartialEq)]
pub enum EmitNode {
    Scalar(ScalarEvent),
    /// Written as a block sequence, or `[]` when empty.
    Seq(Vec<EmitNode>),
    /// Written as a block mapping, or `{}` when empty.
    Map(Vec<(EmitNode, EmitNode)>),
}

/// The style Psych asks for; libyaml may pick another one (see `select_style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Any,
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// A scalar event as Psych emits it: the text, the requested style, whether the value may be
/// written without a tag plain (`plain_implicit`) or quoted (`quoted_implicit`), and an
/// explicit tag as handle + suffix (only `!!str` is ever needed).
#[derive(Debug, Clone, PartialEq)]
pub struct ScalarEvent {
    pub value: String,
    pub style: ScalarStyle,
    pub plain_implicit: bool,
    pub quoted_implicit: bool,
    pub tag: Option<(&'static str, &'static str)>,
}

/// libyaml's defaults as Psych sets them: indentation 2; width from `line_width`.
#[derive(Debug, Clone, Copy)]
pub struct EmitterOptions {
    pub best_width: usize,
    pub best_indent: usize,
}

/// Emit one document (`--- ` header, implicit end) holding `root`.
pub fn emit_document(root: &EmitNode, options: EmitterOptions) -> String {
    let mut e = Emitter::new(options);
    e.write_indicator("---", true, false, false);
    e.emit_node(root, Context::default());
    // Implicit document end, then stream end (emit_document_end / emit_document_start).
    e.write_indent();
    if e.open_ended == 2 {
        e.write_indicator("...", true, false, false);
        e.write_indent();
    }
    e.out
}

/// A scalar on its own, on one line, for YAML laid out by someone else (plan files): styled,
/// quoted and escaped as libyaml writes a simple key (never folded; line breaks only escaped
/// inside double quotes), in flow context (`[a, b]` items) or block context.
pub fn inline_scalar(event: &ScalarEvent, flow: bool) -> String {
    let mut e = Emitter::new(EmitterOptions { best_width: usize::MAX, best_indent: 2 });
    e.emit_scalar(event, Context { mapping: false, simple_key: true, flow });
    e.out
}

/// Whether libyaml can write `value` plain (in flow or block context); whether the plain text
/// reads back as a string is the reader's question (`scalar::plain_is_not_string`).
pub fn plain_allowed(value: &str, flow: bool) -> bool {
    let a = analyze(value);
    !value.is_empty() && if flow { a.flow_plain_allowed } else { a.block_plain_allowed }
}

#[derive(Debug, Clone, Copy, Default)]
struct Context {
    mapping: bool,
    simple_key: bool,
    /// Inside a flow collection (only for [`inline_scalar`]; documents are block style).
    flow: bool,
}

/// What libyaml's `yaml_emitter_analyze_scalar` learns about a value.
#[derive(Debug, Clone, Copy)]
struct Analysis {
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

struct Emitter {
    out: String,
    opts: EmitterOptions,
    /// Characters since the last line break (libyaml counts characters, not bytes).
    column: usize,
    whitespace: bool,
    indention: bool,
    indent: Option<usize>,
    indents: Vec<Option<usize>>,
    open_ended: u8,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Blank, break or the NUL that ends a C string (`None` = past the end).
fn is_blankz(c: Option<char>) -> bool {
    match c {
        None | Some('\0') => true,
        Some(c) => is_blank(c) || is_break(c),
    }
}

/// libyaml 0.2.5's `IS_PRINTABLE`: note that it knows no 4-byte UTF-8 sequences, so every
/// character above U+FFFF (emoji) counts as unprintable and forces double quotes.
fn is_printable(c: char) -> bool {
    let u = c as u32;
    u == 0x0A
        || (0x20..=0x7E).contains(&u)
        || (0xA0..=0xD7FF).contains(&u)
        || ((0xE000..=0xFFFD).contains(&u) && u != 0xFEFF)
}

fn analyze(value: &str) -> Analysis {
    let chars: Vec<char> = value.chars().collect();
    if chars.is_empty() {
        return Analysis {
            multiline: false,
            flow_plain_allowed: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = false;
    let mut flow_indicators = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;

    if value.starts_with("---") || value.starts_with("...") {
        block_indicators = true;
        flow_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    let mut followed_by_whitespace = is_blankz(chars.get(1).copied());
    let last = chars.len() - 1;
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                flow_indicators = true;
                block_indicators = true;
            }
            if c == '?' || c == ':' {
                flow_indicators = true;
                if followed_by_whitespace {
                    block_indicators = true;
                }
            }
            if c == '-' && followed_by_whitespace {
                flow_indicators = true;
                block_indicators = true;
            }
        } else {
            if ",?[]{}".contains(c) {
                flow_indicators = true;
            }
            if c == ':' {
                flow_indicators = true;
                if followed_by_whitespace {
                    block_indicators = true;
                }
            }
            if c == '#' && preceded_by_whitespace {
                flow_indicators = true;
                block_indicators = true;
            }
        }
        // Deviation from libyaml: U+2028/U+2029 are printable line breaks there, written raw
        // into block scalars; YAML 1.2 readers (ours) take them as content. Escaping them in
        // double quotes reads back the same everywhere.
        if !is_printable(c) || matches!(c, '\u{2028}' | '\u{2029}') {
            special_characters = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i == last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            leading_break |= i == 0;
            trailing_break |= i == last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(Some(c));
        if i < last {
            followed_by_whitespace = is_blankz(chars.get(i + 2).copied());
        }
    }

    let mut a = Analysis {
        multiline: line_breaks,
        flow_plain_allowed: true,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if flow_indicators {
        a.flow_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

impl Emitter {
    fn new(opts: EmitterOptions) -> Self {
        Emitter {
            out: String::new(),
            opts,
            column: 0,
            whitespace: true,
            indention: true,
            indent: None,
            indents: Vec::new(),
            open_ended: 0,
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        self.indent = match self.indent {
            None => Some(if flow { self.opts.best_indent } else { 0 }),
            Some(i) if !indentless => Some(i + self.opts.best_indent),
            same => same,
        };
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().flatten();
    }

    fn write_indent(&mut self) {
        let indent = self.indent.unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, indicator: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn emit_node(&mut self, node: &EmitNode, ctx: Context) {
        match node {
            EmitNode::Scalar(s) => self.emit_scalar(s, ctx),
            EmitNode::Seq(items) if items.is_empty() => self.emit_empty_flow("[", "]"),
            EmitNode::Map(entries) if entries.is_empty() => self.emit_empty_flow("{", "}"),
            EmitNode::Seq(items) => {
                self.increase_indent(false, ctx.mapping && !self.indention);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.emit_node(item, Context { mapping: false, simple_key: false, flow: false });
                }
                self.pop_indent();
            }
            EmitNode::Map(entries) => {
                self.increase_indent(false, false);
                for (key, value) in entries {
                    self.write_indent();
                    if check_simple_key(key) {
                        self.emit_node(key, Context { mapping: true, simple_key: true, flow: false });
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.emit_node(key, Context { mapping: true, simple_key: false, flow: false });
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.emit_node(value, Context { mapping: true, simple_key: false, flow: false });
                }
                self.pop_indent();
            }
        }
    }

    /// An empty collection is a flow collection (`check_empty_sequence`/`_mapping`).
    fn emit_empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn emit_scalar(&mut self, event: &ScalarEvent, ctx: Context) {
        let analysis = analyze(&event.value);
        let (style, tag) = select_style(event, &analysis, ctx);
        if let Some((handle, suffix)) = tag {
            if !self.whitespace {
                self.put(' ');
            }
            for c in handle.chars().chain(suffix.chars()) {
                self.put(c);
            }
            self.whitespace = false;
            self.indention = false;
        }
        self.increase_indent(true, false);
        let allow_breaks = !ctx.simple_key;
        match style {
            ScalarStyle::Plain | ScalarStyle::Any => self.write_plain(&event.value, allow_breaks),
            ScalarStyle::SingleQuoted => self.write_single_quoted(&event.value, allow_breaks),
            ScalarStyle::DoubleQuoted => self.write_double_quoted(&event.value, allow_breaks),
            ScalarStyle::Literal => self.write_literal(&event.value),
            ScalarStyle::Folded => self.write_folded(&event.value),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        let chars: Vec<char> = value.chars().collect();
        // libyaml avoids a trailing space for empty values in block context.
        if !self.whitespace && !chars.is_empty() {
            self.put(' ');
        }
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks && !spaces && self.column > self.opts.best_width && chars.get(i + 1) != Some(&' ') {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, value: &str, allow_breaks: bool) {
        let chars: Vec<char> = value.chars().collect();
        self.write_indicator("'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let last = chars.len().saturating_sub(1);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > self.opts.best_width
                    && i != 0
                    && i != last
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if breaks {
            self.write_indent();
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &str, allow_breaks: bool) {
        let chars: Vec<char> = value.chars().collect();
        self.write_indicator("\"", true, false, false);
        let mut spaces = false;
        let last = chars.len().saturating_sub(1);
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{FEFF}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\u{07}' => self.put('a'),
                    '\u{08}' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\u{0B}' => self.put('v'),
                    '\u{0C}' => self.put('f'),
                    '\r' => self.put('r'),
                    '\u{1B}' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{A0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    other => {
                        let code = other as u32;
                        let (letter, width) = match code {
                            0..=0xFF => ('x', 2),
                            0x100..=0xFFFF => ('u', 4),
                            _ => ('U', 8),
                        };
                        self.put(letter);
                        for digit in format!("{code:0width$X}").chars() {
                            self.put(digit);
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > self.opts.best_width && i != 0 && i != last {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_block_hints(&mut self, chars: &[char]) {
        if chars.first().is_some_and(|&c| c == ' ' || is_break(c)) {
            let hint = char::from_digit(self.opts.best_indent as u32, 10).unwrap_or('2');
            self.write_indicator(&hint.to_string(), false, false, false);
        }
        self.open_ended = 0;
        let chomp = match chars {
            [] => Some("-"),
            [.., last] if !is_break(*last) => Some("-"),
            [_] => {
                self.open_ended = 2;
                Some("+")
            }
            [.., before, _] if is_break(*before) => {
                self.open_ended = 2;
                Some("+")
            }
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
    }

    fn write_literal(&mut self, value: &str) {
        let chars: Vec<char> = value.chars().collect();
        self.write_indicator("|", true, false, false);
        self.write_block_hints(&chars);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for &c in &chars {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }

    fn write_folded(&mut self, value: &str) {
        let chars: Vec<char> = value.chars().collect();
        self.write_indicator(">", true, false, false);
        self.write_block_hints(&chars);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        let mut leading_spaces = true;
        for (i, &c) in chars.iter().enumerate() {
            if is_break(c) {
                if !breaks && !leading_spaces && c == '\n' {
                    let mut k = i;
                    while chars.get(k).is_some_and(|&b| is_break(b)) {
                        k += 1;
                    }
                    if !is_blankz(chars.get(k).copied()) {
                        self.put_break();
                    }
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                    leading_spaces = is_blank(c);
                }
                if !breaks && c == ' ' && chars.get(i + 1) != Some(&' ') && self.column > self.opts.best_width {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// `yaml_emitter_check_simple_key`: a key fits on the line before `:` when it is one line and
/// at most 128 bytes (with its tag).
fn check_simple_key(key: &EmitNode) -> bool {
    match key {
        EmitNode::Scalar(s) => {
            let tag_len = s.tag.map_or(0, |(h, t)| h.len() + t.len());
            !analyze(&s.value).multiline && tag_len + s.value.len() <= 128
        }
        EmitNode::Seq(items) => items.is_empty(),
        EmitNode::Map(entries) => entries.is_empty(),
    }
}

/// `yaml_emitter_select_scalar_style` and the tag to write: the explicit one, or `!` when a
/// non-plain style loses implicitness. Documents are block style; flow context comes only from
/// [`inline_scalar`].
fn select_style(
    event: &ScalarEvent,
    a: &Analysis,
    ctx: Context,
) -> (ScalarStyle, Option<(&'static str, &'static str)>) {
    // libyaml only looks at the tag when neither implicit flag is set.
    let tag = if !event.plain_implicit && !event.quoted_implicit { event.tag } else { None };
    let no_tag = tag.is_none();
    let mut style = match event.style {
        ScalarStyle::Any => ScalarStyle::Plain,
        other => other,
    };
    if ctx.simple_key && a.multiline {
        style = ScalarStyle::DoubleQuoted;
    }
    if style == ScalarStyle::Plain {
        if (ctx.flow && !a.flow_plain_allowed) || (!ctx.flow && !a.block_plain_allowed) {
            style = ScalarStyle::SingleQuoted;
        }
        if event.value.is_empty() && (ctx.flow || ctx.simple_key) {
            style = ScalarStyle::SingleQuoted;
        }
        if no_tag && !event.plain_implicit {
            style = ScalarStyle::SingleQuoted;
        }
    }
    if style == ScalarStyle::SingleQuoted && !a.single_quoted_allowed {
        style = ScalarStyle::DoubleQuoted;
    }
    if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) && (!a.block_allowed || ctx.flow || ctx.simple_key) {
        style = ScalarStyle::DoubleQuoted;
    }
    // Deviation from libyaml: it folds a folded scalar's "more indented" first line (one that
    // starts with a space) although YAML keeps such line breaks, so the text would read back
    // with a newline. Double quotes keep it intact.
    if style == ScalarStyle::Folded && event.value.starts_with(' ') {
        style = ScalarStyle::DoubleQuoted;
    }
    let tag = if no_tag && !event.quoted_implicit && style != ScalarStyle::Plain { Some(("!", "")) } else { tag };
    (style, tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(v: &str) -> EmitNode {
        EmitNode::Scalar(ScalarEvent {
            value: v.into(),
            style: ScalarStyle::Any,
            plain_implicit: true,
            quoted_implicit: false,
            tag: None,
        })
    }

    fn opts() -> EmitterOptions {
        EmitterOptions { best_width: 150, best_indent: 2 }
    }

    #[test]
    fn block_layout_like_psych() {
        let doc = EmitNode::Map(vec![
            (plain("a"), plain("1")),
            (plain("list"), EmitNode::Seq(vec![plain("x"), plain("y")])),
            (plain("empty"), EmitNode::Seq(vec![])),
            (plain("nested"), EmitNode::Map(vec![(plain("k"), EmitNode::Map(vec![(plain("d"), plain("v"))]))])),
            (
                plain("events"),
                EmitNode::Seq(vec![EmitNode::Map(vec![
                    (plain("name"), plain("e")),
                    (plain("filter"), EmitNode::Map(vec![(plain("label"), plain("x"))])),
                ])]),
            ),
            (plain("nothing"), plain("")),
        ]);
        assert_eq!(
            emit_document(&doc, opts()),
            "---\na: 1\nlist:\n- x\n- y\nempty: []\nnested:\n  k:\n    d: v\nevents:\n- name: e\n  filter:\n    label: x\nnothing:\n"
        );
    }

    #[test]
    fn inline_scalars_stay_on_one_line() {
        let request = |v: &str, style| ScalarEvent {
            value: v.into(),
            style,
            plain_implicit: true,
            quoted_implicit: true,
            tag: None,
        };
        assert_eq!(inline_scalar(&request("a b", ScalarStyle::Plain), true), "a b");
        assert_eq!(inline_scalar(&request("a, b", ScalarStyle::Plain), false), "a, b");
        assert_eq!(inline_scalar(&request("a, b", ScalarStyle::Plain), true), "'a, b'");
        assert_eq!(inline_scalar(&request("", ScalarStyle::Plain), false), "''");
        assert_eq!(inline_scalar(&request("two\nlines", ScalarStyle::Literal), false), "\"two\\nlines\"");
        assert_eq!(inline_scalar(&request("16.6", ScalarStyle::DoubleQuoted), true), "\"16.6\"");
        let long = "word ".repeat(60);
        assert_eq!(inline_scalar(&request(long.trim(), ScalarStyle::Plain), false), long.trim());
        assert!(plain_allowed("a, b", false) && !plain_allowed("a, b", true) && !plain_allowed("", false));
    }

    #[test]
    fn unprintable_and_astral_characters_force_double_quotes() {
        assert!(!analyze("a\tb").block_plain_allowed);
        assert!(!analyze("smile 😀").single_quoted_allowed);
        assert!(analyze("café").block_plain_allowed);
    }
}
