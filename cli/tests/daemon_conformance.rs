//! Conformance: every reply and event the front end sends, decoded by the independent
//! `wl-nl80211` crate (rust-netlink's nl80211 model), must say what the backend reported.
//!
//! The `assert_*` functions take the raw datagrams and the expected backend values, so the
//! same checks run against the scripted backend here and against the real one later.

mod support;

use mac80211_core::mac::{EventKind, VifKind};
use mac80211_core::wire::{MacAddr, ReasonCode};
use netlink_packet_core::{NLM_F_DUMP, NetlinkMessage, NetlinkPayload};
use netlink_packet_generic::GenlMessage;
use softmac_cli::daemon::backend::{
    Backend, BackendError, BackendEvent, IfaceCommand, IfaceInfo, NewInterface, NewRadio, ScanEntry,
    StationEntry, WiphyInfo,
};
use softmac_cli::daemon::host::HostBackend;
use softmac_cli::daemon::service::Session;
use softmac_cli::nl::nl80211::{Nl80211Attr as OurAttr, Nl80211Cmd as OurCmd};
use support::*;
use wl_nl80211::{
    Nl80211Attr, Nl80211BandInfo, Nl80211BssInfo, Nl80211Command, Nl80211FrequencyInfo, Nl80211InterfaceType,
    Nl80211Message, Nl80211RateInfo, Nl80211StationInfo,
};

/// Every nl80211 message of the datagrams, decoded by wl-nl80211 (DONE/ACK skipped).
pub fn decode(datagrams: &[Vec<u8>]) -> Vec<Nl80211Message> {
    let mut out = Vec::new();
    for d in datagrams {
        let mut rest = d.as_slice();
        while rest.len() >= 16 {
            let len = u32::from_ne_bytes(rest[..4].try_into().unwrap()) as usize;
            let msg = NetlinkMessage::<GenlMessage<Nl80211Message>>::deserialize(&rest[..len])
                .unwrap_or_else(|e| panic!("wl-nl80211 cannot decode {:02x?}: {e}", &rest[..len]));
            if let NetlinkPayload::InnerMessage(genl) = msg.payload {
                out.push(genl.payload);
            }
            rest = &rest[len.next_multiple_of(4).min(rest.len())..];
        }
    }
    out
}

fn attr<T>(m: &Nl80211Message, f: impl Fn(&Nl80211Attr) -> Option<T>) -> Option<T> {
    m.attributes.iter().find_map(f)
}

fn iftype(kind: VifKind) -> Nl80211InterfaceType {
    match kind {
        VifKind::Station => Nl80211InterfaceType::Station,
        VifKind::Ap => Nl80211InterfaceType::Ap,
        VifKind::Monitor => Nl80211InterfaceType::Monitor,
    }
}

/// A (possibly split) wiphy dump describes exactly `expected`: names and channel lists.
pub fn assert_wiphy_dump(datagrams: &[Vec<u8>], expected: &[WiphyInfo]) {
    let msgs = decode(datagrams);
    for w in expected {
        let mine: Vec<&Nl80211Message> = msgs
            .iter()
            .filter(|m| {
                attr(m, |a| match a {
                    Nl80211Attr::Wiphy(i) => Some(*i),
                    _ => None,
                }) == Some(w.index)
            })
            .collect();
        assert!(!mine.is_empty(), "wiphy {} missing", w.index);
        for m in &mine {
            assert_eq!(m.cmd, Nl80211Command::NewWiphy);
            assert_eq!(
                attr(m, |a| match a {
                    Nl80211Attr::WiphyName(n) => Some(n.clone()),
                    _ => None,
                })
                .as_deref(),
                Some(w.name.as_str())
            );
        }
        let mut freqs = Vec::new();
        for m in &mine {
            for bands in m.attributes.iter().filter_map(|a| match a {
                Nl80211Attr::WiphyBands(b) => Some(b),
                _ => None,
            }) {
                for band in bands {
                    for info in &band.info {
                        if let Nl80211BandInfo::Freqs(fs) = info {
                            for f in fs {
                                freqs.extend(f.info.iter().filter_map(|i| match i {
                                    Nl80211FrequencyInfo::Freq(v) => Some(*v),
                                    _ => None,
                                }));
                            }
                        }
                    }
                }
            }
        }
        let want: Vec<u32> = w.channels.iter().map(|c| u32::from(c.freq)).collect();
        assert_eq!(freqs, want, "channels of {}", w.name);
    }
}

