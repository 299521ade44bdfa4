//! The runner's loop: poll every source, feed the MAC, drain it, sleep.
//!
//! One pass ([`Task::poll_pass`]) runs under the state lock, without awaiting: it takes the
//! wake-ups, up to [`BUDGET`] radio events, the timer, and up to [`BUDGET`] frames from each
//! port whose queue is not stopped, feeds them to the MAC, then drains the outputs (see the
//! [module documentation](super)). A pass that did anything is followed by another, so the loop
//! parks only after a pass in which every source returned `Pending` and so registered its
//! waker: nothing ready is ever left behind. The budget keeps one busy source from starving
//! the others, as NAPI's weight does.

use super::{ExitReason, Shared, State, carrier_of, close_port};
use crate::port::PortError;
use crate::radio::{KeyCommand, KeyConf, Radio, RadioError, RadioEvent};
use mac80211_core::mac::{DropReason, Event, EventKind, KeyConfig, RadioRequest, TxStatus, VifId};
use mac80211_core::time::Instant;
use std::future::poll_fn;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use tokio::sync::mpsc;
use tokio::time::Sleep;

/// Items taken from one source in one pass.
pub(crate) const BUDGET: usize = 64;

pub(crate) struct Task<R> {
    shared: Arc<Shared>,
    radio: R,
    wake_rx: mpsc::UnboundedReceiver<()>,
    timer: Pin<Box<Sleep>>,
    /// The MAC deadline the timer is set for.
    armed: Option<Instant>,
}

impl<R: Radio> Task<R> {
    pub fn new(shared: Arc<Shared>, radio: R, wake_rx: mpsc::UnboundedReceiver<()>) -> Task<R> {
        let timer = Box::pin(tokio::time::sleep_until(tokio::time::Instant::now()));
        Task { shared, radio, wake_rx, timer, armed: None }
    }

    pub async fn run(mut self) {
        let reason = loop {
            match poll_fn(|cx| self.poll_pass(cx)).await {
                Some(reason) => break reason,
                // Let other tasks run when this one has used its share (tokio's coop budget).
                None => tokio::task::consume_budget().await,
            }
        };
        self.finish(reason);
    }

    /// One pass. `Ready(None)`: work was done, pass again; `Ready(Some)`: stop; `Pending`: idle.
    fn poll_pass(&mut self, cx: &mut Context<'_>) -> Poll<Option<ExitReason>> {
        let shared = self.shared.clone();
        let _phy = shared.span.enter();
        let mut st = shared.lock();
        let mut progress = false;
        while let Poll::Ready(Some(())) = self.wake_rx.poll_recv(cx) {
            shared.wake_pending.store(false, Ordering::Release);
            progress = true;
        }
        if st.shutdown {
            return Poll::Ready(Some(ExitReason::Shutdown));
        }
        match self.poll_radio(cx, &mut st) {
            Poll::Ready(Some(reason)) => return Poll::Ready(Some(reason)),
            Poll::Ready(None) => progress = true,
            Poll::Pending => {}
        }
        progress |= self.poll_timer(cx, &mut st);
        progress |= poll_ports(cx, &mut st, &shared);
        progress |= self.drain(&mut st);
        if progress { Poll::Ready(None) } else { Poll::Pending }
    }

    /// Feeds up to [`BUDGET`] radio events to the MAC. `Ready(None)` when some were handled.
    fn poll_radio(&mut self, cx: &mut Context<'_>, st: &mut State) -> Poll<Option<ExitReason>> {
        let mut handled = 0;
        while handled < BUDGET {
            let Poll::Ready(event) = self.radio.poll_event(cx) else { break };
            handled += 1;
            let now = st.tick(&self.shared.clock);
            match event {
                RadioEvent::Rx { frame, info } => st.mac.handle_rx(now, info, &frame),
                RadioEvent::TxStatus(status) => {
                    st.in_flight.remove(&status.cookie);
                    st.mac.handle_tx_status(now, status);
                }
                RadioEvent::Gone => return Poll::Ready(Some(ExitReason::RadioGone)),
            }
        }
        if handled > 0 { Poll::Ready(None) } else { Poll::Pending }
    }

