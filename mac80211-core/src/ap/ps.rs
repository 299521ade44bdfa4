//! AP-side power save: buffering for dozing stations, the TIM, PS-Poll (802.11-2020 11.2.3).
//!
//! A station that sends a unicast data or management frame with the Power Management bit set
//! is dozing from then on; a frame with the bit clear wakes it (11.2.3.2; mac80211
//! `ieee80211_rx_h_sta_process` applies the same rule, ignoring control frames). While it
//! dozes:
//!
//! - unicast data for it is held in its queue instead of being sent ([`Ap::buffer_if_dozing`],
//!   called by the data path for host frames and intra-BSS relays), and its AID is set in the
//!   TIM of every beacon while the queue is non-empty;
//! - a PS-Poll carrying its AID releases one frame, with More Data set while more remain
//!   (11.2.3.5); with nothing buffered the AP answers with a Null frame, as mac80211 does;
//! - waking releases the whole queue in order.
//!
//! While any associated station dozes, group-addressed data is held too and sent right after
//! the next DTIM beacon, whose TIM then has the multicast bit set; every such frame but the
//! last has More Data set (11.2.3.6).
//!
//! Bounds (mac80211's `STA_MAX_TX_BUFFER`, `AP_MAX_BC_BUFFER`, `TOTAL_MAX_TX_BUFFER`): 64
//! frames per station, dropping the oldest; 128 group frames, dropping the oldest; 512
//! unicast frames in all, beyond which new frames are dropped. Drops count as `tx_dropped`.
//! Frames still buffered when the station leaves are dropped and counted the same way. There
//! is no lifetime limit per frame: a station that never wakes leaves through the inactivity
//! timeout, taking its queue with it. U-APSD is not supported.

use super::Ap;
use super::clients::AidSet;
use crate::mac::TxRate;
use crate::mac::cx::{Cx, TxKind};
use crate::wire::fc::flags;
use crate::wire::{DataSubtype, Frame, FrameControl, HeaderRepr, MacAddr, Subtype};
use std::collections::VecDeque;

/// Frames held for one dozing station.
pub(crate) const STA_QUEUE_LIMIT: usize = 64;
/// Group-addressed frames held for the next DTIM.
pub(crate) const GROUP_QUEUE_LIMIT: usize = 128;
/// Unicast frames held for all stations together.
pub(crate) const TOTAL_LIMIT: usize = 512;

/// A frame held back, ready to send.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct Buffered {
    /// The 802.11 frame, sequence number already assigned.
    pub frame: Vec<u8>,
    /// The rate chosen when it was built.
    pub rate: TxRate,
}

/// Whether a station listens all the time or dozes.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub(crate) enum PowerState {
    /// Active mode: frames go out at once.
    #[default]
    Awake,
    /// Power save mode, with the frames held for it (oldest first).
    Dozing(VecDeque<Buffered>),
}

/// The AP-wide power-save bookkeeping.
#[derive(Debug, Default)]
pub(crate) struct PowerSave {
    /// AIDs whose queue is non-empty: the TIM's partial virtual bitmap.
    tim: AidSet,
    /// Group frames held for the next DTIM.
    group: VecDeque<Buffered>,
    /// Associated stations in power save mode.
    dozing: usize,
    /// Unicast frames held over all stations.
    total: usize,
}

impl PowerSave {
    /// AIDs with buffered unicast frames, increasing.
    pub fn tim_aids(&self) -> impl Iterator<Item = u16> + '_ {
        self.tim.iter()
    }

    /// Group frames are waiting for a DTIM.
    pub fn group_buffered(&self) -> bool {
        !self.group.is_empty()
    }

    /// Sends every held group frame (after a DTIM beacon), More Data on all but the last.
    pub fn release_group(&mut self, cx: &mut Cx<'_>) {
        while let Some(mut b) = self.group.pop_front() {
            set_more_data(&mut b.frame, !self.group.is_empty());
            let da = frame_da(&b.frame);
            cx.transmit(b.frame, b.rate, TxKind::Data(da));
        }
    }

    /// Drops everything (the AP stops); returns how many frames were lost.
    pub fn clear(&mut self) -> usize {
        let lost = self.total + self.group.len();
        *self = PowerSave::default();
        lost
    }
}

/// Sets or clears More Data in a frame built by us (Frame Control is its first two octets).
fn set_more_data(frame: &mut [u8], on: bool) {
    if let Some(b) = frame.get_mut(1) {
        let bit = (flags::MORE_DATA >> 8) as u8;
        *b = if on { *b | bit } else { *b & !bit };
    }
}

