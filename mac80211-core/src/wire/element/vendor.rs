//! The Vendor Specific element (802.11-2020 9.4.2.25) and the WPA (version 1) element.
//!
//! A Vendor Specific element (ID 221) starts with an organization identifier; this module
//! handles the common 3-octet OUI form, and everything after it is the vendor's. Most vendors
//! put a type octet next. A body shorter than the OUI is [`ErrorKind::Truncated`]; a body of
//! exactly three octets is legal (an OUI with no content), although tshark calls it malformed.
//!
//! [`VendorSpecific`] matches every element with ID 221. The typed vendor elements match on
//! OUI and type instead (they override [`ElementType::matches`]), so `Elements::get::<Wpa>()`
//! skips WMM and WPS elements: [`Wpa`] here, `WmmInfo`/`WmmParam` in the `wmm` module and `Wps`
//! in the `wps` module, all under the Microsoft OUI 00-50-F2.
//!
//! The WPA element (type 1) predates RSN and has the same shape minus the PMKID list and group
//! management cipher: Version (u16, 1), multicast cipher, unicast cipher count and list, AKM
//! count and list, and in some implementations a 2-octet capabilities field. Like RSN it may end
//! after any complete field, absent fields are `None`, and octets after the capabilities are
//! kept raw.

use super::cursor::{Reader, Writer};
use super::rsn::read_selectors;
use super::suite::{AkmSuite, AkmSuiteList, CipherSuite, CipherSuiteList, OUI_MICROSOFT};
use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::{Error, ErrorKind, Result};
use core::fmt;

/// Vendor type of the WPA element under OUI 00-50-F2.
pub const VENDOR_TYPE_WPA: u8 = 1;
/// Vendor type of the WMM elements under OUI 00-50-F2.
pub const VENDOR_TYPE_WMM: u8 = 2;
/// Vendor type of the WPS element under OUI 00-50-F2.
pub const VENDOR_TYPE_WPS: u8 = 4;

/// The content after OUI and type when `element` is a vendor element with that OUI and type.
#[inline]
pub(crate) fn vendor_payload<'a>(element: &Element<'a>, oui: [u8; 3], vendor_type: u8) -> Option<&'a [u8]> {
    if element.raw_id() != ElementId::VendorSpecific.value() {
        return None;
    }
    match element.body() {
        [a, b, c, t, rest @ ..] if [*a, *b, *c] == oui && *t == vendor_type => Some(rest),
        _ => None,
    }
}

/// Like [`vendor_payload`], failing with [`ErrorKind::BadValue`] when the header differs.
#[inline]
pub(crate) fn expect_vendor<'a>(
    element: &Element<'a>,
    oui: [u8; 3],
    vendor_type: u8,
    field: &'static str,
) -> Result<&'a [u8]> {
    vendor_payload(element, oui, vendor_type).ok_or(Error::new(ErrorKind::BadValue, field))
}

/// A Vendor Specific element as found in a frame.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct VendorSpecific<'a> {
    oui: [u8; 3],
    content: &'a [u8],
}

impl<'a> VendorSpecific<'a> {
    /// Reads an element body (at least the 3-octet OUI).
    #[inline]
    pub fn from_body(body: &'a [u8]) -> Result<VendorSpecific<'a>> {
        let mut r = Reader::new(body);
        let oui = *r.array::<3>("vendor OUI")?;
        Ok(VendorSpecific { oui, content: r.rest() })
    }

    /// The organization identifier.
    #[inline]
    pub fn oui(&self) -> [u8; 3] {
        self.oui
    }

    /// Everything after the OUI (the vendor type, if any, is its first octet).
    #[inline]
    pub fn content(&self) -> &'a [u8] {
        self.content
    }

    /// The first octet after the OUI, which most vendors use as a type.
    #[inline]
    pub fn vendor_type(&self) -> Option<u8> {
        self.content.first().copied()
    }
}

impl<'a> ElementType<'a> for VendorSpecific<'a> {
    const ID: ElementId = ElementId::VendorSpecific;

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        VendorSpecific::from_body(element.body())
    }
}

impl EmitElement for VendorSpecific<'_> {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::VendorSpecific
    }
    #[inline]
    fn body_len(&self) -> usize {
        3 + self.content.len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        Writer::new(buf).bytes(&self.oui).bytes(self.content);
    }
}

impl fmt::Debug for VendorSpecific<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c] = self.oui;
        write!(
            f,
            "VendorSpecific({a:02x}-{b:02x}-{c:02x}, type {:?}, {} octets)",
            self.vendor_type(),
            self.content.len()
        )
    }
}

/// An owned Vendor Specific element.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct VendorSpecificRepr {
    /// Organization identifier.
    pub oui: [u8; 3],
    /// Everything after the OUI.
    pub content: Vec<u8>,
}

