//! The only clock of softmac: wall time mapped to the core's [`Instant`].
//!
//! `mac80211-core` and `hwsim` never read a clock (STYLE practice 1); the driver does, here and
//! nowhere else. A [`Clock`] is an epoch (a `tokio::time::Instant`); core time is the
//! microseconds elapsed since it. Two users read it:
//!
//! - the [`Runner`](crate::runner) stamps every input to its `Mac` with [`Clock::now`] and
//!   sleeps until [`Clock::deadline`] of `Mac::poll_timeout`;
//! - the [`SimMedium`](crate::sim::SimMedium) pacer does the same for `Medium::next_event`, so
//!   the medium's virtual time is the wall time elapsed since it started.
//!
//! Contract: `now()` never goes backwards (tokio's `Instant` is monotonic), and a deadline
//! converts back to the same wall instant it came from, so sleeping until
//! `clock.deadline(t)` wakes no earlier than core time `t`. Using tokio's clock rather than
//! `std`'s lets tests pause time if they ever need to; today they run in real time.
//! Resolution: tokio's timer wheel has a granularity of 1 ms, so a wake-up can be up to about a
//! millisecond late; the medium and the MAC compute exact times and merely catch up.

use mac80211_core::time::Instant;

/// Wall time since an epoch, as core [`Instant`]s.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    epoch: tokio::time::Instant,
}

impl Clock {
    /// A clock whose epoch is now.
    pub fn start() -> Clock {
        Clock { epoch: tokio::time::Instant::now() }
    }

    /// The current core time.
    pub fn now(&self) -> Instant {
        let elapsed = tokio::time::Instant::now().saturating_duration_since(self.epoch);
        Instant::from_micros(u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX))
    }

    /// The wall instant of core time `at`, to sleep until.
    pub fn deadline(&self, at: Instant) -> tokio::time::Instant {
        let offset = std::time::Duration::from_micros(at.as_micros());
        // `Instant::MAX`-like deadlines mean "never": a year away is never enough.
        self.epoch
            .checked_add(offset)
            .unwrap_or_else(|| tokio::time::Instant::now() + std::time::Duration::from_secs(365 * 24 * 3600))
    }
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::start()
    }
}
