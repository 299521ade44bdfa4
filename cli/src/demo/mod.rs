//! `softmac demo`: one AP and two stations in a simulated room, scanned, connected and pinged,
//! narrated like a terminal session with `iw` and `ping`.
//!
//! The whole run is in process, on the [`World`](hwsim::world::World)'s virtual clock: no
//! root, no TAP device, no kernel module. It plays the session a Linux user would type on a
//! mac80211_hwsim setup with hostapd on the AP:
//!
//! 1. `ap0` starts a WPA2-PSK (CCMP) AP, SSID `softmac-demo`, passphrase [`PASSPHRASE`],
//!    2.4 GHz channel 6, with hostapd's defaults (100 TU beacons, DTIM 2): `iw dev ap0 info`.
//! 2. Each station runs a full active scan (`iw dev staN scan`: a wildcard probe on every
//!    channel its radio supports) and lists what it found.
//! 3. Each station connects with the passphrase (`iw dev staN connect softmac-demo key ...`,
//!    softmac's iw-like CLI syntax), retried as wpa_supplicant would; association, the 4-way
//!    handshake and the open port print as `iw event` does, then `iw dev staN link`.
//! 4. `iw dev ap0 station dump` on the AP.
//! 5. sta0 pings sta1 (`ping -c N 10.0.0.3`) through the AP with the embedded IPv4 stack
//!    ([`hwsim::world::ip`]): ARP, then echo requests relayed by the AP inside the BSS.
//! 6. Every frame on every channel is written to one radiotap pcap ([`crate::sim::capture`]);
//!    the data frames are CCMP-protected, and Wireshark decrypts them with the passphrase
//!    (`softmac decode --passphrase` too).
//!
//! The radios sit at realistic indoor distances (5 m and 12 m from the AP) under a
//! log-distance path-loss model (exponent 3, hwsim's [`PathLoss`]), so signals read like a
//! real office (about −41 and −53 dBm).
//!
//! Determinism: everything is a function of the seed, and the transcript holds only virtual
//! times, so two runs with the same seed print the same text and write the same capture, byte
//! for byte.
//!
//! `softmac demo --tap` ([`tap`]) plays the same network on real TAP devices in network
//! namespaces with the system `ping` (root).
//!
//! The run stops at the first step that fails (a station that finds no AP or cannot connect,
//! a capture that cannot be written) and the report says which; the binary exits non-zero.

pub mod iw;
mod report;
pub mod tap;

pub use report::{
    ApReport, BssReport, CaptureReport, DemoReport, PeerReport, PingSummary, Section, StationReport,
};

use crate::sim::capture::{MultiChannelCapture, record_count};
use hwsim::PathLoss;
use hwsim::world::{NodeId, NodeSpec, PingConfig, World, ch2};
use mac80211_core::mac::{
    ApConfig, ApSecurity, Command, ConnectRequest, Credentials, EventKind, ScanRequest, VifId, VifKind,
};
use mac80211_core::time::{Duration, Instant};
use std::net::Ipv4Addr;
use std::path::PathBuf;

/// The demo network's name.
pub const SSID: &str = "softmac-demo";
/// The demo network's WPA2 passphrase.
pub const PASSPHRASE: &str = "softmac-demo-passphrase";
/// The AP's 2.4 GHz channel.
pub const CHANNEL: u8 = 6;
/// Path-loss exponent of the room (indoor office: 3).
const PATH_LOSS_EXPONENT: f64 = 3.0;
/// How long a station may take to connect, retries included.
const CONNECT_WITHIN: Duration = Duration::from_secs(10);
/// How long a full scan may take (38 channels × 30 ms, with margin).
const SCAN_WITHIN: Duration = Duration::from_secs(5);
/// System ping's default interval.
const PING_INTERVAL: Duration = Duration::from_secs(1);
/// Echo data per request, system ping's default.
const PING_PAYLOAD: usize = 56;

/// What `softmac demo` was asked to do.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// Seed of the world: same seed, same transcript and capture.
    pub seed: u64,
    /// Echo requests sta0 sends to sta1.
    pub pings: u16,
    /// Where to write the capture, or `None` for no capture.
    pub capture: Option<PathBuf>,
}

impl Default for DemoOptions {
    fn default() -> DemoOptions {
        DemoOptions { seed: 1, pings: 5, capture: Some(PathBuf::from("softmac-demo.pcap")) }
    }
}

/// A station of the demo: its name, place and address.
struct StationPlan {
    name: &'static str,
    position: (f64, f64, f64),
    ip: &'static str,
}

const STATIONS: [StationPlan; 2] = [
    StationPlan { name: "sta0", position: (3.0, 4.0, 0.0), ip: "10.0.0.2/24" },
    StationPlan { name: "sta1", position: (-7.2, 9.6, 0.0), ip: "10.0.0.3/24" },
];

