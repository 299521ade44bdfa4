//! Executes a checked [`Action`] over a [`Session`]: the nl80211 and MAC80211_HWSIM
//! message sequences `iw` sends (linux-anchor §1.7), and the output.
//!
//! - `list`/`phy`: GET_WIPHY dump with SPLIT_WIPHY_DUMP, parts merged by wiphy index.
//! - `dev`: GET_INTERFACE dump; an interface name is resolved through that dump, because the
//!   daemon's interfaces are not necessarily netdevs of this namespace.
//! - `scan`: join "scan", TRIGGER_SCAN, wait for NEW_SCAN_RESULTS / SCAN_ABORTED for this
//!   ifindex, then GET_SCAN dump. Joining first means the result cannot be missed.
//! - `connect`: join "mlme", CONNECT, wait for the CONNECT event (unless `--no-wait`).
//! - `link`: GET_SCAN dump for the BSS with a status, then GET_STATION for it.
//! - `event`: join "config", "scan", "mlme" and print each notification.

use super::args::{Action, PhyRef, ScanMode};
use super::event::Event;
use super::format;
use super::model::{Bss, Interface, Radio, Station, Wiphy};
use super::progress::Progress;
use super::session::{Family, NlError, Request, Session, SessionError};
use super::transport::NlTransport;
use crate::daemon::security::wpa2_psk_attrs;
use crate::nl::NlMessage;
use crate::nl::hwsim::{HWSIM_FAMILY_NAME, HwsimAttr, HwsimCmd, HwsimMessage};
use crate::nl::nl80211::{NL80211_FAMILY_NAME, Nl80211Attr as A, Nl80211Cmd as C, Nl80211Message};
use crate::nl::value::{List, NlString};
use mac80211_core::crypto::Key;
use mac80211_core::wire::{MacAddr, ReasonCode, StatusCode};
use serde::Serialize;
use std::io::Write;
use std::time::Duration;

/// How long `scan` waits for its results.
pub const SCAN_TIMEOUT: Duration = Duration::from_secs(30);
/// How long `connect` waits for the CONNECT event.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// nl80211 family name.
pub const NL80211: &str = NL80211_FAMILY_NAME;
/// mac80211_hwsim family name.
pub const HWSIM: &str = HWSIM_FAMILY_NAME;

