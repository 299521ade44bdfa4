//! Authentication body (802.11-2020 9.3.3.12).
//!
//! Three fixed fields, then a payload whose shape depends on the algorithm:
//!
//! | octets | field |
//! |---|---|
//! | 0..2 | Authentication Algorithm Number |
//! | 2..4 | Authentication Transaction Sequence Number |
//! | 4..6 | Status Code |
//! | 6.. | payload |
//!
//! For Open System, Shared Key (Challenge Text element), FT (RSNE, MDE, FTE, ...), FILS
//! Shared Key without PFS and PASN the payload is a run of elements. For SAE it is not: a
//! commit carries Finite Cyclic Group (2) + scalar + element + optional anti-clogging token, a
//! confirm carries Send-Confirm (2) + Confirm, with sizes fixed by the group, so SAE payloads
//! are kept raw (tshark does not decode them as elements either). FILS Shared Key with PFS and
//! FILS Public Key put a Finite Cyclic Group and a raw group element before their elements,
//! so those payloads are kept raw too. See [`auth_payload_is_raw`].
//!
//! Frame 3 of Shared Key authentication is WEP-protected; its body is ciphertext and must
//! not be read with this view (the Protected Frame bit says so).

use crate::wire::bytes::{le16, put_le16};
use crate::wire::{AuthAlgorithm, Elements, Error, ErrorKind, Result, StatusCode};

mod field {
    use core::ops::{Range, RangeFrom};
    pub const ALGORITHM: Range<usize> = 0..2;
    pub const TRANSACTION_SEQ: Range<usize> = 2..4;
    pub const STATUS: Range<usize> = 4..6;
    pub const PAYLOAD: RangeFrom<usize> = 6..;
}

/// Length of the fixed fields.
pub const FIXED_LEN: usize = field::PAYLOAD.start;

/// SAE transaction sequence number of a commit.
pub const SAE_COMMIT: u16 = 1;
/// SAE transaction sequence number of a confirm.
pub const SAE_CONFIRM: u16 = 2;

/// True when an authentication payload of `algorithm` is not a run of elements.
pub fn auth_payload_is_raw(algorithm: AuthAlgorithm) -> bool {
    matches!(algorithm, AuthAlgorithm::Sae | AuthAlgorithm::FilsSkPfs | AuthAlgorithm::FilsPk)
}

