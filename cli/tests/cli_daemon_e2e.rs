//! The `softmac` client against a real `softmac daemon` (in-memory ports, so no root): the
//! commands a user types, their iw-shaped output, their errors and exit codes, live events,
//! radios created at run time, bad datagrams, and a clean SIGTERM.

mod daemon_process;

use daemon_process::Daemon;
use softmac_cli::client::transport::{NlTransport, UnixTransport};
use softmac_cli::nl::ack::ErrorReport;
use softmac_cli::nl::{Body, FamilyIds, parse_datagram};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::thread::sleep;
use std::time::Duration;

/// An AP and a station that waits for the CLI; the medium runs 10× real time so scans and
/// connects take a fraction of a second.
const TOPOLOGY: &str = r#"
[medium]
speed = 10

[[radio]]
channel = 6
[[radio.interface]]
name = "ap0"
type = "ap"
ssid = "e2e-net"

[[radio]]
position = [3.0, 0.0, 0.0]
[[radio.interface]]
name = "wlan0"
type = "station"
"#;

#[test]
fn scan_connect_link_stations_and_disconnect() {
    let d = Daemon::start("e2e-session", TOPOLOGY, &["--no-tap"]);
    let dev = d.ok(&["dev"]);
    assert!(dev.contains("phy#0\n\tInterface ap0") && dev.contains("phy#1\n\tInterface wlan0"), "{dev}");
    assert!(dev.contains("ssid e2e-net") && dev.contains("type AP") && dev.contains("type managed"), "{dev}");

    let scan = d.ok(&["dev", "wlan0", "scan", "freq", "2437"]);
    assert!(scan.starts_with("BSS 02:00:00:00:00:00(on wlan0)"), "{scan}");
    assert!(scan.contains("\tSSID: e2e-net") && scan.contains("\tfreq: 2437"), "{scan}");

    let connect = d.ok(&["dev", "wlan0", "connect", "e2e-net"]);
    assert_eq!(connect.trim(), "Connected to 02:00:00:00:00:00 (on wlan0)");
    let link = d.ok(&["dev", "wlan0", "link"]);
    assert!(
        link.contains("\tSSID: e2e-net") && link.contains("\tfreq: 2437") && link.contains("signal: -"),
        "{link}"
    );
    let dump = d.ok(&["dev", "wlan0", "scan", "dump"]);
    assert!(dump.contains("(on wlan0) -- associated"), "{dump}");
    let stations = d.ok(&["dev", "ap0", "station", "dump"]);
    assert!(stations.starts_with("Station 02:00:00:00:01:00 (on ap0)"), "{stations}");
    let one = d.ok(&["dev", "ap0", "station", "get", "02:00:00:00:01:00"]);
    assert!(one.contains("connected time:") && one.contains("tx bitrate:"), "{one}");

    let json: serde_json::Value = serde_json::from_str(&d.ok(&["--json", "dev"])).unwrap();
    assert!(json.to_string().contains("wlan0"), "{json}");

    d.ok(&["dev", "wlan0", "disconnect"]);
    assert_eq!(d.ok(&["dev", "wlan0", "link"]).trim(), "Not connected.");
    let again = d.fails(&["dev", "wlan0", "disconnect"]);
    assert!(again.contains("(-67)"), "disconnecting twice is ENOLINK, as cfg80211: {again}");
    let socket = d.stop();
    assert!(!socket.exists(), "SIGTERM removes the socket");
}

#[test]
fn errors_read_like_iw_and_change_nothing() {
    let d = Daemon::start("e2e-errors", TOPOLOGY, &["--no-tap"]);
    let nodev = d.fails(&["dev", "wlan9", "info"]);
    assert!(nodev.contains("No such device (-19)"), "{nodev}");
    let on_ap = d.fails(&["dev", "ap0", "scan"]);
    assert!(on_ap.contains("Operation not supported (-95)"), "{on_ap}");
    let usage = d.run(&["dev", "wlan0", "connect"]);
    assert_eq!(usage.status.code(), Some(2), "a missing SSID is a usage error");
    let dup = d.fails(&["phy", "phy1", "interface", "add", "ap0", "type", "station"]);
    assert!(dup.contains("(-17)"), "a taken name is EEXIST: {dup}");
    // None of that changed anything.
    let dev = d.ok(&["dev"]);
    assert_eq!(dev.matches("\tInterface ").count(), 2, "{dev}");
}

