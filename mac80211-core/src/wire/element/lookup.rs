//! Many typed lookups over one element run, walking it about once (802.11-2020 9.4.2).
//!
//! [`Elements::get`] walks the run from its first element on every call, so a receiver that
//! reads a dozen elements of a beacon walks the run a dozen times. [`ElementLookup`] answers
//! the same questions while remembering how far it has walked and which Element IDs it has
//! passed. A lookup for a type whose ID does not occur before that point can only find its first
//! match further on, so it continues from there; a lookup whose ID has been passed (a repeated
//! lookup, a duplicate ID, vendor elements after the first one) falls back to a walk from the
//! start. The elements of a management body follow the order 802.11-2020 prescribes (for a
//! beacon, Table 9-32), so looking them up in that order walks the run once.
//!
//! Contract: for every byte run and every sequence of calls, `lookup.get::<E>()` returns exactly
//! what `elements.get::<E>()` returns, errors included: the element run is parsed by the same
//! iterator, which reads an element the same way wherever its walk started. This relies on
//! [`ElementType::matches`] accepting only elements whose ID is [`ElementType::ID`], which every
//! element type in this crate does. Nothing is allocated; the state is a position and a
//! 256-bit set.

use super::{ElementIter, ElementType, Elements};
use crate::wire::Result;

/// A cursor for typed lookups over one element run; see the module documentation.
#[derive(Clone, Debug)]
pub struct ElementLookup<'a> {
    elements: Elements<'a>,
    /// Octets of the run already walked: every element before this offset was well-formed.
    walked: usize,
    /// Bit `id` is set when an element with that ID lies before `walked`.
    passed: [u64; 4],
}

impl<'a> ElementLookup<'a> {
    /// A lookup over `elements` that has walked nothing yet.
    #[inline]
    pub fn new(elements: Elements<'a>) -> ElementLookup<'a> {
        ElementLookup { elements, walked: 0, passed: [0; 4] }
    }

    /// The first element of type `E`, parsed: the same answer as [`Elements::get`].
    #[inline]
    pub fn get<E: ElementType<'a>>(&mut self) -> Option<Result<E>> {
        if self.has_passed(E::ID.value()) {
            // A match may lie behind the cursor; only a walk from the start finds the first.
            return self.elements.get::<E>();
        }
        let all = self.elements.as_bytes();
        let mut iter = ElementIter::new(&all[self.walked..]);
        while let Some(element) = iter.next() {
            let element = match element {
                Ok(e) => e,
                // The cursor stays before the broken element, so later lookups that walk
                // forward report the same error, as a walk from the start would.
                Err(err) => return Some(Err(err)),
            };
            self.walked = all.len() - iter.remaining().len();
            self.pass(element.raw_id());
            if E::matches(&element) {
                return Some(E::parse(element));
            }
        }
        None
    }

    /// The element run being looked up.
    #[inline]
    pub fn elements(&self) -> Elements<'a> {
        self.elements
    }

    #[inline]
    fn has_passed(&self, id: u8) -> bool {
        self.passed[usize::from(id >> 6)] & (1 << (id & 63)) != 0
    }

    #[inline]
    fn pass(&mut self, id: u8) {
        self.passed[usize::from(id >> 6)] |= 1 << (id & 63);
    }
}

impl<'a> Elements<'a> {
    /// A cursor that answers many typed lookups while walking the run about once.
    #[inline]
    pub fn lookup(&self) -> ElementLookup<'a> {
        ElementLookup::new(*self)
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{
        BssLoad, DsParams, HeCapabilities, Rsn, Ssid, Tim, VendorSpecific, WmmInfo, WmmParam, Wpa,
    };
    use crate::wire::{Error, ErrorKind};
    use proptest::prelude::*;

    /// aircrack-ng__capture_wds-01.cap frame 3: the beacon's element run.
    const WDS_BEACON_ELEMENTS: &str = concat!(
        "00057465737431",
        "01088c129824b048606c",
        "03018c",
        "050401020000",
        "0710455320240417340414640b1a95050d00",
        "200103",
        "30140100000fac040100000fac040100000fac020c00",
        "0b050100000000",
        "3b027900",
        "2d1a4c001bffff000000000000000000000100000000000000000000",
        "3d168c000400000000000000000000000000000000000000",
        "7f080400000000000140",
        "dd180050f2020101800003a4000027a4000042435e0062322f00",
    );

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    /// `lookup.get::<E>()` and `elements.get::<E>()`, as comparable text.
    fn both<'a, E: ElementType<'a> + core::fmt::Debug>(
        lookup: &mut ElementLookup<'a>,
        elements: Elements<'a>,
    ) -> (String, String) {
        (format!("{:?}", lookup.get::<E>()), format!("{:?}", elements.get::<E>()))
    }