impl VendorSpecificRepr {
    /// Reads a parsed element.
    pub fn parse(v: &VendorSpecific<'_>) -> Result<VendorSpecificRepr> {
        Ok(VendorSpecificRepr { oui: v.oui, content: v.content.to_vec() })
    }

    /// Octets the body occupies.
    pub fn buffer_len(&self) -> usize {
        3 + self.content.len()
    }
}

impl EmitElement for VendorSpecificRepr {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::VendorSpecific
    }
    #[inline]
    fn body_len(&self) -> usize {
        self.buffer_len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        Writer::new(buf).bytes(&self.oui).bytes(&self.content);
    }
}

/// The only WPA version defined.
pub const WPA_VERSION: u16 = 1;

/// A WPA (version 1) element as found in a frame.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Wpa<'a> {
    payload: &'a [u8],
    multicast_cipher: Option<CipherSuite>,
    unicast: Option<CipherSuiteList<'a>>,
    akms: Option<AkmSuiteList<'a>>,
    capabilities: Option<u16>,
    trailing: &'a [u8],
}

impl<'a> Wpa<'a> {
    /// Reads the content after OUI 00-50-F2 and type 1.
    #[inline]
    pub fn from_payload(payload: &'a [u8]) -> Result<Wpa<'a>> {
        let mut r = Reader::new(payload);
        if r.le16("WPA version")? != WPA_VERSION {
            return Err(Error::new(ErrorKind::BadValue, "WPA version"));
        }
        let multicast_cipher =
            r.optional(|r| r.array::<4>("WPA multicast cipher").map(|b| CipherSuite::from_bytes(*b)))?;
        let unicast = r.optional(|r| {
            read_selectors(r, "WPA unicast cipher count", "WPA unicast cipher list")
                .map(|b| CipherSuiteList::new(b).unwrap_or_default())
        })?;
        let akms = r.optional(|r| {
            read_selectors(r, "WPA AKM count", "WPA AKM list")
                .map(|b| AkmSuiteList::new(b).unwrap_or_default())
        })?;
        let capabilities = r.optional(|r| r.le16("WPA capabilities"))?;
        Ok(Wpa { payload, multicast_cipher, unicast, akms, capabilities, trailing: r.rest() })
    }

    /// Multicast (group) cipher suite, if present.
    pub fn multicast_cipher(&self) -> Option<CipherSuite> {
        self.multicast_cipher
    }

    /// Unicast (pairwise) cipher suites, if present.
    pub fn unicast_ciphers(&self) -> Option<CipherSuiteList<'a>> {
        self.unicast
    }

    /// AKM suites, if present.
    pub fn akm_suites(&self) -> Option<AkmSuiteList<'a>> {
        self.akms
    }

    /// WPA capabilities (same bit layout as the low bits of RSN Capabilities), if present.
    pub fn capabilities(&self) -> Option<u16> {
        self.capabilities
    }

    /// Octets after the capabilities.
    pub fn trailing(&self) -> &'a [u8] {
        self.trailing
    }
}

impl<'a> ElementType<'a> for Wpa<'a> {
    const ID: ElementId = ElementId::VendorSpecific;

    #[inline]
    fn matches(element: &Element<'a>) -> bool {
        vendor_payload(element, OUI_MICROSOFT, VENDOR_TYPE_WPA).is_some()
    }

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        Wpa::from_payload(expect_vendor(&element, OUI_MICROSOFT, VENDOR_TYPE_WPA, "WPA OUI and type")?)
    }
}

impl EmitElement for Wpa<'_> {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::VendorSpecific
    }
    #[inline]
    fn body_len(&self) -> usize {
        4 + self.payload.len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        Writer::new(buf).bytes(&OUI_MICROSOFT).u8(VENDOR_TYPE_WPA).bytes(self.payload);
    }
}

/// An owned WPA element. As for [`RsnRepr`](super::RsnRepr), fields are written up to the last
/// present one, and a gap is filled with TKIP / `[TKIP]` / `[802.1X]` (WPA's defaults).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct WpaRepr {
    /// Multicast cipher suite.
    pub multicast_cipher: Option<CipherSuite>,
    /// Unicast cipher suites.
    pub unicast_ciphers: Option<Vec<CipherSuite>>,
    /// AKM suites.
    pub akm_suites: Option<Vec<AkmSuite>>,
    /// Capabilities.
    pub capabilities: Option<u16>,
    /// Octets after the capabilities.
    pub trailing: Vec<u8>,
}

impl WpaRepr {
    /// WPA-PSK with TKIP, the usual legacy configuration.
    pub fn psk_tkip() -> WpaRepr {
        WpaRepr {
            multicast_cipher: Some(CipherSuite::WpaTkip),
            unicast_ciphers: Some(vec![CipherSuite::WpaTkip]),
            akm_suites: Some(vec![AkmSuite::WpaPsk]),
            ..WpaRepr::default()
        }
    }

