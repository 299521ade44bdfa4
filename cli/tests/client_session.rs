//! Commands end to end over an in-memory peer that answers like nl80211 does: family
//! resolution, dumps split over several datagrams, events that arrive before the ACK, and
//! refusals with an extended-ACK message.

use softmac_cli::client::args::{Action, ScanMode};
use softmac_cli::client::commands::{ClientError, execute};
use softmac_cli::client::genl::{GenlMsg, GenlWriter, ctrl, nl80211 as nl};
use softmac_cli::client::netlink::{self, Header, NLM_F_ACK_TLVS, NLM_F_MULTI, NLMSG_DONE, NLMSG_ERROR};
use softmac_cli::client::session::Session;
use softmac_cli::client::transport::NlTransport;
use std::collections::VecDeque;
use std::io;
use std::time::Duration;

const NL80211_ID: u16 = 0x1c;
const SCAN_GROUP: u32 = 5;
const MLME_GROUP: u32 = 6;

/// What the peer does with the next TRIGGER_SCAN / CONNECT.
#[derive(Default)]
struct Peer {
    inbox: VecDeque<Vec<u8>>,
    joined: Vec<u32>,
    scan_busy: bool,
    connect_status: u16,
}

fn body(w: GenlWriter) -> Vec<u8> {
    w.finish()[4..].to_vec()
}

fn message(kind: u16, flags: u16, seq: u32, payload: &[u8]) -> Vec<u8> {
    let mut m = netlink::request(kind, 0, seq, payload);
    let mut h = Header::parse(&m).unwrap();
    h.flags = flags;
    h.emit(&mut m);
    m
}

fn ack(seq: u32) -> Vec<u8> {
    let mut p = 0i32.to_ne_bytes().to_vec();
    p.extend_from_slice(&[0; 16]);
    message(NLMSG_ERROR, 0x100, seq, &p)
}

fn error(seq: u32, errno: i32, text: &str) -> Vec<u8> {
    let mut p = (-errno).to_ne_bytes().to_vec();
    p.extend_from_slice(&message(NL80211_ID, 0, seq, &[])[..16]);
    let value = [text.as_bytes(), &[0]].concat();
    p.extend_from_slice(&((4 + value.len()) as u16).to_ne_bytes());
    p.extend_from_slice(&1u16.to_ne_bytes());
    p.extend_from_slice(&value);
    p.resize(netlink::align4(p.len()), 0);
    message(NLMSG_ERROR, 0x100 | NLM_F_ACK_TLVS, seq, &p)
}

fn done(seq: u32) -> Vec<u8> {
    message(NLMSG_DONE, NLM_F_MULTI, seq, &[0; 4])
}

fn event(w: GenlWriter) -> Vec<u8> {
    message(NL80211_ID, 0, 0, &w.finish())
}

fn bss(seq: u32, last: u8, associated: bool) -> Vec<u8> {
    let mut b =
        GenlWriter::new(0, 0).bytes(nl::BSS_BSSID, &[2, 0, 0, 0, last, 0]).u32(nl::BSS_FREQUENCY, 2437);
    if associated {
        b = b.u32(nl::BSS_STATUS, 1);
    }
    let w =
        GenlWriter::new(nl::CMD_NEW_SCAN_RESULTS, 1).u32(nl::ATTR_IFINDEX, 3).bytes(nl::ATTR_BSS, &body(b));
    message(NL80211_ID, NLM_F_MULTI, seq, &w.finish())
}

