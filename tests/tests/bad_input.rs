//! A rogue radio (a monitor interface injecting raw frames, `World::inject`) sends what a
//! well-behaved station never would, and the AP and its stations answer as 802.11-2020 11.3.3
//! and hostapd do: class 2 and 3 violations are answered with Deauthentication (reasons 6 and
//! 7, at most once a second per address), malformed frames are dropped and counted as
//! `Malformed` without harming anyone, and a retransmission already received is dropped as
//! `Duplicate`.

use hwsim::TxOutcome;
use mac80211_core::mac::{Command, ConnectRequest, DeliveredKind, DropReason, VifId};
use mac80211_core::rand::Rng;
use mac80211_core::time::Duration;
use mac80211_core::wire::element::{SsidRepr, push_element};
use mac80211_core::wire::fc::flags;
use mac80211_core::wire::mgmt::{AssocReqRepr, AuthPayload, AuthRepr, DeauthRepr};
use mac80211_core::wire::{
    AuthAlgorithm, CapabilityInfo, DataSubtype, Elements, Frame, FrameControl, FrameRepr, HeaderRepr,
    MacAddr, MgmtBody, MgmtRepr, MgmtSubtype, ReasonCode, SeqCtrl, StatusCode, Subtype,
};
use softmac_tests::{NodeId, NodeSpec, World, ch2};

/// An address beyond the AP's distribution system.
const HOST: MacAddr = MacAddr([0x02, 0xee, 0, 0, 0, 1]);

struct Scene {
    w: World,
    ap: NodeId,
    ap_vif: VifId,
    bssid: MacAddr,
    rogue: NodeId,
    mon: VifId,
    me: MacAddr,
}

fn scene() -> Scene {
    let mut w = World::new(13);
    let (ap, ap_vif) = w.add_ap("ap", "net", ch2(1), NodeSpec::at(0.0, 0.0, 0.0));
    let (rogue, mon) = w.add_monitor("rogue", ch2(1), NodeSpec::at(4.0, 0.0, 0.0));
    let bssid = w.mac(ap).vifs()[0].addr;
    let me = w.mac(rogue).addr();
    Scene { w, ap, ap_vif, bssid, rogue, mon, me }
}

fn header(subtype: Subtype, from: MacAddr, to: MacAddr, a3: MacAddr, seq: u16, to_ds: bool) -> HeaderRepr {
    HeaderRepr {
        frame_control: FrameControl::new(subtype).with_flag(flags::TO_DS, to_ds),
        duration_id: 0,
        addr1: to,
        addr2: Some(from),
        addr3: Some(a3),
        seq_ctrl: Some(SeqCtrl::new(seq, 0)),
        addr4: None,
        qos_control: None,
        ht_control: None,
    }
}

fn mgmt(from: MacAddr, bssid: MacAddr, seq: u16, body: MgmtBody<'_>) -> Vec<u8> {
    let subtype = Subtype::Mgmt(body.subtype().unwrap_or(MgmtSubtype::Action));
    let repr = MgmtRepr { header: header(subtype, from, bssid, bssid, seq, false), body };
    let mut out = vec![0; repr.buffer_len()];
    repr.emit(&mut out);
    out
}

fn assoc_request(from: MacAddr, bssid: MacAddr, seq: u16) -> Vec<u8> {
    let mut ies = Vec::new();
    push_element(&mut ies, &SsidRepr::new(b"net").unwrap()).unwrap();
    ies.extend_from_slice(&[1, 4, 0x82, 0x84, 0x8b, 0x96]); // Supported Rates: 1, 2, 5.5, 11 (basic)
    let capability = CapabilityInfo(CapabilityInfo::ESS);
    let body = AssocReqRepr { capability, listen_interval: 10, elements: Elements::new(&ies) };
    mgmt(from, bssid, seq, MgmtBody::AssocReq(body))
}

fn auth_request(from: MacAddr, bssid: MacAddr, seq: u16) -> Vec<u8> {
    let body = AuthRepr {
        algorithm: AuthAlgorithm::OpenSystem,
        transaction_seq: 1,
        status: StatusCode::Success,
        payload: AuthPayload::Elements(Elements::new(&[])),
    };
    mgmt(from, bssid, seq, MgmtBody::Auth(body))
}

/// A data frame To DS from `from` through `bssid` to `HOST`, carrying IPv4 over LLC/SNAP.
fn data_to_ds(from: MacAddr, bssid: MacAddr, seq: u16, retry: bool) -> Vec<u8> {
    let mut h = header(Subtype::Data(DataSubtype::Data), from, bssid, HOST, seq, true);
    h.frame_control = h.frame_control.with_flag(flags::RETRY, retry);
    let body = [&[0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00][..], b"payload"].concat();
    let mut out = vec![0; h.buffer_len() + body.len()];
    h.emit(&mut Frame::new_unchecked(&mut out[..]));
    let at = h.buffer_len();
    out[at..].copy_from_slice(&body);
    out
}

