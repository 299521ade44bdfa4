//! WPA2-Personal end to end: a protected AP and stations running the real supplicant and
//! authenticator over the simulated medium, with CCMP on every data frame after the 4-way
//! handshake.

use hwsim::FrameMeta;
use mac80211_core::capture::CaptureReader;
use mac80211_core::mac::{
    ApConfig, ApSecurity, Command, ConnectFailure, ConnectRequest, Credentials, DropReason, Event, EventKind,
    VifId,
};
use mac80211_core::time::Duration;
use mac80211_core::wire::ReasonCode;
use mac80211_core::wire::linktype::split_radio_header;
use softmac_tests::{NodeId, NodeSpec, World, ch2};
use std::net::Ipv4Addr;

const SSID: &str = "refnet";
const PASSPHRASE: &str = "refpassphrase";

fn protected_ap(w: &mut World, rekey: Option<Duration>) -> (NodeId, VifId) {
    let mut config = ApConfig::new(SSID.as_bytes(), ch2(6));
    config.security = Some(ApSecurity { group_rekey: rekey, ..ApSecurity::passphrase(PASSPHRASE) });
    w.add_ap_with("ap", config, NodeSpec::at(0.0, 0.0, 0.0))
}

fn request(passphrase: &str) -> ConnectRequest {
    ConnectRequest {
        ssid: SSID.as_bytes().to_vec(),
        credentials: Some(Credentials::Passphrase(passphrase.to_owned())),
        ..Default::default()
    }
}

/// The 802.11 frames of a capture.
fn frames(pcap: &[u8]) -> Vec<Vec<u8>> {
    CaptureReader::new(pcap)
        .unwrap()
        .map(|r| {
            let r = r.unwrap();
            split_radio_header(r.linktype, r.data).unwrap().frame.to_vec()
        })
        .collect()
}

fn is_data(f: &[u8]) -> bool {
    f.first().is_some_and(|b| b & 0x0c == 0x08) && f.first().is_some_and(|b| b & 0x40 == 0)
}

fn is_protected(f: &[u8]) -> bool {
    f.get(1).is_some_and(|b| b & 0x40 != 0)
}

/// An unprotected data frame carrying EAPOL (LLC/SNAP with EtherType 0x888E).
fn is_eapol(f: &[u8]) -> bool {
    let hlen = if f[0] & 0x80 != 0 { 26 } else { 24 };
    is_data(f) && !is_protected(f) && f.get(hlen..hlen + 8) == Some(&[0xaa, 0xaa, 3, 0, 0, 0, 0x88, 0x8e][..])
}

#[test]
fn a_station_joins_a_wpa2_network_through_the_4_way_handshake() {
    let mut w = World::new(11);
    let (ap, ap_vif) = protected_ap(&mut w, None);
    let (sta, vif) = w.add_station("sta", NodeSpec::at(5.0, 0.0, 0.0));
    let cap = w.capture_channel(ch2(6));
    w.connect(sta, vif, request(PASSPHRASE), Duration::from_secs(10)).unwrap();
    let kinds: Vec<&EventKind> = w.events(sta).iter().map(|e| &e.kind).collect();
    let handshaking = kinds.iter().position(|k| matches!(k, EventKind::Handshaking { .. })).unwrap();
    let connected = kinds.iter().position(|k| matches!(k, EventKind::Connected { .. })).unwrap();
    assert!(handshaking < connected, "{kinds:?}");
    // The AP opens the port when message 4 arrives, just after the station did.
    w.run_for(Duration::from_millis(20));
    let addr = w.vif_addr(sta, vif);
    assert!(w.saw(ap, |k| *k == EventKind::StationAuthorized { addr }));
    let _ = ap_vif;

    let air = frames(&w.finish_capture(cap));
    let beacon = air.iter().find(|f| f[0] == 0x80).unwrap();
    assert_ne!(u16::from_le_bytes([beacon[34], beacon[35]]) & 0x10, 0, "Privacy in the beacon");
    let eapol: Vec<_> = air.iter().filter(|f| is_eapol(f)).collect();
    assert_eq!(eapol.len(), 4, "messages 1-4, no retransmission on a perfect medium");
}

