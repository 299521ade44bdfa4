//! Top-level nl80211 attributes (`enum nl80211_attrs`, linux-anchor §1.4).
//!
//! Types follow what the kernel puts on the wire; an attribute whose type depends on the
//! direction (CONTROL_PORT_ETHERTYPE is a u16 in requests and a flag in wiphy dumps) stays
//! untyped so both forms round-trip. softmac's private attributes start at 0x3f00, the top of
//! the 14-bit type space, far above Linux's last attribute (docs/netlink.md).

use mac80211_core::wire::MacAddr;

use super::nested::{BandAttr, BssAttr, StaInfoAttr};
use crate::nl::value::{List, Nest, nl_attrs};

nl_attrs! {
    /// One top-level nl80211 attribute (`NL80211_ATTR_*`).
    pub enum Nl80211Attr {
        /// `WIPHY` (u32): wiphy index.
        Wiphy(u32) = 1,
        /// `WIPHY_NAME` (string): `phy0`.
        WiphyName(String) = 2,
        /// `IFINDEX` (u32).
        Ifindex(u32) = 3,
        /// `IFNAME` (string).
        Ifname(String) = 4,
        /// `IFTYPE` (u32, `enum nl80211_iftype`).
        Iftype(u32) = 5,
        /// `MAC` (6 bytes): interface address, peer, or BSSID.
        Mac(MacAddr) = 6,
        /// `BEACON_INTERVAL` (u32, TU).
        BeaconInterval(u32) = 12,
        /// `DTIM_PERIOD` (u32).
        DtimPeriod(u32) = 13,
        /// `BEACON_HEAD` (bytes): beacon up to the TIM element.
        BeaconHead(Vec<u8>) = 14,
        /// `BEACON_TAIL` (bytes): elements after the TIM.
        BeaconTail(Vec<u8>) = 15,
        /// `STA_AID` (u16).
        StaAid(u16) = 16,
        /// `STA_LISTEN_INTERVAL` (u16).
        StaListenInterval(u16) = 18,
        /// `STA_SUPPORTED_RATES` (bytes, 500 kb/s units).
        StaSupportedRates(Vec<u8>) = 19,
        /// `STA_INFO` (nest of `NL80211_STA_INFO_*`).
        StaInfo(Nest<StaInfoAttr>) = 21,
        /// `WIPHY_BANDS` (list indexed by `enum nl80211_band`).
        WiphyBands(List<Nest<BandAttr>>) = 22,
        /// `SUPPORTED_IFTYPES` (list of flags indexed by iftype).
        SupportedIftypes(List<()>) = 32,
        /// `WIPHY_FREQ` (u32, MHz).
        WiphyFreq(u32) = 38,
        /// `WIPHY_CHANNEL_TYPE` (u32, legacy `enum nl80211_channel_type`).
        WiphyChannelType(u32) = 39,
        /// `MGMT_SUBTYPE` (u8).
        MgmtSubtype(u8) = 41,
        /// `IE` (bytes): extra information elements.
        Ie(Vec<u8>) = 42,
        /// `MAX_NUM_SCAN_SSIDS` (u8).
        MaxNumScanSsids(u8) = 43,
        /// `SCAN_FREQUENCIES` (list of u32 MHz).
        ScanFrequencies(List<u32>) = 44,
        /// `SCAN_SSIDS` (list of SSIDs; an empty one is the wildcard).
        ScanSsids(List<Vec<u8>>) = 45,
        /// `GENERATION` (u32): dump consistency counter.
        Generation(u32) = 46,
        /// `BSS` (nest of `NL80211_BSS_*`).
        Bss(Nest<BssAttr>) = 47,
        /// `SUPPORTED_COMMANDS` (list of u32 command numbers).
        SupportedCommands(List<u32>) = 50,
        /// `FRAME` (bytes): a management frame without FCS.
        Frame(Vec<u8>) = 51,
        /// `SSID` (bytes, 0..32).
        Ssid(Vec<u8>) = 52,
        /// `AUTH_TYPE` (u32, `enum nl80211_auth_type`).
        AuthType(u32) = 53,
        /// `REASON_CODE` (u16).
        ReasonCode(u16) = 54,
        /// `KEY_TYPE` (u32).
        KeyType(u32) = 55,
        /// `MAX_SCAN_IE_LEN` (u16).
        MaxScanIeLen(u16) = 56,
        /// `CIPHER_SUITES` (u32 array).
        CipherSuites(Vec<u32>) = 57,
        /// `WIPHY_RETRY_SHORT` (u8).
        WiphyRetryShort(u8) = 61,
        /// `WIPHY_RETRY_LONG` (u8).
        WiphyRetryLong(u8) = 62,
        /// `WIPHY_FRAG_THRESHOLD` (u32).
        WiphyFragThreshold(u32) = 63,
        /// `WIPHY_RTS_THRESHOLD` (u32).
        WiphyRtsThreshold(u32) = 64,
        /// `TIMED_OUT` (flag): the connect/auth/assoc attempt timed out.
        TimedOut(()) = 65,
        /// `USE_MFP` (u32).
        UseMfp(u32) = 66,
        /// `STA_FLAGS2` (8 bytes: mask, set).
        StaFlags2(Vec<u8>) = 67,
        /// `CONTROL_PORT` (flag).
        ControlPort(()) = 68,
        /// `PRIVACY` (flag).
        Privacy(()) = 70,
        /// `DISCONNECTED_BY_AP` (flag).
        DisconnectedByAp(()) = 71,
        /// `STATUS_CODE` (u16).
        StatusCode(u16) = 72,
        /// `CIPHER_SUITES_PAIRWISE` (u32 array).
        CipherSuitesPairwise(Vec<u32>) = 73,
        /// `CIPHER_SUITE_GROUP` (u32).
        CipherSuiteGroup(u32) = 74,
        /// `WPA_VERSIONS` (u32 bitmask).
        WpaVersions(u32) = 75,
        /// `AKM_SUITES` (u32 array).
        AkmSuites(Vec<u32>) = 76,
        /// `REQ_IE` (bytes): (re)association request elements.
        ReqIe(Vec<u8>) = 77,
        /// `RESP_IE` (bytes): (re)association response elements.
        RespIe(Vec<u8>) = 78,
        /// `4ADDR` (u8).
        FourAddr(u8) = 83,
        /// `COOKIE` (u64).
        Cookie(u64) = 88,
        /// `FRAME_MATCH` (bytes).
        FrameMatch(Vec<u8>) = 91,
        /// `ACK` (flag).
        Ack(()) = 92,
        /// `FRAME_TYPE` (u16 frame control).
        FrameType(u16) = 101,
        /// `CONTROL_PORT_NO_ENCRYPT` (flag).
        ControlPortNoEncrypt(()) = 103,
        /// `WIPHY_TX_POWER_LEVEL` (u32 holding an s32 mBm, in GET_INTERFACE replies).
        WiphyTxPowerLevel(u32) = 98,
        /// `HIDDEN_SSID` (u32: 0 not hidden, 1 zero length, 2 zero contents).
        HiddenSsid(u32) = 126,
        /// `IE_PROBE_RESP` (bytes).
        IeProbeResp(Vec<u8>) = 127,
        /// `IE_ASSOC_RESP` (bytes).
        IeAssocResp(Vec<u8>) = 128,
        /// `FEATURE_FLAGS` (u32).
        FeatureFlags(u32) = 143,
        /// `PROBE_RESP` (bytes): probe response template.
        ProbeResp(Vec<u8>) = 145,
        /// `INACTIVITY_TIMEOUT` (u16, seconds).
        InactivityTimeout(u16) = 150,
        /// `WDEV` (u64): `(wiphy << 32) | n`.
        Wdev(u64) = 153,
        /// `SCAN_FLAGS` (u32).
        ScanFlags(u32) = 158,
        /// `CHANNEL_WIDTH` (u32, `enum nl80211_chan_width`).
        ChannelWidth(u32) = 159,
        /// `CENTER_FREQ1` (u32, MHz).
        CenterFreq1(u32) = 160,
        /// `CENTER_FREQ2` (u32, MHz).
        CenterFreq2(u32) = 161,
        /// `PROTOCOL_FEATURES` (u32).
        ProtocolFeatures(u32) = 173,
        /// `SPLIT_WIPHY_DUMP` (flag).
        SplitWiphyDump(()) = 174,
        /// `MAC_HINT` (6 bytes).
        MacHint(MacAddr) = 200,
        /// `WIPHY_FREQ_HINT` (u32).
        WiphyFreqHint(u32) = 201,
        /// `SOCKET_OWNER` (flag).
        SocketOwner(()) = 204,
        /// `MAC_MASK` (6 bytes).
        MacMask(MacAddr) = 215,
        /// `EXT_FEATURES` (bitmap: bit n is byte n/8, bit n%8).
        ExtFeatures(Vec<u8>) = 217,
        /// `BSSID` (6 bytes).
        Bssid(MacAddr) = 245,
        /// `TIMEOUT_REASON` (u32).
        TimeoutReason(u32) = 248,
        /// `CONTROL_PORT_OVER_NL80211` (flag).
        ControlPortOverNl80211(()) = 264,
        /// `PMK` (32 or 48 bytes): the PMK for 4-way handshake offload (for WPA2-PSK, the PSK).
        Pmk(Vec<u8>) = 254,
        /// softmac private (0x3f00): named network namespace for NEW_INTERFACE's host side
        /// (Linux moves netdevs with NETNS_PID/NETNS_FD, which a Unix-socket client cannot pass).
        SoftmacNetns(String) = 0x3f00,
        /// softmac private (0x3f01, flag): in a DISCONNECT event, the link ended because the
        /// 4-way handshake failed (a wrong passphrase, when the AP's reason is 14 or 15).
        SoftmacHandshakeFailed(()) = 0x3f01,
        /// softmac private (0x3f02, u32 seconds): START_AP's group rekey interval (0: never).
        SoftmacGroupRekey(u32) = 0x3f02,
        /// softmac private (0x3f03, string): what drives a wiphy ("hwsim", "mt7601u").
        SoftmacBackend(String) = 0x3f03,
    }
}

/// Attribute numbers the front end names in errors (`NL80211_ATTR_*`).
pub mod num {
    /// `WIPHY`.
    pub const WIPHY: u16 = 1;
    /// `IFINDEX`.
    pub const IFINDEX: u16 = 3;
    /// `IFNAME`.
    pub const IFNAME: u16 = 4;
    /// `IFTYPE`.
    pub const IFTYPE: u16 = 5;
    /// `MAC`.
    pub const MAC: u16 = 6;
    /// `WIPHY_FREQ`.
    pub const WIPHY_FREQ: u16 = 38;
    /// `SSID`.
    pub const SSID: u16 = 52;
    /// `AUTH_TYPE`.
    pub const AUTH_TYPE: u16 = 53;
    /// `BEACON_INTERVAL`.
    pub const BEACON_INTERVAL: u16 = 12;
    /// `SPLIT_WIPHY_DUMP`.
    pub const SPLIT_WIPHY_DUMP: u16 = 174;
}
