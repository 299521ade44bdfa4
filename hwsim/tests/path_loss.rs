//! Position-based reception: range, signal ordering and mobility.

mod common;

use common::*;
use hwsim::{DropReason, Medium, MediumConfig, PathLoss, TxOutcome, TxRate};
use mac80211_core::time::{Duration, Instant};
use mac80211_core::wire::MacAddr;

#[test]
fn signal_falls_with_distance_and_far_radios_hear_nothing() {
    let mut m = Medium::new(MediumConfig::new(30)).with_model(PathLoss::log_distance(3.0));
    let a = radio_at(&mut m, 1, 0.0);
    let near = radio_at(&mut m, 2, 5.0);
    let mid = radio_at(&mut m, 3, 40.0);
    let edge = radio_at(&mut m, 4, 150.0);
    let far = radio_at(&mut m, 5, 2000.0);
    m.transmit(Instant::ZERO, a, req(data(MacAddr::BROADCAST, addr(1), 1, 50), TxRate::OFDM_6M, 1)).unwrap();
    let ev = run(&mut m, SEC);
    let signal = |r| rx_to(&ev, r).first().map(|(_, _, i)| i.signal_dbm);
    let (s_near, s_mid) = (signal(near).unwrap(), signal(mid).unwrap());
    assert!(s_near > s_mid, "{s_near} {s_mid}");
    // 5 m: 20 − (40.09 + 30·log10 5) = −41.1 dBm.
    assert_eq!(s_near, -41);
    // 150 m: 105.4 dB of loss, −85.4 dBm: below CCA but above sensitivity, received.
    assert_eq!(signal(edge), Some(-85));
    // 2000 m: −119 dBm, under the noise floor: not even detected.
    assert_eq!(signal(far), None);
    assert_eq!(m.radio_stats(far).unwrap().drops.total(), 0);
}

#[test]
fn below_sensitivity_is_counted_but_not_delivered() {
    let mut m = Medium::new(MediumConfig::new(31)).with_model(PathLoss::log_distance(3.0));
    let a = radio_at(&mut m, 1, 0.0);
    let b = radio_at(&mut m, 2, 240.0); // 111.5 dB of path loss
    m.set_tx_power(Instant::ZERO, a, 21.0).unwrap(); // −90.5 dBm at B
    m.transmit(Instant::ZERO, a, req(data(MacAddr::BROADCAST, addr(1), 1, 50), TxRate::OFDM_6M, 1)).unwrap();
    let ev = run(&mut m, SEC);
    assert!(rx_to(&ev, b).is_empty());
    assert_eq!(m.radio_stats(b).unwrap().drops.get(DropReason::BelowSensitivity), 1);
}

#[test]
fn moving_out_of_range_breaks_the_link() {
    let mut m = Medium::new(MediumConfig::new(32)).with_model(PathLoss::free_space());
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 10.0));
    m.transmit(Instant::ZERO, a, req(data(addr(2), addr(1), 1, 50), TxRate::OFDM_6M, 1)).unwrap();
    let ev = run(&mut m, SEC);
    assert!(statuses(&ev)[0].1.acked());
    m.set_position(SEC, b, (50_000.0, 0.0, 0.0)).unwrap();
    let mut r = req(data(addr(2), addr(1), 2, 50), TxRate::OFDM_6M, 2);
    r.retry_limit = 2;
    m.transmit(SEC, a, r).unwrap();
    let ev = run(&mut m, SEC + Duration::from_secs(1));
    assert_eq!(statuses(&ev)[0].1.outcome, TxOutcome::NotAcked);
    assert!(rx_to(&ev, b).is_empty());
    assert_eq!(m.radio(b).unwrap().config.position.x, 50_000.0);
}

#[test]
fn shadowing_is_fixed_per_link_and_fading_varies_per_frame() {
    let model = PathLoss::log_distance(3.0).shadowing(6.0).fading(3.0);
    let mut m = Medium::new(MediumConfig::new(33)).with_model(model);
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 20.0));
    let mut ev = Vec::new();
    for i in 0..50u16 {
        let t = Instant::from_millis(u64::from(i) * 2);
        ev.extend(run(&mut m, t));
        m.transmit(t, a, req(data(MacAddr::BROADCAST, addr(1), i, 20), TxRate::OFDM_6M, 1)).unwrap();
    }
    ev.extend(run(&mut m, SEC));
    let signals: Vec<i8> = rx_to(&ev, b).iter().map(|(_, _, i)| i.signal_dbm).collect();
    assert_eq!(signals.len(), 50);
    let (lo, hi) = (signals.iter().min().unwrap(), signals.iter().max().unwrap());
    assert!(hi - lo >= 4, "fading spreads the signal: {signals:?}");
    // The mean sits near the shadowed path loss, not near the bare one necessarily; just
    // check it is plausible for 20 m (−59 dBm without shadowing).
    let mean = signals.iter().map(|&s| f64::from(s)).sum::<f64>() / 50.0;
    assert!((-80.0..-38.0).contains(&mean), "{mean}");
}
