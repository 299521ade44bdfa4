//! Text in the shape of `iw` and iputils `ping` output, for transcripts of simulated runs.
//!
//! Each function renders one block the way the Linux tool prints the same facts, so a reader
//! who knows `iw dev wlan0 scan`, `iw dev wlan0 link`, `iw dev wlan0 station dump`, `iw event`
//! and `ping` reads the transcript without a legend. Field names, order and units follow iw
//! 5.x (`scan.c` `print_bss_handler`, `station.c` `print_sta_handler`, `link.c`, `event.c`)
//! and iputils `ping` 2021xxxx; facts the simulation does not have (inactive time of a station
//! that never sent, HT/VHT details) are left out rather than made up.

use mac80211_core::mac::{
    ConnectFailure, DisconnectCause, EventKind, LinkInfo, PeerState, StationInfo, TxRate,
};
use mac80211_core::sta::BssInfo;
use mac80211_core::time::{Duration, Instant};
use std::fmt::Write as _;
use std::net::Ipv4Addr;

use hwsim::world::PingReport;

/// Seconds with six decimals, as `iw event -t` and dmesg print times: `   1.234567`.
pub fn timestamp(at: Instant) -> String {
    let us = at.as_micros();
    format!("{:4}.{:06}", us / 1_000_000, us % 1_000_000)
}

/// Milliseconds with three decimals, as ping prints round trips: `0.912`.
pub fn millis(d: Duration) -> String {
    let us = d.as_micros();
    format!("{}.{:03}", us / 1000, us % 1000)
}

/// A TX rate as iw prints a bitrate: `54.0 MBit/s`, `65.0 MBit/s MCS 7`.
pub fn bitrate(rate: TxRate) -> String {
    let kbps = rate.kbps();
    let mbit = format!("{}.{}", kbps / 1000, (kbps % 1000) / 100);
    match rate {
        TxRate::Legacy(_) => format!("{mbit} MBit/s"),
        TxRate::Ht { mcs, wide, short_gi } => {
            let width = if wide { " 40MHz" } else { "" };
            let gi = if short_gi { " short GI" } else { "" };
            format!("{mbit} MBit/s MCS {mcs}{width}{gi}")
        }
    }
}

