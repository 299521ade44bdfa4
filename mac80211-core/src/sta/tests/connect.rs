//! Joining: choice of BSS, implicit scan, authentication and association with their
//! failures, and the link that results.

use super::*;
use crate::mac::testing::AP2;
use crate::mac::{CommandError, ConnectFailure, PeerState, TxRate};
use crate::sta::scan::PROBE_JITTER_MAX;
use crate::wire::element::{Ssid, WmmInfo};
use crate::wire::mgmt::AuthRepr;
use crate::wire::{AuthAlgorithm, ReasonCode};

/// The single frame queued, parsed as an Authentication request to `bssid`.
fn expect_auth_req(h: &mut Harness, bssid: MacAddr) -> Transmit {
    let tx = h.take_tx();
    assert_eq!(tx.len(), 1, "{tx:?}");
    let t = tx.into_iter().next().unwrap();
    let m = parse(&t);
    assert_eq!((m.header.addr1, m.header.addr2, m.header.addr3), (bssid, Some(OWN), Some(bssid)));
    let MgmtBody::Auth(AuthRepr { algorithm, transaction_seq, status, .. }) = m.body else { panic!("{m:?}") };
    assert_eq!((algorithm, transaction_seq, status), (AuthAlgorithm::OpenSystem, 1, StatusCode::Success));
    t
}

/// Station authenticated with the HT/WMM AP "net", association request drained.
fn associating() -> Harness {
    let mut h = Harness::station();
    h.rx(&ht_beacon(AP, b"net", 6));
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    h.take_tx();
    h.rx(&frames::auth(AP, OWN, AP, 2, StatusCode::Success));
    h.take_tx();
    h.take_events();
    h
}

#[test]
fn happy_path_events_frames_and_link() {
    let mut h = Harness::station();
    h.rx(&ht_beacon(AP, b"net", 6));
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    assert_eq!(channel_switches(&mut h), [6]);
    expect_auth_req(&mut h, AP);
    assert_eq!(h.take_events(), [EventKind::Authenticating { bssid: AP, attempt: 1 }]);

    h.rx(&frames::auth(AP, OWN, AP, 2, StatusCode::Success));
    assert_eq!(
        h.take_events(),
        [EventKind::Authenticated { bssid: AP }, EventKind::Associating { bssid: AP, attempt: 1 }]
    );
    let tx = h.take_tx();
    assert_eq!(tx.len(), 1);
    let m = parse(&tx[0]);
    assert_eq!((m.header.addr1, m.header.addr3), (AP, Some(AP)));
    let MgmtBody::AssocReq(req) = m.body else { panic!("{m:?}") };
    let want_cap = CapabilityInfo::ESS | CapabilityInfo::SHORT_SLOT_TIME | CapabilityInfo::QOS;
    assert_eq!((req.capability.0, req.listen_interval), (want_cap, 10));
    assert_eq!(req.elements.get::<Ssid>().unwrap().unwrap().as_bytes(), b"net");
    assert_eq!(crate::sta::elements::rates_of(req.elements), crate::mac::rates::RATES_2GHZ);
    assert!(matches!(req.elements.get::<HtCapabilities>(), Some(Ok(_))));
    let wmm = req.elements.get::<WmmInfo>().unwrap().unwrap();
    assert_eq!((wmm.version, wmm.qos_info.0), (1, 0));

    h.advance(Duration::from_millis(3));
    h.rx(&assoc_resp_with(AP, StatusCode::Success, 5, &ht_wmm_ies(6)));
    assert_eq!(
        h.take_events(),
        [EventKind::Connected {
            bssid: AP,
            ssid: b"net".to_vec(),
            channel: chan(6),
            aid: 5,
            protected: false
        }]
    );
    let link = h.mac.link(h.vif).unwrap();
    assert_eq!((link.bssid, link.ssid.as_slice(), link.channel, link.aid), (AP, &b"net"[..], chan(6), 5));
    assert_eq!(link.stats.connected_at, Instant::from_millis(3));
    assert_eq!(link.stats.tx_rate, TxRate::Ht { mcs: 7, wide: false, short_gi: false }, "both HT");
    assert_eq!(link.stats.signal_dbm, -40);
    let peers = h.mac.stations(h.vif);
    assert_eq!((peers[0].addr, peers[0].aid, peers[0].state), (AP, 5, PeerState::Authorized));
    assert!(h.take_tx().is_empty());
    assert!(h.take_radio().is_empty());
}

