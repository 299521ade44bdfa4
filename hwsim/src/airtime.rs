//! Rates and airtime: how long a PPDU occupies the medium, and the PHY timing around it.
//!
//! [`airtime`] follows the TXTIME equations of IEEE 802.11-2020:
//!
//! - DSSS/CCK (clause 15 and 16, 1, 2, 5.5 and 11 Mb/s): PLCP preamble and header of 192 µs
//!   (long) or 96 µs (short; not allowed at 1 Mb/s, so a short-preamble 1 Mb/s rate is sent
//!   long), then `ceil(8 · L / rate)` µs of PSDU.
//! - OFDM (clause 17, 6 to 54 Mb/s, 20 MHz): 16 µs preamble + 4 µs SIGNAL, then 4 µs symbols,
//!   `N_SYM = ceil((16 + 8 · L + 6) / N_DBPS)` (16 SERVICE bits, 6 tail bits).
//! - HT mixed format (clause 19, MCS 0 to 31 with equal modulation on every stream, 20/40 MHz,
//!   long or short guard interval): L-STF + L-LTF + L-SIG + HT-SIG (36 µs with one stream, plus
//!   4 µs per extra HT-LTF), then `N_SYM = ceil((8 · L + 16 + 6 · N_ES) / N_DBPS)` symbols of
//!   4 µs, or with the short GI `4 · ceil(3.6 · N_SYM / 4)` µs (19.4.3, equation 19-94).
//!
//! `L` is the PSDU length: the MPDU *including* its 4-octet FCS. The medium carries frames
//! without FCS and adds the 4 octets itself when it asks for airtime.
//!
//! Simplifications, stated once: ERP-OFDM's 6 µs signal extension on 2.4 GHz is left out (the
//! SIFS of OFDM rates is taken as 16 µs on every band instead, which gives the same
//! response timing), and the timing class (SIFS, slot, DIFS) follows the rate of the frame
//! rather than the BSS: DSSS/CCK frames use SIFS 10 µs, slot 20 µs, DIFS 50 µs (15.4.4.4);
//! OFDM and HT frames SIFS 16 µs, slot 9 µs, DIFS 34 µs (17.4.4). An ACK goes out at the
//! lowest mandatory rate of the eliciting frame's modulation class (1 Mb/s for DSSS/CCK,
//! 6 Mb/s for OFDM and HT), 10.6.6.5's fallback when no basic rate is known.

use mac80211_core::time::Duration;

/// Length of the FCS the PHY adds to every MPDU.
pub const FCS_LEN: usize = 4;

/// PSDU length of an ACK frame: Frame Control, Duration, RA and FCS.
pub const ACK_PSDU_LEN: usize = 14;

/// A transmit (and receive) rate.
///
/// Legacy rates use the 500 kb/s units of the Supported Rates element, so callers map their
/// rate tables directly: `Legacy { rate: 2, .. }` is 1 Mb/s, `Legacy { rate: 108, .. }` is
/// 54 Mb/s.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TxRate {
    /// A non-HT rate: DSSS/CCK 2, 4, 11, 22 or OFDM 12, 18, 24, 36, 48, 72, 96, 108.
    Legacy {
        /// Rate in 500 kb/s units.
        rate: u8,
        /// Short PLCP preamble (DSSS/CCK 2, 5.5 and 11 Mb/s only; ignored otherwise).
        short_preamble: bool,
    },
    /// An HT (802.11n) MCS, mixed-format preamble, BCC coding.
    Ht {
        /// MCS index 0 to 31 (`mcs / 8 + 1` spatial streams).
        mcs: u8,
        /// 40 MHz instead of 20 MHz.
        ht40: bool,
        /// Short (400 ns) guard interval.
        short_gi: bool,
    },
}

/// The PHY family a rate belongs to; it fixes the timing class and the ACK rate.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Phy {
    /// DSSS or CCK (clauses 15 and 16).
    Dsss,
    /// OFDM (clauses 17 and 18).
    Ofdm,
    /// HT (clause 19).
    Ht,
}

