//! The whole `softmac decode` path on arbitrary bytes: capture reading, radio header split,
//! lenient and strict 802.11 decoding, and JSON and text output.
//!
//! Properties: never panics; one record out per capture record read; every record serialises
//! to JSON that parses back to an object with the same frame number; `malformed` is set
//! exactly when an error is reported.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mac80211_core::capture::CaptureReader;
use softmac_cli::decode::{decode_capture, summary};

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = decode_capture(data) else {
        assert!(CaptureReader::new(data).is_err(), "decode refuses a file the reader opens");
        return;
    };
    let read = CaptureReader::new(data).map(|r| r.filter(Result::is_ok).count()).unwrap_or(0);
    assert_eq!(decoded.records.len(), read, "one decoded record per capture record");
    assert_eq!(decoded.broken.is_some(), CaptureReader::new(data).is_ok_and(|mut r| r.any(|i| i.is_err())));
    for rec in &decoded.records {
        assert_eq!(rec.malformed, rec.error.is_some(), "malformed without an error, or the reverse");
        let json = serde_json::to_string(rec).expect("a record does not serialise");
        let value: serde_json::Value = serde_json::from_str(&json).expect("the JSON does not parse back");
        assert_eq!(value["frame"].as_u64(), Some(rec.frame));
        let _ = summary::line(rec);
    }
});
