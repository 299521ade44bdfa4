//! Authentication, association, AIDs, rejections, departures and inactivity.

use super::*;
use crate::mac::testing::{AP2, STA, STA2};
use crate::mac::{DropReason, PeerState, TxRate};
use crate::time::Duration;
use crate::wire::element::{ExtSupportedRates, HtCapabilities, HtOperation, SupportedRates, WmmParam};
use crate::wire::mgmt::{AuthPayload, AuthRepr};
use crate::wire::{AuthAlgorithm, ReasonCode};

/// (algorithm, transaction, status) of the single Authentication frame sent to `to`.
fn auth_answer(h: &mut Harness, to: MacAddr) -> (AuthAlgorithm, u16, StatusCode) {
    let tx = h.take_tx();
    let [t] = &tx[..] else { panic!("{tx:?}") };
    let m = mgmt(t);
    assert_eq!((m.header.addr1, m.header.addr2, m.header.addr3), (to, Some(OWN), Some(OWN)));
    let MgmtBody::Auth(a) = m.body else { panic!("{m:?}") };
    (a.algorithm, a.transaction_seq, a.status)
}

fn auth_frame(from: MacAddr, algorithm: AuthAlgorithm, seq: u16) -> Vec<u8> {
    let body = AuthRepr {
        algorithm,
        transaction_seq: seq,
        status: StatusCode::Success,
        payload: if crate::wire::mgmt::auth_payload_is_raw(algorithm) {
            AuthPayload::Raw(&[0x13, 0])
        } else {
            AuthPayload::Elements(Elements::new(&[]))
        },
    };
    frames::mgmt(from, OWN, OWN, MgmtBody::Auth(body))
}

/// (status, AID field, element IDs, is reassociation) of the single response sent to `to`.
fn assoc_answer(h: &mut Harness, to: MacAddr) -> (StatusCode, u16, Vec<u8>, bool) {
    let tx = h.take_tx();
    let [t] = &tx[..] else { panic!("{tx:?}") };
    let m = mgmt(t);
    assert_eq!(m.header.addr1, to);
    let (r, re) = match m.body {
        MgmtBody::AssocResp(r) => (r, false),
        MgmtBody::ReassocResp(r) => (r, true),
        other => panic!("{other:?}"),
    };
    assert_eq!(r.capability.0, CapabilityInfo::ESS | CapabilityInfo::QOS | CapabilityInfo::SHORT_SLOT_TIME);
    (r.status, r.aid_field, r.elements.iter().map(|e| e.unwrap().raw_id()).collect(), re)
}

fn state_of(h: &Harness, s: MacAddr) -> Option<(PeerState, u16)> {
    h.mac.stations(h.vif).iter().find(|i| i.addr == s).map(|i| (i.state, i.aid))
}

/// The single Deauthentication or Disassociation sent, as (receiver, is disassociation, reason).
fn rejection(tx: &[Transmit]) -> (MacAddr, bool, ReasonCode) {
    let [t] = tx else { panic!("{tx:?}") };
    let m = mgmt(t);
    match m.body {
        MgmtBody::Deauth(d) => (m.header.addr1, false, d.reason),
        MgmtBody::Disassoc(d) => (m.header.addr1, true, d.reason),
        other => panic!("{other:?}"),
    }
}

#[test]
fn open_system_authentication_succeeds() {
    let mut h = ap();
    h.rx(&frames::auth(STA, OWN, OWN, 1, StatusCode::Success));
    assert_eq!(auth_answer(&mut h, STA), (AuthAlgorithm::OpenSystem, 2, StatusCode::Success));
    assert_eq!(h.take_events(), [EventKind::StationAuthenticated { addr: STA }]);
    assert_eq!(state_of(&h, STA), Some((PeerState::Authenticated, 0)));
    // A retransmitted request is answered again, without a second event.
    h.rx(&frames::auth(STA, OWN, OWN, 1, StatusCode::Success));
    assert_eq!(auth_answer(&mut h, STA).2, StatusCode::Success);
    assert!(h.take_events().is_empty());
}

