//! The simulated radio backend: one `hwsim::Medium` paced to the wall clock, shared by radios.
//!
//! [`SimMedium`] plays the part of Linux mac80211_hwsim plus wmediumd: it owns one clock-free
//! [`Medium`] behind a mutex and runs a tokio task, the *pacer*, that makes its virtual time
//! follow the wall clock (see [`pacer`]). [`SimRadio`] handles, made by
//! [`SimMedium::add_radio`], implement [`Radio`]: `transmit` and configuration calls go
//! straight into the medium (under its lock, at the current wall time, in call order) and
//! wake the pacer; received frames and TX statuses come back through one unbounded channel
//! per radio, which the pacer fills as their due times pass.
//!
//! Lifetimes: a radio lives on the medium until its `SimRadio` is dropped or
//! [`SimMedium::remove_radio`] removes it; in the latter case (and on
//! [`SimMedium::shutdown`]) the handle reports [`RadioEvent::Gone`]. A radio starts powered
//! off, like real hardware before `.start`.
//!
//! Methods are synchronous and never wait for the pacer: they take the medium lock for a
//! moment, so they can be called from any thread, inside a tokio runtime or not. Creating a
//! `SimMedium` needs a runtime (it spawns the pacer).

pub mod pacer;

use crate::clock::Clock;
use crate::radio::{Radio, RadioError, RadioEvent};
use hwsim::{
    CaptureId, CaptureKind, LinkModel, Medium, MediumConfig, MediumError, Position, RadioConfig, RadioId,
    RadioState, TxRequest,
};
use mac80211_core::mac::{RadioRequest, Transmit};
use mac80211_core::time::Instant;
use mac80211_core::wire::MacAddr;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// Frames a simulated radio accepts before their statuses come back (its "hardware queue").
pub const DEFAULT_TX_CAPACITY: usize = 64;

/// State behind the medium lock.
pub(crate) struct MediumState {
    pub medium: Medium,
    /// Where each radio's events go.
    pub radios: BTreeMap<RadioId, mpsc::UnboundedSender<RadioEvent>>,
    /// Open capture files.
    pub captures: HashMap<CaptureId, BufWriter<std::fs::File>>,
    /// Capture bytes that could not be written (disk full...).
    pub capture_errors: u64,
    /// Shut down: the pacer exits and no radio is added.
    pub closed: bool,
    /// The medium event the pacer is sleeping until (None: nothing scheduled). A handle that
    /// queues work wakes the pacer only when that work is due earlier: under load most
    /// transmissions join an exchange the pacer is already timed for, and a wake is a futex
    /// call and a context switch.
    pub pacer_wakes_at: Option<Instant>,
}

impl MediumState {
    /// True when the medium now has an event earlier than the pacer plans to look.
    pub fn needs_pacer(&mut self) -> bool {
        let planned = self.pacer_wakes_at;
        self.medium.next_event().is_some_and(|next| planned.is_none_or(|at| next < at))
    }
}

/// What the pacer and every handle share.
pub(crate) struct Shared {
    pub clock: Clock,
    pub state: Mutex<MediumState>,
    /// Wakes the pacer: something was queued that may be due earlier than it sleeps.
    pub wake: pacer::Wake,
}

impl Shared {
    /// The medium state. A panic while holding the lock cannot leave the medium half-updated
    /// in a way later calls trip over (every verb advances then acts), so poisoning is ignored.
    pub fn lock(&self) -> MutexGuard<'_, MediumState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A simulated medium shared by [`SimRadio`]s, paced to the wall clock. Cheap to clone.
#[derive(Clone)]
pub struct SimMedium {
    shared: Arc<Shared>,
}

impl SimMedium {
    /// Starts a medium with a perfect link model and its pacer task on the current runtime.
    ///
    /// # Panics
    /// Outside a tokio runtime.
    pub fn start(config: MediumConfig) -> SimMedium {
        SimMedium::start_with_clock(config, Clock::start())
    }