/// Why a command did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The conversation failed (errno from the peer, I/O, timeout).
    #[error("{0}")]
    Session(#[from] SessionError),
    /// No interface with this name: iw's `No such device`.
    #[error("command failed: No such device (-19): no interface named {0}")]
    NoInterface(String),
    /// No radio with this name or index.
    #[error("command failed: No such device (-19): no radio {0}")]
    NoRadio(String),
    /// No station with this address.
    #[error("command failed: No such file or directory (-2): no station {0}")]
    NoStation(String),
    /// The scan was aborted.
    #[error("scan aborted on {0}")]
    ScanAborted(String),
    /// The connection attempt failed; the message says why.
    #[error("{0}")]
    ConnectFailed(String),
    /// The answer did not come in time.
    #[error("{0} timed out after {1} s")]
    TimedOut(&'static str, u64),
    /// Writing the output failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    /// Encoding JSON failed.
    #[error("cannot encode JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Runs `action`, writing its result to `out` (text, or JSON when `json`).
pub fn execute<T: NlTransport>(
    s: &mut Session<T>,
    action: &Action,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), ClientError> {
    let mut cx = Cx { s, json, out };
    match action {
        Action::ListPhys(phy) => cx.list_phys(phy.as_ref()),
        Action::ListDevs => {
            let list = cx.interfaces()?;
            cx.emit(&list, || format::interfaces(&list))
        }
        Action::DevInfo(dev) => {
            let i = cx.iface(dev)?;
            cx.emit(&i, || format::interface(&i))
        }
        Action::Scan { dev, mode, freqs, ssids, passive } => cx.scan(dev, *mode, freqs, ssids, *passive),
        Action::Connect { dev, ssid, freq, bssid, wait, pmk } => {
            let target = Target { ssid, freq: *freq, bssid: bssid.map(|b| b.0), pmk: pmk.as_ref() };
            cx.connect(dev, &target, *wait)
        }
        Action::Disconnect(dev) => cx.simple(dev, C::Disconnect, vec![]),
        Action::Link(dev) => cx.link(dev),
        Action::Stations(dev, mac) => cx.stations(dev, mac.map(|m| m.0)),
        Action::DevDel(dev) => cx.simple(dev, C::DelInterface, vec![]),
        Action::SetType(dev, t) => cx.simple(dev, C::SetInterface, vec![A::Iftype(t.number())]),
        Action::DevSetFreq(dev, f) => cx.simple(dev, C::SetWiphy, vec![A::WiphyFreq(*f)]),
        Action::PhySetFreq(phy, f) => {
            let index = cx.wiphy_index(phy)?;
            cx.nl_do(C::SetWiphy, vec![A::Wiphy(index), A::WiphyFreq(*f)]).map(drop)
        }
        Action::InterfaceAdd { phy, name, kind, netns } => {
            let index = cx.wiphy_index(phy)?;
            let mut attrs = vec![A::Wiphy(index), A::Ifname(name.clone()), A::Iftype(kind.number())];
            if let Some(ns) = netns {
                attrs.push(A::SoftmacNetns(ns.clone()));
            }
            let reply = cx.nl_do(C::NewInterface, attrs)?;
            match reply.first() {
                Some(m) if cx.json => {
                    let i = Interface::from_msg(m);
                    cx.emit(&i, String::new)
                }
                _ => Ok(()),
            }
        }
        Action::ApStart { dev, ssid, freq, hidden, beacon_interval, dtim_period, pmk, rekey } => {
            let (bi, dtim, hide) =
                (beacon_interval.unwrap_or(100), dtim_period.unwrap_or(2), u32::from(*hidden));
            let mut attrs = vec![
                A::Ssid(ssid.clone()),
                A::WiphyFreq(*freq),
                A::BeaconInterval(bi),
                A::DtimPeriod(dtim),
                A::HiddenSsid(hide),
            ];
            if let Some(pmk) = pmk {
                attrs.extend(wpa2_psk_attrs(pmk));
            }
            if let Some(secs) = rekey {
                attrs.push(A::SoftmacGroupRekey(*secs));
            }
            cx.simple(dev, C::StartAp, attrs)
        }
        Action::ApStop(dev) => cx.simple(dev, C::StopAp, vec![]),
        Action::Event { timestamps } => cx.events(*timestamps),
        Action::RadioAdd { name, freq, position } => cx.radio_add(name.as_deref(), *freq, *position),
        Action::RadioDel(r) => {
            let which = match r {
                PhyRef::Index(i) => HwsimAttr::RadioId(*i),
                PhyRef::Name(n) => HwsimAttr::RadioName(NlString::terminated(n.clone())),
            };
            cx.s.request(hwsim(HwsimCmd::DelRadio, vec![which]))?;
            Ok(())
        }
        Action::RadioList => {
            let parts = cx.s.dump(hwsim(HwsimCmd::GetRadio, vec![]))?;
            let list: Vec<Radio> =
                parts.iter().filter_map(NlMessage::hwsim).filter_map(Radio::from_msg).collect();
            cx.emit(&list, || format::radios(&list))
        }
    }
}

fn hwsim(cmd: HwsimCmd, attrs: Vec<HwsimAttr>) -> Request {
    Request::Hwsim(HwsimMessage { cmd, attrs })
}

/// The nl80211 payloads of reply messages.
fn nl80211_of(replies: Vec<NlMessage>) -> Vec<Nl80211Message> {
    replies
        .into_iter()
        .filter_map(|m| match m.body {
            crate::nl::Body::Nl80211(g) => Some(g.payload),
            _ => None,
        })
        .collect()
}

/// Where `connect` goes.
struct Target<'a> {
    ssid: &'a [u8],
    freq: Option<u32>,
    bssid: Option<[u8; 6]>,
    /// WPA2-PSK.
    pmk: Option<&'a Key<32>>,
}

struct Cx<'a, T: NlTransport> {
    s: &'a mut Session<T>,
    json: bool,
    out: &'a mut dyn Write,
}

