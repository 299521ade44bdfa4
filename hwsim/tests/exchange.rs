//! Unicast, group and channel behaviour on a perfect medium.

mod common;

use common::*;
use hwsim::{
    CaptureKind, Channel, DropReason, Medium, MediumConfig, MediumError, MediumEvent, TxOutcome, TxRate,
    TxRequest, airtime,
};
use mac80211_core::capture::CaptureReader;
use mac80211_core::time::{Duration, Instant};
use mac80211_core::wire::{MacAddr, Radiotap};

#[test]
fn unicast_on_a_perfect_link_is_acked_once() {
    let mut m = Medium::new(MediumConfig::new(1));
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 5.0));
    let cap = m.start_capture(CaptureKind::Channel(2412));
    let frame = data(addr(2), addr(1), 1, 100);
    m.transmit(Instant::ZERO, a, req(frame.clone(), TxRate::OFDM_24M, 42)).unwrap();
    let ev = run(&mut m, SEC);
    let rx = rx_to(&ev, b);
    assert_eq!(rx.len(), 1);
    assert_eq!(rx[0].1, frame);
    assert_eq!(rx[0].2.signal_dbm, -30);
    assert_eq!(rx[0].2.freq, 2412);
    // Delivered at DIFS + k·slot + airtime, with k within CW 15.
    let air = airtime(TxRate::OFDM_24M, frame.len() + 4).as_micros();
    let start = rx[0].0.as_micros() - air;
    assert!((34..=34 + 15 * 9).contains(&start) && (start - 34).is_multiple_of(9), "start {start}");
    let st = statuses(&ev);
    assert_eq!(st.len(), 1);
    let (t, s) = st[0];
    assert!(s.acked() && s.retries == 0 && s.cookie == 42 && s.radio == a);
    // Status at the end of the ACK: SIFS + 44 µs after the frame.
    assert_eq!(t, rx[0].0 + Duration::from_micros(16 + 44));
    assert!(rx_to(&ev, a).is_empty(), "ACKs are never delivered as frames");
    // The ACK is on the air: data + ACK in the channel capture.
    let bytes = m.take_capture(cap).unwrap();
    let recs: Vec<_> = CaptureReader::new(&bytes).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(recs.len(), 2);
    let ack = Radiotap::new_checked(recs[1].data).unwrap().payload();
    assert_eq!(ack[0], 0xd4);
    assert_eq!(&ack[4..10], addr(1).as_bytes());
    let stats = m.radio_stats(a).unwrap();
    assert_eq!((stats.tx_frames, stats.tx_acked, stats.tx_retries), (1, 1, 0));
    assert_eq!(m.radio_stats(b).unwrap().acks_sent, 1);
    assert_eq!(m.stats().frames_on_air, 2);
}

#[test]
fn a_promiscuous_radio_also_decodes_acks_to_others() {
    let mut m = Medium::new(MediumConfig::new(1));
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 5.0));
    let (plain, mon) = (radio_at(&mut m, 3, 3.0), radio_at(&mut m, 4, 4.0));
    m.set_promiscuous(Instant::ZERO, mon, true).unwrap();
    let frame = data(addr(2), addr(1), 1, 100);
    m.transmit(Instant::ZERO, a, req(frame.clone(), TxRate::OFDM_24M, 42)).unwrap();
    let ev = run(&mut m, SEC);
    // Both bystanders decode the data frame; only the promiscuous one also gets b's ACK.
    let at_plain = rx_to(&ev, plain);
    assert!(at_plain.len() == 1 && at_plain[0].1 == frame);
    let at_mon = rx_to(&ev, mon);
    assert_eq!(at_mon.len(), 2);
    assert_eq!(at_mon[0].1, frame);
    assert_eq!((at_mon[1].1[0], &at_mon[1].1[4..10]), (0xd4, &addr(1).0[..]), "the ACK, to a");
    assert_eq!(at_mon[1].0, at_mon[0].0 + Duration::from_micros(16 + 44), "ACK ends SIFS + 44 µs later");
    assert!(rx_to(&ev, a).is_empty() && rx_to(&ev, b).len() == 1, "the exchange itself is unchanged");
    assert!(statuses(&ev)[0].1.acked());
}

