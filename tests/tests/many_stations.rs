//! One AP and 100 stations placed around it on a perfect medium: every station joins with a
//! distinct AID from 1 to 100, within a bounded virtual time, and the BSS stays up.
//!
//! All stations power on together and connect with no prior scan, so each first scans every
//! channel (38 × 30 ms) in step with the others: on channel 6 a hundred probe requests and
//! their answers contend for the same 30 ms, and broadcast probes that collide are not
//! retried; then the stations that found the AP authenticate in the same instant. A station
//! whose attempt failed (`NoBss`, or `AuthTimeout`/`AssocTimeout` after three tries lost to
//! collisions) tries again like wpa_supplicant, after a growing, jittered delay
//! ([`World::connect_all`]); the retries fall out of step and fewer stations contend each
//! round, so the rounds converge.

use mac80211_core::mac::{ConnectFailure, ConnectRequest, EventKind, PeerState, VifId};
use mac80211_core::time::Duration;
use softmac_tests::{NodeId, NodeSpec, World, ch2};
use std::collections::BTreeSet;

const STATIONS: usize = 100;

#[test]
fn a_hundred_stations_join_with_distinct_aids() {
    let mut w = World::new(21);
    let (ap, ap_vif) = w.add_ap("ap", "crowd", ch2(6), NodeSpec::at(0.0, 0.0, 0.0));
    let stas: Vec<(NodeId, VifId)> = (0..STATIONS)
        .map(|i| {
            // Two rings around the AP, 5 and 12 m out.
            let angle = i as f64 * std::f64::consts::TAU / 50.0;
            let r = if i % 2 == 0 { 5.0 } else { 12.0 };
            w.add_station(&format!("sta{i}"), NodeSpec::at(r * angle.cos(), r * angle.sin(), 0.0))
        })
        .collect();
    let req = ConnectRequest { ssid: b"crowd".to_vec(), ..Default::default() };
    let report = w.connect_all(&stas, &req, Duration::from_secs(60)).unwrap();

    // Every retry was lost to contention — a scan that heard nothing from the AP (collided
    // probes and answers), or requests and answers that collided until the 200 ms waits of
    // three tries ran out — never a refusal by the AP.
    let contention = [ConnectFailure::NoBss, ConnectFailure::AuthTimeout, ConnectFailure::AssocTimeout];
    assert!(report.failures.iter().all(|f| contention.contains(f)), "{report:?}");
    assert_eq!(report.disconnects, 0);
    // A scan round is 1.14 s and retries back off to 10 s: a bounded number of rounds, not
    // an endless storm.
    assert!(report.took < Duration::from_secs(50), "{report:?}");
    assert!(report.failures.len() < 6 * STATIONS, "{report:?}");

    // Distinct AIDs 1..=100, and both ends agree on each.
    let table = w.mac(ap).stations(ap_vif);
    assert_eq!(table.len(), STATIONS);
    assert!(table.iter().all(|s| s.state == PeerState::Authorized));
    let aids: BTreeSet<u16> = table.iter().map(|s| s.aid).collect();
    assert_eq!(aids, (1..=STATIONS as u16).collect());
    for &(sta, vif) in &stas {
        let link = w.mac(sta).link(vif).unwrap();
        let addr = w.mac(sta).vifs()[0].addr;
        let entry = table.iter().find(|s| s.addr == addr).unwrap();
        assert_eq!(link.aid, entry.aid);
    }
    // Retries re-authenticate stations the AP had associated already (their answers were
    // lost): every such restart is reported as a departure, so the books balance.
    let count = |pred: fn(&EventKind) -> bool| w.events(ap).iter().filter(|e| pred(&e.kind)).count();
    let joined = count(|k| matches!(k, EventKind::StationAssociated { .. }));
    let left = count(|k| matches!(k, EventKind::StationLeft { .. }));
    assert_eq!(joined - left, STATIONS);

    // The full BSS is stable: 5 s of beacons later nobody has dropped out.
    let mark = w.event_count();
    w.run_for(Duration::from_secs(5));
    assert!(stas.iter().all(|&(s, v)| w.is_connected(s, v)));
    assert_eq!(w.events_since(mark).count(), 0, "no event at all once the BSS is up");
}