#[test]
fn authentication_failures_change_nothing() {
    let cases = [
        (AuthAlgorithm::SharedKey, 1, 2, StatusCode::UnsupportedAuthAlgorithm),
        (AuthAlgorithm::from(3), 1, 2, StatusCode::UnsupportedAuthAlgorithm), // SAE
        (AuthAlgorithm::from(0x1234), 1, 2, StatusCode::UnsupportedAuthAlgorithm),
        (AuthAlgorithm::OpenSystem, 2, 3, StatusCode::TransactionSequenceError),
        (AuthAlgorithm::OpenSystem, 3, 4, StatusCode::TransactionSequenceError),
        (AuthAlgorithm::OpenSystem, 0xffff, 0, StatusCode::TransactionSequenceError),
    ];
    for (alg, seq, answer_seq, status) in cases {
        let mut h = ap();
        h.rx(&auth_frame(STA, alg, seq));
        assert_eq!(auth_answer(&mut h, STA), (alg, answer_seq, status), "{alg:?} seq {seq}");
        assert!(h.take_events().is_empty());
        assert_eq!(state_of(&h, STA), None);
    }
}

#[test]
fn association_grants_aids_in_order_and_reuses_freed_ones() {
    let mut h = ap();
    for (n, want) in [(1, 1), (2, 2), (3, 3)] {
        authenticate(&mut h, sta(n));
        h.rx(&Req::full().frame(sta(n)));
        let (status, aid_field, _, _) = assoc_answer(&mut h, sta(n));
        assert_eq!((status, aid_field), (StatusCode::Success, want | 0xc000));
        assert_eq!(h.take_events(), [EventKind::StationAssociated { addr: sta(n), aid: want }]);
        assert_eq!(state_of(&h, sta(n)), Some((PeerState::Authorized, want)));
    }
    h.rx(&frames::disassoc(sta(2), OWN, OWN, ReasonCode::DisassocStaHasLeft));
    assert_eq!(h.take_events(), [left(sta(2), ReasonCode::DisassocStaHasLeft, false)]);
    assert_eq!(state_of(&h, sta(2)), Some((PeerState::Authenticated, 0)));
    assert_eq!(join(&mut h, sta(4)), 2, "the lowest free AID");
    // sta(2) is still authenticated and may associate again directly.
    h.rx(&Req::full().frame(sta(2)));
    assert_eq!(assoc_answer(&mut h, sta(2)).1, 4 | 0xc000);
}

#[test]
fn association_response_carries_rates_ht_and_wmm() {
    let mut h = ap();
    authenticate(&mut h, STA);
    h.rx(&Req::full().frame(STA));
    let tx = h.take_tx();
    let MgmtBody::AssocResp(r) = mgmt(&tx[0]).body else { panic!() };
    let ids: Vec<u8> = r.elements.iter().map(|e| e.unwrap().raw_id()).collect();
    assert_eq!(ids, [1, 50, 45, 61, 221]);
    assert_eq!(
        r.elements.get::<SupportedRates>().unwrap().unwrap().as_bytes(),
        [0x82, 0x84, 0x8b, 0x96, 12, 18, 24, 36]
    );
    assert_eq!(r.elements.get::<ExtSupportedRates>().unwrap().unwrap().as_bytes(), [48, 72, 96, 108]);
    assert_eq!(r.elements.get::<HtCapabilities>().unwrap().unwrap(), crate::ap::beacon::ht_capabilities());
    assert_eq!(r.elements.get::<HtOperation>().unwrap().unwrap().primary_channel, 6);
    assert_eq!(r.elements.get::<WmmParam>().unwrap().unwrap(), WmmParam::ap_default());
    let info = &h.mac.stations(h.vif)[0];
    assert_eq!(info.stats.tx_rate, TxRate::Ht { mcs: 7, wide: false, short_gi: false });
}

#[test]
fn qos_and_ht_follow_what_the_station_offers() {
    // (station sends HT caps, station sends WMM) → (WMM in the response, HT granted)
    let cases = [
        ((true, true), (true, true)),
        ((true, false), (false, false)),
        ((false, true), (true, false)),
        ((false, false), (false, false)),
    ];
    for ((ht, wmm), (wmm_back, ht_granted)) in cases {
        let mut h = ap();
        authenticate(&mut h, STA);
        h.rx(&Req { ht, wmm, ..Req::full() }.frame(STA));
        let (status, _, ids, _) = assoc_answer(&mut h, STA);
        assert_eq!(status, StatusCode::Success);
        assert_eq!(ids.contains(&221), wmm_back, "ht {ht} wmm {wmm}");
        assert!(ids.contains(&45) && ids.contains(&61), "an HT AP always describes its BSS");
        let rate = h.mac.stations(h.vif)[0].stats.tx_rate;
        assert_eq!(matches!(rate, TxRate::Ht { .. }), ht_granted, "ht {ht} wmm {wmm}");
        if !ht_granted {
            assert_eq!(rate, TxRate::Legacy(108));
        }
    }
}