/// A read/write view of an Authentication body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Auth<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Auth<T> {
    /// Wraps a body without checking it.
    pub const fn new_unchecked(buffer: T) -> Auth<T> {
        Auth { buffer }
    }

    /// Wraps a body and checks that the fixed fields are present.
    pub fn new_checked(buffer: T) -> Result<Auth<T>> {
        let a = Self::new_unchecked(buffer);
        a.check_len()?;
        Ok(a)
    }

    /// Checks that the fixed fields are present (the payload is not looked at).
    pub fn check_len(&self) -> Result<()> {
        if self.buffer.as_ref().len() < FIXED_LEN {
            return Err(Error::new(ErrorKind::Truncated, "authentication fixed fields"));
        }
        Ok(())
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Authentication Algorithm Number.
    #[inline]
    pub fn algorithm(&self) -> AuthAlgorithm {
        AuthAlgorithm::from(le16(&self.buffer.as_ref()[field::ALGORITHM]))
    }

    /// Authentication Transaction Sequence Number.
    #[inline]
    pub fn transaction_seq(&self) -> u16 {
        le16(&self.buffer.as_ref()[field::TRANSACTION_SEQ])
    }

    /// Status Code.
    #[inline]
    pub fn status(&self) -> StatusCode {
        StatusCode::from(le16(&self.buffer.as_ref()[field::STATUS]))
    }

    /// For an SAE commit: the Finite Cyclic Group, when the payload holds one.
    pub fn sae_group(&self) -> Option<u16> {
        self.sae_leading_u16(SAE_COMMIT)
    }

    /// For an SAE confirm: the Send-Confirm counter, when the payload holds one.
    pub fn sae_send_confirm(&self) -> Option<u16> {
        self.sae_leading_u16(SAE_CONFIRM)
    }

    fn sae_leading_u16(&self, seq: u16) -> Option<u16> {
        if self.algorithm() != AuthAlgorithm::Sae || self.transaction_seq() != seq {
            return None;
        }
        self.buffer.as_ref().get(FIXED_LEN..FIXED_LEN + 2).map(le16)
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Auth<&'a T> {
    /// Everything after the fixed fields, whatever the algorithm.
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        &self.buffer.as_ref()[field::PAYLOAD]
    }

    /// The SAE payload (commit or confirm fields), raw; `None` for other algorithms.
    pub fn sae_body(&self) -> Option<&'a [u8]> {
        (self.algorithm() == AuthAlgorithm::Sae).then(|| self.payload())
    }

    /// The element run after the fixed fields (not checked); `None` when the algorithm's
    /// payload is not elements (see [`auth_payload_is_raw`]).
    pub fn elements(&self) -> Option<Elements<'a>> {
        (!auth_payload_is_raw(self.algorithm())).then(|| Elements::new(self.payload()))
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Auth<T> {
    /// Sets the Authentication Algorithm Number.
    #[inline]
    pub fn set_algorithm(&mut self, a: AuthAlgorithm) {
        put_le16(&mut self.buffer.as_mut()[field::ALGORITHM], a.value())
    }
    /// Sets the Authentication Transaction Sequence Number.
    #[inline]
    pub fn set_transaction_seq(&mut self, v: u16) {
        put_le16(&mut self.buffer.as_mut()[field::TRANSACTION_SEQ], v)
    }
    /// Sets the Status Code.
    #[inline]
    pub fn set_status(&mut self, s: StatusCode) {
        put_le16(&mut self.buffer.as_mut()[field::STATUS], s.value())
    }
    /// Everything after the fixed fields, mutable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.buffer.as_mut()[field::PAYLOAD]
    }
}

/// What follows the fixed fields of an Authentication body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AuthPayload<'a> {
    /// A run of elements (every algorithm but those of [`auth_payload_is_raw`]).
    Elements(Elements<'a>),
    /// Raw fields: SAE commit/confirm, or FILS PFS/PK group and element before elements.
    Raw(&'a [u8]),
}

impl<'a> AuthPayload<'a> {
    /// The payload bytes.
    pub fn as_bytes(&self) -> &'a [u8] {
        match self {
            AuthPayload::Elements(e) => e.as_bytes(),
            AuthPayload::Raw(b) => b,
        }
    }
}

/// High-level representation of an Authentication body.
///
/// `payload` is [`AuthPayload::Raw`] exactly when [`auth_payload_is_raw`] holds for `algorithm`;
/// `parse` always produces that pairing.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct AuthRepr<'a> {
    /// Authentication Algorithm Number.
    pub algorithm: AuthAlgorithm,
    /// Authentication Transaction Sequence Number.
    pub transaction_seq: u16,
    /// Status Code.
    pub status: StatusCode,
    /// Elements or raw algorithm fields, byte for byte.
    pub payload: AuthPayload<'a>,
}