/// An interface dump (or one NEW_INTERFACE reply) describes exactly `expected`.
pub fn assert_interfaces(datagrams: &[Vec<u8>], expected: &[IfaceInfo]) {
    let msgs = decode(datagrams);
    assert_eq!(msgs.len(), expected.len());
    for (m, i) in msgs.iter().zip(expected) {
        assert_eq!(m.cmd, Nl80211Command::NewInterface);
        assert_eq!(
            attr(m, |a| match a {
                Nl80211Attr::IfIndex(v) => Some(*v),
                _ => None,
            }),
            Some(i.ifindex)
        );
        assert_eq!(
            attr(m, |a| match a {
                Nl80211Attr::IfName(v) => Some(v.clone()),
                _ => None,
            }),
            Some(i.name.clone())
        );
        assert_eq!(
            attr(m, |a| match a {
                Nl80211Attr::Wiphy(v) => Some(*v),
                _ => None,
            }),
            Some(i.wiphy)
        );
        assert_eq!(
            attr(m, |a| match a {
                Nl80211Attr::IfType(v) => Some(*v),
                _ => None,
            }),
            Some(iftype(i.kind))
        );
        assert_eq!(
            attr(m, |a| match a {
                Nl80211Attr::Mac(v) => Some(MacAddr(*v)),
                _ => None,
            }),
            Some(i.addr)
        );
        let ssid = attr(m, |a| match a {
            Nl80211Attr::SsidRaw(v) => Some(v.clone()),
            Nl80211Attr::Ssid(v) => Some(v.as_bytes().to_vec()),
            _ => None,
        });
        assert_eq!(ssid, i.ssid);
        let freq = attr(m, |a| match a {
            Nl80211Attr::WiphyFreq(v) => Some(*v),
            _ => None,
        });
        assert_eq!(freq, i.channel.map(|c| u32::from(c.freq)));
    }
}

/// A GET_SCAN dump describes exactly `expected`, in order.
pub fn assert_scan_dump(datagrams: &[Vec<u8>], ifindex: u32, expected: &[ScanEntry]) {
    let msgs = decode(datagrams);
    assert_eq!(msgs.len(), expected.len());
    for (m, e) in msgs.iter().zip(expected) {
        assert_eq!(m.cmd, Nl80211Command::NewScanResults);
        assert_eq!(
            attr(m, |a| match a {
                Nl80211Attr::IfIndex(v) => Some(*v),
                _ => None,
            }),
            Some(ifindex)
        );
        let bss = attr(m, |a| match a {
            Nl80211Attr::Bss(b) => Some(b.clone()),
            _ => None,
        })
        .expect("BSS nest");
        let get = |f: &dyn Fn(&Nl80211BssInfo) -> Option<i64>| bss.iter().find_map(f);
        assert!(bss.contains(&Nl80211BssInfo::Bssid(e.bss.bssid.0)));
        assert_eq!(
            get(&|b| match b {
                Nl80211BssInfo::Frequency(v) => Some(i64::from(*v)),
                _ => None,
            }),
            Some(i64::from(e.bss.channel.freq))
        );
        assert_eq!(
            get(&|b| match b {
                Nl80211BssInfo::SignalMbm(v) => Some(i64::from(*v)),
                _ => None,
            }),
            Some(i64::from(e.bss.signal_dbm) * 100)
        );
        assert_eq!(
            get(&|b| match b {
                Nl80211BssInfo::SeenMsAgo(v) => Some(i64::from(*v)),
                _ => None,
            }),
            Some(e.seen_ago.as_millis() as i64)
        );
        assert_eq!(
            get(&|b| match b {
                Nl80211BssInfo::BeaconInterval(v) => Some(i64::from(*v)),
                _ => None,
            }),
            Some(i64::from(e.bss.beacon_interval_tu))
        );
        assert!(bss.contains(&Nl80211BssInfo::RawInformationElements(e.bss.ies.clone())));
        let status = get(&|b| match b {
            Nl80211BssInfo::Status(v) => Some(i64::from(*v)),
            _ => None,
        });
        assert_eq!(status, e.associated.then_some(1));
    }
}

