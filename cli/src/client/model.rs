//! What the client prints, decoded from nl80211 replies: wiphys, interfaces, BSSs, stations,
//! hwsim radios, and multicast events.
//!
//! Each type is built from one reply (or, for a wiphy, from every part of a split dump with
//! the same `NL80211_ATTR_WIPHY`, merged as `iw` does) and is what both the text printer
//! ([`super::format`]) and `--json` read. The JSON keys are the field names below, in
//! snake_case; they are part of the CLI's interface (docs/cli.md) and only ever grow.
//! Absent attributes are `null` in JSON and missing lines in text, like `iw`.

use super::genl::{Attrs, GenlMsg, hwsim, nl80211 as nl};
use mac80211_core::channel::freq_to_channel;
use mac80211_core::wire::MacAddr;
use serde::Serialize;

fn mac_string(m: [u8; 6]) -> String {
    MacAddr(m).to_string()
}

/// A wiphy (radio), from GET_WIPHY.
#[derive(Clone, PartialEq, Debug, Serialize, Default)]
pub struct Wiphy {
    /// Wiphy index.
    pub index: u32,
    /// Name (`phy0`).
    pub name: String,
    /// Most SSIDs one scan may carry.
    pub max_scan_ssids: Option<u8>,
    /// Bands, in the order the radio reported them.
    pub bands: Vec<Band>,
    /// Interface types it supports, by iw's names (`managed`, `AP`, `monitor`).
    pub interface_modes: Vec<String>,
}

/// One band of a wiphy.
#[derive(Clone, PartialEq, Debug, Serialize, Default)]
pub struct Band {
    /// `enum nl80211_band` (0: 2.4 GHz, 1: 5 GHz, 3: 6 GHz); iw prints it plus one.
    pub band: u16,
    /// Channels.
    pub frequencies: Vec<Frequency>,
    /// Legacy bitrates.
    pub bitrates: Vec<Bitrate>,
}

/// One channel of a band.
#[derive(Clone, PartialEq, Debug, Serialize, Default)]
pub struct Frequency {
    /// Centre frequency, MHz.
    pub mhz: u32,
    /// Channel number, when the frequency has one.
    pub channel: Option<u8>,
    /// Maximum transmit power, dBm.
    pub max_tx_power_dbm: Option<f64>,
    /// The channel may not be used.
    pub disabled: bool,
    /// No initiating radiation (passive only).
    pub no_ir: bool,
    /// Radar detection required.
    pub radar: bool,
}

/// A legacy bitrate.
#[derive(Clone, PartialEq, Debug, Serialize, Default)]
pub struct Bitrate {
    /// Mb/s.
    pub mbps: f64,
    /// Short preamble supported (2.4 GHz DSSS/CCK).
    pub short_preamble: bool,
}

/// iw's name of an `enum nl80211_iftype`.
pub fn iftype_name(t: u32) -> String {
    const NAMES: [&str; 13] = [
        "unspecified",
        "IBSS",
        "managed",
        "AP",
        "AP/VLAN",
        "WDS",
        "monitor",
        "mesh point",
        "P2P-client",
        "P2P-GO",
        "P2P-device",
        "outside context of a BSS",
        "NAN",
    ];
    match NAMES.get(t as usize) {
        Some(n) => n.to_string(),
        None => format!("Unknown mode ({t})"),
    }
}

impl Wiphy {
    /// Merges the parts of a (split) wiphy dump into wiphys, by index, in first-seen order.
    pub fn merge(parts: &[GenlMsg]) -> Vec<Wiphy> {
        let mut out: Vec<Wiphy> = Vec::new();
        for part in parts {
            let Some(index) = part.attrs.u32(nl::ATTR_WIPHY) else { continue };
            let pos = match out.iter().position(|w| w.index == index) {
                Some(p) => p,
                None => {
                    out.push(Wiphy { index, ..Wiphy::default() });
                    out.len() - 1
                }
            };
            out[pos].absorb(&part.attrs);
        }
        out
    }

