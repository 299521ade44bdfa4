//! The Wi-Fi Protected Setup element (Wi-Fi Simple Configuration Technical Specification 2.0,
//! section 12), a vendor element under OUI 00-50-F2 with type 4.
//!
//! After OUI and type the body is a run of attributes, each Type (u16, big-endian), Length
//! (u16, big-endian) and Value. Unlike everything else in 802.11 these are big-endian.
//! [`WpsAttrIter`] walks them lazily and yields `Result`, stopping after the first attribute
//! whose length runs past the end, so it never panics and never loops. Typed lookups
//! ([`Wps::version`], [`Wps::wps_state`], [`Wps::device_name`], [`Wps::uuid_e`]) return `None`
//! when the attribute is absent and `Some(Err)` when it is malformed or the walk breaks first.
//!
//! A long WPS body may be split over several consecutive vendor elements, with an attribute
//! cut at the boundary; this module reads one element, where such a cut shows up as a
//! truncated last attribute. [`WpsRepr`] owns a fully valid attribute list.

use super::cursor::Writer;
use super::suite::OUI_MICROSOFT;
use super::vendor::{VENDOR_TYPE_WPS, expect_vendor, vendor_payload};
use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::macros::open_enum;
use crate::wire::{Error, ErrorKind, Result};
use core::fmt;

open_enum! {
    /// WPS attribute type (WSC 2.0 section 12; the ones commonly found in beacons and probes).
    pub enum WpsAttrType(u16) {
        /// Association State.
        AssociationState = 0x1002 => "Association State",
        /// Config Methods.
        ConfigMethods = 0x1008 => "Config Methods",
        /// Configuration Error.
        ConfigurationError = 0x1009 => "Configuration Error",
        /// Device Name.
        DeviceName = 0x1011 => "Device Name",
        /// Device Password ID.
        DevicePasswordId = 0x1012 => "Device Password ID",
        /// Manufacturer.
        Manufacturer = 0x1021 => "Manufacturer",
        /// Model Name.
        ModelName = 0x1023 => "Model Name",
        /// Model Number.
        ModelNumber = 0x1024 => "Model Number",
        /// Request Type.
        RequestType = 0x103A => "Request Type",
        /// Response Type.
        ResponseType = 0x103B => "Response Type",
        /// RF Bands.
        RfBands = 0x103C => "RF Bands",
        /// Selected Registrar.
        SelectedRegistrar = 0x1041 => "Selected Registrar",
        /// Serial Number.
        SerialNumber = 0x1042 => "Serial Number",
        /// Wi-Fi Protected Setup State.
        WpsState = 0x1044 => "Wi-Fi Protected Setup State",
        /// UUID-E (enrollee).
        UuidE = 0x1047 => "UUID-E",
        /// UUID-R (registrar).
        UuidR = 0x1048 => "UUID-R",
        /// Vendor Extension (carries the WFA Version2 subelement).
        VendorExtension = 0x1049 => "Vendor Extension",
        /// Version (deprecated in 2.0, always 0x10).
        Version = 0x104A => "Version",
        /// Selected Registrar Config Methods.
        SelectedRegistrarConfigMethods = 0x1053 => "Selected Registrar Config Methods",
        /// Primary Device Type.
        PrimaryDeviceType = 0x1054 => "Primary Device Type",
        /// AP Setup Locked.
        ApSetupLocked = 0x1057 => "AP Setup Locked",
    }
}

open_enum! {
    /// Wi-Fi Protected Setup State value.
    pub enum WpsState(u8) {
        /// Not configured.
        NotConfigured = 1 => "Not configured",
        /// Configured.
        Configured = 2 => "Configured",
    }
}

/// One attribute as found in a WPS element.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct WpsAttribute<'a> {
    /// Attribute type.
    pub attr_type: WpsAttrType,
    /// Attribute value.
    pub value: &'a [u8],
}

/// Iterates over WPS attributes; yields at most one error, then stops.
#[derive(Clone, Debug)]
pub struct WpsAttrIter<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for WpsAttrIter<'a> {
    type Item = Result<WpsAttribute<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let Some(([t0, t1, l0, l1], tail)) = self.rest.split_first_chunk::<4>() else {
            self.rest = &[];
            return Some(Err(Error::new(ErrorKind::Truncated, "WPS attribute header")));
        };
        let len = usize::from(u16::from_be_bytes([*l0, *l1]));
        if len > tail.len() {
            self.rest = &[];
            return Some(Err(Error::new(ErrorKind::Truncated, "WPS attribute value")));
        }
        let (value, after) = tail.split_at(len);
        self.rest = after;
        Some(Ok(WpsAttribute { attr_type: WpsAttrType::from(u16::from_be_bytes([*t0, *t1])), value }))
    }
}

impl core::iter::FusedIterator for WpsAttrIter<'_> {}

/// A WPS element as found in a frame.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Wps<'a> {
    attrs: &'a [u8],
}

impl<'a> Wps<'a> {
    /// Wraps the attribute octets after OUI and type. Nothing is checked until iteration.
    #[inline]
    pub fn from_payload(attrs: &'a [u8]) -> Wps<'a> {
        Wps { attrs }
    }

    /// The attribute octets.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.attrs
    }

