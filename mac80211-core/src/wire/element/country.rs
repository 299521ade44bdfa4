//! The Country element (802.11-2020 9.4.2.8).
//!
//! Layout: Country String (3: two ISO 3166 letters and an environment octet: space for any
//! environment, `O` outdoor, `I` indoor, `X` non-country entity, or an operating-class table
//! number), then triplets of three octets, then an optional pad octet that keeps the element
//! length even. A triplet whose first octet is 201 or more is an Operating Extension triplet
//! (extension identifier, operating class, coverage class); any other is a Subband triplet
//! (first channel, number of channels, maximum transmit power in dBm). Subband triplets after
//! an Operating triplet belong to that operating class; [`CountryTripletIter`] yields them flat
//! in wire order and leaves the grouping to the caller.
//!
//! Contract: a body shorter than the country string is [`ErrorKind::Truncated`]; a tail that
//! is neither whole triplets nor whole triplets plus one pad octet is [`ErrorKind::BadLength`].
//! The pad octet is kept as read so that re-emission is byte-exact.

use super::cursor::{Reader, Writer};
use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::{Error, ErrorKind, Result};
use core::fmt;

/// First octet value that marks an Operating Extension triplet.
pub const OPERATING_EXTENSION_MIN: u8 = 201;

/// One triplet of a Country element.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum CountryTriplet {
    /// A run of channels with a common power limit.
    Subband {
        /// First channel of the run (below 201).
        first_channel: u8,
        /// Number of channels in the run.
        num_channels: u8,
        /// Maximum transmit power, dBm.
        max_tx_power_dbm: i8,
    },
    /// An operating class that the following subband triplets refer to.
    Operating {
        /// Operating Extension Identifier (201 or more).
        extension_id: u8,
        /// Operating class.
        operating_class: u8,
        /// Coverage class (air propagation time allowance).
        coverage_class: u8,
    },
}

impl CountryTriplet {
    /// Decodes three octets.
    pub fn from_bytes(b: [u8; 3]) -> CountryTriplet {
        if b[0] >= OPERATING_EXTENSION_MIN {
            CountryTriplet::Operating { extension_id: b[0], operating_class: b[1], coverage_class: b[2] }
        } else {
            CountryTriplet::Subband {
                first_channel: b[0],
                num_channels: b[1],
                max_tx_power_dbm: i8::from_ne_bytes([b[2]]),
            }
        }
    }

    /// Encodes as three octets.
    pub fn to_bytes(self) -> [u8; 3] {
        match self {
            CountryTriplet::Subband { first_channel, num_channels, max_tx_power_dbm } => {
                [first_channel, num_channels, max_tx_power_dbm.to_ne_bytes()[0]]
            }
            CountryTriplet::Operating { extension_id, operating_class, coverage_class } => {
                [extension_id, operating_class, coverage_class]
            }
        }
    }
}

/// Iterates over the triplets of a Country element; never fails.
#[derive(Clone, Debug)]
pub struct CountryTripletIter<'a> {
    inner: core::slice::ChunksExact<'a, u8>,
}

impl Iterator for CountryTripletIter<'_> {
    type Item = CountryTriplet;

    fn next(&mut self) -> Option<CountryTriplet> {
        let c = self.inner.next()?;
        Some(CountryTriplet::from_bytes([c[0], c[1], c[2]]))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for CountryTripletIter<'_> {}

/// A Country element as found in a frame.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Country<'a> {
    country: [u8; 3],
    triplets: &'a [u8],
    pad: Option<u8>,
}

impl<'a> Country<'a> {
    /// Reads an element body.
    #[inline]
    pub fn from_body(body: &'a [u8]) -> Result<Country<'a>> {
        let mut r = Reader::new(body);
        let country = *r.array::<3>("Country string")?;
        let rest = r.rest();
        let (triplets, pad) = match rest.len() % 3 {
            0 => (rest, None),
            1 => (&rest[..rest.len() - 1], rest.last().copied()),
            _ => return Err(Error::new(ErrorKind::BadLength, "Country triplets")),
        };
        Ok(Country { country, triplets, pad })
    }

    /// The three-octet country string.
    #[inline]
    pub fn country_string(&self) -> [u8; 3] {
        self.country
    }

    /// The two-letter country code.
    #[inline]
    pub fn code(&self) -> [u8; 2] {
        [self.country[0], self.country[1]]
    }

    /// The environment octet (space, `O`, `I`, `X` or a table number).
    #[inline]
    pub fn environment(&self) -> u8 {
        self.country[2]
    }

    /// Iterates over the triplets.
    #[inline]
    pub fn triplets(&self) -> CountryTripletIter<'a> {
        CountryTripletIter { inner: self.triplets.chunks_exact(3) }
    }

    /// The pad octet, when present.
    #[inline]
    pub fn pad(&self) -> Option<u8> {
        self.pad
    }
}

impl<'a> ElementType<'a> for Country<'a> {
    const ID: ElementId = ElementId::Country;

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        Country::from_body(element.body())
    }
}

impl EmitElement for Country<'_> {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::Country
    }
    #[inline]
    fn body_len(&self) -> usize {
        3 + self.triplets.len() + usize::from(self.pad.is_some())
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        let mut w = Writer::new(buf);
        w.bytes(&self.country).bytes(self.triplets);
        if let Some(p) = self.pad {
            w.u8(p);
        }
    }
}

