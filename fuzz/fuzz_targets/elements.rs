//! Information elements on arbitrary bytes: the walk, strict validation and every typed read.
//!
//! Properties:
//! - the walk yields at most one error, as its last item, and copying the elements it read
//!   with `ElementWriter` rebuilds exactly the octets it consumed;
//! - `Elements::get::<T>()` returns the parse of the first element `T` claims (or the error
//!   that broke the walk before one), for every typed element;
//! - every typed element that parses re-emits (through `push_element`) to exactly the element
//!   it came from, and so does its owned `*Repr` where it has one;
//! - `validate` accepts an element only if every typed parser that claims it accepts it too.
#![no_main]

use core::fmt::Debug;
use libfuzzer_sys::fuzz_target;
use mac80211_core::wire::Result;
use mac80211_core::wire::element::{
    BssLoad, Country, CountryRepr, DsParams, Element, ElementType, ElementWriter, Elements, EmitElement,
    ExtCapabilities, ExtCapabilitiesRepr, ExtSupportedRates, ExtSupportedRatesRepr, HeCapabilities,
    HeCapabilitiesRepr, HeOperation, HtCapabilities, HtOperation, MeshId, MeshIdRepr, Rsn, RsnRepr, Ssid,
    SsidRepr, SupportedRates, SupportedRatesRepr, Tim, TimRepr, VendorSpecific, VendorSpecificRepr,
    VhtCapabilities, VhtOperation, WmmInfo, WmmParam, Wpa, WpaRepr, Wps, WpsRepr, push_element, validate,
};

/// The element's octets on the wire: ID, Length and data.
fn wire(e: &Element<'_>) -> Vec<u8> {
    let mut v = vec![e.raw_id(), e.data().len() as u8];
    v.extend_from_slice(e.data());
    v
}

/// Writes a typed element with the crate's writer and returns its octets.
fn emitted<E: EmitElement + Debug>(what: &E) -> Vec<u8> {
    let mut v = Vec::new();
    if let Err(err) = push_element(&mut v, what) {
        panic!("a parsed element does not write back: {err} for {what:?}");
    }
    v
}

/// Checks one typed element type against the whole run and against each element it claims.
fn typed<'a, T>(elements: Elements<'a>, items: &[Result<Element<'a>>])
where
    T: ElementType<'a> + EmitElement + PartialEq + Debug,
{
    let expected = items.iter().find_map(|item| match item {
        Ok(e) if T::matches(e) => Some(T::parse(*e)),
        Ok(_) => None,
        Err(err) => Some(Err(*err)),
    });
    assert_eq!(elements.get::<T>(), expected, "Elements::get disagrees with the walk");
    let _ = elements.get_all::<T>().count();
    for e in items.iter().flatten().filter(|e| T::matches(e)) {
        match T::parse(*e) {
            Ok(v) => {
                let _ = format!("{v:?}");
                assert_eq!(emitted(&v), wire(e), "typed element does not re-emit byte for byte");
            }
            Err(err) => {
                assert!(validate(*e).is_err(), "validate accepts what {} refuses: {err}", type_name::<T>())
            }
        }
    }
}

/// Checks that an owned representation re-emits the element its view was read from.
fn owned<'a, V, R>(items: &[Result<Element<'a>>], parse: impl Fn(&V) -> Result<R>)
where
    V: ElementType<'a>,
    R: EmitElement + Debug,
{
    for e in items.iter().flatten().filter(|e| V::matches(e)) {
        if let Ok(view) = V::parse(*e)
            && let Ok(repr) = parse(&view)
        {
            assert_eq!(emitted(&repr), wire(e), "Repr does not re-emit byte for byte");
        }
    }
}

fn type_name<T>() -> &'static str {
    core::any::type_name::<T>()
}

fn walk(data: &[u8]) -> Vec<Result<Element<'_>>> {
    let items: Vec<_> = Elements::new(data).iter().collect();
    if let Some(i) = items.iter().position(Result::is_err) {
        assert_eq!(i + 1, items.len(), "the element walk went on after an error");
    }
    // Rebuild what was read: it must be the octets consumed, in order.
    let consumed: usize = items.iter().flatten().map(Element::wire_len).sum();
    assert!(consumed <= data.len());
    let mut out = vec![0; consumed];
    let mut w = ElementWriter::new(&mut out);
    for e in items.iter().flatten() {
        assert!(w.write_element(e).is_ok(), "an element read does not write back");
        let _ = (e.id(), e.ext_id(), e.body(), format!("{e:?}"));
    }
    assert_eq!(out, data[..consumed], "rebuilt elements differ from the input");
    items
}

fuzz_target!(|data: &[u8]| {
    let elements = Elements::new(data);
    let items = walk(data);
    let _ = (elements.check(), format!("{elements:?}"));
    for e in items.iter().flatten() {
        let _ = (validate(*e), elements.find(e.id()), e.ext_id().map(|x| elements.find_ext(x)));
    }
    typed::<Ssid>(elements, &items);
    typed::<SupportedRates>(elements, &items);
    typed::<ExtSupportedRates>(elements, &items);
    typed::<DsParams>(elements, &items);
    typed::<Tim>(elements, &items);
    typed::<Country>(elements, &items);
    typed::<Rsn>(elements, &items);
    typed::<HtCapabilities>(elements, &items);
    typed::<HtOperation>(elements, &items);
    typed::<VhtCapabilities>(elements, &items);
    typed::<VhtOperation>(elements, &items);
    typed::<ExtCapabilities>(elements, &items);
    typed::<HeCapabilities>(elements, &items);
    typed::<HeOperation>(elements, &items);
    typed::<BssLoad>(elements, &items);
    typed::<MeshId>(elements, &items);
    typed::<VendorSpecific>(elements, &items);
    typed::<Wpa>(elements, &items);
    typed::<WmmInfo>(elements, &items);
    typed::<WmmParam>(elements, &items);
    typed::<Wps>(elements, &items);
    owned::<Ssid, _>(&items, SsidRepr::parse);
    owned::<MeshId, _>(&items, MeshIdRepr::parse);
    owned::<SupportedRates, _>(&items, SupportedRatesRepr::parse);
    owned::<ExtSupportedRates, _>(&items, ExtSupportedRatesRepr::parse);
    owned::<Country, _>(&items, CountryRepr::parse);
    owned::<ExtCapabilities, _>(&items, ExtCapabilitiesRepr::parse);
    owned::<HeCapabilities, _>(&items, HeCapabilitiesRepr::parse);
    owned::<Rsn, _>(&items, RsnRepr::parse);
    owned::<Tim, _>(&items, TimRepr::parse);
    owned::<VendorSpecific, _>(&items, VendorSpecificRepr::parse);
    owned::<Wpa, _>(&items, WpaRepr::parse);
    owned::<Wps, _>(&items, WpsRepr::parse);
});
