//! Conversation tests: a real supplicant and a real authenticator talk through their actions.

use super::authenticator::Authenticator;
use super::supplicant::Supplicant;
use super::{Action, FIRST_TIMEOUT, GROUP_TIMEOUT, GroupView, RETRY_TIMEOUT, Rejected};
use crate::crypto::{Key, psk};
use crate::rand::Rng;
use crate::rsna::negotiate::own_rsne;
use crate::wire::{MacAddr, ReasonCode};

const AA: MacAddr = MacAddr([0x02, 0, 0, 0, 0, 0xaa]);
const SPA: MacAddr = MacAddr([0x02, 0, 0, 0, 0, 0x01]);

fn pmk(pass: &str) -> Key<32> {
    psk(pass, b"refnet").unwrap()
}

struct Pair {
    rng: Rng,
    auth: Authenticator,
    sup: Supplicant,
    gtk: Key<16>,
    first: Vec<Action>,
}

fn pair(ap_pass: &str, sta_pass: &str) -> Pair {
    let mut rng = Rng::new(7);
    let (auth, first) = Authenticator::start(&mut rng, pmk(ap_pass), AA, SPA, own_rsne(), own_rsne());
    let sup = Supplicant::new(pmk(sta_pass), AA, SPA, own_rsne(), own_rsne());
    Pair { rng, auth, sup, gtk: Key::new([0x11; 16]), first }
}

fn group(gtk: &Key<16>) -> GroupView<'_> {
    GroupView { index: 1, gtk, rsc: 41 }
}