#[test]
fn legacy_ap_gets_no_ht_no_wmm_and_legacy_rates() {
    let mut h = Harness::station();
    h.rx(&frames::beacon(AP, b"old", 6));
    h.command(Command::Connect(h.vif, connect_req(b"old"))).unwrap();
    h.take_tx();
    h.rx(&frames::auth(AP, OWN, AP, 2, StatusCode::Success));
    let tx = h.take_tx();
    let MgmtBody::AssocReq(req) = parse(&tx[0]).body else { panic!() };
    assert_eq!(req.capability.0, CapabilityInfo::ESS | CapabilityInfo::SHORT_SLOT_TIME);
    assert!(req.elements.get::<HtCapabilities>().is_none());
    assert!(req.elements.get::<WmmInfo>().is_none());
    // The AP's response offers only 1-11 Mb/s: the link sends at 11 Mb/s.
    let mut ies = Vec::new();
    push_element(
        &mut ies,
        &crate::wire::element::SupportedRatesRepr {
            entries: [0x82, 0x84, 0x8b, 0x96].map(crate::wire::element::RateEntry::from_octet).to_vec(),
        },
    )
    .unwrap();
    let body = AssocRespRepr {
        capability: CapabilityInfo(CapabilityInfo::ESS),
        status: StatusCode::Success,
        aid_field: 0xc001,
        elements: Elements::new(&ies),
    };
    h.rx(&frames::mgmt(AP, OWN, AP, MgmtBody::AssocResp(body)));
    assert_eq!(h.mac.link(h.vif).unwrap().stats.tx_rate, TxRate::Legacy(22));
}

#[test]
fn connect_picks_the_strongest_bss_of_the_ssid() {
    let mut h = Harness::station();
    let other = MacAddr([2, 0, 0, 0, 0x0a, 3]);
    h.rx_with_signal(&frames::beacon(AP, b"net", 1), -60);
    h.rx_with_signal(&frames::beacon(AP2, b"net", 11), -45);
    h.rx_with_signal(&frames::beacon(other, b"elsewhere", 6), -20);
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    assert_eq!(channel_switches(&mut h), [11]);
    expect_auth_req(&mut h, AP2);
    assert_eq!(h.take_events(), [EventKind::Authenticating { bssid: AP2, attempt: 1 }]);
}

#[test]
fn connect_by_bssid_or_channel_narrows_the_choice() {
    for (bssid, channel, want) in
        [(Some(AP), None, AP), (None, Some(chan(1)), AP), (Some(AP2), Some(chan(11)), AP2), (None, None, AP2)]
    {
        let mut h = Harness::station();
        h.rx_with_signal(&frames::beacon(AP, b"net", 1), -70);
        h.rx_with_signal(&frames::beacon(AP2, b"net", 11), -40);
        let req = ConnectRequest { ssid: b"net".to_vec(), bssid, channel, credentials: None };
        h.command(Command::Connect(h.vif, req)).unwrap();
        expect_auth_req(&mut h, want);
    }
}

#[test]
fn connect_by_bssid_reaches_a_hidden_bss_with_the_requested_ssid() {
    let mut h = Harness::station();
    h.rx(&frames::beacon(AP, b"", 6));
    let req = ConnectRequest { ssid: b"secret".to_vec(), bssid: Some(AP), channel: None, credentials: None };
    h.command(Command::Connect(h.vif, req)).unwrap();
    expect_auth_req(&mut h, AP);
    h.rx(&frames::auth(AP, OWN, AP, 2, StatusCode::Success));
    let tx = h.take_tx();
    let MgmtBody::AssocReq(r) = parse(&tx[0]).body else { panic!() };
    assert_eq!(r.elements.get::<Ssid>().unwrap().unwrap().as_bytes(), b"secret");
}

#[test]
fn connect_with_no_bss_scans_three_rounds_then_fails() {
    let mut h = Harness::station();
    h.rx(&frames::beacon(AP, b"other", 1));
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    // The directed scan covers every channel: the request named none.
    let directed = scope(&[b"net"], &ALL_CHANNELS);
    assert_eq!(h.take_events(), [scan_started(&directed)]);
    h.advance(PROBE_JITTER_MAX);
    let tx = h.take_tx();
    let MgmtBody::ProbeReq(p) = parse(&tx[0]).body else { panic!() };
    assert_eq!(p.elements.get::<Ssid>().unwrap().unwrap().as_bytes(), b"net", "directed probe");
    // Each round visits channels 1, 6 and 11 for 30 ms; nothing answers.
    let round_ends = [90, 180, 270].map(Instant::from_millis);
    for (i, end) in round_ends.into_iter().enumerate() {
        advance_to(&mut h, just_before(end));
        assert!(h.take_events().is_empty(), "round {i}");
        h.advance(Duration::from_micros(1));
        let last = if i < 2 {
            scan_started(&directed)
        } else {
            EventKind::ConnectFailed { bssid: None, failure: ConnectFailure::NoBss }
        };
        assert_eq!(h.take_events(), [scan_done(false, 1, &directed), last], "round {i}");
    }
    // Idle again: a new attempt is accepted.
    assert!(h.command(Command::Connect(h.vif, connect_req(b"net"))).is_ok());
}

