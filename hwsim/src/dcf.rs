//! Channel access: a simplified DCF (IEEE 802.11-2020 10.3.2 and 10.3.4), one FIFO per radio.
//!
//! Each radio sends the frame at the head of its queue, one at a time:
//!
//! 1. **Contend.** Draw a backoff of `[0, CW]` slots from the radio's own random stream. The
//!    countdown starts DIFS after the radio's medium turns idle (its carrier sense is busy
//!    while it transmits, or while a PPDU at or above its CCA threshold is on the air). Each
//!    time a PPDU it can sense starts, the countdown freezes with the whole slots already
//!    elapsed subtracted, and resumes DIFS after that PPDU ends. Two radios whose countdowns
//!    end in the same microsecond both transmit (the same slot), and radios that cannot sense
//!    each other (hidden terminals) transmit over each other.
//! 2. **Transmit** the frame for its airtime; on a retransmission the Retry bit is set, the
//!    sequence number is unchanged (the medium never touches it).
//! 3. **Wait for the ACK** when one is expected. The addressed receiver answers SIFS after
//!    the frame with a real ACK PPDU. The exchange succeeds when that ACK reaches the sender
//!    intact; otherwise it fails at the later of the ACK timeout (SIFS + slot +
//!    aRxPHYStartDelay) and the end of any ACK on the air for it.
//! 4. **Retry or finish.** After a failure CW doubles (`2·CW + 1`, capped at `cw_max`) and the
//!    radio contends again, until `retry_limit` retransmissions have failed. Success, failure
//!    and frames that need no ACK end with a status event and CW back at `cw_min`.
//!
//! Beacons do not wait in the FIFO: a beacon goes right behind the frame in service (and
//! behind beacons already waiting there), the way hardware sends beacons from a queue of their
//! own and mac80211_hwsim sends them at TBTT outside the data queues. Otherwise an AP with a
//! backlog of responses would fall silent and its stations would report beacon loss.
//!
//! Simplified on purpose: every attempt, the first included, draws a backoff (no immediate
//! access after a long idle period); no EIFS, NAV, RTS/CTS, EDCA access categories, TXOP or
//! aggregation; the timing class (SIFS, slot, DIFS) follows the rate of the frame at the head
//! of the queue.

use crate::airtime::{self, TxRate};
use crate::event::{Action, MediumEvent, TxOutcome, TxRequest, TxStatus};
use crate::medium::{Agenda, Medium};
use crate::radio::RadioId;
use mac80211_core::rand::Rng;
use mac80211_core::time::Instant;
use mac80211_core::wire::fc::flags::RETRY;
use mac80211_core::wire::{AckPolicy, Frame, FrameControl, FrameType, MacAddr};
use std::collections::VecDeque;
use std::sync::Arc;

/// Where a radio's head-of-queue frame stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum TxState {
    /// Nothing to send.
    Idle,
    /// Counting down `slots` backoff slots from `count_from`.
    Contend { slots: u64, count_from: Instant },
    /// The frame is on the air.
    OnAir,
    /// Waiting for an ACK.
    AwaitAck { timed_out: bool, acks_in_flight: u8 },
}

/// A queued frame and its attempts so far.
pub(crate) struct Pending {
    frame: Arc<[u8]>,
    rate: TxRate,
    retry_limit: u8,
    cookie: u64,
    needs_ack: bool,
    /// A Beacon: it jumps the queue.
    beacon: bool,
    retries: u8,
}

/// A radio's transmit side.
pub(crate) struct Dcf {
    pub queue: VecDeque<Pending>,
    pub state: TxState,
    /// Bumped on every transition that makes scheduled actions obsolete.
    pub epoch: u32,
    cw: u16,
    rng: Rng,
}

impl Dcf {
    pub fn new(rng: Rng, cw_min: u16) -> Dcf {
        Dcf { queue: VecDeque::new(), state: TxState::Idle, epoch: 0, cw: cw_min, rng }
    }

