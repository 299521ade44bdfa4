//! HE Capabilities (802.11ax-2021 9.4.2.248, Element ID Extension 35) and HE Operation
//! (9.4.2.249, Element ID Extension 36).
//!
//! HE Capabilities: HE MAC Capabilities Information (6), HE PHY Capabilities Information (11),
//! the Supported HE-MCS And NSS Set, then optional PPE Thresholds. The MCS set always holds the
//! Rx/Tx maps for ≤ 80 MHz (4 octets); the maps for 160 MHz follow when PHY Channel Width Set
//! bit B3 (PHY bit 3) is set, and those for 80+80 MHz when B4 is set, giving 4, 8 or 12 octets.
//! The PPE Thresholds field (present when PHY bit 55 is set) has a length computed from its own
//! first octets; it is kept raw, as are any octets after it.
//!
//! HE Operation: HE Operation Parameters (3), BSS Color Information (1), Basic HE-MCS And NSS
//! Set (2), then VHT Operation Information (3) if parameter bit 14 is set, Max Co-Hosted BSSID
//! Indicator (1) if bit 15 is set, and 6 GHz Operation Information (5) if bit 17 is set. The
//! length must match those flags exactly, or the body is [`ErrorKind::BadLength`].
//!
//! In both representations the presence of an optional field is an `Option`, and emitting sets
//! the flag bits that announce it from that `Option`, so what is written is always consistent.

use super::cursor::{Reader, Writer};
use super::vht::VhtChannelWidth;
use super::{Element, ElementId, ElementType, EmitElement, ExtElementId};
use crate::wire::{Error, ErrorKind, Result};

/// HE MAC Capabilities Information (Figure 9-788d), 48 bits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct HeMacCaps(pub [u8; 6]);

impl HeMacCaps {
    /// The 48 bits as an integer, bit *n* of the standard being bit *n* here.
    pub fn bits(self) -> u64 {
        let b = self.0;
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], 0, 0])
    }
    fn bit(self, n: u32) -> bool {
        self.bits() & (1 << n) != 0
    }
    /// +HTC-HE Support (bit 0).
    pub fn htc_he(self) -> bool {
        self.bit(0)
    }
    /// TWT Requester Support (bit 1).
    pub fn twt_requester(self) -> bool {
        self.bit(1)
    }
    /// TWT Responder Support (bit 2).
    pub fn twt_responder(self) -> bool {
        self.bit(2)
    }
    /// Broadcast TWT Support (bit 20).
    pub fn broadcast_twt(self) -> bool {
        self.bit(20)
    }
    /// OM Control Support (bit 25).
    pub fn om_control(self) -> bool {
        self.bit(25)
    }
    /// Maximum A-MPDU Length Exponent Extension (bits 27-28).
    pub fn max_ampdu_len_exponent_ext(self) -> u8 {
        ((self.bits() >> 27) & 3) as u8
    }
}

/// HE PHY Capabilities Information (Figure 9-788e), 88 bits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct HePhyCaps(pub [u8; 11]);

impl HePhyCaps {
    /// Channel Width Set bit for 160 MHz in 5/6 GHz (PHY bit 3): 160 MHz MCS maps present.
    pub const WIDTH_160: u8 = 1 << 3;
    /// Channel Width Set bit for 80+80 MHz in 5/6 GHz (PHY bit 4): 80+80 MHz MCS maps present.
    pub const WIDTH_80P80: u8 = 1 << 4;

