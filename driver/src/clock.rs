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
//! Speed: a clock may run faster than the wall ([`Clock::with_speed`]): core time is then the
//! elapsed wall time times the speed, so a medium paced by it spends 1/speed of a frame's
//! airtime in real time. The MAC and the medium must share one clock (a radio's timers and
//! the air it talks over tick at the same rate), which is why both take it as a parameter.
//! Resolution: tokio's timer wheel has a granularity of 1 ms, so a wake-up can be up to about a
//! millisecond late; the medium and the MAC compute exact times and merely catch up.

use mac80211_core::time::Instant;

/// Wall time since an epoch, as core [`Instant`]s.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    epoch: tokio::time::Instant,
    speed: u32,
}

impl Clock {
    /// A clock whose epoch is now.
    pub fn start() -> Clock {
        Clock::with_speed(1)
    }

    /// A clock whose epoch is now, running `speed` times faster than the wall (at least 1).
    pub fn with_speed(speed: u32) -> Clock {
        Clock { epoch: tokio::time::Instant::now(), speed: speed.max(1) }
    }

    /// How many times faster than the wall it runs.
    pub fn speed(&self) -> u32 {
        self.speed
    }

    /// The current core time.
    pub fn now(&self) -> Instant {
        let elapsed = tokio::time::Instant::now().saturating_duration_since(self.epoch);
        let micros = elapsed.as_micros().saturating_mul(u128::from(self.speed));
        Instant::from_micros(u64::try_from(micros).unwrap_or(u64::MAX))
    }

    /// The wall instant of core time `at`, to sleep until.
    pub fn deadline(&self, at: Instant) -> tokio::time::Instant {
        // Round up so that sleeping until the deadline never wakes before core time `at`.
        let offset = std::time::Duration::from_micros(at.as_micros().div_ceil(u64::from(self.speed)));
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

#[cfg(test)]
mod test {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_fast_clock_runs_speed_times_the_wall_and_its_deadlines_are_never_early() {
        let clock = Clock::with_speed(20);
        tokio::time::advance(std::time::Duration::from_millis(10)).await;
        assert_eq!(clock.now(), Instant::from_micros(200_000));
        let at = Instant::from_micros(300_001);
        tokio::time::sleep_until(clock.deadline(at)).await;
        assert!(clock.now() >= at);
        assert_eq!(Clock::with_speed(0).speed(), 1);
    }
}
