//! Receive replay counters of one key (IEEE 802.11-2020 12.5.3.4.4).
//!
//! A receiver keeps, per temporal key, one counter for each TID of QoS data (0-15) and one for
//! frames without a QoS Control field (non-QoS data; the standard's separate management counter
//! belongs to management frame protection). A frame is accepted only when its PN is strictly
//! greater than the last one accepted on its counter; the caller checks after the MIC verified
//! and commits by calling [`ReplayCounters::accept`].

/// Counters for one key.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ReplayCounters {
    /// Last accepted PN per TID (0-15) and, at 16, for non-QoS frames; `None` before any.
    last: [Option<u64>; 17],
}

/// A PN at or below the last one accepted.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Replayed {
    /// The PN received.
    pub pn: u64,
    /// The last PN accepted on that counter.
    pub last: u64,
}

impl ReplayCounters {
    /// Accepts `pn` on the counter of `tid` (`None`: non-QoS) when it is above the last one.
    pub fn accept(&mut self, tid: Option<u8>, pn: u64) -> Result<(), Replayed> {
        let slot = &mut self.last[tid.map_or(16, |t| usize::from(t & 0x0f))];
        match *slot {
            Some(last) if pn <= last => Err(Replayed { pn, last }),
            _ => {
                *slot = Some(pn);
                Ok(())
            }
        }
    }

    /// Starts every counter at `rsc` (the Key RSC a GTK came with): only higher PNs pass.
    pub fn reset_to(&mut self, rsc: u64) {
        self.last = [Some(rsc); 17];
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn each_tid_counts_on_its_own() {
        let mut r = ReplayCounters::default();
        assert_eq!(r.accept(Some(0), 5), Ok(()));
        assert_eq!(r.accept(Some(0), 5), Err(Replayed { pn: 5, last: 5 }));
        assert_eq!(r.accept(Some(0), 4), Err(Replayed { pn: 4, last: 5 }));
        assert_eq!(r.accept(Some(6), 1), Ok(()), "another TID starts fresh");
        assert_eq!(r.accept(None, 1), Ok(()));
        assert_eq!(r.accept(Some(0), 6), Ok(()));
        r.reset_to(100);
        assert!(r.accept(Some(3), 100).is_err());
        assert_eq!(r.accept(None, 101), Ok(()));
    }
}
