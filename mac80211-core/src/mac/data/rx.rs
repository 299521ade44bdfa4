//! Receive pipeline of data frames (see the parent module for the step order).

use super::super::api::{DeliveredKind, RxInfo, VifKind};
use super::super::stats::DropReason;
use super::super::vif::Role;
use super::super::{Mac, rates};
use super::convert::msdu_to_ethernet;
use super::eapol_pdu;
use super::tx::{build_data, queue_data};
use crate::crypto::CcmpDecrypted;
use crate::time::Instant;
use crate::wire::amsdu::{AmsduIter, first_da_is_llc_snap};
use crate::wire::ccmp::peek_key_id;
use crate::wire::data::DataRepr;
use crate::wire::{FrameRepr, MacAddr};

/// One MSDU out of a data frame, with its end addresses.
struct Msdu<'a> {
    da: MacAddr,
    sa: MacAddr,
    payload: &'a [u8],
}

/// Runs the receive pipeline for a data frame; `raw` is the whole MPDU it was parsed from.
pub(crate) fn receive(mac: &mut Mac, now: Instant, rx: &RxInfo, frame: &DataRepr<'_>, raw: &[u8]) {
    let Some(idx) = accept(mac, frame) else {
        mac.unclaimed.rx_drop(DropReason::NotForUs);
        return;
    };
    if let Err(reason) = run(mac, now, idx, rx, frame, raw) {
        mac.vifs[idx].stats.rx_drop(reason);
    }
}

/// Step 1: the interface the frame is for.
fn accept(mac: &Mac, frame: &DataRepr<'_>) -> Option<usize> {
    let fc = frame.header.frame_control;
    let (a1, a2) = (frame.header.addr1, frame.header.addr2?);
    mac.vifs.iter().position(|v| match (&v.role, fc.to_ds(), fc.from_ds()) {
        (Role::Station(sta), false, true) => {
            sta.link().is_some_and(|l| l.bssid == a2) && (a1 == v.addr || a1.is_multicast())
        }
        (Role::Ap(Some(_)), true, false) => a1 == v.addr,
        _ => false,
    })
}

fn run(
    mac: &mut Mac,
    now: Instant,
    idx: usize,
    rx: &RxInfo,
    frame: &DataRepr<'_>,
    raw: &[u8],
) -> Result<(), DropReason> {
    let h = &frame.header;
    let ta = h.addr2.ok_or(DropReason::Malformed)?;
    let seq = h.seq_ctrl.ok_or(DropReason::Malformed)?;
    // Step 2: fragments.
    if seq.fragment() != 0 || h.frame_control.more_frag() {
        return Err(DropReason::Fragment);
    }
    // Step 3: duplicates.
    if mac.dup.is_duplicate(ta, frame.tid(), seq, h.frame_control.retry()) {
        return Err(DropReason::Duplicate);
    }
    // Step 4: the peer, with its liveness, power state and counters.
    check_peer(mac, now, idx, rx, ta, h.frame_control.pwr_mgt())?;
    // Step 5: protection.
    if frame.is_protected() {
        let plain = unprotect(mac, idx, ta, frame, raw)?;
        let Ok(FrameRepr::Data(inner)) = FrameRepr::parse(&plain.mpdu) else {
            return Err(DropReason::Malformed);
        };
        return after_protection(mac, now, idx, ta, &inner, true);
    }
    after_protection(mac, now, idx, ta, frame, rx.decrypted)
}

/// Steps 6-8 on a plaintext frame; `was_protected` says whether it arrived protected.
fn after_protection(
    mac: &mut Mac,
    now: Instant,
    idx: usize,
    ta: MacAddr,
    frame: &DataRepr<'_>,
    was_protected: bool,
) -> Result<(), DropReason> {
    // Step 6: the controlled port. Null frames carry nothing (and are never protected).
    if frame.is_null() {
        return if port_open(mac, idx, ta) { Ok(()) } else { Err(DropReason::PortClosed) };
    }
    if !frame.is_amsdu()
        && let Some(pdu) = eapol_pdu(frame.payload)
    {
        return to_key_machine(mac, now, idx, ta, pdu);
    }
    if !was_protected && has_pairwise_key(mac, idx, ta) {
        return Err(DropReason::Unprotected);
    }
    if !port_open(mac, idx, ta) {
        return Err(DropReason::PortClosed);
    }
    // Steps 7-8: each MSDU to the host and/or the BSS.
    let addrs = frame_addresses(mac, idx, frame)?;
    if frame.is_amsdu() {
        if first_da_is_llc_snap(frame.payload) {
            return Err(DropReason::BadAmsdu);
        }
        let subframes: Vec<_> =
            AmsduIter::new(frame.payload).collect::<Result<_, _>>().map_err(|_| DropReason::BadAmsdu)?;
        for sub in subframes {
            deliver(mac, now, idx, ta, Msdu { da: sub.da, sa: sub.sa, payload: sub.payload })?;
        }
        Ok(())
    } else {
        deliver(mac, now, idx, ta, Msdu { da: addrs.0, sa: addrs.1, payload: frame.payload })
    }
}