    pub fn enqueue(&mut self, req: TxRequest) {
        let needs_ack = needs_ack(&req.frame, req.no_ack);
        let beacon = is_beacon(&req.frame);
        let pending = Pending {
            frame: Arc::from(req.frame),
            rate: req.rate,
            retry_limit: req.retry_limit,
            cookie: req.cookie,
            needs_ack,
            beacon,
            retries: 0,
        };
        if beacon {
            // Behind the frame in service (its exchange must finish) and earlier beacons.
            let served = usize::from(self.state != TxState::Idle).min(self.queue.len());
            let at = (served..self.queue.len()).find(|&i| !self.queue[i].beacon).unwrap_or(self.queue.len());
            self.queue.insert(at, pending);
        } else {
            self.queue.push_back(pending);
        }
    }

    fn head_rate(&self) -> TxRate {
        self.queue.front().map_or(TxRate::OFDM_6M, |p| p.rate)
    }

    /// A PPDU this radio senses keeps it busy until `busy_until`: freeze the countdown. When
    /// the PPDU is another radio's and the countdown ends at this very instant, the radio
    /// transmits anyway (same slot); its own transmissions (ACKs) always defer it.
    pub fn freeze(&mut self, id: RadioId, now: Instant, busy_until: Instant, own: bool, agenda: &mut Agenda) {
        let TxState::Contend { slots, count_from } = self.state else { return };
        let slot = airtime::slot(self.head_rate());
        if !own && count_from + slot.saturating_mul(slots) == now {
            return;
        }
        let elapsed = (now - count_from).as_micros() / slot.as_micros().max(1);
        let slots = slots - elapsed.min(slots);
        let count_from = busy_until + airtime::difs(self.head_rate());
        self.schedule(id, slots, count_from, agenda);
    }

    fn schedule(&mut self, id: RadioId, slots: u64, count_from: Instant, agenda: &mut Agenda) {
        self.epoch = self.epoch.wrapping_add(1);
        self.state = TxState::Contend { slots, count_from };
        let at = count_from + airtime::slot(self.head_rate()).saturating_mul(slots);
        agenda.schedule(at, Action::Access { radio: id, epoch: self.epoch });
    }
}

/// A Beacon (management subtype 8).
fn is_beacon(frame: &[u8]) -> bool {
    frame.first().is_some_and(|&b| b & 0xfc == 0x80)
}

/// Whether a frame elicits an ACK (10.3.2.11): individually addressed management and data
/// frames (QoS data only with the Normal Ack policy) and PS-Poll.
fn needs_ack(frame: &[u8], no_ack: bool) -> bool {
    let (Some(fc), Some(a1)) = (frame.get(0..2), frame.get(4..10)) else { return false };
    if no_ack || MacAddr::from_bytes(a1).is_multicast() {
        return false;
    }
    let fc = FrameControl(u16::from_le_bytes([fc[0], fc[1]]));
    match fc.frame_type() {
        FrameType::Management => true,
        FrameType::Data => Frame::new_checked(frame)
            .ok()
            .and_then(|f| f.qos_control())
            .is_none_or(|q| q.ack_policy() == AckPolicy::Normal),
        FrameType::Control => fc.subtype_bits() == 10, // PS-Poll
        FrameType::Extension => false,
    }
}

impl Medium {
    fn dcf_mut(&mut self, id: RadioId) -> Option<&mut Dcf> {
        self.radios.get_mut(id.index()).and_then(Option::as_mut).map(|r| &mut r.dcf)
    }

    /// Starts contending if the radio is idle with something queued.
    pub(crate) fn kick(&mut self, id: RadioId) {
        let now = self.now;
        let Medium { radios, agenda, .. } = self;
        let Some(r) = radios.get_mut(id.index()).and_then(Option::as_mut) else { return };
        if !r.powered || r.dcf.state != TxState::Idle || r.dcf.queue.is_empty() {
            return;
        }
        let slots = r.dcf.rng.below(u64::from(r.dcf.cw) + 1);
        let count_from = now.max(r.busy_until) + airtime::difs(r.dcf.head_rate());
        r.dcf.schedule(id, slots, count_from, agenda);
    }

