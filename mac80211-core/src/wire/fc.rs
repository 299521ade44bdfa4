//! Frame Control field (802.11-2020 9.2.4.1).
//!
//! Two octets, read as a little-endian `u16`: protocol version in bits 0-1, type in bits 2-3,
//! subtype in bits 4-7, then the flag octet (To DS, From DS, More Fragments, Retry, Power
//! Management, More Data, Protected Frame, +HTC/Order). Every 16-bit value is a valid Frame
//! Control; what the bits mean for the rest of the header is decided in `header.rs`.

use super::macros::open_enum;
use core::fmt;

/// The 2-bit frame type (802.11-2020 Table 9-1).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum FrameType {
    /// Type 0.
    Management,
    /// Type 1.
    Control,
    /// Type 2.
    Data,
    /// Type 3 (DMG beacon, S1G beacon).
    Extension,
}

impl FrameType {
    /// The 2-bit type value.
    pub fn value(self) -> u8 {
        match self {
            FrameType::Management => 0,
            FrameType::Control => 1,
            FrameType::Data => 2,
            FrameType::Extension => 3,
        }
    }

    /// Maps the low two bits of `v`.
    pub fn from_bits(v: u8) -> FrameType {
        match v & 3 {
            0 => FrameType::Management,
            1 => FrameType::Control,
            2 => FrameType::Data,
            _ => FrameType::Extension,
        }
    }
}

open_enum! {
    /// Management frame subtypes (802.11-2020 Table 9-1).
    pub enum MgmtSubtype(u8) {
        /// Association Request.
        AssocReq = 0 => "Association Request",
        /// Association Response.
        AssocResp = 1 => "Association Response",
        /// Reassociation Request.
        ReassocReq = 2 => "Reassociation Request",
        /// Reassociation Response.
        ReassocResp = 3 => "Reassociation Response",
        /// Probe Request.
        ProbeReq = 4 => "Probe Request",
        /// Probe Response.
        ProbeResp = 5 => "Probe Response",
        /// Timing Advertisement.
        TimingAdvertisement = 6 => "Timing Advertisement",
        /// Beacon.
        Beacon = 8 => "Beacon",
        /// ATIM.
        Atim = 9 => "ATIM",
        /// Disassociation.
        Disassoc = 10 => "Disassociation",
        /// Authentication.
        Auth = 11 => "Authentication",
        /// Deauthentication.
        Deauth = 12 => "Deauthentication",
        /// Action.
        Action = 13 => "Action",
        /// Action No Ack.
        ActionNoAck = 14 => "Action No Ack",
    }
}

open_enum! {
    /// Control frame subtypes (802.11-2020 Table 9-1, plus 802.11ax Trigger).
    pub enum CtrlSubtype(u8) {
        /// Trigger (802.11ax).
        Trigger = 2 => "Trigger",
        /// TACK (S1G).
        Tack = 3 => "TACK",
        /// Beamforming Report Poll.
        BeamformingReportPoll = 4 => "Beamforming Report Poll",
        /// VHT/HE NDP Announcement.
        NdpAnnouncement = 5 => "NDP Announcement",
        /// Control Frame Extension.
        ControlFrameExtension = 6 => "Control Frame Extension",
        /// Control Wrapper.
        ControlWrapper = 7 => "Control Wrapper",
        /// Block Ack Request.
        BlockAckReq = 8 => "Block Ack Request",
        /// Block Ack.
        BlockAck = 9 => "Block Ack",
        /// PS-Poll.
        PsPoll = 10 => "PS-Poll",
        /// RTS.
        Rts = 11 => "Request-to-send",
        /// CTS.
        Cts = 12 => "Clear-to-send",
        /// ACK.
        Ack = 13 => "Acknowledgement",
        /// CF-End.
        CfEnd = 14 => "CF-End",
        /// CF-End + CF-Ack.
        CfEndCfAck = 15 => "CF-End+CF-Ack",
    }
}

open_enum! {
    /// Data frame subtypes (802.11-2020 Table 9-1). Bit 3 marks QoS, bit 2 "no data".
    pub enum DataSubtype(u8) {
        /// Data.
        Data = 0 => "Data",
        /// Data + CF-Ack.
        DataCfAck = 1 => "Data + CF-Ack",
        /// Data + CF-Poll.
        DataCfPoll = 2 => "Data + CF-Poll",
        /// Data + CF-Ack + CF-Poll.
        DataCfAckCfPoll = 3 => "Data + CF-Ack + CF-Poll",
        /// Null (no data).
        Null = 4 => "Null function (No data)",
        /// CF-Ack (no data).
        CfAck = 5 => "CF-Ack (No data)",
        /// CF-Poll (no data).
        CfPoll = 6 => "CF-Poll (No data)",
        /// CF-Ack + CF-Poll (no data).
        CfAckCfPoll = 7 => "CF-Ack + CF-Poll (No data)",
        /// QoS Data.
        QosData = 8 => "QoS Data",
        /// QoS Data + CF-Ack.
        QosDataCfAck = 9 => "QoS Data + CF-Ack",
        /// QoS Data + CF-Poll.
        QosDataCfPoll = 10 => "QoS Data + CF-Poll",
        /// QoS Data + CF-Ack + CF-Poll.
        QosDataCfAckCfPoll = 11 => "QoS Data + CF-Ack + CF-Poll",
        /// QoS Null (no data).
        QosNull = 12 => "QoS Null function (No data)",
        /// QoS CF-Poll (no data).
        QosCfPoll = 14 => "QoS CF-Poll (No Data)",
        /// QoS CF-Ack + CF-Poll (no data).
        QosCfAckCfPoll = 15 => "QoS CF-Ack + CF-Poll (No Data)",
    }
}

