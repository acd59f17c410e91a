//! Reading files' bytes, many in a row, with as little work in the kernel
//! as the answers allow.
//!
//! The kernel's share of reading a corpus was about as large as parsing it:
//! every open looked up the whole path again ("../corpora/bbc/sport/…" is
//! six lookups), and `read_to_end` read in small steps. A [`Reader`] keeps
//! the last file's directory open and opens the next file of that directory
//! by its name alone, and reads into one buffer it keeps: two reads a file,
//! the second only to see the end.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::{MAX_FILE_BYTES, Skip};

/// Bytes read from a file before its size is asked.
pub(super) const FIRST_READ: usize = 64 * 1024;

/// Reads files one after another. Make one per thread and per run over a
/// set of files: it reads a file from its directory as that directory was
/// when it first opened it (a directory renamed and replaced in between is
/// not seen), which is right within one run and would not be across runs.
#[derive(Default)]
pub struct Reader {
    /// The directory of the last file read and a handle on it.
    #[cfg(unix)]
    dir: Option<(PathBuf, rustix::fd::OwnedFd)>,
    /// Filled with zeros once, then read into again and again.
    buf: Vec<u8>,
}

impl Reader {
    pub fn new() -> Reader {
        Reader::default()
    }

    /// The bytes of the file at `path`, refusing files over [`MAX_FILE_BYTES`].
    pub fn read(&mut self, path: &Path) -> Result<&[u8], Skip> {
        let io = |source| Skip::Io {
            path: path.to_path_buf(),
            source,
        };
        let too_large = |size| Skip::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_FILE_BYTES,
        };
        let mut file = self.open(path).map_err(io)?;
        // A huge file's buffer is not kept for the next one.
        if self.buf.len() > 4 * FIRST_READ {
            self.buf = Vec::new();
        }
        if self.buf.len() < FIRST_READ {
            self.buf.resize(FIRST_READ, 0);
        }
        // Most articles are a few KiB: read whole without asking their size
        // first (a stat per file is measurable over a corpus of thousands);
        // only a file that fills the first read has its size checked.
        let mut len = 0;
        loop {
            if len == self.buf.len() {
                if len > MAX_FILE_BYTES as usize {
                    return Err(too_large(len as u64));
                }
                let mut more = len;
                if len == FIRST_READ {
                    let size = file.metadata().map_err(io)?.len();
                    if size > MAX_FILE_BYTES {
                        return Err(too_large(size));
                    }
                    more = more.max(size as usize + 1 - len);
                }
                // At most one byte past the limit: the file may grow while
                // it is read, and that byte says it did.
                let room = (len + more).min(MAX_FILE_BYTES as usize + 1);
                self.buf.resize(room, 0);
            }
            match file.read(&mut self.buf[len..]) {
                Ok(0) => break,
                Ok(n) => len += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io(e)),
            }
        }
        Ok(&self.buf[..len])
    }

    /// Opens `path` for reading, by its name in the directory of the last
    /// file when it is in the same one. Any failure is retried by path, so
    /// errors are what the path gives.
    #[cfg(unix)]
    fn open(&mut self, path: &Path) -> io::Result<File> {
        use rustix::fs::{Mode, OFlags};
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return File::open(path);
        };
        // "a.txt" is opened as it is; "a.txt/" must fail as the path does.
        let bytes = path.as_os_str().as_encoded_bytes();
        if parent.as_os_str().is_empty() || bytes.ends_with(b"/") {
            return File::open(path);
        }
        let same = |(dir, _): &(PathBuf, _)| dir.as_os_str() == parent.as_os_str();
        if !self.dir.as_ref().is_some_and(same) {
            // A handle that can only be looked in: the search permission
            // the path needs is enough, as for the path.
            #[cfg(any(target_os = "linux", target_os = "android"))]
            let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
            #[cfg(not(any(target_os = "linux", target_os = "android")))]
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            self.dir = rustix::fs::open(parent, flags, Mode::empty())
                .ok()
                .map(|fd| (parent.to_path_buf(), fd));
        }
        let Some((_, dir)) = &self.dir else {
            return File::open(path);
        };
        match rustix::fs::openat(dir, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty()) {
            Ok(fd) => Ok(File::from(fd)),
            Err(_) => File::open(path),
        }
    }

    #[cfg(not(unix))]
    fn open(&mut self, path: &Path) -> io::Result<File> {
        File::open(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn files_around_the_first_read_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut reader = Reader::new();
        for size in [
            0,
            1,
            FIRST_READ - 1,
            FIRST_READ,
            FIRST_READ + 1,
            3 * FIRST_READ + 7,
            10,
        ] {
            // "word " repeated, cut to `size` bytes, ending in a marker.
            let mut text = "word ".repeat(size / 5 + 1).into_bytes();
            text.truncate(size.saturating_sub(3));
            text.extend_from_slice(&b"END"[..size.min(3)]);
            let path = dir.path().join(format!("{size}.txt"));
            fs::write(&path, &text).unwrap();
            // One reader over every size: what a larger file left in its
            // buffer never shows in a smaller one's bytes.
            assert_eq!(reader.read(&path).unwrap(), text, "{size} bytes");
            assert_eq!(Reader::new().read(&path).unwrap(), text, "{size} bytes");
        }
    }

    #[test]
    fn files_are_found_whatever_was_read_before() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(a.join("x.txt"), "in a").unwrap();
        fs::write(b.join("x.txt"), "in b").unwrap();
        let mut reader = Reader::new();
        // Same name in two directories, back and forth: each read is of its own file.
        for (dir, want) in [(&a, "in a"), (&b, "in b"), (&a, "in a")] {
            assert_eq!(reader.read(&dir.join("x.txt")).unwrap(), want.as_bytes());
        }
        fs::write(a.join("y.txt"), "y").unwrap();
        assert_eq!(reader.read(&a.join("y.txt")).unwrap(), b"y");
        // Missing files and a file named as a directory fail as their paths do.
        let missing = reader.read(&a.join("nope.txt")).unwrap_err();
        assert!(missing.to_string().contains("nope.txt"), "{missing}");
        let slash = a.join("y.txt/");
        assert!(reader.read(&slash).is_err(), "opened {}", slash.display());
    }
}
