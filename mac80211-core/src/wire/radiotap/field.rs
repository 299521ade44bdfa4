//! Radiotap field definitions: bit numbers, sizes, alignments and typed values.
//!
//! Every field of the radiotap namespace has a fixed size and a natural alignment, both taken
//! from the radiotap.org definitions (the table below). Sizes are what make the format
//! parseable: a reader that meets a bit it has no size for cannot find any later field, which
//! is why the iterator stops there. All values are little-endian.

use crate::wire::bytes::{le16, le32, le64, put_le16};

/// Bit numbers of the radiotap namespace (radiotap.org "defined fields").
pub mod bit {
    /// TSFT: u64 MAC timestamp in microseconds.
    pub const TSFT: u32 = 0;
    /// Flags: u8 (see [`super::RadiotapFlags`]).
    pub const FLAGS: u32 = 1;
    /// Rate: u8, 500 kb/s units.
    pub const RATE: u32 = 2;
    /// Channel: u16 frequency (MHz), u16 flags.
    pub const CHANNEL: u32 = 3;
    /// FHSS: u8 hop set, u8 hop pattern.
    pub const FHSS: u32 = 4;
    /// Antenna signal: i8 dBm.
    pub const DBM_ANTSIGNAL: u32 = 5;
    /// Antenna noise: i8 dBm.
    pub const DBM_ANTNOISE: u32 = 6;
    /// Lock quality: u16.
    pub const LOCK_QUALITY: u32 = 7;
    /// TX attenuation: u16, unitless distance from maximum power.
    pub const TX_ATTENUATION: u32 = 8;
    /// dB TX attenuation: u16.
    pub const DB_TX_ATTENUATION: u32 = 9;
    /// dBm TX power: i8.
    pub const DBM_TX_POWER: u32 = 10;
    /// Antenna index: u8.
    pub const ANTENNA: u32 = 11;
    /// dB antenna signal: u8, relative to an arbitrary reference.
    pub const DB_ANTSIGNAL: u32 = 12;
    /// dB antenna noise: u8.
    pub const DB_ANTNOISE: u32 = 13;
    /// RX flags: u16.
    pub const RX_FLAGS: u32 = 14;
    /// TX flags: u16.
    pub const TX_FLAGS: u32 = 15;
    /// RTS retries: u8.
    pub const RTS_RETRIES: u32 = 16;
    /// Data retries: u8.
    pub const DATA_RETRIES: u32 = 17;
    /// XChannel: u32 flags, u16 frequency, u8 channel, u8 max power.
    pub const XCHANNEL: u32 = 18;
    /// MCS: u8 known, u8 flags, u8 MCS index.
    pub const MCS: u32 = 19;
    /// A-MPDU status: u32 reference, u16 flags, u8 delimiter CRC, u8 reserved.
    pub const AMPDU_STATUS: u32 = 20;
    /// VHT: 12 octets.
    pub const VHT: u32 = 21;
    /// Timestamp: u64, u16 accuracy, u8 unit/position, u8 flags.
    pub const TIMESTAMP: u32 = 22;
    /// HE: six u16.
    pub const HE: u32 = 23;
    /// HE-MU: u16, u16, u8\[4\], u8\[4\].
    pub const HE_MU: u32 = 24;
    /// HE-MU-other-user: u16, u16, u8, u8.
    pub const HE_MU_OTHER_USER: u32 = 25;
    /// 0-length PSDU: u8 type.
    pub const ZERO_LEN_PSDU: u32 = 26;
    /// L-SIG: u16, u16.
    pub const L_SIG: u32 = 27;
    /// TLV list filling the rest of the header.
    pub const TLV: u32 = 28;
    /// The next present word starts over in the radiotap namespace.
    pub const RADIOTAP_NAMESPACE: u32 = 29;
    /// A vendor namespace header follows; the next present word belongs to it.
    pub const VENDOR_NAMESPACE: u32 = 30;
    /// Another present word follows.
    pub const EXT: u32 = 31;
}

