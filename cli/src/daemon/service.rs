//! The request handler: one received datagram in, the reply datagrams out (sans-IO).
//!
//! It follows `netlink_rcv_skb` and `genl_rcv_msg` (`net/netlink/af_netlink.c`,
//! `net/netlink/genetlink.c`):
//! - The datagram's messages are handled in order. A message whose `nlmsg_len` is shorter
//!   than a header or longer than what is left ends the datagram (Linux drops the rest
//!   silently; softmac answers EINVAL first, so a client is never left waiting).
//! - Messages without `NLM_F_REQUEST`, and control messages (type < 0x10), are not handled;
//!   they are ACKed when they ask for it.
//! - A message that does not parse (truncated attributes, wrong sizes, bad strings) gets
//!   NLMSG_ERROR -EINVAL with the parse error as the extended-ACK message; an unknown family
//!   gets -ENOENT, an unknown command -EOPNOTSUPP.
//! - A "do" answers with its reply (flags 0), then an ACK when `NLM_F_ACK` was set; a dump
//!   (`NLM_F_DUMP`) answers with its entries (`NLM_F_MULTI`) and NLMSG_DONE. An error is
//!   always sent, with the request echoed and extended-ACK TLVs (`NLMSGERR_ATTR_MSG`, and
//!   `MISS_TYPE` for a missing attribute) whether or not the client set `NETLINK_EXT_ACK`.
//! - Replies carry the request's sequence number and the session's port id.
//!
//! The whole answer to one request is built while the caller holds the backend (so a dump
//! is a consistent snapshot), then packed into datagrams of at most [`MAX_DATAGRAM`] bytes
//! that the server sends one at a time as the socket drains.

use std::collections::BTreeSet;

use netlink_packet_core::{
    DecodeError, NLM_F_ACK, NLM_F_DUMP, NLM_F_MULTIPART, NLM_F_REQUEST, NetlinkHeader,
};

use super::backend::{Backend, BackendError, BackendEvent, errno};
use super::{events, families, ops};
use crate::nl::ack::{self, ExtAck};
use crate::nl::ctrl::CtrlMessage;
use crate::nl::hwsim::HwsimMessage;
use crate::nl::nl80211::Nl80211Message;
use crate::nl::{Body, FamilyIds, NLMSG_HDRLEN, NlMessage, append_message, split_datagram};

/// Largest datagram the front end sends (a dump is cut into several; one larger message
/// goes alone). Linux sizes dump skbs similarly (`NLMSG_GOODSIZE` up to 32 KiB).
pub const MAX_DATAGRAM: usize = 16 * 1024;

/// Why a request was refused: the errno and the extended ACK.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Refusal {
    /// Positive errno.
    pub errno: i32,
    /// Message and attribute pointers.
    pub ext: ExtAck,
}

impl Refusal {
    /// A refusal with a message.
    pub fn new(errno: i32, msg: impl Into<String>) -> Refusal {
        Refusal { errno, ext: ExtAck::msg(msg) }
    }

    /// EINVAL for a missing required attribute (`GENL_REQ_ATTR_CHECK`: `MISS_TYPE` set).
    pub fn missing(attr: u16, name: &str) -> Refusal {
        Refusal {
            errno: errno::EINVAL,
            ext: ExtAck {
                msg: Some(format!("Missing required attribute {name}")),
                offset: None,
                miss_type: Some(attr.into()),
            },
        }
    }
}

impl From<BackendError> for Refusal {
    fn from(e: BackendError) -> Refusal {
        Refusal::new(e.errno(), e.to_string())
    }
}

/// What a handled request answers besides errors.
#[derive(Clone, PartialEq, Debug)]
pub enum Answer {
    /// Nothing but the ACK (sent when asked for).
    Done,
    /// One or more reply messages to a "do".
    Reply(Vec<Body>),
    /// The entries of a dump (NLMSG_DONE follows).
    Dump(Vec<Body>),
    /// An NLMSG_ERROR carrying a positive value, always sent: MAC80211_HWSIM's NEW_RADIO
    /// returns the new radio's id this way (`hwsim_new_radio_nl`).
    Code(i32),
}

/// The result of one request.
pub type Outcome = Result<Answer, Refusal>;

/// An nl80211 reply body.
pub fn nl80211_body(families: &FamilyIds, msg: Nl80211Message) -> Body {
    Body::nl80211(families.nl80211, 1, msg)
}

/// An nlctrl reply body.
pub fn ctrl_body(msg: CtrlMessage) -> Body {
    Body::ctrl(2, msg)
}

/// A hwsim reply body.
pub fn hwsim_body(families: &FamilyIds, msg: HwsimMessage) -> Body {
    Body::hwsim(families.hwsim, 1, msg)
}

/// One client's view of the service: its port id and multicast memberships.
#[derive(Clone, Debug)]
pub struct Session {
    port: u32,
    families: FamilyIds,
    groups: BTreeSet<u32>,
}

impl Session {
    /// A session for a client with port id `port`, served with softmac's family ids.
    pub fn new(port: u32) -> Session {
        Session { port, families: FamilyIds::SOFTMAC, groups: BTreeSet::new() }
    }

    /// The client's port id (`nlmsg_pid` of replies).
    pub fn port(&self) -> u32 {
        self.port
    }

    /// The multicast groups the client joined.
    pub fn groups(&self) -> &BTreeSet<u32> {
        &self.groups
    }

