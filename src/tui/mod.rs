//! The terminal interface (not yet written).
