//! The medium: radios, their channels, the agenda, and the public verbs.
//!
//! [`Medium`] owns every radio, the link model, the fault state, the capture taps and an
//! agenda of internal actions (backoff expiries, PPDU ends, ACK starts, ACK timeouts). It
//! never reads a clock: every verb takes `now`, first runs the agenda up to `now`, then acts.
//! A `now` earlier than the medium's time is taken as the medium's time, so time never runs
//! backwards.
//!
//! The caller's loop is:
//!
//! ```text
//! while let Some(t) = medium.next_event() {   // (or the caller's own next deadline, if earlier)
//!     while let Some(ev) = medium.poll(t) { handle(ev) }
//! }
//! ```
//!
//! `next_event` may return the time of an internal action that produces no event; polling
//! at that time simply runs it.

use crate::air::{Arrival, Ppdus};
use crate::capture::{CaptureId, CaptureKind, Captures, RecordMeta};
use crate::channel::Channel;
use crate::dcf::{Dcf, TxState};
use crate::event::{Action, MediumError, MediumEvent, Scheduled, TxRequest};
use crate::fault::{Faults, FrameFilter, FrameMutator};
use crate::model::{LinkModel, Perfect};
use crate::radio::{MediumStats, Position, RadioConfig, RadioId, RadioState, RadioStats};
use mac80211_core::rand::Rng;
use mac80211_core::time::Instant;
use mac80211_core::wire::MacAddr;

use std::collections::{BTreeMap, BinaryHeap, HashMap, VecDeque};

/// Largest MPDU the medium carries, without FCS (the VHT maximum of 11 454 octets less 4).
pub const MAX_FRAME_LEN: usize = 11_450;

/// Medium-wide settings.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct MediumConfig {
    /// Root of every random stream (backoff per radio, loss and fading per link).
    pub seed: u64,
    /// Capture threshold, dB: an overlapping transmission destroys a reception unless the
    /// reception is at least this much stronger. `f64::INFINITY` disables capture.
    pub capture_threshold_db: f64,
    /// Minimum contention window (aCWmin; 15 for OFDM PHYs).
    pub cw_min: u16,
    /// Maximum contention window (aCWmax; 1023).
    pub cw_max: u16,
}

impl MediumConfig {
    /// Defaults with the given seed: 10 dB capture, CW 15 to 1023.
    pub fn new(seed: u64) -> MediumConfig {
        MediumConfig { seed, capture_threshold_db: 10.0, cw_min: 15, cw_max: 1023 }
    }
}

impl Default for MediumConfig {
    fn default() -> MediumConfig {
        MediumConfig::new(0)
    }
}

/// A radio as the medium keeps it.
pub(crate) struct Radio {
    pub config: RadioConfig,
    pub powered: bool,
    /// Decodes every PPDU it hears, ACKs to others included (a monitor interface is up).
    pub promiscuous: bool,
    pub extra_addrs: Vec<MacAddr>,
    pub stats: RadioStats,
    /// PPDUs arriving right now that it can detect.
    pub arrivals: Vec<Arrival>,
    /// The PPDU it is sending (a frame or an ACK).
    pub on_air: Option<usize>,
    /// End of the last transmission that keeps its carrier sense busy.
    pub busy_until: Instant,
    pub dcf: Dcf,
}

impl Radio {
    /// True when `addr` is one of its addresses.
    pub fn owns(&self, addr: MacAddr) -> bool {
        self.config.addr == addr || self.extra_addrs.contains(&addr)
    }
}

/// Random streams per directed link, created on the first draw: a model that never draws
/// (a perfect medium) keeps none, and memory grows with the links that do, not with N².
#[derive(Default)]
pub(crate) struct LinkRngs(HashMap<u64, Rng>);

impl LinkRngs {
    /// The stream of the link `from` → `to`, derived from `root` when first asked for.
    pub fn get(&mut self, root: &Rng, from: RadioId, to: RadioId) -> &mut Rng {
        let key = Self::key(from, to);
        self.0.entry(key).or_insert_with(|| root.derive("link", key))
    }

