//! Classic pcap: reader over a byte slice and writer into `std::io::Write`.
//!
//! ```text
//! file header (24): magic u32 | major u16 | minor u16 | thiszone i32 | sigfigs u32 |
//!                   snaplen u32 | linktype u32 (low 16 bits; FCS info in the top bits)
//! record header (16): ts_sec u32 | ts_frac u32 | incl_len u32 | orig_len u32, then incl_len octets
//! ```
//!
//! All integers are in the writer's byte order, which the magic reveals. The link-type word
//! carries the link type in its low 16 bits; bit 26 says the top four bits hold the FCS length
//! in 16-bit units (libpcap's `LT_FCS_LENGTH_PRESENT` / `LT_FCS_LENGTH`).

use super::{CaptureError, MAX_RECORD_LEN, Record, Timestamp, TsResolution};
use crate::wire::bytes::{be16, be32, le16, le32};
use crate::wire::linktype::LinkType;
use std::io;

const FILE_HEADER_LEN: usize = 24;
const RECORD_HEADER_LEN: usize = 16;
const MAGIC_MICRO: u32 = 0xa1b2_c3d4;
const MAGIC_NANO: u32 = 0xa1b2_3c4d;

/// The pcap file header, decoded.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PcapHeader {
    /// The file is big-endian.
    pub big_endian: bool,
    /// Timestamp resolution.
    pub resolution: TsResolution,
    /// Major version (2).
    pub version_major: u16,
    /// Minor version (4).
    pub version_minor: u16,
    /// Time zone offset (always 0 in practice).
    pub thiszone: i32,
    /// Timestamp accuracy (always 0 in practice).
    pub sigfigs: u32,
    /// Snapshot length as written.
    pub snaplen: u32,
    /// Link type (low 16 bits of the link-type word).
    pub linktype: LinkType,
    /// FCS length in octets when the link-type word declares one.
    pub fcs_len: Option<u8>,
}

impl PcapHeader {
    /// Reads the 24-octet file header.
    fn parse(file: &[u8]) -> Result<PcapHeader, CaptureError> {
        if file.len() < FILE_HEADER_LEN {
            return Err(CaptureError::HeaderTruncated {
                what: "pcap file header",
                offset: 0,
                need: FILE_HEADER_LEN as u64,
                left: file.len() as u64,
            });
        }
        let (big_endian, resolution) = match (le32(file), be32(file)) {
            (MAGIC_MICRO, _) => (false, TsResolution::Micro),
            (MAGIC_NANO, _) => (false, TsResolution::Nano),
            (_, MAGIC_MICRO) => (true, TsResolution::Micro),
            (_, MAGIC_NANO) => (true, TsResolution::Nano),
            (_, magic) => return Err(CaptureError::UnknownFormat { magic }),
        };
        let u16_at = |at: usize| if big_endian { be16(&file[at..]) } else { le16(&file[at..]) };
        let u32_at = |at: usize| if big_endian { be32(&file[at..]) } else { le32(&file[at..]) };
        let version_major = u16_at(4);
        if version_major != 2 {
            return Err(CaptureError::Malformed {
                what: "pcap file header",
                offset: 0,
                why: "major version is not 2",
            });
        }
        let lt_word = u32_at(20);
        // libpcap: bit 26 flags a valid FCS length, bits 28-31 hold it in 16-bit units.
        let fcs_len = (lt_word & 0x0400_0000 != 0).then(|| ((lt_word >> 28) * 2) as u8);
        Ok(PcapHeader {
            big_endian,
            resolution,
            version_major,
            version_minor: u16_at(6),
            thiszone: u32_at(8) as i32,
            sigfigs: u32_at(12),
            snaplen: u32_at(16),
            linktype: LinkType::from((lt_word & 0xffff) as u16),
            fcs_len,
        })
    }

    /// The snapshot length libpcap enforces: the header's, unless it is 0 or above 256 KiB.
    pub fn effective_snaplen(&self) -> u32 {
        if self.snaplen == 0 || self.snaplen > MAX_RECORD_LEN { MAX_RECORD_LEN } else { self.snaplen }
    }
}

/// Reads records from a classic pcap file held in memory.
#[derive(Clone, Debug)]
pub struct PcapReader<'a> {
    file: &'a [u8],
    header: PcapHeader,
    pos: usize,
    index: u64,
    done: bool,
}

impl<'a> PcapReader<'a> {
    /// True when `file` starts with a pcap magic number (either resolution and byte order).
    pub fn is_pcap(file: &[u8]) -> bool {
        file.len() >= 4 && [le32(file), be32(file)].iter().any(|&m| m == MAGIC_MICRO || m == MAGIC_NANO)
    }

