//! Captures read back with the core's pcap reader and radiotap parser.

mod common;

use common::*;
use hwsim::{CaptureKind, Medium, MediumConfig, PathLoss, TxRate, airtime};
use mac80211_core::capture::{CaptureReader, Record, Timestamp};
use mac80211_core::time::Instant;
use mac80211_core::wire::radiotap::Channel as RtChannel;
use mac80211_core::wire::{LinkType, MacAddr, Radiotap, RadiotapInfo};

fn records(bytes: &[u8]) -> Vec<Record<'_>> {
    CaptureReader::new(bytes).unwrap().map(|r| r.unwrap()).collect()
}

fn info(r: &Record<'_>) -> (RadiotapInfo, Vec<u8>) {
    let rt = Radiotap::new_checked(r.data).unwrap();
    (rt.info(), rt.payload().to_vec())
}

fn ts(us: u64) -> Timestamp {
    Timestamp { secs: us / 1_000_000, nanos: (us % 1_000_000) as u32 * 1000 }
}

#[test]
fn channel_and_radio_captures_read_back() {
    let mut m = Medium::new(MediumConfig::new(50)).with_model(PathLoss::free_space());
    let (a, b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 10.0));
    let air = m.start_capture(CaptureKind::Channel(2412));
    let at_b = m.start_capture(CaptureKind::Radio(b));
    let at_a = m.start_capture(CaptureKind::Radio(a));
    let t0 = Instant::from_millis(1500);
    run(&mut m, t0);
    let frame = data(addr(2), addr(1), 3, 64);
    let rate = TxRate::Ht { mcs: 5, ht40: false, short_gi: true };
    m.transmit(t0, a, req(frame.clone(), rate, 1)).unwrap();
    let ev = run(&mut m, Instant::from_millis(3000));
    let rx = rx_to(&ev, b);
    let end = rx[0].0.as_micros();
    let start = end - airtime(rate, frame.len() + 4).as_micros();

    let bytes = m.take_capture(air).unwrap();
    let recs = records(&bytes);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0].linktype, LinkType::Radiotap);
    assert_eq!(recs[0].ts, ts(start));
    let (i, payload) = info(&recs[0]);
    assert_eq!(payload, frame);
    assert_eq!(i.tsft, Some(start));
    assert_eq!(i.channel_freq, Some(2412));
    assert_eq!(i.channel_flags, Some(RtChannel::GHZ2 | RtChannel::OFDM));
    assert_eq!(i.dbm_signal, Some(20), "transmit power on the air");
    assert_eq!(i.mcs.map(|x| x.mcs), Some(5));
    assert_eq!(i.rate_500kbps, None);
    let (ack, ack_payload) = info(&recs[1]);
    assert_eq!(recs[1].ts, ts(end + 16));
    assert_eq!(ack.rate_500kbps, Some(12));
    assert_eq!(ack_payload.len(), 10);

    // B's view: the data frame at B's signal (20 − 60.09 dBm), stamped at its end.
    let recs_b = m.stop_capture(at_b).unwrap();
    let recs_b = records(&recs_b);
    assert_eq!(recs_b.len(), 1);
    assert_eq!(recs_b[0].ts, ts(end));
    let (ib, pb) = info(&recs_b[0]);
    assert_eq!((ib.dbm_signal, ib.dbm_noise, ib.tsft), (Some(-40), Some(-91), Some(start)));
    assert_eq!(pb, frame);
    // A's view: the ACK it received.
    let recs_a = m.stop_capture(at_a).unwrap();
    let recs_a = records(&recs_a);
    assert_eq!(recs_a.len(), 1);
    assert_eq!(info(&recs_a[0]).1[0], 0xd4);
    assert!(m.take_capture(at_a).is_none(), "closed");
}

#[test]
fn takes_concatenate_into_one_file() {
    let mut m = Medium::new(MediumConfig::new(51));
    let (a, _b) = (radio_at(&mut m, 1, 0.0), radio_at(&mut m, 2, 0.0));
    let air = m.start_capture(CaptureKind::Channel(2412));
    let mut file = Vec::new();
    for i in 0..5u16 {
        let t = Instant::from_millis(u64::from(i) * 10);
        run(&mut m, t);
        m.transmit(t, a, req(data(MacAddr::BROADCAST, addr(1), i, 30), TxRate::CCK_11M, 1)).unwrap();
        file.extend(m.take_capture(air).unwrap());
    }
    run(&mut m, Instant::from_millis(100));
    file.extend(m.take_capture(air).unwrap());
    let recs = records(&file);
    assert_eq!(recs.len(), 5);
    assert!(recs.windows(2).all(|w| w[0].ts < w[1].ts));
    let (i, _) = info(&recs[0]);
    assert_eq!(i.channel_flags, Some(RtChannel::GHZ2 | RtChannel::CCK));
    assert_eq!(i.rate_500kbps, Some(22));
}