    fn absorb(&mut self, a: &Attrs) {
        if let Some(name) = a.string(nl::ATTR_WIPHY_NAME) {
            self.name = name;
        }
        if let Some(n) = a.u8(nl::ATTR_MAX_NUM_SCAN_SSIDS) {
            self.max_scan_ssids = Some(n);
        }
        if let Some(types) = a.nested(nl::ATTR_SUPPORTED_IFTYPES) {
            self.interface_modes = types.0.iter().map(|(k, _)| iftype_name(u32::from(*k))).collect();
        }
        for bands in a.all(nl::ATTR_WIPHY_BANDS) {
            for (id, body) in Attrs::parse(bands).0 {
                let pos = match self.bands.iter().position(|b| b.band == id) {
                    Some(p) => p,
                    None => {
                        self.bands.push(Band { band: id, ..Band::default() });
                        self.bands.len() - 1
                    }
                };
                self.bands[pos].absorb(&Attrs::parse(&body));
            }
        }
    }
}

impl Band {
    fn absorb(&mut self, a: &Attrs) {
        if let Some(freqs) = a.nested(nl::BAND_ATTR_FREQS) {
            for (_, f) in freqs.0 {
                let f = Attrs::parse(&f);
                let Some(mhz) = f.u32(nl::FREQUENCY_ATTR_FREQ) else { continue };
                self.frequencies.push(Frequency {
                    mhz,
                    channel: u16::try_from(mhz).ok().and_then(freq_to_channel),
                    max_tx_power_dbm: f.u32(nl::FREQUENCY_ATTR_MAX_TX_POWER).map(|p| f64::from(p) / 100.0),
                    disabled: f.flag(nl::FREQUENCY_ATTR_DISABLED),
                    no_ir: f.flag(nl::FREQUENCY_ATTR_NO_IR),
                    radar: f.flag(nl::FREQUENCY_ATTR_RADAR),
                });
            }
        }
        if let Some(rates) = a.nested(nl::BAND_ATTR_RATES) {
            for (_, r) in rates.0 {
                let r = Attrs::parse(&r);
                let Some(rate) = r.u32(nl::BITRATE_ATTR_RATE) else { continue };
                self.bitrates.push(Bitrate {
                    mbps: f64::from(rate) / 10.0,
                    short_preamble: r.flag(nl::BITRATE_ATTR_2GHZ_SHORTPREAMBLE),
                });
            }
        }
    }
}

/// The channel an interface is on.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct ChannelInfo {
    /// Primary centre frequency, MHz.
    pub freq: u32,
    /// Channel number.
    pub channel: Option<u8>,
    /// iw's width name (`20 MHz (no HT)`), when the width was reported.
    pub width: Option<String>,
    /// Centre of the whole channel, MHz.
    pub center1: Option<u32>,
    /// Centre of the second segment (80+80), MHz.
    pub center2: Option<u32>,
}

/// iw's name of an `enum nl80211_chan_width`.
pub fn width_name(w: u32) -> &'static str {
    match w {
        0 => "20 MHz (no HT)",
        1 => "20 MHz",
        2 => "40 MHz",
        3 => "80 MHz",
        4 => "80+80 MHz",
        5 => "160 MHz",
        6 => "5 MHz",
        7 => "10 MHz",
        13 => "320 MHz",
        _ => "unknown",
    }
}

impl ChannelInfo {
    fn from_attrs(a: &Attrs) -> Option<ChannelInfo> {
        let freq = a.u32(nl::ATTR_WIPHY_FREQ)?;
        let width = a.u32(nl::ATTR_CHANNEL_WIDTH);
        Some(ChannelInfo {
            freq,
            channel: u16::try_from(freq).ok().and_then(freq_to_channel),
            width: width.map(|w| width_name(w).to_string()),
            center1: width.and(a.u32(nl::ATTR_CENTER_FREQ1)),
            center2: width.and(a.u32(nl::ATTR_CENTER_FREQ2)),
        })
    }
}

/// A network interface, from GET_INTERFACE / NEW_INTERFACE.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct Interface {
    /// Name.
    pub name: Option<String>,
    /// Interface index.
    pub ifindex: Option<u32>,
    /// Wireless device id.
    pub wdev: Option<u64>,
    /// Address.
    pub addr: Option<String>,
    /// SSID in use (station: the link; AP: the BSS).
    pub ssid: Option<String>,
    /// iw's type name (`managed`, `AP`, `monitor`).
    #[serde(rename = "type")]
    pub iftype: Option<String>,
    /// Its radio.
    pub wiphy: Option<u32>,
    /// Channel in use.
    pub channel: Option<ChannelInfo>,
    /// Transmit power, dBm.
    pub txpower_dbm: Option<f64>,
}

