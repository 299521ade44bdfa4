//! A small table of named deadlines, one per state machine.
//!
//! Each state machine keeps its pending deadlines in one [`TimerTable`], keyed by a small enum
//! of its own (`ScanDwell`, `AuthTimeout`, `Beacon`, ...). `next()` is what the owner reports
//! through `poll_timeout`, and `pop_expired(now)` hands back due timers earliest first, ties in
//! the order they were set, so a run is deterministic. Tables stay small (a handful of kinds),
//! so a vector beats a heap.

use crate::time::Instant;

/// Deadlines keyed by `K`; at most one per key.
#[derive(Clone, Debug)]
pub struct TimerTable<K> {
    entries: Vec<(K, Instant)>,
}

impl<K> Default for TimerTable<K> {
    fn default() -> Self {
        TimerTable { entries: Vec::new() }
    }
}

impl<K: Copy + Eq> TimerTable<K> {
    /// An empty table.
    pub fn new() -> TimerTable<K> {
        TimerTable::default()
    }

    /// Sets (or moves) the deadline of `key`.
    pub fn set(&mut self, key: K, at: Instant) {
        self.stop(key);
        self.entries.push((key, at));
    }

    /// Removes the deadline of `key`, if any.
    pub fn stop(&mut self, key: K) {
        self.entries.retain(|(k, _)| *k != key);
    }

    /// Removes every deadline.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The deadline of `key`.
    pub fn get(&self, key: K) -> Option<Instant> {
        self.entries.iter().find(|(k, _)| *k == key).map(|&(_, at)| at)
    }

    /// True when `key` has a deadline.
    pub fn is_set(&self, key: K) -> bool {
        self.get(key).is_some()
    }

    /// The earliest deadline.
    pub fn next(&self) -> Option<Instant> {
        self.entries.iter().map(|&(_, at)| at).min()
    }

    /// Removes and returns the earliest timer due at `now` (ties: first set first).
    pub fn pop_expired(&mut self, now: Instant) -> Option<K> {
        let (index, _) = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, (_, at))| *at <= now)
            .min_by_key(|(i, (_, at))| (*at, *i))?;
        Some(self.entries.remove(index).0)
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    enum T {
        A,
        B,
        C,
    }

    #[test]
    fn expires_in_deadline_order() {
        let mut t = TimerTable::new();
        t.set(T::A, Instant::from_millis(30));
        t.set(T::B, Instant::from_millis(10));
        t.set(T::C, Instant::from_millis(10));
        assert_eq!(t.next(), Some(Instant::from_millis(10)));
        assert_eq!(t.pop_expired(Instant::from_millis(5)), None);
        assert_eq!(t.pop_expired(Instant::from_millis(20)), Some(T::B));
        assert_eq!(t.pop_expired(Instant::from_millis(20)), Some(T::C));
        assert_eq!(t.pop_expired(Instant::from_millis(20)), None);
        t.set(T::A, Instant::from_millis(1));
        assert_eq!(t.get(T::A), Some(Instant::from_millis(1)));
        t.stop(T::A);
        assert_eq!(t.next(), None);
    }
}
