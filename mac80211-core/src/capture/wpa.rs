//! WPA2-Personal in captures: find 4-way handshakes, check their MICs with the PMKs of known
//! networks, and decrypt the CCMP frames of the pairs whose handshake verified (what Wireshark
//! does with `wpa-pwd` keys, IEEE 802.11-2020 12.7.6 and 12.5.3).
//!
//! [`WpaTracker::observe`] takes every frame of a capture in order (802.11, no FCS). It learns
//! SSIDs from beacons and probe responses, and per (AP, station) pair it keeps the ANonces of
//! messages 1 and 3, the SNonces of messages 2, and once a message 2 verifies, the PTK:
//!
//! - Message 2 is checked against every ANonce seen for the pair (newest first) with every PMK of
//!   the network (every PMK when the SSID is not known yet). One that does not verify yet is
//!   kept and retried whenever a message 1 or 3 brings another ANonce: captures start
//!   mid-handshake, and retransmitted messages 1 of abandoned attempts carry other ANonces.
//! - Messages 3 and 4 and the group key handshake are checked with the KCK of the PTK derived
//!   with the same ANonce; message 3's and group message 1's Key Data is unwrapped with the KEK
//!   for the GTK.
//! - A message 2 of a PTK rekey has the Secure bit set like a message 4; a non-zero Key Nonce
//!   tells them apart (message 4 carries none).
//! - A protected data frame is decrypted with the pair's TK (unicast; the previous TK too, since
//!   frames of an old PTKSA may still be in flight around a rekey) or the BSS's GTK with its Key
//!   ID (group-addressed).
//!
//! Key Descriptor Version 2 (AKM 2, HMAC-SHA1-128, SHA-1 PRF) and 3 (AKM 6, AES-CMAC,
//! KDF-SHA256) are verified; version 1 (WPA with TKIP) and AKM-defined ones are reported but not
//! checked. A handshake is *found* for each message 2 (retransmissions, same SNonce and replay
//! counter, aside) and *verified* when it checks out with one of the PMKs. One that never
//! verifies is a *MIC failure* when the capture holds its message 1 or 3 (matched by replay
//! counter) — a wrong passphrase — and *incomplete* otherwise. Every input is peer data:
//! nothing here panics on any octets.

use crate::crypto::{CcmpDecrypted, Key, MicAlgorithm, Ptk, ccmp_decrypt, key_unwrap, verify_eapol};
use crate::mac::data::eapol_pdu;
use crate::wire::eapol::kde::{GtkKde, KdeType, KeyDataIter};
use crate::wire::eapol::key::{EapolKeyFrame, EapolKeyRepr, KeyDescriptorVersion, KeyMessageKind};
use crate::wire::{FrameRepr, MacAddr};
use std::collections::BTreeMap;

/// ANonces remembered per pair (retransmissions and new attempts).
const ANONCES_KEPT: usize = 8;

/// A network whose traffic may be decrypted.
#[derive(Clone, Debug)]
pub struct WpaNetwork {
    /// Its SSID.
    pub ssid: Vec<u8>,
    /// Its PMK (for WPA2-PSK, the PSK).
    pub pmk: Key<32>,
}

/// What one frame was to the tracker.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum WpaOutcome {
    /// Neither an EAPOL-Key message nor a protected data frame.
    Other,
    /// An EAPOL-Key message: its place in the handshakes, and whether its MIC verified (`None`
    /// when it carries none or could not be checked: no PMK fits yet, unsupported version).
    KeyMessage {
        /// What it is.
        kind: KeyMessageKind,
        /// MIC check result.
        mic_ok: Option<bool>,
    },
    /// A protected data frame, decrypted: the plaintext MPDU (Protected bit clear).
    Decrypted(Vec<u8>),
    /// A protected data frame whose key is known but whose MIC failed.
    DecryptFailed,
    /// A protected data frame without a key (no verified handshake for its pair or group).
    NoKey,
}

/// Counts over a capture.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct WpaSummary {
    /// 4-way handshakes seen (messages 2, retransmissions aside).
    pub handshakes_found: u64,
    /// Of those, verified with a PMK.
    pub handshakes_verified: u64,
    /// Of those, without their message 1 or 3 in the capture and not verifiable.
    pub handshakes_incomplete: u64,
    /// Of those, of a network (known by its SSID) none of the given keys is for.
    pub handshakes_other_networks: u64,
    /// EAPOL-Key messages whose MIC did not verify: messages 2 of complete handshakes that no
    /// PMK verifies, and messages 3, 4 and group messages that fail with their pair's KCK.
    pub mic_failures: u64,
    /// Protected data frames decrypted.
    pub frames_decrypted: u64,
    /// Protected data frames whose key is known but which failed to decrypt.
    pub frames_failed: u64,
    /// Protected data frames without a key.
    pub frames_without_key: u64,
}