/// The management frames the rogue's monitor heard from `from` since the last call, as
/// (receiver, body kind, reason of a Deauthentication/Disassociation).
fn heard_from(s: &mut Scene, from: MacAddr) -> Vec<(MacAddr, &'static str, Option<ReasonCode>)> {
    let mut out = Vec::new();
    for d in s.w.take_deliveries(s.rogue, s.mon) {
        assert_eq!(d.kind, DeliveredKind::Radiotap);
        let it_len = usize::from(u16::from_le_bytes([d.frame[2], d.frame[3]]));
        let Ok(FrameRepr::Mgmt(m)) = FrameRepr::parse(&d.frame[it_len..]) else { continue };
        if m.header.addr2 != Some(from) {
            continue;
        }
        let (kind, reason) = match m.body {
            MgmtBody::Beacon(_) => continue,
            MgmtBody::Deauth(DeauthRepr { reason, .. }) => ("deauth", Some(reason)),
            MgmtBody::Disassoc(DeauthRepr { reason, .. }) => ("disassoc", Some(reason)),
            MgmtBody::AssocResp(_) => ("assoc-resp", None),
            MgmtBody::Auth(_) => ("auth", None),
            _ => ("other", None),
        };
        out.push((m.header.addr1, kind, reason));
    }
    out
}

fn ap_drops(s: &Scene, reason: DropReason) -> u64 {
    s.w.mac(s.ap).stats(s.ap_vif).unwrap().drops(reason)
}

#[test]
fn association_without_authentication_is_answered_with_deauthentication_6() {
    let mut s = scene();
    let (me, bssid) = (s.me, s.bssid);
    s.w.inject(s.rogue, &assoc_request(me, bssid, 1)).unwrap();
    s.w.run_for(Duration::from_millis(20));
    assert_eq!(s.w.injected(s.rogue), [TxOutcome::Acked], "the AP's radio acknowledged the request");
    assert_eq!(heard_from(&mut s, bssid), [(me, "deauth", Some(ReasonCode::Class2FrameFromNonauthSta))]);
    assert!(s.w.mac(s.ap).stations(s.ap_vif).is_empty());
    // A second try within the second gets no answer (rate limit), one after it does.
    s.w.inject(s.rogue, &assoc_request(me, bssid, 2)).unwrap();
    s.w.run_for(Duration::from_millis(20));
    assert_eq!(heard_from(&mut s, bssid), []);
    s.w.run_for(Duration::from_secs(1));
    s.w.inject(s.rogue, &assoc_request(me, bssid, 3)).unwrap();
    s.w.run_for(Duration::from_millis(20));
    assert_eq!(heard_from(&mut s, bssid), [(me, "deauth", Some(ReasonCode::Class2FrameFromNonauthSta))]);
    // Authenticating first makes the same request welcome.
    s.w.inject(s.rogue, &auth_request(me, bssid, 4)).unwrap();
    s.w.run_for(Duration::from_millis(20));
    s.w.inject(s.rogue, &assoc_request(me, bssid, 5)).unwrap();
    s.w.run_for(Duration::from_millis(20));
    assert_eq!(heard_from(&mut s, bssid), [(me, "auth", None), (me, "assoc-resp", None)]);
    assert_eq!(s.w.mac(s.ap).stations(s.ap_vif).len(), 1);
}

#[test]
fn data_from_an_unassociated_station_is_answered_with_deauthentication_7() {
    let mut s = scene();
    let (me, bssid) = (s.me, s.bssid);
    s.w.inject(s.rogue, &data_to_ds(me, bssid, 1, false)).unwrap();
    s.w.run_for(Duration::from_millis(20));
    assert_eq!(heard_from(&mut s, bssid), [(me, "deauth", Some(ReasonCode::Class3FrameFromNonassocSta))]);
    assert_eq!(ap_drops(&s, DropReason::UnknownPeer), 1);
    assert_eq!(s.w.mac(s.ap).stats(s.ap_vif).unwrap().rx_packets, 0);
    assert!(s.w.take_deliveries(s.ap, s.ap_vif).is_empty(), "nothing reached the AP's host");
    // Authenticated but not associated: Disassociation, reason 7 (after the rate limit).
    s.w.inject(s.rogue, &auth_request(me, bssid, 2)).unwrap();
    s.w.run_for(Duration::from_secs(1));
    heard_from(&mut s, bssid);
    s.w.inject(s.rogue, &data_to_ds(me, bssid, 3, false)).unwrap();
    s.w.run_for(Duration::from_millis(20));
    assert_eq!(heard_from(&mut s, bssid), [(me, "disassoc", Some(ReasonCode::Class3FrameFromNonassocSta))]);
    assert_eq!(ap_drops(&s, DropReason::UnknownPeer), 2);
}