    /// Starts a medium paced by `clock` (share it with the radios' runners; see
    /// [`Clock::with_speed`] for a medium faster than real time).
    ///
    /// # Panics
    /// Outside a tokio runtime.
    pub fn start_with_clock(config: MediumConfig, clock: Clock) -> SimMedium {
        let state = MediumState {
            medium: Medium::new(config),
            radios: BTreeMap::new(),
            captures: HashMap::new(),
            capture_errors: 0,
            closed: false,
            pacer_wakes_at: None,
        };
        let shared = Arc::new(Shared { clock, state: Mutex::new(state), wake: pacer::Wake::default() });
        pacer::spawn(&shared);
        SimMedium { shared }
    }

    /// The medium's virtual time: wall time since [`SimMedium::start`].
    pub fn now(&self) -> Instant {
        self.shared.clock.now()
    }

    /// Runs `f` on the medium at the current time, for what this type does not wrap
    /// (partitions, holds, mutations, power, statistics). The pacer is woken afterwards.
    pub fn with_medium<R>(&self, f: impl FnOnce(&mut Medium, Instant) -> R) -> R {
        let now = self.now();
        let result = f(&mut self.shared.lock().medium, now);
        self.shared.wake.notify();
        result
    }

    /// Replaces the link model (path loss, loss matrix...) from now on.
    pub fn set_link_model(&self, model: impl LinkModel + 'static) {
        self.with_medium(|m, now| m.set_link_model(now, Box::new(model)));
    }

    /// Adds a radio (powered off until [`Radio::start`]) and returns its handle.
    pub fn add_radio(&self, config: RadioConfig) -> Result<SimRadio, RadioError> {
        let now = self.now();
        let (tx, rx) = mpsc::unbounded_channel();
        let mut st = self.shared.lock();
        if st.closed {
            return Err(RadioError::Gone);
        }
        let id = st.medium.add_radio(now, config);
        st.medium.set_powered(now, id, false)?;
        st.radios.insert(id, tx);
        drop(st);
        tracing::debug!(radio = %id, addr = %config.addr, "simulated radio added");
        Ok(SimRadio {
            id,
            addr: config.addr,
            shared: self.shared.clone(),
            events: rx,
            capacity: DEFAULT_TX_CAPACITY,
        })
    }

    /// Removes a radio: its handle reports [`RadioEvent::Gone`].
    pub fn remove_radio(&self, id: RadioId) -> Result<(), MediumError> {
        let now = self.now();
        let mut st = self.shared.lock();
        st.radios.remove(&id);
        st.medium.remove_radio(now, id)
    }

    /// The ids of every radio on the medium.
    pub fn radio_ids(&self) -> Vec<RadioId> {
        self.shared.lock().medium.radio_ids().collect()
    }

    /// A snapshot of a radio (configuration, channel, position, counters).
    pub fn radio(&self, id: RadioId) -> Option<RadioState> {
        self.shared.lock().medium.radio(id)
    }

    /// Moves a radio, metres.
    pub fn set_position(&self, id: RadioId, position: impl Into<Position>) -> Result<(), MediumError> {
        let position = position.into();
        self.with_medium(|m, now| m.set_position(now, id, position))
    }

    /// Frames from `from` to `to` are lost with probability `prob` (ACKs that way too).
    pub fn set_loss(&self, from: RadioId, to: RadioId, prob: f64) {
        self.with_medium(|m, now| m.set_loss(now, from, to, prob));
    }

    /// Removes a [`SimMedium::set_loss`] override.
    pub fn clear_loss(&self, from: RadioId, to: RadioId) {
        self.with_medium(|m, now| m.clear_loss(now, from, to));
    }

    /// Starts writing a radiotap pcap capture (link type 127, Wireshark opens it) of a channel
    /// or a radio to `path`, created or truncated. Records are written as the pacer runs.
    pub fn start_capture(&self, kind: CaptureKind, path: &Path) -> io::Result<CaptureId> {
        let file = BufWriter::new(std::fs::File::create(path)?);
        let mut st = self.shared.lock();
        let id = st.medium.start_capture(kind);
        st.captures.insert(id, file);
        Ok(id)
    }

    /// Stops a capture, writes what is left and closes the file. Returns false when no such
    /// capture was open.
    pub fn stop_capture(&self, id: CaptureId) -> io::Result<bool> {
        let mut st = self.shared.lock();
        let rest = st.medium.stop_capture(id);
        let Some(mut file) = st.captures.remove(&id) else { return Ok(false) };
        drop(st);
        if let Some(bytes) = rest {
            file.write_all(&bytes)?;
        }
        file.flush()?;
        Ok(true)
    }

