//! Duplicate detection (802.11-2020 10.3.2.14).
//!
//! A receiver keeps, per transmitter and TID, the last Sequence Control it accepted. A frame
//! with the Retry bit set and the same sequence and fragment number is a retransmission whose
//! ACK was lost: it is acknowledged (by the radio) and dropped here. Frames without Retry are
//! never duplicates, which lets a peer that restarted its counter be heard. Management frames
//! addressed to us keep a record of their own (slot [`MGMT`]), which survives
//! [`DupCache::forget`]: a peer that re-authenticates restarts its data, not the frame that
//! announced it.

use crate::wire::{MacAddr, SeqCtrl};
use std::collections::BTreeMap;

/// TIDs 0-15 for QoS data; non-QoS frames use this slot.
const NON_QOS: u8 = 16;
/// Individually addressed management frames use this slot.
pub(crate) const MGMT: u8 = 17;

/// The per-transmitter, per-TID cache of the last accepted Sequence Control.
#[derive(Clone, Debug, Default)]
pub(crate) struct DupCache {
    last: BTreeMap<(MacAddr, u8), SeqCtrl>,
}

impl DupCache {
    /// Records the frame and tells whether it is a duplicate of the last one accepted.
    pub fn is_duplicate(&mut self, ta: MacAddr, tid: Option<u8>, seq: SeqCtrl, retry: bool) -> bool {
        let key = (ta, tid.unwrap_or(NON_QOS));
        if retry && self.last.get(&key) == Some(&seq) {
            return true;
        }
        self.last.insert(key, seq);
        false
    }

    /// Forgets a transmitter's data records (it left, or authenticated anew).
    pub fn forget(&mut self, ta: MacAddr) {
        self.last.retain(|&(addr, slot), _| addr != ta || slot == MGMT);
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn retry_of_the_last_frame_is_a_duplicate() {
        let mut c = DupCache::default();
        let a = MacAddr([2, 0, 0, 0, 0, 1]);
        assert!(!c.is_duplicate(a, Some(0), SeqCtrl::new(5, 0), false));
        assert!(c.is_duplicate(a, Some(0), SeqCtrl::new(5, 0), true));
        // Another TID keeps its own record.
        assert!(!c.is_duplicate(a, Some(1), SeqCtrl::new(5, 0), true));
        // Without Retry a repeat is accepted (the peer may have restarted).
        assert!(!c.is_duplicate(a, Some(0), SeqCtrl::new(5, 0), false));
        c.forget(a);
        assert!(!c.is_duplicate(a, Some(0), SeqCtrl::new(5, 0), true));
    }

    #[test]
    fn management_records_survive_forget() {
        let mut c = DupCache::default();
        let a = MacAddr([2, 0, 0, 0, 0, 1]);
        assert!(!c.is_duplicate(a, Some(MGMT), SeqCtrl::new(9, 0), false));
        assert!(!c.is_duplicate(a, None, SeqCtrl::new(9, 0), false));
        c.forget(a);
        // The data record is gone; the management one still catches the retransmission.
        assert!(!c.is_duplicate(a, None, SeqCtrl::new(9, 0), true));
        assert!(c.is_duplicate(a, Some(MGMT), SeqCtrl::new(9, 0), true));
    }
}
