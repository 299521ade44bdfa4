//! Interop with real implementations: the WPA2 handshakes in the corpus (hostapd and
//! wpa_supplicant on Linux mac80211_hwsim, and the captures aircrack-ng, Pyrit and fragattacks
//! test with, passphrases from tests/corpus/README.md) verify with our key hierarchy, and every
//! CCMP frame of a verified pair decrypts.

use super::wpa::{WpaNetwork, WpaOutcome, WpaSummary, WpaTracker};
use super::*;
use crate::crypto::psk;
use crate::wire::linktype::split_radio_header;
use std::path::PathBuf;

fn corpus_file(name: &str) -> Vec<u8> {
    let dir = std::env::var_os("SOFTMAC_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/corpus")));
    std::fs::read(dir.join("pcap").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Runs a capture through a tracker for one network; the summary and the decrypted frames.
fn track(name: &str, ssid: &str, passphrase: &str) -> (WpaSummary, Vec<Vec<u8>>) {
    let bytes = corpus_file(name);
    let pmk = psk(passphrase, ssid.as_bytes()).unwrap();
    let mut tracker = WpaTracker::new(vec![WpaNetwork { ssid: ssid.as_bytes().to_vec(), pmk }]);
    let mut plain = Vec::new();
    for record in CaptureReader::new(&bytes).unwrap().map_while(Result::ok) {
        let Ok(split) = split_radio_header(record.linktype, record.data) else { continue };
        if let WpaOutcome::Decrypted(mpdu) = tracker.observe(split.frame) {
            plain.push(mpdu);
        }
    }
    (tracker.summary(), plain)
}

/// (file, SSID, passphrase, handshakes found, CCMP frames decrypted). Every handshake of these
/// captures verifies except where the comment says why not.
const CAPTURES: [(&str, &str, &str, u64, u64); 12] = [
    // hostapd 2.10 + wpa_supplicant 2.10 on Linux 6.1 mac80211_hwsim: two stations.
    ("linux-hwsim__wpa2.pcap", "refnet", "refpassphrase", 2, 142),
    ("aircrack-ng__wpa2.eapol.cap", "Harkonen", "12345678", 1, 0),
    // Three handshakes, two of them PTK rekeys (message 2 with the Secure bit).
    ("aircrack-ng__wpa2-psk-linksys.cap", "linksys", "dictionary", 3, 30),
    // AKM 6 (PSK-SHA256): AES-CMAC MICs and the SHA-256 KDF.
    ("aircrack-ng__n-02.cap", "Neheb", "bo$$password", 1, 15),
    // Message 2 before any ANonce; message 3 brings it.
    ("aircrack-ng__test23.pcap", "WLAN-2", "12345678", 1, 0),
    // Message 1 of another attempt; message 2 answers the ANonce of message 3.
    ("aircrack-ng__testm1m2m3.pcap", "WLAN-2", "12345678", 1, 0),
    ("aircrack-ng__zn2i.pcap", "dlink", "12345678", 2, 1),
    ("aircrack-ng__capture_wds-01.cap", "test1", "12345678", 1, 0),
    ("pyrit__wpa2psk-2WIRE972.pcap", "2WIRE972", "helium02", 1, 0),
    ("pyrit__wpa2psk-Red_Apple.pcap", "Red Apple", "password", 3, 0),
    ("fragattacks__linux-plain-fromap.pcapng", "testnetwork", "abcdefgh", 1, 38),
    // Five messages 2, four of them answering messages 1 the capture does not hold.
    ("aircrack-ng__MOM1.cap", "MOM1", "MOM12345", 5, 0),
];

#[test]
fn every_complete_handshake_verifies_and_every_ccmp_frame_decrypts() {
    for (name, ssid, pass, found, decrypted) in CAPTURES {
        let (s, plain) = track(name, ssid, pass);
        assert_eq!(s.handshakes_found, found, "{name}: {s:?}");
        assert_eq!(s.handshakes_verified + s.handshakes_incomplete, found, "{name}: {s:?}");
        assert_eq!((s.mic_failures, s.frames_failed), (0, 0), "{name}: {s:?}");
        assert_eq!(s.frames_decrypted, decrypted, "{name}: {s:?}");
        for mpdu in &plain {
            let Ok(crate::wire::FrameRepr::Data(d)) = crate::wire::FrameRepr::parse(mpdu) else {
                panic!("{name}: a decrypted frame does not parse: {mpdu:02x?}")
            };
            // Every plaintext body is an LLC/SNAP MSDU (or an A-MSDU, or a Null frame).
            assert!(
                d.payload.is_empty() || d.is_amsdu() || d.payload.starts_with(&[0xaa, 0xaa, 0x03]),
                "{name}: {:02x?}",
                &d.payload[..d.payload.len().min(8)]
            );
        }
    }
    // MOM1: the one complete handshake verifies, the four others are incomplete.
    assert_eq!(track("aircrack-ng__MOM1.cap", "MOM1", "MOM12345").0.handshakes_verified, 1);
}

#[test]
fn a_wrong_passphrase_fails_every_mic_and_decrypts_nothing() {
    let (s, plain) = track("linux-hwsim__wpa2.pcap", "refnet", "not-the-passphrase");
    assert_eq!((s.handshakes_found, s.handshakes_verified, s.mic_failures), (2, 0, 2));
    assert_eq!((s.frames_decrypted, s.frames_failed, s.frames_without_key), (0, 0, 142));
    assert!(plain.is_empty());
}

#[test]
fn another_networks_handshakes_are_not_failures() {
    // test1.pcap: the known network ("ogogo") has no message 2; the handshakes belong to
    // "Smile)", whose passphrase is not given.
    let (s, _) = track("aircrack-ng__test1.pcap", "ogogo", "15211521");
    assert_eq!((s.handshakes_found, s.handshakes_other_networks, s.mic_failures), (4, 4, 0));
}
