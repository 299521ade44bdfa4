//! Every real frame of the corpus that the codec parses strictly is re-emitted byte for byte,
//! and every frame the decoder calls well-formed does parse strictly.

use mac80211_core::capture::CaptureReader;
use mac80211_core::wire::FrameRepr;
use mac80211_core::wire::linktype::split_radio_header;
use softmac_cli::decode::decode_capture;
use softmac_tests::corpus;

#[test]
fn corpus_frames_round_trip_byte_for_byte() {
    let (mut parsed, mut total) = (0usize, 0usize);
    for capture in corpus::captures() {
        let decoded = decode_capture(&capture.bytes).unwrap();
        let records = CaptureReader::new(&capture.bytes).unwrap().filter_map(Result::ok);
        for (record, summary) in records.zip(&decoded.records) {
            total += 1;
            let Ok(split) = split_radio_header(record.linktype, record.data) else { continue };
            match FrameRepr::parse(split.frame) {
                Ok(repr) => {
                    parsed += 1;
                    let mut out = vec![0u8; repr.buffer_len()];
                    repr.emit(&mut out);
                    assert_eq!(
                        out, split.frame,
                        "{} #{}: re-emitted bytes differ",
                        capture.name, record.index
                    );
                }
                Err(e) => assert!(
                    summary.malformed || summary.undecoded.is_some() || summary.type_subtype.is_none(),
                    "{} #{}: decoder says well-formed but strict parse fails: {e}",
                    capture.name,
                    record.index
                ),
            }
        }
    }
    assert!(parsed > 36_000, "only {parsed} of {total} frames parsed");
}