#[test]
fn a_second_scan_round_finds_a_bss_the_first_missed() {
    let mut h = Harness::station();
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    advance_to(&mut h, Instant::from_millis(90));
    let directed = scope(&[b"net"], &ALL_CHANNELS);
    assert_eq!(
        h.take_events(),
        [scan_started(&directed), scan_done(false, 0, &directed), scan_started(&directed)]
    );
    // The AP's probe response arrives during the second round, on channel 1.
    h.take_tx();
    h.rx(&frames::probe_resp(AP, OWN, b"net", 1));
    advance_to(&mut h, Instant::from_millis(180));
    let events = h.take_events();
    assert_eq!(events[0], scan_done(false, 1, &directed));
    assert!(matches!(events[1], EventKind::Authenticating { bssid: AP, attempt: 1 }), "{events:?}");
}

#[test]
fn implicit_scan_finds_the_bss_and_connects() {
    let mut h = Harness::station();
    let req =
        ConnectRequest { ssid: b"net".to_vec(), bssid: None, channel: Some(chan(11)), credentials: None };
    h.command(Command::Connect(h.vif, req)).unwrap();
    assert_eq!(channel_switches(&mut h), [11], "only the requested channel");
    h.advance(PROBE_JITTER_MAX);
    h.take_tx();
    h.rx(&bss_frame(AP, b"net", 11, &ht_wmm_ies(11), true));
    advance_to(&mut h, Instant::from_millis(30));
    expect_auth_req(&mut h, AP);
    h.rx(&frames::auth(AP, OWN, AP, 2, StatusCode::Success));
    h.rx(&assoc_resp_with(AP, StatusCode::Success, 1, &ht_wmm_ies(11)));
    assert_eq!(
        h.take_events(),
        [
            scan_started(&scope(&[b"net"], &[11])),
            scan_done(false, 1, &scope(&[b"net"], &[11])),
            EventKind::Authenticating { bssid: AP, attempt: 1 },
            EventKind::Authenticated { bssid: AP },
            EventKind::Associating { bssid: AP, attempt: 1 },
            EventKind::Connected {
                bssid: AP,
                ssid: b"net".to_vec(),
                channel: chan(11),
                aid: 1,
                protected: false
            },
        ]
    );
}

#[test]
fn auth_rejected() {
    let mut h = Harness::station();
    h.rx(&frames::beacon(AP, b"net", 6));
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    h.take_events();
    h.rx(&frames::auth(AP, OWN, AP, 2, StatusCode::UnsupportedAuthAlgorithm));
    assert_eq!(
        h.take_events(),
        [EventKind::ConnectFailed {
            bssid: Some(AP),
            failure: ConnectFailure::AuthRejected(StatusCode::UnsupportedAuthAlgorithm)
        }]
    );
    assert_eq!(h.mac.poll_timeout(), Some(Instant::from_millis(30_000)), "only BSS expiry left");
}

#[test]
fn auth_times_out_after_three_tries_200_ms_apart() {
    let mut h = Harness::station();
    h.rx(&frames::beacon(AP, b"net", 6));
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    let mut sent = Vec::new();
    loop {
        for _ in h.take_tx() {
            sent.push(h.now);
        }
        let events = h.take_events();
        if let Some(EventKind::ConnectFailed { bssid, failure }) = events.last() {
            assert_eq!((*bssid, *failure), (Some(AP), ConnectFailure::AuthTimeout));
            break;
        }
        assert!(h.fire_next());
    }
    assert_eq!(sent, [0, 200, 400].map(Instant::from_millis));
    assert_eq!(h.now, Instant::from_millis(600));
}

#[test]
fn an_unacknowledged_auth_request_is_retried_at_once() {
    let mut h = Harness::station();
    h.rx(&frames::beacon(AP, b"net", 6));
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    let first = expect_auth_req(&mut h, AP);
    h.advance(Duration::from_millis(5));
    h.fail(&first, 7);
    let second = expect_auth_req(&mut h, AP);
    assert_eq!(h.take_events().last(), Some(&EventKind::Authenticating { bssid: AP, attempt: 2 }));
    // An acknowledged request waits the full timeout; a late failure of an old one is ignored.
    h.ack(&second);
    h.fail(&first, 7);
    assert!(h.take_tx().is_empty());
    advance_to(&mut h, Instant::from_millis(205));
    expect_auth_req(&mut h, AP);
}

