//! A-MSDU: several MSDUs in one data frame body (802.11-2020 9.3.2.2.2).
//!
//! When QoS Control's A-MSDU Present bit is set, the (decrypted) body is a run of subframes:
//!
//! ```text
//! DA (6) | SA (6) | Length (2, big-endian) | MSDU (Length octets) | Padding (0-3)
//! ```
//!
//! Every subframe except the last is padded so that its length is a multiple of four octets;
//! the last carries no padding. The MSDU is normally LLC/SNAP-encapsulated ([`super::llc`]).
//!
//! # Reading
//!
//! [`AmsduIter`] yields `Result<AmsduSubframe>` and never panics. Its choices:
//!
//! - the last subframe may be unpadded (the standard form) and is accepted as is;
//! - padding after the last subframe is *tolerated* when it is no longer than the 0-3 octets
//!   that subframe's padding would have been (some transmitters pad every subframe, as Linux
//!   also accepts); it is skipped without looking at its value. Anything longer is read as the
//!   next subframe header, so stray octets beyond the padding produce an error or a subframe,
//!   never a silent drop;
//! - a header cut short, or a Length that runs past the end of the body, yields one
//!   [`ErrorKind::Truncated`] and ends the walk, so the caller can drop the whole A-MSDU.
//!
//! Mesh A-MSDUs (a Mesh Control field inside each subframe) are out of scope.
//!
//! # Writing
//!
//! [`AmsduWriter`] lays subframes out back to back, writing zero padding *before* each subframe
//! but the first. The result therefore never ends in padding, and [`amsdu_len`] gives its exact
//! length. (The `ieee80211` crate pads the last subframe and panics on standard A-MSDUs; this
//! codec does neither.)

use super::addr::MacAddr;
use super::bytes::{be16, put_be16};
use super::{Error, ErrorKind, Result};

/// Length of a subframe header: DA, SA and Length.
pub const SUBFRAME_HEADER_LEN: usize = 14;

/// Padding that follows a subframe of `len` octets (header included) when another follows.
#[inline]
pub const fn padding_after(len: usize) -> usize {
    (4 - len % 4) % 4
}

/// One A-MSDU subframe.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct AmsduSubframe<'a> {
    /// Destination address.
    pub da: MacAddr,
    /// Source address.
    pub sa: MacAddr,
    /// The MSDU (usually starting with an LLC/SNAP header).
    pub payload: &'a [u8],
}

impl AmsduSubframe<'_> {
    /// Octets the subframe occupies without padding: header plus MSDU.
    #[inline]
    pub fn buffer_len(&self) -> usize {
        SUBFRAME_HEADER_LEN + self.payload.len()
    }
}

/// Exact length of an A-MSDU holding MSDUs of these lengths (no padding after the last).
pub fn amsdu_len<I: IntoIterator<Item = usize>>(msdu_lens: I) -> usize {
    let mut total = 0;
    for len in msdu_lens {
        if total > 0 {
            total += padding_after(total);
        }
        total += SUBFRAME_HEADER_LEN + len;
    }
    total
}

/// Iterator over the subframes of an A-MSDU body; yields at most one error, then stops.
#[derive(Clone, Debug)]
pub struct AmsduIter<'a> {
    rest: &'a [u8],
}

impl<'a> AmsduIter<'a> {
    /// Iterates over `body`, the A-MSDU (the frame body after any security header is removed).
    pub fn new(body: &'a [u8]) -> AmsduIter<'a> {
        AmsduIter { rest: body }
    }

    /// The bytes not yet visited.
    pub fn remaining(&self) -> &'a [u8] {
        self.rest
    }

    fn fail(&mut self, field: &'static str) -> Option<Result<AmsduSubframe<'a>>> {
        self.rest = &[];
        Some(Err(Error::new(ErrorKind::Truncated, field)))
    }
}

impl<'a> Iterator for AmsduIter<'a> {
    type Item = Result<AmsduSubframe<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let Some((head, tail)) = self.rest.split_first_chunk::<SUBFRAME_HEADER_LEN>() else {
            return self.fail("A-MSDU subframe header");
        };
        let len = usize::from(be16(&head[12..14]));
        if len > tail.len() {
            return self.fail("A-MSDU subframe length runs past the end");
        }
        let (payload, after) = tail.split_at(len);
        // Skip this subframe's padding; if fewer octets remain than the padding, they were
        // trailing padding after the last subframe and are tolerated.
        let pad = padding_after(SUBFRAME_HEADER_LEN + len).min(after.len());
        self.rest = &after[pad..];
        Some(Ok(AmsduSubframe {
            da: MacAddr::from_bytes(&head[0..6]),
            sa: MacAddr::from_bytes(&head[6..12]),
            payload,
        }))
    }
}

impl core::iter::FusedIterator for AmsduIter<'_> {}