    /// Iterates over the attributes.
    pub fn attributes(&self) -> WpsAttrIter<'a> {
        WpsAttrIter { rest: self.attrs }
    }

    /// The value of the first attribute of type `t`.
    pub fn get(&self, t: WpsAttrType) -> Option<Result<&'a [u8]>> {
        self.attributes().find_map(|a| match a {
            Ok(a) if a.attr_type == t => Some(Ok(a.value)),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
    }

    fn get_array<const N: usize>(&self, t: WpsAttrType, field: &'static str) -> Option<Result<&'a [u8; N]>> {
        self.get(t).map(|v| v.and_then(|v| v.try_into().map_err(|_| Error::new(ErrorKind::BadLength, field))))
    }

    /// Version attribute (0x10 for every WPS 1.0 and 2.0 device).
    pub fn version(&self) -> Option<Result<u8>> {
        self.get_array::<1>(WpsAttrType::Version, "WPS version").map(|r| r.map(|a| a[0]))
    }

    /// Wi-Fi Protected Setup State.
    pub fn wps_state(&self) -> Option<Result<WpsState>> {
        self.get_array::<1>(WpsAttrType::WpsState, "WPS state").map(|r| r.map(|a| WpsState::from(a[0])))
    }

    /// Device Name (UTF-8 by specification, but not checked).
    pub fn device_name(&self) -> Option<Result<&'a [u8]>> {
        self.get(WpsAttrType::DeviceName)
    }

    /// UUID-E, 16 octets.
    pub fn uuid_e(&self) -> Option<Result<&'a [u8; 16]>> {
        self.get_array::<16>(WpsAttrType::UuidE, "WPS UUID-E")
    }
}

impl<'a> ElementType<'a> for Wps<'a> {
    const ID: ElementId = ElementId::VendorSpecific;

    #[inline]
    fn matches(element: &Element<'a>) -> bool {
        vendor_payload(element, OUI_MICROSOFT, VENDOR_TYPE_WPS).is_some()
    }

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        expect_vendor(&element, OUI_MICROSOFT, VENDOR_TYPE_WPS, "WPS OUI and type").map(Wps::from_payload)
    }
}

impl EmitElement for Wps<'_> {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::VendorSpecific
    }
    #[inline]
    fn body_len(&self) -> usize {
        4 + self.attrs.len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        Writer::new(buf).bytes(&OUI_MICROSOFT).u8(VENDOR_TYPE_WPS).bytes(self.attrs);
    }
}

impl fmt::Debug for Wps<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.attributes()).finish()
    }
}

/// An owned WPS attribute.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct WpsAttributeRepr {
    /// Attribute type.
    pub attr_type: WpsAttrType,
    /// Attribute value (at most 65535 octets; the element limits it far more).
    pub value: Vec<u8>,
}

/// An owned WPS element: a valid attribute list.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct WpsRepr {
    /// Attributes in order.
    pub attributes: Vec<WpsAttributeRepr>,
}

impl WpsRepr {
    /// Reads a parsed element; fails if any attribute is malformed.
    pub fn parse(wps: &Wps<'_>) -> Result<WpsRepr> {
        let attributes = wps
            .attributes()
            .map(|a| a.map(|a| WpsAttributeRepr { attr_type: a.attr_type, value: a.value.to_vec() }))
            .collect::<Result<Vec<_>>>()?;
        Ok(WpsRepr { attributes })
    }

    /// Octets the body occupies (OUI and type included).
    pub fn buffer_len(&self) -> usize {
        4 + self.attributes.iter().map(|a| 4 + a.value.len()).sum::<usize>()
    }
}

