//! Supported Rates and BSS Membership Selectors (802.11-2020 9.4.2.3) and Extended Supported
//! Rates and BSS Membership Selectors (9.4.2.12).
//!
//! Each body octet is one entry. Bit 7 marks a rate as basic (part of the BSS basic rate set);
//! the low 7 bits give the rate in units of 500 kb/s. An octet with bit 7 set whose low 7 bits
//! are one of the BSS membership selector values (121..=127 today) is not a rate but a BSS membership
//! selector: "this BSS requires HT", "requires SAE hash-to-element", and so on. The Supported
//! Rates element holds 1 to 8 entries; the rest go into Extended Supported Rates (1 to 255).
//! Empty or over-long bodies are [`ErrorKind::BadLength`].
//!
//! Reading is lazy: [`SupportedRates`] and [`ExtSupportedRates`] borrow the body and
//! [`RateIter`] decodes an entry per octet. Every octet decodes, so the walk never fails.
//! Writing goes through [`SupportedRatesRepr`] and [`ExtSupportedRatesRepr`];
//! [`split_rates`] spreads one rate list over the two elements.

use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::macros::open_enum;
use crate::wire::{Error, ErrorKind, Result};
use core::fmt;

/// Most entries a Supported Rates element holds.
pub const SUPPORTED_RATES_MAX: usize = 8;

open_enum! {
    /// BSS membership selector (802.11-2020 9.4.2.3, 802.11ax/be): the low 7 bits of a
    /// rate octet that has bit 7 set and names a requirement rather than a rate.
    pub enum BssMembershipSelector(u8) {
        /// EHT PHY required.
        EhtPhy = 121 => "EHT PHY",
        /// HE PHY required.
        HePhy = 122 => "HE PHY",
        /// SAE hash-to-element only.
        SaeH2eOnly = 123 => "SAE H2E only",
        /// EPD (EtherType protocol discrimination) required.
        Epd = 124 => "EPD",
        /// GLK (general link) required.
        Glk = 125 => "GLK",
        /// VHT PHY required.
        VhtPhy = 126 => "VHT PHY",
        /// HT PHY required.
        HtPhy = 127 => "HT PHY",
    }
}

/// A data rate entry: units of 500 kb/s and whether it is a basic rate.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rate {
    units: u8,
    basic: bool,
}

impl Rate {
    /// A rate of `units` × 500 kb/s (masked to 7 bits).
    pub const fn new(units: u8, basic: bool) -> Rate {
        Rate { units: units & 0x7f, basic }
    }

    /// A rate from Mb/s (rounded down to 500 kb/s units; 63.5 Mb/s at most).
    pub fn from_mbps(mbps: f32, basic: bool) -> Rate {
        // `as` saturates for out-of-range floats, then the mask keeps 7 bits.
        Rate::new((mbps * 2.0) as u8, basic)
    }

    /// The rate in units of 500 kb/s.
    #[inline]
    pub fn units(self) -> u8 {
        self.units
    }

    /// True when the rate is in the BSS basic rate set.
    #[inline]
    pub fn is_basic(self) -> bool {
        self.basic
    }

    /// The rate in Mb/s (5.5 for 11b's 5.5 Mb/s).
    pub fn mbps(self) -> f32 {
        f32::from(self.units) / 2.0
    }

    /// The rate in kb/s.
    pub fn kbps(self) -> u32 {
        u32::from(self.units) * 500
    }
}

impl fmt::Debug for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.mbps(), if self.basic { "(B)" } else { "" })
    }
}

/// One octet of a rates element: a rate or a BSS membership selector.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum RateEntry {
    /// A data rate.
    Rate(Rate),
    /// A BSS membership selector.
    Selector(BssMembershipSelector),
}

