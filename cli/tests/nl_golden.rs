//! Golden: real nl80211 traffic of iw, hostapd and wpa_supplicant on Linux 6.1
//! (`tests/corpus/netlink/linux-6.1-nl80211.pcap`, see its README).
//!
//! Every generic netlink record (nlctrl, nl80211, ACKs, errors, DONE) parses without error and
//! re-emits byte for byte; a few decoded values are checked against `tshark -V`.
//!
//! Records: pcap link type 253 (LINKTYPE_NETLINK) as written by nlmon: a 16-byte cooked header
//! (packet type, ARPHRD_NETLINK 0x0338, address, then the netlink protocol big-endian at
//! bytes 14..16: 0 route, 16 generic) precedes the netlink messages of one skb.

use mac80211_core::wire::MacAddr;
use netlink_packet_core::NLM_F_REQUEST;
use softmac_cli::nl::nl80211::{BssAttr, Nl80211Attr, Nl80211Cmd, StaInfoAttr};
use softmac_cli::nl::{Body, FamilyIds, NlMessage, ctrl::CtrlCmd, emit_datagram, parse_datagram};

const NETLINK_GENERIC: u16 = 16;

struct Record {
    number: usize,
    protocol: u16,
    data: Vec<u8>,
}

fn records() -> Vec<Record> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/corpus/netlink/linux-6.1-nl80211.pcap");
    let file = std::fs::read(path).expect("golden capture present");
    assert_eq!(&file[..4], &0xa1b2c3d4u32.to_le_bytes(), "little-endian µs pcap");
    assert_eq!(u32::from_le_bytes(file[20..24].try_into().unwrap()), 253, "LINKTYPE_NETLINK");
    let mut out = Vec::new();
    let mut at = 24;
    while at + 16 <= file.len() {
        let incl = u32::from_le_bytes(file[at + 8..at + 12].try_into().unwrap()) as usize;
        let rec = &file[at + 16..at + 16 + incl];
        at += 16 + incl;
        out.push(Record {
            number: out.len() + 1,
            protocol: u16::from_be_bytes([rec[14], rec[15]]),
            data: rec[16..].to_vec(),
        });
    }
    out
}

/// The family ids of the capture, from nlctrl's NEWFAMILY replies.
fn families(records: &[Record]) -> FamilyIds {
    let probe = FamilyIds { nl80211: 0xffff, hwsim: 0xffff };
    let mut ids = probe;
    for r in records.iter().filter(|r| r.protocol == NETLINK_GENERIC) {
        for msg in parse_datagram(&r.data, &probe).unwrap_or_default() {
            if let Some(c) = msg.ctrl().filter(|c| c.cmd == CtrlCmd::NewFamily) {
                match (c.family_name(), c.family_id()) {
                    (Some("nl80211"), Some(id)) => ids.nl80211 = id,
                    (Some("MAC80211_HWSIM"), Some(id)) => ids.hwsim = id,
                    _ => {}
                }
            }
        }
    }
    ids
}

fn all_messages() -> Vec<(usize, NlMessage)> {
    let records = records();
    let ids = families(&records);
    let mut out = Vec::new();
    for r in records.iter().filter(|r| r.protocol == NETLINK_GENERIC) {
        for m in parse_datagram(&r.data, &ids).expect("parses") {
            out.push((r.number, m));
        }
    }
    out
}

#[test]
fn every_generic_netlink_record_round_trips_byte_for_byte() {
    let records = records();
    let ids = families(&records);
    assert_eq!(ids.nl80211, 0x20, "README: nl80211 was family 0x20");
    let mut checked = 0;
    for r in records.iter().filter(|r| r.protocol == NETLINK_GENERIC) {
        let msgs = parse_datagram(&r.data, &ids).unwrap_or_else(|e| panic!("record {}: {e}", r.number));
        for m in &msgs {
            assert!(
                !matches!(m.body, Body::Unknown(_)),
                "record {}: unknown family {:#x}",
                r.number,
                m.header.message_type
            );
        }
        let emitted = emit_datagram(&msgs);
        // The kernel pads the last message of an skb too; compare what the record holds.
        assert_eq!(&emitted[..r.data.len().min(emitted.len())], &r.data[..], "record {} differs", r.number);
        assert!(emitted.len() - r.data.len() < 4, "record {}", r.number);
        checked += msgs.len();
    }
    assert!(checked > 700, "checked {checked} messages");
}