/// An ANonce and the message that carried it.
#[derive(Clone, Copy)]
struct Anonce {
    replay: u64,
    /// From message 3 (whose replay counter is one above message 1's).
    msg3: bool,
    nonce: [u8; 32],
}

/// A message 2 that has not verified yet.
struct PendingMsg2 {
    replay: u64,
    snonce: [u8; 32],
    pdu: Vec<u8>,
    alg: MicAlgorithm,
    sha256: bool,
}

/// The (AP, station) pair's handshake state.
#[derive(Default)]
struct Pair {
    /// ANonces, newest last.
    anonces: Vec<Anonce>,
    /// (SNonce, replay counter) of messages 2 already counted.
    seen: Vec<([u8; 32], u64)>,
    /// Messages 2 not verified yet.
    pending: Vec<PendingMsg2>,
    /// The last verified handshake, and the one before.
    ptk: Option<Verified>,
    previous: Option<Verified>,
}

/// A verified handshake: its ANonce, the replay counter of its message 2, its PTK.
struct Verified {
    anonce: [u8; 32],
    replay: u64,
    ptk: Ptk,
}

impl Pair {
    /// The capture holds the message 1 or 3 that message 2 `replay` answers.
    fn has_partner(&self, replay: u64) -> bool {
        self.anonces
            .iter()
            .any(|a| if a.msg3 { a.replay == replay.wrapping_add(1) } else { a.replay == replay })
    }
}

/// The handshake tracker and decryptor of one capture.
pub struct WpaTracker {
    networks: Vec<WpaNetwork>,
    ssids: BTreeMap<MacAddr, Vec<u8>>,
    pairs: BTreeMap<(MacAddr, MacAddr), Pair>,
    gtks: BTreeMap<(MacAddr, u8), Key<16>>,
    summary: WpaSummary,
}

impl WpaTracker {
    /// A tracker for `networks`.
    pub fn new(networks: Vec<WpaNetwork>) -> WpaTracker {
        WpaTracker {
            networks,
            ssids: BTreeMap::new(),
            pairs: BTreeMap::new(),
            gtks: BTreeMap::new(),
            summary: WpaSummary::default(),
        }
    }

    /// The counts so far. Messages 2 still unverified count as MIC failures when their
    /// handshake is complete in the capture, as incomplete otherwise.
    pub fn summary(&self) -> WpaSummary {
        let mut s = self.summary;
        for (&(aa, _), pair) in &self.pairs {
            let ours = !self.candidate_pmks(aa).is_empty();
            for m in &pair.pending {
                if !ours {
                    s.handshakes_other_networks += 1;
                } else if pair.has_partner(m.replay) {
                    s.mic_failures += 1;
                } else {
                    s.handshakes_incomplete += 1;
                }
            }
        }
        s
    }

    /// Looks at the next frame of the capture (802.11, no FCS).
    pub fn observe(&mut self, frame: &[u8]) -> WpaOutcome {
        self.learn_ssid(frame);
        let Ok(parsed) = FrameRepr::parse(frame) else { return self.observe_unparsed(frame) };
        match parsed {
            FrameRepr::Data(d) => {
                let fc = d.header.frame_control;
                let Some((aa, spa, from_ap)) =
                    roles(fc.to_ds(), fc.from_ds(), d.header.addr1, d.header.addr2)
                else {
                    return WpaOutcome::Other;
                };
                if fc.protected() {
                    return self.decrypt(frame, aa, spa, d.header.addr1.is_multicast());
                }
                match eapol_pdu(d.payload) {
                    Some(pdu) if !d.is_amsdu() => self.key_message(aa, spa, from_ap, pdu),
                    _ => WpaOutcome::Other,
                }
            }
            _ => WpaOutcome::Other,
        }
    }

    /// The SSID of a beacon or probe response, read leniently: a beacon with one broken
    /// element further on still names its network.
    fn learn_ssid(&mut self, frame: &[u8]) {
        // Management, subtype 8 (beacon) or 5 (probe response); fixed fields end at octet 36.
        let (Some(&fc0), Some(bssid), Some(elements)) = (frame.first(), frame.get(16..22), frame.get(36..))
        else {
            return;
        };
        if fc0 != 0x80 && fc0 != 0x50 {
            return;
        }
        if let [0, len, rest @ ..] = elements
            && let Some(ssid) = rest.get(..usize::from(*len))
            && !ssid.iter().all(|&o| o == 0)
        {
            self.ssids.insert(MacAddr::from_bytes(bssid), ssid.to_vec());
        }
    }

