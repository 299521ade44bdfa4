//! Security headers of protected MPDUs: CCMP and GCMP (802.11-2020 12.5.3.2, 12.5.5.2), with
//! small read-only peeks at the TKIP and WEP IVs (12.5.2.2, 12.3.2.2) that captures contain.
//!
//! A protected frame's body starts with a security header and ends with a MIC. CCMP and GCMP
//! share one 8-octet header:
//!
//! ```text
//! PN0 PN1 Reserved KeyID-octet PN2 PN3 PN4 PN5
//! KeyID octet: bits 0-4 reserved, bit 5 ExtIV (always 1), bits 6-7 Key ID
//! ```
//!
//! so a 48-bit packet number PN0 (least significant) .. PN5 is split around two octets. TKIP
//! puts the same KeyID octet at offset 3 (TSC1 WEPSeed TSC0 KeyID TSC2..TSC5) and WEP a 3-octet
//! IV before it with ExtIV clear, which is why [`peek_key_id`] and [`peek_ext_iv`] work on any
//! of them.
//!
//! Contract: [`CcmpHeader::check_len`] asks for eight octets; after it no accessor panics, and
//! the view reads whatever the octets say. [`CcmpHeaderRepr::parse`] is strict: ExtIV must be
//! set (`BadValue`, since without it the octets are not a CCMP header) and the reserved
//! octet and bits must be zero (`BadValue`, so that re-emission is byte-exact). The standard
//! has receivers ignore reserved bits, so the receive path reads PN and Key ID through the view
//! and keeps the Repr for building headers. The MIC
//! length depends on the cipher, which the header does not say: see [`CCMP_128_MIC_LEN`] and
//! [`CCMP_256_MIC_LEN`] / [`GCMP_MIC_LEN`].

use super::{Error, ErrorKind, Result};
use core::fmt;

/// Length of the CCMP/GCMP header.
pub const CCMP_HEADER_LEN: usize = 8;
/// MIC length of CCMP-128.
pub const CCMP_128_MIC_LEN: usize = 8;
/// MIC length of CCMP-256.
pub const CCMP_256_MIC_LEN: usize = 16;
/// MIC length of GCMP-128 and GCMP-256.
pub const GCMP_MIC_LEN: usize = 16;
/// Length of the WEP IV field (IV and KeyID octet).
pub const WEP_IV_LEN: usize = 4;
/// Length of the WEP ICV.
pub const WEP_ICV_LEN: usize = 4;
/// Length of the TKIP IV and Extended IV fields.
pub const TKIP_HEADER_LEN: usize = 8;
/// Length of the TKIP Michael MIC (in the MSDU, before the ICV).
pub const TKIP_MIC_LEN: usize = 8;
/// The ExtIV bit of the KeyID octet.
pub const EXT_IV: u8 = 0x20;
/// Largest packet number (48 bits).
pub const PN_MAX: u64 = (1 << 48) - 1;

mod field {
    pub const PN0: usize = 0;
    pub const PN1: usize = 1;
    pub const RESERVED: usize = 2;
    pub const KEY_ID: usize = 3;
    pub const PN2_5: core::ops::Range<usize> = 4..8;
}

