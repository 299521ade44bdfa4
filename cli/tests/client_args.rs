//! iw syntax variants, usage errors (exit 2, never a panic) and the messages users see.

use clap::Parser;
use softmac_cli::client::args::{Action, Command, GlobalArgs, IfType, PhyRef, ScanMode, action};
use std::process::Command as Process;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    root: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

fn parse(line: &str) -> Result<(Action, GlobalArgs), String> {
    let cli = Cli::try_parse_from(std::iter::once("softmac").chain(line.split_whitespace()))
        .map_err(|e| e.to_string())?;
    action(&cli.root, &cli.command).map_err(|e| e.0)
}

fn act(line: &str) -> Action {
    parse(line).unwrap_or_else(|e| panic!("{line}: {e}")).0
}

#[test]
fn iw_syntax_variants() {
    assert_eq!(act("list"), Action::ListPhys(None));
    assert_eq!(act("phy"), Action::ListPhys(None));
    assert_eq!(act("phy phy0 info"), Action::ListPhys(Some(PhyRef::Name("phy0".into()))));
    assert_eq!(act("phy phy#1 info"), Action::ListPhys(Some(PhyRef::Index(1))));
    assert_eq!(act("dev"), Action::ListDevs);
    assert_eq!(act("dev wlan0 info"), Action::DevInfo("wlan0".into()));
    assert_eq!(
        act("dev wlan0 scan freq 2412 2437 ssid a b"),
        Action::Scan {
            dev: "wlan0".into(),
            mode: ScanMode::Full,
            freqs: vec![2412, 2437],
            ssids: vec![b"a".to_vec(), b"b".to_vec()],
            passive: false
        }
    );
    assert!(matches!(act("dev wlan0 scan trigger freq 2412"), Action::Scan { mode: ScanMode::Trigger, .. }));
    assert!(matches!(act("dev wlan0 scan dump"), Action::Scan { mode: ScanMode::Dump, .. }));
    assert_eq!(
        act("dev wlan0 connect net 2437 02:00:00:00:01:00"),
        Action::Connect {
            dev: "wlan0".into(),
            ssid: b"net".to_vec(),
            freq: Some(2437),
            bssid: Some("02:00:00:00:01:00".parse().unwrap()),
            wait: true,
            pmk: None
        }
    );
    // WPA2: the client derives the PMK (J.4.1 vector: "password" on "IEEE").
    let Action::Connect { pmk: Some(pmk), ssid, .. } = act("dev wlan0 connect IEEE key password") else {
        panic!("a connect with a key")
    };
    assert_eq!((ssid, pmk.expose()[..4].to_vec()), (b"IEEE".to_vec(), vec![0xf4, 0x2c, 0x6f, 0xc5]));
    let raw = "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af";
    let Action::Connect { pmk: Some(pmk), .. } = act(&format!("dev wlan0 connect x psk {raw}")) else {
        panic!()
    };
    assert_eq!(pmk.expose()[31], 0xaf);
    assert!(matches!(
        act("dev ap0 ap start net 2437 passphrase password rekey 60"),
        Action::ApStart { pmk: Some(_), rekey: Some(60), .. }
    ));
    assert!(matches!(
        act("dev wlan0 connect -w net"),
        Action::Connect { wait: true, freq: None, bssid: None, .. }
    ));
    assert!(matches!(act("dev wlan0 connect net --no-wait"), Action::Connect { wait: false, .. }));
    assert_eq!(
        act("dev wlan0 station get 02:00:00:00:01:00"),
        Action::Stations("wlan0".into(), Some("02:00:00:00:01:00".parse().unwrap()))
    );
    assert_eq!(
        act("phy phy0 interface add wlan1 type managed netns sta1"),
        Action::InterfaceAdd {
            phy: PhyRef::Name("phy0".into()),
            name: "wlan1".into(),
            kind: IfType::Station,
            netns: Some("sta1".into())
        }
    );
    assert_eq!(act("dev wlan0 set type ap"), Action::SetType("wlan0".into(), IfType::Ap));
    assert_eq!(act("dev wlan0 set channel 11"), Action::DevSetFreq("wlan0".into(), 2462));
    assert_eq!(act("phy phy0 set freq 5180 HT20"), Action::PhySetFreq(PhyRef::Name("phy0".into()), 5180));
    assert_eq!(
        act("dev ap0 ap start net 2437 hidden beacon-interval 200 dtim-period 3"),
        Action::ApStart {
            dev: "ap0".into(),
            ssid: b"net".to_vec(),
            freq: 2437,
            hidden: true,
            beacon_interval: Some(200),
            dtim_period: Some(3),
            pmk: None,
            rekey: None
        }
    );
    assert_eq!(act("event -t"), Action::Event { timestamps: true });
    assert_eq!(
        act("hwsim radio add --name r1 --channel 6 --position 1,-2.5,0"),
        Action::RadioAdd { name: Some("r1".into()), freq: Some(2437), position: Some([1.0, -2.5, 0.0]) }
    );
    assert_eq!(act("hwsim radio del 3"), Action::RadioDel(PhyRef::Index(3)));
    assert_eq!(act("hwsim radio del phy3"), Action::RadioDel(PhyRef::Name("phy3".into())));
}

