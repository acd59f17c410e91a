//! The sample articles a new library starts with, compiled into the binary,
//! so a new user sees articles (and what the reader does with them) at once.

use super::{Library, StoreError};

/// Runs the seeds through ingest -> clean -> extract (with the library's
/// extractor) and stores them.
pub(super) fn import_seeds(lib: &mut Library) -> Result<(), StoreError> {
    lib.import(&crate::seeds::processed(lib.extractor()))?;
    Ok(())
}
