//! Hostile input, hostile servers and hostile configs: each test fails
//! without the fix it guards.

mod input;
mod net;
