//! # WPA2-Personal key hierarchy (IEEE 802.11-2020 12.7.1)
//!
//! Pure functions from secrets to secrets; no state, no I/O, no randomness (nonces come in).
//!
//! - [`psk`]: passphrase → PSK = PMK, PBKDF2-HMAC-SHA1 with the SSID as salt and 4096
//!   iterations (J.4.1).
//! - [`prf`]: the SHA-1 PRF of 12.7.1.2 (`PRF-n(K, A, B)`: HMAC-SHA1 over `A || 0 || B || i`).
//! - [`Ptk::derive`]: the pairwise key hierarchy of 12.7.1.3 for AKM 2 (PSK) with CCMP-128:
//!   PRF-384 over "Pairwise key expansion" and the sorted addresses and nonces, split into KCK,
//!   KEK and TK.
//!
//! - [`eapol_mic`], [`sign_eapol`], [`verify_eapol`]: the EAPOL-Key MIC (12.7.2), HMAC-SHA1-128
//!   or AES-128-CMAC; verification returns the [`MicVerified`] proof key installation needs.
//! - [`key_wrap`], [`key_unwrap`]: AES key wrap of Key Data (RFC 3394).
//! - [`ccmp_encrypt`], [`ccmp_decrypt`]: CCMP-128 (12.5.3); [`ReplayCounters`] per TID.
//!
//! Key material is zeroized on drop and never printed: every key type's `Debug` is redacted.
//! Verified against the standard's and the RFCs' vectors (J.3, J.4, J.6.4, RFC 3394, RFC 4493)
//! in the tests.

mod ccmp;
mod keys;
mod keywrap;
mod mic;
mod replay;

pub use ccmp::{CcmpDecrypted, ccmp_decrypt, ccmp_encrypt};
pub use keys::{Key, Ptk};
pub use keywrap::{key_unwrap, key_wrap};
pub use mic::{MicAlgorithm, MicVerified, eapol_mic, sign_eapol, verify_eapol};
pub use replay::{ReplayCounters, Replayed};

/// Why a cryptographic operation failed.
#[derive(Clone, Copy, PartialEq, Eq, Debug, thiserror::Error)]
pub enum CryptoError {
    /// The MIC (EAPOL-Key or CCMP) does not verify.
    #[error("MIC does not verify")]
    BadMic,
    /// The input is too short or not a multiple of the block the operation needs.
    #[error("bad input length")]
    BadLength,
    /// AES key unwrap found the wrong integrity value (tampered, or another KEK).
    #[error("key unwrap integrity check failed")]
    UnwrapFailed,
    /// The frame's Protected bit is clear.
    #[error("frame is not protected")]
    NotProtected,
    /// The frame or header is malformed (too short, no ExtIV, PN or Key ID out of range).
    #[error("malformed frame")]
    Malformed,
}

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// PBKDF2 iterations of the passphrase-to-PSK mapping (J.4.1).
pub const PSK_ITERATIONS: u32 = 4096;

/// Why a passphrase cannot be used.
#[derive(Clone, Copy, PartialEq, Eq, Debug, thiserror::Error)]
pub enum PassphraseError {
    /// A passphrase is 8 to 63 ASCII characters (J.4.1).
    #[error("a WPA passphrase is 8 to 63 printable ASCII characters")]
    BadLength,
    /// Only printable ASCII (32 to 126) is allowed.
    #[error("a WPA passphrase is printable ASCII only")]
    NotPrintable,
}

/// The PSK (the PMK of AKM 2) of `passphrase` on the network `ssid`.
pub fn psk(passphrase: &str, ssid: &[u8]) -> Result<Key<32>, PassphraseError> {
    check_passphrase(passphrase)?;
    let mut out = Key::zero();
    pbkdf2::pbkdf2_hmac::<Sha1>(passphrase.as_bytes(), ssid, PSK_ITERATIONS, out.expose_mut());
    Ok(out)
}

/// Checks that `passphrase` is 8 to 63 printable ASCII characters (J.4.1).
pub fn check_passphrase(passphrase: &str) -> Result<(), PassphraseError> {
    if !(8..=63).contains(&passphrase.len()) {
        return Err(PassphraseError::BadLength);
    }
    if !passphrase.bytes().all(|b| (32..=126).contains(&b)) {
        return Err(PassphraseError::NotPrintable);
    }
    Ok(())
}

/// `PRF-n(key, label, data)` of 12.7.1.2, filling `out` (n = 8 × `out.len()`): HMAC-SHA1 of
/// `label || 0x00 || data || i` for i = 0, 1, ..., concatenated and truncated.
pub fn prf(key: &[u8], label: &[u8], data: &[u8], out: &mut [u8]) {
    for (i, chunk) in out.chunks_mut(20).enumerate() {
        let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
        mac.update(label);
        mac.update(&[0]);
        mac.update(data);
        // The counter is one octet; PRF-384/512 need at most 4 rounds.
        mac.update(&[i as u8]);
        let block = mac.finalize().into_bytes();
        chunk.copy_from_slice(&block[..chunk.len()]);
    }
}

/// Hex decoding for the test vectors of every crypto module.
#[cfg(test)]
pub(crate) mod test_vectors {
    /// The octets of a hex string.
    pub(crate) fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn passphrase_to_psk_vectors_of_annex_j4() {
        let cases = [
            ("password", "IEEE", "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e"),
            (
                "ThisIsAPassword",
                "ThisIsASSID",
                "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af",
            ),
            (
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ",
                "becb93866bb8c3832cb777c2f559807c8c59afcb6eae734885001300a981cc62",
            ),
        ];
        for (pass, ssid, want) in cases {
            assert_eq!(psk(pass, ssid.as_bytes()).unwrap().expose(), hex(want).as_slice(), "{pass}");
        }
    }

    #[test]
    fn passphrases_outside_the_standard_are_refused() {
        assert_eq!(psk("short", b"x").unwrap_err(), PassphraseError::BadLength);
        assert_eq!(psk(&"a".repeat(64), b"x").unwrap_err(), PassphraseError::BadLength);
        assert_eq!(psk("pass\u{7f}word", b"x").unwrap_err(), PassphraseError::NotPrintable);
    }

    #[test]
    fn prf_vectors_of_annex_j3() {
        let cases: [(Vec<u8>, Vec<u8>, &str); 3] = [
            (
                vec![0x0b; 20],
                b"Hi There".to_vec(),
                "bcd4c650b30b9684951829e0d75f9d54b862175ed9f00606e17d8da35402ffee75df78c3d31e0f889f012120c0862beb67753e7439ae242edb8373698356cf5a",
            ),
            (
                b"Jefe".to_vec(),
                b"what do ya want for nothing?".to_vec(),
                "51f4de5b33f249adf81aeb713a3c20f4fe631446fabdfa58244759ae58ef9009a99abf4eac2ca5fa87e692c440eb40023e7babb206d61de7b92f41529092b8fc",
            ),
            (
                vec![0xaa; 20],
                vec![0xdd; 50],
                "e1ac546ec4cb636f9976487be5c86be17a0252ca5d8d8df12cfb0473525249ce9dd8d177ead710bc9b590547239107aef7b4abd43d87f0a68f1cbd9e2b6f7607",
            ),
        ];
        for (key, data, want) in cases {
            let mut out = [0u8; 64];
            prf(&key, b"prefix", &data, &mut out);
            assert_eq!(out.as_slice(), hex(want).as_slice());
        }
    }
}
