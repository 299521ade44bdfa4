//! The WMM Information and WMM Parameter elements (Wi-Fi Alliance WMM specification 2.2.1 and
//! 2.2.2), vendor elements under OUI 00-50-F2 with type 2.
//!
//! After OUI and type come an OUI Subtype (0 Information, 1 Parameter, 2 TSPEC), a Version (1)
//! and the QoS Info octet. The Information element stops there (7 octets in all). The Parameter
//! element adds a reserved octet and four AC Parameter Records, best effort, background, video
//! and voice in that order, each ACI/AIFSN (1), ECWmin/ECWmax (1) and TXOP Limit (u16, units
//! of 32 µs): 24 octets in all. Other lengths are [`ErrorKind::BadLength`]. The records have
//! the layout of 802.11's EDCA Parameter Set (9.4.2.28), which WMM predates.
//!
//! [`WmmInfo`] and [`WmmParam`] are small `Copy` types that read and write themselves and match
//! on OUI, type and subtype, so `Elements::get::<WmmParam>()` skips a WMM Information element.

use super::cursor::{Reader, Writer};
use super::suite::OUI_MICROSOFT;
use super::vendor::{VENDOR_TYPE_WMM, expect_vendor, vendor_payload};
use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::macros::open_enum;
use crate::wire::{Error, ErrorKind, Result};

open_enum! {
    /// WMM OUI Subtype.
    pub enum WmmSubtype(u8) {
        /// WMM Information element.
        Information = 0 => "WMM Information",
        /// WMM Parameter element.
        Parameter = 1 => "WMM Parameter",
        /// WMM TSPEC element.
        Tspec = 2 => "WMM TSPEC",
    }
}

open_enum! {
    /// Access category index (ACI) of an AC Parameter Record.
    pub enum WmmAci(u8) {
        /// Best effort (AC_BE).
        BestEffort = 0 => "AC_BE",
        /// Background (AC_BK).
        Background = 1 => "AC_BK",
        /// Video (AC_VI).
        Video = 2 => "AC_VI",
        /// Voice (AC_VO).
        Voice = 3 => "AC_VO",
    }
}

/// The only WMM version defined.
pub const WMM_VERSION: u8 = 1;

/// QoS Info octet. Its meaning depends on the sender: an AP sends a parameter set count and its
/// U-APSD support, a non-AP STA its per-AC U-APSD flags and Max SP Length.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct WmmQosInfo(pub u8);

impl WmmQosInfo {
    /// (AP) Parameter Set Count, bits 0-3: bumped whenever the AP changes its parameters.
    pub fn ap_param_set_count(self) -> u8 {
        self.0 & 0x0f
    }
    /// (AP) U-APSD supported, bit 7.
    pub fn ap_uapsd(self) -> bool {
        self.0 & 0x80 != 0
    }
    /// (STA) U-APSD flags, bits 0-3: VO, VI, BK, BE in that bit order.
    pub fn sta_uapsd_flags(self) -> u8 {
        self.0 & 0x0f
    }
    /// (STA) Max SP Length code, bits 5-6 (0 = all buffered frames, 1 = 2, 2 = 4, 3 = 6).
    pub fn sta_max_sp_len(self) -> u8 {
        (self.0 >> 5) & 3
    }
}

/// An AC Parameter Record.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct WmmAcParams {
    /// ACI/AIFSN octet: AIFSN bits 0-3, ACM bit 4, ACI bits 5-6.
    pub aci_aifsn: u8,
    /// ECWmin (bits 0-3) and ECWmax (bits 4-7).
    pub ecw: u8,
    /// TXOP limit in units of 32 µs (0: one MSDU per TXOP).
    pub txop_limit: u16,
}

impl WmmAcParams {
    /// AIFSN.
    pub fn aifsn(&self) -> u8 {
        self.aci_aifsn & 0x0f
    }
    /// Admission control mandatory.
    pub fn acm(&self) -> bool {
        self.aci_aifsn & 0x10 != 0
    }
    /// The access category this record is for.
    pub fn aci(&self) -> WmmAci {
        WmmAci::from((self.aci_aifsn >> 5) & 3)
    }
    /// ECWmin exponent.
    pub fn ecw_min(&self) -> u8 {
        self.ecw & 0x0f
    }
    /// ECWmax exponent.
    pub fn ecw_max(&self) -> u8 {
        self.ecw >> 4
    }
    /// CWmin in slots: 2^ECWmin - 1.
    pub fn cw_min(&self) -> u16 {
        (1u16 << self.ecw_min()) - 1
    }
    /// CWmax in slots: 2^ECWmax - 1.
    pub fn cw_max(&self) -> u16 {
        (1u16 << self.ecw_max()) - 1
    }
    /// TXOP limit in microseconds.
    pub fn txop_limit_us(&self) -> u32 {
        u32::from(self.txop_limit) * 32
    }
}

#[inline]
fn wmm_payload<'a>(element: &Element<'a>, subtype: WmmSubtype) -> Option<&'a [u8]> {
    vendor_payload(element, OUI_MICROSOFT, VENDOR_TYPE_WMM).filter(|p| p.first() == Some(&subtype.value()))
}

