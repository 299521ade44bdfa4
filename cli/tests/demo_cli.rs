//! `softmac demo` as a user runs it: the iw-like transcript, 0% ping loss through the AP, a
//! capture Wireshark opens, JSON output, and the same bytes for the same seed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn softmac_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_softmac")).current_dir(dir).args(args).output().expect("run softmac")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("softmac-demo-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn tshark_available() -> bool {
    Command::new("tshark").arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn transcript_scans_connects_and_pings_through_the_ap() {
    let dir = temp_dir("transcript");
    let out = softmac_in(&dir, &["demo"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    let has = |line: &str| text.lines().any(|l| l == line);
    // The AP, as `iw dev ap0 info` shows it.
    assert!(
        has(
            "[   0.000000] $ iw dev ap0 info   # hostapd started the AP: ssid=softmac-demo, channel 6, WPA2-PSK"
        ),
        "{text}"
    );
    for line in ["Interface ap0", "\taddr 02:00:00:00:00:00", "\tssid softmac-demo", "\ttype AP"] {
        assert!(has(line), "{line:?} missing:\n{text}");
    }
    assert!(has("\tchannel 6 (2437 MHz), width: 20 MHz, center1: 2437 MHz"), "{text}");
    // Each station's scan lists the AP, with the signal its distance gives (5 m and 12 m).
    assert!(has("BSS 02:00:00:00:00:00(on sta0)") && has("BSS 02:00:00:00:00:00(on sta1)"), "{text}");
    assert!(
        has("\tfreq: 2437") && has("\tSSID: softmac-demo") && has("\tDS Parameter set: channel 6"),
        "{text}"
    );
    assert!(has("\tsignal: -41.00 dBm") && has("\tsignal: -53.00 dBm"), "{text}");
    // Connected, as `iw event` and `iw dev staN link` say.
    let connected = |sta: &str, phy: u8| {
        let suffix = format!(": {sta} (phy #{phy}): connected to 02:00:00:00:00:00");
        text.lines().any(|l| l.ends_with(&suffix))
    };
    assert!(connected("sta0", 1) && connected("sta1", 2), "{text}");
    assert!(
        has("Connected to 02:00:00:00:00:00 (on sta0)") && has("Connected to 02:00:00:00:00:00 (on sta1)")
    );
    // The AP's station table.
    assert!(has("Station 02:00:00:00:01:00 (on ap0)") && has("Station 02:00:00:00:02:00 (on ap0)"), "{text}");
    assert_eq!(text.lines().filter(|l| *l == "\tauthorized:\tyes").count(), 2);
    // The ping, as iputils prints it: five replies in order, no loss.
    assert!(has("PING 10.0.0.3 (10.0.0.3) 56(84) bytes of data."), "{text}");
    for seq in 1..=5 {
        let prefix = format!("64 bytes from 10.0.0.3: icmp_seq={seq} ttl=64 time=");
        assert!(text.lines().any(|l| l.starts_with(&prefix) && l.ends_with(" ms")), "{prefix}\n{text}");
    }
    assert!(has("5 packets transmitted, 5 received, 0% packet loss, time 4000ms"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("rtt min/avg/max/mdev = ")), "{text}");
    assert!(text.contains("$ capture written to softmac-demo.pcap"), "{text}");
    assert_eq!(text.lines().last(), Some("demo: ok"));
    assert!(dir.join("softmac-demo.pcap").exists());
}

#[test]
fn json_report_has_the_same_facts() {
    let dir = temp_dir("json");
    let out = softmac_in(&dir, &["demo", "--json", "--pings", "20", "--capture", "run.pcap"]);
    assert!(out.status.success());
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["ssid"], "softmac-demo");
    assert_eq!(r["freq"], 2437);
    assert_eq!(r["failure"], serde_json::Value::Null);
    assert_eq!(r["ap"]["addr"], "02:00:00:00:00:00");
    assert_eq!(r["ap"]["beacon_interval_tu"], 100);
    let stations = r["stations"].as_array().unwrap();
    assert_eq!(stations.len(), 2);
    for (s, (name, signal)) in stations.iter().zip([("sta0", -41), ("sta1", -53)]) {
        assert_eq!(s["name"], name);
        assert_eq!(s["bssid"], "02:00:00:00:00:00");
        assert_eq!(s["signal_dbm"], signal);
        assert!(
            s["scan"].as_array().unwrap().iter().any(|b| b["ssid"] == "softmac-demo" && b["freq"] == 2437)
        );
    }
    assert_eq!(r["ap_stations"].as_array().unwrap().len(), 2);
    let ping = &r["ping"];
    assert_eq!(
        (ping["sent"].as_u64(), ping["received"].as_u64(), ping["lost"].as_u64()),
        (Some(20), Some(20), Some(0))
    );
    assert_eq!(ping["loss_percent"], 0);
    assert_eq!(ping["rtts_us"].as_array().unwrap().len(), 20);
    let capture = &r["capture"];
    assert_eq!(capture["path"], "run.pcap");
    assert_eq!(capture["bytes"].as_u64().unwrap(), std::fs::metadata(dir.join("run.pcap")).unwrap().len());
}

#[test]
fn capture_opens_in_wireshark() {
    if !tshark_available() {
        println!("skipped: tshark is not installed (apt-get install tshark)");
        return;
    }
    let dir = temp_dir("tshark");
    let out = softmac_in(&dir, &["demo", "--json"]);
    assert!(out.status.success());
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let records = r["capture"]["records"].as_u64().unwrap();
    // Wireshark verifies the 4-way handshakes and decrypts the CCMP data with the passphrase.
    let key = format!("uat:80211_keys:\"wpa-pwd\",\"{}:softmac-demo\"", softmac_cli::demo::PASSPHRASE);
    let tshark = |filter: Option<&str>| {
        let mut cmd = Command::new("tshark");
        cmd.args(["-o", "wlan.enable_decryption:TRUE", "-o", &key]);
        cmd.arg("-r").arg(dir.join("softmac-demo.pcap"));
        if let Some(f) = filter {
            cmd.args(["-Y", f]);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "tshark: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().lines().count() as u64
    };
    assert_eq!(tshark(None), records, "tshark reads every record");
    assert!(tshark(Some("wlan.ssid == \"softmac-demo\" && wlan.fc.type_subtype == 8")) > 10, "beacons");
    assert_eq!(tshark(Some("wlan.fc.type_subtype == 0x0b")), 4, "two authentications, each answered");
    assert_eq!(tshark(Some("eapol")), 8, "two 4-way handshakes");
    assert!(tshark(Some("wlan.fc.protected == 1")) >= 20, "the data is protected on the air");
    // Each echo crosses two hops (station to AP, AP to station), retransmissions aside.
    assert!(tshark(Some("icmp.type == 8")) >= 10 && tshark(Some("icmp.type == 0")) >= 10);
    assert_eq!(tshark(Some("_ws.malformed")), 0, "Wireshark finds nothing malformed");
}

#[test]
fn same_seed_same_transcript_and_capture() {
    let (a, b, c) = (temp_dir("seed-a"), temp_dir("seed-b"), temp_dir("seed-c"));
    let run = |dir: &Path, seed: &str| {
        let out = softmac_in(dir, &["demo", "--seed", seed]);
        assert!(out.status.success());
        (out.stdout, std::fs::read(dir.join("softmac-demo.pcap")).unwrap())
    };
    let (text_a, cap_a) = run(&a, "7");
    let (text_b, cap_b) = run(&b, "7");
    assert!(text_a == text_b, "transcripts differ");
    assert!(cap_a == cap_b, "captures differ");
    let (text_c, cap_c) = run(&c, "8");
    assert!(String::from_utf8(text_c).unwrap().contains("(seed 8, virtual time)"));
    assert_ne!(cap_a, cap_c, "another seed, other backoffs and sequence numbers");
}

#[test]
fn no_capture_writes_nothing_and_unknown_modes_are_refused() {
    let dir = temp_dir("no-capture");
    let out = softmac_in(&dir, &["demo", "--no-capture", "--pings", "1"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("capture written"), "{text}");
    assert!(!dir.join("softmac-demo.pcap").exists());

    let out = softmac_in(&dir, &["demo", "--capture", "x.pcap", "--no-capture"]);
    assert_eq!(out.status.code(), Some(2));
    let out = softmac_in(&dir, &["demo", "--tap", "--json"]);
    assert_eq!(out.status.code(), Some(2), "the TAP demo prints a live transcript only");
}

/// The TAP demo as root: real namespaces, the system ping, a capture, and nothing left behind.
/// Without root (or the tools) it must refuse with the reason, not pretend.
#[test]
fn tap_demo_pings_between_namespaces_and_cleans_up() {
    let dir = temp_dir("tap");
    let out = softmac_in(&dir, &["demo", "--tap", "--pings", "3", "--capture", "tap.pcap"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    if let Some(reason) = softmac_cli::lab::unavailable_reason() {
        assert_eq!(out.status.code(), Some(1));
        assert!(err.contains(&reason), "{err}");
        println!("TAP part skipped: {reason}");
        return;
    }
    assert!(out.status.success(), "{text}\n{err}");
    assert!(text.contains("3 packets transmitted, 3 received, 0% packet loss"), "{text}");
    assert!(text.contains("Interface smdsta1 (netns smd-s1)") && text.contains("carrier on"), "{text}");
    assert!(text.contains("TAP devices and namespaces removed"), "{text}");
    let netns = Command::new("ip").args(["netns", "list"]).output().unwrap();
    let netns = String::from_utf8_lossy(&netns.stdout);
    assert!(!netns.contains("smd-"), "namespaces left behind: {netns}");
    let pcap = std::fs::read(dir.join("tap.pcap")).unwrap();
    assert!(pcap.len() > 24, "capture has records");
    if tshark_available() {
        // The pings are CCMP-protected: Wireshark sees them with the passphrase only.
        let key = format!("uat:80211_keys:\"wpa-pwd\",\"{}:softmac-demo\"", softmac_cli::demo::PASSPHRASE);
        let decoded = Command::new("tshark")
            .args(["-o", "wlan.enable_decryption:TRUE", "-o", &key, "-r"])
            .arg(dir.join("tap.pcap"))
            .output()
            .unwrap();
        let lines = String::from_utf8_lossy(&decoded.stdout);
        assert!(lines.lines().filter(|l| l.contains("ICMP")).count() >= 6, "{lines}");
        let plain = Command::new("tshark").arg("-r").arg(dir.join("tap.pcap")).output().unwrap();
        let plain = String::from_utf8_lossy(&plain.stdout);
        assert_eq!(plain.lines().filter(|l| l.contains("ICMP")).count(), 0, "no ICMP in clear: {plain}");
    }
}

#[test]
fn a_failed_step_exits_nonzero_and_says_which() {
    let dir = temp_dir("unwritable");
    let out = softmac_in(&dir, &["demo", "--pings", "1", "--capture", "/nonexistent-dir/x.pcap"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("demo: FAILED: cannot write the capture /nonexistent-dir/x.pcap"), "{last}");
    // Everything before the failed step still ran and is reported.
    assert!(text.contains("1 packets transmitted, 1 received, 0% packet loss"), "{text}");
}
