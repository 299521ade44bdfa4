//! Ping across simulated stations, for real: the daemon hosts 1 AP and 2 stations, each
//! interface a TAP device in its own network namespace; the CLI connects the stations, `ip`
//! assigns addresses, and the system `ping` and `iperf3` run between the two station
//! namespaces through the AP, on an open network, on a WPA2-PSK one (every frame CCMP between
//! the TAPs), and with one station's radio driven by the MT7601U USB driver against the
//! emulated dongle. On shutdown every TAP and namespace the daemon made is gone.
//!
//! Needs root, `ip`, `ping` and `iperf3` (`.ci/install-deps` installs them; CI runs as root).
//! Elsewhere it skips with the reason printed.

mod daemon_process;

use daemon_process::{Daemon, checked, netdev_exists};
use softmac_cli::lab::{parse_iperf_bps, parse_ping, unavailable_reason};
use std::process::{Command, Output, Stdio};
use std::thread::sleep;
use std::time::Duration;

const SSID: &str = "softmac-netns";

/// Names unique to this run, so a leftover from a crashed run cannot satisfy the checks.
struct Names {
    ns: [String; 3],
    ifs: [String; 3],
}

impl Names {
    fn new(salt: u32) -> Names {
        let tag = (std::process::id() * 2 + salt) % 100_000;
        Names {
            ns: [format!("smt{tag}-ap"), format!("smt{tag}-s1"), format!("smt{tag}-s2")],
            ifs: [format!("ap{tag}"), format!("sa{tag}"), format!("sb{tag}")],
        }
    }
}

fn topology(names: &Names, passphrase: Option<&str>, usb_station: bool) -> String {
    let [ap_ns, s1_ns, s2_ns] = &names.ns;
    let [ap, s1, s2] = &names.ifs;
    let security = passphrase.map(|p| format!("passphrase = \"{p}\"\n")).unwrap_or_default();
    // The first station's radio: the MT7601U USB driver against the emulated dongle.
    let usb = if usb_station { "backend = \"mt7601u\"\nusb = \"emulated\"\n" } else { "" };
    format!(
        r#"
[medium]
seed = 4

[[radio]]
position = [0.0, 0.0, 0.0]
channel = 6
[[radio.interface]]
name = "{ap}"
type = "ap"
ssid = "{SSID}"
netns = "{ap_ns}"
{security}

[[radio]]
position = [4.0, 0.0, 0.0]
{usb}[[radio.interface]]
name = "{s1}"
type = "station"
netns = "{s1_ns}"

[[radio]]
position = [0.0, 4.0, 0.0]
[[radio.interface]]
name = "{s2}"
type = "station"
netns = "{s2_ns}"
"#
    )
}

fn ip(args: &[&str]) -> Output {
    Command::new("ip").args(args).output().expect("run ip")
}

fn in_ns(ns: &str, program: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new("ip");
    cmd.args(["netns", "exec", ns, program]).args(args);
    cmd
}

fn netns_list() -> String {
    String::from_utf8_lossy(&ip(&["netns", "list"]).stdout).into_owned()
}

#[test]
fn stations_in_namespaces_ping_and_iperf_through_the_ap() {
    ping_and_iperf_through_the_ap(0, None, false);
}

#[test]
fn the_same_over_wpa2_ccmp() {
    ping_and_iperf_through_the_ap(1, Some("refpassphrase"), false);
}

/// One station's radio is the MT7601U USB driver against the emulated dongle.
#[test]
fn the_same_with_a_usb_dongle_station() {
    ping_and_iperf_through_the_ap(2, Some("refpassphrase"), true);
}

fn ping_and_iperf_through_the_ap(salt: u32, passphrase: Option<&str>, usb_station: bool) {
    if let Some(reason) = unavailable_reason() {
        println!("skipped: {reason}");
        return;
    }
    let names = Names::new(salt);

    let daemon = Daemon::start(&format!("netns{salt}"), &topology(&names, passphrase, usb_station), &[]);
    let [ap_ns, s1_ns, s2_ns] = &names.ns;
    let [ap, s1, s2] = &names.ifs;
    // The daemon serves once the topology is up: its interface list shows all three.
    let dev = daemon.ok(&["dev"]);
    for name in &names.ifs {
        assert!(dev.contains(&format!("Interface {name}")), "{dev}");
    }
    let listed = netns_list();
    for ns in &names.ns {
        assert!(listed.contains(ns.as_str()), "namespace {ns} missing from:\n{listed}");
    }
    // The AP was started from the topology: its carrier is up; the stations' are down.
    assert_eq!(carrier(ap_ns, ap), Some(true));
    assert_eq!(carrier(s1_ns, s1), Some(false));

    for sta in [s1, s2] {
        let mut args = vec!["dev", sta, "connect", SSID];
        if let Some(p) = passphrase {
            args.extend(["key", p]);
        }
        let out = daemon.ok(&args);
        assert!(out.contains("Connected to"), "{out}");
    }
    assert_eq!(carrier(s1_ns, s1), Some(true));
    let link = daemon.ok(&["dev", s1, "link"]);
    assert!(link.contains(&format!("SSID: {SSID}")), "{link}");
    let stations = daemon.ok(&["dev", ap, "station", "dump"]);
    assert_eq!(stations.matches("Station ").count(), 2, "{stations}");

    for (ns, dev, addr) in [(s1_ns, s1, "10.77.0.2/24"), (s2_ns, s2, "10.77.0.3/24")] {
        checked("ip addr", ip(&["-n", ns, "addr", "add", addr, "dev", dev]));
        checked("ip link up", ip(&["-n", ns, "link", "set", dev, "up"]));
    }

    let ping = checked(
        "ping",
        in_ns(s1_ns, "ping", &["-c", "10", "-i", "0.2", "-W", "2", "10.77.0.3"]).output().unwrap(),
    );
    let summary = parse_ping(&ping).expect("ping printed its summary");
    assert_eq!((summary.transmitted, summary.received), (10, 10), "{ping}");

    let mut server = in_ns(s2_ns, "iperf3", &["-s", "-1", "-B", "10.77.0.3"])
        .stdout(Stdio::null())
        .spawn()
        .expect("iperf3 server");
    sleep(Duration::from_millis(500));
    let client = in_ns(s1_ns, "iperf3", &["-c", "10.77.0.3", "-t", "3", "-J"]).output().unwrap();
    let _ = server.wait();
    let report = checked("iperf3", client);
    let bps = parse_iperf_bps(&report).expect("iperf3 JSON has end.sum_received");
    assert!(bps > 1_000_000.0, "TCP through the simulated AP moved only {bps} bit/s");

    let socket = daemon.socket.clone();
    assert!(daemon.stop().success(), "the daemon exits cleanly on SIGTERM");
    let listed = netns_list();
    for ns in &names.ns {
        assert!(!listed.contains(ns.as_str()), "namespace {ns} left behind:\n{listed}");
    }
    for dev in &names.ifs {
        assert!(!netdev_exists(dev), "TAP {dev} left behind");
    }
    assert!(!socket.exists(), "socket {} left behind", socket.display());
}

fn carrier(ns: &str, dev: &str) -> Option<bool> {
    let out = in_ns(ns, "cat", &[&format!("/sys/class/net/{dev}/carrier")]).output().ok()?;
    match String::from_utf8_lossy(&out.stdout).trim() {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}