/// `(alignment, size)` of radiotap namespace fields 0..=27, indexed by bit number.
const LAYOUT: [(u8, u8); 28] = [
    (8, 8),  // 0 TSFT
    (1, 1),  // 1 Flags
    (1, 1),  // 2 Rate
    (2, 4),  // 3 Channel
    (1, 2),  // 4 FHSS
    (1, 1),  // 5 dBm antenna signal
    (1, 1),  // 6 dBm antenna noise
    (2, 2),  // 7 lock quality
    (2, 2),  // 8 TX attenuation
    (2, 2),  // 9 dB TX attenuation
    (1, 1),  // 10 dBm TX power
    (1, 1),  // 11 antenna
    (1, 1),  // 12 dB antenna signal
    (1, 1),  // 13 dB antenna noise
    (2, 2),  // 14 RX flags
    (2, 2),  // 15 TX flags
    (1, 1),  // 16 RTS retries
    (1, 1),  // 17 data retries
    (4, 8),  // 18 XChannel
    (1, 3),  // 19 MCS
    (4, 8),  // 20 A-MPDU status
    (2, 12), // 21 VHT
    (8, 12), // 22 timestamp
    (2, 12), // 23 HE
    (2, 12), // 24 HE-MU
    (2, 6),  // 25 HE-MU-other-user
    (1, 1),  // 26 0-length PSDU
    (2, 4),  // 27 L-SIG
];

/// Alignment and size of a fixed-size radiotap namespace field, `None` for bits without one.
pub fn layout(bit: u32) -> Option<(usize, usize)> {
    LAYOUT.get(bit as usize).map(|&(a, s)| (usize::from(a), usize::from(s)))
}

/// The radiotap Flags field (bit 1).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct RadiotapFlags(pub u8);

impl RadiotapFlags {
    /// Sent or received during the contention-free period.
    pub const CFP: u8 = 0x01;
    /// Sent or received with a short preamble.
    pub const SHORT_PREAMBLE: u8 = 0x02;
    /// Sent or received with WEP encryption.
    pub const WEP: u8 = 0x04;
    /// Sent or received with fragmentation.
    pub const FRAGMENTATION: u8 = 0x08;
    /// The frame includes its FCS at the end.
    pub const FCS_AT_END: u8 = 0x10;
    /// The frame has padding between the 802.11 header and the payload (to a 32-bit boundary).
    pub const DATA_PAD: u8 = 0x20;
    /// The frame failed its FCS check.
    pub const BAD_FCS: u8 = 0x40;
    /// Sent or received with an HT short guard interval.
    pub const SHORT_GI: u8 = 0x80;

    /// True when every bit of `mask` is set.
    #[inline]
    pub fn contains(self, mask: u8) -> bool {
        self.0 & mask == mask
    }
    /// The 802.11 frame ends with its four FCS octets.
    #[inline]
    pub fn fcs_at_end(self) -> bool {
        self.contains(Self::FCS_AT_END)
    }
    /// Padding sits between the 802.11 header and the body.
    #[inline]
    pub fn data_pad(self) -> bool {
        self.contains(Self::DATA_PAD)
    }
    /// The receiver saw a bad FCS.
    #[inline]
    pub fn bad_fcs(self) -> bool {
        self.contains(Self::BAD_FCS)
    }
}

/// Channel (bit 3): centre frequency and channel flags.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct Channel {
    /// Frequency in MHz.
    pub freq: u16,
    /// Channel flags (see the `Channel::*` constants).
    pub flags: u16,
}

impl Channel {
    /// Turbo channel.
    pub const TURBO: u16 = 0x0010;
    /// CCK channel.
    pub const CCK: u16 = 0x0020;
    /// OFDM channel.
    pub const OFDM: u16 = 0x0040;
    /// 2 GHz spectrum channel.
    pub const GHZ2: u16 = 0x0080;
    /// 5 GHz spectrum channel.
    pub const GHZ5: u16 = 0x0100;
    /// Only passive scan allowed.
    pub const PASSIVE: u16 = 0x0200;
    /// Dynamic CCK-OFDM channel.
    pub const DYNAMIC: u16 = 0x0400;
    /// GFSK channel (FHSS PHY).
    pub const GFSK: u16 = 0x0800;

    fn read(b: &[u8]) -> Channel {
        Channel { freq: le16(&b[0..2]), flags: le16(&b[2..4]) }
    }

    pub(crate) fn write(&self, b: &mut [u8]) {
        put_le16(&mut b[0..2], self.freq);
        put_le16(&mut b[2..4], self.flags);
    }
}

