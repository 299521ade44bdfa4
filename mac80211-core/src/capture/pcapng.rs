//! pcapng reader over a byte slice.
//!
//! A pcapng file is a run of blocks, each `type u32 | total length u32 | body | total length
//! u32`, with the total length a multiple of 4 and at least 12. A Section Header Block
//! (type `0x0A0D0D0A`, a palindrome so it reads the same in both byte orders) starts every
//! section and fixes its byte order through the magic `0x1A2B3C4D`; Interface Description
//! Blocks (1) declare link type, snapshot length and options such as `if_tsresol` (timestamp
//! units, default microseconds) and `if_fcslen`; packets come in Enhanced Packet Blocks (6),
//! Simple Packet Blocks (3, interface 0, no timestamp) or the obsolete Packet Blocks (2).
//! Every other block type is skipped. A new section forgets the previous section's
//! interfaces.
//!
//! Timestamps count `if_tsresol` units (default microseconds) since the epoch plus the
//! interface's `if_tsoffset` seconds.
//!
//! Options of an IDB are read leniently: a malformed option list ends the option walk, and
//! the interface keeps what was read before it. Block lengths are checked strictly.

use super::{CaptureError, Record, Timestamp};
use crate::wire::bytes::{be16, be32, le16, le32};
use crate::wire::linktype::LinkType;

const SHB: u32 = 0x0A0D_0D0A;
const IDB: u32 = 1;
const PB: u32 = 2;
const SPB: u32 = 3;
const EPB: u32 = 6;
const BYTE_ORDER_MAGIC: u32 = 0x1A2B_3C4D;
const OPT_TSRESOL: u16 = 9;
const OPT_FCSLEN: u16 = 13;
const OPT_TSOFFSET: u16 = 14;

/// What the reader remembers of an Interface Description Block.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Interface {
    linktype: LinkType,
    snaplen: u32,
    units_per_sec: u64,
    /// `if_tsoffset`: seconds to add to every timestamp.
    ts_offset: i64,
    fcs_len: Option<u8>,
}

/// What a block turned out to be.
enum Block<'a> {
    Packet(Record<'a>),
    Other,
}

/// Reads packet records from a pcapng file held in memory.
#[derive(Clone, Debug)]
pub struct PcapngReader<'a> {
    file: &'a [u8],
    pos: usize,
    big_endian: bool,
    interfaces: Vec<Interface>,
    index: u64,
    done: bool,
}

impl<'a> PcapngReader<'a> {
    /// True when `file` starts with a Section Header Block type.
    pub fn is_pcapng(file: &[u8]) -> bool {
        file.len() >= 4 && le32(file) == SHB
    }

    /// Reads the first Section Header Block.
    pub fn new(file: &'a [u8]) -> Result<PcapngReader<'a>, CaptureError> {
        let mut r =
            PcapngReader { file, pos: 0, big_endian: false, interfaces: Vec::new(), index: 0, done: false };
        if !Self::is_pcapng(file) {
            let magic = if file.len() >= 4 { be32(file) } else { 0 };
            return Err(CaptureError::UnknownFormat { magic });
        }
        r.read_block()?;
        Ok(r)
    }

    fn u16_at(&self, b: &[u8]) -> u16 {
        if self.big_endian { be16(b) } else { le16(b) }
    }

    fn u32_at(&self, b: &[u8]) -> u32 {
        if self.big_endian { be32(b) } else { le32(b) }
    }

    /// Reads the block at `pos`, advancing past it.
    fn read_block(&mut self) -> Result<Block<'a>, CaptureError> {
        let at = self.pos;
        let left = self.file.len() - at;
        if left < 12 {
            return Err(CaptureError::HeaderTruncated {
                what: "pcapng block header",
                offset: at as u64,
                need: 12,
                left: left as u64,
            });
        }
        let head = &self.file[at..];
        let block_type = self.u32_at(head);
        if block_type == SHB {
            self.set_byte_order(at)?;
        }
        let block_type = self.u32_at(head);
        let len = self.u32_at(&head[4..]) as usize;
        let bad = |why| CaptureError::BadBlockLength { offset: at as u64, len: len as u64, why };
        if len < 12 {
            return Err(bad("block total length below 12"));
        }
        if !len.is_multiple_of(4) {
            return Err(bad("block total length not a multiple of 4"));
        }
        if len > left {
            let is_packet = matches!(block_type, PB | SPB | EPB);
            return Err(if is_packet {
                CaptureError::RecordTruncated {
                    record: self.index + 1,
                    offset: at as u64,
                    len: len as u64,
                    left: left as u64,
                }
            } else {
                CaptureError::BlockTruncated { offset: at as u64, len: len as u64, left: left as u64 }
            });
        }
        if self.u32_at(&head[len - 4..]) as usize != len {
            return Err(bad("trailing total length differs from the leading one"));
        }
        let body = &self.file[at + 8..at + len - 4];
        self.pos = at + len;
        match block_type {
            SHB => self.section(at, body).map(|()| Block::Other),
            IDB => self.interface(at, body).map(|()| Block::Other),
            EPB => self.enhanced_packet(at, body).map(Block::Packet),
            PB => self.obsolete_packet(at, body).map(Block::Packet),
            SPB => self.simple_packet(at, body).map(Block::Packet),
            _ => Ok(Block::Other),
        }
    }