impl RateEntry {
    /// Decodes one octet: bit 7 set with low bits 121..=127 is a selector, anything else a rate.
    #[inline]
    pub fn from_octet(octet: u8) -> RateEntry {
        let low = octet & 0x7f;
        if octet & 0x80 != 0 && low >= 121 {
            RateEntry::Selector(BssMembershipSelector::from(low))
        } else {
            RateEntry::Rate(Rate::new(low, octet & 0x80 != 0))
        }
    }

    /// Encodes as one octet (the inverse of [`Self::from_octet`] for values it returns).
    #[inline]
    pub fn octet(self) -> u8 {
        match self {
            RateEntry::Rate(r) => r.units | if r.basic { 0x80 } else { 0 },
            RateEntry::Selector(s) => 0x80 | (s.value() & 0x7f),
        }
    }

    /// The rate, when this entry is one.
    pub fn rate(self) -> Option<Rate> {
        match self {
            RateEntry::Rate(r) => Some(r),
            RateEntry::Selector(_) => None,
        }
    }

    /// The selector, when this entry is one.
    pub fn selector(self) -> Option<BssMembershipSelector> {
        match self {
            RateEntry::Selector(s) => Some(s),
            RateEntry::Rate(_) => None,
        }
    }
}

impl From<Rate> for RateEntry {
    fn from(r: Rate) -> RateEntry {
        RateEntry::Rate(r)
    }
}

impl From<BssMembershipSelector> for RateEntry {
    fn from(s: BssMembershipSelector) -> RateEntry {
        RateEntry::Selector(s)
    }
}

/// Decodes the entries of a rates body, one per octet; never fails.
#[derive(Clone, Debug)]
pub struct RateIter<'a> {
    inner: core::slice::Iter<'a, u8>,
}

impl Iterator for RateIter<'_> {
    type Item = RateEntry;

    #[inline]
    fn next(&mut self) -> Option<RateEntry> {
        self.inner.next().map(|&o| RateEntry::from_octet(o))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for RateIter<'_> {}
impl DoubleEndedIterator for RateIter<'_> {
    fn next_back(&mut self) -> Option<RateEntry> {
        self.inner.next_back().map(|&o| RateEntry::from_octet(o))
    }
}

#[inline]
fn check_count(n: usize, max: usize, field: &'static str) -> Result<()> {
    if (1..=max).contains(&n) { Ok(()) } else { Err(Error::new(ErrorKind::BadLength, field)) }
}

/// Declares a borrowed rates element and its owned writer.
macro_rules! rates_element {
    ($(#[$doc:meta])* $view:ident, $(#[$rdoc:meta])* $repr:ident, $id:ident, $max:expr, $field:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $view<'a> {
            octets: &'a [u8],
        }

        impl<'a> $view<'a> {
            /// Wraps rate octets, checking the entry count.
            #[inline]
            pub fn new(octets: &'a [u8]) -> Result<$view<'a>> {
                check_count(octets.len(), $max, $field)?;
                Ok($view { octets })
            }

            /// The raw octets.
            #[inline]
            pub fn as_bytes(&self) -> &'a [u8] {
                self.octets
            }

            /// Number of entries (rates and selectors).
            #[inline]
            pub fn len(&self) -> usize {
                self.octets.len()
            }

            /// Never true for a parsed element (at least one entry is required).
            #[inline]
            pub fn is_empty(&self) -> bool {
                self.octets.is_empty()
            }

            /// Iterates over the entries.
            #[inline]
            pub fn iter(&self) -> RateIter<'a> {
                RateIter { inner: self.octets.iter() }
            }

            /// Iterates over the rates only, skipping selectors.
            pub fn rates(&self) -> impl Iterator<Item = Rate> + 'a {
                self.iter().filter_map(RateEntry::rate)
            }

            /// True when `selector` is listed.
            pub fn has_selector(&self, selector: BssMembershipSelector) -> bool {
                self.iter().any(|e| e == RateEntry::Selector(selector))
            }
        }

        impl<'a> ElementType<'a> for $view<'a> {
            const ID: ElementId = ElementId::$id;

            #[inline]
            fn parse(element: Element<'a>) -> Result<Self> {
                $view::new(element.body())
            }
        }

        impl EmitElement for $view<'_> {
            #[inline]
            fn element_id(&self) -> ElementId {
                ElementId::$id
            }
            #[inline]
            fn body_len(&self) -> usize {
                self.octets.len()
            }
            #[inline]
            fn emit_body(&self, buf: &mut [u8]) {
                buf.copy_from_slice(self.octets)
            }
        }

        impl fmt::Debug for $view<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }

        $(#[$rdoc])*
        #[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
        pub struct $repr {
            /// The entries, in order.
            pub entries: Vec<RateEntry>,
        }

        impl $repr {
            /// Reads a parsed element.
            pub fn parse(view: &$view<'_>) -> Result<$repr> {
                Ok($repr { entries: view.iter().collect() })
            }

            /// Octets the body occupies.
            pub fn buffer_len(&self) -> usize {
                self.entries.len()
            }
        }

        impl EmitElement for $repr {
            #[inline]
            fn element_id(&self) -> ElementId {
                ElementId::$id
            }
            #[inline]
            fn body_len(&self) -> usize {
                self.entries.len()
            }
            #[inline]
            fn emit_body(&self, buf: &mut [u8]) {
                for (o, e) in buf.iter_mut().zip(&self.entries) {
                    *o = e.octet();
                }
            }
        }
    };
}

