//! Channels: centre frequency, width, band, and the channel-number mapping.
//!
//! A channel is named by its primary 20 MHz centre frequency in MHz, as nl80211 does
//! (`NL80211_ATTR_WIPHY_FREQ`), plus a width. Numbers follow 802.11-2020 Annex E and Linux's
//! `ieee80211_channel_to_freq_khz`: 2.4 GHz channels 1..13 are 2407 + 5·n, channel 14 is 2484;
//! 5 GHz is 5000 + 5·n (4.9 GHz channels 182..196 are 4000 + 5·n); 6 GHz is 5950 + 5·n
//! (channel 2 is 5935).

use core::fmt;

/// Frequency band.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Band {
    /// 2.4 GHz (DSSS/OFDM, channels 1-14).
    Ghz2_4,
    /// 5 GHz (and 4.9 GHz).
    Ghz5,
    /// 6 GHz.
    Ghz6,
}

/// Channel width.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum ChannelWidth {
    /// 20 MHz without HT (legacy).
    #[default]
    Mhz20NoHt,
    /// 20 MHz HT.
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
            ChannelWidth::Mhz20NoHt | ChannelWidth::Mhz20 => 20,
            ChannelWidth::Mhz40 => 40,
            ChannelWidth::Mhz80 => 80,
            ChannelWidth::Mhz160 => 160,
        }
    }
}

/// An operating channel: primary centre frequency and width.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Channel {
    /// Centre frequency of the primary 20 MHz channel, MHz.
    pub freq: u16,
    /// Channel width.
    pub width: ChannelWidth,
}

impl Channel {
    /// A 20 MHz channel at `freq` MHz.
    pub const fn from_freq(freq: u16) -> Channel {
        Channel { freq, width: ChannelWidth::Mhz20NoHt }
    }

    /// The 20 MHz channel numbered `number` in `band`, if that number exists there.
    pub fn from_number(band: Band, number: u8) -> Option<Channel> {
        channel_to_freq(band, number).map(Channel::from_freq)
    }

    /// The band of the channel, if the frequency lies in one.
    pub fn band(&self) -> Option<Band> {
        band_of(self.freq)
    }

    /// The channel number, if the frequency maps to one.
    pub fn number(&self) -> Option<u8> {
        freq_to_channel(self.freq)
    }
}

impl fmt::Debug for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.number() {
            Some(n) => write!(f, "ch{} ({} MHz, {:?})", n, self.freq, self.width),
            None => write!(f, "{} MHz ({:?})", self.freq, self.width),
        }
    }
}

/// Centre frequency in MHz of channel `number` in `band`.
pub fn channel_to_freq(band: Band, number: u8) -> Option<u16> {
    let n = u16::from(number);
    match band {
        Band::Ghz2_4 => match number {
            14 => Some(2484),
            1..=13 => Some(2407 + 5 * n),
            _ => None,
        },
        Band::Ghz5 => match number {
            182..=196 => Some(4000 + 5 * n),
            32..=177 => Some(5000 + 5 * n),
            _ => None,
        },
        Band::Ghz6 => match number {
            2 => Some(5935),
            1..=233 => Some(5950 + 5 * n),
            _ => None,
        },
    }
}

/// Channel number of a centre frequency in MHz.
pub fn freq_to_channel(freq: u16) -> Option<u8> {
    let n = match freq {
        2484 => 14,
        2412..=2472 => (freq - 2407) / 5,
        4910..=4980 => (freq - 4000) / 5,
        5160..=5885 => (freq - 5000) / 5,
        5935 => 2,
        5955..=7115 => (freq - 5950) / 5,
        _ => return None,
    };
    u8::try_from(n).ok()
}

/// The band a centre frequency lies in.
pub fn band_of(freq: u16) -> Option<Band> {
    match freq {
        2400..=2500 => Some(Band::Ghz2_4),
        4900..=5925 => Some(Band::Ghz5),
        5926..=7125 => Some(Band::Ghz6),
        _ => None,
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn known_channels() {
        assert_eq!(channel_to_freq(Band::Ghz2_4, 1), Some(2412));
        assert_eq!(channel_to_freq(Band::Ghz2_4, 13), Some(2472));
        assert_eq!(channel_to_freq(Band::Ghz2_4, 14), Some(2484));
        assert_eq!(channel_to_freq(Band::Ghz5, 36), Some(5180));
        assert_eq!(channel_to_freq(Band::Ghz5, 165), Some(5825));
        assert_eq!(channel_to_freq(Band::Ghz6, 1), Some(5955));
        assert_eq!(channel_to_freq(Band::Ghz6, 233), Some(7115));
        assert_eq!(channel_to_freq(Band::Ghz2_4, 15), None);
    }

    #[test]
    fn numbers_round_trip() {
        for (band, range) in [(Band::Ghz2_4, 1..=14u8), (Band::Ghz5, 36..=165), (Band::Ghz6, 1..=233)] {
            for n in range {
                if let Some(f) = channel_to_freq(band, n) {
                    assert_eq!(freq_to_channel(f), Some(n), "{band:?} {n}");
                    assert_eq!(band_of(f), Some(band), "{band:?} {n}");
                }
            }
        }
    }
}