/// A read/write view of a CCMP or GCMP header (at the start of a protected frame body).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CcmpHeader<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> CcmpHeader<T> {
    /// Wraps a buffer without checking it; accessors may panic until [`Self::check_len`] passes.
    pub const fn new_unchecked(buffer: T) -> CcmpHeader<T> {
        CcmpHeader { buffer }
    }

    /// Wraps a buffer and checks that the eight header octets are present.
    pub fn new_checked(buffer: T) -> Result<CcmpHeader<T>> {
        let h = Self::new_unchecked(buffer);
        h.check_len()?;
        Ok(h)
    }

    /// Checks that the eight header octets are present.
    pub fn check_len(&self) -> Result<()> {
        if self.buffer.as_ref().len() < CCMP_HEADER_LEN {
            return Err(Error::new(ErrorKind::Truncated, "CCMP header"));
        }
        Ok(())
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The 48-bit packet number.
    #[inline]
    pub fn pn(&self) -> u64 {
        let b = self.buffer.as_ref();
        let hi = &b[field::PN2_5];
        u64::from_le_bytes([b[field::PN0], b[field::PN1], hi[0], hi[1], hi[2], hi[3], 0, 0])
    }

    /// The packet number as the six octets PN0..PN5 (least significant first).
    #[inline]
    pub fn pn_bytes(&self) -> [u8; 6] {
        let b = self.buffer.as_ref();
        [b[0], b[1], b[4], b[5], b[6], b[7]]
    }

    /// The reserved octet (zero when sent by a conforming transmitter).
    #[inline]
    pub fn reserved(&self) -> u8 {
        self.buffer.as_ref()[field::RESERVED]
    }

    /// The whole KeyID octet.
    #[inline]
    pub fn key_id_octet(&self) -> u8 {
        self.buffer.as_ref()[field::KEY_ID]
    }

    /// Key ID, bits 6-7 of the KeyID octet.
    #[inline]
    pub fn key_id(&self) -> u8 {
        self.key_id_octet() >> 6
    }

    /// ExtIV, bit 5 of the KeyID octet.
    #[inline]
    pub fn ext_iv(&self) -> bool {
        self.key_id_octet() & EXT_IV != 0
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> CcmpHeader<&'a T> {
    /// Everything after the header: ciphertext and MIC.
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        &self.buffer.as_ref()[CCMP_HEADER_LEN..]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> CcmpHeader<T> {
    /// Sets the packet number (bits above 48 are dropped).
    #[inline]
    pub fn set_pn(&mut self, pn: u64) {
        let p = pn.to_le_bytes();
        let b = self.buffer.as_mut();
        b[field::PN0] = p[0];
        b[field::PN1] = p[1];
        b[field::PN2_5].copy_from_slice(&p[2..6]);
    }

    /// Sets the reserved octet.
    #[inline]
    pub fn set_reserved(&mut self, v: u8) {
        self.buffer.as_mut()[field::RESERVED] = v
    }

    /// Sets the whole KeyID octet.
    #[inline]
    pub fn set_key_id_octet(&mut self, v: u8) {
        self.buffer.as_mut()[field::KEY_ID] = v
    }
}

impl<T: AsRef<[u8]>> fmt::Debug for CcmpHeader<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.check_len() {
            Ok(()) => {
                write!(f, "CcmpHeader(pn={}, key_id={}, ext_iv={})", self.pn(), self.key_id(), self.ext_iv())
            }
            Err(e) => write!(f, "CcmpHeader(<{e}>)"),
        }
    }
}

/// High-level representation of a CCMP/GCMP header.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct CcmpHeaderRepr {
    /// Packet number, 48 bits.
    pub pn: u64,
    /// Key ID, 0..=3.
    pub key_id: u8,
}

impl CcmpHeaderRepr {
    /// Reads a header; ExtIV must be set and the reserved octet and bits must be zero.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(h: &CcmpHeader<&T>) -> Result<CcmpHeaderRepr> {
        h.check_len()?;
        if !h.ext_iv() {
            return Err(Error::new(ErrorKind::BadValue, "CCMP ExtIV bit clear"));
        }
        if h.reserved() != 0 || h.key_id_octet() & 0x1f != 0 {
            return Err(Error::new(ErrorKind::BadValue, "CCMP reserved bits"));
        }
        Ok(CcmpHeaderRepr { pn: h.pn(), key_id: h.key_id() })
    }

    /// Header length in octets (8).
    pub const fn buffer_len(&self) -> usize {
        CCMP_HEADER_LEN
    }

    /// Writes the header into the start of `h`; the PN is cut to 48 bits and the Key ID to two.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, h: &mut CcmpHeader<T>) {
        h.set_pn(self.pn & PN_MAX);
        h.set_reserved(0);
        h.set_key_id_octet(((self.key_id & 3) << 6) | EXT_IV);
    }
}

/// A CCMP/GCMP-protected frame body split into its three parts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ProtectedBody<'a> {
    /// The security header.
    pub header: CcmpHeader<&'a [u8]>,
    /// The encrypted data.
    pub data: &'a [u8],
    /// The MIC.
    pub mic: &'a [u8],
}

