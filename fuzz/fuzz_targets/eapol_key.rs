//! EAPOL and EAPOL-Key on arbitrary bytes, and the Key Data walk.
//!
//! Properties, for each MIC length the AKMs use (16, 24, 0) and one nobody uses (32):
//! - after `check_len` every accessor of `EapolFrame` and `EapolKeyFrame` answers, the PDU and
//!   trailer split the buffer, and the Key MIC and Key Data lie inside the PDU;
//! - `EapolRepr` and `EapolKeyRepr` re-emit exactly the PDU they parsed;
//! - `KeyDataIter` (over the Key Data and over the raw input) yields at most one error, as its
//!   last item, and `KeyDataWriter` rebuilds exactly the octets it read; GTK and IGTK KDEs
//!   re-emit their data byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mac80211_core::wire::eapol::kde::KeyDataWriter;
use mac80211_core::wire::eapol::{
    EapolFrame, EapolKeyFrame, EapolKeyRepr, EapolRepr, KeyDataItem, KeyDataIter,
};

fn eapol(data: &[u8]) {
    let Ok(f) = EapolFrame::new_checked(data) else { return };
    let _ = (f.version(), f.packet_type(), format!("{f:?}"));
    assert_eq!(f.body().len(), usize::from(f.body_len()));
    assert_eq!([f.pdu(), f.trailer()].concat(), data);
    let repr = EapolRepr::parse(&f).expect("EapolRepr refuses a checked PDU");
    let mut out = vec![0xa5; repr.buffer_len()];
    repr.emit(&mut EapolFrame::new_unchecked(&mut out[..]));
    assert_eq!(out, f.pdu(), "emit(parse(eapol)) != eapol");
}

fn eapol_key(data: &[u8], mic_len: usize) {
    let f = EapolKeyFrame::new_unchecked_with_mic(data, mic_len);
    let _ = format!("{f:?}");
    if f.check_len().is_err() {
        assert!(EapolKeyRepr::parse(&f).is_err());
        return;
    }
    assert!(EapolFrame::new_checked(data).is_ok(), "EapolKeyFrame accepts what EapolFrame refuses");
    let _ = (f.version(), f.packet_type(), f.body_len(), f.descriptor_type(), f.key_info(), f.key_length());
    let _ = (f.replay_counter(), f.key_nonce(), f.key_iv(), f.key_rsc(), f.key_id(), f.message_kind());
    let info = f.key_info();
    let _ = (info.descriptor_version(), info.key_index(), format!("{info:?}"));
    assert_eq!(f.mic().len(), mic_len);
    assert_eq!(f.key_data().len(), usize::from(f.key_data_len()));
    assert_eq!(f.pdu().len(), f.pdu_len());
    // Fixed fields end at octet 81; the MIC, Key Data Length and Key Data follow inside the PDU.
    assert!(81 + mic_len + 2 + f.key_data().len() <= f.pdu_len());
    assert!(f.pdu_len() <= data.len());
    key_data(f.key_data());
    if let Ok(repr) = EapolKeyRepr::parse(&f) {
        let _ = repr.message_kind();
        assert_eq!(repr.buffer_len(), f.pdu_len());
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut EapolKeyFrame::new_unchecked(&mut out[..]));
        assert_eq!(out, f.pdu(), "emit(parse(eapol-key)) != eapol-key");
        let again =
            EapolKeyFrame::new_checked_with_mic(&out[..], mic_len).expect("emitted PDU fails its check");
        assert_eq!(EapolKeyRepr::parse(&again), Ok(repr));
    }
}

fn key_data(data: &[u8]) {
    let items: Vec<_> = KeyDataIter::new(data).collect();
    if let Some(i) = items.iter().position(Result::is_err) {
        assert_eq!(i + 1, items.len(), "the Key Data walk went on after an error");
    }
    let mut out = vec![0; data.len()];
    let mut w = KeyDataWriter::new(&mut out);
    let mut padding = &[][..];
    for item in items.iter().flatten() {
        match item {
            KeyDataItem::Kde(k) => {
                let _ = k.pmkid();
                if let Some(Ok(g)) = k.gtk() {
                    let _ = (g.key_id(), g.tx());
                    let mut b = vec![0; g.buffer_len()];
                    g.emit(&mut b);
                    assert_eq!(b, k.data, "GTK KDE does not re-emit");
                }
                if let Some(Ok(i)) = k.igtk() {
                    let _ = i.pn_u64();
                    let mut b = vec![0; i.buffer_len()];
                    i.emit(&mut b);
                    assert_eq!(b, k.data, "IGTK KDE does not re-emit");
                }
                assert!(w.push_kde(k).is_ok(), "a KDE read does not write back");
            }
            KeyDataItem::Element(e) => {
                assert!(w.push_element(e.raw_id(), e.data()).is_ok(), "an element read does not write back");
            }
            KeyDataItem::Padding(p) => padding = p,
        }
    }
    let n = w.len();
    assert_eq!(out[..n], data[..n], "rebuilt Key Data differs from the input");
    if !padding.is_empty() {
        assert_eq!(&data[n..], padding, "padding is not the tail of Key Data");
    }
    let _ = (KeyDataIter::new(data).find_kde(1.into()), KeyDataIter::new(data).find_element(48));
}

fuzz_target!(|data: &[u8]| {
    eapol(data);
    for mic_len in [16, 24, 0, 32] {
        eapol_key(data, mic_len);
    }
    key_data(data);
});
