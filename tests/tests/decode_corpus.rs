//! `softmac decode` agrees with Wireshark on every capture of the corpus.
//!
//! For each capture in `tests/corpus/pcap/` the decoder's records are compared, field by field,
//! with tshark 4.0's decode in `tests/corpus/expected/` (the rules of `tests/corpus/SCHEMA.md`,
//! normalised as `tests/corpus/compare.py` does). Scored are the frames Wireshark does not flag
//! as malformed: each field must agree on at least 99.5% of them, and every disagreement must be
//! a class listed in [`KNOWN_DISAGREEMENTS`] with its reason. Today one class of three frames
//! remains, where the standard and Wireshark differ.
//!
//! Frames Wireshark flags are checked the other way: we must flag them too, except the classes
//! in [`WIRESHARK_ONLY_MALFORMED`], each with the reason we differ.

use serde_json::Value;
use softmac_cli::decode::decode_capture;
use softmac_tests::corpus;
use std::collections::BTreeMap;

/// Fields of the schema, in its order; `rsn` is compared as a whole.
const FIELDS: &[&str] = &[
    "linktype",
    "type_subtype",
    "addr1",
    "addr2",
    "addr3",
    "addr4",
    "seq",
    "frag",
    "to_ds",
    "from_ds",
    "more_frag",
    "retry",
    "pwr_mgt",
    "more_data",
    "protected",
    "order",
    "duration",
    "ssid",
    "channel",
    "rates_mbps",
    "rsn",
    "beacon_interval",
    "capability",
    "listen_interval",
    "status",
    "reason",
    "aid",
    "auth_alg",
    "auth_seq",
    "element_ids",
    "tid",
    "amsdu",
    "eapol_key_info",
    "rt_freq",
    "rt_signal_dbm",
    "malformed",
];

/// Disagreements on scored frames that are accepted, as (capture, field, reason).
const KNOWN_DISAGREEMENTS: &[(&str, &str, &str)] = &[(
    "aircrack-ng__3.pcap",
    "malformed",
    "Data+CF-Poll and QoS CF-Poll are \"no data\" subtypes, whose Frame Body is null \
     (802.11-2020 9.3.2.1); these three carry a body, which we flag and Wireshark does not",
)];

/// Frames Wireshark calls malformed that we decode as well-formed, as (capture, frame, reason).
const WIRESHARK_ONLY_MALFORMED: &[(&str, u64, &str)] = &[
    (
        "aircrack-ng__wpa2-psk-linksys.cap",
        309,
        "an Association Response that ends right after its fixed fields (status 10, no elements): \
         802.11-2020 9.3.3.6 gives it nothing further to parse; Wireshark raises an exception",
    ),
    (
        "tcpdump__ieee802.11_meshhdr-oobr.pcap",
        1,
        "radiotap version 48: not a radiotap header we can read, so the record is reported as \
         `undecoded`, not malformed; Wireshark reports a short read",
    ),
    ("tcpdump__radiotap-heapoverflow.pcap", 1, "radiotap version 48 (same class as above)"),
];

#[test]
fn decoder_agrees_with_wireshark() {
    let mut scored = 0usize;
    let mut field_disagreements: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let mut missed_malformed = Vec::new();
    for capture in corpus::captures() {
        let decoded = decode_capture(&capture.bytes).unwrap_or_else(|e| panic!("{}: {e}", capture.name));
        let actual: Vec<Value> = decoded.records.iter().map(|r| serde_json::to_value(r).unwrap()).collect();
        let expected = capture.expected();
        assert_eq!(actual.len(), expected.len(), "{}: record count", capture.name);
        for (exp, act) in expected.iter().zip(&actual) {
            let frame = exp["frame"].as_u64().unwrap();
            assert_eq!(act["frame"].as_u64(), Some(frame), "{}: alignment", capture.name);
            if exp["malformed"] == Value::Bool(true) {
                let known = WIRESHARK_ONLY_MALFORMED.iter().any(|&(c, f, _)| c == capture.name && f == frame);
                if act["malformed"] != Value::Bool(true) && !known {
                    missed_malformed.push(format!("{} #{frame}", capture.name));
                }
                continue;
            }
            scored += 1;
            for &field in FIELDS {
                if corpus::field_equal(field, &exp[field], &act[field]) {
                    continue;
                }
                *field_disagreements.entry(field).or_default() += 1;
                let known = KNOWN_DISAGREEMENTS.iter().any(|&(c, f, _)| c == capture.name && f == field);
                if !known {
                    unexplained.push(format!(
                        "{} #{frame} {field}: wireshark {} / softmac {} ({})",
                        capture.name, exp[field], act[field], act["error"]
                    ));
                }
            }
        }
    }
    assert!(scored > 36_000, "only {scored} frames scored");
    for (field, n) in &field_disagreements {
        let agreement = 100.0 * (1.0 - *n as f64 / scored as f64);
        assert!(agreement >= 99.5, "{field}: {agreement:.3}% agreement");
    }
    assert!(
        unexplained.is_empty(),
        "{} unexplained disagreements:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert!(
        missed_malformed.is_empty(),
        "frames Wireshark flags that we accept:\n{}",
        missed_malformed.join("\n")
    );
}

#[test]
fn truncated_captures_report_where_they_break() {
    let capture = corpus::capture("aircrack-ng__pmkid-not-recognized.cap");
    let decoded = decode_capture(&capture.bytes).unwrap();
    assert_eq!(decoded.records.len(), 20_056);
    let err = decoded.broken.expect("the last record is cut short");
    assert_eq!(err.offset(), 1_432_632);
    assert!(err.to_string().contains("record 20057"), "{err}");
}

#[test]
fn every_prefix_of_a_capture_decodes_up_to_its_break() {
    let capture = corpus::capture("aircrack-ng__wpa2.eapol.cap");
    let full = decode_capture(&capture.bytes).unwrap().records;
    for cut in 24..capture.bytes.len() {
        let part = decode_capture(&capture.bytes[..cut]).unwrap();
        // Records wholly inside the prefix decode exactly as in the full file.
        assert_eq!(part.records[..], full[..part.records.len()], "cut at {cut}");
        if let Some(err) = part.broken {
            assert!(err.offset() <= cut as u64, "cut at {cut}: break reported at {}", err.offset());
        }
    }
}
