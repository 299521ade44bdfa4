//! # softmac-cli: the `softmac` command line
//!
//! The library half of the `softmac` binary: subcommand implementations that tests can call
//! without spawning a process.
