//! The `softmac` binary.

fn main() {}
