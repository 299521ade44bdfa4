//! The request handler against a scripted backend: exact replies for every command, the
//! errno of each mistake, and malformed input.

mod support;

use mac80211_core::channel::{Channel, ChannelWidth};
use mac80211_core::mac::{ConnectRequest, EventKind, VifKind};
use mac80211_core::wire::{MacAddr, ReasonCode};
use netlink_packet_core::{NLM_F_ACK, NLM_F_ACK_TLVS, NLM_F_DUMP, NLM_F_MULTIPART, NLMSG_DONE};
use softmac_cli::daemon::backend::{BackendEvent, IfaceCommand, errno};
use softmac_cli::daemon::service::Session;
use softmac_cli::nl::ack::ErrorReport;
use softmac_cli::nl::ctrl::{CtrlAttr, CtrlCmd};
use softmac_cli::nl::hwsim::{HwsimAttr, HwsimCmd, HwsimMessage};
use softmac_cli::nl::nl80211::{
    BandAttr, BssAttr, FreqAttr, Nl80211Attr, Nl80211Cmd, RateInfoAttr, StaInfoAttr,
};
use softmac_cli::nl::value::{List, NlString};
use softmac_cli::nl::{Body, NlMessage};
use support::*;

fn setup() -> (Session, FakeBackend) {
    (Session::new(9), FakeBackend::new())
}

fn report(msg: &NlMessage) -> ErrorReport {
    match &msg.body {
        Body::Error(e) => ErrorReport::parse(msg.header.flags, e).expect("error report parses"),
        other => panic!("expected NLMSG_ERROR, got {other:?}"),
    }
}

fn refused(replies: &[NlMessage]) -> ErrorReport {
    assert_eq!(replies.len(), 1, "{replies:?}");
    let r = report(&replies[0]);
    assert_eq!(replies[0].header.flags & NLM_F_ACK_TLVS, NLM_F_ACK_TLVS, "ext-ack always sent");
    assert_eq!(r.request_seq, SEQ);
    r
}

fn nl(cmd: Nl80211Cmd, flags: u16, attrs: Vec<Nl80211Attr>) -> Vec<u8> {
    nl80211_request(cmd, flags, attrs)
}

#[test]
fn getfamily_reports_nl80211_id_groups_and_ops() {
    let (mut s, mut b) = setup();
    let replies = exchange(
        &mut s,
        &mut b,
        &ctrl_request(CtrlCmd::GetFamily, NLM_F_ACK, vec![CtrlAttr::FamilyName("nl80211".into())]),
    );
    assert_eq!(replies.len(), 2);
    let fam = replies[0].ctrl().expect("NEWFAMILY");
    assert_eq!(fam.cmd, CtrlCmd::NewFamily);
    assert_eq!(fam.family_id(), Some(0x20));
    assert_eq!(
        fam.mcast_groups(),
        vec![
            ("config".into(), 0x11),
            ("scan".into(), 0x12),
            ("regulatory".into(), 0x13),
            ("mlme".into(), 0x14)
        ]
    );
    let ops = fam
        .attrs
        .iter()
        .find_map(|a| match a {
            CtrlAttr::Ops(o) => Some(o),
            _ => None,
        })
        .unwrap();
    assert_eq!(ops.entries.len(), 16);
    assert_eq!(replies[0].header.sequence_number, SEQ);
    assert_eq!(replies[0].header.port_number, 9);
    assert_eq!(errno_of(&replies[1]), Some(0));
}

#[test]
fn getfamily_hwsim_and_unknown() {
    let (mut s, mut b) = setup();
    let r = exchange(
        &mut s,
        &mut b,
        &ctrl_request(CtrlCmd::GetFamily, 0, vec![CtrlAttr::FamilyName("MAC80211_HWSIM".into())]),
    );
    assert_eq!(r[0].ctrl().unwrap().family_id(), Some(0x21));
    assert_eq!(r[0].ctrl().unwrap().mcast_groups(), vec![("config".into(), 0x15)]);
    let r = exchange(
        &mut s,
        &mut b,
        &ctrl_request(CtrlCmd::GetFamily, 0, vec![CtrlAttr::FamilyName("devlink".into())]),
    );
    assert_eq!(refused(&r).errno, errno::ENOENT);
    let r = exchange(&mut s, &mut b, &ctrl_request(CtrlCmd::GetFamily, NLM_F_DUMP, vec![]));
    assert_eq!(r.len(), 4, "nlctrl, nl80211, hwsim, DONE");
}

#[test]
fn protocol_features_advertise_split_dump() {
    let (mut s, mut b) = setup();
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::GetProtocolFeatures, 0, vec![]));
    assert_eq!(r[0].nl80211().unwrap().attrs, vec![Nl80211Attr::ProtocolFeatures(1)]);
}

