//! # The softmac daemon
//!
//! `softmac daemon` hosts radios and interfaces and serves them over a Unix SEQPACKET socket
//! speaking generic netlink exactly as Linux lays it out (nlctrl, nl80211, MAC80211_HWSIM).
//!
//! - [`apply`]: bringing a topology file to life on a backend.
//! - [`backend`]: the contract between the netlink front end and the radios (cfg80211_ops'
//!   role), with the errno of every refusal.
//! - [`config`]: the topology file (radios, interfaces, namespaces, addresses).
//! - [`host`]: the real backend: simulated radios on a wall-clock medium, TAP ports.

pub mod apply;
pub mod backend;
pub mod config;
pub mod host;