#[test]
fn association_policy() {
    let only_ofdm = vec![12, 18, 24, 36, 48, 72, 96, 108];
    let cases: [(&str, Req, StatusCode); 7] = [
        ("full", Req::full(), StatusCode::Success),
        ("11b only", Req { rates: vec![0x82, 0x84, 0x8b, 0x96], ..Req::full() }, StatusCode::Success),
        ("basic bits unset", Req { rates: vec![2, 4, 11, 22], ..Req::full() }, StatusCode::Success),
        ("wrong SSID", Req { ssid: Some(b"other".to_vec()), ..Req::full() }, StatusCode::UnspecifiedFailure),
        ("no SSID", Req { ssid: None, ..Req::full() }, StatusCode::UnspecifiedFailure),
        ("no rates", Req { rates: Vec::new(), ..Req::full() }, StatusCode::UnspecifiedFailure),
        (
            "no 11b basic rates",
            Req { rates: only_ofdm, ..Req::full() },
            StatusCode::RefusedBasicRatesMismatch,
        ),
    ];
    for (name, req, want) in cases {
        let mut h = ap();
        authenticate(&mut h, STA);
        h.rx(&req.frame(STA));
        let (status, aid_field, ids, _) = assoc_answer(&mut h, STA);
        assert_eq!(status, want, "{name}");
        if want == StatusCode::Success {
            assert_eq!(aid_field, 0xc001, "{name}");
        } else {
            assert_eq!((aid_field, &ids[..]), (0, &[1, 50][..]), "{name}: rates only");
            assert!(h.take_events().is_empty(), "{name}");
            assert_eq!(state_of(&h, STA), Some((PeerState::Authenticated, 0)), "{name}");
        }
    }
}

#[test]
fn station_limit_answers_17() {
    let mut h = started(ApConfig { max_stations: 2, ..ApConfig::new(b"test", ch(6)) });
    assert_eq!(join(&mut h, sta(1)), 1);
    assert_eq!(join(&mut h, sta(2)), 2);
    authenticate(&mut h, sta(3));
    h.rx(&Req::full().frame(sta(3)));
    let (status, aid_field, ids, _) = assoc_answer(&mut h, sta(3));
    assert_eq!((status, aid_field, &ids[..]), (StatusCode::DeniedNoMoreStas, 0, &[1, 50][..]));
    assert_eq!(state_of(&h, sta(3)), Some((PeerState::Authenticated, 0)));
    assert!(h.take_events().is_empty());
    // A departure makes room.
    h.rx(&frames::deauth(sta(1), OWN, OWN, ReasonCode::DeauthLeaving));
    h.take_events();
    h.rx(&Req::full().frame(sta(3)));
    assert_eq!(assoc_answer(&mut h, sta(3)).1, 1 | 0xc000);
}

#[test]
fn repeated_and_re_association_keep_the_aid() {
    let mut h = ap();
    assert_eq!(join(&mut h, STA), 1);
    join(&mut h, STA2);
    h.rx(&Req::full().frame(STA));
    assert_eq!(assoc_answer(&mut h, STA), (StatusCode::Success, 0xc001, vec![1, 50, 45, 61, 221], false));
    h.rx(&Req { reassoc: true, ..Req::full() }.frame(STA));
    assert_eq!(assoc_answer(&mut h, STA), (StatusCode::Success, 0xc001, vec![1, 50, 45, 61, 221], true));
    assert!(h.take_events().is_empty(), "no second StationAssociated");
}

#[test]
fn association_before_authentication_is_a_class_2_violation() {
    let mut h = ap();
    h.rx(&Req::full().frame(STA));
    assert_eq!(rejection(&h.take_tx()), (STA, false, ReasonCode::Class2FrameFromNonauthSta));
    assert!(h.take_events().is_empty());
    assert_eq!(state_of(&h, STA), None);
    h.rx(&Req { reassoc: true, ..Req::full() }.frame(STA));
    assert!(h.take_tx().is_empty(), "rate-limited to one per second");
    h.advance(Duration::from_secs(1));
    h.take_tx();
    h.rx(&Req::full().frame(STA));
    assert_eq!(rejection(&h.take_tx()).2, ReasonCode::Class2FrameFromNonauthSta);
}

