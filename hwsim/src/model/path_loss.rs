//! Path loss from positions: wmediumd's `model.type = "path_loss"`.
//!
//! The received signal is `P_tx + G_tx + G_rx − PL(d, f) − X + F` where
//!
//! - `PL` is free-space (Friis) loss `20·log10(4π·d·f / c)`, or the log-distance model
//!   `PL0 + 10·n·log10(d / 1 m)` whose reference loss `PL0` defaults to the free-space loss at
//!   1 m;
//! - `X` is log-normal shadowing: a normal variable with standard deviation `σ` dB, fixed per
//!   unordered pair of radios (reciprocal, drawn from [`Link::pair_seed`]);
//! - `F` is per-frame fading: a normal variable with standard deviation `σ_f` dB drawn from
//!   the link's random stream for every PPDU (wmediumd's `fading_coefficient`).
//!
//! Unlike wmediumd, which fixes `f` at 2.412 GHz, the frequency is the transmitter's channel.
//! Distances below 1 m count as 1 m (antennas do not overlap). The error probability is
//! [`per::packet_error_rate`] at `signal − noise`.

use super::{DEFAULT_NOISE_DBM, Link, LinkModel, LinkRng, Reception, per, standard_normal};
use mac80211_core::rand::Rng;

/// Speed of light, m/s.
const C: f64 = 299_792_458.0;

/// The propagation law.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Propagation {
    /// Friis free-space loss.
    FreeSpace,
    /// Log-distance loss.
    LogDistance {
        /// Path-loss exponent `n` (2 in free space, about 3 to 4 indoors).
        exponent: f64,
        /// Loss at 1 m, dB; `None` for the free-space loss at 1 m on the channel's frequency.
        reference_loss_db: Option<f64>,
    },
}

/// Signal from geometry: transmit power, antenna gains and path loss.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct PathLoss {
    /// The propagation law.
    pub propagation: Propagation,
    /// Noise floor, dBm.
    pub noise_dbm: f64,
    /// Standard deviation of per-link log-normal shadowing, dB (0 disables it).
    pub shadowing_sigma_db: f64,
    /// Standard deviation of per-frame fading, dB (0 disables it).
    pub fading_sigma_db: f64,
}

impl PathLoss {
    /// Free-space propagation, −91 dBm noise, no shadowing or fading.
    pub fn free_space() -> PathLoss {
        PathLoss::with(Propagation::FreeSpace)
    }

    /// Log-distance propagation with `exponent` and the free-space reference loss at 1 m.
    pub fn log_distance(exponent: f64) -> PathLoss {
        PathLoss::with(Propagation::LogDistance { exponent, reference_loss_db: None })
    }

    fn with(propagation: Propagation) -> PathLoss {
        PathLoss { propagation, noise_dbm: DEFAULT_NOISE_DBM, shadowing_sigma_db: 0.0, fading_sigma_db: 0.0 }
    }

    /// The same model with log-distance reference loss `db` at 1 m (no effect on free space).
    pub fn reference_loss(mut self, db: f64) -> PathLoss {
        if let Propagation::LogDistance { reference_loss_db, .. } = &mut self.propagation {
            *reference_loss_db = Some(db);
        }
        self
    }

    /// The same model with per-link log-normal shadowing of `sigma_db`.
    pub fn shadowing(self, sigma_db: f64) -> PathLoss {
        PathLoss { shadowing_sigma_db: sigma_db, ..self }
    }

    /// The same model with per-frame fading of `sigma_db`.
    pub fn fading(self, sigma_db: f64) -> PathLoss {
        PathLoss { fading_sigma_db: sigma_db, ..self }
    }

    /// The same model with another noise floor.
    pub fn noise(self, dbm: f64) -> PathLoss {
        PathLoss { noise_dbm: dbm, ..self }
    }

    /// Path loss in dB over `distance_m` metres at `freq_mhz`.
    pub fn loss_db(&self, distance_m: f64, freq_mhz: u16) -> f64 {
        let d = if distance_m.is_nan() { 1.0 } else { distance_m.max(1.0) };
        let free_space_1m = 20.0 * (4.0 * core::f64::consts::PI * f64::from(freq_mhz) * 1e6 / C).log10();
        match self.propagation {
            Propagation::FreeSpace => free_space_1m + 20.0 * d.log10(),
            Propagation::LogDistance { exponent, reference_loss_db } => {
                reference_loss_db.unwrap_or(free_space_1m) + 10.0 * exponent * d.log10()
            }
        }
    }
}

impl LinkModel for PathLoss {
    fn signal_dbm(&mut self, link: &Link<'_>, rng: &mut LinkRng<'_>) -> Option<f64> {
        let (tx, rx) = (link.tx, link.rx);
        let mut signal = tx.tx_power_dbm + tx.antenna_gain_dbi + rx.antenna_gain_dbi
            - self.loss_db(tx.position.distance(rx.position), tx.channel.freq);
        if self.shadowing_sigma_db != 0.0 {
            signal -= self.shadowing_sigma_db * standard_normal(&mut Rng::new(link.pair_seed()));
        }
        if self.fading_sigma_db != 0.0 {
            signal += self.fading_sigma_db * rng.normal();
        }
        Some(signal)
    }

    fn noise_dbm(&self, _link: &Link<'_>) -> f64 {
        self.noise_dbm
    }

    fn error_prob(&mut self, _link: &Link<'_>, rx: &Reception) -> f64 {
        per::packet_error_rate(rx.rate, rx.snr_db(), rx.psdu_len)
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::model::testing::{config, link, signal};

    #[test]
    fn free_space_matches_friis() {
        let m = PathLoss::free_space();
        // 2412 MHz at 1 m: 20·log10(4π · 2.412e9 / c) = 40.09 dB; +20 dB per decade.
        assert!((m.loss_db(1.0, 2412) - 40.09).abs() < 0.01);
        assert!((m.loss_db(100.0, 2412) - 80.09).abs() < 0.01);
        assert!((m.loss_db(0.0, 2412) - 40.09).abs() < 0.01);
        // 5180 MHz loses 6.64 dB more.
        assert!((m.loss_db(10.0, 5180) - m.loss_db(10.0, 2412) - 6.64).abs() < 0.01);
    }

    #[test]
    fn log_distance_uses_exponent_and_reference() {
        let m = PathLoss::log_distance(3.5).reference_loss(40.0);
        assert!((m.loss_db(10.0, 2412) - 75.0).abs() < 1e-9);
        assert!((m.loss_db(100.0, 2412) - 110.0).abs() < 1e-9);
        let default_ref = PathLoss::log_distance(2.0);
        assert!((default_ref.loss_db(50.0, 2412) - PathLoss::free_space().loss_db(50.0, 2412)).abs() < 1e-9);
    }

    #[test]
    fn signal_falls_with_distance_and_shadowing_is_reciprocal() {
        let (a, b, c) = (config(1, 0.0), config(2, 10.0), config(3, 100.0));
        let mut m = PathLoss::free_space();
        let near = signal(&mut m, &link(0, 1, &a, &b)).unwrap_or_default();
        let far = signal(&mut m, &link(0, 2, &a, &c)).unwrap_or_default();
        assert!((near - (20.0 - 60.09)).abs() < 0.01 && near > far);
        let mut s = PathLoss::free_space().shadowing(8.0);
        let ab = signal(&mut s, &link(0, 1, &a, &b));
        assert_eq!(ab, signal(&mut s, &link(1, 0, &b, &a)));
        assert_ne!(ab, Some(near));
    }
}