fn bands_freqs(msgs: &[NlMessage]) -> Vec<u32> {
    let mut freqs = Vec::new();
    for m in msgs.iter().filter_map(|m| m.nl80211()) {
        for a in &m.attrs {
            if let Nl80211Attr::WiphyBands(bands) = a {
                for band in bands.values() {
                    for attr in &band.attrs {
                        if let BandAttr::Freqs(list) = attr {
                            for f in list.values() {
                                freqs.extend(f.find(|x| match x {
                                    FreqAttr::Freq(v) => Some(*v),
                                    _ => None,
                                }));
                            }
                        }
                    }
                }
            }
        }
    }
    freqs
}

#[test]
fn wiphy_dump_split_and_unsplit_describe_the_same_channels() {
    let (mut s, mut b) = setup();
    let unsplit = exchange(&mut s, &mut b, &nl(Nl80211Cmd::GetWiphy, NLM_F_DUMP, vec![]));
    assert_eq!(unsplit.len(), 3, "one per wiphy + DONE");
    assert_eq!(unsplit[2].header.message_type, NLMSG_DONE);
    assert!(
        unsplit[..2]
            .iter()
            .all(|m| m.header.flags == NLM_F_MULTIPART && m.nl80211().unwrap().cmd == Nl80211Cmd::NewWiphy)
    );
    let split = exchange(
        &mut s,
        &mut b,
        &nl(Nl80211Cmd::GetWiphy, NLM_F_DUMP, vec![Nl80211Attr::SplitWiphyDump(())]),
    );
    // phy0: base, 2.4 GHz, 5 GHz, commands; phy1: base, 2.4 GHz, commands; DONE.
    assert_eq!(split.len(), 8);
    assert_eq!(bands_freqs(&split), bands_freqs(&unsplit));
    let phy0: Vec<u32> = channels_phy0().iter().map(|c| u32::from(c.freq)).collect();
    let filtered = exchange(
        &mut s,
        &mut b,
        &nl(Nl80211Cmd::GetWiphy, NLM_F_DUMP, vec![Nl80211Attr::SplitWiphyDump(()), Nl80211Attr::Wiphy(0)]),
    );
    assert_eq!(filtered.len(), 5);
    assert_eq!(bands_freqs(&filtered), phy0);
    let by_ifindex =
        exchange(&mut s, &mut b, &nl(Nl80211Cmd::GetWiphy, NLM_F_DUMP, vec![Nl80211Attr::Ifindex(AP0)]));
    assert_eq!(by_ifindex[0].nl80211().unwrap().wiphy(), Some(1));
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::GetWiphy, 0, vec![Nl80211Attr::Wiphy(7)]));
    assert_eq!(refused(&r).errno, errno::ENODEV);
}

#[test]
fn get_interface_do_and_dump() {
    let (mut s, mut b) = setup();
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::GetInterface, 0, vec![Nl80211Attr::Ifindex(AP0)]));
    let m = r[0].nl80211().unwrap();
    assert_eq!(m.cmd, Nl80211Cmd::NewInterface);
    assert_eq!(
        m.attrs,
        vec![
            Nl80211Attr::Ifindex(AP0),
            Nl80211Attr::Ifname("ap0".into()),
            Nl80211Attr::Wiphy(1),
            Nl80211Attr::Iftype(3),
            Nl80211Attr::Wdev((1 << 32) | u64::from(AP0)),
            Nl80211Attr::Mac(AP_BSSID),
            Nl80211Attr::Generation(1),
            Nl80211Attr::FourAddr(0),
            Nl80211Attr::Ssid(b"softmac".to_vec()),
            Nl80211Attr::WiphyFreq(2437),
            Nl80211Attr::ChannelWidth(0),
            Nl80211Attr::CenterFreq1(2437),
        ]
    );
    let dump = exchange(&mut s, &mut b, &nl(Nl80211Cmd::GetInterface, NLM_F_DUMP, vec![]));
    assert_eq!(dump.len(), 3);
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::GetInterface, 0, vec![Nl80211Attr::Ifindex(99)]));
    assert_eq!(refused(&r).errno, errno::ENODEV);
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::GetInterface, 0, vec![]));
    let e = refused(&r);
    assert_eq!((e.errno, e.ext.miss_type), (errno::EINVAL, Some(3)));
}