#[test]
fn data_from_a_station_that_is_not_associated_is_a_class_3_violation() {
    let mut h = ap();
    h.rx(&data_to_ds(STA, HOST, 1, false, b"x"));
    assert_eq!(rejection(&h.take_tx()), (STA, false, ReasonCode::Class3FrameFromNonassocSta));
    authenticate(&mut h, STA2);
    h.rx(&data_to_ds(STA2, HOST, 1, false, b"x"));
    assert_eq!(rejection(&h.take_tx()), (STA2, true, ReasonCode::Class3FrameFromNonassocSta));
    // A flood gets no more answers within the second, and nothing is delivered.
    for seq in 2..50 {
        h.rx(&data_to_ds(STA, HOST, seq, false, b"x"));
    }
    assert!(h.take_tx().is_empty());
    assert!(h.take_deliveries().is_empty());
    assert_eq!(h.mac.stats(h.vif).unwrap().drops(DropReason::UnknownPeer), 50);
    h.advance(Duration::from_millis(1000));
    h.take_tx();
    h.rx(&data_to_ds(STA, HOST, 60, false, b"x"));
    assert_eq!(rejection(&h.take_tx()).0, STA);
}

#[test]
fn station_deauthentication_and_disassociation() {
    let mut h = ap();
    join(&mut h, STA);
    join(&mut h, STA2);
    h.rx(&frames::disassoc(STA, OWN, OWN, ReasonCode::DisassocStaHasLeft));
    assert_eq!(h.take_events(), [left(STA, ReasonCode::DisassocStaHasLeft, false)]);
    assert_eq!(state_of(&h, STA), Some((PeerState::Authenticated, 0)));
    // A second disassociation has nothing to end.
    h.rx(&frames::disassoc(STA, OWN, OWN, ReasonCode::DisassocStaHasLeft));
    assert!(h.take_events().is_empty());
    h.rx(&frames::deauth(STA2, OWN, OWN, ReasonCode::DeauthLeaving));
    assert_eq!(h.take_events(), [left(STA2, ReasonCode::DeauthLeaving, false)]);
    assert_eq!(state_of(&h, STA2), None);
    h.rx(&frames::deauth(STA, OWN, OWN, ReasonCode::from(36)));
    assert_eq!(h.take_events(), [left(STA, ReasonCode::from(36), false)]);
    assert!(h.mac.stations(h.vif).is_empty());
    // Unknown stations and other BSSs are ignored; the AP never answers these frames.
    h.rx(&frames::deauth(STA, OWN, OWN, ReasonCode::DeauthLeaving));
    h.rx(&frames::deauth(STA, OWN, AP2, ReasonCode::DeauthLeaving));
    assert!(h.take_events().is_empty() && h.take_tx().is_empty());
    // Both AIDs are free again.
    assert_eq!(join(&mut h, sta(9)), 1);
}

#[test]
fn frames_for_another_bss_are_ignored() {
    let mut h = ap();
    h.rx(&frames::auth(STA, OWN, AP2, 1, StatusCode::Success));
    assert!(h.take_tx().is_empty());
    assert_eq!(state_of(&h, STA), None);
}

#[test]
fn reauthentication_of_an_associated_station_starts_over() {
    let mut h = ap();
    join(&mut h, STA);
    h.rx(&frames::auth(STA, OWN, OWN, 1, StatusCode::Success));
    assert_eq!(auth_answer(&mut h, STA).2, StatusCode::Success);
    assert_eq!(
        h.take_events(),
        [left(STA, ReasonCode::PrevAuthNotValid, false), EventKind::StationAuthenticated { addr: STA }]
    );
    assert_eq!(state_of(&h, STA), Some((PeerState::Authenticated, 0)));
    h.rx(&data_to_ds(STA, HOST, 1, false, b"x"));
    assert_eq!(rejection(&h.take_tx()), (STA, true, ReasonCode::Class3FrameFromNonassocSta));
    // Its AID stays reserved: another station gets the next one, and the re-association gets
    // the old one back (hostapd's "old AID"), matching any stale response still in flight.
    assert_eq!(join(&mut h, STA2), 2);
    h.rx(&Req::full().frame(STA));
    assert_eq!(assoc_answer(&mut h, STA).1, 0xc001);
    assert_eq!(state_of(&h, STA), Some((PeerState::Authorized, 1)));
    assert_eq!(h.take_events(), [EventKind::StationAssociated { addr: STA, aid: 1 }]);
}

