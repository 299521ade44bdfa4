//! Capture files: reading pcap and pcapng, writing pcap, all over byte buffers.
//!
//! The core does no I/O, so readers take the whole file as a `&[u8]` (the caller reads or
//! maps it) and hand out records that borrow from it; nothing is copied or allocated per
//! record. [`CaptureReader::new`] recognises the format by its magic number:
//!
//! - classic pcap (libpcap's savefile; draft-ietf-opsawg-pcap), magic `a1b2c3d4` for
//!   microsecond and `a1b23c4d` for nanosecond timestamps, in either byte order;
//! - pcapng (draft-ietf-opsawg-pcapng), Section Header Block `0a0d0d0a` with byte-order magic
//!   `1a2b3c4d`, in either byte order, any number of sections and interfaces.
//!
//! Both readers yield the same [`Record`]: 1-based index, link type, timestamp, captured
//! bytes and original length. The link type is the only thing needed to interpret the bytes;
//! [`crate::wire::linktype::split_radio_header`] turns a record into radio header + 802.11
//! frame.
//!
//! # Broken files
//!
//! Real capture files end mid-record when the capturing program was killed, and fuzzed ones
//! lie about lengths. A reader yields every record up to the break, then exactly one
//! [`CaptureError`] that names the byte offset where the file broke and why ("file ends inside
//! record 1234 at byte 5678: header says 1500 bytes, 12 left"), then nothing more. Limits
//! follow libpcap: a pcap record longer than 256 KiB is refused as corrupt, and one longer than
//! the file's snapshot length is cut to it (its remaining bytes skipped), as libpcap does.
//!
//! Writing is [`PcapWriter`]: a classic little-endian pcap with a chosen link type and
//! timestamp resolution, into any `std::io::Write` (a `Vec<u8>` included).

mod pcap;
mod pcapng;
pub mod wpa;

pub use pcap::{PcapHeader, PcapReader, PcapWriter};
pub use pcapng::PcapngReader;

use crate::wire::linktype::LinkType;

/// Largest record libpcap accepts for 802.11 link types (`MAXIMUM_SNAPLEN`, 256 KiB).
pub const MAX_RECORD_LEN: u32 = 262_144;

/// A capture timestamp: seconds and nanoseconds since the Unix epoch.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Timestamp {
    /// Whole seconds.
    pub secs: u64,
    /// Nanoseconds, below 1 000 000 000.
    pub nanos: u32,
}

impl Timestamp {
    /// A timestamp from seconds and a sub-second count of `1 / units_per_sec` units; values
    /// of a whole second or more (seen in corrupt files) carry into the seconds.
    pub fn from_units(secs: u64, frac: u64, units_per_sec: u64) -> Timestamp {
        let units_per_sec = units_per_sec.max(1);
        let secs = secs.saturating_add(frac / units_per_sec);
        let nanos = u128::from(frac % units_per_sec) * 1_000_000_000 / u128::from(units_per_sec);
        Timestamp { secs, nanos: nanos as u32 }
    }
}

/// Resolution of the timestamps a pcap file stores.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TsResolution {
    /// Microseconds (magic `a1b2c3d4`).
    Micro,
    /// Nanoseconds (magic `a1b23c4d`).
    Nano,
}

/// One captured packet.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Record<'a> {
    /// Position in the file, from 1 (packet records only; pcapng's other blocks do not count).
    pub index: u64,
    /// Link type of the record.
    pub linktype: LinkType,
    /// Capture time.
    pub ts: Timestamp,
    /// The captured bytes.
    pub data: &'a [u8],
    /// Length of the packet on the wire (at least `data.len()` in a sane file).
    pub orig_len: u32,
    /// pcapng interface the record came from (0 for pcap).
    pub interface: u32,
    /// FCS length in octets when the file declares it (pcap link-type FCS bits, pcapng
    /// `if_fcslen`), `None` when it does not say.
    pub fcs_len: Option<u8>,
}