#[test]
fn group_frames_reach_everyone_and_are_not_acked() {
    let mut m = Medium::new(MediumConfig::new(2));
    let ids: Vec<_> = (0..5).map(|i| radio_at(&mut m, i, f64::from(i))).collect();
    let frame = data(MacAddr::BROADCAST, addr(0), 7, 40);
    m.transmit(Instant::ZERO, ids[0], req(frame.clone(), TxRate::DSSS_1M, 1)).unwrap();
    let ev = run(&mut m, SEC);
    for &r in &ids[1..] {
        assert_eq!(rx_to(&ev, r).len(), 1, "{r}");
    }
    let st = statuses(&ev);
    assert_eq!(st.len(), 1);
    assert_eq!((st[0].1.outcome, st[0].1.retries), (TxOutcome::Sent, 0));
    assert_eq!(m.stats().acks_on_air, 0);
    // Receivers are reported in ascending id order.
    let order: Vec<_> = ev
        .iter()
        .filter_map(|(_, e)| if let MediumEvent::Rx { to, .. } = e { Some(*to) } else { None })
        .collect();
    assert_eq!(order, ids[1..].to_vec());
}

#[test]
fn unicast_to_nobody_fails_after_the_retry_limit() {
    let mut m = Medium::new(MediumConfig::new(3));
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 1.0));
    let cap = m.start_capture(CaptureKind::Channel(2412));
    let mut r = req(data(addr(9), addr(1), 5, 20), TxRate::OFDM_6M, 9);
    r.retry_limit = 3;
    m.transmit(Instant::ZERO, a, r).unwrap();
    let ev = run(&mut m, SEC);
    let st = statuses(&ev);
    assert_eq!(st.len(), 1);
    assert_eq!((st[0].1.outcome, st[0].1.retries), (TxOutcome::NotAcked, 3));
    // B overhears every attempt (it is not addressed, so it does not ACK); retries carry Retry.
    let rx = rx_to(&ev, b);
    assert_eq!(rx.len(), 4);
    assert_eq!(rx[0].1[1] & 0x08, 0);
    assert!(rx[1..].iter().all(|(_, f, _)| f[1] & 0x08 != 0 && f[22..24] == rx[0].1[22..24]));
    let s = m.radio_stats(a).unwrap();
    assert_eq!((s.tx_frames, s.tx_retries, s.tx_failed), (4, 3, 1));
    let recs = CaptureReader::new(&m.take_capture(cap).unwrap()).unwrap().count();
    assert_eq!(recs, 4);
}

#[test]
fn other_channels_hear_nothing_and_switching_joins() {
    let mut m = Medium::new(MediumConfig::new(4));
    let a = radio_at(&mut m, 1, 0.0);
    let b = radio_at(&mut m, 2, 1.0);
    let t0 = Instant::ZERO;
    m.set_channel(t0, b, Channel::from_freq(2437)).unwrap();
    m.transmit(t0, a, req(data(MacAddr::BROADCAST, addr(1), 1, 10), TxRate::OFDM_6M, 1)).unwrap();
    let ev = run(&mut m, SEC);
    assert!(rx_to(&ev, b).is_empty());
    assert_eq!(m.radio_stats(b).unwrap().drops.total(), 0);
    m.set_channel(SEC, b, Channel::from_freq(2412)).unwrap();
    m.transmit(SEC, a, req(data(MacAddr::BROADCAST, addr(1), 2, 10), TxRate::OFDM_6M, 2)).unwrap();
    let ev = run(&mut m, SEC + Duration::from_secs(1));
    assert_eq!(rx_to(&ev, b).len(), 1);
}

#[test]
fn switching_channel_mid_reception_loses_the_frame() {
    let mut m = Medium::new(MediumConfig::new(5));
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 1.0));
    // 1000 octets at 1 Mb/s last 8 ms: retune B 2 ms in, so well inside the frame.
    m.transmit(Instant::ZERO, a, req(data(MacAddr::BROADCAST, addr(1), 1, 1000), TxRate::DSSS_1M, 1))
        .unwrap();
    let t = Instant::from_millis(2);
    while m.poll(t).is_some() {}
    m.set_channel(t, b, Channel::from_freq(2437)).unwrap();
    let ev = run(&mut m, SEC);
    assert!(rx_to(&ev, b).is_empty());
    assert_eq!(m.radio_stats(b).unwrap().drops.get(DropReason::Interrupted), 1);
}