    /// Reads the file header.
    pub fn new(file: &'a [u8]) -> Result<PcapReader<'a>, CaptureError> {
        let header = PcapHeader::parse(file)?;
        Ok(PcapReader { file, header, pos: FILE_HEADER_LEN, index: 0, done: false })
    }

    /// The file header.
    pub fn header(&self) -> &PcapHeader {
        &self.header
    }

    fn u32_at(&self, at: usize) -> u32 {
        let b = &self.file[at..at + 4];
        if self.header.big_endian { be32(b) } else { le32(b) }
    }

    fn read_record(&mut self) -> Result<Record<'a>, CaptureError> {
        let at = self.pos;
        let record = self.index + 1;
        let left = self.file.len() - at;
        if left < RECORD_HEADER_LEN {
            return Err(CaptureError::RecordHeaderTruncated {
                record,
                offset: at as u64,
                need: RECORD_HEADER_LEN as u64,
                left: left as u64,
            });
        }
        let (ts_sec, ts_frac) = (self.u32_at(at), self.u32_at(at + 4));
        let (incl_len, orig_len) = (self.u32_at(at + 8), self.u32_at(at + 12));
        if incl_len > MAX_RECORD_LEN {
            return Err(CaptureError::RecordTooLarge {
                record,
                offset: at as u64,
                len: u64::from(incl_len),
                max: u64::from(MAX_RECORD_LEN),
            });
        }
        let data_at = at + RECORD_HEADER_LEN;
        let left = self.file.len() - data_at;
        if incl_len as usize > left {
            return Err(CaptureError::RecordTruncated {
                record,
                offset: data_at as u64,
                len: u64::from(incl_len),
                left: left as u64,
            });
        }
        // libpcap hands out at most the snapshot length and skips the rest of the record.
        let kept = incl_len.min(self.header.effective_snaplen()) as usize;
        let units = match self.header.resolution {
            TsResolution::Micro => 1_000_000,
            TsResolution::Nano => 1_000_000_000,
        };
        self.pos = data_at + incl_len as usize;
        self.index = record;
        Ok(Record {
            index: record,
            linktype: self.header.linktype,
            ts: Timestamp::from_units(u64::from(ts_sec), u64::from(ts_frac), units),
            data: &self.file[data_at..data_at + kept],
            orig_len,
            interface: 0,
            fcs_len: self.header.fcs_len,
        })
    }
}

impl<'a> Iterator for PcapReader<'a> {
    type Item = Result<Record<'a>, CaptureError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.file.len() {
            self.done = true;
            return None;
        }
        let r = self.read_record();
        self.done = r.is_err();
        Some(r)
    }
}

impl core::iter::FusedIterator for PcapReader<'_> {}

/// Writes a little-endian classic pcap file: the file header on creation, then records.
#[derive(Debug)]
pub struct PcapWriter<W: io::Write> {
    out: W,
    resolution: TsResolution,
}

impl<W: io::Write> PcapWriter<W> {
    /// Writes the file header (version 2.4, snapshot length 256 KiB) and returns the writer.
    pub fn new(mut out: W, linktype: LinkType, resolution: TsResolution) -> io::Result<PcapWriter<W>> {
        let magic = match resolution {
            TsResolution::Micro => MAGIC_MICRO,
            TsResolution::Nano => MAGIC_NANO,
        };
        let mut h = [0u8; FILE_HEADER_LEN];
        h[0..4].copy_from_slice(&magic.to_le_bytes());
        h[4..6].copy_from_slice(&2u16.to_le_bytes());
        h[6..8].copy_from_slice(&4u16.to_le_bytes());
        h[16..20].copy_from_slice(&MAX_RECORD_LEN.to_le_bytes());
        h[20..24].copy_from_slice(&u32::from(linktype.value()).to_le_bytes());
        out.write_all(&h)?;
        Ok(PcapWriter { out, resolution })
    }

