//! Text output in `iw`'s shapes (iw `info.c`, `interface.c`, `scan.c`, `station.c`,
//! `link.c`, `event.c`): one function per command shape, each returning the exact text.
//!
//! Tabs and words follow iw so that scripts written against `iw` keep working; where iw
//! prints a value through a C quirk (a negative `%d.%.2d` signal such as `-30.-50`) the
//! value is printed correctly instead.

use super::model::{Bss, Interface, Radio, RateInfo, Station, Wiphy};
use std::fmt::Write;

/// `iw list` / `iw phy` / `iw phy PHY info`.
pub fn wiphys(list: &[Wiphy]) -> String {
    let mut s = String::new();
    for w in list {
        let _ = writeln!(s, "Wiphy {}", w.name);
        let _ = writeln!(s, "\twiphy index: {}", w.index);
        if let Some(backend) = &w.backend {
            let _ = writeln!(s, "\tsoftmac backend: {backend}");
        }
        for b in &w.bands {
            let _ = writeln!(s, "\tBand {}:", u32::from(b.band) + 1);
            if !b.bitrates.is_empty() {
                s.push_str("\t\tBitrates (non-HT):\n");
                for r in &b.bitrates {
                    let flag = if r.short_preamble { " (short preamble supported)" } else { "" };
                    let _ = writeln!(s, "\t\t\t* {:.1} Mbps{flag}", r.mbps);
                }
            }
            if !b.frequencies.is_empty() {
                s.push_str("\t\tFrequencies:\n");
                for f in &b.frequencies {
                    let _ = write!(s, "\t\t\t* {} MHz", f.mhz);
                    if let Some(c) = f.channel {
                        let _ = write!(s, " [{c}]");
                    }
                    match f.max_tx_power_dbm {
                        Some(p) if !f.disabled => {
                            let _ = write!(s, " ({p:.1} dBm)");
                        }
                        _ => {}
                    }
                    let mut flags = Vec::new();
                    if f.disabled {
                        flags.push("disabled");
                    } else {
                        if f.no_ir {
                            flags.push("no IR");
                        }
                        if f.radar {
                            flags.push("radar detection");
                        }
                    }
                    if !flags.is_empty() {
                        let _ = write!(s, " ({})", flags.join(", "));
                    }
                    s.push('\n');
                }
            }
        }
        if let Some(n) = w.max_scan_ssids {
            let _ = writeln!(s, "\tmax # scan SSIDs: {n}");
        }
        if !w.ciphers.is_empty() {
            s.push_str("\tSupported Ciphers:\n");
            for c in &w.ciphers {
                let _ = writeln!(s, "\t\t* {c}");
            }
        }
        if !w.interface_modes.is_empty() {
            s.push_str("\tSupported interface modes:\n");
            for m in &w.interface_modes {
                let _ = writeln!(s, "\t\t * {m}");
            }
        }
        if !w.extended_features.is_empty() {
            s.push_str("\tSupported extended features:\n");
            for name in &w.extended_features {
                let desc = ext_feature_description(name);
                let _ = writeln!(s, "\t\t* [ {name} ]: {desc}");
            }
        }
    }
    s
}

/// iw's description of an extended feature the model named.
fn ext_feature_description(name: &str) -> &'static str {
    use crate::nl::nl80211::ext_feature::{BITMAP_LEN, describe};
    (0..BITMAP_LEN as u32 * 8).filter_map(describe).find(|(n, _)| *n == name).map_or("", |(_, d)| d)
}

/// `iw dev`: interfaces grouped under `phy#N` headers, in dump order.
pub fn interfaces(list: &[Interface]) -> String {
    let mut s = String::new();
    let mut last_wiphy = None;
    for i in list {
        if i.wiphy.is_some() && i.wiphy != last_wiphy {
            let _ = writeln!(s, "phy#{}", i.wiphy.unwrap_or(0));
            last_wiphy = i.wiphy;
        }
        let indent = if i.wiphy.is_some() { "\t" } else { "" };
        interface_body(&mut s, i, indent, false);
    }
    s
}

/// `iw dev IF info`.
pub fn interface(i: &Interface) -> String {
    let mut s = String::new();
    interface_body(&mut s, i, "", true);
    s
}

