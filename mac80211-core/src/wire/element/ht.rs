//! HT Capabilities (802.11-2020 9.4.2.55) and HT Operation (9.4.2.56).
//!
//! Both are fixed-size: HT Capabilities is exactly 26 octets (HT Capability Information u16,
//! A-MPDU Parameters u8, Supported MCS Set 16, HT Extended Capabilities u16, Transmit
//! Beamforming Capabilities u32, ASEL Capabilities u8) and HT Operation exactly 22 (Primary
//! Channel u8, HT Operation Information 5, Basic HT-MCS Set 16). Any other body length is
//! [`ErrorKind::BadLength`]: a shorter body cannot be read, and a longer one would be a layout
//! this code does not know.
//!
//! The element types hold every field, raw, in small bitfield newtypes with accessors for the
//! bits a soft-MAC uses (channel width, short GI, STBC, A-MSDU and A-MPDU limits, MCS bitmap,
//! secondary channel offset, protection). Each is its own read and write type, so
//! `parse(emit(x)) == x` holds trivially and reserved bits round-trip.

use super::cursor::{Reader, Writer};
use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::macros::open_enum;
use crate::wire::{Error, ErrorKind, Result};

#[inline]
fn exact_len(body: &[u8], len: usize, field: &'static str) -> Result<()> {
    if body.len() == len { Ok(()) } else { Err(Error::new(ErrorKind::BadLength, field)) }
}

open_enum! {
    /// SM Power Save mode (HT Capability Information bits 2-3).
    pub enum SmPowerSave(u8) {
        /// Static SM power save: one receive chain.
        Static = 0 => "static",
        /// Dynamic SM power save: extra chains after RTS.
        Dynamic = 1 => "dynamic",
        /// SM power save disabled.
        Disabled = 3 => "disabled",
    }
}

/// HT Capability Information (9.4.2.55.2).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct HtCapInfo(pub u16);

impl HtCapInfo {
    fn bit(self, n: u16) -> bool {
        self.0 & (1 << n) != 0
    }
    /// LDPC coding capability (bit 0).
    pub fn ldpc(self) -> bool {
        self.bit(0)
    }
    /// 20/40 MHz operation supported (Supported Channel Width Set, bit 1).
    pub fn supports_40mhz(self) -> bool {
        self.bit(1)
    }
    /// SM Power Save (bits 2-3).
    pub fn sm_power_save(self) -> SmPowerSave {
        SmPowerSave::from(((self.0 >> 2) & 3) as u8)
    }
    /// HT-Greenfield (bit 4).
    pub fn greenfield(self) -> bool {
        self.bit(4)
    }
    /// Short GI for 20 MHz (bit 5).
    pub fn short_gi_20(self) -> bool {
        self.bit(5)
    }
    /// Short GI for 40 MHz (bit 6).
    pub fn short_gi_40(self) -> bool {
        self.bit(6)
    }
    /// Tx STBC (bit 7).
    pub fn tx_stbc(self) -> bool {
        self.bit(7)
    }
    /// Rx STBC spatial streams, 0..=3 (bits 8-9).
    pub fn rx_stbc(self) -> u8 {
        ((self.0 >> 8) & 3) as u8
    }
    /// HT-Delayed Block Ack (bit 10).
    pub fn delayed_block_ack(self) -> bool {
        self.bit(10)
    }
    /// Maximum A-MSDU length in octets (bit 11: 3839 or 7935).
    pub fn max_amsdu_len(self) -> u16 {
        if self.bit(11) { 7935 } else { 3839 }
    }
    /// DSSS/CCK mode in 40 MHz (bit 12).
    pub fn dsss_cck_40(self) -> bool {
        self.bit(12)
    }
    /// 40 MHz Intolerant (bit 14).
    pub fn forty_mhz_intolerant(self) -> bool {
        self.bit(14)
    }
    /// L-SIG TXOP protection support (bit 15).
    pub fn lsig_txop_protection(self) -> bool {
        self.bit(15)
    }
}

/// A-MPDU Parameters (9.4.2.55.3).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct AmpduParams(pub u8);

impl AmpduParams {
    /// Maximum A-MPDU Length Exponent (bits 0-1).
    pub fn max_len_exponent(self) -> u8 {
        self.0 & 3
    }
    /// Maximum A-MPDU length in octets: 2^(13 + exponent) - 1.
    pub fn max_len(self) -> u32 {
        (1u32 << (13 + self.max_len_exponent())) - 1
    }
    /// Minimum MPDU Start Spacing code (bits 2-4: 0 none, 1 = 1/4 µs ... 7 = 16 µs).
    pub fn min_mpdu_start_spacing(self) -> u8 {
        (self.0 >> 2) & 7
    }
}

