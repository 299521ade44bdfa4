//! Nested nl80211 attribute sets (linux-anchor §1.5): BSS (`NL80211_BSS_*`), station info
//! (`NL80211_STA_INFO_*`), rate info (`NL80211_RATE_INFO_*`), the station's BSS parameters
//! (`NL80211_STA_BSS_PARAM_*`), and the band description of a wiphy (`NL80211_BAND_ATTR_*`
//! with its frequencies `NL80211_FREQUENCY_ATTR_*` and bitrates `NL80211_BITRATE_ATTR_*`).
//!
//! Signals: `BSS_SIGNAL_MBM` is an s32 in 1/100 dBm; `STA_INFO_SIGNAL` is a u8 holding an
//! s8 dBm, typed here as `i8`. Counters come in 32-bit and 64-bit forms (`RX_BYTES`,
//! `RX_BYTES64`); the kernel sends both.

use mac80211_core::wire::MacAddr;

use crate::nl::value::{List, Nest, nl_attrs};

nl_attrs! {
    /// One attribute of a BSS (`NL80211_BSS_*`, inside `NL80211_ATTR_BSS`).
    pub enum BssAttr {
        /// `BSSID` (6 bytes).
        Bssid(MacAddr) = 1,
        /// `FREQUENCY` (u32, MHz).
        Frequency(u32) = 2,
        /// `TSF` (u64, µs).
        Tsf(u64) = 3,
        /// `BEACON_INTERVAL` (u16, TU).
        BeaconInterval(u16) = 4,
        /// `CAPABILITY` (u16).
        Capability(u16) = 5,
        /// `INFORMATION_ELEMENTS` (bytes): from the probe response if any, else the beacon.
        InformationElements(Vec<u8>) = 6,
        /// `SIGNAL_MBM` (s32, 1/100 dBm).
        SignalMbm(i32) = 7,
        /// `SIGNAL_UNSPEC` (u8, 0..100).
        SignalUnspec(u8) = 8,
        /// `STATUS` (u32, `enum nl80211_bss_status`): only on the BSS in use.
        Status(u32) = 9,
        /// `SEEN_MS_AGO` (u32).
        SeenMsAgo(u32) = 10,
        /// `BEACON_IES` (bytes).
        BeaconIes(Vec<u8>) = 11,
        /// `CHAN_WIDTH` (u32, deprecated).
        ChanWidth(u32) = 12,
        /// `BEACON_TSF` (u64).
        BeaconTsf(u64) = 13,
        /// `PRESP_DATA` (flag): INFORMATION_ELEMENTS came from a probe response.
        PrespData(()) = 14,
        /// `LAST_SEEN_BOOTTIME` (u64, ns).
        LastSeenBoottime(u64) = 15,
        /// `PARENT_TSF` (u64).
        ParentTsf(u64) = 17,
        /// `PARENT_BSSID` (6 bytes).
        ParentBssid(MacAddr) = 18,
        /// `FREQUENCY_OFFSET` (u32, kHz).
        FrequencyOffset(u32) = 20,
    }
}

nl_attrs! {
    /// One attribute of a station's info (`NL80211_STA_INFO_*`, inside `NL80211_ATTR_STA_INFO`).
    pub enum StaInfoAttr {
        /// `INACTIVE_TIME` (u32, ms).
        InactiveTime(u32) = 1,
        /// `RX_BYTES` (u32).
        RxBytes(u32) = 2,
        /// `TX_BYTES` (u32).
        TxBytes(u32) = 3,
        /// `SIGNAL` (s8 dBm).
        Signal(i8) = 7,
        /// `TX_BITRATE` (nest of `NL80211_RATE_INFO_*`).
        TxBitrate(Nest<RateInfoAttr>) = 8,
        /// `RX_PACKETS` (u32).
        RxPackets(u32) = 9,
        /// `TX_PACKETS` (u32).
        TxPackets(u32) = 10,
        /// `TX_RETRIES` (u32).
        TxRetries(u32) = 11,
        /// `TX_FAILED` (u32).
        TxFailed(u32) = 12,
        /// `SIGNAL_AVG` (s8 dBm).
        SignalAvg(i8) = 13,
        /// `RX_BITRATE` (nest of `NL80211_RATE_INFO_*`).
        RxBitrate(Nest<RateInfoAttr>) = 14,
        /// `BSS_PARAM` (nest of `NL80211_STA_BSS_PARAM_*`).
        BssParam(Nest<StaBssParamAttr>) = 15,
        /// `CONNECTED_TIME` (u32, s).
        ConnectedTime(u32) = 16,
        /// `STA_FLAGS` (8 bytes: mask, set).
        StaFlags(Vec<u8>) = 17,
        /// `BEACON_LOSS` (u32).
        BeaconLoss(u32) = 18,
        /// `T_OFFSET` (s64).
        TOffset(i64) = 19,
        /// `RX_BYTES64` (u64).
        RxBytes64(u64) = 23,
        /// `TX_BYTES64` (u64).
        TxBytes64(u64) = 24,
        /// `EXPECTED_THROUGHPUT` (u32, kb/s).
        ExpectedThroughput(u32) = 27,
        /// `RX_DROP_MISC` (u64).
        RxDropMisc(u64) = 28,
        /// `BEACON_RX` (u64).
        BeaconRx(u64) = 29,
        /// `BEACON_SIGNAL_AVG` (s8 dBm).
        BeaconSignalAvg(i8) = 30,
        /// `RX_DURATION` (u64, µs).
        RxDuration(u64) = 32,
        /// `ACK_SIGNAL` (s8 dBm).
        AckSignal(i8) = 34,
        /// `ACK_SIGNAL_AVG` (s8 dBm).
        AckSignalAvg(i8) = 35,
        /// `RX_MPDUS` (u32).
        RxMpdus(u32) = 36,
        /// `FCS_ERROR_COUNT` (u32).
        FcsErrorCount(u32) = 37,
        /// `TX_DURATION` (u64, µs).
        TxDuration(u64) = 39,
        /// `AIRTIME_WEIGHT` (u16).
        AirtimeWeight(u16) = 40,
        /// `ASSOC_AT_BOOTTIME` (u64, ns).
        AssocAtBoottime(u64) = 42,
    }
}

