//! A protected AP: what it advertises, which association requests it refuses, and how it
//! drives the 4-way handshake of a station that never answers.

use super::*;
use crate::mac::testing::STA;
use crate::mac::{ApSecurity, PeerState, RadioRequest};
use crate::rsna::negotiate::own_rsne;
use crate::time::Duration;
use crate::wire::ReasonCode;
use crate::wire::element::ElementId;

fn protected() -> Harness {
    let mut config = ApConfig::new(b"test", ch(6));
    config.security = Some(ApSecurity::passphrase("refpassphrase"));
    let mut h = Harness::new(VifKind::Ap);
    h.command(Command::StartAp(h.vif, config)).unwrap();
    h
}

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

/// The EAPOL-Key Key Information of a data frame carrying EAPOL, if it is one.
fn eapol_key_info(t: &Transmit) -> Option<u16> {
    let Ok(FrameRepr::Data(d)) = FrameRepr::parse(&t.frame) else { return None };
    let p = d.payload;
    (p.get(..8) == Some(&[0xaa, 0xaa, 3, 0, 0, 0, 0x88, 0x8e][..]))
        .then(|| u16::from_be_bytes([p[13], p[14]]))
}

#[test]
fn beacons_carry_the_rsn_element_and_privacy() {
    let mut h = protected();
    let tx = h.take_tx();
    let beacon = tx.iter().find(|t| is_mgmt(t, |b| matches!(b, MgmtBody::Beacon(_)))).unwrap();
    let MgmtBody::Beacon(b) = mgmt(beacon).body else { panic!() };
    assert_ne!(b.capability.0 & CapabilityInfo::PRIVACY, 0);
    let rsn = b.elements.find(ElementId::Rsn).unwrap();
    assert_eq!(rsn.body(), &own_rsne()[2..]);
    // The first GTK is offered to the radio (Key ID 1, group).
    let radio = h.take_radio();
    assert!(
        radio.iter().any(|r| matches!(r, RadioRequest::InstallKey(_, k) if k.peer.is_none() && k.index == 1))
    );
}

#[test]
fn association_requests_with_an_unusable_rsn_element_are_refused() {
    let cases: [(Option<&str>, StatusCode); 5] = [
        (None, StatusCode::InvalidElement),
        (Some("3014 0100 000fac02 0100 000fac04 0100 000fac02 0000"), StatusCode::InvalidGroupCipher),
        (Some("3014 0100 000fac04 0100 000fac02 0100 000fac02 0000"), StatusCode::InvalidPairwiseCipher),
        (Some("3014 0100 000fac04 0100 000fac04 0100 000fac01 0000"), StatusCode::InvalidAkmp),
        (Some("3002 0200"), StatusCode::UnsupportedRsneVersion),
    ];
    for (rsne, want) in cases {
        let mut h = protected();
        h.take_tx();
        h.take_events();
        authenticate(&mut h, STA);
        h.rx(&Req { rsne: rsne.map(hex), ..Req::full() }.frame(STA));
        let tx = h.take_tx();
        let [t] = &tx[..] else { panic!("{rsne:?}: {tx:?}") };
        let MgmtBody::AssocResp(r) = mgmt(t).body else { panic!() };
        assert_eq!(r.status, want, "{rsne:?}");
        assert!(h.take_events().is_empty());
    }
}

#[test]
fn a_silent_station_gets_four_messages_1_then_deauthentication_15() {
    let mut h = protected();
    h.take_tx();
    authenticate(&mut h, STA);
    h.rx(&Req { rsne: Some(own_rsne()), ..Req::full() }.frame(STA));
    let tx = h.take_tx_acked();
    assert_eq!(tx.len(), 2, "response, then message 1");
    assert_eq!(eapol_key_info(&tx[1]), Some(0x008a), "pairwise, ack, version 2");
    let state = h.mac.stations(h.vif).iter().find(|i| i.addr == STA).map(|i| i.state);
    assert_eq!(state, Some(PeerState::Associated), "port closed until the handshake");
    assert_eq!(h.take_events(), [EventKind::StationAssociated { addr: STA, aid: 1 }]);
    let mut times = Vec::new();
    let start = h.now;
    for _ in 0..3 {
        h.fire_next();
        while !h.take_tx_acked().iter().any(|t| eapol_key_info(t).is_some()) {
            h.fire_next();
        }
        times.push(h.now - start);
    }
    assert_eq!(times, [Duration::from_millis(100), Duration::from_millis(1100), Duration::from_millis(2100)]);
    h.advance(Duration::from_millis(1000));
    let tx = h.take_tx();
    let deauth_15 = |b: &MgmtBody<'_>| matches!(b, MgmtBody::Deauth(d) if d.reason == ReasonCode::FourWayHandshakeTimeout);
    assert!(tx.iter().any(|t| is_mgmt(t, deauth_15)));
    assert_eq!(
        h.take_events(),
        [EventKind::StationLeft { addr: STA, reason: ReasonCode::FourWayHandshakeTimeout, by_ap: true }]
    );
}
