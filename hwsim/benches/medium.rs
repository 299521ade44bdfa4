//! Delivery throughput: broadcasts on a channel of 100 radios.
//!
//! Each iteration queues `FRAMES` broadcasts of 100 octets on one radio and runs the medium
//! until they are all delivered to the 99 others, polling every event as a harness would.
//! Throughput is reported in deliveries (`Rx` events).

#![allow(missing_docs)] // criterion_group! generates an undocumented function

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hwsim::{Channel, LinkModel, Medium, MediumConfig, PathLoss, Perfect, RadioConfig, TxRate, TxRequest};
use mac80211_core::time::Instant;
use mac80211_core::wire::MacAddr;
use std::hint::black_box;

const RADIOS: usize = 100;
const FRAMES: usize = 100;

fn frame(seq: u16) -> Vec<u8> {
    let mut f = vec![0x08, 0x00, 0, 0];
    f.extend_from_slice(&[0xff; 6]);
    f.extend_from_slice(&[2, 0, 0, 0, 0, 0]);
    f.extend_from_slice(&[2, 0, 0, 0, 0, 0]);
    f.extend_from_slice(&(seq << 4).to_le_bytes());
    f.resize(100, 0xab);
    f
}

fn medium(model: impl LinkModel + 'static) -> Medium {
    let mut m = Medium::new(MediumConfig::new(1)).with_model(model);
    for i in 0..RADIOS {
        let addr = MacAddr([2, 0, 0, 0, (i >> 8) as u8, i as u8]);
        // A 1 m grid: every radio within range of every other under log-distance n = 3.
        let pos = ((i % 10) as f64, (i / 10) as f64, 0.0);
        m.add_radio(Instant::ZERO, RadioConfig::new(addr, Channel::from_freq(2412)).at(pos));
    }
    m
}

fn run(m: &mut Medium) -> u64 {
    let from = m.radio_ids().next().unwrap_or_else(|| unreachable!());
    let now = m.now();
    for s in 0..FRAMES {
        let req = TxRequest {
            frame: frame(s as u16),
            rate: TxRate::OFDM_54M,
            retry_limit: 0,
            cookie: 0,
            no_ack: false,
        };
        m.transmit(now, from, req).unwrap_or_else(|e| unreachable!("{e}"));
    }
    let mut n = 0;
    while let Some(t) = m.next_event() {
        while let Some(ev) = m.poll(t) {
            n += u64::from(matches!(ev, hwsim::MediumEvent::Rx { .. }));
            black_box(ev);
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("deliveries");
    g.throughput(Throughput::Elements((FRAMES * (RADIOS - 1)) as u64));
    let mut perfect = medium(Perfect::new());
    g.bench_function("perfect_100_radios", |b| {
        b.iter(|| assert_eq!(run(&mut perfect), (FRAMES * (RADIOS - 1)) as u64))
    });
    let mut path_loss = medium(PathLoss::log_distance(3.0).fading(2.0));
    g.bench_function("path_loss_fading_100_radios", |b| b.iter(|| black_box(run(&mut path_loss))));
    g.finish();

    // Contention: 50 pairs exchanging acknowledged unicast frames, every radio overhearing.
    let mut g = c.benchmark_group("contention");
    let mut m = medium(Perfect::new());
    let ids: Vec<_> = m.radio_ids().collect();
    g.throughput(Throughput::Elements(1000));
    g.bench_function("unicast_50_pairs_1000_frames", |b| {
        b.iter(|| {
            let now = m.now();
            for k in 0..1000usize {
                let (from, to) = (2 * (k % 50), 2 * (k % 50) + 1);
                let mut f = frame(k as u16);
                f[4..10].copy_from_slice(&[2, 0, 0, 0, 0, to as u8]);
                let req =
                    TxRequest { frame: f, rate: TxRate::OFDM_54M, retry_limit: 7, cookie: 0, no_ack: false };
                m.transmit(now, ids[from], req).unwrap_or_else(|e| unreachable!("{e}"));
            }
            while let Some(t) = m.next_event() {
                while let Some(ev) = m.poll(t) {
                    black_box(ev);
                }
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
