//! Capturing the simulated air as pcap (link type 127, radiotap), timed by the virtual clock.
//!
//! Two vantage points, chosen per tap with [`CaptureKind`]:
//!
//! - **Channel**: a monitor next to every transmitter on one frequency. One record per PPDU
//!   put on the air, ACKs, collided and truncated frames included, written when the PPDU
//!   starts; the radiotap signal field carries the transmit power.
//! - **Radio**: what one radio decoded: the frames delivered to it (as delivered: after
//!   mutation, at release for held ones) and the ACKs it received, written at the end of the
//!   PPDU (or at release) with the signal and noise at that radio.
//!
//! Records carry radiotap TSFT (µs of virtual time at the start of the PPDU), Flags (short
//! preamble, short GI; frames are stored without FCS), Rate (legacy) or MCS (HT), Channel
//! (frequency plus 2 GHz/5 GHz and CCK/OFDM flags), dBm signal, dBm noise (radio taps) and
//! antenna 0. The pcap timestamp is the virtual time of the write, so a file starts at
//! 1970-01-01 plus the simulation's time. The same seed and inputs give the same bytes.

use crate::airtime::{Phy, TxRate};
use crate::channel::Channel;
use crate::radio::RadioId;
use mac80211_core::capture::{PcapWriter, Timestamp, TsResolution};
use mac80211_core::time::Instant;
use mac80211_core::wire::radiotap::{self, Mcs, RadiotapFlags};
use mac80211_core::wire::{LinkType, Radiotap, RadiotapRepr};

/// Identifies a capture tap on one medium.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct CaptureId(pub(crate) u32);

/// Where a tap listens.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum CaptureKind {
    /// Every PPDU on this primary frequency (MHz), seen from the transmitter.
    Channel(u16),
    /// Every frame this radio decoded.
    Radio(RadioId),
}

/// One record's radio metadata.
pub(crate) struct RecordMeta {
    /// Virtual time of the write (pcap timestamp).
    pub at: Instant,
    /// Start of the PPDU (radiotap TSFT).
    pub ppdu_start: Instant,
    pub channel: Channel,
    pub rate: TxRate,
    pub signal_dbm: f64,
    pub noise_dbm: Option<f64>,
}

struct Tap {
    kind: CaptureKind,
    writer: PcapWriter<Vec<u8>>,
}

/// Every open tap, plus a scratch buffer reused for records.
#[derive(Default)]
pub(crate) struct Captures {
    taps: Vec<Option<Tap>>,
    scratch: Vec<u8>,
    /// Records that could not be written (longer than pcap allows, or beyond year 2106).
    pub errors: u64,
}

impl Captures {
    pub fn open(&mut self, kind: CaptureKind) -> CaptureId {
        // Writing the file header into a Vec cannot fail; were it to, the tap stays closed.
        let writer = PcapWriter::new(Vec::new(), LinkType::Radiotap, TsResolution::Micro).ok();
        self.taps.push(writer.map(|writer| Tap { kind, writer }));
        CaptureId(self.taps.len() as u32 - 1)
    }

    /// Takes the bytes written so far (the first take includes the file header).
    pub fn take(&mut self, id: CaptureId) -> Option<Vec<u8>> {
        let tap = self.taps.get_mut(id.0 as usize)?.as_mut()?;
        Some(core::mem::take(tap.writer.get_mut()))
    }

    /// Closes the tap and returns the bytes not yet taken.
    pub fn close(&mut self, id: CaptureId) -> Option<Vec<u8>> {
        let mut tap = self.taps.get_mut(id.0 as usize)?.take()?;
        Some(core::mem::take(tap.writer.get_mut()))
    }

    /// True when some tap listens at `kind` (cheap check before building a record).
    pub fn wants(&self, kind: CaptureKind) -> bool {
        self.taps.iter().flatten().any(|t| t.kind == kind)
    }

    /// Writes `frame` to every tap listening at `kind`.
    pub fn record(&mut self, kind: CaptureKind, meta: &RecordMeta, frame: &[u8]) {
        if !self.wants(kind) {
            return;
        }
        let header = radiotap_for(meta);
        let rt_len = header.buffer_len();
        self.scratch.clear();
        self.scratch.resize(rt_len, 0);
        header.emit(&mut Radiotap::new_unchecked(&mut self.scratch[..]));
        self.scratch.extend_from_slice(frame);
        let us = meta.at.as_micros();
        let ts = Timestamp { secs: us / 1_000_000, nanos: (us % 1_000_000) as u32 * 1000 };
        for tap in self.taps.iter_mut().flatten().filter(|t| t.kind == kind) {
            if tap.writer.write(ts, &self.scratch, self.scratch.len() as u32).is_err() {
                self.errors += 1;
            }
        }
    }
}

/// Rounds a dBm value into radiotap's signed octet (saturating; NaN becomes 0).
pub(crate) fn dbm_i8(v: f64) -> i8 {
    v.round().clamp(-128.0, 127.0) as i8
}

fn radiotap_for(meta: &RecordMeta) -> RadiotapRepr {
    let rate = meta.rate;
    let mut flags = 0;
    if rate.uses_short_preamble() {
        flags |= RadiotapFlags::SHORT_PREAMBLE;
    }
    let mcs = match rate {
        TxRate::Ht { mcs, ht40, short_gi } => {
            if short_gi {
                flags |= RadiotapFlags::SHORT_GI;
            }
            // Known: bandwidth, MCS index, guard interval; flags: bandwidth 40 = 1, GI bit 2.
            Some(Mcs { known: 0x07, flags: u8::from(ht40) | (u8::from(short_gi) << 2), mcs })
        }
        TxRate::Legacy { .. } => None,
    };
    let band = if meta.channel.band() == Some(mac80211_core::channel::Band::Ghz2_4) {
        radiotap::Channel::GHZ2
    } else {
        radiotap::Channel::GHZ5
    };
    let modulation = if rate.phy() == Phy::Dsss { radiotap::Channel::CCK } else { radiotap::Channel::OFDM };
    RadiotapRepr {
        tsft: Some(meta.ppdu_start.as_micros()),
        flags: Some(RadiotapFlags(flags)),
        rate_500kbps: rate.legacy_rate(),
        channel: Some(radiotap::Channel { freq: meta.channel.freq, flags: band | modulation }),
        dbm_signal: Some(dbm_i8(meta.signal_dbm)),
        dbm_noise: meta.noise_dbm.map(dbm_i8),
        antenna: Some(0),
        mcs,
        ..RadiotapRepr::default()
    }
}
