//! Escaping for the languages a snippet lands in. Every value that comes from a definition file
//! (action, property names, descriptions, key paths, group names) passes through one of these in
//! the templates, so a hostile name or description still yields valid code. Unicode is kept as
//! is wherever the language allows it.
//!
//! The templates reach these as tera filters of the same name (see [`super::templates`]).

/// A Ruby string literal. Single quotes when the text is printable (no escapes but `\\` and
/// `\'` there, and `#{` stays literal); double quotes with escapes when it holds line breaks or
/// control characters, with `#` escaped so nothing interpolates.
pub fn ruby_str(s: &str) -> String {
    if s.chars().all(|c| !needs_ruby_double_quotes(c)) {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('\'');
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                _ => out.push(c),
            }
        }
        out.push('\'');
        return out;
    }
    let mut out = String::with_capacity(s.len() + 8);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '#' => out.push_str("\\#"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_ruby_double_quotes(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn needs_ruby_double_quotes(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

/// A hash key in Ruby's `key: value` form: bare when it is a plain identifier (reserved words
/// such as `class`, `end` or `default` are valid labels), else quoted (`'a-b': value`).
pub fn ruby_key(s: &str) -> String {
    if is_plain_identifier(s, |c| c == '_') { s.to_owned() } else { ruby_str(s) }
}

/// A literal for an example value: strings quoted as [`ruby_str`], numbers bare.
pub fn ruby_literal(value: &Literal<'_>) -> String {
    match value {
        Literal::Str(s) => ruby_str(s),
        Literal::Number(n) => n.clone(),
    }
}

/// A JavaScript string literal in single quotes. Line terminators (including U+2028/U+2029)
/// and control characters are escaped, and `<` before `/` or `!` becomes `\x3C`, so the text
/// can never close a `<script>` block or open an HTML comment inside a Vue file.
pub fn js_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            '<' if matches!(chars.peek(), Some('/') | Some('!')) => out.push_str("\\x3C"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// An object-literal key: bare when it is an identifier (reserved words are valid property
/// names since ES5), else a quoted string.
pub fn js_key(s: &str) -> String {
    if is_plain_identifier(s, |c| c == '_' || c == '$') { s.to_owned() } else { js_str(s) }
}

/// A literal for an example value: strings quoted as [`js_str`], numbers bare.
pub fn js_literal(value: &Literal<'_>) -> String {
    match value {
        Literal::Str(s) => js_str(s),
        Literal::Number(n) => n.clone(),
    }
}

/// Text for a `// comment` inside JavaScript or a Vue `<script>`: one line, and no `</` or
/// `<!--` that would end the script block early.
pub fn js_comment(s: &str) -> String {
    one_line(s).replace("</", "<\\/").replace("<!--", "<\\!--")
}

/// Text for a line comment (`# …`, `-- …`): line breaks and other control characters become
/// spaces, so the comment cannot spill onto a code line.
pub fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() || c == '\u{2028}' || c == '\u{2029}' { ' ' } else { c }).collect()
}

/// The value of a double-quoted HTML (or Vue template) attribute.
pub fn html_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if c.is_control() && c != '\t' => out.push_str(&format!("&#{};", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

/// Text between HTML tags (and in double- or single-quoted attributes): the five characters
/// with a meaning in HTML become entities; line breaks stay, for `<pre>`.
pub fn html_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// A relative path in a URL (`d/config/events/a b.yml.html`): each segment percent-encoded,
/// the slashes kept. File names may hold `#`, `?`, `%` or spaces, which would end or change
/// the URL.
pub fn url_path(s: &str) -> String {
    s.split('/')
        .map(|segment| percent_encoding::utf8_percent_encode(segment, PATH_SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// What [`url_path`] keeps as is: RFC 3986's unreserved characters.
const PATH_SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// An attribute name part (`data-event-<name>`): characters HTML does not allow in attribute
/// names (spaces, quotes, `>`, `/`, `=`, control characters) become `_`.
pub fn html_attr_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '>' | '/' | '=' | '<') { '_' } else { c }
        })
        .collect()
}

/// An attribute value as GitLab's viewer writes it: strings in double quotes, numbers bare
/// (`data-event-value=72`).
pub fn html_literal(value: &Literal<'_>) -> String {
    match value {
        Literal::Str(s) => format!("\"{}\"", html_attr(s)),
        Literal::Number(n) => n.clone(),
    }
}

/// A Snowflake string literal: single quotes doubled, backslashes (an escape character in
/// Snowflake string constants) doubled, line breaks and control characters escaped.
pub fn sql_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The text of a Markdown table cell: pipes escaped, line breaks as `<br>`, `<` as `&lt;` so
/// a description cannot open HTML (such as a stray `<details>`), surrounding space trimmed.
pub fn md_cell(s: &str) -> String {
    let normalized = s.trim().replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(normalized.len());
    for c in normalized.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("&lt;"),
            '\n' => out.push_str("<br>"),
            c if c.is_control() => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// An inline code span for a name inside a Markdown table: backticks fenced with a longer run,
/// pipes escaped (GitLab's tables split on them even inside code).
pub fn md_code(s: &str) -> String {
    let text = one_line(s).replace('|', "\\|");
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    if longest_run > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// A shell word: bare when it has no special characters, else single-quoted.
pub fn sh_arg(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':' | '@' | '%' | '+' | '=' | ',')
        });
    if plain { s.to_owned() } else { format!("'{}'", s.replace('\'', "'\\''")) }
}

/// Percent-encoding for a URL query value: everything but unreserved characters. GitLab's
/// dashboards links embed group names and key paths unencoded; for the names GitLab allows
/// (`[a-z0-9_.]`) the result is the same.
pub fn url_param(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An example value as the templates see it: a string to quote or a number to write bare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal<'a> {
    Str(&'a str),
    Number(String),
}

/// `[A-Za-z_][A-Za-z0-9_]*` (plus extra identifier characters), ASCII only.
fn is_plain_identifier(s: &str, extra: impl Fn(char) -> bool) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) if first.is_ascii_alphabetic() || extra(first) => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || extra(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ruby_strings() {
        assert_eq!(ruby_str("internal_events_cli_used"), "'internal_events_cli_used'");
        assert_eq!(ruby_str("it's"), r"'it\'s'");
        assert_eq!(ruby_str(r"back\slash"), r"'back\\slash'");
        // `#{}` is inert in single quotes.
        assert_eq!(ruby_str("#{system('x')}"), r"'#{system(\'x\')}'");
        assert_eq!(ruby_str("two\nlines #{x}"), r#""two\nlines \#{x}""#);
        assert_eq!(ruby_str("quote \" and\ttab\r"), r#""quote \" and\ttab\r""#);
        assert_eq!(ruby_str("bell\u{7}"), r#""bell\u{7}""#);
        assert_eq!(ruby_str("ünïcödé ✓"), "'ünïcödé ✓'");
    }

    #[test]
    fn ruby_keys() {
        assert_eq!(ruby_key("label"), "label");
        for keyword in ["class", "end", "default", "if", "nil", "self", "def"] {
            assert_eq!(ruby_key(keyword), keyword, "labels may be reserved words");
        }
        assert_eq!(ruby_key("a-b"), "'a-b'");
        assert_eq!(ruby_key("1st"), "'1st'");
        assert_eq!(ruby_key("with space"), "'with space'");
        assert_eq!(ruby_key("naïve"), "'naïve'");
        assert_eq!(ruby_key("new\nline"), r#""new\nline""#);
        assert_eq!(ruby_key(""), "''");
    }

    #[test]
    fn js_strings() {
        assert_eq!(js_str("internal_events_cli_used"), "'internal_events_cli_used'");
        assert_eq!(js_str("it's"), r"'it\'s'");
        assert_eq!(js_str(r"a\b"), r"'a\\b'");
        assert_eq!(js_str("two\nlines\r"), r"'two\nlines\r'");
        assert_eq!(js_str("</script><script>alert(1)</script>"), r"'\x3C/script><script>alert(1)\x3C/script>'");
        assert_eq!(js_str("<!-- x"), r"'\x3C!-- x'");
        assert_eq!(js_str("a < b"), "'a < b'");
        assert_eq!(js_str("sep\u{2028}par\u{2029}"), r"'sep\u2028par\u2029'");
        assert_eq!(js_str("nul\0"), r"'nul\u0000'");
        assert_eq!(js_str("${x} `tpl`"), "'${x} `tpl`'");
        assert_eq!(js_str("日本語"), "'日本語'");
    }

    #[test]
    fn js_keys() {
        for keyword in ["class", "default", "new", "function", "label", "$x", "_y"] {
            assert_eq!(js_key(keyword), keyword);
        }
        assert_eq!(js_key("a-b"), "'a-b'");
        assert_eq!(js_key("9lives"), "'9lives'");
        assert_eq!(js_key("x'y"), r"'x\'y'");
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(one_line("first\nsecond\r\nthird"), "first second  third");
        assert_eq!(js_comment("ends </script> here\n<!-- c"), r"ends <\/script> here <\!-- c");
    }

    #[test]
    fn html() {
        assert_eq!(html_attr(r#"a"b'c<d>&e"#), "a&quot;b&#39;c&lt;d&gt;&amp;e");
        assert_eq!(html_attr("two\nlines"), "two&#10;lines");
        assert_eq!(html_attr("ünï"), "ünï");
        assert_eq!(html_attr_name("custom_key"), "custom_key");
        assert_eq!(html_attr_name("bad name\"=/>"), "bad_name____");
        assert_eq!(html_literal(&Literal::Str("string")), "\"string\"");
        assert_eq!(html_literal(&Literal::Number("72".into())), "72");
    }

    #[test]
    fn sql() {
        assert_eq!(sql_str("internal_events_cli_used"), "'internal_events_cli_used'");
        assert_eq!(sql_str("o'brien"), "'o''brien'");
        assert_eq!(sql_str(r"back\slash"), r"'back\\slash'");
        assert_eq!(sql_str("a\nb"), r"'a\nb'");
        assert_eq!(sql_str("x'; DROP TABLE t; --"), "'x''; DROP TABLE t; --'");
        assert_eq!(sql_str("ünï"), "'ünï'");
    }

    #[test]
    fn markdown() {
        assert_eq!(md_cell("a | b"), r"a \| b");
        assert_eq!(md_cell(" line one\nline two\r\n"), "line one<br>line two");
        assert_eq!(md_cell("<details>"), "&lt;details>");
        assert_eq!(md_cell(r"a\|b"), r"a\\\|b");
        assert_eq!(md_cell("ünï ✓"), "ünï ✓");
        assert_eq!(md_code("internal_events_cli_used"), "`internal_events_cli_used`");
        assert_eq!(md_code("a`b"), "`` a`b ``");
        assert_eq!(md_code("a|b"), r"`a\|b`");
    }

    #[test]
    fn shell_and_urls() {
        assert_eq!(sh_arg("internal_events_cli_used"), "internal_events_cli_used");
        assert_eq!(sh_arg("x; rm -rf /"), "'x; rm -rf /'");
        assert_eq!(sh_arg("it's"), r"'it'\''s'");
        assert_eq!(sh_arg(""), "''");
        assert_eq!(
            url_param("redis_hll_counters.count_distinct_user_id_from_x_weekly"),
            "redis_hll_counters.count_distinct_user_id_from_x_weekly"
        );
        assert_eq!(url_param("a b&c#d"), "a%20b%26c%23d");
        assert_eq!(url_param("é"), "%C3%A9");
    }
}