/// DA and SA of a non-A-MSDU frame (802.11-2020 Table 9-30).
fn frame_addresses(mac: &Mac, idx: usize, frame: &DataRepr<'_>) -> Result<(MacAddr, MacAddr), DropReason> {
    let h = &frame.header;
    let a3 = h.addr3.ok_or(DropReason::Malformed)?;
    Ok(match mac.vifs[idx].kind {
        // From DS: A1 = DA, A2 = BSSID, A3 = SA.
        VifKind::Station => (h.addr1, a3),
        // To DS: A1 = BSSID, A2 = SA, A3 = DA.
        _ => (a3, h.addr2.ok_or(DropReason::Malformed)?),
    })
}

fn check_peer(
    mac: &mut Mac,
    now: Instant,
    idx: usize,
    rx: &RxInfo,
    ta: MacAddr,
    pm: bool,
) -> Result<(), DropReason> {
    let own = mac.vifs[idx].addr;
    let reject = mac.with_vif(now, idx, |cx, role| match role {
        Role::Station(sta) => {
            sta.heard_from_ap(cx, rx);
            false
        }
        Role::Ap(Some(ap)) => match ap.peer_mut(ta) {
            Some(peer) if peer.state.is_associated() => {
                peer.stats.last_rx = cx.now;
                peer.stats.signal_dbm = rx.signal_dbm;
                // Power Management bit (802.11-2020 11.2.3.2): doze, or wake and flush.
                ap.rx_power_mgmt(cx, ta, pm);
                false
            }
            _ => {
                ap.class3_violation(cx, ta);
                true
            }
        },
        Role::Ap(None) | Role::Monitor => true,
    });
    if reject {
        return Err(DropReason::UnknownPeer);
    }
    if ta == own {
        return Err(DropReason::OwnFrame);
    }
    Ok(())
}

/// Step 5: decrypts with the pairwise key (unicast) or the group key the Key ID names
/// (group-addressed, station side), then checks the PN.
fn unprotect(
    mac: &mut Mac,
    idx: usize,
    ta: MacAddr,
    frame: &DataRepr<'_>,
    raw: &[u8],
) -> Result<CcmpDecrypted, DropReason> {
    let tid = frame.tid();
    let group = frame.header.addr1.is_multicast();
    match &mut mac.vifs[idx].role {
        Role::Station(sta) => {
            let keys = &mut sta.link_mut().and_then(|l| l.security.as_mut()).ok_or(DropReason::NoKey)?.keys;
            if group {
                let key_id = peek_key_id(frame.payload).ok_or(DropReason::Malformed)?;
                keys.group.unprotect(key_id, tid, raw)
            } else {
                keys.pairwise.as_mut().ok_or(DropReason::NoKey)?.unprotect(tid, raw)
            }
        }
        Role::Ap(Some(ap)) if !group => ap.pairwise_key_mut(ta).ok_or(DropReason::NoKey)?.unprotect(tid, raw),
        Role::Ap(_) | Role::Monitor => Err(DropReason::NoKey),
    }
}

/// An EAPOL PDU goes to the link's key machine, never to the host.
fn to_key_machine(
    mac: &mut Mac,
    now: Instant,
    idx: usize,
    ta: MacAddr,
    pdu: &[u8],
) -> Result<(), DropReason> {
    mac.with_vif(now, idx, |cx, role| match role {
        Role::Station(sta) => sta.rx_eapol(cx, pdu),
        Role::Ap(Some(ap)) => ap.rx_eapol(cx, ta, pdu),
        Role::Ap(None) | Role::Monitor => Err(DropReason::Unhandled),
    })
}