/// Why a capture file could not be read (further).
#[derive(Clone, Copy, PartialEq, Eq, Debug, thiserror::Error)]
pub enum CaptureError {
    /// The file starts with neither pcap nor pcapng magic.
    #[error("not a pcap or pcapng file: magic {magic:#010x}")]
    UnknownFormat {
        /// The first four octets, big-endian.
        magic: u32,
    },
    /// The file is shorter than its format's file header.
    #[error("file ends inside the {what} at byte {offset}: {need} bytes needed, {left} left")]
    HeaderTruncated {
        /// Which header.
        what: &'static str,
        /// Where that header starts.
        offset: u64,
        /// Its length.
        need: u64,
        /// Bytes left in the file from `offset`.
        left: u64,
    },
    /// The file ends inside a record header.
    #[error(
        "file ends inside the header of record {record} at byte {offset}: {need} bytes needed, {left} left"
    )]
    RecordHeaderTruncated {
        /// Index the record would have had.
        record: u64,
        /// Where its header starts.
        offset: u64,
        /// Header length.
        need: u64,
        /// Bytes left in the file from `offset`.
        left: u64,
    },
    /// The file ends inside a record's data.
    #[error("file ends inside record {record} at byte {offset}: header says {len} bytes, {left} left")]
    RecordTruncated {
        /// Index of the record.
        record: u64,
        /// Where its data starts.
        offset: u64,
        /// Data length its header claims.
        len: u64,
        /// Bytes left in the file from `offset`.
        left: u64,
    },
    /// A record claims an impossible length.
    #[error("record {record} at byte {offset}: captured length {len} is larger than the maximum of {max}")]
    RecordTooLarge {
        /// Index of the record.
        record: u64,
        /// Where its header starts.
        offset: u64,
        /// The claimed length.
        len: u64,
        /// The limit.
        max: u64,
    },
    /// The file ends inside a pcapng block that is not a packet.
    #[error("file ends inside the block at byte {offset}: block says {len} bytes, {left} left")]
    BlockTruncated {
        /// Where the block starts.
        offset: u64,
        /// The block's total length.
        len: u64,
        /// Bytes left in the file from `offset`.
        left: u64,
    },
    /// A pcapng block's length fields are invalid.
    #[error("block at byte {offset}: {why} (total length {len})")]
    BadBlockLength {
        /// Where the block starts.
        offset: u64,
        /// The block's leading total length.
        len: u64,
        /// What is wrong with it.
        why: &'static str,
    },
    /// A header or block holds a value the format does not allow.
    #[error("{what} at byte {offset} is malformed: {why}")]
    Malformed {
        /// Which structure.
        what: &'static str,
        /// Where it starts.
        offset: u64,
        /// What is wrong.
        why: &'static str,
    },
}

impl CaptureError {
    /// Byte offset in the file where the problem was found (0 for an unknown format).
    pub fn offset(&self) -> u64 {
        match *self {
            CaptureError::UnknownFormat { .. } => 0,
            CaptureError::HeaderTruncated { offset, .. }
            | CaptureError::RecordHeaderTruncated { offset, .. }
            | CaptureError::RecordTruncated { offset, .. }
            | CaptureError::RecordTooLarge { offset, .. }
            | CaptureError::BlockTruncated { offset, .. }
            | CaptureError::BadBlockLength { offset, .. }
            | CaptureError::Malformed { offset, .. } => offset,
        }
    }
}

