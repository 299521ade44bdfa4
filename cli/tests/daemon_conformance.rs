//! Conformance: every reply and event the front end sends, decoded by the independent
//! `wl-nl80211` crate (rust-netlink's nl80211 model), must say what the backend reported.
//!
//! The `assert_*` functions take the raw datagrams and the expected backend values, so the
//! same checks run against the scripted backend and against the real one (`HostBackend` with
//! in-memory ports on a running medium, after a real scan and connect). The real backend's
//! values move with time (seen-ms-ago, inactive time, counters), so it is wrapped in a
//! [`Recorder`] that keeps what it last told the front end: every reply is checked against
//! the very values it was built from, and those values against what the test set up.

mod support;

use mac80211_core::channel::Channel;
use mac80211_core::mac::{ApConfig, CommandError, ConnectRequest, ScanRequest, ScanScope};
use mac80211_core::mac::{EventKind, VifKind};
use mac80211_core::wire::{MacAddr, ReasonCode};
use netlink_packet_core::{NLM_F_DUMP, NetlinkMessage, NetlinkPayload};
use netlink_packet_generic::GenlMessage;
use softmac_cli::daemon::backend::{
    Backend, BackendError, BackendEvent, IfaceCommand, IfaceInfo, NewInterface, NewRadio, ScanEntry,
    StationEntry, WiphyInfo,
};
use softmac_cli::daemon::config::LinkModelKind;
use softmac_cli::daemon::host::{HostBackend, PortMode};
use softmac_cli::daemon::service::Session;
use softmac_cli::nl::ctrl::{CtrlAttr, CtrlCmd};
use softmac_cli::nl::nl80211::{Nl80211Attr as OurAttr, Nl80211Cmd as OurCmd};
use softmac_cli::nl::{FamilyIds, parse_datagram};
use std::cell::RefCell;
use std::time::Duration;
use support::*;
use tokio::sync::broadcast;
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

