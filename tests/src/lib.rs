//! # softmac-tests: scenario tests over a deterministic in-process world
//!
//! Integration tests live in `tests/tests/`. This library holds what they share:
//!
//! - [`corpus`]: the vendored capture corpus and Wireshark's decode of it, for decoder and
//!   interop tests.

pub mod corpus;
