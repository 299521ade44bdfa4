//! A-MSDU bodies on arbitrary bytes.
//!
//! Properties: the walk never yields more than `len / 14 + 1` items, at most one of them an
//! error and that one last; the subframes it reads lie inside the input and do not overlap;
//! `check_amsdu` agrees with the walk. Rebuilding the subframes with `AmsduWriter` gives an
//! A-MSDU of exactly `amsdu_len` octets, which reads back to the same subframes; and when the
//! input was canonical (every subframe read, no trailing padding) the rebuilt bytes equal the
//! input, except that padding octets (whose value the reader ignores) come back as zero.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mac80211_core::wire::amsdu::{
    AmsduIter, AmsduSubframe, AmsduWriter, SUBFRAME_HEADER_LEN, amsdu_len, check_amsdu, first_da_is_llc_snap,
};

/// Offset of `inner` inside `outer`, which must contain it.
fn offset_in(outer: &[u8], inner: &[u8]) -> usize {
    let at = (inner.as_ptr() as usize).wrapping_sub(outer.as_ptr() as usize);
    assert!(at <= outer.len() && inner.len() <= outer.len() - at, "a subframe lies outside the input");
    at
}

fuzz_target!(|data: &[u8]| {
    let items: Vec<_> = AmsduIter::new(data).collect();
    assert!(items.len() <= data.len() / SUBFRAME_HEADER_LEN + 1, "more subframes than the input can hold");
    let error = items.iter().position(Result::is_err);
    if let Some(i) = error {
        assert_eq!(i + 1, items.len(), "the A-MSDU walk went on after an error");
    }
    let subs: Vec<AmsduSubframe<'_>> = items.iter().flatten().copied().collect();
    assert_eq!(check_amsdu(data).is_ok(), error.is_none());
    if let Ok(n) = check_amsdu(data) {
        assert_eq!(n, subs.len());
    }
    let _ = first_da_is_llc_snap(data);

    // Where each subframe starts (its header precedes its payload) and ends.
    let mut spans = Vec::with_capacity(subs.len());
    let mut prev_end = 0;
    for s in &subs {
        let payload_at = offset_in(data, s.payload);
        let start = payload_at - SUBFRAME_HEADER_LEN;
        assert!(start >= prev_end, "subframes overlap");
        prev_end = payload_at + s.payload.len();
        spans.push((start, prev_end));
    }

    let len = amsdu_len(subs.iter().map(|s| s.payload.len()));
    let mut out = vec![0xa5; len];
    let mut w = AmsduWriter::new(&mut out);
    for s in &subs {
        assert!(w.push(s).is_ok(), "a subframe read does not write back");
    }
    assert_eq!(w.len(), len);
    let reread: Vec<_> = AmsduIter::new(&out).collect::<Result<_, _>>().expect("rebuilt A-MSDU is broken");
    assert_eq!(reread, subs, "rebuilt A-MSDU reads back differently");

    if error.is_none() && len == data.len() {
        // Canonical input: same layout, so only the padding between subframes may differ.
        let mut expected = data.to_vec();
        for pair in spans.windows(2) {
            expected[pair[0].1..pair[1].0].fill(0);
        }
        assert_eq!(out, expected, "rebuilt canonical A-MSDU differs from the input");
    }
});
