//! Walks the shared capture corpus: every file must read to the frame count Wireshark saw,
//! and every radiotap header must give the channel and signal Wireshark reported.
//!
//! The corpus is vendored in the repository at `tests/corpus` (`$SOFTMAC_CORPUS` overrides it);
//! its expected decodes are stored gzip-compressed.

use super::*;
use crate::wire::linktype::{RadioHeader, split_radio_header};
use crate::wire::radiotap::Radiotap;
use std::path::PathBuf;

fn corpus() -> PathBuf {
    let dir = std::env::var_os("SOFTMAC_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/corpus")));
    assert!(dir.join("pcap").is_dir(), "capture corpus missing at {}", dir.display());
    dir
}

fn read_gz(path: &std::path::Path) -> String {
    use std::io::Read;
    let mut out = String::new();
    let file = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    flate2::read::GzDecoder::new(&file[..]).read_to_string(&mut out).unwrap();
    out
}

/// Every capture with its bytes and the text of its expected JSON.
fn captures(dir: &std::path::Path) -> Vec<(String, Vec<u8>, String)> {
    let mut names: Vec<_> = std::fs::read_dir(dir.join("pcap"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let bytes = std::fs::read(dir.join("pcap").join(&n)).unwrap();
            let json = read_gz(&dir.join("expected").join(format!("{n}.json.gz")));
            (n, bytes, json)
        })
        .collect()
}

/// The value of `key` in each frame object of the expected JSON, in order (`None` for null).
/// The schema is flat and fixed (one object per frame, each key once), so a scan suffices.
fn values(json: &str, key: &str) -> Vec<Option<i64>> {
    let pat = format!("\"{key}\":");
    json.match_indices(&pat)
        .map(|(at, _)| {
            let rest = json[at + pat.len()..].trim_start();
            let end = rest.find([',', '}']).unwrap();
            rest[..end].trim().parse::<i64>().ok()
        })
        .collect()
}

/// Files whose end is cut inside a record, with the error the reader must give.
fn known_break(name: &str) -> Option<CaptureError> {
    match name {
        "aircrack-ng__pmkid-not-recognized.cap" => {
            Some(CaptureError::RecordTruncated { record: 20_057, offset: 1_432_632, len: 411, left: 179 })
        }
        "wifite2__handshake_has_1234.cap" => {
            Some(CaptureError::RecordTruncated { record: 2_190, offset: 124_947, len: 368, left: 244 })
        }
        "scapy__bad_rsn_parsing_overrides_ssid.pcap" => {
            Some(CaptureError::RecordHeaderTruncated { record: 2, offset: 359, need: 16, left: 1 })
        }
        _ => None,
    }
}

#[test]
fn corpus_record_counts_and_link_types() {
    let dir = corpus();
    let caps = captures(&dir);
    assert!(caps.len() >= 90, "only {} captures found", caps.len());
    for (name, bytes, json) in &caps {
        let items: Vec<_> = CaptureReader::new(bytes).unwrap_or_else(|e| panic!("{name}: {e}")).collect();
        let (ok, errs): (Vec<_>, Vec<_>) = items.into_iter().partition(|r| r.is_ok());
        let records: Vec<_> = ok.into_iter().map(|r| r.unwrap()).collect();
        let errs: Vec<_> = errs.into_iter().map(|r| r.unwrap_err()).collect();
        assert_eq!(errs, known_break(name).into_iter().collect::<Vec<_>>(), "{name}");
        let frames = values(json, "frame");
        assert_eq!(records.len(), frames.len(), "{name}: record count");
        let linktypes = values(json, "linktype");
        for (r, (frame, lt)) in records.iter().zip(frames.iter().zip(&linktypes)) {
            assert_eq!(Some(r.index as i64), *frame, "{name}");
            assert_eq!(Some(i64::from(r.linktype.value())), *lt, "{name} record {}", r.index);
        }
    }
}

#[test]
fn corpus_radiotap_channel_and_signal() {
    let dir = corpus();
    let mut checked = 0;
    for (name, bytes, json) in captures(&dir) {
        let freqs = values(&json, "rt_freq");
        let signals = values(&json, "rt_signal_dbm");
        for r in CaptureReader::new(&bytes).unwrap().map_while(|r| r.ok()) {
            if r.linktype != LinkType::Radiotap {
                continue;
            }
            let i = r.index as usize - 1;
            let (freq, signal) = match Radiotap::new_checked(r.data) {
                Ok(rt) => {
                    let info = rt.info();
                    (info.channel_freq.map(i64::from), info.dbm_signal.map(i64::from))
                }
                Err(_) => (None, None),
            };
            assert_eq!((freq, signal), (freqs[i], signals[i]), "{name} record {}", r.index);
            checked += 1;
        }
    }
    assert!(checked > 4000, "only {checked} radiotap records");
}

#[test]
fn corpus_radio_headers_split() {
    let dir = corpus();
    for (name, bytes, json) in captures(&dir) {
        let types = values(&json, "type_subtype");
        for r in CaptureReader::new(&bytes).unwrap().map_while(|r| r.ok()) {
            let split = split_radio_header(r.linktype, r.data);
            let Ok(split) = split else {
                // Only broken radio headers may fail, and tshark found no frame in them.
                assert_eq!(types[r.index as usize - 1], None, "{name} record {}", r.index);
                continue;
            };
            // Where tshark saw a frame control, the frame must start with one.
            if types[r.index as usize - 1].is_some() {
                assert!(split.frame.len() >= 2, "{name} record {}: empty frame", r.index);
            }
            if name == "aircrack-ng__wpa.cap" {
                let RadioHeader::Prism(p) = split.header else { panic!("{name}: no Prism header") };
                assert_eq!(p.channel(), Some(7));
                let fc0 = i64::from(split.frame[0]);
                let type_subtype = ((fc0 >> 2) & 3) << 4 | (fc0 >> 4);
                assert_eq!(Some(type_subtype), types[r.index as usize - 1], "{name} record {}", r.index);
            }
            if name == "aircrack-ng__wpaclean_crash.pcap" {
                assert_eq!(split.header, RadioHeader::None);
            }
        }
    }
}
