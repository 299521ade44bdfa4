//! Scanning: channel order, probes, dwell times, results, hidden SSIDs, aging, abort, and
//! sharing the radio.

use super::*;
use crate::mac::testing::AP2;
use crate::mac::{CommandError, VifKind};
use crate::sta::scan::PROBE_JITTER_MAX;
use crate::wire::element::{DsParams, Ssid};

/// The probe requests among `tx`: (SSID, DS channel) of each, checking the common fields.
fn probes(tx: &[Transmit]) -> Vec<(Vec<u8>, Option<u8>)> {
    tx.iter()
        .map(|t| {
            let m = parse(t);
            assert_eq!(m.header.addr1, MacAddr::BROADCAST);
            assert_eq!(m.header.addr2, Some(OWN));
            assert_eq!(m.header.addr3, Some(MacAddr::BROADCAST));
            assert!(t.no_ack);
            let MgmtBody::ProbeReq(p) = m.body else { panic!("not a probe request: {m:?}") };
            let ssid = p.elements.get::<Ssid>().unwrap().unwrap().as_bytes().to_vec();
            let ds = p.elements.get::<DsParams>().map(|d| d.unwrap().current_channel);
            assert_eq!(crate::sta::elements::rates_of(p.elements), crate::mac::rates::RATES_2GHZ);
            assert!(matches!(p.elements.get::<HtCapabilities>(), Some(Ok(_))), "HT radio probes with HT");
            (ssid, ds)
        })
        .collect()
}

#[test]
fn active_scan_visits_every_channel_in_order_and_probes_on_each() {
    let mut h = Harness::station();
    start_scan(&mut h, &[b""], &[]);
    let wildcard = scope(&[b""], &ALL_CHANNELS);
    assert_eq!(h.take_events(), [scan_started(&wildcard)]);
    // Already on channel 1: no switch, then one wildcard probe within the jitter.
    assert_eq!(channel_switches(&mut h), [] as [u8; 0]);
    for (i, n) in [1u8, 6, 11].into_iter().enumerate() {
        let arrive = Instant::ZERO + Duration::from_millis(30 * i as u64);
        advance_to(&mut h, arrive);
        if i > 0 {
            assert_eq!(channel_switches(&mut h), [n], "switch at {arrive:?}");
        }
        assert_eq!(h.mac.channel(), chan(n));
        advance_to(&mut h, arrive + PROBE_JITTER_MAX);
        assert_eq!(probes(&h.take_tx()), [(vec![], Some(n))]);
        // Nothing else until the dwell ends.
        advance_to(&mut h, just_before(arrive + Duration::from_millis(30)));
        assert!(h.take_tx().is_empty() && h.take_radio().is_empty() && h.take_events().is_empty());
    }
    advance_to(&mut h, Instant::from_millis(90));
    assert_eq!(h.take_events(), [scan_done(false, 0, &wildcard)]);
    assert_eq!(h.mac.poll_timeout(), None);
}

#[test]
fn directed_scan_sends_one_probe_per_ssid() {
    let mut h = Harness::station();
    start_scan(&mut h, &[b"alpha", b"", b"beta"], &[chan(6)]);
    assert_eq!(h.take_events(), [scan_started(&scope(&[b"alpha", b"", b"beta"], &[6]))]);
    assert_eq!(channel_switches(&mut h), [6]);
    h.advance(PROBE_JITTER_MAX);
    let got = probes(&h.take_tx());
    assert_eq!(got, [(b"alpha".to_vec(), Some(6)), (vec![], Some(6)), (b"beta".to_vec(), Some(6))]);
}