/// FHSS (bit 4): hop set and hop pattern.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct Fhss {
    /// Hop set.
    pub hop_set: u8,
    /// Hop pattern.
    pub hop_pattern: u8,
}

/// XChannel (bit 18, used by FreeBSD and macOS): extended channel information.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct XChannel {
    /// Channel flags (a superset of [`Channel`]'s, plus HT20/HT40+/HT40-).
    pub flags: u32,
    /// Frequency in MHz.
    pub freq: u16,
    /// 802.11 channel number.
    pub channel: u8,
    /// Maximum power (unit unspecified).
    pub max_power: u8,
}

/// MCS (bit 19): HT rate information.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct Mcs {
    /// Which parts of `flags` and `mcs` are valid.
    pub known: u8,
    /// Bandwidth (bits 0-1), guard interval (2), format (3), FEC (4), STBC (5-6), Ness (7).
    pub flags: u8,
    /// MCS index.
    pub mcs: u8,
}

impl Mcs {
    fn read(b: &[u8]) -> Mcs {
        Mcs { known: b[0], flags: b[1], mcs: b[2] }
    }

    pub(crate) fn write(&self, b: &mut [u8]) {
        b[..3].copy_from_slice(&[self.known, self.flags, self.mcs]);
    }
}

/// A-MPDU status (bit 20).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct AmpduStatus {
    /// Reference number shared by all subframes of one A-MPDU.
    pub reference: u32,
    /// Flags.
    pub flags: u16,
    /// Delimiter CRC value.
    pub delimiter_crc: u8,
    /// Reserved.
    pub reserved: u8,
}

/// VHT (bit 21): VHT rate information.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct Vht {
    /// Which of the following subfields are valid.
    pub known: u16,
    /// STBC, TXOP_PS_NOT_ALLOWED, guard interval, LDPC extra symbol, beamformed.
    pub flags: u8,
    /// Bandwidth code (0 = 20 MHz, 1 = 40, 4 = 80, 11 = 160, ...).
    pub bandwidth: u8,
    /// Per user: MCS in the high nibble, number of spatial streams in the low nibble.
    pub mcs_nss: [u8; 4],
    /// Per user: LDPC (1) or BCC (0) coding, one bit each.
    pub coding: u8,
    /// Group ID.
    pub group_id: u8,
    /// Partial AID.
    pub partial_aid: u16,
}

impl Vht {
    fn read(b: &[u8]) -> Vht {
        Vht {
            known: le16(&b[0..2]),
            flags: b[2],
            bandwidth: b[3],
            mcs_nss: [b[4], b[5], b[6], b[7]],
            coding: b[8],
            group_id: b[9],
            partial_aid: le16(&b[10..12]),
        }
    }

    pub(crate) fn write(&self, b: &mut [u8]) {
        put_le16(&mut b[0..2], self.known);
        b[2] = self.flags;
        b[3] = self.bandwidth;
        b[4..8].copy_from_slice(&self.mcs_nss);
        b[8] = self.coding;
        b[9] = self.group_id;
        put_le16(&mut b[10..12], self.partial_aid);
    }
}

/// Timestamp (bit 22): a PPDU timestamp with accuracy and sampling position.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct RadiotapTimestamp {
    /// The timestamp, in the unit given by `unit_position`.
    pub timestamp: u64,
    /// Accuracy (valid when the flags say so).
    pub accuracy: u16,
    /// Unit (low nibble) and sampling position (high nibble).
    pub unit_position: u8,
    /// Flags.
    pub flags: u8,
}

/// HE (bit 23): six 16-bit words of HE-SIG-A derived data.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct He {
    /// data1 .. data6 as defined on radiotap.org.
    pub data: [u16; 6],
}

/// HE-MU (bit 24): HE-SIG-B common information.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct HeMu {
    /// flags1.
    pub flags1: u16,
    /// flags2.
    pub flags2: u16,
    /// RU allocations of content channel 1.
    pub ru_channel1: [u8; 4],
    /// RU allocations of content channel 2.
    pub ru_channel2: [u8; 4],
}

