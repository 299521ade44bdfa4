//! Channels: which radios share a collision domain.
//!
//! The medium uses the core's [`Channel`] (primary 20 MHz centre frequency plus width), the same
//! type the MAC tunes with. Two radios hear each other exactly when their primary frequencies
//! are equal; the width is carried for reports and captures but does not widen the collision
//! domain (a 40 MHz PPDU does not disturb a radio parked on its secondary channel).

pub use mac80211_core::channel::{Band, Channel, ChannelWidth};
