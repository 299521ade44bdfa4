//! What `softmac demo` reports: the structured record (`--json`) and the transcript.
//!
//! Times are virtual microseconds (`*_us`), exact and the same on every run with the same
//! seed. The transcript is a list of [`Section`]s, each a command as a user would type it on
//! Linux and the output the simulation gives for it, stamped with the virtual time it started.

use super::iw;
use hwsim::world::PingReport;
use mac80211_core::channel::Channel;
use mac80211_core::mac::{ApConfig, PeerState, StationInfo};
use mac80211_core::sta::BssInfo;
use mac80211_core::time::{Duration, Instant};
use mac80211_core::wire::MacAddr;
use serde::Serialize;
use std::fmt::Write as _;
use std::net::Ipv4Addr;

/// Everything the demo did, in order.
#[derive(Clone, Debug, Serialize)]
pub struct DemoReport {
    /// The world's seed.
    pub seed: u64,
    /// The network's SSID.
    pub ssid: String,
    /// Its frequency, MHz.
    pub freq: u16,
    /// The AP, once started.
    pub ap: Option<ApReport>,
    /// The stations, from their scan on.
    pub stations: Vec<StationReport>,
    /// The AP's station table after both connected.
    pub ap_stations: Vec<PeerReport>,
    /// sta0 → sta1 ping, once run.
    pub ping: Option<PingSummary>,
    /// The capture, once written.
    pub capture: Option<CaptureReport>,
    /// The step that failed, if one did.
    pub failure: Option<String>,
    /// The transcript (text output only).
    #[serde(skip)]
    pub sections: Vec<Section>,
}

/// One command of the transcript and its output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Virtual time it started, µs.
    pub at_us: u64,
    /// The command as typed.
    pub command: String,
    /// What it printed.
    pub output: String,
}

/// The access point.
#[derive(Clone, Debug, Serialize)]
pub struct ApReport {
    /// Interface name.
    pub name: String,
    /// BSSID.
    pub addr: String,
    /// SSID.
    pub ssid: String,
    /// Frequency, MHz.
    pub freq: u16,
    /// Channel number.
    pub channel: Option<u8>,
    /// Beacon interval, TU.
    pub beacon_interval_tu: u16,
    /// DTIM period, beacons.
    pub dtim_period: u8,
}

/// A BSS found by a scan.
#[derive(Clone, Debug, Serialize)]
pub struct BssReport {
    /// BSSID.
    pub bssid: String,
    /// SSID (lossy UTF-8).
    pub ssid: String,
    /// Frequency, MHz.
    pub freq: u16,
    /// Signal, dBm.
    pub signal_dbm: i8,
}

/// One station.
#[derive(Clone, Debug, Serialize)]
pub struct StationReport {
    /// Interface name.
    pub name: String,
    /// MAC address.
    pub addr: String,
    /// IPv4 address with prefix.
    pub ip: String,
    /// Distance from the AP, metres.
    pub distance_m: f64,
    /// What its scan found.
    pub scan: Vec<BssReport>,
    /// Virtual time the scan took, µs.
    pub scan_took_us: u64,
    /// Virtual time connecting took, µs, once connected.
    pub connect_took_us: Option<u64>,
    /// The AP it joined.
    pub bssid: Option<String>,
    /// Its association ID.
    pub aid: Option<u16>,
    /// Signal of the AP's last frame, dBm.
    pub signal_dbm: Option<i8>,
    /// Rate it sends at, kb/s.
    pub tx_bitrate_kbps: Option<u32>,
}

/// A station in the AP's table (`iw dev ap0 station dump`).
#[derive(Clone, Debug, Serialize)]
pub struct PeerReport {
    /// Its address.
    pub addr: String,
    /// Association ID.
    pub aid: u16,
    /// Authorized (data flows).
    pub authorized: bool,
    /// Data frames from it.
    pub rx_packets: u64,
    /// Bytes from it.
    pub rx_bytes: u64,
    /// Data frames to it.
    pub tx_packets: u64,
    /// Bytes to it.
    pub tx_bytes: u64,
    /// Retransmissions to it.
    pub tx_retries: u64,
    /// Frames to it never acknowledged.
    pub tx_failed: u64,
    /// Signal of its last frame, dBm.
    pub signal_dbm: i8,
    /// Rate the AP sends to it at, kb/s.
    pub tx_bitrate_kbps: u32,
    /// Time since it associated, µs.
    pub connected_us: u64,
}

/// The ping.
#[derive(Clone, Debug, Serialize)]
pub struct PingSummary {
    /// Sending interface.
    pub from: String,
    /// Answering interface.
    pub to: String,
    /// Target address.
    pub target: String,
    /// Requests sent.
    pub sent: u32,
    /// Requests answered.
    pub received: u32,
    /// Requests unanswered.
    pub lost: u32,
    /// Loss, whole percent (as ping rounds it).
    pub loss_percent: u32,
    /// Round trip per request, µs (`null` when unanswered).
    pub rtts_us: Vec<Option<u64>>,
    /// Shortest round trip, µs.
    pub rtt_min_us: Option<u64>,
    /// Mean round trip, µs.
    pub rtt_avg_us: Option<u64>,
    /// Longest round trip, µs.
    pub rtt_max_us: Option<u64>,
    /// Virtual time the run took, µs.
    pub took_us: u64,
}

