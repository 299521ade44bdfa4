//! The `softmac` binary against the real daemon: `softmac daemon --no-tap` (in-memory ports,
//! a real simulated medium running 10× real time) on a socket of its own per test, driven
//! by the CLI exactly as a user types it. Asserts the iw-shaped text, exit statuses, JSON
//! keys (docs/cli.md), errnos as Linux returns them, the multicast events `event -t` prints,
//! malformed datagrams refused with EINVAL without disturbing the daemon, and a clean SIGTERM.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use netlink_packet_core::{NLM_F_ACK, NLM_F_REQUEST};
use netlink_packet_generic::{GenlHeader, GenlMessage};
mod daemon_process;

use daemon_process::{BIN, Daemon};
use softmac_cli::client::transport::{NlTransport, UnixTransport};
use softmac_cli::nl::ack::ErrorReport;
use softmac_cli::nl::ctrl::{CtrlAttr, CtrlCmd, CtrlMessage, GENL_ID_CTRL};
use softmac_cli::nl::{Body, FamilyIds, NlMessage, parse_datagram};

/// How long a wait for the daemon or an event may take before the test gives up (a bound on
/// a hang, not a measured duration).
const PATIENCE: Duration = Duration::from_secs(20);

/// ap0 (AP "softmac", channel 6, 02:00:00:00:00:00) on phy0 and wlan0 (station,
/// 02:00:00:00:01:00) on phy1, 4 m apart.
const TOPOLOGY: &str = r#"
[medium]
speed = 10

[[radio]]
position = [0.0, 0.0, 0.0]
channel = 6
[[radio.interface]]
name = "ap0"
type = "ap"
ssid = "softmac"

[[radio]]
position = [4.0, 0.0, 0.0]
[[radio.interface]]
name = "wlan0"
type = "station"
"#;

const AP0_MAC: &str = "02:00:00:00:00:00";
const WLAN0_MAC: &str = "02:00:00:00:01:00";

/// `softmac event -t` in the background, its lines read by a thread.
struct Events {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Events {
    /// Starts `event -t` and returns once it provably listens: a probe interface created
    /// and removed until its NEW_INTERFACE shows up (membership is in band, after startup).
    fn start(d: &Daemon) -> Events {
        let mut child = d.command(&["event", "-t"]).stdout(Stdio::piped()).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut events = Events { child, lines, seen: Vec::new() };
        let deadline = Instant::now() + PATIENCE;
        loop {
            d.ok(&["phy", "phy1", "interface", "add", "evprobe", "type", "monitor"]);
            let listening = events.next_within(Duration::from_millis(300)).is_some();
            d.ok(&["dev", "evprobe", "del"]);
            if listening {
                break;
            }
            assert!(Instant::now() < deadline, "event never started listening");
        }
        events.wait_for("evprobe (phy #1): new interface type monitor");
        events.wait_for("evprobe (phy #1): del interface type monitor");
        events
    }

    fn next_within(&mut self, wait: Duration) -> Option<String> {
        let line = self.lines.recv_timeout(wait).ok()?;
        self.seen.push(line.clone());
        Some(line)
    }

