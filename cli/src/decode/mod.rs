//! `softmac decode`: capture files to per-frame summaries or schema-shaped JSON.
//!
//! The decoder reads pcap and pcapng with the core's capture reader, strips the radio header
//! the link type names (105 bare 802.11, 119 Prism or AVS, 127 radiotap, 163 AVS), and decodes
//! each 802.11 frame into a [`FrameRecord`]. A capture that ends inside a record, or is corrupt
//! past some point, is decoded up to the break and the break is reported with its byte offset.

mod body;
mod dissect;
mod header;
mod mgmt;
pub mod record;
pub mod summary;
pub mod wpa;

pub use dissect::dissect;
pub use record::{FrameRecord, RsnSummary};

use mac80211_core::capture::{CaptureError, CaptureReader};

/// Everything decoded from one capture file.
#[derive(Debug)]
pub struct Decoded {
    /// One record per capture record read, in file order.
    pub records: Vec<FrameRecord>,
    /// Where and why reading stopped early, if it did.
    pub broken: Option<CaptureError>,
}

/// Why a file could not be decoded at all.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// The file is neither pcap nor pcapng, or its file header is unusable.
    #[error("not a readable capture file: {0}")]
    NotACapture(CaptureError),
}

/// Decodes a whole capture held in memory.
pub fn decode_capture(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let reader = CaptureReader::new(bytes).map_err(DecodeError::NotACapture)?;
    let mut records = Vec::new();
    let mut broken = None;
    let mut t0 = None;
    for item in reader {
        match item {
            Ok(record) => {
                let t0 = *t0.get_or_insert_with(|| dissect::ts_nanos(&record));
                records.push(dissect(&record, t0));
            }
            Err(e) => broken = Some(e),
        }
    }
    Ok(Decoded { records, broken })
}