/// Supported MCS Set (9.4.2.55.4), also the format of HT Operation's Basic HT-MCS Set.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct McsSet(pub [u8; 16]);

impl McsSet {
    /// The Rx MCS Bitmask: bit *i* for MCS *i*, 0..=76 (bits 77-79 reserved).
    pub fn rx_mcs_bitmap(&self) -> [u8; 10] {
        let mut out = [0; 10];
        out.copy_from_slice(&self.0[..10]);
        out
    }
    /// True when MCS `index` (0..=76) is in the Rx MCS Bitmask.
    pub fn supports_rx_mcs(&self, index: u8) -> bool {
        index <= 76 && self.0[usize::from(index / 8)] & (1 << (index % 8)) != 0
    }
    /// Rx Highest Supported Data Rate in Mb/s (bits 80-89; 0 = not stated).
    pub fn rx_highest_rate_mbps(&self) -> u16 {
        u16::from_le_bytes([self.0[10], self.0[11]]) & 0x03ff
    }
    /// Tx MCS Set Defined (bit 96).
    pub fn tx_mcs_set_defined(&self) -> bool {
        self.0[12] & 1 != 0
    }
    /// Tx Rx MCS Set Not Equal (bit 97).
    pub fn tx_rx_mcs_not_equal(&self) -> bool {
        self.0[12] & 2 != 0
    }
    /// Tx Maximum Number Spatial Streams Supported (bits 98-99, plus one).
    pub fn tx_max_spatial_streams(&self) -> u8 {
        ((self.0[12] >> 2) & 3) + 1
    }
    /// Tx Unequal Modulation Supported (bit 100).
    pub fn tx_unequal_modulation(&self) -> bool {
        self.0[12] & 0x10 != 0
    }
}

/// An HT Capabilities element (26 octets).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct HtCapabilities {
    /// HT Capability Information.
    pub cap_info: HtCapInfo,
    /// A-MPDU Parameters.
    pub ampdu_params: AmpduParams,
    /// Supported MCS Set.
    pub supported_mcs: McsSet,
    /// HT Extended Capabilities, raw (PCO, MCS feedback, +HTC support, RD responder).
    pub ext_caps: u16,
    /// Transmit Beamforming Capabilities, raw.
    pub txbf_caps: u32,
    /// ASEL Capabilities, raw.
    pub asel_caps: u8,
}

impl HtCapabilities {
    /// Body length in octets.
    pub const LEN: usize = 26;

    /// Reads an element body, which must be exactly 26 octets.
    #[inline]
    pub fn from_body(body: &[u8]) -> Result<HtCapabilities> {
        exact_len(body, Self::LEN, "HT Capabilities length")?;
        let mut r = Reader::new(body);
        Ok(HtCapabilities {
            cap_info: HtCapInfo(r.le16("HT capability information")?),
            ampdu_params: AmpduParams(r.u8("A-MPDU parameters")?),
            supported_mcs: McsSet(*r.array::<16>("HT supported MCS set")?),
            ext_caps: r.le16("HT extended capabilities")?,
            txbf_caps: r.le32("transmit beamforming capabilities")?,
            asel_caps: r.u8("ASEL capabilities")?,
        })
    }
}

impl<'a> ElementType<'a> for HtCapabilities {
    const ID: ElementId = ElementId::HtCapabilities;

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        HtCapabilities::from_body(element.body())
    }
}

impl EmitElement for HtCapabilities {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::HtCapabilities
    }
    #[inline]
    fn body_len(&self) -> usize {
        Self::LEN
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        Writer::new(buf)
            .le16(self.cap_info.0)
            .u8(self.ampdu_params.0)
            .bytes(&self.supported_mcs.0)
            .le16(self.ext_caps)
            .le32(self.txbf_caps)
            .u8(self.asel_caps);
    }
}

open_enum! {
    /// Secondary Channel Offset (HT Operation Information bits 0-1; also element 62).
    pub enum SecondaryChannelOffset(u8) {
        /// No secondary channel (20 MHz BSS).
        None = 0 => "no secondary channel",
        /// Secondary channel above the primary (SCA).
        Above = 1 => "secondary channel above",
        /// Secondary channel below the primary (SCB).
        Below = 3 => "secondary channel below",
    }
}

open_enum! {
    /// HT Protection (HT Operation Information bits 8-9).
    pub enum HtProtection(u8) {
        /// No protection mode.
        None = 0 => "no protection",
        /// Nonmember protection mode.
        NonMember = 1 => "nonmember protection",
        /// 20 MHz protection mode.
        TwentyMhz = 2 => "20 MHz protection",
        /// Non-HT mixed mode.
        NonHtMixed = 3 => "non-HT mixed",
    }
}