/// A scan notification repeats the scan's scope as Linux's `nl80211_add_scan_req` lays it out:
/// right after WIPHY, IFINDEX and WDEV, the SSIDs, then the frequencies, both present even
/// when empty.
fn assert_scan_scope(m: &Nl80211Message, scope: &ScanScope) {
    // wl-nl80211 follows a raw SSID list with its UTF-8 view, a decoded copy not on the wire.
    let kinds: Vec<u16> = m
        .attributes
        .iter()
        .filter(|a| !matches!(a, Nl80211Attr::ScanSsids(_)))
        .map(|a| netlink_packet_core::Nla::kind(a) & 0x3fff)
        .collect();
    assert_eq!(kinds[..5], [1, 3, 153, 45, 44], "WIPHY, IFINDEX, WDEV, SCAN_SSIDS, SCAN_FREQUENCIES");
    let ssids = attr(m, |a| match a {
        Nl80211Attr::ScanSsidsRaw(s) => Some(s.clone()),
        _ => None,
    });
    let freqs = attr(m, |a| match a {
        Nl80211Attr::ScanFrequencies(f) => Some(f.clone()),
        _ => None,
    });
    assert_eq!(ssids.as_ref(), Some(&scope.ssids), "SCAN_SSIDS");
    let want: Vec<u32> = scope.channels.iter().map(|c| u32::from(c.freq)).collect();
    assert_eq!(freqs, Some(want), "SCAN_FREQUENCIES");
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
                EventKind::ScanStarted { scope } => {
                    assert_eq!(m.cmd, Nl80211Command::TriggerScan);
                    assert_scan_scope(m, scope);
                }
                EventKind::ScanDone { aborted, scope, .. } => {
                    let want =
                        if *aborted { Nl80211Command::ScanAborted } else { Nl80211Command::NewScanResults };
                    assert_eq!(m.cmd, want);
                    assert_scan_scope(m, scope);
                }
                // WPA2: association reports the connect result, the handshake the port.
                EventKind::Connected { bssid, protected: true, .. } => {
                    assert_eq!((m.cmd, mac), (Nl80211Command::PortAuthorized, Some(*bssid)));
                }
                EventKind::ConnectFailed {
                    bssid: Some(bssid),
                    failure: mac80211_core::mac::ConnectFailure::HandshakeFailed(reason),
                } => {
                    assert_eq!((m.cmd, mac), (Nl80211Command::Disconnect, Some(*bssid)));
                    let got = attr(m, |a| match a {
                        Nl80211Attr::ReasonCode(r) => Some(*r),
                        _ => None,
                    });
                    assert_eq!(got, Some(reason.value()));
                    assert!(other(0x3f01), "softmac's HANDSHAKE_FAILED flag");
                }
                EventKind::Connected { bssid, .. } | EventKind::Handshaking { bssid } => {
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
                    // DISCONNECTED_BY_AP exactly when the AP deauthenticated or disassociated.
                    let by_ap = other(71)
                        || m.attributes.iter().any(|a| format!("{a:?}").contains("DisconnectedByAp"));
                    let from_ap = matches!(
                        cause,
                        mac80211_core::mac::DisconnectCause::Deauthenticated
                            | mac80211_core::mac::DisconnectCause::Disassociated
                    );
                    assert_eq!(by_ap, from_ap, "{cause:?}");
                }
                EventKind::StationAssociated { addr, .. } => {
                    assert_eq!((m.cmd, mac), (Nl80211Command::NewStation, Some(*addr)))
                }
                EventKind::StationLeft { addr, .. } => {
                    assert_eq!((m.cmd, mac), (Nl80211Command::DelStation, Some(*addr)))
                }
                // WPA2 AP: the station's handshake opened its port (Linux >= 6.7, AP offload).
                EventKind::StationAuthorized { addr } => {
                    assert_eq!((m.cmd, mac), (Nl80211Command::PortAuthorized, Some(*addr)))
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
        BackendEvent::InterfaceChanged(i) => {
            assert_eq!((m.cmd, ifindex), (Nl80211Command::SetInterface, Some(i.ifindex)));
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
    // An active scan of two channels for the wildcard and one SSID; a passive one of all.
    let active = ScanScope {
        channels: vec![Channel::from_freq(2412), Channel::from_freq(2437)],
        ssids: vec![Vec::new(), b"softmac".to_vec()],
    };
    let passive = ScanScope { channels: b.wiphys[0].channels.clone(), ssids: Vec::new() };
    let events = [
        mac(EventKind::ScanStarted { scope: active.clone() }),
        mac(EventKind::ScanDone { aborted: false, bss_count: 1, scope: active }),
        mac(EventKind::ScanStarted { scope: passive.clone() }),
        mac(EventKind::ScanDone { aborted: true, bss_count: 0, scope: passive }),
        mac(EventKind::Connected {
            bssid,
            ssid: b"softmac".to_vec(),
            channel: b.scan[0].bss.channel,
            aid: 1,
            protected: false,
        }),
        mac(EventKind::Handshaking { bssid }),
        mac(EventKind::Connected {
            bssid,
            ssid: b"softmac".to_vec(),
            channel: b.scan[0].bss.channel,
            aid: 1,
            protected: true,
        }),
        mac(EventKind::ConnectFailed {
            bssid: Some(bssid),
            failure: mac80211_core::mac::ConnectFailure::HandshakeFailed(ReasonCode::from(15)),
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
        BackendEvent::Mac { ifindex: AP0, wiphy: 1, kind: EventKind::StationAuthorized { addr: PEER_ADDR } },
        BackendEvent::Mac {
            ifindex: AP0,
            wiphy: 1,
            kind: EventKind::StationLeft { addr: PEER_ADDR, reason: ReasonCode::from(3), by_ap: false },
        },
        BackendEvent::InterfaceAdded(b.ifaces[0].clone()),
        BackendEvent::InterfaceRemoved(b.ifaces[0].clone()),
        BackendEvent::InterfaceChanged(b.ifaces[0].clone()),
        BackendEvent::RadioAdded(b.wiphys[0].clone()),
        BackendEvent::RadioRemoved(b.wiphys[0].clone()),
    ];
    for event in &events {
        let datagram = s.event(event).unwrap_or_else(|| panic!("no notification for {event:?}"));
        assert_event(&datagram, event);
    }
}

/// The real backend, remembering what it last reported to the front end.
struct Recorder {
    inner: HostBackend,
    wiphys: RefCell<Vec<WiphyInfo>>,
    ifaces: RefCell<Vec<IfaceInfo>>,
    scan: RefCell<Vec<ScanEntry>>,
    stations: RefCell<Vec<StationEntry>>,
}

impl Recorder {
    fn new(inner: HostBackend) -> Recorder {
        Recorder {
            inner,
            wiphys: RefCell::default(),
            ifaces: RefCell::default(),
            scan: RefCell::default(),
            stations: RefCell::default(),
        }
    }
}

impl Backend for Recorder {
    fn wiphys(&self) -> Vec<WiphyInfo> {
        let w = self.inner.wiphys();
        self.wiphys.replace(w.clone());
        w
    }
    fn interfaces(&self) -> Vec<IfaceInfo> {
        let i = self.inner.interfaces();
        self.ifaces.replace(i.clone());
        i
    }
    fn new_radio(&mut self, req: NewRadio) -> Result<WiphyInfo, BackendError> {
        self.inner.new_radio(req)
    }
    fn del_radio(&mut self, wiphy: u32) -> Result<(), BackendError> {
        self.inner.del_radio(wiphy)
    }
    fn new_interface(&mut self, req: NewInterface) -> Result<IfaceInfo, BackendError> {
        self.inner.new_interface(req)
    }
    fn del_interface(&mut self, ifindex: u32) -> Result<(), BackendError> {
        self.inner.del_interface(ifindex)
    }
    fn set_iftype(&mut self, ifindex: u32, kind: VifKind) -> Result<IfaceInfo, BackendError> {
        self.inner.set_iftype(ifindex, kind)
    }
    fn set_channel(&mut self, wiphy: u32, channel: Channel) -> Result<(), BackendError> {
        self.inner.set_channel(wiphy, channel)
    }
    fn command(&mut self, ifindex: u32, command: IfaceCommand) -> Result<(), BackendError> {
        self.inner.command(ifindex, command)
    }
    fn scan_results(&self, ifindex: u32) -> Result<Vec<ScanEntry>, BackendError> {
        let r = self.inner.scan_results(ifindex)?;
        self.scan.replace(r.clone());
        Ok(r)
    }
    fn stations(&self, ifindex: u32) -> Result<Vec<StationEntry>, BackendError> {
        let r = self.inner.stations(ifindex)?;
        self.stations.replace(r.clone());
        Ok(r)
    }
    fn subscribe(&self) -> broadcast::Receiver<BackendEvent> {
        self.inner.subscribe()
    }
}

/// Receives backend events into `seen` until one satisfies `pred` (bounded wait: a hang
/// fails the test, the duration is not asserted).
async fn until(
    events: &mut broadcast::Receiver<BackendEvent>,
    seen: &mut Vec<BackendEvent>,
    pred: impl Fn(&BackendEvent) -> bool,
) {
    let wait = async {
        loop {
            let e = events.recv().await.expect("event stream");
            let done = pred(&e);
            seen.push(e);
            if done {
                return;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), wait).await.expect("the event never came");
}

fn is_mac_event(ifindex: u32, want: fn(&EventKind) -> bool) -> impl Fn(&BackendEvent) -> bool {
    move |e| matches!(e, BackendEvent::Mac { ifindex: i, kind, .. } if *i == ifindex && want(kind))
}

/// Every event that has a notification decodes with wl-nl80211 and says what happened;
/// returns how many had one.
fn check_events(s: &mut Session, seen: &[BackendEvent]) -> usize {
    let mut sent = 0;
    for event in seen {
        if let Some(datagram) = s.event(event) {
            assert_event(&datagram, event);
            sent += 1;
        }
    }
    sent
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_backend_conforms_after_a_connect() {
    const SSID: &[u8] = b"conform";
    let ch6 = Channel::from_freq(2437);
    let mut b = Recorder::new(HostBackend::with_speed(1, LinkModelKind::PathLoss, PortMode::Memory, 10));
    let mut s = Session::new(1);
    for group in [0x11, 0x12, 0x14] {
        let join = ctrl_request(
            CtrlCmd::JoinMcastGroup,
            netlink_packet_core::NLM_F_ACK,
            vec![CtrlAttr::McastGroupId(group)],
        );
        let replies = s.handle(&mut b, &join);
        let acked = parse_datagram(&replies[0], &FamilyIds::SOFTMAC).unwrap();
        assert_eq!(errno_of(&acked[0]), Some(0), "join {group}");
    }
    let mut events = b.subscribe();
    let mut seen = Vec::new();

    let radio =
        |x: f64| NewRadio { position: Some([x, 0.0, 0.0]), channel: Some(ch6), ..NewRadio::default() };
    let r0 = b.new_radio(radio(0.0)).unwrap();
    let r1 = b.new_radio(radio(4.0)).unwrap();
    let iface =
        |wiphy, name: &str, kind| NewInterface { wiphy, name: name.into(), kind, addr: None, netns: None };
    let ap = b.new_interface(iface(r0.index, "ap0", VifKind::Ap)).unwrap();
    let sta = b.new_interface(iface(r1.index, "wlan0", VifKind::Station)).unwrap();
    b.command(ap.ifindex, IfaceCommand::StartAp(ApConfig::new(SSID, ch6))).unwrap();
    let scan = ScanRequest { ssids: vec![Vec::new()], ..ScanRequest::default() };
    b.command(sta.ifindex, IfaceCommand::Scan(scan)).unwrap();
    until(&mut events, &mut seen, is_mac_event(sta.ifindex, |k| matches!(k, EventKind::ScanDone { .. })))
        .await;
    // The scope both scan events report: the wildcard on every channel of the station's radio.
    let scopes: Vec<&ScanScope> = seen
        .iter()
        .filter_map(|e| match e {
            BackendEvent::Mac {
                kind: EventKind::ScanStarted { scope } | EventKind::ScanDone { scope, .. },
                ..
            } => Some(scope),
            _ => None,
        })
        .collect();
    let wildcard = ScanScope { channels: r1.channels.clone(), ssids: vec![Vec::new()] };
    assert_eq!(scopes, [&wildcard, &wildcard]);
    let connect = ConnectRequest { ssid: SSID.to_vec(), bssid: None, channel: None, credentials: None };
    b.command(sta.ifindex, IfaceCommand::Connect(connect.clone())).unwrap();
    until(&mut events, &mut seen, is_mac_event(sta.ifindex, |k| matches!(k, EventKind::Connected { .. })))
        .await;
    if !seen.iter().any(is_mac_event(ap.ifindex, |k| matches!(k, EventKind::StationAssociated { .. }))) {
        until(
            &mut events,
            &mut seen,
            is_mac_event(ap.ifindex, |k| matches!(k, EventKind::StationAssociated { .. })),
        )
        .await;
    }
    // Linux: CONNECT while connected is EALREADY.
    let again = b.command(sta.ifindex, IfaceCommand::Connect(connect));
    assert!(matches!(again, Err(BackendError::Command(CommandError::Already(_)))), "{again:?}");

    // Wiphys: the two radios, hwsim's address plan.
    let dump = ask(&mut s, &mut b, OurCmd::GetWiphy, NLM_F_DUMP, vec![OurAttr::SplitWiphyDump(())]);
    let wiphys = b.wiphys.borrow().clone();
    assert_eq!(
        wiphys.iter().map(|w| (w.index, w.name.as_str(), w.addr)).collect::<Vec<_>>(),
        [(0, "phy0", MacAddr([2, 0, 0, 0, 0, 0])), (1, "phy1", MacAddr([2, 0, 0, 0, 1, 0]))]
    );
    assert_wiphy_dump(&dump, &wiphys);

    // Interfaces: names, ifindex, type, MAC, SSID and channel of both ends of the link.
    let dump = ask(&mut s, &mut b, OurCmd::GetInterface, NLM_F_DUMP, vec![]);
    let ifaces = b.ifaces.borrow().clone();
    assert_interfaces(&dump, &ifaces);
    let summary: Vec<_> = ifaces
        .iter()
        .map(|i| (i.ifindex, i.name.as_str(), i.kind, i.addr, i.ssid.as_deref(), i.channel.map(|c| c.freq)))
        .collect();
    assert_eq!(
        summary,
        [
            (ap.ifindex, "ap0", VifKind::Ap, r0.addr, Some(SSID), Some(2437)),
            (sta.ifindex, "wlan0", VifKind::Station, r1.addr, Some(SSID), Some(2437)),
        ]
    );

    // Scan results: the AP, associated, with its SSID in the elements and a plausible signal.
    let dump = ask(&mut s, &mut b, OurCmd::GetScan, NLM_F_DUMP, vec![OurAttr::Ifindex(sta.ifindex)]);
    let scan = b.scan.borrow().clone();
    assert_scan_dump(&dump, sta.ifindex, &scan);
    let bss = scan.iter().find(|e| e.bss.bssid == ap.addr).expect("the AP was found");
    assert!(bss.associated);
    assert_eq!((bss.bss.ssid.as_slice(), bss.bss.channel.freq), (SSID, 2437));
    assert!((-90..0).contains(&bss.bss.signal_dbm), "{}", bss.bss.signal_dbm);

    // Stations: the AP sees wlan0, wlan0 sees the AP; counters and times as reported.
    let dump = ask(&mut s, &mut b, OurCmd::GetStation, NLM_F_DUMP, vec![OurAttr::Ifindex(ap.ifindex)]);
    let at_ap = b.stations.borrow().clone();
    assert_station_dump(&dump, &at_ap);
    assert_eq!(at_ap.iter().map(|p| p.addr).collect::<Vec<_>>(), [sta.addr]);
    assert!(
        at_ap[0].stats.signal_dbm < 0
            && at_ap[0].connected_for < mac80211_core::time::Duration::from_secs(600)
    );
    let dump = ask(&mut s, &mut b, OurCmd::GetStation, NLM_F_DUMP, vec![OurAttr::Ifindex(sta.ifindex)]);
    let at_sta = b.stations.borrow().clone();
    assert_station_dump(&dump, &at_sta);
    assert_eq!(at_sta.iter().map(|p| p.addr).collect::<Vec<_>>(), [ap.addr]);
    let one = ask(
        &mut s,
        &mut b,
        OurCmd::GetStation,
        0,
        vec![OurAttr::Ifindex(sta.ifindex), OurAttr::Mac(ap.addr)],
    );
    assert_station_dump(&one, &b.stations.borrow().clone());

    // Disconnect, then every multicast event seen along the way.
    b.command(sta.ifindex, IfaceCommand::Disconnect).unwrap();
    until(&mut events, &mut seen, is_mac_event(sta.ifindex, |k| matches!(k, EventKind::Disconnected { .. })))
        .await;
    if !seen.iter().any(is_mac_event(ap.ifindex, |k| matches!(k, EventKind::StationLeft { .. }))) {
        until(
            &mut events,
            &mut seen,
            is_mac_event(ap.ifindex, |k| matches!(k, EventKind::StationLeft { .. })),
        )
        .await;
    }
    let notified = check_events(&mut s, &seen);
    for (what, pred) in [
        (
            "radio added",
            (|e: &BackendEvent| matches!(e, BackendEvent::RadioAdded(_))) as fn(&BackendEvent) -> bool,
        ),
        ("interface added", |e| matches!(e, BackendEvent::InterfaceAdded(_))),
        ("scan started", |e| matches!(e, BackendEvent::Mac { kind: EventKind::ScanStarted { .. }, .. })),
        ("scan done", |e| matches!(e, BackendEvent::Mac { kind: EventKind::ScanDone { .. }, .. })),
        ("connected", |e| matches!(e, BackendEvent::Mac { kind: EventKind::Connected { .. }, .. })),
        ("new station", |e| matches!(e, BackendEvent::Mac { kind: EventKind::StationAssociated { .. }, .. })),
        ("disconnected", |e| matches!(e, BackendEvent::Mac { kind: EventKind::Disconnected { .. }, .. })),
        ("del station", |e| matches!(e, BackendEvent::Mac { kind: EventKind::StationLeft { .. }, .. })),
    ] {
        assert!(seen.iter().any(pred), "no {what} event among {seen:#?}");
    }
    assert!(notified >= 10, "{notified} notifications");
    b.inner.shutdown();
}
