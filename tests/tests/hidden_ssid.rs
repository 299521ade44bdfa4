//! A hidden AP (`ApConfig::hidden`, hostapd's `ignore_broadcast_ssid`) beacons an empty SSID
//! and ignores wildcard probes: a wildcard scan lists it without a name, a directed probe for
//! its SSID reveals it, and connecting by SSID finds and joins it.

use mac80211_core::mac::{ApConfig, Command, ConnectRequest, EventKind, ScanRequest, VifId};
use mac80211_core::sta::BssInfo;
use mac80211_core::time::Duration;
use mac80211_core::wire::MacAddr;
use softmac_tests::{NodeId, NodeSpec, World, ch2};

fn world() -> (World, NodeId, VifId, MacAddr) {
    let mut w = World::new(11);
    let config = ApConfig { hidden: true, ..ApConfig::new(b"secret", ch2(6)) };
    let (ap, vif) = w.add_ap_with("ap", config, NodeSpec::at(0.0, 0.0, 0.0));
    let bssid = w.mac(ap).vifs()[0].addr;
    (w, ap, vif, bssid)
}

fn scan(w: &mut World, sta: NodeId, vif: VifId, ssid: &[u8]) -> Vec<BssInfo> {
    let before = w.events(sta).len();
    // Channel 6 only, long enough (150 ms) to hear a beacon as well as any probe response.
    let req = ScanRequest {
        ssids: vec![ssid.to_vec()],
        channels: vec![ch2(6)],
        active_dwell: Some(Duration::from_millis(150)),
        ..Default::default()
    };
    w.command(sta, Command::Scan(vif, req)).unwrap();
    w.drive_until(Duration::from_secs(1), |w| {
        w.events(sta)[before..].iter().any(|e| matches!(e.kind, EventKind::ScanDone { .. }))
    })
    .unwrap();
    w.mac(sta).scan_results(vif)
}

#[test]
fn wildcard_scan_lists_the_hidden_ap_without_its_name() {
    let (mut w, ap, ap_vif, bssid) = world();
    let (sta, vif) = w.add_station("sta", NodeSpec::at(5.0, 0.0, 0.0));
    let results = scan(&mut w, sta, vif, b"");
    let [bss] = &results[..] else { panic!("{results:#?}") };
    assert_eq!(bss.bssid, bssid);
    assert_eq!(bss.ssid, b"", "the beacon's SSID element is empty");
    assert_eq!(bss.channel, ch2(6));
    assert!(!bss.from_probe_response, "a hidden AP does not answer a wildcard probe");
    // The AP heard the wildcard probe and stayed silent.
    assert_eq!(w.mac(ap).stats(ap_vif).unwrap().rx_mgmt, 1);
    // A connection by SSID cannot use a nameless entry: nothing is known as "secret" yet.
    assert!(!results.iter().any(|b| b.ssid == b"secret"));
}

#[test]
fn a_directed_probe_reveals_the_ssid_and_it_sticks() {
    let (mut w, _, _, bssid) = world();
    let (sta, vif) = w.add_station("sta", NodeSpec::at(5.0, 0.0, 0.0));
    scan(&mut w, sta, vif, b"");
    let results = scan(&mut w, sta, vif, b"secret");
    let [bss] = &results[..] else { panic!("{results:#?}") };
    assert_eq!((bss.bssid, &bss.ssid[..]), (bssid, &b"secret"[..]));
    // Later beacons (empty SSID) do not erase the learned name.
    w.run_for(Duration::from_millis(50));
    let results = scan(&mut w, sta, vif, b"");
    assert_eq!(results[0].ssid, b"secret");
    assert!(!results[0].from_probe_response, "refreshed by a beacon");
    // A probe for another name reveals nothing.
    let (other, other_vif) = w.add_station("other", NodeSpec::at(0.0, 5.0, 0.0));
    let results = scan(&mut w, other, other_vif, b"not-it");
    assert_eq!(results[0].ssid, b"");
}

#[test]
fn connect_by_ssid_joins_the_hidden_ap() {
    let (mut w, ap, ap_vif, bssid) = world();
    let (sta, vif) = w.add_station("sta", NodeSpec::at(5.0, 0.0, 0.0));
    let req = ConnectRequest { ssid: b"secret".to_vec(), ..Default::default() };
    w.command(sta, Command::Connect(vif, req)).unwrap();
    // A directed scan of every channel (38 × 30 ms), then authentication and association.
    let took = w.drive_until(Duration::from_secs(3), |w| w.is_connected(sta, vif)).unwrap();
    assert!(took > Duration::from_millis(1140) && took < Duration::from_millis(1300), "{took:?}");
    let link = w.mac(sta).link(vif).unwrap();
    assert_eq!((link.bssid, &link.ssid[..], link.channel, link.aid), (bssid, &b"secret"[..], ch2(6), 1));
    let stations = w.mac(ap).stations(ap_vif);
    assert_eq!(stations.len(), 1);
    assert_eq!(stations[0].addr, w.mac(sta).vifs()[0].addr);
    assert!(w.saw(ap, |e| matches!(e, EventKind::StationAssociated { aid: 1, .. })));
}