/// A GET_STATION dump describes exactly `expected`.
pub fn assert_station_dump(datagrams: &[Vec<u8>], expected: &[StationEntry]) {
    let msgs = decode(datagrams);
    assert_eq!(msgs.len(), expected.len());
    for (m, s) in msgs.iter().zip(expected) {
        assert_eq!(m.cmd, Nl80211Command::NewStation);
        assert_eq!(
            attr(m, |a| match a {
                Nl80211Attr::Mac(v) => Some(MacAddr(*v)),
                _ => None,
            }),
            Some(s.addr)
        );
        let info = attr(m, |a| match a {
            Nl80211Attr::StationInfo(i) => Some(i.clone()),
            _ => None,
        })
        .expect("STA_INFO");
        let st = &s.stats;
        for want in [
            Nl80211StationInfo::RxBytes64(st.rx_bytes),
            Nl80211StationInfo::TxBytes64(st.tx_bytes),
            Nl80211StationInfo::RxPackets(st.rx_packets as u32),
            Nl80211StationInfo::TxPackets(st.tx_packets as u32),
            Nl80211StationInfo::TxRetries(st.tx_retries as u32),
            Nl80211StationInfo::TxFailed(st.tx_failed as u32),
            Nl80211StationInfo::Signal(st.signal_dbm),
            Nl80211StationInfo::InactiveTime(s.inactive_for.as_millis() as u32),
            Nl80211StationInfo::ConnectedTime((s.connected_for.as_millis() / 1000) as u32),
        ] {
            assert!(info.contains(&want), "{want:?} not in {info:?}");
        }
        let rate = info
            .iter()
            .find_map(|i| match i {
                Nl80211StationInfo::TxBitrate(r) => Some(r.clone()),
                _ => None,
            })
            .unwrap();
        assert!(rate.contains(&Nl80211RateInfo::Bitrate32(st.tx_rate.kbps() / 100)));
    }
}

/// A multicast datagram is the nl80211 notification for `event` (command and key values).
pub fn assert_event(datagram: &[u8], event: &BackendEvent) {
    let msgs = decode(&[datagram.to_vec()]);
    let m = &msgs[0];
    let other = |num: u16| {
        m.attributes
            .iter()
            .any(|a| matches!(a, Nl80211Attr::Other(n) if netlink_packet_core::Nla::kind(n) & 0x3fff == num))
    };
    let ifindex = attr(m, |a| match a {
        Nl80211Attr::IfIndex(v) => Some(*v),
        _ => None,
    });
    let mac = attr(m, |a| match a {
        Nl80211Attr::Mac(v) => Some(MacAddr(*v)),
        _ => None,
    });
    match event {
        BackendEvent::Mac { ifindex: want, kind, .. } => {
            assert_eq!(ifindex, Some(*want));
            match kind {
                EventKind::ScanStarted => assert_eq!(m.cmd, Nl80211Command::TriggerScan),
                EventKind::ScanDone { aborted: false, .. } => {
                    assert_eq!(m.cmd, Nl80211Command::NewScanResults)
                }
                EventKind::ScanDone { aborted: true, .. } => assert_eq!(m.cmd, Nl80211Command::ScanAborted),
                EventKind::Connected { bssid, .. } => {
                    assert_eq!((m.cmd, mac), (Nl80211Command::Connect, Some(*bssid)));
                    assert!(
                        attr(m, |a| match a {
                            Nl80211Attr::StatusCode(s) => Some(u16::from(*s)),
                            _ => None,
                        }) == Some(0)
                    );
                }
                EventKind::Disconnected { bssid, reason, cause } => {
                    assert_eq!((m.cmd, mac), (Nl80211Command::Disconnect, Some(*bssid)));
                    assert_eq!(
                        attr(m, |a| match a {
                            Nl80211Attr::ReasonCode(r) => Some(*r),
                            _ => None,
                        }),
                        Some(reason.value())
                    );
                    // DISCONNECTED_BY_AP (71) only when the AP ended the link, as cfg80211 sets it.
                    let by_ap = other(71)
                        || m.attributes.iter().any(|a| format!("{a:?}").contains("DisconnectedByAp"));
                    let ap_ended = matches!(
                        cause,
                        mac80211_core::mac::DisconnectCause::Deauthenticated
                            | mac80211_core::mac::DisconnectCause::Disassociated
                    );
                    assert_eq!(by_ap, ap_ended, "{cause:?}");
                }
                EventKind::StationAssociated { addr, .. } => {
                    assert_eq!((m.cmd, mac), (Nl80211Command::NewStation, Some(*addr)))
                }
                EventKind::StationLeft { addr, .. } => {
                    assert_eq!((m.cmd, mac), (Nl80211Command::DelStation, Some(*addr)))
                }
                other => panic!("no notification expected for {other:?}"),
            }
        }
        BackendEvent::InterfaceAdded(i) => {
            assert_eq!((m.cmd, ifindex), (Nl80211Command::NewInterface, Some(i.ifindex)));
        }
        BackendEvent::InterfaceRemoved(i) => {
            assert_eq!((m.cmd, ifindex), (Nl80211Command::DelInterface, Some(i.ifindex)));
        }
        BackendEvent::RadioAdded(w) | BackendEvent::RadioRemoved(w) => {
            let cmd = if matches!(event, BackendEvent::RadioAdded(_)) {
                Nl80211Command::NewWiphy
            } else {
                Nl80211Command::DelWiphy
            };
            assert_eq!(m.cmd, cmd);
            assert_eq!(
                attr(m, |a| match a {
                    Nl80211Attr::Wiphy(v) => Some(*v),
                    _ => None,
                }),
                Some(w.index)
            );
        }
    }
}

