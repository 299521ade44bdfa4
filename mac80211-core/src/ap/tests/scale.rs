//! Many stations, and hostile input.

use super::*;
use crate::mac::PeerState;
use crate::mac::testing::{AP, STA, STA2};
use crate::time::Duration;
use crate::wire::ReasonCode;
use proptest::prelude::*;
use std::collections::BTreeSet;

#[test]
fn a_thousand_stations_associate() {
    let mut h = ap();
    for n in 1..=1000u16 {
        assert_eq!(join(&mut h, sta(n)), n);
    }
    let list = h.mac.stations(h.vif);
    assert_eq!(list.len(), 1000);
    assert!(list.iter().all(|i| i.state == PeerState::Authorized));
    // Freed AIDs are reused lowest first.
    h.rx(&frames::deauth(sta(700), OWN, OWN, ReasonCode::DeauthLeaving));
    h.rx(&frames::disassoc(sta(300), OWN, OWN, ReasonCode::DisassocStaHasLeft));
    assert_eq!(join(&mut h, sta(2000)), 300);
    assert_eq!(join(&mut h, sta(2001)), 700);
    assert_eq!(join(&mut h, sta(2002)), 1001);
    // Beacons keep coming with an empty TIM.
    assert!(tim_of(&next_beacon(&mut h)[0]).3.is_empty());
}

#[test]
fn every_aid_up_to_2007_and_no_more() {
    let mut h = ap();
    for n in 1..=2007u16 {
        assert_eq!(join(&mut h, sta(n)), n);
    }
    authenticate(&mut h, sta(3000));
    h.rx(&Req::full().frame(sta(3000)));
    let tx = h.take_tx();
    let MgmtBody::AssocResp(r) = mgmt(&tx[0]).body else { panic!() };
    assert_eq!((r.status, r.aid_field), (StatusCode::DeniedNoMoreStas, 0));
    // The TIM can name the highest AID: station 2007 dozes with a frame waiting.
    h.rx(&null_to_ds(sta(2007), 1, true));
    h.mac.handle_ethernet(h.now, h.vif, &ethernet(sta(2007), HOST, b"x")).unwrap();
    assert_eq!(tim_of(&next_beacon(&mut h)[0]).3, [2007]);
}

/// Valid frames a station might send, as mutation seeds.
fn seeds() -> Vec<Vec<u8>> {
    vec![
        frames::auth(STA, OWN, OWN, 1, StatusCode::Success),
        Req::full().frame(STA),
        Req { reassoc: true, ..Req::full() }.frame(STA2),
        frames::probe_req(STA, b""),
        frames::probe_req(STA2, b"test"),
        frames::deauth(STA, OWN, OWN, ReasonCode::DeauthLeaving),
        frames::disassoc(STA, OWN, OWN, ReasonCode::DisassocStaHasLeft),
        data_to_ds(STA, HOST, 7, false, b"payload"),
        data_to_ds(STA, MacAddr::BROADCAST, 8, true, b"payload"),
        null_to_ds(STA, 9, true),
        null_to_ds(STA2, 9, false),
        ps_poll(STA, 1),
        ps_poll(STA2, 2),
        frames::beacon(AP, b"test", 6),
    ]
}

/// One input: raw bytes, or a seed with some octets replaced and maybe cut short.
#[derive(Clone, Debug)]
enum Input {
    Raw(Vec<u8>),
    Mutated { seed: usize, edits: Vec<(usize, u8)>, cut: Option<usize> },
    Wait(u16),
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..120).prop_map(Input::Raw),
        (
            0..14usize,
            proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4),
            proptest::option::of(any::<usize>())
        )
            .prop_map(|(seed, edits, cut)| Input::Mutated { seed, edits, cut }),
        (0..2000u16).prop_map(Input::Wait),
    ]
}

fn apply(h: &mut Harness, seeds: &[Vec<u8>], input: &Input) {
    match input {
        Input::Raw(bytes) => h.rx(bytes),
        Input::Mutated { seed, edits, cut } => {
            let mut f = seeds[*seed % seeds.len()].clone();
            for &(at, v) in edits {
                let i = at % f.len();
                f[i] = v;
            }
            if let Some(c) = cut {
                f.truncate(c % (f.len() + 1));
            }
            h.rx(&f);
        }
        Input::Wait(ms) => h.advance(Duration::from_millis(u64::from(*ms))),
    }
    let _ = (h.take_tx(), h.take_events(), h.take_deliveries());
}

/// An AP with few beacons (1024 TU) and a 3 s inactivity timeout, so properties can let
/// virtual time run without paying for thousands of beacons.
fn quiet_ap() -> Harness {
    started(ApConfig {
        beacon_interval_tu: 1000,
        inactivity_timeout: Duration::from_secs(3),
        ..ApConfig::new(b"test", ch(6))
    })
}

/// AIDs are unique and non-zero exactly for associated stations.
fn check_invariants(h: &Harness) -> Result<(), TestCaseError> {
    let list = h.mac.stations(h.vif);
    let mut aids = BTreeSet::new();
    for i in &list {
        prop_assert!(i.state >= PeerState::Authenticated);
        prop_assert_eq!(i.aid != 0, i.state.is_associated());
        if i.aid != 0 {
            prop_assert!(aids.insert(i.aid), "duplicate AID {}", i.aid);
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn hostile_frames_never_panic_a_fresh_ap(inputs in proptest::collection::vec(input(), 1..40)) {
        let mut h = quiet_ap();
        let seeds = seeds();
        for i in &inputs {
            apply(&mut h, &seeds, i);
            check_invariants(&h)?;
        }
        h.advance(Duration::from_secs(4));
        prop_assert!(h.mac.stations(h.vif).is_empty(), "everyone times out");
    }

    #[test]
    fn hostile_frames_never_panic_a_busy_ap(inputs in proptest::collection::vec(input(), 1..40)) {
        let mut h = quiet_ap();
        join(&mut h, STA);
        authenticate(&mut h, STA2);
        h.rx(&null_to_ds(STA, 1, true));
        h.mac.handle_ethernet(h.now, h.vif, &ethernet(STA, HOST, b"held")).unwrap();
        h.mac.handle_ethernet(h.now, h.vif, &ethernet(MacAddr::BROADCAST, HOST, b"group")).unwrap();
        let seeds = seeds();
        for i in &inputs {
            apply(&mut h, &seeds, i);
            check_invariants(&h)?;
            let _ = h.mac.handle_ethernet(h.now, h.vif, &ethernet(STA, HOST, b"more"));
        }
        h.command(Command::StopAp(h.vif)).unwrap();
        prop_assert!(h.mac.stations(h.vif).is_empty());
    }
}
