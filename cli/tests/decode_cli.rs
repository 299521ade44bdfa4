//! `softmac decode` as a user runs it: text and JSON output, broken and non-capture files.

use std::path::PathBuf;
use std::process::{Command, Output};

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/corpus/pcap")).join(name)
}

fn softmac(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_softmac")).args(args).output().expect("run softmac")
}

#[test]
fn text_output_has_one_line_per_frame() {
    let path = corpus("aircrack-ng__wpa2.eapol.cap");
    let out = softmac(&["decode", path.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].contains("Beacon") && lines[0].contains("SSID=\"Harkonen\""), "{}", lines[0]);
    assert!(lines[1].contains("00:14:6c:7e:40:80 → 00:13:46:fe:32:0c"), "{}", lines[1]);
    assert!(
        lines[1].contains("Flags=......F.") && lines[1].contains("EAPOL-Key info=0x008a"),
        "{}",
        lines[1]
    );
}

#[test]
fn json_output_is_one_object_per_record() {
    let path = corpus("linux-hwsim__wpa2.pcap");
    let out = softmac(&["decode", "--json", path.to_str().unwrap()]);
    assert!(out.status.success());
    let records: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(records.len() > 600);
    let beacon = records.iter().find(|r| r["type_subtype"] == 8).unwrap();
    assert_eq!(beacon["ssid"], "refnet");
    assert_eq!(beacon["channel"], 6);
    assert_eq!(beacon["rt_freq"], 2437);
    assert_eq!(beacon["rsn"]["akm"][0], "00-0f-ac:2");
    assert_eq!(beacon["malformed"], false);
    assert!(records.iter().all(|r| r.get("error").is_some() && r.get("addr4").is_some()));
}

#[test]
fn truncated_file_is_decoded_up_to_the_break() {
    let bytes = std::fs::read(corpus("aircrack-ng__wpa2.eapol.cap")).unwrap();
    let dir = std::env::temp_dir().join(format!("softmac-decode-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cut = dir.join("cut.cap");
    std::fs::write(&cut, &bytes[..600]).unwrap();
    let out = softmac(&["decode", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.lines().count() >= 3, "{stdout}");
    assert!(stderr.contains("capture broken") && stderr.contains("at byte"), "{stderr}");
    assert!(stderr.contains(&format!("decoded {} records", stdout.lines().count())), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn not_a_capture_is_a_clear_error() {
    let out = softmac(&["decode", concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("not a pcap or pcapng file"), "{stderr}");
    let out = softmac(&["decode", "/nonexistent/file.pcap"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("cannot read /nonexistent/file.pcap"));
}