#[test]
fn inactive_stations_are_deauthenticated_on_time() {
    let timeout = Duration::from_secs(10);
    let mut h = started(ApConfig { inactivity_timeout: timeout, ..ApConfig::new(b"test", ch(6)) });
    h.advance(Duration::from_millis(250));
    let t0 = h.now;
    join(&mut h, STA); // heard at t0
    h.advance(Duration::from_secs(4));
    let t1 = h.now;
    authenticate(&mut h, STA2); // heard at t1, never associates
    h.advance(Duration::from_secs(1));
    h.rx(&data_to_ds(STA, HOST, 1, false, b"x")); // STA heard again at t0 + 5 s
    let heard = h.now;
    h.take_deliveries();
    // Nothing before the deadlines.
    h.advance((t1 + timeout) - h.now - Duration::from_micros(1));
    assert!(h.take_events().is_empty());
    h.take_tx();
    h.advance(Duration::from_micros(1));
    assert_eq!(h.now, t1 + timeout);
    assert_eq!(h.take_events(), [left(STA2, ReasonCode::PrevAuthNotValid, true)]);
    assert_eq!(
        rejection(&h.take_tx().into_iter().filter(|t| !is_beacon(t)).collect::<Vec<_>>()).2,
        ReasonCode::PrevAuthNotValid
    );
    h.advance((heard + timeout) - h.now - Duration::from_micros(1));
    assert!(h.take_events().is_empty());
    h.take_tx();
    assert!(t0 + timeout < heard + timeout);
    h.advance(Duration::from_micros(1));
    assert_eq!(h.take_events(), [left(STA, ReasonCode::DisassocInactivity, true)]);
    let kicks: Vec<_> = h.take_tx().into_iter().filter(|t| !is_beacon(t)).collect();
    assert_eq!(rejection(&kicks), (STA, false, ReasonCode::DisassocInactivity));
    assert!(h.mac.stations(h.vif).is_empty());
    // With nobody left, only beacons remain scheduled.
    let next = h.mac.poll_timeout().unwrap();
    assert_eq!(next.as_micros() % 102_400, 0);
}

#[test]
fn management_frames_keep_a_station_alive() {
    let timeout = Duration::from_secs(10);
    let mut h = started(ApConfig { inactivity_timeout: timeout, ..ApConfig::new(b"test", ch(6)) });
    join(&mut h, STA);
    h.advance(Duration::from_secs(8));
    h.rx(&frames::probe_req(STA, b""));
    h.advance(Duration::from_secs(8));
    assert!(h.take_events().is_empty(), "the probe request refreshed it");
    h.rx(&ps_poll(STA, 1));
    h.advance(Duration::from_secs(8));
    assert!(h.take_events().is_empty(), "the PS-Poll refreshed it");
    h.advance(Duration::from_secs(2));
    assert_eq!(h.take_events(), [left(STA, ReasonCode::DisassocInactivity, true)]);
}

#[test]
fn association_records_signal_and_ignores_tx_status() {
    let mut h = ap();
    authenticate(&mut h, STA);
    h.rx_with_signal(&Req::full().frame(STA), -61);
    let tx = h.take_tx();
    // The response was never acknowledged: like hostapd without full AP client state in the
    // driver, the AP does not wait for the ACK, so the station stays associated.
    h.fail(&tx[0], 7);
    assert_eq!(h.take_events(), [EventKind::StationAssociated { addr: STA, aid: 1 }]);
    let info = &h.mac.stations(h.vif)[0];
    assert_eq!((info.state, info.aid, info.stats.signal_dbm), (PeerState::Authorized, 1, -61));
}

#[test]
fn a_full_table_refuses_authentication() {
    let mut h = ap();
    let pending = crate::ap::clients::PENDING_LIMIT as u16;
    for n in 1..=pending {
        authenticate(&mut h, sta(n));
    }
    h.rx(&frames::auth(sta(999), OWN, OWN, 1, StatusCode::Success));
    assert_eq!(auth_answer(&mut h, sta(999)), (AuthAlgorithm::OpenSystem, 2, StatusCode::DeniedNoMoreStas));
    assert!(h.take_events().is_empty());
    // Associated stations do not count: once one associates, there is room again.
    h.rx(&Req::full().frame(sta(1)));
    h.take_tx();
    h.rx(&frames::auth(sta(999), OWN, OWN, 1, StatusCode::Success));
    assert_eq!(auth_answer(&mut h, sta(999)).2, StatusCode::Success);
}

