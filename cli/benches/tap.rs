//! Station-to-station ping RTT and iperf3 TCP throughput through TAP devices and softmac,
//! side by side with a bare userspace TAP-to-TAP forwarder in the same run.
//!
//! The forwarder is the floor: two TAPs in two namespaces and a task that copies every frame
//! from one to the other with the same `TapPort` reads and writes the daemon uses, but no
//! MAC and no medium. softmac's path is longer: station TAP → soft-MAC (802.3 → 802.11) →
//! simulated air → AP soft-MAC (relay) → air → station soft-MAC (802.11 → 802.3) → TAP.
//!
//! At speed 1 the simulated air runs in real time, so throughput is what the simulated
//! 802.11 link carries (HT MCS 7 with DCF, ACKs and the AP relay), not the software's limit.
//! Faster medium clocks take airtime out of the way and measure the software path itself.
//!
//! Run as root: `cargo bench -p softmac-cli --bench tap` (needs `ip`, `ping`, `iperf3`;
//! `.ci/install-deps`). `TAP_BENCH_SECONDS` sets the iperf3 duration (default 5).

use mac80211_core::wire::MacAddr;
use softmac_cli::lab::{self, LabConfig, LabStation, PingSummary};
use softmac_driver::netns::Netns;
use softmac_driver::port::{NetPort, TapConfig, TapPort};
use std::future::poll_fn;
use std::net::Ipv4Addr;
use std::task::Poll;

/// Pings per measurement, and their interval (root may go below 0.2 s).
const PINGS: u32 = 200;
const PING_INTERVAL_S: f64 = 0.01;

struct Row {
    path: String,
    ping: PingSummary,
    bps: f64,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if let Some(reason) = lab::unavailable_reason() {
        println!("tap bench skipped: {reason}");
        return;
    }
    let seconds: u32 = std::env::var("TAP_BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let mut rows = Vec::new();
    match forwarder_row(seconds).await {
        Ok(row) => rows.push(row),
        Err(e) => println!("forwarder: {e}"),
    }
    for speed in [1, 10, 100] {
        match softmac_row(seconds, speed).await {
            Ok(row) => rows.push(row),
            Err(e) => println!("softmac speed {speed}: {e}"),
        }
    }
    print_table(&rows, seconds);
}

async fn forwarder_row(seconds: u32) -> Result<Row, String> {
    let a = station("smbf", "fa", [10, 81, 0], 2);
    let b = station("smbf", "fb", [10, 81, 0], 3);
    let tap_a = bare_tap(&a, MacAddr([2, 0x5f, 0, 0, 0, 1]))?;
    let tap_b = bare_tap(&b, MacAddr([2, 0x5f, 0, 0, 0, 2]))?;
    for sta in [&a, &b] {
        let cidr = format!("{}/24", sta.addr);
        lab::run(&["ip", "-n", &sta.netns, "addr", "add", &cidr, "dev", &sta.ifname])
            .map_err(|e| e.to_string())?;
    }
    let task = tokio::spawn(forward(tap_a, tap_b));
    let row = measure("bare TAP-to-TAP forwarder".into(), &a, &b, seconds).await;
    task.abort();
    let _ = task.await;
    row
}

fn station(prefix: &str, tag: &str, subnet: [u8; 3], host: u8) -> LabStation {
    LabStation {
        netns: format!("{prefix}-{tag}"),
        ifname: format!("{prefix}{tag}"),
        addr: Ipv4Addr::new(subnet[0], subnet[1], subnet[2], host),
    }
}

fn bare_tap(sta: &LabStation, addr: MacAddr) -> Result<TapPort, String> {
    let ns = Netns::open_or_create(&sta.netns).map_err(|e| e.to_string())?;
    let mut tap =
        TapPort::create(TapConfig::new(&sta.ifname, addr).in_netns(ns)).map_err(|e| e.to_string())?;
    tap.set_carrier(true).map_err(|e| e.to_string())?;
    Ok(tap)
}

/// Copies frames both ways until a port closes: the same reads and writes as a runner, no MAC.
async fn forward(mut a: TapPort, mut b: TapPort) {
    let mut a_first = true;
    loop {
        let (from_a, frame) = poll_fn(|cx| {
            a_first = !a_first;
            let mut order = [(true, &mut a), (false, &mut b)];
            if !a_first {
                order.swap(0, 1);
            }
            for (is_a, port) in order {
                if let Poll::Ready(r) = port.poll_recv(cx) {
                    return Poll::Ready((is_a, r));
                }
            }
            Poll::Pending
        })
        .await;
        let Ok(frame) = frame else { return };
        let to = if from_a { &mut b } else { &mut a };
        let _ = to.send(&frame);
    }
}

async fn softmac_row(seconds: u32, speed: u32) -> Result<Row, String> {
    let config = LabConfig {
        prefix: format!("smb{speed}"),
        subnet: [10, 82, 0],
        ssid: "softmac-bench".into(),
        passphrase: None,
        seed: 1,
        speed,
        capture: None,
    };
    let lab = lab::start(&config).await.map_err(|e| e.to_string())?;
    let [a, b] = lab.stations.clone();
    let airtime = if speed == 1 { "real-time air".to_owned() } else { format!("air {speed}x faster") };
    let row = measure(format!("softmac via AP, {airtime}"), &a, &b, seconds).await;
    lab.stop();
    row
}

async fn measure(path: String, from: &LabStation, to: &LabStation, seconds: u32) -> Result<Row, String> {
    let ping = lab::ping(from, to.addr, PINGS, PING_INTERVAL_S).map_err(|e| e.to_string())?;
    let bps = lab::iperf(from, to, seconds).await.map_err(|e| e.to_string())?;
    Ok(Row { path, ping, bps })
}

fn print_table(rows: &[Row], seconds: u32) {
    println!(
        "\nstation-to-station through TAP devices ({PINGS} pings every {PING_INTERVAL_S} s; iperf3 TCP {seconds} s)"
    );
    println!(
        "{:<40} {:>10} {:>10} {:>8} {:>14} {:>13}",
        "path", "rtt avg", "rtt max", "loss", "TCP Mbit/s", "of forwarder"
    );
    let floor = rows.first().filter(|r| r.path.starts_with("bare")).map(|r| r.bps);
    for r in rows {
        let [_, avg, max, _] = r.ping.rtt_ms.unwrap_or([f64::NAN; 4]);
        let share = floor.map(|f| format!("{:.1}%", 100.0 * r.bps / f)).unwrap_or_else(|| "-".into());
        println!(
            "{:<40} {:>8.3}ms {:>8.3}ms {:>7.1}% {:>14.1} {:>13}",
            r.path,
            avg,
            max,
            r.ping.loss_percent(),
            r.bps / 1e6,
            share
        );
    }
}
