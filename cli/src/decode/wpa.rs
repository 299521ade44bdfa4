//! `softmac decode --passphrase P --ssid S`: WPA2 handshakes verified and CCMP frames decrypted
//! while decoding (the core's [`WpaTracker`]), the plaintext's LLC/IP decoded into the record.
//!
//! Per record, on top of the plain decode: an EAPOL-Key message gets `eapol_message` ("1/4" ..
//! "4/4", "group 1/2", "group 2/2") and `eapol_mic_ok` (when it could be checked); a protected
//! data frame gets `decrypted` (true, or false when its key is known but the MIC failed) and,
//! decrypted, `inner`: what the MSDU carries (EtherType, ARP/IPv4/IPv6 addresses, IP protocol,
//! ICMP type). The run's [`WpaCounts`] say how many handshakes were found and verified and how
//! many frames decrypted.

use super::record::{FrameRecord, InnerSummary};
use super::{DecodeError, Decoded, dissect};
use mac80211_core::capture::CaptureReader;
use mac80211_core::capture::wpa::{WpaNetwork, WpaOutcome, WpaSummary, WpaTracker};
use mac80211_core::wire::eapol::key::KeyMessageKind;
use mac80211_core::wire::linktype::split_radio_header;
use mac80211_core::wire::llc;
use mac80211_core::wire::{EtherType, FrameRepr};
use serde::Serialize;
use std::net::{Ipv4Addr, Ipv6Addr};

/// The counts of a decrypting decode, as JSON reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WpaCounts {
    /// 4-way handshakes seen.
    pub handshakes_found: u64,
    /// Verified with one of the keys.
    pub handshakes_verified: u64,
    /// Without their message 1 or 3 in the capture.
    pub handshakes_incomplete: u64,
    /// Of networks none of the keys is for.
    pub handshakes_other_networks: u64,
    /// EAPOL-Key MICs that failed (a wrong passphrase fails every one).
    pub mic_failures: u64,
    /// CCMP frames decrypted.
    pub frames_decrypted: u64,
    /// CCMP frames whose key is known but whose MIC failed.
    pub frames_failed: u64,
    /// Protected frames without a key.
    pub frames_without_key: u64,
}

impl From<WpaSummary> for WpaCounts {
    fn from(s: WpaSummary) -> WpaCounts {
        WpaCounts {
            handshakes_found: s.handshakes_found,
            handshakes_verified: s.handshakes_verified,
            handshakes_incomplete: s.handshakes_incomplete,
            handshakes_other_networks: s.handshakes_other_networks,
            mic_failures: s.mic_failures,
            frames_decrypted: s.frames_decrypted,
            frames_failed: s.frames_failed,
            frames_without_key: s.frames_without_key,
        }
    }
}

impl WpaCounts {
    /// The summary line of the text output.
    pub fn line(&self) -> String {
        format!(
            "WPA: {} handshakes found, {} verified, {} incomplete, {} of other networks; {} MIC failures; \
             {} frames decrypted, {} failed, {} without a key",
            self.handshakes_found,
            self.handshakes_verified,
            self.handshakes_incomplete,
            self.handshakes_other_networks,
            self.mic_failures,
            self.frames_decrypted,
            self.frames_failed,
            self.frames_without_key
        )
    }
}

/// Decodes a capture, decrypting what the `networks` keys open.
pub fn decode_capture_wpa(
    bytes: &[u8],
    networks: Vec<WpaNetwork>,
) -> Result<(Decoded, WpaCounts), DecodeError> {
    let reader = CaptureReader::new(bytes).map_err(DecodeError::NotACapture)?;
    let mut tracker = WpaTracker::new(networks);
    let mut records = Vec::new();
    let mut broken = None;
    let mut t0 = None;
    for item in reader {
        match item {
            Ok(record) => {
                let t0 = *t0.get_or_insert_with(|| dissect::ts_nanos(&record));
                let mut rec = dissect(&record, t0);
                if let Ok(split) = split_radio_header(record.linktype, record.data) {
                    annotate(&mut rec, tracker.observe(split.frame));
                }
                records.push(rec);
            }
            Err(e) => broken = Some(e),
        }
    }
    Ok((Decoded { records, broken }, tracker.summary().into()))
}

/// Adds what the tracker learnt about a record.
fn annotate(rec: &mut FrameRecord, outcome: WpaOutcome) {
    match outcome {
        WpaOutcome::KeyMessage { kind, mic_ok } => {
            rec.eapol_message = message_name(kind).map(str::to_owned);
            rec.eapol_mic_ok = mic_ok;
        }
        WpaOutcome::Decrypted(mpdu) => {
            rec.decrypted = Some(true);
            if let Ok(FrameRepr::Data(d)) = FrameRepr::parse(&mpdu) {
                rec.inner = inner(d.payload);
                if let Some(pdu) = mac80211_core::wire::llc::ethernet_ii_ethertype(d.payload)
                    .filter(|&t| t == EtherType::Eapol)
                    .and_then(|_| d.payload.get(llc::HEADER_LEN + 5..llc::HEADER_LEN + 7))
                {
                    rec.eapol_key_info = Some(u16::from_be_bytes([pdu[0], pdu[1]]));
                }
            }
        }
        WpaOutcome::DecryptFailed => rec.decrypted = Some(false),
        WpaOutcome::NoKey | WpaOutcome::Other => {}
    }
}

fn message_name(kind: KeyMessageKind) -> Option<&'static str> {
    Some(match kind {
        KeyMessageKind::Pairwise1 => "1/4",
        KeyMessageKind::Pairwise2 => "2/4",
        KeyMessageKind::Pairwise3 => "3/4",
        KeyMessageKind::Pairwise4 => "4/4",
        KeyMessageKind::Group1 => "group 1/2",
        KeyMessageKind::Group2 => "group 2/2",
        KeyMessageKind::Request => "request",
        KeyMessageKind::Unknown => return None,
    })
}

/// What a decrypted MSDU carries (LLC/SNAP, then ARP, IPv4 or IPv6 headers, read leniently).
fn inner(msdu: &[u8]) -> Option<InnerSummary> {
    let ethertype = llc::ethernet_ii_ethertype(msdu)?;
    let payload = msdu.get(llc::HEADER_LEN..)?;
    let mut s =
        InnerSummary { ethertype: ethertype.value(), protocol: ethertype.to_string(), ..Default::default() };
    let v4 = |b: &[u8]| <[u8; 4]>::try_from(b).ok().map(|a| Ipv4Addr::from(a).to_string());
    match ethertype {
        EtherType::Ipv4 => {
            let ihl = usize::from(payload.first()? & 0x0f) * 4;
            s.ip_proto = payload.get(9).copied();
            s.src = payload.get(12..16).and_then(v4);
            s.dst = payload.get(16..20).and_then(v4);
            if s.ip_proto == Some(1) {
                s.icmp_type = payload.get(ihl).copied();
            }
        }
        EtherType::Arp => {
            s.arp_op = payload.get(6..8).map(|b| u16::from_be_bytes([b[0], b[1]]));
            s.src = payload.get(14..18).and_then(v4);
            s.dst = payload.get(24..28).and_then(v4);
        }
        EtherType::Ipv6 => {
            let v6 = |b: &[u8]| <[u8; 16]>::try_from(b).ok().map(|a| Ipv6Addr::from(a).to_string());
            s.ip_proto = payload.get(6).copied();
            s.src = payload.get(8..24).and_then(v6);
            s.dst = payload.get(24..40).and_then(v6);
        }
        _ => {}
    }
    Some(s)
}