    fn bit(self, n: usize) -> bool {
        self.0[n / 8] & (1 << (n % 8)) != 0
    }
    /// Channel Width Set (bits 1-7), as a 7-bit value with B1 in bit 0.
    pub fn channel_width_set(self) -> u8 {
        self.0[0] >> 1
    }
    /// 40 MHz in the 2.4 GHz band (bit 1).
    pub fn supports_40mhz_2g(self) -> bool {
        self.bit(1)
    }
    /// 40 and 80 MHz in the 5/6 GHz bands (bit 2).
    pub fn supports_80mhz(self) -> bool {
        self.bit(2)
    }
    /// 160 MHz in the 5/6 GHz bands (bit 3).
    pub fn supports_160mhz(self) -> bool {
        self.bit(3)
    }
    /// 160 and 80+80 MHz in the 5 GHz band (bit 4).
    pub fn supports_80p80mhz(self) -> bool {
        self.bit(4)
    }
    /// LDPC Coding In Payload (bit 13).
    pub fn ldpc(self) -> bool {
        self.bit(13)
    }
    /// SU Beamformer (bit 31).
    pub fn su_beamformer(self) -> bool {
        self.bit(31)
    }
    /// SU Beamformee (bit 32).
    pub fn su_beamformee(self) -> bool {
        self.bit(32)
    }
    /// MU Beamformer (bit 33).
    pub fn mu_beamformer(self) -> bool {
        self.bit(33)
    }
    /// PPE Thresholds Present (bit 55).
    pub fn ppe_thresholds_present(self) -> bool {
        self.bit(55)
    }
    /// Octets of the Supported HE-MCS And NSS Set these capabilities imply: 4, 8 or 12.
    pub fn mcs_nss_len(self) -> usize {
        4 + 4 * usize::from(self.supports_160mhz()) + 4 * usize::from(self.supports_80p80mhz())
    }
}

/// An HE-MCS map: two bits per spatial stream (0 = MCS 0-7, 1 = 0-9, 2 = 0-11, 3 = none).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct HeMcsMap(pub u16);

impl HeMcsMap {
    /// Highest MCS supported with `nss` streams (1..=8): 7, 9 or 11, or `None`.
    pub fn max_mcs(self, nss: u8) -> Option<u8> {
        if !(1..=8).contains(&nss) {
            return None;
        }
        match (self.0 >> (2 * (nss - 1))) & 3 {
            3 => None,
            v => Some(7 + 2 * v as u8),
        }
    }

    /// Highest number of streams with any MCS supported (0 when none).
    pub fn max_nss(self) -> u8 {
        (1..=8).rev().find(|&n| self.max_mcs(n).is_some()).unwrap_or(0)
    }
}

/// The Rx and Tx HE-MCS maps for one bandwidth.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct HeMcsNss {
    /// Rx HE-MCS map.
    pub rx: HeMcsMap,
    /// Tx HE-MCS map.
    pub tx: HeMcsMap,
}

impl HeMcsNss {
    fn read(r: &mut Reader<'_>) -> Result<HeMcsNss> {
        Ok(HeMcsNss { rx: HeMcsMap(r.le16("HE Rx MCS map")?), tx: HeMcsMap(r.le16("HE Tx MCS map")?) })
    }
}

/// An HE Capabilities element as found in a frame.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct HeCapabilities<'a> {
    /// HE MAC Capabilities Information.
    pub mac: HeMacCaps,
    /// HE PHY Capabilities Information.
    pub phy: HePhyCaps,
    /// HE-MCS maps for ≤ 80 MHz.
    pub mcs_80: HeMcsNss,
    /// HE-MCS maps for 160 MHz, present when the PHY supports it.
    pub mcs_160: Option<HeMcsNss>,
    /// HE-MCS maps for 80+80 MHz, present when the PHY supports it.
    pub mcs_80p80: Option<HeMcsNss>,
    /// PPE Thresholds and anything after, raw.
    pub ppe_thresholds: &'a [u8],
}

impl<'a> HeCapabilities<'a> {
    /// Reads an element body (without the extension ID octet).
    #[inline]
    pub fn from_body(body: &'a [u8]) -> Result<HeCapabilities<'a>> {
        let mut r = Reader::new(body);
        let mac = HeMacCaps(*r.array::<6>("HE MAC capabilities")?);
        let phy = HePhyCaps(*r.array::<11>("HE PHY capabilities")?);
        let mcs_80 = HeMcsNss::read(&mut r)?;
        let mcs_160 = if phy.supports_160mhz() { Some(HeMcsNss::read(&mut r)?) } else { None };
        let mcs_80p80 = if phy.supports_80p80mhz() { Some(HeMcsNss::read(&mut r)?) } else { None };
        Ok(HeCapabilities { mac, phy, mcs_80, mcs_160, mcs_80p80, ppe_thresholds: r.rest() })
    }

    fn phy_for_emit(&self) -> HePhyCaps {
        let mut phy = self.phy;
        let set = |on: bool, bit: u8, o: &mut u8| *o = if on { *o | bit } else { *o & !bit };
        set(self.mcs_160.is_some(), HePhyCaps::WIDTH_160, &mut phy.0[0]);
        set(self.mcs_80p80.is_some(), HePhyCaps::WIDTH_80P80, &mut phy.0[0]);
        phy
    }

    fn len(&self) -> usize {
        6 + 11
            + 4
            + 4 * usize::from(self.mcs_160.is_some())
            + 4 * usize::from(self.mcs_80p80.is_some())
            + self.ppe_thresholds.len()
    }

    fn emit_to(&self, w: &mut Writer<'_>) {
        w.bytes(&self.mac.0).bytes(&self.phy_for_emit().0);
        for m in [Some(self.mcs_80), self.mcs_160, self.mcs_80p80].into_iter().flatten() {
            w.le16(m.rx.0).le16(m.tx.0);
        }
        w.bytes(self.ppe_thresholds);
    }
}

impl<'a> ElementType<'a> for HeCapabilities<'a> {
    const ID: ElementId = ElementId::Extension;
    const EXT_ID: Option<ExtElementId> = Some(ExtElementId::HeCapabilities);

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        HeCapabilities::from_body(element.body())
    }
}