impl<'a> ProtectedBody<'a> {
    /// Splits `body`; `Truncated` when it cannot hold the header and a `mic_len`-octet MIC.
    pub fn split(body: &'a [u8], mic_len: usize) -> Result<ProtectedBody<'a>> {
        if body.len() < CCMP_HEADER_LEN.saturating_add(mic_len) {
            return Err(Error::new(ErrorKind::Truncated, "protected body shorter than CCMP header and MIC"));
        }
        let (head, rest) = body.split_at(CCMP_HEADER_LEN);
        let (data, mic) = rest.split_at(rest.len() - mic_len);
        Ok(ProtectedBody { header: CcmpHeader::new_unchecked(head), data, mic })
    }
}

/// The KeyID octet (offset 3) of a WEP, TKIP, CCMP or GCMP body; `None` when too short.
#[inline]
pub fn peek_key_id_octet(body: &[u8]) -> Option<u8> {
    body.get(3).copied()
}

/// The Key ID (bits 6-7 of octet 3) of any protected body; `None` when too short.
#[inline]
pub fn peek_key_id(body: &[u8]) -> Option<u8> {
    peek_key_id_octet(body).map(|o| o >> 6)
}

/// The ExtIV bit of any protected body: set for TKIP, CCMP and GCMP, clear for WEP.
#[inline]
pub fn peek_ext_iv(body: &[u8]) -> Option<bool> {
    peek_key_id_octet(body).map(|o| o & EXT_IV != 0)
}

/// The 24-bit WEP IV (three octets in transmission order); `None` when too short.
#[inline]
pub fn peek_wep_iv(body: &[u8]) -> Option<[u8; 3]> {
    body.first_chunk::<3>().copied()
}

/// The 48-bit TKIP sequence counter of a TKIP body (TSC0 from octet 2, TSC1 from octet 0,
/// TSC2..TSC5 from octets 4..8); `None` when too short or when ExtIV is clear.
pub fn peek_tkip_tsc(body: &[u8]) -> Option<u64> {
    let b = body.first_chunk::<TKIP_HEADER_LEN>()?;
    if b[3] & EXT_IV == 0 {
        return None;
    }
    Some(u64::from_le_bytes([b[2], b[0], b[4], b[5], b[6], b[7], 0, 0]))
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // aircrack-ng__n-02.cap frame 2: group-addressed data from the AP, CCMP, Key ID 1.
    static N02_GROUP: [u8; 8] = [0x0c, 0x0b, 0x00, 0x60, 0x00, 0x00, 0x00, 0x00];
    // aircrack-ng__capture_wds-01.cap frame 24: 4-address QoS data, CCMP, PN 1, Key ID 0.
    static WDS_PAIRWISE: [u8; 8] = [0x01, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00];
    // fragattacks__amsdu-inject-fromap.pcapng frame 124: protected A-MSDU, PN 0x0101.
    static AMSDU_INJECT: [u8; 8] = [0x01, 0x01, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00];
    // 802.11-2012 M.6.4 CCMP test vector: PN 0xB5039776E70C, Key ID 0.
    static ANNEX_M: [u8; 8] = [0x0c, 0xe7, 0x00, 0x20, 0x76, 0x97, 0x03, 0xb5];

    fn repr(b: &[u8]) -> Result<CcmpHeaderRepr> {
        CcmpHeaderRepr::parse(&CcmpHeader::new_unchecked(b))
    }

    #[test]
    fn deconstruct_capture_headers() {
        assert_eq!(repr(&N02_GROUP), Ok(CcmpHeaderRepr { pn: 0x0b0c, key_id: 1 }));
        assert_eq!(repr(&WDS_PAIRWISE), Ok(CcmpHeaderRepr { pn: 1, key_id: 0 }));
        assert_eq!(repr(&AMSDU_INJECT), Ok(CcmpHeaderRepr { pn: 0x0101, key_id: 0 }));
        let h = CcmpHeader::new_checked(&ANNEX_M[..]).unwrap();
        assert_eq!(h.pn(), 0xb503_9776_e70c);
        assert_eq!(h.pn_bytes(), [0x0c, 0xe7, 0x76, 0x97, 0x03, 0xb5]);
        assert!(h.ext_iv());
    }

    #[test]
    fn construct_annex_m_header() {
        let mut buf = [0xffu8; 8];
        CcmpHeaderRepr { pn: 0xb503_9776_e70c, key_id: 0 }.emit(&mut CcmpHeader::new_unchecked(&mut buf[..]));
        assert_eq!(buf, ANNEX_M);
        CcmpHeaderRepr { pn: 0x0b0c, key_id: 1 }.emit(&mut CcmpHeader::new_unchecked(&mut buf[..]));
        assert_eq!(buf, N02_GROUP);
    }

    #[test]
    fn strict_repr_lenient_view() {
        // WEP IV from aircrack-ng__wep_64_ptw_01.cap frame 1: ExtIV clear.
        let wep = [0x84u8, 0xe8, 0x7e, 0x00, 0xce, 0xc3, 0x43, 0x6d];
        assert_eq!(repr(&wep).unwrap_err().kind(), ErrorKind::BadValue);
        assert!(!CcmpHeader::new_checked(&wep[..]).unwrap().ext_iv());
        // TKIP IV from aircrack-ng__wpa.cap frame 10: the reserved octet is TSC0 = 1.
        let tkip = [0x00u8, 0x20, 0x01, 0x20, 0x00, 0x00, 0x00, 0x00];
        assert_eq!(repr(&tkip).unwrap_err().kind(), ErrorKind::BadValue);
        assert_eq!(repr(&N02_GROUP[..7]).unwrap_err().kind(), ErrorKind::Truncated);
    }

    #[test]
    fn peeks_at_wep_and_tkip() {
        let wep = [0x84u8, 0xe8, 0x7e, 0x00, 0xce];
        assert_eq!(peek_wep_iv(&wep), Some([0x84, 0xe8, 0x7e]));
        assert_eq!(peek_ext_iv(&wep), Some(false));
        assert_eq!(peek_key_id(&wep), Some(0));
        assert_eq!(peek_tkip_tsc(&wep), None);
        let tkip = [0x00u8, 0x20, 0x01, 0x20, 0x00, 0x00, 0x00, 0x00, 0xc1];
        assert_eq!(peek_ext_iv(&tkip), Some(true));
        assert_eq!(peek_tkip_tsc(&tkip), Some(1));
        assert_eq!(peek_key_id(&N02_GROUP), Some(1));
        assert_eq!(peek_key_id(&[1, 2, 3]), None);
        assert_eq!(peek_tkip_tsc(&tkip[..7]), None);
    }

    #[test]
    fn split_protected_body() {
        let mut body = ANNEX_M.to_vec();
        body.extend_from_slice(&[0xaa; 20]);
        body.extend_from_slice(&[0x78, 0x45, 0xce, 0x0b, 0x16, 0xf9, 0x76, 0x23]);
        let p = ProtectedBody::split(&body, CCMP_128_MIC_LEN).unwrap();
        assert_eq!(p.header.pn(), 0xb503_9776_e70c);
        assert_eq!(p.data, &[0xaa; 20]);
        assert_eq!(p.mic, &[0x78, 0x45, 0xce, 0x0b, 0x16, 0xf9, 0x76, 0x23]);
        let e = ProtectedBody::split(&body[..15], CCMP_128_MIC_LEN).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Truncated);
        assert!(ProtectedBody::split(&body[..16], CCMP_128_MIC_LEN).unwrap().data.is_empty());
        assert!(ProtectedBody::split(&body, usize::MAX).is_err());
    }

