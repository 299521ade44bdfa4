//! Cipher and AKM suite selectors (802.11-2020 9.4.2.24.2 and 9.4.2.24.3) and their lists.
//!
//! A suite selector is four octets: an OUI (or CID) and a suite type. This module keeps it as
//! one `u32`, `OUI << 8 | type`, which is also the big-endian reading of the four wire octets,
//! so `00-0F-AC:4` (CCMP-128) is `0x000F_AC04`. Both enums are open: a suite this version does
//! not name (a vendor's, or a newer standard's) survives as `Unknown(raw)`.
//!
//! Named values: the IEEE 802.11 OUI 00-0F-AC (the cipher and AKM suite tables of 9.4.2.24), the WPA (version 1)
//! OUI 00-50-F2 used by the pre-RSN vendor element, and the Wi-Fi Alliance OUI 50-6F-9A for
//! OSEN and DPP. [`CipherSuite::to_selector_string`] prints the `00-0f-ac:4` form that
//! Wireshark and the corpus schema use.
//!
//! Lists of selectors (pairwise ciphers, AKMs) are read lazily by [`CipherSuiteList`] and
//! [`AkmSuiteList`], which borrow whole 4-octet selectors, so iteration never fails.

use crate::wire::macros::open_enum;
use core::fmt;

/// The IEEE 802.11 OUI, 00-0F-AC.
pub const OUI_IEEE80211: [u8; 3] = [0x00, 0x0f, 0xac];
/// The Microsoft OUI used by WPA (version 1), WMM and WPS, 00-50-F2.
pub const OUI_MICROSOFT: [u8; 3] = [0x00, 0x50, 0xf2];
/// The Wi-Fi Alliance OUI, 50-6F-9A.
pub const OUI_WFA: [u8; 3] = [0x50, 0x6f, 0x9a];

open_enum! {
    /// Cipher suite selector (802.11-2020 9.4.2.24.2, plus WPA version 1).
    pub enum CipherSuite(u32) {
        /// Use the group cipher suite (pairwise only).
        UseGroup = 0x000F_AC00 => "Use group cipher suite",
        /// WEP-40.
        Wep40 = 0x000F_AC01 => "WEP-40",
        /// TKIP.
        Tkip = 0x000F_AC02 => "TKIP",
        /// CCMP-128, the default.
        Ccmp128 = 0x000F_AC04 => "CCMP-128",
        /// WEP-104.
        Wep104 = 0x000F_AC05 => "WEP-104",
        /// BIP-CMAC-128 (group management only).
        BipCmac128 = 0x000F_AC06 => "BIP-CMAC-128",
        /// Group addressed traffic not allowed (group data only).
        GroupAddressedNotAllowed = 0x000F_AC07 => "Group addressed traffic not allowed",
        /// GCMP-128.
        Gcmp128 = 0x000F_AC08 => "GCMP-128",
        /// GCMP-256.
        Gcmp256 = 0x000F_AC09 => "GCMP-256",
        /// CCMP-256.
        Ccmp256 = 0x000F_AC0A => "CCMP-256",
        /// BIP-GMAC-128.
        BipGmac128 = 0x000F_AC0B => "BIP-GMAC-128",
        /// BIP-GMAC-256.
        BipGmac256 = 0x000F_AC0C => "BIP-GMAC-256",
        /// BIP-CMAC-256.
        BipCmac256 = 0x000F_AC0D => "BIP-CMAC-256",
        /// WPA (version 1) WEP-40.
        WpaWep40 = 0x0050_F201 => "WPA WEP-40",
        /// WPA (version 1) TKIP.
        WpaTkip = 0x0050_F202 => "WPA TKIP",
        /// WPA (version 1) CCMP.
        WpaCcmp = 0x0050_F204 => "WPA CCMP",
        /// WPA (version 1) WEP-104.
        WpaWep104 = 0x0050_F205 => "WPA WEP-104",
    }
}