/// Emitting sets PHY bits 3 and 4 from the presence of `mcs_160` and `mcs_80p80`.
impl EmitElement for HeCapabilities<'_> {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::Extension
    }
    #[inline]
    fn ext_id(&self) -> Option<ExtElementId> {
        Some(ExtElementId::HeCapabilities)
    }
    #[inline]
    fn body_len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        self.emit_to(&mut Writer::new(buf));
    }
}

/// An owned HE Capabilities element (the PPE thresholds in a `Vec`).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct HeCapabilitiesRepr {
    /// HE MAC Capabilities Information.
    pub mac: HeMacCaps,
    /// HE PHY Capabilities Information (bits 3 and 4 are rewritten on emit).
    pub phy: HePhyCaps,
    /// HE-MCS maps for ≤ 80 MHz.
    pub mcs_80: HeMcsNss,
    /// HE-MCS maps for 160 MHz.
    pub mcs_160: Option<HeMcsNss>,
    /// HE-MCS maps for 80+80 MHz.
    pub mcs_80p80: Option<HeMcsNss>,
    /// PPE Thresholds and anything after, raw.
    pub ppe_thresholds: Vec<u8>,
}

impl HeCapabilitiesRepr {
    /// Reads a parsed element.
    pub fn parse(c: &HeCapabilities<'_>) -> Result<HeCapabilitiesRepr> {
        Ok(HeCapabilitiesRepr {
            mac: c.mac,
            phy: c.phy,
            mcs_80: c.mcs_80,
            mcs_160: c.mcs_160,
            mcs_80p80: c.mcs_80p80,
            ppe_thresholds: c.ppe_thresholds.to_vec(),
        })
    }

    /// A borrowed view with the same contents.
    pub fn as_view(&self) -> HeCapabilities<'_> {
        HeCapabilities {
            mac: self.mac,
            phy: self.phy,
            mcs_80: self.mcs_80,
            mcs_160: self.mcs_160,
            mcs_80p80: self.mcs_80p80,
            ppe_thresholds: &self.ppe_thresholds,
        }
    }

    /// Octets the body occupies (without the extension ID).
    pub fn buffer_len(&self) -> usize {
        self.as_view().len()
    }
}

impl EmitElement for HeCapabilitiesRepr {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::Extension
    }
    #[inline]
    fn ext_id(&self) -> Option<ExtElementId> {
        Some(ExtElementId::HeCapabilities)
    }
    #[inline]
    fn body_len(&self) -> usize {
        self.buffer_len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        self.as_view().emit_to(&mut Writer::new(buf));
    }
}

/// HE Operation Parameters (Figure 9-788m), 24 bits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct HeOpParams(pub u32);

impl HeOpParams {
    /// VHT Operation Information Present (bit 14).
    pub const VHT_OP_INFO_PRESENT: u32 = 1 << 14;
    /// Co-Hosted BSS (bit 15): Max Co-Hosted BSSID Indicator present.
    pub const CO_HOSTED_BSS: u32 = 1 << 15;
    /// ER SU Disable (bit 16).
    pub const ER_SU_DISABLE: u32 = 1 << 16;
    /// 6 GHz Operation Information Present (bit 17).
    pub const SIX_GHZ_OP_INFO_PRESENT: u32 = 1 << 17;

