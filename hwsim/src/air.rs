//! PPDUs on the air: who detects them, what collides, and who receives what.
//!
//! When a PPDU starts, the link model gives its signal at every radio on the sender's
//! channel (one pass over the channel's members, so the work is linear in the radios on that
//! channel). Radios that detect it (signal at or above their noise floor, no partition in
//! between) get an *arrival*:
//!
//! - its energy keeps their carrier sense busy until the PPDU ends if the signal reaches
//!   their CCA threshold, freezing their backoff;
//! - it is checked against every other arrival at that radio: two overlapping arrivals
//!   destroy each other unless one is at least the capture threshold stronger, in which case
//!   only the weaker is lost (whichever came first);
//! - an arrival at a radio that is transmitting, or that starts transmitting before the
//!   arrival ends, is lost (half-duplex).
//!
//! When the PPDU ends, each arrival goes through the receive steps in order: lost in the air
//! (collision, half-duplex, interruption) → below sensitivity → bit errors (the link model's
//! error probability, or a `set_loss` override, drawn from the link's stream) → mutation →
//! ACK decision → hold → delivery. A PPDU carrying an ACK is consumed by the medium: only the
//! sender it answers cares whether it arrived.

use crate::airtime::{self, ACK_PSDU_LEN, FCS_LEN, TxRate};
use crate::capture::{CaptureKind, RecordMeta, dbm_i8};
use crate::event::{Action, MediumEvent, RxInfo};
use crate::fault::{FrameMeta, Held};
use crate::medium::Medium;
use crate::model::{Link, LinkRng, Reception, clamp_prob};
use crate::radio::{DropReason, RadioConfig, RadioId, count_drop};
use mac80211_core::time::Instant;
use mac80211_core::wire::MacAddr;
use std::sync::Arc;

/// What a PPDU carries.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum PpduKind {
    /// A frame from the sender's queue; `epoch` identifies the attempt.
    Frame { needs_ack: bool, epoch: u32 },
    /// An ACK answering `sender`'s attempt `epoch`.
    Ack { sender: RadioId, epoch: u32 },
}

/// A radio that detects a PPDU, with the signal computed at its start.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hearer {
    radio: RadioId,
    signal: f64,
    noise: f64,
}

/// A PPDU arriving at a radio.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Arrival {
    tx: usize,
    signal: f64,
    lost: Option<DropReason>,
    /// Carries a frame (drops are counted) rather than an ACK.
    pub frame: bool,
}

/// A PPDU on the air.
pub(crate) struct Ppdu {
    from: RadioId,
    tx_config: RadioConfig,
    start: Instant,
    frame: Arc<[u8]>,
    rate: TxRate,
    kind: PpduKind,
    hearers: Vec<Hearer>,
}

/// PPDUs on the air, in reusable slots (a PPDU's index is its identity while on the air).
#[derive(Default)]
pub(crate) struct Ppdus {
    slots: Vec<Option<Ppdu>>,
    free: Vec<usize>,
    /// Hearer lists of ended PPDUs, kept to avoid an allocation per PPDU.
    pool: Vec<Vec<Hearer>>,
}

impl Ppdus {
    /// A free slot for a PPDU about to start (filled before anything else runs).
    fn reserve(&mut self) -> usize {
        self.free.pop().unwrap_or_else(|| {
            self.slots.push(None);
            self.slots.len() - 1
        })
    }

    fn remove(&mut self, i: usize) -> Option<Ppdu> {
        let p = self.slots.get_mut(i)?.take()?;
        self.free.push(i);
        Some(p)
    }
}

/// The outcome of the receive steps for one arrival.
type Received = Result<(), DropReason>;

