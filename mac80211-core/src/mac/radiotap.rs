//! Radiotap headers for monitor interfaces and captures.
//!
//! A monitor interface hands the host every frame on the channel behind a radiotap header, as a
//! Linux monitor `net_device` does, so `tcpdump`/Wireshark on it see the rate, channel and
//! signal. The header carries TSFT (the virtual or real time of reception in µs), Flags, Rate or
//! MCS, Channel and dBm signal.

use super::api::{RxInfo, TxRate};
use crate::channel::{Band, band_of};
use crate::time::Instant;
use crate::wire::radiotap::{Channel as RtChannel, Mcs, Radiotap, RadiotapRepr};

/// A radiotap header followed by `frame`.
pub fn wrap(now: Instant, rx: &RxInfo, frame: &[u8]) -> Vec<u8> {
    let flags = match band_of(rx.freq) {
        Some(Band::Ghz2_4) => RtChannel::GHZ2,
        _ => RtChannel::GHZ5,
    } | match rx.rate {
        Some(TxRate::Legacy(2 | 4 | 11 | 22)) => RtChannel::CCK,
        _ => RtChannel::OFDM,
    };
    let (rate, mcs) = match rx.rate {
        Some(TxRate::Legacy(r)) => (Some(r), None),
        Some(TxRate::Ht { mcs, wide, short_gi }) => {
            // Known: bandwidth, MCS index, guard interval.
            let mcs_flags = u8::from(wide) | (u8::from(short_gi) << 2);
            (None, Some(Mcs { known: 0x07, flags: mcs_flags, mcs }))
        }
        None => (None, None),
    };
    let repr = RadiotapRepr {
        tsft: Some(now.as_micros()),
        rate_500kbps: rate,
        channel: Some(RtChannel { freq: rx.freq, flags }),
        dbm_signal: Some(rx.signal_dbm),
        mcs,
        ..RadiotapRepr::default()
    };
    let header_len = repr.buffer_len();
    let mut out = vec![0; header_len + frame.len()];
    repr.emit(&mut Radiotap::new_unchecked(&mut out[..]));
    out[header_len..].copy_from_slice(frame);
    out
}
