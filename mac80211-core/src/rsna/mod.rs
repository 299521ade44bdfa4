//! The RSNA key machines: the 4-way handshake and the group key handshake of WPA2-Personal
//! (IEEE 802.11-2020 12.7.6, 12.7.7), for the station ([`supplicant`]) and the AP
//! ([`authenticator`]), and the temporal keys of the data path ([`keys`]).
//!
//! # Contract
//!
//! The machines are sans-IO and know nothing of frames or timers: an input is an EAPOL PDU (the
//! octets after the LLC/SNAP header of EtherType 0x888E) or a timeout, and the answer is a list
//! of [`Action`]s the MAC carries out in order: send an EAPOL PDU to the peer, install a key,
//! open the port, or give up and deauthenticate with a reason. Randomness (nonces, GTKs) comes
//! from the caller's [`Rng`](crate::rand::Rng) stream.
//!
//! States are types, as in rustls: a supplicant is `ExpectMsg1 → ExpectMsg3 → Established`, an
//! authenticator `ExpectMsg2 → ExpectMsg4 → Established (⇄ ExpectGroupMsg2)`; each variant holds
//! only the nonces and keys valid then. A pairwise key can only be installed with the
//! [`MicVerified`](crate::crypto::MicVerified) proof of the message that confirmed it.
//!
//! A message that fails its checks (MIC, replay counter, nonce, state) is refused with a
//! [`Rejected`] reason and changes nothing: the MIC is the only proof of the sender, so a forged
//! message must not be able to move or tear down a handshake. Failures are decided by the
//! authenticator's retries: after [`PAIRWISE_TRIES`] messages without a valid answer it gives
//! up with reason 14 (MIC failure) when answers came but failed their MIC — a wrong passphrase —
//! and 15 (4-way handshake timeout) when nothing came; a group key handshake that times out ends
//! with 16.

pub(crate) mod authenticator;
pub(crate) mod keys;
mod message;
pub(crate) mod negotiate;
pub(crate) mod supplicant;

use crate::crypto::{Key, MicVerified};
use crate::time::Duration;
use crate::wire::ReasonCode;

/// Messages an authenticator sends per handshake before giving up (hostapd
/// `wpa_pairwise_update_count`, `wpa_group_update_count`: 4).
pub(crate) const PAIRWISE_TRIES: u8 = 4;
/// Wait after the first message of a handshake (hostapd `eapol_key_timeout_first`, 100 ms).
pub(crate) const FIRST_TIMEOUT: Duration = Duration::from_millis(100);
/// Wait after a retransmission (hostapd `eapol_key_timeout_subseq`, 1 s).
pub(crate) const RETRY_TIMEOUT: Duration = Duration::from_millis(1000);
/// Wait for group message 2 (hostapd `eapol_key_timeout_first_group`, 500 ms).
pub(crate) const GROUP_TIMEOUT: Duration = Duration::from_millis(500);

/// A pairwise key ready to install, with the proof that its handshake message verified.
#[derive(Debug)]
pub(crate) struct PairwiseInstall {
    /// The TK.
    pub tk: Key<16>,
    /// The MIC check that confirmed it.
    pub proof: MicVerified,
}

/// What the MAC must do after a key machine ran, in order.
#[derive(Debug)]
pub(crate) enum Action {
    /// Send this EAPOL PDU to the peer (protected if a pairwise key is installed by then).
    Send(Vec<u8>),
    /// Install the pairwise key.
    InstallPairwise(PairwiseInstall),
    /// Install a group key: Key ID, GTK, and the Key RSC (last PN used with it).
    InstallGroup {
        /// Key ID (1-3).
        index: u8,
        /// The GTK.
        gtk: Key<16>,
        /// Key RSC.
        rsc: u64,
    },
    /// The 4-way handshake completed: open the port.
    Authorized,
    /// The group key handshake with this peer completed (authenticator).
    GroupAcked,
    /// Give up: deauthenticate the peer with this reason.
    Fail(ReasonCode),
}

/// Why a received EAPOL-Key message was refused (counted as `KeyMessageRejected`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Rejected {
    /// Not an RSN EAPOL-Key with descriptor version 2.
    NotKey,
    /// A message this state does not expect.
    Unexpected,
    /// The replay counter is not the one expected.
    Replayed,
    /// The MIC does not verify.
    BadMic,
    /// Key Data that does not unwrap or lacks what the message must carry.
    BadKeyData,
}

/// The GTK an authenticator hands out.
#[derive(Clone, Copy)]
pub(crate) struct GroupView<'a> {
    /// Key ID (1-3).
    pub index: u8,
    /// The GTK.
    pub gtk: &'a Key<16>,
    /// Key RSC: the next PN of the GTK.
    pub rsc: u64,
}

#[cfg(test)]
mod tests;
