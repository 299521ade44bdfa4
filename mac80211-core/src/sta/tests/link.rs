//! The established link: data path integration, beacon loss, and every way the link ends.

use super::*;
use crate::mac::testing::AP2;
use crate::mac::{CommandError, DeliveredKind, DisconnectCause, TxRate, VifKind};
use crate::wire::element::Ssid;
use crate::wire::{Frame, ReasonCode};

/// The beacon-loss window of the test AP: 7 beacon intervals.
fn window() -> Duration {
    BEACON.saturating_mul(7)
}

/// An IPv4 Ethernet frame from us to `dst`.
fn ethernet(dst: MacAddr, src: MacAddr, payload: &[u8]) -> Vec<u8> {
    let mut f = Vec::new();
    f.extend_from_slice(&dst.0);
    f.extend_from_slice(&src.0);
    f.extend_from_slice(&[0x08, 0x00]);
    f.extend_from_slice(payload);
    f
}

/// A unicast probe request to the AP for "net", parsed and checked.
fn assert_ap_probe(t: &Transmit) {
    let m = parse(t);
    assert_eq!((m.header.addr1, m.header.addr2, m.header.addr3), (AP, Some(OWN), Some(AP)));
    let MgmtBody::ProbeReq(p) = m.body else { panic!("{m:?}") };
    assert_eq!(p.elements.get::<Ssid>().unwrap().unwrap().as_bytes(), b"net");
}

#[test]
fn data_flows_both_ways_after_connect() {
    let (mut h, _) = connected();
    let dst = MacAddr([2, 0, 0, 0, 0x99, 1]);
    let payload = [0x45, 0, 0, 20, 1, 2, 3, 4];
    h.mac.handle_ethernet(h.now, h.vif, &ethernet(dst, OWN, &payload)).unwrap();
    let tx = h.take_tx();
    assert_eq!(tx.len(), 1);
    let frame = Frame::new_checked(&tx[0].frame[..]).unwrap();
    let hdr = HeaderRepr::parse(&frame).unwrap();
    assert!(hdr.frame_control.to_ds() && !hdr.frame_control.from_ds());
    assert!(hdr.frame_control.is_qos_data(), "the AP granted WMM");
    assert_eq!((hdr.addr1, hdr.addr2, hdr.addr3), (AP, Some(OWN), Some(dst)));
    assert_eq!(tx[0].rate, TxRate::Ht { mcs: 7, wide: false, short_gi: false });
    assert_eq!(&tx[0].frame[hdr.buffer_len()..][..8], &[0xaa, 0xaa, 3, 0, 0, 0, 8, 0]);

    let sa = MacAddr([2, 0, 0, 0, 0x77, 1]);
    let msdu = [&[0xaa, 0xaa, 3, 0, 0, 0, 8, 0][..], &payload].concat();
    h.rx(&from_ds(AP, OWN, sa, 10, &msdu));
    let d = h.take_deliveries();
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].vif, d[0].kind), (h.vif, DeliveredKind::Ethernet));
    assert_eq!(d[0].frame, ethernet(OWN, sa, &payload));
    let link = h.mac.link(h.vif).unwrap();
    assert_eq!((link.stats.rx_packets, link.stats.tx_packets), (1, 1));
}

#[test]
fn beacons_and_data_from_the_ap_keep_the_link() {
    let (mut h, up) = connected();
    // Beacons every interval for 3 s: never a loss.
    for n in 1..=30u64 {
        advance_to(&mut h, up + BEACON.saturating_mul(n));
        h.rx(&ht_beacon(AP, b"net", 6));
    }
    assert!(h.take_events().is_empty());
    // Then data only: each frame restarts the window too.
    let mut last = h.now;
    for seq in 0..5u16 {
        h.advance(window() - Duration::from_millis(1));
        h.rx(&from_ds(AP, OWN, AP2, seq, &[0xaa, 0xaa, 3, 0, 0, 0, 8, 0, 1]));
        last = h.now;
    }
    assert!(h.take_events().is_empty());
    advance_to(&mut h, last + window());
    assert_eq!(h.take_events(), [EventKind::BeaconLoss { bssid: AP }]);
    // The AP's entry stayed fresh throughout.
    assert_eq!(h.mac.scan_results(h.vif)[0].last_seen, up + BEACON.saturating_mul(30));
}

#[test]
fn beacons_of_another_bss_do_not_keep_the_link() {
    let (mut h, up) = connected();
    for n in 1..=8u64 {
        advance_to(&mut h, up + BEACON.saturating_mul(n));
        h.rx(&ht_beacon(AP2, b"net", 6));
    }
    assert_eq!(h.take_events(), [EventKind::BeaconLoss { bssid: AP }]);
}

