//! Channels: which radios share a collision domain.
//!
//! A [`Channel`] is the primary 20 MHz channel's centre frequency plus the operating width.
//! Two radios hear each other exactly when their primary frequencies are equal; the width is
//! carried for reports and captures but does not widen the collision domain (a 40 MHz PPDU
//! does not disturb a radio parked on its secondary channel). Channel numbers follow
//! IEEE 802.11-2020 Annex E: 2.4 GHz channel `n` is `2407 + 5n` MHz (14 is 2484 MHz) and
//! 5 GHz channel `n` is `5000 + 5n` MHz.

use core::fmt;

/// Operating channel width.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum ChannelWidth {
    /// 20 MHz.
    #[default]
    Mhz20,
    /// 40 MHz.
    Mhz40,
    /// 80 MHz.
    Mhz80,
    /// 160 MHz.
    Mhz160,
}

impl ChannelWidth {
    /// Width in MHz.
    pub fn mhz(self) -> u16 {
        match self {
            ChannelWidth::Mhz20 => 20,
            ChannelWidth::Mhz40 => 40,
            ChannelWidth::Mhz80 => 80,
            ChannelWidth::Mhz160 => 160,
        }
    }
}

/// A radio's operating channel.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Channel {
    /// Centre frequency of the primary 20 MHz channel in MHz (what nl80211 calls the
    /// frequency of the channel, and what receivers report).
    pub freq: u16,
    /// Operating width.
    pub width: ChannelWidth,
}

impl Channel {
    /// A 20 MHz channel at `freq` MHz.
    pub const fn new(freq: u16) -> Channel {
        Channel { freq, width: ChannelWidth::Mhz20 }
    }

    /// 2.4 GHz channel `number` (1 to 14), 20 MHz; `None` for other numbers.
    pub fn ghz2(number: u8) -> Option<Channel> {
        match number {
            1..=13 => Some(Channel::new(2407 + 5 * u16::from(number))),
            14 => Some(Channel::new(2484)),
            _ => None,
        }
    }

    /// 5 GHz channel `number` (1 to 196), 20 MHz; `None` for 0 and above 196.
    pub fn ghz5(number: u8) -> Option<Channel> {
        (1..=196).contains(&number).then(|| Channel::new(5000 + 5 * u16::from(number)))
    }

    /// The same primary channel with another width.
    pub const fn with_width(self, width: ChannelWidth) -> Channel {
        Channel { freq: self.freq, width }
    }

    /// True on the 2.4 GHz band (below 3 GHz).
    pub fn is_2ghz(self) -> bool {
        self.freq < 3000
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} MHz/{}", self.freq, self.width.mhz())
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn channel_numbers_map_to_frequencies() {
        assert_eq!(Channel::ghz2(1).map(|c| c.freq), Some(2412));
        assert_eq!(Channel::ghz2(13).map(|c| c.freq), Some(2472));
        assert_eq!(Channel::ghz2(14).map(|c| c.freq), Some(2484));
        assert_eq!(Channel::ghz2(15), None);
        assert_eq!(Channel::ghz5(36).map(|c| c.freq), Some(5180));
        assert_eq!(Channel::ghz5(0), None);
        assert!(Channel::new(2437).is_2ghz() && !Channel::new(5180).is_2ghz());
        assert_eq!(Channel::new(5180).with_width(ChannelWidth::Mhz80).to_string(), "5180 MHz/80");
    }
}
