//! A namespaced lab: real TAP devices in real network namespaces, driven by the system's own
//! `ip`, `ping` and `iperf3`.
//!
//! `softmac demo --tap` and the TAP benchmark build the same thing: one AP and two stations,
//! each interface a TAP in its own namespace, the stations connected, addresses assigned, and
//! traffic from one station namespace to the other through the AP. This module is that
//! setup, plus parsers for what `ping` and `iperf3` print. Everything it creates goes away
//! when the [`Lab`] is dropped (the backend removes the TAPs; namespaces the daemon created
//! are deleted with their last TAP).
//!
//! Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN) and the tools `.ci/install-deps` installs.

use crate::daemon::backend::{Backend, BackendEvent, IfaceCommand, NewInterface, NewRadio};
use crate::daemon::config::LinkModelKind;
use crate::daemon::host::{HostBackend, PortMode};
use hwsim::{CaptureId, CaptureKind};
use mac80211_core::channel::Channel;
use mac80211_core::mac::{ApConfig, ApSecurity, ConnectRequest, Credentials, EventKind, VifKind};
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// Why the lab could not be set up or a measurement failed.
#[derive(Debug, thiserror::Error)]
pub enum LabError {
    /// Not root, or a tool is missing.
    #[error("{0}")]
    Unavailable(String),
    /// The backend refused a step.
    #[error("{step}: {source}")]
    Backend {
        /// What was being done.
        step: &'static str,
        /// Why.
        source: crate::daemon::backend::BackendError,
    },
    /// A station did not connect in time.
    #[error("{0} did not connect within {1:?}")]
    ConnectTimeout(String, Duration),
    /// A system tool failed.
    #[error("`{command}` failed: {stderr}")]
    Tool {
        /// The command line.
        command: String,
        /// What it printed on stderr.
        stderr: String,
    },
    /// The capture file could not be written.
    #[error("capture {0}: {1}")]
    Capture(PathBuf, std::io::Error),
    /// A tool's output was not what it prints normally.
    #[error("cannot read the output of {0}")]
    Unparsable(&'static str),
}

/// Says why a lab cannot run here, or None when it can.
pub fn unavailable_reason() -> Option<String> {
    if !nix::unistd::geteuid().is_root() {
        return Some("needs root (TAP devices and network namespaces)".into());
    }
    ["ip", "ping", "iperf3"]
        .into_iter()
        .find(|t| !tool_exists(t))
        .map(|t| format!("`{t}` is not installed (run .ci/install-deps)"))
}

fn tool_exists(tool: &str) -> bool {
    Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success())
}

/// One station of the lab.
#[derive(Clone, Debug)]
pub struct LabStation {
    /// Its namespace.
    pub netns: String,
    /// Its TAP.
    pub ifname: String,
    /// Its address.
    pub addr: Ipv4Addr,
}

/// An AP and two stations, each in its own namespace, connected and addressed.
pub struct Lab {
    backend: HostBackend,
    capture: Option<(CaptureId, PathBuf)>,
    /// The stations.
    pub stations: [LabStation; 2],
}

/// What to build.
#[derive(Clone, Debug)]
pub struct LabConfig {
    /// Makes names unique (namespaces `PREFIX-ap`, `PREFIX-s1`, `PREFIX-s2`; TAPs `PREFIXap0`,
    /// `PREFIXsta1`, `PREFIXsta2`): at most 6 characters so TAP names fit IFNAMSIZ.
    pub prefix: String,
    /// The stations get `SUBNET.2/24` and `SUBNET.3/24`.
    pub subnet: [u8; 3],
    /// The AP's SSID.
    pub ssid: String,
    /// WPA2-PSK passphrase of the network; `None` runs it open.
    pub passphrase: Option<String>,
    /// Seed of the medium.
    pub seed: u64,
    /// Medium and MAC speed relative to real time (see `driver::clock::Clock::with_speed`).
    pub speed: u32,
    /// A medium capture to write while the lab runs (started before the first beacon).
    pub capture: Option<(CaptureKind, PathBuf)>,
}

