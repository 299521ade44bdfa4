//! Commands end to end over an in-memory peer that answers like nl80211 does: family
//! resolution, dumps split over several datagrams, events that arrive before the ACK, and
//! refusals with an extended-ACK message.

use mac80211_core::wire::MacAddr;
use netlink_packet_core::{NLM_F_MULTIPART as NLM_F_MULTI, NetlinkHeader};
use softmac_cli::client::args::{Action, ScanMode};
use softmac_cli::client::commands::{ClientError, execute};
use softmac_cli::client::session::Session;
use softmac_cli::client::transport::NlTransport;
use softmac_cli::nl::ack::{self, ExtAck};
use softmac_cli::nl::ctrl::{CtrlAttr, CtrlCmd, CtrlMessage, McastGrpAttr};
use softmac_cli::nl::nl80211::{BssAttr, Nl80211Attr as A, Nl80211Cmd as C, Nl80211Message};
use softmac_cli::nl::value::{List, Nest};
use softmac_cli::nl::{Body, FamilyIds, NlMessage, emit_datagram, parse_datagram};
use std::collections::VecDeque;
use std::io;
use std::time::Duration;

/// Not softmac's 0x20: the client must use the id nlctrl gives it.
const IDS: FamilyIds = FamilyIds { nl80211: 0x1c, hwsim: 0x1d };
const SCAN_GROUP: u32 = 5;
const MLME_GROUP: u32 = 6;
const AP: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);

/// What the peer does with the next TRIGGER_SCAN / CONNECT.
#[derive(Default)]
struct Peer {
    inbox: VecDeque<Vec<u8>>,
    joined: Vec<u32>,
    scan_busy: bool,
    connect_status: u16,
}

/// An nl80211 message from the peer (`seq` 0: a notification).
fn nl(flags: u16, seq: u32, cmd: C, attrs: Vec<A>) -> NlMessage {
    NlMessage::new(IDS.nl80211, flags, seq, 0, Body::nl80211(IDS.nl80211, 1, Nl80211Message::new(cmd, attrs)))
}

fn event(cmd: C, attrs: Vec<A>) -> NlMessage {
    nl(0, 0, cmd, attrs)
}

fn bss(seq: u32, last: u8, associated: bool) -> NlMessage {
    let mut b = vec![BssAttr::Bssid(MacAddr([2, 0, 0, 0, last, 0])), BssAttr::Frequency(2437)];
    if associated {
        b.push(BssAttr::Status(1));
    }
    nl(NLM_F_MULTI, seq, C::NewScanResults, vec![A::Ifindex(3), A::Bss(Nest::new(b))])
}

fn family_reply(seq: u32) -> NlMessage {
    let group = |name: &str, id: u32| Nest::new(vec![McastGrpAttr::Name(name.into()), McastGrpAttr::Id(id)]);
    let reply = CtrlMessage {
        cmd: CtrlCmd::NewFamily,
        attrs: vec![
            CtrlAttr::FamilyId(IDS.nl80211),
            CtrlAttr::FamilyName("nl80211".into()),
            CtrlAttr::McastGroups(List::numbered(1, [group("scan", SCAN_GROUP), group("mlme", MLME_GROUP)])),
        ],
    };
    NlMessage::new(0x10, 0, seq, 0, Body::ctrl(2, reply))
}

impl Peer {
    fn answer(&mut self, datagram: &[u8]) {
        let req = &parse_datagram(datagram, &IDS).expect("the client sends well-formed netlink")[0];
        let h: NetlinkHeader = req.header;
        let seq = h.sequence_number;
        let refuse = |errno: i32, text: &str| ack::error(&h, datagram, errno, &ExtAck::msg(text));
        let reply: Vec<NlMessage> = match &req.body {
            Body::Ctrl(m) => match m.payload.cmd {
                CtrlCmd::GetFamily if m.payload.family_name() == Some("nl80211") => {
                    vec![family_reply(seq), ack::ack(&h)]
                }
                CtrlCmd::GetFamily => vec![refuse(2, "")],
                CtrlCmd::JoinMcastGroup => {
                    let group = m.payload.attrs.iter().find_map(|a| match a {
                        CtrlAttr::McastGroupId(id) => Some(*id),
                        _ => None,
                    });
                    self.joined.push(group.expect("JOIN_MCAST_GROUP names its group"));
                    vec![ack::ack(&h)]
                }
                _ => vec![refuse(95, "unsupported")],
            },
            Body::Nl80211(m) => match m.payload.cmd {
                C::GetInterface => {
                    let attrs = vec![A::Ifindex(3), A::Ifname("wlan0".into()), A::Wiphy(0), A::Iftype(2)];
                    vec![nl(NLM_F_MULTI, seq, C::NewInterface, attrs), ack::done(&h)]
                }
                C::TriggerScan if self.scan_busy => vec![refuse(16, "scan already running")],
                C::TriggerScan => {
                    // The results event races ahead of the ACK, in the same datagram.
                    assert!(self.joined.contains(&SCAN_GROUP), "scan group joined before the trigger");
                    vec![
                        event(C::TriggerScan, vec![A::Ifindex(3)]),
                        event(C::NewScanResults, vec![A::Ifindex(3)]),
                        ack::ack(&h),
                    ]
                }
                C::GetScan => {
                    self.inbox.push_back(emit_datagram(&[bss(seq, 1, true)]));
                    vec![bss(seq, 2, false), ack::done(&h)]
                }
                C::Connect => {
                    self.inbox.push_back(emit_datagram(&[ack::ack(&h)]));
                    vec![event(
                        C::Connect,
                        vec![A::Ifindex(3), A::Mac(AP), A::StatusCode(self.connect_status)],
                    )]
                }
                C::GetStation => vec![refuse(2, "")],
                _ => vec![refuse(95, "unsupported")],
            },
            _ => vec![refuse(95, "unsupported")],
        };
        self.inbox.push_back(emit_datagram(&reply));
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
    let connect = Action::Connect {
        dev: "wlan0".into(),
        ssid: b"net".to_vec(),
        freq: None,
        bssid: None,
        wait: true,
        pmk: None,
    };
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
