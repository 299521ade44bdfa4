//! Rate sets and rate choice.
//!
//! Management and group frames go at the lowest basic rate of the band (1 Mb/s DSSS at
//! 2.4 GHz, 6 Mb/s OFDM at 5 and 6 GHz), as every station must understand them. Unicast data
//! goes at the highest rate both ends support: HT MCS 7 when both are HT, else the highest
//! common legacy rate. There is no rate control yet; the simulated medium's link models decide
//! what survives.

use super::api::TxRate;
use crate::channel::Band;
use crate::wire::element::{Rate, RateEntry};

/// Legacy rates of 2.4 GHz in 500 kb/s units, basic ones first: 1, 2, 5.5, 11 (basic), 6..54.
pub const RATES_2GHZ: [u8; 12] = [2, 4, 11, 22, 12, 18, 24, 36, 48, 72, 96, 108];
/// Basic rates of 2.4 GHz.
pub const BASIC_2GHZ: [u8; 4] = [2, 4, 11, 22];
/// Legacy (OFDM) rates of 5 and 6 GHz in 500 kb/s units.
pub const RATES_5GHZ: [u8; 8] = [12, 18, 24, 36, 48, 72, 96, 108];
/// Basic rates of 5 and 6 GHz.
pub const BASIC_5GHZ: [u8; 3] = [12, 24, 48];

/// The rates we advertise on a band, with basic rates flagged.
pub fn advertised(band: Band) -> Vec<RateEntry> {
    let (rates, basic): (&[u8], &[u8]) = match band {
        Band::Ghz2_4 => (&RATES_2GHZ, &BASIC_2GHZ),
        Band::Ghz5 | Band::Ghz6 => (&RATES_5GHZ, &BASIC_5GHZ),
    };
    rates.iter().map(|&r| RateEntry::from_octet(if basic.contains(&r) { r | 0x80 } else { r })).collect()
}

/// Rate for management and group-addressed frames on a band.
pub fn mgmt_rate(band: Band) -> TxRate {
    match band {
        Band::Ghz2_4 => TxRate::Legacy(2),
        Band::Ghz5 | Band::Ghz6 => TxRate::Legacy(12),
    }
}

/// Rate for unicast data to a peer advertising `peer_rates` (500 kb/s units) and HT or not.
pub fn data_rate(band: Band, peer_rates: &[u8], peer_ht: bool, we_ht: bool) -> TxRate {
    if peer_ht && we_ht {
        return TxRate::Ht { mcs: 7, wide: false, short_gi: false };
    }
    let ours: &[u8] = match band {
        Band::Ghz2_4 => &RATES_2GHZ,
        Band::Ghz5 | Band::Ghz6 => &RATES_5GHZ,
    };
    let best = peer_rates.iter().map(|r| r & 0x7f).filter(|r| ours.contains(r)).max();
    best.map(TxRate::Legacy).unwrap_or_else(|| mgmt_rate(band))
}

/// The rate values (500 kb/s units, basic bit cleared) of a list of rate entries.
pub fn rate_units(entries: impl IntoIterator<Item = RateEntry>) -> Vec<u8> {
    entries.into_iter().filter_map(|e| e.rate().map(Rate::units)).collect()
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn picks_highest_common_rate() {
        assert_eq!(data_rate(Band::Ghz2_4, &[0x82, 0x84, 0x0b, 0x16], false, true), TxRate::Legacy(22));
        assert_eq!(data_rate(Band::Ghz2_4, &[0x82, 108], false, false), TxRate::Legacy(108));
        assert_eq!(data_rate(Band::Ghz5, &[2, 4], false, false), TxRate::Legacy(12));
        assert!(matches!(data_rate(Band::Ghz5, &[12], true, true), TxRate::Ht { mcs: 7, .. }));
        assert_eq!(advertised(Band::Ghz2_4)[0].octet(), 0x82);
        assert_eq!(TxRate::Ht { mcs: 7, wide: false, short_gi: false }.kbps(), 65_000);
        assert_eq!(TxRate::Ht { mcs: 7, wide: true, short_gi: true }.kbps(), 150_000);
    }
}
