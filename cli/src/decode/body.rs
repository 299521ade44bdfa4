//! Data frame bodies: A-MSDU, LLC/SNAP and EAPOL-Key.
//!
//! A plain data body starts with an 802.2 LLC header; with DSAP = SSAP = 0xAA it is SNAP and
//! carries an EtherType. EtherType 0x888E is EAPOL; its Key packets (type 3) give the Key
//! Information the schema reports. An A-MSDU body is a run of subframes and is only checked here:
//! the schema reports no field from inside it.

use super::dissect::Strict;
use super::record::FrameRecord;
use mac80211_core::wire::amsdu::check_amsdu;
use mac80211_core::wire::eapol::{EapolFrame, EapolKeyFrame, EapolType};
use mac80211_core::wire::llc::{LlcSnap, SNAP_SAP};
use mac80211_core::wire::{Error, ErrorKind, EtherType};

/// Length of an 802.2 LLC header with a one-octet (U-format) control field.
const LLC_HEADER_LEN: usize = 3;

/// Fills data-body fields from `body` (after the MAC header, unprotected, first fragment).
pub(super) fn fill(rec: &mut FrameRecord, body: &[u8], amsdu: bool, strict: &mut Strict) {
    if amsdu {
        strict.check("A-MSDU", check_amsdu(body));
        return;
    }
    if body.len() < LLC_HEADER_LEN {
        return strict.fail("LLC", Error::new(ErrorKind::Truncated, "LLC header"));
    }
    if body[0] != SNAP_SAP || body[1] != SNAP_SAP {
        return;
    }
    let Some(snap) = strict.check("LLC/SNAP", LlcSnap::new_checked(body)) else { return };
    if snap.ethertype() == EtherType::Eapol {
        fill_eapol(rec, snap.payload(), strict);
    }
}

fn fill_eapol(rec: &mut FrameRecord, pdu: &[u8], strict: &mut Strict) {
    let Some(eapol) = strict.check("EAPOL", EapolFrame::new_checked(pdu)) else { return };
    if eapol.packet_type() != EapolType::Key {
        return;
    }
    // Key Information sits right after the descriptor type; report it whenever it was captured.
    if let Some(info) = pdu.get(5..7) {
        rec.eapol_key_info = Some(u16::from_be_bytes([info[0], info[1]]));
    }
    strict.check("EAPOL-Key", EapolKeyFrame::new_checked(pdu));
}
