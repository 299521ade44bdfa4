//! The Extended Capabilities element (802.11-2020 9.4.2.26).
//!
//! A bit field of any length from 1 to 255 octets: bit *n* is bit `n % 8` of octet `n / 8`.
//! A STA sends only as many octets as it needs, and every bit beyond the end is zero, so
//! [`ExtCapabilities::has_bit`] answers `false` past the end rather than failing. A zero-length
//! body is [`ErrorKind::BadLength`].
//!
//! Named accessors cover the bits a soft-MAC looks at; anything else is
//! reachable by number. [`ExtCapabilitiesRepr`] builds the field bit by bit and grows as bits
//! are set.

use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::{Error, ErrorKind, Result};
use core::fmt;

/// Bit numbers of the Extended Capabilities field that this crate names.
pub mod bits {
    /// 20/40 BSS Coexistence Management Support.
    pub const BSS_COEXISTENCE_2040: usize = 0;
    /// Extended Channel Switching.
    pub const EXTENDED_CHANNEL_SWITCHING: usize = 2;
    /// PSMP Capability.
    pub const PSMP: usize = 4;
    /// BSS Transition (802.11v).
    pub const BSS_TRANSITION: usize = 19;
    /// Multiple BSSID.
    pub const MULTIPLE_BSSID: usize = 22;
    /// Interworking (802.11u).
    pub const INTERWORKING: usize = 31;
    /// QoS Map.
    pub const QOS_MAP: usize = 32;
    /// TDLS Support.
    pub const TDLS_SUPPORT: usize = 37;
    /// TDLS Prohibited.
    pub const TDLS_PROHIBITED: usize = 38;
    /// SSID List.
    pub const SSID_LIST: usize = 45;
    /// Operating Mode Notification.
    pub const OPERATING_MODE_NOTIFICATION: usize = 62;
    /// Max Number Of MSDUs In A-MSDU, low bit (with 64: a 2-bit field).
    pub const MAX_MSDUS_IN_AMSDU_LSB: usize = 63;
    /// FTM Responder.
    pub const FTM_RESPONDER: usize = 70;
    /// FTM Initiator.
    pub const FTM_INITIATOR: usize = 71;
    /// Protected TWT operations support.
    pub const PROTECTED_TWT: usize = 74;
    /// TWT Requester Support.
    pub const TWT_REQUESTER: usize = 77;
    /// TWT Responder Support.
    pub const TWT_RESPONDER: usize = 78;
    /// SAE Password Identifiers In Use.
    pub const SAE_PASSWORD_IDS_IN_USE: usize = 81;
    /// SAE Password Identifiers Used Exclusively.
    pub const SAE_PASSWORD_IDS_EXCLUSIVE: usize = 82;
    /// Beacon Protection Enabled.
    pub const BEACON_PROTECTION: usize = 84;
}

/// Bit `n` of a little-endian bit field; false past the end.
fn field_bit(bytes: &[u8], n: usize) -> bool {
    bytes.get(n / 8).is_some_and(|&o| o & (1 << (n % 8)) != 0)
}

/// An Extended Capabilities element as found in a frame.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExtCapabilities<'a> {
    bytes: &'a [u8],
}

impl<'a> ExtCapabilities<'a> {
    /// Reads an element body (1 to 255 octets).
    #[inline]
    pub fn from_body(bytes: &'a [u8]) -> Result<ExtCapabilities<'a>> {
        if bytes.is_empty() {
            return Err(Error::new(ErrorKind::BadLength, "Extended Capabilities length"));
        }
        Ok(ExtCapabilities { bytes })
    }

    /// The raw octets.
    #[inline]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Bit `n`; false when the field is shorter.
    #[inline]
    pub fn has_bit(&self, n: usize) -> bool {
        field_bit(self.bytes, n)
    }

    /// 20/40 BSS Coexistence Management Support (bit 0).
    pub fn bss_coexistence_2040(&self) -> bool {
        self.has_bit(bits::BSS_COEXISTENCE_2040)
    }
    /// Extended Channel Switching (bit 2).
    pub fn extended_channel_switching(&self) -> bool {
        self.has_bit(bits::EXTENDED_CHANNEL_SWITCHING)
    }
    /// BSS Transition (bit 19).
    pub fn bss_transition(&self) -> bool {
        self.has_bit(bits::BSS_TRANSITION)
    }
    /// Multiple BSSID (bit 22).
    pub fn multiple_bssid(&self) -> bool {
        self.has_bit(bits::MULTIPLE_BSSID)
    }
    /// Interworking (bit 31).
    pub fn interworking(&self) -> bool {
        self.has_bit(bits::INTERWORKING)
    }
    /// QoS Map (bit 32).
    pub fn qos_map(&self) -> bool {
        self.has_bit(bits::QOS_MAP)
    }
    /// Operating Mode Notification (bit 62).
    pub fn operating_mode_notification(&self) -> bool {
        self.has_bit(bits::OPERATING_MODE_NOTIFICATION)
    }
    /// TWT Requester Support (bit 77).
    pub fn twt_requester(&self) -> bool {
        self.has_bit(bits::TWT_REQUESTER)
    }
    /// TWT Responder Support (bit 78).
    pub fn twt_responder(&self) -> bool {
        self.has_bit(bits::TWT_RESPONDER)
    }
    /// Beacon Protection Enabled (bit 84).
    pub fn beacon_protection(&self) -> bool {
        self.has_bit(bits::BEACON_PROTECTION)
    }

    /// Iterates over the numbers of the bits that are set.
    pub fn set_bits(&self) -> impl Iterator<Item = usize> + 'a {
        let bytes = self.bytes;
        (0..bytes.len() * 8).filter(move |&n| field_bit(bytes, n))
    }
}