#[test]
fn new_interface_replies_with_the_interface_then_acks() {
    let (mut s, mut b) = setup();
    let req = nl(
        Nl80211Cmd::NewInterface,
        NLM_F_ACK,
        vec![
            Nl80211Attr::Wiphy(0),
            Nl80211Attr::Ifname("mon0".into()),
            Nl80211Attr::Iftype(6),
            Nl80211Attr::SoftmacNetns("red".into()),
        ],
    );
    let r = exchange(&mut s, &mut b, &req);
    assert_eq!(r.len(), 2);
    let m = r[0].nl80211().unwrap();
    assert_eq!((m.cmd, m.ifindex()), (Nl80211Cmd::NewInterface, Some(5)));
    assert!(m.attrs.contains(&Nl80211Attr::Iftype(6)));
    assert_eq!(errno_of(&r[1]), Some(0));
    assert_eq!(b.ifaces[2].netns.as_deref(), Some("red"));
    let r = exchange(
        &mut s,
        &mut b,
        &nl(Nl80211Cmd::NewInterface, NLM_F_ACK, vec![Nl80211Attr::Wiphy(0), Nl80211Attr::Iftype(2)]),
    );
    let e = refused(&r);
    assert_eq!(e.errno, errno::EINVAL);
    assert_eq!(e.ext.miss_type, Some(4));
    assert_eq!(e.ext.msg.as_deref(), Some("Missing required attribute NL80211_ATTR_IFNAME"));
    let r = exchange(
        &mut s,
        &mut b,
        &nl(Nl80211Cmd::NewInterface, 0, vec![Nl80211Attr::Wiphy(0), Nl80211Attr::Ifname("wlan0".into())]),
    );
    assert_eq!(refused(&r).errno, errno::EEXIST);
    let r = exchange(
        &mut s,
        &mut b,
        &nl(
            Nl80211Cmd::NewInterface,
            0,
            vec![Nl80211Attr::Wiphy(0), Nl80211Attr::Ifname("m".into()), Nl80211Attr::Iftype(7)],
        ),
    );
    assert_eq!(refused(&r).errno, errno::EOPNOTSUPP);
}

#[test]
fn del_and_set_interface_and_set_wiphy() {
    let (mut s, mut b) = setup();
    let r = exchange(
        &mut s,
        &mut b,
        &nl(Nl80211Cmd::SetInterface, NLM_F_ACK, vec![Nl80211Attr::Ifindex(WLAN0), Nl80211Attr::Iftype(3)]),
    );
    assert_eq!(errno_of(&r[0]), Some(0));
    assert_eq!(b.ifaces[0].kind, VifKind::Ap);
    let r = exchange(
        &mut s,
        &mut b,
        &nl(Nl80211Cmd::SetInterface, 0, vec![Nl80211Attr::Ifindex(AP0), Nl80211Attr::Iftype(2)]),
    );
    assert_eq!(refused(&r).errno, errno::EBUSY);
    let r = exchange(
        &mut s,
        &mut b,
        &nl(
            Nl80211Cmd::SetWiphy,
            NLM_F_ACK,
            vec![Nl80211Attr::Ifindex(WLAN0), Nl80211Attr::WiphyFreq(5200), Nl80211Attr::ChannelWidth(1)],
        ),
    );
    assert_eq!(errno_of(&r[0]), Some(0));
    assert_eq!(b.wiphys[0].channel, Channel { freq: 5200, width: ChannelWidth::Mhz20 });
    let r = exchange(
        &mut s,
        &mut b,
        &nl(
            Nl80211Cmd::SetWiphy,
            0,
            vec![Nl80211Attr::Wiphy(0), Nl80211Attr::WiphyFreq(5200), Nl80211Attr::ChannelWidth(9)],
        ),
    );
    assert_eq!(refused(&r).errno, errno::EINVAL);
    let r =
        exchange(&mut s, &mut b, &nl(Nl80211Cmd::DelInterface, NLM_F_ACK, vec![Nl80211Attr::Ifindex(WLAN0)]));
    assert_eq!(errno_of(&r[0]), Some(0));
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::DelInterface, 0, vec![Nl80211Attr::Ifindex(WLAN0)]));
    assert_eq!(refused(&r).errno, errno::ENODEV);
}

#[test]
fn trigger_scan_passes_ssids_and_frequencies() {
    let (mut s, mut b) = setup();
    let req = nl(
        Nl80211Cmd::TriggerScan,
        NLM_F_ACK,
        vec![
            Nl80211Attr::Ifindex(WLAN0),
            Nl80211Attr::ScanSsids(List::numbered(1, [b"softmac".to_vec(), Vec::new()])),
            Nl80211Attr::ScanFrequencies(List::numbered(0, [2412, 2437])),
        ],
    );
    let r = exchange(&mut s, &mut b, &req);
    assert_eq!(errno_of(&r[0]), Some(0));
    let IfaceCommand::Scan(scan) = &b.commands[0].1 else { panic!("{:?}", b.commands) };
    assert_eq!(scan.ssids, vec![b"softmac".to_vec(), Vec::new()]);
    assert_eq!(scan.channels, vec![Channel::from_freq(2412), Channel::from_freq(2437)]);
    let r = exchange(&mut s, &mut b, &req);
    assert_eq!(refused(&r).errno, errno::EBUSY);
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::TriggerScan, 0, vec![Nl80211Attr::Ifindex(AP0)]));
    assert_eq!(refused(&r).errno, errno::EOPNOTSUPP);
    let r =
        exchange(&mut s, &mut b, &nl(Nl80211Cmd::AbortScan, NLM_F_ACK, vec![Nl80211Attr::Ifindex(WLAN0)]));
    assert_eq!(errno_of(&r[0]), Some(0));
}

