//! (Re)Association Request and Response bodies (802.11-2020 9.3.3.6 to 9.3.3.9).
//!
//! | body | fixed fields | then |
//! |---|---|---|
//! | Association Request | Capability (2), Listen Interval (2) | elements |
//! | Reassociation Request | Capability (2), Listen Interval (2), Current AP Address (6) | elements |
//! | (Re)Association Response | Capability (2), Status Code (2), AID (2) | elements |
//!
//! The AID field carries the association ID in bits 0-13 with bits 14 and 15 set (9.4.1.8);
//! the views expose the raw field and [`AssocResp::aid`] with the top bits masked, and the
//! Repr keeps the raw field so that re-emission is exact. `check_len` covers the fixed fields
//! only; `parse` also requires an intact element run. FILS (re)association frames encrypt the
//! elements after the FILS Session element, so their run usually does not parse; read them
//! through the views.

use super::CapabilityInfo;
use crate::wire::bytes::{le16, put_le16};
use crate::wire::{Elements, Error, ErrorKind, MacAddr, Result, StatusCode};

mod field {
    use core::ops::Range;
    pub const CAPABILITY: Range<usize> = 0..2;
    pub const LISTEN_INTERVAL: Range<usize> = 2..4;
    pub const CURRENT_AP: Range<usize> = 4..10;
    pub const STATUS: Range<usize> = 2..4;
    pub const AID: Range<usize> = 4..6;
}

/// Fixed-field length of an Association Request.
pub const ASSOC_REQ_FIXED_LEN: usize = 4;
/// Fixed-field length of a Reassociation Request.
pub const REASSOC_REQ_FIXED_LEN: usize = 10;
/// Fixed-field length of a (Re)Association Response.
pub const ASSOC_RESP_FIXED_LEN: usize = 6;

/// Mask of the association ID bits in the AID field.
pub const AID_MASK: u16 = 0x3fff;

fn check_fixed(len: usize, fixed: usize, what: &'static str) -> Result<()> {
    if len < fixed { Err(Error::new(ErrorKind::Truncated, what)) } else { Ok(()) }
}

/// Declares a body view with a Capability field and an element run after `$fixed` octets.
macro_rules! body_view {
    ($(#[$doc:meta])* $name:ident, $fixed:expr, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub struct $name<T: AsRef<[u8]>> {
            buffer: T,
        }

        impl<T: AsRef<[u8]>> $name<T> {
            /// Wraps a body without checking it.
            pub const fn new_unchecked(buffer: T) -> $name<T> {
                $name { buffer }
            }

            /// Wraps a body and checks that the fixed fields are present.
            pub fn new_checked(buffer: T) -> Result<$name<T>> {
                let v = Self::new_unchecked(buffer);
                v.check_len()?;
                Ok(v)
            }

            /// Checks that the fixed fields are present (the elements are not looked at).
            pub fn check_len(&self) -> Result<()> {
                check_fixed(self.buffer.as_ref().len(), $fixed, $what)
            }

            /// Returns the underlying buffer.
            pub fn into_inner(self) -> T {
                self.buffer
            }

            /// Capability Information.
            #[inline]
            pub fn capability(&self) -> CapabilityInfo {
                CapabilityInfo(le16(&self.buffer.as_ref()[field::CAPABILITY]))
            }
        }

        impl<'a, T: AsRef<[u8]> + ?Sized> $name<&'a T> {
            /// The element run after the fixed fields (not checked).
            #[inline]
            pub fn elements(&self) -> Elements<'a> {
                Elements::new(&self.buffer.as_ref()[$fixed..])
            }
        }

        impl<T: AsRef<[u8]> + AsMut<[u8]>> $name<T> {
            /// Sets the Capability Information.
            #[inline]
            pub fn set_capability(&mut self, c: CapabilityInfo) {
                put_le16(&mut self.buffer.as_mut()[field::CAPABILITY], c.0)
            }
            /// Everything after the fixed fields, mutable.
            #[inline]
            pub fn elements_mut(&mut self) -> &mut [u8] {
                &mut self.buffer.as_mut()[$fixed..]
            }
        }
    };
}

body_view! {
    /// A read/write view of an Association Request body.
    AssocReq, ASSOC_REQ_FIXED_LEN, "association request fixed fields"
}
body_view! {
    /// A read/write view of a Reassociation Request body.
    ReassocReq, REASSOC_REQ_FIXED_LEN, "reassociation request fixed fields"
}
body_view! {
    /// A read/write view of an Association or Reassociation Response body.
    AssocResp, ASSOC_RESP_FIXED_LEN, "association response fixed fields"
}