impl Medium {
    /// Puts a PPDU on the air from `from` at the medium's time; returns its index.
    pub(crate) fn start_ppdu(&mut self, from: RadioId, frame: Arc<[u8]>, rate: TxRate, kind: PpduKind) {
        let now = self.now;
        let end = now + airtime::airtime(rate, frame.len() + FCS_LEN);
        if self.radios.get(from.index()).and_then(Option::as_ref).is_none() {
            return;
        }
        let tx = self.ppdus.reserve();
        let mut hearers = self.ppdus.pool.pop().unwrap_or_default();
        let Some(sender) = self.radios.get_mut(from.index()).and_then(Option::as_mut) else { return };
        for a in &mut sender.arrivals {
            a.lost.get_or_insert(DropReason::HalfDuplex);
        }
        sender.on_air = Some(tx);
        sender.busy_until = sender.busy_until.max(end);
        sender.dcf.freeze(from, now, sender.busy_until, true, &mut self.agenda);
        let tx_config = sender.config;
        let is_frame = matches!(kind, PpduKind::Frame { .. });
        let Medium { members, radios, faults, model, rngs, root, agenda, cfg, stats, .. } = self;
        for &to in members.get(&tx_config.channel.freq).map_or(&[][..], Vec::as_slice) {
            if to == from {
                continue;
            }
            let Some(rx) = radios.get_mut(to.index()).and_then(Option::as_mut) else { continue };
            if faults.partitioned(from, to) {
                if is_frame {
                    count_drop(&mut rx.stats, stats, DropReason::Partitioned);
                }
                continue;
            }
            let link = Link { from, to, tx: &tx_config, rx: &rx.config, medium_seed: cfg.seed };
            let mut rng = LinkRng { rngs: &mut *rngs, root, from, to };
            let Some(signal) = model.signal_dbm(&link, &mut rng) else { continue };
            let noise = model.noise_dbm(&link);
            if signal.is_nan() || signal < noise {
                continue;
            }
            hearers.push(Hearer { radio: to, signal, noise });
            let mut lost = rx.on_air.map(|_| DropReason::HalfDuplex);
            for a in &mut rx.arrivals {
                if a.signal - signal < cfg.capture_threshold_db {
                    a.lost.get_or_insert(DropReason::Collision);
                }
                if signal - a.signal < cfg.capture_threshold_db {
                    lost.get_or_insert(DropReason::Collision);
                }
            }
            rx.arrivals.push(Arrival { tx, signal, lost, frame: is_frame });
            if signal >= rx.config.cca_threshold_dbm && end > rx.busy_until {
                rx.busy_until = end;
                rx.dcf.freeze(to, now, end, false, agenda);
            }
        }
        let meta = RecordMeta {
            at: now,
            ppdu_start: now,
            channel: tx_config.channel,
            rate,
            signal_dbm: tx_config.tx_power_dbm,
            noise_dbm: None,
        };
        self.captures.record(CaptureKind::Channel(tx_config.channel.freq), &meta, &frame);
        self.stats.frames_on_air += 1;
        if !is_frame {
            self.stats.acks_on_air += 1;
        }
        self.ppdus.slots[tx] = Some(Ppdu { from, tx_config, start: now, frame, rate, kind, hearers });
        self.agenda.schedule(end, Action::TxEnd { tx });
    }

    /// Removes a radio's arrivals (it left the channel or powered off), counting frame drops.
    pub(crate) fn lose_arrivals(&mut self, id: RadioId) {
        let Some(rx) = self.radios.get_mut(id.index()).and_then(Option::as_mut) else { return };
        for a in rx.arrivals.drain(..) {
            if a.frame {
                count_drop(&mut rx.stats, &mut self.stats, a.lost.unwrap_or(DropReason::Interrupted));
            }
        }
    }

    /// Marks every arrival of PPDU `tx` lost (its sender stopped mid-frame).
    pub(crate) fn truncate_ppdu(&mut self, tx: usize) {
        let Some(Some(p)) = self.ppdus.slots.get(tx) else { return };
        for h in &p.hearers {
            if let Some(rx) = self.radios.get_mut(h.radio.index()).and_then(Option::as_mut)
                && let Some(a) = rx.arrivals.iter_mut().find(|a| a.tx == tx)
            {
                a.lost.get_or_insert(DropReason::Interrupted);
            }
        }
    }

