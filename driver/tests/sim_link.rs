//! An AP and a station runner on a simulated medium in real time: scan, connect, carrier,
//! data both ways, disconnect, stop, capture.

mod common;

use common::*;
use hwsim::CaptureKind;
use mac80211_core::capture::CaptureReader;
use mac80211_core::mac::{Command, EventKind, ScanRequest};
use mac80211_core::wire::LinkType;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn station_scans_connects_exchanges_data_and_disconnects() {
    let medium = medium();
    let capture_path = std::env::temp_dir().join(format!("softmac-driver-{}.pcap", std::process::id()));
    let capture =
        medium.start_capture(CaptureKind::Channel(ch(6).freq), &capture_path).expect("capture file");
    let mut ap = phy(&medium, 1, 0.0, |_| {}, 16);
    let mut sta = phy(&medium, 2, 5.0, |_| {}, 16);
    let (ap_vif, mut ap_host) = start_ap(&mut ap).await;
    assert!(ap_host.carrier(), "carrier on once the AP is started");
    let bssid = vif_addr(&ap, ap_vif);

    // Scan: the AP shows up in the results.
    let sta_vif = common::add_vif(&sta, mac80211_core::mac::VifKind::Station);
    let mut sta_host = attach_mem(&sta, sta_vif, "wlan0");
    let scan = ScanRequest { ssids: vec![SSID.to_vec()], ..Default::default() };
    sta.handle.command(Command::Scan(sta_vif, scan)).expect("scan");
    wait_event(&mut sta, "ScanDone", |k| matches!(k, EventKind::ScanDone { aborted: false, .. })).await;
    let found = sta.handle.query(|m| m.scan_results(sta_vif));
    assert_eq!(found.iter().map(|b| (b.bssid, b.ssid.as_slice())).collect::<Vec<_>>(), vec![(bssid, SSID)]);
    assert!(!sta_host.carrier(), "scanning gives no carrier");

    // Connect: both sides see it, the station's carrier comes on.
    let req = mac80211_core::mac::ConnectRequest { ssid: SSID.to_vec(), ..Default::default() };
    sta.handle.command(Command::Connect(sta_vif, req)).expect("connect");
    let up = wait_event(&mut sta, "Connected", |k| matches!(k, EventKind::Connected { .. })).await;
    assert!(matches!(up.kind, EventKind::Connected { bssid: b, .. } if b == bssid));
    assert!(sta_host.carrier(), "carrier on once associated");
    let sta_addr = vif_addr(&sta, sta_vif);
    wait_event(
        &mut ap,
        "StationAssociated",
        |k| matches!(k, EventKind::StationAssociated { addr, .. } if *addr == sta_addr),
    )
    .await;

    // Data, station → AP host and back.
    let up_frame = ethernet(bssid, sta_addr, b"hello from the station");
    assert!(sta_host.send(up_frame.clone()));
    assert_eq!(recv(&mut ap_host).await, up_frame);
    let down_frame = ethernet(sta_addr, bssid, b"hello from the AP host");
    assert!(ap_host.send(down_frame.clone()));
    assert_eq!(recv(&mut sta_host).await, down_frame);
    let (s, a) = (sta_host.stats(), ap_host.stats());
    assert_eq!((s.tx_packets, s.tx_bytes, s.rx_packets, s.rx_bytes), (1, 36, 1, 36));
    assert_eq!((a.tx_packets, a.tx_bytes, a.rx_packets, a.rx_bytes), (1, 36, 1, 36));
    assert_eq!((s.tx_dropped, s.rx_dropped, a.tx_dropped, a.rx_dropped), (0, 0, 0, 0));
    assert_eq!(sta.handle.port_stats(sta_vif), Some(s));

    // Disconnect: carrier off on the station, the AP sees it leave and keeps its carrier.
    sta.handle.command(Command::Disconnect(sta_vif)).expect("disconnect");
    wait_event(&mut sta, "Disconnected", |k| matches!(k, EventKind::Disconnected { .. })).await;
    assert!(!sta_host.carrier(), "carrier off after disconnect");
    wait_event(
        &mut ap,
        "StationLeft",
        |k| matches!(k, EventKind::StationLeft { addr, .. } if *addr == sta_addr),
    )
    .await;
    assert!(ap_host.carrier());
    // A frame sent without a link is counted as dropped, not lost silently.
    assert!(sta_host.send(ethernet(bssid, sta_addr, b"into the void")));
    tokio::time::timeout(WAIT, async {
        while sta_host.stats().tx_dropped == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the frame is counted");
    assert_eq!(sta_host.stats().tx_packets, 1);

    // Stop the AP: carrier off; two transitions each (on, off).
    ap.handle.command(Command::StopAp(ap_vif)).expect("stop AP");
    wait_event(&mut ap, "ApStopped", |k| matches!(k, EventKind::ApStopped)).await;
    assert!(!ap_host.carrier());
    assert_eq!((sta_host.stats().carrier_changes, ap_host.stats().carrier_changes), (2, 2));

    // Shutdown closes the ports; the radio is removed with its runner.
    ap.handle.shutdown();
    sta.handle.shutdown();
    assert_eq!(ap.handle.closed().await, softmac_driver::ExitReason::Shutdown);
    assert_eq!(sta.handle.closed().await, softmac_driver::ExitReason::Shutdown);
    assert_eq!(sta.handle.port_stats(sta_vif), None);
    assert!(sta_host.recv().await.is_none(), "the port is closed");

    // The capture is a radiotap pcap holding the AP's beacons.
    assert!(medium.stop_capture(capture).expect("write capture"));
    let bytes = std::fs::read(&capture_path).expect("read capture");
    let _ = std::fs::remove_file(&capture_path);
    let records: Vec<_> =
        CaptureReader::new(&bytes).expect("pcap").collect::<Result<_, _>>().expect("records");
    assert!(records.iter().all(|r| r.linktype == LinkType::Radiotap));
    let beacons = records
        .iter()
        .filter(|r| {
            let rt_len = usize::from(u16::from_le_bytes([r.data[2], r.data[3]]));
            let frame = &r.data[rt_len..];
            frame[0] == 0x80 && frame[10..16] == bssid.0
        })
        .count();
    assert!(beacons > 0, "beacons of the AP in the capture");
    medium.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stations_talk_through_the_ap() {
    let medium = medium();
    let mut ap = phy(&medium, 1, 0.0, |_| {}, 16);
    let mut sta1 = phy(&medium, 2, 5.0, |_| {}, 16);
    let mut sta2 = phy(&medium, 3, 0.0, |_| {}, 16);
    let (_ap_vif, mut ap_host) = start_ap(&mut ap).await;
    let (v1, mut h1) = connect_station(&mut sta1, "wlan1").await;
    let (v2, mut h2) = connect_station(&mut sta2, "wlan2").await;
    let (a1, a2) = (vif_addr(&sta1, v1), vif_addr(&sta2, v2));
    let frame = ethernet(a2, a1, b"station to station");
    assert!(h1.send(frame.clone()));
    assert_eq!(recv(&mut h2).await, frame, "relayed by the AP");
    let reply = ethernet(a1, a2, b"and back");
    assert!(h2.send(reply.clone()));
    assert_eq!(recv(&mut h1).await, reply);
    assert_eq!((h1.stats().tx_packets, h1.stats().rx_packets), (1, 1));
    assert_eq!((h2.stats().tx_packets, h2.stats().rx_packets), (1, 1));
    // Relayed inside the BSS, not handed to the AP's host.
    assert!(ap_host.try_recv().is_none());
    assert_eq!(ap_host.stats().rx_packets, 0);
    for p in [&ap, &sta1, &sta2] {
        p.handle.shutdown();
    }
    medium.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_radio_stops_its_runner_and_closes_its_ports() {
    let medium = medium();
    let mut ap = phy(&medium, 1, 0.0, |_| {}, 16);
    let (vif, mut host) = start_ap(&mut ap).await;
    medium.remove_radio(ap.radio).expect("radio exists");
    let reason = tokio::time::timeout(WAIT, ap.handle.closed()).await.expect("runner stops");
    assert_eq!(reason, softmac_driver::ExitReason::RadioGone);
    assert_eq!(ap.handle.port_stats(vif), None);
    assert!(!host.carrier());
    assert!(host.recv().await.is_none(), "the port is closed");
    medium.shutdown();
}