/// Legacy rates the standard defines, in 500 kb/s units.
const DSSS_RATES: [u8; 4] = [2, 4, 11, 22];
const OFDM_RATES: [u8; 8] = [12, 18, 24, 36, 48, 72, 96, 108];

impl TxRate {
    /// 1 Mb/s DSSS, long preamble.
    pub const DSSS_1M: TxRate = TxRate::legacy(2);
    /// 2 Mb/s DSSS, long preamble.
    pub const DSSS_2M: TxRate = TxRate::legacy(4);
    /// 5.5 Mb/s CCK, long preamble.
    pub const CCK_5M5: TxRate = TxRate::legacy(11);
    /// 11 Mb/s CCK, long preamble.
    pub const CCK_11M: TxRate = TxRate::legacy(22);
    /// 6 Mb/s OFDM.
    pub const OFDM_6M: TxRate = TxRate::legacy(12);
    /// 24 Mb/s OFDM.
    pub const OFDM_24M: TxRate = TxRate::legacy(48);
    /// 54 Mb/s OFDM.
    pub const OFDM_54M: TxRate = TxRate::legacy(108);

    /// A legacy rate in 500 kb/s units with the long preamble.
    pub const fn legacy(rate: u8) -> TxRate {
        TxRate::Legacy { rate, short_preamble: false }
    }

    /// An HT MCS on 20 MHz with the long guard interval.
    pub const fn ht(mcs: u8) -> TxRate {
        TxRate::Ht { mcs, ht40: false, short_gi: false }
    }

    /// True for a rate the standard defines (listed legacy rates, HT MCS 0 to 31).
    pub fn is_valid(self) -> bool {
        match self {
            TxRate::Legacy { rate, .. } => DSSS_RATES.contains(&rate) || OFDM_RATES.contains(&rate),
            TxRate::Ht { mcs, .. } => mcs < 32,
        }
    }

    /// The PHY family. Unknown legacy rates below 6 Mb/s count as DSSS, the rest as OFDM.
    pub fn phy(self) -> Phy {
        match self {
            TxRate::Legacy { rate, .. } if rate < 12 || DSSS_RATES.contains(&rate) => Phy::Dsss,
            TxRate::Legacy { .. } => Phy::Ofdm,
            TxRate::Ht { .. } => Phy::Ht,
        }
    }

    /// The legacy rate in 500 kb/s units, `None` for HT.
    pub fn legacy_rate(self) -> Option<u8> {
        match self {
            TxRate::Legacy { rate, .. } => Some(rate),
            TxRate::Ht { .. } => None,
        }
    }

    /// True when the PPDU uses the short DSSS preamble (never at 1 Mb/s, 15.2.2.2).
    pub fn uses_short_preamble(self) -> bool {
        matches!(self, TxRate::Legacy { rate, short_preamble: true } if rate != 2 && self.phy() == Phy::Dsss)
    }

    /// Nominal data rate in kb/s (HT with its guard interval), for reports and N_ES.
    pub fn kbps(self) -> u64 {
        match self {
            TxRate::Legacy { rate, .. } => u64::from(rate) * 500,
            TxRate::Ht { short_gi, .. } => {
                let bits = u64::from(self.ht_dbps());
                if short_gi { bits * 10_000 / 36 } else { bits * 1000 / 4 }
            }
        }
    }

    /// Data bits per OFDM symbol across all streams (HT), from Tables 19-27 to 19-34.
    fn ht_dbps(self) -> u32 {
        const HT20: [u32; 8] = [26, 52, 78, 104, 156, 208, 234, 260];
        const HT40: [u32; 8] = [54, 108, 162, 216, 324, 432, 486, 540];
        match self {
            TxRate::Ht { mcs, ht40, .. } => {
                let per_stream = if ht40 { HT40 } else { HT20 }[usize::from(mcs % 8)];
                per_stream * (u32::from(mcs % 32) / 8 + 1)
            }
            TxRate::Legacy { .. } => 0,
        }
    }