    /// A PPDU ends: run the receive steps at every radio that detected it.
    pub(crate) fn end_ppdu(&mut self, tx: usize) {
        let Some(mut p) = self.ppdus.remove(tx) else { return };
        if let Some(sender) = self.radios.get_mut(p.from.index()).and_then(Option::as_mut)
            && sender.on_air == Some(tx)
        {
            sender.on_air = None;
        }
        match p.kind {
            PpduKind::Frame { needs_ack, epoch } => {
                let mut responders = Vec::new();
                for h in p.hearers.iter().copied() {
                    if self.receive_frame(&p, tx, h, needs_ack) {
                        responders.push(h.radio);
                    }
                }
                self.frame_sent(p.from, epoch, p.rate);
                let at = self.now + airtime::sifs(p.rate);
                // The ACK goes to the frame's transmitter address (every frame that elicits
                // an ACK has one); the radio's own address is a fallback for short frames.
                let ra = p.frame.get(10..16).map_or(p.tx_config.addr, MacAddr::from_bytes);
                let (sender, rate) = (p.from, p.rate.ack_rate());
                for responder in responders {
                    self.agenda.schedule(at, Action::AckStart { responder, sender, epoch, rate, ra });
                }
            }
            PpduKind::Ack { sender, epoch } => {
                // The sender it answers decodes an ACK; so does a promiscuous radio, which
                // hands it up like any frame. The others just had its energy.
                let mut acked = false;
                for h in p.hearers.iter().copied() {
                    if h.radio == sender {
                        if self.receive_steps(&p, tx, h).is_ok() {
                            acked = true;
                            self.record_at_radio(&p, h, &p.frame);
                        }
                    } else if self.is_promiscuous(h.radio) {
                        match self.receive_steps(&p, tx, h) {
                            Ok(()) => {
                                self.record_at_radio(&p, h, &p.frame);
                                let info = self.rx_info(&p, h);
                                self.deliver(h.radio, p.frame.to_vec(), info);
                            }
                            // A monitor misses it: count it like any frame it could not decode.
                            Err(reason) => {
                                if let Some(rx) =
                                    self.radios.get_mut(h.radio.index()).and_then(Option::as_mut)
                                {
                                    count_drop(&mut rx.stats, &mut self.stats, reason);
                                }
                            }
                        }
                    } else {
                        self.take_arrival(h.radio, tx);
                    }
                }
                self.ack_ended(sender, epoch, acked);
            }
        }
        p.hearers.clear();
        self.ppdus.pool.push(p.hearers);
    }

    /// The receive steps shared by frames and ACKs, in order: lost in the air, below
    /// sensitivity, bit errors. Takes the arrival off the radio; counts drops for frames.
    fn receive_steps(&mut self, p: &Ppdu, tx: usize, h: Hearer) -> Received {
        // A missing arrival was cut off (retune, power off) and counted then.
        let arrival = self.take_arrival(h.radio, tx).ok_or(DropReason::Interrupted)?;
        let result = match arrival.lost {
            Some(reason) => Err(reason),
            None => self.check_sensitivity(h).and_then(|()| self.check_bit_errors(p, h)),
        };
        if let (Err(reason), PpduKind::Frame { .. }) = (result, p.kind)
            && let Some(rx) = self.radios.get_mut(h.radio.index()).and_then(Option::as_mut)
        {
            count_drop(&mut rx.stats, &mut self.stats, reason);
        }
        result
    }

    fn take_arrival(&mut self, id: RadioId, tx: usize) -> Option<Arrival> {
        let rx = self.radios.get_mut(id.index()).and_then(Option::as_mut)?;
        let at = rx.arrivals.iter().position(|a| a.tx == tx)?;
        Some(rx.arrivals.swap_remove(at))
    }

    fn check_sensitivity(&self, h: Hearer) -> Received {
        let rx = self.radios.get(h.radio.index()).and_then(Option::as_ref).ok_or(DropReason::Interrupted)?;
        if h.signal < rx.config.rx_sensitivity_dbm { Err(DropReason::BelowSensitivity) } else { Ok(()) }
    }

    /// Draws against the error probability: a `set_loss` override, else the link model's.
    fn check_bit_errors(&mut self, p: &Ppdu, h: Hearer) -> Received {
        let Medium { radios, model, faults, rngs, root, cfg, .. } = self;
        let rx = radios.get(h.radio.index()).and_then(Option::as_ref).ok_or(DropReason::Interrupted)?;
        let prob = faults.loss(p.from, h.radio).unwrap_or_else(|| {
            let link =
                Link { from: p.from, to: h.radio, tx: &p.tx_config, rx: &rx.config, medium_seed: cfg.seed };
            let psdu_len = p.frame.len() + FCS_LEN;
            let reception = Reception { signal_dbm: h.signal, noise_dbm: h.noise, rate: p.rate, psdu_len };
            clamp_prob(model.error_prob(&link, &reception))
        });
        if prob <= 0.0 {
            return Ok(());
        }
        let mut rng = LinkRng { rngs: &mut *rngs, root, from: p.from, to: h.radio };
        if prob >= 1.0 || rng.get().chance(prob) { Err(DropReason::Loss) } else { Ok(()) }
    }

