//! Beacon and Probe Response bodies (802.11-2020 9.3.3.3, 9.3.3.11).
//!
//! Both bodies open with the same fixed fields, then a run of elements:
//!
//! | octets | field |
//! |---|---|
//! | 0..8 | Timestamp (TSF, µs, little-endian) |
//! | 8..10 | Beacon Interval (TU) |
//! | 10..12 | Capability Information |
//! | 12.. | elements |
//!
//! [`Beacon`] views a body (the bytes after the MAC header); [`BeaconRepr`] serves both
//! subtypes. `check_len` covers the fixed fields only, so the fixed fields of a frame whose
//! element run is broken can still be read; [`BeaconRepr::parse`] also walks the elements and
//! fails if one runs past the end. The element bytes are kept as they are, so re-emitting a
//! parsed body reproduces it exactly.

use super::CapabilityInfo;
use crate::wire::bytes::{le16, le64, put_le16, put_le64};
use crate::wire::{Elements, Error, ErrorKind, Result};

mod field {
    use core::ops::{Range, RangeFrom};
    pub const TIMESTAMP: Range<usize> = 0..8;
    pub const BEACON_INTERVAL: Range<usize> = 8..10;
    pub const CAPABILITY: Range<usize> = 10..12;
    pub const ELEMENTS: RangeFrom<usize> = 12..;
}

/// Length of the fixed fields.
pub const FIXED_LEN: usize = field::ELEMENTS.start;