/// The capture file.
#[derive(Clone, Debug, Serialize)]
pub struct CaptureReport {
    /// Where it was written.
    pub path: String,
    /// Frames in it.
    pub records: usize,
    /// Its size, octets.
    pub bytes: usize,
}

impl DemoReport {
    /// An empty report for a run of `seed`.
    pub fn new(seed: u64, ssid: &str, channel: Channel) -> DemoReport {
        DemoReport {
            seed,
            ssid: ssid.to_owned(),
            freq: channel.freq,
            ap: None,
            stations: Vec::new(),
            ap_stations: Vec::new(),
            ping: None,
            capture: None,
            failure: None,
            sections: Vec::new(),
        }
    }

    /// True when every step succeeded.
    pub fn ok(&self) -> bool {
        self.failure.is_none()
    }

    /// The transcript: a header, then each section as `[time] $ command` and its output.
    pub fn transcript(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "softmac demo: 1 AP and 2 stations on a simulated 2.4 GHz medium (seed {}, virtual time)\n",
            self.seed
        );
        for s in &self.sections {
            let _ = writeln!(out, "[{}] $ {}", iw::timestamp(Instant::from_micros(s.at_us)), s.command);
            out.push_str(&s.output);
            out.push('\n');
        }
        match &self.failure {
            None => out.push_str("demo: ok\n"),
            Some(f) => {
                let _ = writeln!(out, "demo: FAILED: {f}");
            }
        }
        out
    }
}

impl ApReport {
    /// The AP `name` with `addr` running `config`.
    pub fn new(name: &str, addr: MacAddr, config: &ApConfig) -> ApReport {
        ApReport {
            name: name.to_owned(),
            addr: addr.to_string(),
            ssid: String::from_utf8_lossy(&config.ssid).into_owned(),
            freq: config.channel.freq,
            channel: config.channel.number(),
            beacon_interval_tu: config.beacon_interval_tu,
            dtim_period: config.dtim_period,
        }
    }

    /// `iw dev NAME info` of the AP on wiphy `phy`.
    pub fn iw_info(&self, phy: usize, tx_power_dbm: f64) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Interface {}", self.name);
        let _ = writeln!(out, "\tifindex {}", phy + 1);
        let _ = writeln!(out, "\twdev 0x{:x}", (phy as u64) << 32 | 1);
        let _ = writeln!(out, "\taddr {}", self.addr);
        let _ = writeln!(out, "\tssid {}", self.ssid);
        let _ = writeln!(out, "\ttype AP");
        let _ = writeln!(out, "\twiphy {phy}");
        let number = self.channel.map(|n| n.to_string()).unwrap_or_else(|| "?".to_owned());
        let _ = writeln!(
            out,
            "\tchannel {number} ({} MHz), width: 20 MHz, center1: {} MHz",
            self.freq, self.freq
        );
        let _ = writeln!(out, "\ttxpower {tx_power_dbm:.2} dBm");
        let _ = writeln!(
            out,
            "\tbeacon interval {} TU, DTIM period {}",
            self.beacon_interval_tu, self.dtim_period
        );
        out
    }
}

impl From<&BssInfo> for BssReport {
    fn from(b: &BssInfo) -> BssReport {
        BssReport {
            bssid: b.bssid.to_string(),
            ssid: String::from_utf8_lossy(&b.ssid).into_owned(),
            freq: b.channel.freq,
            signal_dbm: b.signal_dbm,
        }
    }
}

impl StationReport {
    /// A station before its scan results are in.
    pub fn new(name: &str, addr: MacAddr, ip: &str, distance_m: f64) -> StationReport {
        StationReport {
            name: name.to_owned(),
            addr: addr.to_string(),
            ip: ip.to_owned(),
            distance_m,
            scan: Vec::new(),
            scan_took_us: 0,
            connect_took_us: None,
            bssid: None,
            aid: None,
            signal_dbm: None,
            tx_bitrate_kbps: None,
        }
    }
}

impl PeerReport {
    /// A station of the AP's table at `now`.
    pub fn new(s: &StationInfo, now: Instant) -> PeerReport {
        let st = &s.stats;
        PeerReport {
            addr: s.addr.to_string(),
            aid: s.aid,
            authorized: s.state == PeerState::Authorized,
            rx_packets: st.rx_packets,
            rx_bytes: st.rx_bytes,
            tx_packets: st.tx_packets,
            tx_bytes: st.tx_bytes,
            tx_retries: st.tx_retries,
            tx_failed: st.tx_failed,
            signal_dbm: st.signal_dbm,
            tx_bitrate_kbps: st.tx_rate.kbps(),
            connected_us: now.saturating_since(st.connected_at).as_micros(),
        }
    }
}

impl PingSummary {
    /// The summary of a finished ping from `from` to `to` (address `target`) that took `took`.
    pub fn new(from: &str, to: &str, target: Ipv4Addr, r: &PingReport, took: Duration) -> PingSummary {
        let us = |d: Option<Duration>| d.map(|d| d.as_micros());
        PingSummary {
            from: from.to_owned(),
            to: to.to_owned(),
            target: target.to_string(),
            sent: r.sent,
            received: r.received,
            lost: r.lost,
            loss_percent: iw::loss_percent(r),
            rtts_us: r.rtts.iter().map(|&d| us(d)).collect(),
            rtt_min_us: us(r.rtt_min),
            rtt_avg_us: us(r.rtt_avg),
            rtt_max_us: us(r.rtt_max),
            took_us: took.as_micros(),
        }
    }
}
