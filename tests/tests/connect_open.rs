//! A station scans for, authenticates to and associates with an open AP over the simulated
//! medium, and 802.3 frames then flow between two stations through the AP.

use mac80211_core::mac::{Command, ConnectRequest, DeliveredKind, EventKind, PeerState};
use mac80211_core::time::Duration;
use mac80211_core::wire::MacAddr;
use softmac_tests::{NodeSpec, World, ch2};

fn ethernet(dst: MacAddr, src: MacAddr, payload: &[u8]) -> Vec<u8> {
    [&dst.0[..], &src.0[..], &[0x08, 0x00], payload].concat()
}

#[test]
fn station_connects_to_an_open_ap_and_exchanges_frames() {
    let mut w = World::new(1);
    let (ap, ap_vif) = w.add_ap("ap", "refnet", ch2(6), NodeSpec::at(0.0, 0.0, 0.0));
    let (sta1, v1) = w.add_station("sta1", NodeSpec::at(5.0, 0.0, 0.0));
    let (sta2, v2) = w.add_station("sta2", NodeSpec::at(0.0, 5.0, 0.0));
    for (sta, vif) in [(sta1, v1), (sta2, v2)] {
        let req = ConnectRequest { ssid: b"refnet".to_vec(), ..Default::default() };
        w.command(sta, Command::Connect(vif, req)).unwrap();
    }
    let took = w
        .drive_until(Duration::from_secs(5), |w| w.is_connected(sta1, v1) && w.is_connected(sta2, v2))
        .unwrap();
    // The connect started with a scan of every channel (no BSS known yet).
    assert!(took < Duration::from_secs(2), "{took:?}");
    let kinds: Vec<_> = w.events(sta1).iter().map(|e| &e.kind).collect();
    assert!(matches!(kinds[0], EventKind::ScanStarted { .. }), "{kinds:?}");
    assert!(matches!(kinds.last(), Some(EventKind::Connected { aid: 1 | 2, .. })), "{kinds:?}");
    let stations = w.mac(ap).stations(ap_vif);
    assert_eq!(stations.len(), 2);
    assert!(stations.iter().all(|s| s.state == PeerState::Authorized));

    let a1 = w.mac(sta1).vifs()[0].addr;
    let a2 = w.mac(sta2).vifs()[0].addr;
    w.send_ethernet(sta1, v1, &ethernet(a2, a1, b"hello through the AP")).unwrap();
    w.run_for(Duration::from_millis(50));
    let got = w.take_deliveries(sta2, v2);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].kind, DeliveredKind::Ethernet);
    assert_eq!(got[0].frame, ethernet(a2, a1, b"hello through the AP"));
    // The AP relayed it inside the BSS and did not deliver it to its own host.
    assert!(w.take_deliveries(ap, ap_vif).is_empty());
}
