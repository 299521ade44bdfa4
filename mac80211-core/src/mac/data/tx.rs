//! Transmit pipeline of host frames, and TX status accounting.

use super::super::api::{TxRate, TxStatus};
use super::super::cx::{Cx, TxKind};
use super::super::stats::DropReason;
use super::super::vif::Role;
use super::super::{Mac, rates};
use super::convert::{HostFrame, ethernet_to_msdu, tid_for_priority};
use crate::time::Instant;
use crate::wire::fc::flags;
use crate::wire::{DataSubtype, Frame, FrameControl, HeaderRepr, MacAddr, QosControl, SeqCtrl, Subtype};

/// Builds a data frame: `to_ds` selects To DS (station to AP), otherwise From DS (AP to
/// station); `tid` makes it a QoS data frame.
pub(crate) fn build_data(
    a1: MacAddr,
    a2: MacAddr,
    a3: MacAddr,
    to_ds: bool,
    seq: SeqCtrl,
    tid: Option<u8>,
    msdu: &[u8],
) -> Vec<u8> {
    let subtype = if tid.is_some() { DataSubtype::QosData } else { DataSubtype::Data };
    let fc = FrameControl::new(Subtype::Data(subtype))
        .with_flag(if to_ds { flags::TO_DS } else { flags::FROM_DS }, true);
    let header = HeaderRepr {
        frame_control: fc,
        duration_id: 0,
        addr1: a1,
        addr2: Some(a2),
        addr3: Some(a3),
        seq_ctrl: Some(seq),
        addr4: None,
        qos_control: tid.map(QosControl::with_tid),
        ht_control: None,
    };
    let hlen = header.buffer_len();
    let mut out = vec![0; hlen + msdu.len()];
    header.emit(&mut Frame::new_unchecked(&mut out[..]));
    out[hlen..].copy_from_slice(msdu);
    out
}

/// Queues a data frame for `peer` (a group address for group frames), protected with the
/// link's key on a protected link, unless an AP holds it for a dozing receiver (power save,
/// 802.11-2020 11.2.3; see `ap::ps`). Protection comes first, so a buffered frame keeps the PN
/// order of its key.
pub(crate) fn queue_data(cx: &mut Cx<'_>, role: &mut Role, peer: MacAddr, frame: Vec<u8>, rate: TxRate) {
    let frame = match protect(role, peer, frame) {
        Ok(frame) => frame,
        Err(reason) => return cx.stats.tx_drop(reason),
    };
    let frame = match role {
        Role::Ap(Some(ap)) => match ap.buffer_if_dozing(cx, peer, frame, rate) {
            Some(frame) => frame,
            None => return,
        },
        _ => frame,
    };
    cx.transmit(frame, rate, TxKind::Data(peer));
}

/// CCMP-protects a data frame on a protected link (pairwise key for a station's AP or an AP's
/// station, the group key for an AP's group frames); a frame on an open link is unchanged.
fn protect(role: &mut Role, peer: MacAddr, frame: Vec<u8>) -> Result<Vec<u8>, DropReason> {
    match role {
        Role::Station(sta) => match sta.link_mut().and_then(|l| l.security.as_mut()) {
            Some(security) => security.keys.pairwise.as_mut().ok_or(DropReason::NoKey)?.protect(&frame),
            None => Ok(frame),
        },
        Role::Ap(Some(ap)) => ap.protect(peer, frame),
        Role::Ap(None) | Role::Monitor => Ok(frame),
    }
}

/// Where a host frame goes and how.
struct Route {
    a1: MacAddr,
    a2: MacAddr,
    a3: MacAddr,
    to_ds: bool,
    qos: bool,
    rate: TxRate,
    peer: MacAddr,
}

/// Runs the transmit pipeline for an 802.3 frame from the host.
pub(crate) fn transmit(mac: &mut Mac, now: Instant, idx: usize, frame: &[u8]) -> Result<(), DropReason> {
    let result = route_and_queue(mac, now, idx, frame);
    let stats = &mut mac.vifs[idx].stats;
    match result {
        Ok(()) => {
            stats.tx_packets += 1;
            stats.tx_bytes += frame.len() as u64;
        }
        Err(reason) => stats.tx_drop(reason),
    }
    result
}

fn route_and_queue(mac: &mut Mac, now: Instant, idx: usize, frame: &[u8]) -> Result<(), DropReason> {
    if !mac.can_transmit() {
        return Err(DropReason::QueueFull);
    }
    let host = ethernet_to_msdu(frame)?;
    let route = route(mac, idx, &host)?;
    let len = frame.len() as u64;
    mac.with_vif(now, idx, |cx, role| {
        let seq = cx.next_seq();
        let tid = route.qos.then(|| tid_for_priority(host.priority));
        let bytes = build_data(route.a1, route.a2, route.a3, route.to_ds, seq, tid, &host.msdu);
        queue_data(cx, role, route.peer, bytes, route.rate);
        if let Some(stats) = peer_stats(role, route.peer) {
            stats.tx_packets += 1;
            stats.tx_bytes += len;
        }
    });
    Ok(())
}

/// Header addresses per interface kind (802.11-2020 Table 9-30) and the peer's capabilities.
fn route(mac: &Mac, idx: usize, host: &HostFrame) -> Result<Route, DropReason> {
    let vif = &mac.vifs[idx];
    let band = mac.radio.band();
    match &vif.role {
        Role::Station(sta) => {
            let link = sta.link().ok_or(DropReason::NoLink)?;
            if !link.state.port_open() {
                return Err(DropReason::PortClosed);
            }
            // To DS: A1 = BSSID, A2 = SA (ours), A3 = DA.
            Ok(Route {
                a1: link.bssid,
                a2: vif.addr,
                a3: host.da,
                to_ds: true,
                qos: link.peer_qos,
                rate: rates::data_rate(band, &link.peer_rates, link.peer_ht, mac.radio.ht),
                peer: link.bssid,
            })
        }
        Role::Ap(Some(ap)) => {
            // From DS: A1 = DA, A2 = BSSID, A3 = SA.
            let base = Route {
                a1: host.da,
                a2: vif.addr,
                a3: host.sa,
                to_ds: false,
                qos: false,
                rate: rates::mgmt_rate(band),
                peer: host.da,
            };
            if host.da.is_multicast() {
                return Ok(base);
            }
            let peer = ap.peer(host.da).ok_or(DropReason::UnknownPeer)?;
            if !peer.state.port_open() {
                return Err(DropReason::PortClosed);
            }
            Ok(Route {
                qos: peer.qos,
                rate: rates::data_rate(band, &peer.rates, peer.ht, mac.radio.ht),
                ..base
            })
        }
        Role::Ap(None) | Role::Monitor => Err(DropReason::NoLink),
    }
}

fn peer_stats(role: &mut Role, peer: MacAddr) -> Option<&mut super::super::peer::PeerStats> {
    match role {
        Role::Station(sta) => sta.link_mut().filter(|l| l.bssid == peer).map(|l| &mut l.stats),
        Role::Ap(Some(ap)) => ap.peer_mut(peer).map(|p| &mut p.stats),
        Role::Ap(None) | Role::Monitor => None,
    }
}

/// Accounts the outcome of a data frame.
pub(crate) fn tx_status(mac: &mut Mac, idx: usize, peer: MacAddr, status: &TxStatus) {
    let vif = &mut mac.vifs[idx];
    if !status.acked {
        vif.stats.tx_errors += 1;
    }
    if let Some(stats) = peer_stats(&mut vif.role, peer) {
        stats.tx_retries += u64::from(status.retries);
        if !status.acked {
            stats.tx_failed += 1;
        }
    }
}
