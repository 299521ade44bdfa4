//! Key containers: fixed-size secrets that are wiped on drop and never printed, and the PTK.

use super::prf;
use crate::wire::MacAddr;
use zeroize::Zeroize;

/// A secret of `N` octets. Zeroized on drop; `Debug` shows only its length.
#[derive(Clone, PartialEq, Eq)]
pub struct Key<const N: usize>([u8; N]);

impl<const N: usize> Key<N> {
    /// All zeros (to fill in place).
    pub fn zero() -> Key<N> {
        Key([0; N])
    }

    /// A key from its octets.
    pub fn new(octets: [u8; N]) -> Key<N> {
        Key(octets)
    }

    /// The octets, for the cipher that uses them.
    pub fn expose(&self) -> &[u8; N] {
        &self.0
    }

    /// The octets, to fill in place.
    pub fn expose_mut(&mut self) -> &mut [u8; N] {
        &mut self.0
    }
}

impl<const N: usize> Drop for Key<N> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<const N: usize> std::fmt::Debug for Key<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key<{N}>(redacted)")
    }
}

/// The pairwise transient key for CCMP-128 with AKM 2 (12.7.1.3): KCK (EAPOL-Key MIC), KEK
/// (key data wrap), TK (the data frames' temporal key).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Ptk {
    /// EAPOL-Key confirmation key.
    pub kck: Key<16>,
    /// EAPOL-Key encryption key.
    pub kek: Key<16>,
    /// Temporal key.
    pub tk: Key<16>,
}

impl Ptk {
    /// `PRF-384(PMK, "Pairwise key expansion", min(AA,SPA) || max(AA,SPA) ||
    /// min(ANonce,SNonce) || max(ANonce,SNonce))`, split 16/16/16.
    pub fn derive(pmk: &Key<32>, aa: MacAddr, spa: MacAddr, anonce: &[u8; 32], snonce: &[u8; 32]) -> Ptk {
        let data = expansion_data(aa, spa, anonce, snonce);
        let mut out = Key::<48>::zero();
        prf(pmk.expose(), b"Pairwise key expansion", &data, out.expose_mut());
        Ptk::split(&out)
    }

    /// The same for AKM 6 (PSK-SHA256): `KDF-SHA256-384` (12.7.1.6.2) instead of the SHA-1 PRF.
    pub fn derive_sha256(
        pmk: &Key<32>,
        aa: MacAddr,
        spa: MacAddr,
        anonce: &[u8; 32],
        snonce: &[u8; 32],
    ) -> Ptk {
        let data = expansion_data(aa, spa, anonce, snonce);
        let mut out = Key::<48>::zero();
        kdf_sha256(pmk.expose(), b"Pairwise key expansion", &data, out.expose_mut());
        Ptk::split(&out)
    }

    /// KCK, KEK and TK out of 48 octets of key material.
    fn split(out: &Key<48>) -> Ptk {
        let part = |at: usize| {
            let mut k = Key::<16>::zero();
            k.expose_mut().copy_from_slice(&out.expose()[at..at + 16]);
            k
        };
        Ptk { kck: part(0), kek: part(16), tk: part(32) }
    }
}

/// `Min(AA,SPA) || Max(AA,SPA) || Min(ANonce,SNonce) || Max(ANonce,SNonce)`.
fn expansion_data(aa: MacAddr, spa: MacAddr, anonce: &[u8; 32], snonce: &[u8; 32]) -> [u8; 76] {
    let mut data = [0u8; 6 + 6 + 32 + 32];
    let (lo, hi) = if aa.0 <= spa.0 { (aa, spa) } else { (spa, aa) };
    data[..6].copy_from_slice(&lo.0);
    data[6..12].copy_from_slice(&hi.0);
    let (first, second) = if anonce <= snonce { (anonce, snonce) } else { (snonce, anonce) };
    data[12..44].copy_from_slice(first);
    data[44..].copy_from_slice(second);
    data
}

/// `KDF-Hash-Length(K, label, context)` of 12.7.1.6.2 with SHA-256: HMAC-SHA256 of
/// `i (u16 LE, from 1) || label || context || Length (u16 LE, bits)`, concatenated.
fn kdf_sha256(key: &[u8], label: &[u8], context: &[u8], out: &mut [u8]) {
    use hmac::{Hmac, KeyInit, Mac};
    let bits = u16::try_from(out.len() * 8).unwrap_or(u16::MAX);
    for (i, chunk) in out.chunks_mut(32).enumerate() {
        let mut mac =
            <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
        mac.update(&(i as u16 + 1).to_le_bytes());
        mac.update(label);
        mac.update(context);
        mac.update(&bits.to_le_bytes());
        let block = mac.finalize().into_bytes();
        chunk.copy_from_slice(&block[..chunk.len()]);
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn hex<const N: usize>(s: &str) -> [u8; N] {
        let v: Vec<u8> =
            (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect();
        v.try_into().unwrap()
    }

    /// The standard's pairwise key derivation example (as iwd's `ptk_test_1` carries it).
    #[test]
    fn ptk_of_the_pairwise_key_derivation_example() {
        let pmk = Key::new(hex::<32>("0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af"));
        let aa = MacAddr([0xa0, 0xa1, 0xa1, 0xa3, 0xa4, 0xa5]);
        let spa = MacAddr([0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5]);
        let snonce = hex::<32>("c0c1c2c3c4c5c6c7c8c9d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5");
        let anonce = hex::<32>("e0e1e2e3e4e5e6e7e8e9f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405");
        let ptk = Ptk::derive(&pmk, aa, spa, &anonce, &snonce);
        assert_eq!(ptk.kck.expose(), &hex::<16>("379f9852d0199236b94e407ce4c00ec8"));
        assert_eq!(ptk.kek.expose(), &hex::<16>("47c9edc01c2c6e5b4910caddfb3e51a7"));
        assert_eq!(ptk.tk.expose(), &hex::<16>("b2360c79e9710fdd58bea93deaf06599"));
        // The derivation is symmetric in who is who: the supplicant gets the same keys.
        assert_eq!(Ptk::derive(&pmk, spa, aa, &snonce, &anonce), ptk);
    }

    #[test]
    fn keys_never_print() {
        let ptk = Ptk { kck: Key::new([1; 16]), kek: Key::new([2; 16]), tk: Key::new([3; 16]) };
        assert_eq!(
            format!("{ptk:?}"),
            "Ptk { kck: Key<16>(redacted), kek: Key<16>(redacted), tk: Key<16>(redacted) }"
        );
        assert_eq!(format!("{:?}", Key::new([0xaa; 4])), "Key<4>(redacted)");
    }
}