    /// Runs the MAC's timers when the armed deadline has passed.
    fn poll_timer(&mut self, cx: &mut Context<'_>, st: &mut State) -> bool {
        let Some(deadline) = self.armed else { return false };
        if self.timer.as_mut().poll(cx).is_pending() {
            return false;
        }
        self.armed = None;
        // The timer fires at or after the deadline; never hand the MAC an earlier time, or it
        // would find nothing due and ask for the same deadline again.
        let now = st.tick(&self.shared.clock).max(deadline);
        st.last_now = now;
        st.mac.handle_timeout(now);
        true
    }

    /// Drains the MAC's outputs and re-arms the timer. True when there were outputs.
    fn drain(&mut self, st: &mut State) -> bool {
        let mut progress = self.drain_radio_queue(st);
        progress |= deliver(st);
        progress |= publish_events(st, &self.shared);
        progress |= update_queues(st);
        let next = st.mac.poll_timeout();
        if next != self.armed {
            self.armed = next;
            if let Some(at) = next {
                self.timer.as_mut().reset(self.shared.clock.deadline(at));
            }
        }
        progress
    }

    /// A configuration change; keys go to `set_key`, where `NotSupported` means the MAC's
    /// software crypto does the work (as mac80211 on `-EOPNOTSUPP`).
    fn apply_radio_request(&mut self, request: &RadioRequest) {
        let result = match request {
            RadioRequest::InstallKey(vif, key) => {
                self.radio.set_key(&KeyCommand::Install(key_conf(*vif, key)))
            }
            RadioRequest::RemoveKey(vif, key) => self.radio.set_key(&KeyCommand::Remove(key_conf(*vif, key))),
            other => self.radio.configure(other),
        };
        match result {
            Ok(()) | Err(RadioError::NotSupported(_)) => {}
            Err(e) => tracing::warn!(?request, error = %e, "radio refused a configuration change"),
        }
    }

    /// The ordered radio queue: configuration changes, and frames while the radio has room.
    fn drain_radio_queue(&mut self, st: &mut State) -> bool {
        let mut progress = false;
        loop {
            if let Some(request) = st.mac.poll_radio() {
                progress = true;
                self.apply_radio_request(&request);
                continue;
            }
            if st.in_flight.len() >= self.radio.tx_capacity() {
                break;
            }
            let Some(transmit) = st.mac.poll_transmit() else { break };
            progress = true;
            let cookie = transmit.cookie;
            match self.radio.transmit(transmit) {
                Ok(()) => {
                    st.in_flight.insert(cookie);
                }
                Err(e) => {
                    // Not queued: report it lost, as a driver reports a frame it could not send.
                    tracing::debug!(cookie, error = %e, "radio refused a frame");
                    let now = st.tick(&self.shared.clock);
                    st.mac.handle_tx_status(now, TxStatus { cookie, acked: false, retries: 0 });
                }
            }
        }
        progress
    }

    /// Closes the ports, stops the radio and reports the exit.
    fn finish(mut self, reason: ExitReason) {
        let _phy = self.shared.span.enter();
        let slots: Vec<_> = std::mem::take(&mut self.shared.lock().ports).into_values().collect();
        for slot in slots {
            close_port(slot);
        }
        self.radio.stop();
        tracing::info!(?reason, "runner stopped");
        self.shared.exited.send_replace(Some(reason));
    }
}

/// Reads up to [`BUDGET`] frames from each open port while the MAC has room.
fn poll_ports(cx: &mut Context<'_>, st: &mut State, shared: &Shared) -> bool {
    let State { mac, ports, last_now, .. } = st;
    let mut progress = false;
    let mut full = false;
    for (&vif, slot) in ports.iter_mut().filter(|(_, s)| !s.stopped && !s.closed) {
        let _iface = slot.span.enter();
        for _ in 0..BUDGET {
            if !mac.can_transmit() {
                full = true;
                break;
            }
            let frame = match slot.port.poll_recv(cx) {
                Poll::Pending => break,
                Poll::Ready(Ok(frame)) => frame,
                Poll::Ready(Err(PortError::Closed)) => {
                    tracing::debug!("host side closed");
                    slot.closed = true;
                    break;
                }
                Poll::Ready(Err(e)) => {
                    tracing::warn!(error = %e, "reading from the host");
                    slot.port.counters().tx_error();
                    progress = true;
                    continue;
                }
            };
            progress = true;
            *last_now = (*last_now).max(shared.clock.now());
            match mac.handle_ethernet(*last_now, vif, &frame) {
                Ok(()) => slot.port.counters().tx_ok(frame.len()),
                Err(reason) => {
                    tracing::trace!(?reason, "host frame dropped");
                    slot.port.counters().tx_dropped();
                    if reason == DropReason::QueueFull {
                        full = true;
                        break;
                    }
                }
            }
        }
    }
    if full {
        set_queues(st, false);
    }
    progress
}

