//! The daemon's real backend: simulated radios on one wall-clock medium, each run by a
//! `driver::Runner`, each interface attached to the host as a TAP device.
//!
//! This is what cfg80211 + mac80211 + mac80211_hwsim are together on Linux: radios are
//! created and removed at run time (hwsim NEW_RADIO/DEL_RADIO), interfaces are added to a
//! radio (nl80211 NEW_INTERFACE) and get a `net_device` — here a TAP, optionally in a named
//! network namespace. Indices follow Linux: wiphy indices and ifindices count up and are
//! never reused while the daemon runs.
//!
//! Host ports: [`PortMode::Tap`] needs CAP_NET_ADMIN (a monitor interface gets a TUN device
//! of link type radiotap, so capture tools see 802.11); [`PortMode::Memory`] keeps frames in
//! memory (tests, and users without root who only want the nl80211 API and captures).
//!
//! Shutdown ([`HostBackend::shutdown`]) removes every interface (and so every TAP), then
//! every radio; namespaces the daemon created go with the last TAP in them.

use super::backend::*;
use super::device::{self, Device};
use hwsim::{MediumConfig, PathLoss, Position, RadioConfig};
use mac80211_core::channel::Channel;
use mac80211_core::mac::{Command, CommandOutput, Event, MacConfig, VifId, VifKind};
use mac80211_core::wire::MacAddr;
use softmac_driver::clock::Clock;
use softmac_driver::netns::Netns;
use softmac_driver::port::{MemPort, MemPortHandle, TapConfig, TapPort};
use softmac_driver::runner::PhyHandle;
use softmac_driver::sim::SimMedium;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// How interfaces are attached to the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortMode {
    /// A TAP device per interface (needs CAP_NET_ADMIN).
    Tap,
    /// In-memory ports (no privileges; frames for the host are kept for [`HostBackend::mem_port`]).
    Memory,
}

/// Interfaces a radio hosts at most (mac80211_hwsim's default interface combinations allow 2048
/// stations; we keep it to a handful per radio, like a real chip's combinations).
const MAX_INTERFACES: usize = 8;

/// Events queued for slow multicast listeners before they lag.
const EVENT_BACKLOG: usize = 1024;

struct Radio {
    info: WiphyInfo,
    phy: PhyHandle,
}

struct Iface {
    name: String,
    wiphy: u32,
    vif: VifId,
    kind: VifKind,
    addr: MacAddr,
    netns: Option<String>,
    mem: Option<MemPortHandle>,
}

/// (wiphy, vif) → ifindex, read by the event forwarders.
type VifMap = Arc<Mutex<HashMap<(u32, VifId), u32>>>;

/// Simulated radios on a wall-clock medium, served to the nl80211 front end.
pub struct HostBackend {
    clock: Clock,
    medium: SimMedium,
    ports: PortMode,
    seed: u64,
    radios: BTreeMap<u32, Radio>,
    ifaces: BTreeMap<u32, Iface>,
    next_wiphy: u32,
    next_ifindex: u32,
    vif_map: VifMap,
    events: broadcast::Sender<BackendEvent>,
}

impl HostBackend {
    /// A backend with an empty medium using `model` (needs a tokio runtime).
    pub fn new(seed: u64, model: super::config::LinkModelKind, ports: PortMode) -> HostBackend {
        HostBackend::with_speed(seed, model, ports, 1)
    }

    /// [`HostBackend::new`] with the medium and the MACs running `speed` times faster than
    /// the wall clock (airtime, beacons and timeouts all shrink by that factor).
    pub fn with_speed(
        seed: u64,
        model: super::config::LinkModelKind,
        ports: PortMode,
        speed: u32,
    ) -> HostBackend {
        let clock = Clock::with_speed(speed);
        let medium = SimMedium::start_with_clock(MediumConfig::new(seed), clock);
        if model == super::config::LinkModelKind::PathLoss {
            // Indoor office: log-distance exponent 3, like wmediumd's default path-loss setup.
            medium.set_link_model(PathLoss::log_distance(3.0));
        }
        HostBackend {
            clock,
            medium,
            ports,
            seed,
            radios: BTreeMap::new(),
            ifaces: BTreeMap::new(),
            next_wiphy: 0,
            // Linux gives ifindex 1 to `lo`; the first wireless interface is usually later.
            next_ifindex: 1,
            vif_map: Arc::new(Mutex::new(HashMap::new())),
            events: broadcast::channel(EVENT_BACKLOG).0,
        }
    }