    /// Waits for a line whose text after the timestamp is `what`; returns the whole line.
    fn wait_for(&mut self, what: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        if let Some(line) = self.seen.iter().find(|l| text_of(l) == what) {
            return line.clone();
        }
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next_within(left) {
                Some(line) if text_of(&line) == what => return line,
                Some(_) => {}
                None => panic!("no event {what:?}; saw {:#?}", self.seen),
            }
        }
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `dev wlan0 scan` until it lists ap0. The medium runs 10× real time: on a loaded machine a
/// probe response can miss the dwell, as on real air, and a user would scan again.
fn scan_finding_the_ap(d: &Daemon) -> String {
    let mut scan = String::new();
    for _ in 0..3 {
        scan = d.ok(&["dev", "wlan0", "scan"]);
        if scan.contains(AP0_MAC) {
            break;
        }
    }
    scan
}

/// An `event -t` line without its timestamp, which must be seconds since the epoch.
fn text_of(line: &str) -> &str {
    let (stamp, text) = line.split_once(": ").unwrap_or_else(|| panic!("no timestamp: {line:?}"));
    let secs: f64 = stamp.parse().unwrap_or_else(|_| panic!("bad timestamp: {line:?}"));
    assert!(secs > 1.6e9, "timestamp is wall-clock seconds: {line:?}");
    text
}

fn keys(v: &serde_json::Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().expect("a JSON object").keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

fn sorted(mut k: Vec<&str>) -> Vec<&str> {
    k.sort_unstable();
    k
}

#[test]
fn dev_info_and_list_show_the_topology() {
    let d = Daemon::start("e2e-listing", TOPOLOGY, &["--no-tap"]);
    assert_eq!(
        d.ok(&["dev"]),
        "phy#0\n\tInterface ap0\n\t\tifindex 1\n\t\twdev 0x1\n\t\taddr 02:00:00:00:00:00\n\t\tssid softmac\n\
         \t\ttype AP\n\t\tchannel 6 (2437 MHz), width: 20 MHz (no HT), center1: 2437 MHz\n\
         phy#1\n\tInterface wlan0\n\t\tifindex 2\n\t\twdev 0x100000002\n\t\taddr 02:00:00:00:01:00\n\
         \t\ttype managed\n"
    );
    assert_eq!(
        d.ok(&["dev", "wlan0", "info"]),
        "Interface wlan0\n\tifindex 2\n\twdev 0x100000002\n\taddr 02:00:00:00:01:00\n\ttype managed\n\twiphy 1\n"
    );
    let list = d.ok(&["list"]);
    for line in [
        "Wiphy phy0\n\twiphy index: 0\n\tsoftmac backend: hwsim\n\tBand 1:\n",
        "Wiphy phy1\n\twiphy index: 1\n",
        "\t\t\t* 2412 MHz [1] (20.0 dBm)\n",
        "\t\t\t* 2437 MHz [6] (20.0 dBm)\n",
        "\tBand 2:\n",
        "\t\t\t* 5180 MHz [36] (20.0 dBm)\n",
        "\t\t\t* 2.0 Mbps (short preamble supported)\n",
        "\tmax # scan SSIDs: 4\n",
        "\tSupported Ciphers:\n\t\t* CCMP-128 (00-0f-ac:4)\n\tSupported interface modes:\n",
        "\tSupported interface modes:\n\t\t * managed\n\t\t * AP\n\t\t * monitor\n",
        // The 4-way handshake offload bits wpa_supplicant and hostapd look for before sending a PMK.
        "\tSupported extended features:\n\t\t* [ 4WAY_HANDSHAKE_STA_PSK ]: 4-way handshake with PSK in station mode\n\t\t* [ 4WAY_HANDSHAKE_AP_PSK ]: AP mode PSK offload support\n",
    ] {
        assert!(list.contains(line), "list lacks {line:?}:\n{list}");
    }
    assert_eq!(d.ok(&["phy"]), list, "phy is list");
    let phy1 = d.ok(&["phy", "#1", "info"]);
    assert!(phy1.starts_with("Wiphy phy1\n") && !phy1.contains("phy0"), "{phy1}");

    let devs = d.json(&["dev"]);
    assert_eq!(devs.as_array().unwrap().len(), 2);
    assert_eq!(
        keys(&devs[0]),
        sorted(vec!["name", "ifindex", "wdev", "addr", "ssid", "type", "wiphy", "channel", "txpower_dbm"])
    );
    assert_eq!((devs[0]["name"].as_str(), devs[0]["type"].as_str()), (Some("ap0"), Some("AP")));
    assert_eq!(devs[0]["ssid"], "softmac");
    assert_eq!(keys(&devs[0]["channel"]), sorted(vec!["freq", "channel", "width", "center1", "center2"]));
    assert_eq!(devs[0]["channel"]["freq"], 2437);
    assert_eq!(devs[1]["addr"], WLAN0_MAC);
    let info = d.json(&["dev", "wlan0", "info"]);
    assert_eq!((info["ifindex"].as_u64(), info["wiphy"].as_u64()), (Some(2), Some(1)));
    assert!(info["channel"].is_null(), "an idle station holds no channel");
    let wiphys = d.json(&["list"]);
    let phy0 = &wiphys[0];
    assert_eq!(
        keys(phy0),
        sorted(vec![
            "index",
            "name",
            "max_scan_ssids",
            "bands",
            "interface_modes",
            "backend",
            "ciphers",
            "extended_features"
        ])
    );
    assert_eq!(phy0["backend"], "hwsim");
    assert_eq!(phy0["ciphers"], serde_json::json!(["CCMP-128 (00-0f-ac:4)"]));
    assert_eq!(
        phy0["extended_features"],
        serde_json::json!(["4WAY_HANDSHAKE_STA_PSK", "4WAY_HANDSHAKE_AP_PSK"])
    );
    assert_eq!(keys(&phy0["bands"][0]), sorted(vec!["band", "frequencies", "bitrates"]));
    assert_eq!(
        keys(&phy0["bands"][0]["frequencies"][0]),
        sorted(vec!["mhz", "channel", "max_tx_power_dbm", "disabled", "no_ir", "radar"])
    );
    assert_eq!(phy0["bands"][0]["frequencies"][5]["mhz"], 2437);
    assert_eq!(phy0["interface_modes"], serde_json::json!(["managed", "AP", "monitor"]));
    assert_eq!(d.json(&["phy", "phy1", "info"])["name"], "phy1");
}

#[test]
fn scan_connect_link_stations_disconnect() {
    let d = Daemon::start("e2e-connect", TOPOLOGY, &["--no-tap"]);
    let mut events = Events::start(&d);

    let scan = scan_finding_the_ap(&d);
    let lines: Vec<&str> = scan.lines().take(4).collect();
    assert_eq!(lines[0], "BSS 02:00:00:00:00:00(on wlan0)", "{scan}");
    // The AP's TSF from its last beacon: it started counting when the AP did.
    let tsf: u64 = lines[1]
        .strip_prefix("\tTSF: ")
        .and_then(|t| t.split(' ').next())
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no TSF line: {scan}"));
    assert!(tsf > 0, "{scan}");
    assert_eq!(lines[2..], ["\tfreq: 2437", "\tbeacon interval: 100 TUs"], "{scan}");
    assert!(scan.contains("\n\tSSID: softmac\n\tSupported rates: "), "{scan}");
    assert!(!scan.contains("associated"), "{scan}");
    events.wait_for("wlan0 (phy #1): scan started");

    assert_eq!(d.ok(&["dev", "wlan0", "connect", "softmac"]), "Connected to 02:00:00:00:00:00 (on wlan0)\n");
    events.wait_for("wlan0 (phy #1): connected to 02:00:00:00:00:00");
    events.wait_for(&format!("ap0: new station {WLAN0_MAC}"));

    let link = d.ok(&["dev", "wlan0", "link"]);
    assert!(
        link.starts_with("Connected to 02:00:00:00:00:00 (on wlan0)\n\tSSID: softmac\n\tfreq: 2437\n"),
        "{link}"
    );
    assert!(link.contains("\n\tRX: ") && link.contains("\n\ttx bitrate: "), "{link}");
    let dump = d.ok(&["dev", "wlan0", "scan", "dump"]);
    assert!(dump.starts_with("BSS 02:00:00:00:00:00(on wlan0) -- associated\n"), "{dump}");

    let at_ap = d.ok(&["dev", "ap0", "station", "dump"]);
    assert!(at_ap.starts_with(&format!("Station {WLAN0_MAC} (on ap0)\n\tinactive time:\t")), "{at_ap}");
    assert!(at_ap.contains("\n\tconnected time:\t") && at_ap.contains("\n\tsignal:  \t-"), "{at_ap}");
    let at_sta = d.ok(&["dev", "wlan0", "station", "get", AP0_MAC]);
    assert!(at_sta.starts_with(&format!("Station {AP0_MAC} (on wlan0)\n")), "{at_sta}");
    let sta_dump = d.ok(&["dev", "wlan0", "station", "dump"]);
    assert!(sta_dump.starts_with(&format!("Station {AP0_MAC} (on wlan0)\n")), "{sta_dump}");
    let err = d.fails(&["dev", "wlan0", "station", "get", "02:00:00:00:09:09"]);
    assert!(err.starts_with("command failed: No such file or directory (-2)"), "{err}");

    // JSON of the same state.
    let link = d.json(&["dev", "wlan0", "link"]);
    assert_eq!(keys(&link), vec!["bss", "connected", "station"]);
    assert_eq!(link["connected"], true);
    assert_eq!(
        keys(&link["bss"]),
        sorted(vec![
            "bssid",
            "ifindex",
            "status",
            "freq",
            "tsf",
            "beacon_interval",
            "capability",
            "signal_mbm",
            "last_seen_ms",
            "ssid",
            "ies"
        ])
    );
    assert_eq!(
        (link["bss"]["status"].as_str(), link["bss"]["bssid"].as_str()),
        (Some("associated"), Some(AP0_MAC))
    );
    let stations = d.json(&["dev", "ap0", "station", "dump"]);
    let st = &stations[0];
    assert_eq!(
        keys(st),
        sorted(vec![
            "mac",
            "ifindex",
            "inactive_ms",
            "rx_bytes",
            "rx_packets",
            "tx_bytes",
            "tx_packets",
            "tx_retries",
            "tx_failed",
            "signal_dbm",
            "signal_avg_dbm",
            "tx_bitrate",
            "rx_bitrate",
            "connected_time_s",
            "authorized",
            "authenticated",
            "associated"
        ])
    );
    assert_eq!((st["mac"].as_str(), st["ifindex"].as_u64()), (Some(WLAN0_MAC), Some(1)));
    assert_eq!(keys(&st["tx_bitrate"]), vec!["bitrate_100kbps", "mcs"]);
    let scan = d.json(&["dev", "wlan0", "scan", "dump"]);
    assert_eq!(scan[0]["ssid"], "softmac");
    assert!(scan[0]["ies"].as_str().unwrap().starts_with("0007736f66746d6163"), "SSID element first, hex");

    // Linux: CONNECT while connected is EALREADY (cfg80211_connect).
    let err = d.fails(&["dev", "wlan0", "connect", "softmac"]);
    assert!(err.starts_with("command failed: Operation already in progress (-114)"), "{err}");

    assert_eq!(d.ok(&["dev", "wlan0", "disconnect"]), "");
    events.wait_for(
        "wlan0 (phy #1): disconnected (local request) reason: 3: Deauthenticated because sending STA is leaving",
    );
    events.wait_for(&format!("ap0: del station {WLAN0_MAC}"));
    assert_eq!(d.ok(&["dev", "wlan0", "link"]), "Not connected.\n");
    assert_eq!(
        d.json(&["dev", "wlan0", "link"]),
        serde_json::json!({"connected": false, "bss": null, "station": null})
    );
    assert_eq!(d.ok(&["dev", "ap0", "station", "dump"]), "");
    let err = d.fails(&["dev", "wlan0", "disconnect"]);
    assert!(err.starts_with("command failed: Link has been severed (-67)"), "{err}");

    // A connect under way (or already done: the medium is fast) refuses a second one with
    // EALREADY, as cfg80211 refuses another SSID.
    assert_eq!(d.ok(&["dev", "wlan0", "connect", "--no-wait", "softmac"]), "");
    let second = d.run(&["dev", "wlan0", "connect", "--no-wait", "other"]);
    assert_eq!(second.code, Some(1));
    assert!(
        second.stderr.starts_with("command failed: Operation already in progress (-114)"),
        "{}",
        second.stderr
    );
    events.wait_for("wlan0 (phy #1): connected to 02:00:00:00:00:00");
    assert_eq!(
        d.ok(&["--json", "dev", "wlan0", "disconnect"]),
        "",
        "commands without a result print nothing"
    );
}

/// Scan notifications repeat the scan's frequencies and SSIDs, and `event` prints them as
/// `iw event` does: `scan finished:`, each frequency, a comma, then each SSID quoted (`""` is
/// the wildcard).
#[test]
fn scan_events_list_the_frequencies_and_ssids_scanned() {
    let d = Daemon::start("e2e-scanscope", TOPOLOGY, &["--no-tap"]);
    let mut events = Events::start(&d);

    d.ok(&["dev", "wlan0", "scan", "freq", "2412", "2437", "ssid", "softmac", "other"]);
    events.wait_for("wlan0 (phy #1): scan started");
    events.wait_for(r#"wlan0 (phy #1): scan finished: 2412 2437, "softmac" "other""#);

    // A passive scan probes for no SSID: the frequencies alone.
    d.ok(&["dev", "wlan0", "scan", "passive", "freq", "2462"]);
    events.wait_for("wlan0 (phy #1): scan finished: 2462,");

    // No frequencies given: every channel the radio lists; no SSID given: the wildcard.
    let phy = d.json(&["phy", "phy1", "info"]);
    let every: Vec<String> = phy["bands"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|band| band["frequencies"].as_array().unwrap())
        .filter(|f| f["disabled"] == false)
        .map(|f| f["mhz"].to_string())
        .collect();
    assert!(every.len() > 2, "{phy}");
    d.ok(&["dev", "wlan0", "scan"]);
    events.wait_for(&format!(r#"wlan0 (phy #1): scan finished: {}, """#, every.join(" ")));
}

#[test]
fn interfaces_are_added_retyped_and_removed() {
    let d = Daemon::start("e2e-ifaces", TOPOLOGY, &["--no-tap"]);
    assert_eq!(d.ok(&["phy", "phy1", "interface", "add", "mon0", "type", "monitor"]), "");
    assert_eq!(d.ok(&["phy", "#1", "interface", "add", "sta1", "type", "station"]), "");
    assert_eq!(d.ok(&["phy", "phy1", "interface", "add", "ap1", "type", "ap"]), "");
    let dev = d.ok(&["dev"]);
    for block in [
        "\tInterface mon0\n\t\tifindex 3\n\t\twdev 0x100000003\n\t\taddr 06:00:00:00:01:00\n\t\ttype monitor\n",
        "\tInterface sta1\n\t\tifindex 4\n\t\twdev 0x100000004\n\t\taddr 0a:00:00:00:01:00\n\t\ttype managed\n",
        "\tInterface ap1\n\t\tifindex 5\n\t\twdev 0x100000005\n\t\taddr 0e:00:00:00:01:00\n\t\ttype AP\n",
    ] {
        assert!(dev.contains(block), "dev lacks {block:?}:\n{dev}");
    }
    let added = d.json(&["phy", "phy0", "interface", "add", "j0", "type", "monitor"]);
    assert_eq!(
        (added["name"].as_str(), added["type"].as_str(), added["wiphy"].as_u64()),
        (Some("j0"), Some("monitor"), Some(0))
    );

    assert_eq!(d.ok(&["dev", "mon0", "set", "type", "managed"]), "");
    assert!(d.ok(&["dev", "mon0", "info"]).contains("\ttype managed\n"));
    assert_eq!(d.ok(&["dev", "sta1", "set", "type", "ap"]), "");
    assert!(d.ok(&["dev", "sta1", "info"]).contains("\ttype AP\n"));

    for name in ["mon0", "sta1", "ap1", "j0"] {
        assert_eq!(d.ok(&["dev", name, "del"]), "");
    }
    assert_eq!(d.json(&["dev"]).as_array().unwrap().len(), 2, "back to ap0 and wlan0");

    let err = d.fails(&["phy", "phy1", "interface", "add", "wlan0", "type", "station"]);
    assert!(err.starts_with("command failed: File exists (-17)"), "{err}");
    let err = d.fails(&["phy", "phy1", "interface", "add", "x0", "type", "monitor", "netns", "red"]);
    assert!(err.starts_with("command failed: Operation not supported (-95)"), "no TAP, no namespace: {err}");
    let err = d.fails(&["phy", "phy7", "interface", "add", "x0", "type", "monitor"]);
    assert!(err.starts_with("command failed: No such device (-19)"), "{err}");
    let err = d.fails(&["dev", "mon0", "del"]);
    assert_eq!(err, "command failed: No such device (-19): no interface named mon0\n");
}

#[test]
fn an_ap_started_at_run_time_takes_a_station_and_radios_come_and_go() {
    let d = Daemon::start("e2e-ap", TOPOLOGY, &["--no-tap"]);
    assert_eq!(
        d.ok(&["hwsim", "radio", "add", "--name", "phyz", "--channel", "1"]),
        "Created radio 2 (phyz)\n"
    );
    assert_eq!(d.ok(&["hwsim", "radio", "add", "--position", "1,2,3"]), "Created radio 3\n");
    let radios = d.ok(&["hwsim", "radio", "list"]);
    assert!(
        radios.contains("Radio 2\n\tname: phyz\n\taddr: 02:00:00:00:02:00\n\tconcurrent channels: 1\n"),
        "{radios}"
    );
    assert!(radios.contains("Radio 3\n\tname: phy3\n"), "{radios}");
    let json = d.json(&["hwsim", "radio", "list"]);
    assert_eq!(json.as_array().unwrap().len(), 4);
    assert_eq!(keys(&json[2]), sorted(vec!["id", "name", "channels", "addr", "freq"]));
    assert_eq!(json[2]["name"], "phyz");
    assert!(d.ok(&["list"]).contains("Wiphy phyz\n\twiphy index: 2\n"));

    assert_eq!(d.ok(&["phy", "phyz", "interface", "add", "ap1", "type", "ap"]), "");
    assert_eq!(d.ok(&["dev", "ap1", "ap", "start", "newnet", "2412", "beacon-interval", "100"]), "");
    let info = d.ok(&["dev", "ap1", "info"]);
    assert!(info.contains("\tssid newnet\n\ttype AP\n\twiphy 2\n\tchannel 1 (2412 MHz)"), "{info}");
    let err = d.fails(&["dev", "ap1", "ap", "start", "newnet", "2412"]);
    assert!(err.starts_with("command failed: Operation already in progress (-114)"), "{err}");

    assert_eq!(d.ok(&["dev", "wlan0", "connect", "newnet"]), "Connected to 02:00:00:00:02:00 (on wlan0)\n");
    let st = d.ok(&["dev", "ap1", "station", "dump"]);
    assert!(st.starts_with(&format!("Station {WLAN0_MAC} (on ap1)\n")), "{st}");
    assert!(d.ok(&["dev", "wlan0", "link"]).contains("\tSSID: newnet\n\tfreq: 2412\n"));
    assert_eq!(d.ok(&["dev", "ap0", "station", "dump"]), "", "ap0 has nobody");

    assert_eq!(d.ok(&["dev", "ap1", "ap", "stop"]), "");
    let err = d.fails(&["dev", "ap1", "ap", "stop"]);
    assert!(err.starts_with("command failed: Link has been severed (-67)"), "{err}");
    assert!(!d.ok(&["dev", "ap1", "info"]).contains("ssid"), "a stopped AP has no SSID");

    assert_eq!(d.ok(&["hwsim", "radio", "del", "phyz"]), "");
    let err = d.fails(&["hwsim", "radio", "del", "phyz"]);
    assert!(err.starts_with("command failed: No such device (-19)"), "{err}");
    assert_eq!(d.ok(&["hwsim", "radio", "del", "3"]), "");
    assert!(!d.ok(&["dev"]).contains("ap1"), "a radio takes its interfaces along");
    assert_eq!(d.json(&["hwsim", "radio", "list"]).as_array().unwrap().len(), 2);
}

#[test]
fn refusals_read_as_iw_prints_them() {
    let d = Daemon::start("e2e-errors", TOPOLOGY, &["--no-tap"]);
    let err = d.fails(&["dev", "wlan9", "info"]);
    assert_eq!(err, "command failed: No such device (-19): no interface named wlan9\n");
    let err = d.fails(&["dev", "ap0", "scan"]);
    assert!(err.starts_with("command failed: Operation not supported (-95)"), "{err}");
    let err = d.fails(&["dev", "ap0", "connect", "softmac"]);
    assert!(err.starts_with("command failed: Operation not supported (-95)"), "{err}");
    let err = d.fails(&["dev", "wlan0", "ap", "start", "x", "2412"]);
    assert!(err.starts_with("command failed: Operation not supported (-95)"), "{err}");
    let err = d.fails(&["dev", "wlan0", "disconnect"]);
    assert!(err.starts_with("command failed: Link has been severed (-67)"), "{err}");
    let err = d.fails(&["phy", "phy9", "info"]);
    assert_eq!(err, "command failed: No such device (-19): no radio phy9\n");
    let usage = d.run(&["dev", "wlan0", "connect"]);
    assert_eq!(usage.code, Some(2), "usage errors exit 2: {}", usage.stderr);
    let usage = d.run(&["dev", "wlan0", "station", "get", "not-a-mac"]);
    assert_eq!(usage.code, Some(2), "{}", usage.stderr);

    let away = Command::new(BIN).args(["--socket", "/nonexistent/softmac.sock", "dev"]).output().unwrap();
    assert_eq!(away.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&away.stderr)
            .starts_with("cannot reach the softmac daemon at /nonexistent/softmac.sock")
    );
}

/// The errno of the single NLMSG_ERROR answering a raw datagram.
fn errno_of_reply(t: &mut UnixTransport, datagram: &[u8]) -> i32 {
    t.send(datagram).unwrap();
    let reply = t.recv(Some(PATIENCE)).unwrap().expect("an answer");
    let msgs = parse_datagram(&reply, &FamilyIds::SOFTMAC).expect("the answer parses");
    match &msgs[..] {
        [NlMessage { header, body: Body::Error(e) }] => ErrorReport::parse(header.flags, e).unwrap().errno,
        other => panic!("expected one NLMSG_ERROR, got {other:?}"),
    }
}

fn getfamily(name: &str, seq: u32) -> Vec<u8> {
    let msg = CtrlMessage { cmd: CtrlCmd::GetFamily, attrs: vec![CtrlAttr::FamilyName(name.into())] };
    let genl = GenlMessage::new(GenlHeader { cmd: CtrlCmd::GetFamily.into(), version: 1 }, msg, GENL_ID_CTRL);
    NlMessage::new(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, seq, 0, Body::Ctrl(genl)).to_bytes()
}

#[test]
fn garbage_gets_einval_and_the_daemon_keeps_serving() {
    let d = Daemon::start("e2e-garbage", TOPOLOGY, &["--no-tap"]);
    let mut t = UnixTransport::connect(&d.socket).unwrap();
    // Shorter than a netlink header.
    assert_eq!(errno_of_reply(&mut t, &[1, 2, 3]), 22);
    // nlmsg_len 200 in a 20-byte datagram.
    let mut long = getfamily("nl80211", 2);
    long.truncate(20);
    long[..4].copy_from_slice(&200u32.to_ne_bytes());
    assert_eq!(errno_of_reply(&mut t, &long), 22);
    // nlmsg_len below the header size.
    let mut short = getfamily("nl80211", 3);
    short[..4].copy_from_slice(&8u32.to_ne_bytes());
    assert_eq!(errno_of_reply(&mut t, &short), 22);
    // An attribute whose nla_len runs past the message: GET_INTERFACE with IFINDEX claiming 12 bytes.
    let mut truncated = vec![0u8; 28];
    truncated[..4].copy_from_slice(&28u32.to_ne_bytes());
    truncated[4..6].copy_from_slice(&FamilyIds::SOFTMAC.nl80211.to_ne_bytes());
    truncated[6..8].copy_from_slice(&(NLM_F_REQUEST | NLM_F_ACK).to_ne_bytes());
    truncated[8..12].copy_from_slice(&4u32.to_ne_bytes());
    truncated[16..20].copy_from_slice(&[5, 0, 0, 0]);
    truncated[20..22].copy_from_slice(&12u16.to_ne_bytes());
    truncated[22..24].copy_from_slice(&3u16.to_ne_bytes());
    assert_eq!(errno_of_reply(&mut t, &truncated), 22);
    // An attribute of the wrong size: IFINDEX (u32) with 2 bytes.
    let mut mistyped = truncated.clone();
    mistyped[..4].copy_from_slice(&26u32.to_ne_bytes());
    mistyped.truncate(26);
    mistyped[20..22].copy_from_slice(&6u16.to_ne_bytes());
    assert_eq!(errno_of_reply(&mut t, &mistyped), 22);

    // The same connection is still served...
    t.send(&getfamily("nl80211", 9)).unwrap();
    let reply = t.recv(Some(PATIENCE)).unwrap().unwrap();
    let msgs = parse_datagram(&reply, &FamilyIds::SOFTMAC).unwrap();
    assert_eq!(msgs[0].ctrl().and_then(|c| c.family_id()), Some(FamilyIds::SOFTMAC.nl80211));
    drop(t);
    // ...and so is the next client.
    assert!(d.ok(&["dev"]).contains("Interface wlan0"));
}

#[test]
fn sigterm_removes_the_socket_and_exits_zero() {
    let d = Daemon::start("e2e-sigterm", TOPOLOGY, &["--no-tap"]);
    let socket = d.socket.clone();
    assert!(socket.exists());
    let status = d.stop();
    assert!(status.success(), "{status}");
    assert!(!Path::new(&socket).exists(), "socket file removed");
}

/// A WPA2 AP from the topology file (passphrase) and one started from the CLI (passphrase and
/// rekey), a station joining with `key`, a wrong key refused with the handshake error, a bad
/// passphrase refused before anything is sent, and the events of both.
#[test]
fn wpa2_networks_from_the_topology_and_the_cli() {
    let topology =
        TOPOLOGY.replace("ssid = \"softmac\"\n", "ssid = \"softmac\"\npassphrase = \"refpassphrase\"\n");
    let d = Daemon::start("e2e-wpa2", &topology, &["--no-tap"]);
    let mut events = Events::start(&d);
    let scan = scan_finding_the_ap(&d);
    assert!(scan.contains("\tcapability: ESS Privacy"), "{scan}");
    assert!(scan.contains("\tRSN:\t * Version: 1\n\t\t * Group cipher: CCMP\n"), "{scan}");

    let err = d.fails(&["dev", "wlan0", "connect", "softmac", "key", "wrong-passphrase"]);
    assert!(err.starts_with("wlan0: 4-way handshake failed: check the passphrase (reason 14: "), "{err}");
    events.wait_for("wlan0 (phy #1): connected to 02:00:00:00:00:00");
    events.wait_for("wlan0 (phy #1): 4-way handshake failed, reason: 14: MIC failure");

    let bad = d.run(&["dev", "wlan0", "connect", "softmac", "key", "short"]);
    assert_eq!(bad.code, Some(2), "a usage error: nothing was sent");
    assert!(bad.stderr.contains("8 to 63 printable ASCII"), "{}", bad.stderr);
    let err = d.fails(&["dev", "wlan0", "connect", "softmac"]);
    assert!(err.contains("softmac needs a passphrase"), "{err}");

    let ok = d.ok(&["dev", "wlan0", "connect", "softmac", "key", "refpassphrase"]);
    assert_eq!(ok, format!("Connected to {AP0_MAC} (on wlan0)\n"));
    events.wait_for("wlan0 (phy #1): port authorized with 02:00:00:00:00:00");
    events.wait_for(&format!("ap0 (phy #0): port authorized with {WLAN0_MAC}"));
    let st = d.ok(&["dev", "ap0", "station", "dump"]);
    assert!(st.contains("\tauthorized:\tyes\n"), "{st}");
    d.ok(&["dev", "wlan0", "disconnect"]);

    // An AP started by hand with a raw PSK, found and joined with the passphrase it came from.
    d.ok(&["hwsim", "radio", "add", "--name", "phyw", "--channel", "11"]);
    d.ok(&["phy", "phyw", "interface", "add", "ap1", "type", "ap"]);
    let psk = "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af"; // ThisIsAPassword / ThisIsASSID
    assert_eq!(d.ok(&["dev", "ap1", "ap", "start", "ThisIsASSID", "2462", "psk", psk, "rekey", "3600"]), "");
    let ok = d.ok(&["dev", "wlan0", "connect", "ThisIsASSID", "key", "ThisIsAPassword"]);
    assert_eq!(ok, "Connected to 02:00:00:00:02:00 (on wlan0)\n");
    let bad = d.run(&["dev", "ap1", "ap", "start", "x", "2462", "rekey", "5"]);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("rekey needs a passphrase"), "{}", bad.stderr);
}

/// A radio driven by the MT7601U USB driver against the emulated dongle, from the topology
/// file: it lists like any wiphy (with its backend), scans, and joins the simulated AP.
#[test]
fn an_emulated_mt7601u_radio_lists_scans_and_connects() {
    let topology = TOPOLOGY.replace(
        "[[radio]]\nposition = [4.0, 0.0, 0.0]\n",
        "[[radio]]\nposition = [4.0, 0.0, 0.0]\nbackend = \"mt7601u\"\nusb = \"emulated\"\n",
    );
    let d = Daemon::start("e2e-usb", &topology, &["--no-tap"]);
    let list = d.ok(&["list"]);
    assert!(list.contains("Wiphy phy1\n\twiphy index: 1\n\tsoftmac backend: mt7601u\n"), "{list}");
    let phy1 = &list[list.find("Wiphy phy1").unwrap()..];
    assert!(phy1.contains("2412 MHz") && !phy1.contains("5180 MHz"), "the MT7601U is 2.4 GHz only: {phy1}");
    // The emulated dongle's EEPROM says country region 1: channels 1-13.
    assert!(phy1.contains("2472 MHz [13]") && !phy1.contains("2484 MHz"), "{phy1}");
    assert!(list.contains("Wiphy phy0\n\twiphy index: 0\n\tsoftmac backend: hwsim\n"), "{list}");
    let scan = scan_finding_the_ap(&d);
    assert!(scan.contains(AP0_MAC), "{scan}");
    assert_eq!(d.ok(&["dev", "wlan0", "connect", "softmac"]), format!("Connected to {AP0_MAC} (on wlan0)\n"));
    let st = d.ok(&["dev", "ap0", "station", "dump"]);
    assert!(st.starts_with(&format!("Station {WLAN0_MAC} (on ap0)\n")), "{st}");
    // A real dongle: without its firmware the daemon refuses to start and says what to do.
    let bad = TOPOLOGY.replace(
        "[[radio]]\nposition = [4.0, 0.0, 0.0]\n",
        "[[radio]]\nposition = [4.0, 0.0, 0.0]\nbackend = \"mt7601u\"\nusb = \"1:4\"\nfirmware = \"/nonexistent/mt7601u.bin\"\n",
    );
    let out = std::process::Command::new(BIN)
        .args(["daemon", "--no-tap", "--config", "/dev/stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(bad.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("MT7601U firmware /nonexistent/mt7601u.bin") && err.contains("firmware-misc-nonfree"),
        "{err}"
    );
}
