//! A monitor interface is a real capture device: the daemon gives it a TUN device of link type
//! radiotap, so `tshark -i mon0` (or tcpdump, or Wireshark) sees the live 802.11 traffic of its
//! channel, as on a Linux monitor netdev. Needs root and tshark; skips with the reason otherwise.

mod daemon_process;

use daemon_process::{Daemon, netdev_exists};
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

#[test]
fn tshark_captures_beacons_and_the_association_on_a_monitor_interface() {
    if let Some(reason) = softmac_cli::lab::unavailable_reason() {
        println!("skipped: {reason}");
        return;
    }
    if !Command::new("tshark").arg("--version").output().is_ok_and(|o| o.status.success()) {
        println!("skipped: tshark is not installed (run .ci/install-deps)");
        return;
    }
    let tag = std::process::id() % 100_000;
    let (ap, sta, mon) = (format!("ma{tag}"), format!("ms{tag}"), format!("mm{tag}"));
    let topology = format!(
        "[[radio]]\nchannel = 6\n[[radio.interface]]\nname = \"{ap}\"\ntype = \"ap\"\nssid = \"mon-test\"\n\
         [[radio]]\nchannel = 6\nposition = [2.0, 0.0, 0.0]\n[[radio.interface]]\nname = \"{mon}\"\ntype = \"monitor\"\n\
         [[radio]]\nposition = [4.0, 0.0, 0.0]\n[[radio.interface]]\nname = \"{sta}\"\ntype = \"station\"\n"
    );
    let daemon = Daemon::start("monitor", &topology, &[]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !netdev_exists(&mon) {
        assert!(Instant::now() < deadline, "monitor device {mon} never appeared");
        sleep(Duration::from_millis(20));
    }
    let link_type = std::fs::read_to_string(format!("/sys/class/net/{mon}/type")).unwrap();
    assert_eq!(link_type.trim(), "803", "ARPHRD_IEEE80211_RADIOTAP");

    let capture = Command::new("tshark")
        .args(["-i", &mon, "-a", "duration:4", "-Y", "wlan"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    sleep(Duration::from_millis(1500));
    daemon.ok(&["dev", &sta, "connect", "mon-test"]);
    let text = String::from_utf8(capture.wait_with_output().unwrap().stdout).unwrap();
    assert!(daemon.stop().success());
    assert!(!netdev_exists(&mon), "the monitor device goes with the daemon");
    assert!(
        text.lines().filter(|l| l.contains("Beacon frame") && l.contains("SSID=\"mon-test\"")).count() >= 5,
        "{text}"
    );
    assert!(text.contains("Association Request") && text.contains("Association Response"), "{text}");
    assert!(text.contains("Acknowledgement"), "the monitor sees the ACKs too:\n{text}");
}