/// The one EAPOL PDU among `actions`.
fn sent(actions: &[Action]) -> Vec<u8> {
    let pdus: Vec<_> = actions
        .iter()
        .filter_map(|a| match a {
            Action::Send(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(pdus.len(), 1, "{actions:?}");
    pdus[0].clone()
}

/// Runs messages 1-3 and returns (msg3, the supplicant's answer to it).
fn up_to_msg3(p: &mut Pair) -> (Vec<u8>, Vec<Action>) {
    let msg1 = sent(&p.first);
    let msg2 = sent(&p.sup.on_eapol(&mut p.rng, &msg1).unwrap());
    let msg3 = sent(&p.auth.on_eapol(&msg2, group(&p.gtk)).unwrap());
    let answer = p.sup.on_eapol(&mut p.rng, &msg3).unwrap();
    (msg3, answer)
}

#[test]
fn four_way_handshake_installs_the_same_keys_on_both_sides() {
    let mut p = pair("refpassphrase", "refpassphrase");
    assert_eq!(p.auth.retry_delay(), Some(FIRST_TIMEOUT));
    let (_, answer) = up_to_msg3(&mut p);
    let msg4 = sent(&answer);
    let (sta_tk, gtk) = match answer.as_slice() {
        [
            Action::Send(_),
            Action::InstallPairwise(i),
            Action::InstallGroup { index: 1, gtk, rsc: 41 },
            Action::Authorized,
        ] => (i.tk.clone(), gtk.clone()),
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(gtk, p.gtk);
    assert!(p.sup.is_established());
    let done = p.auth.on_eapol(&msg4, group(&p.gtk)).unwrap();
    let ap_tk = match done.as_slice() {
        [Action::InstallPairwise(i), Action::Authorized] => i.tk.clone(),
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(ap_tk, sta_tk);
    assert!(p.auth.is_established());
    assert_eq!(p.auth.retry_delay(), None);
}

#[test]
fn wrong_passphrase_fails_every_mic_and_ends_with_reason_14() {
    let mut p = pair("refpassphrase", "not-the-passphrase");
    let mut msg1 = sent(&p.first);
    for _ in 0..3 {
        let msg2 = sent(&p.sup.on_eapol(&mut p.rng, &msg1).unwrap());
        assert_eq!(p.auth.on_eapol(&msg2, group(&p.gtk)).unwrap_err(), Rejected::BadMic);
        msg1 = sent(&p.auth.timeout(group(&p.gtk)));
        assert_eq!(p.auth.retry_delay(), Some(RETRY_TIMEOUT));
    }
    let msg2 = sent(&p.sup.on_eapol(&mut p.rng, &msg1).unwrap());
    assert_eq!(p.auth.on_eapol(&msg2, group(&p.gtk)).unwrap_err(), Rejected::BadMic);
    assert!(matches!(
        p.auth.timeout(group(&p.gtk)).as_slice(),
        [Action::Fail(ReasonCode::MichaelMicFailure)]
    ));
}

#[test]
fn a_silent_station_ends_with_reason_15_after_four_messages() {
    let mut p = pair("refpassphrase", "refpassphrase");
    for _ in 0..3 {
        sent(&p.auth.timeout(group(&p.gtk)));
    }
    assert!(matches!(
        p.auth.timeout(group(&p.gtk)).as_slice(),
        [Action::Fail(ReasonCode::FourWayHandshakeTimeout)]
    ));
}

#[test]
fn a_tampered_message_3_is_refused_and_the_genuine_one_still_works() {
    let mut p = pair("refpassphrase", "refpassphrase");
    let msg1 = sent(&p.first);
    let msg2 = sent(&p.sup.on_eapol(&mut p.rng, &msg1).unwrap());
    let msg3 = sent(&p.auth.on_eapol(&msg2, group(&p.gtk)).unwrap());
    let mut tampered = msg3.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 0x01; // inside the wrapped Key Data
    assert_eq!(p.sup.on_eapol(&mut p.rng, &tampered).unwrap_err(), Rejected::BadMic);
    assert!(!p.sup.is_established());
    let answer = p.sup.on_eapol(&mut p.rng, &msg3).unwrap();
    assert!(answer.iter().any(|a| matches!(a, Action::Authorized)));
}

#[test]
fn replayed_messages_are_refused() {
    let mut p = pair("refpassphrase", "refpassphrase");
    let msg1 = sent(&p.first);
    let (msg3, answer) = up_to_msg3(&mut p);
    let msg4 = sent(&answer);
    assert_eq!(p.sup.on_eapol(&mut p.rng, &msg3).unwrap_err(), Rejected::Replayed);
    assert_eq!(p.sup.on_eapol(&mut p.rng, &msg1).unwrap_err(), Rejected::Replayed);
    p.auth.on_eapol(&msg4, group(&p.gtk)).unwrap();
    assert_eq!(p.auth.on_eapol(&msg4, group(&p.gtk)).unwrap_err(), Rejected::Unexpected);
}

#[test]
fn an_rsne_that_differs_from_the_association_ends_the_handshake_with_17() {
    let mut rng = Rng::new(1);
    let mut other = own_rsne();
    let at = other.len() - 2;
    other[at] = 0x0c; // different RSN capabilities
    let (mut auth, first) = Authenticator::start(&mut rng, pmk("refpassphrase"), AA, SPA, other, own_rsne());
    let mut sup = Supplicant::new(pmk("refpassphrase"), AA, SPA, own_rsne(), own_rsne());
    let gtk = Key::new([3; 16]);
    let msg2 = sent(&sup.on_eapol(&mut rng, &sent(&first)).unwrap());
    let out = auth.on_eapol(&msg2, group(&gtk)).unwrap();
    assert!(matches!(out.as_slice(), [Action::Fail(ReasonCode::HandshakeElementMismatch)]));

    // The station side: the AP's message 3 names another RSNE than its beacon did.
    let (mut auth, first) =
        Authenticator::start(&mut rng, pmk("refpassphrase"), AA, SPA, own_rsne(), own_rsne());
    let mut beacon = own_rsne();
    let at = beacon.len() - 2;
    beacon[at] = 0x0c;
    let mut sup = Supplicant::new(pmk("refpassphrase"), AA, SPA, own_rsne(), beacon);
    let msg2 = sent(&sup.on_eapol(&mut rng, &sent(&first)).unwrap());
    let msg3 = sent(&auth.on_eapol(&msg2, group(&gtk)).unwrap());
    let out = sup.on_eapol(&mut rng, &msg3).unwrap();
    assert!(matches!(out.as_slice(), [Action::Fail(ReasonCode::HandshakeElementMismatch)]));
}

#[test]
fn group_rekey_hands_out_the_new_gtk() {
    let mut p = pair("refpassphrase", "refpassphrase");
    let (_, answer) = up_to_msg3(&mut p);
    p.auth.on_eapol(&sent(&answer), group(&p.gtk)).unwrap();
    let new = Key::new([0x22; 16]);
    let view = GroupView { index: 2, gtk: &new, rsc: 0 };
    let g1 = sent(&p.auth.start_rekey(view));
    assert_eq!(p.auth.retry_delay(), Some(GROUP_TIMEOUT));
    let answer = p.sup.on_eapol(&mut p.rng, &g1).unwrap();
    match answer.as_slice() {
        [Action::InstallGroup { index: 2, gtk, rsc: 0 }, Action::Send(_)] => assert_eq!(gtk, &new),
        other => panic!("unexpected {other:?}"),
    }
    let acked = p.auth.on_eapol(&sent(&answer), view).unwrap();
    assert!(matches!(acked.as_slice(), [Action::GroupAcked]));
    assert_eq!(p.auth.retry_delay(), None);
}

#[test]
fn an_unanswered_group_rekey_ends_with_reason_16() {
    let mut p = pair("refpassphrase", "refpassphrase");
    let (_, answer) = up_to_msg3(&mut p);
    p.auth.on_eapol(&sent(&answer), group(&p.gtk)).unwrap();
    sent(&p.auth.start_rekey(group(&p.gtk)));
    for _ in 0..3 {
        sent(&p.auth.timeout(group(&p.gtk)));
    }
    assert!(matches!(
        p.auth.timeout(group(&p.gtk)).as_slice(),
        [Action::Fail(ReasonCode::GroupKeyUpdateTimeout)]
    ));
}