#[inline]
fn exact(payload: &[u8], len: usize, field: &'static str) -> Result<()> {
    if payload.len() == len { Ok(()) } else { Err(Error::new(ErrorKind::BadLength, field)) }
}

/// A WMM Information element.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct WmmInfo {
    /// WMM version (1).
    pub version: u8,
    /// QoS Info.
    pub qos_info: WmmQosInfo,
}

impl WmmInfo {
    /// Reads the content after OUI and type (subtype, version, QoS Info: exactly 3 octets).
    #[inline]
    pub fn from_payload(payload: &[u8]) -> Result<WmmInfo> {
        exact(payload, 3, "WMM Information length")?;
        let mut r = Reader::new(payload);
        if r.u8("WMM subtype")? != WmmSubtype::Information.value() {
            return Err(Error::new(ErrorKind::BadValue, "WMM subtype"));
        }
        Ok(WmmInfo { version: r.u8("WMM version")?, qos_info: WmmQosInfo(r.u8("WMM QoS info")?) })
    }
}

impl<'a> ElementType<'a> for WmmInfo {
    const ID: ElementId = ElementId::VendorSpecific;

    #[inline]
    fn matches(element: &Element<'a>) -> bool {
        wmm_payload(element, WmmSubtype::Information).is_some()
    }

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        WmmInfo::from_payload(expect_vendor(&element, OUI_MICROSOFT, VENDOR_TYPE_WMM, "WMM OUI and type")?)
    }
}

impl EmitElement for WmmInfo {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::VendorSpecific
    }
    #[inline]
    fn body_len(&self) -> usize {
        7
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        Writer::new(buf)
            .bytes(&OUI_MICROSOFT)
            .u8(VENDOR_TYPE_WMM)
            .u8(WmmSubtype::Information.value())
            .u8(self.version)
            .u8(self.qos_info.0);
    }
}

/// A WMM Parameter element.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct WmmParam {
    /// WMM version (1).
    pub version: u8,
    /// QoS Info.
    pub qos_info: WmmQosInfo,
    /// Reserved octet, kept as read.
    pub reserved: u8,
    /// AC Parameter Records in wire order: AC_BE, AC_BK, AC_VI, AC_VO.
    pub ac: [WmmAcParams; 4],
}

impl WmmParam {
    /// hostapd's and the WMM specification's default AP parameters (for 802.11a/g/n PHYs).
    pub fn ap_default() -> WmmParam {
        let rec = |aci: u8, aifsn: u8, ecw: u8, txop_limit| WmmAcParams {
            aci_aifsn: aci << 5 | aifsn,
            ecw,
            txop_limit,
        };
        WmmParam {
            version: WMM_VERSION,
            qos_info: WmmQosInfo(0),
            reserved: 0,
            ac: [rec(0, 3, 0xa4, 0), rec(1, 7, 0xa4, 0), rec(2, 2, 0x43, 94), rec(3, 2, 0x32, 47)],
        }
    }

    /// Reads the content after OUI and type (20 octets).
    #[inline]
    pub fn from_payload(payload: &[u8]) -> Result<WmmParam> {
        exact(payload, 20, "WMM Parameter length")?;
        let mut r = Reader::new(payload);
        if r.u8("WMM subtype")? != WmmSubtype::Parameter.value() {
            return Err(Error::new(ErrorKind::BadValue, "WMM subtype"));
        }
        let mut p = WmmParam {
            version: r.u8("WMM version")?,
            qos_info: WmmQosInfo(r.u8("WMM QoS info")?),
            reserved: r.u8("WMM reserved")?,
            ac: [WmmAcParams::default(); 4],
        };
        for rec in &mut p.ac {
            *rec = WmmAcParams {
                aci_aifsn: r.u8("WMM ACI/AIFSN")?,
                ecw: r.u8("WMM ECW")?,
                txop_limit: r.le16("WMM TXOP limit")?,
            };
        }
        Ok(p)
    }

    /// The record for `aci`, found by its ACI field (records may come in any order).
    pub fn params_for(&self, aci: WmmAci) -> Option<&WmmAcParams> {
        self.ac.iter().find(|r| r.aci() == aci)
    }
}

impl<'a> ElementType<'a> for WmmParam {
    const ID: ElementId = ElementId::VendorSpecific;

    #[inline]
    fn matches(element: &Element<'a>) -> bool {
        wmm_payload(element, WmmSubtype::Parameter).is_some()
    }

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        WmmParam::from_payload(expect_vendor(&element, OUI_MICROSOFT, VENDOR_TYPE_WMM, "WMM OUI and type")?)
    }
}