#[test]
fn probe_delay_is_jittered_within_the_bound() {
    // Interfaces have their own random streams: their probe delays differ, all within the bound.
    let mut h = Harness::station();
    let mut vifs = vec![h.vif];
    for n in 1..=5u8 {
        match h.command(Command::AddVif { kind: VifKind::Station, addr: Some(MacAddr([2, 9, 9, 9, 9, n])) }) {
            Ok(crate::mac::CommandOutput::VifAdded(v)) => vifs.push(v),
            other => panic!("{other:?}"),
        }
    }
    for &v in &vifs {
        h.vif = v;
        start_scan(&mut h, &[b""], &[chan(1)]);
    }
    let mut sent = Vec::new();
    while h.now < Instant::ZERO + PROBE_JITTER_MAX && h.fire_next() {
        sent.extend(h.take_tx().into_iter().map(|t| (t.vif, h.now)));
    }
    assert_eq!(sent.len(), vifs.len(), "{sent:?}");
    assert!(sent.iter().all(|&(_, at)| at <= Instant::ZERO + PROBE_JITTER_MAX));
    let mut times: Vec<Instant> = sent.iter().map(|&(_, at)| at).collect();
    times.dedup();
    assert!(times.len() > 1, "delays vary: {sent:?}");
}

#[test]
fn passive_scan_listens_only_for_the_passive_dwell() {
    let mut h = Harness::station();
    start_scan(&mut h, &[], &[]);
    let passive = scope(&[], &ALL_CHANNELS);
    assert_eq!(h.take_events(), [scan_started(&passive)]);
    advance_to(&mut h, just_before(Instant::from_millis(110)));
    assert_eq!(channel_switches(&mut h), [] as [u8; 0]);
    advance_to(&mut h, Instant::from_millis(110));
    assert_eq!(channel_switches(&mut h), [6]);
    advance_to(&mut h, Instant::from_millis(220));
    assert_eq!(channel_switches(&mut h), [11]);
    advance_to(&mut h, just_before(Instant::from_millis(330)));
    assert!(h.take_events().is_empty());
    advance_to(&mut h, Instant::from_millis(330));
    assert_eq!(h.take_events(), [scan_done(false, 0, &passive)]);
    assert!(h.take_tx().is_empty(), "a passive scan never transmits");
}

#[test]
fn custom_dwell_times_are_honoured() {
    let mut h = Harness::station();
    let req = ScanRequest {
        ssids: vec![vec![]],
        channels: vec![chan(1), chan(11)],
        active_dwell: Some(Duration::from_millis(50)),
        passive_dwell: None,
    };
    h.command(Command::Scan(h.vif, req)).unwrap();
    advance_to(&mut h, Instant::from_millis(50));
    assert_eq!(channel_switches(&mut h), [11]);
    advance_to(&mut h, Instant::from_millis(100));
    assert_eq!(h.take_events().last(), Some(&scan_done(false, 0, &scope(&[b""], &[1, 11]))));
}

#[test]
fn results_come_from_beacons_and_probe_responses_with_signal() {
    let mut h = Harness::station();
    start_scan(&mut h, &[b""], &[]);
    h.advance(Duration::from_millis(5));
    h.rx_with_signal(&frames::beacon(AP, b"one", 1), -55);
    advance_to(&mut h, Instant::from_millis(35));
    let resp = frames::probe_resp(AP2, OWN, b"two", 6);
    h.rx_with_signal(&resp, -70);
    advance_to(&mut h, Instant::from_millis(90));
    assert_eq!(h.take_events().last(), Some(&scan_done(false, 2, &scope(&[b""], &ALL_CHANNELS))));
    let results = h.mac.scan_results(h.vif);
    assert_eq!(results.len(), 2);
    let (one, two) = (&results[0], &results[1]);
    assert_eq!(
        (one.bssid, one.ssid.as_slice(), one.channel, one.signal_dbm),
        (AP, &b"one"[..], chan(1), -55)
    );
    assert_eq!((one.beacon_interval_tu, one.capability, one.from_probe_response), (100, 1, false));
    assert_eq!(one.ies, frames::elements(b"one", Some(1)));
    assert_eq!(one.last_seen, Instant::from_millis(5));
    assert_eq!(
        (two.bssid, two.ssid.as_slice(), two.channel, two.signal_dbm),
        (AP2, &b"two"[..], chan(6), -70)
    );
    assert!(two.from_probe_response);
}

