//! Information elements (802.11-2020 9.4.2): a lazy iterator, typed lookups and a writer.
//!
//! An element is `ID (1) | Length (1) | body (Length)`; with ID 255 the first body octet is the
//! Element ID Extension. Management frame bodies end in a run of elements, which this module
//! reads lazily: [`Elements`] wraps the bytes, [`ElementIter`] walks them and yields
//! `Result<Element>`; the first element whose length runs past the end yields one error and ends
//! the walk, so the iterator never panics and never loops. Nothing is copied; unknown elements
//! are simply elements nobody asks for, and re-emitting the original bytes keeps them intact.
//!
//! Typed access goes through [`ElementType`]: `elements.get::<Ssid>()` finds the first element
//! the type claims and parses its body. For many lookups over one run, [`Elements::lookup`]
//! gives an [`ElementLookup`] with the same answers that walks the run about once. Writing goes
//! through [`EmitElement`] and [`ElementWriter`], which write the header and compute the length,
//! so a typed element never writes its own ID or length.

mod cursor;
mod id;
mod lookup;

pub mod bss_load;
pub mod country;
pub mod ds;
pub mod ext_caps;
pub mod he;
pub mod ht;
pub mod mesh;
pub mod rates;
pub mod rsn;
pub mod ssid;
pub mod suite;
pub mod tim;
pub mod validate;
pub mod vendor;
pub mod vht;
pub mod wmm;
pub mod wps;

pub use bss_load::BssLoad;
pub use country::{Country, CountryRepr, CountryTriplet};
pub use ds::DsParams;
pub use ext_caps::{ExtCapabilities, ExtCapabilitiesRepr};
pub use he::{HeCapabilities, HeCapabilitiesRepr, HeOperation};
pub use ht::{HtCapabilities, HtOperation};
pub use id::{ElementId, ExtElementId};
pub use lookup::ElementLookup;
pub use mesh::{MeshId, MeshIdRepr};
pub use rates::{
    BssMembershipSelector, ExtSupportedRates, ExtSupportedRatesRepr, Rate, RateEntry, SupportedRates,
    SupportedRatesRepr, split_rates,
};
pub use rsn::{PmkidList, Rsn, RsnCapabilities, RsnRepr};
pub use ssid::{Ssid, SsidRepr};
pub use suite::{AkmSuite, AkmSuiteList, CipherSuite, CipherSuiteList};
pub use tim::{Tim, TimRepr};
pub use validate::validate;
pub use vendor::{VendorSpecific, VendorSpecificRepr, Wpa, WpaRepr};
pub use vht::{VhtCapabilities, VhtOperation};
pub use wmm::{WmmInfo, WmmParam};
pub use wps::{Wps, WpsRepr};

use super::{Error, ErrorKind, Result};
use core::fmt;

/// One element as found in a frame body.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Element<'a> {
    id: u8,
    data: &'a [u8],
}

impl<'a> Element<'a> {
    /// An element with the given ID and body (for ID 255 the body starts with the extension ID).
    #[inline]
    pub fn new(id: u8, data: &'a [u8]) -> Element<'a> {
        Element { id, data }
    }

    /// The Element ID.
    #[inline]
    pub fn id(&self) -> ElementId {
        ElementId::from(self.id)
    }

    /// The Element ID as a raw octet.
    #[inline]
    pub fn raw_id(&self) -> u8 {
        self.id
    }

    /// The Element ID Extension, for ID 255 with a non-empty body.
    #[inline]
    pub fn ext_id(&self) -> Option<ExtElementId> {
        if self.id == 255 { self.data.first().map(|&e| ExtElementId::from(e)) } else { None }
    }

    /// Everything after the Length octet (for ID 255 this includes the extension ID octet).
    #[inline]
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// The element's own content: `data()` without the extension ID octet for ID 255.
    #[inline]
    pub fn body(&self) -> &'a [u8] {
        if self.id == 255 && !self.data.is_empty() { &self.data[1..] } else { self.data }
    }

    /// Octets the element occupies on the wire, header included.
    #[inline]
    pub fn wire_len(&self) -> usize {
        2 + self.data.len()
    }
}

