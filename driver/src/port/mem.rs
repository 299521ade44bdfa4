//! An in-memory port for tests: the "host" is a [`MemPortHandle`].
//!
//! Frames the handle sends wait in an unbounded channel until the runner reads them, the way
//! a TAP device's queue holds packets while the runner has stopped reading (queue stopped).
//! Frames for the host go to another unbounded channel the handle reads; the carrier and the
//! counters are visible through the handle. Dropping the handle closes the port.

use super::{NetPort, PortCounters, PortError, PortStats};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// The runner's side of an in-memory port.
pub struct MemPort {
    name: String,
    from_host: mpsc::UnboundedReceiver<Vec<u8>>,
    to_host: mpsc::UnboundedSender<Vec<u8>>,
    counters: Arc<PortCounters>,
    queued: Arc<AtomicUsize>,
}

/// The test's side of an in-memory port: the host.
pub struct MemPortHandle {
    to_mac: mpsc::UnboundedSender<Vec<u8>>,
    from_mac: mpsc::UnboundedReceiver<Vec<u8>>,
    counters: Arc<PortCounters>,
    queued: Arc<AtomicUsize>,
}

impl MemPort {
    /// A port named `name` and the handle that plays its host.
    pub fn new(name: &str) -> (MemPort, MemPortHandle) {
        let (to_mac, from_host) = mpsc::unbounded_channel();
        let (to_host, from_mac) = mpsc::unbounded_channel();
        let counters = Arc::new(PortCounters::default());
        let queued = Arc::new(AtomicUsize::new(0));
        let port = MemPort {
            name: name.to_owned(),
            from_host,
            to_host,
            counters: counters.clone(),
            queued: queued.clone(),
        };
        (port, MemPortHandle { to_mac, from_mac, counters, queued })
    }
}

impl NetPort for MemPort {
    fn name(&self) -> &str {
        &self.name
    }

    fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Result<Vec<u8>, PortError>> {
        self.from_host.poll_recv(cx).map(|f| {
            let frame = f.ok_or(PortError::Closed)?;
            self.queued.fetch_sub(1, Ordering::Relaxed);
            Ok(frame)
        })
    }

    fn send(&mut self, frame: &[u8]) -> Result<(), PortError> {
        self.to_host.send(frame.to_vec()).map_err(|_| PortError::Closed)
    }

    fn set_carrier(&mut self, _on: bool) -> Result<(), PortError> {
        // The counters record the carrier; there is no device to tell.
        Ok(())
    }

    fn counters(&self) -> &Arc<PortCounters> {
        &self.counters
    }
}

impl MemPortHandle {
    /// Sends an 802.3 frame from the host. False when the port is closed.
    pub fn send(&self, frame: Vec<u8>) -> bool {
        self.queued.fetch_add(1, Ordering::Relaxed);
        let sent = self.to_mac.send(frame).is_ok();
        if !sent {
            self.queued.fetch_sub(1, Ordering::Relaxed);
        }
        sent
    }

    /// The next frame delivered to the host; `None` once the port is closed and drained.
    pub async fn recv(&mut self) -> Option<Vec<u8>> {
        self.from_mac.recv().await
    }

    /// A frame delivered to the host, if one is waiting.
    pub fn try_recv(&mut self) -> Option<Vec<u8>> {
        self.from_mac.try_recv().ok()
    }

    /// Carrier is on.
    pub fn carrier(&self) -> bool {
        self.counters.carrier()
    }

    /// The port's counters.
    pub fn stats(&self) -> PortStats {
        self.counters.snapshot()
    }

    /// Frames sent by the host that the runner has not read yet (the queue a stopped port
    /// leaves full).
    pub fn queued(&self) -> usize {
        self.queued.load(Ordering::Relaxed)
    }
}
