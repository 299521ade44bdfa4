//! # softmac-driver: the I/O edge
//!
//! Everything between the sans-IO soft-MAC (`mac80211_core::mac::Mac`) and the world: clocks,
//! radios, host network devices, tasks. The layering follows Linux:
//!
//! | here | Linux |
//! |---|---|
//! | [`radio::Radio`] | `struct ieee80211_ops`: start/stop, config, filters, keys, tx + tx status, rx |
//! | [`sim::SimMedium`] / [`sim::SimRadio`] | mac80211_hwsim + wmediumd, paced to the wall clock |
//! | [`runner::Runner`] | mac80211's tasklets and NAPI poll: the loop feeding the MAC and draining it |
//! | [`port::NetPort`] ([`port::TapPort`], [`port::MemPort`]) | `struct net_device` + `net_device_ops` |
//! | `Vec<u8>` frames | `struct sk_buff` |
//! | [`netns::Netns`] | `ip netns` |
//!
//! The runner and the medium pacer are the only code that reads a clock, both through
//! [`clock::Clock`]. See `docs/driver.md` for the design.

pub mod clock;
pub mod netns;
pub mod port;
pub mod radio;
pub mod runner;
pub mod sim;
pub mod usb;

pub use clock::Clock;
pub use netns::Netns;
pub use port::{MemPort, MemPortHandle, NetPort, PortStats, TapConfig, TapPort};
pub use radio::{KeyCommand, KeyConf, Radio, RadioError, RadioEvent};
pub use runner::{ExitReason, PhyHandle, PortAttachError, Runner};
pub use sim::{SimMedium, SimRadio};