/// HT Operation Information (9.4.2.56), five octets read as a 40-bit little-endian value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct HtOpInfo(pub [u8; 5]);

impl HtOpInfo {
    /// The 40 bits as an integer, bit *n* of the standard being bit *n* here.
    pub fn bits(self) -> u64 {
        let b = self.0;
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], 0, 0, 0])
    }
    fn bit(self, n: u32) -> bool {
        self.bits() & (1 << n) != 0
    }
    /// Secondary Channel Offset (bits 0-1).
    pub fn secondary_channel_offset(self) -> SecondaryChannelOffset {
        SecondaryChannelOffset::from(self.0[0] & 3)
    }
    /// STA Channel Width (bit 2): true when any channel width in the supported set may be used.
    pub fn sta_channel_width_any(self) -> bool {
        self.bit(2)
    }
    /// RIFS Mode (bit 3).
    pub fn rifs_mode(self) -> bool {
        self.bit(3)
    }
    /// HT Protection (bits 8-9).
    pub fn ht_protection(self) -> HtProtection {
        HtProtection::from(self.0[1] & 3)
    }
    /// Nongreenfield HT STAs Present (bit 10).
    pub fn nongreenfield_present(self) -> bool {
        self.bit(10)
    }
    /// OBSS Non-HT STAs Present (bit 12).
    pub fn obss_non_ht_present(self) -> bool {
        self.bit(12)
    }
    /// Channel Center Frequency Segment 2 (bits 13-20), used by VHT/HE 80+80 and 160 MHz.
    pub fn center_freq_seg2(self) -> u8 {
        ((self.bits() >> 13) & 0xff) as u8
    }
    /// Dual Beacon (bit 30).
    pub fn dual_beacon(self) -> bool {
        self.bit(30)
    }
    /// Dual CTS Protection (bit 31).
    pub fn dual_cts_protection(self) -> bool {
        self.bit(31)
    }
    /// STBC Beacon (bit 32).
    pub fn stbc_beacon(self) -> bool {
        self.bit(32)
    }
}

/// An HT Operation element (22 octets).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct HtOperation {
    /// Primary channel number.
    pub primary_channel: u8,
    /// HT Operation Information.
    pub info: HtOpInfo,
    /// Basic HT-MCS Set (MCSs every STA in the BSS must support).
    pub basic_mcs: McsSet,
}

impl HtOperation {
    /// Body length in octets.
    pub const LEN: usize = 22;

    /// Reads an element body, which must be exactly 22 octets.
    #[inline]
    pub fn from_body(body: &[u8]) -> Result<HtOperation> {
        exact_len(body, Self::LEN, "HT Operation length")?;
        let mut r = Reader::new(body);
        Ok(HtOperation {
            primary_channel: r.u8("HT primary channel")?,
            info: HtOpInfo(*r.array::<5>("HT operation information")?),
            basic_mcs: McsSet(*r.array::<16>("HT basic MCS set")?),
        })
    }
}

impl<'a> ElementType<'a> for HtOperation {
    const ID: ElementId = ElementId::HtOperation;

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        HtOperation::from_body(element.body())
    }
}