impl Interface {
    /// Decodes an interface message.
    pub fn from_attrs(a: &Attrs) -> Interface {
        Interface {
            name: a.string(nl::ATTR_IFNAME),
            ifindex: a.u32(nl::ATTR_IFINDEX),
            wdev: a.u64(nl::ATTR_WDEV),
            addr: a.mac(nl::ATTR_MAC).map(mac_string),
            ssid: a.get(nl::ATTR_SSID).map(escape_ssid),
            iftype: a.u32(nl::ATTR_IFTYPE).map(iftype_name),
            wiphy: a.u32(nl::ATTR_WIPHY),
            channel: ChannelInfo::from_attrs(a),
            txpower_dbm: a.i32(nl::ATTR_WIPHY_TX_POWER_LEVEL).map(|m| f64::from(m) / 100.0),
        }
    }
}

/// An SSID as iw prints it: printable ASCII as is (a space only inside), else `\xNN`.
pub fn escape_ssid(ssid: &[u8]) -> String {
    let mut s = String::new();
    for (i, &b) in ssid.iter().enumerate() {
        let edge = i == 0 || i + 1 == ssid.len();
        if b.is_ascii_graphic() && b != b'\\' || (b == b' ' && !edge) {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("\\x{b:02x}"));
        }
    }
    s
}

/// A BSS of the scan results, from GET_SCAN.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct Bss {
    /// BSSID.
    pub bssid: String,
    /// Interface that saw it.
    pub ifindex: Option<u32>,
    /// `authenticated`, `associated` or `joined`, for the BSS in use.
    pub status: Option<String>,
    /// Frequency, MHz.
    pub freq: Option<u32>,
    /// TSF, µs.
    pub tsf: Option<u64>,
    /// Beacon interval, TU.
    pub beacon_interval: Option<u16>,
    /// Capability Information field.
    pub capability: Option<u16>,
    /// Signal, mBm (100 × dBm).
    pub signal_mbm: Option<i32>,
    /// Milliseconds since it was last heard.
    pub last_seen_ms: Option<u32>,
    /// SSID (escaped as iw prints it), from the elements.
    pub ssid: Option<String>,
    /// The information elements, hex.
    #[serde(serialize_with = "hex")]
    pub ies: Vec<u8>,
}

fn hex<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&v.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

impl Bss {
    /// Decodes a scan result; None when it has no BSS nest or no BSSID (iw skips those).
    pub fn from_attrs(a: &Attrs) -> Option<Bss> {
        let b = a.nested(nl::ATTR_BSS)?;
        let ies = b.get(nl::BSS_INFORMATION_ELEMENTS).or(b.get(nl::BSS_BEACON_IES)).unwrap_or(&[]).to_vec();
        Some(Bss {
            bssid: mac_string(b.mac(nl::BSS_BSSID)?),
            ifindex: a.u32(nl::ATTR_IFINDEX),
            status: b.u32(nl::BSS_STATUS).map(|s| match s {
                0 => "authenticated".to_string(),
                1 => "associated".to_string(),
                2 => "joined".to_string(),
                n => format!("unknown status: {n}"),
            }),
            freq: b.u32(nl::BSS_FREQUENCY),
            tsf: b.u64(nl::BSS_TSF),
            beacon_interval: b.u16(nl::BSS_BEACON_INTERVAL),
            capability: b.u16(nl::BSS_CAPABILITY),
            signal_mbm: b.i32(nl::BSS_SIGNAL_MBM),
            last_seen_ms: b.u32(nl::BSS_SEEN_MS_AGO),
            ssid: super::ies::ssid(&ies).map(|s| escape_ssid(&s)),
            ies,
        })
    }
}

/// A TX or RX rate.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct RateInfo {
    /// Bitrate in units of 100 kb/s (0: unknown).
    pub bitrate_100kbps: u32,
    /// HT MCS index.
    pub mcs: Option<u8>,
}