#[test]
fn scan_dump_carries_the_bss() {
    let (mut s, mut b) = setup();
    b.scan[0].associated = true;
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::GetScan, NLM_F_DUMP, vec![Nl80211Attr::Ifindex(WLAN0)]));
    assert_eq!(r.len(), 2);
    let m = r[0].nl80211().unwrap();
    assert_eq!(m.cmd, Nl80211Cmd::NewScanResults);
    let bss = m
        .find(|a| match a {
            Nl80211Attr::Bss(b) => Some(b),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        bss.attrs,
        vec![
            BssAttr::Bssid(AP_BSSID),
            BssAttr::PrespData(()),
            BssAttr::InformationElements(ap_ies()),
            BssAttr::Tsf(1_234_567),
            BssAttr::BeaconInterval(100),
            BssAttr::Capability(0x0401),
            BssAttr::Frequency(2437),
            BssAttr::SeenMsAgo(120),
            BssAttr::SignalMbm(-4200),
            BssAttr::Status(1),
        ]
    );
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::GetScan, 0, vec![Nl80211Attr::Ifindex(WLAN0)]));
    assert_eq!(refused(&r).errno, errno::EOPNOTSUPP);
}

#[test]
fn connect_and_disconnect_errnos() {
    let (mut s, mut b) = setup();
    let connect = |attrs: Vec<Nl80211Attr>| {
        nl(Nl80211Cmd::Connect, NLM_F_ACK, [vec![Nl80211Attr::Ifindex(WLAN0)], attrs].concat())
    };
    let r = exchange(
        &mut s,
        &mut b,
        &connect(vec![
            Nl80211Attr::Ssid(b"softmac".to_vec()),
            Nl80211Attr::Mac(AP_BSSID),
            Nl80211Attr::WiphyFreq(2437),
            Nl80211Attr::AuthType(0),
            Nl80211Attr::Ie(vec![]),
        ]),
    );
    assert_eq!(errno_of(&r[0]), Some(0));
    assert_eq!(
        b.commands[0].1,
        IfaceCommand::Connect(ConnectRequest {
            ssid: b"softmac".to_vec(),
            bssid: Some(AP_BSSID),
            channel: Some(Channel::from_freq(2437)),
            credentials: None,
        })
    );
    let r =
        exchange(&mut s, &mut b, &connect(vec![Nl80211Attr::Ssid(b"x".to_vec()), Nl80211Attr::AuthType(4)]));
    assert_eq!(refused(&r).errno, errno::EOPNOTSUPP);
    let r = exchange(
        &mut s,
        &mut b,
        &connect(vec![Nl80211Attr::Ssid(b"x".to_vec()), Nl80211Attr::AuthType(200)]),
    );
    assert_eq!(refused(&r).errno, errno::EINVAL);
    let r = exchange(&mut s, &mut b, &connect(vec![]));
    assert_eq!(refused(&r).ext.miss_type, Some(52));
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::Disconnect, 0, vec![Nl80211Attr::Ifindex(WLAN0)]));
    assert_eq!(refused(&r).errno, errno::ENOLINK);
    b.ifaces[0].bssid = Some(AP_BSSID);
    let r = exchange(&mut s, &mut b, &connect(vec![Nl80211Attr::Ssid(b"softmac".to_vec())]));
    assert_eq!(refused(&r).errno, errno::EALREADY);
    let r = exchange(
        &mut s,
        &mut b,
        &nl(Nl80211Cmd::Disconnect, NLM_F_ACK, vec![Nl80211Attr::Ifindex(WLAN0), Nl80211Attr::ReasonCode(3)]),
    );
    assert_eq!(errno_of(&r[0]), Some(0));
}

