//! Multicast events, decoded and printed as `iw event` prints them.
//!
//! A line is `IF (phy #N): what happened` when the event names an interface, `phy #N: ...`
//! when it names only a radio (iw `event.c`, `print_event`). CONNECT prints the 802.11
//! status code with its meaning, DISCONNECT the reason code and who asked, so a failed
//! association explains itself without a capture.

use super::genl::{GenlMsg, nl80211 as nl};
use super::model::{escape_ssid, iftype_name};
use mac80211_core::wire::{MacAddr, ReasonCode, StatusCode};
use serde::Serialize;
use std::fmt::Write;

/// One event, decoded.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct Event {
    /// Seconds since the Unix epoch when it arrived (with `-t`).
    pub timestamp: Option<f64>,
    /// What happened: `scan_started`, `scan_finished`, `scan_aborted`, `connected`,
    /// `connect_failed`, `connect_timed_out`, `disconnected`, `new_station`, `del_station`,
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
    pub fn from_msg(m: &GenlMsg, names: &dyn Fn(u32) -> Option<String>) -> Event {
        let a = &m.attrs;
        let ifindex = a.u32(nl::ATTR_IFINDEX);
        let status = a.u16(nl::ATTR_STATUS_CODE);
        let event = match m.cmd {
            nl::CMD_TRIGGER_SCAN => "scan_started",
            nl::CMD_NEW_SCAN_RESULTS => "scan_finished",
            nl::CMD_SCAN_ABORTED => "scan_aborted",
            nl::CMD_CONNECT if a.flag(nl::ATTR_TIMED_OUT) => "connect_timed_out",
            nl::CMD_CONNECT if status == Some(0) => "connected",
            nl::CMD_CONNECT => "connect_failed",
            nl::CMD_DISCONNECT => "disconnected",
            nl::CMD_NEW_STATION => "new_station",
            nl::CMD_DEL_STATION => "del_station",
            nl::CMD_NEW_INTERFACE => "new_interface",
            nl::CMD_DEL_INTERFACE => "del_interface",
            nl::CMD_SET_INTERFACE => "set_interface",
            nl::CMD_NEW_WIPHY => "new_wiphy",
            nl::CMD_DEL_WIPHY => "del_wiphy",
            _ => "",
        };
        let event = if event.is_empty() { format!("cmd_{}", m.cmd) } else { event.to_string() };
        Event {
            timestamp: None,
            event,
            ifname: a.string(nl::ATTR_IFNAME).or_else(|| ifindex.and_then(names)),
            ifindex,
            wiphy: a.u32(nl::ATTR_WIPHY),
            mac: a.mac(nl::ATTR_MAC).map(|m| MacAddr(m).to_string()),
            status,
            reason: a.u16(nl::ATTR_REASON_CODE),
            by_ap: a.flag(nl::ATTR_DISCONNECTED_BY_AP),
            freqs: a
                .nested(nl::ATTR_SCAN_FREQUENCIES)
                .map(|n| {
                    n.0.iter()
                        .filter_map(|(_, v)| Some(u32::from_ne_bytes(v.get(..4)?.try_into().ok()?)))
                        .collect()
                })
                .unwrap_or_default(),
            ssids: a
                .nested(nl::ATTR_SCAN_SSIDS)
                .map(|n| n.0.iter().map(|(_, v)| escape_ssid(v)).collect())
                .unwrap_or_default(),
            iftype: a.u32(nl::ATTR_IFTYPE).map(iftype_name),
            wiphy_name: a.string(nl::ATTR_WIPHY_NAME),
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