    /// Capture bytes lost to write errors so far.
    pub fn capture_errors(&self) -> u64 {
        self.shared.lock().capture_errors
    }

    /// Stops the pacer: every radio reports [`RadioEvent::Gone`], open captures are finished.
    pub fn shutdown(&self) {
        let ids: Vec<CaptureId> = {
            let mut st = self.shared.lock();
            st.closed = true;
            st.radios.clear();
            st.captures.keys().copied().collect()
        };
        for id in ids {
            if let Err(e) = self.stop_capture(id) {
                tracing::warn!(error = %e, "finishing a capture");
            }
        }
        self.shared.wake.notify();
    }
}

/// One radio on a [`SimMedium`]. Dropping it removes the radio from the medium.
pub struct SimRadio {
    id: RadioId,
    addr: MacAddr,
    shared: Arc<Shared>,
    events: mpsc::UnboundedReceiver<RadioEvent>,
    capacity: usize,
}

impl SimRadio {
    /// Its id on the medium (for positions, losses, captures).
    pub fn id(&self) -> RadioId {
        self.id
    }

    /// The same radio with another hardware queue depth (see [`Radio::tx_capacity`]).
    #[must_use]
    pub fn with_tx_capacity(mut self, frames: usize) -> SimRadio {
        self.capacity = frames.max(1);
        self
    }

    /// Runs a medium verb on this radio now, then wakes the pacer.
    fn medium<R>(
        &self,
        f: impl FnOnce(&mut Medium, Instant, RadioId) -> Result<R, MediumError>,
    ) -> Result<R, RadioError> {
        let now = self.shared.clock.now();
        let (result, wake) = {
            let mut st = self.shared.lock();
            if !st.radios.contains_key(&self.id) {
                return Err(RadioError::Gone);
            }
            let result = f(&mut st.medium, now, self.id);
            (result, st.needs_pacer())
        };
        if wake {
            self.shared.wake.notify();
        }
        Ok(result?)
    }
}

impl Radio for SimRadio {
    fn addr(&self) -> MacAddr {
        self.addr
    }

    fn backend(&self) -> &'static str {
        "hwsim"
    }

    fn start(&mut self) -> Result<(), RadioError> {
        self.medium(|m, now, id| m.set_powered(now, id, true))
    }

    fn stop(&mut self) {
        // A radio already gone is stopped enough.
        let _ = self.medium(|m, now, id| m.set_powered(now, id, false));
    }

    fn configure(&mut self, request: &RadioRequest) -> Result<(), RadioError> {
        match *request {
            RadioRequest::SetChannel(ch) => self.medium(|m, now, id| m.set_channel(now, id, ch)),
            RadioRequest::AddAddress(a) => self.medium(|m, now, id| m.add_address(now, id, a)),
            RadioRequest::RemoveAddress(a) => {
                self.medium(|m, now, id| m.remove_address(now, id, a).map(drop))
            }
            // The medium hands every decoded frame up already; promiscuous adds others' ACKs.
            RadioRequest::SetPromiscuous(on) => self.medium(|m, now, id| m.set_promiscuous(now, id, on)),
            // Keys reach `set_key`, never here; the simulated radio has no crypto either way.
            RadioRequest::InstallKey(..) | RadioRequest::RemoveKey(..) => {
                Err(RadioError::NotSupported("hardware crypto"))
            }
        }
    }

    fn transmit(&mut self, t: Transmit) -> Result<(), RadioError> {
        let req = TxRequest {
            frame: t.frame,
            rate: t.rate.into(),
            retry_limit: t.retry_limit,
            cookie: t.cookie,
            no_ack: t.no_ack,
        };
        self.medium(|m, now, id| m.transmit(now, id, req))
    }

    fn tx_capacity(&self) -> usize {
        self.capacity
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<RadioEvent> {
        self.events.poll_recv(cx).map(|ev| ev.unwrap_or(RadioEvent::Gone))
    }
}

impl Drop for SimRadio {
    fn drop(&mut self) {
        let now = self.shared.clock.now();
        let mut st = self.shared.lock();
        if st.radios.remove(&self.id).is_some() {
            let _ = st.medium.remove_radio(now, self.id);
        }
    }
}
