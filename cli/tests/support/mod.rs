//! A scripted in-memory [`Backend`] and request helpers for the daemon's tests.
//!
//! The world: `phy0` (index 0; 2.4 GHz channels 1..=13 and 5 GHz 36, 40) hosting station
//! `wlan0` (ifindex 3), and `phy1` (index 1; 2.4 GHz) hosting AP `ap0` (ifindex 4, SSID
//! "softmac", channel 6). wlan0 has one scan result (ap0, -42 dBm, seen 120 ms ago); ap0 has one
//! associated station. Commands are recorded and checked the way the MAC would refuse them.

#![allow(dead_code)]

use mac80211_core::channel::{Band, Channel};
use mac80211_core::mac::{CommandError, PeerState, PeerStats, TxRate, VifKind};
use mac80211_core::sta::BssInfo;
use mac80211_core::time::{Duration, Instant};
use mac80211_core::wire::MacAddr;
use netlink_packet_core::{NLM_F_ACK, NLM_F_REQUEST};
use netlink_packet_generic::{GenlHeader, GenlMessage};
use softmac_cli::daemon::backend::*;
use softmac_cli::daemon::service::Session;
use softmac_cli::nl::ctrl::{CtrlAttr, CtrlCmd, CtrlMessage, GENL_ID_CTRL};
use softmac_cli::nl::hwsim::HwsimMessage;
use softmac_cli::nl::nl80211::{Nl80211Attr, Nl80211Cmd, Nl80211Message};
use softmac_cli::nl::{Body, FamilyIds, NlMessage, parse_datagram};
use tokio::sync::broadcast;

pub const AP_BSSID: MacAddr = MacAddr([0x02, 0, 0, 0, 0x01, 0]);
pub const STA_ADDR: MacAddr = MacAddr([0x02, 0, 0, 0, 0, 0]);
pub const PEER_ADDR: MacAddr = MacAddr([0x02, 0, 0, 0, 0x02, 0]);
pub const WLAN0: u32 = 3;
pub const AP0: u32 = 4;

pub struct FakeBackend {
    pub wiphys: Vec<WiphyInfo>,
    pub ifaces: Vec<IfaceInfo>,
    pub scan: Vec<ScanEntry>,
    pub stations: Vec<StationEntry>,
    pub commands: Vec<(u32, IfaceCommand)>,
    pub scanning: bool,
    pub next_ifindex: u32,
    pub events: broadcast::Sender<BackendEvent>,
}

pub fn channels_phy0() -> Vec<Channel> {
    let mut c: Vec<Channel> = (1..=13).filter_map(|n| Channel::from_number(Band::Ghz2_4, n)).collect();
    c.extend([36, 40].iter().filter_map(|n| Channel::from_number(Band::Ghz5, *n)));
    c
}

pub fn ap_ies() -> Vec<u8> {
    let mut ies = vec![0, 7];
    ies.extend_from_slice(b"softmac");
    ies.extend_from_slice(&[1, 1, 0x82, 3, 1, 6]);
    ies
}

impl FakeBackend {
    pub fn new() -> FakeBackend {
        let ch6 = Channel::from_freq(2437);
        let wiphy = |index: u32, channels: Vec<Channel>| WiphyInfo {
            index,
            name: format!("phy{index}"),
            addr: MacAddr([0x42, 0, 0, 0, index as u8, 0]),
            channel: channels[0],
            channels,
            max_interfaces: 8,
            position: Some([index as f64 * 10.0, 0.0, 0.0]),
            backend: "hwsim",
        };
        let two_four: Vec<Channel> = (1..=13).filter_map(|n| Channel::from_number(Band::Ghz2_4, n)).collect();
        FakeBackend {
            wiphys: vec![wiphy(0, channels_phy0()), wiphy(1, two_four)],
            ifaces: vec![
                IfaceInfo {
                    ifindex: WLAN0,
                    name: "wlan0".into(),
                    wiphy: 0,
                    kind: VifKind::Station,
                    addr: STA_ADDR,
                    ssid: None,
                    bssid: None,
                    channel: None,
                    netns: None,
                    carrier: false,
                },
                IfaceInfo {
                    ifindex: AP0,
                    name: "ap0".into(),
                    wiphy: 1,
                    kind: VifKind::Ap,
                    addr: AP_BSSID,
                    ssid: Some(b"softmac".to_vec()),
                    bssid: Some(AP_BSSID),
                    channel: Some(ch6),
                    netns: None,
                    carrier: true,
                },
            ],
            scan: vec![ScanEntry {
                bss: BssInfo {
                    bssid: AP_BSSID,
                    ssid: b"softmac".to_vec(),
                    channel: ch6,
                    signal_dbm: -42,
                    beacon_interval_tu: 100,
                    capability: 0x0401,
                    ies: ap_ies(),
                    last_seen: Instant::from_millis(880),
                    tsf: 1_234_567,
                    from_probe_response: true,
                },
                seen_ago: Duration::from_millis(120),
                associated: false,
            }],
            stations: vec![StationEntry {
                addr: PEER_ADDR,
                aid: 1,
                state: PeerState::Authorized,
                stats: PeerStats {
                    rx_packets: 10,
                    rx_bytes: 1_500,
                    tx_packets: 12,
                    tx_bytes: 5_000_000_000,
                    tx_retries: 2,
                    tx_failed: 1,
                    signal_dbm: -37,
                    connected_at: Instant::from_millis(0),
                    last_rx: Instant::from_millis(0),
                    tx_rate: TxRate::Ht { mcs: 7, wide: false, short_gi: true },
                },
                connected_for: Duration::from_secs(42),
                inactive_for: Duration::from_millis(250),
            }],
            commands: Vec::new(),
            scanning: false,
            next_ifindex: 5,
            events: broadcast::channel(16).0,
        }
    }

