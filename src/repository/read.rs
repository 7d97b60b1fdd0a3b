//! Reading one definition file from disk: within the size limit, never blocking on a named
//! pipe, and with a clear message for every way it can fail.

use std::fs::{File, Metadata};
use std::io::{self, Read as _};
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
    let (file, meta) = match open_regular(abs) {
        Ok(opened) => opened,
        Err(Refused::Io(e)) => return Err(e.to_string()),
        Err(Refused::Folder) => return Err("is a folder, not a file".into()),
        Err(Refused::NotRegular) => return Err("is not a regular file (a named pipe, socket or device?)".into()),
    };
    if meta.len() > limits.max_file_bytes {
        return Err(too_large(meta.len(), limits));
    }
    read_within_limit(&file, meta.len(), limits.max_file_bytes).map_err(|e| e.to_string())
}

/// Why a path was not opened as a regular file.
enum Refused {
    Io(io::Error),
    Folder,
    NotRegular,
}

/// Open `path` for reading, and its metadata, only if it is a regular file. On unix the file is
/// opened once, without blocking (a named pipe would otherwise wait for a writer forever), and
/// its type is checked on the open file: one `open` and one `fstat` per file.
#[cfg(unix)]
fn open_regular(path: &Path) -> Result<(File, Metadata), Refused> {
    use std::os::unix::fs::OpenOptionsExt as _;
    // O_NOCTTY: a terminal device among the definitions must not become our controlling terminal.
    let opened = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path);
    let file = match opened {
        Ok(file) => file,
        // Some files cannot be opened at all (a socket, a locked folder): say what they are,
        // as the type check would have, before falling back to the open's own error.
        Err(e) => {
            return Err(match std::fs::metadata(path) {
                Ok(meta) => refusal(&meta).unwrap_or(Refused::Io(e)),
                Err(_) => Refused::Io(e),
            });
        }
    };
    let meta = file.metadata().map_err(Refused::Io)?;
    match refusal(&meta) {
        Some(refused) => Err(refused),
        None => Ok((file, meta)),
    }
}

/// Without `O_NONBLOCK`, the type is checked by path before opening, so that a named pipe is
/// never opened.
#[cfg(not(unix))]
fn open_regular(path: &Path) -> Result<(File, Metadata), Refused> {
    let meta = std::fs::metadata(path).map_err(Refused::Io)?;
    if let Some(refused) = refusal(&meta) {
        return Err(refused);
    }
    let file = File::open(path).map_err(Refused::Io)?;
    Ok((file, meta))
}

fn refusal(meta: &Metadata) -> Option<Refused> {
    if meta.is_dir() {
        Some(Refused::Folder)
    } else if !meta.is_file() {
        Some(Refused::NotRegular)
    } else {
        None
    }
}

/// The file's bytes, at most one past `max_bytes` (so a file that grew past the limit since it
/// was measured is still caught). The buffer is sized from the measured length: a read that
/// returns exactly that many bytes has reached the end, so one `read` call usually suffices;
/// a file that grew or shrank meanwhile is read on to its end.
fn read_within_limit(file: &File, measured: u64, max_bytes: u64) -> io::Result<Vec<u8>> {
    let mut reader = file.take(max_bytes.saturating_add(1));
    // One byte more than measured, so a file that grew shows it in the first read.
    let wanted = usize::try_from(measured.min(max_bytes).saturating_add(1)).unwrap_or(usize::MAX);
    let mut bytes = vec![0; wanted];
    let got = loop {
        match reader.read(&mut bytes) {
            Ok(got) => break got,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    };
    bytes.truncate(got);
    if got as u64 != measured {
        reader.read_to_end(&mut bytes)?;
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repository::FileKind;

    fn temp_file(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let path = dir.path().join("a.yml");
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write: {e}"));
        (dir, path)
    }

    fn read_measured_as(bytes: &[u8], measured: u64, max_bytes: u64) -> Vec<u8> {
        let (_dir, path) = temp_file(bytes);
        let file = File::open(&path).unwrap_or_else(|e| panic!("open: {e}"));
        read_within_limit(&file, measured, max_bytes).unwrap_or_else(|e| panic!("read: {e}"))
    }

    #[test]
    fn a_file_that_changed_since_it_was_measured_is_read_to_its_end_within_the_limit() {
        assert_eq!(read_measured_as(b"0123456789", 10, 100), b"0123456789");
        assert_eq!(read_measured_as(b"", 0, 100), b"");
        // Grew since measured.
        assert_eq!(read_measured_as(b"0123456789", 3, 100), b"0123456789");
        // Shrank since measured.
        assert_eq!(read_measured_as(b"0123", 10, 100), b"0123");
        // Grew past the limit: one byte past it is read, enough to report it too large.
        assert_eq!(read_measured_as(b"0123456789", 3, 5), b"012345");
        assert_eq!(read_measured_as(b"0123456789", 5, 5), b"012345");
    }

    fn read_message(path: &Path, limits: &LoadLimits) -> Option<String> {
        let found = FoundFile { path: "config/events/a.yml".into(), abs: path.to_path_buf(), kind: FileKind::Event };
        read_file(&found, limits).read_problem.map(|p| p.message)
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let (dir, path) = temp_file(b"action: a\n");
        assert_eq!(read_message(&path, &LoadLimits::default()), None);
        let small = LoadLimits { max_file_bytes: 4, ..LoadLimits::default() };
        assert_eq!(
            read_message(&path, &small).as_deref(),
            Some("file is 10 bytes, larger than the 4-byte limit (--max-file-size)")
        );
        assert_eq!(read_message(dir.path(), &LoadLimits::default()).as_deref(), Some("is a folder, not a file"));
        let missing = read_message(&dir.path().join("missing.yml"), &LoadLimits::default());
        assert!(missing.is_some_and(|m| m.contains("No such file")));
    }

    #[cfg(unix)]
    #[test]
    fn a_socket_and_a_named_pipe_are_not_regular_files() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let socket = dir.path().join("socket.yml");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap_or_else(|e| panic!("bind: {e}"));
        let not_regular = Some("is not a regular file (a named pipe, socket or device?)");
        assert_eq!(read_message(&socket, &LoadLimits::default()).as_deref(), not_regular);
        let pipe = dir.path().join("pipe.yml");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status().is_ok_and(|s| s.success());
        if made {
            // Without a writer, a blocking open would never return.
            assert_eq!(read_message(&pipe, &LoadLimits::default()).as_deref(), not_regular);
        }
    }
}