open_enum! {
    /// AKM suite selector (802.11-2020 9.4.2.24.3 and later amendments, plus WPA version 1
    /// and Wi-Fi Alliance suites).
    pub enum AkmSuite(u32) {
        /// IEEE 802.1X with PMKSA caching (SHA-1).
        Ieee8021x = 0x000F_AC01 => "802.1X",
        /// PSK (SHA-1).
        Psk = 0x000F_AC02 => "PSK",
        /// FT over IEEE 802.1X (SHA-256).
        FtIeee8021x = 0x000F_AC03 => "FT-802.1X",
        /// FT with PSK (SHA-256).
        FtPsk = 0x000F_AC04 => "FT-PSK",
        /// IEEE 802.1X with SHA-256.
        Ieee8021xSha256 = 0x000F_AC05 => "802.1X-SHA256",
        /// PSK with SHA-256.
        PskSha256 = 0x000F_AC06 => "PSK-SHA256",
        /// TDLS TPK handshake.
        Tdls = 0x000F_AC07 => "TDLS",
        /// SAE.
        Sae = 0x000F_AC08 => "SAE",
        /// FT with SAE.
        FtSae = 0x000F_AC09 => "FT-SAE",
        /// APPeerKey.
        ApPeerKey = 0x000F_AC0A => "APPeerKey",
        /// IEEE 802.1X Suite B (SHA-256).
        Ieee8021xSuiteB = 0x000F_AC0B => "802.1X-SuiteB",
        /// IEEE 802.1X Suite B 192-bit (SHA-384).
        Ieee8021xSuiteB192 = 0x000F_AC0C => "802.1X-SuiteB-192",
        /// FT over IEEE 802.1X with SHA-384.
        FtIeee8021xSha384 = 0x000F_AC0D => "FT-802.1X-SHA384",
        /// FILS with SHA-256.
        FilsSha256 = 0x000F_AC0E => "FILS-SHA256",
        /// FILS with SHA-384.
        FilsSha384 = 0x000F_AC0F => "FILS-SHA384",
        /// FT with FILS, SHA-256.
        FtFilsSha256 = 0x000F_AC10 => "FT-FILS-SHA256",
        /// FT with FILS, SHA-384.
        FtFilsSha384 = 0x000F_AC11 => "FT-FILS-SHA384",
        /// Opportunistic Wireless Encryption.
        Owe = 0x000F_AC12 => "OWE",
        /// FT with PSK, SHA-384.
        FtPskSha384 = 0x000F_AC13 => "FT-PSK-SHA384",
        /// PSK with SHA-384.
        PskSha384 = 0x000F_AC14 => "PSK-SHA384",
        /// PASN.
        Pasn = 0x000F_AC15 => "PASN",
        /// FT over IEEE 802.1X with SHA-384 (unrestricted cipher).
        FtIeee8021xSha384Unrestricted = 0x000F_AC16 => "FT-802.1X-SHA384-unrestricted",
        /// IEEE 802.1X with SHA-384.
        Ieee8021xSha384 = 0x000F_AC17 => "802.1X-SHA384",
        /// SAE with a group-dependent hash (SAE-EXT-KEY).
        SaeExtKey = 0x000F_AC18 => "SAE-EXT-KEY",
        /// FT with SAE-EXT-KEY.
        FtSaeExtKey = 0x000F_AC19 => "FT-SAE-EXT-KEY",
        /// WPA (version 1) IEEE 802.1X.
        WpaIeee8021x = 0x0050_F201 => "WPA 802.1X",
        /// WPA (version 1) PSK.
        WpaPsk = 0x0050_F202 => "WPA PSK",
        /// Wi-Fi Alliance OSEN.
        Osen = 0x506F_9A01 => "OSEN",
        /// Wi-Fi Alliance DPP.
        Dpp = 0x506F_9A02 => "DPP",
    }
}

/// Methods shared by both selector enums.
macro_rules! selector_methods {
    ($name:ident) => {
        impl $name {
            /// Decodes the four wire octets (OUI, then type).
            #[inline]
            pub fn from_bytes(b: [u8; 4]) -> $name {
                $name::from(u32::from_be_bytes(b))
            }

            /// The four wire octets.
            #[inline]
            pub fn to_bytes(self) -> [u8; 4] {
                self.value().to_be_bytes()
            }

            /// A selector from an OUI and a suite type.
            pub fn from_parts(oui: [u8; 3], suite_type: u8) -> $name {
                $name::from_bytes([oui[0], oui[1], oui[2], suite_type])
            }

            /// The OUI (or CID).
            pub fn oui(self) -> [u8; 3] {
                let b = self.to_bytes();
                [b[0], b[1], b[2]]
            }

            /// The suite type.
            pub fn suite_type(self) -> u8 {
                self.to_bytes()[3]
            }

            /// The `00-0f-ac:4` form used by Wireshark and the corpus schema.
            pub fn to_selector_string(self) -> String {
                let [a, b, c, t] = self.to_bytes();
                format!("{a:02x}-{b:02x}-{c:02x}:{t}")
            }
        }
    };
}

selector_methods!(CipherSuite);
selector_methods!(AkmSuite);

impl CipherSuite {
    /// True for the WEP and TKIP suites that RSNA forbids for new associations.
    pub fn is_legacy(self) -> bool {
        matches!(
            self,
            CipherSuite::Wep40
                | CipherSuite::Wep104
                | CipherSuite::Tkip
                | CipherSuite::WpaWep40
                | CipherSuite::WpaWep104
                | CipherSuite::WpaTkip
        )
    }
}