#[test]
fn station_do_and_dump() {
    let (mut s, mut b) = setup();
    let r = exchange(
        &mut s,
        &mut b,
        &nl(Nl80211Cmd::GetStation, 0, vec![Nl80211Attr::Ifindex(AP0), Nl80211Attr::Mac(PEER_ADDR)]),
    );
    let m = r[0].nl80211().unwrap();
    assert_eq!((m.cmd, m.mac()), (Nl80211Cmd::NewStation, Some(PEER_ADDR)));
    let info = m
        .find(|a| match a {
            Nl80211Attr::StaInfo(i) => Some(i),
            _ => None,
        })
        .unwrap();
    let rate = info
        .find(|a| match a {
            StaInfoAttr::TxBitrate(r) => Some(r.attrs.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        rate,
        vec![
            RateInfoAttr::Bitrate(722),
            RateInfoAttr::Bitrate32(722),
            RateInfoAttr::Mcs(7),
            RateInfoAttr::ShortGi(())
        ]
    );
    for expected in [
        StaInfoAttr::InactiveTime(250),
        StaInfoAttr::RxBytes(1500),
        StaInfoAttr::TxBytes(u32::MAX),
        StaInfoAttr::TxBytes64(5_000_000_000),
        StaInfoAttr::RxPackets(10),
        StaInfoAttr::TxPackets(12),
        StaInfoAttr::TxRetries(2),
        StaInfoAttr::TxFailed(1),
        StaInfoAttr::Signal(-37),
        StaInfoAttr::ConnectedTime(42),
    ] {
        assert!(info.attrs.contains(&expected), "{expected:?}");
    }
    let dump =
        exchange(&mut s, &mut b, &nl(Nl80211Cmd::GetStation, NLM_F_DUMP, vec![Nl80211Attr::Ifindex(AP0)]));
    assert_eq!(dump.len(), 2);
    let r = exchange(
        &mut s,
        &mut b,
        &nl(Nl80211Cmd::GetStation, 0, vec![Nl80211Attr::Ifindex(AP0), Nl80211Attr::Mac(STA_ADDR)]),
    );
    assert_eq!(refused(&r).errno, errno::ENOENT);
    let r = exchange(
        &mut s,
        &mut b,
        &nl(Nl80211Cmd::DelStation, NLM_F_ACK, vec![Nl80211Attr::Ifindex(AP0), Nl80211Attr::Mac(PEER_ADDR)]),
    );
    assert_eq!(errno_of(&r[0]), Some(0));
    assert_eq!(b.commands[0].1, IfaceCommand::DelStation(PEER_ADDR, ReasonCode::from(2)));
}

#[test]
fn start_and_stop_ap() {
    let (mut s, mut b) = setup();
    let start = |attrs| nl(Nl80211Cmd::StartAp, NLM_F_ACK, attrs);
    let r = exchange(
        &mut s,
        &mut b,
        &start(vec![
            Nl80211Attr::Ifindex(AP0),
            Nl80211Attr::BeaconHead(vec![0x80, 0, 0, 0]),
            Nl80211Attr::BeaconTail(vec![]),
            Nl80211Attr::BeaconInterval(200),
            Nl80211Attr::DtimPeriod(3),
            Nl80211Attr::Ssid(b"lab".to_vec()),
            Nl80211Attr::HiddenSsid(1),
            Nl80211Attr::WiphyFreq(2412),
        ]),
    );
    assert_eq!(errno_of(&r[0]), Some(0));
    let IfaceCommand::StartAp(cfg) = &b.commands[0].1 else { panic!() };
    assert_eq!(
        (cfg.ssid.as_slice(), cfg.beacon_interval_tu, cfg.dtim_period, cfg.hidden),
        (&b"lab"[..], 200, 3, true)
    );
    assert_eq!(cfg.channel, Channel::from_freq(2412));
    let r = exchange(
        &mut s,
        &mut b,
        &start(vec![Nl80211Attr::Ifindex(AP0), Nl80211Attr::DtimPeriod(1), Nl80211Attr::Ssid(b"x".to_vec())]),
    );
    assert_eq!(refused(&r).ext.miss_type, Some(12));
    let r = exchange(
        &mut s,
        &mut b,
        &start(vec![
            Nl80211Attr::Ifindex(WLAN0),
            Nl80211Attr::BeaconInterval(100),
            Nl80211Attr::DtimPeriod(1),
            Nl80211Attr::Ssid(b"x".to_vec()),
        ]),
    );
    assert_eq!(refused(&r).errno, errno::EOPNOTSUPP);
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::StopAp, NLM_F_ACK, vec![Nl80211Attr::Ifindex(AP0)]));
    assert_eq!(errno_of(&r[0]), Some(0));
    b.ifaces[1].carrier = false;
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::StopAp, 0, vec![Nl80211Attr::Ifindex(AP0)]));
    assert_eq!(refused(&r).errno, errno::ENOLINK);
}