/// The link with `ta` has a pairwise key: its data must arrive protected.
fn has_pairwise_key(mac: &mut Mac, idx: usize, ta: MacAddr) -> bool {
    match &mut mac.vifs[idx].role {
        Role::Station(sta) => {
            sta.link().and_then(|l| l.security.as_ref()).is_some_and(|s| s.keys.pairwise.is_some())
        }
        Role::Ap(Some(ap)) => ap.pairwise_key_mut(ta).is_some(),
        Role::Ap(None) | Role::Monitor => false,
    }
}

fn port_open(mac: &Mac, idx: usize, ta: MacAddr) -> bool {
    match &mac.vifs[idx].role {
        Role::Station(sta) => sta.link().is_some_and(|l| l.state.port_open()),
        Role::Ap(Some(ap)) => ap.peer(ta).is_some_and(|p| p.state.port_open()),
        Role::Ap(None) | Role::Monitor => false,
    }
}

/// Step 8: hands one MSDU to the host, relaying it inside the BSS on an AP.
fn deliver(mac: &mut Mac, now: Instant, idx: usize, ta: MacAddr, msdu: Msdu<'_>) -> Result<(), DropReason> {
    let eth = msdu_to_ethernet(msdu.da, msdu.sa, msdu.payload)?;
    let len = eth.len() as u64;
    if mac.vifs[idx].kind == VifKind::Station && msdu.sa == mac.vifs[idx].addr {
        // Our own group frame reflected by the AP.
        return Err(DropReason::OwnFrame);
    }
    count_rx(mac, idx, ta, len);
    let relay = mac.vifs[idx].kind == VifKind::Ap && relay_target(mac, idx, msdu.da);
    if relay {
        relay_in_bss(mac, now, idx, &msdu, len);
    }
    if msdu.da.is_multicast() || !relay {
        mac.with_vif(now, idx, |cx, _| cx.deliver(DeliveredKind::Ethernet, eth));
    }
    Ok(())
}

fn count_rx(mac: &mut Mac, idx: usize, ta: MacAddr, len: u64) {
    let vif = &mut mac.vifs[idx];
    vif.stats.rx_packets += 1;
    vif.stats.rx_bytes += len;
    let peer_stats = match &mut vif.role {
        Role::Station(sta) => sta.link_mut().map(|l| &mut l.stats),
        Role::Ap(Some(ap)) => ap.peer_mut(ta).map(|p| &mut p.stats),
        Role::Ap(None) | Role::Monitor => None,
    };
    if let Some(s) = peer_stats {
        s.rx_packets += 1;
        s.rx_bytes += len;
    }
}

/// An AP relays group frames and frames for its own associated stations (intra-BSS).
fn relay_target(mac: &Mac, idx: usize, da: MacAddr) -> bool {
    match &mac.vifs[idx].role {
        Role::Ap(Some(ap)) => da.is_multicast() || ap.peer(da).is_some_and(|p| p.state.port_open()),
        _ => false,
    }
}

/// Sends an MSDU back into the BSS. It counts as transmitted, on the interface and for the
/// receiving station, as host frames do (Linux forwards through the AP's netdev, which counts
/// it, and `sta_info` counts every frame sent to the station); `len` is its 802.3 length.
fn relay_in_bss(mac: &mut Mac, now: Instant, idx: usize, msdu: &Msdu<'_>, len: u64) {
    let vif = &mac.vifs[idx];
    let Role::Ap(Some(ap)) = &vif.role else { return };
    let band = mac.radio.band();
    let (qos, rate) = match ap.peer(msdu.da) {
        Some(p) => (p.qos, rates::data_rate(band, &p.rates, p.ht, mac.radio.ht)),
        None => (false, rates::mgmt_rate(band)),
    };
    let bssid = vif.addr;
    mac.with_vif(now, idx, |cx, role| {
        let seq = cx.next_seq();
        let frame = build_data(msdu.da, bssid, msdu.sa, false, seq, qos.then_some(0), msdu.payload);
        queue_data(cx, role, msdu.da, frame, rate);
        cx.stats.tx_packets += 1;
        cx.stats.tx_bytes += len;
        if let Role::Ap(Some(ap)) = role
            && let Some(peer) = ap.peer_mut(msdu.da)
        {
            peer.stats.tx_packets += 1;
            peer.stats.tx_bytes += len;
        }
    });
}