    /// The medium, for captures and fault verbs.
    pub fn medium(&self) -> &SimMedium {
        &self.medium
    }

    /// The in-memory port of an interface ([`PortMode::Memory`] only).
    pub fn mem_port(&mut self, ifindex: u32) -> Option<&mut MemPortHandle> {
        self.ifaces.get_mut(&ifindex)?.mem.as_mut()
    }

    /// The ifindex of the interface named `name`.
    pub fn ifindex_of(&self, name: &str) -> Option<u32> {
        self.ifaces.iter().find(|(_, i)| i.name == name).map(|(&ix, _)| ix)
    }

    /// Removes every interface and radio (TAPs and the namespaces we created go with them).
    pub fn shutdown(&mut self) {
        let ifindices: Vec<u32> = self.ifaces.keys().copied().collect();
        for ifindex in ifindices {
            if let Err(e) = self.del_interface(ifindex) {
                tracing::warn!(ifindex, "removing interface at shutdown: {e}");
            }
        }
        let wiphys: Vec<u32> = self.radios.keys().copied().collect();
        for wiphy in wiphys {
            let _ = self.del_radio(wiphy);
        }
        self.medium.shutdown();
    }

    fn radio(&self, wiphy: u32) -> Result<&Radio, BackendError> {
        self.radios.get(&wiphy).ok_or(BackendError::NoSuchWiphy(wiphy))
    }

    fn iface(&self, ifindex: u32) -> Result<&Iface, BackendError> {
        self.ifaces.get(&ifindex).ok_or(BackendError::NoSuchInterface(ifindex))
    }

    fn name_taken(&self, name: &str) -> bool {
        self.ifaces.values().any(|i| i.name == name) || self.radios.values().any(|r| r.info.name == name)
    }

    fn iface_info(&self, ifindex: u32, iface: &Iface) -> IfaceInfo {
        let phy = &self.radios[&iface.wiphy].phy;
        let (vif, link_channel, channel) = phy.query(|mac| {
            let vif = mac.vifs().into_iter().find(|v| v.id == iface.vif);
            (vif, mac.link(iface.vif).map(|l| l.channel), mac.channel())
        });
        let (ssid, bssid) = vif.map(|v| (v.ssid, v.bssid)).unwrap_or_default();
        let holds_channel = match iface.kind {
            VifKind::Station => link_channel,
            VifKind::Ap => bssid.map(|_| channel),
            VifKind::Monitor => Some(channel),
        };
        IfaceInfo {
            ifindex,
            name: iface.name.clone(),
            wiphy: iface.wiphy,
            kind: iface.kind,
            addr: iface.addr,
            ssid,
            bssid,
            channel: holds_channel,
            netns: iface.netns.clone(),
            carrier: phy.carrier(iface.vif).unwrap_or(false),
        }
    }

    fn create_port(&self, phy: &PhyHandle, vif: VifId, req: &NewInterface, addr: MacAddr) -> PortResult {
        match self.ports {
            PortMode::Memory => {
                let (port, handle) = MemPort::new(&req.name);
                attach(phy, vif, port)?;
                Ok(Some(handle))
            }
            PortMode::Tap => {
                // A monitor carries radiotap + 802.11, like a Linux monitor netdev; the others
                // carry Ethernet.
                let mut config = match req.kind {
                    VifKind::Monitor => TapConfig::radiotap(&req.name, addr),
                    _ => TapConfig::new(&req.name, addr),
                };
                if let Some(ns) = &req.netns {
                    let netns = Netns::open_or_create(ns).map_err(|e| BackendError::Host(e.to_string()))?;
                    config = config.in_netns(netns);
                }
                let port =
                    TapPort::create(config).map_err(|e| BackendError::Host(format!("{}: {e}", req.name)))?;
                attach(phy, vif, port)?;
                Ok(None)
            }
        }
    }

