//! The context a state machine gets for one call: time, randomness, and the output queues.
//!
//! [`Mac`](super::Mac) owns everything; when it hands an input to a station or AP machine it
//! lends it a [`Cx`] holding `now`, the interface's identity and counters, the radio's channel
//! state and the shared output queues. State machines never touch the radio directly: they queue
//! frames with [`Cx::send_mgmt`] / [`Cx::transmit`], ask for channel time with
//! [`Cx::request_channel`], and report with [`Cx::event`].
//!
//! Channel arbitration (one radio, many interfaces): an interface *holds* a channel while it
//! operates there (an AP while started, a station while connected). A request to tune elsewhere
//! is granted only when no *other* interface holds a channel; when the requester is done it tunes
//! back with [`Cx::release_offchannel`].
//!
//! Ordering: channel changes and frames leave through one ordered queue, so a frame queued
//! before a channel switch goes out before it, on the channel it was meant for. Every frame
//! carries that channel: an interface's own frames (data, beacons, frames to its AP) belong to
//! the channel it holds; only off-channel work (scan probes) uses [`Cx::send_mgmt_here`]. A frame
//! for a channel the radio is not on is *parked* and released when the radio returns there, the
//! way mac80211 stops an interface's queues while the radio is off-channel.

use super::api::{Delivered, DeliveredKind, Event, EventKind, RadioRequest, Transmit, TxRate, VifId};
use super::rates;
use super::stats::VifStats;
use crate::channel::{Band, Channel};
use crate::rand::Rng;
use crate::time::Instant;
use crate::wire::mgmt::{MgmtBody, MgmtRepr};
use crate::wire::{FrameControl, HeaderRepr, MacAddr, MgmtSubtype, SeqCtrl, Subtype};
use std::collections::{BTreeMap, VecDeque};

/// Who a queued frame belongs to, so its TX status reaches the right place.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum TxKind {
    /// A management frame of a state machine (which matches on the cookie).
    Mgmt,
    /// A data frame from the host, to this peer.
    Data(MacAddr),
}

/// One entry of the ordered radio queue.
#[derive(Debug)]
enum RadioOutput {
    /// A configuration change.
    Request(RadioRequest),
    /// A frame.
    Frame(Transmit),
}

/// The output queues shared by every interface of a radio.
#[derive(Debug, Default)]
pub(crate) struct Outputs {
    /// Channel changes and frames, in the order the radio must see them.
    queue: VecDeque<RadioOutput>,
    /// Frames for a channel the radio is not on, in the order they were queued.
    parked: VecDeque<Transmit>,
    pub deliveries: VecDeque<Delivered>,
    pub events: VecDeque<Event>,
    next_cookie: u64,
    /// Frames handed out and not yet reported: cookie → (interface, kind).
    pub in_flight: BTreeMap<u64, (VifId, TxKind)>,
}

impl Outputs {
    fn cookie(&mut self) -> u64 {
        self.next_cookie += 1;
        self.next_cookie
    }

    /// Queues a configuration change behind every frame already queued.
    pub fn push_request(&mut self, req: RadioRequest) {
        self.queue.push_back(RadioOutput::Request(req));
    }

    /// Queues a frame, or parks it when the radio is on another channel than its own.
    pub fn push_frame(&mut self, t: Transmit, current: Channel) {
        if t.channel == current {
            self.queue.push_back(RadioOutput::Frame(t));
        } else {
            self.parked.push_back(t);
        }
    }

    /// The radio is being tuned to `ch`: queue the change, then the frames parked for `ch`.
    fn tuned(&mut self, ch: Channel) {
        self.push_request(RadioRequest::SetChannel(ch));
        let (ready, rest): (VecDeque<_>, VecDeque<_>) = self.parked.drain(..).partition(|t| t.channel == ch);
        self.parked = rest;
        self.queue.extend(ready.into_iter().map(RadioOutput::Frame));
    }

    /// The next configuration change, if it is at the front of the queue.
    pub fn pop_request(&mut self) -> Option<RadioRequest> {
        match self.queue.front()? {
            RadioOutput::Request(_) => match self.queue.pop_front() {
                Some(RadioOutput::Request(r)) => Some(r),
                _ => None,
            },
            RadioOutput::Frame(_) => None,
        }
    }

