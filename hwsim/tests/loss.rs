//! Loss: the probability matrix, overrides, lost ACKs and the SNR curve.

mod common;

use common::*;
use hwsim::{DropReason, LossMatrix, Medium, MediumConfig, RadioId, SnrMatrix, TxOutcome, TxRate};
use mac80211_core::time::{Duration, Instant};
use mac80211_core::wire::MacAddr;

/// Sends `n` broadcasts from `from`, one every 5 ms, and returns the events.
fn broadcasts(m: &mut Medium, from: RadioId, n: u16, rate: TxRate) -> Vec<(Instant, hwsim::MediumEvent)> {
    let mut ev = Vec::new();
    for i in 0..n {
        let t = Instant::from_millis(5 * u64::from(i));
        ev.extend(run(m, t));
        m.transmit(t, from, req(data(MacAddr::BROADCAST, addr(1), i, 100), rate, u64::from(i))).unwrap();
    }
    ev.extend(run(m, Instant::from_millis(5 * u64::from(n) + 100)));
    ev
}

#[test]
fn full_loss_exhausts_the_retry_limit() {
    let mut m = Medium::new(MediumConfig::new(10)).with_model(LossMatrix::new(1.0));
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 1.0));
    for limit in [0u8, 1, 4, 7] {
        let t = m.now();
        let mut r = req(data(addr(2), addr(1), u16::from(limit), 50), TxRate::OFDM_6M, u64::from(limit));
        r.retry_limit = limit;
        m.transmit(t, a, r).unwrap();
        let ev = run(&mut m, t + Duration::from_secs(1));
        let st = statuses(&ev);
        assert_eq!(st.len(), 1);
        assert_eq!((st[0].1.outcome, st[0].1.retries), (TxOutcome::NotAcked, limit));
        assert!(rx_to(&ev, b).is_empty());
    }
    let s = m.radio_stats(a).unwrap();
    assert_eq!((s.tx_frames, s.tx_retries, s.tx_failed), (1 + 2 + 5 + 8, 12, 4));
    assert_eq!(m.radio_stats(b).unwrap().drops.get(DropReason::Loss), 16);
}

#[test]
fn twenty_percent_loss_delivers_about_eighty_percent() {
    let mut m = Medium::new(MediumConfig::new(11)).with_model(LossMatrix::new(0.2));
    let a = radio_at(&mut m, 1, 0.0);
    let bs: Vec<_> = (2..5).map(|i| radio_at(&mut m, i, 1.0)).collect();
    let ev = broadcasts(&mut m, a, 2000, TxRate::OFDM_6M);
    for &b in &bs {
        let got = rx_to(&ev, b).len();
        // 2000 draws at p = 0.8: σ ≈ 18, so ±90 is 5σ.
        assert!((1510..=1690).contains(&got), "{b}: {got}");
        assert_eq!(m.radio_stats(b).unwrap().drops.get(DropReason::Loss), 2000 - got as u64);
    }
}

#[test]
fn set_loss_overrides_the_model() {
    let mut m = Medium::new(MediumConfig::new(15)).with_model(LossMatrix::new(1.0));
    let (a, b, c) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 1.0), radio_at(&mut m, 3, 1.0));
    m.set_loss(Instant::ZERO, a, b, 0.5);
    let ev = broadcasts(&mut m, a, 400, TxRate::OFDM_6M);
    let got = rx_to(&ev, b).len();
    assert!((140..=260).contains(&got), "{got}");
    assert!(rx_to(&ev, c).is_empty());
}

#[test]
fn loss_matrix_entries_are_directional() {
    let mut m = Medium::new(MediumConfig::new(12));
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 1.0));
    m.set_link_model(Instant::ZERO, Box::new(LossMatrix::new(0.0).link(a, b, 1.0)));
    let ev = broadcasts(&mut m, a, 20, TxRate::OFDM_6M);
    assert!(rx_to(&ev, b).is_empty());
    let t = m.now();
    m.transmit(t, b, req(data(MacAddr::BROADCAST, addr(2), 1, 10), TxRate::OFDM_6M, 1)).unwrap();
    let ev = run(&mut m, t + Duration::from_secs(1));
    assert_eq!(rx_to(&ev, a).len(), 1);
}

#[test]
fn a_lost_ack_causes_duplicate_deliveries() {
    let mut m = Medium::new(MediumConfig::new(13));
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 1.0));
    m.set_loss(Instant::ZERO, b, a, 1.0); // every ACK from B to A is lost
    let mut r = req(data(addr(2), addr(1), 77, 30), TxRate::OFDM_6M, 5);
    r.retry_limit = 2;
    m.transmit(Instant::ZERO, a, r).unwrap();
    let ev = run(&mut m, SEC);
    let rx = rx_to(&ev, b);
    assert_eq!(rx.len(), 3, "first attempt and two retries all arrive");
    let seq = |f: &Vec<u8>| u16::from_le_bytes([f[22], f[23]]);
    assert!(rx.iter().all(|(_, f, _)| seq(f) == seq(&rx[0].1)));
    assert_eq!(statuses(&ev)[0].1.outcome, TxOutcome::NotAcked);
    assert_eq!(m.radio_stats(b).unwrap().acks_sent, 3);
    assert_eq!(m.radio_stats(a).unwrap().acks_lost, 3);
    // Clearing the override lets the next frame through.
    m.clear_loss(SEC, b, a);
    m.transmit(SEC, a, req(data(addr(2), addr(1), 78, 30), TxRate::OFDM_6M, 6)).unwrap();
    let ev = run(&mut m, SEC + Duration::from_secs(1));
    assert!(statuses(&ev)[0].1.acked());
}

#[test]
fn snr_matrix_loses_fast_rates_first() {
    let mut m = Medium::new(MediumConfig::new(14));
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 1.0));
    m.set_link_model(Instant::ZERO, Box::new(SnrMatrix::new().symmetric(a, b, 12.0)));
    let slow = broadcasts(&mut m, a, 100, TxRate::OFDM_6M);
    let fast = broadcasts(&mut m, a, 100, TxRate::OFDM_54M);
    assert_eq!(rx_to(&slow, b).len(), 100);
    assert_eq!(rx_to(&fast, b).len(), 0);
    assert_eq!(rx_to(&slow, b)[0].2.signal_dbm, -79);
    assert_eq!(rx_to(&slow, b)[0].2.noise_dbm, -91);
}
