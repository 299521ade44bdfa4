//! One capture file for a whole run: a channel tap on every channel any radio can use, merged
//! into a single radiotap pcap in time order.
//!
//! The medium captures per channel, as a monitor interface on one frequency would
//! ([`hwsim::CaptureKind::Channel`]). A run spans several channels (a station's scan visits
//! every channel it supports; three APs may sit on 1, 6 and 11), so the runner opens one tap per
//! channel and merges them at the end, like `mergecap` would: records are ordered by
//! timestamp, ties broken by channel (ascending frequency) and then by order within a tap,
//! which keeps the file byte-identical for a given seed. Each record's radiotap Channel field
//! says where it was on the air, so Wireshark shows the frequency of every frame.

use hwsim::CaptureId;
use hwsim::world::World;
use mac80211_core::capture::{CaptureReader, PcapWriter, TsResolution};
use mac80211_core::channel::Channel;
use mac80211_core::wire::LinkType;

/// Open channel taps of a run.
pub struct MultiChannelCapture {
    taps: Vec<(u16, CaptureId)>,
}

/// The merged capture could not be built (a tap produced a file the reader refuses).
#[derive(Debug, thiserror::Error)]
#[error("merging the channel captures: {0}")]
pub struct MergeError(String);

impl MultiChannelCapture {
    /// Opens a tap on every channel some node of `world` supports (each once).
    pub fn start(world: &mut World) -> MultiChannelCapture {
        let mut channels: Vec<Channel> = world
            .nodes()
            .collect::<Vec<_>>()
            .into_iter()
            .flat_map(|n| world.mac(n).config().channels.clone())
            .collect();
        channels.sort_by_key(|c| c.freq);
        channels.dedup_by_key(|c| c.freq);
        let taps = channels.into_iter().map(|c| (c.freq, world.capture_channel(c))).collect();
        MultiChannelCapture { taps }
    }

    /// Closes every tap and returns one pcap file with all their records in time order.
    pub fn finish(self, world: &mut World) -> Result<Vec<u8>, MergeError> {
        let files: Vec<Vec<u8>> = self.taps.iter().map(|&(_, id)| world.finish_capture(id)).collect();
        merge(&files)
    }
}

/// Merges radiotap pcap files by timestamp (stable: earlier files win ties).
pub fn merge(files: &[Vec<u8>]) -> Result<Vec<u8>, MergeError> {
    let mut records = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        let reader = CaptureReader::new(file).map_err(|e| MergeError(e.to_string()))?;
        for (i, rec) in reader.enumerate() {
            let rec = rec.map_err(|e| MergeError(e.to_string()))?;
            records.push((rec.ts, file_index, i, rec));
        }
    }
    records.sort_by_key(|&(ts, file, i, _)| (ts, file, i));
    let mut out = PcapWriter::new(Vec::new(), LinkType::Radiotap, TsResolution::Micro)
        .map_err(|e| MergeError(e.to_string()))?;
    for (_, _, _, rec) in &records {
        out.write_record(rec).map_err(|e| MergeError(e.to_string()))?;
    }
    out.into_inner().map_err(|e| MergeError(e.to_string()))
}

/// Records in a pcap file (0 when it does not parse).
pub fn record_count(file: &[u8]) -> usize {
    CaptureReader::new(file).map(|r| r.filter(Result::is_ok).count()).unwrap_or(0)
}