impl fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ext_id() {
            Some(ext) => write!(f, "Element({:?}/{:?}, {} bytes)", self.id(), ext, self.body().len()),
            None => write!(f, "Element({:?}, {} bytes)", self.id(), self.data.len()),
        }
    }
}

/// Iterator over the elements of a body; yields at most one error, then stops.
#[derive(Clone)]
pub struct ElementIter<'a> {
    rest: &'a [u8],
}

impl<'a> ElementIter<'a> {
    /// Iterates over `buf`, which should hold only elements.
    #[inline]
    pub fn new(buf: &'a [u8]) -> ElementIter<'a> {
        ElementIter { rest: buf }
    }

    /// The bytes not yet visited.
    pub fn remaining(&self) -> &'a [u8] {
        self.rest
    }
}

impl<'a> Iterator for ElementIter<'a> {
    type Item = Result<Element<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.rest;
        match rest {
            [] => None,
            [id, len, tail @ ..] if usize::from(*len) <= tail.len() => {
                let (data, after) = tail.split_at(usize::from(*len));
                self.rest = after;
                if *id == 255 && data.is_empty() {
                    self.rest = &[];
                    return Some(Err(Error::new(
                        ErrorKind::BadLength,
                        "extension element without extension ID",
                    )));
                }
                Some(Ok(Element { id: *id, data }))
            }
            [_] => {
                self.rest = &[];
                Some(Err(Error::new(ErrorKind::Truncated, "element header")))
            }
            _ => {
                self.rest = &[];
                Some(Err(Error::new(ErrorKind::Truncated, "element length runs past the end")))
            }
        }
    }
}

impl core::iter::FusedIterator for ElementIter<'_> {}

/// A typed view of one kind of element.
///
/// `matches` decides which elements the type reads (by default: ID, and the extension ID when
/// `EXT_ID` is set); vendor elements override it to look at the OUI and type. It must accept only
/// elements whose ID is `ID`: [`ElementLookup`] relies on that to skip elements it has passed.
pub trait ElementType<'a>: Sized {
    /// The Element ID this type reads.
    const ID: ElementId;
    /// For ID 255: the Element ID Extension this type reads.
    const EXT_ID: Option<ExtElementId> = None;

    /// True when `element` is of this type.
    #[inline]
    fn matches(element: &Element<'a>) -> bool {
        element.raw_id() == Self::ID.value()
            && match Self::EXT_ID {
                None => true,
                Some(ext) => element.ext_id() == Some(ext),
            }
    }

    /// Parses the element's body (see [`Element::body`]).
    fn parse(element: Element<'a>) -> Result<Self>;
}

/// The element run of a frame body.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Elements<'a> {
    buf: &'a [u8],
}

impl<'a> Elements<'a> {
    /// Wraps `buf`, which should hold only elements.
    #[inline]
    pub fn new(buf: &'a [u8]) -> Elements<'a> {
        Elements { buf }
    }

    /// The raw bytes.
    #[inline]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.buf
    }

    /// Iterates over the elements.
    #[inline]
    pub fn iter(&self) -> ElementIter<'a> {
        ElementIter::new(self.buf)
    }

    /// Walks every element header; fails if any length runs past the end.
    pub fn check(&self) -> Result<()> {
        self.iter().try_for_each(|e| e.map(drop))
    }

    /// The first element with the given ID, if any is found before the walk breaks.
    pub fn find(&self, id: ElementId) -> Option<Element<'a>> {
        let raw = id.value();
        self.iter().map_while(|e| e.ok()).find(|e| e.raw_id() == raw)
    }

    /// The first extension element with the given Element ID Extension.
    pub fn find_ext(&self, ext: ExtElementId) -> Option<Element<'a>> {
        self.iter().map_while(|e| e.ok()).find(|e| e.ext_id() == Some(ext))
    }

    /// The first element of type `E`, parsed.
    ///
    /// `None` when no such element occurs; `Some(Err)` when the element is malformed, or when
    /// the element list breaks before one is found.
    pub fn get<E: ElementType<'a>>(&self) -> Option<Result<E>> {
        for element in self.iter() {
            match element {
                Ok(e) if E::matches(&e) => return Some(E::parse(e)),
                Ok(_) => {}
                Err(err) => return Some(Err(err)),
            }
        }
        None
    }

    /// Every element of type `E`, parsed, in order (stops at a broken element list).
    pub fn get_all<E: ElementType<'a>>(&self) -> impl Iterator<Item = Result<E>> + 'a {
        self.iter().filter_map(|e| match e {
            Ok(e) if E::matches(&e) => Some(E::parse(e)),
            Ok(_) => None,
            Err(err) => Some(Err(err)),
        })
    }
}

