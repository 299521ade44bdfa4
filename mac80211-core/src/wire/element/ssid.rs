//! The SSID element (802.11-2020 9.4.2.2).
//!
//! The body is 0 to 32 octets of opaque data: an SSID is not text, although it is usually
//! UTF-8 (the SSID Encoding bit of Extended Capabilities only hints at it). A zero-length SSID
//! is the wildcard SSID in a probe request and a hidden network in a beacon. Longer bodies are
//! [`ErrorKind::BadLength`].
//!
//! [`Ssid`] borrows the body; [`SsidRepr`] is an owned, fixed-size copy for configuration and
//! tables, with no allocation. Both write themselves. The Mesh ID (9.4.2.97) follows the same
//! rules and reuses [`SsidRepr`] (see the `mesh` module).

use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::{Error, ErrorKind, Result};
use core::fmt;

/// Longest SSID, in octets.
pub const SSID_MAX_LEN: usize = 32;

/// Checks the 0..=32 octet rule shared by SSID and Mesh ID.
#[inline]
pub(crate) fn check_ssid_len(body: &[u8], field: &'static str) -> Result<()> {
    if body.len() > SSID_MAX_LEN { Err(Error::new(ErrorKind::BadLength, field)) } else { Ok(()) }
}

/// An SSID element as found in a frame.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ssid<'a> {
    bytes: &'a [u8],
}

impl<'a> Ssid<'a> {
    /// Wraps SSID octets, checking the 32-octet limit.
    #[inline]
    pub fn new(bytes: &'a [u8]) -> Result<Ssid<'a>> {
        check_ssid_len(bytes, "SSID")?;
        Ok(Ssid { bytes })
    }

    /// The SSID octets.
    #[inline]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The SSID as UTF-8 text, when it is valid UTF-8.
    pub fn as_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.bytes).ok()
    }

    /// True for the zero-length (wildcard or hidden) SSID.
    #[inline]
    pub fn is_wildcard(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl<'a> ElementType<'a> for Ssid<'a> {
    const ID: ElementId = ElementId::Ssid;

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        Ssid::new(element.body())
    }
}

impl EmitElement for Ssid<'_> {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::Ssid
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

impl fmt::Debug for Ssid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_ssid(f, "Ssid", self.bytes)
    }
}

/// Prints text SSIDs quoted and anything else as hex.
pub(crate) fn write_ssid(f: &mut fmt::Formatter<'_>, name: &str, bytes: &[u8]) -> fmt::Result {
    match core::str::from_utf8(bytes) {
        Ok(s) => write!(f, "{name}({s:?})"),
        Err(_) => {
            write!(f, "{name}(hex:")?;
            bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))?;
            f.write_str(")")
        }
    }
}

/// An owned SSID of up to 32 octets, stored inline.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SsidRepr {
    // Unused octets stay zero so the derived comparisons only see the SSID.
    len: u8,
    bytes: [u8; SSID_MAX_LEN],
}

impl SsidRepr {
    /// Copies SSID octets, checking the 32-octet limit.
    #[inline]
    pub fn new(bytes: &[u8]) -> Result<SsidRepr> {
        check_ssid_len(bytes, "SSID")?;
        let mut out = SsidRepr::default();
        out.bytes[..bytes.len()].copy_from_slice(bytes);
        // The check above bounds the length by 32.
        out.len = bytes.len() as u8;
        Ok(out)
    }

    /// Reads a parsed SSID element.
    pub fn parse(ssid: &Ssid<'_>) -> Result<SsidRepr> {
        SsidRepr::new(ssid.as_bytes())
    }

    /// The SSID octets.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// A borrowed view of this SSID.
    pub fn as_ssid(&self) -> Ssid<'_> {
        Ssid { bytes: self.as_bytes() }
    }

    /// True for the zero-length (wildcard) SSID.
    pub fn is_wildcard(&self) -> bool {
        self.len == 0
    }

    /// Octets the body occupies.
    pub fn buffer_len(&self) -> usize {
        usize::from(self.len)
    }
}

impl EmitElement for SsidRepr {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::Ssid
    }
    #[inline]
    fn body_len(&self) -> usize {
        self.buffer_len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        buf.copy_from_slice(self.as_bytes())
    }
}

impl fmt::Debug for SsidRepr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_ssid(f, "SsidRepr", self.as_bytes())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // aircrack-ng__capture_wds-01.cap frame 3 (beacon): SSID "test1".
    static WDS_SSID: [u8; 7] = [0x00, 0x05, 0x74, 0x65, 0x73, 0x74, 0x31];

    #[test]
    fn deconstruct_beacon_ssid() {
        let ssid = Elements::new(&WDS_SSID).get::<Ssid>().unwrap().unwrap();
        assert_eq!(ssid.as_bytes(), b"test1");
        assert_eq!(ssid.as_str(), Some("test1"));
        assert!(!ssid.is_wildcard());
        assert_eq!(format!("{ssid:?}"), "Ssid(\"test1\")");
    }

    #[test]
    fn construct_beacon_ssid() {
        let mut v = Vec::new();
        push_element(&mut v, &SsidRepr::new(b"test1").unwrap()).unwrap();
        assert_eq!(v, WDS_SSID);
        let mut w = Vec::new();
        push_element(&mut w, &Ssid::new(b"test1").unwrap()).unwrap();
        assert_eq!(w, WDS_SSID);
    }

    #[test]
    fn wildcard_and_limits() {
        let wild = Elements::new(&[0, 0]).get::<Ssid>().unwrap().unwrap();
        assert!(wild.is_wildcard());
        let long = [b'a'; 33];
        assert_eq!(Ssid::new(&long).unwrap_err().kind(), ErrorKind::BadLength);
        assert_eq!(SsidRepr::new(&long).unwrap_err().kind(), ErrorKind::BadLength);
        assert!(Ssid::new(&long[..32]).is_ok());
        assert_eq!(format!("{:?}", Ssid::new(&[0xff, 0x01]).unwrap()), "Ssid(hex:ff01)");
    }

    proptest! {
        #[test]
        fn round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..=32)) {
            let repr = SsidRepr::new(&bytes).unwrap();
            let mut v = Vec::new();
            push_element(&mut v, &repr).unwrap();
            let parsed = Elements::new(&v).get::<Ssid>().unwrap().unwrap();
            prop_assert_eq!(SsidRepr::parse(&parsed).unwrap(), repr);
            let mut again = Vec::new();
            push_element(&mut again, &parsed).unwrap();
            prop_assert_eq!(again, v);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=255)) {
            if let Ok(s) = Ssid::parse(Element::new(0, &bytes)) {
                let _ = (s.as_str(), s.is_wildcard(), format!("{s:?}"));
                prop_assert!(SsidRepr::parse(&s).is_ok());
            }
        }
    }
}
