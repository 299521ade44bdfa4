//! Frame Check Sequence (802.11-2020 9.2.4.8): CRC-32 over header and body.
//!
//! The FCS is the IEEE 802.3 CRC-32 (reflected polynomial 0xEDB88320, initial value and final
//! XOR all ones), transmitted least significant octet first. Radios usually strip it before the
//! host sees a frame; captures may keep it (radiotap Flags bit 0x10 says so). Everything else in
//! this codec works on frames *without* FCS.

use super::{Error, ErrorKind, Result};

/// Length of the FCS in octets.
pub const FCS_LEN: usize = 4;

/// CRC-32 of `frame` (header and body, without FCS).
#[inline]
pub fn compute(frame: &[u8]) -> u32 {
    crc32fast::hash(frame)
}

/// Checks the trailing FCS of `frame_with_fcs` and returns the frame without it.
pub fn check(frame_with_fcs: &[u8]) -> Result<&[u8]> {
    let (frame, fcs) = split(frame_with_fcs)?;
    if compute(frame) == fcs { Ok(frame) } else { Err(Error::new(ErrorKind::BadFcs, "FCS")) }
}

/// Splits off the trailing four FCS octets without checking them.
pub fn split(frame_with_fcs: &[u8]) -> Result<(&[u8], u32)> {
    let Some(at) = frame_with_fcs.len().checked_sub(FCS_LEN) else {
        return Err(Error::new(ErrorKind::Truncated, "FCS"));
    };
    let (frame, fcs) = frame_with_fcs.split_at(at);
    Ok((frame, u32::from_le_bytes([fcs[0], fcs[1], fcs[2], fcs[3]])))
}

/// Appends the FCS of the current contents of `buf`.
pub fn append(buf: &mut Vec<u8>) {
    let fcs = compute(buf);
    buf.extend_from_slice(&fcs.to_le_bytes());
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // The CCMP test MPDU of 802.11-2012 M.6.4 ends with FCS 1d 99 f0 66 over the encrypted frame.
    const CCMP_MPDU: &str = "0848c32c0fd2e128a57c5030f1844408abaea5b8fcba80330ce70020769703b5\
                             f3d0a2fe9a3dbf2342a643e43246e80c3c04d0197845ce0b16f97623";

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn standard_vector() {
        let mut frame = hex(CCMP_MPDU);
        append(&mut frame);
        assert_eq!(&frame[frame.len() - 4..], &[0x1d, 0x99, 0xf0, 0x66]);
        assert_eq!(check(&frame).unwrap().len(), frame.len() - 4);
    }

    #[test]
    fn detects_corruption_and_short_input() {
        let mut frame = hex(CCMP_MPDU);
        append(&mut frame);
        frame[5] ^= 1;
        assert_eq!(check(&frame).unwrap_err().kind(), ErrorKind::BadFcs);
        assert_eq!(check(&[1, 2, 3]).unwrap_err().kind(), ErrorKind::Truncated);
        assert_eq!(check(&[]).unwrap_err().kind(), ErrorKind::Truncated);
    }

    proptest! {
        #[test]
        fn never_panics_and_appended_fcs_checks(frame in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = (check(&frame), split(&frame));
            let mut with_fcs = frame.clone();
            append(&mut with_fcs);
            prop_assert_eq!(check(&with_fcs), Ok(&frame[..]));
            prop_assert_eq!(split(&with_fcs), Ok((&frame[..], compute(&frame))));
        }
    }
}
