//! The filter language and its evaluation over an in-memory index (not yet written).
