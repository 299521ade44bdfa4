//! # softmac-cli: the `softmac` command line
//!
//! The library half of the `softmac` binary: subcommand implementations that tests can call
//! without spawning a process.
//!
//! - [`decode`]: capture files (pcap, pcapng; bare 802.11, radiotap, Prism, AVS) to per-frame
//!   summaries or JSON in the corpus schema.
//! - [`daemon`]: the nl80211-compatible daemon that hosts radios and interfaces.
//! - [`nl`]: the generic netlink codec (nlctrl, nl80211, MAC80211_HWSIM) both sides share.

pub mod daemon;
pub mod decode;
pub mod nl;
