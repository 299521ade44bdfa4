//! Radiotap (and the other radio headers) on arbitrary bytes.
//!
//! Properties: the view, its field walk, the TLV walk and `info()` never panic once
//! `new_checked` has accepted the buffer; every walk yields at most one error, as its last
//! item; `info()` reports the error the walk ended with; a header `RadiotapRepr` parses
//! re-emits to exactly the `it_len` octets it came from. The same bytes are then split as a
//! record of each 802.11 link type, and the frame found must sit at the end of the record, with
//! exactly four octets removed when an FCS was stripped. Prism and AVS headers found on the way
//! re-emit byte for byte through their representations.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mac80211_core::wire::avs::{Avs, AvsRepr};
use mac80211_core::wire::linktype::Fcs;
use mac80211_core::wire::prism::{Prism, PrismRepr};
use mac80211_core::wire::radiotap::TlvIter;
use mac80211_core::wire::{LinkType, RadioHeader, Radiotap, RadiotapField, RadiotapRepr, split_radio_header};

/// Asserts that a walk yields at most one error and nothing after it.
fn at_most_one_error_last<T, E>(items: &[Result<T, E>]) {
    if let Some(i) = items.iter().position(Result::is_err) {
        assert_eq!(i + 1, items.len(), "a walk went on after an error");
    }
}

fn radiotap(data: &[u8]) {
    let Ok(rt) = Radiotap::new_checked(data) else { return };
    let it_len = usize::from(rt.it_len());
    assert_eq!(rt.header().len(), it_len);
    assert_eq!(rt.payload(), &data[it_len..]);
    let _ = (rt.version(), rt.pad(), rt.present(), format!("{rt:?}"));
    let fields: Vec<_> = rt.fields().collect();
    at_most_one_error_last(&fields);
    assert_eq!(rt.fields_ref().collect::<Vec<_>>(), fields);
    for field in fields.iter().flatten() {
        let _ = field.bit();
        if let RadiotapField::Tlvs(list) = field {
            let tlvs: Vec<_> = TlvIter::new(list).collect();
            at_most_one_error_last(&tlvs);
        }
    }
    let info = rt.info();
    assert_eq!(info.error, fields.last().and_then(|f| f.err()), "info() and the walk disagree");
    if let Ok(repr) = RadiotapRepr::parse(&rt) {
        assert_eq!(repr.buffer_len(), it_len);
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Radiotap::new_unchecked(&mut out[..]));
        assert_eq!(out, rt.header(), "emit(parse(radiotap)) != radiotap for {repr:?}");
    }
}

fn prism_round_trip(p: &Prism<&[u8]>) {
    let _ = (p.msgcode(), p.devname(), p.items(), p.channel(), p.signal(), p.noise(), format!("{p:?}"));
    if let Ok(repr) = PrismRepr::parse(p) {
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Prism::new_unchecked(&mut out[..]));
        assert_eq!(out, p.into_inner()[..repr.buffer_len()], "emit(parse(prism)) != prism");
    }
}

fn avs_round_trip(a: &Avs<&[u8]>) {
    let _ = (a.version(), a.mactime(), a.phytype(), a.ssi_type(), a.signal_dbm(), format!("{a:?}"));
    if let Ok(repr) = AvsRepr::parse(a) {
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut Avs::new_unchecked(&mut out[..]));
        assert_eq!(out, a.into_inner()[..repr.buffer_len()], "emit(parse(avs)) != avs");
    }
}

fn split(linktype: LinkType, data: &[u8]) {
    let Ok(split) = split_radio_header(linktype, data) else {
        assert!(linktype != LinkType::Ieee80211, "a bare 802.11 record was refused");
        return;
    };
    let end = match split.fcs {
        Fcs::NotSignalled => data.len(),
        Fcs::Stripped(value) => {
            assert_eq!(data[data.len() - 4..], value.to_le_bytes());
            data.len() - 4
        }
        Fcs::Truncated => {
            assert!(split.frame.is_empty());
            data.len()
        }
    };
    assert!(data[..end].ends_with(split.frame), "the frame is not the end of the record");
    match split.header {
        RadioHeader::None => assert_eq!(split.frame, data),
        RadioHeader::Radiotap(rt) => {
            assert_eq!(linktype, LinkType::Radiotap);
            let _ = rt.info();
        }
        RadioHeader::Prism(p) => prism_round_trip(&p),
        RadioHeader::Avs(a) => avs_round_trip(&a),
    }
}

fuzz_target!(|data: &[u8]| {
    radiotap(data);
    for linktype in [105, 119, 127, 163] {
        split(LinkType::from(linktype), data);
    }
});
