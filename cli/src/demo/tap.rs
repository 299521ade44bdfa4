//! `softmac demo --tap`: the demo on real TAP devices in real network namespaces, pinged with
//! the system `ping` (root).
//!
//! The same network as the in-process demo (one open AP, two stations), but hosted the way
//! the daemon hosts it: simulated radios on the wall-clock medium, each interface a TAP in
//! its own namespace (`smd-ap`, `smd-s1`, `smd-s2`), the stations addressed with `ip` and
//! pinging each other with `/usr/bin/ping` through the AP. Timings are wall-clock. The capture
//! is the medium's channel-6 tap, written as it runs. Everything created is removed before
//! the command returns (or when it fails).

use crate::daemon::backend::Backend;
use crate::lab::{self, LabConfig, LabError};
use hwsim::CaptureKind;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// What `softmac demo --tap` was asked to do.
#[derive(Clone, Debug)]
pub struct TapDemoOptions {
    /// Seed of the medium.
    pub seed: u64,
    /// Echo requests from the first station to the second.
    pub pings: u16,
    /// Where to write the capture, or `None`.
    pub capture: Option<PathBuf>,
}

/// Runs the TAP demo, printing the transcript to `out` as it goes. `Ok(false)` when ping lost
/// replies.
pub async fn run(options: &TapDemoOptions, out: &mut dyn Write) -> Result<bool, TapDemoError> {
    let started = Instant::now();
    let stamp = |out: &mut dyn Write, line: &str| -> std::io::Result<()> {
        writeln!(out, "[{:>11.6}] {line}", started.elapsed().as_secs_f64())
    };
    stamp(
        out,
        "# softmac demo --tap: TAP devices in network namespaces, the system ping (wall-clock times)",
    )?;
    let config = LabConfig {
        prefix: "smd".into(),
        subnet: [10, 0, 0],
        ssid: super::SSID.into(),
        passphrase: Some(super::PASSPHRASE.into()),
        seed: options.seed,
        speed: 1,
        capture: options.capture.clone().map(|path| (CaptureKind::Channel(CHANNEL_6_MHZ), path)),
    };
    let mut lab = lab::start(&config).await?;
    stamp(
        out,
        &format!("$ softmac dev   # AP started, both stations connected (ssid {}, WPA2-PSK)", super::SSID),
    )?;
    for info in lab.backend_ref().interfaces() {
        let ns = info.netns.as_deref().unwrap_or("-");
        let bssid = info.bssid.map(|b| b.to_string()).unwrap_or_else(|| "-".into());
        let kind = match info.kind {
            mac80211_core::mac::VifKind::Station => "managed",
            mac80211_core::mac::VifKind::Ap => "AP",
            mac80211_core::mac::VifKind::Monitor => "monitor",
        };
        writeln!(
            out,
            "\tInterface {} (netns {ns}): addr {}, type {kind}, bssid {bssid}, carrier {}",
            info.name,
            info.addr,
            if info.carrier { "on" } else { "off" }
        )?;
    }
    let [from, to] = lab.stations.clone();
    for sta in [&from, &to] {
        let brief = lab::run(&["ip", "-n", &sta.netns, "-br", "addr", "show", "dev", &sta.ifname])?;
        stamp(out, &format!("$ ip -n {} -br addr show dev {}", sta.netns, sta.ifname))?;
        write!(out, "{brief}")?;
    }
    let cmd = format!("$ ip netns exec {} ping -c {} {}", from.netns, options.pings, to.addr);
    stamp(out, &cmd)?;
    let (summary, text) = lab::ping_verbose(&from, to.addr, u32::from(options.pings), 0.2)?;
    write!(out, "{text}")?;
    let capture = lab.finish_capture()?;
    lab.stop();
    if let (Some((path, records)), Some(_)) = (capture, options.capture.as_ref()) {
        stamp(
            out,
            &format!("capture: {} ({records} frames on channel 6; open it with Wireshark)", path.display()),
        )?;
    }
    stamp(out, "TAP devices and namespaces removed")?;
    Ok(summary.received == summary.transmitted && summary.transmitted > 0)
}

/// Channel 6's centre frequency.
const CHANNEL_6_MHZ: u16 = 2437;

/// Why the TAP demo stopped.
#[derive(Debug, thiserror::Error)]
pub enum TapDemoError {
    /// The lab could not be built or a tool failed.
    #[error("{0}")]
    Lab(#[from] LabError),
    /// Writing the transcript failed.
    #[error("writing the transcript: {0}")]
    Output(#[from] std::io::Error),
}
