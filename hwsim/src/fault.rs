//! Fault verbs: per-link loss overrides, partitions, holding and mutating frames.
//!
//! These are the levers a test harness pulls (STYLE practice 10), in the spirit of iwd's
//! hwsim rules and turmoil's `hold`/`partition`. All of them are deterministic: filters see
//! deliveries in the medium's fixed order, and loss overrides draw from the same per-link
//! random streams as the link model.
//!
//! - [`set_loss`](crate::Medium::set_loss) replaces the link model's error probability on one
//!   directed link (it applies to ACKs travelling that way too).
//! - [`partition`](crate::Medium::partition) splits radios into groups that cannot detect
//!   each other at all: no delivery, no carrier sense, no interference. Radios named in no
//!   group form one more group of their own. [`heal`](crate::Medium::heal) removes it.
//! - [`hold`](crate::Medium::hold) keeps back deliveries a filter selects until
//!   [`release`](crate::Medium::release); the receiving radio's hardware still acknowledges
//!   them, so to the sender a held frame looks delivered (the receiving host is just late).
//! - [`mutate`](crate::Medium::mutate) rewrites the bytes of the deliveries a filter selects,
//!   before the receiver decides whether to acknowledge (a rewritten Address 1 can therefore
//!   suppress the ACK). Rules apply in the order they were added.
//!
//! Filters and mutators see frames handed to radios, never the medium's own ACKs.

use crate::channel::Channel;
use crate::event::RxInfo;
use crate::radio::RadioId;
use mac80211_core::time::Instant;
use mac80211_core::wire::{FrameControl, MacAddr};
use std::collections::HashMap;

/// A delivery as filters see it.
#[derive(Clone, Copy, Debug)]
pub struct FrameMeta<'a> {
    /// The transmitting radio.
    pub from: RadioId,
    /// Its primary address.
    pub from_addr: MacAddr,
    /// The receiving radio.
    pub to: RadioId,
    /// Its primary address.
    pub to_addr: MacAddr,
    /// The 802.11 frame without FCS (as rewritten by earlier mutation rules).
    pub frame: &'a [u8],
}

impl FrameMeta<'_> {
    /// Frame Control, when the frame has one.
    pub fn frame_control(&self) -> Option<FrameControl> {
        self.frame.get(0..2).map(|b| FrameControl(u16::from_le_bytes([b[0], b[1]])))
    }

    /// Address 1, when the frame is long enough.
    pub fn addr1(&self) -> Option<MacAddr> {
        self.frame.get(4..10).map(MacAddr::from_bytes)
    }

    /// The octets at Address 2's position, when the frame is long enough (control frames
    /// without a transmitter address have body octets there).
    pub fn addr2(&self) -> Option<MacAddr> {
        self.frame.get(10..16).map(MacAddr::from_bytes)
    }
}

/// Selects deliveries.
pub type FrameFilter = Box<dyn FnMut(&FrameMeta<'_>) -> bool + Send>;

/// Rewrites a delivery's bytes in place (it may change the length).
pub type FrameMutator = Box<dyn FnMut(&mut Vec<u8>) + Send>;

/// A delivery held back by [`crate::Medium::hold`].
pub(crate) struct Held {
    pub to: RadioId,
    pub frame: Vec<u8>,
    pub info: RxInfo,
    pub ppdu_start: Instant,
    pub channel: Channel,
}

/// The medium's fault state.
#[derive(Default)]
pub(crate) struct Faults {
    loss: HashMap<(RadioId, RadioId), f64>,
    /// Partition group per radio index; `None` while no partition is in place.
    groups: Option<HashMap<RadioId, usize>>,
    hold: Option<FrameFilter>,
    pub held: Vec<Held>,
    mutations: Vec<(FrameFilter, FrameMutator)>,
}

impl Faults {
    pub fn set_loss(&mut self, from: RadioId, to: RadioId, prob: f64) {
        self.loss.insert((from, to), crate::model::clamp_prob(prob));
    }

    pub fn clear_loss(&mut self, from: RadioId, to: RadioId) {
        self.loss.remove(&(from, to));
    }

    /// The override for a directed link, if any.
    pub fn loss(&self, from: RadioId, to: RadioId) -> Option<f64> {
        if self.loss.is_empty() { None } else { self.loss.get(&(from, to)).copied() }
    }

    pub fn partition(&mut self, groups: &[&[RadioId]]) {
        let mut map = HashMap::new();
        for (i, group) in groups.iter().enumerate() {
            for &r in group.iter() {
                map.insert(r, i);
            }
        }
        self.groups = Some(map);
    }

    pub fn heal(&mut self) {
        self.groups = None;
    }

    /// True when a partition separates `a` and `b`.
    pub fn partitioned(&self, a: RadioId, b: RadioId) -> bool {
        self.groups.as_ref().is_some_and(|g| g.get(&a) != g.get(&b))
    }

    pub fn hold(&mut self, filter: FrameFilter) {
        self.hold = Some(filter);
    }

    pub fn stop_holding(&mut self) {
        self.hold = None;
    }

    /// True when the hold filter selects this delivery.
    pub fn should_hold(&mut self, meta: &FrameMeta<'_>) -> bool {
        self.hold.as_mut().is_some_and(|f| f(meta))
    }

    pub fn add_mutation(&mut self, filter: FrameFilter, mutator: FrameMutator) {
        self.mutations.push((filter, mutator));
    }

    pub fn clear_mutations(&mut self) {
        self.mutations.clear();
    }

    pub fn has_mutations(&self) -> bool {
        !self.mutations.is_empty()
    }

    /// Applies every matching rule, in order, to `frame`.
    pub fn mutate(&mut self, from: (RadioId, MacAddr), to: (RadioId, MacAddr), frame: &mut Vec<u8>) {
        for (filter, mutator) in &mut self.mutations {
            let meta = FrameMeta { from: from.0, from_addr: from.1, to: to.0, to_addr: to.1, frame };
            if filter(&meta) {
                mutator(frame);
            }
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn partition_groups_and_unlisted_radios() {
        let mut f = Faults::default();
        let (a, b, c, d) = (RadioId(0), RadioId(1), RadioId(2), RadioId(3));
        assert!(!f.partitioned(a, b));
        f.partition(&[&[a, b], &[c]]);
        assert!(!f.partitioned(a, b) && f.partitioned(a, c) && f.partitioned(c, d) && f.partitioned(b, d));
        f.heal();
        assert!(!f.partitioned(a, d));
    }

    #[test]
    fn meta_accessors_are_total() {
        let meta = FrameMeta {
            from: RadioId(0),
            from_addr: MacAddr::ZERO,
            to: RadioId(1),
            to_addr: MacAddr::ZERO,
            frame: &[0xd4],
        };
        assert_eq!((meta.frame_control(), meta.addr1(), meta.addr2()), (None, None, None));
    }
}
