//! Three APs on channels 1, 6 and 11 at 5, 15 and 40 m from a station, under log-distance
//! path loss: active and passive scans find all three with the right SSID, BSSID, channel and
//! signal order, and results age out 30 s after the last beacon heard (cfg80211's
//! `IEEE80211_SCAN_RESULT_EXPIRE`).

use hwsim::PathLoss;
use mac80211_core::mac::{Command, EventKind, ScanRequest, VifId};
use mac80211_core::sta::BssInfo;
use mac80211_core::time::{Duration, Instant};
use mac80211_core::wire::MacAddr;
use softmac_tests::{NodeId, NodeSpec, World, ch2};

/// Channels the default radio scans: 2.4 GHz 1-13 and 25 channels at 5 GHz.
const CHANNELS: u64 = 38;

/// Log-distance loss with exponent 3 (indoors): about −41, −55 and −68 dBm at 5, 15, 40 m.
fn model() -> PathLoss {
    PathLoss::log_distance(3.0)
}

struct Aps {
    /// (node, BSSID, SSID, channel number, distance in metres), nearest first.
    aps: Vec<(NodeId, MacAddr, &'static str, u8, f64)>,
}

fn world() -> (World, Aps) {
    let mut w = World::new(3).with_link_model(model());
    let mut aps = Vec::new();
    for (name, ssid, ch, d) in [("ap1", "one", 1, 5.0), ("ap6", "six", 6, 15.0), ("ap11", "eleven", 11, 40.0)]
    {
        let (node, vif) = w.add_ap(name, ssid, ch2(ch), NodeSpec::at(d, 0.0, 0.0));
        let bssid = w.mac(node).vifs().iter().find(|v| v.id == vif).unwrap().addr;
        aps.push((node, bssid, ssid, ch, d));
    }
    (w, Aps { aps })
}

/// Runs a scan to completion; returns how long it took.
fn scan(w: &mut World, sta: NodeId, vif: VifId, req: ScanRequest) -> Duration {
    let before = w.events(sta).len();
    w.command(sta, Command::Scan(vif, req)).unwrap();
    w.drive_until(Duration::from_secs(10), |w| {
        w.events(sta)[before..].iter().any(|e| matches!(e.kind, EventKind::ScanDone { .. }))
    })
    .unwrap()
}

/// Checks each AP's entry against the truth: SSID, BSSID, channel, and a signal within 1 dB of
/// what the path-loss model predicts; and that stronger means nearer.
fn check_results(results: &[BssInfo], aps: &Aps) {
    assert_eq!(results.len(), 3, "{results:#?}");
    for &(_, bssid, ssid, ch, d) in &aps.aps {
        let bss = results.iter().find(|b| b.bssid == bssid).unwrap_or_else(|| panic!("{ssid} missing"));
        assert_eq!(bss.ssid, ssid.as_bytes());
        assert_eq!(bss.channel, ch2(ch));
        assert_eq!(bss.beacon_interval_tu, 100);
        let predicted = 20.0 - model().loss_db(d, ch2(ch).freq);
        assert!(
            (f64::from(bss.signal_dbm) - predicted).abs() <= 1.0,
            "{ssid}: {} vs {predicted}",
            bss.signal_dbm
        );
    }
    let mut by_signal: Vec<&BssInfo> = results.iter().collect();
    by_signal.sort_by_key(|b| std::cmp::Reverse(b.signal_dbm));
    let nearest_first: Vec<MacAddr> = aps.aps.iter().map(|a| a.1).collect();
    assert_eq!(by_signal.iter().map(|b| b.bssid).collect::<Vec<_>>(), nearest_first);
}

#[test]
fn active_scan_finds_all_three_in_signal_order() {
    let (mut w, aps) = world();
    let (sta, vif) = w.add_station("sta", NodeSpec::at(0.0, 0.0, 0.0));
    let took = scan(&mut w, sta, vif, ScanRequest { ssids: vec![Vec::new()], ..Default::default() });
    // 30 ms on each channel the radio supports, nothing more.
    assert_eq!(took, Duration::from_millis(30 * CHANNELS));
    let results = w.mac(sta).scan_results(vif);
    check_results(&results, &aps);
    let stats = w.mac(sta).stats(vif).unwrap();
    assert_eq!(stats.tx_mgmt, CHANNELS, "one wildcard probe per channel");
    // Each AP heard the one probe sent on its channel; the nearest two answered before their
    // next beacon (the last frame heard decides `from_probe_response`).
    for &(ap, ..) in &aps.aps {
        assert_eq!(w.mac(ap).stats(w.mac(ap).vifs()[0].id).unwrap().rx_mgmt, 1);
    }
    assert!(results[..2].iter().all(|b| b.from_probe_response), "{results:#?}");
    // The scan reports what it covered: every channel, the wildcard SSID.
    let done = &w.events(sta).last().unwrap().kind;
    let EventKind::ScanDone { aborted: false, bss_count: 3, scope } = done else { panic!("{done:?}") };
    assert_eq!((scope.channels.len() as u64, &scope.ssids[..]), (CHANNELS, &[Vec::new()][..]));
}

#[test]
fn passive_scan_finds_all_three_from_beacons_alone() {
    let (mut w, aps) = world();
    let (sta, vif) = w.add_station("sta", NodeSpec::at(0.0, 0.0, 0.0));
    let took = scan(&mut w, sta, vif, ScanRequest::default());
    // 110 ms per channel: longer than the 102.4 ms beacon interval, so a beacon is always heard.
    assert_eq!(took, Duration::from_millis(110 * CHANNELS));
    let results = w.mac(sta).scan_results(vif);
    check_results(&results, &aps);
    assert!(results.iter().all(|b| !b.from_probe_response));
    assert_eq!(w.mac(sta).stats(vif).unwrap().tx_mgmt, 0, "a passive scan sends nothing");
    // The APs heard no probe request either.
    for &(ap, ..) in &aps.aps {
        assert_eq!(w.mac(ap).stats(w.mac(ap).vifs()[0].id).unwrap().rx_mgmt, 0);
    }
}

#[test]
fn results_age_out_thirty_seconds_after_the_last_beacon() {
    let (mut w, aps) = world();
    let (sta, vif) = w.add_station("sta", NodeSpec::at(0.0, 0.0, 0.0));
    scan(&mut w, sta, vif, ScanRequest { ssids: vec![Vec::new()], ..Default::default() });
    // Every AP is switched off: no beacon or probe response from now on.
    for &(ap, ..) in &aps.aps {
        w.power(ap, false);
    }
    let heard: Vec<(MacAddr, Instant)> =
        w.mac(sta).scan_results(vif).iter().map(|b| (b.bssid, b.last_seen)).collect();
    assert_eq!(heard.len(), 3);
    let expiry = Duration::from_secs(30);
    for &(bssid, last_seen) in &heard {
        w.run_until(last_seen + (expiry - Duration::from_micros(1)));
        let listed = |w: &World| w.mac(sta).scan_results(vif).iter().any(|b| b.bssid == bssid);
        assert!(listed(&w), "{bssid} gone before 30 s");
        w.run_until(last_seen + expiry);
        assert!(!listed(&w), "{bssid} still listed 30 s after it was last heard");
    }
    assert!(w.mac(sta).scan_results(vif).is_empty());
}

#[test]
fn a_rescan_keeps_the_aps_still_on_the_air_and_drops_the_silent_one() {
    let (mut w, aps) = world();
    let (sta, vif) = w.add_station("sta", NodeSpec::at(0.0, 0.0, 0.0));
    let wildcard = || ScanRequest { ssids: vec![Vec::new()], ..Default::default() };
    scan(&mut w, sta, vif, wildcard());
    let (ap1, gone, ..) = aps.aps[0];
    w.power(ap1, false);
    w.run_for(Duration::from_secs(31));
    scan(&mut w, sta, vif, wildcard());
    let results = w.mac(sta).scan_results(vif);
    let mut found: Vec<MacAddr> = results.iter().map(|b| b.bssid).collect();
    found.sort();
    let mut want = vec![aps.aps[1].1, aps.aps[2].1];
    want.sort();
    assert_eq!(found, want);
    assert!(!found.contains(&gone));
    assert!(matches!(
        w.events(sta).last().unwrap().kind,
        EventKind::ScanDone { aborted: false, bss_count: 2, .. }
    ));
}