/// A read/write view of a Beacon or Probe Response body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Beacon<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Beacon<T> {
    /// Wraps a body without checking it.
    pub const fn new_unchecked(buffer: T) -> Beacon<T> {
        Beacon { buffer }
    }

    /// Wraps a body and checks that the fixed fields are present.
    pub fn new_checked(buffer: T) -> Result<Beacon<T>> {
        let b = Self::new_unchecked(buffer);
        b.check_len()?;
        Ok(b)
    }

    /// Checks that the fixed fields are present (the elements are not looked at).
    pub fn check_len(&self) -> Result<()> {
        if self.buffer.as_ref().len() < FIXED_LEN {
            return Err(Error::new(ErrorKind::Truncated, "beacon fixed fields"));
        }
        Ok(())
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Timestamp: the sender's TSF timer in microseconds.
    #[inline]
    pub fn timestamp(&self) -> u64 {
        le64(&self.buffer.as_ref()[field::TIMESTAMP])
    }

    /// Beacon Interval in time units (1024 µs).
    #[inline]
    pub fn beacon_interval(&self) -> u16 {
        le16(&self.buffer.as_ref()[field::BEACON_INTERVAL])
    }

    /// Capability Information.
    #[inline]
    pub fn capability(&self) -> CapabilityInfo {
        CapabilityInfo(le16(&self.buffer.as_ref()[field::CAPABILITY]))
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Beacon<&'a T> {
    /// The element run after the fixed fields (not checked; see [`Elements::check`]).
    #[inline]
    pub fn elements(&self) -> Elements<'a> {
        Elements::new(&self.buffer.as_ref()[field::ELEMENTS])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Beacon<T> {
    /// Sets the Timestamp.
    #[inline]
    pub fn set_timestamp(&mut self, v: u64) {
        put_le64(&mut self.buffer.as_mut()[field::TIMESTAMP], v)
    }
    /// Sets the Beacon Interval.
    #[inline]
    pub fn set_beacon_interval(&mut self, v: u16) {
        put_le16(&mut self.buffer.as_mut()[field::BEACON_INTERVAL], v)
    }
    /// Sets the Capability Information.
    #[inline]
    pub fn set_capability(&mut self, c: CapabilityInfo) {
        put_le16(&mut self.buffer.as_mut()[field::CAPABILITY], c.0)
    }
    /// Everything after the fixed fields, mutable.
    #[inline]
    pub fn elements_mut(&mut self) -> &mut [u8] {
        &mut self.buffer.as_mut()[field::ELEMENTS]
    }
}

/// High-level representation of a Beacon or Probe Response body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BeaconRepr<'a> {
    /// Timestamp (TSF, µs).
    pub timestamp: u64,
    /// Beacon Interval (TU).
    pub beacon_interval: u16,
    /// Capability Information.
    pub capability: CapabilityInfo,
    /// The elements, byte for byte.
    pub elements: Elements<'a>,
}

impl<'a> BeaconRepr<'a> {
    /// Parses a body; fails if the fixed fields are cut or the element run is broken.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(body: &Beacon<&'a T>) -> Result<BeaconRepr<'a>> {
        body.check_len()?;
        let elements = body.elements();
        elements.check()?;
        Ok(BeaconRepr {
            timestamp: body.timestamp(),
            beacon_interval: body.beacon_interval(),
            capability: body.capability(),
            elements,
        })
    }

    /// Octets `emit` writes.
    pub fn buffer_len(&self) -> usize {
        FIXED_LEN + self.elements.as_bytes().len()
    }

    /// Writes the body into the start of `body`, which holds at least `buffer_len()` octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, body: &mut Beacon<T>) {
        body.set_timestamp(self.timestamp);
        body.set_beacon_interval(self.beacon_interval);
        body.set_capability(self.capability);
        let e = self.elements.as_bytes();
        body.elements_mut()[..e.len()].copy_from_slice(e);
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::ElementId;
    use crate::wire::mgmt::testutil::{arb_elements, unhex};
    use proptest::prelude::*;

    /// Beacon body of aircrack-ng__wep.open.system.authentication.cap frame 1 ("teddy").
    fn teddy() -> Vec<u8> {
        unhex(concat!(
            "81b182e604000000",             // timestamp
            "6400",                         // beacon interval 100 TU
            "1100",                         // capability: ESS, Privacy
            "00057465646479",               // SSID "teddy"
            "010482848b96",                 // Supported Rates 1 2 5.5 11
            "030109",                       // DS Parameter Set: channel 9
            "050400010000",                 // TIM
            "dd0c00037f020101000002a40000", // vendor (Atheros)
        ))
    }

    #[test]
    fn deconstruct_teddy() {
        let body = teddy();
        let b = Beacon::new_checked(&body[..]).unwrap();
        assert_eq!(b.timestamp(), 0x0000_0004_e682_b181);
        assert_eq!(b.beacon_interval(), 100);
        assert_eq!(b.capability(), CapabilityInfo(0x0011));
        let ids: Vec<u8> = b.elements().iter().map(|e| e.unwrap().raw_id()).collect();
        assert_eq!(ids, [0, 1, 3, 5, 221]);
        let repr = BeaconRepr::parse(&b).unwrap();
        assert_eq!(repr.elements.find(ElementId::Ssid).unwrap().data(), b"teddy");
        assert_eq!(repr.buffer_len(), body.len());
    }

    #[test]
    fn construct_teddy() {
        let body = teddy();
        let repr = BeaconRepr::parse(&Beacon::new_unchecked(&body[..])).unwrap();
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Beacon::new_unchecked(&mut out[..]));
        assert_eq!(out, body);
    }

    #[test]
    fn truncated_and_broken_elements() {
        let body = teddy();
        let err = Beacon::new_checked(&body[..11]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Truncated);
        // Cut inside the vendor element: fixed fields still readable, parse fails.
        let cut = &body[..body.len() - 1];
        let b = Beacon::new_checked(cut).unwrap();
        assert_eq!(b.beacon_interval(), 100);
        assert_eq!(BeaconRepr::parse(&b).unwrap_err().kind(), ErrorKind::Truncated);
        // Fixed fields only: an empty element run is fine.
        assert!(BeaconRepr::parse(&Beacon::new_unchecked(&body[..12])).unwrap().elements.check().is_ok());
    }

    proptest! {
        #[test]
        fn round_trip(ts: u64, bi: u16, cap: u16, elems in arb_elements()) {
            let repr = BeaconRepr {
                timestamp: ts,
                beacon_interval: bi,
                capability: CapabilityInfo(cap),
                elements: Elements::new(&elems),
            };
            let mut buf = vec![0; repr.buffer_len()];
            repr.emit(&mut Beacon::new_unchecked(&mut buf[..]));
            let parsed = BeaconRepr::parse(&Beacon::new_unchecked(&buf[..])).unwrap();
            prop_assert_eq!(parsed, repr);
            let mut again = vec![0; parsed.buffer_len()];
            parsed.emit(&mut Beacon::new_unchecked(&mut again[..]));
            prop_assert_eq!(again, buf);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let b = Beacon::new_unchecked(&bytes[..]);
            if b.check_len().is_ok() {
                let _ = (b.timestamp(), b.beacon_interval(), b.capability());
                let _ = b.elements().iter().count();
            }
            if let Ok(r) = BeaconRepr::parse(&b) {
                let mut out = vec![0; r.buffer_len()];
                r.emit(&mut Beacon::new_unchecked(&mut out[..]));
                prop_assert_eq!(out, bytes);
            }
        }
    }
}