/// HE-MU-other-user (bit 25): one HE-SIG-B user field.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct HeMuOtherUser {
    /// Bits 0-14 of the user field.
    pub per_user_1: u16,
    /// Bits 15-20 of the user field.
    pub per_user_2: u16,
    /// Position of this user field, from 0.
    pub position: u8,
    /// Which parts are known.
    pub known: u8,
}

/// L-SIG (bit 27).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct LSig {
    /// Which parts are known.
    pub data1: u16,
    /// Rate and length.
    pub data2: u16,
}

/// A vendor namespace (bit 30): its header and the octets its fields occupy.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct VendorNamespace<'a> {
    /// The vendor's OUI.
    pub oui: [u8; 3],
    /// The vendor's sub-namespace selector.
    pub sub_ns: u8,
    /// The namespace's field data (`skip_length` octets), undecoded.
    pub data: &'a [u8],
}

/// One radiotap field, decoded.
///
/// Every bit of the radiotap namespace (0 to 28) has a variant; vendor namespaces, whose field
/// sizes only their vendor knows, come whole as [`RadiotapField::Vendor`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum RadiotapField<'a> {
    /// TSFT in microseconds.
    Tsft(u64),
    /// Flags.
    Flags(RadiotapFlags),
    /// Legacy rate in 500 kb/s units.
    Rate(u8),
    /// Channel.
    Channel(Channel),
    /// FHSS hop set and pattern.
    Fhss(Fhss),
    /// Antenna signal in dBm.
    DbmAntennaSignal(i8),
    /// Antenna noise in dBm.
    DbmAntennaNoise(i8),
    /// Barker code lock quality.
    LockQuality(u16),
    /// TX attenuation (unitless).
    TxAttenuation(u16),
    /// TX attenuation in dB.
    DbTxAttenuation(u16),
    /// TX power in dBm.
    DbmTxPower(i8),
    /// Antenna index.
    Antenna(u8),
    /// Antenna signal in dB from an arbitrary reference.
    DbAntennaSignal(u8),
    /// Antenna noise in dB from an arbitrary reference.
    DbAntennaNoise(u8),
    /// RX flags.
    RxFlags(u16),
    /// TX flags.
    TxFlags(u16),
    /// RTS retries.
    RtsRetries(u8),
    /// Data retries.
    DataRetries(u8),
    /// Extended channel.
    XChannel(XChannel),
    /// HT MCS.
    Mcs(Mcs),
    /// A-MPDU status.
    AmpduStatus(AmpduStatus),
    /// VHT information.
    Vht(Vht),
    /// PPDU timestamp.
    Timestamp(RadiotapTimestamp),
    /// HE information.
    He(He),
    /// HE-MU information.
    HeMu(HeMu),
    /// One HE-MU user field.
    HeMuOtherUser(HeMuOtherUser),
    /// 0-length PSDU type.
    ZeroLengthPsdu(u8),
    /// L-SIG.
    LSig(LSig),
    /// The TLV list that fills the rest of the header (read it with [`super::TlvIter`]).
    Tlvs(&'a [u8]),
    /// A vendor namespace, skipped whole.
    Vendor(VendorNamespace<'a>),
}

impl RadiotapField<'_> {
    /// The present bit of this field (30 for a vendor namespace).
    pub fn bit(&self) -> u32 {
        use RadiotapField as F;
        match self {
            F::Tsft(_) => bit::TSFT,
            F::Flags(_) => bit::FLAGS,
            F::Rate(_) => bit::RATE,
            F::Channel(_) => bit::CHANNEL,
            F::Fhss(_) => bit::FHSS,
            F::DbmAntennaSignal(_) => bit::DBM_ANTSIGNAL,
            F::DbmAntennaNoise(_) => bit::DBM_ANTNOISE,
            F::LockQuality(_) => bit::LOCK_QUALITY,
            F::TxAttenuation(_) => bit::TX_ATTENUATION,
            F::DbTxAttenuation(_) => bit::DB_TX_ATTENUATION,
            F::DbmTxPower(_) => bit::DBM_TX_POWER,
            F::Antenna(_) => bit::ANTENNA,
            F::DbAntennaSignal(_) => bit::DB_ANTSIGNAL,
            F::DbAntennaNoise(_) => bit::DB_ANTNOISE,
            F::RxFlags(_) => bit::RX_FLAGS,
            F::TxFlags(_) => bit::TX_FLAGS,
            F::RtsRetries(_) => bit::RTS_RETRIES,
            F::DataRetries(_) => bit::DATA_RETRIES,
            F::XChannel(_) => bit::XCHANNEL,
            F::Mcs(_) => bit::MCS,
            F::AmpduStatus(_) => bit::AMPDU_STATUS,
            F::Vht(_) => bit::VHT,
            F::Timestamp(_) => bit::TIMESTAMP,
            F::He(_) => bit::HE,
            F::HeMu(_) => bit::HE_MU,
            F::HeMuOtherUser(_) => bit::HE_MU_OTHER_USER,
            F::ZeroLengthPsdu(_) => bit::ZERO_LEN_PSDU,
            F::LSig(_) => bit::L_SIG,
            F::Tlvs(_) => bit::TLV,
            F::Vendor(_) => bit::VENDOR_NAMESPACE,
        }
    }
}