impl fmt::Debug for Country<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Country")
            .field("country", &String::from_utf8_lossy(&self.country))
            .field("triplets", &self.triplets().collect::<Vec<_>>())
            .field("pad", &self.pad)
            .finish()
    }
}

/// An owned Country element.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct CountryRepr {
    /// Country string: two letters and the environment octet.
    pub country: [u8; 3],
    /// Triplets in order.
    pub triplets: Vec<CountryTriplet>,
    /// Pad octet, when present (the standard wants one exactly when the length would be odd).
    pub pad: Option<u8>,
}

impl CountryRepr {
    /// A Country element with a zero pad octet added when the length would otherwise be odd.
    #[inline]
    pub fn new(country: [u8; 3], triplets: Vec<CountryTriplet>) -> CountryRepr {
        let pad = triplets.len().is_multiple_of(2).then_some(0);
        CountryRepr { country, triplets, pad }
    }

    /// Reads a parsed Country element.
    pub fn parse(c: &Country<'_>) -> Result<CountryRepr> {
        Ok(CountryRepr { country: c.country, triplets: c.triplets().collect(), pad: c.pad })
    }

    /// Octets the body occupies.
    pub fn buffer_len(&self) -> usize {
        3 + 3 * self.triplets.len() + usize::from(self.pad.is_some())
    }
}

impl EmitElement for CountryRepr {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::Country
    }
    #[inline]
    fn body_len(&self) -> usize {
        self.buffer_len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        let mut w = Writer::new(buf);
        w.bytes(&self.country);
        for t in &self.triplets {
            w.bytes(&t.to_bytes());
        }
        if let Some(p) = self.pad {
            w.u8(p);
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // aircrack-ng__capture_wds-01.cap frame 3 (beacon): "ES ", four subbands, pad.
    static WDS_COUNTRY: [u8; 18] = [
        7, 16, 0x45, 0x53, 0x20, 0x24, 0x04, 0x17, 0x34, 0x04, 0x14, 0x64, 0x0b, 0x1a, 0x95, 0x05, 0x0d, 0x00,
    ];

    fn sub(first_channel: u8, num_channels: u8, max_tx_power_dbm: i8) -> CountryTriplet {
        CountryTriplet::Subband { first_channel, num_channels, max_tx_power_dbm }
    }

    #[test]
    fn deconstruct_country() {
        let c = Elements::new(&WDS_COUNTRY).get::<Country>().unwrap().unwrap();
        assert_eq!(&c.code(), b"ES");
        assert_eq!(c.environment(), b' ');
        let t: Vec<_> = c.triplets().collect();
        assert_eq!(t, [sub(36, 4, 23), sub(52, 4, 20), sub(100, 11, 26), sub(149, 5, 13)]);
        assert_eq!(c.pad(), Some(0));
    }

    #[test]
    fn construct_country() {
        let repr = CountryRepr::new(
            *b"ES ",
            vec![sub(36, 4, 23), sub(52, 4, 20), sub(100, 11, 26), sub(149, 5, 13)],
        );
        let mut v = Vec::new();
        push_element(&mut v, &repr).unwrap();
        assert_eq!(v, WDS_COUNTRY);
        // aircrack-ng__test1.pcap frame 1: "UA ", channels 1-13 at 20 dBm, no pad.
        let mut v = Vec::new();
        push_element(&mut v, &CountryRepr::new(*b"UA ", vec![sub(1, 13, 20)])).unwrap();
        assert_eq!(v, [7, 6, 0x55, 0x41, 0x20, 0x01, 0x0d, 0x14]);
    }

    #[test]
    fn operating_triplets_and_errors() {
        let c = Country::from_body(&[b'U', b'S', 4, 201, 81, 0, 1, 11, 30]).unwrap();
        let t: Vec<_> = c.triplets().collect();
        assert_eq!(
            t,
            [
                CountryTriplet::Operating { extension_id: 201, operating_class: 81, coverage_class: 0 },
                sub(1, 11, 30)
            ]
        );
        assert_eq!(c.pad(), None);
        assert_eq!(Country::from_body(b"US").unwrap_err().kind(), ErrorKind::Truncated);
        assert_eq!(Country::from_body(b"US 12").unwrap_err().kind(), ErrorKind::BadLength);
        assert_eq!(Country::from_body(b"US \0").unwrap().triplets().count(), 0);
    }

    fn triplet() -> impl Strategy<Value = CountryTriplet> {
        any::<[u8; 3]>().prop_map(CountryTriplet::from_bytes)
    }

    proptest! {
        #[test]
        fn round_trip(
            country in any::<[u8; 3]>(),
            triplets in proptest::collection::vec(triplet(), 0..84),
            pad in proptest::option::of(any::<u8>()),
        ) {
            let repr = CountryRepr { country, triplets, pad };
            let mut v = Vec::new();
            push_element(&mut v, &repr).unwrap();
            let c = Elements::new(&v).get::<Country>().unwrap().unwrap();
            prop_assert_eq!(&CountryRepr::parse(&c).unwrap(), &repr);
            let mut again = Vec::new();
            push_element(&mut again, &c).unwrap();
            prop_assert_eq!(again, v);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=255)) {
            if let Ok(c) = Country::parse(Element::new(7, &bytes)) {
                let _ = (c.triplets().count(), format!("{c:?}"), c.code(), c.environment());
            }
        }
    }
}
