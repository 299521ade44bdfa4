//! # mac80211-core: a sans-IO IEEE 802.11 soft-MAC
//!
//! This crate is the protocol half of softmac, in the shape of Linux mac80211 but with no I/O:
//! no sockets, no clock reads, no threads and no ambient randomness. Callers feed inputs with a
//! timestamp and poll outputs; the driver crate supplies the real clock and radios.
//!
//! Layers, bottom up:
//!
//! - [`wire`]: the 802.11 codec (IEEE 802.11-2020 clause 9): frame control, MAC header, every
//!   management, control and data frame body, information elements, EAPOL, CCMP headers,
//!   radiotap and capture-link headers. Zero-copy views plus `*Repr` types; total on any input.
//! - [`capture`]: reading pcap/pcapng files and writing pcap, over byte buffers.
//! - [`crypto`]: the WPA2-Personal key hierarchy (passphrase → PSK, PRF, PTK), keys zeroized
//!   and never printed.
//! - [`time`], [`rand`], [`timer`]: caller-supplied time, seeded random streams and per-state-machine
//!   deadline tables: the only sources of time and randomness the protocol code uses.

pub mod ap;
pub mod capture;
pub mod channel;
pub mod crypto;
pub mod mac;
pub mod rand;
pub(crate) mod rsna;
pub mod sta;
pub mod time;
pub mod timer;
pub mod wire;
