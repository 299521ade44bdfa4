//! ACKs, errors and the end of dumps (`netlink_ack`, `netlink_dump_done` in
//! `net/netlink/af_netlink.c`; `include/uapi/linux/netlink.h`).
//!
//! An NLMSG_ERROR carries `int error` (0 for an ACK, else -errno) and a copy of the request:
//! its header only for an ACK (flag `NLM_F_CAPPED`), header and payload for an error. With
//! extended ACK, TLVs follow (flag `NLM_F_ACK_TLVS`): `NLMSGERR_ATTR_MSG` (text),
//! `NLMSGERR_ATTR_OFFS` (byte offset of the offending attribute in the request),
//! `NLMSGERR_ATTR_MISS_TYPE` / `MISS_NEST` (a missing required attribute). Linux adds them
//! when the socket set `NETLINK_EXT_ACK`; softmac always does (docs/netlink.md).

use netlink_packet_core::{
    DecodeError, DoneMessage, ErrorMessage, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLM_F_MULTIPART, NLMSG_DONE,
    NLMSG_ERROR, NetlinkHeader,
};

use super::value::{attrs_len, emit_attrs, nl_attrs, parse_attrs};
use super::{Body, NLMSG_HDRLEN, NlMessage};

nl_attrs! {
    /// Extended-ACK TLVs after an NLMSG_ERROR's echoed request (`NLMSGERR_ATTR_*`).
    pub enum ExtAckAttr {
        /// `MSG`: human-readable text.
        Msg(String) = 1,
        /// `OFFS`: offset of the offending attribute from the start of the request.
        Offset(u32) = 2,
        /// `COOKIE`.
        Cookie(Vec<u8>) = 3,
        /// `MISS_TYPE`: the missing attribute's type.
        MissType(u32) = 5,
        /// `MISS_NEST`: offset of the nest the missing attribute belongs in.
        MissNest(u32) = 6,
    }
}

/// What an error report says beyond its errno.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ExtAck {
    /// `NLMSGERR_ATTR_MSG`.
    pub msg: Option<String>,
    /// `NLMSGERR_ATTR_OFFS`.
    pub offset: Option<u32>,
    /// `NLMSGERR_ATTR_MISS_TYPE`.
    pub miss_type: Option<u32>,
}

impl ExtAck {
    /// A report with a message only.
    pub fn msg(text: impl Into<String>) -> ExtAck {
        ExtAck { msg: Some(text.into()), ..ExtAck::default() }
    }

    fn attrs(&self) -> Vec<ExtAckAttr> {
        let mut attrs = Vec::new();
        if let Some(m) = &self.msg {
            attrs.push(ExtAckAttr::Msg(m.clone()));
        }
        if let Some(o) = self.offset {
            attrs.push(ExtAckAttr::Offset(o));
        }
        if let Some(t) = self.miss_type {
            attrs.push(ExtAckAttr::MissType(t));
        }
        attrs
    }
}

/// An ACK for `request`: error 0, the request's header echoed, `NLM_F_CAPPED`.
pub fn ack(request: &NetlinkHeader) -> NlMessage {
    let mut echoed = *request;
    echoed.length = NLMSG_HDRLEN as u32;
    let mut err = ErrorMessage::default();
    err.header = header_bytes(&echoed);
    NlMessage::new(NLMSG_ERROR, NLM_F_CAPPED, request.sequence_number, request.port_number, Body::Error(err))
}

/// An error for the request `request_bytes` (one whole message): `-errno`, the request echoed
/// in full, then the extended-ACK TLVs with `NLM_F_ACK_TLVS`.
pub fn error(request: &NetlinkHeader, request_bytes: &[u8], errno: i32, ext: &ExtAck) -> NlMessage {
    let tlvs = ext.attrs();
    let mut payload = request_bytes.to_vec();
    if payload.len() < NLMSG_HDRLEN {
        // A request too short to hold a header is echoed as its header alone.
        payload = header_bytes(request);
    }
    // The echo must describe itself: a request whose nlmsg_len was wrong is echoed with the
    // length actually copied, so the reader finds the TLVs after it.
    let echoed_len = payload.len() as u32;
    payload[..4].copy_from_slice(&echoed_len.to_ne_bytes());
    payload.resize(payload.len().next_multiple_of(4), 0);
    let start = payload.len();
    payload.resize(start + attrs_len(&tlvs), 0);
    emit_attrs(&tlvs, &mut payload[start..]);
    let mut err = ErrorMessage::default();
    err.code = std::num::NonZeroI32::new(-errno.abs());
    err.header = payload;
    let flags = if tlvs.is_empty() { 0 } else { NLM_F_ACK_TLVS };
    NlMessage::new(NLMSG_ERROR, flags, request.sequence_number, request.port_number, Body::Error(err))
}

/// The NLMSG_DONE ending a dump answered to `request` (payload `int 0`).
pub fn done(request: &NetlinkHeader) -> NlMessage {
    NlMessage::new(
        NLMSG_DONE,
        NLM_F_MULTIPART,
        request.sequence_number,
        request.port_number,
        Body::Done(DoneMessage::default()),
    )
}

fn header_bytes(h: &NetlinkHeader) -> Vec<u8> {
    let mut out = vec![0; NLMSG_HDRLEN];
    netlink_packet_core::Emitable::emit(h, &mut out);
    out
}

/// An NLMSG_ERROR read back: the errno (0 for an ACK), the request's header, the TLVs.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ErrorReport {
    /// Positive errno; 0 for an ACK.
    pub errno: i32,
    /// Sequence number of the request it answers (from the echoed header).
    pub request_seq: u32,
    /// The extended ACK.
    pub ext: ExtAck,
}

impl ErrorReport {
    /// Reads an NLMSG_ERROR message (`flags` are its header flags).
    pub fn parse(flags: u16, err: &ErrorMessage) -> Result<ErrorReport, DecodeError> {
        let echoed = err.header.as_slice();
        let hdr: [u8; NLMSG_HDRLEN] = echoed
            .get(..NLMSG_HDRLEN)
            .and_then(|h| h.try_into().ok())
            .ok_or_else(|| DecodeError::from("NLMSG_ERROR without the request header"))?;
        let request_len = u32::from_ne_bytes([hdr[0], hdr[1], hdr[2], hdr[3]]) as usize;
        let request_seq = u32::from_ne_bytes([hdr[8], hdr[9], hdr[10], hdr[11]]);
        let mut ext = ExtAck::default();
        if flags & NLM_F_ACK_TLVS != 0 {
            let echoed_len =
                if flags & NLM_F_CAPPED != 0 { NLMSG_HDRLEN } else { request_len.next_multiple_of(4) };
            let tlvs = echoed
                .get(echoed_len..)
                .ok_or_else(|| DecodeError::from("NLMSG_ERROR shorter than its echoed request"))?;
            for attr in parse_attrs::<ExtAckAttr>(tlvs)? {
                match attr {
                    ExtAckAttr::Msg(m) => ext.msg = Some(m),
                    ExtAckAttr::Offset(o) => ext.offset = Some(o),
                    ExtAckAttr::MissType(t) => ext.miss_type = Some(t),
                    _ => {}
                }
            }
        }
        Ok(ErrorReport { errno: -err.raw_code(), request_seq, ext })
    }
}