/// An SSID as iw escapes it: printable ASCII kept, anything else as `\xNN`.
pub fn ssid(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        if b.is_ascii_graphic() && b != b'\\' || b == b' ' {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

/// The capability field's flags by name, as iw's `print_capa_non_dmg`.
fn capability(cap: u16) -> String {
    const NAMES: [(u16, &str); 8] = [
        (0x0001, "ESS"),
        (0x0002, "IBSS"),
        (0x0010, "Privacy"),
        (0x0020, "ShortPreamble"),
        (0x0100, "QoS"),
        (0x0400, "ShortSlotTime"),
        (0x1000, "DelayedBACK"),
        (0x2000, "ImmediateBACK"),
    ];
    let names: Vec<&str> = NAMES.iter().filter(|&&(bit, _)| cap & bit != 0).map(|&(_, n)| n).collect();
    format!("{} (0x{cap:04x})", names.join(" "))
}

/// One `iw dev IF scan` entry.
pub fn scan_entry(bss: &BssInfo, ifname: &str, now: Instant, associated: bool) -> String {
    let mut out = String::new();
    let status = if associated { " -- associated" } else { "" };
    let _ = writeln!(out, "BSS {}(on {ifname}){status}", bss.bssid);
    let _ = writeln!(out, "\tTSF: {}", crate::client::format::tsf(bss.tsf));
    let _ = writeln!(out, "\tfreq: {}", bss.channel.freq);
    let _ = writeln!(out, "\tbeacon interval: {} TUs", bss.beacon_interval_tu);
    let _ = writeln!(out, "\tcapability: {}", capability(bss.capability));
    let _ = writeln!(out, "\tsignal: {}.00 dBm", bss.signal_dbm);
    let _ = writeln!(out, "\tlast seen: {} ms ago", now.saturating_since(bss.last_seen).as_millis());
    // The elements as the iw-like client prints them (SSID, rates, DS, RSN...).
    out.push_str(&crate::client::ies::describe(&bss.ies));
    out
}

/// `iw dev IF link` of a connected station.
pub fn link(link: &LinkInfo, ifname: &str, now: Instant) -> String {
    let s = &link.stats;
    let mut out = String::new();
    let _ = writeln!(out, "Connected to {} (on {ifname})", link.bssid);
    let _ = writeln!(out, "\tSSID: {}", ssid(&link.ssid));
    let _ = writeln!(out, "\tfreq: {}", link.channel.freq);
    let _ = writeln!(out, "\tRX: {} bytes ({} packets)", s.rx_bytes, s.rx_packets);
    let _ = writeln!(out, "\tTX: {} bytes ({} packets)", s.tx_bytes, s.tx_packets);
    let _ = writeln!(out, "\tsignal: {} dBm", s.signal_dbm);
    let _ = writeln!(out, "\ttx bitrate: {}", bitrate(s.tx_rate));
    let _ = writeln!(
        out,
        "\tconnected time: {} seconds",
        now.saturating_since(s.connected_at).as_secs_f64() as u64
    );
    out
}

/// One `iw dev IF station dump` entry.
pub fn station(st: &StationInfo, ifname: &str, now: Instant) -> String {
    let s = &st.stats;
    let yes = |b: bool| if b { "yes" } else { "no" };
    let state = st.state;
    let mut out = String::new();
    let _ = writeln!(out, "Station {} (on {ifname})", st.addr);
    let _ = writeln!(out, "\tinactive time:\t{} ms", now.saturating_since(s.last_rx).as_millis());
    let _ = writeln!(out, "\trx bytes:\t{}", s.rx_bytes);
    let _ = writeln!(out, "\trx packets:\t{}", s.rx_packets);
    let _ = writeln!(out, "\ttx bytes:\t{}", s.tx_bytes);
    let _ = writeln!(out, "\ttx packets:\t{}", s.tx_packets);
    let _ = writeln!(out, "\ttx retries:\t{}", s.tx_retries);
    let _ = writeln!(out, "\ttx failed:\t{}", s.tx_failed);
    let _ = writeln!(out, "\tsignal:  \t{} dBm", s.signal_dbm);
    let _ = writeln!(out, "\ttx bitrate:\t{}", bitrate(s.tx_rate));
    let _ = writeln!(out, "\tauthorized:\t{}", yes(state == PeerState::Authorized));
    let _ = writeln!(out, "\tauthenticated:\t{}", yes(state != PeerState::Unauthenticated));
    let _ = writeln!(
        out,
        "\tassociated:\t{}",
        yes(matches!(state, PeerState::Associated | PeerState::Authorized))
    );
    let _ = writeln!(out, "\tAID:\t\t{}", st.aid);
    let _ = writeln!(
        out,
        "\tconnected time:\t{} seconds",
        now.saturating_since(s.connected_at).as_secs_f64() as u64
    );
    out
}

/// An event as `iw event` prints it (without the interface prefix), or `None` for events iw
/// has no line for.
pub fn event(kind: &EventKind) -> Option<String> {
    Some(match kind {
        EventKind::ScanStarted { .. } => "scan started".to_owned(),
        EventKind::ScanDone { aborted: true, .. } => "scan aborted".to_owned(),
        EventKind::ScanDone { aborted: false, bss_count, .. } => {
            format!("scan finished: {bss_count} BSS known")
        }
        EventKind::Authenticating { bssid, attempt } => format!("auth: sending to {bssid} (try {attempt}/3)"),
        EventKind::Authenticated { bssid } => format!("auth: {bssid} status: 0: Successful"),
        EventKind::Associating { bssid, attempt } => format!("assoc: sending to {bssid} (try {attempt}/3)"),
        EventKind::Connected { bssid, .. } => format!("connected to {bssid}"),
        EventKind::ConnectFailed { bssid, failure } => {
            let target = bssid.map(|b| format!(" to {b}")).unwrap_or_default();
            format!("failed to connect{target}: {}", connect_failure(*failure))
        }
        EventKind::BeaconLoss { bssid } => format!("beacon loss from {bssid}"),
        EventKind::Disconnected { reason, cause, .. } => {
            let who = match cause {
                DisconnectCause::Command => "local request",
                DisconnectCause::BeaconLoss => "beacon loss",
                DisconnectCause::Deauthenticated | DisconnectCause::Disassociated => "by AP",
                DisconnectCause::KeyHandshake => "group key handshake failed",
            };
            format!("disconnected ({who}) reason: {}: {}", reason.value(), reason.name().unwrap_or("Unknown"))
        }
        EventKind::ApStarted { bssid, channel } => format!("AP started: {bssid} on {} MHz", channel.freq),
        EventKind::ApStopped => "AP stopped".to_owned(),
        EventKind::StationAssociated { addr, .. } => format!("new station {addr}"),
        EventKind::StationLeft { addr, .. } => format!("del station {addr}"),
        EventKind::StationAuthorized { addr } => format!("station {addr} authorized"),
        EventKind::Handshaking { bssid } => format!("4-way handshake with {bssid}"),
        EventKind::GroupKeyInstalled { index } => format!("group key {index} installed"),
        EventKind::StationAuthenticated { .. } => return None,
    })
}

/// Why a connection failed, in iw's words where it has them.
pub fn connect_failure(f: ConnectFailure) -> String {
    match f {
        ConnectFailure::NoBss => "no BSS found".to_owned(),
        ConnectFailure::AuthRejected(s) => {
            format!("auth status: {}: {}", s.value(), s.name().unwrap_or("Unknown"))
        }
        ConnectFailure::AuthTimeout => "authentication timed out".to_owned(),
        ConnectFailure::AssocRejected(s) => {
            format!("assoc status: {}: {}", s.value(), s.name().unwrap_or("Unknown"))
        }
        ConnectFailure::AssocTimeout => "association timed out".to_owned(),
        ConnectFailure::Kicked(r) => {
            format!("kicked, reason: {}: {}", r.value(), r.name().unwrap_or("Unknown"))
        }
        ConnectFailure::Cancelled => "cancelled".to_owned(),
        ConnectFailure::SecurityMismatch => "the network's security does not match the request".to_owned(),
        ConnectFailure::HandshakeFailed(r) => {
            format!(
                "4-way handshake failed: check the passphrase (reason: {}: {})",
                r.value(),
                r.name().unwrap_or("Unknown")
            )
        }
    }
}

/// Mean deviation of the round trips, as ping's `mdev` (population standard deviation), µs.
fn mdev_us(rtts: &[Duration]) -> u64 {
    if rtts.is_empty() {
        return 0;
    }
    let n = rtts.len() as f64;
    let mean = rtts.iter().map(|d| d.as_micros() as f64).sum::<f64>() / n;
    let var = rtts.iter().map(|d| (d.as_micros() as f64 - mean).powi(2)).sum::<f64>() / n;
    var.sqrt().round() as u64
}

/// Packet loss as ping rounds it: whole percent.
pub fn loss_percent(r: &PingReport) -> u32 {
    if r.sent == 0 { 0 } else { (u64::from(r.lost) * 100 / u64::from(r.sent)) as u32 }
}

/// iputils `ping` output for a finished run: header, one line per reply in sequence order,
/// statistics. `payload` is the echo data length (56), `took` the run's duration.
pub fn ping(target: Ipv4Addr, payload: usize, r: &PingReport, took: Duration) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "PING {target} ({target}) {payload}({}) bytes of data.", payload + 28);
    for (seq, rtt) in r.rtts.iter().enumerate() {
        if let Some(rtt) = rtt {
            let bytes = payload + 8;
            let _ = writeln!(
                out,
                "{bytes} bytes from {target}: icmp_seq={} ttl=64 time={} ms",
                seq + 1,
                millis(*rtt)
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "--- {target} ping statistics ---");
    let _ = writeln!(
        out,
        "{} packets transmitted, {} received, {}% packet loss, time {}ms",
        r.sent,
        r.received,
        loss_percent(r),
        took.as_millis()
    );
    let rtts: Vec<Duration> = r.rtts.iter().flatten().copied().collect();
    if let (Some(min), Some(avg), Some(max)) = (r.rtt_min, r.rtt_avg, r.rtt_max) {
        let mdev = Duration::from_micros(mdev_us(&rtts));
        let _ = writeln!(
            out,
            "rtt min/avg/max/mdev = {}/{}/{}/{} ms",
            millis(min),
            millis(avg),
            millis(max),
            millis(mdev)
        );
    }
    out
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn numbers_print_like_the_tools() {
        assert_eq!(timestamp(Instant::from_micros(1_234_567)), "   1.234567");
        assert_eq!(millis(Duration::from_micros(912)), "0.912");
        assert_eq!(millis(Duration::from_micros(12_034)), "12.034");
        assert_eq!(bitrate(TxRate::Legacy(108)), "54.0 MBit/s");
        assert_eq!(bitrate(TxRate::Legacy(11)), "5.5 MBit/s");
        assert_eq!(bitrate(TxRate::Ht { mcs: 7, wide: false, short_gi: false }), "65.0 MBit/s MCS 7");
        assert_eq!(ssid(b"caf\xc3\xa9 net"), "caf\\xc3\\xa9 net");
        assert_eq!(capability(0x0421), "ESS ShortPreamble ShortSlotTime (0x0421)");
    }

    #[test]
    fn ping_statistics_match_iputils() {
        let ms = Duration::from_millis;
        let r = PingReport {
            sent: 4,
            received: 3,
            lost: 1,
            rtts: vec![Some(ms(2)), None, Some(ms(1)), Some(ms(3))],
            rtt_min: Some(ms(1)),
            rtt_avg: Some(ms(2)),
            rtt_max: Some(ms(3)),
            ..Default::default()
        };
        let text = ping(Ipv4Addr::new(10, 0, 0, 3), 56, &r, Duration::from_millis(3003));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "PING 10.0.0.3 (10.0.0.3) 56(84) bytes of data.");
        assert_eq!(lines[1], "64 bytes from 10.0.0.3: icmp_seq=1 ttl=64 time=2.000 ms");
        assert_eq!(lines[2], "64 bytes from 10.0.0.3: icmp_seq=3 ttl=64 time=1.000 ms");
        assert_eq!(lines[6], "4 packets transmitted, 3 received, 25% packet loss, time 3003ms");
        // mdev of 1, 2, 3 ms: sqrt(2/3) ms = 816 µs.
        assert_eq!(lines[7], "rtt min/avg/max/mdev = 1.000/2.000/3.000/0.816 ms");
    }
}
