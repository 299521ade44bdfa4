//! Association and medium benchmarks of the test `World`, with printed figures.
//!
//! `cargo bench -p softmac-tests --bench association` (add `-- quick` to skip N = 1000).
//!
//! 1. **Association**: one AP and N stations on a perfect medium power on (one every 2 ms, or
//!    all at t = 0) on a 5 GHz or a 2.4 GHz AP, and connect
//!    with no prior scan (each scans all 38 channels first), retrying after each failure as
//!    wpa_supplicant does (`World::connect_all`), until every station is associated. Reported:
//!    wall time (building the world and associating), virtual time, failed attempts by kind,
//!    frames put on the air, collisions, deliveries per wall-clock second, and memory per
//!    station (bytes still allocated once all are associated, divided by N, measured by a
//!    counting global allocator).
//! 2. **Medium throughput**: one radio sends broadcasts to K − 1 others on one channel; deliveries
//!    per wall-clock second through the bare medium, and through the `World` into every
//!    receiver's MAC. Linear cost in receivers shows as a flat rate.
//! 3. **Scan reference**: one station scans 76 channels (the count Linux mac80211_hwsim offers)
//!    and connects; mac80211_hwsim with wpa_supplicant spends about 8 s of real time on that.

use hwsim::{Medium, MediumConfig, MediumEvent, Perfect, RadioConfig, TxRate, TxRequest};
use mac80211_core::channel::{Band, Channel, channel_to_freq};
use mac80211_core::mac::{Command, ConnectFailure, ConnectRequest};
use mac80211_core::time::{Duration, Instant};
use mac80211_core::wire::MacAddr;
use softmac_tests::{NodeId, NodeSpec, World, ch2, ch5};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;
use std::time::Instant as Wall;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn main() {
    let quick = std::env::args().any(|a| a == "quick");
    // `n=300`: one association run only (for profiling).
    if let Some(n) = std::env::args().find_map(|a| a.strip_prefix("n=").and_then(|n| n.parse().ok())) {
        for channel in [ch5(36), ch2(6)] {
            association(n, Start::Staggered, channel);
            association(n, Start::Lockstep, channel);
        }
        return;
    }
    println!("## Association: 1 AP + N stations, perfect medium, no prior scan\n");
    println!("Virtual time runs from the first power-on to the last association.\n");
    println!(
        "| N | AP channel | start | wall, total | of which associating | virtual | failed attempts (NoBss/Auth/Assoc timeout) \
         | frames on air | collisions | deliveries | deliveries/s | bytes/station |"
    );
    println!("|---:|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|");
    let sizes: &[usize] = if quick { &[10, 100] } else { &[10, 100, 1000] };
    for channel in [ch5(36), ch2(6)] {
        for start in [Start::Staggered, Start::Lockstep] {
            for &n in sizes {
                association(n, start, channel);
            }
        }
    }
    println!("\n## Medium throughput: one broadcaster, K radios on one channel\n");
    println!("| K radios | deliveries | medium only, deliveries/s | through World and MACs, deliveries/s |");
    println!("|---:|---:|---:|---:|");
    for k in [2usize, 10, 50, 200] {
        throughput(k);
    }
    println!("\n## Scan reference: one station, full active scan of 76 channels, then connect\n");
    scan_reference();
}

/// How the stations start.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    /// One station powers on (issues its connect) every 2 ms, as devices in a room come up.
    Staggered,
    /// Every station connects at t = 0: the worst case, a probe storm in lockstep.
    Lockstep,
}

/// Time between two stations' power-on in a staggered start.
const STAGGER: Duration = Duration::from_millis(2);

fn association(n: usize, start: Start, channel: Channel) {
    let region = Region::new(GLOBAL);
    let wall = Wall::now();
    let mut w = World::new(7);
    w.add_ap("ap", "bench", channel, NodeSpec::at(0.0, 0.0, 0.0));
    let stas: Vec<_> = (0..n)
        .map(|i| {
            let angle = i as f64 * 0.618 * std::f64::consts::TAU;
            let r = 3.0 + (i % 20) as f64;
            w.add_station(&format!("sta{i}"), NodeSpec::at(r * angle.cos(), r * angle.sin(), 0.0))
        })
        .collect();
    let built = wall.elapsed();
    let req = ConnectRequest { ssid: b"bench".to_vec(), ..Default::default() };
    if start == Start::Staggered {
        for (i, &(sta, vif)) in stas.iter().enumerate() {
            w.run_until(Instant::ZERO + STAGGER.saturating_mul(i as u64));
            w.command(sta, Command::Connect(vif, req.clone())).expect("a fresh station connects");
        }
    }
    let result = w.connect_all(&stas, &req, Duration::from_secs(120));
    let total = wall.elapsed();
    let change = region.change();
    let live =
        change.bytes_allocated as i64 - change.bytes_deallocated as i64 + change.bytes_reallocated as i64;
    let m = *w.medium().stats();
    let (virt, failures) = match &result {
        Ok(report) => {
            let took = w.now() - Instant::ZERO;
            let count = |f| report.count(f);
            let (no_bss, auth, assoc) = (
                count(ConnectFailure::NoBss),
                count(ConnectFailure::AuthTimeout),
                count(ConnectFailure::AssocTimeout),
            );
            (
                format!("{:.2} s", took.as_secs_f64()),
                format!("{} ({no_bss}/{auth}/{assoc})", report.failures.len()),
            )
        }
        Err(e) => {
            let up = stas.iter().filter(|&&(s, v)| w.is_connected(s, v)).count();
            (format!("> {:.0} s ({up}/{n} by then)", e.deadline.as_millis() as f64 / 1e3), "-".to_owned())
        }
    };
    let label = match start {
        Start::Staggered => "staggered",
        Start::Lockstep => "lockstep",
    };
    let band = if channel.freq < 3000 { "2.4 GHz ch 6" } else { "5 GHz ch 36" };
    println!(
        "| {n} | {band} | {label} | {:.3} s | {:.3} s | {virt} | {failures} | {} | {} | {} | {:.2} M | {} |",
        total.as_secs_f64(),
        (total - built).as_secs_f64(),
        m.frames_on_air,
        m.collisions,
        m.deliveries,
        m.deliveries as f64 / total.as_secs_f64() / 1e6,
        live / n as i64,
    );
    drop(w);
}

