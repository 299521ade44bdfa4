//! Multicast events, decoded and printed as `iw event` prints them.
//!
//! A line is `IF (phy #N): what happened` when the event names an interface, `phy #N: ...`
//! when it names only a radio (iw `event.c`, `print_event`). CONNECT prints the 802.11
//! status code with its meaning, DISCONNECT the reason code and who asked, so a failed
//! association explains itself without a capture.

use super::model::{escape_ssid, iftype_name};
use crate::nl::nl80211::{Nl80211Attr, Nl80211Cmd, Nl80211Message};
use crate::nl::value::attr;
use mac80211_core::wire::{ReasonCode, StatusCode};
use serde::Serialize;
use std::fmt::Write;

/// One event, decoded.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct Event {
    /// Seconds since the Unix epoch when it arrived (with `-t`).
    pub timestamp: Option<f64>,
    /// What happened: `scan_started`, `scan_finished`, `scan_aborted`, `connected`,
    /// `connect_failed`, `connect_timed_out`, `port_authorized`, `disconnected`,
    /// `handshake_failed` (a DISCONNECT because the 4-way handshake failed), `new_station`, `del_station`,
    /// `new_interface`, `del_interface`, `set_interface`, `new_wiphy`, `del_wiphy`, or
    /// `cmd_N` for another command.
    pub event: String,
    /// Interface name.
    pub ifname: Option<String>,
    /// Interface index.
    pub ifindex: Option<u32>,
    /// Radio index.
    pub wiphy: Option<u32>,
    /// Peer or BSSID.
    pub mac: Option<String>,
    /// 802.11 status code (CONNECT).
    pub status: Option<u16>,
    /// 802.11 reason code (DISCONNECT).
    pub reason: Option<u16>,
    /// DISCONNECT came from the AP.
    pub by_ap: bool,
    /// Scanned frequencies (scan events).
    pub freqs: Vec<u32>,
    /// Scanned SSIDs, escaped (scan events).
    pub ssids: Vec<String>,
    /// Interface type (interface events).
    #[serde(rename = "type")]
    pub iftype: Option<String>,
    /// Wiphy name (wiphy events).
    pub wiphy_name: Option<String>,
}

impl Event {
    /// Decodes an nl80211 notification. `names` maps ifindex to name for events that carry
    /// only the index.
    pub fn from_msg(m: &Nl80211Message, names: &dyn Fn(u32) -> Option<String>) -> Event {
        let ifindex = m.ifindex();
        let status = attr!(m, Nl80211Attr::StatusCode).copied();
        let event = match m.cmd {
            Nl80211Cmd::TriggerScan => "scan_started",
            Nl80211Cmd::NewScanResults => "scan_finished",
            Nl80211Cmd::ScanAborted => "scan_aborted",
            Nl80211Cmd::Connect if attr!(m, Nl80211Attr::TimedOut).is_some() => "connect_timed_out",
            Nl80211Cmd::Connect if status == Some(0) => "connected",
            Nl80211Cmd::Connect => "connect_failed",
            Nl80211Cmd::Disconnect if attr!(m, Nl80211Attr::SoftmacHandshakeFailed).is_some() => {
                "handshake_failed"
            }
            Nl80211Cmd::Disconnect => "disconnected",
            Nl80211Cmd::PortAuthorized => "port_authorized",
            Nl80211Cmd::NewStation => "new_station",
            Nl80211Cmd::DelStation => "del_station",
            Nl80211Cmd::NewInterface => "new_interface",
            Nl80211Cmd::DelInterface => "del_interface",
            Nl80211Cmd::SetInterface => "set_interface",
            Nl80211Cmd::NewWiphy => "new_wiphy",
            Nl80211Cmd::DelWiphy => "del_wiphy",
            _ => "",
        };
        let event = if event.is_empty() { format!("cmd_{}", u8::from(m.cmd)) } else { event.to_string() };
        Event {
            timestamp: None,
            event,
            ifname: attr!(m, Nl80211Attr::Ifname).cloned().or_else(|| ifindex.and_then(names)),
            ifindex,
            wiphy: m.wiphy(),
            mac: m.mac().map(|a| a.to_string()),
            status,
            reason: attr!(m, Nl80211Attr::ReasonCode).copied(),
            by_ap: attr!(m, Nl80211Attr::DisconnectedByAp).is_some(),
            freqs: attr!(m, Nl80211Attr::ScanFrequencies)
                .map(|l| l.values().copied().collect())
                .unwrap_or_default(),
            ssids: attr!(m, Nl80211Attr::ScanSsids)
                .map(|l| l.values().map(|s| escape_ssid(s)).collect())
                .unwrap_or_default(),
            iftype: attr!(m, Nl80211Attr::Iftype).map(|t| iftype_name(*t)),
            wiphy_name: attr!(m, Nl80211Attr::WiphyName).cloned(),
        }
    }

    /// The `iw event` line (no trailing newline).
    pub fn line(&self) -> String {
        let mut s = String::new();
        if let Some(t) = self.timestamp {
            let _ = write!(s, "{t:.6}: ");
        }
        match (&self.ifname, self.wiphy) {
            (Some(n), Some(w)) => {
                let _ = write!(s, "{n} (phy #{w}): ");
            }
            (Some(n), None) => {
                let _ = write!(s, "{n}: ");
            }
            (None, Some(w)) => {
                let _ = write!(s, "phy #{w}: ");
            }
            (None, None) => {}
        }
        s.push_str(&self.what());
        s
    }

    fn what(&self) -> String {
        let mac = self.mac.clone().unwrap_or_default();
        match self.event.as_str() {
            "scan_started" => "scan started".into(),
            "scan_finished" | "scan_aborted" => {
                let mut s = if self.event == "scan_finished" { "scan finished:" } else { "scan aborted:" }
                    .to_string();
                if !self.freqs.is_empty() {
                    for f in &self.freqs {
                        let _ = write!(s, " {f}");
                    }
                    s.push(',');
                }
                for ssid in &self.ssids {
                    let _ = write!(s, " \"{ssid}\"");
                }
                s
            }
            "connected" => format!("connected to {mac}"),
            "connect_timed_out" => "timed out".into(),
            "connect_failed" => {
                let mut s = "failed to connect".to_string();
                if self.mac.is_some() {
                    let _ = write!(s, " to {mac}");
                }
                if let Some(st) = self.status {
                    let _ = write!(s, ", status: {st}: {}", StatusCode::from(st));
                }
                s
            }
            "disconnected" => {
                let mut s = format!("disconnected ({})", if self.by_ap { "by AP" } else { "local request" });
                if let Some(r) = self.reason {
                    let _ = write!(s, " reason: {r}: {}", ReasonCode::from(r));
                }
                s
            }
            "port_authorized" => format!("port authorized with {mac}"),
            "handshake_failed" => {
                let mut s = "4-way handshake failed".to_string();
                if let Some(r) = self.reason {
                    let _ = write!(s, ", reason: {r}: {}", ReasonCode::from(r));
                }
                s
            }
            "new_station" => format!("new station {mac}"),
            "del_station" => format!("del station {mac}"),
            "new_interface" | "del_interface" | "set_interface" => {
                let mut s = self.event.replace('_', " ");
                if let Some(t) = &self.iftype {
                    let _ = write!(s, " type {t}");
                }
                s
            }
            "new_wiphy" => format!("new wiphy {}", self.wiphy_name.clone().unwrap_or_default()),
            "del_wiphy" => "delete wiphy".into(),
            other => format!("unknown event {}", other.trim_start_matches("cmd_")),
        }
    }
}
