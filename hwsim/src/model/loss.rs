//! Per-link loss probabilities: wmediumd's error-probability matrix (`model.type = "prob"`).

use super::{Link, LinkModel, LinkRng, Perfect, Reception};
use crate::radio::RadioId;
use std::collections::HashMap;

/// A loss probability per directed link, over an inner model that supplies signals (and its
/// own errors, combined as independent losses: `1 − (1 − p_inner)(1 − p_link)`).
///
/// Links not listed use `default_prob`. As in wmediumd, a link given in one direction only
/// with [`LossMatrix::symmetric`] applies both ways; [`LossMatrix::link`] sets one direction.
pub struct LossMatrix {
    inner: Box<dyn LinkModel>,
    default_prob: f64,
    links: HashMap<(RadioId, RadioId), f64>,
}

impl LossMatrix {
    /// A matrix over a [`Perfect`] medium where unlisted links lose `default_prob`.
    pub fn new(default_prob: f64) -> LossMatrix {
        LossMatrix::over(Perfect::new(), default_prob)
    }

    /// A matrix over `inner`.
    pub fn over(inner: impl LinkModel + 'static, default_prob: f64) -> LossMatrix {
        LossMatrix { inner: Box::new(inner), default_prob: clamp_prob(default_prob), links: HashMap::new() }
    }

    /// Sets the loss probability from `from` to `to`.
    pub fn link(mut self, from: RadioId, to: RadioId, prob: f64) -> LossMatrix {
        self.set(from, to, prob);
        self
    }

    /// Sets the loss probability of both directions between `a` and `b`.
    pub fn symmetric(self, a: RadioId, b: RadioId, prob: f64) -> LossMatrix {
        self.link(a, b, prob).link(b, a, prob)
    }

    /// Sets the loss probability from `from` to `to` in place.
    pub fn set(&mut self, from: RadioId, to: RadioId, prob: f64) {
        self.links.insert((from, to), clamp_prob(prob));
    }

    /// The configured loss probability from `from` to `to`.
    pub fn prob(&self, from: RadioId, to: RadioId) -> f64 {
        self.links.get(&(from, to)).copied().unwrap_or(self.default_prob)
    }
}

/// `p` clamped to `[0, 1]`, NaN as 1 (a nonsensical probability loses the frame).
pub(crate) fn clamp_prob(p: f64) -> f64 {
    if p.is_nan() { 1.0 } else { p.clamp(0.0, 1.0) }
}

impl LinkModel for LossMatrix {
    fn signal_dbm(&mut self, link: &Link<'_>, rng: &mut LinkRng<'_>) -> Option<f64> {
        self.inner.signal_dbm(link, rng)
    }

    fn noise_dbm(&self, link: &Link<'_>) -> f64 {
        self.inner.noise_dbm(link)
    }

    fn error_prob(&mut self, link: &Link<'_>, rx: &Reception) -> f64 {
        let inner = clamp_prob(self.inner.error_prob(link, rx));
        let own = self.prob(link.from, link.to);
        inner + own - inner * own // 1 − (1 − a)(1 − b), exact when either is 0
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::airtime::TxRate;
    use crate::model::testing::{config, link, signal};

    #[test]
    fn listed_links_override_the_default() {
        let (a, b) = (config(1, 0.0), config(2, 1.0));
        let mut m =
            LossMatrix::new(0.5).link(RadioId(0), RadioId(1), 0.2).symmetric(RadioId(2), RadioId(3), 2.0);
        let rx = Reception { signal_dbm: -30.0, noise_dbm: -91.0, rate: TxRate::OFDM_6M, psdu_len: 100 };
        assert_eq!(m.error_prob(&link(0, 1, &a, &b), &rx), 0.2);
        assert_eq!(m.error_prob(&link(1, 0, &b, &a), &rx), 0.5);
        assert_eq!(m.prob(RadioId(3), RadioId(2)), 1.0);
        assert_eq!(signal(&mut m, &link(0, 1, &a, &b)), Some(-30.0));
    }
}
