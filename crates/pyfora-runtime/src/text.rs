//! The storage behind a `str` value: text the engine owns, or a file mapped
//! into memory (`Executor.importRemoteFile` of a file over
//! [`SNAPSHOT_LIMIT`]; smaller files are read in, as a snapshot).
//!
//! A mapped file is never read into the heap: the operating system pages it
//! in as code touches it and may drop those pages again under memory
//! pressure, so a file larger than memory still works. Its bytes are checked
//! to be UTF-8 once, when it is mapped, in a streaming pass.

use std::fmt;
use std::fs::File;
use std::ops::Deref;
use std::path::Path;
use std::sync::Arc;

/// The characters of a `str` value.
#[derive(Clone)]
pub enum Text {
    /// Text in the engine's heap (a `String`, so that `s += t` on a string
    /// nothing else holds appends in place, as CPython's does).
    Owned(String),
    /// A whole file, mapped read-only.
    Mapped(Arc<MappedText>),
}

impl Text {
    /// True when the text is a mapped file rather than heap memory.
    pub fn is_mapped(&self) -> bool {
        matches!(self, Text::Mapped(_))
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Owned(text) => text,
            Text::Mapped(mapped) => mapped.as_str(),
        }
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        **self == **other
    }
}

impl Eq for Text {}

impl From<Box<str>> for Text {
    fn from(text: Box<str>) -> Text {
        Text::Owned(text.into_string())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// Files up to this size are read into memory when imported: the text is
/// then a snapshot, which later writes to the file cannot change or cut
/// short. Larger files are mapped (see [`MappedText`]).
pub const SNAPSHOT_LIMIT: u64 = 64 << 20;

/// The text of the file at `path` (`Executor.importRemoteFile`): read
/// into memory up to [`SNAPSHOT_LIMIT`] bytes, mapped beyond.
pub fn import_file(path: &Path) -> Result<Text, ImportFileError> {
    let io_error = |error: std::io::Error| ImportFileError::Io { path: path.display().to_string(), error };
    let mut file = File::open(path).map_err(io_error)?;
    let metadata = file.metadata().map_err(io_error)?;
    if !metadata.is_file() {
        return Err(ImportFileError::NotAFile { path: path.display().to_string() });
    }
    if metadata.len() > SNAPSHOT_LIMIT {
        return Ok(Text::Mapped(Arc::new(MappedText::map(path, &file)?)));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(io_error)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Text::Owned(text)),
        Err(e) => Err(ImportFileError::NotUtf8 { path: path.display().to_string(), offset: e.utf8_error().valid_up_to() }),
    }
}

/// A file mapped read-only whose bytes are known to be UTF-8.
pub struct MappedText {
    map: memmap2::Mmap,
}

impl MappedText {
    /// Maps the file at `path` and checks that it is UTF-8 text.
    ///
    /// The file must not be truncated while the text is in use (the mapping
    /// would lose its pages); changes to its bytes show through.
    pub fn open(path: &Path) -> Result<MappedText, ImportFileError> {
        let io_error = |error: std::io::Error| ImportFileError::Io { path: path.display().to_string(), error };
        let file = File::open(path).map_err(io_error)?;
        if !file.metadata().map_err(io_error)?.is_file() {
            return Err(ImportFileError::NotAFile { path: path.display().to_string() });
        }
        MappedText::map(path, &file)
    }

    /// Maps `file` (opened from `path`, a regular file) and checks that it is UTF-8 text.
    fn map(path: &Path, file: &File) -> Result<MappedText, ImportFileError> {
        let io_error = |error: std::io::Error| ImportFileError::Io { path: path.display().to_string(), error };
        // SAFETY: the mapping is read-only and private to this process; the
        // documented contract is that the file is not truncated while mapped.
        let map = unsafe { memmap2::Mmap::map(file) }.map_err(io_error)?;
        #[cfg(unix)]
        let _ = map.advise(memmap2::Advice::Sequential);
        if let Some(offset) = first_invalid_utf8(&map) {
            return Err(ImportFileError::NotUtf8 { path: path.display().to_string(), offset });
        }
        Ok(MappedText { map })
    }