    fn set_byte_order(&mut self, at: usize) -> Result<(), CaptureError> {
        let magic = &self.file[at + 8..at + 12];
        self.big_endian = if le32(magic) == BYTE_ORDER_MAGIC {
            false
        } else if be32(magic) == BYTE_ORDER_MAGIC {
            true
        } else {
            return Err(malformed("section header block", at, "byte-order magic is not 0x1A2B3C4D"));
        };
        Ok(())
    }

    fn section(&mut self, at: usize, body: &[u8]) -> Result<(), CaptureError> {
        // Byte-order magic (4), versions (2 + 2), section length (8).
        if body.len() < 16 {
            return Err(malformed("section header block", at, "shorter than 28 bytes"));
        }
        if self.u16_at(&body[4..]) != 1 {
            return Err(malformed("section header block", at, "major version is not 1"));
        }
        self.interfaces.clear();
        Ok(())
    }

    fn interface(&mut self, at: usize, body: &[u8]) -> Result<(), CaptureError> {
        if body.len() < 8 {
            return Err(malformed("interface description block", at, "shorter than 20 bytes"));
        }
        let mut iface = Interface {
            linktype: LinkType::from(self.u16_at(body)),
            snaplen: self.u32_at(&body[4..]),
            units_per_sec: 1_000_000,
            ts_offset: 0,
            fcs_len: None,
        };
        let mut opts = &body[8..];
        while opts.len() >= 4 {
            let (code, len) = (self.u16_at(opts), usize::from(self.u16_at(&opts[2..])));
            let Some(value) = opts.get(4..4 + len) else { break };
            match (code, value.first()) {
                (0, _) => break,
                (OPT_TSRESOL, Some(&v)) => {
                    iface.units_per_sec = units_per_sec(v)
                        .ok_or_else(|| malformed("interface description block", at, "if_tsresol too fine"))?;
                }
                (OPT_FCSLEN, Some(&v)) => iface.fcs_len = Some(v),
                (OPT_TSOFFSET, _) if len == 8 => {
                    let raw =
                        [value[0], value[1], value[2], value[3], value[4], value[5], value[6], value[7]];
                    iface.ts_offset =
                        if self.big_endian { i64::from_be_bytes(raw) } else { i64::from_le_bytes(raw) };
                }
                _ => {}
            }
            opts = opts.get((4 + len).next_multiple_of(4)..).unwrap_or(&[]);
        }
        self.interfaces.push(iface);
        Ok(())
    }

    fn lookup(&self, at: usize, id: u32, what: &'static str) -> Result<Interface, CaptureError> {
        self.interfaces
            .get(id as usize)
            .copied()
            .ok_or_else(|| malformed(what, at, "names an interface no IDB of this section described"))
    }