    /// The rate an ACK to a frame sent at this rate uses.
    pub fn ack_rate(self) -> TxRate {
        match self.phy() {
            Phy::Dsss => TxRate::DSSS_1M,
            Phy::Ofdm | Phy::Ht => TxRate::OFDM_6M,
        }
    }
}

/// Time the PPDU carrying a `psdu_len`-octet PSDU (MPDU plus FCS) occupies the air.
///
/// Total for any input: unknown legacy rates use the formula of their family with the given
/// bit rate, out-of-range MCS values wrap to 0..=31, and lengths beyond 1 GiB count as 1 GiB.
pub fn airtime(rate: TxRate, psdu_len: usize) -> Duration {
    let bits = psdu_len.min(1 << 30) as u64 * 8;
    let us = match rate {
        TxRate::Legacy { rate: r, .. } if rate.phy() == Phy::Dsss => {
            let preamble = if rate.uses_short_preamble() { 96 } else { 192 };
            // 8·L / (r / 2) µs, rounded up.
            preamble + (bits * 2).div_ceil(u64::from(r.max(1)))
        }
        TxRate::Legacy { rate: r, .. } => {
            let dbps = u64::from(r.max(1)) * 2; // 4 µs × r/2 Mb/s
            20 + 4 * (16 + bits + 6).div_ceil(dbps)
        }
        TxRate::Ht { mcs, short_gi, .. } => {
            let streams = u64::from(mcs % 32) / 8 + 1;
            let ltfs = if streams == 3 { 4 } else { streams };
            let preamble = 16 + 4 + 8 + 4 + 4 * ltfs;
            let n_es = rate.kbps().div_ceil(300_000).max(1);
            let n_sym = (bits + 16 + 6 * n_es).div_ceil(u64::from(rate.ht_dbps()));
            let data = if short_gi { 4 * (n_sym * 36).div_ceil(40) } else { 4 * n_sym };
            preamble + data
        }
    };
    Duration::from_micros(us)
}

/// Short interframe space for the timing class of `rate`.
pub fn sifs(rate: TxRate) -> Duration {
    Duration::from_micros(if rate.phy() == Phy::Dsss { 10 } else { 16 })
}

/// Slot time for the timing class of `rate`.
pub fn slot(rate: TxRate) -> Duration {
    Duration::from_micros(if rate.phy() == Phy::Dsss { 20 } else { 9 })
}

/// DIFS = SIFS + 2 slots (10.3.2.3.5).
pub fn difs(rate: TxRate) -> Duration {
    sifs(rate) + slot(rate).saturating_mul(2)
}

/// ACKTimeout = SIFS + slot + aRxPHYStartDelay (10.3.2.11): 192 µs for DSSS, 25 µs for OFDM.
pub fn ack_timeout(rate: TxRate) -> Duration {
    let start_delay = if rate.phy() == Phy::Dsss { 192 } else { 25 };
    sifs(rate) + slot(rate) + Duration::from_micros(start_delay)
}

impl From<mac80211_core::mac::TxRate> for TxRate {
    /// The MAC's rate choice as a PPDU format (long preamble for DSSS/CCK, as the MAC does not
    /// negotiate short preambles).
    fn from(r: mac80211_core::mac::TxRate) -> TxRate {
        match r {
            mac80211_core::mac::TxRate::Legacy(rate) => TxRate::Legacy { rate, short_preamble: false },
            mac80211_core::mac::TxRate::Ht { mcs, wide, short_gi } => {
                TxRate::Ht { mcs, ht40: wide, short_gi }
            }
        }
    }
}