#[test]
fn power_off_flushes_the_queue() {
    let mut m = Medium::new(MediumConfig::new(6));
    let a = radio_at(&mut m, 1, 0.0);
    let _b = radio_at(&mut m, 2, 1.0);
    for c in 0..3 {
        m.transmit(Instant::ZERO, a, req(data(addr(2), addr(1), c, 10), TxRate::OFDM_6M, u64::from(c)))
            .unwrap();
    }
    m.set_powered(Instant::from_micros(10), a, false).unwrap();
    let ev = run(&mut m, SEC);
    let st = statuses(&ev);
    assert_eq!(
        st.iter().map(|(_, s)| (s.cookie, s.outcome)).collect::<Vec<_>>(),
        vec![(0, TxOutcome::Flushed), (1, TxOutcome::Flushed), (2, TxOutcome::Flushed)]
    );
    let r = req(data(addr(2), addr(1), 9, 10), TxRate::OFDM_6M, 9);
    assert_eq!(m.transmit(SEC, a, r), Err(MediumError::RadioOff(a)));
}

#[test]
fn bad_requests_are_refused() {
    let mut m = Medium::new(MediumConfig::new(7));
    let a = radio_at(&mut m, 1, 0.0);
    let t = Instant::ZERO;
    let tx = |frame: Vec<u8>, rate| TxRequest { frame, rate, retry_limit: 0, cookie: 0, no_ack: false };
    assert_eq!(m.transmit(t, a, tx(vec![0; 9], TxRate::OFDM_6M)), Err(MediumError::FrameTooShort(9)));
    assert_eq!(
        m.transmit(t, a, tx(vec![0; 20_000], TxRate::OFDM_6M)),
        Err(MediumError::FrameTooLong(20_000))
    );
    assert_eq!(
        m.transmit(t, a, tx(vec![0; 24], TxRate::legacy(7))),
        Err(MediumError::InvalidRate(TxRate::legacy(7)))
    );
    m.remove_radio(t, a).unwrap();
    assert_eq!(m.transmit(t, a, tx(vec![0; 24], TxRate::OFDM_6M)), Err(MediumError::UnknownRadio(a)));
    assert!(m.radio(a).is_none());
}

#[test]
fn extra_addresses_are_acknowledged() {
    let mut m = Medium::new(MediumConfig::new(8));
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 1.0));
    let vif = MacAddr([0x06, 0, 0, 0, 0, 2]);
    m.add_address(Instant::ZERO, b, vif).unwrap();
    m.transmit(Instant::ZERO, a, req(data(vif, addr(1), 1, 10), TxRate::OFDM_6M, 1)).unwrap();
    let ev = run(&mut m, SEC);
    assert!(statuses(&ev)[0].1.acked());
    assert!(m.remove_address(SEC, b, vif).unwrap());
    let mut r = req(data(vif, addr(1), 2, 10), TxRate::OFDM_6M, 2);
    r.retry_limit = 0;
    m.transmit(SEC, a, r).unwrap();
    let ev = run(&mut m, SEC + Duration::from_secs(1));
    assert_eq!(statuses(&ev)[0].1.outcome, TxOutcome::NotAcked);
}

#[test]
fn a_queue_is_sent_in_order_one_at_a_time() {
    let mut m = Medium::new(MediumConfig::new(9));
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 1.0));
    for c in 0..10u16 {
        m.transmit(Instant::ZERO, a, req(data(addr(2), addr(1), c, 200), TxRate::OFDM_54M, u64::from(c)))
            .unwrap();
    }
    let ev = run(&mut m, SEC);
    let seqs: Vec<u16> =
        rx_to(&ev, b).iter().map(|(_, f, _)| u16::from_le_bytes([f[22], f[23]]) >> 4).collect();
    assert_eq!(seqs, (0..10).collect::<Vec<_>>());
    let cookies: Vec<u64> = statuses(&ev).iter().map(|(_, s)| s.cookie).collect();
    assert_eq!(cookies, (0..10).collect::<Vec<_>>());
    let times: Vec<Instant> = ev.iter().map(|(t, _)| *t).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
}
