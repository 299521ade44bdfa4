//! Same seed, same bytes; different seed, different outcome under loss.

mod common;

use common::*;
use hwsim::{CaptureKind, LossMatrix, Medium, MediumConfig, MediumEvent, PathLoss, TxRate};
use mac80211_core::time::Instant;
use mac80211_core::wire::MacAddr;

/// A busy little network: six radios, lossy links, fading, unicast and broadcast traffic.
fn scenario(seed: u64) -> (Vec<(Instant, MediumEvent)>, Vec<u8>, Vec<u8>) {
    let model = LossMatrix::over(PathLoss::log_distance(3.0).fading(2.0), 0.1);
    let mut m = Medium::new(MediumConfig::new(seed)).with_model(model);
    let ids: Vec<_> = (0..6).map(|i| radio_at(&mut m, i, f64::from(i) * 25.0)).collect();
    let air = m.start_capture(CaptureKind::Channel(2412));
    let at_two = m.start_capture(CaptureKind::Radio(ids[2]));
    let mut ev = Vec::new();
    for step in 0..200u64 {
        let t = Instant::from_micros(step * 700);
        ev.extend(run(&mut m, t));
        let from = (step % 6) as usize;
        let to = if step % 4 == 0 { MacAddr::BROADCAST } else { addr(((from + 1) % 6) as u8) };
        let frame = data(to, addr(from as u8), step as u16, 60 + (step as usize % 5) * 100);
        m.transmit(t, ids[from], req(frame, TxRate::OFDM_24M, step)).unwrap();
    }
    ev.extend(run(&mut m, Instant::from_millis(10_000)));
    let air = m.stop_capture(air).unwrap();
    let two = m.stop_capture(at_two).unwrap();
    (ev, air, two)
}

#[test]
fn the_same_seed_gives_identical_events_and_captures() {
    let (ev1, air1, two1) = scenario(99);
    let (ev2, air2, two2) = scenario(99);
    assert!(ev1.len() > 300, "{}", ev1.len());
    assert_eq!(ev1, ev2);
    assert_eq!(air1, air2);
    assert_eq!(two1, two2);
}

#[test]
fn a_different_seed_gives_a_different_run() {
    let (ev1, air1, _) = scenario(99);
    let (ev2, air2, _) = scenario(100);
    assert_ne!(ev1, ev2);
    assert_ne!(air1, air2);
}