rates_element!(
    /// A Supported Rates element (ID 1): 1 to 8 entries.
    SupportedRates,
    /// An owned Supported Rates element; [`split_rates`] keeps it within 8 entries.
    SupportedRatesRepr,
    SupportedRates,
    SUPPORTED_RATES_MAX,
    "Supported Rates entry count"
);

rates_element!(
    /// An Extended Supported Rates element (ID 50): 1 to 255 entries.
    ExtSupportedRates,
    /// An owned Extended Supported Rates element.
    ExtSupportedRatesRepr,
    ExtSupportedRates,
    255,
    "Extended Supported Rates entry count"
);

/// Spreads a rate list over Supported Rates (the first 8) and Extended Supported Rates (the
/// rest, if any), as 802.11-2020 9.4.2.12 requires. Fails for an empty or over-long list.
pub fn split_rates(entries: &[RateEntry]) -> Result<(SupportedRatesRepr, Option<ExtSupportedRatesRepr>)> {
    check_count(entries.len(), SUPPORTED_RATES_MAX + 255, "rate list length")?;
    let (head, tail) = entries.split_at(entries.len().min(SUPPORTED_RATES_MAX));
    let ext = (!tail.is_empty()).then(|| ExtSupportedRatesRepr { entries: tail.to_vec() });
    Ok((SupportedRatesRepr { entries: head.to_vec() }, ext))
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // aircrack-ng__wps2.0.pcap frame 1 (beacon): 1(B) 2(B) 5.5(B) 11(B) 6 9 12 18, then
    // Extended Supported Rates 24 36 48 54 (the ERP element between them is dropped here).
    static WPS_RATES: [u8; 16] =
        [1, 8, 0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24, 50, 4, 0x30, 0x48, 0x60, 0x6c];

    #[test]
    fn deconstruct_rates() {
        let els = Elements::new(&WPS_RATES);
        let sup = els.get::<SupportedRates>().unwrap().unwrap();
        let mbps: Vec<f32> = sup.rates().map(Rate::mbps).collect();
        assert_eq!(mbps, [1.0, 2.0, 5.5, 11.0, 6.0, 9.0, 12.0, 18.0]);
        let basic: Vec<bool> = sup.rates().map(Rate::is_basic).collect();
        assert_eq!(basic, [true, true, true, true, false, false, false, false]);
        assert_eq!(sup.rates().nth(2).unwrap().kbps(), 5500);
        let ext = els.get::<ExtSupportedRates>().unwrap().unwrap();
        assert_eq!(ext.rates().map(Rate::units).collect::<Vec<_>>(), [48, 72, 96, 108]);
    }

    #[test]
    fn construct_rates_with_split() {
        let all: Vec<RateEntry> =
            WPS_RATES[2..10].iter().chain(&WPS_RATES[12..]).map(|&o| RateEntry::from_octet(o)).collect();
        let (sup, ext) = split_rates(&all).unwrap();
        let mut v = Vec::new();
        push_element(&mut v, &sup).unwrap();
        push_element(&mut v, &ext.unwrap()).unwrap();
        assert_eq!(v, WPS_RATES);
        let (_, none) = split_rates(&all[..8]).unwrap();
        assert!(none.is_none());
        assert_eq!(split_rates(&[]).unwrap_err().kind(), ErrorKind::BadLength);
    }

    #[test]
    fn selectors_are_not_rates() {
        // An HE/SAE-H2E AP: 6(B) 12(B) 24(B), then selectors HT (0xff) and SAE H2E (0xfb).
        let body = [0x8c, 0x98, 0xb0, 0xff, 0xfb, 0x7f];
        let r = SupportedRates::new(&body).unwrap();
        assert!(r.has_selector(BssMembershipSelector::HtPhy));
        assert!(r.has_selector(BssMembershipSelector::SaeH2eOnly));
        assert!(!r.has_selector(BssMembershipSelector::HePhy));
        assert_eq!(r.rates().count(), 4); // 0x7f without bit 7 is a (nonsense) 63.5 Mb/s rate
        let octets: Vec<u8> = r.iter().map(RateEntry::octet).collect();
        assert_eq!(octets, body);
        assert_eq!(format!("{:?}", RateEntry::from_octet(0xfa)), "Selector(HePhy)");
    }

    #[test]
    fn bad_lengths() {
        assert_eq!(SupportedRates::new(&[]).unwrap_err().kind(), ErrorKind::BadLength);
        assert_eq!(SupportedRates::new(&[2; 9]).unwrap_err().kind(), ErrorKind::BadLength);
        assert_eq!(ExtSupportedRates::new(&[]).unwrap_err().kind(), ErrorKind::BadLength);
        assert!(ExtSupportedRates::new(&[2; 255]).is_ok());
    }

    fn entry() -> impl Strategy<Value = RateEntry> {
        any::<u8>().prop_map(RateEntry::from_octet)
    }

    proptest! {
        #[test]
        fn round_trip(entries in proptest::collection::vec(entry(), 1..=263)) {
            let (sup, ext) = split_rates(&entries).unwrap();
            let mut v = Vec::new();
            push_element(&mut v, &sup).unwrap();
            if let Some(ext) = &ext {
                push_element(&mut v, ext).unwrap();
            }
            let els = Elements::new(&v);
            let s = els.get::<SupportedRates>().unwrap().unwrap();
            prop_assert_eq!(&SupportedRatesRepr::parse(&s).unwrap(), &sup);
            let mut got: Vec<RateEntry> = s.iter().collect();
            if let Some(e) = els.get::<ExtSupportedRates>() {
                let e = e.unwrap();
                prop_assert_eq!(Some(ExtSupportedRatesRepr::parse(&e).unwrap()), ext);
                got.extend(e.iter());
            }
            prop_assert_eq!(got, entries);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=255)) {
            if let Ok(r) = SupportedRates::parse(Element::new(1, &bytes)) {
                let _ = (r.iter().count(), r.rates().map(Rate::mbps).sum::<f32>(), format!("{r:?}"));
            }
            if let Ok(r) = ExtSupportedRates::parse(Element::new(50, &bytes)) {
                let _ = (r.iter().rev().count(), r.has_selector(BssMembershipSelector::HtPhy));
            }
        }
    }
}