/// A running demo: the world and what has been reported so far.
struct Demo {
    world: World,
    ap: (NodeId, VifId),
    stations: Vec<(NodeId, VifId)>,
    report: DemoReport,
}

/// Runs the demo. Never panics on a failed step: the report's `failure` says what failed,
/// and everything up to it is in the report.
pub fn run(options: &DemoOptions) -> DemoReport {
    let mut demo = Demo::build(options.seed);
    let capture = options.capture.as_ref().map(|_| MultiChannelCapture::start(&mut demo.world));
    let outcome = demo.play(options);
    if let (Some(capture), Some(path)) = (capture, options.capture.as_ref()) {
        demo.write_capture(capture, path);
    }
    if let Err(failure) = outcome {
        demo.report.failure.get_or_insert(failure);
    }
    demo.report
}

impl Demo {
    /// The radios, before anything runs (so a capture started now sees the first beacon).
    fn build(seed: u64) -> Demo {
        let mut world = World::new(seed).with_link_model(PathLoss::log_distance(PATH_LOSS_EXPONENT));
        let ap_node = world.add_node("ap0", NodeSpec::at(0.0, 0.0, 0.0));
        let ap_vif = world.add_vif(ap_node, VifKind::Ap);
        let stations = STATIONS
            .iter()
            .map(|s| {
                let (x, y, z) = s.position;
                world.add_station(s.name, NodeSpec::at(x, y, z))
            })
            .collect();
        let report = DemoReport::new(seed, SSID, ch2(CHANNEL));
        Demo { world, ap: (ap_node, ap_vif), stations, report }
    }

    fn play(&mut self, options: &DemoOptions) -> Result<(), String> {
        self.start_ap()?;
        for i in 0..self.stations.len() {
            self.scan(i)?;
        }
        for i in 0..self.stations.len() {
            self.connect(i)?;
        }
        self.station_dump();
        self.ping(options.pings)
    }

    fn section(&mut self, at: Instant, command: String, output: String) {
        self.report.sections.push(Section { at_us: at.as_micros(), command, output });
    }

    fn start_ap(&mut self) -> Result<(), String> {
        let (node, vif) = self.ap;
        let mut config = ApConfig::new(SSID.as_bytes(), ch2(CHANNEL));
        config.security = Some(ApSecurity::passphrase(PASSPHRASE));
        let at = self.world.now();
        self.world
            .command(node, Command::StartAp(vif, config.clone()))
            .map_err(|e| format!("ap0: start AP: {e}"))?;
        let addr = self.world.vif_addr(node, vif);
        let ap = ApReport::new("ap0", addr, &config);
        let output = ap.iw_info(node.0, NodeSpec::default().tx_power_dbm);
        self.report.ap = Some(ap);
        self.section(
            at,
            format!("iw dev ap0 info   # hostapd started the AP: ssid={SSID}, channel {CHANNEL}, WPA2-PSK"),
            output,
        );
        // Let the AP beacon for a while before anyone scans, as a real one would have.
        self.world.run_for(Duration::from_millis(200));
        Ok(())
    }

    fn scan(&mut self, i: usize) -> Result<(), String> {
        let (node, vif) = self.stations[i];
        let name = STATIONS[i].name;
        let start = self.world.now();
        let before = self.world.events(node).len();
        let req = ScanRequest { ssids: vec![Vec::new()], ..Default::default() };
        self.world.command(node, Command::Scan(vif, req)).map_err(|e| format!("{name}: scan: {e}"))?;
        let done = |w: &mut World| {
            w.events(node)[before..].iter().any(|e| matches!(e.kind, EventKind::ScanDone { .. }))
        };
        let took = self.world.drive_until(SCAN_WITHIN, done).map_err(|e| format!("{name}: scan: {e}"))?;
        let now = self.world.now();
        let results = self.world.mac(node).scan_results(vif);
        let output: String = results.iter().map(|b| iw::scan_entry(b, name, now, false)).collect();
        let addr = self.world.vif_addr(node, vif);
        let (x, y, z) = STATIONS[i].position;
        let distance_m = (x * x + y * y + z * z).sqrt();
        let mut station = StationReport::new(name, addr, STATIONS[i].ip, distance_m);
        station.scan = results.iter().map(BssReport::from).collect();
        station.scan_took_us = took.as_micros();
        self.report.stations.push(station);
        self.section(start, format!("iw dev {name} scan   # took {} ms", iw::millis(took)), output);
        if !results.iter().any(|b| b.ssid == SSID.as_bytes()) {
            return Err(format!("{name}: scan found no BSS with SSID {SSID}"));
        }
        Ok(())
    }