    fn iface_mut(&mut self, ifindex: u32) -> Result<&mut IfaceInfo, BackendError> {
        self.ifaces.iter_mut().find(|i| i.ifindex == ifindex).ok_or(BackendError::NoSuchInterface(ifindex))
    }
}

impl Backend for FakeBackend {
    fn wiphys(&self) -> Vec<WiphyInfo> {
        self.wiphys.clone()
    }
    fn interfaces(&self) -> Vec<IfaceInfo> {
        self.ifaces.clone()
    }
    fn new_radio(&mut self, req: NewRadio) -> Result<WiphyInfo, BackendError> {
        let index = self.wiphys.len() as u32;
        let channels = channels_phy0();
        let w = WiphyInfo {
            index,
            name: req.name.unwrap_or_else(|| format!("phy{index}")),
            addr: req.addr.unwrap_or(MacAddr([0x42, 0, 0, 0, index as u8, 0])),
            channel: req.channel.unwrap_or(channels[0]),
            channels,
            max_interfaces: 8,
            position: req.position,
            backend: "hwsim",
        };
        self.wiphys.push(w.clone());
        Ok(w)
    }
    fn del_radio(&mut self, wiphy: u32) -> Result<(), BackendError> {
        let before = self.wiphys.len();
        self.wiphys.retain(|w| w.index != wiphy);
        if self.wiphys.len() == before {
            return Err(BackendError::NoSuchWiphy(wiphy));
        }
        self.ifaces.retain(|i| i.wiphy != wiphy);
        Ok(())
    }
    fn new_interface(&mut self, req: NewInterface) -> Result<IfaceInfo, BackendError> {
        if !self.wiphys.iter().any(|w| w.index == req.wiphy) {
            return Err(BackendError::NoSuchWiphy(req.wiphy));
        }
        if self.ifaces.iter().any(|i| i.name == req.name) {
            return Err(BackendError::NameInUse(req.name));
        }
        let ifindex = self.next_ifindex;
        self.next_ifindex += 1;
        let info = IfaceInfo {
            ifindex,
            name: req.name,
            wiphy: req.wiphy,
            kind: req.kind,
            addr: req.addr.unwrap_or(MacAddr([0x02, 0, 0, 0, 0, ifindex as u8])),
            ssid: None,
            bssid: None,
            channel: None,
            netns: req.netns,
            carrier: false,
        };
        self.ifaces.push(info.clone());
        Ok(info)
    }
    fn del_interface(&mut self, ifindex: u32) -> Result<(), BackendError> {
        self.iface_mut(ifindex)?;
        self.ifaces.retain(|i| i.ifindex != ifindex);
        Ok(())
    }
    fn set_iftype(&mut self, ifindex: u32, kind: VifKind) -> Result<IfaceInfo, BackendError> {
        let i = self.iface_mut(ifindex)?;
        if i.carrier {
            return Err(CommandError::Busy("interface is up").into());
        }
        i.kind = kind;
        Ok(i.clone())
    }
    fn set_channel(&mut self, wiphy: u32, channel: Channel) -> Result<(), BackendError> {
        let w = self.wiphys.iter_mut().find(|w| w.index == wiphy).ok_or(BackendError::NoSuchWiphy(wiphy))?;
        if !w.channels.iter().any(|c| c.freq == channel.freq) {
            return Err(BackendError::Invalid(format!("{} MHz not supported", channel.freq)));
        }
        w.channel = channel;
        Ok(())
    }
    fn command(&mut self, ifindex: u32, command: IfaceCommand) -> Result<(), BackendError> {
        let scanning = self.scanning;
        let i = self.iface_mut(ifindex)?;
        let sta_only =
            matches!(command, IfaceCommand::Scan(_) | IfaceCommand::Connect(_) | IfaceCommand::Disconnect);
        if sta_only && i.kind != VifKind::Station {
            return Err(CommandError::WrongKind(i.kind).into());
        }
        match &command {
            IfaceCommand::Scan(_) if scanning => return Err(CommandError::Busy("scan in progress").into()),
            IfaceCommand::Scan(_) => self.scanning = true,
            IfaceCommand::Connect(_) if i.bssid.is_some() => {
                return Err(CommandError::Already("connected").into());
            }
            IfaceCommand::Disconnect if i.bssid.is_none() => {
                return Err(CommandError::NotActive("not connected").into());
            }
            IfaceCommand::StopAp if !i.carrier => {
                return Err(CommandError::NotActive("AP not started").into());
            }
            _ => {}
        }
        self.commands.push((ifindex, command));
        Ok(())
    }
    fn scan_results(&self, ifindex: u32) -> Result<Vec<ScanEntry>, BackendError> {
        let i = self
            .ifaces
            .iter()
            .find(|i| i.ifindex == ifindex)
            .ok_or(BackendError::NoSuchInterface(ifindex))?;
        if i.kind != VifKind::Station {
            return Err(CommandError::WrongKind(i.kind).into());
        }
        Ok(self.scan.clone())
    }
    fn stations(&self, ifindex: u32) -> Result<Vec<StationEntry>, BackendError> {
        let i = self
            .ifaces
            .iter()
            .find(|i| i.ifindex == ifindex)
            .ok_or(BackendError::NoSuchInterface(ifindex))?;
        Ok(if i.kind == VifKind::Ap { self.stations.clone() } else { Vec::new() })
    }
    fn subscribe(&self) -> broadcast::Receiver<BackendEvent> {
        self.events.subscribe()
    }
}