    /// The next frame, if it is at the front of the queue.
    pub fn pop_frame(&mut self) -> Option<Transmit> {
        match self.queue.front()? {
            RadioOutput::Frame(_) => match self.queue.pop_front() {
                Some(RadioOutput::Frame(t)) => Some(t),
                _ => None,
            },
            RadioOutput::Request(_) => None,
        }
    }

    /// Frames waiting, queued or parked.
    pub fn pending_frames(&self) -> usize {
        self.parked.len() + self.queue.iter().filter(|o| matches!(o, RadioOutput::Frame(_))).count()
    }

    /// Drops every frame of `vif`, queued or parked, forgetting their cookies.
    pub fn drop_frames_of(&mut self, vif: VifId) {
        self.queue.retain(|o| !matches!(o, RadioOutput::Frame(t) if t.vif == vif));
        self.parked.retain(|t| t.vif != vif);
        self.in_flight.retain(|_, (v, _)| *v != vif);
    }
}

/// The radio's channel and who holds it.
#[derive(Debug)]
pub(crate) struct RadioState {
    /// Channel the radio is tuned to (as last requested).
    pub current: Channel,
    /// Interfaces operating on a channel.
    pub holders: BTreeMap<VifId, Channel>,
    /// Channels the radio supports.
    pub supported: Vec<Channel>,
    /// The radio does HT.
    pub ht: bool,
    /// The radio encrypts and decrypts with the keys it is offered.
    pub hw_crypto: bool,
}

impl RadioState {
    /// The channel operating interfaces use, if any holds one.
    pub fn home_channel(&self) -> Option<Channel> {
        self.holders.values().next().copied()
    }

    /// Tunes to `ch`, queueing a request when it changes (and releasing frames parked for it).
    pub fn tune(&mut self, out: &mut Outputs, ch: Channel) {
        if self.current != ch {
            self.current = ch;
            out.tuned(ch);
        }
    }

    /// Band of the current channel (2.4 GHz when the frequency is outside every band).
    pub fn band(&self) -> Band {
        self.current.band().unwrap_or(Band::Ghz2_4)
    }
}

/// What a state machine gets for one call.
pub(crate) struct Cx<'a> {
    /// Now.
    pub now: Instant,
    /// The interface being served.
    pub vif: VifId,
    /// Its address.
    pub addr: MacAddr,
    /// Its random stream.
    pub rng: &'a mut Rng,
    /// Its counters.
    pub stats: &'a mut VifStats,
    /// Its sequence-number counter.
    pub seq: &'a mut u16,
    /// Output queues.
    pub out: &'a mut Outputs,
    /// Channel state.
    pub radio: &'a mut RadioState,
}