    fn connect(&mut self, i: usize) -> Result<(), String> {
        let (node, vif) = self.stations[i];
        let name = STATIONS[i].name;
        let start = self.world.now();
        let cursor = self.world.event_count();
        let credentials = Some(Credentials::Passphrase(PASSPHRASE.to_owned()));
        let req = ConnectRequest { ssid: SSID.as_bytes().to_vec(), credentials, ..Default::default() };
        let result = self.world.connect(node, vif, req, CONNECT_WITHIN);
        // The AP opens its side of the port when message 4 arrives, a moment later.
        self.world.run_for(Duration::from_millis(5));
        let mut output = self.event_lines(cursor);
        let took = result.map_err(|e| {
            self.section(start, format!("iw dev {name} connect {SSID} key {PASSPHRASE}"), output.clone());
            format!("{name}: not connected to {SSID}: {e}")
        })?;
        let now = self.world.now();
        let link =
            self.world.mac(node).link(vif).ok_or_else(|| format!("{name}: link down after connecting"))?;
        output.push_str(&format!("\n$ iw dev {name} link\n"));
        output.push_str(&iw::link(&link, name, now));
        let station = &mut self.report.stations[i];
        station.connect_took_us = Some(took.as_micros());
        station.bssid = Some(link.bssid.to_string());
        station.aid = Some(link.aid);
        station.signal_dbm = Some(link.stats.signal_dbm);
        station.tx_bitrate_kbps = Some(link.stats.tx_rate.kbps());
        let command = format!(
            "iw dev {name} connect {SSID} key {PASSPHRASE}; iw event -t   # connected in {} ms",
            iw::millis(took)
        );
        self.section(start, command, output);
        Ok(())
    }

    /// `iw event -t` lines for every event since `cursor`, each with its interface and phy.
    fn event_lines(&self, cursor: usize) -> String {
        let mut out = String::new();
        for (node, e) in self.world.events_since(cursor) {
            if let Some(text) = iw::event(&e.kind) {
                let ifname = self.world.name(node);
                out.push_str(&format!(
                    "{}: {ifname} (phy #{}): {text}\n",
                    iw::timestamp(e.at).trim_start(),
                    node.0
                ));
            }
        }
        out
    }

    fn station_dump(&mut self) {
        let (node, vif) = self.ap;
        let now = self.world.now();
        let stations = self.world.mac(node).stations(vif);
        let output: String = stations.iter().map(|s| iw::station(s, "ap0", now)).collect();
        self.report.ap_stations = stations.iter().map(|s| PeerReport::new(s, now)).collect();
        self.section(now, "iw dev ap0 station dump".to_owned(), output);
    }

    fn ping(&mut self, count: u16) -> Result<(), String> {
        let from = self.stations[0];
        for (i, &(node, vif)) in self.stations.iter().enumerate() {
            self.world.attach_ip(node, vif, STATIONS[i].ip);
        }
        let target = Ipv4Addr::new(10, 0, 0, 3);
        let start = self.world.now();
        let config = PingConfig { payload_len: PING_PAYLOAD, ..PingConfig::new(count, PING_INTERVAL) };
        let r = self.world.ping_with(from, target, config);
        let took = self.world.now() - start;
        let command =
            format!("ping -c {count} {target}   # sta0 (10.0.0.2) -> ap0 -> sta1 (embedded IPv4 stack)");
        let output = iw::ping(target, PING_PAYLOAD, &r, took);
        let summary = PingSummary::new("sta0", "sta1", target, &r, took);
        let lost = summary.lost;
        self.report.ping = Some(summary);
        self.section(start, command, output);
        if count > 0 && r.received == 0 {
            return Err(format!("ping: none of {count} requests to {target} was answered"));
        }
        if lost > 0 {
            return Err(format!("ping: {lost} of {count} requests to {target} lost"));
        }
        Ok(())
    }

    fn write_capture(&mut self, capture: MultiChannelCapture, path: &std::path::Path) {
        let at = self.world.now();
        let bytes = match capture.finish(&mut self.world) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.report.failure.get_or_insert(e.to_string());
                return;
            }
        };
        if let Err(e) = std::fs::write(path, &bytes) {
            self.report.failure.get_or_insert(format!("cannot write the capture {}: {e}", path.display()));
            return;
        }
        let report = CaptureReport {
            path: path.display().to_string(),
            records: record_count(&bytes),
            bytes: bytes.len(),
        };
        let output = format!(
            "{} frames ({} bytes) on every channel, radiotap: open with `wireshark {}` or `softmac decode {}`\n",
            report.records, report.bytes, report.path, report.path
        );
        self.section(at, format!("capture written to {}", report.path), output);
        self.report.capture = Some(report);
    }
}
