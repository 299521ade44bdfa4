//! # The softmac daemon
//!
//! `softmac daemon` hosts radios and interfaces and serves them over a Unix SEQPACKET socket
//! speaking generic netlink exactly as Linux lays it out (nlctrl, nl80211, MAC80211_HWSIM).
//!
//! - [`backend`]: the contract between the netlink front end and the radios (cfg80211_ops'
//!   role), with the errno of every refusal.
//! - [`service`]: the sans-IO request handler (one datagram in, reply datagrams out) and the
//!   per-client [`service::Session`] (port id, multicast membership); [`ops`] (nl80211
//!   commands), [`families`] (nlctrl GETFAMILY, group ids, hwsim), [`replies`] (message
//!   builders), [`events`] (backend events as multicast notifications).
//! - [`server`]: the tokio SEQPACKET server, [`server::Server`]; [`seqpacket`] the socket type.
//!
//! The wire format, ids, groups, errnos and softmac's extensions are in `docs/netlink.md`.

pub mod backend;
pub mod events;
pub mod families;
pub mod ops;
pub mod replies;
pub mod seqpacket;
pub mod server;
pub mod service;
