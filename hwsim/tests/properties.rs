//! Random operation sequences: no panics, time moves forward, every request is answered.

mod common;

use common::*;
use hwsim::{
    Channel, LossMatrix, Medium, MediumConfig, MediumEvent, PathLoss, Perfect, RadioConfig, RadioId,
    SnrMatrix, TxRate, TxRequest,
};
use mac80211_core::time::{Duration, Instant};
use proptest::prelude::*;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
enum Op {
    Add(u8, f64),
    Remove(u8),
    Power(u8, bool),
    Retune(u8, bool),
    Move(u8, f64),
    Transmit { from: u8, to: u8, len: u8, rate: u8, limit: u8, no_ack: bool, raw: Vec<u8> },
    Loss(u8, u8, f64),
    Partition(u8),
    Heal,
    Hold(u8),
    Release,
    Mutate(u8),
    Wait(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (any::<u8>(), -60.0..60.0f64).prop_map(|(i, x)| Op::Add(i, x)),
        1 => any::<u8>().prop_map(Op::Remove),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(i, on)| Op::Power(i, on)),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(i, c)| Op::Retune(i, c)),
        1 => (any::<u8>(), -60.0..60.0f64).prop_map(|(i, x)| Op::Move(i, x)),
        12 => (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>(), 0u8..5, any::<bool>(), prop::collection::vec(any::<u8>(), 0..40))
            .prop_map(|(from, to, len, rate, limit, no_ack, raw)| Op::Transmit { from, to, len, rate, limit, no_ack, raw }),
        1 => (any::<u8>(), any::<u8>(), -0.5..1.5f64).prop_map(|(a, b, p)| Op::Loss(a, b, p)),
        1 => any::<u8>().prop_map(Op::Partition),
        1 => Just(Op::Heal),
        1 => any::<u8>().prop_map(Op::Hold),
        1 => Just(Op::Release),
        1 => any::<u8>().prop_map(Op::Mutate),
        5 => (0u32..3_000).prop_map(Op::Wait),
    ]
}

fn rate(r: u8) -> TxRate {
    const LEGACY: [u8; 13] = [2, 4, 11, 22, 12, 18, 24, 36, 48, 72, 96, 108, 7];
    match r % 3 {
        0 => TxRate::legacy(LEGACY[usize::from(r) % LEGACY.len()]),
        1 => TxRate::Ht { mcs: r % 34, ht40: r & 8 != 0, short_gi: r & 16 != 0 },
        _ => TxRate::Legacy { rate: LEGACY[usize::from(r) % 4], short_preamble: true },
    }
}

struct Harness {
    m: Medium,
    now: Instant,
    ids: Vec<RadioId>,
    /// Outstanding cookies per radio.
    pending: BTreeMap<u64, RadioId>,
    cookie: u64,
    last_rx: Instant,
}

impl Harness {
    fn pick(&self, i: u8) -> Option<RadioId> {
        (!self.ids.is_empty()).then(|| self.ids[usize::from(i) % self.ids.len()])
    }

    fn drain(&mut self, until: Instant) {
        while let Some(t) = self.m.next_event() {
            if t > until {
                break;
            }
            assert!(t >= self.now || self.m.now() >= t, "next_event {t:?} before now {:?}", self.now);
            self.now = self.now.max(t);
            while let Some(ev) = self.m.poll(self.now) {
                self.check(ev);
            }
            let next = self.m.next_event();
            assert!(next.is_none_or(|n| n > self.now), "poll left work due at {next:?} <= {:?}", self.now);
        }
        self.now = self.now.max(until);
    }

    fn check(&mut self, ev: MediumEvent) {
        match ev {
            MediumEvent::Rx { info, .. } => {
                assert!(info.timestamp >= self.last_rx && info.timestamp <= self.now);
                self.last_rx = info.timestamp;
            }
            MediumEvent::TxStatus(s) => {
                assert_eq!(self.pending.remove(&s.cookie), Some(s.radio), "one status per request: {s:?}");
            }
        }
    }