#[test]
fn removing_the_interface_stops_the_ap() {
    let mut h = ap();
    join(&mut h, STA);
    h.command(Command::RemoveVif(h.vif)).unwrap();
    assert_eq!(h.take_events(), [left(STA, ReasonCode::DeauthLeaving, true), EventKind::ApStopped]);
    assert_eq!(h.mac.poll_timeout(), None);
}

#[test]
fn the_host_deauthenticates_one_station_or_all() {
    let mut h = ap();
    assert_eq!(join(&mut h, STA), 1);
    assert_eq!(join(&mut h, STA2), 2);
    authenticate(&mut h, sta(3));
    let one = Command::DeauthStation { vif: h.vif, addr: STA, reason: ReasonCode::Unspecified };
    h.command(one).unwrap();
    assert_eq!(rejection(&h.take_tx()), (STA, false, ReasonCode::Unspecified));
    assert_eq!(h.take_events(), [left(STA, ReasonCode::Unspecified, true)]);
    assert_eq!(state_of(&h, STA), None);
    assert_eq!(state_of(&h, STA2), Some((PeerState::Authorized, 2)));
    // Its AID is free again.
    assert_eq!(join(&mut h, sta(4)), 1);
    // An unknown station is refused and nothing is sent.
    let unknown = Command::DeauthStation { vif: h.vif, addr: sta(9), reason: ReasonCode::Unspecified };
    assert_eq!(h.command(unknown), Err(crate::mac::CommandError::NoSuchStation(sta(9))));
    assert!(h.take_tx().is_empty() && h.take_events().is_empty());
    // Broadcast: one group-addressed frame, every station (authenticated ones too) leaves.
    let all = Command::DeauthStation { vif: h.vif, addr: MacAddr::BROADCAST, reason: ReasonCode::from(36) };
    h.command(all).unwrap();
    assert_eq!(rejection(&h.take_tx()), (MacAddr::BROADCAST, false, ReasonCode::from(36)));
    let mut gone: Vec<MacAddr> = h
        .take_events()
        .into_iter()
        .map(|e| match e {
            EventKind::StationLeft { addr, reason, by_ap: true } if reason == ReasonCode::from(36) => addr,
            other => panic!("{other:?}"),
        })
        .collect();
    gone.sort();
    let mut want = vec![STA2, sta(3), sta(4)];
    want.sort();
    assert_eq!(gone, want);
    assert!(h.mac.stations(h.vif).is_empty());
    // Not on a stopped AP, nor on a station interface.
    h.command(Command::StopAp(h.vif)).unwrap();
    let again = Command::DeauthStation { vif: h.vif, addr: STA, reason: ReasonCode::Unspecified };
    assert_eq!(h.command(again), Err(crate::mac::CommandError::NotActive("started")));
}

#[test]
fn a_retransmitted_request_is_answered_once() {
    let mut h = ap();
    // The station's first Authentication reached us but our ACK was lost: it comes again
    // with Retry set and the same sequence number (802.11-2020 10.3.2.14).
    let auth = frames::auth(STA, OWN, OWN, 1, StatusCode::Success);
    let mut retry = auth.clone();
    retry[1] |= 0x08;
    h.rx(&auth);
    assert_eq!(auth_answer(&mut h, STA).2, StatusCode::Success);
    h.rx(&retry);
    assert!(h.take_tx().is_empty(), "a retransmission is not answered again");
    assert_eq!(h.mac.stats(h.vif).unwrap().drops(DropReason::Duplicate), 1);
    assert_eq!(h.take_events(), [EventKind::StationAuthenticated { addr: STA }]);
    // The same for an Association Request (its own sequence number, 1 again in the harness):
    // the record survives the authentication that restarted the station's data counters.
    let assoc = Req::full().frame(STA);
    let mut assoc_retry = assoc.clone();
    assoc_retry[22] = 0x20; // sequence number 2
    assoc_retry[1] |= 0x08;
    let mut assoc = assoc;
    assoc[22] = 0x20;
    h.rx(&assoc);
    assert_eq!(assoc_answer(&mut h, STA).0, StatusCode::Success);
    h.rx(&assoc_retry);
    assert!(h.take_tx().is_empty());
    assert_eq!(h.mac.stats(h.vif).unwrap().drops(DropReason::Duplicate), 2);
    // Without Retry a repeat is a new request and is answered (the same AID).
    h.rx(&assoc);
    assert_eq!(assoc_answer(&mut h, STA).1, 0xc001);
}