/// Hands the MAC's deliveries to their ports; frames without a port are counted.
fn deliver(st: &mut State) -> bool {
    let mut progress = false;
    while let Some(d) = st.mac.poll_deliver() {
        progress = true;
        let Some(slot) = st.ports.get_mut(&d.vif).filter(|s| !s.closed) else {
            st.undelivered += 1;
            continue;
        };
        let counters = slot.port.counters().clone();
        // Counted before the host can see the frame, so a reader that got it finds it counted.
        counters.rx_ok(d.frame.len());
        match slot.port.send(&d.frame) {
            Ok(()) => {}
            Err(PortError::Full) => counters.rx_failed(d.frame.len(), false),
            Err(e) => {
                let _iface = slot.span.enter();
                tracing::debug!(error = %e, "delivering to the host");
                counters.rx_failed(d.frame.len(), true);
            }
        }
    }
    progress
}

/// Updates carriers when the link changed, then sends the MAC's events to subscribers (in
/// that order, so a subscriber that hears `Connected` finds the carrier already on).
fn publish_events(st: &mut State, shared: &Shared) -> bool {
    let events: Vec<Event> = std::iter::from_fn(|| st.mac.poll_event()).collect();
    if events.iter().any(changes_link) {
        refresh_carriers(st);
    }
    for event in &events {
        tracing::debug!(vif = event.vif.0, kind = ?event.kind, "event");
    }
    for event in events.iter().cloned() {
        // No subscriber is fine: the state stays queryable.
        let _ = shared.events.send(event);
    }
    !events.is_empty()
}

fn changes_link(event: &Event) -> bool {
    matches!(
        event.kind,
        EventKind::Connected { .. }
            | EventKind::Disconnected { .. }
            | EventKind::ConnectFailed { .. }
            | EventKind::ApStarted { .. }
            | EventKind::ApStopped
    )
}

/// Sets every port's carrier from its interface's state (`netif_carrier_on/off`).
pub(crate) fn refresh_carriers(st: &mut State) {
    let wanted: Vec<(VifId, bool)> = st.ports.keys().map(|&v| (v, carrier_of(&st.mac, v))).collect();
    for (vif, on) in wanted {
        let Some(slot) = st.ports.get_mut(&vif) else { continue };
        if slot.port.counters().set_carrier(on) {
            let _iface = slot.span.enter();
            tracing::info!(carrier = on, "carrier");
            if let Err(e) = slot.port.set_carrier(on) {
                tracing::warn!(error = %e, "setting the carrier");
            }
        }
    }
}

/// Wakes the stopped ports once the MAC has room again (after the drain handed frames to the
/// radio). True when ports were woken: they must be polled again.
fn update_queues(st: &mut State) -> bool {
    st.mac.can_transmit() && set_queues(st, true)
}

/// Stops (`open` false, `netif_stop_queue`) or wakes (`netif_wake_queue`) every port whose
/// queue is not in that state yet, counting each change. True when some port changed.
fn set_queues(st: &mut State, open: bool) -> bool {
    let mut changed = false;
    for slot in st.ports.values_mut().filter(|s| !s.closed && s.stopped == open) {
        let _iface = slot.span.enter();
        slot.stopped = !open;
        if open {
            slot.port.counters().queue_woken();
            tracing::trace!("queue woken");
        } else {
            slot.port.counters().queue_stopped();
            tracing::trace!("queue stopped");
        }
        changed = true;
    }
    changed
}

/// The driver's view of a key the MAC installed.
fn key_conf(vif: VifId, key: &KeyConfig) -> KeyConf {
    KeyConf {
        vif,
        peer: key.peer,
        index: key.index,
        cipher: key.cipher.into(),
        key: key.key.expose().to_vec(),
    }
}