    /// The backoff ran out: put the head frame on the air.
    pub(crate) fn on_access(&mut self, id: RadioId, epoch: u32) {
        let (now, agenda) = (self.now, &mut self.agenda);
        let Some(r) = self.radios.get_mut(id.index()).and_then(Option::as_mut) else { return };
        let dcf = &mut r.dcf;
        if dcf.epoch != epoch || !matches!(dcf.state, TxState::Contend { .. }) {
            return;
        }
        if r.on_air.is_some() {
            // Answering with an ACK right now: count down again after it.
            dcf.freeze(id, now, r.busy_until, true, agenda);
            return;
        }
        let Some(head) = dcf.queue.front() else {
            dcf.state = TxState::Idle;
            return;
        };
        let (frame, rate, needs_ack) = (head.frame.clone(), head.rate, head.needs_ack);
        dcf.epoch = dcf.epoch.wrapping_add(1);
        dcf.state = TxState::OnAir;
        let epoch = dcf.epoch;
        r.stats.tx_frames += 1;
        r.stats.tx_bytes += frame.len() as u64;
        self.start_ppdu(id, frame, rate, crate::air::PpduKind::Frame { needs_ack, epoch });
    }

    /// The radio's frame left the air: wait for the ACK, or finish.
    pub(crate) fn frame_sent(&mut self, id: RadioId, epoch: u32, rate: TxRate) {
        let at = self.now + airtime::ack_timeout(rate);
        let Medium { radios, agenda, .. } = self;
        let Some(r) = radios.get_mut(id.index()).and_then(Option::as_mut) else { return };
        if r.dcf.epoch != epoch || r.dcf.state != TxState::OnAir {
            return;
        }
        if r.dcf.queue.front().is_some_and(|p| p.needs_ack) {
            r.dcf.state = TxState::AwaitAck { timed_out: false, acks_in_flight: 0 };
            agenda.schedule(at, Action::AckTimeout { radio: id, epoch });
        } else {
            self.complete(id, TxOutcome::Sent);
        }
    }

    /// An ACK for the radio's attempt `epoch` goes on the air.
    pub(crate) fn ack_starting(&mut self, id: RadioId, epoch: u32) {
        if let Some(dcf) = self.dcf_mut(id)
            && dcf.epoch == epoch
            && let TxState::AwaitAck { acks_in_flight, .. } = &mut dcf.state
        {
            *acks_in_flight = acks_in_flight.saturating_add(1);
        }
    }

    /// The ACK timeout of attempt `epoch` expired.
    pub(crate) fn on_ack_timeout(&mut self, id: RadioId, epoch: u32) {
        let Some(dcf) = self.dcf_mut(id) else { return };
        if dcf.epoch != epoch {
            return;
        }
        if let TxState::AwaitAck { timed_out, acks_in_flight } = &mut dcf.state {
            *timed_out = true;
            if *acks_in_flight == 0 {
                self.attempt_failed(id);
            }
        }
    }

    /// An ACK for attempt `epoch` ended; `acked` when the radio received it intact.
    pub(crate) fn ack_ended(&mut self, id: RadioId, epoch: u32, acked: bool) {
        let Ok(r) = self.radio_mut(id) else { return };
        if r.dcf.epoch != epoch {
            return;
        }
        let TxState::AwaitAck { timed_out, acks_in_flight } = &mut r.dcf.state else { return };
        *acks_in_flight = acks_in_flight.saturating_sub(1);
        if acked {
            self.complete(id, TxOutcome::Acked);
        } else {
            let give_up = *timed_out && *acks_in_flight == 0;
            r.stats.acks_lost += 1;
            if give_up {
                self.attempt_failed(id);
            }
        }
    }

    /// No ACK: retransmit with a doubled window, or give up at the retry limit.
    fn attempt_failed(&mut self, id: RadioId) {
        let cw_max = self.cfg.cw_max;
        let Ok(r) = self.radio_mut(id) else { return };
        let Some(head) = r.dcf.queue.front_mut() else { return };
        if head.retries >= head.retry_limit {
            self.complete(id, TxOutcome::NotAcked);
            return;
        }
        if head.retries == 0 {
            let mut bytes = head.frame.to_vec();
            if let Some(b) = bytes.get_mut(1) {
                *b |= (RETRY >> 8) as u8;
            }
            head.frame = Arc::from(bytes);
        }
        head.retries += 1;
        r.stats.tx_retries += 1;
        r.dcf.cw = r.dcf.cw.saturating_mul(2).saturating_add(1).min(cw_max.max(r.dcf.cw));
        r.dcf.epoch = r.dcf.epoch.wrapping_add(1);
        r.dcf.state = TxState::Idle;
        self.kick(id);
    }