#[test]
fn interfaces_radios_and_aps_at_run_time_with_live_events() {
    let d = Daemon::start("e2e-runtime", TOPOLOGY, &["--no-tap"]);
    let mut events = d.client(&["event"]).stdout(Stdio::piped()).spawn().unwrap();
    sleep(Duration::from_millis(300));

    let added = d.ok(&["hwsim", "radio", "add", "--name", "phy7", "--channel", "11", "--position", "2,2,0"]);
    assert!(added.contains("phy7"), "{added}");
    assert!(d.ok(&["hwsim", "radio", "list"]).contains("name: phy7"));
    d.ok(&["phy", "phy7", "interface", "add", "ap1", "type", "ap"]);
    d.ok(&["dev", "ap1", "ap", "start", "second-net", "2462"]);
    d.ok(&["phy", "phy1", "interface", "add", "wlan1", "type", "station"]);
    assert_eq!(
        d.ok(&["dev", "wlan1", "connect", "second-net"]).trim(),
        "Connected to 02:00:00:00:02:00 (on wlan1)"
    );
    assert!(d.ok(&["dev", "ap1", "station", "dump"]).contains("Station "));
    d.ok(&["dev", "ap1", "ap", "stop"]);
    d.ok(&["dev", "wlan1", "del"]);
    assert!(!d.ok(&["dev"]).contains("wlan1"));
    d.ok(&["hwsim", "radio", "del", "phy7"]);
    assert!(!d.ok(&["dev"]).contains("ap1"), "removing a radio removes its interfaces");

    sleep(Duration::from_millis(300));
    let _ = events.kill();
    let out = events.wait_with_output().unwrap();
    let lines: Vec<String> = BufReader::new(&out.stdout[..]).lines().map_while(Result::ok).collect();
    let saw = |needle: &str| lines.iter().any(|l| l.contains(needle));
    assert!(saw("wlan1") && saw("connected to 02:00:00:00:02:00"), "{lines:#?}");
    assert!(saw("new station") && saw("del station"), "{lines:#?}");
    assert!(lines.iter().filter(|l| l.contains("interface")).count() >= 2, "{lines:#?}");
}

#[test]
fn garbage_datagrams_get_einval_and_the_daemon_keeps_serving() {
    let d = Daemon::start("e2e-garbage", TOPOLOGY, &["--no-tap"]);
    let garbage: [&[u8]; 4] = [
        b"\x01\x02\x03",                                                   // shorter than a header
        &[0xff, 0xff, 0, 0, 0x20, 0, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0],        // nlmsg_len past the end
        &[20, 0, 0, 0, 0x20, 0, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5, 1, 0, 0], // nl80211, truncated genl
        &[28, 0, 0, 0, 0x20, 0, 5, 0, 2, 0, 0, 0, 0, 0, 0, 0, 7, 1, 0, 0, 40, 0, 3, 0, 1, 0, 0, 0], // attr overruns
    ];
    for bytes in garbage {
        let reply = raw_exchange(&d.socket, bytes).expect("every malformed datagram is answered");
        let msgs = parse_datagram(&reply, &FamilyIds::SOFTMAC).expect("the answer parses");
        let Body::Error(err) = &msgs[0].body else { panic!("not NLMSG_ERROR: {msgs:?}") };
        let report = ErrorReport::parse(msgs[0].header.flags, err).unwrap();
        assert_eq!(report.errno, 22, "EINVAL");
        assert!(report.ext.msg.as_deref().is_some_and(|m| !m.is_empty()), "an extended-ACK message says why");
    }
    assert!(d.ok(&["dev"]).contains("Interface wlan0"), "still serving after garbage");
}

/// Sends one datagram on a fresh SEQPACKET connection; the first reply, if one comes.
fn raw_exchange(socket: &Path, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut conn = UnixTransport::connect(socket).expect("connect");
    conn.send(bytes).expect("send");
    conn.recv(Some(Duration::from_secs(2))).expect("recv")
}