#[test]
fn stray_auth_frames_are_ignored() {
    let mut h = Harness::station();
    h.rx(&frames::beacon(AP, b"net", 6));
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    h.take_events();
    h.rx(&frames::auth(AP2, OWN, AP2, 2, StatusCode::Success)); // other BSS
    h.rx(&frames::auth(AP, OWN, AP, 4, StatusCode::Success)); // wrong transaction
    let sae = AuthRepr {
        algorithm: AuthAlgorithm::Sae,
        transaction_seq: 2,
        status: StatusCode::Success,
        payload: crate::wire::mgmt::AuthPayload::Raw(&[]),
    };
    h.rx(&frames::mgmt(AP, OWN, AP, MgmtBody::Auth(sae))); // wrong algorithm
    h.rx(&assoc_resp_with(AP, StatusCode::Success, 1, &[])); // not associating yet
    assert!(h.take_events().is_empty());
    h.rx(&frames::auth(AP, OWN, AP, 2, StatusCode::Success));
    assert_eq!(h.take_events()[0], EventKind::Authenticated { bssid: AP });
}

#[test]
fn assoc_rejected() {
    let mut h = associating();
    h.rx(&assoc_resp_with(AP, StatusCode::DeniedNoMoreStas, 0, &[]));
    assert_eq!(
        h.take_events(),
        [EventKind::ConnectFailed {
            bssid: Some(AP),
            failure: ConnectFailure::AssocRejected(StatusCode::DeniedNoMoreStas)
        }]
    );
    assert!(h.mac.link(h.vif).is_none());
}