impl<T: AsRef<[u8]>> AssocReq<T> {
    /// Listen Interval, in beacon intervals.
    #[inline]
    pub fn listen_interval(&self) -> u16 {
        le16(&self.buffer.as_ref()[field::LISTEN_INTERVAL])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> AssocReq<T> {
    /// Sets the Listen Interval.
    #[inline]
    pub fn set_listen_interval(&mut self, v: u16) {
        put_le16(&mut self.buffer.as_mut()[field::LISTEN_INTERVAL], v)
    }
}

impl<T: AsRef<[u8]>> ReassocReq<T> {
    /// Listen Interval, in beacon intervals.
    #[inline]
    pub fn listen_interval(&self) -> u16 {
        le16(&self.buffer.as_ref()[field::LISTEN_INTERVAL])
    }
    /// Current AP Address: the AP the station is associated with now.
    #[inline]
    pub fn current_ap(&self) -> MacAddr {
        MacAddr::from_bytes(&self.buffer.as_ref()[field::CURRENT_AP])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> ReassocReq<T> {
    /// Sets the Listen Interval.
    #[inline]
    pub fn set_listen_interval(&mut self, v: u16) {
        put_le16(&mut self.buffer.as_mut()[field::LISTEN_INTERVAL], v)
    }
    /// Sets the Current AP Address.
    #[inline]
    pub fn set_current_ap(&mut self, a: MacAddr) {
        self.buffer.as_mut()[field::CURRENT_AP].copy_from_slice(&a.0)
    }
}

impl<T: AsRef<[u8]>> AssocResp<T> {
    /// Status Code.
    #[inline]
    pub fn status(&self) -> StatusCode {
        StatusCode::from(le16(&self.buffer.as_ref()[field::STATUS]))
    }
    /// The AID field as sent (bits 14-15 normally set).
    #[inline]
    pub fn aid_field(&self) -> u16 {
        le16(&self.buffer.as_ref()[field::AID])
    }
    /// The association ID: the AID field with bits 14-15 cleared.
    #[inline]
    pub fn aid(&self) -> u16 {
        self.aid_field() & AID_MASK
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> AssocResp<T> {
    /// Sets the Status Code.
    #[inline]
    pub fn set_status(&mut self, s: StatusCode) {
        put_le16(&mut self.buffer.as_mut()[field::STATUS], s.value())
    }
    /// Sets the raw AID field (use `aid | 0xc000` for an association ID).
    #[inline]
    pub fn set_aid_field(&mut self, v: u16) {
        put_le16(&mut self.buffer.as_mut()[field::AID], v)
    }
}

fn copy_elements(dst: &mut [u8], elements: &Elements<'_>) {
    let e = elements.as_bytes();
    dst[..e.len()].copy_from_slice(e);
}

/// High-level representation of an Association Request body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct AssocReqRepr<'a> {
    /// Capability Information.
    pub capability: CapabilityInfo,
    /// Listen Interval, in beacon intervals.
    pub listen_interval: u16,
    /// The elements, byte for byte.
    pub elements: Elements<'a>,
}

impl<'a> AssocReqRepr<'a> {
    /// Parses a body; fails if the fixed fields are cut or the element run is broken.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(body: &AssocReq<&'a T>) -> Result<AssocReqRepr<'a>> {
        body.check_len()?;
        let elements = body.elements();
        elements.check()?;
        Ok(AssocReqRepr { capability: body.capability(), listen_interval: body.listen_interval(), elements })
    }

    /// Octets `emit` writes.
    pub fn buffer_len(&self) -> usize {
        ASSOC_REQ_FIXED_LEN + self.elements.as_bytes().len()
    }

    /// Writes the body into the start of `body`, which holds at least `buffer_len()` octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, body: &mut AssocReq<T>) {
        body.set_capability(self.capability);
        body.set_listen_interval(self.listen_interval);
        copy_elements(body.elements_mut(), &self.elements);
    }
}

/// High-level representation of a Reassociation Request body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ReassocReqRepr<'a> {
    /// Capability Information.
    pub capability: CapabilityInfo,
    /// Listen Interval, in beacon intervals.
    pub listen_interval: u16,
    /// Current AP Address.
    pub current_ap: MacAddr,
    /// The elements, byte for byte.
    pub elements: Elements<'a>,
}

impl<'a> ReassocReqRepr<'a> {
    /// Parses a body; fails if the fixed fields are cut or the element run is broken.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(body: &ReassocReq<&'a T>) -> Result<ReassocReqRepr<'a>> {
        body.check_len()?;
        let elements = body.elements();
        elements.check()?;
        Ok(ReassocReqRepr {
            capability: body.capability(),
            listen_interval: body.listen_interval(),
            current_ap: body.current_ap(),
            elements,
        })
    }

    /// Octets `emit` writes.
    pub fn buffer_len(&self) -> usize {
        REASSOC_REQ_FIXED_LEN + self.elements.as_bytes().len()
    }

    /// Writes the body into the start of `body`, which holds at least `buffer_len()` octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, body: &mut ReassocReq<T>) {
        body.set_capability(self.capability);
        body.set_listen_interval(self.listen_interval);
        body.set_current_ap(self.current_ap);
        copy_elements(body.elements_mut(), &self.elements);
    }
}

