//! Link models: how strong a transmission arrives, and how likely it is to be corrupted.
//!
//! Every model implements [`LinkModel`], the one seam between the medium's mechanics (timing,
//! carrier sense, collisions, ACKs) and radio propagation. The medium asks, per transmission
//! and per radio on the sender's channel:
//!
//! 1. [`LinkModel::signal_dbm`] at the start of the PPDU: the received signal, or `None` when
//!    the receiver cannot detect the transmission at all. The value drives carrier sense
//!    (compared with the receiver's CCA threshold), capture (compared with overlapping
//!    transmissions) and sensitivity (compared with the receiver's sensitivity).
//! 2. [`LinkModel::error_prob`] at the end, for receptions that survived collisions and were
//!    above sensitivity: the probability that bit errors destroy the frame. The medium draws
//!    against it from the per-link random stream.
//!
//! The models mirror wmediumd's three levels (README, `config.c`): [`Perfect`] (fixed signal,
//! no loss), [`LossMatrix`] (per-link error probability, layered over any other model),
//! [`SnrMatrix`] (per-link SNR with PER from the rate, [`per`]), and [`PathLoss`] (free space
//! or log-distance from positions, with optional log-normal shadowing and per-frame fading).
//!
//! Models may keep state (`&mut self`), but all randomness must come from the [`LinkRng`]
//! they are handed, or from [`Link::pair_seed`] for values fixed per link, so that one medium
//! seed determines every outcome.

mod loss;
mod path_loss;
pub mod per;
mod perfect;
mod snr;

pub use loss::LossMatrix;
pub(crate) use loss::clamp_prob;
pub use path_loss::{PathLoss, Propagation};
pub use perfect::Perfect;
pub use snr::SnrMatrix;

use crate::airtime::TxRate;
use crate::radio::{RadioConfig, RadioId};
use mac80211_core::rand::Rng;

/// Thermal noise floor wmediumd assumes for a 20 MHz channel, dBm (`NOISE_LEVEL`).
pub const DEFAULT_NOISE_DBM: f64 = -91.0;

/// One directed link, as a model sees it.
#[derive(Clone, Copy, Debug)]
pub struct Link<'a> {
    /// Transmitting radio.
    pub from: RadioId,
    /// Receiving radio.
    pub to: RadioId,
    /// The transmitter's configuration (position, power, gain, channel).
    pub tx: &'a RadioConfig,
    /// The receiver's configuration.
    pub rx: &'a RadioConfig,
    pub(crate) medium_seed: u64,
}

impl Link<'_> {
    /// A value fixed for the unordered pair {from, to} under the medium's seed: use it for
    /// per-link constants such as shadowing, which should be reciprocal and must not consume
    /// the link's random stream.
    pub fn pair_seed(&self) -> u64 {
        let (a, b) = if self.from <= self.to { (self.from.0, self.to.0) } else { (self.to.0, self.from.0) };
        let key = (u64::from(a) << 32) | u64::from(b);
        Rng::new(self.medium_seed ^ key.wrapping_mul(0x9e37_79b9_7f4a_7c15)).next_u64()
    }
}

/// What reached a receiver: the inputs of an error-probability decision.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Reception {
    /// Received signal, dBm.
    pub signal_dbm: f64,
    /// Noise floor at the receiver, dBm.
    pub noise_dbm: f64,
    /// Rate of the PPDU.
    pub rate: TxRate,
    /// PSDU length in octets (MPDU plus FCS).
    pub psdu_len: usize,
}

impl Reception {
    /// Signal-to-noise ratio, dB.
    pub fn snr_db(&self) -> f64 {
        self.signal_dbm - self.noise_dbm
    }
}

/// The random stream of one directed link, created on the first draw.
pub struct LinkRng<'a> {
    pub(crate) rngs: &'a mut crate::medium::LinkRngs,
    pub(crate) root: &'a Rng,
    pub(crate) from: crate::RadioId,
    pub(crate) to: crate::RadioId,
}

impl LinkRng<'_> {
    /// The link's generator.
    pub fn get(&mut self) -> &mut Rng {
        self.rngs.get(self.root, self.from, self.to)
    }

    /// A standard normal sample (Box–Muller) from the link's stream.
    pub fn normal(&mut self) -> f64 {
        standard_normal(self.get())
    }
}

/// A standard normal sample from `rng` (Box–Muller, cosine branch).
pub fn standard_normal(rng: &mut Rng) -> f64 {
    let u1 = 1.0 - rng.unit_f64(); // (0, 1], so the logarithm is finite
    let u2 = rng.unit_f64();
    (-2.0 * u1.ln()).sqrt() * (core::f64::consts::TAU * u2).cos()
}

/// Propagation and error behaviour of the medium's links.
pub trait LinkModel: Send {
    /// Received signal in dBm of a transmission on `link`, or `None` when the receiver
    /// cannot detect it at all. `rng` is the link's random stream (for fading).
    fn signal_dbm(&mut self, link: &Link<'_>, rng: &mut LinkRng<'_>) -> Option<f64>;

    /// Noise floor at the receiver of `link`, dBm.
    fn noise_dbm(&self, _link: &Link<'_>) -> f64 {
        DEFAULT_NOISE_DBM
    }

    /// Probability in `[0, 1]` that `rx` is lost to bit errors. Values outside the range are
    /// clamped and NaN counts as 1.
    fn error_prob(&mut self, link: &Link<'_>, rx: &Reception) -> f64;
}

impl<M: LinkModel + ?Sized> LinkModel for Box<M> {
    fn signal_dbm(&mut self, link: &Link<'_>, rng: &mut LinkRng<'_>) -> Option<f64> {
        (**self).signal_dbm(link, rng)
    }

    fn noise_dbm(&self, link: &Link<'_>) -> f64 {
        (**self).noise_dbm(link)
    }

    fn error_prob(&mut self, link: &Link<'_>, rx: &Reception) -> f64 {
        (**self).error_prob(link, rx)
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers to call models outside a medium.
    use super::*;
    use crate::channel::Channel;
    use mac80211_core::wire::MacAddr;

    pub fn config(i: u8, x: f64) -> RadioConfig {
        RadioConfig::new(MacAddr([2, 0, 0, 0, 0, i]), Channel::from_freq(2412)).at((x, 0.0, 0.0))
    }

    pub fn link<'a>(from: u32, to: u32, tx: &'a RadioConfig, rx: &'a RadioConfig) -> Link<'a> {
        Link { from: RadioId(from), to: RadioId(to), tx, rx, medium_seed: 7 }
    }

    pub fn signal(m: &mut dyn LinkModel, l: &Link<'_>) -> Option<f64> {
        let root = Rng::new(1);
        let mut rngs = crate::medium::LinkRngs::default();
        m.signal_dbm(l, &mut LinkRng { rngs: &mut rngs, root: &root, from: l.from, to: l.to })
    }
}
