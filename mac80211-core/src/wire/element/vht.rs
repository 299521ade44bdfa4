//! VHT Capabilities (802.11-2020 9.4.2.157) and VHT Operation (9.4.2.158).
//!
//! VHT Capabilities is exactly 12 octets: VHT Capabilities Information (u32) and the Supported
//! VHT-MCS and NSS Set (8: Rx MCS map, Rx highest rate, Tx MCS map, Tx highest rate, each u16).
//! VHT Operation is exactly 5: Channel Width, Channel Center Frequency Segment 0 and 1, and the
//! Basic VHT-MCS and NSS Set (u16). Any other body length is [`ErrorKind::BadLength`].
//!
//! An MCS map gives two bits per spatial stream 1..=8: 0 = MCS 0-7, 1 = MCS 0-8, 2 = MCS 0-9,
//! 3 = stream not supported; [`VhtMcsMap::max_mcs`] decodes it. As for HT, each element type
//! is its own read and write type and keeps reserved bits.

use super::cursor::{Reader, Writer};
use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::macros::open_enum;
use crate::wire::{Error, ErrorKind, Result};

#[inline]
fn exact_len(body: &[u8], len: usize, field: &'static str) -> Result<()> {
    if body.len() == len { Ok(()) } else { Err(Error::new(ErrorKind::BadLength, field)) }
}

/// VHT Capabilities Information (9.4.2.157.2).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct VhtCapInfo(pub u32);

impl VhtCapInfo {
    fn field(self, shift: u32, width: u32) -> u8 {
        ((self.0 >> shift) & ((1 << width) - 1)) as u8
    }
    fn bit(self, n: u32) -> bool {
        self.0 & (1 << n) != 0
    }
    /// Maximum MPDU length in octets (bits 0-1: 3895, 7991 or 11454).
    pub fn max_mpdu_len(self) -> u16 {
        match self.field(0, 2) {
            0 => 3895,
            1 => 7991,
            _ => 11454,
        }
    }
    /// Supported Channel Width Set (bits 2-3): 0 = 80 MHz only, 1 = 160, 2 = 160 and 80+80.
    pub fn supported_channel_width_set(self) -> u8 {
        self.field(2, 2)
    }
    /// Rx LDPC (bit 4).
    pub fn rx_ldpc(self) -> bool {
        self.bit(4)
    }
    /// Short GI for 80 MHz (bit 5).
    pub fn short_gi_80(self) -> bool {
        self.bit(5)
    }
    /// Short GI for 160 and 80+80 MHz (bit 6).
    pub fn short_gi_160(self) -> bool {
        self.bit(6)
    }
    /// Tx STBC (bit 7).
    pub fn tx_stbc(self) -> bool {
        self.bit(7)
    }
    /// Rx STBC spatial streams, 0..=4 (bits 8-10).
    pub fn rx_stbc(self) -> u8 {
        self.field(8, 3)
    }
    /// SU Beamformer Capable (bit 11).
    pub fn su_beamformer(self) -> bool {
        self.bit(11)
    }
    /// SU Beamformee Capable (bit 12).
    pub fn su_beamformee(self) -> bool {
        self.bit(12)
    }
    /// Beamformee STS Capability, raw (bits 13-15).
    pub fn beamformee_sts(self) -> u8 {
        self.field(13, 3)
    }
    /// Number of Sounding Dimensions, raw (bits 16-18).
    pub fn sounding_dimensions(self) -> u8 {
        self.field(16, 3)
    }
    /// MU Beamformer Capable (bit 19).
    pub fn mu_beamformer(self) -> bool {
        self.bit(19)
    }
    /// MU Beamformee Capable (bit 20).
    pub fn mu_beamformee(self) -> bool {
        self.bit(20)
    }
    /// Maximum A-MPDU Length Exponent (bits 23-25): limit 2^(13 + e) - 1 octets.
    pub fn max_ampdu_len_exponent(self) -> u8 {
        self.field(23, 3)
    }
    /// Extended NSS BW Support (bits 30-31).
    pub fn ext_nss_bw(self) -> u8 {
        self.field(30, 2)
    }
}

/// A VHT MCS map: two bits per spatial stream.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct VhtMcsMap(pub u16);

impl VhtMcsMap {
    /// Highest MCS supported with `nss` streams (1..=8): 7, 8 or 9, or `None` if unsupported.
    pub fn max_mcs(self, nss: u8) -> Option<u8> {
        if !(1..=8).contains(&nss) {
            return None;
        }
        match (self.0 >> (2 * (nss - 1))) & 3 {
            3 => None,
            v => Some(7 + v as u8),
        }
    }