/// True when the first subframe's DA reads `AA:AA:03:00:00:00`, an RFC 1042 LLC/SNAP header.
///
/// That is what an ordinary MSDU looks like when its A-MSDU Present bit has been flipped, the
/// FragAttacks aggregation attack (CVE-2020-24588); Linux drops such A-MSDUs, and the data path
/// can use this to do the same. The standard does not forbid the address, so the iterator
/// itself does not reject it.
pub fn first_da_is_llc_snap(body: &[u8]) -> bool {
    body.starts_with(&super::llc::RFC1042_HEADER)
}

/// Walks a whole A-MSDU and returns how many subframes it holds; the first error otherwise.
pub fn check_amsdu(body: &[u8]) -> Result<usize> {
    let mut n = 0;
    for sub in AmsduIter::new(body) {
        sub?;
        n += 1;
    }
    Ok(n)
}

/// Writes subframes one after another, padding between them and never after the last.
#[derive(Debug)]
pub struct AmsduWriter<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl<'b> AmsduWriter<'b> {
    /// Writes from the start of `buf` (size it with [`amsdu_len`]).
    pub fn new(buf: &'b mut [u8]) -> AmsduWriter<'b> {
        AmsduWriter { buf, pos: 0 }
    }

    /// Octets written so far: the length of the A-MSDU built so far.
    pub fn len(&self) -> usize {
        self.pos
    }

    /// True before the first subframe.
    pub fn is_empty(&self) -> bool {
        self.pos == 0
    }

    /// Appends a subframe, preceded by the padding the previous one needs.
    ///
    /// `BadLength` when the MSDU is longer than a Length field can say, `NoSpace` when the
    /// buffer is too small; in both cases nothing is written.
    pub fn push(&mut self, sub: &AmsduSubframe<'_>) -> Result<()> {
        let Ok(len) = u16::try_from(sub.payload.len()) else {
            return Err(Error::new(ErrorKind::BadLength, "A-MSDU subframe longer than 65535 octets"));
        };
        let pad = if self.pos == 0 { 0 } else { padding_after(self.pos) };
        let end = self.pos + pad + sub.buffer_len();
        if end > self.buf.len() {
            return Err(Error::new(ErrorKind::NoSpace, "A-MSDU writer"));
        }
        let out = &mut self.buf[self.pos..end];
        out[..pad].fill(0);
        let out = &mut out[pad..];
        out[0..6].copy_from_slice(&sub.da.0);
        out[6..12].copy_from_slice(&sub.sa.0);
        put_be16(&mut out[12..14], len);
        out[SUBFRAME_HEADER_LEN..].copy_from_slice(sub.payload);
        self.pos = end;
        Ok(())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    // fragattacks__eapol-amsdu_BP-fromap.pcapng frame 43, body after the 26-octet QoS header
    // (A-MSDU Present set, unprotected). This is the FragAttacks frame whose LLC/SNAP + EAPOL
    // header doubles as a first subframe header; as an A-MSDU it is well-formed: a 6-octet
    // subframe (20 octets, no padding needed) and a 50-octet IPv4 ping subframe, unpadded.
    const BP_BODY: &str = "aaaa03000000888e0100004800064141414141415af7192bed5e6470022fd7670032aaaa03000000\
                           08004500002a0001000040017cd07f0000017f0000010800091400000000746573745f70696e675f69636d70";

    #[test]
    fn deconstruct_capture_amsdu() {
        let body = hex(BP_BODY);
        let subs: Vec<_> = AmsduIter::new(&body).map(Result::unwrap).collect();
        assert_eq!(subs.len(), 2);
        assert_eq!(subs[0].da, MacAddr([0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00]));
        assert_eq!(subs[0].sa, MacAddr([0x88, 0x8e, 0x01, 0x00, 0x00, 0x48]));
        assert_eq!(subs[0].payload, b"AAAAAA");
        assert_eq!(subs[1].da, MacAddr([0x5a, 0xf7, 0x19, 0x2b, 0xed, 0x5e]));
        assert_eq!(subs[1].sa, MacAddr([0x64, 0x70, 0x02, 0x2f, 0xd7, 0x67]));
        assert_eq!(subs[1].payload.len(), 50);
        assert!(subs[1].payload.ends_with(b"test_ping_icmp"));
        assert_eq!(check_amsdu(&body), Ok(2));
        assert!(first_da_is_llc_snap(&body));
        assert!(!first_da_is_llc_snap(&body[20..]));
    }

    #[test]
    fn construct_capture_amsdu() {
        let body = hex(BP_BODY);
        let subs: Vec<_> = AmsduIter::new(&body).map(Result::unwrap).collect();
        let len = amsdu_len(subs.iter().map(|s| s.payload.len()));
        assert_eq!(len, body.len());
        let mut out = vec![0xa5; len];
        let mut w = AmsduWriter::new(&mut out);
        for s in &subs {
            w.push(s).unwrap();
        }
        assert_eq!(w.len(), len);
        assert_eq!(out, body);
    }

    fn sub(n: u8, payload: &[u8]) -> AmsduSubframe<'_> {
        AmsduSubframe { da: MacAddr([2, 0, 0, 0, 0, n]), sa: MacAddr([2, 0, 0, 0, 1, n]), payload }
    }

    #[test]
    fn padding_between_not_after() {
        let mut out = [0xffu8; 64];
        let mut w = AmsduWriter::new(&mut out);
        w.push(&sub(1, b"x")).unwrap(); // 15 octets, 1 octet of padding follows
        w.push(&sub(2, b"yz")).unwrap(); // starts at 16, 16 octets, unpadded
        let n = w.len();
        assert_eq!(n, 32);
        assert_eq!(n, amsdu_len([1, 2]));
        assert_eq!(out[15], 0);
        assert_eq!(&out[16 + 12..16 + 14], &[0, 2]);
        let got: Vec<_> = AmsduIter::new(&out[..n]).map(Result::unwrap).collect();
        assert_eq!(got, [sub(1, b"x"), sub(2, b"yz")]);
        assert_eq!(amsdu_len([]), 0);
    }

    #[test]
    fn trailing_padding_tolerated_only_up_to_the_pad() {
        let mut buf = [0u8; 64];
        let mut w = AmsduWriter::new(&mut buf);
        w.push(&sub(1, b"a")).unwrap(); // 15 octets: its pad would be 1
        let n = w.len();
        assert_eq!(check_amsdu(&buf[..n]), Ok(1)); // unpadded last subframe
        assert_eq!(check_amsdu(&buf[..n + 1]), Ok(1)); // padded last subframe
        // Two stray octets: one is padding, the other cannot be a subframe header.
        let mut it = AmsduIter::new(&buf[..n + 2]);
        assert!(it.next().unwrap().is_ok());
        assert_eq!(it.next().unwrap().unwrap_err().kind(), ErrorKind::Truncated);
        assert!(it.next().is_none());
        // A last subframe of 16 octets has no padding to tolerate.
        let mut buf = [0u8; 20];
        AmsduWriter::new(&mut buf).push(&sub(1, b"ab")).unwrap();
        assert_eq!(check_amsdu(&buf[..16]), Ok(1));
        assert!(check_amsdu(&buf[..17]).is_err());
    }

    #[test]
    fn lengths_past_the_end_are_errors() {
        let body = hex(BP_BODY);
        // Cut inside the second MSDU.
        let mut it = AmsduIter::new(&body[..body.len() - 1]);
        assert!(it.next().unwrap().is_ok());
        let e = it.next().unwrap().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Truncated);
        assert!(it.next().is_none());
        assert!(check_amsdu(&body[..13]).is_err());
        assert_eq!(check_amsdu(&[]), Ok(0));
    }

