//! # The softmac daemon
//!
//! `softmac daemon` hosts radios and interfaces and serves them over a Unix SEQPACKET socket
//! speaking generic netlink exactly as Linux lays it out (nlctrl, nl80211, MAC80211_HWSIM).
//!
//! - [`backend`]: the contract between the netlink front end and the radios (cfg80211_ops'
//!   role), with the errno of every refusal.

pub mod backend;
pub mod events;
pub mod families;
pub mod ops;
pub mod replies;
pub mod seqpacket;
pub mod server;
pub mod service;