impl EmitElement for HtOperation {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::HtOperation
    }
    #[inline]
    fn body_len(&self) -> usize {
        Self::LEN
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        Writer::new(buf).u8(self.primary_channel).bytes(&self.info.0).bytes(&self.basic_mcs.0);
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // aircrack-ng__capture_wds-01.cap frame 3 (beacon): HT Capabilities then HT Operation.
    static WDS_HT: [u8; 52] = [
        0x2d, 0x1a, 0x4c, 0, 0x1b, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, //
        0x3d, 0x16, 0x8c, 0, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    // tcpdump__ieee802.11_meshid.pcap frame 1 (mesh beacon): 40 MHz, secondary above.
    static MESH_HT_CAP: [u8; 26] =
        [0xef, 0x19, 0x1b, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    static MESH_HT_OP: [u8; 22] =
        [0x95, 0x05, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    #[test]
    fn deconstruct_ht() {
        let els = Elements::new(&WDS_HT);
        let cap = els.get::<HtCapabilities>().unwrap().unwrap();
        assert!(!cap.cap_info.supports_40mhz());
        assert!(cap.cap_info.short_gi_40() && !cap.cap_info.short_gi_20());
        assert_eq!(cap.cap_info.sm_power_save(), SmPowerSave::Disabled);
        assert_eq!(cap.cap_info.max_amsdu_len(), 3839);
        assert_eq!(cap.ampdu_params.max_len(), 65535);
        assert_eq!(cap.ampdu_params.min_mpdu_start_spacing(), 6);
        assert!((0..16).all(|m| cap.supported_mcs.supports_rx_mcs(m)));
        assert!(!cap.supported_mcs.supports_rx_mcs(16) && !cap.supported_mcs.supports_rx_mcs(200));
        assert!(cap.supported_mcs.tx_mcs_set_defined());
        assert_eq!(cap.supported_mcs.tx_max_spatial_streams(), 1);
        let op = els.get::<HtOperation>().unwrap().unwrap();
        assert_eq!(op.primary_channel, 140);
        assert_eq!(op.info.secondary_channel_offset(), SecondaryChannelOffset::None);
        assert!(op.info.nongreenfield_present());
        assert_eq!(op.info.ht_protection(), HtProtection::None);
    }

    #[test]
    fn deconstruct_forty_mhz_mesh() {
        let cap = HtCapabilities::from_body(&MESH_HT_CAP).unwrap();
        let i = cap.cap_info;
        assert!(i.ldpc() && i.supports_40mhz() && i.short_gi_20() && i.short_gi_40());
        assert_eq!(i.rx_stbc(), 1);
        assert_eq!(i.max_amsdu_len(), 7935);
        assert!(i.dsss_cck_40());
        let op = HtOperation::from_body(&MESH_HT_OP).unwrap();
        assert_eq!(op.primary_channel, 149);
        assert_eq!(op.info.secondary_channel_offset(), SecondaryChannelOffset::Above);
        assert!(op.info.sta_channel_width_any());
        assert!(op.basic_mcs.supports_rx_mcs(0) && op.basic_mcs.supports_rx_mcs(15));
        assert_eq!(op.basic_mcs.rx_mcs_bitmap()[..3], [0xff, 0xff, 0]);
    }

    #[test]
    fn construct_ht() {
        let els = Elements::new(&WDS_HT);
        let mut v = Vec::new();
        push_element(&mut v, &els.get::<HtCapabilities>().unwrap().unwrap()).unwrap();
        push_element(&mut v, &els.get::<HtOperation>().unwrap().unwrap()).unwrap();
        assert_eq!(v, WDS_HT);
    }

    #[test]
    fn op_info_bits() {
        let i = HtOpInfo([0x0b, 0xb3, 0x1f, 0xc0, 0x01]);
        assert_eq!(i.secondary_channel_offset(), SecondaryChannelOffset::Below);
        assert!(i.rifs_mode());
        assert_eq!(i.ht_protection(), HtProtection::NonHtMixed);
        assert!(!i.nongreenfield_present() && i.obss_non_ht_present());
        assert_eq!(i.center_freq_seg2(), 0xfd);
        assert!(i.dual_beacon() && i.dual_cts_protection() && i.stbc_beacon());
        assert_eq!(HtOpInfo([2, 0, 0, 0, 0]).secondary_channel_offset(), SecondaryChannelOffset::Unknown(2));
    }

    #[test]
    fn exact_lengths() {
        for n in [0, 25, 27] {
            assert_eq!(HtCapabilities::from_body(&vec![0; n]).unwrap_err().kind(), ErrorKind::BadLength);
        }
        for n in [0, 21, 23] {
            assert_eq!(HtOperation::from_body(&vec![0; n]).unwrap_err().kind(), ErrorKind::BadLength);
        }
    }

    proptest! {
        #[test]
        fn round_trip(cap in any::<[u8; 26]>(), op in any::<[u8; 22]>()) {
            let c = HtCapabilities::from_body(&cap).unwrap();
            let o = HtOperation::from_body(&op).unwrap();
            let mut v = Vec::new();
            push_element(&mut v, &c).unwrap();
            push_element(&mut v, &o).unwrap();
            prop_assert_eq!(&v[2..28], &cap[..]);
            prop_assert_eq!(&v[30..], &op[..]);
            let els = Elements::new(&v);
            prop_assert_eq!(els.get::<HtCapabilities>().unwrap().unwrap(), c);
            prop_assert_eq!(els.get::<HtOperation>().unwrap().unwrap(), o);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=255), idx in any::<u8>()) {
            if let Ok(c) = HtCapabilities::parse(Element::new(45, &bytes)) {
                let i = c.cap_info;
                let _ = (i.sm_power_save(), i.max_amsdu_len(), i.rx_stbc(), c.ampdu_params.max_len());
                let _ = (c.supported_mcs.supports_rx_mcs(idx), c.supported_mcs.rx_highest_rate_mbps());
            }
            if let Ok(o) = HtOperation::parse(Element::new(61, &bytes)) {
                let _ = (o.info.secondary_channel_offset(), o.info.center_freq_seg2(), o.info.ht_protection());
            }
        }
    }
}
