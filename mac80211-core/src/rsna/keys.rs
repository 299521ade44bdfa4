//! The temporal keys the data path protects frames with (802.11-2020 12.5.3, 12.6.1.1.6).
//!
//! A link has at most one pairwise key (Key ID 0; this MAC does not do Extended Key ID) and up
//! to three group keys (IDs 1-3). Each key counts its own packet numbers: the transmitter's
//! next PN starts at 1 and only grows (a PN is never reused with a key), and the receiver keeps
//! one replay counter per TID ([`ReplayCounters`]).
//!
//! Order on receive: decrypt (the MIC proves the octets, PN included, came from a key holder),
//! then the replay check, then the counter update. Checking the PN first would let a forged
//! frame with a huge PN advance the counter and block the real traffic; mac80211 likewise
//! commits the PN only after the MIC verified.
//!
//! A key enters only through [`PairwiseKey::new`] with the [`MicVerified`] proof of the
//! handshake message that delivered it, or for group keys with the key data of such a message.
//!
//! With hardware crypto (`MacConfig::hw_crypto`) a key still numbers the packets, but sealing
//! only writes the CCMP header: the frame leaves with the Protected bit, the header with its PN
//! and Key ID, and a plaintext body, and the radio encrypts it and appends the MIC with the key
//! it was offered (mac80211 `IEEE80211_KEY_FLAG_GENERATE_IV` without `GENERATE_MMIC`: software
//! numbers, hardware encrypts).

use crate::crypto::{CcmpDecrypted, Key, MicVerified, ReplayCounters, ccmp_decrypt, ccmp_encrypt};
use crate::mac::DropReason;
use crate::wire::Frame;
use crate::wire::ccmp::{CCMP_HEADER_LEN, CcmpHeader, CcmpHeaderRepr};

/// Largest PN (48 bits). A key whose PN would pass it must be replaced first.
const PN_MAX: u64 = (1 << 48) - 1;

/// Encrypts `mpdu` with `tk` (or, for the radio to encrypt, only inserts the CCMP header),
/// advancing `next_pn`.
fn seal(
    tk: &Key<16>,
    offload: bool,
    next_pn: &mut u64,
    key_id: u8,
    mpdu: &[u8],
) -> Result<Vec<u8>, DropReason> {
    if *next_pn > PN_MAX {
        return Err(DropReason::NoKey);
    }
    let out = if offload {
        header_only(*next_pn, key_id, mpdu)?
    } else {
        ccmp_encrypt(tk, *next_pn, key_id, mpdu).map_err(|_| DropReason::Malformed)?
    };
    *next_pn += 1;
    Ok(out)
}

/// `mpdu` with the Protected bit set and a CCMP header after the MAC header, body in clear.
fn header_only(pn: u64, key_id: u8, mpdu: &[u8]) -> Result<Vec<u8>, DropReason> {
    let hlen = Frame::new_checked(mpdu).map_err(|_| DropReason::Malformed)?.header_len();
    let mut out = Vec::with_capacity(mpdu.len() + CCMP_HEADER_LEN);
    out.extend_from_slice(&mpdu[..hlen]);
    out[1] |= 0x40; // Protected Frame (Frame Control bit 14)
    let mut header = [0; CCMP_HEADER_LEN];
    CcmpHeaderRepr { pn, key_id }.emit(&mut CcmpHeader::new_unchecked(&mut header[..]));
    out.extend_from_slice(&header);
    out.extend_from_slice(&mpdu[hlen..]);
    Ok(out)
}

/// Decrypts `mpdu` with `tk` and checks its PN against `replay` for `tid`.
fn open(
    tk: &Key<16>,
    replay: &mut ReplayCounters,
    tid: Option<u8>,
    mpdu: &[u8],
) -> Result<CcmpDecrypted, DropReason> {
    let plain = ccmp_decrypt(tk, mpdu).map_err(|_| DropReason::DecryptFailed)?;
    replay.accept(tid, plain.pn).map_err(|_| DropReason::Replayed)?;
    Ok(plain)
}

/// The pairwise key of one link (PTKSA's TK).
#[derive(Debug)]
pub(crate) struct PairwiseKey {
    tk: Key<16>,
    /// The radio encrypts with it.
    offload: bool,
    next_pn: u64,
    replay: ReplayCounters,
}

