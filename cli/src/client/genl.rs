//! Generic netlink messages as the client reads and writes them: `genlmsghdr` plus a flat
//! attribute table with typed, total getters, and a writer for requests.
//!
//! The client only reads the attributes it prints, so it keeps them as `(type, value)` pairs
//! and converts on access: a wrong length reads as absent, never as a panic (the same rule
//! as `nla_parse` with a policy, which drops a mistyped attribute). Numbers are Linux's
//! (`include/uapi/linux/nl80211.h`, `genetlink.h`, `mac80211_hwsim.h`).

use super::netlink::align4;

/// nlctrl numbers (`include/uapi/linux/genetlink.h`).
pub mod ctrl {
    /// `GENL_ID_CTRL`: nlctrl's fixed family id.
    pub const FAMILY_ID: u16 = 0x10;
    /// `CTRL_CMD_GETFAMILY`.
    pub const CMD_GETFAMILY: u8 = 3;
    /// `CTRL_ATTR_FAMILY_ID` (u16).
    pub const ATTR_FAMILY_ID: u16 = 1;
    /// `CTRL_ATTR_FAMILY_NAME` (string).
    pub const ATTR_FAMILY_NAME: u16 = 2;
    /// `CTRL_ATTR_MCAST_GROUPS` (array of nests).
    pub const ATTR_MCAST_GROUPS: u16 = 7;
    /// `CTRL_ATTR_MCAST_GRP_NAME`.
    pub const GRP_NAME: u16 = 1;
    /// `CTRL_ATTR_MCAST_GRP_ID`.
    pub const GRP_ID: u16 = 2;
}

/// nl80211 command and attribute numbers the client uses.
pub mod nl80211 {
    #![allow(missing_docs)]
    pub const CMD_GET_WIPHY: u8 = 1;
    pub const CMD_SET_WIPHY: u8 = 2;
    pub const CMD_NEW_WIPHY: u8 = 3;
    pub const CMD_DEL_WIPHY: u8 = 4;
    pub const CMD_GET_INTERFACE: u8 = 5;
    pub const CMD_SET_INTERFACE: u8 = 6;
    pub const CMD_NEW_INTERFACE: u8 = 7;
    pub const CMD_DEL_INTERFACE: u8 = 8;
    pub const CMD_START_AP: u8 = 15;
    pub const CMD_STOP_AP: u8 = 16;
    pub const CMD_GET_STATION: u8 = 17;
    pub const CMD_NEW_STATION: u8 = 19;
    pub const CMD_DEL_STATION: u8 = 20;
    pub const CMD_GET_SCAN: u8 = 32;
    pub const CMD_TRIGGER_SCAN: u8 = 33;
    pub const CMD_NEW_SCAN_RESULTS: u8 = 34;
    pub const CMD_SCAN_ABORTED: u8 = 35;
    pub const CMD_CONNECT: u8 = 46;
    pub const CMD_DISCONNECT: u8 = 48;
    pub const CMD_GET_PROTOCOL_FEATURES: u8 = 95;

    pub const ATTR_WIPHY: u16 = 1;
    pub const ATTR_WIPHY_NAME: u16 = 2;
    pub const ATTR_IFINDEX: u16 = 3;
    pub const ATTR_IFNAME: u16 = 4;
    pub const ATTR_IFTYPE: u16 = 5;
    pub const ATTR_MAC: u16 = 6;
    pub const ATTR_BEACON_INTERVAL: u16 = 12;
    pub const ATTR_DTIM_PERIOD: u16 = 13;
    pub const ATTR_STA_INFO: u16 = 21;
    pub const ATTR_WIPHY_BANDS: u16 = 22;
    pub const ATTR_SUPPORTED_IFTYPES: u16 = 32;
    pub const ATTR_WIPHY_FREQ: u16 = 38;
    pub const ATTR_WIPHY_CHANNEL_TYPE: u16 = 39;
    pub const ATTR_MAX_NUM_SCAN_SSIDS: u16 = 43;
    pub const ATTR_SCAN_FREQUENCIES: u16 = 44;
    pub const ATTR_SCAN_SSIDS: u16 = 45;
    pub const ATTR_BSS: u16 = 47;
    pub const ATTR_SSID: u16 = 52;
    pub const ATTR_REASON_CODE: u16 = 54;
    pub const ATTR_TIMED_OUT: u16 = 65;
    pub const ATTR_DISCONNECTED_BY_AP: u16 = 71;
    pub const ATTR_STATUS_CODE: u16 = 72;
    pub const ATTR_WIPHY_TX_POWER_LEVEL: u16 = 98;
    pub const ATTR_HIDDEN_SSID: u16 = 126;
    pub const ATTR_WDEV: u16 = 153;
    pub const ATTR_CHANNEL_WIDTH: u16 = 159;
    pub const ATTR_CENTER_FREQ1: u16 = 160;
    pub const ATTR_CENTER_FREQ2: u16 = 161;
    pub const ATTR_PROTOCOL_FEATURES: u16 = 173;
    pub const ATTR_SPLIT_WIPHY_DUMP: u16 = 174;
    pub const ATTR_BSSID: u16 = 245;