impl EmitElement for WmmParam {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::VendorSpecific
    }
    #[inline]
    fn body_len(&self) -> usize {
        24
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        let mut w = Writer::new(buf);
        w.bytes(&OUI_MICROSOFT)
            .u8(VENDOR_TYPE_WMM)
            .u8(WmmSubtype::Parameter.value())
            .u8(self.version)
            .u8(self.qos_info.0)
            .u8(self.reserved);
        for r in &self.ac {
            w.u8(r.aci_aifsn).u8(r.ecw).le16(r.txop_limit);
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // aircrack-ng__capture_wds-01.cap frame 3 (beacon): WMM Parameter, U-APSD, default EDCA.
    static WDS_WMM_PARAM: [u8; 26] = [
        0xdd, 0x18, 0x00, 0x50, 0xf2, 0x02, 0x01, 0x01, 0x80, 0x00, 0x03, 0xa4, 0x00, 0x00, 0x27, 0xa4, 0x00,
        0x00, 0x42, 0x43, 0x5e, 0x00, 0x62, 0x32, 0x2f, 0x00,
    ];
    // aircrack-ng__capture_wds-01.cap frame 8: WMM Information, QoS Info 0.
    static WDS_WMM_INFO: [u8; 9] = [0xdd, 0x07, 0x00, 0x50, 0xf2, 0x02, 0x00, 0x01, 0x00];

    #[test]
    fn deconstruct_wmm_param() {
        let both = [&WDS_WMM_INFO[..], &WDS_WMM_PARAM].concat();
        let p = Elements::new(&both).get::<WmmParam>().unwrap().unwrap();
        assert_eq!(p.version, 1);
        assert!(p.qos_info.ap_uapsd());
        assert_eq!(p.qos_info.ap_param_set_count(), 0);
        let vo = p.params_for(WmmAci::Voice).unwrap();
        assert_eq!((vo.aifsn(), vo.cw_min(), vo.cw_max(), vo.txop_limit_us()), (2, 3, 7, 1504));
        let be = &p.ac[0];
        assert_eq!(
            (be.aci(), be.aifsn(), be.ecw_min(), be.ecw_max(), be.acm()),
            (WmmAci::BestEffort, 3, 4, 10, false)
        );
        assert_eq!(p.ac[1].aifsn(), 7);
        assert_eq!(p.params_for(WmmAci::Video).unwrap().txop_limit_us(), 3008);
        let info = Elements::new(&both).get::<WmmInfo>().unwrap().unwrap();
        assert_eq!((info.version, info.qos_info.sta_uapsd_flags()), (1, 0));
    }

    #[test]
    fn construct_wmm() {
        let mut v = Vec::new();
        push_element(&mut v, &WmmParam { qos_info: WmmQosInfo(0x80), ..WmmParam::ap_default() }).unwrap();
        assert_eq!(v, WDS_WMM_PARAM);
        let mut v = Vec::new();
        push_element(&mut v, &WmmInfo { version: 1, qos_info: WmmQosInfo(0) }).unwrap();
        assert_eq!(v, WDS_WMM_INFO);
    }

    #[test]
    fn wmm_lengths_and_subtypes() {
        let e = |b: &'static [u8]| Element::new(221, b);
        assert_eq!(WmmInfo::parse(e(&WDS_WMM_INFO[2..8])).unwrap_err().kind(), ErrorKind::BadLength);
        assert_eq!(WmmParam::parse(e(&WDS_WMM_PARAM[2..25])).unwrap_err().kind(), ErrorKind::BadLength);
        assert_eq!(WmmParam::parse(e(&WDS_WMM_INFO[2..])).unwrap_err().kind(), ErrorKind::BadLength);
        assert!(!WmmParam::matches(&e(&WDS_WMM_INFO[2..])) && WmmInfo::matches(&e(&WDS_WMM_INFO[2..])));
        let qi = WmmQosInfo(0x6f);
        assert_eq!((qi.sta_uapsd_flags(), qi.sta_max_sp_len()), (0x0f, 3));
    }

    proptest! {
        #[test]
        fn round_trip(v in any::<u8>(), q in any::<u8>(), res in any::<u8>(), recs in any::<[(u8, u8, u16); 4]>()) {
            let p = WmmParam {
                version: v,
                qos_info: WmmQosInfo(q),
                reserved: res,
                ac: recs.map(|(a, e, t)| WmmAcParams { aci_aifsn: a, ecw: e, txop_limit: t }),
            };
            let i = WmmInfo { version: v, qos_info: WmmQosInfo(q) };
            let mut buf = Vec::new();
            push_element(&mut buf, &p).unwrap();
            push_element(&mut buf, &i).unwrap();
            let els = Elements::new(&buf);
            prop_assert_eq!(els.get::<WmmParam>().unwrap().unwrap(), p);
            prop_assert_eq!(els.get::<WmmInfo>().unwrap().unwrap(), i);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=251)) {
            for sub in [0u8, 1] {
                let body = [&[0x00, 0x50, 0xf2, 0x02, sub][..], &bytes].concat();
                if let Ok(p) = WmmParam::parse(Element::new(221, &body)) {
                    for r in &p.ac {
                        let _ = (r.cw_min(), r.cw_max(), r.aci(), r.txop_limit_us());
                    }
                }
                let _ = WmmInfo::parse(Element::new(221, &body));
            }
        }
    }
}