    /// The key a link's stream is derived under.
    pub fn key(from: RadioId, to: RadioId) -> u64 {
        (u64::from(from.0) << 32) | u64::from(to.0)
    }
}

/// The agenda of internal actions.
#[derive(Default)]
pub(crate) struct Agenda {
    heap: BinaryHeap<Scheduled>,
    seq: u64,
}

impl Agenda {
    pub fn schedule(&mut self, at: Instant, action: Action) {
        self.seq += 1;
        self.heap.push(Scheduled { at, seq: self.seq, action });
    }
}

/// The simulated medium. See the crate documentation for its semantics.
pub struct Medium {
    pub(crate) cfg: MediumConfig,
    pub(crate) now: Instant,
    pub(crate) root: Rng,
    pub(crate) model: Box<dyn LinkModel>,
    pub(crate) radios: Vec<Option<Radio>>,
    /// Powered radios per primary frequency, ascending ids.
    pub(crate) members: BTreeMap<u16, Vec<RadioId>>,
    pub(crate) rngs: LinkRngs,
    pub(crate) ppdus: Ppdus,
    pub(crate) agenda: Agenda,
    pub(crate) out: VecDeque<(Instant, MediumEvent)>,
    pub(crate) faults: Faults,
    pub(crate) captures: Captures,
    pub(crate) stats: MediumStats,
}

impl Medium {
    /// An empty medium with a [`Perfect`] link model.
    pub fn new(cfg: MediumConfig) -> Medium {
        Medium {
            cfg,
            now: Instant::ZERO,
            root: Rng::new(cfg.seed),
            model: Box::new(Perfect::new()),
            radios: Vec::new(),
            members: BTreeMap::new(),
            rngs: LinkRngs::default(),
            ppdus: Ppdus::default(),
            agenda: Agenda::default(),
            out: VecDeque::new(),
            faults: Faults::default(),
            captures: Captures::default(),
            stats: MediumStats::default(),
        }
    }

    /// The same medium with another link model.
    pub fn with_model(mut self, model: impl LinkModel + 'static) -> Medium {
        self.model = Box::new(model);
        self
    }

    /// Replaces the link model from `now` on.
    pub fn set_link_model(&mut self, now: Instant, model: Box<dyn LinkModel>) {
        self.advance(now);
        self.model = model;
    }

    /// The medium's time: the latest `now` it was given or reached.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// Its settings.
    pub fn config(&self) -> &MediumConfig {
        &self.cfg
    }

    // ----- radios -----

    /// Adds a powered radio; it starts listening at `now`.
    pub fn add_radio(&mut self, now: Instant, config: RadioConfig) -> RadioId {
        self.advance(now);
        let id = RadioId(self.radios.len() as u32);
        let rng = self.root.derive("backoff", u64::from(id.0));
        self.radios.push(Some(Radio {
            config,
            powered: true,
            promiscuous: false,
            extra_addrs: Vec::new(),
            stats: RadioStats::default(),
            arrivals: Vec::new(),
            on_air: None,
            busy_until: self.now,
            dcf: Dcf::new(rng, self.cfg.cw_min),
        }));
        self.join(id);
        id
    }

    /// Removes a radio: its transmission in progress is cut short, its queue dropped without
    /// status events, and frames held for it are discarded, as are its events not yet
    /// polled. No event names it afterwards.
    pub fn remove_radio(&mut self, now: Instant, id: RadioId) -> Result<(), MediumError> {
        self.advance(now);
        self.radio_mut(id)?;
        self.stop_radio(id, false);
        self.leave(id);
        self.faults.held.retain(|h| h.to != id);
        self.out.retain(|(_, ev)| match ev {
            MediumEvent::Rx { to, .. } => *to != id,
            MediumEvent::TxStatus(s) => s.radio != id,
        });
        self.radios[id.index()] = None;
        Ok(())
    }

