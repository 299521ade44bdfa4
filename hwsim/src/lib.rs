//! # hwsim: a clock-free simulated 802.11 medium
//!
//! The medium that carries frames between simulated radios, in the role Linux
//! mac80211_hwsim plays with wmediumd: radios on channels, link models, airtime, carrier
//! sense and backoff, collisions, real ACK frames, retries, fault injection and pcap capture.
//! It has no clock, no threads and no ambient randomness (STYLE practice 10): the caller
//! (the test `World` or the driver's runner) owns time, passes `now` to every verb, and jumps
//! to [`Medium::next_event`].
//!
//! ## Semantics
//!
//! - **Radios** ([`RadioConfig`]) have an address, a [`Channel`], a position, transmit power,
//!   receive sensitivity, a CCA threshold and antenna gain. A radio hears only PPDUs sent on
//!   its own primary frequency while it is powered; retuning or powering off loses what it
//!   was receiving and flushes what it was sending.
//! - **Transmission** ([`Medium::transmit`]) queues a [`TxRequest`] on the sender's FIFO. The
//!   [`dcf`] module describes channel access: DIFS plus a random backoff from the radio's own
//!   stream, frozen while the radio senses the medium busy, CW doubling on retries.
//! - **On the air** ([`air`]): a PPDU occupies its [`airtime()`]. Each radio on the channel
//!   that detects it may lose it to a collision (capture needs a 10 dB margin by default),
//!   to half-duplex, to sensitivity, or to bit errors from the [`LinkModel`].
//! - **ACKs** are 14-octet PPDUs (10 octets without FCS) sent SIFS after an individually
//!   addressed frame by every radio that received it and owns Address 1 (its primary
//!   address or one added with [`Medium::add_address`]). They can collide and be lost like
//!   any PPDU. Group-addressed frames and frames sent with `no_ack` get no ACK and complete
//!   as [`TxOutcome::Sent`]. A receiver whose ACK was lost receives the retransmission
//!   again (Retry bit set, same sequence number): duplicates are the MAC's job.
//! - **Outputs** ([`MediumEvent`]): `Rx` for each delivery and `TxStatus` for each finished
//!   request, in `(due time, production order)` order. Like the in-kernel mac80211_hwsim,
//!   every radio that decodes a frame gets it, addressed to it or not: address filtering is
//!   the MAC's job (only the ACK decision looks at Address 1).
//!
//! ## Determinism
//!
//! Every random draw comes from a stream derived from [`MediumConfig::seed`]: backoff per
//! radio (`derive("backoff", radio)`), bit errors and fading per directed link
//! (`derive("link", from << 32 | to)`), shadowing per unordered pair
//! ([`model::Link::pair_seed`]). Radios are visited in ascending id order and actions run in
//! `(time, scheduling order)` order. So the same seed, radios and calls give the same events
//! and byte-identical captures; nothing depends on hash-map iteration or addresses.
//!
//! ## Frames in events
//!
//! `Rx` events own their bytes (`Vec<u8>`): one copy per delivery, which is also what the
//! MAC needs to keep or rewrite a frame. The frame on the air is shared (`Arc<[u8]>`) between
//! attempts and hearers; only deliveries copy it.
//!
//! ## The World (feature `world`)
//!
//! [`world::World`] runs soft-MACs ([`mac80211_core::mac::Mac`]) over a medium on a virtual
//! clock, with an embedded IPv4 stack ([`world::ip`], smoltcp) for pings between stations.
//! It is optional so that the medium alone (what the driver's simulated radio needs) pulls
//! in neither smoltcp nor tracing.
//!
//! ## Not modelled
//!
//! NAV, RTS/CTS, EIFS, EDCA access categories, TXOPs, A-MPDU and Block Ack, cumulative
//! interference (each overlapping PPDU is compared on its own), signal changes during a
//! PPDU (positions and powers are read when it starts), adjacent-channel interference,
//! and beacons or any other behaviour of a MAC: radios send only what they are given.

pub mod air;
pub mod airtime;
pub mod capture;
pub mod channel;
pub mod dcf;
pub mod event;
pub mod fault;
mod medium;
pub mod model;
pub mod radio;
#[cfg(feature = "world")]
pub mod world;

pub use airtime::{Phy, TxRate, airtime};
pub use capture::{CaptureId, CaptureKind};
pub use channel::{Band, Channel, ChannelWidth};
pub use event::{MediumError, MediumEvent, RxInfo, TxOutcome, TxRequest, TxStatus};
pub use fault::{FrameFilter, FrameMeta, FrameMutator};
pub use medium::{MAX_FRAME_LEN, Medium, MediumConfig};
pub use model::{LinkModel, LossMatrix, PathLoss, Perfect, SnrMatrix};
pub use radio::{DropReason, MediumStats, Position, RadioConfig, RadioId, RadioState, RadioStats};

#[cfg(test)]
mod test {
    /// The driver moves the medium into its runtime task.
    #[test]
    fn the_medium_is_send() {
        fn send<T: Send>() {}
        send::<super::Medium>();
        send::<super::MediumEvent>();
    }
}