#[test]
fn malformed_frames_are_dropped_and_counted_and_harm_no_one() {
    let mut s = scene();
    let (me, bssid) = (s.me, s.bssid);
    // A station connected to the AP hears everything the rogue sends.
    let (sta, vif) = s.w.add_station("sta", NodeSpec::at(0.0, 4.0, 0.0).channels(vec![ch2(1)]));
    let req = ConnectRequest { ssid: b"net".to_vec(), ..Default::default() };
    s.w.command(sta, Command::Connect(vif, req)).unwrap();
    s.w.drive_until(Duration::from_secs(1), |w| w.is_connected(sta, vif)).unwrap();
    let sta_unclaimed = s.w.mac(sta).unclaimed_stats().drops(DropReason::Malformed);
    heard_from(&mut s, bssid); // the station's own join

    let auth = auth_request(me, bssid, 1);
    let mut bad_elements = assoc_request(me, bssid, 2);
    bad_elements.extend_from_slice(&[221, 40, 0, 0x50]); // a vendor element cut short
    let cases: [Vec<u8>; 4] = [
        auth[..20].to_vec(),                            // header cut before Address 3
        auth[..27].to_vec(),                            // Authentication body cut (6 octets needed)
        bad_elements,                                   // element run overruns the frame
        data_to_ds(me, bssid, 3, false)[..23].to_vec(), // data header cut
    ];
    for frame in &cases {
        s.w.inject(s.rogue, frame).unwrap();
        s.w.run_for(Duration::from_millis(10));
    }
    // Each was addressed to the AP, which counted it and answered none of them.
    assert_eq!(ap_drops(&s, DropReason::Malformed), cases.len() as u64);
    assert_eq!(s.w.mac(s.ap).stats(s.ap_vif).unwrap().rx_errors, cases.len() as u64);
    assert_eq!(heard_from(&mut s, bssid), []);
    assert!(s.w.mac(s.ap).stations(s.ap_vif).iter().all(|p| p.addr != me));
    // The station heard them too: not for it, but malformed all the same.
    assert_eq!(
        s.w.mac(sta).unclaimed_stats().drops(DropReason::Malformed) - sta_unclaimed,
        cases.len() as u64
    );

    // Seeded garbage of every length from 10 to 300 octets: parsed or dropped, never a panic.
    let mut rng = Rng::new(99);
    for _ in 0..300 {
        let len = 10 + rng.below(291) as usize;
        let frame: Vec<u8> = (0..len).map(|_| rng.next_u32() as u8).collect();
        s.w.inject(s.rogue, &frame).unwrap();
        s.w.run_for(Duration::from_millis(3));
    }
    let unclaimed = s.w.mac(s.ap).unclaimed_stats().drops(DropReason::Malformed);
    assert!(unclaimed > 100, "most garbage does not parse ({unclaimed})");
    // Everyone carries on: the link is up and data still flows.
    s.w.run_for(Duration::from_secs(2));
    assert!(s.w.is_connected(sta, vif));
    let sta_addr = s.w.mac(sta).vifs()[0].addr;
    let eth = [&HOST.0[..], &sta_addr.0[..], &[0x08, 0x00], b"still here"].concat();
    s.w.send_ethernet(sta, vif, &eth).unwrap();
    s.w.run_for(Duration::from_millis(20));
    let got = s.w.take_deliveries(s.ap, s.ap_vif);
    assert_eq!(got.last().map(|d| &d.frame), Some(&eth));
}

#[test]
fn a_retransmission_already_received_is_a_duplicate() {
    let mut s = scene();
    let bssid = s.bssid;
    let (sta, vif) = s.w.add_station("sta", NodeSpec::at(0.0, 4.0, 0.0).channels(vec![ch2(1)]));
    let req = ConnectRequest { ssid: b"net".to_vec(), ..Default::default() };
    s.w.command(sta, Command::Connect(vif, req)).unwrap();
    s.w.drive_until(Duration::from_secs(1), |w| w.is_connected(sta, vif)).unwrap();
    let victim = s.w.mac(sta).vifs()[0].addr;
    let rx = |s: &Scene| s.w.mac(s.ap).stats(s.ap_vif).unwrap().rx_packets;
    let before = rx(&s);
    // The rogue replays frames in the associated station's name (sequence 100).
    s.w.inject(s.rogue, &data_to_ds(victim, bssid, 100, false)).unwrap();
    s.w.run_for(Duration::from_millis(10));
    assert_eq!(rx(&s), before + 1, "the first copy is data like any other");
    // The same sequence number with Retry set: a retransmission whose ACK was lost.
    s.w.inject(s.rogue, &data_to_ds(victim, bssid, 100, true)).unwrap();
    s.w.run_for(Duration::from_millis(10));
    assert_eq!(rx(&s), before + 1);
    assert_eq!(ap_drops(&s, DropReason::Duplicate), 1);
    // Acknowledged all the same: the sender must stop retrying.
    assert_eq!(s.w.injected(s.rogue), [TxOutcome::Acked, TxOutcome::Acked]);
    // A new sequence number, even with Retry set, is new data.
    s.w.inject(s.rogue, &data_to_ds(victim, bssid, 101, true)).unwrap();
    s.w.run_for(Duration::from_millis(10));
    assert_eq!(rx(&s), before + 2);
    assert_eq!(ap_drops(&s, DropReason::Duplicate), 1);
    let delivered = s.w.take_deliveries(s.ap, s.ap_vif);
    assert_eq!(delivered.iter().filter(|d| d.frame.ends_with(b"payload")).count(), 2);
}