    /// Highest number of streams with any MCS supported (0 when none).
    pub fn max_nss(self) -> u8 {
        (1..=8).rev().find(|&n| self.max_mcs(n).is_some()).unwrap_or(0)
    }
}

/// Supported VHT-MCS and NSS Set (9.4.2.157.3).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct VhtMcsNssSet {
    /// Rx VHT-MCS Map.
    pub rx_mcs_map: VhtMcsMap,
    /// Rx Highest Supported Long GI Data Rate (bits 0-12, Mb/s) and Max NSTS Total (13-15).
    pub rx_highest: u16,
    /// Tx VHT-MCS Map.
    pub tx_mcs_map: VhtMcsMap,
    /// Tx Highest Supported Long GI Data Rate (bits 0-12), Extended NSS BW Capable (13).
    pub tx_highest: u16,
}

impl VhtMcsNssSet {
    /// Extended NSS BW Capable (bit 13 of the Tx highest rate field).
    pub fn ext_nss_bw_capable(&self) -> bool {
        self.tx_highest & (1 << 13) != 0
    }
}

/// A VHT Capabilities element (12 octets).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct VhtCapabilities {
    /// VHT Capabilities Information.
    pub info: VhtCapInfo,
    /// Supported VHT-MCS and NSS Set.
    pub mcs_nss: VhtMcsNssSet,
}

impl VhtCapabilities {
    /// Body length in octets.
    pub const LEN: usize = 12;

    /// Reads an element body, which must be exactly 12 octets.
    #[inline]
    pub fn from_body(body: &[u8]) -> Result<VhtCapabilities> {
        exact_len(body, Self::LEN, "VHT Capabilities length")?;
        let mut r = Reader::new(body);
        Ok(VhtCapabilities {
            info: VhtCapInfo(r.le32("VHT capabilities information")?),
            mcs_nss: VhtMcsNssSet {
                rx_mcs_map: VhtMcsMap(r.le16("VHT Rx MCS map")?),
                rx_highest: r.le16("VHT Rx highest rate")?,
                tx_mcs_map: VhtMcsMap(r.le16("VHT Tx MCS map")?),
                tx_highest: r.le16("VHT Tx highest rate")?,
            },
        })
    }
}

impl<'a> ElementType<'a> for VhtCapabilities {
    const ID: ElementId = ElementId::VhtCapabilities;

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        VhtCapabilities::from_body(element.body())
    }
}

impl EmitElement for VhtCapabilities {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::VhtCapabilities
    }
    #[inline]
    fn body_len(&self) -> usize {
        Self::LEN
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        let m = &self.mcs_nss;
        Writer::new(buf)
            .le32(self.info.0)
            .le16(m.rx_mcs_map.0)
            .le16(m.rx_highest)
            .le16(m.tx_mcs_map.0)
            .le16(m.tx_highest);
    }
}

open_enum! {
    /// VHT Operation Channel Width (802.11-2020 9.4.2.158).
    pub enum VhtChannelWidth(u8) {
        /// 20 or 40 MHz (see HT Operation).
        TwentyOrForty = 0 => "20/40 MHz",
        /// 80, 160 or 80+80 MHz (segment 1 tells which).
        EightyPlus = 1 => "80/160/80+80 MHz",
        /// 160 MHz (deprecated encoding).
        OneSixty = 2 => "160 MHz (deprecated)",
        /// Non-contiguous 80+80 MHz (deprecated encoding).
        EightyPlusEighty = 3 => "80+80 MHz (deprecated)",
    }
}

/// A VHT Operation element (5 octets).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct VhtOperation {
    /// Channel Width.
    pub channel_width: VhtChannelWidth,
    /// Channel Center Frequency Segment 0 (channel number).
    pub center_freq_seg0: u8,
    /// Channel Center Frequency Segment 1 (channel number, 0 if unused).
    pub center_freq_seg1: u8,
    /// Basic VHT-MCS and NSS Set.
    pub basic_mcs_nss: VhtMcsMap,
}

impl VhtOperation {
    /// Body length in octets.
    pub const LEN: usize = 5;

    /// Reads an element body, which must be exactly 5 octets.
    #[inline]
    pub fn from_body(body: &[u8]) -> Result<VhtOperation> {
        exact_len(body, Self::LEN, "VHT Operation length")?;
        let mut r = Reader::new(body);
        Ok(VhtOperation {
            channel_width: VhtChannelWidth::from(r.u8("VHT channel width")?),
            center_freq_seg0: r.u8("VHT center frequency segment 0")?,
            center_freq_seg1: r.u8("VHT center frequency segment 1")?,
            basic_mcs_nss: VhtMcsMap(r.le16("VHT basic MCS and NSS set")?),
        })
    }
}