impl From<TxRate> for mac80211_core::mac::TxRate {
    fn from(r: TxRate) -> mac80211_core::mac::TxRate {
        match r {
            TxRate::Legacy { rate, .. } => mac80211_core::mac::TxRate::Legacy(rate),
            TxRate::Ht { mcs, ht40, short_gi } => {
                mac80211_core::mac::TxRate::Ht { mcs, wide: ht40, short_gi }
            }
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn us(rate: TxRate, len: usize) -> u64 {
        airtime(rate, len).as_micros()
    }

    #[test]
    fn dsss_airtime_follows_clause_15_and_16() {
        // ACK at 1 Mb/s: 192 + 14 · 8 = 304 µs.
        assert_eq!(us(TxRate::DSSS_1M, ACK_PSDU_LEN), 304);
        assert_eq!(us(TxRate::DSSS_2M, 1500), 192 + 6000);
        // 5.5 Mb/s: 8 · 100 / 5.5 = 145.45 → 146.
        assert_eq!(us(TxRate::CCK_5M5, 100), 192 + 146);
        // 11 Mb/s short preamble: 8 · 1500 / 11 = 1090.9 → 1091.
        let short = TxRate::Legacy { rate: 22, short_preamble: true };
        assert_eq!(us(short, 1500), 96 + 1091);
        // No short preamble at 1 Mb/s.
        assert_eq!(us(TxRate::Legacy { rate: 2, short_preamble: true }, 14), 304);
    }

    #[test]
    fn ofdm_airtime_follows_clause_17() {
        // ACK at 6 Mb/s: N_SYM = ceil(134 / 24) = 6 → 20 + 24 = 44 µs.
        assert_eq!(us(TxRate::OFDM_6M, ACK_PSDU_LEN), 44);
        // 1500 octets at 54 Mb/s: ceil(12022 / 216) = 56 → 244 µs.
        assert_eq!(us(TxRate::OFDM_54M, 1500), 244);
        // 100 octets at 24 Mb/s: ceil(822 / 96) = 9 → 56 µs.
        assert_eq!(us(TxRate::OFDM_24M, 100), 56);
        // 9 Mb/s, 1000 octets: ceil(8022 / 36) = 223 → 912 µs.
        assert_eq!(us(TxRate::legacy(18), 1000), 912);
    }

    #[test]
    fn ht_airtime_follows_clause_19() {
        // MCS 7, 20 MHz, long GI, 1500 octets: ceil(12022 / 260) = 47 → 36 + 188 = 224 µs.
        assert_eq!(us(TxRate::ht(7), 1500), 224);
        // Short GI: 4 · ceil(3.6 · 47 / 4) = 4 · 43 = 172 → 208 µs.
        assert_eq!(us(TxRate::Ht { mcs: 7, ht40: false, short_gi: true }, 1500), 208);
        // MCS 0, 40 MHz: ceil(12022 / 54) = 223 → 36 + 892 = 928 µs.
        assert_eq!(us(TxRate::Ht { mcs: 0, ht40: true, short_gi: false }, 1500), 928);
        // MCS 15 (two streams), 20 MHz: two HT-LTFs (40 µs), ceil(12022 / 520) = 24 → 136 µs.
        assert_eq!(us(TxRate::ht(15), 1500), 40 + 96);
    }

    #[test]
    fn timing_classes_and_ack_rates() {
        assert_eq!(difs(TxRate::OFDM_6M).as_micros(), 34);
        assert_eq!(difs(TxRate::DSSS_1M).as_micros(), 50);
        assert_eq!(sifs(TxRate::ht(3)).as_micros(), 16);
        assert_eq!(ack_timeout(TxRate::OFDM_54M).as_micros(), 50);
        assert_eq!(TxRate::CCK_11M.ack_rate(), TxRate::DSSS_1M);
        assert_eq!(TxRate::ht(7).ack_rate(), TxRate::OFDM_6M);
    }

    #[test]
    fn odd_rates_never_panic() {
        for r in 0..=255u8 {
            let _ = airtime(TxRate::legacy(r), 65_535);
            let _ = airtime(TxRate::Ht { mcs: r, ht40: r % 2 == 0, short_gi: r % 3 == 0 }, usize::MAX);
        }
        assert!(!TxRate::legacy(7).is_valid());
        assert!(TxRate::ht(31).is_valid() && !TxRate::ht(32).is_valid());
    }
}
