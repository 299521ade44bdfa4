//! # softmac-cli: the `softmac` command line
//!
//! The library half of the `softmac` binary: subcommand implementations that tests can call
//! without spawning a process.
//!
//! - [`decode`]: capture files (pcap, pcapng; bare 802.11, radiotap, Prism, AVS) to per-frame
//!   summaries or JSON in the corpus schema.
//! - [`daemon`]: the nl80211-compatible daemon that hosts radios and interfaces.
//! - [`demo`]: `softmac demo`, an AP and two stations scanned, connected and pinged in process.
//! - [`sim`]: `softmac sim run`, scenario files run in virtual time with pass/fail expectations.
//! - [`nl`]: the generic netlink codec (nlctrl, nl80211, MAC80211_HWSIM) both sides share.

pub mod client;
pub mod daemon;
pub mod decode;
pub mod demo;
pub mod lab;
pub mod nl;
pub mod sim;