    /// Reads a parsed element.
    pub fn parse(w: &Wpa<'_>) -> Result<WpaRepr> {
        Ok(WpaRepr {
            multicast_cipher: w.multicast_cipher,
            unicast_ciphers: w.unicast.map(|l| l.iter().collect()),
            akm_suites: w.akms.map(|l| l.iter().collect()),
            capabilities: w.capabilities,
            trailing: w.trailing.to_vec(),
        })
    }

    fn depth(&self) -> usize {
        if self.capabilities.is_some() || !self.trailing.is_empty() {
            4
        } else if self.akm_suites.is_some() {
            3
        } else if self.unicast_ciphers.is_some() {
            2
        } else {
            usize::from(self.multicast_cipher.is_some())
        }
    }

    /// Octets the body occupies (OUI and type included).
    pub fn buffer_len(&self) -> usize {
        let d = self.depth();
        let list = |n: Option<usize>| 2 + 4 * n.unwrap_or(1);
        let mut len = 4 + 2;
        len += if d >= 1 { 4 } else { 0 };
        len += if d >= 2 { list(self.unicast_ciphers.as_ref().map(Vec::len)) } else { 0 };
        len += if d >= 3 { list(self.akm_suites.as_ref().map(Vec::len)) } else { 0 };
        len + if d >= 4 { 2 + self.trailing.len() } else { 0 }
    }
}