open_enum! {
    /// Extension frame subtypes (802.11-2020 Table 9-1).
    pub enum ExtSubtype(u8) {
        /// DMG Beacon.
        DmgBeacon = 0 => "DMG Beacon",
        /// S1G Beacon.
        S1gBeacon = 1 => "S1G Beacon",
    }
}

/// Type and subtype together.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Subtype {
    /// A management frame.
    Mgmt(MgmtSubtype),
    /// A control frame.
    Ctrl(CtrlSubtype),
    /// A data frame.
    Data(DataSubtype),
    /// An extension frame.
    Ext(ExtSubtype),
}

impl fmt::Display for Subtype {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subtype::Mgmt(s) => fmt::Display::fmt(s, f),
            Subtype::Ctrl(s) => fmt::Display::fmt(s, f),
            Subtype::Data(s) => fmt::Display::fmt(s, f),
            Subtype::Ext(s) => fmt::Display::fmt(s, f),
        }
    }
}

/// The Frame Control field as a little-endian 16-bit value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FrameControl(pub u16);

/// Flag bits of the second Frame Control octet, as positions in the 16-bit value.
pub mod flags {
    /// To DS.
    pub const TO_DS: u16 = 1 << 8;
    /// From DS.
    pub const FROM_DS: u16 = 1 << 9;
    /// More Fragments.
    pub const MORE_FRAG: u16 = 1 << 10;
    /// Retry.
    pub const RETRY: u16 = 1 << 11;
    /// Power Management.
    pub const PWR_MGT: u16 = 1 << 12;
    /// More Data.
    pub const MORE_DATA: u16 = 1 << 13;
    /// Protected Frame.
    pub const PROTECTED: u16 = 1 << 14;
    /// +HTC / Order.
    pub const ORDER: u16 = 1 << 15;
}

impl FrameControl {
    /// Builds a Frame Control with protocol version 0, the given type and subtype, no flags.
    pub fn new(subtype: Subtype) -> FrameControl {
        let (ty, st) = match subtype {
            Subtype::Mgmt(s) => (0u16, s.value()),
            Subtype::Ctrl(s) => (1, s.value()),
            Subtype::Data(s) => (2, s.value()),
            Subtype::Ext(s) => (3, s.value()),
        };
        FrameControl((ty << 2) | (u16::from(st & 0x0f) << 4))
    }

    /// Protocol version, bits 0-1 (0 for every frame this codec understands).
    #[inline]
    pub fn protocol_version(self) -> u8 {
        (self.0 & 0x3) as u8
    }

    /// Frame type, bits 2-3.
    #[inline]
    pub fn frame_type(self) -> FrameType {
        FrameType::from_bits((self.0 >> 2) as u8)
    }

    /// Raw 4-bit subtype, bits 4-7.
    #[inline]
    pub fn subtype_bits(self) -> u8 {
        ((self.0 >> 4) & 0xf) as u8
    }

    /// Type and subtype as an enum.
    #[inline]
    pub fn subtype(self) -> Subtype {
        let st = self.subtype_bits();
        match self.frame_type() {
            FrameType::Management => Subtype::Mgmt(st.into()),
            FrameType::Control => Subtype::Ctrl(st.into()),
            FrameType::Data => Subtype::Data(st.into()),
            FrameType::Extension => Subtype::Ext(st.into()),
        }
    }

    /// Wireshark's `wlan.fc.type_subtype`: `(type << 4) | subtype`.
    #[inline]
    pub fn type_subtype(self) -> u8 {
        (self.frame_type().value() << 4) | self.subtype_bits()
    }

    /// True for management frames.
    #[inline]
    pub fn is_mgmt(self) -> bool {
        self.frame_type() == FrameType::Management
    }

    /// True for control frames.
    #[inline]
    pub fn is_ctrl(self) -> bool {
        self.frame_type() == FrameType::Control
    }

    /// True for data frames.
    #[inline]
    pub fn is_data(self) -> bool {
        self.frame_type() == FrameType::Data
    }

    /// True for QoS data subtypes (data type with subtype bit 3 set).
    #[inline]
    pub fn is_qos_data(self) -> bool {
        self.is_data() && self.subtype_bits() & 0x8 != 0
    }

    /// True for data subtypes that carry no frame body (subtype bit 2 set).
    #[inline]
    pub fn is_null_data(self) -> bool {
        self.is_data() && self.subtype_bits() & 0x4 != 0
    }