#[test]
fn a_wrong_passphrase_fails_the_handshake_with_the_aps_reason() {
    let mut w = World::new(12);
    let (ap, _) = protected_ap(&mut w, None);
    let (sta, vif) = w.add_station("sta", NodeSpec::at(5.0, 0.0, 0.0));
    w.command(sta, Command::Connect(vif, request("wrong-passphrase"))).unwrap();
    let failed = |w: &mut World| {
        w.events(sta).iter().find_map(|e| match e.kind {
            EventKind::ConnectFailed { failure, .. } => Some(failure),
            _ => None,
        })
    };
    w.drive_until(Duration::from_secs(10), |w| failed(w).is_some()).unwrap();
    assert_eq!(failed(&mut w), Some(ConnectFailure::HandshakeFailed(ReasonCode::MichaelMicFailure)));
    // Four messages 1 (100 ms, then 1 s apart) and a last 1 s wait before the AP gives up,
    // counted from the association response (the AP sends message 1 right after it).
    let at = |pred: &dyn Fn(&EventKind) -> bool| w.events(sta).iter().find(|e| pred(&e.kind)).unwrap().at;
    let took = at(&|k| matches!(k, EventKind::ConnectFailed { .. }))
        - at(&|k| matches!(k, EventKind::Handshaking { .. }));
    assert!(took > Duration::from_millis(3050) && took < Duration::from_millis(3200), "{took:?}");
    assert!(!w.saw(sta, |k| matches!(k, EventKind::Connected { .. })));
    let addr = w.vif_addr(sta, vif);
    assert!(w.saw(ap, |k| matches!(k, EventKind::StationLeft { addr: a, reason: ReasonCode::MichaelMicFailure, by_ap: true } if *a == addr)));
}

#[test]
fn ping_over_ccmp_leaves_no_plaintext_data_on_the_air() {
    let mut w = World::new(13);
    let (_ap, _) = protected_ap(&mut w, None);
    let (s1, v1) = w.add_station("sta1", NodeSpec::at(5.0, 0.0, 0.0));
    let (s2, v2) = w.add_station("sta2", NodeSpec::at(0.0, 5.0, 0.0));
    w.connect_all(&[(s1, v1), (s2, v2)], &request(PASSPHRASE), Duration::from_secs(10)).unwrap();
    w.attach_ip(s1, v1, "10.0.0.2/24");
    w.attach_ip(s2, v2, "10.0.0.3/24");
    let cap = w.capture_channel(ch2(6));
    let r = w.ping((s1, v1), Ipv4Addr::new(10, 0, 0, 3), 50, Duration::from_millis(10));
    assert_eq!((r.sent, r.received, r.lost), (50, 50, 0));
    let air = frames(&w.finish_capture(cap));
    let data: Vec<_> = air.iter().filter(|f| is_data(f) && f.len() > 30).collect();
    assert!(data.len() >= 200, "four hops per echo");
    // Message 4 of the last handshake may still be on its way; everything else is protected.
    let plain: Vec<_> = data.iter().filter(|f| !is_protected(f) && !is_eapol(f)).collect();
    assert!(plain.is_empty(), "every data frame with a body is protected: {:02x?}", plain.first());
}

#[test]
fn group_rekeys_while_pinging_lose_nothing() {
    let mut w = World::new(14);
    let (ap, _) = protected_ap(&mut w, Some(Duration::from_secs(1)));
    let (s1, v1) = w.add_station("sta1", NodeSpec::at(5.0, 0.0, 0.0));
    let (s2, v2) = w.add_station("sta2", NodeSpec::at(0.0, 5.0, 0.0));
    w.connect_all(&[(s1, v1), (s2, v2)], &request(PASSPHRASE), Duration::from_secs(10)).unwrap();
    w.attach_ip(s1, v1, "10.0.0.2/24");
    w.attach_ip(s2, v2, "10.0.0.3/24");
    let start = w.now();
    let r = w.ping((s1, v1), Ipv4Addr::new(10, 0, 0, 3), 300, Duration::from_millis(10));
    assert_eq!((r.sent, r.received, r.lost), (300, 300, 0));
    let rekeys = |n: NodeId| {
        let installed = |e: &&Event| e.at >= start && matches!(e.kind, EventKind::GroupKeyInstalled { .. });
        w.events(n).iter().filter(installed).count()
    };
    assert!(rekeys(ap) >= 2, "at least two rekeys in 3 s");
    assert_eq!(rekeys(s1), rekeys(ap));
    assert_eq!(rekeys(s2), rekeys(ap));
    // Group traffic after the rekeys still flows: a broadcast ARP from sta2 reaches sta1.
    let index = w.events(ap).iter().rev().find_map(|e| match e.kind {
        EventKind::GroupKeyInstalled { index } => Some(index),
        _ => None,
    });
    assert!(matches!(index, Some(1 | 2)));
}

