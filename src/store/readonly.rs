//! Opening a library gazette may not write: the file, its directory or the
//! disk is read-only. Reading it still works; every write is refused with
//! [`StoreError::ReadOnly`] and nothing on disk changes.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, MAIN_DB, OpenFlags};

use super::{Library, Seeding, StoreError, sql};
use crate::article::ArticleId;

impl Library {
    /// Opens `path` for a command that only reads: like
    /// [`Library::open_with`] when gazette may write there, else read-only
    /// ([`Library::open_read_only`]). [`Library::is_read_only`] tells which.
    pub fn open_for_reading(
        path: &Path,
        seeding: Seeding,
        busy_timeout: Duration,
    ) -> Result<Library, StoreError> {
        let read_only = || {
            let mut lib = Library::open_read_only(path, busy_timeout)?;
            lib.extractor = seeding.extractor();
            Ok(lib)
        };
        if path.exists() && !writable(path) {
            return read_only();
        }
        match Library::open_with(path, seeding, busy_timeout) {
            Err(StoreError::ReadOnly { .. }) => read_only(),
            other => other,
        }
    }

    /// Opens an existing, up-to-date library without writing anything: no
    /// migration, no seeding, no stored index copy, no journal files. A
    /// library that would need writing to open (new, or from an older
    /// gazette) is refused as read-only.
    pub fn open_read_only(path: &Path, busy_timeout: Duration) -> Result<Library, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let immutable = || {
            let uri = format!("file:{}?immutable=1", uri_path(path));
            Connection::open_with_flags(uri, flags).map_err(|e| sql(path, e))
        };
        // With no journal beside it, nobody has the library open: read the
        // file as it is rather than have SQLite leave journal files (owned
        // by this user) in the directory. With one, read through it.
        let journal = ["-wal", "-shm"].iter().any(|suffix| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            Path::new(&name).exists()
        });
        let conn = if journal {
            let conn = Connection::open_with_flags(path, flags).map_err(|e| sql(path, e))?;
            // The shared-memory file may be unreadable or not creatable here.
            match conn.query_row("PRAGMA user_version", [], |_| Ok(())) {
                Err(e)
                    if matches!(
                        e.sqlite_error_code(),
                        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
                    ) =>
                {
                    immutable()?
                }
                _ => conn,
            }
        } else {
            immutable()?
        };
        Library::setup(conn, path.to_path_buf(), Seeding::NoSeed, busy_timeout)
    }

    /// Whether this library was opened read-only, so changes cannot be saved.
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(MAIN_DB).unwrap_or(false)
    }

    /// Marks an article read or unread in memory only, for a session on a
    /// library that cannot be written.
    pub fn set_read_unsaved(&mut self, id: ArticleId, read: bool) {
        if let Some(d) = self.index.doc_of(id) {
            self.index.extras[d as usize].read = read;
        }
    }

    /// What to tell the user, once, about a library opened read-only.
    pub fn read_only_note(&self) -> Option<String> {
        self.is_read_only().then(|| {
            format!(
                "the library {} is read-only: reading it as it is; changes (read marks, stars, imports) will not be saved",
                self.path.display()
            )
        })
    }
}

/// Whether this process may write the file and create files beside it (its
/// WAL journal): `access(2)`, so a root user or an ACL is judged as the
/// kernel would.
#[cfg(unix)]
fn writable(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    [path, dir].iter().all(|p| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .is_ok_and(|c| unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0)
    })
}

/// Elsewhere a refused write (see [`Library::open_for_reading`]) tells.
#[cfg(not(unix))]
fn writable(_: &Path) -> bool {
    true
}

/// `path` for a `file:` URI: everything but unreserved bytes and `/`
/// percent-encoded, so `?`, `#` and `%` in a name stay part of it.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::DEFAULT_BUSY_TIMEOUT;

    #[test]
    fn a_read_only_library_reads_and_refuses_writes_without_touching_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("odd ?#% name.db");
        let id = {
            let lib = Library::open_with(
                &path,
                Seeding::Seed(crate::extract::ExtractorRef::BUILTIN),
                DEFAULT_BUSY_TIMEOUT,
            )
            .unwrap();
            assert!(!lib.is_read_only() && lib.read_only_note().is_none());
            lib.metas().next().unwrap().id
        };
        let bytes = std::fs::read(&path).unwrap();
        let mut lib = Library::open_read_only(&path, DEFAULT_BUSY_TIMEOUT).unwrap();
        assert!(lib.is_read_only());
        assert!(lib.read_only_note().unwrap().contains("will not be saved"));
        assert!(lib.article(id).unwrap().is_some());
        let err = lib.set_starred(id, true).unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
        assert!(!lib.meta(id).unwrap().starred);
        // The reader's view of it: reading marks articles read for the
        // session, a star is refused with the reason.
        let source: &mut dyn crate::tui::Source = &mut lib;
        source.set_read(id, true).unwrap();
        assert!(
            source
                .set_starred(id, true)
                .unwrap_err()
                .contains("read-only")
        );
        assert!(lib.meta(id).unwrap().read);
        drop(lib);
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_library_that_needs_writing_to_open_is_refused_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        std::fs::write(&path, b"").unwrap();
        let opened = Library::open_read_only(&path, DEFAULT_BUSY_TIMEOUT);
        assert!(
            matches!(opened, Err(StoreError::ReadOnly { .. })),
            "{:?}",
            opened.err()
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"");
    }
}