    /// Builds the record of an EPB or PB body: interface (4), timestamp high (4) and low (4),
    /// captured length (4), original length (4), data. The two differ only in how the first
    /// four octets hold the interface.
    fn timed_packet(
        &mut self,
        at: usize,
        body: &'a [u8],
        iface_id: u32,
        what: &'static str,
    ) -> Result<Record<'a>, CaptureError> {
        let iface = self.lookup(at, iface_id, what)?;
        let ts = (u64::from(self.u32_at(&body[4..])) << 32) | u64::from(self.u32_at(&body[8..]));
        let caplen = self.u32_at(&body[12..]) as usize;
        let orig_len = self.u32_at(&body[16..]);
        let Some(data) = body.get(20..20usize.saturating_add(caplen)) else {
            return Err(malformed(what, at, "captured length runs past the block"));
        };
        let ups = iface.units_per_sec;
        // A negative offset that would reach before the epoch clamps to it.
        let secs = (ts / ups).saturating_add_signed(iface.ts_offset);
        Ok(self.record(iface_id, iface, Timestamp::from_units(secs, ts % ups, ups), data, orig_len))
    }

    fn enhanced_packet(&mut self, at: usize, body: &'a [u8]) -> Result<Record<'a>, CaptureError> {
        const WHAT: &str = "enhanced packet block";
        if body.len() < 20 {
            return Err(malformed(WHAT, at, "shorter than 32 bytes"));
        }
        let iface_id = self.u32_at(body);
        self.timed_packet(at, body, iface_id, WHAT)
    }

    fn obsolete_packet(&mut self, at: usize, body: &'a [u8]) -> Result<Record<'a>, CaptureError> {
        const WHAT: &str = "packet block";
        if body.len() < 20 {
            return Err(malformed(WHAT, at, "shorter than 32 bytes"));
        }
        let iface_id = u32::from(self.u16_at(body));
        self.timed_packet(at, body, iface_id, WHAT)
    }

    fn simple_packet(&mut self, at: usize, body: &'a [u8]) -> Result<Record<'a>, CaptureError> {
        const WHAT: &str = "simple packet block";
        if body.len() < 4 {
            return Err(malformed(WHAT, at, "shorter than 16 bytes"));
        }
        let iface = self.lookup(at, 0, WHAT)?;
        let orig_len = self.u32_at(body);
        // The captured length is implied: the original length cut to the snapshot length.
        let mut caplen = orig_len as usize;
        if iface.snaplen != 0 {
            caplen = caplen.min(iface.snaplen as usize);
        }
        let Some(data) = body.get(4..4 + caplen) else {
            return Err(malformed(WHAT, at, "packet runs past the block"));
        };
        Ok(self.record(0, iface, Timestamp::default(), data, orig_len))
    }

    fn record(
        &mut self,
        id: u32,
        iface: Interface,
        ts: Timestamp,
        data: &'a [u8],
        orig_len: u32,
    ) -> Record<'a> {
        self.index += 1;
        Record {
            index: self.index,
            linktype: iface.linktype,
            ts,
            data,
            orig_len,
            interface: id,
            fcs_len: iface.fcs_len,
        }
    }
}

impl<'a> Iterator for PcapngReader<'a> {
    type Item = Result<Record<'a>, CaptureError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done && self.pos < self.file.len() {
            match self.read_block() {
                Ok(Block::Packet(r)) => return Some(Ok(r)),
                Ok(Block::Other) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        self.done = true;
        None
    }
}

impl core::iter::FusedIterator for PcapngReader<'_> {}

fn malformed(what: &'static str, at: usize, why: &'static str) -> CaptureError {
    CaptureError::Malformed { what, offset: at as u64, why }
}

/// Timestamp units per second for an `if_tsresol` value: `10^v`, or `2^(v & 0x7f)` when
/// the top bit is set; `None` when that does not fit in 64 bits.
fn units_per_sec(v: u8) -> Option<u64> {
    if v & 0x80 != 0 { 1u64.checked_shl(u32::from(v & 0x7f)) } else { 10u64.checked_pow(u32::from(v)) }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    /// Little helper that builds pcapng blocks in either byte order.
    struct Builder {
        big: bool,
        out: Vec<u8>,
    }

    impl Builder {
        fn u16(&self, v: u16) -> [u8; 2] {
            if self.big { v.to_be_bytes() } else { v.to_le_bytes() }
        }
        fn u32(&self, v: u32) -> [u8; 4] {
            if self.big { v.to_be_bytes() } else { v.to_le_bytes() }
        }
        fn block(&mut self, kind: u32, body: &[u8]) -> &mut Self {
            let mut body = body.to_vec();
            body.resize(body.len().next_multiple_of(4), 0);
            let len = body.len() as u32 + 12;
            let (k, l) = (self.u32(kind), self.u32(len));
            self.out.extend_from_slice(&k);
            self.out.extend_from_slice(&l);
            self.out.extend_from_slice(&body);
            self.out.extend_from_slice(&l);
            self
        }
        fn shb(&mut self) -> &mut Self {
            let mut b = self.u32(BYTE_ORDER_MAGIC).to_vec();
            b.extend_from_slice(&self.u16(1));
            b.extend_from_slice(&self.u16(0));
            b.extend_from_slice(&[0xff; 8]);
            self.block(SHB, &b)
        }
        fn idb(&mut self, linktype: u16, snaplen: u32, tsresol: Option<u8>) -> &mut Self {
            let mut b = self.u16(linktype).to_vec();
            b.extend_from_slice(&[0, 0]);
            b.extend_from_slice(&self.u32(snaplen));
            if let Some(r) = tsresol {
                b.extend_from_slice(&self.u16(OPT_TSRESOL));
                b.extend_from_slice(&self.u16(1));
                b.extend_from_slice(&[r, 0, 0, 0]);
                b.extend_from_slice(&self.u16(OPT_FCSLEN));
                b.extend_from_slice(&self.u16(1));
                b.extend_from_slice(&[4, 0, 0, 0]);
                b.extend_from_slice(&[0, 0, 0, 0]); // opt_endofopt
            }
            self.block(IDB, &b)
        }
        fn epb(&mut self, iface: u32, ts: u64, data: &[u8], orig: u32) -> &mut Self {
            let mut b = self.u32(iface).to_vec();
            b.extend_from_slice(&self.u32((ts >> 32) as u32));
            b.extend_from_slice(&self.u32(ts as u32));
            b.extend_from_slice(&self.u32(data.len() as u32));
            b.extend_from_slice(&self.u32(orig));
            b.extend_from_slice(data);
            self.block(EPB, &b)
        }
    }

    fn builder(big: bool) -> Builder {
        Builder { big, out: Vec::new() }
    }

    // Synthetic: two interfaces (µs and ns resolution), an unknown block type, two EPBs.
    #[test]
    fn deconstruct_both_byte_orders() {
        for big in [false, true] {
            let mut b = builder(big);
            b.shb().idb(127, 0, None).idb(105, 64, Some(9)).block(99, &[1, 2, 3]);
            b.epb(0, 1_700_000_000_123_456, &[0, 0, 8, 0], 4).epb(1, 5_000_000_001, &[0xd4, 0, 0], 10);
            let got: Vec<_> = PcapngReader::new(&b.out).unwrap().map(|r| r.unwrap()).collect();
            assert_eq!(got.len(), 2);
            assert_eq!((got[0].index, got[0].linktype, got[0].interface), (1, LinkType::Radiotap, 0));
            assert_eq!(got[0].ts, Timestamp { secs: 1_700_000_000, nanos: 123_456_000 });
            assert_eq!((got[0].data, got[0].orig_len, got[0].fcs_len), (&[0, 0, 8, 0][..], 4, None));
            assert_eq!((got[1].index, got[1].linktype, got[1].interface), (2, LinkType::Ieee80211, 1));
            assert_eq!(got[1].ts, Timestamp { secs: 5, nanos: 1 });
            assert_eq!((got[1].data, got[1].orig_len, got[1].fcs_len), (&[0xd4, 0, 0][..], 10, Some(4)));
        }
    }

    #[test]
    fn sections_reset_interfaces_and_may_switch_byte_order() {
        let mut a = builder(false);
        a.shb().idb(105, 0, None).epb(0, 0, &[1], 1);
        let mut b = builder(true);
        b.shb().idb(127, 0, None).epb(0, 0, &[2], 1);
        let mut file = a.out.clone();
        file.extend_from_slice(&b.out);
        let got: Vec<_> = PcapngReader::new(&file).unwrap().map(|r| r.unwrap()).collect();
        assert_eq!(
            got.iter().map(|r| (r.index, r.linktype, r.data[0])).collect::<Vec<_>>(),
            [(1, LinkType::Ieee80211, 1), (2, LinkType::Radiotap, 2)]
        );
        // A packet naming interface 1 in the second section, which has only interface 0.
        let mut c = builder(false);
        c.shb().idb(105, 0, None).idb(105, 0, None).shb().idb(105, 0, None).epb(1, 0, &[3], 1);
        let e = PcapngReader::new(&c.out).unwrap().next().unwrap().unwrap_err();
        assert!(matches!(e, CaptureError::Malformed { what: "enhanced packet block", .. }));
    }

    #[test]
    fn simple_and_obsolete_packet_blocks() {
        let mut b = builder(false);
        b.shb().idb(105, 2, None);
        b.block(SPB, &[5, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd, 0xee]);
        let mut pb = vec![0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x42, 0x0f, 0x00];
        pb.extend_from_slice(&[1, 0, 0, 0, 7, 0, 0, 0, 0x99]);
        b.block(PB, &pb);
        let got: Vec<_> = PcapngReader::new(&b.out).unwrap().map(|r| r.unwrap()).collect();
        assert_eq!((got[0].data, got[0].orig_len), (&[0xaa, 0xbb][..], 5));
        assert_eq!((got[1].data, got[1].orig_len, got[1].ts.secs), (&[0x99][..], 7, 1));
    }

    #[test]
    fn broken_blocks_report_offsets() {
        let mut b = builder(false);
        b.shb().idb(105, 0, None).epb(0, 0, &[1, 2, 3, 4, 5], 5);
        let good = b.out.len();
        b.epb(0, 0, &[9; 20], 20);
        let epb2 = good as u64;

        let cut = &b.out[..b.out.len() - 3];
        let got: Vec<_> = PcapngReader::new(cut).unwrap().collect();
        assert_eq!(got.len(), 2);
        let e = got[1].unwrap_err();
        assert_eq!(e, CaptureError::RecordTruncated { record: 2, offset: epb2, len: 52, left: 49 });

        let mut bad = b.out.clone();
        let n = bad.len();
        bad[n - 4] = 0; // trailing length
        let e = PcapngReader::new(&bad).unwrap().nth(1).unwrap().unwrap_err();
        assert!(matches!(e, CaptureError::BadBlockLength { offset, .. } if offset == epb2));

        let mut bad = b.out.clone();
        bad[good + 4] = 50; // not a multiple of 4
        let e = PcapngReader::new(&bad).unwrap().nth(1).unwrap().unwrap_err();
        assert!(matches!(
            e,
            CaptureError::BadBlockLength { why: "block total length not a multiple of 4", .. }
        ));

        let mut bad = b.out.clone();
        bad[good + 20] = 200; // captured length past the block
        let e = PcapngReader::new(&bad).unwrap().nth(1).unwrap().unwrap_err();
        assert!(matches!(e, CaptureError::Malformed { offset, .. } if offset == epb2));

        let mut tail = b.out.clone();
        tail.extend_from_slice(&[1, 0, 0]);
        let e = PcapngReader::new(&tail).unwrap().nth(2).unwrap().unwrap_err();
        assert!(matches!(e, CaptureError::HeaderTruncated { left: 3, .. }));
    }

    #[test]
    fn bad_section_headers() {
        let mut b = builder(false);
        b.shb();
        let mut bad = b.out.clone();
        bad[8] = 0; // byte-order magic
        assert!(matches!(PcapngReader::new(&bad), Err(CaptureError::Malformed { .. })));
        let mut bad = b.out.clone();
        bad[12] = 2; // major version
        assert!(matches!(PcapngReader::new(&bad), Err(CaptureError::Malformed { .. })));
        assert!(matches!(PcapngReader::new(&b.out[..10]), Err(CaptureError::HeaderTruncated { .. })));
    }

    #[test]
    fn tsoffset_shifts_seconds() {
        for big in [false, true] {
            let mut b = builder(big);
            let mut idb = b.u16(105).to_vec();
            idb.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
            idb.extend_from_slice(&b.u16(OPT_TSOFFSET));
            idb.extend_from_slice(&b.u16(8));
            idb.extend_from_slice(&if big { 100i64.to_be_bytes() } else { 100i64.to_le_bytes() });
            b.shb().block(IDB, &idb).epb(0, 2_500_000, &[1], 1);
            let r = PcapngReader::new(&b.out).unwrap().next().unwrap().unwrap();
            assert_eq!(r.ts, Timestamp { secs: 102, nanos: 500_000_000 });
        }
    }

    #[test]
    fn tsresol_values() {
        assert_eq!(units_per_sec(6), Some(1_000_000));
        assert_eq!(units_per_sec(9), Some(1_000_000_000));
        assert_eq!(units_per_sec(0x80 | 10), Some(1024));
        assert_eq!(units_per_sec(20), None);
        assert_eq!(units_per_sec(0x80 | 64), None);
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256), big in any::<bool>()) {
            let mut b = builder(big);
            b.shb();
            let mut file = b.out.clone();
            file.extend_from_slice(&bytes);
            for f in [&file[..], &bytes[..]] {
                if let Ok(r) = PcapngReader::new(f) {
                    let items: Vec<_> = r.collect();
                    prop_assert!(items.iter().filter(|i| i.is_err()).count() <= 1);
                }
            }
        }

        #[test]
        fn never_panics_on_mutated_blocks(
            data in proptest::collection::vec(any::<u8>(), 0..40),
            flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        ) {
            let mut b = builder(false);
            b.shb().idb(127, 0, Some(6)).epb(0, 1, &data, 40);
            b.block(SPB, &[3, 0, 0, 0, 1, 2, 3]);
            let mut file = b.out.clone();
            for (i, v) in flips {
                let at = i.index(file.len());
                file[at] = v;
            }
            if let Ok(r) = PcapngReader::new(&file) {
                prop_assert!(r.filter(|i| i.is_err()).count() <= 1);
            }
        }
    }
}