/// Builds the lab: radios, TAPs in their namespaces, the AP started, both stations connected
/// and addressed.
pub async fn start(config: &LabConfig) -> Result<Lab, LabError> {
    if let Some(reason) = unavailable_reason() {
        return Err(LabError::Unavailable(reason));
    }
    let LabConfig { prefix, subnet, ssid, passphrase, .. } = config;
    let mut backend =
        HostBackend::with_speed(config.seed, LinkModelKind::PathLoss, PortMode::Tap, config.speed);
    let capture = match &config.capture {
        Some((kind, path)) => {
            let id = backend
                .medium()
                .start_capture(*kind, path)
                .map_err(|e| LabError::Capture(path.clone(), e))?;
            Some((id, path.clone()))
        }
        None => None,
    };
    let channel = Channel::from_freq(2437);
    let positions = [[0.0, 0.0, 0.0], [4.0, 0.0, 0.0], [0.0, 4.0, 0.0]];
    let mut events = backend.subscribe();
    let mut ifindices = Vec::new();
    for (i, (role, position)) in ["ap0", "sta1", "sta2"].into_iter().zip(positions).enumerate() {
        let radio = NewRadio { position: Some(position), channel: Some(channel), ..NewRadio::default() };
        let wiphy =
            backend.new_radio(radio).map_err(|source| LabError::Backend { step: "new radio", source })?;
        let ns_suffix = ["ap", "s1", "s2"][i];
        let req = NewInterface {
            wiphy: wiphy.index,
            name: format!("{prefix}{role}"),
            kind: if i == 0 { VifKind::Ap } else { VifKind::Station },
            addr: None,
            netns: Some(format!("{prefix}-{ns_suffix}")),
        };
        let iface = backend
            .new_interface(req)
            .map_err(|source| LabError::Backend { step: "new interface", source })?;
        ifindices.push(iface.ifindex);
    }
    let mut ap = ApConfig::new(ssid.as_bytes(), channel);
    ap.security = passphrase.as_deref().map(ApSecurity::passphrase);
    backend
        .command(ifindices[0], IfaceCommand::StartAp(ap))
        .map_err(|source| LabError::Backend { step: "start AP", source })?;
    let credentials = passphrase.clone().map(Credentials::Passphrase);
    let connect = ConnectRequest { ssid: ssid.as_bytes().to_vec(), bssid: None, channel: None, credentials };
    for &ifindex in &ifindices[1..] {
        backend
            .command(ifindex, IfaceCommand::Connect(connect.clone()))
            .map_err(|source| LabError::Backend { step: "connect", source })?;
    }
    let within = Duration::from_secs(10);
    let mut pending: Vec<u32> = ifindices[1..].to_vec();
    let wait = async {
        while !pending.is_empty() {
            if let Ok(BackendEvent::Mac { ifindex, kind: EventKind::Connected { .. }, .. }) =
                events.recv().await
            {
                pending.retain(|&i| i != ifindex);
            }
        }
    };
    if tokio::time::timeout(within, wait).await.is_err() {
        return Err(LabError::ConnectTimeout(format!("{prefix}sta1/{prefix}sta2"), within));
    }
    let stations = [1u8, 2].map(|n| LabStation {
        netns: format!("{prefix}-s{n}"),
        ifname: format!("{prefix}sta{n}"),
        addr: Ipv4Addr::new(subnet[0], subnet[1], subnet[2], n + 1),
    });
    for sta in &stations {
        let cidr = format!("{}/24", sta.addr);
        run(&["ip", "-n", &sta.netns, "addr", "add", &cidr, "dev", &sta.ifname])?;
        run(&["ip", "-n", &sta.netns, "link", "set", &sta.ifname, "up"])?;
    }
    Ok(Lab { backend, capture, stations })
}

impl Lab {
    /// The backend, for captures and statistics.
    pub fn backend(&mut self) -> &mut HostBackend {
        &mut self.backend
    }

    /// The backend, read-only.
    pub fn backend_ref(&self) -> &HostBackend {
        &self.backend
    }

    /// Stops the capture; its file and how many frames it holds.
    pub fn finish_capture(&mut self) -> Result<Option<(PathBuf, usize)>, LabError> {
        let Some((id, path)) = self.capture.take() else { return Ok(None) };
        self.backend.medium().stop_capture(id).map_err(|e| LabError::Capture(path.clone(), e))?;
        let bytes = std::fs::read(&path).map_err(|e| LabError::Capture(path.clone(), e))?;
        Ok(Some((path, crate::sim::capture::record_count(&bytes))))
    }

    /// Removes every TAP and the namespaces created for them.
    pub fn stop(mut self) {
        self.backend.shutdown();
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.backend.shutdown();
    }
}

/// Runs a command to completion; its stdout, or its stderr as the error.
pub fn run(argv: &[&str]) -> Result<String, LabError> {
    let out = Command::new(argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| LabError::Tool { command: argv.join(" "), stderr: e.to_string() })?;
    checked(argv, out)
}

fn checked(argv: &[&str], out: Output) -> Result<String, LabError> {
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(LabError::Tool {
            command: argv.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        })
    }
}

/// What the system `ping` reports.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PingSummary {
    /// Echo requests sent.
    pub transmitted: u32,
    /// Replies received.
    pub received: u32,
    /// Round-trip times, ms: min, avg, max, mdev.
    pub rtt_ms: Option<[f64; 4]>,
}

impl PingSummary {
    /// Lost requests, percent.
    pub fn loss_percent(&self) -> f64 {
        if self.transmitted == 0 {
            return 100.0;
        }
        100.0 * f64::from(self.transmitted - self.received.min(self.transmitted))
            / f64::from(self.transmitted)
    }
}

