//! A radio with hardware crypto: the station's MAC offers its keys (`InstallKey`) and leaves
//! CCMP to the radio (`MacConfig::hw_crypto`); a stand-in for the hardware between the two MACs
//! encrypts what the station sends and decrypts what it receives with exactly those keys. The
//! AP does CCMP in software. If the station's frames or key offers were wrong, the AP could not
//! decrypt them and the ping would fail.

use mac80211_core::channel::{Band, Channel};
use mac80211_core::crypto::{Key, ccmp_decrypt, ccmp_encrypt};
use mac80211_core::mac::{
    ApConfig, ApSecurity, Command, CommandOutput, ConnectRequest, Credentials, EventKind, KeyConfig, Mac,
    MacConfig, RadioRequest, RxInfo, TxStatus, VifId, VifKind,
};
use mac80211_core::time::{Duration, Instant};
use mac80211_core::wire::MacAddr;
use mac80211_core::wire::ccmp::{CCMP_HEADER_LEN, CcmpHeader};
use std::collections::BTreeMap;

const AP: MacAddr = MacAddr([2, 0, 0, 0, 0x0a, 0]);
const STA: MacAddr = MacAddr([2, 0, 0, 0, 0x5a, 0]);

fn mac(addr: MacAddr, kind: VifKind, hw_crypto: bool) -> (Mac, VifId) {
    let ch6 = Channel::from_number(Band::Ghz2_4, 6).unwrap();
    let mut config = MacConfig::new(addr, 3).with_channels(vec![ch6]);
    config.hw_crypto = hw_crypto;
    let mut mac = Mac::new(config);
    let Ok(CommandOutput::VifAdded(vif)) =
        mac.handle_command(Instant::ZERO, Command::AddVif { kind, addr: None })
    else {
        panic!("interface")
    };
    (mac, vif)
}

/// The keys the station's radio was given: (peer, index) → TK.
type KeyTable = BTreeMap<(Option<MacAddr>, u8), Key<16>>;

fn header_len(f: &[u8]) -> usize {
    if f[0] & 0x80 != 0 { 26 } else { 24 }
}

/// What the hardware does on transmit: a frame with the Protected bit and a CCMP header but a
/// plaintext body is encrypted with the key its Key ID names, at the PN the MAC chose.
fn hw_encrypt(keys: &KeyTable, frame: Vec<u8>) -> Vec<u8> {
    if frame[1] & 0x40 == 0 {
        return frame;
    }
    let h = header_len(&frame);
    let ccmp = CcmpHeader::new_checked(&frame[h..h + CCMP_HEADER_LEN]).unwrap();
    let (pn, key_id) = (ccmp.pn(), ccmp.key_id());
    let peer = (key_id == 0).then(|| MacAddr::from_bytes(&frame[4..10]));
    let mut plain = frame[..h].to_vec();
    plain[1] &= !0x40;
    plain.extend_from_slice(&frame[h + CCMP_HEADER_LEN..]);
    ccmp_encrypt(&keys[&(peer, key_id)], pn, key_id, &plain).unwrap()
}

/// What the hardware does on receive: decrypt with its keys, strip header and MIC.
fn hw_decrypt(keys: &KeyTable, frame: &[u8]) -> (Vec<u8>, bool) {
    if frame[1] & 0x40 == 0 || frame[0] & 0x0c != 0x08 {
        return (frame.to_vec(), false);
    }
    let h = header_len(frame);
    let key_id = frame[h + 3] >> 6;
    let peer = (key_id == 0).then(|| MacAddr::from_bytes(&frame[10..16]));
    (ccmp_decrypt(&keys[&(peer, key_id)], frame).unwrap().mpdu, true)
}

#[test]
fn a_station_with_hardware_crypto_joins_and_exchanges_data_with_a_software_ap() {
    let (mut ap, ap_vif) = mac(AP, VifKind::Ap, false);
    let (mut sta, sta_vif) = mac(STA, VifKind::Station, true);
    let mut config = ApConfig::new(b"hw", Channel::from_number(Band::Ghz2_4, 6).unwrap());
    config.security = Some(ApSecurity::passphrase("refpassphrase"));
    let mut now = Instant::ZERO;
    ap.handle_command(now, Command::StartAp(ap_vif, config)).unwrap();
    let credentials = Some(Credentials::Passphrase("refpassphrase".into()));
    let req = ConnectRequest { ssid: b"hw".to_vec(), credentials, ..Default::default() };
    sta.handle_command(now, Command::Connect(sta_vif, req)).unwrap();

    let mut keys = KeyTable::new();
    let mut plaintext_from_sta = 0;
    let mut delivered_to_ap = 0;
    let ethernet = |dst: MacAddr, src: MacAddr| {
        let mut f = dst.0.to_vec();
        f.extend_from_slice(&src.0);
        f.extend_from_slice(&[0x08, 0x00]);
        f.extend_from_slice(&[0x45; 40]);
        f
    };
    let end = now + Duration::from_secs(5);
    let mut sent = false;
    while now < end {
        while let Some(r) = sta.poll_radio() {
            if let RadioRequest::InstallKey(_, KeyConfig { peer, index, key, .. }) = r {
                keys.insert((peer, index), key);
            }
        }
        while ap.poll_radio().is_some() {}
        while let Some(t) = sta.poll_transmit() {
            // A protected frame leaves the MAC with its LLC header in clear after the CCMP header.
            let h = header_len(&t.frame);
            let clear = t.frame[1] & 0x40 != 0 && t.frame.get(h + 8..h + 11) == Some(&[0xaa, 0xaa, 3][..]);
            plaintext_from_sta += usize::from(clear);
            let frame = hw_encrypt(&keys, t.frame);
            ap.handle_rx(now, RxInfo { freq: 2437, signal_dbm: -40, rate: None, decrypted: false }, &frame);
            sta.handle_tx_status(now, TxStatus { cookie: t.cookie, acked: true, retries: 0 });
        }
        while let Some(t) = ap.poll_transmit() {
            let (frame, decrypted) = hw_decrypt(&keys, &t.frame);
            sta.handle_rx(now, RxInfo { freq: 2437, signal_dbm: -40, rate: None, decrypted }, &frame);
            ap.handle_tx_status(now, TxStatus { cookie: t.cookie, acked: true, retries: 0 });
        }
        while let Some(e) = sta.poll_event() {
            if matches!(e.kind, EventKind::Connected { .. }) && !sent {
                sta.handle_ethernet(now, sta_vif, &ethernet(AP, STA)).unwrap();
                sent = true;
            }
        }
        while ap.poll_event().is_some() {}
        delivered_to_ap += std::iter::from_fn(|| ap.poll_deliver()).count();
        while sta.poll_deliver().is_some() {}
        let next = [ap.poll_timeout(), sta.poll_timeout()].into_iter().flatten().min();
        now = next.map_or(end, |t| t.max(now + Duration::from_micros(10)));
        ap.handle_timeout(now);
        sta.handle_timeout(now);
    }
    assert!(sent, "the handshake completed over the hardware path");
    assert_eq!(keys.keys().map(|k| k.1).collect::<Vec<_>>(), [1, 0], "GTK (group) and PTK offered");
    assert_eq!(delivered_to_ap, 1, "the AP decrypted the frame the radio encrypted");
    assert!(plaintext_from_sta >= 1, "the MAC left the encryption to the radio");
}
