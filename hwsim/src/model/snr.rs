//! Per-link SNR: wmediumd's SNR matrix (`ifaces.links` / `model.type = "snr"`).

use super::{DEFAULT_NOISE_DBM, Link, LinkModel, LinkRng, Reception, per};
use crate::radio::RadioId;
use std::collections::HashMap;

/// wmediumd's SNR for links not configured, dB (`SNR_DEFAULT`).
pub const DEFAULT_SNR_DB: f64 = 30.0;

/// A fixed SNR per directed link. The signal a receiver reports is `noise + SNR`, and the
/// error probability comes from [`per::packet_error_rate`] for the frame's rate and length.
///
/// [`SnrMatrix::symmetric`] sets both directions, [`SnrMatrix::link`] one; links not listed
/// have `default_snr_db` (30 dB unless changed). A very low SNR (say −30 dB) puts the signal
/// below every threshold, which is how hidden terminals are built with this model.
#[derive(Clone, Debug)]
pub struct SnrMatrix {
    /// SNR of links not listed, dB.
    pub default_snr_db: f64,
    /// Noise floor, dBm.
    pub noise_dbm: f64,
    links: HashMap<(RadioId, RadioId), f64>,
}

impl SnrMatrix {
    /// A matrix where every link has 30 dB SNR over a −91 dBm noise floor.
    pub fn new() -> SnrMatrix {
        SnrMatrix { default_snr_db: DEFAULT_SNR_DB, noise_dbm: DEFAULT_NOISE_DBM, links: HashMap::new() }
    }

    /// Sets the SNR from `from` to `to`.
    pub fn link(mut self, from: RadioId, to: RadioId, snr_db: f64) -> SnrMatrix {
        self.set(from, to, snr_db);
        self
    }

    /// Sets the SNR of both directions between `a` and `b`.
    pub fn symmetric(self, a: RadioId, b: RadioId, snr_db: f64) -> SnrMatrix {
        self.link(a, b, snr_db).link(b, a, snr_db)
    }

    /// Sets the SNR from `from` to `to` in place.
    pub fn set(&mut self, from: RadioId, to: RadioId, snr_db: f64) {
        self.links.insert((from, to), snr_db);
    }

    /// The SNR from `from` to `to`, dB.
    pub fn snr_db(&self, from: RadioId, to: RadioId) -> f64 {
        self.links.get(&(from, to)).copied().unwrap_or(self.default_snr_db)
    }
}

impl Default for SnrMatrix {
    fn default() -> SnrMatrix {
        SnrMatrix::new()
    }
}

impl LinkModel for SnrMatrix {
    fn signal_dbm(&mut self, link: &Link<'_>, _rng: &mut LinkRng<'_>) -> Option<f64> {
        Some(self.noise_dbm + self.snr_db(link.from, link.to))
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
    use crate::airtime::TxRate;
    use crate::model::testing::{config, link, signal};

    #[test]
    fn snr_sets_signal_and_error() {
        let (a, b) = (config(1, 0.0), config(2, 1.0));
        let mut m = SnrMatrix::new().link(RadioId(0), RadioId(1), 5.0);
        assert_eq!(signal(&mut m, &link(0, 1, &a, &b)), Some(-86.0));
        assert_eq!(signal(&mut m, &link(1, 0, &b, &a)), Some(-61.0));
        let rx = |snr: f64| Reception {
            signal_dbm: -91.0 + snr,
            noise_dbm: -91.0,
            rate: TxRate::OFDM_54M,
            psdu_len: 1500,
        };
        assert!(m.error_prob(&link(0, 1, &a, &b), &rx(5.0)) > 0.99);
        assert!(m.error_prob(&link(1, 0, &b, &a), &rx(30.0)) < 1e-3);
    }
}