    proptest! {
        #[test]
        fn round_trip(pn in 0..=PN_MAX, key_id in 0u8..4) {
            let r = CcmpHeaderRepr { pn, key_id };
            let mut buf = [0u8; CCMP_HEADER_LEN];
            r.emit(&mut CcmpHeader::new_unchecked(&mut buf[..]));
            let parsed = repr(&buf).unwrap();
            prop_assert_eq!(parsed, r);
            let mut again = [0u8; CCMP_HEADER_LEN];
            parsed.emit(&mut CcmpHeader::new_unchecked(&mut again[..]));
            prop_assert_eq!(again, buf);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..24), mic in 0usize..32) {
            let h = CcmpHeader::new_unchecked(&bytes[..]);
            if h.check_len().is_ok() {
                let _ = (h.pn(), h.pn_bytes(), h.key_id(), h.ext_iv(), h.reserved(), h.payload());
            }
            if let Ok(r) = CcmpHeaderRepr::parse(&h) {
                let mut out = [0u8; CCMP_HEADER_LEN];
                r.emit(&mut CcmpHeader::new_unchecked(&mut out[..]));
                prop_assert_eq!(&out[..], &bytes[..CCMP_HEADER_LEN]);
            }
            let _ = ProtectedBody::split(&bytes, mic);
            let _ = (peek_key_id(&bytes), peek_ext_iv(&bytes), peek_wep_iv(&bytes), peek_tkip_tsc(&bytes));
            let _ = format!("{h:?}");
        }
    }
}
