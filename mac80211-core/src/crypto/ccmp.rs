//! CCMP-128 encapsulation and decapsulation (IEEE 802.11-2020 12.5.3.3, 12.5.3.4).
//!
//! AES-CCM with a 16-octet temporal key, an 8-octet MIC and a 13-octet nonce (L = 2):
//!
//! - Nonce: Nonce Flags (priority = the TID of a QoS data frame, else 0, in bits 0-3; bit 4 set
//!   for management frames), A2, then the PN most significant octet first.
//! - AAD: Frame Control with Retry, Power Management and More Data cleared and Protected set
//!   (and, in data frames, subtype bits 4-6 cleared and, with a QoS Control field, the Order
//!   bit cleared); A1, A2, A3; Sequence Control with the sequence number zeroed (fragment
//!   number kept); A4 when present; the QoS Control TID (the rest of the field zeroed). The HT
//!   Control field is not covered.
//!
//! Contract: [`ccmp_encrypt`] takes a plaintext MPDU (header and body, no FCS) and returns it
//! protected: the Protected bit set, the 8-octet CCMP header with the PN and Key ID after the
//! MAC header, the body encrypted, the MIC appended. [`ccmp_decrypt`] inverts it and returns the
//! plaintext MPDU (Protected cleared, CCMP header and MIC gone) with the PN and Key ID it
//! carried; it never panics, whatever the octets: a frame too short for a header, a CCMP
//! header and a MIC is `Malformed`, a MIC that does not verify is `BadMic`. The PN is not
//! judged here: replay checking belongs to the receiver's counters ([`super::ReplayCounters`]).

use super::{CryptoError, Key};
use crate::wire::ccmp::{CCMP_128_MIC_LEN, CCMP_HEADER_LEN, CcmpHeader, CcmpHeaderRepr};
use crate::wire::fc::flags;
use crate::wire::{Frame, FrameControl, FrameType};
use aes::Aes128;
use ccm::aead::AeadInOut;
use ccm::consts::{U8, U13};
use hmac::KeyInit;

type Ccm128 = ccm::Ccm<Aes128, U8, U13>;

/// A decrypted MPDU and what its CCMP header said.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CcmpDecrypted {
    /// The MPDU with the Protected bit cleared and the plaintext body.
    pub mpdu: Vec<u8>,
    /// The packet number.
    pub pn: u64,
    /// The Key ID (0-3).
    pub key_id: u8,
}

/// The nonce and AAD of an MPDU whose MAC header is `header`.
fn nonce_and_aad(header: &[u8], pn: u64) -> Result<([u8; 13], Vec<u8>), CryptoError> {
    let frame = Frame::new_checked(header).map_err(|_| CryptoError::Malformed)?;
    let fc = frame.frame_control();
    // Only data and management frames are protected; both have three addresses and a
    // Sequence Control field (24 octets at least).
    let data = fc.frame_type() == FrameType::Data;
    if !(data || fc.frame_type() == FrameType::Management) || header.len() < 24 {
        return Err(CryptoError::Malformed);
    }
    let tid = frame.qos_control().filter(|_| data).map(|q| q.tid());
    let mut nonce = [0u8; 13];
    nonce[0] = tid.unwrap_or(0) | if fc.frame_type() == FrameType::Management { 0x10 } else { 0 };
    nonce[1..7].copy_from_slice(&header[10..16]);
    nonce[7..13].copy_from_slice(&pn.to_be_bytes()[2..]);

    let mut masked = FrameControl(fc.0)
        .with_flag(flags::RETRY, false)
        .with_flag(flags::PWR_MGT, false)
        .with_flag(flags::MORE_DATA, false)
        .with_flag(flags::PROTECTED, true);
    if data {
        masked = FrameControl(masked.0 & !0x0070);
        if tid.is_some() {
            masked = masked.with_flag(flags::ORDER, false);
        }
    }
    let mut aad = Vec::with_capacity(30);
    aad.extend_from_slice(&masked.0.to_le_bytes());
    aad.extend_from_slice(&header[4..22]);
    aad.extend_from_slice(&[header[22] & 0x0f, 0]);
    if fc.to_ds() && fc.from_ds() {
        aad.extend_from_slice(header.get(24..30).ok_or(CryptoError::Malformed)?);
    }
    if let Some(tid) = tid {
        aad.extend_from_slice(&[tid, 0]);
    }
    Ok((nonce, aad))
}