#[test]
fn hwsim_radios() {
    let (mut s, mut b) = setup();
    let new = HwsimMessage {
        cmd: HwsimCmd::NewRadio,
        attrs: vec![
            HwsimAttr::RadioName(NlString::bare("lab0")),
            HwsimAttr::SoftmacPosition([1.0, 2.0, 0.5]),
        ],
    };
    let r = exchange(&mut s, &mut b, &hwsim_request(new, NLM_F_ACK));
    assert_eq!(errno_of(&r[0]), Some(-2), "the radio id, positive, in the error field");
    assert_eq!(b.wiphys[2].position, Some([1.0, 2.0, 0.5]));
    let get = HwsimMessage { cmd: HwsimCmd::GetRadio, attrs: vec![HwsimAttr::RadioId(2)] };
    let r = exchange(&mut s, &mut b, &hwsim_request(get, 0));
    let radio = r[0].hwsim().unwrap();
    assert!(radio.attrs.contains(&HwsimAttr::RadioName(NlString::bare("lab0"))));
    let r = exchange(
        &mut s,
        &mut b,
        &hwsim_request(HwsimMessage { cmd: HwsimCmd::GetRadio, attrs: vec![] }, NLM_F_DUMP),
    );
    assert_eq!(r.len(), 4);
    let del =
        HwsimMessage { cmd: HwsimCmd::DelRadio, attrs: vec![HwsimAttr::RadioName(NlString::bare("lab0"))] };
    let r = exchange(&mut s, &mut b, &hwsim_request(del.clone(), NLM_F_ACK));
    assert_eq!(errno_of(&r[0]), Some(0));
    let r = exchange(&mut s, &mut b, &hwsim_request(del, NLM_F_ACK));
    assert_eq!(refused(&r).errno, errno::ENODEV);
}

#[test]
fn unknown_command_is_eopnotsupp() {
    let (mut s, mut b) = setup();
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::Unknown(150), 0, vec![]));
    assert_eq!(refused(&r).errno, errno::EOPNOTSUPP);
}

#[test]
fn malformed_input_gets_einval_and_the_session_goes_on() {
    let (mut s, mut b) = setup();
    // A u32 attribute of 3 bytes.
    let mut bad = nl(Nl80211Cmd::GetInterface, 0, vec![Nl80211Attr::Ifindex(WLAN0)]);
    bad[20..22].copy_from_slice(&7u16.to_ne_bytes());
    let r = exchange(&mut s, &mut b, &bad);
    assert_eq!(refused(&r).errno, errno::EINVAL);
    // An attribute running past the message.
    let mut truncated = nl(Nl80211Cmd::GetInterface, 0, vec![Nl80211Attr::Ifindex(WLAN0)]);
    truncated[20..22].copy_from_slice(&40u16.to_ne_bytes());
    assert_eq!(refused(&exchange(&mut s, &mut b, &truncated)).errno, errno::EINVAL);
    // nlmsg_len larger than the datagram, and a datagram shorter than a header.
    let mut long = nl(Nl80211Cmd::GetInterface, 0, vec![]);
    long[0..4].copy_from_slice(&400u32.to_ne_bytes());
    assert_eq!(report(&exchange(&mut s, &mut b, &long)[0]).errno, errno::EINVAL);
    assert_eq!(report(&exchange(&mut s, &mut b, &[1, 2, 3])[0]).errno, errno::EINVAL);
    // Still serving.
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::GetInterface, 0, vec![Nl80211Attr::Ifindex(WLAN0)]));
    assert_eq!(r[0].nl80211().unwrap().ifindex(), Some(WLAN0));
}

#[test]
fn several_requests_in_one_datagram_are_answered_in_order() {
    let (mut s, mut b) = setup();
    let mut dgram = nl(Nl80211Cmd::GetProtocolFeatures, 0, vec![]);
    dgram.extend(nl(Nl80211Cmd::DelInterface, NLM_F_ACK, vec![Nl80211Attr::Ifindex(99)]));
    let r = exchange(&mut s, &mut b, &dgram);
    assert_eq!(r.len(), 2);
    assert!(r[0].nl80211().is_some());
    assert_eq!(report(&r[1]).errno, errno::ENODEV);
}