    /// Default PE Duration code (bits 0-2).
    pub fn default_pe_duration(self) -> u8 {
        (self.0 & 7) as u8
    }
    /// TWT Required (bit 3).
    pub fn twt_required(self) -> bool {
        self.0 & (1 << 3) != 0
    }
    /// TXOP Duration RTS Threshold (bits 4-13; 1023 = disabled).
    pub fn txop_duration_rts_threshold(self) -> u16 {
        ((self.0 >> 4) & 0x3ff) as u16
    }
    /// True when every bit of `mask` is set.
    pub fn contains(self, mask: u32) -> bool {
        self.0 & mask == mask
    }
    /// Octets of optional fields these flags announce.
    fn optional_len(self) -> usize {
        3 * usize::from(self.contains(Self::VHT_OP_INFO_PRESENT))
            + usize::from(self.contains(Self::CO_HOSTED_BSS))
            + 5 * usize::from(self.contains(Self::SIX_GHZ_OP_INFO_PRESENT))
    }
}

/// BSS Color Information (Figure 9-788n).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct BssColorInfo(pub u8);

impl BssColorInfo {
    /// BSS Color (bits 0-5).
    pub fn color(self) -> u8 {
        self.0 & 0x3f
    }
    /// Partial BSS Color (bit 6).
    pub fn partial(self) -> bool {
        self.0 & 0x40 != 0
    }
    /// BSS Color Disabled (bit 7).
    pub fn disabled(self) -> bool {
        self.0 & 0x80 != 0
    }
}

/// VHT Operation Information inside HE Operation (same as the VHT Operation element's first
/// three octets).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct HeVhtOpInfo {
    /// Channel Width.
    pub channel_width: VhtChannelWidth,
    /// Channel Center Frequency Segment 0.
    pub center_freq_seg0: u8,
    /// Channel Center Frequency Segment 1.
    pub center_freq_seg1: u8,
}

/// 6 GHz Operation Information (Figure 9-788p).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct SixGhzOpInfo {
    /// Primary Channel.
    pub primary_channel: u8,
    /// Control: Channel Width (bits 0-1), Duplicate Beacon (2), Regulatory Info (3-5).
    pub control: u8,
    /// Channel Center Frequency Segment 0.
    pub center_freq_seg0: u8,
    /// Channel Center Frequency Segment 1.
    pub center_freq_seg1: u8,
    /// Minimum Rate, in units of 1 Mb/s.
    pub min_rate: u8,
}

impl SixGhzOpInfo {
    /// Channel Width code (0 = 20, 1 = 40, 2 = 80, 3 = 80+80 or 160 MHz).
    pub fn channel_width(&self) -> u8 {
        self.control & 3
    }
    /// Duplicate Beacon.
    pub fn duplicate_beacon(&self) -> bool {
        self.control & 4 != 0
    }
}

/// An HE Operation element. Emitting sets parameter bits 14, 15 and 17 from the `Option`s.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct HeOperation {
    /// HE Operation Parameters.
    pub params: HeOpParams,
    /// BSS Color Information.
    pub bss_color: BssColorInfo,
    /// Basic HE-MCS And NSS Set.
    pub basic_mcs_nss: HeMcsMap,
    /// VHT Operation Information.
    pub vht_op_info: Option<HeVhtOpInfo>,
    /// Max Co-Hosted BSSID Indicator.
    pub max_cohosted_bssid_indicator: Option<u8>,
    /// 6 GHz Operation Information.
    pub six_ghz_op_info: Option<SixGhzOpInfo>,
}