#[test]
fn global_options_anywhere() {
    let (_, o) = parse("--json dev").unwrap();
    assert!(o.json);
    let (_, o) = parse("dev wlan0 scan dump --json --socket /tmp/x.sock").unwrap();
    assert!(o.json);
    assert_eq!(o.socket.as_deref(), Some(std::path::Path::new("/tmp/x.sock")));
    let (_, o) = parse("list --json").unwrap();
    assert!(o.json);
    let (_, o) = parse("--kernel list").unwrap();
    assert!(o.kernel);
}

#[test]
fn bad_input_is_a_clear_usage_error() {
    let cases = [
        ("dev wlan0", "missing dev command"),
        ("dev wlan0 fly", "unknown dev command \"fly\""),
        ("dev wlan0 scan freq", "`freq` needs at least one frequency"),
        ("dev wlan0 scan dump extra", "`scan dump` takes no arguments"),
        ("dev wlan0 connect", "missing SSID"),
        ("dev wlan0 connect net 2437 zz:zz", "invalid MAC address zz:zz"),
        ("dev wlan0 station get 1:2", "invalid MAC address 1:2"),
        ("dev this-name-is-too-long info", "interface name"),
        ("phy phy0 interface add wlan1 type mesh", "invalid interface type mesh"),
        ("phy phy0 interface add wlan1", "expected `type T`"),
        ("dev wlan0 set freq 1234", "not a Wi-Fi channel"),
        ("dev wlan0 set channel 15", "no channel 15"),
        ("dev ap0 ap start net 2437 beacon-interval 3", "beacon interval must be 15 to 65535 TU"),
        ("dev ap0 ap start net x", "invalid frequency (MHz): x"),
        ("phy #x info", "bad wiphy index"),
        ("dev wlan0 connect net key", "key needs a value"),
        ("dev wlan0 connect net key seven", "8 to 63 printable ASCII"),
        ("dev wlan0 connect net psk 00ff", "64 hex digits"),
        ("dev wlan0 connect net key longenough psk 00", "one passphrase or PSK"),
        ("dev ap0 ap start net 2437 rekey 10", "rekey needs a passphrase or PSK"),
    ];
    for (line, want) in cases {
        let err = parse(line).expect_err(line);
        assert!(err.contains(want), "{line}: {err:?} lacks {want:?}");
    }
    for line in [
        "hwsim radio add --position 1,2",
        "hwsim radio add --channel 0",
        "hwsim radio add --position 1,nan,2",
    ] {
        assert!(parse(line).is_err(), "{line}");
    }
}

fn softmac(args: &[&str]) -> std::process::Output {
    Process::new(env!("CARGO_BIN_EXE_softmac")).args(args).env_remove("SOFTMAC_SOCKET").output().unwrap()
}

#[test]
fn exit_codes_and_messages() {
    let out = softmac(&["dev", "wlan0", "scan", "bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "softmac: unexpected \"bogus\" in scan (freq, ssid, passive)\n"
    );
    assert_eq!(softmac(&["nosuchcommand"]).status.code(), Some(2));

    let dir = std::env::temp_dir().join(format!("softmac-cli-test-{}", std::process::id()));
    let sock = dir.join("none.sock");
    let out = softmac(&["--socket", sock.to_str().unwrap(), "dev"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "cannot reach the softmac daemon at {}: is `softmac daemon` running?",
            sock.display()
        )),
        "{err}"
    );
}

#[test]
fn kernel_without_nl80211_says_so() {
    let out = softmac(&["--kernel", "list"]);
    let err = String::from_utf8_lossy(&out.stderr);
    if std::path::Path::new("/sys/class/ieee80211").exists() {
        println!("skipped: this kernel has cfg80211");
        return;
    }
    if err.contains("cannot open a generic netlink socket") {
        println!("skipped: no AF_NETLINK here: {err}");
        return;
    }
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(err, "the kernel has no nl80211 family (no cfg80211 loaded)\n");
}
