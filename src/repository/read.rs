//! Reading one definition file from disk: within the size limit, never blocking on a named
//! pipe, and with a clear message for every way it can fail.

use std::io::Read as _;

use std::path::Path;

use super::{FoundFile, LoadLimits, SourceFile};
use crate::yaml;

/// Read one file from disk within the limits and parse it; problems become part of the file,
/// never a panic.
pub fn read_file(found: &FoundFile, limits: &LoadLimits) -> SourceFile {
    match read_bytes(&found.abs, limits) {
        Ok(bytes) => SourceFile::from_bytes(found.path.clone(), found.kind, bytes, limits),
        Err(message) => SourceFile::unreadable(found.path.clone(), found.kind, message),
    }
}

/// The bytes of the file at `abs`, or why it cannot be read (a folder, a pipe, too large).
pub(super) fn read_bytes(abs: &Path, limits: &LoadLimits) -> Result<Vec<u8>, String> {
    // The type is checked before opening: opening a named pipe would wait for a writer forever.
    let meta = std::fs::metadata(abs).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a folder, not a file".into());
    }
    if !meta.is_file() {
        return Err("is not a regular file (a named pipe, socket or device?)".into());
    }
    if meta.len() > limits.max_file_bytes {
        return Err(too_large(meta.len(), limits));
    }
    // Read at most one byte past the limit, in case the file grew since it was measured.
    let mut bytes = Vec::new();
    std::fs::File::open(abs)
        .and_then(|file| file.take(limits.max_file_bytes.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

pub(super) fn too_large(len: u64, limits: &LoadLimits) -> String {
    format!("file is {len} bytes, larger than the {}-byte limit (--max-file-size)", limits.max_file_bytes)
}

pub(super) fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// What is wrong with bytes that are not UTF-8, and where: the line and column of the first bad
/// byte, counted in the valid text before it.
pub(super) fn not_utf8(bytes: &[u8], error: std::str::Utf8Error) -> (String, yaml::Position) {
    if is_utf16(bytes) {
        return (
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8".into(),
            yaml::Position::START,
        );
    }
    let offset = error.valid_up_to();
    let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
    let pos = yaml::source::position_at(valid, offset);
    let byte = bytes.get(offset).copied().unwrap_or_default();
    (format!("not valid UTF-8: byte 0x{byte:02X} here is not part of a UTF-8 character; save the file as UTF-8"), pos)
}
