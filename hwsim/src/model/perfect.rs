//! The perfect medium: every radio on the channel hears every frame at a fixed signal.

use super::{Link, LinkModel, LinkRng, Reception};

/// Every transmission arrives at `signal_dbm` and is never corrupted (collisions still
/// happen). Like mac80211_hwsim without wmediumd, whose radios all hear each other at about
/// −30 dBm (−50 dBm plus 20 dBm transmit power).
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Perfect {
    /// The signal every receiver reports, dBm.
    pub signal_dbm: f64,
}

impl Perfect {
    /// A perfect medium at −30 dBm.
    pub const fn new() -> Perfect {
        Perfect { signal_dbm: -30.0 }
    }
}

impl Default for Perfect {
    fn default() -> Perfect {
        Perfect::new()
    }
}

impl LinkModel for Perfect {
    fn signal_dbm(&mut self, _link: &Link<'_>, _rng: &mut LinkRng<'_>) -> Option<f64> {
        Some(self.signal_dbm)
    }

    fn error_prob(&mut self, _link: &Link<'_>, _rx: &Reception) -> f64 {
        0.0
    }
}
