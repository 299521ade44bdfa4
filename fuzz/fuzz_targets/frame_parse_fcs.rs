//! `FrameRepr::parse_with_fcs` on arbitrary bytes (a frame followed by its CRC-32).
//!
//! Properties: never panics; a frame that parses re-emits, FCS included, to exactly the input;
//! and parsing with FCS is the same as checking the FCS and parsing what precedes it. Random
//! mutations rarely keep a CRC-32 valid, so the input is also tried as a bare frame with its
//! correct FCS appended, which keeps the parsers behind the check reachable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mac80211_core::wire::{FrameRepr, fcs};

fn check(with_fcs: &[u8]) {
    let parsed = FrameRepr::parse_with_fcs(with_fcs);
    match fcs::split(with_fcs) {
        Ok((frame, value)) if fcs::compute(frame) == value => {
            assert_eq!(parsed, FrameRepr::parse(frame), "parse_with_fcs != parse after the FCS check");
        }
        _ => assert!(parsed.is_err(), "a frame with a wrong or missing FCS parsed"),
    }
    if let Ok(repr) = parsed {
        assert_eq!(repr.to_bytes_with_fcs(), with_fcs, "to_bytes_with_fcs(parse_with_fcs(bytes)) != bytes");
    }
}

fuzz_target!(|data: &[u8]| {
    check(data);
    let mut appended = data.to_vec();
    fcs::append(&mut appended);
    check(&appended);
});