/// A pcap or pcapng reader, chosen by the file's magic.
#[derive(Clone, Debug)]
pub enum CaptureReader<'a> {
    /// Classic pcap.
    Pcap(PcapReader<'a>),
    /// pcapng.
    Pcapng(PcapngReader<'a>),
}

impl<'a> CaptureReader<'a> {
    /// Recognises the format and reads the file header (pcap) or first section (pcapng).
    pub fn new(file: &'a [u8]) -> Result<CaptureReader<'a>, CaptureError> {
        if file.len() < 4 {
            return Err(CaptureError::HeaderTruncated {
                what: "file magic",
                offset: 0,
                need: 4,
                left: file.len() as u64,
            });
        }
        if PcapngReader::is_pcapng(file) {
            PcapngReader::new(file).map(CaptureReader::Pcapng)
        } else if PcapReader::is_pcap(file) {
            PcapReader::new(file).map(CaptureReader::Pcap)
        } else {
            Err(CaptureError::UnknownFormat {
                magic: u32::from_be_bytes([file[0], file[1], file[2], file[3]]),
            })
        }
    }
}

impl<'a> Iterator for CaptureReader<'a> {
    type Item = Result<Record<'a>, CaptureError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            CaptureReader::Pcap(r) => r.next(),
            CaptureReader::Pcapng(r) => r.next(),
        }
    }
}

impl core::iter::FusedIterator for CaptureReader<'_> {}

#[cfg(test)]
mod corpus_test;
#[cfg(test)]
mod wpa_corpus_test;

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn timestamp_units() {
        assert_eq!(Timestamp::from_units(3, 250_000, 1_000_000), Timestamp { secs: 3, nanos: 250_000_000 });
        assert_eq!(Timestamp::from_units(3, 7, 1_000_000_000), Timestamp { secs: 3, nanos: 7 });
        assert_eq!(Timestamp::from_units(3, 512, 1024), Timestamp { secs: 3, nanos: 500_000_000 });
        // A fraction of a second or more (corrupt file) carries into the seconds.
        assert_eq!(Timestamp::from_units(3, 1_500_000, 1_000_000), Timestamp { secs: 4, nanos: 500_000_000 });
    }

    #[test]
    fn format_detection() {
        let e = CaptureReader::new(b"GIF89a").unwrap_err();
        assert_eq!(e, CaptureError::UnknownFormat { magic: 0x4749_4638 });
        assert_eq!(e.to_string(), "not a pcap or pcapng file: magic 0x47494638");
        assert!(matches!(
            CaptureReader::new(&[0xd4, 0xc3]),
            Err(CaptureError::HeaderTruncated { left: 2, .. })
        ));
        let mut w = PcapWriter::new(Vec::new(), LinkType::Radiotap, TsResolution::Micro).unwrap();
        w.write(Timestamp { secs: 1, nanos: 0 }, &[0, 0, 8, 0, 0, 0, 0, 0], 8).unwrap();
        let file = w.into_inner().unwrap();
        let mut r = CaptureReader::new(&file).unwrap();
        assert!(matches!(r, CaptureReader::Pcap(_)));
        assert_eq!(r.next().unwrap().unwrap().linktype, LinkType::Radiotap);
        assert!(r.next().is_none());
        assert!(r.next().is_none());
    }

    proptest! {
        #[test]
        fn timestamp_from_any_units(secs: u64, frac: u64, units in prop_oneof![Just(0u64), Just(1_000_000), any::<u64>()]) {
            // pcapng's if_tsresol can name any power of 2 or 10; corrupt files any fraction.
            let ts = Timestamp::from_units(secs, frac, units);
            prop_assert!(ts.nanos < 1_000_000_000);
            prop_assert!(ts.secs >= secs);
        }

        #[test]
        fn never_panics(magic in prop_oneof![
                            Just([0x0a, 0x0d, 0x0d, 0x0a]), Just([0xd4, 0xc3, 0xb2, 0xa1]),
                            Just([0xa1, 0xb2, 0x3c, 0x4d]), any::<[u8; 4]>()],
                        rest in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut file = magic.to_vec();
            file.extend_from_slice(&rest);
            if let Ok(r) = CaptureReader::new(&file) {
                let mut errors = 0;
                for item in r {
                    match item {
                        Ok(rec) => prop_assert!(rec.data.len() <= file.len()),
                        Err(e) => {
                            errors += 1;
                            prop_assert!(e.offset() <= file.len() as u64);
                        }
                    }
                }
                prop_assert!(errors <= 1);
            }
        }
    }
}
