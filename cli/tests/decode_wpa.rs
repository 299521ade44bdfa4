//! `softmac decode --passphrase P --ssid S`: real captures of hostapd/wpa_supplicant decrypted,
//! their handshakes verified, the inner traffic agreeing with Wireshark given the same key; a
//! wrong passphrase fails every MIC and says so; the demo's own capture decrypts.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/corpus/pcap")).join(name)
}

fn softmac(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_softmac")).args(args).output().expect("run softmac")
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let out = softmac(args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn tshark_available() -> bool {
    Command::new("tshark").arg("-v").output().is_ok_and(|o| o.status.success())
}

/// Frames tshark shows for `filter` when given `passphrase:ssid` as a wpa-pwd key.
fn tshark_frames(file: &Path, key: &str, filter: &str) -> Vec<u64> {
    let uat = format!("uat:80211_keys:\"wpa-pwd\",\"{key}\"");
    let out = Command::new("tshark")
        .args(["-o", "wlan.enable_decryption:TRUE", "-o", &uat, "-r"])
        .arg(file)
        .args(["-Y", filter, "-T", "fields", "-e", "frame.number"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.trim().parse().ok()).collect()
}

#[test]
fn hostapd_and_wpa_supplicant_traffic_decrypts_as_wireshark_decrypts_it() {
    let path = corpus("linux-hwsim__wpa2.pcap");
    let p = path.to_str().unwrap();
    let doc = json_of(&["decode", "--json", "--passphrase", "refpassphrase", "--ssid", "refnet", p]);
    let wpa = &doc["wpa"];
    assert_eq!((wpa["handshakes_found"].as_u64(), wpa["handshakes_verified"].as_u64()), (Some(2), Some(2)));
    assert_eq!((wpa["mic_failures"].as_u64(), wpa["frames_failed"].as_u64()), (Some(0), Some(0)));
    let records = doc["records"].as_array().unwrap();
    let decrypted: Vec<&serde_json::Value> = records.iter().filter(|r| r["decrypted"] == true).collect();
    assert_eq!(decrypted.len() as u64, wpa["frames_decrypted"].as_u64().unwrap());
    assert_eq!(decrypted.len(), 142);
    let messages: Vec<&str> = records.iter().filter_map(|r| r["eapol_message"].as_str()).collect();
    assert_eq!(messages, ["1/4", "2/4", "3/4", "4/4", "1/4", "2/4", "3/4", "4/4"]);
    // Messages 2-4 carry MICs, all verified; message 1 has none.
    let with_mic = records.iter().filter(|r| r["eapol_message"].is_string() && r["eapol_message"] != "1/4");
    assert!(with_mic.clone().count() == 6 && with_mic.clone().all(|r| r["eapol_mic_ok"] == true));
    let icmp: Vec<u64> = records
        .iter()
        .filter(|r| r["inner"]["ip_proto"] == 1)
        .map(|r| r["frame"].as_u64().unwrap())
        .collect();
    let arp: Vec<u64> = records
        .iter()
        .filter(|r| r["inner"]["protocol"] == "ARP")
        .map(|r| r["frame"].as_u64().unwrap())
        .collect();
    assert!(!icmp.is_empty() && !arp.is_empty());
    let echo = records.iter().find(|r| r["inner"]["icmp_type"] == 8).unwrap();
    assert_eq!(echo["inner"]["ethertype"], 0x0800);
    if tshark_available() {
        assert_eq!(
            tshark_frames(&path, "refpassphrase:refnet", "icmp"),
            icmp,
            "ICMP frames as Wireshark sees them"
        );
        assert_eq!(
            tshark_frames(&path, "refpassphrase:refnet", "arp"),
            arp,
            "ARP frames as Wireshark sees them"
        );
    } else {
        println!("tshark comparison skipped: tshark is not installed");
    }
    // The text form marks them too, and ends with the counts.
    let out = softmac(&["decode", "--passphrase", "refpassphrase", "--ssid", "refnet", p]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("EAPOL 2/4 MIC ok"), "{text}");
    assert!(text.lines().any(|l| l.contains("[decrypted] IPv4") && l.contains("ICMP type 8")), "{text}");
    assert!(text.ends_with(
        "WPA: 2 handshakes found, 2 verified, 0 incomplete, 0 of other networks; 0 MIC failures; \
         142 frames decrypted, 0 failed, 0 without a key\n"
    ));
}

#[test]
fn a_wrong_passphrase_fails_every_mic_and_says_so() {
    let path = corpus("linux-hwsim__wpa2.pcap");
    let out = softmac(&[
        "decode",
        "--json",
        "--passphrase",
        "wrong-passphrase",
        "--ssid",
        "refnet",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let wpa = &doc["wpa"];
    assert_eq!((wpa["handshakes_verified"].as_u64(), wpa["mic_failures"].as_u64()), (Some(0), Some(2)));
    assert_eq!(wpa["frames_decrypted"].as_u64(), Some(0));
    assert!(doc["records"].as_array().unwrap().iter().all(|r| r["decrypted"].is_null()));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no handshake verified (2 MIC failures): check the passphrase and SSID"), "{err}");
}

#[test]
fn several_networks_and_raw_psks() {
    // The AKM 6 capture with its PSK given raw, next to another network's passphrase.
    let n02 = corpus("aircrack-ng__n-02.cap");
    let pmk = {
        let key = mac80211_core::crypto::psk("bo$$password", b"Neheb").unwrap();
        key.expose().iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let args = [
        "decode",
        "--json",
        "--passphrase",
        "refpassphrase",
        "--psk",
        &pmk,
        "--ssid",
        "refnet",
        "--ssid",
        "Neheb",
    ];
    let mut all = args.to_vec();
    all.push(n02.to_str().unwrap());
    let doc = json_of(&all);
    assert_eq!(doc["wpa"]["handshakes_verified"].as_u64(), Some(1));
    assert_eq!(doc["wpa"]["frames_decrypted"].as_u64(), Some(15));
    let out = softmac(&["decode", "--passphrase", "refpassphrase", n02.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one --ssid for each"));
    let out = softmac(&["decode", "--passphrase", "short", "--ssid", "x", n02.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("8 to 63"));
}

#[test]
fn the_demos_capture_decrypts_with_its_passphrase() {
    let dir = std::env::temp_dir().join(format!("softmac-decode-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_softmac"))
        .current_dir(&dir)
        .args(["demo", "--pings", "3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let pcap = dir.join("softmac-demo.pcap");
    let pass = softmac_cli::demo::PASSPHRASE;
    let doc = json_of(&[
        "decode",
        "--json",
        "--passphrase",
        pass,
        "--ssid",
        "softmac-demo",
        pcap.to_str().unwrap(),
    ]);
    let wpa = &doc["wpa"];
    assert_eq!((wpa["handshakes_found"].as_u64(), wpa["handshakes_verified"].as_u64()), (Some(2), Some(2)));
    assert_eq!((wpa["frames_failed"].as_u64(), wpa["frames_without_key"].as_u64()), (Some(0), Some(0)));
    let echoes = doc["records"].as_array().unwrap().iter().filter(|r| r["inner"]["icmp_type"] == 8).count();
    assert!(echoes >= 6, "3 echo requests, each across two hops: {echoes}");
    let _ = std::fs::remove_dir_all(&dir);
}