/// Reads ping's summary: "10 packets transmitted, 10 received, 0% packet loss, time 9013ms"
/// and "rtt min/avg/max/mdev = 0.045/0.061/0.090/0.012 ms".
pub fn parse_ping(output: &str) -> Option<PingSummary> {
    let stats = output.lines().find(|l| l.contains("packets transmitted"))?;
    let mut fields = stats.split(',').map(str::trim);
    let transmitted = fields.next()?.split_whitespace().next()?.parse().ok()?;
    let received = fields.next()?.split_whitespace().next()?.parse().ok()?;
    let rtt_ms =
        output.lines().find(|l| l.starts_with("rtt ") || l.starts_with("round-trip")).and_then(|l| {
            let values = l.split('=').nth(1)?.split_whitespace().next()?;
            let v: Vec<f64> = values.split('/').filter_map(|x| x.parse().ok()).collect();
            <[f64; 4]>::try_from(v).ok()
        });
    Some(PingSummary { transmitted, received, rtt_ms })
}

/// The receiver-side throughput of an `iperf3 -J` run, bits per second.
pub fn parse_iperf_bps(json: &str) -> Option<f64> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    v["end"]["sum_received"]["bits_per_second"].as_f64()
}

/// Pings `to` from `from`'s namespace `count` times, `interval_s` apart.
pub fn ping(from: &LabStation, to: Ipv4Addr, count: u32, interval_s: f64) -> Result<PingSummary, LabError> {
    ping_verbose(from, to, count, interval_s).map(|(summary, _)| summary)
}

/// [`ping`], also returning what ping printed.
pub fn ping_verbose(
    from: &LabStation,
    to: Ipv4Addr,
    count: u32,
    interval_s: f64,
) -> Result<(PingSummary, String), LabError> {
    let (count, interval, to) = (count.to_string(), format!("{interval_s}"), to.to_string());
    let argv = ["ip", "netns", "exec", &from.netns, "ping", "-c", &count, "-i", &interval, "-W", "2", &to];
    let out = Command::new(argv[0])
        .args(&argv[1..])
        .output()
        .map_err(|e| LabError::Tool { command: argv.join(" "), stderr: e.to_string() })?;
    // ping exits 1 when replies are missing; the summary still says how many.
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let summary = parse_ping(&text).ok_or(LabError::Unparsable("ping"))?;
    Ok((summary, text))
}

/// TCP throughput from `client` to an iperf3 server in `server`'s namespace, bits per second.
pub async fn iperf(client: &LabStation, server: &LabStation, seconds: u32) -> Result<f64, LabError> {
    let bind = server.addr.to_string();
    let mut srv = Command::new("ip")
        .args(["netns", "exec", &server.netns, "iperf3", "-s", "-1", "-B", &bind])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| LabError::Tool { command: "iperf3 -s".into(), stderr: e.to_string() })?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let secs = seconds.to_string();
    let argv = ["ip", "netns", "exec", &client.netns, "iperf3", "-c", &bind, "-t", &secs, "-J"];
    let out = tokio::process::Command::new(argv[0]).args(&argv[1..]).output().await;
    let _ = srv.kill();
    let _ = srv.wait();
    let out = out.map_err(|e| LabError::Tool { command: argv.join(" "), stderr: e.to_string() })?;
    let json = checked(&argv, out)?;
    parse_iperf_bps(&json).ok_or(LabError::Unparsable("iperf3"))
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn reads_ping_summaries() {
        let out = "PING 10.0.0.3 (10.0.0.3) 56(84) bytes of data.\n\
                   64 bytes from 10.0.0.3: icmp_seq=1 ttl=64 time=0.912 ms\n\n\
                   --- 10.0.0.3 ping statistics ---\n\
                   10 packets transmitted, 9 received, 10% packet loss, time 9013ms\n\
                   rtt min/avg/max/mdev = 0.645/0.912/1.502/0.210 ms\n";
        let s = parse_ping(out).unwrap();
        assert_eq!((s.transmitted, s.received), (10, 9));
        assert_eq!(s.rtt_ms, Some([0.645, 0.912, 1.502, 0.210]));
        assert!((s.loss_percent() - 10.0).abs() < 1e-9);
        let none = parse_ping("5 packets transmitted, 0 received, 100% packet loss, time 4087ms\n").unwrap();
        assert_eq!(none.rtt_ms, None);
        assert_eq!(none.loss_percent(), 100.0);
        assert_eq!(parse_ping("ping: connect: Network is unreachable"), None);
    }

    #[test]
    fn reads_iperf_json() {
        assert_eq!(parse_iperf_bps(r#"{"end":{"sum_received":{"bits_per_second":2.5e7}}}"#), Some(2.5e7));
        assert_eq!(parse_iperf_bps(r#"{"error":"unable to connect"}"#), None);
        assert_eq!(parse_iperf_bps("not json"), None);
    }
}