#[test]
fn beacons_heard_outside_a_scan_update_the_table() {
    let mut h = Harness::station();
    // Heard on channel 1, but the DS element says channel 11 (adjacent-channel leakage).
    h.rx(&frames::beacon(AP, b"net", 11));
    let r = h.mac.scan_results(h.vif);
    assert_eq!((r.len(), r[0].channel), (1, chan(11)));
    h.advance(Duration::from_millis(100));
    h.rx_with_signal(&frames::beacon(AP, b"net", 11), -80);
    let r = h.mac.scan_results(h.vif);
    assert_eq!((r[0].signal_dbm, r[0].last_seen), (-80, Instant::from_millis(100)));
}

#[test]
fn hidden_ssid_is_learned_only_from_a_probe_response() {
    let mut h = Harness::station();
    h.rx(&frames::beacon(AP, b"", 1));
    h.rx(&frames::beacon(AP2, &[0, 0, 0, 0], 1));
    let ssids: Vec<Vec<u8>> = h.mac.scan_results(h.vif).into_iter().map(|b| b.ssid).collect();
    assert_eq!(ssids, [vec![], vec![]]);
    // Another hidden beacon changes nothing; a probe response reveals the name.
    h.rx(&frames::probe_resp(AP, OWN, b"secret", 1));
    h.rx(&frames::beacon(AP, b"", 1));
    let r = h.mac.scan_results(h.vif);
    assert_eq!(r[0].ssid, b"secret");
    assert!(!r[0].from_probe_response, "the last frame was a beacon");
    assert_eq!(r[1].ssid, b"");
}

#[test]
fn entries_age_out_after_thirty_seconds() {
    let mut h = Harness::station();
    h.rx(&frames::beacon(AP, b"old", 1));
    advance_to(&mut h, Instant::from_millis(20_000));
    h.rx(&frames::beacon(AP2, b"new", 1));
    advance_to(&mut h, just_before(Instant::from_millis(30_000)));
    assert_eq!(h.mac.scan_results(h.vif).len(), 2);
    advance_to(&mut h, Instant::from_millis(30_000));
    let r = h.mac.scan_results(h.vif);
    assert_eq!(r.iter().map(|b| b.bssid).collect::<Vec<_>>(), [AP2]);
    // A scan's count excludes what expired meanwhile.
    advance_to(&mut h, Instant::from_millis(49_990));
    start_scan(&mut h, &[], &[chan(1)]);
    h.advance(Duration::from_millis(110));
    assert_eq!(h.take_events().last(), Some(&scan_done(false, 0, &scope(&[], &[1]))));
    assert!(h.mac.scan_results(h.vif).is_empty());
    assert_eq!(h.mac.poll_timeout(), None, "no expiry timer for an empty table");
}

#[test]
fn abort_ends_the_scan_early() {
    let mut h = Harness::station();
    start_scan(&mut h, &[b""], &[]);
    h.rx(&frames::beacon(AP, b"net", 1));
    advance_to(&mut h, Instant::from_millis(40));
    h.take_events();
    h.take_tx();
    h.command(Command::AbortScan(h.vif)).unwrap();
    // The scope is the one announced, though channel 11 was never visited.
    assert_eq!(h.take_events(), [scan_done(true, 1, &scope(&[b""], &ALL_CHANNELS))]);
    advance_to(&mut h, Instant::from_millis(200));
    assert!(h.take_tx().is_empty() && h.take_events().is_empty());
    assert_eq!(channel_switches(&mut h), [6], "no further channels");
    assert_eq!(h.command(Command::AbortScan(h.vif)), Err(CommandError::NotActive("scanning")));
}

