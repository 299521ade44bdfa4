//! # hwsim: a clock-free simulated 802.11 medium
//!
//! The medium that carries frames between simulated radios, like Linux mac80211_hwsim with
//! wmediumd: radios, channels, link models, airtime, ACKs and capture. It has no clock of its
//! own; the caller (the test `World` or the driver's runner) owns time. Built in the medium
//! issue; this crate currently only fixes its place in the workspace.