    /// Writes one record; an `orig_len` below `data.len()` is raised to it. Fails with
    /// `InvalidInput` when `data` exceeds 256 KiB or the seconds do not fit pcap's 32 bits.
    pub fn write(&mut self, ts: Timestamp, data: &[u8], orig_len: u32) -> io::Result<()> {
        let invalid = |why: &str| io::Error::new(io::ErrorKind::InvalidInput, why.to_string());
        let secs = u32::try_from(ts.secs).map_err(|_| invalid("timestamp beyond 2106"))?;
        let len = u32::try_from(data.len())
            .ok()
            .filter(|&l| l <= MAX_RECORD_LEN)
            .ok_or_else(|| invalid("record larger than 256 KiB"))?;
        let frac = match self.resolution {
            TsResolution::Micro => ts.nanos.min(999_999_999) / 1000,
            TsResolution::Nano => ts.nanos.min(999_999_999),
        };
        let mut h = [0u8; RECORD_HEADER_LEN];
        h[0..4].copy_from_slice(&secs.to_le_bytes());
        h[4..8].copy_from_slice(&frac.to_le_bytes());
        h[8..12].copy_from_slice(&len.to_le_bytes());
        h[12..16].copy_from_slice(&orig_len.max(len).to_le_bytes());
        self.out.write_all(&h)?;
        self.out.write_all(data)
    }

    /// Writes a record read from another capture (its timestamp, data and original length).
    pub fn write_record(&mut self, r: &Record<'_>) -> io::Result<()> {
        self.write(r.ts, r.data, r.orig_len)
    }

    /// The underlying writer, for example to take the bytes written so far out of a
    /// `Vec<u8>` while the capture goes on.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // The file header and first record header of tcpdump__radiotap-heapoverflow.pcap: pcap 2.4,
    // snaplen 8, link-type word 0x3000007f (radiotap; FCS bits without the valid flag).
    const HEAPOVERFLOW: [u8; 48] = [
        0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, //
        0x08, 0x00, 0x00, 0x00, 0x7f, 0x00, 0x00, 0x30, //
        0x4c, 0x57, 0x28, 0x43, 0xca, 0x1e, 0x00, 0x00, 0x08, 0, 0, 0, 0x08, 0, 0, 0, //
        0x30, 0x30, 0x08, 0x00, 0x30, 0x30, 0x30, 0x30,
    ];

    #[test]
    fn deconstruct_header_and_record() {
        let mut r = PcapReader::new(&HEAPOVERFLOW).unwrap();
        let h = *r.header();
        assert!(!h.big_endian);
        assert_eq!((h.version_major, h.version_minor, h.snaplen), (2, 4, 8));
        assert_eq!((h.linktype, h.fcs_len, h.resolution), (LinkType::Radiotap, None, TsResolution::Micro));
        let rec = r.next().unwrap().unwrap();
        assert_eq!(rec.index, 1);
        assert_eq!(rec.ts, Timestamp { secs: 0x4328_574c, nanos: 7882 * 1000 });
        assert_eq!(rec.data, &HEAPOVERFLOW[40..]);
        assert_eq!(rec.orig_len, 8);
        assert!(r.next().is_none());
    }

