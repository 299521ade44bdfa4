//! The Mesh ID element (802.11-2020 9.4.2, introduced by 802.11s).
//!
//! A mesh BSS is named by a Mesh ID, with the SSID's rules: 0 to 32 opaque octets, zero length
//! being the wildcard Mesh ID in a probe request. Longer bodies are [`ErrorKind::BadLength`].
//! [`MeshId`] borrows the body; [`MeshIdRepr`] owns it, stored inline like [`SsidRepr`].
//!
//! [`ErrorKind::BadLength`]: crate::wire::ErrorKind::BadLength

use super::ssid::{SsidRepr, check_ssid_len, write_ssid};
use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::Result;
use core::fmt;

/// A Mesh ID element as found in a frame.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct MeshId<'a> {
    bytes: &'a [u8],
}

impl<'a> MeshId<'a> {
    /// Wraps Mesh ID octets, checking the 32-octet limit.
    #[inline]
    pub fn new(bytes: &'a [u8]) -> Result<MeshId<'a>> {
        check_ssid_len(bytes, "Mesh ID")?;
        Ok(MeshId { bytes })
    }

    /// The Mesh ID octets.
    #[inline]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// True for the zero-length (wildcard) Mesh ID.
    #[inline]
    pub fn is_wildcard(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl<'a> ElementType<'a> for MeshId<'a> {
    const ID: ElementId = ElementId::MeshId;

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        MeshId::new(element.body())
    }
}

impl EmitElement for MeshId<'_> {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::MeshId
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

impl fmt::Debug for MeshId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_ssid(f, "MeshId", self.bytes)
    }
}

/// An owned Mesh ID: the same storage as an SSID, written with element ID 114.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct MeshIdRepr(pub SsidRepr);

impl MeshIdRepr {
    /// Copies Mesh ID octets, checking the 32-octet limit.
    #[inline]
    pub fn new(bytes: &[u8]) -> Result<MeshIdRepr> {
        check_ssid_len(bytes, "Mesh ID")?;
        SsidRepr::new(bytes).map(MeshIdRepr)
    }

    /// Reads a parsed Mesh ID element.
    pub fn parse(id: &MeshId<'_>) -> Result<MeshIdRepr> {
        MeshIdRepr::new(id.as_bytes())
    }

    /// The Mesh ID octets.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl EmitElement for MeshIdRepr {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::MeshId
    }
    #[inline]
    fn body_len(&self) -> usize {
        self.0.buffer_len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        buf.copy_from_slice(self.as_bytes())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::ErrorKind;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // tcpdump__ieee802.11_meshid.pcap frame 1 (mesh beacon): Mesh ID "11s-mesh-network".
    static MESH: [u8; 18] = *b"\x72\x1011s-mesh-network";

    #[test]
    fn deconstruct_mesh_id() {
        let id = Elements::new(&MESH).get::<MeshId>().unwrap().unwrap();
        assert_eq!(id.as_bytes(), b"11s-mesh-network");
        assert!(!id.is_wildcard());
        assert_eq!(format!("{id:?}"), "MeshId(\"11s-mesh-network\")");
    }

    #[test]
    fn construct_mesh_id() {
        let mut v = Vec::new();
        push_element(&mut v, &MeshIdRepr::new(b"11s-mesh-network").unwrap()).unwrap();
        assert_eq!(v, MESH);
        assert_eq!(MeshId::new(&[0; 33]).unwrap_err().kind(), ErrorKind::BadLength);
        assert!(MeshId::new(&[]).unwrap().is_wildcard());
    }

    proptest! {
        #[test]
        fn round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..=32)) {
            let repr = MeshIdRepr::new(&bytes).unwrap();
            let mut v = Vec::new();
            push_element(&mut v, &repr).unwrap();
            let parsed = Elements::new(&v).get::<MeshId>().unwrap().unwrap();
            prop_assert_eq!(MeshIdRepr::parse(&parsed).unwrap(), repr);
            let mut again = Vec::new();
            push_element(&mut again, &parsed).unwrap();
            prop_assert_eq!(again, v);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=255)) {
            if let Ok(id) = MeshId::parse(Element::new(114, &bytes)) {
                let _ = (id.is_wildcard(), format!("{id:?}"));
            }
        }
    }
}
