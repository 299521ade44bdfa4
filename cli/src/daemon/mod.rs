//! # The softmac daemon
//!
//! `softmac daemon` hosts radios and interfaces and serves them over a Unix SEQPACKET socket
//! speaking generic netlink exactly as Linux lays it out (nlctrl, nl80211, MAC80211_HWSIM).
//!
//! Front end (cfg80211/nl80211's role), independent of what drives the radios:
//! - [`backend`]: the contract between the netlink front end and the radios (cfg80211_ops'
//!   role), with the errno of every refusal.
//! - [`service`]: the sans-IO request handler, one datagram in, reply datagrams out;
//!   [`ops`] (nl80211 commands), [`replies`] (state as nl80211 messages), [`families`]
//!   (nlctrl and MAC80211_HWSIM), [`events`] (multicast notifications).
//! - [`server`] and [`seqpacket`]: the Unix SEQPACKET socket and its sessions.
//!
//! Back end (mac80211 + mac80211_hwsim's role):
//! - [`host`]: simulated radios on a wall-clock medium, TAP or in-memory ports.
//! - [`config`] and [`apply`]: the topology file and bringing it to life.
//! - [`run`]: `softmac daemon` itself: topology, socket, signals, clean shutdown.

pub mod apply;
pub mod backend;
pub mod config;
pub mod device;
pub mod events;
pub mod families;
pub mod host;
pub mod ops;
pub mod replies;
pub mod run;
pub mod security;
pub mod seqpacket;
pub mod server;
pub mod service;