impl Peer {
    fn answer(&mut self, req: &[u8]) {
        let h = Header::parse(req).unwrap();
        let m = GenlMsg::parse(&req[16..]).unwrap();
        let seq = h.seq;
        match (h.kind, m.cmd) {
            (ctrl::FAMILY_ID, ctrl::CMD_GETFAMILY) => {
                if m.attrs.string(ctrl::ATTR_FAMILY_NAME).as_deref() != Some("nl80211") {
                    self.inbox.push_back(error(seq, 2, ""));
                    return;
                }
                let grp = |name: &str, id: u32| {
                    body(GenlWriter::new(0, 0).string(ctrl::GRP_NAME, name).u32(ctrl::GRP_ID, id))
                };
                let groups = body(
                    GenlWriter::new(0, 0)
                        .bytes(1, &grp("scan", SCAN_GROUP))
                        .bytes(2, &grp("mlme", MLME_GROUP)),
                );
                let reply = GenlWriter::new(1, 2)
                    .u16(ctrl::ATTR_FAMILY_ID, NL80211_ID)
                    .string(ctrl::ATTR_FAMILY_NAME, "nl80211")
                    .bytes(ctrl::ATTR_MCAST_GROUPS, &groups);
                let mut d = message(ctrl::FAMILY_ID, 0, seq, &reply.finish());
                d.extend(ack(seq));
                self.inbox.push_back(d);
            }
            (ctrl::FAMILY_ID, 0xf0) => {
                // softmac's in-band JOIN_MCAST_GROUP with MCAST_GROUP_ID (0x3f00).
                self.joined.push(m.attrs.u32(0x3f00).unwrap());
                self.inbox.push_back(ack(seq));
            }
            (NL80211_ID, nl::CMD_GET_INTERFACE) => {
                let w = GenlWriter::new(nl::CMD_NEW_INTERFACE, 1)
                    .u32(nl::ATTR_IFINDEX, 3)
                    .string(nl::ATTR_IFNAME, "wlan0")
                    .u32(nl::ATTR_WIPHY, 0)
                    .u32(nl::ATTR_IFTYPE, 2);
                let mut d = message(NL80211_ID, NLM_F_MULTI, seq, &w.finish());
                d.extend(done(seq));
                self.inbox.push_back(d);
            }
            (NL80211_ID, nl::CMD_TRIGGER_SCAN) if self.scan_busy => {
                self.inbox.push_back(error(seq, 16, "scan already running"))
            }
            (NL80211_ID, nl::CMD_TRIGGER_SCAN) => {
                // The results event races ahead of the ACK, in the same datagram.
                assert!(self.joined.contains(&SCAN_GROUP), "scan group joined before the trigger");
                let mut d = event(GenlWriter::new(nl::CMD_TRIGGER_SCAN, 1).u32(nl::ATTR_IFINDEX, 3));
                d.extend(event(GenlWriter::new(nl::CMD_NEW_SCAN_RESULTS, 1).u32(nl::ATTR_IFINDEX, 3)));
                d.extend(ack(seq));
                self.inbox.push_back(d);
            }
            (NL80211_ID, nl::CMD_GET_SCAN) => {
                self.inbox.push_back(bss(seq, 1, true));
                let mut d = bss(seq, 2, false);
                d.extend(done(seq));
                self.inbox.push_back(d);
            }
            (NL80211_ID, nl::CMD_CONNECT) => {
                self.inbox.push_back(ack(seq));
                self.inbox.push_back(event(
                    GenlWriter::new(nl::CMD_CONNECT, 1)
                        .u32(nl::ATTR_IFINDEX, 3)
                        .bytes(nl::ATTR_MAC, &[2, 0, 0, 0, 1, 0])
                        .u16(nl::ATTR_STATUS_CODE, self.connect_status),
                ));
            }
            (NL80211_ID, nl::CMD_GET_STATION) => self.inbox.push_back(error(seq, 2, "")),
            _ => self.inbox.push_back(error(seq, 95, "unsupported")),
        }
    }
}

impl NlTransport for Peer {
    fn send(&mut self, datagram: &[u8]) -> io::Result<()> {
        self.answer(datagram);
        Ok(())
    }
    fn recv(&mut self, _timeout: Option<Duration>) -> io::Result<Option<Vec<u8>>> {
        Ok(self.inbox.pop_front())
    }
    fn join_group(&mut self, _group: u32) -> io::Result<()> {
        unreachable!("joins in-band")
    }
    fn joins_in_band(&self) -> bool {
        true
    }
}

fn run(peer: Peer, action: Action, json: bool) -> (Result<(), ClientError>, String) {
    let mut s = Session::new(peer);
    let mut out = Vec::new();
    let r = execute(&mut s, &action, json, &mut out);
    (r, String::from_utf8(out).unwrap())
}

fn scan() -> Action {
    Action::Scan {
        dev: "wlan0".into(),
        mode: ScanMode::Full,
        freqs: vec![2437],
        ssids: vec![],
        passive: false,
    }
}

#[test]
fn scan_waits_for_results_then_dumps_every_part() {
    let (r, out) = run(Peer::default(), scan(), false);
    r.unwrap();
    assert_eq!(
        out,
        "BSS 02:00:00:00:01:00(on wlan0) -- associated\n\tfreq: 2437\nBSS 02:00:00:00:02:00(on wlan0)\n\tfreq: 2437\n"
    );
    let (r, out) = run(Peer::default(), scan(), true);
    r.unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[1]["bssid"], "02:00:00:00:02:00");
}

#[test]
fn refusal_prints_errno_and_extended_ack() {
    let (r, _) = run(Peer { scan_busy: true, ..Peer::default() }, scan(), false);
    assert_eq!(
        r.unwrap_err().to_string(),
        "command failed: Device or resource busy (-16): scan already running"
    );
    let (r, _) = run(Peer::default(), Action::DevInfo("wlan9".into()), false);
    assert_eq!(r.unwrap_err().to_string(), "command failed: No such device (-19): no interface named wlan9");
    let (r, _) = run(Peer::default(), Action::ApStop("wlan0".into()), false);
    assert_eq!(r.unwrap_err().to_string(), "command failed: Operation not supported (-95): unsupported");
}

#[test]
fn connect_reports_success_and_failure_with_status_meaning() {
    let connect =
        Action::Connect { dev: "wlan0".into(), ssid: b"net".to_vec(), freq: None, bssid: None, wait: true };
    let (r, out) = run(Peer::default(), connect.clone(), false);
    r.unwrap();
    assert_eq!(out, "Connected to 02:00:00:00:01:00 (on wlan0)\n");
    let (r, _) = run(Peer { connect_status: 17, ..Peer::default() }, connect, false);
    assert_eq!(
        r.unwrap_err().to_string(),
        "wlan0: failed to connect to 02:00:00:00:01:00, status: 17: AP cannot handle more stations"
    );
}

#[test]
fn link_without_station_info_still_names_the_bss() {
    let (r, out) = run(Peer::default(), Action::Link("wlan0".into()), false);
    r.unwrap();
    assert_eq!(out, "Connected to 02:00:00:00:01:00 (on wlan0)\n\tfreq: 2437\n");
}

#[test]
fn missing_family_is_named() {
    let (r, _) = run(Peer::default(), Action::RadioList, false);
    assert_eq!(r.unwrap_err().to_string(), "no MAC80211_HWSIM family");
}