    /// The file's text.
    pub fn as_str(&self) -> &str {
        // SAFETY: `open` checked every byte.
        unsafe { std::str::from_utf8_unchecked(&self.map) }
    }
}

/// Size of the pieces the UTF-8 check reads at a time.
const CHECK_CHUNK: usize = 1 << 22;

/// The offset of the first byte that is not part of valid UTF-8, if any.
/// Checks piece by piece, so a failure stops reading early.
fn first_invalid_utf8(bytes: &[u8]) -> Option<usize> {
    let mut start = 0;
    while start < bytes.len() {
        let end = (start + CHECK_CHUNK).min(bytes.len());
        match std::str::from_utf8(&bytes[start..end]) {
            Ok(_) => start = end,
            Err(e) => {
                let valid = start + e.valid_up_to();
                // A character cut by the piece's end is checked with the next piece.
                let cut_by_piece_end = e.error_len().is_none() && end < bytes.len();
                if !cut_by_piece_end || valid == start {
                    return Some(valid);
                }
                start = valid;
            }
        }
    }
    None
}

/// Why a file could not be imported as text.
#[derive(Debug, thiserror::Error)]
pub enum ImportFileError {
    /// Opening, inspecting or mapping the file failed.
    #[error("cannot import {path:?}: {error}")]
    Io { path: String, error: std::io::Error },
    /// The path names a directory or device, not a regular file.
    #[error("cannot import {path:?}: not a regular file")]
    NotAFile { path: String },
    /// The file's bytes are not UTF-8.
    #[error("cannot import {path:?}: not UTF-8 text (invalid byte at offset {offset}); importRemoteFile reads UTF-8 files")]
    NotUtf8 { path: String, offset: usize },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_invalid_byte_across_pieces() {
        let mut bytes = vec![b'a'; CHECK_CHUNK - 1];
        bytes.extend_from_slice("é€x".as_bytes()); // a character cut by the first piece's end
        assert_eq!(first_invalid_utf8(&bytes), None);
        bytes.push(0xff);
        assert_eq!(first_invalid_utf8(&bytes), Some(bytes.len() - 1));
        assert_eq!(first_invalid_utf8(&[0xe2, 0x82]), Some(0)); // truncated at the end
        assert_eq!(first_invalid_utf8(b""), None);
    }

    #[test]
    fn maps_a_file_without_copying_it() {
        let dir = std::env::temp_dir().join(format!("pyfora-text-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("data.txt");
        std::fs::write(&path, "a,b\nπ,2\n").unwrap();
        let text = Text::Mapped(Arc::new(MappedText::open(&path).unwrap()));
        assert!(text.is_mapped());
        assert_eq!(&*text, "a,b\nπ,2\n");
        std::fs::write(&path, "").unwrap();
        assert_eq!(&*Text::Mapped(Arc::new(MappedText::open(&path).unwrap())), "");
        std::fs::write(&path, [b'a', 0xc3]).unwrap();
        assert!(matches!(MappedText::open(&path), Err(ImportFileError::NotUtf8 { offset: 1, .. })));
        assert!(matches!(MappedText::open(&dir), Err(ImportFileError::NotAFile { .. })));
        assert!(matches!(MappedText::open(&dir.join("missing")), Err(ImportFileError::Io { .. })));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn imports_small_files_as_snapshots() {
        let dir = std::env::temp_dir().join(format!("pyfora-import-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("data.txt");
        std::fs::write(&path, "x".repeat(100_000)).unwrap();
        let text = import_file(&path).unwrap();
        assert!(!text.is_mapped());
        std::fs::write(&path, "").unwrap(); // rewritten shorter while in use
        assert_eq!(text.len(), 100_000);
        std::fs::write(&path, [b'a', b'b', 0xc3]).unwrap();
        assert!(matches!(import_file(&path), Err(ImportFileError::NotUtf8 { offset: 2, .. })));
        assert!(matches!(import_file(&dir), Err(ImportFileError::NotAFile { .. })));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