    /// Handles every message of one datagram; returns the datagrams to send back.
    pub fn handle(&mut self, backend: &mut dyn Backend, datagram: &[u8]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for raw in split_datagram(datagram) {
            match raw {
                Ok(bytes) => self.handle_message(backend, bytes, &mut out),
                Err(e) => {
                    out.push(malformed_length(datagram, &e));
                    break;
                }
            }
        }
        pack(&out)
    }

    fn handle_message(&mut self, backend: &mut dyn Backend, bytes: &[u8], out: &mut Vec<NlMessage>) {
        let Some(header) = peek_header(bytes) else { return };
        if header.flags & NLM_F_REQUEST == 0 || header.message_type < 0x10 {
            if header.flags & NLM_F_ACK != 0 {
                out.push(self.with_port(ack::ack(&header)));
            }
            return;
        }
        let outcome = match NlMessage::parse(bytes, &self.families) {
            Err(e) => Err(Refusal::new(errno::EINVAL, format!("malformed message: {e}"))),
            Ok(msg) => self.dispatch(backend, &msg),
        };
        self.answer(&header, bytes, outcome, out);
    }

    fn dispatch(&mut self, backend: &mut dyn Backend, msg: &NlMessage) -> Outcome {
        let dump = msg.header.flags & NLM_F_DUMP == NLM_F_DUMP;
        match &msg.body {
            Body::Ctrl(m) => families::handle_ctrl(&mut self.groups, &m.payload, dump),
            Body::Nl80211(m) => ops::handle(backend, &self.families, &m.payload, dump),
            Body::Hwsim(m) => families::handle_hwsim(backend, &self.families, &m.payload, dump),
            _ => Err(Refusal::new(errno::ENOENT, format!("no family {:#x}", msg.header.message_type))),
        }
    }

    fn answer(&self, req: &NetlinkHeader, bytes: &[u8], outcome: Outcome, out: &mut Vec<NlMessage>) {
        let seq = req.sequence_number;
        let wants_ack = req.flags & NLM_F_ACK != 0;
        match outcome {
            Ok(Answer::Done) => {
                if wants_ack {
                    out.push(self.with_port(ack::ack(req)));
                }
            }
            Ok(Answer::Reply(bodies)) => {
                for body in bodies {
                    out.push(NlMessage::new(type_of(&self.families, &body), 0, seq, self.port, body));
                }
                if wants_ack {
                    out.push(self.with_port(ack::ack(req)));
                }
            }
            Ok(Answer::Dump(bodies)) => {
                for body in bodies {
                    out.push(NlMessage::new(
                        type_of(&self.families, &body),
                        NLM_F_MULTIPART,
                        seq,
                        self.port,
                        body,
                    ));
                }
                out.push(self.with_port(ack::done(req)));
            }
            Ok(Answer::Code(code)) => {
                let mut msg = ack::ack(req);
                if let Body::Error(e) = &mut msg.body {
                    e.code = std::num::NonZeroI32::new(code);
                }
                out.push(self.with_port(msg));
            }
            Err(refusal) => {
                tracing::debug!(errno = refusal.errno, msg = ?refusal.ext.msg, "request refused");
                out.push(self.with_port(ack::error(req, bytes, refusal.errno, &refusal.ext)));
            }
        }
    }

    fn with_port(&self, mut msg: NlMessage) -> NlMessage {
        msg.header.port_number = self.port;
        msg
    }

    /// The datagram multicasting `event` to this client, if it joined the event's group.
    pub fn event(&self, event: &BackendEvent) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        for (group, body) in events::event_bodies(&self.families, event) {
            if self.groups.contains(&group) {
                append_message(&mut out, &NlMessage::new(type_of(&self.families, &body), 0, 0, 0, body));
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

/// The header of a message `split_datagram` accepted (at least 16 bytes long).
fn peek_header(bytes: &[u8]) -> Option<NetlinkHeader> {
    let mut header = NetlinkHeader::default();
    let word = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
    let half = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_ne_bytes([b[0], b[1]]));
    header.length = word(0)?;
    header.message_type = half(4)?;
    header.flags = half(6)?;
    header.sequence_number = word(8)?;
    header.port_number = word(12)?;
    Some(header)
}

/// EINVAL for a message whose length field is unusable: echo whatever header there is.
fn malformed_length(rest: &[u8], e: &DecodeError) -> NlMessage {
    let mut padded = rest.get(..NLMSG_HDRLEN.min(rest.len())).unwrap_or_default().to_vec();
    padded.resize(NLMSG_HDRLEN, 0);
    let header = peek_header(&padded).unwrap_or_default();
    ack::error(&header, &padded, errno::EINVAL, &ExtAck::msg(format!("bad nlmsg_len: {e}")))
}

fn type_of(families: &FamilyIds, body: &Body) -> u16 {
    match body {
        Body::Ctrl(_) => crate::nl::ctrl::GENL_ID_CTRL,
        Body::Nl80211(_) => families.nl80211,
        Body::Hwsim(_) => families.hwsim,
        Body::Error(_) => netlink_packet_core::NLMSG_ERROR,
        Body::Done(_) => netlink_packet_core::NLMSG_DONE,
        Body::Noop => netlink_packet_core::NLMSG_NOOP,
        Body::Overrun(_) => netlink_packet_core::NLMSG_OVERRUN,
        Body::Unknown(_) => 0,
    }
}

/// Packs messages into datagrams of at most [`MAX_DATAGRAM`] bytes, in order.
pub fn pack(messages: &[NlMessage]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut cur = Vec::new();
    for msg in messages {
        let len = msg.buffer_len().next_multiple_of(4);
        if !cur.is_empty() && cur.len() + len > MAX_DATAGRAM {
            out.push(std::mem::take(&mut cur));
        }
        append_message(&mut cur, msg);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}