impl PairwiseKey {
    /// A key delivered by a handshake message whose MIC verified; `offload` when the radio
    /// encrypts.
    pub(crate) fn new(tk: Key<16>, _proof: MicVerified, offload: bool) -> PairwiseKey {
        PairwiseKey { tk, offload, next_pn: 1, replay: ReplayCounters::default() }
    }

    /// The temporal key (to offer to the radio).
    pub(crate) fn tk(&self) -> &Key<16> {
        &self.tk
    }

    /// Protects a plaintext MPDU (Key ID 0).
    pub(crate) fn protect(&mut self, mpdu: &[u8]) -> Result<Vec<u8>, DropReason> {
        seal(&self.tk, self.offload, &mut self.next_pn, 0, mpdu)
    }

    /// Decrypts a protected MPDU and checks its PN.
    pub(crate) fn unprotect(&mut self, tid: Option<u8>, mpdu: &[u8]) -> Result<CcmpDecrypted, DropReason> {
        open(&self.tk, &mut self.replay, tid, mpdu)
    }
}

/// One group key (GTKSA's GTK).
#[derive(Debug)]
struct GroupKey {
    gtk: Key<16>,
    offload: bool,
    next_pn: u64,
    replay: ReplayCounters,
}

/// The group keys of a BSS, by Key ID, and the one group frames are sent with.
#[derive(Debug, Default)]
pub(crate) struct GroupKeys {
    slots: [Option<GroupKey>; 4],
    tx: Option<u8>,
}

impl GroupKeys {
    /// Installs `gtk` as Key ID `index` (1-3); frames received with it must carry a PN above
    /// `rsc` (the Key RSC of the message that delivered it); `offload` when the radio encrypts.
    /// Returns false for a bad index.
    pub(crate) fn install(&mut self, index: u8, gtk: Key<16>, rsc: u64, offload: bool) -> bool {
        let Some(slot) = self.slots.get_mut(usize::from(index)).filter(|_| index != 0) else {
            return false;
        };
        let mut replay = ReplayCounters::default();
        replay.reset_to(rsc);
        *slot = Some(GroupKey { gtk, offload, next_pn: rsc + 1, replay });
        true
    }

    /// Sends group frames with Key ID `index` from now on (an AP, after a rekey completed).
    pub(crate) fn set_tx(&mut self, index: u8) {
        if self.key(index).is_some() {
            self.tx = Some(index);
        }
    }

    /// The Key ID group frames are sent with.
    pub(crate) fn tx_index(&self) -> Option<u8> {
        self.tx
    }

    /// The next PN of key `index` (the Key RSC to announce with it).
    pub(crate) fn next_pn(&self, index: u8) -> u64 {
        self.key(index).map_or(0, |k| k.next_pn)
    }

    /// The GTK with Key ID `index`.
    pub(crate) fn gtk(&self, index: u8) -> Option<&Key<16>> {
        self.key(index).map(|k| &k.gtk)
    }

    fn key(&self, index: u8) -> Option<&GroupKey> {
        self.slots.get(usize::from(index))?.as_ref()
    }

    /// Protects a group-addressed MPDU with the transmit key; `NoKey` without one.
    pub(crate) fn protect(&mut self, mpdu: &[u8]) -> Result<Vec<u8>, DropReason> {
        let index = self.tx.ok_or(DropReason::NoKey)?;
        let key = self.slots[usize::from(index)].as_mut().ok_or(DropReason::NoKey)?;
        seal(&key.gtk, key.offload, &mut key.next_pn, index, mpdu)
    }

    /// Decrypts a group-addressed MPDU with the key its Key ID names.
    pub(crate) fn unprotect(
        &mut self,
        key_id: u8,
        tid: Option<u8>,
        mpdu: &[u8],
    ) -> Result<CcmpDecrypted, DropReason> {
        let key =
            self.slots.get_mut(usize::from(key_id)).and_then(Option::as_mut).ok_or(DropReason::NoKey)?;
        open(&key.gtk, &mut key.replay, tid, mpdu)
    }
}

/// The keys of one link as the data path sees them.
#[derive(Debug, Default)]
pub(crate) struct LinkKeys {
    /// The pairwise key, once the 4-way handshake installed it.
    pub pairwise: Option<PairwiseKey>,
    /// Group keys (a station's receive keys; an AP keeps its own in the AP).
    pub group: GroupKeys,
}