impl HeOperation {
    /// Reads an element body (without the extension ID octet).
    #[inline]
    pub fn from_body(body: &[u8]) -> Result<HeOperation> {
        let mut r = Reader::new(body);
        let p = r.array::<3>("HE operation parameters")?;
        let params = HeOpParams(u32::from_le_bytes([p[0], p[1], p[2], 0]));
        if body.len() != 6 + params.optional_len() {
            return Err(Error::new(ErrorKind::BadLength, "HE Operation length"));
        }
        let bss_color = BssColorInfo(r.u8("HE BSS color information")?);
        let basic_mcs_nss = HeMcsMap(r.le16("HE basic MCS and NSS set")?);
        let vht_op_info =
            params.contains(HeOpParams::VHT_OP_INFO_PRESENT).then(|| read_vht(&mut r)).transpose()?;
        let max_cohosted_bssid_indicator = params
            .contains(HeOpParams::CO_HOSTED_BSS)
            .then(|| r.u8("max co-hosted BSSID indicator"))
            .transpose()?;
        let six_ghz_op_info =
            params.contains(HeOpParams::SIX_GHZ_OP_INFO_PRESENT).then(|| read_six_ghz(&mut r)).transpose()?;
        Ok(HeOperation {
            params,
            bss_color,
            basic_mcs_nss,
            vht_op_info,
            max_cohosted_bssid_indicator,
            six_ghz_op_info,
        })
    }

    /// The parameters as written: bits 14, 15 and 17 follow the optional fields.
    pub fn params_for_emit(&self) -> HeOpParams {
        let flags = [
            (HeOpParams::VHT_OP_INFO_PRESENT, self.vht_op_info.is_some()),
            (HeOpParams::CO_HOSTED_BSS, self.max_cohosted_bssid_indicator.is_some()),
            (HeOpParams::SIX_GHZ_OP_INFO_PRESENT, self.six_ghz_op_info.is_some()),
        ];
        let v = flags.iter().fold(self.params.0 & 0x00ff_ffff, |v, &(m, on)| if on { v | m } else { v & !m });
        HeOpParams(v)
    }

    /// Octets the body occupies (without the extension ID).
    pub fn buffer_len(&self) -> usize {
        6 + self.params_for_emit().optional_len()
    }
}

fn read_vht(r: &mut Reader<'_>) -> Result<HeVhtOpInfo> {
    let b = r.array::<3>("HE VHT operation information")?;
    Ok(HeVhtOpInfo {
        channel_width: VhtChannelWidth::from(b[0]),
        center_freq_seg0: b[1],
        center_freq_seg1: b[2],
    })
}

fn read_six_ghz(r: &mut Reader<'_>) -> Result<SixGhzOpInfo> {
    let b = r.array::<5>("HE 6 GHz operation information")?;
    Ok(SixGhzOpInfo {
        primary_channel: b[0],
        control: b[1],
        center_freq_seg0: b[2],
        center_freq_seg1: b[3],
        min_rate: b[4],
    })
}

impl<'a> ElementType<'a> for HeOperation {
    const ID: ElementId = ElementId::Extension;
    const EXT_ID: Option<ExtElementId> = Some(ExtElementId::HeOperation);

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        HeOperation::from_body(element.body())
    }
}