fn ask(
    session: &mut Session,
    backend: &mut dyn Backend,
    cmd: OurCmd,
    flags: u16,
    attrs: Vec<OurAttr>,
) -> Vec<Vec<u8>> {
    session.handle(backend, &nl80211_request(cmd, flags, attrs))
}

#[test]
fn wiphy_dumps_conform() {
    let (mut s, mut b) = (Session::new(1), FakeBackend::new());
    let expected = b.wiphys.clone();
    assert_wiphy_dump(&ask(&mut s, &mut b, OurCmd::GetWiphy, NLM_F_DUMP, vec![]), &expected);
    assert_wiphy_dump(
        &ask(&mut s, &mut b, OurCmd::GetWiphy, NLM_F_DUMP, vec![OurAttr::SplitWiphyDump(())]),
        &expected,
    );
    assert_wiphy_dump(&ask(&mut s, &mut b, OurCmd::GetWiphy, 0, vec![OurAttr::Wiphy(1)]), &expected[1..]);
}

#[test]
fn interfaces_conform() {
    let (mut s, mut b) = (Session::new(1), FakeBackend::new());
    let expected = b.ifaces.clone();
    assert_interfaces(&ask(&mut s, &mut b, OurCmd::GetInterface, NLM_F_DUMP, vec![]), &expected);
    assert_interfaces(
        &ask(&mut s, &mut b, OurCmd::GetInterface, 0, vec![OurAttr::Ifindex(AP0)]),
        &expected[1..],
    );
}

#[test]
fn scan_results_conform() {
    let (mut s, mut b) = (Session::new(1), FakeBackend::new());
    let mut second = b.scan[0].clone();
    second.associated = true;
    second.bss.bssid = MacAddr([2, 0, 0, 0, 9, 0]);
    b.scan.push(second);
    let expected = b.scan.clone();
    assert_scan_dump(
        &ask(&mut s, &mut b, OurCmd::GetScan, NLM_F_DUMP, vec![OurAttr::Ifindex(WLAN0)]),
        WLAN0,
        &expected,
    );
}

#[test]
fn stations_conform() {
    let (mut s, mut b) = (Session::new(1), FakeBackend::new());
    let expected = b.stations.clone();
    assert_station_dump(
        &ask(&mut s, &mut b, OurCmd::GetStation, NLM_F_DUMP, vec![OurAttr::Ifindex(AP0)]),
        &expected,
    );
}