    /// The head frame is done: report it and move on.
    fn complete(&mut self, id: RadioId, outcome: TxOutcome) {
        let cw_min = self.cfg.cw_min;
        let Ok(r) = self.radio_mut(id) else { return };
        let Some(head) = r.dcf.queue.pop_front() else { return };
        match outcome {
            TxOutcome::Acked => r.stats.tx_acked += 1,
            TxOutcome::NotAcked => r.stats.tx_failed += 1,
            TxOutcome::Sent | TxOutcome::Flushed => {}
        }
        r.dcf.cw = cw_min;
        r.dcf.epoch = r.dcf.epoch.wrapping_add(1);
        r.dcf.state = TxState::Idle;
        let status = TxStatus { radio: id, cookie: head.cookie, outcome, retries: head.retries };
        self.emit(MediumEvent::TxStatus(status));
        self.kick(id);
    }

    /// The radio stops (power off, retune, removal): its PPDU is cut short, what it was
    /// receiving is lost, and its queue is flushed (reported when `report`).
    pub(crate) fn stop_radio(&mut self, id: RadioId, report: bool) {
        let (now, cw_min) = (self.now, self.cfg.cw_min);
        let Ok(r) = self.radio_mut(id) else { return };
        let on_air = r.on_air.take();
        r.busy_until = now;
        r.dcf.epoch = r.dcf.epoch.wrapping_add(1);
        r.dcf.state = TxState::Idle;
        r.dcf.cw = cw_min;
        let flushed: Vec<Pending> = r.dcf.queue.drain(..).collect();
        r.stats.tx_flushed += flushed.len() as u64;
        if let Some(tx) = on_air {
            self.truncate_ppdu(tx);
        }
        self.lose_arrivals(id);
        if report {
            for p in flushed {
                let status =
                    TxStatus { radio: id, cookie: p.cookie, outcome: TxOutcome::Flushed, retries: p.retries };
                self.emit(MediumEvent::TxStatus(status));
            }
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn frame(fc: [u8; 2], a1: [u8; 6]) -> Vec<u8> {
        let mut f = vec![0u8; 26];
        f[0..2].copy_from_slice(&fc);
        f[4..10].copy_from_slice(&a1);
        f
    }

    #[test]
    fn which_frames_elicit_an_ack() {
        let uni = [2, 0, 0, 0, 0, 1];
        assert!(needs_ack(&frame([0xb0, 0], uni), false)); // authentication
        assert!(!needs_ack(&frame([0xb0, 0], uni), true)); // no_ack requested
        assert!(!needs_ack(&frame([0x80, 0], [0xff; 6]), false)); // beacon
        assert!(needs_ack(&frame([0x08, 0x01], uni), false)); // data to DS
        assert!(!needs_ack(&frame([0x08, 0x01], [0x33, 0x33, 0, 0, 0, 1]), false)); // multicast
        let mut qos = frame([0x88, 0x01], uni);
        qos[24] = 0x20; // QoS Control: No Ack policy
        assert!(!needs_ack(&qos, false));
        qos[24] = 0x00;
        assert!(needs_ack(&qos, false));
        assert!(needs_ack(&frame([0xa4, 0], uni), false)); // PS-Poll
        assert!(!needs_ack(&frame([0xb4, 0], uni), false)); // RTS
        assert!(!needs_ack(&[0xb0, 0, 0, 0], false)); // truncated
    }

    #[test]
    fn beacons_jump_the_queue_but_not_the_frame_in_service() {
        let req = |fc: u8, cookie: u64| TxRequest {
            frame: frame([fc, 0], if fc == 0x80 { [0xff; 6] } else { [2, 0, 0, 0, 0, 1] }),
            rate: TxRate::DSSS_1M,
            retry_limit: 7,
            cookie,
            no_ack: false,
        };
        let mut d = Dcf::new(Rng::new(1), 15);
        d.enqueue(req(0xb0, 1));
        d.enqueue(req(0xb0, 2));
        d.enqueue(req(0x80, 3)); // idle: to the very front
        let order = |d: &Dcf| d.queue.iter().map(|p| p.cookie).collect::<Vec<_>>();
        assert_eq!(order(&d), [3, 1, 2]);
        d.state = TxState::OnAir; // the head (beacon 3) is being sent
        d.enqueue(req(0x80, 4));
        d.enqueue(req(0xb0, 5));
        d.enqueue(req(0x80, 6));
        assert_eq!(order(&d), [3, 4, 6, 1, 2, 5]);
    }
}