impl RateInfo {
    fn from_attrs(a: &Attrs) -> RateInfo {
        let rate = a.u32(nl::RATE_INFO_BITRATE32).or(a.u16(nl::RATE_INFO_BITRATE).map(u32::from));
        RateInfo { bitrate_100kbps: rate.unwrap_or(0), mcs: a.u8(nl::RATE_INFO_MCS) }
    }
}

/// A peer, from GET_STATION.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct Station {
    /// Its address.
    pub mac: String,
    /// The interface it is a peer of.
    pub ifindex: Option<u32>,
    /// Milliseconds since its last frame.
    pub inactive_ms: Option<u32>,
    /// Bytes received from it.
    pub rx_bytes: Option<u64>,
    /// Packets received from it.
    pub rx_packets: Option<u32>,
    /// Bytes sent to it.
    pub tx_bytes: Option<u64>,
    /// Packets sent to it.
    pub tx_packets: Option<u32>,
    /// Retransmissions.
    pub tx_retries: Option<u32>,
    /// Frames never acknowledged.
    pub tx_failed: Option<u32>,
    /// Signal of its last frame, dBm.
    pub signal_dbm: Option<i8>,
    /// Average signal, dBm.
    pub signal_avg_dbm: Option<i8>,
    /// Rate we send at.
    pub tx_bitrate: Option<RateInfo>,
    /// Rate it sends at.
    pub rx_bitrate: Option<RateInfo>,
    /// Seconds since it associated.
    pub connected_time_s: Option<u32>,
}

impl Station {
    /// Decodes a station message; None without a MAC.
    pub fn from_attrs(a: &Attrs) -> Option<Station> {
        let mac = mac_string(a.mac(nl::ATTR_MAC)?);
        let s = a.nested(nl::ATTR_STA_INFO).unwrap_or_default();
        Some(Station {
            mac,
            ifindex: a.u32(nl::ATTR_IFINDEX),
            inactive_ms: s.u32(nl::STA_INFO_INACTIVE_TIME),
            rx_bytes: s.u64(nl::STA_INFO_RX_BYTES64).or(s.u32(nl::STA_INFO_RX_BYTES).map(u64::from)),
            rx_packets: s.u32(nl::STA_INFO_RX_PACKETS),
            tx_bytes: s.u64(nl::STA_INFO_TX_BYTES64).or(s.u32(nl::STA_INFO_TX_BYTES).map(u64::from)),
            tx_packets: s.u32(nl::STA_INFO_TX_PACKETS),
            tx_retries: s.u32(nl::STA_INFO_TX_RETRIES),
            tx_failed: s.u32(nl::STA_INFO_TX_FAILED),
            signal_dbm: s.u8(nl::STA_INFO_SIGNAL).map(|v| v as i8),
            signal_avg_dbm: s.u8(nl::STA_INFO_SIGNAL_AVG).map(|v| v as i8),
            tx_bitrate: s.nested(nl::STA_INFO_TX_BITRATE).map(|r| RateInfo::from_attrs(&r)),
            rx_bitrate: s.nested(nl::STA_INFO_RX_BITRATE).map(|r| RateInfo::from_attrs(&r)),
            connected_time_s: s.u32(nl::STA_INFO_CONNECTED_TIME),
        })
    }
}

/// A simulated radio, from MAC80211_HWSIM GET_RADIO.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct Radio {
    /// Radio id (the wiphy index).
    pub id: u32,
    /// Name.
    pub name: Option<String>,
    /// Concurrent channels.
    pub channels: Option<u32>,
    /// Permanent address.
    pub addr: Option<String>,
    /// Operating frequency, MHz.
    pub freq: Option<u32>,
}

impl Radio {
    /// Decodes a radio message; None without a radio id.
    pub fn from_attrs(a: &Attrs) -> Option<Radio> {
        Some(Radio {
            id: a.u32(hwsim::ATTR_RADIO_ID)?,
            name: a.string(hwsim::ATTR_RADIO_NAME),
            channels: a.u32(hwsim::ATTR_CHANNELS),
            addr: a.mac(hwsim::ATTR_PERM_ADDR).map(mac_string),
            freq: a.u32(hwsim::ATTR_FREQ),
        })
    }
}
