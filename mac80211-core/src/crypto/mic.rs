//! The EAPOL-Key MIC (IEEE 802.11-2020 12.7.2 h, Table 12-8).
//!
//! The MIC covers the whole EAPOL PDU — 802.1X header and EAPOL-Key body — with the MIC field
//! zero, keyed with the KCK. Key Descriptor Version 2 (AKM 1 and 2 with CCMP) uses
//! HMAC-SHA1-128, the first 16 octets of HMAC-SHA1; version 3 (AKM 5 and 6) AES-128-CMAC.
//! The field sits at octet 81 of the PDU and is 16 octets long for both.
//!
//! [`verify_eapol`] compares in constant time and returns [`MicVerified`], a zero-sized proof
//! only this module can make: installing a key requires one, so a key cannot be installed from
//! a message whose MIC was not checked.

use super::{CryptoError, Key};
use crate::wire::eapol::key::{KeyDescriptorVersion, MIC_OFFSET};
use aes::Aes128;
use cmac::Cmac;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Length of the MIC for both algorithms.
const MIC_LEN: usize = 16;

/// How an EAPOL-Key MIC is computed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MicAlgorithm {
    /// HMAC-SHA1-128 (Key Descriptor Version 2).
    HmacSha1,
    /// AES-128-CMAC (Key Descriptor Version 3).
    AesCmac,
}

impl MicAlgorithm {
    /// The algorithm a Key Descriptor Version names, if it is one of these two.
    pub fn from_descriptor_version(v: KeyDescriptorVersion) -> Option<MicAlgorithm> {
        match v {
            KeyDescriptorVersion::HmacSha1Aes => Some(MicAlgorithm::HmacSha1),
            KeyDescriptorVersion::AesCmac => Some(MicAlgorithm::AesCmac),
            _ => None,
        }
    }
}

/// Proof that an EAPOL-Key MIC verified with the KCK. Only [`verify_eapol`] makes one.
#[derive(Debug)]
pub struct MicVerified {
    _private: (),
}

/// The MIC field's range in an EAPOL PDU long enough to hold it.
fn mic_range(eapol: &[u8]) -> Result<core::ops::Range<usize>, CryptoError> {
    let range = MIC_OFFSET..MIC_OFFSET + MIC_LEN;
    if eapol.len() < range.end + 2 {
        return Err(CryptoError::BadLength);
    }
    Ok(range)
}

/// The MAC over `eapol` with its MIC field taken as zero.
fn keyed(alg: MicAlgorithm, kck: &Key<16>, eapol: &[u8]) -> Result<MicState, CryptoError> {
    let range = mic_range(eapol)?;
    let zeros = [0u8; MIC_LEN];
    let parts: [&[u8]; 3] = [&eapol[..range.start], &zeros, &eapol[range.end..]];
    Ok(match alg {
        MicAlgorithm::HmacSha1 => {
            let mut m =
                <Hmac<Sha1> as KeyInit>::new_from_slice(kck.expose()).map_err(|_| CryptoError::BadLength)?;
            parts.iter().for_each(|p| m.update(p));
            MicState::Hmac(m)
        }
        MicAlgorithm::AesCmac => {
            let mut m = <Cmac<Aes128> as KeyInit>::new_from_slice(kck.expose())
                .map_err(|_| CryptoError::BadLength)?;
            parts.iter().for_each(|p| m.update(p));
            MicState::Cmac(Box::new(m))
        }
    })
}

/// A MAC with the whole PDU fed in.
enum MicState {
    Hmac(Hmac<Sha1>),
    /// Boxed: the AES key schedule makes it several times larger than the HMAC state.
    Cmac(Box<Cmac<Aes128>>),
}

/// The 16-octet MIC of `eapol` (the whole EAPOL PDU; its MIC field is ignored).
pub fn eapol_mic(alg: MicAlgorithm, kck: &Key<16>, eapol: &[u8]) -> Result<[u8; 16], CryptoError> {
    let tag = match keyed(alg, kck, eapol)? {
        MicState::Hmac(m) => m.finalize().into_bytes().to_vec(),
        MicState::Cmac(m) => m.finalize().into_bytes().to_vec(),
    };
    let mut mic = [0; MIC_LEN];
    mic.copy_from_slice(&tag[..MIC_LEN]);
    Ok(mic)
}

/// Computes the MIC of `eapol` and writes it into its MIC field.
pub fn sign_eapol(alg: MicAlgorithm, kck: &Key<16>, eapol: &mut [u8]) -> Result<(), CryptoError> {
    let mic = eapol_mic(alg, kck, eapol)?;
    let range = mic_range(eapol)?;
    eapol[range].copy_from_slice(&mic);
    Ok(())
}

/// Checks the MIC field of `eapol` in constant time.
pub fn verify_eapol(alg: MicAlgorithm, kck: &Key<16>, eapol: &[u8]) -> Result<MicVerified, CryptoError> {
    let range = mic_range(eapol)?;
    let received = &eapol[range];
    let ok = match keyed(alg, kck, eapol)? {
        MicState::Hmac(m) => m.verify_truncated_left(received).is_ok(),
        MicState::Cmac(m) => m.verify_slice(received).is_ok(),
    };
    if ok { Ok(MicVerified { _private: () }) } else { Err(CryptoError::BadMic) }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::crypto::test_vectors::hex;

    /// AES-128-CMAC of RFC 4493 section 4, example 2 (16-octet message), through the same MAC
    /// type the EAPOL MIC uses.
    #[test]
    fn aes_cmac_matches_rfc_4493() {
        let key = hex("2b7e151628aed2a6abf7158809cf4f3c");
        let mut m = <Cmac<Aes128> as KeyInit>::new_from_slice(&key).unwrap();
        m.update(&hex("6bc1bee22e409f96e93d7e117393172a"));
        assert_eq!(m.finalize().into_bytes().to_vec(), hex("070a16b46b4d4144f79bdd9dd04a287c"));
        let empty = <Cmac<Aes128> as KeyInit>::new_from_slice(&key).unwrap();
        assert_eq!(empty.finalize().into_bytes().to_vec(), hex("bb1d6929e95937287fa37d129b756746"));
    }

    #[test]
    fn sign_then_verify_and_any_flip_fails() {
        let kck = Key::new([7; 16]);
        for alg in [MicAlgorithm::HmacSha1, MicAlgorithm::AesCmac] {
            let mut pdu = vec![0x5a; 121];
            sign_eapol(alg, &kck, &mut pdu).unwrap();
            assert!(verify_eapol(alg, &kck, &pdu).is_ok());
            for i in [0, 50, MIC_OFFSET, MIC_OFFSET + 15, 120] {
                let mut bad = pdu.clone();
                bad[i] ^= 1;
                assert_eq!(
                    verify_eapol(alg, &kck, &bad).unwrap_err(),
                    CryptoError::BadMic,
                    "{alg:?} octet {i}"
                );
            }
            assert!(verify_eapol(alg, &Key::new([8; 16]), &pdu).is_err());
        }
        assert_eq!(eapol_mic(MicAlgorithm::HmacSha1, &kck, &[0; 98]).unwrap_err(), CryptoError::BadLength);
    }
}