impl EmitElement for WpsRepr {
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
        let mut w = Writer::new(buf);
        w.bytes(&OUI_MICROSOFT).u8(VENDOR_TYPE_WPS);
        for a in &self.attributes {
            w.bytes(&a.attr_type.value().to_be_bytes())
                .bytes(&(a.value.len() as u16).to_be_bytes())
                .bytes(&a.value);
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // aircrack-ng__test1.pcap frame 19 (probe response): WPS with Device Name "FBox".
    static FBOX_WPS: [u8; 113] = [
        0xdd, 0x6f, 0x00, 0x50, 0xf2, 0x04, 0x10, 0x4a, 0x00, 0x01, 0x10, 0x10, 0x44, 0x00, 0x01, 0x02, 0x10,
        0x3b, 0x00, 0x01, 0x03, 0x10, 0x47, 0x00, 0x10, 0xd5, 0x6c, 0x63, 0x68, 0xb0, 0x16, 0xf7, 0xc3, 0x09,
        0x22, 0x34, 0x81, 0xc4, 0xe7, 0x99, 0x1b, 0x10, 0x21, 0x00, 0x03, 0x41, 0x56, 0x4d, 0x10, 0x23, 0x00,
        0x04, 0x46, 0x42, 0x6f, 0x78, 0x10, 0x24, 0x00, 0x04, 0x30, 0x30, 0x30, 0x30, 0x10, 0x42, 0x00, 0x04,
        0x30, 0x30, 0x30, 0x30, 0x10, 0x54, 0x00, 0x08, 0x00, 0x06, 0x00, 0x50, 0xf2, 0x04, 0x00, 0x01, 0x10,
        0x11, 0x00, 0x04, 0x46, 0x42, 0x6f, 0x78, 0x10, 0x08, 0x00, 0x02, 0x23, 0x88, 0x10, 0x3c, 0x00, 0x01,
        0x01, 0x10, 0x49, 0x00, 0x06, 0x00, 0x37, 0x2a, 0x00, 0x01, 0x20,
    ];
    // aircrack-ng__wps2.0.pcap frame 1 (beacon): Version, State, Vendor Extension (Version2 2.0).
    static WPS20: [u8; 26] = [
        0xdd, 0x18, 0x00, 0x50, 0xf2, 0x04, 0x10, 0x4a, 0x00, 0x01, 0x10, 0x10, 0x44, 0x00, 0x01, 0x02, 0x10,
        0x49, 0x00, 0x06, 0x00, 0x37, 0x2a, 0x00, 0x01, 0x20,
    ];

    #[test]
    fn deconstruct_wps() {
        let w = Elements::new(&FBOX_WPS).get::<Wps>().unwrap().unwrap();
        assert_eq!(w.version().unwrap().unwrap(), 0x10);
        assert_eq!(w.wps_state().unwrap().unwrap(), WpsState::Configured);
        assert_eq!(w.device_name().unwrap().unwrap(), b"FBox");
        assert_eq!(w.uuid_e().unwrap().unwrap()[..2], [0xd5, 0x6c]);
        assert_eq!(w.get(WpsAttrType::Manufacturer).unwrap().unwrap(), b"AVM");
        assert!(w.get(WpsAttrType::UuidR).is_none());
        let types: Vec<_> = w.attributes().map(|a| a.unwrap().attr_type).collect();
        assert_eq!(types.len(), 13);
        assert_eq!(types[12], WpsAttrType::VendorExtension);
        let w2 = Elements::new(&WPS20).get::<Wps>().unwrap().unwrap();
        assert_eq!((w2.device_name(), w2.uuid_e()), (None, None));
    }

    #[test]
    fn construct_wps() {
        for bytes in [&FBOX_WPS[..], &WPS20[..]] {
            let repr = WpsRepr::parse(&Elements::new(bytes).get::<Wps>().unwrap().unwrap()).unwrap();
            let mut v = Vec::new();
            push_element(&mut v, &repr).unwrap();
            assert_eq!(v, bytes);
        }
    }

    #[test]
    fn broken_attributes() {
        // Cut inside the UUID-E value: the walk yields the first attributes, then one error.
        let w = Wps::from_payload(&FBOX_WPS[6..30]);
        let got: Vec<_> = w.attributes().collect();
        assert_eq!(got.len(), 4);
        assert_eq!(got[3].unwrap_err().kind(), ErrorKind::Truncated);
        assert_eq!(w.uuid_e().unwrap().unwrap_err().kind(), ErrorKind::Truncated);
        assert_eq!(w.device_name().unwrap().unwrap_err().kind(), ErrorKind::Truncated);
        assert!(WpsRepr::parse(&w).is_err());
        assert_eq!(
            Wps::from_payload(&[0x10]).attributes().next().unwrap().unwrap_err().kind(),
            ErrorKind::Truncated
        );
        // A Version attribute of the wrong length.
        let bad = Wps::from_payload(&[0x10, 0x4a, 0x00, 0x02, 0x10, 0x00]);
        assert_eq!(bad.version().unwrap().unwrap_err().kind(), ErrorKind::BadLength);
        assert!(!Wps::matches(&Element::new(221, &WPS20[2..5])));
        assert_eq!(Wps::parse(Element::new(221, &WPS20[2..5])).unwrap_err().kind(), ErrorKind::BadValue);
    }

    fn attr() -> impl Strategy<Value = WpsAttributeRepr> {
        (any::<u16>(), proptest::collection::vec(any::<u8>(), 0..24))
            .prop_map(|(t, value)| WpsAttributeRepr { attr_type: WpsAttrType::from(t), value })
    }

    proptest! {
        #[test]
        fn round_trip(attributes in proptest::collection::vec(attr(), 0..9)) {
            let repr = WpsRepr { attributes };
            let mut v = Vec::new();
            push_element(&mut v, &repr).unwrap();
            let w = Elements::new(&v).get::<Wps>().unwrap().unwrap();
            prop_assert_eq!(&WpsRepr::parse(&w).unwrap(), &repr);
            let mut again = Vec::new();
            push_element(&mut again, &w).unwrap();
            prop_assert_eq!(again, v);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=251)) {
            let body = [&[0x00, 0x50, 0xf2, 0x04][..], &bytes].concat();
            if let Ok(w) = Wps::parse(Element::new(221, &body)) {
                prop_assert!(w.attributes().filter(|a| a.is_err()).count() <= 1);
                let _ = (w.version(), w.wps_state(), w.device_name(), w.uuid_e(), format!("{w:?}"));
                let _ = WpsRepr::parse(&w);
            }
        }
    }
}
