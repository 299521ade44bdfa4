//! # softmac-tests: the deterministic multi-radio `World`, and the scenario tests built on it
//!
//! [`world::World`] is the harness: a virtual clock, a simulated medium ([`hwsim`]) and one
//! soft-MAC ([`mac80211_core::mac::Mac`]) per radio, all deterministic from one seed. A test
//! crate of your own can depend on this crate to write multi-radio tests; see [`world`].
//!
//! - [`corpus`]: the vendored capture corpus and Wireshark's decode of it, for decoder and
//!   interop tests.

pub mod corpus;
pub mod world;

pub use world::{NodeId, NodeSpec, World, ch2, ch5};