/// Decodes fixed-size field `bit` (0..=27) from `b`, which holds exactly its `layout` size.
pub(super) fn decode(bit: u32, b: &[u8]) -> RadiotapField<'_> {
    use RadiotapField as F;
    let i8_at = |i: usize| i8::from_le_bytes([b[i]]);
    match bit {
        bit::TSFT => F::Tsft(le64(b)),
        bit::FLAGS => F::Flags(RadiotapFlags(b[0])),
        bit::RATE => F::Rate(b[0]),
        bit::CHANNEL => F::Channel(Channel::read(b)),
        bit::FHSS => F::Fhss(Fhss { hop_set: b[0], hop_pattern: b[1] }),
        bit::DBM_ANTSIGNAL => F::DbmAntennaSignal(i8_at(0)),
        bit::DBM_ANTNOISE => F::DbmAntennaNoise(i8_at(0)),
        bit::LOCK_QUALITY => F::LockQuality(le16(b)),
        bit::TX_ATTENUATION => F::TxAttenuation(le16(b)),
        bit::DB_TX_ATTENUATION => F::DbTxAttenuation(le16(b)),
        bit::DBM_TX_POWER => F::DbmTxPower(i8_at(0)),
        bit::ANTENNA => F::Antenna(b[0]),
        bit::DB_ANTSIGNAL => F::DbAntennaSignal(b[0]),
        bit::DB_ANTNOISE => F::DbAntennaNoise(b[0]),
        bit::RX_FLAGS => F::RxFlags(le16(b)),
        bit::TX_FLAGS => F::TxFlags(le16(b)),
        bit::RTS_RETRIES => F::RtsRetries(b[0]),
        bit::DATA_RETRIES => F::DataRetries(b[0]),
        bit::XCHANNEL => {
            F::XChannel(XChannel { flags: le32(b), freq: le16(&b[4..6]), channel: b[6], max_power: b[7] })
        }
        bit::MCS => F::Mcs(Mcs::read(b)),
        bit::AMPDU_STATUS => F::AmpduStatus(AmpduStatus {
            reference: le32(b),
            flags: le16(&b[4..6]),
            delimiter_crc: b[6],
            reserved: b[7],
        }),
        bit::VHT => F::Vht(Vht::read(b)),
        bit::TIMESTAMP => F::Timestamp(RadiotapTimestamp {
            timestamp: le64(b),
            accuracy: le16(&b[8..10]),
            unit_position: b[10],
            flags: b[11],
        }),
        bit::HE => F::He(He { data: core::array::from_fn(|i| le16(&b[2 * i..])) }),
        bit::HE_MU => F::HeMu(HeMu {
            flags1: le16(b),
            flags2: le16(&b[2..4]),
            ru_channel1: [b[4], b[5], b[6], b[7]],
            ru_channel2: [b[8], b[9], b[10], b[11]],
        }),
        bit::HE_MU_OTHER_USER => F::HeMuOtherUser(HeMuOtherUser {
            per_user_1: le16(b),
            per_user_2: le16(&b[2..4]),
            position: b[4],
            known: b[5],
        }),
        bit::ZERO_LEN_PSDU => F::ZeroLengthPsdu(b[0]),
        // bit::L_SIG; the walk calls this only for bits that have a layout (0..=27).
        _ => F::LSig(LSig { data1: le16(b), data2: le16(&b[2..4]) }),
    }
}