    #[inline]
    fn flag(self, bit: u16) -> bool {
        self.0 & bit != 0
    }

    /// To DS flag.
    #[inline]
    pub fn to_ds(self) -> bool {
        self.flag(flags::TO_DS)
    }
    /// From DS flag.
    #[inline]
    pub fn from_ds(self) -> bool {
        self.flag(flags::FROM_DS)
    }
    /// More Fragments flag.
    #[inline]
    pub fn more_frag(self) -> bool {
        self.flag(flags::MORE_FRAG)
    }
    /// Retry flag.
    #[inline]
    pub fn retry(self) -> bool {
        self.flag(flags::RETRY)
    }
    /// Power Management flag.
    #[inline]
    pub fn pwr_mgt(self) -> bool {
        self.flag(flags::PWR_MGT)
    }
    /// More Data flag.
    #[inline]
    pub fn more_data(self) -> bool {
        self.flag(flags::MORE_DATA)
    }
    /// Protected Frame flag.
    #[inline]
    pub fn protected(self) -> bool {
        self.flag(flags::PROTECTED)
    }
    /// +HTC/Order flag.
    #[inline]
    pub fn order(self) -> bool {
        self.flag(flags::ORDER)
    }

    /// Returns a copy with `bit` (one of [`flags`]) set or cleared.
    #[inline]
    #[must_use]
    pub fn with_flag(self, bit: u16, on: bool) -> FrameControl {
        if on { FrameControl(self.0 | bit) } else { FrameControl(self.0 & !bit) }
    }

    /// The two octets in transmission order.
    #[inline]
    pub fn to_bytes(self) -> [u8; 2] {
        self.0.to_le_bytes()
    }
}

impl fmt::Debug for FrameControl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FrameControl({:#06x} {:?}", self.0, self.subtype())?;
        for (bit, name) in [
            (flags::TO_DS, "ToDS"),
            (flags::FROM_DS, "FromDS"),
            (flags::MORE_FRAG, "MoreFrag"),
            (flags::RETRY, "Retry"),
            (flags::PWR_MGT, "PwrMgt"),
            (flags::MORE_DATA, "MoreData"),
            (flags::PROTECTED, "Protected"),
            (flags::ORDER, "Order"),
        ] {
            if self.flag(bit) {
                write!(f, " {name}")?;
            }
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn deconstruct_known_values() {
        // Beacon 0x0080 on the wire is 80 00.
        let fc = FrameControl(u16::from_le_bytes([0x80, 0x00]));
        assert_eq!(fc.subtype(), Subtype::Mgmt(MgmtSubtype::Beacon));
        assert_eq!(fc.type_subtype(), 8);
        // ACK is d4 00.
        let fc = FrameControl(u16::from_le_bytes([0xd4, 0x00]));
        assert_eq!(fc.subtype(), Subtype::Ctrl(CtrlSubtype::Ack));
        assert_eq!(fc.type_subtype(), 29);
        // QoS data to DS, protected: 88 41.
        let fc = FrameControl(u16::from_le_bytes([0x88, 0x41]));
        assert!(fc.is_qos_data() && fc.to_ds() && fc.protected() && !fc.from_ds());
        assert_eq!(fc.type_subtype(), 40);
    }

    #[test]
    fn construct_matches_wire() {
        assert_eq!(FrameControl::new(Subtype::Mgmt(MgmtSubtype::Beacon)).to_bytes(), [0x80, 0]);
        assert_eq!(FrameControl::new(Subtype::Data(DataSubtype::QosNull)).to_bytes(), [0xc8, 0]);
        let fc = FrameControl::new(Subtype::Data(DataSubtype::Data)).with_flag(flags::TO_DS, true);
        assert_eq!(fc.to_bytes(), [0x08, 0x01]);
    }

    #[test]
    fn subtype_round_trips_every_value() {
        for v in 0..=u16::MAX {
            let fc = FrameControl(v);
            let rebuilt = FrameControl::new(fc.subtype());
            assert_eq!(rebuilt.0, v & 0x00fc, "{v:#x}");
        }
    }

    #[test]
    fn every_value_reads_without_panicking() {
        // Two octets from the wire are all a Frame Control view ever reads: try all of them.
        for v in 0..=u16::MAX {
            let fc = FrameControl(v);
            assert_eq!(FrameControl(u16::from_le_bytes(fc.to_bytes())), fc);
            assert_eq!(FrameType::from_bits(fc.frame_type().value()), fc.frame_type());
            assert_eq!(fc.type_subtype() & 0x0f, fc.subtype_bits());
            let _ = (fc.protocol_version(), fc.is_mgmt(), fc.is_ctrl(), fc.is_data(), fc.is_qos_data());
            let _ = (fc.is_null_data(), fc.more_frag(), fc.retry(), fc.pwr_mgt(), fc.more_data());
            let _ = (format!("{fc:?}"), fc.subtype().to_string());
        }
    }
}