impl<'a> IntoIterator for Elements<'a> {
    type Item = Result<Element<'a>>;
    type IntoIter = ElementIter<'a>;
    fn into_iter(self) -> ElementIter<'a> {
        self.iter()
    }
}

impl fmt::Debug for Elements<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A typed element that can be written. The writer adds ID, length and extension ID.
pub trait EmitElement {
    /// Element ID.
    fn element_id(&self) -> ElementId;
    /// Element ID Extension, for ID 255.
    #[inline]
    fn ext_id(&self) -> Option<ExtElementId> {
        None
    }
    /// Length of the body written by [`Self::emit_body`] (without extension ID).
    fn body_len(&self) -> usize;
    /// Writes the body into `buf`, which is exactly `body_len()` long.
    fn emit_body(&self, buf: &mut [u8]);

    /// Octets the element occupies on the wire, header and extension ID included.
    fn wire_len(&self) -> usize {
        2 + usize::from(self.ext_id().is_some()) + self.body_len()
    }
}

/// Writes elements one after another into a byte buffer, computing each length.
pub struct ElementWriter<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl<'b> ElementWriter<'b> {
    /// Writes from the start of `buf`.
    #[inline]
    pub fn new(buf: &'b mut [u8]) -> ElementWriter<'b> {
        ElementWriter { buf, pos: 0 }
    }

    /// Octets written so far.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Writes a typed element.
    pub fn write<E: EmitElement + ?Sized>(&mut self, element: &E) -> Result<()> {
        let ext = element.ext_id().map(|e| e.value());
        let len = usize::from(ext.is_some()) + element.body_len();
        let body = self.reserve(element.element_id().value(), ext, len)?;
        element.emit_body(body);
        Ok(())
    }

    /// Writes an element from its ID and raw body (for ID 255 the body includes the extension ID).
    #[inline]
    pub fn write_raw(&mut self, id: u8, data: &[u8]) -> Result<()> {
        self.reserve(id, None, data.len())?.copy_from_slice(data);
        Ok(())
    }

    /// Copies an element as read from a frame, byte for byte.
    #[inline]
    pub fn write_element(&mut self, element: &Element<'_>) -> Result<()> {
        self.write_raw(element.raw_id(), element.data())
    }

    #[inline]
    fn reserve(&mut self, id: u8, ext: Option<u8>, len: usize) -> Result<&mut [u8]> {
        let Ok(len_octet) = u8::try_from(len) else {
            return Err(Error::new(ErrorKind::BadLength, "element longer than 255 octets"));
        };
        let total = 2 + len;
        if self.buf.len() - self.pos < total {
            return Err(Error::new(ErrorKind::NoSpace, "element writer"));
        }
        let out = &mut self.buf[self.pos..self.pos + total];
        out[0] = id;
        out[1] = len_octet;
        let body_at = match ext {
            Some(e) => {
                out[2] = e;
                3
            }
            None => 2,
        };
        self.pos += total;
        Ok(&mut out[body_at..])
    }
}

/// Appends a typed element to a growable buffer.
pub fn push_element<E: EmitElement + ?Sized>(vec: &mut Vec<u8>, element: &E) -> Result<()> {
    let start = vec.len();
    vec.resize(start + element.wire_len(), 0);
    let res = ElementWriter::new(&mut vec[start..]).write(element);
    if res.is_err() {
        vec.truncate(start);
    }
    res
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn iterates_and_stops_at_the_break() {
        let buf = [0u8, 2, b'h', b'i', 3, 1, 6, 221, 9, 0];
        let got: Vec<_> = ElementIter::new(&buf).collect();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].unwrap().id(), ElementId::Ssid);
        assert_eq!(got[0].unwrap().data(), b"hi");
        assert_eq!(got[1].unwrap().data(), &[6]);
        assert_eq!(got[2].unwrap_err().kind(), ErrorKind::Truncated);
        assert!(Elements::new(&buf).check().is_err());
        assert!(Elements::new(&buf[..7]).check().is_ok());
    }

    #[test]
    fn lone_id_octet_and_empty_extension_are_errors() {
        let got: Vec<_> = ElementIter::new(&[0, 0, 7]).collect();
        assert_eq!(got.len(), 2);
        assert!(got[1].is_err());
        let got: Vec<_> = ElementIter::new(&[255, 0, 0, 0]).collect();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].unwrap_err().kind(), ErrorKind::BadLength);
    }

    #[test]
    fn extension_id_and_body() {
        let buf = [255u8, 3, 35, 0xaa, 0xbb];
        let e = ElementIter::new(&buf).next().unwrap().unwrap();
        assert_eq!(e.ext_id(), Some(ExtElementId::HeCapabilities));
        assert_eq!(e.body(), &[0xaa, 0xbb]);
        assert_eq!(Elements::new(&buf).find_ext(ExtElementId::HeCapabilities), Some(e));
    }

    #[test]
    fn writer_computes_lengths_and_keeps_raw_bytes() {
        struct Two;
        impl EmitElement for Two {
            fn element_id(&self) -> ElementId {
                ElementId::Extension
            }
            fn ext_id(&self) -> Option<ExtElementId> {
                Some(ExtElementId::HeOperation)
            }
            fn body_len(&self) -> usize {
                2
            }
            fn emit_body(&self, buf: &mut [u8]) {
                buf.copy_from_slice(&[1, 2]);
            }
        }
        let mut buf = [0u8; 16];
        let mut w = ElementWriter::new(&mut buf);
        w.write(&Two).unwrap();
        w.write_raw(0, b"ab").unwrap();
        let n = w.position();
        assert_eq!(&buf[..n], &[255, 3, 36, 1, 2, 0, 2, b'a', b'b']);
        let mut small = [0u8; 4];
        assert_eq!(ElementWriter::new(&mut small).write(&Two).unwrap_err().kind(), ErrorKind::NoSpace);
        let mut big = [0u8; 300];
        let long = [0u8; 256];
        assert_eq!(
            ElementWriter::new(&mut big).write_raw(221, &long).unwrap_err().kind(),
            ErrorKind::BadLength
        );
        let mut v = vec![9];
        push_element(&mut v, &Two).unwrap();
        assert_eq!(v, [9, 255, 3, 36, 1, 2]);
    }

    proptest! {
        #[test]
        fn walk_never_panics_and_rebuilds_what_it_read(bytes in proptest::collection::vec(any::<u8>(), 0..128)) {
            let elements = Elements::new(&bytes);
            let items: Vec<_> = elements.iter().collect();
            let first_error = items.iter().position(Result::is_err);
            prop_assert!(first_error.is_none_or(|i| i + 1 == items.len()));
            prop_assert_eq!(elements.check().is_ok(), first_error.is_none());
            let mut out = vec![0u8; bytes.len()];
            let mut w = ElementWriter::new(&mut out);
            for e in items.iter().flatten() {
                let _ = (e.id(), e.ext_id(), e.body(), format!("{e:?}"));
                prop_assert_eq!(elements.find(e.id()).map(|f| f.raw_id()), Some(e.raw_id()));
                if let Some(ext) = e.ext_id() {
                    prop_assert!(elements.find_ext(ext).is_some());
                }
                w.write_element(e).unwrap();
            }
            let n = w.position();
            prop_assert_eq!(&out[..n], &bytes[..n]);
            let expected = items.iter().find_map(|i| match i {
                Ok(e) if e.raw_id() == 0 => Some(Ssid::parse(*e)),
                Ok(_) => None,
                Err(err) => Some(Err(*err)),
            });
            prop_assert_eq!(elements.get::<Ssid>(), expected);
            let _ = (elements.get_all::<Rsn>().count(), format!("{elements:?}"));
        }
    }
}
