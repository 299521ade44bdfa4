//! TAP ports and network namespaces on the real kernel. Root only: skipped with a printed
//! reason otherwise.

mod common;

use common::*;
use mac80211_core::mac::{ApConfig, Command, EventKind, VifKind};
use mac80211_core::wire::MacAddr;
use softmac_driver::port::NetPort;
use softmac_driver::{Netns, TapConfig, TapPort};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command as Cmd, Stdio};

fn root_or_skip(test: &str) -> bool {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("{test}: skipped: needs root (TAP devices, network namespaces)");
        return false;
    }
    if !Path::new("/dev/net/tun").exists() {
        eprintln!("{test}: skipped: no /dev/net/tun");
        return false;
    }
    true
}

/// A name unique to this process, within the 15 bytes Linux allows.
fn unique(tag: &str) -> String {
    format!("smd{}{tag}", std::process::id() % 100_000)
}

fn sys(name: &str, attr: &str) -> String {
    std::fs::read_to_string(format!("/sys/class/net/{name}/{attr}")).unwrap_or_default().trim().to_owned()
}

/// `cat /sys/class/net/NAME/ATTR` inside a namespace (`ip netns exec` mounts its own sysfs).
fn sys_in(ns: &str, name: &str, attr: &str) -> String {
    let out = Cmd::new("ip")
        .args(["netns", "exec", ns, "cat", &format!("/sys/class/net/{name}/{attr}")])
        .output()
        .expect("ip runs");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

const ADDR: MacAddr = MacAddr([0x02, 0x11, 0x22, 0x33, 0x44, 0x55]);

#[tokio::test]
async fn tap_has_its_name_address_mtu_and_carrier_and_goes_away_on_drop() {
    if !root_or_skip("tap_has_its_name_address_mtu_and_carrier") {
        return;
    }
    let name = unique("a");
    let mut tap = TapPort::create(TapConfig::new(&name, ADDR)).expect("create TAP");
    assert_eq!(tap.name(), name);
    assert_eq!(sys(&name, "address"), "02:11:22:33:44:55");
    assert_eq!(sys(&name, "mtu"), "1500");
    let flags = u32::from_str_radix(sys(&name, "flags").trim_start_matches("0x"), 16).expect("flags");
    assert_eq!(flags & 1, 1, "IFF_UP");
    assert_eq!(sys(&name, "carrier"), "0", "carrier off until the link is up");
    tap.set_carrier(true).expect("carrier on");
    assert_eq!(sys(&name, "carrier"), "1");
    tap.set_carrier(false).expect("carrier off");
    assert_eq!(sys(&name, "carrier"), "0");
    drop(tap);
    assert!(!Path::new(&format!("/sys/class/net/{name}")).exists(), "TAP removed on drop");
}

#[tokio::test]
async fn tap_in_a_fresh_namespace_works_from_ours_and_both_go_away() {
    if !root_or_skip("tap_in_a_fresh_namespace") {
        return;
    }
    let ns_name = format!("softmac-test-{}", std::process::id());
    assert!(!Netns::exists(&ns_name));
    let ns = Netns::open_or_create(&ns_name).expect("create namespace");
    assert!(ns.created_by_us());
    assert!(Netns::exists(&ns_name));
    let name = unique("n");
    let mut tap =
        TapPort::create(TapConfig::new(&name, ADDR).in_netns(ns.clone())).expect("create TAP in netns");
    assert!(!Path::new(&format!("/sys/class/net/{name}")).exists(), "not in our namespace");
    let shown = Cmd::new("ip")
        .args(["netns", "exec", &ns_name, "ip", "-o", "link", "show", &name])
        .output()
        .expect("ip");
    assert!(shown.status.success(), "visible in the namespace");
    assert!(String::from_utf8_lossy(&shown.stdout).contains("02:11:22:33:44:55"));
    assert_eq!(sys_in(&ns_name, &name, "carrier"), "0");
    tap.set_carrier(true).expect("carrier on");
    assert_eq!(sys_in(&ns_name, &name, "carrier"), "1");

    // Frames both ways between our descriptor and a packet socket inside the namespace.
    if Cmd::new("python3").arg("-c").arg("pass").status().is_ok_and(|s| s.success()) {
        frames_cross_the_namespace(&ns_name, &name, &mut tap).await;
    } else {
        eprintln!("tap_in_a_fresh_namespace: frame exchange skipped: python3 not installed");
    }

    drop(ns);
    assert!(Netns::exists(&ns_name), "the TAP keeps its namespace");
    drop(tap);
    assert!(!Netns::exists(&ns_name), "our namespace deleted with its last user");
}

async fn frames_cross_the_namespace(ns: &str, name: &str, tap: &mut TapPort) {
    let script = format!(
        "import socket,sys\n\
         s=socket.socket(socket.AF_PACKET,socket.SOCK_RAW,socket.htons(0x88b5))\n\
         s.bind(('{name}',0x88b5)); s.settimeout(10)\n\
         print('ready',flush=True)\n\
         print(s.recv(2000).hex(),flush=True)\n\
         s.send(bytes.fromhex(sys.stdin.readline().strip()))\n"
    );
    let mut child = Cmd::new("ip")
        .args(["netns", "exec", ns, "python3", "-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 in the namespace");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    assert_eq!(lines.next().and_then(Result::ok).as_deref(), Some("ready"));
    let down = ethernet(MacAddr::BROADCAST, MacAddr([2, 0, 0, 0, 0, 1]), b"to the host");
    tap.send(&down).expect("write to the TAP");
    let seen = lines.next().and_then(Result::ok).expect("the host received a frame");
    assert_eq!(seen, hex(&down));
    let up = ethernet(ADDR, MacAddr([2, 0, 0, 0, 0, 2]), b"from the host");
    let mut stdin = child.stdin.take().expect("stdin");
    std::io::Write::write_all(&mut stdin, format!("{}\n", hex(&up)).as_bytes()).expect("send order");
    drop(stdin);
    let got = tokio::time::timeout(WAIT, async {
        loop {
            let frame = std::future::poll_fn(|cx| tap.poll_recv(cx)).await.expect("read");
            // The kernel may send its own frames (IPv6 solicitations); keep ours.
            if frame.get(12..14) == Some(&[0x88, 0xb5][..]) {
                return frame;
            }
        }
    })
    .await
    .expect("the frame within the hang guard");
    assert_eq!(got, up);
    assert!(child.wait().expect("python exits").success());
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tap_port_carrier_follows_the_ap_and_shutdown_removes_it() {
    if !root_or_skip("a_tap_port_carrier_follows_the_ap") {
        return;
    }
    let medium = medium();
    let mut ap = phy(&medium, 1, 0.0, |_| {}, 16);
    let vif = add_vif(&ap, VifKind::Ap);
    let name = unique("r");
    let tap = TapPort::create(TapConfig::new(&name, vif_addr(&ap, vif))).expect("create TAP");
    ap.handle.attach_port(vif, tap).expect("attach");
    assert_eq!(sys(&name, "carrier"), "0");
    let config = ApConfig { beacon_interval_tu: 20, ..ApConfig::new(SSID, ch(6)) };
    ap.handle.command(Command::StartAp(vif, config)).expect("start AP");
    wait_event(&mut ap, "ApStarted", |k| matches!(k, EventKind::ApStarted { .. })).await;
    assert_eq!(sys(&name, "carrier"), "1", "carrier on with the AP started");
    assert_eq!(ap.handle.carrier(vif), Some(true));
    ap.handle.command(Command::StopAp(vif)).expect("stop AP");
    wait_event(&mut ap, "ApStopped", |k| matches!(k, EventKind::ApStopped)).await;
    assert_eq!(sys(&name, "carrier"), "0", "carrier off with the AP stopped");
    ap.handle.shutdown();
    assert!(!Path::new(&format!("/sys/class/net/{name}")).exists(), "TAP gone when shutdown returns");
    medium.shutdown();
}