impl EmitElement for WpaRepr {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::VendorSpecific
    }
    #[inline]
    fn body_len(&self) -> usize {
        self.buffer_len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        let d = self.depth();
        let mut w = Writer::new(buf);
        w.bytes(&OUI_MICROSOFT).u8(VENDOR_TYPE_WPA).le16(WPA_VERSION);
        if d >= 1 {
            w.bytes(&self.multicast_cipher.unwrap_or(CipherSuite::WpaTkip).to_bytes());
        }
        if d >= 2 {
            let list = self.unicast_ciphers.as_deref().unwrap_or(&[CipherSuite::WpaTkip]);
            w.le16(list.len() as u16);
            for s in list {
                w.bytes(&s.to_bytes());
            }
        }
        if d >= 3 {
            let list = self.akm_suites.as_deref().unwrap_or(&[AkmSuite::WpaIeee8021x]);
            w.le16(list.len() as u16);
            for s in list {
                w.bytes(&s.to_bytes());
            }
        }
        if d >= 4 {
            w.le16(self.capabilities.unwrap_or(0)).bytes(&self.trailing);
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // aircrack-ng__wps2.0.pcap frame 1 (beacon): WPA with CCMP/CCMP/PSK, then a Broadcom
    // vendor element (00-90-4C type 0x34) and WMM, WPS elements elsewhere.
    static WPS20_WPA: [u8; 24] = [
        0xdd, 0x16, 0x00, 0x50, 0xf2, 0x01, 0x01, 0x00, 0x00, 0x50, 0xf2, 0x04, 0x01, 0x00, 0x00, 0x50, 0xf2,
        0x04, 0x01, 0x00, 0x00, 0x50, 0xf2, 0x02,
    ];
    // aircrack-ng__wpa-psk-linksys.cap frame 15: TKIP/TKIP/PSK with capabilities 0x002a.
    static LINKSYS_WPA: [u8; 26] = [
        0xdd, 0x18, 0x00, 0x50, 0xf2, 0x01, 0x01, 0x00, 0x00, 0x50, 0xf2, 0x02, 0x01, 0x00, 0x00, 0x50, 0xf2,
        0x02, 0x01, 0x00, 0x00, 0x50, 0xf2, 0x02, 0x2a, 0x00,
    ];

    #[test]
    fn deconstruct_wpa() {
        let els = [&[0xdd, 0x06, 0x00, 0xe0, 0x4c, 0x02, 0x01, 0x60][..], &WPS20_WPA].concat();
        let els = Elements::new(&els);
        let w = els.get::<Wpa>().unwrap().unwrap();
        assert_eq!(w.multicast_cipher(), Some(CipherSuite::WpaCcmp));
        assert_eq!(w.unicast_ciphers().unwrap().iter().collect::<Vec<_>>(), [CipherSuite::WpaCcmp]);
        assert_eq!(
            w.akm_suites().unwrap().iter().map(AkmSuite::to_selector_string).collect::<Vec<_>>(),
            ["00-50-f2:2"]
        );
        assert_eq!(w.capabilities(), None);
        let first = els.get::<VendorSpecific>().unwrap().unwrap();
        assert_eq!((first.oui(), first.vendor_type()), ([0x00, 0xe0, 0x4c], Some(2)));
        assert_eq!(els.get_all::<VendorSpecific>().count(), 2);
    }

    #[test]
    fn construct_wpa() {
        let mut v = Vec::new();
        push_element(&mut v, &WpaRepr { capabilities: Some(0x2a), ..WpaRepr::psk_tkip() }).unwrap();
        assert_eq!(v, LINKSYS_WPA);
        let w = Elements::new(&WPS20_WPA).get::<Wpa>().unwrap().unwrap();
        let mut v = Vec::new();
        push_element(&mut v, &WpaRepr::parse(&w).unwrap()).unwrap();
        assert_eq!(v, WPS20_WPA);
    }

    #[test]
    fn vendor_lengths() {
        let oui_only = VendorSpecific::from_body(&[0x00, 0x50, 0xf2]).unwrap();
        assert_eq!((oui_only.vendor_type(), oui_only.content().len()), (None, 0));
        assert_eq!(VendorSpecific::from_body(&[0x00, 0x50]).unwrap_err().kind(), ErrorKind::Truncated);
        // A WPA element cut inside the unicast list, and one with version 2.
        let cut = Element::new(221, &WPS20_WPA[2..16]);
        assert_eq!(Wpa::parse(cut).unwrap_err().kind(), ErrorKind::Truncated);
        let v2 = [0x00, 0x50, 0xf2, 0x01, 0x02, 0x00];
        assert_eq!(Wpa::parse(Element::new(221, &v2)).unwrap_err().kind(), ErrorKind::BadValue);
        assert_eq!(Wpa::parse(Element::new(221, &v2[..3])).unwrap_err().kind(), ErrorKind::BadValue);
        assert!(!Wpa::matches(&Element::new(221, &[0x00, 0x50, 0xf2, 0x02, 0x01])));
        assert!(!Wpa::matches(&Element::new(48, &WPS20_WPA[2..])));
        let early = Wpa::from_payload(&[0x01, 0x00, 0x00, 0x50, 0xf2, 0x02]).unwrap();
        assert_eq!((early.multicast_cipher(), early.unicast_ciphers()), (Some(CipherSuite::WpaTkip), None));
    }

    fn wpa_repr() -> impl Strategy<Value = WpaRepr> {
        let cipher = any::<u32>().prop_map(CipherSuite::from);
        (
            0..=5usize,
            cipher.clone(),
            proptest::collection::vec(cipher, 0..6),
            proptest::collection::vec(any::<u32>().prop_map(AkmSuite::from), 0..6),
            any::<u16>(),
            proptest::collection::vec(any::<u8>(), 1..8),
        )
            .prop_map(|(d, m, u, a, c, t)| WpaRepr {
                multicast_cipher: (d >= 1).then_some(m),
                unicast_ciphers: (d >= 2).then_some(u),
                akm_suites: (d >= 3).then_some(a),
                capabilities: (d >= 4).then_some(c),
                trailing: if d >= 5 { t } else { Vec::new() },
            })
    }

    proptest! {
        #[test]
        fn wpa_round_trip(repr in wpa_repr()) {
            let mut v = Vec::new();
            push_element(&mut v, &repr).unwrap();
            let w = Elements::new(&v).get::<Wpa>().unwrap().unwrap();
            let parsed = WpaRepr::parse(&w).unwrap();
            prop_assert_eq!(&parsed, &repr);
            let mut again = Vec::new();
            push_element(&mut again, &w).unwrap();
            prop_assert_eq!(again, v);
        }

        #[test]
        fn vendor_round_trip(oui in any::<[u8; 3]>(), content in proptest::collection::vec(any::<u8>(), 0..=252)) {
            let repr = VendorSpecificRepr { oui, content };
            let mut v = Vec::new();
            push_element(&mut v, &repr).unwrap();
            let got = Elements::new(&v).get::<VendorSpecific>().unwrap().unwrap();
            prop_assert_eq!(VendorSpecificRepr::parse(&got).unwrap(), repr);
            let mut again = Vec::new();
            push_element(&mut again, &got).unwrap();
            prop_assert_eq!(again, v);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=251)) {
            // A WPA header and version in front, so that most inputs reach the suite lists.
            let body = [&[0x00, 0x50, 0xf2, 0x01, 0x01, 0x00][..], &bytes[..bytes.len().min(249)]].concat();
            for b in [&bytes[..], &body[..]] {
                let e = Element::new(221, b);
                if let Ok(v) = VendorSpecific::parse(e) {
                    let _ = (format!("{v:?}"), v.vendor_type());
                }
                if let Ok(w) = Wpa::parse(e) {
                    let _ = (w.unicast_ciphers().map(|l| l.len()), w.akm_suites().map(|l| l.iter().count()));
                    let mut v = Vec::new();
                    push_element(&mut v, &WpaRepr::parse(&w).unwrap()).unwrap();
                    prop_assert_eq!(&v[2..], b);
                }
            }
        }
    }
}