fn broadcast(seq: u16) -> Vec<u8> {
    let mut f = vec![0x80, 0x00, 0, 0]; // a beacon-like management frame
    f.extend_from_slice(&[0xff; 6]);
    f.extend_from_slice(&[2, 0, 0, 0, 0, 0]);
    f.extend_from_slice(&[2, 0, 0, 0, 0, 0]);
    f.extend_from_slice(&(seq << 4).to_le_bytes());
    f.resize(100, 0);
    f
}

/// Broadcasts per configuration: enough for about two million deliveries.
fn frames_for(k: usize) -> usize {
    (2_000_000 / (k - 1)).clamp(200, 100_000)
}

fn throughput(k: usize) {
    let frames = frames_for(k);
    // Bare medium.
    let mut m = Medium::new(MediumConfig::new(1)).with_model(Perfect::default());
    let ids: Vec<_> = (0..k)
        .map(|i| {
            let addr = MacAddr([2, 0, 0, 0, (i >> 8) as u8, i as u8]);
            m.add_radio(Instant::ZERO, RadioConfig::new(addr, Channel::from_freq(2437)))
        })
        .collect();
    let wall = Wall::now();
    let mut delivered = 0u64;
    for s in 0..frames {
        let req = TxRequest {
            frame: broadcast(s as u16),
            rate: TxRate::OFDM_24M,
            retry_limit: 0,
            cookie: s as u64,
            no_ack: true,
        };
        m.transmit(m.now(), ids[0], req).expect("queued");
        while let Some(t) = m.next_event() {
            while let Some(ev) = m.poll(t) {
                delivered += u64::from(matches!(ev, MediumEvent::Rx { .. }));
            }
        }
    }
    let medium_rate = delivered as f64 / wall.elapsed().as_secs_f64();

    // Through the World: every receiver is a station whose MAC parses the frame.
    let mut w = World::new(1);
    let (tx, _) = w.add_monitor("tx", ch2(6), NodeSpec::default());
    for i in 1..k {
        w.add_station(&format!("rx{i}"), NodeSpec::at(1.0, i as f64, 0.0).channels(vec![ch2(6)]));
    }
    let before = w.medium().stats().deliveries;
    let wall = Wall::now();
    for s in 0..frames {
        w.inject(tx, &broadcast(s as u16)).expect("queued");
        while w.step() {}
    }
    let world_delivered = w.medium().stats().deliveries - before;
    let world_rate = world_delivered as f64 / wall.elapsed().as_secs_f64();
    assert_eq!(world_delivered, delivered);
    println!("| {k} | {delivered} | {:.2} M | {:.2} M |", medium_rate / 1e6, world_rate / 1e6);
}

/// 76 channels: 2.4 GHz 1-14, then 5 GHz channels from 32 up, then 6 GHz.
fn channels_76() -> Vec<Channel> {
    let two = (1..=14).filter_map(|n| Channel::from_number(Band::Ghz2_4, n));
    let five = (32..=177).step_by(4).filter_map(|n| channel_to_freq(Band::Ghz5, n).map(Channel::from_freq));
    let six = (1..=233).step_by(4).filter_map(|n| channel_to_freq(Band::Ghz6, n).map(Channel::from_freq));
    two.chain(five).chain(six).take(76).collect()
}

fn scan_reference() {
    let channels = channels_76();
    assert_eq!(channels.len(), 76);
    let wall = Wall::now();
    let mut w = World::new(3);
    w.add_ap("ap", "ref", ch2(6), NodeSpec::at(0.0, 0.0, 0.0));
    let sta: (NodeId, _) = w.add_station("sta", NodeSpec::at(5.0, 0.0, 0.0).channels(channels));
    let req = ConnectRequest { ssid: b"ref".to_vec(), ..Default::default() };
    let report = w.connect_all(&[sta], &req, Duration::from_secs(10)).expect("connects");
    let took = wall.elapsed();
    println!(
        "76 × 30 ms active scan + join: virtual {:.3} s, wall {:.2} ms ({:.0}× faster than real time; \
         mac80211_hwsim + wpa_supplicant: about 8 s of real time)",
        report.took.as_secs_f64(),
        took.as_secs_f64() * 1e3,
        report.took.as_secs_f64() / took.as_secs_f64(),
    );
}
