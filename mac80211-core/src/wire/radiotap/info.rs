//! A flat summary of the radiotap fields a decoder or a receive path usually wants.

use super::field::{AmpduStatus, He, Mcs, RadiotapField, RadiotapFlags, Vht, XChannel};
use super::iter::RadiotapIter;
use crate::wire::Error;

/// The common radiotap fields, each from its *first* occurrence in the header.
///
/// Later occurrences (from extra radiotap namespaces, usually one per receive chain) are
/// ignored, as Wireshark does for its summary columns. `error` records why the walk stopped
/// early, if it did; the fields read before that point are still filled in.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct RadiotapInfo {
    /// TSFT in microseconds.
    pub tsft: Option<u64>,
    /// Flags.
    pub flags: Option<RadiotapFlags>,
    /// Legacy rate in 500 kb/s units.
    pub rate_500kbps: Option<u8>,
    /// Channel frequency in MHz.
    pub channel_freq: Option<u16>,
    /// Channel flags.
    pub channel_flags: Option<u16>,
    /// Antenna signal in dBm.
    pub dbm_signal: Option<i8>,
    /// Antenna noise in dBm.
    pub dbm_noise: Option<i8>,
    /// Antenna index.
    pub antenna: Option<u8>,
    /// RX flags.
    pub rx_flags: Option<u16>,
    /// TX flags.
    pub tx_flags: Option<u16>,
    /// Extended channel (FreeBSD, macOS).
    pub xchannel: Option<XChannel>,
    /// HT MCS.
    pub mcs: Option<Mcs>,
    /// A-MPDU status.
    pub ampdu: Option<AmpduStatus>,
    /// VHT information.
    pub vht: Option<Vht>,
    /// HE information.
    pub he: Option<He>,
    /// Why the field walk stopped before the end, if it did.
    pub error: Option<Error>,
}

impl RadiotapInfo {
    /// Collects the first occurrence of each common field from a field walk.
    pub fn from_fields(fields: RadiotapIter<'_>) -> RadiotapInfo {
        let mut info = RadiotapInfo::default();
        for f in fields {
            match f {
                Ok(f) => info.absorb(f),
                Err(e) => info.error = Some(e),
            }
        }
        info
    }

    fn absorb(&mut self, f: RadiotapField<'_>) {
        fn first<V>(slot: &mut Option<V>, v: V) {
            if slot.is_none() {
                *slot = Some(v);
            }
        }
        match f {
            RadiotapField::Tsft(v) => first(&mut self.tsft, v),
            RadiotapField::Flags(v) => first(&mut self.flags, v),
            RadiotapField::Rate(v) => first(&mut self.rate_500kbps, v),
            RadiotapField::Channel(c) if self.channel_freq.is_none() => {
                self.channel_freq = Some(c.freq);
                self.channel_flags = Some(c.flags);
            }
            RadiotapField::DbmAntennaSignal(v) => first(&mut self.dbm_signal, v),
            RadiotapField::DbmAntennaNoise(v) => first(&mut self.dbm_noise, v),
            RadiotapField::Antenna(v) => first(&mut self.antenna, v),
            RadiotapField::RxFlags(v) => first(&mut self.rx_flags, v),
            RadiotapField::TxFlags(v) => first(&mut self.tx_flags, v),
            RadiotapField::XChannel(v) => first(&mut self.xchannel, v),
            RadiotapField::Mcs(v) => first(&mut self.mcs, v),
            RadiotapField::AmpduStatus(v) => first(&mut self.ampdu, v),
            RadiotapField::Vht(v) => first(&mut self.vht, v),
            RadiotapField::He(v) => first(&mut self.he, v),
            _ => {}
        }
    }

    /// True when the frame after the header ends with its FCS.
    pub fn fcs_at_end(&self) -> bool {
        self.flags.is_some_and(RadiotapFlags::fcs_at_end)
    }
}