    /// Powers a radio on or off. Powering off cuts its transmission short, loses what it was
    /// receiving and flushes its queue (each frame reported as `TxOutcome::Flushed`).
    pub fn set_powered(&mut self, now: Instant, id: RadioId, on: bool) -> Result<(), MediumError> {
        self.advance(now);
        let was = self.radio_mut(id)?.powered;
        if was == on {
            return Ok(());
        }
        if on {
            let r = self.radio_mut(id)?;
            r.powered = true;
            r.busy_until = now.max(r.busy_until);
            self.join(id);
        } else {
            self.stop_radio(id, true);
            self.leave(id);
            self.radio_mut(id)?.powered = false;
        }
        Ok(())
    }

    /// Retunes a radio. Like powering off and on: what it was sending or receiving is lost
    /// and its queue is flushed (mac80211 flushes before a channel change).
    pub fn set_channel(&mut self, now: Instant, id: RadioId, channel: Channel) -> Result<(), MediumError> {
        self.advance(now);
        let powered = self.radio_mut(id)?.powered;
        if powered {
            self.stop_radio(id, true);
            self.leave(id);
        }
        let r = self.radio_mut(id)?;
        r.config.channel = channel;
        r.busy_until = now;
        if powered {
            self.join(id);
        }
        Ok(())
    }

    /// Moves a radio. PPDUs already on the air keep the signal computed at their start.
    pub fn set_position(
        &mut self,
        now: Instant,
        id: RadioId,
        position: impl Into<Position>,
    ) -> Result<(), MediumError> {
        self.advance(now);
        self.radio_mut(id)?.config.position = position.into();
        Ok(())
    }

    /// Changes a radio's transmit power, dBm.
    pub fn set_tx_power(&mut self, now: Instant, id: RadioId, dbm: f64) -> Result<(), MediumError> {
        self.advance(now);
        self.radio_mut(id)?.config.tx_power_dbm = dbm;
        Ok(())
    }

    /// Puts the radio in promiscuous mode (a monitor interface is up): it then also decodes
    /// the ACKs it hears that answer other radios, as a monitor-mode NIC does. Every other
    /// frame it decodes is delivered whatever its address, in either mode.
    pub fn set_promiscuous(&mut self, now: Instant, id: RadioId, on: bool) -> Result<(), MediumError> {
        self.advance(now);
        self.radio_mut(id)?.promiscuous = on;
        Ok(())
    }

    /// Registers an extra address the radio acknowledges (a virtual interface).
    pub fn add_address(&mut self, now: Instant, id: RadioId, addr: MacAddr) -> Result<(), MediumError> {
        self.advance(now);
        let r = self.radio_mut(id)?;
        if !r.owns(addr) {
            r.extra_addrs.push(addr);
        }
        Ok(())
    }

    /// Unregisters an extra address; returns whether it was registered.
    pub fn remove_address(&mut self, now: Instant, id: RadioId, addr: MacAddr) -> Result<bool, MediumError> {
        self.advance(now);
        let r = self.radio_mut(id)?;
        let before = r.extra_addrs.len();
        r.extra_addrs.retain(|&a| a != addr);
        Ok(r.extra_addrs.len() != before)
    }

    /// A snapshot of a radio.
    pub fn radio(&self, id: RadioId) -> Option<RadioState> {
        let r = self.radios.get(id.index())?.as_ref()?;
        Some(RadioState {
            config: r.config,
            powered: r.powered,
            extra_addrs: r.extra_addrs.clone(),
            queued: r.dcf.queue.len(),
            transmitting: r.on_air.is_some(),
            stats: r.stats,
        })
    }

    /// A radio's configuration.
    pub fn radio_config(&self, id: RadioId) -> Option<&RadioConfig> {
        Some(&self.radios.get(id.index())?.as_ref()?.config)
    }

    /// A radio's counters.
    pub fn radio_stats(&self, id: RadioId) -> Option<&RadioStats> {
        Some(&self.radios.get(id.index())?.as_ref()?.stats)
    }

