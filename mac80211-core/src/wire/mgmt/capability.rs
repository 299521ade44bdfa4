//! The Capability Information field (802.11-2020 9.4.1.4).
//!
//! Two octets, little-endian, carried by Beacon, Probe Response and the (re)association frames.
//! Every 16-bit value is valid: bits this version does not name are kept and printed by
//! position in `Debug`, so nothing is lost when a newer peer sets them.

use core::fmt;

/// Capability Information, as the little-endian 16-bit value read off the wire.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CapabilityInfo(pub u16);

/// Named bits, in order, for accessors and `Debug`.
const NAMES: [(u16, &str); 13] = [
    (CapabilityInfo::ESS, "ESS"),
    (CapabilityInfo::IBSS, "IBSS"),
    (CapabilityInfo::CF_POLLABLE, "CfPollable"),
    (CapabilityInfo::CF_POLL_REQUEST, "CfPollRequest"),
    (CapabilityInfo::PRIVACY, "Privacy"),
    (CapabilityInfo::SHORT_PREAMBLE, "ShortPreamble"),
    (CapabilityInfo::SPECTRUM_MGMT, "SpectrumMgmt"),
    (CapabilityInfo::QOS, "QoS"),
    (CapabilityInfo::SHORT_SLOT_TIME, "ShortSlot"),
    (CapabilityInfo::APSD, "APSD"),
    (CapabilityInfo::RADIO_MEASUREMENT, "RadioMeasurement"),
    (CapabilityInfo::DELAYED_BLOCK_ACK, "DelayedBA"),
    (CapabilityInfo::IMMEDIATE_BLOCK_ACK, "ImmediateBA"),
];

impl CapabilityInfo {
    /// ESS, bit 0: sent by an AP.
    pub const ESS: u16 = 1 << 0;
    /// IBSS, bit 1: sent by an IBSS member.
    pub const IBSS: u16 = 1 << 1;
    /// CF-Pollable, bit 2 (PCF, obsolete).
    pub const CF_POLLABLE: u16 = 1 << 2;
    /// CF-Poll Request, bit 3 (PCF, obsolete).
    pub const CF_POLL_REQUEST: u16 = 1 << 3;
    /// Privacy, bit 4: confidentiality is required.
    pub const PRIVACY: u16 = 1 << 4;
    /// Short Preamble, bit 5.
    pub const SHORT_PREAMBLE: u16 = 1 << 5;
    /// Spectrum Management, bit 8.
    pub const SPECTRUM_MGMT: u16 = 1 << 8;
    /// QoS, bit 9.
    pub const QOS: u16 = 1 << 9;
    /// Short Slot Time, bit 10.
    pub const SHORT_SLOT_TIME: u16 = 1 << 10;
    /// APSD, bit 11.
    pub const APSD: u16 = 1 << 11;
    /// Radio Measurement, bit 12.
    pub const RADIO_MEASUREMENT: u16 = 1 << 12;
    /// Delayed Block Ack, bit 14.
    pub const DELAYED_BLOCK_ACK: u16 = 1 << 14;
    /// Immediate Block Ack, bit 15.
    pub const IMMEDIATE_BLOCK_ACK: u16 = 1 << 15;

    #[inline]
    fn has(self, bit: u16) -> bool {
        self.0 & bit != 0
    }

