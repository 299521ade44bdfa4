//! The daemon's real backend with in-memory ports: radios on the wall-clock medium, an AP and
//! two stations created through the `Backend` trait as the nl80211 front end drives it, data
//! between the stations through the AP, and the errors a user gets for mistakes.

use mac80211_core::channel::Channel;
use mac80211_core::mac::{ApConfig, CommandError, ConnectRequest, EventKind, ScanRequest, VifKind};
use mac80211_core::wire::MacAddr;
use softmac_cli::daemon::backend::*;
use softmac_cli::daemon::config::LinkModelKind;
use softmac_cli::daemon::host::{HostBackend, PortMode};
use std::time::Duration;
use tokio::sync::broadcast::Receiver;

const SSID: &[u8] = b"host-test";

fn channel6() -> Channel {
    Channel::from_freq(2437)
}

fn radio(backend: &mut HostBackend, x: f64) -> WiphyInfo {
    let req = NewRadio { position: Some([x, 0.0, 0.0]), channel: Some(channel6()), ..NewRadio::default() };
    backend.new_radio(req).unwrap()
}

fn iface(backend: &mut HostBackend, wiphy: u32, name: &str, kind: VifKind) -> IfaceInfo {
    let req = NewInterface { wiphy, name: name.into(), kind, addr: None, netns: None };
    backend.new_interface(req).unwrap()
}

async fn wait_for(
    events: &mut Receiver<BackendEvent>,
    within: Duration,
    pred: impl Fn(&BackendEvent) -> bool,
) {
    let found = async {
        loop {
            match events.recv().await {
                Ok(e) if pred(&e) => return,
                Ok(_) => {}
                Err(e) => panic!("event stream: {e}"),
            }
        }
    };
    tokio::time::timeout(within, found).await.expect("event did not arrive in time");
}

fn connected(ifindex: u32) -> impl Fn(&BackendEvent) -> bool {
    move |e| matches!(e, BackendEvent::Mac { ifindex: i, kind: EventKind::Connected { .. }, .. } if *i == ifindex)
}

