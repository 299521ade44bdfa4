//! Wire codec throughput: softmac's codec and the `ieee80211` crate (0.5.9), same frames, same run.
//!
//! Three workloads, each reported in frames per second (criterion's `elem/s`):
//!
//! 1. `beacon_parse_typed`: a rich real beacon (see `frames.rs`): MAC header, fixed fields and
//!    every element through a typed lookup. `softmac` looks up through `Elements::lookup()`
//!    (`ElementLookup`, one walk for in-order lookups); `softmac_get` through `Elements::get`,
//!    which walks from the first element on every lookup, as the peer's lookups do.
//! 2. `qos_data_parse`: a real 4-address CCMP QoS data frame: header checks, addresses, QoS
//!    Control, sequence number.
//! 3. `beacon_emit`: building the same beacon from typed element values into a reused buffer.
//!
//! Before timing, each side's output is checked: both parsers accept the frames, softmac's two
//! lookup paths read the same values, softmac's builder reproduces the captured beacon byte for
//! byte and the peer's builds one of the same length (see `beacon_emit` for why not the same
//! bytes). Run with `cargo bench -p mac80211-core`; figures are in `docs/performance.md`.

mod frames;
mod ours;
mod peer;

use criterion::{Criterion, Throughput, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn beacon_parse(c: &mut Criterion) {
    let bytes = frames::beacon();
    let digest = ours::parse_beacon(&bytes).expect("softmac parses the beacon");
    assert_eq!(ours::parse_beacon_get(&bytes), Ok(digest), "both lookup APIs read the same values");
    peer::parse_beacon(&bytes).expect("ieee80211 parses the beacon");
    let mut g = c.benchmark_group("beacon_parse_typed");
    g.throughput(Throughput::Elements(1));
    g.bench_function("softmac", |b| b.iter(|| ours::parse_beacon(black_box(&bytes))));
    g.bench_function("softmac_get", |b| b.iter(|| ours::parse_beacon_get(black_box(&bytes))));
    g.bench_function("ieee80211", |b| b.iter(|| peer::parse_beacon(black_box(&bytes))));
    g.finish();
}

fn qos_data_parse(c: &mut Criterion) {
    let bytes = frames::qos_data();
    ours::parse_qos_data(&bytes).expect("softmac parses the data frame");
    peer::parse_qos_data(&bytes).expect("ieee80211 parses the data frame");
    let mut g = c.benchmark_group("qos_data_parse");
    g.throughput(Throughput::Elements(1));
    g.bench_function("softmac", |b| b.iter(|| ours::parse_qos_data(black_box(&bytes))));
    g.bench_function("ieee80211", |b| b.iter(|| peer::parse_qos_data(black_box(&bytes))));
    g.finish();
}

fn beacon_emit(c: &mut Criterion) {
    let bytes = frames::beacon();
    let template = ours::BeaconTemplate::from_frame(&bytes).expect("softmac reads the beacon");
    let parts = peer::BeaconParts::from_frame(&bytes).expect("ieee80211 reads the beacon");
    let mut buf = vec![0u8; 512];
    let n = template.emit(&mut buf).expect("softmac builds the beacon");
    assert_eq!(buf[..n], bytes[..], "softmac rebuilds the captured beacon");
    // ieee80211 0.5.9 writes HT Operation Information as the high five octets of a big-endian
    // u64 (zeros here instead of `00 04 00 00 00`), so only its length can be compared.
    let n = parts.emit(&mut buf).expect("ieee80211 builds the beacon");
    assert_eq!(n, bytes.len(), "ieee80211 builds a beacon of the captured length");
    let mut g = c.benchmark_group("beacon_emit");
    g.throughput(Throughput::Elements(1));
    g.bench_function("softmac", |b| b.iter(|| template.emit(black_box(&mut buf[..]))));
    g.bench_function("ieee80211", |b| b.iter(|| black_box(&parts).emit(black_box(&mut buf[..]))));
    g.finish();
}

fn config() -> Criterion {
    Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(2))
}

// `criterion_group!` defines an undocumented `pub fn`: keep it out of the crate's public surface.
mod group {
    use super::{beacon_emit, beacon_parse, config, qos_data_parse};
    criterion::criterion_group! {
        name = benches;
        config = config();
        targets = beacon_parse, qos_data_parse, beacon_emit
    }
}
criterion_main!(group::benches);