    pub const BSS_BSSID: u16 = 1;
    pub const BSS_FREQUENCY: u16 = 2;
    pub const BSS_TSF: u16 = 3;
    pub const BSS_BEACON_INTERVAL: u16 = 4;
    pub const BSS_CAPABILITY: u16 = 5;
    pub const BSS_INFORMATION_ELEMENTS: u16 = 6;
    pub const BSS_SIGNAL_MBM: u16 = 7;
    pub const BSS_STATUS: u16 = 9;
    pub const BSS_SEEN_MS_AGO: u16 = 10;
    pub const BSS_BEACON_IES: u16 = 11;

    pub const STA_INFO_INACTIVE_TIME: u16 = 1;
    pub const STA_INFO_RX_BYTES: u16 = 2;
    pub const STA_INFO_TX_BYTES: u16 = 3;
    pub const STA_INFO_SIGNAL: u16 = 7;
    pub const STA_INFO_TX_BITRATE: u16 = 8;
    pub const STA_INFO_RX_PACKETS: u16 = 9;
    pub const STA_INFO_TX_PACKETS: u16 = 10;
    pub const STA_INFO_TX_RETRIES: u16 = 11;
    pub const STA_INFO_TX_FAILED: u16 = 12;
    pub const STA_INFO_SIGNAL_AVG: u16 = 13;
    pub const STA_INFO_RX_BITRATE: u16 = 14;
    pub const STA_INFO_CONNECTED_TIME: u16 = 16;
    pub const STA_INFO_RX_BYTES64: u16 = 23;
    pub const STA_INFO_TX_BYTES64: u16 = 24;

    pub const RATE_INFO_BITRATE: u16 = 1;
    pub const RATE_INFO_MCS: u16 = 2;
    pub const RATE_INFO_BITRATE32: u16 = 5;

    pub const BAND_ATTR_FREQS: u16 = 1;
    pub const BAND_ATTR_RATES: u16 = 2;
    pub const FREQUENCY_ATTR_FREQ: u16 = 1;
    pub const FREQUENCY_ATTR_DISABLED: u16 = 2;
    pub const FREQUENCY_ATTR_NO_IR: u16 = 3;
    pub const FREQUENCY_ATTR_RADAR: u16 = 5;
    pub const FREQUENCY_ATTR_MAX_TX_POWER: u16 = 6;
    pub const BITRATE_ATTR_RATE: u16 = 1;
    pub const BITRATE_ATTR_2GHZ_SHORTPREAMBLE: u16 = 2;

    pub const IFTYPE_STATION: u32 = 2;
    pub const IFTYPE_AP: u32 = 3;
    pub const IFTYPE_MONITOR: u32 = 6;

    pub const PROTOCOL_FEATURE_SPLIT_WIPHY_DUMP: u32 = 1;
}

/// MAC80211_HWSIM numbers (`drivers/net/wireless/virtual/mac80211_hwsim.h`).
pub mod hwsim {
    #![allow(missing_docs)]
    pub const CMD_NEW_RADIO: u8 = 4;
    pub const CMD_DEL_RADIO: u8 = 5;
    pub const CMD_GET_RADIO: u8 = 6;
    pub const ATTR_ADDR_TRANSMITTER: u16 = 2;
    pub const ATTR_CHANNELS: u16 = 9;
    pub const ATTR_RADIO_ID: u16 = 10;
    pub const ATTR_RADIO_NAME: u16 = 17;
    pub const ATTR_FREQ: u16 = 19;
    pub const ATTR_PERM_ADDR: u16 = 22;
}

/// A generic netlink message: command, version and attributes.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct GenlMsg {
    /// `genlmsghdr.cmd`.
    pub cmd: u8,
    /// `genlmsghdr.version`.
    pub version: u8,
    /// Top-level attributes.
    pub attrs: Attrs,
}

impl GenlMsg {
    /// Parses a generic netlink payload; None when shorter than `genlmsghdr`.
    pub fn parse(payload: &[u8]) -> Option<GenlMsg> {
        let (hdr, rest) = (payload.get(..4)?, payload.get(4..)?);
        Some(GenlMsg { cmd: hdr[0], version: hdr[1], attrs: Attrs::parse(rest) })
    }
}

/// A run of attributes, kept in order.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Attrs(pub Vec<(u16, Vec<u8>)>);

impl Attrs {
    /// Reads a run of attributes (stops quietly at a malformed one).
    pub fn parse(buf: &[u8]) -> Attrs {
        Attrs(super::netlink::attrs(buf).map(|(k, v)| (k, v.to_vec())).collect())
    }

    /// The value of the first attribute of type `kind`.
    pub fn get(&self, kind: u16) -> Option<&[u8]> {
        self.0.iter().find(|(k, _)| *k == kind).map(|(_, v)| v.as_slice())
    }

    /// True when attribute `kind` is present (a flag).
    pub fn flag(&self, kind: u16) -> bool {
        self.get(kind).is_some()
    }

    /// A u8 attribute.
    pub fn u8(&self, kind: u16) -> Option<u8> {
        match self.get(kind)? {
            [b, ..] => Some(*b),
            _ => None,
        }
    }

