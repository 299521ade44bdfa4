//! The radio trait: what a soft-MAC needs from hardware, like Linux's `ieee80211_ops`.
//!
//! A [`Radio`] carries 802.11 frames without FCS plus metadata (STYLE practice 9), and nothing
//! else: no MLME, no crypto policy, no clock. The mapping to `ieee80211_ops`:
//!
//! | here | Linux |
//! |---|---|
//! | [`Radio::start`] / [`Radio::stop`] | `.start` / `.stop` (first interface up, last down) |
//! | [`Radio::configure`] with [`RadioRequest`] | `.config` (channel), `.add_interface` / `.remove_interface` (addresses), `.configure_filter` (promiscuous) |
//! | [`Radio::set_key`] | `.set_key`; `-EOPNOTSUPP` there makes mac80211 fall back to software crypto, and [`RadioError::NotSupported`] means the same here |
//! | [`Radio::transmit`] | `.tx`; the outcome comes back later as [`RadioEvent::TxStatus`] (`ieee80211_tx_status`) |
//! | [`Radio::poll_event`] → [`RadioEvent::Rx`] | `ieee80211_rx` with `ieee80211_rx_status` |
//! | [`Radio::tx_capacity`] | the hardware queue depth behind `ieee80211_stop_queue` / `ieee80211_wake_queue` |
//! | [`RadioEvent::Gone`] | surprise removal (`ieee80211_unregister_hw` from a USB disconnect) |
//!
//! # Why a poll method
//!
//! Receive is `poll_event(&mut self, cx)`, the shape of `Stream::poll_next`, rather than an
//! `async fn` or a channel handed out: it keeps the trait object-safe (`Box<dyn Radio>`, so the
//! daemon can hold simulated and USB radios alike), it lets the runner drain a batch of events
//! in one wake-up without allocating a future per frame (the NAPI poll shape), and it composes
//! with the runner's other sources (ports, control, timer) in one hand-written poll loop.
//! [`next_event`] wraps it as a future for code that prefers `await`.
//!
//! Everything else is synchronous and must not block: configuration and transmission are
//! queued by the backend, in call order, so a channel change issued after a frame is applied
//! after that frame (the order the MAC's radio queue promises).

use hwsim::MediumError;
use mac80211_core::mac::{RadioRequest, RxInfo, Transmit, TxStatus, VifId};
use mac80211_core::wire::MacAddr;
use std::future::poll_fn;
use std::task::{Context, Poll};

/// Something the radio reports.
#[derive(Clone, PartialEq, Debug)]
pub enum RadioEvent {
    /// A received frame (802.11, no FCS) with its metadata.
    Rx {
        /// The frame.
        frame: Vec<u8>,
        /// Frequency, signal and rate.
        info: RxInfo,
    },
    /// The outcome of a [`Radio::transmit`], matched by cookie.
    TxStatus(TxStatus),
    /// The radio is gone (removed from the medium, unplugged); no event follows.
    Gone,
}

/// A key operation (`ieee80211_ops.set_key` with `SET_KEY` / `DISABLE_KEY`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum KeyCommand {
    /// Install a key for hardware encryption and decryption.
    Install(KeyConf),
    /// Remove a key installed before.
    Remove(KeyConf),
}

/// A key as the hardware would program it (`struct ieee80211_key_conf`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct KeyConf {
    /// The interface it belongs to.
    pub vif: VifId,
    /// The peer of a pairwise key; `None` for a group key.
    pub peer: Option<MacAddr>,
    /// Key index (0-3 for pairwise and group, 4-5 for management group keys).
    pub index: u8,
    /// Cipher suite selector (OUI 00-0F-AC and type, e.g. `0x000FAC04` for CCMP-128).
    pub cipher: u32,
    /// The key.
    pub key: Vec<u8>,
}

/// Why a radio refused an operation.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum RadioError {
    /// The radio cannot do this (no hardware crypto, for instance): the core does it in
    /// software instead, exactly as mac80211 does on `-EOPNOTSUPP` from `set_key`.
    #[error("not supported by the radio: {0}")]
    NotSupported(&'static str),
    /// The radio is gone (removed, unplugged).
    #[error("radio gone")]
    Gone,
    /// The radio is stopped.
    #[error("radio stopped")]
    Stopped,
    /// The radio refused the request (bad frame, bad channel...).
    #[error("radio refused: {0}")]
    Refused(String),
}

impl From<MediumError> for RadioError {
    fn from(e: MediumError) -> RadioError {
        match e {
            MediumError::UnknownRadio(_) => RadioError::Gone,
            MediumError::RadioOff(_) => RadioError::Stopped,
            other => RadioError::Refused(other.to_string()),
        }
    }
}

/// A radio the runner drives. See the module documentation for the mapping to Linux.
pub trait Radio: Send + 'static {
    /// The radio's permanent address.
    fn addr(&self) -> MacAddr;

    /// Which backend this is (`"hwsim"`, `"mt7601u"`), for listings.
    fn backend(&self) -> &'static str;

    /// Powers the radio up; it receives from now on.
    fn start(&mut self) -> Result<(), RadioError>;

    /// Powers the radio down: frames queued are flushed (each reported), reception stops.
    fn stop(&mut self);

    /// Applies a configuration change from the MAC's ordered radio queue.
    fn configure(&mut self, request: &RadioRequest) -> Result<(), RadioError>;

    /// Installs or removes a hardware key. The default says the radio has no hardware crypto,
    /// so the core encrypts and decrypts in software.
    fn set_key(&mut self, command: &KeyCommand) -> Result<(), RadioError> {
        let _ = command;
        Err(RadioError::NotSupported("hardware crypto"))
    }

    /// Queues a frame. Its outcome comes later as [`RadioEvent::TxStatus`]; an error means
    /// it was not queued and no status will come.
    fn transmit(&mut self, transmit: Transmit) -> Result<(), RadioError>;

    /// Frames the radio accepts before their statuses come back (its hardware queue). The
    /// runner hands over no more than this, so the MAC's own queue fills and the host's queue
    /// stops, the chain `ieee80211_stop_queue` → `netif_stop_queue` follows.
    fn tx_capacity(&self) -> usize;

    /// The next event, or `Pending` with the waker registered.
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<RadioEvent>;
}

/// The next event of a radio, as a future.
pub async fn next_event<R: Radio + ?Sized>(radio: &mut R) -> RadioEvent {
    poll_fn(|cx| radio.poll_event(cx)).await
}

impl<R: Radio + ?Sized> Radio for Box<R> {
    fn addr(&self) -> MacAddr {
        (**self).addr()
    }
    fn backend(&self) -> &'static str {
        (**self).backend()
    }
    fn start(&mut self) -> Result<(), RadioError> {
        (**self).start()
    }
    fn stop(&mut self) {
        (**self).stop()
    }
    fn configure(&mut self, request: &RadioRequest) -> Result<(), RadioError> {
        (**self).configure(request)
    }
    fn set_key(&mut self, command: &KeyCommand) -> Result<(), RadioError> {
        (**self).set_key(command)
    }
    fn transmit(&mut self, transmit: Transmit) -> Result<(), RadioError> {
        (**self).transmit(transmit)
    }
    fn tx_capacity(&self) -> usize {
        (**self).tx_capacity()
    }
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<RadioEvent> {
        (**self).poll_event(cx)
    }
}