    /// Protected frames whose body does not parse strictly still have a header to read.
    fn observe_unparsed(&mut self, frame: &[u8]) -> WpaOutcome {
        let (Some(&fc0), Some(&fc1)) = (frame.first(), frame.get(1)) else { return WpaOutcome::Other };
        let (data, protected) = (fc0 & 0x0c == 0x08, fc1 & 0x40 != 0);
        let (Some(a1), Some(a2)) = (frame.get(4..10), frame.get(10..16)) else { return WpaOutcome::Other };
        let (a1, a2) = (MacAddr::from_bytes(a1), MacAddr::from_bytes(a2));
        match (data && protected, roles(fc1 & 1 != 0, fc1 & 2 != 0, a1, Some(a2))) {
            (true, Some((aa, spa, _))) => self.decrypt(frame, aa, spa, a1.is_multicast()),
            _ => WpaOutcome::Other,
        }
    }

    /// Decrypts a protected data frame of the pair, or of the BSS's group.
    fn decrypt(&mut self, frame: &[u8], aa: MacAddr, spa: MacAddr, group: bool) -> WpaOutcome {
        let keys: Vec<&Key<16>> = if group {
            let key_id = crate::wire::ccmp::peek_key_id(frame.get(header_len(frame)..).unwrap_or(&[]));
            key_id.and_then(|id| self.gtks.get(&(aa, id))).into_iter().collect()
        } else {
            let pair = self.pairs.get(&(aa, spa));
            pair.into_iter().flat_map(|p| p.ptk.iter().chain(p.previous.iter())).map(|v| &v.ptk.tk).collect()
        };
        if keys.is_empty() {
            self.summary.frames_without_key += 1;
            return WpaOutcome::NoKey;
        }
        match keys.iter().find_map(|tk| ccmp_decrypt(tk, frame).ok()) {
            Some(CcmpDecrypted { mpdu, .. }) => {
                self.summary.frames_decrypted += 1;
                // Group key handshakes travel protected: their GTKs are needed for what follows.
                if let Ok(FrameRepr::Data(d)) = FrameRepr::parse(&mpdu)
                    && let Some(pdu) = eapol_pdu(d.payload)
                {
                    let from_ap = d.header.frame_control.from_ds();
                    self.key_message(aa, spa, from_ap, pdu);
                }
                WpaOutcome::Decrypted(mpdu)
            }
            None => {
                self.summary.frames_failed += 1;
                WpaOutcome::DecryptFailed
            }
        }
    }

    /// An EAPOL PDU between `aa` and `spa`.
    fn key_message(&mut self, aa: MacAddr, spa: MacAddr, from_ap: bool, pdu: &[u8]) -> WpaOutcome {
        let Ok(frame) = EapolKeyFrame::new_checked(pdu) else { return WpaOutcome::Other };
        let Ok(key) = EapolKeyRepr::parse(&frame) else { return WpaOutcome::Other };
        let pdu = frame.pdu();
        let kind = match key.message_kind() {
            // A PTK rekey's message 2 has Secure set; only message 4 has no nonce.
            KeyMessageKind::Pairwise4 if key.key_nonce != [0; 32] => KeyMessageKind::Pairwise2,
            kind => kind,
        };
        let version = key.key_info.descriptor_version();
        let Some(alg) = MicAlgorithm::from_descriptor_version(version) else {
            return WpaOutcome::KeyMessage { kind, mic_ok: None };
        };
        let sha256 = version == KeyDescriptorVersion::AesCmac;
        let pair = self.pairs.entry((aa, spa)).or_default();
        let mic_ok = match (kind, from_ap) {
            (KeyMessageKind::Pairwise1 | KeyMessageKind::Pairwise3, true) => {
                let msg3 = kind == KeyMessageKind::Pairwise3;
                remember_anonce(pair, Anonce { replay: key.replay_counter, msg3, nonce: key.key_nonce });
                self.retry_pending(aa, spa);
                if msg3 { self.check_with_ptk(aa, spa, alg, &key, pdu) } else { None }
            }
            (KeyMessageKind::Pairwise2, false) => {
                let id = (key.key_nonce, key.replay_counter);
                if pair.seen.contains(&id) {
                    // A retransmission: the first copy is counted (and pending, if unverified).
                    None
                } else {
                    pair.seen.push(id);
                    self.summary.handshakes_found += 1;
                    let m = PendingMsg2 {
                        replay: key.replay_counter,
                        snonce: key.key_nonce,
                        pdu: pdu.to_vec(),
                        alg,
                        sha256,
                    };
                    self.check_msg2(aa, spa, m).then_some(true)
                }
            }
            (KeyMessageKind::Group1, true) | (KeyMessageKind::Pairwise4 | KeyMessageKind::Group2, false) => {
                self.check_with_ptk(aa, spa, alg, &key, pdu)
            }
            _ => None,
        };
        if mic_ok == Some(false) {
            self.summary.mic_failures += 1;
        }
        WpaOutcome::KeyMessage { kind, mic_ok }
    }