    fn apply(&mut self, op: Op) {
        let now = self.now;
        match op {
            Op::Add(i, x) => {
                let cfg = RadioConfig::new(addr(i), ch1()).at((x, 0.0, 0.0));
                self.ids.push(self.m.add_radio(now, cfg));
            }
            Op::Remove(i) => {
                if let Some(id) = self.pick(i) {
                    self.m.remove_radio(now, id).unwrap();
                    self.ids.retain(|&r| r != id);
                    self.pending.retain(|_, r| *r != id);
                }
            }
            Op::Power(i, on) => {
                if let Some(id) = self.pick(i) {
                    self.m.set_powered(now, id, on).unwrap();
                }
            }
            Op::Retune(i, other) => {
                if let Some(id) = self.pick(i) {
                    let ch = if other { Channel::from_freq(2437) } else { ch1() };
                    self.m.set_channel(now, id, ch).unwrap();
                }
            }
            Op::Move(i, x) => {
                if let Some(id) = self.pick(i) {
                    self.m.set_position(now, id, (x, x / 2.0, 0.0)).unwrap();
                }
            }
            Op::Transmit { from, to, len, rate: r, limit, no_ack, raw } => {
                let Some(id) = self.pick(from) else { return };
                let mut frame =
                    if to % 5 == 0 { raw } else { data(addr(to % 8), addr(from), 1, usize::from(len)) };
                if to % 7 == 0
                    && let Some(b) = frame.get_mut(4)
                {
                    *b |= 1; // group address
                }
                self.cookie += 1;
                let req = TxRequest { frame, rate: rate(r), retry_limit: limit, cookie: self.cookie, no_ack };
                if self.m.transmit(now, id, req).is_ok() {
                    self.pending.insert(self.cookie, id);
                }
            }
            Op::Loss(a, b, p) => {
                if let (Some(a), Some(b)) = (self.pick(a), self.pick(b)) {
                    self.m.set_loss(now, a, b, p);
                }
            }
            Op::Partition(k) => {
                let split = usize::from(k) % (self.ids.len() + 1);
                let (left, right) = self.ids.split_at(split);
                self.m.partition(now, &[left, right]);
            }
            Op::Heal => self.m.heal(now),
            Op::Hold(k) => self.m.hold(now, Box::new(move |f| f.frame.len() % 3 == usize::from(k % 3))),
            Op::Release => {
                self.m.release(now);
            }
            Op::Mutate(k) => self.m.mutate(
                now,
                Box::new(move |f| f.frame.first() == Some(&k)),
                Box::new(move |b| b.truncate(usize::from(k) % 12)),
            ),
            Op::Wait(us) => self.drain(now + Duration::from_micros(u64::from(us))),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_operations_never_panic_and_answer_every_request(
        seed in any::<u64>(),
        model in 0u8..4,
        ops in prop::collection::vec(op(), 1..120),
    ) {
        let m = Medium::new(MediumConfig::new(seed));
        let m = match model {
            0 => m.with_model(Perfect::new()),
            1 => m.with_model(PathLoss::log_distance(3.0).shadowing(4.0).fading(2.0)),
            2 => m.with_model(SnrMatrix::new()),
            _ => m.with_model(LossMatrix::new(0.3)),
        };
        let mut h = Harness { m, now: Instant::ZERO, ids: Vec::new(), pending: BTreeMap::new(), cookie: 0, last_rx: Instant::ZERO };
        for i in 0..4 {
            h.apply(Op::Add(i, f64::from(i) * 10.0));
        }
        for op in ops {
            h.apply(op);
        }
        // Everything queued finishes within a bounded time: at most 5 attempts per frame.
        let end = h.now + Duration::from_secs(60);
        h.m.release(h.now);
        h.drain(end);
        prop_assert!(h.m.next_event().is_none(), "still busy");
        prop_assert!(h.pending.is_empty(), "unanswered: {:?}", h.pending);
    }
}
