//! Capture decryption on arbitrary frame sequences: the WPA handshake tracker, CCMP decryption
//! and AES key unwrap never panic, and the tracker's counts agree with what it answered.
//!
//! Input: frames, each a u16 little-endian length and that many octets (802.11, no FCS). The
//! tracker knows the PMKs of the corpus's hwsim network ("refnet"/"refpassphrase"), of
//! aircrack-ng's AKM 6 capture ("Neheb") and of the demo, given raw so no PBKDF2 runs per
//! input; the seeds (fuzz/seed-corpora) replay real handshakes and CCMP traffic of those
//! networks, so mutations reach MIC checks, key unwrapping and decryption with real keys.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mac80211_core::capture::wpa::{WpaNetwork, WpaOutcome, WpaTracker};
use mac80211_core::crypto::{Key, ccmp_decrypt, key_unwrap};

fn key(hex: &str) -> Key<32> {
    let mut k = [0u8; 32];
    for (i, o) in k.iter_mut().enumerate() {
        *o = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
    }
    Key::new(k)
}

fn networks() -> Vec<WpaNetwork> {
    [
        ("refnet", "fe7d9b92840b2e76c190151554b336818b1800d8227530940dbb27c0cc01dada"),
        ("Neheb", "fb57668cd338374412c26208d79aa5c30ce40a110224f3cfb592a8f2e8bf53e8"),
        ("softmac-demo", "cdcffba51f2ffc399d918b26f35c568036e8ea33935b291f1fd4c4755c59371e"),
    ]
    .into_iter()
    .map(|(ssid, pmk)| WpaNetwork { ssid: ssid.as_bytes().to_vec(), pmk: key(pmk) })
    .collect()
}

fuzz_target!(|data: &[u8]| {
    let mut tracker = WpaTracker::new(networks());
    let mut rest = data;
    let (mut decrypted, mut failed, mut keyless) = (0u64, 0u64, 0u64);
    let tk = Key::new([0x42; 16]);
    while let [lo, hi, tail @ ..] = rest {
        let len = usize::from(u16::from_le_bytes([*lo, *hi])).min(tail.len());
        let (frame, next) = tail.split_at(len);
        rest = next;
        let _ = ccmp_decrypt(&tk, frame);
        let _ = key_unwrap(&tk, frame);
        match tracker.observe(frame) {
            WpaOutcome::Decrypted(mpdu) => {
                decrypted += 1;
                assert_eq!(mpdu.get(1).map(|b| b & 0x40), Some(0), "a decrypted frame is not protected");
            }
            WpaOutcome::DecryptFailed => failed += 1,
            WpaOutcome::NoKey => keyless += 1,
            WpaOutcome::KeyMessage { .. } | WpaOutcome::Other => {}
        }
    }
    let s = tracker.summary();
    assert_eq!((s.frames_decrypted, s.frames_failed, s.frames_without_key), (decrypted, failed, keyless));
    assert!(
        s.handshakes_verified + s.handshakes_incomplete + s.handshakes_other_networks <= s.handshakes_found
    );
});
