//! The offline library in SQLite (not yet written).