impl<'a> ElementType<'a> for VhtOperation {
    const ID: ElementId = ElementId::VhtOperation;

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        VhtOperation::from_body(element.body())
    }
}

impl EmitElement for VhtOperation {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::VhtOperation
    }
    #[inline]
    fn body_len(&self) -> usize {
        Self::LEN
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        Writer::new(buf)
            .u8(self.channel_width.value())
            .u8(self.center_freq_seg0)
            .u8(self.center_freq_seg1)
            .le16(self.basic_mcs_nss.0);
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // tcpdump__ieee802.11_meshid.pcap frame 1 (mesh beacon): VHT Capabilities, VHT Operation
    // (80 MHz centred on channel 155).
    static MESH_VHT: [u8; 21] = [
        191, 12, 0xb2, 0x59, 0x99, 0x33, 0xfa, 0xff, 0x00, 0x00, 0xfa, 0xff, 0x00, 0x00, //
        192, 5, 0x01, 0x9b, 0x00, 0xff, 0xff,
    ];

    #[test]
    fn deconstruct_vht() {
        let els = Elements::new(&MESH_VHT);
        let cap = els.get::<VhtCapabilities>().unwrap().unwrap();
        let i = cap.info;
        assert_eq!(i.max_mpdu_len(), 11454);
        assert_eq!(i.supported_channel_width_set(), 0);
        assert!(i.rx_ldpc() && i.short_gi_80() && !i.short_gi_160());
        assert_eq!(i.rx_stbc(), 1);
        assert!(i.su_beamformer() && i.su_beamformee() && i.mu_beamformer());
        assert_eq!(i.max_ampdu_len_exponent(), 7);
        let m = cap.mcs_nss;
        assert_eq!(
            (m.rx_mcs_map.max_mcs(1), m.rx_mcs_map.max_mcs(2), m.rx_mcs_map.max_mcs(3)),
            (Some(9), Some(9), None)
        );
        assert_eq!(m.tx_mcs_map.max_nss(), 2);
        assert_eq!(m.rx_mcs_map.max_mcs(0), None);
        let op = els.get::<VhtOperation>().unwrap().unwrap();
        assert_eq!(op.channel_width, VhtChannelWidth::EightyPlus);
        assert_eq!((op.center_freq_seg0, op.center_freq_seg1), (155, 0));
        assert_eq!(op.basic_mcs_nss.max_nss(), 0);
    }

    #[test]
    fn construct_vht() {
        let els = Elements::new(&MESH_VHT);
        let mut v = Vec::new();
        push_element(&mut v, &els.get::<VhtCapabilities>().unwrap().unwrap()).unwrap();
        push_element(&mut v, &els.get::<VhtOperation>().unwrap().unwrap()).unwrap();
        assert_eq!(v, MESH_VHT);
    }

    #[test]
    fn exact_lengths() {
        assert_eq!(VhtCapabilities::from_body(&[0; 11]).unwrap_err().kind(), ErrorKind::BadLength);
        assert_eq!(VhtCapabilities::from_body(&[0; 13]).unwrap_err().kind(), ErrorKind::BadLength);
        assert_eq!(VhtOperation::from_body(&[0; 4]).unwrap_err().kind(), ErrorKind::BadLength);
        assert_eq!(VhtOperation::from_body(&[0; 6]).unwrap_err().kind(), ErrorKind::BadLength);
    }

    proptest! {
        #[test]
        fn round_trip(cap in any::<[u8; 12]>(), op in any::<[u8; 5]>()) {
            let c = VhtCapabilities::from_body(&cap).unwrap();
            let o = VhtOperation::from_body(&op).unwrap();
            let mut v = Vec::new();
            push_element(&mut v, &c).unwrap();
            push_element(&mut v, &o).unwrap();
            prop_assert_eq!(&v[2..14], &cap[..]);
            prop_assert_eq!(&v[16..], &op[..]);
            let els = Elements::new(&v);
            prop_assert_eq!(els.get::<VhtCapabilities>().unwrap().unwrap(), c);
            prop_assert_eq!(els.get::<VhtOperation>().unwrap().unwrap(), o);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=255), nss in any::<u8>()) {
            if let Ok(c) = VhtCapabilities::parse(Element::new(191, &bytes)) {
                let _ = (c.info.max_mpdu_len(), c.info.ext_nss_bw(), c.mcs_nss.rx_mcs_map.max_mcs(nss));
                let _ = (c.mcs_nss.tx_mcs_map.max_nss(), c.mcs_nss.ext_nss_bw_capable());
            }
            if let Ok(o) = VhtOperation::parse(Element::new(192, &bytes)) {
                let _ = (o.channel_width.name(), o.basic_mcs_nss.max_mcs(nss));
            }
        }
    }
}
