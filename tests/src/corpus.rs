//! The vendored capture corpus (`tests/corpus`) and Wireshark's decode of it.
//!
//! Captures come from public projects and from real hostapd/wpa_supplicant on Linux
//! mac80211_hwsim (see `tests/corpus/README.md`); `expected/` holds tshark's per-frame decode in
//! the schema of `tests/corpus/SCHEMA.md`, gzip-compressed. [`field_equal`] compares one field
//! the way `tests/corpus/compare.py` does.

use serde_json::Value;
use std::io::Read;
use std::path::PathBuf;

/// One capture file of the corpus.
pub struct Capture {
    /// File name, e.g. `aircrack-ng__wpa2.eapol.cap`.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl Capture {
    /// Wireshark's per-frame decode of this capture, one JSON object per record.
    pub fn expected(&self) -> Vec<Value> {
        let path = dir().join("expected").join(format!("{}.json.gz", self.name));
        let gz = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut text = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).unwrap();
        serde_json::from_str(&text).unwrap()
    }
}

/// The corpus folder (`$SOFTMAC_CORPUS` overrides the vendored copy).
pub fn dir() -> PathBuf {
    let dir = std::env::var_os("SOFTMAC_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")));
    assert!(dir.join("pcap").is_dir(), "capture corpus missing at {}", dir.display());
    dir
}

/// Every capture of the corpus, sorted by name.
pub fn captures() -> Vec<Capture> {
    let mut names: Vec<String> = std::fs::read_dir(dir().join("pcap"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names.into_iter().map(|n| capture(&n)).collect()
}

/// One capture by file name.
pub fn capture(name: &str) -> Capture {
    let path = dir().join("pcap").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Capture { name: name.to_owned(), bytes }
}

/// True when two values of schema field `field` agree (compare.py's normalisation).
pub fn field_equal(field: &str, expected: &Value, actual: &Value) -> bool {
    match field {
        "ssid" => ssid_bytes(expected) == ssid_bytes(actual),
        "rates_mbps" => rates(expected) == rates(actual),
        "addr1" | "addr2" | "addr3" | "addr4" => lower(expected) == lower(actual),
        "rsn" => rsn(expected) == rsn(actual),
        _ => expected == actual,
    }
}

fn lower(v: &Value) -> Option<String> {
    v.as_str().map(|s| s.to_ascii_lowercase().replace('-', ":"))
}

fn ssid_bytes(v: &Value) -> Option<Vec<u8>> {
    let s = v.as_str()?;
    Some(match s.strip_prefix("hex:") {
        Some(hex) => (0..hex.len())
            .step_by(2)
            .filter_map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
            .collect(),
        None => s.as_bytes().to_vec(),
    })
}

fn rates(v: &Value) -> Option<Vec<i64>> {
    v.as_array().map(|a| a.iter().map(|x| (x.as_f64().unwrap_or(f64::NAN) * 10.0).round() as i64).collect())
}

fn rsn(v: &Value) -> Option<(Option<String>, Vec<String>, Vec<String>)> {
    let o = v.as_object()?;
    let list = |k: &str| -> Vec<String> {
        o.get(k).and_then(Value::as_array).map(|a| a.iter().filter_map(lower).collect()).unwrap_or_default()
    };
    Some((o.get("group").and_then(lower), list("pairwise"), list("akm")))
}
