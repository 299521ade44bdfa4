//! Shared helpers for the medium's integration tests: frame builders and a time-driving loop.
#![allow(dead_code)] // each test file uses a different subset

use hwsim::{Channel, Medium, MediumEvent, RadioConfig, RadioId, TxRate, TxRequest};
use mac80211_core::time::Instant;
use mac80211_core::wire::MacAddr;

/// Address of test radio `i`.
pub fn addr(i: u8) -> MacAddr {
    MacAddr([0x02, 0, 0, 0, 0, i])
}

/// Channel 1 (2412 MHz).
pub fn ch1() -> Channel {
    Channel::from_freq(2412)
}

/// A non-QoS data frame (no DS bits) from `from` to `to` with `payload` octets of `fill`.
pub fn data(to: MacAddr, from: MacAddr, seq: u16, payload: usize) -> Vec<u8> {
    let mut f = vec![0x08, 0x00, 0, 0];
    f.extend_from_slice(to.as_bytes());
    f.extend_from_slice(from.as_bytes());
    f.extend_from_slice(from.as_bytes());
    f.extend_from_slice(&(seq << 4).to_le_bytes());
    f.extend((0..payload).map(|i| i as u8));
    f
}

/// A request for `frame` at `rate` with 7 retries.
pub fn req(frame: Vec<u8>, rate: TxRate, cookie: u64) -> TxRequest {
    TxRequest { frame, rate, retry_limit: 7, cookie, no_ack: false }
}

/// A medium radio on channel 1 at `x` metres.
pub fn radio_at(m: &mut Medium, i: u8, x: f64) -> RadioId {
    m.add_radio(Instant::ZERO, RadioConfig::new(addr(i), ch1()).at((x, 0.0, 0.0)))
}

/// Runs the medium until nothing is pending (or `limit`), returning `(time, event)` pairs.
pub fn run(m: &mut Medium, limit: Instant) -> Vec<(Instant, MediumEvent)> {
    let mut out = Vec::new();
    while let Some(t) = m.next_event() {
        if t > limit {
            break;
        }
        while let Some(ev) = m.poll(t) {
            out.push((t, ev));
        }
    }
    out
}

/// The Rx events to `to`.
pub fn rx_to(events: &[(Instant, MediumEvent)], to: RadioId) -> Vec<(Instant, Vec<u8>, hwsim::RxInfo)> {
    events
        .iter()
        .filter_map(|(t, e)| match e {
            MediumEvent::Rx { to: r, frame, info } if *r == to => Some((*t, frame.clone(), *info)),
            _ => None,
        })
        .collect()
}

/// The TxStatus events.
pub fn statuses(events: &[(Instant, MediumEvent)]) -> Vec<(Instant, hwsim::TxStatus)> {
    events
        .iter()
        .filter_map(|(t, e)| match e {
            MediumEvent::TxStatus(s) => Some((*t, *s)),
            _ => None,
        })
        .collect()
}

/// One second.
pub const SEC: Instant = Instant::from_micros(1_000_000);
