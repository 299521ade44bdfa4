//! The data path: 802.11 data frames to and from 802.3 frames (mac80211 `rx.c` / `tx.c`).
//!
//! Receive runs ordered steps, each returning `Ok` to continue or a [`DropReason`]:
//!
//! 1. `accept`: which interface the frame is for, by To/From DS and addresses (a station takes
//!    From-DS frames from its AP; an AP takes To-DS frames to its BSSID);
//! 2. `fragment`: fragments are dropped (no reassembly);
//! 3. `dedup`: retransmissions already received (802.11-2020 10.3.2.14);
//! 4. `peer`: the sender is our AP, or a station associated to our AP (otherwise the AP answers
//!    with Deauthentication or Disassociation, reason 7, as 802.11-2020 11.3.3 requires);
//! 5. `protected`: a protected frame is decrypted with the link's pairwise key (unicast) or the
//!    group key its Key ID names (group-addressed), then its PN is checked against the TID's
//!    replay counter (`DecryptFailed`, `Replayed`, `NoKey`); an unprotected frame on a link
//!    that has keys is dropped (`Unprotected`) unless it is EAPOL;
//! 6. `port`: EAPOL goes to the link's key machine (supplicant or authenticator), never to the
//!    host; anything else needs the 802.1X controlled port open;
//! 7. `convert`: MSDU (or each A-MSDU subframe) to 802.3;
//! 8. `deliver`: to the host, and on an AP also relayed inside the BSS (group frames go both
//!    ways; frames to an associated station go only to it).
//!
//! Transmit: parse the 802.3 frame, check the link and port, pick header addresses per
//! interface kind (Table 9-30), QoS Control with the TID from the IP precedence when the peer
//! does QoS, the next sequence number, LLC/SNAP, then queue for the radio; on an AP a frame
//! for a dozing station (or a group frame while any station dozes) is handed to the AP's
//! power-save buffer instead (802.11-2020 11.2.3). Intra-BSS relays take the same last step.

mod convert;
mod rx;
pub(crate) mod tx;

pub(crate) use rx::receive;
pub(crate) use tx::{transmit, tx_status};

use crate::wire::EtherType;
use crate::wire::llc::{self, LlcSnapRepr};

/// The MSDU that carries an EAPOL PDU: LLC/SNAP with EtherType 0x888E, then the PDU.
pub(crate) fn eapol_msdu(pdu: &[u8]) -> Vec<u8> {
    let mut msdu = vec![0; llc::HEADER_LEN + pdu.len()];
    LlcSnapRepr::for_ethertype(EtherType::Eapol).emit(&mut llc::LlcSnap::new_unchecked(&mut msdu[..]));
    msdu[llc::HEADER_LEN..].copy_from_slice(pdu);
    msdu
}

/// The EAPOL PDU an MSDU carries, if it is one (RFC 1042 SNAP, EtherType 0x888E).
pub(crate) fn eapol_pdu(msdu: &[u8]) -> Option<&[u8]> {
    (llc::ethernet_ii_ethertype(msdu) == Some(EtherType::Eapol)).then(|| &msdu[llc::HEADER_LEN..])
}
