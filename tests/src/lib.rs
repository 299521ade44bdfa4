//! # softmac-tests: scenario tests over a deterministic in-process world
//!
//! Integration tests live in `tests/tests/`; the multi-radio `World` harness joins this library
//! with the medium issue.