/// High-level representation of an Association or Reassociation Response body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct AssocRespRepr<'a> {
    /// Capability Information.
    pub capability: CapabilityInfo,
    /// Status Code.
    pub status: StatusCode,
    /// The AID field as sent; see [`AssocRespRepr::aid`].
    pub aid_field: u16,
    /// The elements, byte for byte.
    pub elements: Elements<'a>,
}

impl<'a> AssocRespRepr<'a> {
    /// Parses a body; fails if the fixed fields are cut or the element run is broken.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(body: &AssocResp<&'a T>) -> Result<AssocRespRepr<'a>> {
        body.check_len()?;
        let elements = body.elements();
        elements.check()?;
        Ok(AssocRespRepr {
            capability: body.capability(),
            status: body.status(),
            aid_field: body.aid_field(),
            elements,
        })
    }

    /// The association ID (bits 14-15 of the field cleared).
    pub fn aid(&self) -> u16 {
        self.aid_field & AID_MASK
    }

    /// Octets `emit` writes.
    pub fn buffer_len(&self) -> usize {
        ASSOC_RESP_FIXED_LEN + self.elements.as_bytes().len()
    }

    /// Writes the body into the start of `body`, which holds at least `buffer_len()` octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, body: &mut AssocResp<T>) {
        body.set_capability(self.capability);
        body.set_status(self.status);
        body.set_aid_field(self.aid_field);
        copy_elements(body.elements_mut(), &self.elements);
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::ElementId;
    use crate::wire::mgmt::testutil::{arb_elements, unhex};
    use proptest::prelude::*;

    // aircrack-ng__wpa2-psk-linksys.cap frame 307.
    const ASSOC_REQ: &str = concat!("1100", "0a00", "00076c696e6b737973", "010482840b16");
    // fragattacks__ping_I_E_R_E-fromclient.pcapng frame 72.
    const REASSOC_REQ: &str = concat!(
        "3104",
        "0100",
        "bcaec5888c20",
        "000b746573746e6574776f726b",
        "010802040b160c12182432043048606c",
        "30140100000fac040100000fac040100000fac020000",
        "7f0b0000000001000040000020",
        "3b0451515354",
    );
    // aircrack-ng__wpa-psk-linksys.cap frame 17: AID 1 sent as 0xc001.
    const ASSOC_RESP: &str = concat!("0100", "0000", "01c0", "010482840b16");
    // fragattacks__ping_I_E_R_E-fromclient.pcapng frame 74 (reassociation response).
    const REASSOC_RESP: &str =
        concat!("1104", "0000", "01c0", "010882848b962430486c", "32040c121860", "dd090010180201f0010000");

    #[test]
    fn deconstruct_assoc_req() {
        let body = unhex(ASSOC_REQ);
        let v = AssocReq::new_checked(&body[..]).unwrap();
        assert_eq!(v.capability(), CapabilityInfo(0x0011));
        assert_eq!(v.listen_interval(), 10);
        let r = AssocReqRepr::parse(&v).unwrap();
        assert_eq!(r.elements.find(ElementId::Ssid).unwrap().data(), b"linksys");
    }

    #[test]
    fn deconstruct_reassoc_req() {
        let body = unhex(REASSOC_REQ);
        let v = ReassocReq::new_checked(&body[..]).unwrap();
        assert_eq!(v.capability(), CapabilityInfo(0x0431));
        assert_eq!(v.listen_interval(), 1);
        assert_eq!(v.current_ap(), "bc:ae:c5:88:8c:20".parse().unwrap());
        let r = ReassocReqRepr::parse(&v).unwrap();
        let ids: Vec<u8> = r.elements.iter().map(|e| e.unwrap().raw_id()).collect();
        assert_eq!(ids, [0, 1, 50, 48, 127, 59]);
    }

    #[test]
    fn deconstruct_responses() {
        let body = unhex(ASSOC_RESP);
        let v = AssocResp::new_checked(&body[..]).unwrap();
        assert_eq!(v.status(), StatusCode::Success);
        assert_eq!((v.aid_field(), v.aid()), (0xc001, 1));
        let body = unhex(REASSOC_RESP);
        let r = AssocRespRepr::parse(&AssocResp::new_checked(&body[..]).unwrap()).unwrap();
        assert_eq!(r.capability, CapabilityInfo(0x0411));
        assert_eq!(r.aid(), 1);
        assert_eq!(r.elements.iter().count(), 3);
    }

    #[test]
    fn construct_all_byte_exact() {
        let body = unhex(ASSOC_REQ);
        let r = AssocReqRepr::parse(&AssocReq::new_unchecked(&body[..])).unwrap();
        let mut out = vec![0xa5; r.buffer_len()];
        r.emit(&mut AssocReq::new_unchecked(&mut out[..]));
        assert_eq!(out, body);

        let body = unhex(REASSOC_REQ);
        let r = ReassocReqRepr::parse(&ReassocReq::new_unchecked(&body[..])).unwrap();
        let mut out = vec![0xa5; r.buffer_len()];
        r.emit(&mut ReassocReq::new_unchecked(&mut out[..]));
        assert_eq!(out, body);

        for hex in [ASSOC_RESP, REASSOC_RESP] {
            let body = unhex(hex);
            let r = AssocRespRepr::parse(&AssocResp::new_unchecked(&body[..])).unwrap();
            let mut out = vec![0xa5; r.buffer_len()];
            r.emit(&mut AssocResp::new_unchecked(&mut out[..]));
            assert_eq!(out, body);
        }
    }

    #[test]
    fn errors() {
        let body = unhex(REASSOC_REQ);
        assert_eq!(ReassocReq::new_checked(&body[..9]).unwrap_err().kind(), ErrorKind::Truncated);
        assert_eq!(AssocReq::new_checked(&body[..3]).unwrap_err().kind(), ErrorKind::Truncated);
        assert_eq!(AssocResp::new_checked(&body[..5]).unwrap_err().kind(), ErrorKind::Truncated);
        // Broken element run: fixed fields readable, parse fails.
        let cut = &body[..body.len() - 2];
        let v = ReassocReq::new_checked(cut).unwrap();
        assert_eq!(v.listen_interval(), 1);
        assert!(ReassocReqRepr::parse(&v).is_err());
    }

    proptest! {
        #[test]
        fn round_trip(cap: u16, a: u16, b: u16, ap: [u8; 6], elems in arb_elements()) {
            let elements = Elements::new(&elems);
            let r = AssocReqRepr { capability: CapabilityInfo(cap), listen_interval: a, elements };
            let mut buf = vec![0; r.buffer_len()];
            r.emit(&mut AssocReq::new_unchecked(&mut buf[..]));
            prop_assert_eq!(AssocReqRepr::parse(&AssocReq::new_unchecked(&buf[..])).unwrap(), r);

            let r = ReassocReqRepr {
                capability: CapabilityInfo(cap),
                listen_interval: a,
                current_ap: MacAddr(ap),
                elements,
            };
            let mut buf = vec![0; r.buffer_len()];
            r.emit(&mut ReassocReq::new_unchecked(&mut buf[..]));
            prop_assert_eq!(ReassocReqRepr::parse(&ReassocReq::new_unchecked(&buf[..])).unwrap(), r);

            let r = AssocRespRepr { capability: CapabilityInfo(cap), status: a.into(), aid_field: b, elements };
            let mut buf = vec![0; r.buffer_len()];
            r.emit(&mut AssocResp::new_unchecked(&mut buf[..]));
            prop_assert_eq!(AssocRespRepr::parse(&AssocResp::new_unchecked(&buf[..])).unwrap(), r);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let v = AssocReq::new_unchecked(&bytes[..]);
            if v.check_len().is_ok() {
                let _ = (v.capability(), v.listen_interval(), v.elements().iter().count());
            }
            let v = ReassocReq::new_unchecked(&bytes[..]);
            if v.check_len().is_ok() {
                let _ = (v.capability(), v.listen_interval(), v.current_ap(), v.elements().iter().count());
            }
            let v = AssocResp::new_unchecked(&bytes[..]);
            if v.check_len().is_ok() {
                let _ = (v.capability(), v.status(), v.aid(), v.elements().iter().count());
            }
            if let Ok(r) = AssocRespRepr::parse(&v) {
                let mut out = vec![0; r.buffer_len()];
                r.emit(&mut AssocResp::new_unchecked(&mut out[..]));
                prop_assert_eq!(out, bytes.clone());
            }
            if let Ok(r) = ReassocReqRepr::parse(&ReassocReq::new_unchecked(&bytes[..])) {
                let mut out = vec![0; r.buffer_len()];
                r.emit(&mut ReassocReq::new_unchecked(&mut out[..]));
                prop_assert_eq!(out, bytes.clone());
            }
            if let Ok(r) = AssocReqRepr::parse(&AssocReq::new_unchecked(&bytes[..])) {
                let mut out = vec![0; r.buffer_len()];
                r.emit(&mut AssocReq::new_unchecked(&mut out[..]));
                prop_assert_eq!(out, bytes);
            }
        }
    }
}