/// Address 1 of a frame built by us.
fn frame_da(frame: &[u8]) -> MacAddr {
    frame.get(4..10).map_or(MacAddr::BROADCAST, MacAddr::from_bytes)
}

impl Ap {
    /// Applies the Power Management bit of a unicast data or management frame from `ta`.
    pub(crate) fn rx_power_mgmt(&mut self, cx: &mut Cx<'_>, ta: MacAddr, pm: bool) {
        let Some(peer) = self.clients.get_mut(ta).filter(|p| p.state.is_associated()) else { return };
        match (&mut peer.power, pm) {
            (PowerState::Awake, true) => {
                peer.power = PowerState::Dozing(VecDeque::new());
                self.ps.dozing += 1;
            }
            (PowerState::Dozing(queue), false) => {
                let queue = std::mem::take(queue);
                peer.power = PowerState::Awake;
                self.ps.dozing -= 1;
                self.ps.total -= queue.len();
                self.ps.tim.remove(peer.aid);
                for b in queue {
                    cx.transmit(b.frame, b.rate, TxKind::Data(ta));
                }
            }
            _ => {}
        }
    }

    /// Holds a data frame for `da` when it must wait: `da` is an associated station that
    /// dozes, or a group address while any station dozes. Gives the frame back when it must
    /// go out now.
    pub(crate) fn buffer_if_dozing(
        &mut self,
        cx: &mut Cx<'_>,
        da: MacAddr,
        frame: Vec<u8>,
        rate: TxRate,
    ) -> Option<Vec<u8>> {
        if da.is_multicast() {
            if self.ps.dozing == 0 {
                return Some(frame);
            }
            if self.ps.group.len() >= GROUP_QUEUE_LIMIT {
                self.ps.group.pop_front();
                cx.stats.tx_dropped += 1;
            }
            self.ps.group.push_back(Buffered { frame, rate });
            return None;
        }
        let Some(peer) = self.clients.get_mut(da) else { return Some(frame) };
        let PowerState::Dozing(queue) = &mut peer.power else { return Some(frame) };
        if self.ps.total >= TOTAL_LIMIT {
            cx.stats.tx_dropped += 1;
            return None;
        }
        if queue.len() >= STA_QUEUE_LIMIT {
            queue.pop_front();
            self.ps.total -= 1;
            cx.stats.tx_dropped += 1;
        }
        queue.push_back(Buffered { frame, rate });
        self.ps.total += 1;
        self.ps.tim.insert(peer.aid);
        None
    }

    /// A PS-Poll from `ta` for `aid`: release one held frame, or answer with a Null frame.
    pub(crate) fn rx_ps_poll(&mut self, cx: &mut Cx<'_>, ta: MacAddr, aid: u16) {
        let Some(peer) = self.clients.get_mut(ta).filter(|p| p.state.is_associated() && p.aid == aid) else {
            return;
        };
        peer.stats.last_rx = cx.now;
        let PowerState::Dozing(queue) = &mut peer.power else { return };
        match queue.pop_front() {
            Some(mut b) => {
                self.ps.total -= 1;
                let more = !queue.is_empty();
                if !more {
                    self.ps.tim.remove(aid);
                }
                set_more_data(&mut b.frame, more);
                cx.transmit(b.frame, b.rate, TxKind::Data(ta));
            }
            None => {
                let null = null_frame(cx, ta);
                cx.transmit(null, peer.stats.tx_rate, TxKind::Data(ta));
            }
        }
    }

    /// Forgets what is held for a station that leaves (or stops being associated).
    pub(super) fn drop_buffered(&mut self, cx: &mut Cx<'_>, addr: MacAddr) {
        let Some(peer) = self.clients.get_mut(addr) else { return };
        if let PowerState::Dozing(queue) = std::mem::take(&mut peer.power) {
            self.ps.dozing -= 1;
            self.ps.total -= queue.len();
            self.ps.tim.remove(peer.aid);
            cx.stats.tx_dropped += queue.len() as u64;
        }
    }
}

/// A Null data frame From DS to `da` (the answer to a PS-Poll when nothing is buffered).
fn null_frame(cx: &mut Cx<'_>, da: MacAddr) -> Vec<u8> {
    let header = HeaderRepr {
        frame_control: FrameControl::new(Subtype::Data(DataSubtype::Null)).with_flag(flags::FROM_DS, true),
        duration_id: 0,
        addr1: da,
        addr2: Some(cx.addr),
        addr3: Some(cx.addr),
        seq_ctrl: Some(cx.next_seq()),
        addr4: None,
        qos_control: None,
        ht_control: None,
    };
    let mut out = vec![0; header.buffer_len()];
    header.emit(&mut Frame::new_unchecked(&mut out[..]));
    out
}
