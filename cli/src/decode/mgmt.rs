//! Management frame bodies: fixed fields, the element run, and the elements the schema reports.
//!
//! Fixed fields are read in order while their octets last, as Wireshark does, so a body cut
//! inside its fixed fields still shows the fields before the cut. Element IDs are listed up to
//! and including an element whose length runs past the end (Wireshark lists its ID, then stops).
//! The strict check is [`MgmtBody::parse`] plus [`validate`] on every element of the run.

use super::dissect::Strict;
use super::record::{FrameRecord, RsnSummary};
use mac80211_core::wire::element::{RateEntry, validate};
use mac80211_core::wire::mgmt::{MgmtBody, auth_payload_is_raw};
use mac80211_core::wire::{AuthAlgorithm, ElementIter, FrameControl, MgmtSubtype};

/// Fills management-body fields of `rec` from the body of an unprotected first fragment.
pub(super) fn fill(rec: &mut FrameRecord, fc: FrameControl, body: &[u8], strict: &mut Strict) {
    let subtype = MgmtSubtype::from(fc.subtype_bits());
    if let Some(elements_at) = fill_fixed(rec, subtype, body)
        && let Some(elements) = body.get(elements_at..)
    {
        fill_elements(rec, elements, strict);
    }
    if let Err(e) = MgmtBody::parse(subtype, body) {
        strict.wire("management body", e);
    }
}

/// Reads the fixed fields present; returns where the element run starts, if the subtype has one
/// that the schema lists (`element_ids` is then at least `[]`).
fn fill_fixed(rec: &mut FrameRecord, subtype: MgmtSubtype, body: &[u8]) -> Option<usize> {
    let u16_at = |at: usize| body.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let has_elements = !matches!(
        subtype,
        MgmtSubtype::Action
            | MgmtSubtype::ActionNoAck
            | MgmtSubtype::Atim
            | MgmtSubtype::TimingAdvertisement
            | MgmtSubtype::Unknown(_)
    );
    if has_elements {
        rec.element_ids = Some(Vec::new());
    }
    let at = match subtype {
        MgmtSubtype::AssocReq | MgmtSubtype::ReassocReq => {
            rec.capability = u16_at(0);
            rec.listen_interval = u16_at(2);
            if subtype == MgmtSubtype::ReassocReq { 10 } else { 4 }
        }
        MgmtSubtype::AssocResp | MgmtSubtype::ReassocResp => {
            rec.capability = u16_at(0);
            rec.status = u16_at(2);
            rec.aid = u16_at(4).map(|a| a & 0x3fff);
            6
        }
        MgmtSubtype::ProbeReq => 0,
        MgmtSubtype::ProbeResp | MgmtSubtype::Beacon => {
            rec.beacon_interval = u16_at(8);
            rec.capability = u16_at(10);
            12
        }
        MgmtSubtype::Disassoc | MgmtSubtype::Deauth => {
            rec.reason = u16_at(0);
            2
        }
        MgmtSubtype::Auth => {
            rec.auth_alg = u16_at(0);
            rec.auth_seq = u16_at(2);
            rec.status = u16_at(4);
            // SAE and FILS bodies are not an element run; Wireshark lists none for them.
            if rec.auth_alg.is_some_and(|a| auth_payload_is_raw(AuthAlgorithm::from(a))) {
                return None;
            }
            6
        }
        _ => return None,
    };
    has_elements.then_some(at)
}

/// Lists element IDs and fills SSID, channel, rates and RSN from the top-level run.
fn fill_elements(rec: &mut FrameRecord, buf: &[u8], strict: &mut Strict) {
    let ids = rec.element_ids.get_or_insert_with(Vec::new);
    let mut iter = ElementIter::new(buf);
    let mut rates: Option<Vec<f64>> = None;
    loop {
        let before = iter.remaining();
        let element = match iter.next() {
            None => break,
            Some(Ok(e)) => e,
            Some(Err(e)) => {
                ids.push(before[0]);
                strict.wire("elements", e);
                break;
            }
        };
        ids.push(element.raw_id());
        strict.check("element", validate(element));
        match element.raw_id() {
            0 if rec.ssid.is_none() => rec.ssid = Some(ssid_text(element.data())),
            1 | 50 => {
                let list = rates.get_or_insert_with(Vec::new);
                let octets = element.data().iter().map(|&o| RateEntry::from_octet(o));
                list.extend(
                    octets.filter(|r| r.selector().is_none()).map(|r| f64::from(r.octet() & 0x7f) / 2.0),
                );
            }
            3 if rec.channel.is_none() => rec.channel = element.data().first().copied(),
            48 if rec.rsn.is_none() => rec.rsn = Some(rsn_summary(element.data())),
            _ => {}
        }
    }
    rec.rates_mbps = rates;
}

/// The schema's SSID text: UTF-8 when valid, else `hex:` and lowercase hex.
pub(super) fn ssid_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => format!("hex:{}", hex(bytes)),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads an RSN element's suites as far as its octets reach, as Wireshark does: a list whose
/// count runs past the end is reported empty and ends the reading.
fn rsn_summary(body: &[u8]) -> RsnSummary {
    let mut out = RsnSummary::default();
    let Some(group) = body.get(2..6) else { return out };
    out.group = Some(selector(group));
    let Some((pairwise, at)) = suite_list(body, 6) else { return out };
    out.pairwise = pairwise;
    if let Some((akm, _)) = suite_list(body, at) {
        out.akm = akm;
    }
    out
}

/// A count-prefixed suite list at `at`, and where the next field starts; `None` when the count
/// or the list is not fully present.
fn suite_list(body: &[u8], at: usize) -> Option<(Vec<String>, usize)> {
    let count = body.get(at..at + 2).map(|c| usize::from(u16::from_le_bytes([c[0], c[1]])))?;
    let suites = body.get(at + 2..at + 2 + 4 * count)?;
    Some((suites.chunks_exact(4).map(selector).collect(), at + 2 + 4 * count))
}

fn selector(suite: &[u8]) -> String {
    format!("{:02x}-{:02x}-{:02x}:{}", suite[0], suite[1], suite[2], suite[3])
}
