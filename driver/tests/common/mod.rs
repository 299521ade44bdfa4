//! Shared set-up of the driver tests: radios on a `SimMedium` run by `Runner`s, in real time.

#![allow(dead_code)] // each test binary uses a part

use hwsim::{MediumConfig, RadioConfig, RadioId};
use mac80211_core::channel::{Band, Channel};
use mac80211_core::mac::{
    ApConfig, Command, CommandOutput, ConnectRequest, Event, EventKind, Mac, MacConfig, VifId, VifKind,
};
use mac80211_core::wire::MacAddr;
use softmac_driver::{MemPort, MemPortHandle, PhyHandle, Runner, SimMedium};
use std::time::Duration;
use tokio::sync::broadcast;

pub const SSID: &[u8] = b"drivernet";
/// Hang guard for waits on events (never a timing assertion: a healthy run takes far less).
pub const WAIT: Duration = Duration::from_secs(20);

pub fn ch(n: u8) -> Channel {
    Channel::from_number(Band::Ghz2_4, n).expect("2.4 GHz channel")
}

pub fn addr(n: u8) -> MacAddr {
    MacAddr([0x02, 0, 0, 0, n, 0])
}

/// A radio with its runner: channels 1 and 6 only, so scans are short.
pub struct Phy {
    pub handle: PhyHandle,
    pub radio: RadioId,
    pub events: broadcast::Receiver<Event>,
}

/// Adds a radio at `x` metres with `tune` applied to its MAC configuration and the radio's
/// hardware queue depth `tx_capacity`.
pub fn phy(medium: &SimMedium, n: u8, x: f64, tune: impl FnOnce(&mut MacConfig), tx_capacity: usize) -> Phy {
    let mut config = MacConfig::new(addr(n), u64::from(n)).with_channels(vec![ch(1), ch(6)]);
    tune(&mut config);
    let radio = medium
        .add_radio(RadioConfig::new(addr(n), ch(1)).at((x, 0.0, 0.0)))
        .expect("medium running")
        .with_tx_capacity(tx_capacity);
    let id = radio.id();
    let handle = Runner::spawn(&format!("phy{n}"), Mac::new(config), radio).expect("radio starts");
    let events = handle.subscribe();
    Phy { handle, radio: id, events }
}

pub fn medium() -> SimMedium {
    SimMedium::start(MediumConfig::new(7))
}

pub fn add_vif(phy: &Phy, kind: VifKind) -> VifId {
    match phy.handle.command(Command::AddVif { kind, addr: None }) {
        Ok(CommandOutput::VifAdded(v)) => v,
        other => panic!("adding a {kind:?} interface: {other:?}"),
    }
}

pub fn attach_mem(phy: &Phy, vif: VifId, name: &str) -> MemPortHandle {
    let (port, host) = MemPort::new(name);
    phy.handle.attach_port(vif, port).expect("attach");
    host
}

/// Waits for an event matching `pred`; returns it.
pub async fn wait_event(phy: &mut Phy, what: &str, pred: impl Fn(&EventKind) -> bool) -> Event {
    let found = tokio::time::timeout(WAIT, async {
        loop {
            match phy.events.recv().await {
                Ok(e) if pred(&e.kind) => return e,
                Ok(_) => {}
                Err(e) => panic!("event stream: {e}"),
            }
        }
    })
    .await;
    found.unwrap_or_else(|_| panic!("no {what} event within {WAIT:?}"))
}

/// An AP with short beacons (20 TU) on channel 6, started, with a memory port.
pub async fn start_ap(ap: &mut Phy) -> (VifId, MemPortHandle) {
    let vif = add_vif(ap, VifKind::Ap);
    let host = attach_mem(ap, vif, "ap0");
    assert!(!host.carrier(), "an AP that is not started has no carrier");
    let config = ApConfig { beacon_interval_tu: 20, ..ApConfig::new(SSID, ch(6)) };
    ap.handle.command(Command::StartAp(vif, config)).expect("start AP");
    wait_event(ap, "ApStarted", |k| matches!(k, EventKind::ApStarted { .. })).await;
    (vif, host)
}

/// Connects a station interface to the AP; returns its vif and port.
pub async fn connect_station(sta: &mut Phy, name: &str) -> (VifId, MemPortHandle) {
    let vif = add_vif(sta, VifKind::Station);
    let host = attach_mem(sta, vif, name);
    assert!(!host.carrier(), "a station that is not associated has no carrier");
    let req = ConnectRequest { ssid: SSID.to_vec(), ..Default::default() };
    sta.handle.command(Command::Connect(vif, req)).expect("connect");
    wait_event(sta, "Connected", |k| matches!(k, EventKind::Connected { .. })).await;
    (vif, host)
}

/// An Ethernet II frame with a local experimental EtherType (0x88B5) and `payload`.
pub fn ethernet(dst: MacAddr, src: MacAddr, payload: &[u8]) -> Vec<u8> {
    let mut f = Vec::with_capacity(14 + payload.len());
    f.extend_from_slice(&dst.0);
    f.extend_from_slice(&src.0);
    f.extend_from_slice(&[0x88, 0xb5]);
    f.extend_from_slice(payload);
    f
}

pub fn vif_addr(phy: &Phy, vif: VifId) -> MacAddr {
    phy.handle.query(|m| m.vifs().into_iter().find(|v| v.id == vif).map(|v| v.addr)).expect("vif exists")
}

/// Receives one frame from a memory port, with the hang guard.
pub async fn recv(host: &mut MemPortHandle) -> Vec<u8> {
    tokio::time::timeout(WAIT, host.recv()).await.expect("a frame within the hang guard").expect("port open")
}