/// Declares a lazily read list of 4-octet selectors.
macro_rules! suite_list {
    ($(#[$doc:meta])* $list:ident, $(#[$idoc:meta])* $iter:ident, $suite:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $list<'a> {
            bytes: &'a [u8],
        }

        impl<'a> $list<'a> {
            /// Wraps list octets; `None` unless the length is a multiple of four.
            #[inline]
            pub fn new(bytes: &'a [u8]) -> Option<$list<'a>> {
                bytes.len().is_multiple_of(4).then_some($list { bytes })
            }

            /// Number of selectors.
            #[inline]
            pub fn len(&self) -> usize {
                self.bytes.len() / 4
            }

            /// True when the list is empty (a count of 0, legal per the standard).
            #[inline]
            pub fn is_empty(&self) -> bool {
                self.bytes.is_empty()
            }

            /// The raw octets, four per selector.
            #[inline]
            pub fn as_bytes(&self) -> &'a [u8] {
                self.bytes
            }

            /// Iterates over the selectors.
            #[inline]
            pub fn iter(&self) -> $iter<'a> {
                $iter { rest: self.bytes }
            }

            /// True when `suite` is listed.
            pub fn contains(&self, suite: $suite) -> bool {
                self.iter().any(|s| s == suite)
            }
        }

        impl<'a> IntoIterator for $list<'a> {
            type Item = $suite;
            type IntoIter = $iter<'a>;
            fn into_iter(self) -> $iter<'a> {
                self.iter()
            }
        }

        impl fmt::Debug for $list<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }

        $(#[$idoc])*
        #[derive(Clone, Debug)]
        pub struct $iter<'a> {
            rest: &'a [u8],
        }

        impl Iterator for $iter<'_> {
            type Item = $suite;

            #[inline]
            fn next(&mut self) -> Option<$suite> {
                let (head, tail) = self.rest.split_first_chunk::<4>()?;
                self.rest = tail;
                Some($suite::from_bytes(*head))
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                (self.rest.len() / 4, Some(self.rest.len() / 4))
            }
        }

        impl ExactSizeIterator for $iter<'_> {}
    };
}

suite_list!(
    /// A borrowed list of cipher suite selectors.
    CipherSuiteList,
    /// Iterates over a [`CipherSuiteList`].
    CipherSuiteIter,
    CipherSuite
);

suite_list!(
    /// A borrowed list of AKM suite selectors.
    AkmSuiteList,
    /// Iterates over an [`AkmSuiteList`].
    AkmSuiteIter,
    AkmSuite
);

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn selectors_decode_and_print() {
        let c = CipherSuite::from_bytes([0x00, 0x0f, 0xac, 0x04]);
        assert_eq!(c, CipherSuite::Ccmp128);
        assert_eq!(c.to_selector_string(), "00-0f-ac:4");
        assert_eq!(format!("{c:?}"), "Ccmp128");
        assert_eq!(c.to_string(), "CCMP-128");
        assert_eq!(AkmSuite::from_parts(OUI_IEEE80211, 8), AkmSuite::Sae);
        assert_eq!(AkmSuite::WpaPsk.to_selector_string(), "00-50-f2:2");
        assert_eq!(AkmSuite::Dpp.oui(), OUI_WFA);
        assert_eq!(AkmSuite::FtSaeExtKey.suite_type(), 25);
        let odd = AkmSuite::from_bytes([0x00, 0x40, 0x96, 0x00]);
        assert_eq!(odd, AkmSuite::Unknown(0x0040_9600));
        assert_eq!(odd.to_selector_string(), "00-40-96:0");
        assert!(CipherSuite::WpaTkip.is_legacy() && !CipherSuite::Gcmp256.is_legacy());
    }

    #[test]
    fn lists_iterate_whole_selectors() {
        // aircrack-ng__MOM1.cap frame 1: pairwise list CCMP, TKIP.
        let bytes = [0x00, 0x0f, 0xac, 0x04, 0x00, 0x0f, 0xac, 0x02];
        let l = CipherSuiteList::new(&bytes).unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l.iter().collect::<Vec<_>>(), [CipherSuite::Ccmp128, CipherSuite::Tkip]);
        assert!(l.contains(CipherSuite::Tkip) && !l.contains(CipherSuite::Gcmp128));
        assert!(CipherSuiteList::new(&bytes[..5]).is_none());
        assert!(AkmSuiteList::new(&[]).unwrap().is_empty());
    }

    proptest! {
        #[test]
        fn selectors_round_trip(raw in any::<u32>()) {
            prop_assert_eq!(CipherSuite::from(raw).value(), raw);
            prop_assert_eq!(AkmSuite::from_bytes(raw.to_be_bytes()).to_bytes(), raw.to_be_bytes());
        }

        #[test]
        fn lists_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Some(l) = AkmSuiteList::new(&bytes) {
                prop_assert_eq!(l.iter().count(), l.len());
                let _ = format!("{l:?}");
            }
        }
    }
}