#[test]
fn nl80211_attributes_are_mostly_typed() {
    let mut typed = 0usize;
    let mut other = 0usize;
    for (_, m) in all_messages() {
        if let Some(n) = m.nl80211() {
            for a in &n.attrs {
                if matches!(a, Nl80211Attr::Other(_)) { other += 1 } else { typed += 1 }
            }
        }
    }
    assert!(typed > 4 * other, "typed {typed}, other {other}");
}

#[test]
fn scan_dump_entry_decodes_bssid_frequency_and_signal() {
    let entries: Vec<_> = all_messages()
        .into_iter()
        .filter_map(|(n, m)| {
            m.nl80211().filter(|m| m.cmd == Nl80211Cmd::NewScanResults && m.has(47)).cloned().map(|m| (n, m))
        })
        .collect();
    assert!(!entries.is_empty());
    let (_, first) = &entries[0];
    let bss = first
        .find(|a| match a {
            Nl80211Attr::Bss(b) => Some(b),
            _ => None,
        })
        .unwrap();
    let bssid = bss.find(|a| match a {
        BssAttr::Bssid(m) => Some(*m),
        _ => None,
    });
    let freq = bss.find(|a| match a {
        BssAttr::Frequency(f) => Some(*f),
        _ => None,
    });
    let signal = bss.find(|a| match a {
        BssAttr::SignalMbm(s) => Some(*s),
        _ => None,
    });
    assert_eq!(bssid, Some(EXPECTED_BSSID));
    assert_eq!(freq, Some(EXPECTED_FREQ));
    assert_eq!(signal, Some(EXPECTED_SIGNAL_MBM));
}

#[test]
fn new_interface_request_decodes_ifname_and_iftype() {
    let req = all_messages()
        .into_iter()
        .find_map(|(_, m)| {
            let request = m.header.flags & NLM_F_REQUEST != 0;
            m.nl80211().filter(|m| request && m.cmd == Nl80211Cmd::NewInterface).cloned()
        })
        .expect("a NEW_INTERFACE request (wpa_supplicant's P2P device)");
    let name = req.find(|a| match a {
        Nl80211Attr::Ifname(n) => Some(n.clone()),
        _ => None,
    });
    let kind = req.find(|a| match a {
        Nl80211Attr::Iftype(t) => Some(*t),
        _ => None,
    });
    assert_eq!(name.as_deref(), Some(EXPECTED_NEW_IFNAME));
    assert_eq!(kind, Some(EXPECTED_NEW_IFTYPE));
}

#[test]
fn station_reply_carries_typed_sta_info() {
    let sta = all_messages()
        .into_iter()
        .find_map(|(n, m)| m.nl80211().filter(|_| n == 352).cloned())
        .expect("record 352: hostapd's GET_STATION reply");
    assert_eq!(sta.cmd, Nl80211Cmd::NewStation);
    let info = sta
        .find(|a| match a {
            Nl80211Attr::StaInfo(i) => Some(i),
            _ => None,
        })
        .unwrap();
    assert!(info.attrs.iter().any(|a| matches!(a, StaInfoAttr::RxBytes64(_))));
    assert!(info.attrs.iter().any(|a| matches!(a, StaInfoAttr::InactiveTime(_))));
}

// Values read with `tshark -r tests/corpus/netlink/linux-6.1-nl80211.pcap -V`.
// Record 247 (first GET_SCAN dump entry with a BSS); record 564 (NEW_INTERFACE request).
const EXPECTED_BSSID: MacAddr = MacAddr([0x02, 0, 0, 0, 0, 0]);
const EXPECTED_FREQ: u32 = 2437;
const EXPECTED_SIGNAL_MBM: i32 = -3000;
const EXPECTED_NEW_IFNAME: &str = "p2p-dev-wlan1";
const EXPECTED_NEW_IFTYPE: u32 = 10; // NL80211_IFTYPE_P2P_DEVICE