impl Cx<'_> {
    /// The next Sequence Control value of this interface (fragment 0).
    pub fn next_seq(&mut self) -> SeqCtrl {
        let s = SeqCtrl::new(*self.seq, 0);
        *self.seq = (*self.seq + 1) & 0x0fff;
        s
    }

    /// The channel this interface's own frames belong to: the one it holds, else the current.
    pub fn own_channel(&self) -> Channel {
        self.radio.holders.get(&self.vif).copied().unwrap_or(self.radio.current)
    }

    /// Queues a finished frame (no FCS) for this interface's own channel; returns its cookie.
    pub fn transmit(&mut self, frame: Vec<u8>, rate: TxRate, kind: TxKind) -> u64 {
        let channel = self.own_channel();
        self.transmit_on(channel, frame, rate, kind)
    }

    /// Queues a finished frame (no FCS) for `channel`; returns its cookie.
    pub fn transmit_on(&mut self, channel: Channel, frame: Vec<u8>, rate: TxRate, kind: TxKind) -> u64 {
        self.queue_frame(channel, frame, rate, kind, false)
    }

    /// Queues a frame; group-addressed frames, and unicast ones when `no_ack`, expect no ACK.
    fn queue_frame(
        &mut self,
        channel: Channel,
        frame: Vec<u8>,
        rate: TxRate,
        kind: TxKind,
        no_ack: bool,
    ) -> u64 {
        let group = frame.get(4).is_some_and(|b| b & 1 != 0);
        let cookie = self.out.cookie();
        self.out.in_flight.insert(cookie, (self.vif, kind));
        let no_ack = group || no_ack;
        let t = Transmit { cookie, vif: self.vif, channel, frame, rate, no_ack, retry_limit: 7 };
        self.out.push_frame(t, self.radio.current);
        cookie
    }

    /// Builds and queues a management frame on this interface's own channel; returns its cookie.
    pub fn send_mgmt(&mut self, da: MacAddr, bssid: MacAddr, body: MgmtBody<'_>) -> u64 {
        let channel = self.own_channel();
        self.send_mgmt_on(channel, da, bssid, body, false)
    }

    /// Like [`Cx::send_mgmt`], but the frame is sent once and not acknowledged even when
    /// unicast (hostapd's `noack` for probe responses to broadcast wildcard probe requests,
    /// which spares the air from retries to scanners that have already left the channel).
    pub fn send_mgmt_unacked(&mut self, da: MacAddr, bssid: MacAddr, body: MgmtBody<'_>) -> u64 {
        let channel = self.own_channel();
        self.send_mgmt_on(channel, da, bssid, body, true)
    }

    /// Builds and queues a management frame on the channel the radio is on now (off-channel
    /// work such as scan probes); returns its cookie.
    pub fn send_mgmt_here(&mut self, da: MacAddr, bssid: MacAddr, body: MgmtBody<'_>) -> u64 {
        let channel = self.radio.current;
        self.send_mgmt_on(channel, da, bssid, body, false)
    }

    fn send_mgmt_on(
        &mut self,
        channel: Channel,
        da: MacAddr,
        bssid: MacAddr,
        body: MgmtBody<'_>,
        no_ack: bool,
    ) -> u64 {
        let subtype = body.subtype().unwrap_or(MgmtSubtype::Action);
        let header = HeaderRepr {
            frame_control: FrameControl::new(Subtype::Mgmt(subtype)),
            duration_id: 0,
            addr1: da,
            addr2: Some(self.addr),
            addr3: Some(bssid),
            seq_ctrl: Some(self.next_seq()),
            addr4: None,
            qos_control: None,
            ht_control: None,
        };
        let repr = MgmtRepr { header, body };
        let mut frame = vec![0; repr.buffer_len()];
        repr.emit(&mut frame);
        self.stats.tx_mgmt += 1;
        let rate = rates::mgmt_rate(channel.band().unwrap_or(Band::Ghz2_4));
        self.queue_frame(channel, frame, rate, TxKind::Mgmt, no_ack)
    }

    /// Reports an event.
    pub fn event(&mut self, kind: EventKind) {
        tracing::debug!(vif = self.vif.0, event = ?kind, "event");
        self.out.events.push_back(Event { at: self.now, vif: self.vif, kind });
    }

    /// Hands a frame to the host side of this interface.
    pub fn deliver(&mut self, kind: DeliveredKind, frame: Vec<u8>) {
        self.out.deliveries.push_back(Delivered { vif: self.vif, kind, frame });
    }

    /// The channel the radio is on.
    pub fn channel(&self) -> Channel {
        self.radio.current
    }

    /// Tunes to `ch` for this interface's use, unless another interface holds a channel other
    /// than `ch`. Returns whether the radio is now on `ch`.
    pub fn request_channel(&mut self, ch: Channel) -> bool {
        if !self.channel_available(ch) {
            return false;
        }
        self.radio.tune(self.out, ch);
        true
    }

    /// True when [`Cx::request_channel`] would grant `ch`: no *other* interface holds a
    /// different channel.
    pub fn channel_available(&self, ch: Channel) -> bool {
        self.radio.holders.iter().all(|(&v, &held)| v == self.vif || held == ch)
    }

    /// The channels the radio supports, in configuration order.
    pub fn supported_channels(&self) -> &[Channel] {
        &self.radio.supported
    }

    /// The radio does HT (802.11n).
    pub fn radio_ht(&self) -> bool {
        self.radio.ht
    }

    /// Tunes back to the channel the operating interfaces hold (if any) after off-channel work.
    pub fn release_offchannel(&mut self) {
        if let Some(home) = self.radio.home_channel() {
            self.radio.tune(self.out, home);
        }
    }

    /// Marks this interface as operating on `ch` (AP started, station connected), or not.
    pub fn hold_channel(&mut self, ch: Option<Channel>) {
        match ch {
            Some(ch) => {
                self.radio.holders.insert(self.vif, ch);
            }
            None => {
                self.radio.holders.remove(&self.vif);
            }
        }
    }
}