#[test]
fn assoc_times_out_after_three_tries() {
    let mut h = associating();
    let start = h.now;
    let mut attempts = Vec::new();
    while h.fire_next() {
        for e in h.take_events() {
            match e {
                EventKind::Associating { attempt, .. } => attempts.push((attempt, h.now - start)),
                EventKind::ConnectFailed { failure, .. } => {
                    assert_eq!(failure, ConnectFailure::AssocTimeout);
                    assert_eq!(h.now - start, Duration::from_millis(600));
                    assert_eq!(attempts, [(2, Duration::from_millis(200)), (3, Duration::from_millis(400))]);
                    return;
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(h.take_tx().iter().all(|t| is(t, |b| matches!(b, MgmtBody::AssocReq(_)))));
    }
    panic!("no failure");
}

#[test]
fn an_aid_out_of_range_fails_the_association_and_deauthenticates() {
    for aid in [0u16, 2008, 0x3fff] {
        let mut h = associating();
        h.rx(&assoc_resp_with(AP, StatusCode::Success, aid, &[]));
        assert_eq!(
            h.take_events(),
            [EventKind::ConnectFailed {
                bssid: Some(AP),
                failure: ConnectFailure::AssocRejected(StatusCode::UnspecifiedFailure)
            }],
            "aid {aid}"
        );
        let tx = h.take_tx();
        let MgmtBody::Deauth(d) = parse(&tx[0]).body else { panic!() };
        assert_eq!(d.reason, ReasonCode::Unspecified);
        assert!(h.mac.link(h.vif).is_none());
    }
    // The limits themselves are fine.
    let mut h = associating();
    h.rx(&assoc_resp_with(AP, StatusCode::Success, 2007, &[]));
    assert_eq!(h.mac.link(h.vif).unwrap().aid, 2007);
}

#[test]
fn deauth_or_disassoc_while_connecting_fails_the_attempt() {
    let mut h = Harness::station();
    h.rx(&frames::beacon(AP, b"net", 6));
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    h.take_events();
    h.rx(&frames::deauth(AP2, OWN, AP2, ReasonCode::Unspecified)); // someone else: ignored
    assert!(h.take_events().is_empty());
    h.rx(&frames::deauth(AP, OWN, AP, ReasonCode::DisassocApBusy));
    assert_eq!(
        h.take_events(),
        [EventKind::ConnectFailed {
            bssid: Some(AP),
            failure: ConnectFailure::Kicked(ReasonCode::DisassocApBusy)
        }]
    );
    let mut h = associating();
    h.rx(&frames::disassoc(AP, OWN, AP, ReasonCode::Class3FrameFromNonassocSta));
    assert_eq!(
        h.take_events(),
        [EventKind::ConnectFailed {
            bssid: Some(AP),
            failure: ConnectFailure::Kicked(ReasonCode::Class3FrameFromNonassocSta)
        }]
    );
}

#[test]
fn connect_refusals() {
    let mut h = Harness::station();
    let vif = h.vif;
    let bad = |ssid: &[u8]| Command::Connect(vif, connect_req(ssid));
    assert!(matches!(h.command(bad(b"")), Err(CommandError::Invalid(_))));
    assert!(matches!(h.command(bad(&[b'x'; 33])), Err(CommandError::Invalid(_))));
    let off_band = ConnectRequest { channel: Some(Channel::from_freq(5180)), ..connect_req(b"net") };
    assert!(matches!(h.command(Command::Connect(h.vif, off_band)), Err(CommandError::Invalid(_))));
    h.rx(&frames::beacon(AP, b"net", 6));
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    assert_eq!(
        h.command(Command::Connect(h.vif, connect_req(b"net"))),
        Err(CommandError::Busy("connecting"))
    );
    assert_eq!(
        h.command(Command::Scan(h.vif, ScanRequest::default())),
        Err(CommandError::Busy("connecting"))
    );

    let (mut h, _) = connected();
    assert_eq!(
        h.command(Command::Connect(h.vif, connect_req(b"net"))),
        Err(CommandError::Already("connected"))
    );
    assert_eq!(
        h.command(Command::Connect(h.vif, connect_req(b"other"))),
        Err(CommandError::Busy("connected to another network"))
    );
}

#[test]
fn disconnect_while_connecting_cancels() {
    // Authenticating: the AP hears Deauthentication (reason 3).
    let mut h = Harness::station();
    h.rx(&frames::beacon(AP, b"net", 6));
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    h.take_tx();
    h.take_events();
    h.command(Command::Disconnect(h.vif)).unwrap();
    assert_eq!(
        h.take_events(),
        [EventKind::ConnectFailed { bssid: Some(AP), failure: ConnectFailure::Cancelled }]
    );
    let tx = h.take_tx();
    let MgmtBody::Deauth(d) = parse(&tx[0]).body else { panic!() };
    assert_eq!(d.reason, ReasonCode::DeauthLeaving);
    h.advance(Duration::from_secs(1));
    assert!(h.take_tx().is_empty(), "no retries after cancelling");

    // Still scanning for the BSS: nothing to tell an AP.
    let mut h = Harness::station();
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    h.take_events();
    h.command(Command::Disconnect(h.vif)).unwrap();
    assert_eq!(
        h.take_events(),
        [
            scan_done(true, 0, &scope(&[b"net"], &ALL_CHANNELS)),
            EventKind::ConnectFailed { bssid: None, failure: ConnectFailure::Cancelled }
        ]
    );
    assert!(h.take_tx().is_empty());
    assert_eq!(h.mac.poll_timeout(), None);
}

#[test]
fn aborting_the_implicit_scan_connects_with_what_was_found() {
    let mut h = Harness::station();
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    h.rx(&frames::probe_resp(AP, OWN, b"net", 1));
    h.command(Command::AbortScan(h.vif)).unwrap();
    let events = h.take_events();
    assert_eq!(events[1], scan_done(true, 1, &scope(&[b"net"], &ALL_CHANNELS)));
    assert_eq!(events[2], EventKind::Authenticating { bssid: AP, attempt: 1 });
}

#[test]
fn connect_is_busy_when_another_interface_holds_another_channel() {
    // The first station holds channel 6; a second one may not connect elsewhere.
    let (mut h, _) = connected();
    let second = match h.command(Command::AddVif { kind: crate::mac::VifKind::Station, addr: None }) {
        Ok(crate::mac::CommandOutput::VifAdded(v)) => v,
        other => panic!("{other:?}"),
    };
    h.rx(&frames::beacon(AP2, b"far", 11));
    h.rx(&ht_beacon(AP, b"net", 6));
    let busy = Err(CommandError::Busy("another interface operates on a different channel"));
    assert_eq!(h.command(Command::Connect(second, connect_req(b"far"))), busy);
    let pinned = ConnectRequest { channel: Some(chan(1)), ..connect_req(b"unknown") };
    assert_eq!(h.command(Command::Connect(second, pinned)), busy);
    // Its own channel is fine.
    h.vif = second;
    h.take_events();
    h.command(Command::Connect(second, connect_req(b"net"))).unwrap();
    assert_eq!(h.take_events(), [EventKind::Authenticating { bssid: AP, attempt: 1 }]);
    assert!(is(&h.take_tx()[0], |b| matches!(b, MgmtBody::Auth(_))));
}