/// The MAC header length of an MPDU (no FCS), checked.
fn header_len(mpdu: &[u8]) -> Result<usize, CryptoError> {
    let frame = Frame::new_checked(mpdu).map_err(|_| CryptoError::Malformed)?;
    Ok(frame.header_len())
}

/// Protects a plaintext MPDU with `tk`, packet number `pn` and Key ID `key_id` (0-3).
pub fn ccmp_encrypt(tk: &Key<16>, pn: u64, key_id: u8, mpdu: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if pn >= 1 << 48 || key_id > 3 {
        return Err(CryptoError::Malformed);
    }
    let hlen = header_len(mpdu)?;
    let mut out = Vec::with_capacity(mpdu.len() + CCMP_HEADER_LEN + CCMP_128_MIC_LEN);
    out.extend_from_slice(&mpdu[..hlen]);
    out[1] |= (flags::PROTECTED >> 8) as u8;
    let (nonce, aad) = nonce_and_aad(&out, pn)?;
    let mut ccmp = [0u8; CCMP_HEADER_LEN];
    CcmpHeaderRepr { pn, key_id }.emit(&mut CcmpHeader::new_unchecked(&mut ccmp[..]));
    out.extend_from_slice(&ccmp);
    let body_at = out.len();
    out.extend_from_slice(&mpdu[hlen..]);
    let cipher = Ccm128::new_from_slice(tk.expose()).map_err(|_| CryptoError::Malformed)?;
    let tag = cipher
        .encrypt_inout_detached(&nonce.into(), &aad, out[body_at..].as_mut().into())
        .map_err(|_| CryptoError::BadLength)?;
    out.extend_from_slice(&tag);
    Ok(out)
}