#[test]
fn events_reach_only_members_of_their_group() {
    let (mut s, mut b) = setup();
    let scan_done = BackendEvent::Mac {
        ifindex: WLAN0,
        wiphy: 0,
        kind: EventKind::ScanDone { aborted: false, bss_count: 1, scope: Default::default() },
    };
    assert_eq!(s.event(&scan_done), None);
    join(&mut s, &mut b, 0x12);
    let d = s.event(&scan_done).expect("scan member hears scan events");
    let msgs = softmac_cli::nl::parse_datagram(&d, &softmac_cli::nl::FamilyIds::SOFTMAC).unwrap();
    let m = msgs[0].nl80211().unwrap();
    assert_eq!(
        (m.cmd, m.ifindex(), msgs[0].header.sequence_number),
        (Nl80211Cmd::NewScanResults, Some(WLAN0), 0)
    );
    let left = BackendEvent::Mac {
        ifindex: AP0,
        wiphy: 1,
        kind: EventKind::StationLeft { addr: PEER_ADDR, reason: ReasonCode::from(3), by_ap: false },
    };
    assert_eq!(s.event(&left), None, "not an mlme member");
    let r = exchange(
        &mut s,
        &mut b,
        &ctrl_request(CtrlCmd::JoinMcastGroup, 0, vec![CtrlAttr::McastGroupId(999)]),
    );
    assert_eq!(refused(&r).errno, errno::ENOENT);
    let _ = MacAddr::ZERO;
}

const CCMP: u32 = 0x000f_ac04;
const TKIP: u32 = 0x000f_ac02;
const AKM_8021X: u32 = 0x000f_ac01;
const AKM_PSK: u32 = 0x000f_ac02;
const AKM_SAE: u32 = 0x000f_ac08;
/// The RSN element of a WPA2-PSK CCMP network (what wpa_supplicant puts in CONNECT's `IE`).
const RSNE: [u8; 22] =
    [0x30, 20, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 2, 0, 0];

/// The crypto attributes wpa_supplicant and hostapd send for WPA2-PSK to a driver that
/// offloads the 4-way handshake (`nl80211_connect_common` / `wpa_driver_nl80211_set_ap`).
fn wpa2_attrs(pmk: [u8; 32]) -> Vec<Nl80211Attr> {
    vec![
        Nl80211Attr::Privacy(()),
        Nl80211Attr::WpaVersions(2),
        Nl80211Attr::CipherSuitesPairwise(vec![CCMP]),
        Nl80211Attr::CipherSuiteGroup(CCMP),
        Nl80211Attr::AkmSuites(vec![AKM_PSK]),
        Nl80211Attr::ControlPort(()),
        Nl80211Attr::ControlPortNoEncrypt(()),
        Nl80211Attr::Pmk(pmk.to_vec()),
    ]
}

/// `attrs` with every attribute of `replacement`'s kind swapped for it (or without `drop`'s).
fn with(attrs: &[Nl80211Attr], replacement: Option<Nl80211Attr>, drop: Option<u16>) -> Vec<Nl80211Attr> {
    use netlink_packet_core::Nla;
    let gone = replacement.as_ref().map(Nla::kind).or(drop);
    let mut out: Vec<_> = attrs.iter().filter(|a| Some(a.kind()) != gone).cloned().collect();
    out.extend(replacement);
    out
}

#[test]
fn wpa2_connect_and_start_ap_hand_the_pmk_to_the_soft_mac() {
    use mac80211_core::crypto::Key;
    use mac80211_core::mac::{ApSecurity, Credentials};
    let (mut s, mut b) = setup();
    let pmk = [0x5a; 32];
    let mut connect = vec![
        Nl80211Attr::Ifindex(WLAN0),
        Nl80211Attr::Mac(AP_BSSID),
        Nl80211Attr::WiphyFreq(2437),
        Nl80211Attr::Ssid(b"softmac".to_vec()),
        Nl80211Attr::Ie(RSNE.to_vec()),
    ];
    connect.extend(wpa2_attrs(pmk));
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::Connect, NLM_F_ACK, connect));
    assert_eq!(errno_of(&r[0]), Some(0));
    assert_eq!(
        b.commands[0].1,
        IfaceCommand::Connect(ConnectRequest {
            ssid: b"softmac".to_vec(),
            bssid: Some(AP_BSSID),
            channel: Some(Channel::from_freq(2437)),
            credentials: Some(Credentials::Psk(Key::new(pmk))),
        })
    );

    let mut start = vec![
        Nl80211Attr::Ifindex(AP0),
        Nl80211Attr::BeaconHead(vec![0x80, 0, 0, 0]),
        Nl80211Attr::BeaconTail(RSNE.to_vec()),
        Nl80211Attr::BeaconInterval(100),
        Nl80211Attr::DtimPeriod(2),
        Nl80211Attr::Ssid(b"lab".to_vec()),
        Nl80211Attr::SoftmacGroupRekey(600),
    ];
    start.extend(wpa2_attrs(pmk));
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::StartAp, NLM_F_ACK, start));
    assert_eq!(errno_of(&r[0]), Some(0));
    let IfaceCommand::StartAp(cfg) = &b.commands[1].1 else { panic!("{:?}", b.commands) };
    assert_eq!(
        cfg.security,
        Some(ApSecurity {
            credentials: Credentials::Psk(Key::new(pmk)),
            group_rekey: Some(mac80211_core::time::Duration::from_secs(600)),
        })
    );
}

