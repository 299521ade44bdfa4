//! Fault verbs: partition and heal, hold and release, mutate.

mod common;

use common::*;
use hwsim::{DropReason, Medium, MediumConfig, MediumEvent, TxOutcome, TxRate};
use mac80211_core::time::{Duration, Instant};
use mac80211_core::wire::MacAddr;

#[test]
fn partitions_separate_groups_until_healed() {
    let mut m = Medium::new(MediumConfig::new(40));
    let ids: Vec<_> = (0..4).map(|i| radio_at(&mut m, i, 0.0)).collect();
    m.partition(Instant::ZERO, &[&ids[..2], &ids[2..3]]); // ids[3] is in no group
    m.transmit(Instant::ZERO, ids[0], req(data(MacAddr::BROADCAST, addr(0), 1, 10), TxRate::OFDM_6M, 1))
        .unwrap();
    let mut r = req(data(addr(2), addr(0), 2, 10), TxRate::OFDM_6M, 2);
    r.retry_limit = 1;
    m.transmit(Instant::ZERO, ids[0], r).unwrap();
    let ev = run(&mut m, SEC);
    assert_eq!(rx_to(&ev, ids[1]).len(), 3, "the broadcast and both attempts of the unicast");
    assert!(rx_to(&ev, ids[2]).is_empty() && rx_to(&ev, ids[3]).is_empty());
    assert_eq!(statuses(&ev)[1].1.outcome, TxOutcome::NotAcked);
    assert_eq!(m.radio_stats(ids[2]).unwrap().drops.get(DropReason::Partitioned), 3);
    m.heal(SEC);
    m.transmit(SEC, ids[0], req(data(addr(2), addr(0), 3, 10), TxRate::OFDM_6M, 3)).unwrap();
    let ev = run(&mut m, SEC + Duration::from_secs(1));
    assert!(statuses(&ev)[0].1.acked());
}

#[test]
fn partitioned_radios_do_not_sense_each_other() {
    // Both sides transmit long frames at once: with the partition they overlap freely and
    // each side still receives its own group's frame.
    let mut m = Medium::new(MediumConfig::new(41));
    let ids: Vec<_> = (0..4).map(|i| radio_at(&mut m, i, 0.0)).collect();
    m.partition(Instant::ZERO, &[&ids[..2], &ids[2..]]);
    for k in [0, 2] {
        let q = req(data(MacAddr::BROADCAST, addr(k as u8), 1, 1000), TxRate::DSSS_1M, 1);
        m.transmit(Instant::ZERO, ids[k], q).unwrap();
    }
    let ev = run(&mut m, SEC);
    assert_eq!(rx_to(&ev, ids[1]).len(), 1);
    assert_eq!(rx_to(&ev, ids[3]).len(), 1);
    assert_eq!(m.stats().collisions, 0);
}

#[test]
fn held_frames_arrive_at_release_and_are_still_acked() {
    let mut m = Medium::new(MediumConfig::new(42));
    let (a, b, c) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 0.0), radio_at(&mut m, 3, 0.0));
    let addr_b = addr(2);
    m.hold(Instant::ZERO, Box::new(move |f| f.to_addr == addr_b && f.frame[0] == 0x08));
    m.transmit(Instant::ZERO, a, req(data(addr(2), addr(1), 1, 10), TxRate::OFDM_6M, 1)).unwrap();
    m.transmit(Instant::ZERO, c, req(data(MacAddr::BROADCAST, addr(3), 1, 10), TxRate::OFDM_6M, 2)).unwrap();
    let ev = run(&mut m, SEC);
    assert!(rx_to(&ev, b).is_empty());
    assert_eq!(rx_to(&ev, a).len(), 1, "other receivers are not affected");
    assert_eq!(m.held(), 2);
    assert!(statuses(&ev).iter().any(|(_, s)| s.cookie == 1 && s.acked()), "the hardware ACKed it");
    let release_at = SEC + Duration::from_millis(5);
    assert_eq!(m.release(release_at), 2);
    let mut out = Vec::new();
    while let Some(e) = m.poll(release_at) {
        out.push(e);
    }
    assert_eq!(out.len(), 2);
    assert!(
        out.iter().all(
            |e| matches!(e, MediumEvent::Rx { to, info, .. } if *to == b && info.timestamp == release_at)
        )
    );
    assert_eq!(m.held(), 0);
    // The filter is gone: new frames flow.
    m.transmit(release_at, a, req(data(addr(2), addr(1), 2, 10), TxRate::OFDM_6M, 3)).unwrap();
    assert_eq!(rx_to(&run(&mut m, Instant::from_millis(2000)), b).len(), 1);
}

#[test]
fn mutations_rewrite_matching_deliveries_in_order() {
    let mut m = Medium::new(MediumConfig::new(43));
    let (a, b, c) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 0.0), radio_at(&mut m, 3, 0.0));
    let t = Instant::ZERO;
    m.mutate(t, Box::new(move |f| f.to == b), Box::new(|bytes| bytes[24] ^= 0xff));
    m.mutate(t, Box::new(move |f| f.to == b && f.frame[24] == 0xff), Box::new(|bytes| bytes.truncate(25)));
    let frame = data(MacAddr::BROADCAST, addr(1), 1, 10);
    m.transmit(t, a, req(frame.clone(), TxRate::OFDM_6M, 1)).unwrap();
    let ev = run(&mut m, SEC);
    assert_eq!(rx_to(&ev, c)[0].1, frame);
    let got = &rx_to(&ev, b)[0].1;
    assert_eq!(got.len(), 25);
    assert_eq!(got[24], 0xff);
}

#[test]
fn rewriting_address_one_suppresses_the_ack() {
    let mut m = Medium::new(MediumConfig::new(44));
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 0.0));
    let t = Instant::ZERO;
    m.mutate(t, Box::new(|_| true), Box::new(|bytes| bytes[4..10].copy_from_slice(&[0x02, 0, 0, 0, 0, 9])));
    let mut r = req(data(addr(2), addr(1), 1, 10), TxRate::OFDM_6M, 1);
    r.retry_limit = 1;
    m.transmit(t, a, r).unwrap();
    let ev = run(&mut m, SEC);
    assert_eq!(rx_to(&ev, b).len(), 2);
    assert_eq!(statuses(&ev)[0].1.outcome, TxOutcome::NotAcked);
    m.clear_mutations(SEC);
    m.transmit(SEC, a, req(data(addr(2), addr(1), 2, 10), TxRate::OFDM_6M, 2)).unwrap();
    assert!(statuses(&run(&mut m, Instant::from_millis(2000)))[0].1.acked());
}