    #[test]
    fn in_order_lookups_walk_once() {
        let bytes = unhex(WDS_BEACON_ELEMENTS);
        let elements = Elements::new(&bytes);
        let mut l = elements.lookup();
        assert_eq!(l.get::<Ssid>().unwrap().unwrap().as_bytes(), b"test1");
        assert_eq!(l.get::<DsParams>().unwrap().unwrap().current_channel, 140);
        assert_eq!(l.get::<Tim>().unwrap().unwrap().dtim_period(), 2);
        assert!(l.get::<Rsn>().unwrap().is_ok());
        assert_eq!(l.get::<BssLoad>().unwrap().unwrap().station_count, 1);
        assert!(l.get::<WmmParam>().unwrap().is_ok());
        assert_eq!(l.walked, bytes.len());
        // Nothing more: absent types are None, passed ones fall back to a full walk.
        assert!(l.get::<Wpa>().is_none());
        assert!(l.get::<HeCapabilities>().is_none());
        assert_eq!(l.get::<Ssid>().unwrap().unwrap().as_bytes(), b"test1");
    }

    #[test]
    fn out_of_order_and_broken_runs_agree_with_get() {
        let mut bytes = unhex(WDS_BEACON_ELEMENTS);
        let elements = Elements::new(&bytes);
        let mut l = elements.lookup();
        assert!(l.get::<WmmParam>().unwrap().is_ok());
        assert_eq!(l.get::<Ssid>().unwrap().unwrap().as_bytes(), b"test1");
        // Cut inside the WMM element: lookups before the break succeed, others report it.
        bytes.truncate(bytes.len() - 1);
        let elements = Elements::new(&bytes);
        let mut l = elements.lookup();
        let (got, want) = both::<WmmParam>(&mut l, elements);
        assert_eq!(got, want);
        assert_eq!(
            l.get::<Wpa>().unwrap().unwrap_err(),
            Error::new(ErrorKind::Truncated, "element length runs past the end")
        );
        assert_eq!(l.get::<BssLoad>().unwrap().unwrap().station_count, 1);
    }

    /// Element runs made of the IDs the typed lookups below ask for, with vendor bodies that
    /// are WPA, WMM or something else, so duplicates, order and breaks all occur.
    fn arb_run() -> impl Strategy<Value = Vec<u8>> {
        let body = |id: u8| -> BoxedStrategy<Vec<u8>> {
            match id {
                221 => prop_oneof![
                    Just(unhex("0050f2020101800003a4000027a4000042435e0062322f00")),
                    Just(unhex("0050f2020001")),
                    Just(unhex("0050f20101000050f20201000050f20201000050f202")),
                    proptest::collection::vec(any::<u8>(), 0..8),
                ]
                .boxed(),
                255 => prop_oneof![Just(vec![35u8; 1]), proptest::collection::vec(any::<u8>(), 1..8)].boxed(),
                _ => proptest::collection::vec(any::<u8>(), 0..8).boxed(),
            }
        };
        let element = prop::sample::select(vec![0u8, 3, 5, 11, 48, 221, 221, 255])
            .prop_flat_map(move |id| (Just(id), body(id)));
        (proptest::collection::vec(element, 0..10), proptest::collection::vec(any::<u8>(), 0..3)).prop_map(
            |(elements, tail)| {
                let mut out = Vec::new();
                for (id, data) in elements {
                    out.push(id);
                    out.push(data.len() as u8);
                    out.extend_from_slice(&data);
                }
                out.extend_from_slice(&tail); // often a broken last element
                out
            },
        )
    }

    proptest! {
        #[test]
        fn every_lookup_sequence_agrees_with_get(run in arb_run(), order in proptest::collection::vec(0u8..10, 0..16)) {
            let elements = Elements::new(&run);
            let mut l = elements.lookup();
            for which in order {
                let (got, want) = match which {
                    0 => both::<Ssid>(&mut l, elements),
                    1 => both::<DsParams>(&mut l, elements),
                    2 => both::<Tim>(&mut l, elements),
                    3 => both::<BssLoad>(&mut l, elements),
                    4 => both::<Rsn>(&mut l, elements),
                    5 => both::<VendorSpecific>(&mut l, elements),
                    6 => both::<Wpa>(&mut l, elements),
                    7 => both::<WmmParam>(&mut l, elements),
                    8 => both::<WmmInfo>(&mut l, elements),
                    _ => both::<HeCapabilities>(&mut l, elements),
                };
                prop_assert_eq!(got, want);
            }
        }
    }
}