#[test]
fn events_conform() {
    let (mut s, mut b) = (Session::new(1), FakeBackend::new());
    for group in [0x11, 0x12, 0x14] {
        join(&mut s, &mut b, group);
    }
    let bssid = AP_BSSID;
    let mac = |kind| BackendEvent::Mac { ifindex: WLAN0, wiphy: 0, kind };
    let events = [
        mac(EventKind::ScanStarted),
        mac(EventKind::ScanDone { aborted: false, bss_count: 1 }),
        mac(EventKind::ScanDone { aborted: true, bss_count: 0 }),
        mac(EventKind::Connected {
            bssid,
            ssid: b"softmac".to_vec(),
            channel: b.scan[0].bss.channel,
            aid: 1,
        }),
        mac(EventKind::Disconnected {
            bssid,
            reason: ReasonCode::from(3),
            cause: mac80211_core::mac::DisconnectCause::Deauthenticated,
        }),
        BackendEvent::Mac {
            ifindex: AP0,
            wiphy: 1,
            kind: EventKind::StationAssociated { addr: PEER_ADDR, aid: 1 },
        },
        BackendEvent::Mac {
            ifindex: AP0,
            wiphy: 1,
            kind: EventKind::StationLeft { addr: PEER_ADDR, reason: ReasonCode::from(3), by_ap: false },
        },
        BackendEvent::InterfaceAdded(b.ifaces[0].clone()),
        BackendEvent::InterfaceRemoved(b.ifaces[0].clone()),
        BackendEvent::RadioAdded(b.wiphys[0].clone()),
        BackendEvent::RadioRemoved(b.wiphys[0].clone()),
    ];
    for event in &events {
        let datagram = s.event(event).unwrap_or_else(|| panic!("no notification for {event:?}"));
        assert_event(&datagram, event);
    }
}

/// The real backend with its time-dependent answers (seen-ms-ago, inactive and connected
/// time) taken once, so the reply and the expectation describe the same instant. Everything
/// else goes to the real backend.
struct Snapshot<'a> {
    real: &'a mut HostBackend,
    scan: Vec<ScanEntry>,
    stations: Vec<StationEntry>,
}

impl Backend for Snapshot<'_> {
    fn wiphys(&self) -> Vec<WiphyInfo> {
        self.real.wiphys()
    }
    fn interfaces(&self) -> Vec<IfaceInfo> {
        self.real.interfaces()
    }
    fn new_radio(&mut self, req: NewRadio) -> Result<WiphyInfo, BackendError> {
        self.real.new_radio(req)
    }
    fn del_radio(&mut self, wiphy: u32) -> Result<(), BackendError> {
        self.real.del_radio(wiphy)
    }
    fn new_interface(&mut self, req: NewInterface) -> Result<IfaceInfo, BackendError> {
        self.real.new_interface(req)
    }
    fn del_interface(&mut self, ifindex: u32) -> Result<(), BackendError> {
        self.real.del_interface(ifindex)
    }
    fn set_iftype(&mut self, ifindex: u32, kind: VifKind) -> Result<IfaceInfo, BackendError> {
        self.real.set_iftype(ifindex, kind)
    }
    fn set_channel(
        &mut self,
        wiphy: u32,
        channel: mac80211_core::channel::Channel,
    ) -> Result<(), BackendError> {
        self.real.set_channel(wiphy, channel)
    }
    fn command(&mut self, ifindex: u32, command: IfaceCommand) -> Result<(), BackendError> {
        self.real.command(ifindex, command)
    }
    fn scan_results(&self, ifindex: u32) -> Result<Vec<ScanEntry>, BackendError> {
        self.real.scan_results(ifindex).map(|_| self.scan.clone())
    }
    fn stations(&self, ifindex: u32) -> Result<Vec<StationEntry>, BackendError> {
        self.real.stations(ifindex).map(|_| self.stations.clone())
    }
    fn subscribe(&self) -> tokio::sync::broadcast::Receiver<BackendEvent> {
        self.real.subscribe()
    }
}