impl EmitElement for HeOperation {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::Extension
    }
    #[inline]
    fn ext_id(&self) -> Option<ExtElementId> {
        Some(ExtElementId::HeOperation)
    }
    #[inline]
    fn body_len(&self) -> usize {
        self.buffer_len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        let p = self.params_for_emit().0.to_le_bytes();
        let mut w = Writer::new(buf);
        w.bytes(&p[..3]).u8(self.bss_color.0).le16(self.basic_mcs_nss.0);
        if let Some(v) = self.vht_op_info {
            w.u8(v.channel_width.value()).u8(v.center_freq_seg0).u8(v.center_freq_seg1);
        }
        if let Some(m) = self.max_cohosted_bssid_indicator {
            w.u8(m);
        }
        if let Some(s) = self.six_ghz_op_info {
            w.bytes(&[s.primary_channel, s.control, s.center_freq_seg0, s.center_freq_seg1, s.min_rate]);
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // wlanpi-profiler__SamsungS21Ultra5G_SM-G998U_Android11_6GHz_Rando_Anon.pcap frame 1
    // (association request): 160 MHz capable, so 8 octets of MCS maps, then 7 octets of PPE.
    static S21_HE_CAP: [u8; 35] = [
        0xff, 0x21, 0x23, 0x03, 0x08, 0x08, 0x00, 0x00, 0x80, 0x4c, 0x30, 0x02, 0x80, 0x7d, 0x01, 0x9e, 0x08,
        0x0c, 0x0c, 0x00, 0xfa, 0xff, 0xfa, 0xff, 0xfa, 0xff, 0xfa, 0xff, 0x79, 0x1c, 0xc7, 0x71, 0x1c, 0xc7,
        0x71,
    ];
    // linux-hwsim__inventory.pcap frame 10: 2.4 GHz 20 MHz only, 4 octets of maps, no PPE.
    static HWSIM_HE_CAP: [u8; 24] = [
        0xff, 0x16, 0x23, 0x01, 0x78, 0xc8, 0x1a, 0x40, 0x00, 0x00, 0xbf, 0xce, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0xfa, 0xff, 0xfa, 0xff,
    ];
    // aircrack-ng__pmkid-not-recognized.cap frame 4 (beacon): BSS colour 62, no options.
    static BEACON_HE_OP: [u8; 9] = [0xff, 0x07, 0x24, 0xf4, 0x3f, 0x00, 0x3e, 0xfc, 0xff];

    #[test]
    fn deconstruct_he_capabilities() {
        let c = Elements::new(&S21_HE_CAP).get::<HeCapabilities>().unwrap().unwrap();
        assert!(c.mac.htc_he() && c.mac.twt_requester() && !c.mac.twt_responder());
        assert!(c.phy.supports_80mhz() && c.phy.supports_160mhz() && !c.phy.supports_80p80mhz());
        assert_eq!(c.phy.mcs_nss_len(), 8);
        assert!(c.phy.ppe_thresholds_present());
        assert_eq!(c.mcs_80.rx.max_mcs(1), Some(11));
        assert_eq!(c.mcs_80.rx.max_nss(), 2);
        assert_eq!(c.mcs_160.unwrap().tx.max_mcs(2), Some(11));
        assert_eq!(c.mcs_80p80, None);
        assert_eq!(c.ppe_thresholds, &S21_HE_CAP[28..]);
        let h = Elements::new(&HWSIM_HE_CAP).get::<HeCapabilities>().unwrap().unwrap();
        assert_eq!((h.mcs_160, h.phy.channel_width_set()), (None, 0));
        assert!(h.ppe_thresholds.is_empty());
    }

    #[test]
    fn construct_he_capabilities() {
        for bytes in [&S21_HE_CAP[..], &HWSIM_HE_CAP[..]] {
            let c = Elements::new(bytes).get::<HeCapabilities>().unwrap().unwrap();
            let repr = HeCapabilitiesRepr::parse(&c).unwrap();
            let mut v = Vec::new();
            push_element(&mut v, &repr).unwrap();
            assert_eq!(v, bytes);
        }
    }

    #[test]
    fn he_capabilities_truncated() {
        let body = &S21_HE_CAP[3..];
        for cut in [0, 5, 16, 20, 22, 24] {
            assert_eq!(HeCapabilities::from_body(&body[..cut]).unwrap_err().kind(), ErrorKind::Truncated);
        }
        assert!(HeCapabilities::from_body(&body[..25]).unwrap().ppe_thresholds.is_empty());
    }

    #[test]
    fn deconstruct_he_operation() {
        let op = Elements::new(&BEACON_HE_OP).get::<HeOperation>().unwrap().unwrap();
        assert_eq!(op.params.default_pe_duration(), 4);
        assert!(!op.params.twt_required());
        assert_eq!(op.params.txop_duration_rts_threshold(), 1023);
        assert_eq!((op.bss_color.color(), op.bss_color.disabled()), (62, false));
        assert_eq!(op.basic_mcs_nss.max_mcs(1), Some(7));
        assert_eq!((op.vht_op_info, op.max_cohosted_bssid_indicator, op.six_ghz_op_info), (None, None, None));
        let mut v = Vec::new();
        push_element(&mut v, &op).unwrap();
        assert_eq!(v, BEACON_HE_OP);
    }

    #[test]
    fn he_operation_optional_fields() {
        // Hand-built 6 GHz AP: co-hosted indicator 3, primary 37, 80 MHz centred on 39.
        let body = [0x04, 0x80, 0x02, 0x01, 0xfc, 0xff, 0x03, 37, 0x02, 39, 0, 6];
        let op = HeOperation::from_body(&body).unwrap();
        assert_eq!(op.vht_op_info, None);
        assert_eq!(op.max_cohosted_bssid_indicator, Some(3));
        let six = op.six_ghz_op_info.unwrap();
        assert_eq!((six.primary_channel, six.channel_width(), six.min_rate), (37, 2, 6));
        let mut v = Vec::new();
        push_element(&mut v, &op).unwrap();
        assert_eq!(&v[3..], body);
        assert_eq!(HeOperation::from_body(&body[..11]).unwrap_err().kind(), ErrorKind::BadLength);
        assert_eq!(
            HeOperation::from_body(&[&body[..], &[0]].concat()).unwrap_err().kind(),
            ErrorKind::BadLength
        );
        assert_eq!(HeOperation::from_body(&body[..2]).unwrap_err().kind(), ErrorKind::Truncated);
        let with_vht = HeOperation::from_body(&[0x00, 0x40, 0x00, 0x01, 0xfc, 0xff, 1, 42, 0]).unwrap();
        assert_eq!(with_vht.vht_op_info.unwrap().center_freq_seg0, 42);
    }

    fn mcs() -> impl Strategy<Value = HeMcsNss> {
        (any::<u16>(), any::<u16>()).prop_map(|(r, t)| HeMcsNss { rx: HeMcsMap(r), tx: HeMcsMap(t) })
    }

    proptest! {
        #[test]
        fn capabilities_round_trip(
            mac in any::<[u8; 6]>(), phy in any::<[u8; 11]>(), m80 in mcs(),
            m160 in proptest::option::of(mcs()), m8080 in proptest::option::of(mcs()),
            ppe in proptest::collection::vec(any::<u8>(), 0..20),
        ) {
            let repr = HeCapabilitiesRepr {
                mac: HeMacCaps(mac), phy: HePhyCaps(phy), mcs_80: m80, mcs_160: m160, mcs_80p80: m8080,
                ppe_thresholds: ppe,
            };
            let mut v = Vec::new();
            push_element(&mut v, &repr).unwrap();
            let parsed = HeCapabilitiesRepr::parse(&Elements::new(&v).get::<HeCapabilities>().unwrap().unwrap()).unwrap();
            prop_assert_eq!((parsed.mcs_160, parsed.mcs_80p80), (m160, m8080));
            let mut again = Vec::new();
            push_element(&mut again, &parsed).unwrap();
            prop_assert_eq!(again, v);
        }

        #[test]
        fn operation_round_trip(
            params in any::<u32>(), color in any::<u8>(), basic in any::<u16>(),
            vht in proptest::option::of(any::<[u8; 3]>()), cohost in proptest::option::of(any::<u8>()),
            six in proptest::option::of(any::<[u8; 5]>()),
        ) {
            let op = HeOperation {
                params: HeOpParams(params),
                bss_color: BssColorInfo(color),
                basic_mcs_nss: HeMcsMap(basic),
                vht_op_info: vht.map(|b| HeVhtOpInfo {
                    channel_width: VhtChannelWidth::from(b[0]), center_freq_seg0: b[1], center_freq_seg1: b[2],
                }),
                max_cohosted_bssid_indicator: cohost,
                six_ghz_op_info: six.map(|b| SixGhzOpInfo {
                    primary_channel: b[0], control: b[1], center_freq_seg0: b[2], center_freq_seg1: b[3], min_rate: b[4],
                }),
            };
            let mut v = Vec::new();
            push_element(&mut v, &op).unwrap();
            let parsed = Elements::new(&v).get::<HeOperation>().unwrap().unwrap();
            prop_assert_eq!(parsed, HeOperation { params: op.params_for_emit(), ..op });
            let mut again = Vec::new();
            push_element(&mut again, &parsed).unwrap();
            prop_assert_eq!(again, v);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=254), nss in any::<u8>()) {
            if let Ok(c) = HeCapabilities::from_body(&bytes) {
                let _ = (c.mac.max_ampdu_len_exponent_ext(), c.phy.mcs_nss_len(), c.mcs_80.rx.max_mcs(nss));
                let mut v = Vec::new();
                push_element(&mut v, &c).unwrap();
                prop_assert_eq!(&v[3..], &bytes[..]);
            }
            if let Ok(o) = HeOperation::from_body(&bytes) {
                let _ = (o.params.txop_duration_rts_threshold(), o.bss_color.partial(), o.basic_mcs_nss.max_nss());
                let mut v = Vec::new();
                push_element(&mut v, &o).unwrap();
                prop_assert_eq!(&v[3..], &bytes[..]);
            }
        }
    }
}