    /// The ids of every radio, ascending.
    pub fn radio_ids(&self) -> impl Iterator<Item = RadioId> + '_ {
        self.radios.iter().enumerate().filter(|(_, r)| r.is_some()).map(|(i, _)| RadioId(i as u32))
    }

    /// Medium-wide counters.
    pub fn stats(&self) -> &MediumStats {
        &self.stats
    }

    // ----- transmission and events -----

    /// Queues a frame on `from`. It goes on the air after carrier sense and backoff; a
    /// [`MediumEvent::TxStatus`] reports the end of the exchange.
    pub fn transmit(&mut self, now: Instant, from: RadioId, req: TxRequest) -> Result<(), MediumError> {
        self.advance(now);
        let r = self.radio_mut(from)?;
        if !r.powered {
            return Err(MediumError::RadioOff(from));
        }
        if req.frame.len() < 10 {
            return Err(MediumError::FrameTooShort(req.frame.len()));
        }
        if req.frame.len() > MAX_FRAME_LEN {
            return Err(MediumError::FrameTooLong(req.frame.len()));
        }
        if !req.rate.is_valid() {
            return Err(MediumError::InvalidRate(req.rate));
        }
        r.stats.tx_requests += 1;
        r.dcf.enqueue(req);
        self.kick(from);
        Ok(())
    }

    /// When the medium next needs the caller's attention: the due time of the next event,
    /// or of the next internal action. `None` when nothing is pending.
    pub fn next_event(&mut self) -> Option<Instant> {
        if let Some(&(due, _)) = self.out.front() {
            return Some(due);
        }
        while let Some(top) = self.agenda.heap.peek() {
            if !self.is_stale(&top.action) {
                return Some(top.at);
            }
            self.agenda.heap.pop();
        }
        None
    }

    /// The next event due at or before `now`, running internal actions up to `now` as
    /// needed. Events come out in `(due time, production order)` order.
    pub fn poll(&mut self, now: Instant) -> Option<MediumEvent> {
        let now = now.max(self.now);
        loop {
            if self.out.front().is_some_and(|&(due, _)| due <= now) {
                return self.out.pop_front().map(|(_, ev)| ev);
            }
            if !self.step(now) {
                self.now = now;
                return None;
            }
        }
    }

    /// Runs every internal action due at or before `now`, keeping their events for `poll`.
    fn advance(&mut self, now: Instant) {
        let now = now.max(self.now);
        while self.step(now) {}
        self.now = now;
    }

    /// Runs the next action if it is due by `now`; false when none is.
    fn step(&mut self, now: Instant) -> bool {
        match self.agenda.heap.peek() {
            Some(top) if top.at <= now => {}
            _ => return false,
        }
        let Some(s) = self.agenda.heap.pop() else { return false };
        self.now = self.now.max(s.at);
        match s.action {
            Action::Access { radio, epoch } => self.on_access(radio, epoch),
            Action::TxEnd { tx } => self.end_ppdu(tx),
            Action::AckStart { responder, sender, epoch, rate, ra } => {
                self.start_ack(responder, sender, epoch, rate, ra)
            }
            Action::AckTimeout { radio, epoch } => self.on_ack_timeout(radio, epoch),
        }
        true
    }

    /// True for an action that will do nothing when run (superseded backoff or timeout).
    fn is_stale(&self, action: &Action) -> bool {
        let dcf = |id: RadioId| self.radios.get(id.index()).and_then(Option::as_ref).map(|r| &r.dcf);
        match *action {
            Action::Access { radio, epoch } => {
                dcf(radio).is_none_or(|d| d.epoch != epoch || !matches!(d.state, TxState::Contend { .. }))
            }
            Action::AckTimeout { radio, epoch } => dcf(radio).is_none_or(|d| d.epoch != epoch),
            Action::TxEnd { .. } | Action::AckStart { .. } => false,
        }
    }

    // ----- faults -----

    /// Overrides the error probability from `from` to `to` (ACKs that way included).
    pub fn set_loss(&mut self, now: Instant, from: RadioId, to: RadioId, prob: f64) {
        self.advance(now);
        self.faults.set_loss(from, to, prob);
    }

    /// Removes a `set_loss` override.
    pub fn clear_loss(&mut self, now: Instant, from: RadioId, to: RadioId) {
        self.advance(now);
        self.faults.clear_loss(from, to);
    }

    /// Splits the radios into groups that cannot detect each other; radios in no group form
    /// a group of their own. Replaces any earlier partition. PPDUs already on the air are
    /// not affected.
    pub fn partition(&mut self, now: Instant, groups: &[&[RadioId]]) {
        self.advance(now);
        self.faults.partition(groups);
    }

    /// Removes the partition.
    pub fn heal(&mut self, now: Instant) {
        self.advance(now);
        self.faults.heal();
    }

    /// Holds back deliveries that `filter` selects until [`Medium::release`]; replaces any
    /// earlier hold filter.
    pub fn hold(&mut self, now: Instant, filter: FrameFilter) {
        self.advance(now);
        self.faults.hold(filter);
    }

    /// Removes the hold filter and delivers every held frame at `now`, in the order they
    /// were held (to radios that still exist). Returns how many were released.
    pub fn release(&mut self, now: Instant) -> usize {
        self.advance(now);
        self.faults.stop_holding();
        let held = core::mem::take(&mut self.faults.held);
        let n = held.len();
        for h in held {
            let mut info = h.info;
            info.timestamp = self.now;
            let meta = RecordMeta {
                at: self.now,
                ppdu_start: h.ppdu_start,
                channel: h.channel,
                rate: info.rate,
                signal_dbm: f64::from(info.signal_dbm),
                noise_dbm: Some(f64::from(info.noise_dbm)),
            };
            if self.radios.get(h.to.index()).is_some_and(Option::is_some) {
                self.captures.record(CaptureKind::Radio(h.to), &meta, &h.frame);
            }
            self.deliver(h.to, h.frame, info);
        }
        n
    }

    /// Frames held right now.
    pub fn held(&self) -> usize {
        self.faults.held.len()
    }

    /// Adds a rule rewriting the deliveries `filter` selects.
    pub fn mutate(&mut self, now: Instant, filter: FrameFilter, mutator: FrameMutator) {
        self.advance(now);
        self.faults.add_mutation(filter, mutator);
    }

    /// Removes every mutation rule.
    pub fn clear_mutations(&mut self, now: Instant) {
        self.advance(now);
        self.faults.clear_mutations();
    }

    // ----- capture -----

    /// Opens a capture tap (see [`crate::capture`]).
    pub fn start_capture(&mut self, kind: CaptureKind) -> CaptureId {
        self.captures.open(kind)
    }

    /// Takes the pcap bytes a tap wrote since the last take (the first take starts with the
    /// file header, so concatenating every take gives the whole file).
    pub fn take_capture(&mut self, id: CaptureId) -> Option<Vec<u8>> {
        self.captures.take(id)
    }

    /// Closes a tap and returns the bytes not yet taken.
    pub fn stop_capture(&mut self, id: CaptureId) -> Option<Vec<u8>> {
        self.captures.close(id)
    }

    // ----- internals -----

    pub(crate) fn radio_mut(&mut self, id: RadioId) -> Result<&mut Radio, MediumError> {
        self.radios.get_mut(id.index()).and_then(Option::as_mut).ok_or(MediumError::UnknownRadio(id))
    }

    pub(crate) fn emit(&mut self, event: MediumEvent) {
        self.out.push_back((self.now, event));
    }

    /// Adds a powered radio to its channel's member list.
    fn join(&mut self, id: RadioId) {
        let Some(r) = self.radios.get(id.index()).and_then(Option::as_ref) else { return };
        if r.powered {
            let list = self.members.entry(r.config.channel.freq).or_default();
            if let Err(at) = list.binary_search(&id) {
                list.insert(at, id);
            }
        }
    }

    /// Takes a radio off its channel's member list.
    fn leave(&mut self, id: RadioId) {
        let Some(r) = self.radios.get(id.index()).and_then(Option::as_ref) else { return };
        if let Some(list) = self.members.get_mut(&r.config.channel.freq)
            && let Ok(at) = list.binary_search(&id)
        {
            list.remove(at);
        }
    }
}