    #[test]
    fn writer_errors_write_nothing() {
        let mut buf = [0u8; 20];
        let mut w = AmsduWriter::new(&mut buf);
        w.push(&sub(1, b"abc")).unwrap(); // 17 octets
        assert_eq!(w.push(&sub(2, b"")).unwrap_err().kind(), ErrorKind::NoSpace);
        assert_eq!(w.len(), 17);
        let big = vec![0u8; 70_000];
        let mut space = vec![0u8; 70_100];
        let e = AmsduWriter::new(&mut space).push(&sub(3, &big)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadLength);
    }

    proptest! {
        #[test]
        fn round_trip(msdus in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..40), 1..8)) {
            let subs: Vec<_> = msdus.iter().enumerate().map(|(i, m)| sub(i as u8, m)).collect();
            let len = amsdu_len(msdus.iter().map(Vec::len));
            let mut buf = vec![0u8; len];
            let mut w = AmsduWriter::new(&mut buf);
            for s in &subs {
                w.push(s).unwrap();
            }
            prop_assert_eq!(w.len(), len);
            // Exact length: every subframe but the last rounded up to four octets, the last bare.
            let (last, init) = msdus.split_last().unwrap();
            let expected: usize = init.iter().map(|m| (14 + m.len()).div_ceil(4) * 4).sum::<usize>() + 14 + last.len();
            prop_assert_eq!(len, expected);
            prop_assert!(buf.ends_with(last));
            let parsed: Vec<_> = AmsduIter::new(&buf).collect::<Result<_>>().unwrap();
            prop_assert_eq!(&parsed, &subs);
            let mut again = vec![0u8; len];
            let mut w = AmsduWriter::new(&mut again);
            for s in &parsed {
                w.push(s).unwrap();
            }
            prop_assert_eq!(again, buf);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..96)) {
            let mut errors = 0;
            let mut consumed = 0;
            for s in AmsduIter::new(&bytes) {
                match s {
                    Ok(s) => consumed += s.buffer_len(),
                    Err(_) => errors += 1,
                }
            }
            prop_assert!(errors <= 1);
            prop_assert!(consumed <= bytes.len());
            let _ = check_amsdu(&bytes);
        }
    }
}