#[test]
fn beacon_loss_probes_the_ap_and_recovers_when_it_answers() {
    let (mut h, up) = connected();
    advance_to(&mut h, just_before(up + window()));
    assert!(h.take_events().is_empty() && h.take_tx().is_empty());
    h.advance(Duration::from_micros(1));
    assert_eq!(h.take_events(), [EventKind::BeaconLoss { bssid: AP }]);
    let tx = h.take_tx();
    assert_eq!(tx.len(), 1);
    assert_ap_probe(&tx[0]);
    // Second probe 100 ms later; then the AP answers.
    h.advance(Duration::from_millis(100));
    assert_ap_probe(&h.take_tx()[0]);
    h.advance(Duration::from_millis(30));
    h.rx(&bss_frame(AP, b"net", 6, &ht_wmm_ies(6), true));
    let answered = h.now;
    h.advance(window() - Duration::from_micros(1));
    assert!(h.take_tx().is_empty() && h.take_events().is_empty(), "probing stopped");
    assert!(h.mac.link(h.vif).is_some());
    // A fresh window started at the answer.
    advance_to(&mut h, answered + window());
    assert_eq!(h.take_events(), [EventKind::BeaconLoss { bssid: AP }]);
}

#[test]
fn data_from_the_ap_also_ends_probing() {
    let (mut h, up) = connected();
    advance_to(&mut h, up + window());
    h.take_tx();
    h.take_events();
    h.advance(Duration::from_millis(10));
    h.rx(&from_ds(AP, OWN, AP2, 1, &[0xaa, 0xaa, 3, 0, 0, 0, 8, 0, 1]));
    h.advance(Duration::from_secs(0) + window() - Duration::from_millis(1));
    assert!(h.take_events().is_empty());
    assert!(h.take_tx().is_empty());
}

#[test]
fn beacon_loss_without_answer_disconnects_after_every_probe() {
    let (mut h, up) = connected();
    let loss = up + window();
    let mut probes = Vec::new();
    let mut events = Vec::new();
    while h.fire_next() {
        for t in h.take_tx() {
            assert_ap_probe(&t);
            probes.push(h.now - loss);
        }
        let e = h.take_events();
        let done = e.iter().any(|k| matches!(k, EventKind::Disconnected { .. }));
        events.extend(e.into_iter().map(|k| (h.now, k)));
        if done {
            break;
        }
    }
    assert_eq!(probes, [0, 100, 200, 300, 400].map(Duration::from_millis));
    assert_eq!(
        events,
        [
            (loss, EventKind::BeaconLoss { bssid: AP }),
            (
                loss + Duration::from_millis(500),
                EventKind::Disconnected {
                    bssid: AP,
                    reason: ReasonCode::DisassocInactivity,
                    cause: DisconnectCause::BeaconLoss
                }
            ),
        ]
    );
    // 7 × 102.4 ms + 5 × 100 ms after the link came up.
    assert_eq!(h.now - up, Duration::from_micros(716_800 + 500_000));
    assert!(h.mac.link(h.vif).is_none());
    assert!(h.take_tx().is_empty(), "nothing is sent to a vanished AP");
}

#[test]
fn a_scan_is_refused_while_probing_the_ap() {
    let (mut h, up) = connected();
    advance_to(&mut h, up + window());
    assert_eq!(
        h.command(Command::Scan(h.vif, ScanRequest::default())),
        Err(CommandError::Busy("probing the AP"))
    );
}

#[test]
fn deauth_and_disassoc_from_the_ap_end_the_link() {
    type Build = fn(MacAddr, MacAddr, MacAddr, ReasonCode) -> Vec<u8>;
    let cases: [(Build, MacAddr, DisconnectCause); 4] = [
        (frames::deauth, OWN, DisconnectCause::Deauthenticated),
        (frames::deauth, MacAddr::BROADCAST, DisconnectCause::Deauthenticated),
        (frames::disassoc, OWN, DisconnectCause::Disassociated),
        (frames::disassoc, MacAddr::BROADCAST, DisconnectCause::Disassociated),
    ];
    for (build, to, cause) in cases {
        let (mut h, _) = connected();
        h.rx(&build(AP, to, AP, ReasonCode::DisassocStaHasLeft));
        assert_eq!(
            h.take_events(),
            [EventKind::Disconnected { bssid: AP, reason: ReasonCode::DisassocStaHasLeft, cause }],
            "{cause:?} to {to}"
        );
        assert!(h.mac.link(h.vif).is_none());
        assert!(h.take_tx().is_empty(), "no reply to a deauthentication");
        assert_eq!(h.mac.poll_timeout(), Some(Instant::from_millis(30_000)), "supervision stopped");
        // The radio is free again: another interface may use any channel.
        assert!(h.command(Command::SetChannel(chan(1))).is_ok());
    }
}

#[test]
fn deauth_naming_another_bssid_is_ignored() {
    let (mut h, _) = connected();
    h.rx(&frames::deauth(AP2, OWN, AP2, ReasonCode::Unspecified));
    h.rx(&frames::disassoc(AP2, MacAddr::BROADCAST, AP2, ReasonCode::Unspecified));
    // Sent by someone else inside our BSS's name is still the BSS's; but another BSSID never is.
    h.rx(&frames::deauth(AP, OWN, AP2, ReasonCode::Unspecified));
    assert!(h.take_events().is_empty());
    assert!(h.mac.link(h.vif).is_some());
}