    #[test]
    fn big_endian_nanosecond_file() {
        let mut f = vec![0xa1, 0xb2, 0x3c, 0x4d, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
        f.extend_from_slice(&0x1400_0069u32.to_be_bytes()); // FCS length 1*2 octets... declared
        f.extend_from_slice(&[0, 0, 0, 5, 0x3b, 0x9a, 0xc9, 0xff, 0, 0, 0, 2, 0, 0, 0, 9, 0xd4, 0x00]);
        let mut r = PcapReader::new(&f).unwrap();
        assert!(r.header().big_endian);
        assert_eq!(r.header().fcs_len, Some(2));
        let rec = r.next().unwrap().unwrap();
        assert_eq!(rec.linktype, LinkType::Ieee80211);
        assert_eq!(rec.ts, Timestamp { secs: 5, nanos: 999_999_999 });
        assert_eq!((rec.data, rec.orig_len), (&[0xd4, 0][..], 9));
    }

    fn file_with(records: &[(u32, &[u8])]) -> Vec<u8> {
        let mut w = PcapWriter::new(Vec::new(), LinkType::Radiotap, TsResolution::Micro).unwrap();
        for (i, (secs, data)) in records.iter().enumerate() {
            w.write(Timestamp { secs: u64::from(*secs), nanos: i as u32 * 1000 }, data, 0).unwrap();
        }
        w.into_inner().unwrap()
    }

    #[test]
    fn truncated_data_reports_offset() {
        let f = file_with(&[(1, &[1, 2, 3]), (2, &[4; 10])]);
        let cut = &f[..f.len() - 4];
        let got: Vec<_> = PcapReader::new(cut).unwrap().collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].unwrap().data, &[1, 2, 3]);
        let e = got[1].unwrap_err();
        assert_eq!(e, CaptureError::RecordTruncated { record: 2, offset: 24 + 19 + 16, len: 10, left: 6 });
        assert_eq!(e.to_string(), "file ends inside record 2 at byte 59: header says 10 bytes, 6 left");
        assert_eq!(e.offset(), 59);
    }

    #[test]
    fn truncated_record_header_reports_offset() {
        let f = file_with(&[(1, &[1, 2, 3])]);
        let mut long = f.clone();
        long.push(0);
        let got: Vec<_> = PcapReader::new(&long).unwrap().collect();
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[1].unwrap_err(),
            CaptureError::RecordHeaderTruncated { record: 2, offset: f.len() as u64, need: 16, left: 1 }
        );
    }

    #[test]
    fn absurd_length_and_snaplen_cut() {
        let mut f = file_with(&[(1, &[7; 40])]);
        f[24 + 8..24 + 12].copy_from_slice(&300_000u32.to_le_bytes());
        let e = PcapReader::new(&f).unwrap().next().unwrap().unwrap_err();
        assert!(matches!(e, CaptureError::RecordTooLarge { record: 1, offset: 24, len: 300_000, .. }));

        let mut f = file_with(&[(1, &[7; 40]), (2, &[8; 4])]);
        f[16..20].copy_from_slice(&26u32.to_le_bytes()); // snaplen 26 < 40
        let got: Vec<_> = PcapReader::new(&f).unwrap().map(|r| r.unwrap()).collect();
        assert_eq!(got[0].data.len(), 26);
        assert_eq!(got[1].data, &[8; 4]);
    }

    #[test]
    fn bad_file_headers() {
        assert!(matches!(PcapReader::new(&HEAPOVERFLOW[..20]), Err(CaptureError::HeaderTruncated { .. })));
        let mut f = HEAPOVERFLOW;
        f[4] = 1;
        assert!(matches!(PcapReader::new(&f), Err(CaptureError::Malformed { .. })));
        f[0] = 0;
        assert!(matches!(PcapReader::new(&f), Err(CaptureError::UnknownFormat { .. })));
    }

    #[test]
    fn writer_rejects_what_pcap_cannot_hold() {
        let mut w = PcapWriter::new(Vec::new(), LinkType::Ieee80211, TsResolution::Nano).unwrap();
        let big = vec![0u8; MAX_RECORD_LEN as usize + 1];
        assert!(w.write(Timestamp::default(), &big, 0).is_err());
        assert!(w.write(Timestamp { secs: 1 << 32, nanos: 0 }, &[1], 1).is_err());
    }

    proptest! {
        #[test]
        fn writer_reader_round_trip(
            nano in any::<bool>(),
            radiotap in any::<bool>(),
            recs in proptest::collection::vec(
                (any::<u32>(), 0u32..1_000_000_000, proptest::collection::vec(any::<u8>(), 0..64), any::<u16>()),
                0..8,
            ),
        ) {
            let res = if nano { TsResolution::Nano } else { TsResolution::Micro };
            let lt = if radiotap { LinkType::Radiotap } else { LinkType::Ieee80211 };
            let mut w = PcapWriter::new(Vec::new(), lt, res).unwrap();
            for (secs, nanos, data, extra) in &recs {
                let ts = Timestamp { secs: u64::from(*secs), nanos: *nanos };
                w.write(ts, data, data.len() as u32 + u32::from(*extra)).unwrap();
            }
            let file = w.into_inner().unwrap();
            let got: Vec<_> = super::super::CaptureReader::new(&file).unwrap().collect();
            prop_assert_eq!(got.len(), recs.len());
            for (i, (r, (secs, nanos, data, extra))) in got.into_iter().zip(&recs).enumerate() {
                let r = r.unwrap();
                let want_nanos = if nano { *nanos } else { nanos / 1000 * 1000 };
                prop_assert_eq!(r.index, i as u64 + 1);
                prop_assert_eq!(r.linktype, lt);
                prop_assert_eq!(r.ts, Timestamp { secs: u64::from(*secs), nanos: want_nanos });
                prop_assert_eq!(r.data, &data[..]);
                prop_assert_eq!(r.orig_len, data.len() as u32 + u32::from(*extra));
            }
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let mut file = HEAPOVERFLOW[..24].to_vec();
            file.extend_from_slice(&bytes);
            for f in [&file[..], &bytes[..]] {
                if let Ok(r) = PcapReader::new(f) {
                    let items: Vec<_> = r.collect();
                    prop_assert!(items.iter().filter(|i| i.is_err()).count() <= 1);
                    if let Some(Err(e)) = items.last() {
                        prop_assert!(e.offset() <= f.len() as u64);
                    }
                }
            }
        }
    }
}