fn interface_body(s: &mut String, i: &Interface, indent: &str, with_wiphy: bool) {
    match &i.name {
        Some(n) => {
            let _ = writeln!(s, "{indent}Interface {n}");
        }
        None => {
            let _ = writeln!(s, "{indent}Unnamed/non-netdev interface");
        }
    }
    if let Some(x) = i.ifindex {
        let _ = writeln!(s, "{indent}\tifindex {x}");
    }
    if let Some(w) = i.wdev {
        let _ = writeln!(s, "{indent}\twdev 0x{w:x}");
    }
    if let Some(a) = &i.addr {
        let _ = writeln!(s, "{indent}\taddr {a}");
    }
    if let Some(ssid) = &i.ssid {
        let _ = writeln!(s, "{indent}\tssid {ssid}");
    }
    if let Some(t) = &i.iftype {
        let _ = writeln!(s, "{indent}\ttype {t}");
    }
    if let (true, Some(w)) = (with_wiphy, i.wiphy) {
        let _ = writeln!(s, "{indent}\twiphy {w}");
    }
    if let Some(c) = &i.channel {
        let _ = write!(s, "{indent}\tchannel {} ({} MHz)", c.channel.unwrap_or(0), c.freq);
        if let Some(w) = &c.width {
            let _ = write!(s, ", width: {w}");
            if let Some(c1) = c.center1 {
                let _ = write!(s, ", center1: {c1} MHz");
            }
            if let Some(c2) = c.center2 {
                let _ = write!(s, ", center2: {c2} MHz");
            }
        }
        s.push('\n');
    }
    if let Some(p) = i.txpower_dbm {
        let _ = writeln!(s, "{indent}\ttxpower {p:.2} dBm");
    }
}

/// iw's capability words (`print_capa_non_dmg`).
pub fn capability_words(capa: u16) -> String {
    const WORDS: [(u16, &str); 16] = [
        (0x0001, "ESS"),
        (0x0002, "IBSS"),
        (0x0004, "CfPollable"),
        (0x0008, "CfPollReq"),
        (0x0010, "Privacy"),
        (0x0020, "ShortPreamble"),
        (0x0040, "PBCC"),
        (0x0080, "ChannelAgility"),
        (0x0100, "SpectrumMgmt"),
        (0x0200, "QoS"),
        (0x0400, "ShortSlotTime"),
        (0x0800, "APSD"),
        (0x1000, "RadioMeasure"),
        (0x2000, "DSSS-OFDM"),
        (0x4000, "DelayedBACK"),
        (0x8000, "ImmediateBACK"),
    ];
    WORDS.iter().filter(|(bit, _)| capa & bit != 0).map(|(_, w)| format!(" {w}")).collect()
}

