//! The AP ends associations: stopping it deauthenticates every station (reason 3, one
//! broadcast frame, hostapd's teardown), and the host can kick one station (nl80211
//! `DEL_STATION`, here `Command::DeauthStation`) while the others stay connected.

use mac80211_core::mac::{Command, ConnectRequest, DisconnectCause, EventKind, VifId};
use mac80211_core::time::Duration;
use mac80211_core::wire::{MacAddr, ReasonCode};
use softmac_tests::{NodeId, NodeSpec, World, ch2};

struct Bss {
    w: World,
    ap: NodeId,
    ap_vif: VifId,
    bssid: MacAddr,
    stas: Vec<(NodeId, VifId, MacAddr)>,
}

fn connected(n: usize) -> Bss {
    let mut w = World::new(9);
    let (ap, ap_vif) = w.add_ap("ap", "net", ch2(1), NodeSpec::at(0.0, 0.0, 0.0));
    let mut stas = Vec::new();
    for i in 0..n {
        let (sta, vif) = w.add_station(&format!("sta{i}"), NodeSpec::at(3.0, i as f64, 0.0));
        let req = ConnectRequest { ssid: b"net".to_vec(), channel: Some(ch2(1)), ..Default::default() };
        w.command(sta, Command::Connect(vif, req)).unwrap();
        stas.push((sta, vif, w.mac(sta).vifs()[0].addr));
    }
    w.drive_until(Duration::from_secs(2), |w| stas.iter().all(|&(s, v, _)| w.is_connected(s, v))).unwrap();
    let bssid = w.mac(ap).vifs()[0].addr;
    Bss { w, ap, ap_vif, bssid, stas }
}

fn disconnected(bssid: MacAddr, reason: ReasonCode) -> EventKind {
    EventKind::Disconnected { bssid, reason, cause: DisconnectCause::Deauthenticated }
}

#[test]
fn stopping_the_ap_deauthenticates_every_station() {
    let Bss { mut w, ap, ap_vif, bssid, stas } = connected(3);
    let marks: Vec<usize> = stas.iter().map(|&(s, ..)| w.events(s).len()).collect();
    let ap_mark = w.events(ap).len();
    let stopped_at = w.now();
    w.command(ap, Command::StopAp(ap_vif)).unwrap();
    w.drive_until(Duration::from_millis(50), |w| stas.iter().all(|&(s, v, _)| !w.is_connected(s, v)))
        .unwrap();

    for (i, &(sta, ..)) in stas.iter().enumerate() {
        let events = &w.events(sta)[marks[i]..];
        let kinds: Vec<&EventKind> = events.iter().map(|e| &e.kind).collect();
        assert_eq!(kinds, [&disconnected(bssid, ReasonCode::DeauthLeaving)]);
        // One broadcast frame at 1 Mb/s reaches everyone within a few milliseconds.
        assert!(events[0].at.saturating_since(stopped_at) < Duration::from_millis(5));
    }
    // AP side: every station left (by the AP, reason 3) in address order, then ApStopped.
    let kinds: Vec<&EventKind> = w.events(ap)[ap_mark..].iter().map(|e| &e.kind).collect();
    let mut want: Vec<EventKind> = stas
        .iter()
        .map(|&(.., addr)| EventKind::StationLeft { addr, reason: ReasonCode::DeauthLeaving, by_ap: true })
        .collect();
    want.sort_by_key(|e| match e {
        EventKind::StationLeft { addr, .. } => *addr,
        _ => unreachable!(),
    });
    want.push(EventKind::ApStopped);
    assert_eq!(kinds, want.iter().collect::<Vec<_>>());
    assert!(w.mac(ap).stations(ap_vif).is_empty());
    // The BSS is gone: nothing beacons on channel 1 any more.
    let tx_before = w.mac(ap).stats(ap_vif).unwrap().tx_mgmt;
    w.run_for(Duration::from_secs(1));
    assert_eq!(w.mac(ap).stats(ap_vif).unwrap().tx_mgmt, tx_before);
}

#[test]
fn the_ap_kicks_one_station_and_the_others_stay() {
    let Bss { mut w, ap, ap_vif, bssid, stas } = connected(3);
    let (kicked, kicked_vif, kicked_addr) = stas[1];
    let marks: Vec<usize> = stas.iter().map(|&(s, ..)| w.events(s).len()).collect();
    let ap_mark = w.events(ap).len();
    let reason = ReasonCode::PrevAuthNotValid; // hostapd's `deauthenticate` control command
    w.command(ap, Command::DeauthStation { vif: ap_vif, addr: kicked_addr, reason }).unwrap();
    w.drive_until(Duration::from_millis(50), |w| !w.is_connected(kicked, kicked_vif)).unwrap();
    let kinds: Vec<&EventKind> = w.events(kicked)[marks[1]..].iter().map(|e| &e.kind).collect();
    assert_eq!(kinds, [&disconnected(bssid, reason)]);
    let ap_kinds: Vec<&EventKind> = w.events(ap)[ap_mark..].iter().map(|e| &e.kind).collect();
    assert_eq!(ap_kinds, [&EventKind::StationLeft { addr: kicked_addr, reason, by_ap: true }]);

    // The others keep their link (and their AIDs) through several seconds of beacons.
    w.run_for(Duration::from_secs(3));
    for (i, &(sta, vif, addr)) in stas.iter().enumerate() {
        if sta == kicked {
            continue;
        }
        assert!(w.is_connected(sta, vif));
        assert_eq!(w.events(sta).len(), marks[i], "no event for a station that was not kicked");
        assert!(w.mac(ap).stations(ap_vif).iter().any(|s| s.addr == addr));
    }
    assert_eq!(w.mac(ap).stations(ap_vif).len(), 2);
    // Kicking it again is refused: the AP no longer knows it.
    let again = Command::DeauthStation { vif: ap_vif, addr: kicked_addr, reason };
    assert!(w.command(ap, again).is_err());

    // The kicked station may come back; it gets the AID it left free.
    let freed = w.events(kicked).iter().rev().find_map(|e| match e.kind {
        EventKind::Connected { aid, .. } => Some(aid),
        _ => None,
    });
    let req = ConnectRequest { ssid: b"net".to_vec(), ..Default::default() };
    w.command(kicked, Command::Connect(kicked_vif, req)).unwrap();
    w.drive_until(Duration::from_secs(1), |w| w.is_connected(kicked, kicked_vif)).unwrap();
    assert_eq!(w.mac(kicked).link(kicked_vif).map(|l| l.aid), freed);
}