    /// Verifies a message 2 against the pair's ANonces and the candidate PMKs; on success the
    /// pair gets the PTK (true). Otherwise it is kept for the ANonces still to come.
    fn check_msg2(&mut self, aa: MacAddr, spa: MacAddr, m: PendingMsg2) -> bool {
        let candidates: Vec<Key<32>> = self.candidate_pmks(aa);
        let pair = self.pairs.entry((aa, spa)).or_default();
        for anonce in pair.anonces.iter().rev() {
            for pmk in &candidates {
                let ptk = if m.sha256 {
                    Ptk::derive_sha256(pmk, aa, spa, &anonce.nonce, &m.snonce)
                } else {
                    Ptk::derive(pmk, aa, spa, &anonce.nonce, &m.snonce)
                };
                if verify_eapol(m.alg, &ptk.kck, &m.pdu).is_ok() {
                    let verified = Verified { anonce: anonce.nonce, replay: m.replay, ptk };
                    pair.previous = pair.ptk.replace(verified);
                    self.summary.handshakes_verified += 1;
                    return true;
                }
            }
        }
        pair.pending.push(m);
        false
    }

    /// Retries the messages 2 that have not verified, after a new ANonce came.
    fn retry_pending(&mut self, aa: MacAddr, spa: MacAddr) {
        let Some(pair) = self.pairs.get_mut(&(aa, spa)) else { return };
        for m in std::mem::take(&mut pair.pending) {
            self.check_msg2(aa, spa, m);
        }
    }

    /// Verifies a message with the pair's KCK; for messages carrying a GTK, keeps it.
    fn check_with_ptk(
        &mut self,
        aa: MacAddr,
        spa: MacAddr,
        alg: MicAlgorithm,
        key: &EapolKeyRepr<'_>,
        pdu: &[u8],
    ) -> Option<bool> {
        let Verified { anonce, replay, ptk } = self.pairs.get(&(aa, spa))?.ptk.as_ref()?;
        // Messages of another handshake than the verified one cannot be checked with its KCK:
        // an earlier replay counter, or a message 3 with another ANonce.
        let msg3 = key.key_info.pairwise() && key.key_info.ack();
        if key.replay_counter <= *replay || (msg3 && key.key_nonce != *anonce) {
            return None;
        }
        let carries_gtk = Some(key).filter(|k| k.key_info.ack());
        if verify_eapol(alg, &ptk.kck, pdu).is_err() {
            return Some(false);
        }
        if let Some(key) = carries_gtk.filter(|k| k.key_info.encrypted_key_data())
            && let Ok(plain) = key_unwrap(&ptk.kek, key.key_data)
            && let Some(kde) = KeyDataIter::new(&plain).find_kde(KdeType::Gtk)
            && let Ok(gtk) = GtkKde::parse(kde.data)
            && let Ok(octets) = <[u8; 16]>::try_from(gtk.gtk)
        {
            self.gtks.insert((aa, gtk.key_id()), Key::new(octets));
        }
        Some(true)
    }

    /// The PMKs that may be the network of `bssid`: those with its SSID, or all when unknown.
    fn candidate_pmks(&self, bssid: MacAddr) -> Vec<Key<32>> {
        let ssid = self.ssids.get(&bssid);
        self.networks.iter().filter(|n| ssid.is_none_or(|s| *s == n.ssid)).map(|n| n.pmk.clone()).collect()
    }
}

/// The ANonce of a message 1 or 3, newest last (a repeat moves to the end).
fn remember_anonce(pair: &mut Pair, anonce: Anonce) {
    pair.anonces.retain(|a| !(a.nonce == anonce.nonce && a.replay == anonce.replay && a.msg3 == anonce.msg3));
    pair.anonces.push(anonce);
    if pair.anonces.len() > ANONCES_KEPT {
        pair.anonces.remove(0);
    }
}

/// (AP, station, sent by the AP) of a data frame, from its DS bits (Table 9-30); `None` for
/// IBSS and WDS frames.
fn roles(to_ds: bool, from_ds: bool, a1: MacAddr, a2: Option<MacAddr>) -> Option<(MacAddr, MacAddr, bool)> {
    let a2 = a2?;
    match (to_ds, from_ds) {
        (true, false) => Some((a1, a2, false)),
        (false, true) => Some((a2, a1, true)),
        _ => None,
    }
}

/// The MAC header length of a frame, or its whole length when it is too short to tell.
fn header_len(frame: &[u8]) -> usize {
    crate::wire::Frame::new_checked(frame).map_or(frame.len(), |f| f.header_len())
}