/// A signal in mBm as `-30.00`.
fn mbm(m: i32) -> String {
    let sign = if m < 0 { "-" } else { "" };
    let a = m.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// A TSF as iw prints it: `394690 usec (0d, 00:00:00)`.
pub fn tsf(us: u64) -> String {
    let secs = us / 1_000_000;
    format!(
        "{us} usec ({}d, {:02}:{:02}:{:02})",
        secs / 86400,
        (secs / 3600) % 24,
        (secs / 60) % 60,
        secs % 60
    )
}

/// `iw dev IF scan` / `scan dump`: one block per BSS. `ifname` names the interface.
pub fn scan_results(list: &[Bss], ifname: &str) -> String {
    let mut s = String::new();
    for b in list {
        let _ = write!(s, "BSS {}", b.bssid);
        if b.ifindex.is_some() {
            let _ = write!(s, "(on {ifname})");
        }
        if let Some(st) = &b.status {
            let _ = write!(s, " -- {st}");
        }
        s.push('\n');
        if let Some(t) = b.tsf {
            let _ = writeln!(s, "\tTSF: {}", tsf(t));
        }
        if let Some(f) = b.freq {
            let _ = writeln!(s, "\tfreq: {f}");
        }
        if let Some(bi) = b.beacon_interval {
            let _ = writeln!(s, "\tbeacon interval: {bi} TUs");
        }
        if let Some(c) = b.capability {
            let _ = writeln!(s, "\tcapability:{} (0x{c:04x})", capability_words(c));
        }
        if let Some(m) = b.signal_mbm {
            let _ = writeln!(s, "\tsignal: {} dBm", mbm(m));
        }
        if let Some(age) = b.last_seen_ms {
            let _ = writeln!(s, "\tlast seen: {age} ms ago");
        }
        s.push_str(&super::ies::describe(&b.ies));
    }
    s
}

/// iw's bitrate text: `54.0 MBit/s`, `(unknown)`, plus ` MCS n`.
pub fn bitrate(r: &RateInfo) -> String {
    let mut s = if r.bitrate_100kbps > 0 {
        format!("{}.{} MBit/s", r.bitrate_100kbps / 10, r.bitrate_100kbps % 10)
    } else {
        "(unknown)".to_string()
    };
    if let Some(m) = r.mcs {
        let _ = write!(s, " MCS {m}");
    }
    s
}

/// `iw dev IF station dump` / `station get MAC`.
pub fn stations(list: &[Station], ifname: &str) -> String {
    let mut s = String::new();
    for st in list {
        let _ = write!(s, "Station {} (on {ifname})", st.mac);
        let mut line = |label: &str, v: Option<String>| {
            if let Some(v) = v {
                let _ = write!(s, "\n\t{label}{v}");
            }
        };
        line("inactive time:\t", st.inactive_ms.map(|v| format!("{v} ms")));
        line("rx bytes:\t", st.rx_bytes.map(|v| v.to_string()));
        line("rx packets:\t", st.rx_packets.map(|v| v.to_string()));
        line("tx bytes:\t", st.tx_bytes.map(|v| v.to_string()));
        line("tx packets:\t", st.tx_packets.map(|v| v.to_string()));
        line("tx retries:\t", st.tx_retries.map(|v| v.to_string()));
        line("tx failed:\t", st.tx_failed.map(|v| v.to_string()));
        line("signal:  \t", st.signal_dbm.map(|v| format!("{v} dBm")));
        line("signal avg:\t", st.signal_avg_dbm.map(|v| format!("{v} dBm")));
        line("tx bitrate:\t", st.tx_bitrate.as_ref().map(bitrate));
        line("rx bitrate:\t", st.rx_bitrate.as_ref().map(bitrate));
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
        line("authorized:\t", st.authorized.map(yes_no));
        line("authenticated:\t", st.authenticated.map(yes_no));
        line("associated:\t", st.associated.map(yes_no));
        line("connected time:\t", st.connected_time_s.map(|v| format!("{v} seconds")));
        s.push('\n');
    }
    s
}

/// `iw dev IF link`: the associated BSS and its station counters, or `Not connected.`.
pub fn link(bss: Option<&Bss>, station: Option<&Station>, ifname: &str) -> String {
    let Some(b) = bss else { return "Not connected.\n".to_string() };
    let mut s = String::new();
    let verb = match b.status.as_deref() {
        Some("authenticated") => "Authenticated with",
        Some("joined") => "Joined IBSS",
        _ => "Connected to",
    };
    let _ = writeln!(s, "{verb} {} (on {ifname})", b.bssid);
    if let Some(ssid) = &b.ssid {
        let _ = writeln!(s, "\tSSID: {ssid}");
    }
    if let Some(f) = b.freq {
        let _ = writeln!(s, "\tfreq: {f}");
    }
    if let Some(st) = station {
        if let (Some(bytes), Some(pk)) = (st.rx_bytes, st.rx_packets) {
            let _ = writeln!(s, "\tRX: {bytes} bytes ({pk} packets)");
        }
        if let (Some(bytes), Some(pk)) = (st.tx_bytes, st.tx_packets) {
            let _ = writeln!(s, "\tTX: {bytes} bytes ({pk} packets)");
        }
        if let Some(sig) = st.signal_dbm {
            let _ = writeln!(s, "\tsignal: {sig} dBm");
        }
        if let Some(r) = &st.rx_bitrate {
            let _ = writeln!(s, "\trx bitrate: {}", bitrate(r));
        }
        if let Some(r) = &st.tx_bitrate {
            let _ = writeln!(s, "\ttx bitrate: {}", bitrate(r));
        }
    }
    s
}

/// `hwsim radio list`: one block per radio.
pub fn radios(list: &[Radio]) -> String {
    let mut s = String::new();
    for r in list {
        let _ = writeln!(s, "Radio {}", r.id);
        if let Some(n) = &r.name {
            let _ = writeln!(s, "\tname: {n}");
        }
        if let Some(a) = &r.addr {
            let _ = writeln!(s, "\taddr: {a}");
        }
        if let Some(f) = r.freq {
            let ch = u16::try_from(f).ok().and_then(mac80211_core::channel::freq_to_channel);
            let _ = writeln!(s, "\tchannel {} ({f} MHz)", ch.unwrap_or(0));
        }
        if let Some(c) = r.channels {
            let _ = writeln!(s, "\tconcurrent channels: {c}");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_and_capability() {
        assert_eq!(mbm(-3000), "-30.00");
        assert_eq!(mbm(-3050), "-30.50");
        assert_eq!(mbm(-50), "-0.50");
        assert_eq!(capability_words(0x0401), " ESS ShortSlotTime");
    }
}
