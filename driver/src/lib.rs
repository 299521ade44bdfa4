//! # softmac-driver: the I/O edge
//!
//! The radio trait (the counterpart of Linux `ieee80211_ops`), its backends (simulated radio on
//! `hwsim`, MT7601U USB dongle) and the network ports (TAP devices) each interface is attached
//! to. Built in the daemon issue; this crate currently only fixes its place in the workspace.