#[test]
fn scan_requests_are_checked() {
    let mut h = Harness::station();
    let bad_channel = ScanRequest { channels: vec![Channel::from_freq(5180)], ..ScanRequest::default() };
    assert!(matches!(h.command(Command::Scan(h.vif, bad_channel)), Err(CommandError::Invalid(_))));
    let long_ssid = ScanRequest { ssids: vec![vec![b'x'; 33]], ..ScanRequest::default() };
    assert!(matches!(h.command(Command::Scan(h.vif, long_ssid)), Err(CommandError::Invalid(_))));
    let many = ScanRequest { ssids: vec![vec![]; 17], ..ScanRequest::default() };
    assert!(matches!(h.command(Command::Scan(h.vif, many)), Err(CommandError::Invalid(_))));
    assert!(h.take_events().is_empty());
    start_scan(&mut h, &[], &[]);
    let again = h.command(Command::Scan(h.vif, ScanRequest::default()));
    assert_eq!(again, Err(CommandError::Busy("a scan is running")));
    let connect = h.command(Command::Connect(h.vif, connect_req(b"net")));
    assert_eq!(connect, Err(CommandError::Busy("a scan is running")));
}

#[test]
fn another_interface_holding_a_channel_limits_the_scan_to_it() {
    // A second station connects on channel 6 and holds it.
    let (mut h, _) = connected();
    let first = h.vif;
    let other = match h
        .command(Command::AddVif { kind: VifKind::Station, addr: Some(MacAddr([2, 7, 7, 7, 7, 7])) })
    {
        Ok(crate::mac::CommandOutput::VifAdded(v)) => v,
        other => panic!("{other:?}"),
    };
    h.take_radio();
    h.vif = other;
    start_scan(&mut h, &[b""], &[]);
    h.rx(&ht_beacon(AP, b"net", 6));
    h.advance(Duration::from_millis(100));
    // Only channel 6 was visited (and announced): no switch at all, one probe, done after one
    // dwell.
    assert_eq!(channel_switches(&mut h), [] as [u8; 0]);
    let probes: Vec<_> =
        h.take_tx().into_iter().filter(|t| is(t, |b| matches!(b, MgmtBody::ProbeReq(_)))).collect();
    assert_eq!(probes.len(), 1);
    let events: Vec<_> =
        std::iter::from_fn(|| h.mac.poll_event()).filter(|e| e.vif == other).map(|e| e.kind).collect();
    let shared = scope(&[b""], &[6]);
    assert_eq!(events, [scan_started(&shared), scan_done(false, 1, &shared)]);
    assert!(h.mac.link(first).is_some());
}

#[test]
fn connected_station_scans_off_channel_and_returns_without_losing_the_link() {
    let (mut h, up) = connected();
    let req = ScanRequest { passive_dwell: Some(Duration::from_millis(300)), ..ScanRequest::default() };
    h.command(Command::Scan(h.vif, req)).unwrap();
    // Channels 1, 6, 11 for 300 ms each (longer than the 716.8 ms beacon-loss window), then home.
    assert_eq!(channel_switches(&mut h), [1]);
    advance_to(&mut h, up + Duration::from_millis(900));
    assert_eq!(channel_switches(&mut h), [6, 11, 6]);
    // Its own channel does not limit the scan.
    let passive = scope(&[], &ALL_CHANNELS);
    assert_eq!(h.take_events(), [scan_started(&passive), scan_done(false, 1, &passive)]);
    assert!(h.mac.link(h.vif).is_some());
    // Supervision restarted on return: loss only a full window after it.
    let window = BEACON.saturating_mul(7);
    advance_to(&mut h, just_before(up + Duration::from_millis(900) + window));
    assert!(h.take_events().is_empty());
    h.advance(Duration::from_micros(1));
    assert_eq!(h.take_events(), [EventKind::BeaconLoss { bssid: AP }]);
}
