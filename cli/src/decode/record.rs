//! One decoded capture record, shaped like the corpus schema (`wifi-oracle/1`).
//!
//! Field names, types and null rules follow `tests/corpus/SCHEMA.md` exactly, so the JSON output
//! can be compared field by field with Wireshark's decode. Keys of our own come after the schema's:
//! `time` (seconds since the first record), `len` (captured octets), `kind` (type/subtype name),
//! `fcs_ok` (when the capture carried an FCS), `error` (why strict parsing failed), and
//! `undecoded` (a valid construct the decoder does not decode).

use serde::Serialize;

/// RSN summary: suite selectors as `"00-0f-ac:4"` strings.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RsnSummary {
    /// Group data cipher, when the element reaches it.
    pub group: Option<String>,
    /// Pairwise cipher suites.
    pub pairwise: Vec<String>,
    /// AKM suites.
    pub akm: Vec<String>,
}

/// Everything the decoder reports about one capture record.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FrameRecord {
    /// 1-based index of the record in the capture.
    pub frame: u64,
    /// pcap link type of the record.
    pub linktype: u32,
    /// `(type << 4) | subtype`.
    pub type_subtype: Option<u8>,
    /// Address 1.
    pub addr1: Option<String>,
    /// Address 2.
    pub addr2: Option<String>,
    /// Address 3.
    pub addr3: Option<String>,
    /// Address 4.
    pub addr4: Option<String>,
    /// Sequence number.
    pub seq: Option<u16>,
    /// Fragment number.
    pub frag: Option<u8>,
    /// To DS.
    pub to_ds: Option<bool>,
    /// From DS.
    pub from_ds: Option<bool>,
    /// More Fragments.
    pub more_frag: Option<bool>,
    /// Retry.
    pub retry: Option<bool>,
    /// Power Management.
    pub pwr_mgt: Option<bool>,
    /// More Data.
    pub more_data: Option<bool>,
    /// Protected Frame.
    pub protected: Option<bool>,
    /// +HTC/Order.
    pub order: Option<bool>,
    /// Duration in µs (bit 15 clear).
    pub duration: Option<u16>,
    /// First SSID element as text or `hex:...`.
    pub ssid: Option<String>,
    /// DS Parameter Set channel.
    pub channel: Option<u8>,
    /// Supported and Extended Supported Rates in Mb/s.
    pub rates_mbps: Option<Vec<f64>>,
    /// First RSN element.
    pub rsn: Option<RsnSummary>,
    /// Beacon interval in TU.
    pub beacon_interval: Option<u16>,
    /// Capability Information.
    pub capability: Option<u16>,
    /// Listen interval.
    pub listen_interval: Option<u16>,
    /// Status code.
    pub status: Option<u16>,
    /// Reason code.
    pub reason: Option<u16>,
    /// AID (top two bits cleared).
    pub aid: Option<u16>,
    /// Authentication algorithm.
    pub auth_alg: Option<u16>,
    /// Authentication transaction sequence number.
    pub auth_seq: Option<u16>,
    /// Top-level element IDs in order.
    pub element_ids: Option<Vec<u8>>,
    /// QoS TID.
    pub tid: Option<u8>,
    /// A-MSDU Present (QoS data subtypes).
    pub amsdu: Option<bool>,
    /// EAPOL-Key Key Information.
    pub eapol_key_info: Option<u16>,
    /// Radiotap channel frequency (MHz).
    pub rt_freq: Option<u16>,
    /// Radiotap dBm antenna signal.
    pub rt_signal_dbm: Option<i8>,
    /// Strict parsing failed somewhere in the radio header, 802.11 frame, LLC/SNAP or EAPOL.
    pub malformed: bool,
    /// Seconds since the first record of the capture.
    pub time: f64,
    /// Captured octets of the record.
    pub len: usize,
    /// Frame type/subtype name.
    pub kind: Option<String>,
    /// Whether the FCS the capture carried matched (absent when the capture had none).
    pub fcs_ok: Option<bool>,
    /// Why strict parsing failed, when `malformed`.
    pub error: Option<String>,
    /// A valid construct the decoder does not decode (for example an unknown radiotap field),
    /// after which it reported what it could.
    pub undecoded: Option<String>,
    /// With keys (`--passphrase`): the protected frame was decrypted (false: its key is known
    /// but the MIC failed). Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decrypted: Option<bool>,
    /// With keys: which handshake message an EAPOL-Key frame is ("1/4" .. "4/4", "group 1/2").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eapol_message: Option<String>,
    /// With keys: whether its MIC verified (absent when it could not be checked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eapol_mic_ok: Option<bool>,
    /// With keys: what a decrypted frame carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inner: Option<InnerSummary>,
}

/// The payload of a decrypted MSDU.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct InnerSummary {
    /// EtherType from the LLC/SNAP header.
    pub ethertype: u16,
    /// Its name ("IPv4", "ARP", "EAPOL"...).
    pub protocol: String,
    /// Source address (IPv4/IPv6, or the ARP sender's).
    pub src: Option<String>,
    /// Destination address (IPv4/IPv6, or the ARP target's).
    pub dst: Option<String>,
    /// IP protocol number.
    pub ip_proto: Option<u8>,
    /// ICMP type (IPv4).
    pub icmp_type: Option<u8>,
    /// ARP operation.
    pub arp_op: Option<u16>,
}