impl<'a> AuthRepr<'a> {
    /// Parses a body; fails if the fixed fields are cut or an element payload is broken.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(body: &Auth<&'a T>) -> Result<AuthRepr<'a>> {
        body.check_len()?;
        let payload = match body.elements() {
            Some(elements) => {
                elements.check()?;
                AuthPayload::Elements(elements)
            }
            None => AuthPayload::Raw(body.payload()),
        };
        Ok(AuthRepr {
            algorithm: body.algorithm(),
            transaction_seq: body.transaction_seq(),
            status: body.status(),
            payload,
        })
    }

    /// The element run, for algorithms whose payload is elements.
    pub fn elements(&self) -> Option<Elements<'a>> {
        match self.payload {
            AuthPayload::Elements(e) => Some(e),
            AuthPayload::Raw(_) => None,
        }
    }

    /// The SAE payload, for SAE.
    pub fn sae_body(&self) -> Option<&'a [u8]> {
        match self.payload {
            AuthPayload::Raw(b) if self.algorithm == AuthAlgorithm::Sae => Some(b),
            _ => None,
        }
    }

    /// Octets `emit` writes.
    pub fn buffer_len(&self) -> usize {
        FIXED_LEN + self.payload.as_bytes().len()
    }

    /// Writes the body into the start of `body`, which holds at least `buffer_len()` octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, body: &mut Auth<T>) {
        body.set_algorithm(self.algorithm);
        body.set_transaction_seq(self.transaction_seq);
        body.set_status(self.status);
        let p = self.payload.as_bytes();
        body.payload_mut()[..p.len()].copy_from_slice(p);
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::ElementId;
    use crate::wire::mgmt::testutil::{arb_elements, unhex};
    use proptest::prelude::*;

    // aircrack-ng__wpa3-psk.pcap frame 5: SAE commit, group 19 (P-256), scalar, element.
    const SAE_COMMIT_BODY: &str = concat!(
        "0300",
        "0100",
        "0000",
        "1300",
        "8080dbcb2b1f75d49e64a12e85cdfa3a325c2631f630cb49988487c0c41c39e5",
        "6a2ed8799140e2637b7e0fcf0ac8cf755b27b18071fa776388f9ad63b489683d",
        "71f020c4a83cf6b8a46df7f124803725c0e24dda0347f2e2b11e7b892460586f",
    );
    // aircrack-ng__wpa3-psk.pcap frame 9: SAE confirm, send-confirm 0.
    const SAE_CONFIRM_BODY: &str = concat!(
        "0300",
        "0200",
        "0000",
        "0000",
        "098fd79e86ac852a80f839b1009f498ae3183f771348efd83db61d3856aa0ae0"
    );
    // aircrack-ng__wep.shared.key.authentication.cap frame 4: shared key, seq 2, challenge.
    const SHARED_KEY_CHALLENGE: &str = concat!(
        "0100",
        "0200",
        "0000",
        "1080",
        "9a989f9d9c92919796948b89888e8d838280878584bab9b8bebdb3b2b0b7b5b4aaa9afaeaca3a1a0a6a5dbda",
        "d8dfdedcd3d1d0d6d5cbcac8cfcdccc2c1c7c6c4fbf9f8fffdf3f2f0f7f6f4ebe9e8eeede3e2e0e7e5e41a19",
        "1f1e1c1311101715140a090f0e0c03010006053b3a383f3d3c32313736342b2a282f2d2c22212726",
    );

    #[test]
    fn deconstruct_open_system() {
        // tcpdump__status_code-ALL.pcap frame 2: open system, seq 2, status 1.
        let body = unhex("000002000100");
        let a = Auth::new_checked(&body[..]).unwrap();
        assert_eq!(a.algorithm(), AuthAlgorithm::OpenSystem);
        assert_eq!(a.transaction_seq(), 2);
        assert_eq!(a.status(), StatusCode::UnspecifiedFailure);
        assert_eq!(a.elements().unwrap().iter().count(), 0);
        assert_eq!(a.sae_body(), None);
        let r = AuthRepr::parse(&a).unwrap();
        assert_eq!(r.payload, AuthPayload::Elements(Elements::new(&[])));
    }

    #[test]
    fn deconstruct_shared_key_challenge() {
        let body = unhex(SHARED_KEY_CHALLENGE);
        let r = AuthRepr::parse(&Auth::new_checked(&body[..]).unwrap()).unwrap();
        assert_eq!(r.algorithm, AuthAlgorithm::SharedKey);
        assert_eq!(r.transaction_seq, 2);
        let challenge = r.elements().unwrap().find(ElementId::ChallengeText).unwrap();
        assert_eq!(challenge.data().len(), 128);
    }

    #[test]
    fn deconstruct_sae_commit_and_confirm() {
        let body = unhex(SAE_COMMIT_BODY);
        let a = Auth::new_checked(&body[..]).unwrap();
        assert_eq!(a.algorithm(), AuthAlgorithm::Sae);
        assert_eq!(a.sae_group(), Some(19));
        assert_eq!(a.sae_send_confirm(), None);
        assert_eq!(a.elements(), None);
        assert_eq!(a.sae_body().unwrap().len(), 2 + 32 + 64);
        let r = AuthRepr::parse(&a).unwrap();
        assert_eq!(r.sae_body(), a.sae_body());
        assert_eq!(r.elements(), None);

        let body = unhex(SAE_CONFIRM_BODY);
        let a = Auth::new_checked(&body[..]).unwrap();
        assert_eq!(a.transaction_seq(), SAE_CONFIRM);
        assert_eq!(a.sae_send_confirm(), Some(0));
        assert_eq!(a.sae_group(), None);
        // An SAE body is never read as elements, so this one parses although 00 00 09 ... is not
        // a valid element run.
        assert!(AuthRepr::parse(&a).is_ok());
    }

    #[test]
    fn construct_byte_exact() {
        for hex in [SAE_COMMIT_BODY, SAE_CONFIRM_BODY, SHARED_KEY_CHALLENGE, "000001000000"] {
            let body = unhex(hex);
            let r = AuthRepr::parse(&Auth::new_unchecked(&body[..])).unwrap();
            let mut out = vec![0xa5; r.buffer_len()];
            r.emit(&mut Auth::new_unchecked(&mut out[..]));
            assert_eq!(out, body);
        }
    }

    #[test]
    fn errors() {
        let body = unhex(SHARED_KEY_CHALLENGE);
        assert_eq!(Auth::new_checked(&body[..5]).unwrap_err().kind(), ErrorKind::Truncated);
        let cut = Auth::new_checked(&body[..body.len() - 1]).unwrap();
        assert_eq!(cut.transaction_seq(), 2);
        assert!(AuthRepr::parse(&cut).is_err());
        // SAE commit cut before the group: no group, but still a valid (raw) body.
        let body = unhex("030001000000ff");
        let a = Auth::new_checked(&body[..]).unwrap();
        assert_eq!(a.sae_group(), None);
        assert!(AuthRepr::parse(&a).is_ok());
    }

    fn arb_auth() -> impl Strategy<Value = (u16, u16, u16, Vec<u8>)> {
        (any::<u16>(), any::<u16>(), any::<u16>(), arb_elements())
    }

    proptest! {
        #[test]
        fn round_trip((alg, seq, status, payload) in arb_auth()) {
            let algorithm = AuthAlgorithm::from(alg);
            let payload = if auth_payload_is_raw(algorithm) {
                AuthPayload::Raw(&payload)
            } else {
                AuthPayload::Elements(Elements::new(&payload))
            };
            let r = AuthRepr { algorithm, transaction_seq: seq, status: status.into(), payload };
            let mut buf = vec![0; r.buffer_len()];
            r.emit(&mut Auth::new_unchecked(&mut buf[..]));
            prop_assert_eq!(AuthRepr::parse(&Auth::new_unchecked(&buf[..])).unwrap(), r);
        }

        #[test]
        fn never_panics(alg in 0u16..8, bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let mut bytes = bytes;
            if bytes.len() >= 2 {
                bytes[..2].copy_from_slice(&alg.to_le_bytes());
            }
            let a = Auth::new_unchecked(&bytes[..]);
            if a.check_len().is_ok() {
                let _ = (a.algorithm(), a.transaction_seq(), a.status(), a.sae_group());
                let _ = (a.sae_send_confirm(), a.sae_body(), a.elements().map(|e| e.iter().count()));
            }
            if let Ok(r) = AuthRepr::parse(&a) {
                let mut out = vec![0; r.buffer_len()];
                r.emit(&mut Auth::new_unchecked(&mut out[..]));
                prop_assert_eq!(out, bytes);
            }
        }
    }
}
