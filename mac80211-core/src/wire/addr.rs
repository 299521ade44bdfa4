//! IEEE 802 MAC addresses (802.11-2020 9.2.4.3, IEEE 802-2014 8.2).
//!
//! Bit 0 of the first octet is the individual/group bit (multicast when set) and bit 1 the
//! universal/local bit. Text form is six lowercase hex pairs separated by colons, which is what
//! `iw`, Wireshark and the corpus JSON print.

use core::fmt;
use core::str::FromStr;

/// A 48-bit IEEE 802 MAC address.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct MacAddr(pub [u8; 6]);

impl MacAddr {
    /// The broadcast address `ff:ff:ff:ff:ff:ff`.
    pub const BROADCAST: MacAddr = MacAddr([0xff; 6]);
    /// The all-zero address.
    pub const ZERO: MacAddr = MacAddr([0; 6]);

    /// Builds an address from the first six bytes of `b`.
    ///
    /// # Panics
    /// When `b` is shorter than six bytes; callers slice after a length check.
    #[inline]
    pub fn from_bytes(b: &[u8]) -> MacAddr {
        MacAddr([b[0], b[1], b[2], b[3], b[4], b[5]])
    }

    /// The six octets in transmission order.
    #[inline]
    pub fn as_bytes(&self) -> &[u8; 6] {
        &self.0
    }

    /// True for `ff:ff:ff:ff:ff:ff`.
    #[inline]
    pub fn is_broadcast(&self) -> bool {
        self.0 == [0xff; 6]
    }

    /// True for any group address (broadcast included): the I/G bit is set.
    #[inline]
    pub fn is_multicast(&self) -> bool {
        self.0[0] & 0x01 != 0
    }

    /// True for an individual (unicast) address.
    #[inline]
    pub fn is_unicast(&self) -> bool {
        !self.is_multicast()
    }

    /// True when the U/L bit marks a locally administered address.
    #[inline]
    pub fn is_local(&self) -> bool {
        self.0[0] & 0x02 != 0
    }
}

impl fmt::Display for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = &self.0;
        write!(f, "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", b[0], b[1], b[2], b[3], b[4], b[5])
    }
}

impl fmt::Debug for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<[u8; 6]> for MacAddr {
    fn from(b: [u8; 6]) -> Self {
        MacAddr(b)
    }
}

/// Why a string is not a MAC address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a MAC address (expected six hex pairs like 02:00:00:00:01:00)")]
pub struct ParseMacAddrError;

impl FromStr for MacAddr {
    type Err = ParseMacAddrError;

    /// Accepts `aa:bb:cc:dd:ee:ff` and `aa-bb-cc-dd-ee-ff`, any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut out = [0u8; 6];
        let mut parts = s.split([':', '-']);
        for byte in &mut out {
            let part = parts.next().ok_or(ParseMacAddrError)?;
            // `from_str_radix` alone would also take a sign ("+f"), which is no hex pair.
            if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(ParseMacAddrError);
            }
            *byte = u8::from_str_radix(part, 16).map_err(|_| ParseMacAddrError)?;
        }
        if parts.next().is_some() {
            return Err(ParseMacAddrError);
        }
        Ok(MacAddr(out))
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_round_trip() {
        let a: MacAddr = "02:00:00:AB:cd:ef".parse().unwrap();
        assert_eq!(a.0, [2, 0, 0, 0xab, 0xcd, 0xef]);
        assert_eq!(a.to_string(), "02:00:00:ab:cd:ef");
        assert_eq!("02-00-00-ab-cd-ef".parse::<MacAddr>(), Ok(a));
    }

    #[test]
    fn rejects_bad_text() {
        for bad in ["", "02:00:00:ab:cd", "02:00:00:ab:cd:ef:01", "2:00:00:ab:cd:ef", "zz:00:00:00:00:00"] {
            assert_eq!(bad.parse::<MacAddr>(), Err(ParseMacAddrError), "{bad}");
        }
    }

    #[test]
    fn rejects_signed_octets() {
        // `u8::from_str_radix` takes a leading sign, so "+f" used to parse as 0x0f.
        assert_eq!("+f:00:00:00:00:00".parse::<MacAddr>(), Err(ParseMacAddrError));
        assert_eq!("02:00:00:00:00:+1".parse::<MacAddr>(), Err(ParseMacAddrError));
    }

    #[test]
    fn group_and_local_bits() {
        assert!(MacAddr::BROADCAST.is_broadcast() && MacAddr::BROADCAST.is_multicast());
        assert!(MacAddr([0x01, 0, 0x5e, 0, 0, 1]).is_multicast());
        assert!(MacAddr([0x02, 0, 0, 0, 0, 1]).is_local());
        assert!(MacAddr([0x00, 0x11, 0x22, 0, 0, 0]).is_unicast());
    }

    proptest! {
        #[test]
        fn text_parse_never_panics_and_accepts_only_hex_pairs(
            parts in proptest::collection::vec(prop_oneof![3 => "[0-9a-fA-F+g]{2}", 1 => "[0-9a-f:-]{0,3}"], 5..=7),
            sep in prop_oneof![Just(":"), Just("-")],
        ) {
            let text = parts.join(sep);
            if let Ok(a) = text.parse::<MacAddr>() {
                prop_assert_eq!(a.to_string(), text.to_ascii_lowercase().replace('-', ":"));
            }
        }

        #[test]
        fn text_round_trip_any_address(octets: [u8; 6]) {
            let a = MacAddr(octets);
            prop_assert_eq!(a.to_string().parse::<MacAddr>(), Ok(a));
            prop_assert_eq!(MacAddr::from_bytes(&octets), a);
        }
    }
}