/// What Linux drivers refuse and softmac cannot do is refused before anything reaches the
/// soft-MAC, with the errno and the extended-ACK text a client prints.
#[test]
fn other_security_is_refused_with_a_reason() {
    use netlink_packet_core::Nla;
    let (mut s, mut b) = setup();
    let base = wpa2_attrs([1; 32]);
    let pmk_kind = Nl80211Attr::Pmk(vec![]).kind();
    let cases = [
        (Some(Nl80211Attr::CipherSuitesPairwise(vec![TKIP])), None, errno::EOPNOTSUPP, "CCMP-128 only"),
        (Some(Nl80211Attr::CipherSuiteGroup(TKIP)), None, errno::EOPNOTSUPP, "CCMP-128 only"),
        (Some(Nl80211Attr::WpaVersions(1)), None, errno::EOPNOTSUPP, "WPA2 only"),
        (Some(Nl80211Attr::AkmSuites(vec![AKM_SAE])), None, errno::EOPNOTSUPP, "PSK only"),
        (Some(Nl80211Attr::AkmSuites(vec![AKM_8021X])), None, errno::EOPNOTSUPP, "PSK only"),
        (Some(Nl80211Attr::UseMfp(1)), None, errno::EOPNOTSUPP, "management frame protection"),
        (Some(Nl80211Attr::ControlPortOverNl80211(())), None, errno::EOPNOTSUPP, "over nl80211"),
        (Some(Nl80211Attr::Pmk(vec![1; 16])), None, errno::EINVAL, "32 octets"),
        (None, Some(pmk_kind), errno::EINVAL, "needs NL80211_ATTR_PMK"),
    ];
    for (replacement, drop, want, text) in cases {
        let attrs = with(&base, replacement, drop);
        let mut connect = vec![Nl80211Attr::Ifindex(WLAN0), Nl80211Attr::Ssid(b"softmac".to_vec())];
        connect.extend(attrs.clone());
        let r = refused(&exchange(&mut s, &mut b, &nl(Nl80211Cmd::Connect, NLM_F_ACK, connect)));
        assert_eq!(r.errno, want, "CONNECT {text}");
        assert!(r.ext.msg.as_deref().is_some_and(|m| m.contains(text)), "CONNECT {text}: {:?}", r.ext.msg);
        let mut start = vec![
            Nl80211Attr::Ifindex(AP0),
            Nl80211Attr::BeaconInterval(100),
            Nl80211Attr::DtimPeriod(1),
            Nl80211Attr::Ssid(b"lab".to_vec()),
        ];
        start.extend(attrs);
        let r = refused(&exchange(&mut s, &mut b, &nl(Nl80211Cmd::StartAp, NLM_F_ACK, start)));
        assert_eq!(r.errno, want, "START_AP {text}");
        assert!(r.ext.msg.as_deref().is_some_and(|m| m.contains(text)), "START_AP {text}: {:?}", r.ext.msg);
    }
    // Static WEP (PRIVACY alone) and SAE authentication.
    let wep = vec![Nl80211Attr::Ifindex(WLAN0), Nl80211Attr::Ssid(b"x".to_vec()), Nl80211Attr::Privacy(())];
    assert_eq!(refused(&exchange(&mut s, &mut b, &nl(Nl80211Cmd::Connect, 0, wep))).errno, errno::EOPNOTSUPP);
    let sae = vec![Nl80211Attr::Ifindex(WLAN0), Nl80211Attr::Ssid(b"x".to_vec()), Nl80211Attr::AuthType(4)];
    assert_eq!(refused(&exchange(&mut s, &mut b, &nl(Nl80211Cmd::Connect, 0, sae))).errno, errno::EOPNOTSUPP);
    assert!(b.commands.is_empty(), "nothing reached the backend: {:?}", b.commands);
}

#[test]
fn wiphys_advertise_ccmp_and_the_handshake_offload() {
    use softmac_cli::nl::nl80211::ext_feature;
    let (mut s, mut b) = setup();
    let r = exchange(&mut s, &mut b, &nl(Nl80211Cmd::GetWiphy, 0, vec![Nl80211Attr::Wiphy(0)]));
    let m = r[0].nl80211().unwrap();
    assert_eq!(
        m.find(|a| match a {
            Nl80211Attr::CipherSuites(c) => Some(c.clone()),
            _ => None,
        }),
        Some(vec![CCMP])
    );
    let map = m
        .find(|a| match a {
            Nl80211Attr::ExtFeatures(f) => Some(f.clone()),
            _ => None,
        })
        .expect("EXT_FEATURES");
    assert_eq!(ext_feature::bits_set(&map), vec![15, 50]);
}
