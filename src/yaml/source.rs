//! The lines of a definition's text as the YAML parser counts them, so that a finding's
//! `line:column` and the source line shown under it agree — also for `\r\n` and lone `\r` line
//! ends (both are line breaks in YAML) and after a byte-order mark (which the parser skips).

use super::node::Position;

/// `text` without a leading UTF-8 byte-order mark. The parser reads the text after it, so
/// columns on line 1 count from there.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The text's lines, split at `\r\n`, `\r` and `\n` (YAML 1.2 §5.4), without their breaks.
#[derive(Debug, Clone)]
pub struct SourceLines<'a> {
    text: &'a str,
    /// Byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
}

impl<'a> SourceLines<'a> {
    pub fn new(text: &'a str) -> Self {
        let text = strip_bom(text);
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    i += 2;
                    starts.push(i);
                }
                b'\r' | b'\n' => {
                    i += 1;
                    starts.push(i);
                }
                _ => i += 1,
            }
        }
        SourceLines { text, starts }
    }

    /// Number of lines; text ending in a line break has an empty last line after it.
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// Line `number` (1-based) without its line break.
    pub fn line(&self, number: u32) -> Option<&'a str> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        let start = *self.starts.get(index)?;
        let end = self.starts.get(index + 1).copied().unwrap_or(self.text.len());
        let line = self.text.get(start..end)?;
        let line = line.strip_suffix('\n').unwrap_or(line);
        Some(line.strip_suffix('\r').unwrap_or(line))
    }

    /// The byte offset of `pos` in the text (after a byte-order mark), if it is in the text; the
    /// column may be one past the end of its line.
    pub fn offset(&self, pos: Position) -> Option<usize> {
        let column = usize::try_from(pos.column).ok()?.checked_sub(1)?;
        let index = usize::try_from(pos.line).ok()?.checked_sub(1)?;
        let start = *self.starts.get(index)?;
        let line = self.line(pos.line)?;
        let within = line.char_indices().map(|(i, _)| i).chain([line.len()]).nth(column)?;
        Some(start + within)
    }

    /// The character at `pos`, if there is one.
    pub fn char_at(&self, pos: Position) -> Option<char> {
        let column = usize::try_from(pos.column).ok()?.checked_sub(1)?;
        self.line(pos.line)?.chars().nth(column)
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`, counted as the
/// parser counts them. `offset` past the end (or inside a character) is clamped.
pub fn position_at(text: &str, offset: usize) -> Position {
    let bom = text.len() - strip_bom(text).len();
    let mut offset = offset.min(text.len()).max(bom);
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[bom..offset];
    let lines = SourceLines::new(before);
    let line = lines.count();
    let last = lines.line(u32::try_from(line).unwrap_or(u32::MAX)).unwrap_or("");
    let column = last.chars().count() + 1;
    Position { line: u32::try_from(line).unwrap_or(u32::MAX), column: u32::try_from(column).unwrap_or(u32::MAX) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        let source = SourceLines::new(text);
        (1..=source.count() as u32).filter_map(|n| source.line(n)).collect()
    }

    #[test]
    fn every_yaml_line_break_ends_a_line() {
        assert_eq!(lines("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(lines("a\n"), ["a", ""]);
        assert_eq!(lines(""), [""]);
        assert_eq!(lines("\r\n\r\n"), ["", "", ""]);
        assert_eq!(lines("\u{feff}a: 1\n"), ["a: 1", ""]);
        assert_eq!(SourceLines::new("a").line(0), None);
        assert_eq!(SourceLines::new("a").line(2), None);
    }

    #[test]
    fn positions_of_bytes() {
        assert_eq!(position_at("ab\ncd", 4), Position { line: 2, column: 2 });
        assert_eq!(position_at("é\r\nxé!", 7), Position { line: 2, column: 3 });
        assert_eq!(position_at("\u{feff}ab", 4), Position { line: 1, column: 2 });
        assert_eq!(position_at("ab", 99), Position { line: 1, column: 3 });
        // Inside a character: the character's start.
        assert_eq!(position_at("é", 1), Position { line: 1, column: 1 });
    }

    #[test]
    fn char_at_a_position() {
        let source = SourceLines::new("a: x\r\nb: \0\n");
        assert_eq!(source.char_at(Position { line: 2, column: 4 }), Some('\0'));
        assert_eq!(source.char_at(Position { line: 9, column: 1 }), None);
        assert_eq!(source.offset(Position { line: 2, column: 4 }), Some(9));
        assert_eq!(source.offset(Position { line: 2, column: 5 }), Some(10));
        assert_eq!(source.offset(Position { line: 2, column: 6 }), None);
    }
}