/// An Ethernet II frame with an IPv4-looking payload.
fn ethernet(dst: MacAddr, src: MacAddr, payload: &[u8]) -> Vec<u8> {
    let mut f = Vec::new();
    f.extend_from_slice(&dst.0);
    f.extend_from_slice(&src.0);
    f.extend_from_slice(&[0x08, 0x00]);
    f.extend_from_slice(payload);
    f
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stations_connect_and_exchange_frames_through_the_ap() {
    let mut b = HostBackend::new(3, LinkModelKind::PathLoss, PortMode::Memory);
    let mut events = b.subscribe();
    let (r0, r1, r2) = (radio(&mut b, 0.0), radio(&mut b, 3.0), radio(&mut b, 6.0));
    assert_eq!((r0.index, r1.index, r2.index), (0, 1, 2));
    assert_eq!(r1.name, "phy1");
    assert_eq!(r1.addr, MacAddr([2, 0, 0, 0, 1, 0]), "mac80211_hwsim's address plan");
    let ap = iface(&mut b, 0, "ap0", VifKind::Ap);
    let s1 = iface(&mut b, 1, "sta1", VifKind::Station);
    let s2 = iface(&mut b, 2, "sta2", VifKind::Station);
    assert!(!s1.carrier && !ap.carrier, "carrier is off until associated / started");

    b.command(ap.ifindex, IfaceCommand::StartAp(ApConfig::new(SSID, channel6()))).unwrap();
    let connect = ConnectRequest { ssid: SSID.to_vec(), bssid: None, channel: None, credentials: None };
    b.command(s1.ifindex, IfaceCommand::Connect(connect.clone())).unwrap();
    wait_for(&mut events, Duration::from_secs(10), connected(s1.ifindex)).await;
    b.command(s2.ifindex, IfaceCommand::Connect(connect)).unwrap();
    wait_for(&mut events, Duration::from_secs(10), connected(s2.ifindex)).await;

    let infos = b.interfaces();
    let sta1 = infos.iter().find(|i| i.name == "sta1").unwrap();
    assert_eq!(sta1.ssid.as_deref(), Some(SSID));
    assert_eq!(sta1.bssid, Some(ap.addr));
    assert_eq!(sta1.channel, Some(channel6()));
    assert!(sta1.carrier);
    assert!(infos.iter().find(|i| i.name == "ap0").unwrap().carrier);

    let peers = b.stations(ap.ifindex).unwrap();
    let mut addrs: Vec<MacAddr> = peers.iter().map(|p| p.addr).collect();
    addrs.sort();
    assert_eq!(addrs, vec![s1.addr, s2.addr]);
    let link = b.stations(s1.ifindex).unwrap();
    assert_eq!(link.len(), 1);
    assert_eq!(link[0].addr, ap.addr);
    assert!(link[0].stats.signal_dbm < 0);

    let scan = b.scan_results(s1.ifindex).unwrap();
    let bss = scan.iter().find(|e| e.bss.bssid == ap.addr).expect("the AP is in the scan results");
    assert!(bss.associated);
    assert_eq!(bss.bss.ssid, SSID);

    let frame = ethernet(s2.addr, s1.addr, b"station to station through the AP");
    assert!(b.mem_port(s1.ifindex).unwrap().send(frame.clone()));
    let got = tokio::time::timeout(Duration::from_secs(5), b.mem_port(s2.ifindex).unwrap().recv()).await;
    assert_eq!(got.expect("frame relayed in time"), Some(frame));
    assert_eq!(b.mem_port(s1.ifindex).unwrap().stats().tx_packets, 1);
    b.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interfaces_come_and_go_with_events_and_linux_errnos() {
    let mut b = HostBackend::new(1, LinkModelKind::Perfect, PortMode::Memory);
    let mut events = b.subscribe();
    let r = radio(&mut b, 0.0);
    let sta = iface(&mut b, r.index, "wlan0", VifKind::Station);
    assert!(matches!(events.recv().await, Ok(BackendEvent::RadioAdded(w)) if w.index == r.index));
    assert!(matches!(events.recv().await, Ok(BackendEvent::InterfaceAdded(i)) if i.name == "wlan0"));

    let dup = b.new_interface(NewInterface {
        wiphy: r.index,
        name: "wlan0".into(),
        kind: VifKind::Station,
        addr: None,
        netns: None,
    });
    assert_eq!(dup.unwrap_err().errno(), errno::EEXIST);
    let nodev = b.new_interface(NewInterface {
        wiphy: 9,
        name: "wlan9".into(),
        kind: VifKind::Station,
        addr: None,
        netns: None,
    });
    assert_eq!(nodev.unwrap_err().errno(), errno::ENODEV);
    assert_eq!(b.command(77, IfaceCommand::Disconnect).unwrap_err().errno(), errno::ENODEV);
    assert_eq!(b.command(sta.ifindex, IfaceCommand::Disconnect).unwrap_err().errno(), errno::ENOLINK);
    let on_sta = b.command(sta.ifindex, IfaceCommand::StartAp(ApConfig::new(SSID, channel6())));
    assert_eq!(on_sta.unwrap_err().errno(), errno::EOPNOTSUPP);
    b.command(sta.ifindex, IfaceCommand::Scan(ScanRequest::default())).unwrap();
    let again = b.command(sta.ifindex, IfaceCommand::Scan(ScanRequest::default())).unwrap_err();
    assert!(matches!(again, BackendError::Command(CommandError::Busy(_))));
    assert_eq!(again.errno(), errno::EBUSY);
    b.command(sta.ifindex, IfaceCommand::AbortScan).unwrap();

    // A type change keeps the interface: same ifindex, name, address and port.
    let ap = b.set_iftype(sta.ifindex, VifKind::Ap).unwrap();
    assert_eq!(
        (ap.ifindex, ap.name.as_str(), ap.addr, ap.kind),
        (sta.ifindex, "wlan0", sta.addr, VifKind::Ap)
    );
    assert!(b.mem_port(sta.ifindex).is_some());
    wait_for(
        &mut events,
        Duration::from_secs(2),
        |e| matches!(e, BackendEvent::InterfaceChanged(i) if i.name == "wlan0" && i.kind == VifKind::Ap),
    )
    .await;
    b.command(ap.ifindex, IfaceCommand::StartAp(ApConfig::new(SSID, channel6()))).unwrap();
    let busy = b.set_iftype(ap.ifindex, VifKind::Station).unwrap_err();
    assert_eq!(busy.errno(), errno::EBUSY);

    b.del_interface(ap.ifindex).unwrap();
    assert!(b.interfaces().is_empty());
    wait_for(
        &mut events,
        Duration::from_secs(2),
        |e| matches!(e, BackendEvent::InterfaceRemoved(i) if i.name == "wlan0"),
    )
    .await;
    assert_eq!(b.del_interface(ap.ifindex).unwrap_err().errno(), errno::ENODEV);
    // Indices are never reused while the daemon runs.
    let again = iface(&mut b, r.index, "wlan0", VifKind::Station);
    assert!(again.ifindex > ap.ifindex);
    b.del_radio(r.index).unwrap();
    assert!(b.wiphys().is_empty() && b.interfaces().is_empty());
    let next = radio(&mut b, 0.0);
    assert!(next.index > r.index);
    b.shutdown();
}