    /// ESS bit.
    #[inline]
    pub fn ess(self) -> bool {
        self.has(Self::ESS)
    }
    /// IBSS bit.
    #[inline]
    pub fn ibss(self) -> bool {
        self.has(Self::IBSS)
    }
    /// CF-Pollable bit.
    #[inline]
    pub fn cf_pollable(self) -> bool {
        self.has(Self::CF_POLLABLE)
    }
    /// CF-Poll Request bit.
    #[inline]
    pub fn cf_poll_request(self) -> bool {
        self.has(Self::CF_POLL_REQUEST)
    }
    /// Privacy bit.
    #[inline]
    pub fn privacy(self) -> bool {
        self.has(Self::PRIVACY)
    }
    /// Short Preamble bit.
    #[inline]
    pub fn short_preamble(self) -> bool {
        self.has(Self::SHORT_PREAMBLE)
    }
    /// Spectrum Management bit.
    #[inline]
    pub fn spectrum_mgmt(self) -> bool {
        self.has(Self::SPECTRUM_MGMT)
    }
    /// QoS bit.
    #[inline]
    pub fn qos(self) -> bool {
        self.has(Self::QOS)
    }
    /// Short Slot Time bit.
    #[inline]
    pub fn short_slot_time(self) -> bool {
        self.has(Self::SHORT_SLOT_TIME)
    }
    /// APSD bit.
    #[inline]
    pub fn apsd(self) -> bool {
        self.has(Self::APSD)
    }
    /// Radio Measurement bit.
    #[inline]
    pub fn radio_measurement(self) -> bool {
        self.has(Self::RADIO_MEASUREMENT)
    }
    /// Delayed Block Ack bit.
    #[inline]
    pub fn delayed_block_ack(self) -> bool {
        self.has(Self::DELAYED_BLOCK_ACK)
    }
    /// Immediate Block Ack bit.
    #[inline]
    pub fn immediate_block_ack(self) -> bool {
        self.has(Self::IMMEDIATE_BLOCK_ACK)
    }

    /// Returns a copy with `bit` (one of the associated constants) set or cleared.
    #[inline]
    #[must_use]
    pub fn with(self, bit: u16, on: bool) -> CapabilityInfo {
        if on { CapabilityInfo(self.0 | bit) } else { CapabilityInfo(self.0 & !bit) }
    }
}

impl fmt::Debug for CapabilityInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CapabilityInfo({:#06x}", self.0)?;
        let mut rest = self.0;
        for (bit, name) in NAMES {
            if self.has(bit) {
                write!(f, " {name}")?;
                rest &= !bit;
            }
        }
        // Unnamed bits (6, 7, 13) still show, by position.
        for n in 0..16 {
            if rest & (1 << n) != 0 {
                write!(f, " bit{n}")?;
            }
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn deconstruct_typical_ap() {
        // 0x0431 is what many WPA2 APs send: ESS, Privacy, Short Preamble, Short Slot.
        let c = CapabilityInfo(0x0431);
        assert!(c.ess() && c.privacy() && c.short_preamble() && c.short_slot_time());
        assert!(!c.ibss() && !c.qos() && !c.spectrum_mgmt() && !c.apsd());
        assert_eq!(format!("{c:?}"), "CapabilityInfo(0x0431 ESS Privacy ShortPreamble ShortSlot)");
    }

    #[test]
    fn every_named_bit_has_its_accessor() {
        let getters: [fn(CapabilityInfo) -> bool; 13] = [
            CapabilityInfo::ess,
            CapabilityInfo::ibss,
            CapabilityInfo::cf_pollable,
            CapabilityInfo::cf_poll_request,
            CapabilityInfo::privacy,
            CapabilityInfo::short_preamble,
            CapabilityInfo::spectrum_mgmt,
            CapabilityInfo::qos,
            CapabilityInfo::short_slot_time,
            CapabilityInfo::apsd,
            CapabilityInfo::radio_measurement,
            CapabilityInfo::delayed_block_ack,
            CapabilityInfo::immediate_block_ack,
        ];
        for ((bit, _), get) in NAMES.iter().zip(getters) {
            let c = CapabilityInfo::default().with(*bit, true);
            assert!(get(c));
            assert!(!get(c.with(*bit, false)));
            assert!(!get(CapabilityInfo(!bit)));
        }
    }

    #[test]
    fn unnamed_bits_are_printed() {
        assert_eq!(format!("{:?}", CapabilityInfo(0x20c2)), "CapabilityInfo(0x20c2 IBSS bit6 bit7 bit13)");
    }
}