impl<T: NlTransport> Cx<'_, T> {
    fn emit<V: Serialize>(&mut self, value: &V, text: impl FnOnce() -> String) -> Result<(), ClientError> {
        if self.json {
            serde_json::to_writer_pretty(&mut *self.out, value)?;
            writeln!(self.out)?;
        } else {
            self.out.write_all(text().as_bytes())?;
        }
        Ok(())
    }

    fn nl80211(&mut self) -> Result<Family, ClientError> {
        Ok(self.s.family(NL80211)?)
    }

    fn nl_do(&mut self, cmd: C, attrs: Vec<A>) -> Result<Vec<Nl80211Message>, ClientError> {
        Ok(nl80211_of(self.s.request(Request::Nl80211(Nl80211Message::new(cmd, attrs)))?))
    }

    fn nl_dump(&mut self, cmd: C, attrs: Vec<A>) -> Result<Vec<Nl80211Message>, ClientError> {
        Ok(nl80211_of(self.s.dump(Request::Nl80211(Nl80211Message::new(cmd, attrs)))?))
    }

    fn wiphys(&mut self) -> Result<Vec<Wiphy>, ClientError> {
        let parts = self.nl_dump(C::GetWiphy, vec![A::SplitWiphyDump(())])?;
        Ok(Wiphy::merge(&parts))
    }

    fn find_wiphy(&mut self, phy: &PhyRef) -> Result<Wiphy, ClientError> {
        let found = self.wiphys()?.into_iter().find(|w| match phy {
            PhyRef::Index(i) => w.index == *i,
            PhyRef::Name(n) => &w.name == n,
        });
        found.ok_or_else(|| ClientError::NoRadio(phy_label(phy)))
    }

    fn wiphy_index(&mut self, phy: &PhyRef) -> Result<u32, ClientError> {
        match phy {
            PhyRef::Index(i) => Ok(*i),
            PhyRef::Name(_) => Ok(self.find_wiphy(phy)?.index),
        }
    }

    fn list_phys(&mut self, phy: Option<&PhyRef>) -> Result<(), ClientError> {
        let list = match phy {
            None => self.wiphys()?,
            Some(p) => vec![self.find_wiphy(p)?],
        };
        match phy {
            Some(_) if self.json => self.emit(&list[0], String::new),
            _ => self.emit(&list, || format::wiphys(&list)),
        }
    }

    fn interfaces(&mut self) -> Result<Vec<Interface>, ClientError> {
        let parts = self.nl_dump(C::GetInterface, vec![])?;
        Ok(parts.iter().map(Interface::from_msg).collect())
    }

    /// The interface named `dev`, fresh.
    fn iface(&mut self, dev: &str) -> Result<Interface, ClientError> {
        let ifindex = self.ifindex(dev)?;
        let reply = self.nl_do(C::GetInterface, vec![A::Ifindex(ifindex)])?;
        reply.first().map(Interface::from_msg).ok_or_else(|| ClientError::NoInterface(dev.to_string()))
    }

    fn ifindex(&mut self, dev: &str) -> Result<u32, ClientError> {
        let list = self.interfaces()?;
        list.iter()
            .find(|i| i.name.as_deref() == Some(dev))
            .and_then(|i| i.ifindex)
            .ok_or_else(|| ClientError::NoInterface(dev.to_string()))
    }

    /// A "do" command on interface `dev`: `IFINDEX` first, then `attrs`.
    fn simple(&mut self, dev: &str, cmd: C, attrs: Vec<A>) -> Result<(), ClientError> {
        let ifindex = self.ifindex(dev)?;
        self.nl_do(cmd, [vec![A::Ifindex(ifindex)], attrs].concat()).map(drop)
    }

    fn scan_results(&mut self, ifindex: u32) -> Result<Vec<Bss>, ClientError> {
        let parts = self.nl_dump(C::GetScan, vec![A::Ifindex(ifindex)])?;
        Ok(parts.iter().filter_map(Bss::from_msg).collect())
    }

    fn scan(
        &mut self,
        dev: &str,
        mode: ScanMode,
        freqs: &[u32],
        ssids: &[Vec<u8>],
        passive: bool,
    ) -> Result<(), ClientError> {
        let ifindex = self.ifindex(dev)?;
        if mode != ScanMode::Dump {
            if mode == ScanMode::Full {
                self.s.join(NL80211, "scan")?;
            }
            // iw numbers list entries from 1; no SSID list at all means a passive scan.
            let mut attrs = vec![A::Ifindex(ifindex)];
            if !passive {
                let probe = if ssids.is_empty() { vec![Vec::new()] } else { ssids.to_vec() };
                attrs.push(A::ScanSsids(List::numbered(1, probe)));
            }
            if !freqs.is_empty() {
                attrs.push(A::ScanFrequencies(List::numbered(1, freqs.iter().copied())));
            }
            self.nl_do(C::TriggerScan, attrs)?;
            if mode == ScanMode::Trigger {
                return Ok(());
            }
            let progress = Progress::start(&format!("scanning on {dev}"));
            let done = self.wait_for(ifindex, &[C::NewScanResults, C::ScanAborted], SCAN_TIMEOUT);
            drop(progress);
            match done? {
                Some(m) if m.cmd == C::ScanAborted => {
                    return Err(ClientError::ScanAborted(dev.to_string()));
                }
                Some(_) => {}
                None => return Err(ClientError::TimedOut("scan", SCAN_TIMEOUT.as_secs())),
            }
        }
        let list = self.scan_results(ifindex)?;
        self.emit(&list, || format::scan_results(&list, dev))
    }

    /// Waits for an nl80211 notification with one of `cmds` about `ifindex`.
    fn wait_for(
        &mut self,
        ifindex: u32,
        cmds: &[C],
        timeout: Duration,
    ) -> Result<Option<Nl80211Message>, ClientError> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let Some(event) = self.s.next_event(Some(left))? else { return Ok(None) };
            if let Some(m) = event.nl80211()
                && cmds.contains(&m.cmd)
                && m.ifindex() == Some(ifindex)
            {
                return Ok(Some(m.clone()));
            }
        }
    }

    fn connect(&mut self, dev: &str, target: &Target<'_>, wait: bool) -> Result<(), ClientError> {
        let ifindex = self.ifindex(dev)?;
        if wait {
            self.s.join(NL80211, "mlme")?;
        }
        let mut attrs = vec![A::Ifindex(ifindex), A::Ssid(target.ssid.to_vec())];
        if let Some(f) = target.freq {
            attrs.push(A::WiphyFreq(f));
        }
        if let Some(b) = target.bssid {
            attrs.push(A::Mac(MacAddr(b)));
        }
        if let Some(pmk) = target.pmk {
            attrs.extend(wpa2_psk_attrs(pmk));
        }
        self.nl_do(C::Connect, attrs)?;
        if !wait {
            return Ok(());
        }
        let progress = Progress::start(&format!("connecting {dev}"));
        let mut event = self.wait_for(ifindex, &[C::Connect, C::Disconnect], CONNECT_TIMEOUT);
        // WPA2: the connect result comes at association; the port opens after the handshake.
        if target.pmk.is_some()
            && let Ok(Some(m)) = &event
            && m.cmd == C::Connect
            && Event::from_msg(m, &|_| None).event == "connected"
        {
            event = self.wait_for(ifindex, &[C::PortAuthorized, C::Disconnect], CONNECT_TIMEOUT);
        }
        drop(progress);
        let Some(m) = event? else { return Err(ClientError::TimedOut("connect", CONNECT_TIMEOUT.as_secs())) };
        let e = Event::from_msg(&m, &|_| Some(dev.to_string()));
        let ssid = target.ssid;
        match e.event.as_str() {
            "connected" | "port_authorized" => {
                let mac = e.mac.clone().unwrap_or_default();
                self.emit(&e, || format!("Connected to {mac} (on {dev})\n"))
            }
            "handshake_failed" => {
                let reason =
                    e.reason.map(|r| format!(" (reason {r}: {})", ReasonCode::from(r))).unwrap_or_default();
                Err(ClientError::ConnectFailed(format!(
                    "{dev}: 4-way handshake failed: check the passphrase{reason}"
                )))
            }
            "connect_failed" if e.status == Some(StatusCode::InvalidElement.value()) => {
                let why = if target.pmk.is_some() {
                    "is open or uses other security"
                } else {
                    "needs a passphrase (key PASSPHRASE)"
                };
                Err(ClientError::ConnectFailed(format!("{dev}: {} {why}", String::from_utf8_lossy(ssid))))
            }
            "connect_timed_out" => Err(ClientError::ConnectFailed(format!(
                "{dev}: connection to {} timed out",
                String::from_utf8_lossy(ssid)
            ))),
            _ => Err(ClientError::ConnectFailed(format!(
                "{dev}: {}",
                e.line().split_once(": ").map(|(_, w)| w).unwrap_or("failed to connect")
            ))),
        }
    }

    fn stations_of(&mut self, ifindex: u32, mac: Option<[u8; 6]>) -> Result<Vec<Station>, ClientError> {
        let parts = match mac {
            Some(m) => self.nl_do(C::GetStation, vec![A::Ifindex(ifindex), A::Mac(MacAddr(m))])?,
            None => self.nl_dump(C::GetStation, vec![A::Ifindex(ifindex)])?,
        };
        Ok(parts.iter().filter_map(Station::from_msg).collect())
    }

    fn stations(&mut self, dev: &str, mac: Option<[u8; 6]>) -> Result<(), ClientError> {
        let ifindex = self.ifindex(dev)?;
        let list = self.stations_of(ifindex, mac)?;
        match mac {
            Some(m) => {
                let st = list.into_iter().next().ok_or_else(|| ClientError::NoStation(mac_text(m)))?;
                self.emit(&st, || format::stations(std::slice::from_ref(&st), dev))
            }
            None => self.emit(&list, || format::stations(&list, dev)),
        }
    }

    fn link(&mut self, dev: &str) -> Result<(), ClientError> {
        #[derive(Serialize)]
        struct Link {
            connected: bool,
            bss: Option<Bss>,
            station: Option<Station>,
        }
        let ifindex = self.ifindex(dev)?;
        let bss = self.scan_results(ifindex)?.into_iter().find(|b| b.status.is_some());
        let station = match &bss {
            Some(b) => {
                let mac: Option<MacAddr> = b.bssid.parse().ok();
                match mac {
                    Some(m) => match self.stations_of(ifindex, Some(m.0)) {
                        Ok(mut l) => l.pop(),
                        Err(ClientError::Session(SessionError::Failed(NlError { errno: 2, .. }))) => None,
                        Err(e) => return Err(e),
                    },
                    None => None,
                }
            }
            None => None,
        };
        let link = Link { connected: bss.is_some(), bss, station };
        self.emit(&link, || format::link(link.bss.as_ref(), link.station.as_ref(), dev))
    }

    fn events(&mut self, timestamps: bool) -> Result<(), ClientError> {
        let family = self.nl80211()?;
        for g in ["config", "scan", "mlme"] {
            if family.group(g).is_some() {
                self.s.join(NL80211, g)?;
            }
        }
        let mut names: std::collections::HashMap<u32, String> = std::collections::HashMap::new();
        for i in self.interfaces()? {
            if let (Some(x), Some(n)) = (i.ifindex, i.name) {
                names.insert(x, n);
            }
        }
        loop {
            let Some(event) = self.s.next_event(None)? else { continue };
            let Some(m) = event.nl80211() else { continue };
            let mut e = Event::from_msg(m, &|x| names.get(&x).cloned());
            if let (Some(x), Some(n)) = (e.ifindex, &e.ifname) {
                names.insert(x, n.clone());
            }
            if timestamps {
                let now =
                    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
                e.timestamp = Some(now.as_secs_f64());
            }
            if self.json {
                serde_json::to_writer(&mut *self.out, &e)?;
                writeln!(self.out)?;
            } else {
                writeln!(self.out, "{}", e.line())?;
            }
            self.out.flush()?;
        }
    }

    fn radio_add(
        &mut self,
        name: Option<&str>,
        freq: Option<u32>,
        position: Option<[f64; 3]>,
    ) -> Result<(), ClientError> {
        #[derive(Serialize)]
        struct Created {
            id: u32,
            name: Option<String>,
        }
        let mut attrs = Vec::new();
        if let Some(n) = name {
            attrs.push(HwsimAttr::RadioName(NlString::terminated(n)));
        }
        if let Some(f) = freq {
            attrs.push(HwsimAttr::Freq(f));
        }
        if let Some(p) = position {
            attrs.push(HwsimAttr::SoftmacPosition(p));
        }
        let (replies, code) = self.s.request_with_code(hwsim(HwsimCmd::NewRadio, attrs))?;
        let radio = replies.iter().filter_map(NlMessage::hwsim).find_map(Radio::from_msg);
        let created = match radio {
            Some(r) => Created { id: r.id, name: r.name },
            None => Created { id: u32::try_from(code).unwrap_or(0), name: name.map(str::to_string) },
        };
        let label = created.name.clone().map(|n| format!(" ({n})")).unwrap_or_default();
        self.emit(&created, || format!("Created radio {}{label}\n", created.id))
    }
}

fn phy_label(p: &PhyRef) -> String {
    match p {
        PhyRef::Index(i) => format!("#{i}"),
        PhyRef::Name(n) => n.clone(),
    }
}

fn mac_text(m: [u8; 6]) -> String {
    MacAddr(m).to_string()
}
