//! Deauthentication and Disassociation bodies (802.11-2020 9.3.3.5, 9.3.3.13).
//!
//! Both are a Reason Code (2 octets) followed by optional elements: vendor-specific elements,
//! and with management frame protection a Management MIC element on group-addressed frames.
//! [`Deauth`] views either body; [`DeauthRepr`] keeps the elements as they are. A protected
//! (unicast, PMF) deauthentication is encrypted and must not be read with this view.

use crate::wire::bytes::{le16, put_le16};
use crate::wire::{Elements, Error, ErrorKind, ReasonCode, Result};

mod field {
    use core::ops::{Range, RangeFrom};
    pub const REASON: Range<usize> = 0..2;
    pub const ELEMENTS: RangeFrom<usize> = 2..;
}

/// Length of the fixed fields.
pub const FIXED_LEN: usize = field::ELEMENTS.start;

/// A read/write view of a Deauthentication or Disassociation body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Deauth<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Deauth<T> {
    /// Wraps a body without checking it.
    pub const fn new_unchecked(buffer: T) -> Deauth<T> {
        Deauth { buffer }
    }

    /// Wraps a body and checks that the Reason Code is present.
    pub fn new_checked(buffer: T) -> Result<Deauth<T>> {
        let d = Self::new_unchecked(buffer);
        d.check_len()?;
        Ok(d)
    }

    /// Checks that the Reason Code is present.
    pub fn check_len(&self) -> Result<()> {
        if self.buffer.as_ref().len() < FIXED_LEN {
            return Err(Error::new(ErrorKind::Truncated, "reason code"));
        }
        Ok(())
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Reason Code.
    #[inline]
    pub fn reason(&self) -> ReasonCode {
        ReasonCode::from(le16(&self.buffer.as_ref()[field::REASON]))
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Deauth<&'a T> {
    /// The optional elements after the Reason Code (not checked).
    #[inline]
    pub fn elements(&self) -> Elements<'a> {
        Elements::new(&self.buffer.as_ref()[field::ELEMENTS])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Deauth<T> {
    /// Sets the Reason Code.
    #[inline]
    pub fn set_reason(&mut self, r: ReasonCode) {
        put_le16(&mut self.buffer.as_mut()[field::REASON], r.value())
    }
    /// Everything after the Reason Code, mutable.
    #[inline]
    pub fn elements_mut(&mut self) -> &mut [u8] {
        &mut self.buffer.as_mut()[field::ELEMENTS]
    }
}

/// High-level representation of a Deauthentication or Disassociation body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DeauthRepr<'a> {
    /// Reason Code.
    pub reason: ReasonCode,
    /// Optional elements (vendor, Management MIC), byte for byte.
    pub elements: Elements<'a>,
}

impl<'a> DeauthRepr<'a> {
    /// Parses a body; fails if the Reason Code is cut or the element run is broken.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(body: &Deauth<&'a T>) -> Result<DeauthRepr<'a>> {
        body.check_len()?;
        let elements = body.elements();
        elements.check()?;
        Ok(DeauthRepr { reason: body.reason(), elements })
    }

    /// Octets `emit` writes.
    pub fn buffer_len(&self) -> usize {
        FIXED_LEN + self.elements.as_bytes().len()
    }

    /// Writes the body into the start of `body`, which holds at least `buffer_len()` octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, body: &mut Deauth<T>) {
        body.set_reason(self.reason);
        let e = self.elements.as_bytes();
        body.elements_mut()[..e.len()].copy_from_slice(e);
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::ElementId;
    use crate::wire::mgmt::testutil::{arb_elements, unhex};
    use proptest::prelude::*;

    // Body of libwifi__deauth_with_221.pcap frame 1: reason 36 and a vendor element.
    fn with_vendor() -> Vec<u8> {
        unhex(concat!(
            "2400", // reason 36: requesting STA is leaving the BSS
            "dd25", // vendor element, 37 octets: OUI 00-00-00, type 1, text
            "0000000154686973206973206120323231207461672066726f6d206c6962776966692e0a00",
        ))
    }

    #[test]
    fn deconstruct_plain_deauth() {
        // aircrack-ng__capture_wds-01.cap frame 1: reason 3 (leaving).
        let body = unhex("0300");
        let d = Deauth::new_checked(&body[..]).unwrap();
        assert_eq!(d.reason(), ReasonCode::from(3));
        let r = DeauthRepr::parse(&d).unwrap();
        assert!(r.elements.as_bytes().is_empty());
    }

    #[test]
    fn deconstruct_with_vendor_element() {
        let body = with_vendor();
        let r = DeauthRepr::parse(&Deauth::new_checked(&body[..]).unwrap()).unwrap();
        assert_eq!(r.reason, ReasonCode::from(36));
        assert!(r.elements.find(ElementId::VendorSpecific).is_some());
    }

    #[test]
    fn construct_with_vendor_element() {
        let body = with_vendor();
        let r = DeauthRepr::parse(&Deauth::new_unchecked(&body[..])).unwrap();
        let mut out = vec![0xa5; r.buffer_len()];
        r.emit(&mut Deauth::new_unchecked(&mut out[..]));
        assert_eq!(out, body);
    }

    #[test]
    fn errors() {
        assert_eq!(Deauth::new_checked(&[3u8][..]).unwrap_err().kind(), ErrorKind::Truncated);
        let broken = [3u8, 0, 221, 9, 0];
        let d = Deauth::new_checked(&broken[..]).unwrap();
        assert_eq!(d.reason(), ReasonCode::from(3));
        assert!(DeauthRepr::parse(&d).is_err());
    }

    proptest! {
        #[test]
        fn round_trip(reason: u16, elems in arb_elements()) {
            let repr = DeauthRepr { reason: reason.into(), elements: Elements::new(&elems) };
            let mut buf = vec![0; repr.buffer_len()];
            repr.emit(&mut Deauth::new_unchecked(&mut buf[..]));
            prop_assert_eq!(DeauthRepr::parse(&Deauth::new_unchecked(&buf[..])).unwrap(), repr);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..32)) {
            let d = Deauth::new_unchecked(&bytes[..]);
            if d.check_len().is_ok() {
                let _ = d.reason();
                let _ = d.elements().iter().count();
            }
            if let Ok(r) = DeauthRepr::parse(&d) {
                let mut out = vec![0; r.buffer_len()];
                r.emit(&mut Deauth::new_unchecked(&mut out[..]));
                prop_assert_eq!(out, bytes);
            }
        }
    }
}