/// The real backend (simulated radios on the wall-clock medium, in-memory ports): an AP and
/// a station that scans, connects and disconnects. Every dump and every notification the
/// front end makes of it decodes with wl-nl80211 to the values the backend reports.
#[test]
fn the_real_backend_conforms() {
    use mac80211_core::channel::Channel;
    use mac80211_core::mac::{ApConfig, ConnectRequest, ScanRequest};
    use softmac_cli::daemon::config::LinkModelKind;
    use softmac_cli::daemon::host::PortMode;

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let _guard = runtime.enter();
    let mut real = HostBackend::with_speed(5, LinkModelKind::PathLoss, PortMode::Memory, 10);
    let mut events = real.subscribe();
    let channel = Channel::from_freq(2437);
    for x in [0.0, 3.0] {
        real.new_radio(NewRadio {
            position: Some([x, 0.0, 0.0]),
            channel: Some(channel),
            ..NewRadio::default()
        })
        .unwrap();
    }
    let new =
        |wiphy, name: &str, kind| NewInterface { wiphy, name: name.into(), kind, addr: None, netns: None };
    let ap = real.new_interface(new(0, "ap0", VifKind::Ap)).unwrap();
    let sta = real.new_interface(new(1, "wlan0", VifKind::Station)).unwrap();
    real.command(ap.ifindex, IfaceCommand::StartAp(ApConfig::new(b"conform", channel))).unwrap();
    let wait = |events: &mut tokio::sync::broadcast::Receiver<BackendEvent>,
                want: &dyn Fn(&EventKind) -> bool| {
        let mut seen = Vec::new();
        runtime.block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(10), async {
                loop {
                    let e = events.recv().await.unwrap();
                    let done = matches!(&e, BackendEvent::Mac { kind, .. } if want(kind));
                    seen.push(e);
                    if done {
                        return;
                    }
                }
            })
            .await
            .expect("event in time")
        });
        seen
    };
    let mut seen = wait(&mut events, &|k| matches!(k, EventKind::ApStarted { .. }));
    real.command(sta.ifindex, IfaceCommand::Scan(ScanRequest::default())).unwrap();
    seen.extend(wait(&mut events, &|k| matches!(k, EventKind::ScanDone { .. })));
    let connect = ConnectRequest { ssid: b"conform".to_vec(), bssid: None, channel: None };
    real.command(sta.ifindex, IfaceCommand::Connect(connect)).unwrap();
    seen.extend(wait(&mut events, &|k| matches!(k, EventKind::Connected { .. })));

    let scan = real.scan_results(sta.ifindex).unwrap();
    assert!(scan.iter().any(|e| e.associated), "the AP is in the results, associated");
    let stations = real.stations(ap.ifindex).unwrap();
    assert_eq!(stations.len(), 1);
    let (wiphys, ifaces) = (real.wiphys(), real.interfaces());
    let mut b = Snapshot { real: &mut real, scan: scan.clone(), stations: stations.clone() };
    let mut s = Session::new(1);
    let split = vec![OurAttr::SplitWiphyDump(())];
    assert_wiphy_dump(&ask(&mut s, &mut b, OurCmd::GetWiphy, NLM_F_DUMP, split), &wiphys);
    assert_interfaces(&ask(&mut s, &mut b, OurCmd::GetInterface, NLM_F_DUMP, vec![]), &ifaces);
    let by_sta = vec![OurAttr::Ifindex(sta.ifindex)];
    assert_scan_dump(&ask(&mut s, &mut b, OurCmd::GetScan, NLM_F_DUMP, by_sta), sta.ifindex, &scan);
    let by_ap = vec![OurAttr::Ifindex(ap.ifindex)];
    assert_station_dump(&ask(&mut s, &mut b, OurCmd::GetStation, NLM_F_DUMP, by_ap), &stations);

    b.real.command(sta.ifindex, IfaceCommand::Disconnect).unwrap();
    seen.extend(wait(&mut events, &|k| matches!(k, EventKind::Disconnected { .. })));
    for group in [0x11, 0x12, 0x14] {
        join(&mut s, &mut b, group);
    }
    let mut notified = 0;
    for event in &seen {
        if let Some(datagram) = s.event(event) {
            assert_event(&datagram, event);
            notified += 1;
        }
    }
    assert!(notified >= 6, "scan start/done, connect, new station, disconnect, del station: {seen:#?}");
    real.shutdown();
}
