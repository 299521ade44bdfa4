//! `softmac sim run` on the shipped examples and on scenarios written to fail: every example
//! passes, a failing expectation makes the run exit 1 and says why, and the same seed gives
//! the same report and the same capture.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn softmac(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_softmac")).args(args).output().expect("run softmac")
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("softmac-sim-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_example_scenario_passes() {
    let files = examples();
    assert!(files.len() >= 4, "{files:?}");
    for file in files {
        let out = softmac(&["sim", "run", "--json", file.to_str().unwrap()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}: {stdout}\n{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let steps = report["steps"].as_array().unwrap();
        let verdicts: Vec<&str> = steps.iter().map(|s| s["verdict"].as_str().unwrap()).collect();
        assert!(verdicts.iter().all(|v| *v == "pass" || *v == "done"), "{}: {verdicts:?}", file.display());
        assert!(verdicts.iter().filter(|v| **v == "pass").count() >= 5, "{}: {verdicts:?}", file.display());
        // Every step ran no earlier than it was due.
        assert!(steps.iter().all(|s| s["started_us"].as_u64() >= s["at_us"].as_u64()), "{}", file.display());
    }
}

#[test]
fn text_report_has_one_line_per_step_and_a_summary() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/roaming-out-of-range.toml");
    let out = softmac(&["sim", "run", file.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "scenario \"roaming out of range\", seed 3");
    // The setup row, 13 steps, the summary.
    assert_eq!(lines.len(), 1 + 1 + 13 + 1, "{text}");
    assert!(lines[1].contains("ok    setup: 2 radios, 2 interfaces, path-loss medium"), "{}", lines[1]);
    let beacon_loss = lines.iter().find(|l| l.contains("expect sta0 beacon-loss within 2s")).unwrap();
    assert!(beacon_loss.starts_with("[   7.000000] line  64  PASS"), "{beacon_loss}");
    // 7 beacon intervals of 102.4 ms without a beacon from the moment the station left.
    let disconnected = lines.iter().find(|l| l.contains("disconnected reason 4 cause beacon-loss")).unwrap();
    assert!(disconnected.contains("PASS"), "{disconnected}");
    let summary = lines.last().unwrap();
    assert!(summary.starts_with("PASSED: 8 passed, 0 failed, 6 actions;"), "{summary}");
    assert!(summary.contains("of wall time"), "{summary}");
}

const FAILING: &str = r#"
[scenario]
name = "expects too much"

[[radio]]
name = "phy0"
[[radio.interface]]
name = "ap0"
kind = "ap"
ssid = "lab"
channel = 6

[[radio]]
name = "phy1"
position = [5, 0]
[[radio.interface]]
name = "sta0"
kind = "station"

[[step]]
at = "0s"
connect = { iface = "sta0", ssid = "lab", wait = "5s" }

[[step]]
at = "2s"
expect = { iface = "ap0", counter = "stations", equals = 3 }

[[step]]
at = "2s"
expect = { iface = "sta0", event = "disconnected", within = "1s" }

[[step]]
at = "3s"
connect = { iface = "sta0", ssid = "other", wait = "1s" }

[[step]]
at = "4s"
disconnect = { iface = "sta0" }

[[step]]
at = "4s"
connect = { iface = "sta0", ssid = "nowhere", wait = "2s" }
"#;

#[test]
fn failing_expectations_exit_nonzero_and_say_why() {
    let dir = temp_dir("failing");
    let file = dir.join("failing.toml");
    std::fs::write(&file, FAILING).unwrap();
    let out = softmac(&["sim", "run", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let line = |needle: &str| {
        text.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}: {text}"))
    };
    assert!(line("connect sta0 to \"lab\" within 5s").contains("PASS"));
    assert!(
        line("expect ap0 stations == 3")
            .ends_with("FAIL  expect ap0 stations == 3: stations = 1, wanted == 3")
    );
    let no_event = line("expect sta0 disconnected within 1s");
    assert!(no_event.contains("FAIL") && no_event.contains("no disconnected by 3.000000"), "{no_event}");
    // Connected to "lab", a connect elsewhere is refused, as cfg80211 answers EALREADY.
    let refused = line("connect sta0 to \"other\"");
    assert!(
        refused.contains("ERROR")
            && refused.ends_with("refused: already connected to \"lab\"; disconnect first"),
        "{refused}"
    );
    // No BSS is called "nowhere": the station scans and scans again, and the row shows it.
    let nowhere = line("connect sta0 to \"nowhere\" within 2s");
    assert!(
        nowhere.contains("FAIL  connect") && nowhere.contains("not connected: deadline passed"),
        "{nowhere}"
    );
    assert!(nowhere.contains("4.000000 scan started | 5.140000 scan finished: 1 BSS known"), "{nowhere}");
    assert!(text.lines().last().unwrap().starts_with("FAILED: 1 passed, 4 failed, 2 actions;"), "{text}");
}

#[test]
fn same_seed_same_report_and_capture() {
    let dir = temp_dir("determinism");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/lossy-ping.toml");
    let run = |name: &str, seed: &str| {
        let cap = dir.join(name);
        let out = softmac(&[
            "sim",
            "run",
            "--json",
            "--seed",
            seed,
            "--capture",
            cap.to_str().unwrap(),
            file.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        let mut report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        // Wall times vary; everything else must not.
        report["wall_us"] = 0.into();
        report["capture"]["path"] = "".into();
        for s in report["steps"].as_array_mut().unwrap() {
            s["wall_us"] = 0.into();
        }
        (report, std::fs::read(cap).unwrap())
    };
    let (a, cap_a) = run("a.pcap", "1");
    let (b, cap_b) = run("b.pcap", "1");
    assert_eq!(a, b);
    assert!(cap_a == cap_b, "captures differ");
    assert!(a["capture"]["records"].as_u64().unwrap() > 1000, "{}", a["capture"]);
    assert_eq!(a["capture"]["bytes"].as_u64().unwrap(), cap_a.len() as u64);
    // Another seed draws other losses.
    let (c, cap_c) = run("c.pcap", "2");
    assert_eq!(c["seed"], 2);
    assert_ne!(cap_a, cap_c);
}