    /// A u16 attribute.
    pub fn u16(&self, kind: u16) -> Option<u16> {
        let v = self.get(kind)?.get(..2)?;
        Some(u16::from_ne_bytes([v[0], v[1]]))
    }

    /// A u32 attribute.
    pub fn u32(&self, kind: u16) -> Option<u32> {
        let v = self.get(kind)?.get(..4)?;
        Some(u32::from_ne_bytes([v[0], v[1], v[2], v[3]]))
    }

    /// An s32 attribute.
    pub fn i32(&self, kind: u16) -> Option<i32> {
        self.u32(kind).map(|v| v as i32)
    }

    /// A u64 attribute.
    pub fn u64(&self, kind: u16) -> Option<u64> {
        let v: [u8; 8] = self.get(kind)?.get(..8)?.try_into().ok()?;
        Some(u64::from_ne_bytes(v))
    }

    /// A string attribute (NUL-terminated or not).
    pub fn string(&self, kind: u16) -> Option<String> {
        self.get(kind).map(super::netlink::c_string)
    }

    /// A 6-octet MAC address attribute.
    pub fn mac(&self, kind: u16) -> Option<[u8; 6]> {
        self.get(kind)?.get(..6)?.try_into().ok()
    }

    /// A nested attribute, parsed.
    pub fn nested(&self, kind: u16) -> Option<Attrs> {
        self.get(kind).map(Attrs::parse)
    }

    /// Every attribute of type `kind` (split wiphy dumps repeat some).
    pub fn all(&self, kind: u16) -> impl Iterator<Item = &[u8]> {
        self.0.iter().filter(move |(k, _)| *k == kind).map(|(_, v)| v.as_slice())
    }
}

/// Writes a generic netlink payload: `genlmsghdr` then attributes.
#[derive(Clone, Debug)]
pub struct GenlWriter {
    buf: Vec<u8>,
}

impl GenlWriter {
    /// Starts a message with command `cmd` and version `version`.
    pub fn new(cmd: u8, version: u8) -> GenlWriter {
        GenlWriter { buf: vec![cmd, version, 0, 0] }
    }

    /// Adds a raw attribute.
    pub fn bytes(mut self, kind: u16, value: &[u8]) -> GenlWriter {
        put_attr(&mut self.buf, kind, value);
        self
    }

    /// Adds a u32 attribute.
    pub fn u32(self, kind: u16, v: u32) -> GenlWriter {
        self.bytes(kind, &v.to_ne_bytes())
    }

    /// Adds a u16 attribute.
    pub fn u16(self, kind: u16, v: u16) -> GenlWriter {
        self.bytes(kind, &v.to_ne_bytes())
    }

    /// Adds a flag attribute.
    pub fn flag(self, kind: u16) -> GenlWriter {
        self.bytes(kind, &[])
    }

    /// Adds a NUL-terminated string attribute.
    pub fn string(self, kind: u16, s: &str) -> GenlWriter {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        self.bytes(kind, &v)
    }

    /// Adds an array-style nest (entry types 1, 2, ...) of raw values.
    pub fn array(self, kind: u16, values: &[Vec<u8>]) -> GenlWriter {
        let mut inner = Vec::new();
        for (i, v) in values.iter().enumerate() {
            put_attr(&mut inner, u16::try_from(i + 1).unwrap_or(u16::MAX), v);
        }
        self.bytes(kind, &inner)
    }

    /// The payload.
    pub fn finish(self) -> Vec<u8> {
        self.buf
    }
}

fn put_attr(buf: &mut Vec<u8>, kind: u16, value: &[u8]) {
    let len = 4 + value.len();
    buf.extend_from_slice(&u16::try_from(len).unwrap_or(u16::MAX).to_ne_bytes());
    buf.extend_from_slice(&kind.to_ne_bytes());
    buf.extend_from_slice(value);
    buf.resize(align4(buf.len()), 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_and_reader_agree() {
        let p = GenlWriter::new(33, 1)
            .u32(nl80211::ATTR_IFINDEX, 3)
            .array(nl80211::ATTR_SCAN_SSIDS, &[b"net".to_vec(), vec![]])
            .string(nl80211::ATTR_IFNAME, "wlan0")
            .finish();
        let m = GenlMsg::parse(&p).unwrap();
        assert_eq!((m.cmd, m.version), (33, 1));
        assert_eq!(m.attrs.u32(nl80211::ATTR_IFINDEX), Some(3));
        assert_eq!(m.attrs.string(nl80211::ATTR_IFNAME).as_deref(), Some("wlan0"));
        let ssids = m.attrs.nested(nl80211::ATTR_SCAN_SSIDS).unwrap();
        assert_eq!(ssids.0, vec![(1, b"net".to_vec()), (2, vec![])]);
        assert_eq!(m.attrs.u16(nl80211::ATTR_IFINDEX), Some(3));
        assert_eq!(m.attrs.u64(nl80211::ATTR_IFINDEX), None);
        assert_eq!(GenlMsg::parse(&[1, 2]), None);
    }
}