#[test]
fn disconnect_sends_deauth_reason_3() {
    let (mut h, _) = connected();
    h.command(Command::Disconnect(h.vif)).unwrap();
    let tx = h.take_tx();
    assert_eq!(tx.len(), 1);
    let m = parse(&tx[0]);
    assert_eq!((m.header.addr1, m.header.addr3), (AP, Some(AP)));
    let MgmtBody::Deauth(d) = m.body else { panic!("{m:?}") };
    assert_eq!(d.reason, ReasonCode::DeauthLeaving);
    assert_eq!(
        h.take_events(),
        [EventKind::Disconnected {
            bssid: AP,
            reason: ReasonCode::DeauthLeaving,
            cause: DisconnectCause::Command
        }]
    );
    assert!(h.mac.link(h.vif).is_none());
    assert_eq!(h.command(Command::Disconnect(h.vif)), Err(CommandError::NotActive("connected")));
    // Data is refused without a link.
    assert!(h.mac.handle_ethernet(h.now, h.vif, &ethernet(AP2, OWN, &[0x45, 0, 0, 20])).is_err());
}

#[test]
fn disconnect_during_a_scan_aborts_it_and_deauthenticates_from_home() {
    let (mut h, _) = connected();
    start_scan(&mut h, &[b""], &[chan(1), chan(11)]);
    h.take_events();
    assert_eq!(channel_switches(&mut h), [1]);
    h.take_tx();
    h.command(Command::Disconnect(h.vif)).unwrap();
    assert_eq!(channel_switches(&mut h), [6], "back home before the deauthentication");
    let tx = h.take_tx();
    assert!(is(&tx[0], |b| matches!(b, MgmtBody::Deauth(_))));
    assert_eq!(
        h.take_events(),
        [
            scan_done(true, 1, &scope(&[b""], &[1, 11])),
            EventKind::Disconnected {
                bssid: AP,
                reason: ReasonCode::DeauthLeaving,
                cause: DisconnectCause::Command
            }
        ]
    );
}

#[test]
fn a_link_lost_during_a_scan_leaves_the_scan_running() {
    let (mut h, _) = connected();
    start_scan(&mut h, &[], &[chan(6), chan(11)]);
    h.take_events();
    h.rx(&frames::deauth(AP, OWN, AP, ReasonCode::Unspecified));
    assert!(matches!(h.take_events()[..], [EventKind::Disconnected { .. }]));
    h.advance(Duration::from_millis(220));
    assert_eq!(h.take_events(), [scan_done(false, 1, &scope(&[], &[6, 11]))]);
    assert_eq!(channel_switches(&mut h), [11], "no home to return to");
}

#[test]
fn removing_the_interface_deauthenticates() {
    let (mut h, _) = connected();
    h.command(Command::RemoveVif(h.vif)).unwrap();
    let tx = h.take_tx();
    assert_eq!(tx.len(), 1);
    let MgmtBody::Deauth(d) = parse(&tx[0]).body else { panic!() };
    assert_eq!(d.reason, ReasonCode::DeauthLeaving);
    let events = h.take_events();
    assert!(matches!(events[..], [EventKind::Disconnected { cause: DisconnectCause::Command, .. }]));
    // A new station can use any channel.
    let added = h.command(Command::AddVif { kind: VifKind::Station, addr: None });
    assert!(added.is_ok());
    assert!(h.command(Command::SetChannel(chan(11))).is_ok());
}

#[test]
fn host_data_during_an_off_channel_scan_waits_for_the_home_channel() {
    let (mut h, _) = connected();
    start_scan(&mut h, &[b""], &[chan(1), chan(11)]);
    h.take_events();
    assert_eq!(channel_switches(&mut h), [1]);
    h.take_tx();
    // Sent while the radio listens on channel 1: parked, not sent there.
    let dst = MacAddr([2, 0, 0, 0, 0x99, 1]);
    h.mac.handle_ethernet(h.now, h.vif, &ethernet(dst, OWN, &[0x45, 0, 0, 20])).unwrap();
    assert!(h.take_tx().is_empty(), "no data frame leaves on the scan channel");
    // The scan moves to 11 (probe there), then returns home, where the frame goes out.
    h.advance(Duration::from_millis(100));
    let radio: Vec<_> = h
        .take_radio()
        .into_iter()
        .filter_map(|r| match r {
            RadioRequest::SetChannel(c) => c.number(),
            _ => None,
        })
        .collect();
    assert_eq!(radio, [11, 6]);
    let data: Vec<_> = h.take_tx().into_iter().filter(|t| t.channel == chan(6)).collect();
    assert_eq!(data.len(), 1);
    let hdr = HeaderRepr::parse(&Frame::new_checked(&data[0].frame[..]).unwrap()).unwrap();
    assert_eq!(hdr.addr3, Some(dst));
}
