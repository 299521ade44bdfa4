//! AES key wrap (RFC 3394, NIST SP 800-38F KW) for the Key Data of EAPOL-Key messages 3 and
//! group 1 (IEEE 802.11-2020 12.7.2 j), keyed with the KEK.
//!
//! The plaintext must be a multiple of 8 octets and at least 16 (the sender pads Key Data with
//! 0xDD and zeros first); the wrapped form is 8 octets longer. Unwrapping checks the integrity
//! value, so a tampered or wrongly keyed Key Data is [`CryptoError::UnwrapFailed`], never
//! garbage. The unwrapped octets hold keys and are zeroized when dropped.

use super::{CryptoError, Key};
use aes::Aes128;
use aes_kw::AesKw;
use hmac::KeyInit;
use zeroize::Zeroizing;

/// Wraps `plaintext` (a multiple of 8 octets, at least 16) with `kek`.
pub fn key_wrap(kek: &Key<16>, plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if plaintext.len() < 16 || !plaintext.len().is_multiple_of(8) {
        return Err(CryptoError::BadLength);
    }
    let kw = AesKw::<Aes128>::new_from_slice(kek.expose()).map_err(|_| CryptoError::BadLength)?;
    let mut out = vec![0; plaintext.len() + 8];
    let n = kw.wrap_key(plaintext, &mut out).map_err(|_| CryptoError::BadLength)?.len();
    out.truncate(n);
    Ok(out)
}

/// Unwraps `wrapped` with `kek`, checking its integrity.
pub fn key_unwrap(kek: &Key<16>, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if wrapped.len() < 24 || !wrapped.len().is_multiple_of(8) {
        return Err(CryptoError::BadLength);
    }
    let kw = AesKw::<Aes128>::new_from_slice(kek.expose()).map_err(|_| CryptoError::BadLength)?;
    let mut out = Zeroizing::new(vec![0; wrapped.len() - 8]);
    let n = kw.unwrap_key(wrapped, &mut out).map_err(|_| CryptoError::UnwrapFailed)?.len();
    out.truncate(n);
    Ok(out)
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::crypto::test_vectors::hex;
    use proptest::prelude::*;

    /// RFC 3394 4.1: 128 bits of key data with a 128-bit KEK.
    #[test]
    fn rfc_3394_vector() {
        let kek = Key::new(hex("000102030405060708090a0b0c0d0e0f").try_into().unwrap());
        let data = hex("00112233445566778899aabbccddeeff");
        let wrapped = key_wrap(&kek, &data).unwrap();
        assert_eq!(wrapped, hex("1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5"));
        assert_eq!(&key_unwrap(&kek, &wrapped).unwrap()[..], &data[..]);
        let mut bad = wrapped.clone();
        bad[5] ^= 1;
        assert_eq!(key_unwrap(&kek, &bad).unwrap_err(), CryptoError::UnwrapFailed);
        assert_eq!(key_wrap(&kek, &data[..12]).unwrap_err(), CryptoError::BadLength);
    }

    proptest! {
        #[test]
        fn unwrap_inverts_wrap(blocks in 2usize..12, seed: u8) {
            let kek = Key::new([seed; 16]);
            let data: Vec<u8> = (0..blocks * 8).map(|i| (i as u8).wrapping_mul(seed)).collect();
            let wrapped = key_wrap(&kek, &data).unwrap();
            prop_assert_eq!(&key_unwrap(&kek, &wrapped).unwrap()[..], &data[..]);
        }

        #[test]
        fn unwrap_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            let _ = key_unwrap(&Key::new([1; 16]), &bytes);
        }
    }
}