    fn spawn_event_forwarder(&self, wiphy: u32, phy: &PhyHandle) {
        let mut rx = phy.subscribe();
        let vif_map = self.vif_map.clone();
        let events = self.events.clone();
        tokio::spawn(async move {
            loop {
                match rx.recv().await {
                    Ok(Event { vif, kind, .. }) => {
                        let ifindex =
                            vif_map.lock().unwrap_or_else(|p| p.into_inner()).get(&(wiphy, vif)).copied();
                        if let Some(ifindex) = ifindex {
                            let _ = events.send(BackendEvent::Mac { ifindex, wiphy, kind });
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(n)) => {
                        tracing::warn!(wiphy, missed = n, "event forwarder lagged");
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                }
            }
        });
    }
}

type PortResult = Result<Option<MemPortHandle>, BackendError>;

fn attach(phy: &PhyHandle, vif: VifId, port: impl softmac_driver::port::NetPort) -> Result<(), BackendError> {
    phy.attach_port(vif, port).map_err(|e| BackendError::Host(e.to_string()))
}

/// mac80211_hwsim's address plan: radio `n` is `02:00:00:00:nn:00`.
fn radio_addr(index: u32) -> MacAddr {
    let [_, hi, lo, _] = (index << 8).to_be_bytes();
    MacAddr([0x02, 0x00, 0x00, hi, lo, 0x00])
}

impl Backend for HostBackend {
    fn wiphys(&self) -> Vec<WiphyInfo> {
        self.radios
            .values()
            .map(|r| WiphyInfo { channel: r.phy.query(|m| m.channel()), ..r.info.clone() })
            .collect()
    }

    fn interfaces(&self) -> Vec<IfaceInfo> {
        self.ifaces.iter().map(|(&ix, i)| self.iface_info(ix, i)).collect()
    }

    fn new_radio(&mut self, req: NewRadio) -> Result<WiphyInfo, BackendError> {
        let index = self.next_wiphy;
        let name = req.name.clone().unwrap_or_else(|| format!("phy{index}"));
        if let Some(n) = &req.name {
            super::config::validate_ifname(n)
                .map_err(|why| BackendError::Invalid(format!("radio name: {why}")))?;
        }
        if self.name_taken(&name) {
            return Err(BackendError::NameInUse(name));
        }
        let two_ghz_only = device::two_ghz_only(&req.backend);
        if two_ghz_only && req.channel.is_some_and(|c| !device::is_two_ghz(&c)) {
            return Err(BackendError::Invalid("the MT7601U is 2.4 GHz only".into()));
        }
        let position = req.position.unwrap_or([0.0; 3]);
        let mut radio_config =
            RadioConfig::new(req.addr.unwrap_or_else(|| radio_addr(index)), Channel::from_freq(2412));
        radio_config.position = Position::new(position[0], position[1], position[2]);
        // A dongle is brought up first: its eFuse holds a real one's address and the channels
        // its country region allows.
        let device = Device::open(&req.backend, &self.medium, &radio_config)?;
        let addr = req.addr.or(device.permanent_addr()).unwrap_or(radio_config.addr);
        let mut mac_config =
            MacConfig::new(addr, self.seed ^ u64::from(index).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        mac_config.max_vifs = MAX_INTERFACES;
        if let Some(channels) = device.channels() {
            mac_config.channels = channels;
        }
        let channel = match req.channel {
            Some(c) if !mac_config.channels.contains(&c) => {
                return Err(BackendError::Invalid(format!("{} MHz is not supported by this radio", c.freq)));
            }
            Some(c) => c,
            None if mac_config.channels.contains(&mac_config.initial_channel) => mac_config.initial_channel,
            None => {
                *mac_config.channels.first().ok_or_else(|| BackendError::Host("no usable channel".into()))?
            }
        };
        mac_config.initial_channel = channel;
        radio_config.addr = addr;
        radio_config.channel = channel;
        let channels = mac_config.channels.clone();
        let (backend, on_medium) = (device.kind(), device.on_medium());
        let mac = mac80211_core::mac::Mac::new(mac_config);
        let phy = device.spawn(&name, mac, &self.medium, radio_config, self.clock)?;
        let info = WiphyInfo {
            index,
            name,
            addr,
            channels,
            channel,
            max_interfaces: MAX_INTERFACES,
            position: on_medium.then_some(position),
            backend,
        };
        self.spawn_event_forwarder(index, &phy);
        self.radios.insert(index, Radio { info: info.clone(), phy });
        self.next_wiphy += 1;
        let _ = self.events.send(BackendEvent::RadioAdded(info.clone()));
        Ok(info)
    }

    fn del_radio(&mut self, wiphy: u32) -> Result<(), BackendError> {
        self.radio(wiphy)?;
        let owned: Vec<u32> =
            self.ifaces.iter().filter(|(_, i)| i.wiphy == wiphy).map(|(&ix, _)| ix).collect();
        for ifindex in owned {
            self.del_interface(ifindex)?;
        }
        let radio = self.radios.remove(&wiphy).ok_or(BackendError::NoSuchWiphy(wiphy))?;
        // The runner owns the simulated radio; dropping it takes the radio off the medium.
        radio.phy.shutdown();
        let _ = self.events.send(BackendEvent::RadioRemoved(radio.info));
        Ok(())
    }

    fn new_interface(&mut self, req: NewInterface) -> Result<IfaceInfo, BackendError> {
        super::config::validate_ifname(&req.name)
            .map_err(|why| BackendError::Invalid(format!("ifname: {why}")))?;
        if let Some(ns) = &req.netns {
            super::config::validate_netns(ns)
                .map_err(|why| BackendError::Invalid(format!("netns: {why}")))?;
            // An in-memory port has no host side to move; accepting would silently ignore it
            // (the topology file's netns is refused the same way without TAP, run.rs).
            if self.ports == PortMode::Memory {
                return Err(BackendError::Unsupported(
                    "network namespaces need TAP ports (daemon runs without TAP)",
                ));
            }
        }
        if self.name_taken(&req.name) {
            return Err(BackendError::NameInUse(req.name));
        }
        let phy = self.radio(req.wiphy)?.phy.clone();
        let vif = match phy.command(Command::AddVif { kind: req.kind, addr: req.addr })? {
            CommandOutput::VifAdded(vif) => vif,
            CommandOutput::Done => return Err(BackendError::Host("the MAC created no interface".into())),
        };
        let addr = phy.query(|m| m.vifs().into_iter().find(|v| v.id == vif).map(|v| v.addr));
        let addr = addr.ok_or_else(|| BackendError::Host("the new interface vanished".into()))?;
        let mem = match self.create_port(&phy, vif, &req, addr) {
            Ok(mem) => mem,
            Err(e) => {
                let _ = phy.command(Command::RemoveVif(vif));
                return Err(e);
            }
        };
        let ifindex = self.next_ifindex;
        self.next_ifindex += 1;
        self.vif_map.lock().unwrap_or_else(|p| p.into_inner()).insert((req.wiphy, vif), ifindex);
        let iface =
            Iface { name: req.name, wiphy: req.wiphy, vif, kind: req.kind, addr, netns: req.netns, mem };
        let info = self.iface_info(ifindex, &iface);
        self.ifaces.insert(ifindex, iface);
        let _ = self.events.send(BackendEvent::InterfaceAdded(info.clone()));
        Ok(info)
    }

    fn del_interface(&mut self, ifindex: u32) -> Result<(), BackendError> {
        let info = self.iface_info(ifindex, self.iface(ifindex)?);
        let iface = self.ifaces.remove(&ifindex).ok_or(BackendError::NoSuchInterface(ifindex))?;
        let phy = &self.radios[&iface.wiphy].phy;
        // The MAC says goodbye on the air (deauthentication) before the netdev disappears.
        if let Err(e) = phy.command(Command::RemoveVif(iface.vif)) {
            tracing::warn!(ifindex, "removing interface: {e}");
        }
        phy.detach_port(iface.vif);
        self.vif_map.lock().unwrap_or_else(|p| p.into_inner()).remove(&(iface.wiphy, iface.vif));
        let _ = self.events.send(BackendEvent::InterfaceRemoved(info));
        Ok(())
    }

    fn set_iftype(&mut self, ifindex: u32, kind: VifKind) -> Result<IfaceInfo, BackendError> {
        let iface = self.iface(ifindex)?;
        if iface.kind == kind {
            return Ok(self.iface_info(ifindex, iface));
        }
        let info = self.iface_info(ifindex, iface);
        // cfg80211 refuses a type change while the interface is in use (EBUSY).
        if info.bssid.is_some() {
            return Err(BackendError::Command(mac80211_core::mac::CommandError::Busy(
                "interface is connected or running an AP",
            )));
        }
        let phy = self.radios[&iface.wiphy].phy.clone();
        let (old_vif, addr, wiphy) = (iface.vif, iface.addr, iface.wiphy);
        phy.command(Command::RemoveVif(old_vif))?;
        let new_vif = match phy.command(Command::AddVif { kind, addr: Some(addr) })? {
            CommandOutput::VifAdded(v) => v,
            CommandOutput::Done => return Err(BackendError::Host("the MAC created no interface".into())),
        };
        phy.rebind_port(old_vif, new_vif).map_err(|e| BackendError::Host(e.to_string()))?;
        let mut map = self.vif_map.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&(wiphy, old_vif));
        map.insert((wiphy, new_vif), ifindex);
        drop(map);
        let iface = self.ifaces.get_mut(&ifindex).ok_or(BackendError::NoSuchInterface(ifindex))?;
        iface.vif = new_vif;
        iface.kind = kind;
        let info = self.iface_info(ifindex, &self.ifaces[&ifindex]);
        let _ = self.events.send(BackendEvent::InterfaceChanged(info.clone()));
        Ok(info)
    }

    fn set_channel(&mut self, wiphy: u32, channel: Channel) -> Result<(), BackendError> {
        self.radio(wiphy)?.phy.command(Command::SetChannel(channel))?;
        Ok(())
    }

    fn command(&mut self, ifindex: u32, command: IfaceCommand) -> Result<(), BackendError> {
        let iface = self.iface(ifindex)?;
        let vif = iface.vif;
        let command = match command {
            IfaceCommand::Scan(req) => Command::Scan(vif, req),
            IfaceCommand::AbortScan => Command::AbortScan(vif),
            IfaceCommand::Connect(req) => Command::Connect(vif, req),
            IfaceCommand::Disconnect => Command::Disconnect(vif),
            IfaceCommand::StartAp(config) => Command::StartAp(vif, config),
            IfaceCommand::StopAp => Command::StopAp(vif),
            IfaceCommand::DelStation(addr, reason) => Command::DeauthStation { vif, addr, reason },
        };
        self.radios[&iface.wiphy].phy.command(command)?;
        Ok(())
    }

    fn scan_results(&self, ifindex: u32) -> Result<Vec<ScanEntry>, BackendError> {
        let iface = self.iface(ifindex)?;
        let phy = &self.radios[&iface.wiphy].phy;
        let now = phy.now();
        let (results, bssid) = phy.query(|m| (m.scan_results(iface.vif), m.link(iface.vif).map(|l| l.bssid)));
        Ok(results
            .into_iter()
            .map(|bss| ScanEntry {
                seen_ago: now.saturating_since(bss.last_seen),
                associated: Some(bss.bssid) == bssid,
                bss,
            })
            .collect())
    }

    fn stations(&self, ifindex: u32) -> Result<Vec<StationEntry>, BackendError> {
        let iface = self.iface(ifindex)?;
        let phy = &self.radios[&iface.wiphy].phy;
        let now = phy.now();
        let peers = phy.query(|m| match iface.kind {
            VifKind::Station => {
                m.link(iface.vif).map(|l| vec![(l.bssid, l.aid, l.state, l.stats)]).unwrap_or_default()
            }
            VifKind::Ap => {
                m.stations(iface.vif).into_iter().map(|s| (s.addr, s.aid, s.state, s.stats)).collect()
            }
            VifKind::Monitor => Vec::new(),
        });
        Ok(peers
            .into_iter()
            .map(|(addr, aid, state, stats)| StationEntry {
                addr,
                aid,
                state,
                connected_for: now.saturating_since(stats.connected_at),
                inactive_for: now.saturating_since(stats.last_rx),
                stats,
            })
            .collect())
    }

    fn subscribe(&self) -> broadcast::Receiver<BackendEvent> {
        self.events.subscribe()
    }
}