impl<'a> ElementType<'a> for ExtCapabilities<'a> {
    const ID: ElementId = ElementId::ExtCapabilities;

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        ExtCapabilities::from_body(element.body())
    }
}

impl EmitElement for ExtCapabilities<'_> {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::ExtCapabilities
    }
    #[inline]
    fn body_len(&self) -> usize {
        self.bytes.len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        buf.copy_from_slice(self.bytes)
    }
}

impl fmt::Debug for ExtCapabilities<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ExtCapabilities({} octets, bits ", self.bytes.len())?;
        f.debug_list().entries(self.set_bits()).finish()?;
        f.write_str(")")
    }
}

/// An owned Extended Capabilities field.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct ExtCapabilitiesRepr {
    /// The octets, bit *n* in octet `n / 8`. Emitted as is; keep it non-empty.
    pub bytes: Vec<u8>,
}

impl ExtCapabilitiesRepr {
    /// Reads a parsed element.
    pub fn parse(caps: &ExtCapabilities<'_>) -> Result<ExtCapabilitiesRepr> {
        Ok(ExtCapabilitiesRepr { bytes: caps.bytes.to_vec() })
    }

    /// A field with the given bits set, just long enough to hold the highest (at least 1 octet).
    pub fn with_bits(bits: &[usize]) -> ExtCapabilitiesRepr {
        let mut r = ExtCapabilitiesRepr { bytes: vec![0] };
        for &b in bits {
            r.set_bit(b, true);
        }
        r
    }

    /// Sets or clears bit `n`, growing the field when setting a bit past its end.
    pub fn set_bit(&mut self, n: usize, on: bool) {
        if on && self.bytes.len() <= n / 8 {
            self.bytes.resize(n / 8 + 1, 0);
        }
        if let Some(o) = self.bytes.get_mut(n / 8) {
            if on {
                *o |= 1 << (n % 8);
            } else {
                *o &= !(1 << (n % 8));
            }
        }
    }

    /// Bit `n`; false past the end.
    pub fn has_bit(&self, n: usize) -> bool {
        field_bit(&self.bytes, n)
    }

    /// Octets the body occupies.
    pub fn buffer_len(&self) -> usize {
        self.bytes.len()
    }
}

impl EmitElement for ExtCapabilitiesRepr {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::ExtCapabilities
    }
    #[inline]
    fn body_len(&self) -> usize {
        self.bytes.len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        buf.copy_from_slice(&self.bytes)
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // aircrack-ng__capture_wds-01.cap frame 3 (beacon): extended channel switching (2),
    // bit 48 (UTF-8 SSID) and operating mode notification (62).
    static WDS_EXT_CAPS: [u8; 10] = [127, 8, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x40];

    #[test]
    fn deconstruct_ext_caps() {
        let c = Elements::new(&WDS_EXT_CAPS).get::<ExtCapabilities>().unwrap().unwrap();
        assert!(c.extended_channel_switching() && c.operating_mode_notification());
        assert!(!c.bss_coexistence_2040() && !c.bss_transition() && !c.interworking());
        assert!(!c.has_bit(80) && !c.twt_responder() && !c.beacon_protection());
        assert_eq!(c.set_bits().collect::<Vec<_>>(), [2, 48, 62]);
    }

    #[test]
    fn construct_ext_caps() {
        let r = ExtCapabilitiesRepr::with_bits(&[2, 48, 62]);
        let mut v = Vec::new();
        push_element(&mut v, &r).unwrap();
        assert_eq!(v, WDS_EXT_CAPS);
        let mut r = r;
        r.set_bit(62, false);
        r.set_bit(200, false); // clearing past the end does not grow the field
        assert_eq!(r.bytes.len(), 8);
        assert!(!r.has_bit(62) && r.has_bit(48));
    }

    #[test]
    fn short_fields() {
        // aircrack-ng__Chinese-SSID-Name.pcap frame 1: a one-octet field with bit 0 set.
        let c = ExtCapabilities::from_body(&[0x01]).unwrap();
        assert!(c.bss_coexistence_2040() && !c.operating_mode_notification());
        assert_eq!(ExtCapabilities::from_body(&[]).unwrap_err().kind(), ErrorKind::BadLength);
    }

    proptest! {
        #[test]
        fn round_trip(bits in proptest::collection::btree_set(0usize..2040, 0..20)) {
            let bits: Vec<usize> = bits.into_iter().collect();
            let r = ExtCapabilitiesRepr::with_bits(&bits);
            let mut v = Vec::new();
            push_element(&mut v, &r).unwrap();
            let c = Elements::new(&v).get::<ExtCapabilities>().unwrap().unwrap();
            prop_assert_eq!(c.set_bits().collect::<Vec<_>>(), bits);
            prop_assert_eq!(ExtCapabilitiesRepr::parse(&c).unwrap(), r);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=255), n in any::<usize>()) {
            if let Ok(c) = ExtCapabilities::parse(Element::new(127, &bytes)) {
                let _ = (c.has_bit(n), c.set_bits().count(), format!("{c:?}"), c.interworking());
            }
        }
    }
}