    /// Receives a frame at one hearer; returns true when that radio will acknowledge it.
    fn receive_frame(&mut self, p: &Ppdu, tx: usize, h: Hearer, needs_ack: bool) -> bool {
        if self.receive_steps(p, tx, h).is_err() {
            return false;
        }
        let Some(rx) = self.radios.get(h.radio.index()).and_then(Option::as_ref) else { return false };
        let to = (h.radio, rx.config.addr);
        let from_addr = p.tx_config.addr;
        let mut frame = p.frame.to_vec();
        if self.faults.has_mutations() {
            self.faults.mutate((p.from, from_addr), to, &mut frame);
        }
        let Some(rx) = self.radios.get(h.radio.index()).and_then(Option::as_ref) else { return false };
        let ack = needs_ack && frame.get(4..10).is_some_and(|a1| rx.owns(MacAddr::from_bytes(a1)));
        let info = self.rx_info(p, h);
        let meta = FrameMeta { from: p.from, from_addr, to: to.0, to_addr: to.1, frame: &frame };
        if self.faults.should_hold(&meta) {
            let (ppdu_start, channel) = (p.start, p.tx_config.channel);
            self.faults.held.push(Held { to: h.radio, frame, info, ppdu_start, channel });
        } else {
            self.record_at_radio(p, h, &frame);
            self.deliver(h.radio, frame, info);
        }
        ack
    }

    /// What the receiver learns about a PPDU it decoded.
    fn rx_info(&self, p: &Ppdu, h: Hearer) -> RxInfo {
        RxInfo {
            freq: p.tx_config.channel.freq,
            signal_dbm: dbm_i8(h.signal),
            noise_dbm: dbm_i8(h.noise),
            rate: p.rate,
            timestamp: self.now,
        }
    }

    fn is_promiscuous(&self, id: RadioId) -> bool {
        self.radios.get(id.index()).and_then(Option::as_ref).is_some_and(|r| r.promiscuous)
    }

    /// Writes a received PPDU to the radio's capture taps.
    fn record_at_radio(&mut self, p: &Ppdu, h: Hearer, frame: &[u8]) {
        let meta = RecordMeta {
            at: self.now,
            ppdu_start: p.start,
            channel: p.tx_config.channel,
            rate: p.rate,
            signal_dbm: h.signal,
            noise_dbm: Some(h.noise),
        };
        self.captures.record(CaptureKind::Radio(h.radio), &meta, frame);
    }

    /// Hands a frame to a radio: counters and the `Rx` event.
    pub(crate) fn deliver(&mut self, to: RadioId, frame: Vec<u8>, info: RxInfo) {
        let Some(rx) = self.radios.get_mut(to.index()).and_then(Option::as_mut) else { return };
        rx.stats.rx_frames += 1;
        rx.stats.rx_bytes += frame.len() as u64;
        self.stats.deliveries += 1;
        self.emit(MediumEvent::Rx { to, frame, info });
    }

    /// A receiver answers `sender`'s frame with an ACK, SIFS after it ended, unless it has
    /// since left the channel, powered off, or started transmitting.
    pub(crate) fn start_ack(
        &mut self,
        responder: RadioId,
        sender: RadioId,
        epoch: u32,
        rate: TxRate,
        ra: MacAddr,
    ) {
        let Some(s) = self.radios.get(sender.index()).and_then(Option::as_ref) else { return };
        let freq = s.config.channel.freq;
        let Some(r) = self.radios.get_mut(responder.index()).and_then(Option::as_mut) else { return };
        if !r.powered || r.on_air.is_some() || r.config.channel.freq != freq {
            return;
        }
        r.stats.acks_sent += 1;
        let mut ack = [0u8; ACK_PSDU_LEN - FCS_LEN];
        ack[0] = 0xd4; // type Control, subtype ACK (802.11-2020 9.3.1.3)
        ack[4..10].copy_from_slice(ra.as_bytes());
        self.ack_starting(sender, epoch);
        self.start_ppdu(responder, Arc::from(&ack[..]), rate, PpduKind::Ack { sender, epoch });
    }
}