/// Decrypts a protected MPDU with `tk`, verifying its MIC.
pub fn ccmp_decrypt(tk: &Key<16>, mpdu: &[u8]) -> Result<CcmpDecrypted, CryptoError> {
    let hlen = header_len(mpdu)?;
    if mpdu[1] & (flags::PROTECTED >> 8) as u8 == 0 {
        return Err(CryptoError::NotProtected);
    }
    if mpdu.len() < hlen + CCMP_HEADER_LEN + CCMP_128_MIC_LEN {
        return Err(CryptoError::Malformed);
    }
    let ccmp =
        CcmpHeader::new_checked(&mpdu[hlen..hlen + CCMP_HEADER_LEN]).map_err(|_| CryptoError::Malformed)?;
    if !ccmp.ext_iv() {
        return Err(CryptoError::Malformed);
    }
    let (pn, key_id) = (ccmp.pn(), ccmp.key_id());
    let (nonce, aad) = nonce_and_aad(&mpdu[..hlen], pn)?;
    let (body, tag) =
        mpdu[hlen + CCMP_HEADER_LEN..].split_at(mpdu.len() - hlen - CCMP_HEADER_LEN - CCMP_128_MIC_LEN);
    let mut out = Vec::with_capacity(hlen + body.len());
    out.extend_from_slice(&mpdu[..hlen]);
    out[1] &= !((flags::PROTECTED >> 8) as u8);
    out.extend_from_slice(body);
    let cipher = Ccm128::new_from_slice(tk.expose()).map_err(|_| CryptoError::Malformed)?;
    let tag: [u8; CCMP_128_MIC_LEN] = tag.try_into().map_err(|_| CryptoError::Malformed)?;
    cipher
        .decrypt_inout_detached(&nonce.into(), &aad, out[hlen..].as_mut().into(), &tag.into())
        .map_err(|_| CryptoError::BadMic)?;
    Ok(CcmpDecrypted { mpdu: out, pn, key_id })
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::crypto::test_vectors::hex;
    use proptest::prelude::*;

    /// IEEE 802.11-2012 M.6.4 (J.6.4 in 802.11-2020), via linux-anchor.md §5.7.
    const TK: &str = "c97c1f67ce371185514a8a19f2bdd52f";
    /// The vector's header as transmitted (Retry and Protected set).
    const HEADER: &str = "0848c32c0fd2e128a57c5030f1844408abaea5b8fcba8033";
    const PLAIN: &str = "f8ba1a55d02f85ae967bb62fb6cda8eb7e78a050";
    const PN: u64 = 0xB503_9776_E70C;

    fn tk() -> Key<16> {
        Key::new(hex(TK).try_into().unwrap())
    }

    /// The vector's MPDU before protection: Protected clear.
    fn plain_mpdu() -> Vec<u8> {
        let mut mpdu = [hex(HEADER), hex(PLAIN)].concat();
        mpdu[1] &= !0x40;
        mpdu
    }

    #[test]
    fn encrypts_the_standards_mpdu_exactly() {
        let mpdu = plain_mpdu();
        let out = ccmp_encrypt(&tk(), PN, 0, &mpdu).unwrap();
        let (nonce, aad) = nonce_and_aad(&out[..24], PN).unwrap();
        assert_eq!(nonce.to_vec(), hex("005030f1844408b5039776e70c"));
        assert_eq!(aad, hex("08400fd2e128a57c5030f1844408abaea5b8fcba0000"));
        let want = [
            hex(HEADER),
            hex("0ce70020769703b5"),
            hex("f3d0a2fe9a3dbf2342a643e43246e80c3c04d019"),
            hex("7845ce0b16f97623"),
        ]
        .concat();
        assert_eq!(out, want);
        let back = ccmp_decrypt(&tk(), &out).unwrap();
        assert_eq!((back.mpdu, back.pn, back.key_id), (mpdu, PN, 0));
    }

    #[test]
    fn any_flipped_bit_outside_the_masked_fields_fails_the_mic() {
        let out = ccmp_encrypt(&tk(), PN, 0, &plain_mpdu()).unwrap();
        for i in [4, 10, 16, 22, 24, 30, 33, 40, out.len() - 1] {
            let mut bad = out.clone();
            bad[i] ^= 0x01;
            assert!(ccmp_decrypt(&tk(), &bad).is_err(), "octet {i}");
        }
        // Retry is masked out of the AAD: a retransmission decrypts.
        let mut retry = out.clone();
        retry[1] ^= 0x08;
        assert!(ccmp_decrypt(&tk(), &retry).is_ok());
        let mut plain = out.clone();
        plain[1] &= !0x40;
        assert_eq!(ccmp_decrypt(&tk(), &plain).unwrap_err(), CryptoError::NotProtected);
    }

    proptest! {
        #[test]
        fn decrypt_inverts_encrypt(
            qos in any::<bool>(),
            tid in 0u8..16,
            pn in 0u64..(1 << 48),
            key_id in 0u8..4,
            body in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            let mut mpdu = plain_mpdu()[..24].to_vec();
            if qos {
                mpdu[0] = 0x88;
                mpdu.extend_from_slice(&[tid, 0]);
            }
            mpdu.extend_from_slice(&body);
            let out = ccmp_encrypt(&tk(), pn, key_id, &mpdu).unwrap();
            let back = ccmp_decrypt(&tk(), &out).unwrap();
            prop_assert_eq!((back.mpdu, back.pn, back.key_id), (mpdu, pn, key_id));
        }

        #[test]
        fn decrypt_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
            let _ = ccmp_decrypt(&tk(), &bytes);
        }
    }
}