nl_attrs! {
    /// One attribute of a rate (`NL80211_RATE_INFO_*`, in TX_BITRATE / RX_BITRATE).
    pub enum RateInfoAttr {
        /// `BITRATE` (u16, 100 kb/s; absent when above 6553.5 Mb/s).
        Bitrate(u16) = 1,
        /// `MCS` (u8, HT).
        Mcs(u8) = 2,
        /// `40_MHZ_WIDTH` (flag).
        Width40(()) = 3,
        /// `SHORT_GI` (flag).
        ShortGi(()) = 4,
        /// `BITRATE32` (u32, 100 kb/s).
        Bitrate32(u32) = 5,
        /// `VHT_MCS` (u8).
        VhtMcs(u8) = 6,
        /// `VHT_NSS` (u8).
        VhtNss(u8) = 7,
        /// `80_MHZ_WIDTH` (flag).
        Width80(()) = 8,
        /// `160_MHZ_WIDTH` (flag).
        Width160(()) = 10,
        /// `HE_MCS` (u8).
        HeMcs(u8) = 13,
        /// `HE_NSS` (u8).
        HeNss(u8) = 14,
        /// `HE_GI` (u8).
        HeGi(u8) = 15,
        /// `HE_DCM` (u8).
        HeDcm(u8) = 16,
    }
}

nl_attrs! {
    /// One attribute of a station's BSS parameters (`NL80211_STA_BSS_PARAM_*`).
    pub enum StaBssParamAttr {
        /// `CTS_PROT` (flag).
        CtsProt(()) = 1,
        /// `SHORT_PREAMBLE` (flag).
        ShortPreamble(()) = 2,
        /// `SHORT_SLOT_TIME` (flag).
        ShortSlotTime(()) = 3,
        /// `DTIM_PERIOD` (u8).
        DtimPeriod(u8) = 4,
        /// `BEACON_INTERVAL` (u16).
        BeaconInterval(u16) = 5,
    }
}

nl_attrs! {
    /// One attribute of a band (`NL80211_BAND_ATTR_*`, in WIPHY_BANDS entries).
    pub enum BandAttr {
        /// `FREQS` (list of frequency nests).
        Freqs(List<Nest<FreqAttr>>) = 1,
        /// `RATES` (list of bitrate nests).
        Rates(List<Nest<BitrateAttr>>) = 2,
        /// `HT_MCS_SET` (16 bytes).
        HtMcsSet(Vec<u8>) = 3,
        /// `HT_CAPA` (u16).
        HtCapa(u16) = 4,
        /// `HT_AMPDU_FACTOR` (u8).
        HtAmpduFactor(u8) = 5,
        /// `HT_AMPDU_DENSITY` (u8).
        HtAmpduDensity(u8) = 6,
        /// `VHT_MCS_SET` (bytes).
        VhtMcsSet(Vec<u8>) = 7,
        /// `VHT_CAPA` (u32).
        VhtCapa(u32) = 8,
    }
}

nl_attrs! {
    /// One attribute of a channel (`NL80211_FREQUENCY_ATTR_*`).
    pub enum FreqAttr {
        /// `FREQ` (u32, MHz).
        Freq(u32) = 1,
        /// `DISABLED` (flag).
        Disabled(()) = 2,
        /// `NO_IR` (flag).
        NoIr(()) = 3,
        /// `RADAR` (flag).
        Radar(()) = 5,
        /// `MAX_TX_POWER` (u32, mBm).
        MaxTxPower(u32) = 6,
        /// `DFS_STATE` (u32).
        DfsState(u32) = 7,
        /// `DFS_TIME` (u32, ms).
        DfsTime(u32) = 8,
        /// `NO_HT40_MINUS` (flag).
        NoHt40Minus(()) = 9,
        /// `NO_HT40_PLUS` (flag).
        NoHt40Plus(()) = 10,
        /// `NO_80MHZ` (flag).
        No80Mhz(()) = 11,
        /// `NO_160MHZ` (flag).
        No160Mhz(()) = 12,
        /// `DFS_CAC_TIME` (u32, ms).
        DfsCacTime(u32) = 13,
        /// `INDOOR_ONLY` (flag).
        IndoorOnly(()) = 14,
        /// `NO_20MHZ` (flag).
        No20Mhz(()) = 16,
        /// `NO_10MHZ` (flag).
        No10Mhz(()) = 17,
        /// `NO_HE` (flag).
        NoHe(()) = 19,
        /// `OFFSET` (u32, kHz).
        Offset(u32) = 20,
    }
}

nl_attrs! {
    /// One attribute of a bitrate (`NL80211_BITRATE_ATTR_*`).
    pub enum BitrateAttr {
        /// `RATE` (u32, 100 kb/s).
        Rate(u32) = 1,
        /// `2GHZ_SHORTPREAMBLE` (flag).
        ShortPreamble(()) = 2,
    }
}
