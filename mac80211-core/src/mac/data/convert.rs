//! 802.3 ↔ 802.11 conversion of MSDUs (802.11-2020 Annex M, IEEE 802.1H).
//!
//! An Ethernet II frame travels over 802.11 as an LLC/SNAP-encapsulated MSDU: RFC 1042 SNAP
//! (OUI 00-00-00) for most EtherTypes, Bridge-Tunnel (00-00-F8) for AARP and IPX so the far end
//! can tell them from 802.3 SNAP frames. On the way up an MSDU with either SNAP header becomes an
//! Ethernet II frame again; any other LLC payload is passed up as an 802.3 frame with a length
//! field. Addresses come from the 802.11 header (or the A-MSDU subframe), per 802.11-2020
//! Table 9-30.

use super::super::stats::DropReason;
use crate::wire::llc::{self, LlcSnapRepr};
use crate::wire::{EtherType, EthernetFrame, MacAddr};

/// Length of an Ethernet header.
pub(crate) const ETH_HEADER_LEN: usize = 14;
/// Largest 802.3 payload we pass (standard MTU).
const MAX_ETH_PAYLOAD: usize = 2304;

/// An 802.3 frame for the MSDU `msdu` from `sa` to `da`.
pub(crate) fn msdu_to_ethernet(da: MacAddr, sa: MacAddr, msdu: &[u8]) -> Result<Vec<u8>, DropReason> {
    let mut out = Vec::with_capacity(ETH_HEADER_LEN + msdu.len());
    out.extend_from_slice(&da.0);
    out.extend_from_slice(&sa.0);
    if let Some(ethertype) = llc::ethernet_ii_ethertype(msdu) {
        out.extend_from_slice(&ethertype.value().to_be_bytes());
        out.extend_from_slice(&msdu[llc::HEADER_LEN..]);
    } else {
        // Not converted: 802.3 with a length field, the LLC header kept (at least DSAP, SSAP, control).
        if msdu.len() < 3 || msdu.len() > 1500 {
            return Err(DropReason::NotSnap);
        }
        out.extend_from_slice(&(msdu.len() as u16).to_be_bytes());
        out.extend_from_slice(msdu);
    }
    Ok(out)
}

/// An 802.3 frame from the host, split into addresses and the MSDU to carry.
pub(crate) struct HostFrame {
    /// Destination.
    pub da: MacAddr,
    /// Source.
    pub sa: MacAddr,
    /// The MSDU: LLC/SNAP header plus payload.
    pub msdu: Vec<u8>,
    /// 802.1D user priority derived from the payload (0 when unknown).
    pub priority: u8,
}

/// Parses a host frame and builds its MSDU.
pub(crate) fn ethernet_to_msdu(frame: &[u8]) -> Result<HostFrame, DropReason> {
    let eth = EthernetFrame::new_checked(frame).map_err(|_| DropReason::BadEthernet)?;
    let ethertype = eth.ethertype();
    let payload = eth.payload();
    if payload.len() > MAX_ETH_PAYLOAD {
        return Err(DropReason::BadEthernet);
    }
    let msdu = if ethertype.is_ethertype() {
        let snap = LlcSnapRepr::for_ethertype(ethertype);
        let mut msdu = vec![0; llc::HEADER_LEN + payload.len()];
        snap.emit(&mut llc::LlcSnap::new_unchecked(&mut msdu[..]));
        msdu[llc::HEADER_LEN..].copy_from_slice(payload);
        msdu
    } else {
        // 802.3 length frame: the LLC header is already in the payload.
        eth.llc_payload().ok_or(DropReason::BadEthernet)?.to_vec()
    };
    Ok(HostFrame { da: eth.dst(), sa: eth.src(), priority: user_priority(ethertype, payload), msdu })
}

/// 802.1D user priority from the IP precedence bits, as Linux `cfg80211_classify8021d` does
/// (DSCP >> 3 for IPv4 and IPv6); 0 for everything else.
fn user_priority(ethertype: EtherType, payload: &[u8]) -> u8 {
    match ethertype {
        EtherType::Ipv4 => payload.get(1).map_or(0, |tos| tos >> 5),
        EtherType::Ipv6 => match payload.get(0..2) {
            Some(b) => ((b[0] & 0x0f) << 4 | b[1] >> 4) >> 5,
            None => 0,
        },
        _ => 0,
    }
}

/// TID (= access-category mapping input) for a user priority; 802.11 uses UP as TID 0-7.
pub(crate) fn tid_for_priority(up: u8) -> u8 {
    up & 7
}

#[cfg(test)]
mod test {
    use super::*;

    fn eth(ethertype: u16, payload: &[u8]) -> Vec<u8> {
        let mut f = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1];
        f.extend_from_slice(&ethertype.to_be_bytes());
        f.extend_from_slice(payload);
        f
    }

    #[test]
    fn ipv4_round_trips_through_rfc1042() {
        let frame = eth(0x0800, &[0x45, 0xb8, 0, 20]);
        let host = ethernet_to_msdu(&frame).unwrap();
        assert_eq!(&host.msdu[..8], &[0xaa, 0xaa, 3, 0, 0, 0, 8, 0]);
        assert_eq!(host.priority, 5); // DSCP 46 (EF) → precedence 5
        let back = msdu_to_ethernet(host.da, host.sa, &host.msdu).unwrap();
        assert_eq!(back, frame);
    }

    #[test]
    fn ipx_uses_bridge_tunnel() {
        let frame = eth(0x8137, &[1, 2, 3]);
        let host = ethernet_to_msdu(&frame).unwrap();
        assert_eq!(&host.msdu[..6], &llc::BRIDGE_TUNNEL_HEADER);
        assert_eq!(msdu_to_ethernet(host.da, host.sa, &host.msdu).unwrap(), frame);
    }

    #[test]
    fn short_or_non_snap_payloads() {
        assert_eq!(ethernet_to_msdu(&[0; 10]).err(), Some(DropReason::BadEthernet));
        let llc_only = [0x42, 0x42, 0x03, 9, 9];
        let up = msdu_to_ethernet(MacAddr::BROADCAST, MacAddr::ZERO, &llc_only).unwrap();
        assert_eq!(&up[12..14], &[0, 5]);
        assert_eq!(
            msdu_to_ethernet(MacAddr::BROADCAST, MacAddr::ZERO, &[1]).err(),
            Some(DropReason::NotSnap)
        );
    }
}