#[test]
fn a_replayed_ccmp_frame_is_dropped_and_counted() {
    let mut w = World::new(15);
    let (ap, _) = protected_ap(&mut w, None);
    let (s1, v1) = w.add_station("sta1", NodeSpec::at(5.0, 0.0, 0.0));
    let (s2, v2) = w.add_station("sta2", NodeSpec::at(0.0, 5.0, 0.0));
    w.connect_all(&[(s1, v1), (s2, v2)], &request(PASSPHRASE), Duration::from_secs(10)).unwrap();
    w.attach_ip(s1, v1, "10.0.0.2/24");
    w.attach_ip(s2, v2, "10.0.0.3/24");
    let cap = w.capture_channel(ch2(6));
    let r = w.ping((s1, v1), Ipv4Addr::new(10, 0, 0, 3), 5, Duration::from_millis(10));
    assert_eq!(r.received, 5);
    let air = frames(&w.finish_capture(cap));
    let a1 = w.vif_addr(s1, v1);
    let bssid = w.vif_addr(ap, VifId(0));
    // The first protected frame the AP sent to sta1 (an old PN by now).
    let old = air
        .iter()
        .find(|f| is_data(f) && is_protected(f) && f[4..10] == a1.0 && f[10..16] == bssid.0)
        .unwrap()
        .clone();
    let before = w.mac(s1).stats(v1).unwrap().drops(DropReason::Replayed);
    let delivered = w.mac(s1).stats(v1).unwrap().rx_packets;
    w.inject(ap, &old).unwrap();
    w.run_for(Duration::from_millis(50));
    let stats = w.mac(s1).stats(v1).unwrap();
    assert_eq!(stats.drops(DropReason::Replayed), before + 1);
    assert_eq!(stats.rx_packets, delivered, "nothing reached the host");
}

#[test]
fn a_tampered_message_3_is_rejected_and_the_retransmission_completes() {
    let mut w = World::new(16);
    let (ap, _) = protected_ap(&mut w, None);
    let (sta, vif) = w.add_station("sta", NodeSpec::at(5.0, 0.0, 0.0));
    let mut done = false;
    w.mutate(
        Box::new(move |m: &FrameMeta<'_>| {
            let f = m.frame;
            // Message 3: EAPOL-Key Information 0x13ca (pairwise, install, ack, MIC, secure,
            // encrypted key data), after the header, LLC/SNAP, EAPOL header and descriptor type.
            let at = if f[0] & 0x80 != 0 { 26 } else { 24 } + 8 + 4 + 1;
            let msg3 = is_eapol(f) && f.get(at..at + 2) == Some(&[0x13, 0xca][..]);
            let first = msg3 && !done;
            done |= msg3;
            first
        }),
        Box::new(|f: &mut Vec<u8>| {
            let last = f.len() - 1;
            f[last] ^= 0x80;
        }),
    );
    w.connect(sta, vif, request(PASSPHRASE), Duration::from_secs(10)).unwrap();
    assert_eq!(w.mac(sta).stats(vif).unwrap().drops(DropReason::KeyMessageRejected), 1);
    let _ = ap;
}

#[test]
fn an_unprotected_data_frame_on_a_protected_link_is_dropped_and_counted() {
    let mut w = World::new(17);
    let (ap, _) = protected_ap(&mut w, None);
    let (sta, vif) = w.add_station("sta", NodeSpec::at(5.0, 0.0, 0.0));
    w.connect(sta, vif, request(PASSPHRASE), Duration::from_secs(10)).unwrap();
    let bssid = w.vif_addr(ap, VifId(0));
    let me = w.vif_addr(sta, vif);
    // From DS data: A1 = us, A2 = BSSID, A3 = SA; LLC/SNAP IPv4 and a few octets.
    let mut frame = vec![0x08, 0x02, 0, 0];
    frame.extend_from_slice(&me.0);
    frame.extend_from_slice(&bssid.0);
    frame.extend_from_slice(&bssid.0);
    frame.extend_from_slice(&[0x70, 0x0f]);
    frame.extend_from_slice(&[0xaa, 0xaa, 3, 0, 0, 0, 0x08, 0x00]);
    frame.extend_from_slice(&[0x45; 28]);
    let before = w.mac(sta).stats(vif).unwrap().rx_packets;
    w.inject(ap, &frame).unwrap();
    w.run_for(Duration::from_millis(50));
    let stats = w.mac(sta).stats(vif).unwrap();
    assert_eq!(stats.drops(DropReason::Unprotected), 1);
    assert_eq!(stats.rx_packets, before);
}
