//! Probe Request body (802.11-2020 9.3.3.10): nothing but elements.
//!
//! There are no fixed fields, so [`ProbeReq::check_len`] always succeeds; [`ProbeReqRepr::parse`]
//! walks the elements and fails if one runs past the end.

use crate::wire::{Elements, Result};

/// A read/write view of a Probe Request body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ProbeReq<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> ProbeReq<T> {
    /// Wraps a body without checking it.
    pub const fn new_unchecked(buffer: T) -> ProbeReq<T> {
        ProbeReq { buffer }
    }

    /// Wraps a body (there are no fixed fields to check).
    pub fn new_checked(buffer: T) -> Result<ProbeReq<T>> {
        let p = Self::new_unchecked(buffer);
        p.check_len()?;
        Ok(p)
    }

    /// Always succeeds: a Probe Request has no fixed fields.
    pub fn check_len(&self) -> Result<()> {
        Ok(())
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> ProbeReq<&'a T> {
    /// The element run (not checked; see [`Elements::check`]).
    #[inline]
    pub fn elements(&self) -> Elements<'a> {
        Elements::new(self.buffer.as_ref())
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> ProbeReq<T> {
    /// The whole body, mutable.
    #[inline]
    pub fn elements_mut(&mut self) -> &mut [u8] {
        self.buffer.as_mut()
    }
}

/// High-level representation of a Probe Request body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ProbeReqRepr<'a> {
    /// The elements, byte for byte.
    pub elements: Elements<'a>,
}

impl<'a> ProbeReqRepr<'a> {
    /// Parses a body; fails if the element run is broken.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(body: &ProbeReq<&'a T>) -> Result<ProbeReqRepr<'a>> {
        let elements = body.elements();
        elements.check()?;
        Ok(ProbeReqRepr { elements })
    }

    /// Octets `emit` writes.
    pub fn buffer_len(&self) -> usize {
        self.elements.as_bytes().len()
    }

    /// Writes the body into the start of `body`, which holds at least `buffer_len()` octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, body: &mut ProbeReq<T>) {
        let e = self.elements.as_bytes();
        body.elements_mut()[..e.len()].copy_from_slice(e);
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::mgmt::testutil::{arb_elements, unhex};
    use crate::wire::{ElementId, ErrorKind};
    use proptest::prelude::*;

    // Wildcard probe of aircrack-ng__wpa-psk-linksys.cap frame 527: empty SSID, eight rates.
    const WILDCARD: &str = "0000010882840b160c12182432043048606c";

    #[test]
    fn deconstruct_wildcard_probe() {
        let body = unhex(WILDCARD);
        let repr = ProbeReqRepr::parse(&ProbeReq::new_checked(&body[..]).unwrap()).unwrap();
        assert_eq!(repr.elements.find(ElementId::Ssid).unwrap().data(), b"");
        assert_eq!(repr.elements.find(ElementId::SupportedRates).unwrap().data().len(), 8);
    }

    #[test]
    fn construct_wildcard_probe() {
        let body = unhex(WILDCARD);
        let repr = ProbeReqRepr::parse(&ProbeReq::new_unchecked(&body[..])).unwrap();
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut ProbeReq::new_unchecked(&mut out[..]));
        assert_eq!(out, body);
    }

    #[test]
    fn broken_elements_rejected() {
        let body = unhex(WILDCARD);
        let err = ProbeReqRepr::parse(&ProbeReq::new_unchecked(&body[..5])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Truncated);
    }

    proptest! {
        #[test]
        fn round_trip(elems in arb_elements()) {
            let repr = ProbeReqRepr { elements: Elements::new(&elems) };
            let mut buf = vec![0; repr.buffer_len()];
            repr.emit(&mut ProbeReq::new_unchecked(&mut buf[..]));
            prop_assert_eq!(ProbeReqRepr::parse(&ProbeReq::new_unchecked(&buf[..])).unwrap(), repr);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..48)) {
            let p = ProbeReq::new_unchecked(&bytes[..]);
            let _ = p.elements().iter().count();
            if let Ok(r) = ProbeReqRepr::parse(&p) {
                let mut out = vec![0; r.buffer_len()];
                r.emit(&mut ProbeReq::new_unchecked(&mut out[..]));
                prop_assert_eq!(out, bytes);
            }
        }
    }
}