pub const SEQ: u32 = 77;

/// An nl80211 request datagram (flags REQUEST | `extra`).
pub fn nl80211_request(cmd: Nl80211Cmd, extra_flags: u16, attrs: Vec<Nl80211Attr>) -> Vec<u8> {
    let payload = Nl80211Message::new(cmd, attrs);
    let genl =
        GenlMessage::new(GenlHeader { cmd: cmd.into(), version: 0 }, payload, FamilyIds::SOFTMAC.nl80211);
    NlMessage::new(FamilyIds::SOFTMAC.nl80211, NLM_F_REQUEST | extra_flags, SEQ, 0, Body::Nl80211(genl))
        .to_bytes()
}

/// An nlctrl request datagram.
pub fn ctrl_request(cmd: CtrlCmd, extra_flags: u16, attrs: Vec<CtrlAttr>) -> Vec<u8> {
    let payload = CtrlMessage { cmd, attrs };
    let genl = GenlMessage::new(GenlHeader { cmd: cmd.into(), version: 1 }, payload, GENL_ID_CTRL);
    NlMessage::new(GENL_ID_CTRL, NLM_F_REQUEST | extra_flags, SEQ, 0, Body::Ctrl(genl)).to_bytes()
}

/// A hwsim request datagram.
pub fn hwsim_request(msg: HwsimMessage, extra_flags: u16) -> Vec<u8> {
    let cmd: u8 = msg.cmd.into();
    let genl = GenlMessage::new(GenlHeader { cmd, version: 1 }, msg, FamilyIds::SOFTMAC.hwsim);
    NlMessage::new(FamilyIds::SOFTMAC.hwsim, NLM_F_REQUEST | extra_flags, SEQ, 0, Body::Hwsim(genl))
        .to_bytes()
}

/// Joins a multicast group in band.
pub fn join(session: &mut Session, backend: &mut dyn Backend, group: u32) {
    let replies = exchange(
        session,
        backend,
        &ctrl_request(CtrlCmd::JoinMcastGroup, NLM_F_ACK, vec![CtrlAttr::McastGroupId(group)]),
    );
    assert_eq!(errno_of(&replies[0]), Some(0), "join {group}");
}

/// Sends one datagram and parses every reply datagram.
pub fn exchange(session: &mut Session, backend: &mut dyn Backend, request: &[u8]) -> Vec<NlMessage> {
    session
        .handle(backend, request)
        .iter()
        .flat_map(|d| parse_datagram(d, &FamilyIds::SOFTMAC).expect("replies parse"))
        .collect()
}

/// The errno of an NLMSG_ERROR (0 for an ACK), None for other messages.
pub fn errno_of(msg: &NlMessage) -> Option<i32> {
    match &msg.body {
        Body::Error(e) => Some(-e.raw_code()),
        _ => None,
    }
}
