//! Connected stations lose their AP when its radio is switched off: each reports `BeaconLoss`
//! after 7 silent beacon intervals, probes the AP 5 times 100 ms apart, then reports
//! `Disconnected { reason: 4, cause: BeaconLoss }` without sending anything else (mac80211's
//! connection monitor). With the AP back on, the stations connect again.

use mac80211_core::mac::{Command, ConnectRequest, DisconnectCause, EventKind, VifId};
use mac80211_core::time::{Duration, Instant};
use mac80211_core::wire::ReasonCode;
use softmac_tests::{NodeId, NodeSpec, World, ch2};

/// 7 beacon intervals of 100 TU.
const LOSS_WINDOW: Duration = Duration::from_micros(7 * 102_400);
/// 5 unanswered probes, 100 ms each.
const PROBING: Duration = Duration::from_millis(500);

fn connect(w: &mut World, stas: &[(NodeId, VifId)]) {
    for &(sta, vif) in stas {
        let req = ConnectRequest { ssid: b"net".to_vec(), ..Default::default() };
        w.command(sta, Command::Connect(vif, req)).unwrap();
    }
    w.drive_until(Duration::from_secs(5), |w| stas.iter().all(|&(s, v)| w.is_connected(s, v))).unwrap();
}

/// The time of the first event of `sta` after index `from` matching `pred`.
fn when(w: &World, sta: NodeId, from: usize, pred: impl Fn(&EventKind) -> bool) -> Option<Instant> {
    w.events(sta)[from..].iter().find(|e| pred(&e.kind)).map(|e| e.at)
}

#[test]
fn stations_detect_beacon_loss_then_disconnect_and_reconnect_after_power_on() {
    let mut w = World::new(5);
    let (ap, ap_vif) = w.add_ap("ap", "net", ch2(6), NodeSpec::at(0.0, 0.0, 0.0));
    let stas: Vec<(NodeId, VifId)> =
        (0..3).map(|i| w.add_station(&format!("sta{i}"), NodeSpec::at(5.0, i as f64, 0.0))).collect();
    connect(&mut w, &stas);
    w.run_for(Duration::from_secs(2));
    assert!(stas.iter().all(|&(s, v)| w.is_connected(s, v)), "the link is stable while the AP is on");

    let off_at = w.now();
    w.power(ap, false);
    let marks: Vec<usize> = stas.iter().map(|&(s, _)| w.events(s).len()).collect();
    let last_heard: Vec<Instant> =
        stas.iter().map(|&(s, v)| w.mac(s).link(v).unwrap().stats.last_rx).collect();
    let mgmt_before: Vec<u64> = stas.iter().map(|&(s, v)| w.mac(s).stats(v).unwrap().tx_mgmt).collect();
    let bssid = w.mac(ap).vifs()[0].addr;
    w.drive_until(Duration::from_secs(3), |w| stas.iter().all(|&(s, v)| !w.is_connected(s, v))).unwrap();

    for (i, &(sta, vif)) in stas.iter().enumerate() {
        // The last frame from the AP came at most one beacon interval before it went dark.
        assert!(off_at.saturating_since(last_heard[i]) <= Duration::from_micros(102_400));
        let loss = when(&w, sta, marks[i], |e| matches!(e, EventKind::BeaconLoss { .. })).unwrap();
        assert_eq!(
            loss,
            last_heard[i] + LOSS_WINDOW,
            "beacon loss exactly 7 intervals after the last beacon"
        );
        let down = when(&w, sta, marks[i], |e| matches!(e, EventKind::Disconnected { .. })).unwrap();
        assert_eq!(down, loss + PROBING, "5 probes, 100 ms each");
        let kinds: Vec<&EventKind> = w.events(sta)[marks[i]..].iter().map(|e| &e.kind).collect();
        assert_eq!(
            kinds,
            [
                &EventKind::BeaconLoss { bssid },
                &EventKind::Disconnected {
                    bssid,
                    reason: ReasonCode::DisassocInactivity,
                    cause: DisconnectCause::BeaconLoss
                },
            ]
        );
        // Five probe requests to the AP, and no Deauthentication to an AP that is gone.
        assert_eq!(w.mac(sta).stats(vif).unwrap().tx_mgmt - mgmt_before[i], 5);
        assert!(down.saturating_since(off_at) <= LOSS_WINDOW + PROBING);
    }
    // The AP never noticed: its radio was off, its table still lists the stations.
    assert_eq!(w.mac(ap).stations(ap_vif).len(), 3);

    w.power(ap, true);
    let marks: Vec<usize> = stas.iter().map(|&(s, _)| w.events(s).len()).collect();
    connect(&mut w, &stas);
    for (i, &(sta, vif)) in stas.iter().enumerate() {
        // The BSS is still in the table (heard less than 30 s ago): no scan, straight to auth.
        let kinds: Vec<&EventKind> = w.events(sta)[marks[i]..].iter().map(|e| &e.kind).collect();
        assert!(matches!(kinds[0], EventKind::Authenticating { attempt: 1, .. }), "{kinds:?}");
        assert!(w.mac(sta).link(vif).is_some_and(|l| l.bssid == bssid));
    }
    // Each came back through a fresh authentication, which ended its stale association.
    let stations = w.mac(ap).stations(ap_vif);
    assert_eq!(stations.len(), 3);
    let mut aids: Vec<u16> = stations.iter().map(|s| s.aid).collect();
    aids.sort();
    assert_eq!(aids, [1, 2, 3]);
    let restarts = w
        .events(ap)
        .iter()
        .filter(|e| matches!(e.kind, EventKind::StationLeft { reason: ReasonCode::PrevAuthNotValid, .. }))
        .count();
    assert_eq!(restarts, 3);
}
