//! # Generic netlink, as Linux lays it out, over plain byte buffers
//!
//! The codec shared by the daemon's front end and the `softmac` client: nlctrl ([`ctrl`]),
//! nl80211 ([`nl80211`]) and MAC80211_HWSIM ([`hwsim`]) messages, built on
//! `netlink-packet-core` (headers, attributes, ACK/DONE) and `netlink-packet-generic`
//! (`genlmsghdr`, the [`GenlFamily`](netlink_packet_generic::GenlFamily) trait).
//!
//! Layout (`include/uapi/linux/netlink.h`, `genetlink.h`; linux-anchor §1.1): a datagram holds
//! one or more messages, each a 16-byte `nlmsghdr` (length, type, flags, sequence, port id)
//! padded to 4 bytes; for generic netlink the type is the family id and a 4-byte `genlmsghdr`
//! (command, version, reserved) precedes the attributes. Control types 1..=4 (NOOP, ERROR,
//! DONE, OVERRUN) carry no genl header.
//!
//! Contract:
//! - [`NlMessage::parse`] and [`parse_datagram`] are total: malformed input (bad `nlmsg_len`,
//!   truncated attributes, wrong attribute sizes) is a [`DecodeError`], never a panic.
//! - Family ids other than nlctrl's are dynamic in Linux; a parse takes the [`FamilyIds`] it
//!   should recognise (softmac serves [`FamilyIds::SOFTMAC`]; a capture's come from its
//!   nlctrl exchange). Messages of other families are kept raw ([`Body::Unknown`]).
//! - Emitting a parsed message gives back the same bytes (golden `nl_golden.rs`).
//! - [`ack`] builds and reads NLMSG_ERROR with extended-ACK TLVs.

pub mod ack;
pub mod ctrl;
pub mod hwsim;
pub mod nl80211;
pub mod value;

use netlink_packet_core::{
    DecodeError, DoneBuffer, DoneMessage, Emitable, ErrorBuffer, ErrorMessage, NLMSG_DONE, NLMSG_ERROR,
    NLMSG_NOOP, NLMSG_OVERRUN, NetlinkBuffer, NetlinkHeader, Parseable, ParseableParametrized,
};
use netlink_packet_generic::{GenlHeader, GenlMessage};

use ctrl::{CtrlMessage, GENL_ID_CTRL};
use hwsim::HwsimMessage;
use nl80211::Nl80211Message;

/// Length of `struct nlmsghdr`.
pub const NLMSG_HDRLEN: usize = 16;

/// The family ids a parse recognises besides nlctrl's fixed 0x10.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct FamilyIds {
    /// Family id of nl80211.
    pub nl80211: u16,
    /// Family id of MAC80211_HWSIM.
    pub hwsim: u16,
}

impl FamilyIds {
    /// The ids the softmac daemon reports in GETFAMILY (stable across runs; 0x20 is also
    /// what Linux 6.1 gave nl80211 in the golden capture).
    pub const SOFTMAC: FamilyIds = FamilyIds { nl80211: 0x20, hwsim: 0x21 };
}

/// The payload of one netlink message.
#[derive(Clone, PartialEq, Debug)]
pub enum Body {
    /// An nlctrl message.
    Ctrl(GenlMessage<CtrlMessage>),
    /// An nl80211 message.
    Nl80211(GenlMessage<Nl80211Message>),
    /// A MAC80211_HWSIM message.
    Hwsim(GenlMessage<HwsimMessage>),
    /// NLMSG_ERROR: an ACK (code 0) or an error (-errno); see [`ack::ErrorReport`].
    Error(ErrorMessage),
    /// NLMSG_DONE: the end of a dump.
    Done(DoneMessage),
    /// NLMSG_NOOP.
    Noop,
    /// NLMSG_OVERRUN, raw.
    Overrun(Vec<u8>),
    /// A message of a family not in [`FamilyIds`], raw payload.
    Unknown(Vec<u8>),
}

impl Body {
    /// An nl80211 body: `genlmsghdr` (`msg`'s command, `version`) for family `family_id`.
    /// iw sends version 0, the kernel 1.
    pub fn nl80211(family_id: u16, version: u8, msg: Nl80211Message) -> Body {
        let header = GenlHeader { cmd: msg.cmd.into(), version };
        Body::Nl80211(GenlMessage::new(header, msg, family_id))
    }

    /// An nlctrl body (family [`GENL_ID_CTRL`]); libnl sends version 1, the kernel 2.
    pub fn ctrl(version: u8, msg: CtrlMessage) -> Body {
        let header = GenlHeader { cmd: msg.cmd.into(), version };
        Body::Ctrl(GenlMessage::new(header, msg, GENL_ID_CTRL))
    }

    /// A MAC80211_HWSIM body for family `family_id`.
    pub fn hwsim(family_id: u16, version: u8, msg: HwsimMessage) -> Body {
        let header = GenlHeader { cmd: msg.cmd.into(), version };
        Body::Hwsim(GenlMessage::new(header, msg, family_id))
    }
}

/// One netlink message: header and payload.
#[derive(Clone, PartialEq, Debug)]
pub struct NlMessage {
    /// The `nlmsghdr`; `length` is recomputed on emit.
    pub header: NetlinkHeader,
    /// The payload.
    pub body: Body,
}

impl NlMessage {
    /// A message of `message_type` with `flags`, `seq` and `port`, around `body`.
    pub fn new(message_type: u16, flags: u16, seq: u32, port: u32, body: Body) -> NlMessage {
        let mut header = NetlinkHeader::default();
        header.message_type = message_type;
        header.flags = flags;
        header.sequence_number = seq;
        header.port_number = port;
        let mut msg = NlMessage { header, body };
        msg.header.length = msg.buffer_len() as u32;
        msg
    }

    /// Parses one message from the start of `bytes` (which may hold more after it).
    pub fn parse(bytes: &[u8], families: &FamilyIds) -> Result<NlMessage, DecodeError> {
        let buf = NetlinkBuffer::new_checked(bytes)?;
        let header = NetlinkHeader::parse(&buf)?;
        let payload = buf.payload();
        let body = match header.message_type {
            NLMSG_NOOP if payload.is_empty() => Body::Noop,
            // A NOOP has no payload; one that carries bytes keeps them, so it re-emits as sent.
            NLMSG_NOOP => Body::Unknown(payload.to_vec()),
            NLMSG_ERROR => Body::Error(ErrorMessage::parse(&ErrorBuffer::new_checked(&payload)?)?),
            NLMSG_DONE => Body::Done(DoneMessage::parse(&DoneBuffer::new_checked(&payload)?)?),
            NLMSG_OVERRUN => Body::Overrun(payload.to_vec()),
            GENL_ID_CTRL => Body::Ctrl(GenlMessage::parse_with_param(payload, GENL_ID_CTRL)?),
            t if t == families.nl80211 => Body::Nl80211(GenlMessage::parse_with_param(payload, t)?),
            t if t == families.hwsim => Body::Hwsim(GenlMessage::parse_with_param(payload, t)?),
            _ => Body::Unknown(payload.to_vec()),
        };
        Ok(NlMessage { header, body })
    }

    /// Bytes of the message without trailing alignment padding.
    pub fn buffer_len(&self) -> usize {
        NLMSG_HDRLEN
            + match &self.body {
                Body::Ctrl(m) => m.buffer_len(),
                Body::Nl80211(m) => m.buffer_len(),
                Body::Hwsim(m) => m.buffer_len(),
                Body::Error(m) => m.buffer_len(),
                Body::Done(m) => m.buffer_len(),
                Body::Noop => 0,
                Body::Overrun(b) | Body::Unknown(b) => b.len(),
            }
    }

    /// Writes the message into `buf` (at least [`NlMessage::buffer_len`] bytes), with
    /// `nlmsg_len` set to its length.
    pub fn emit(&self, buf: &mut [u8]) {
        let len = self.buffer_len();
        let mut header = self.header;
        header.length = len as u32;
        header.emit(&mut buf[..NLMSG_HDRLEN]);
        let body = &mut buf[NLMSG_HDRLEN..len];
        match &self.body {
            Body::Ctrl(m) => m.emit(body),
            Body::Nl80211(m) => m.emit(body),
            Body::Hwsim(m) => m.emit(body),
            Body::Error(m) => m.emit(body),
            Body::Done(m) => m.emit(body),
            Body::Noop => {}
            Body::Overrun(b) | Body::Unknown(b) => body.copy_from_slice(b),
        }
    }

    /// The message as bytes (unpadded).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut buf = vec![0; self.buffer_len()];
        self.emit(&mut buf);
        buf
    }

    /// The nl80211 payload, if this is an nl80211 message.
    pub fn nl80211(&self) -> Option<&Nl80211Message> {
        match &self.body {
            Body::Nl80211(m) => Some(&m.payload),
            _ => None,
        }
    }

    /// The nlctrl payload, if this is an nlctrl message.
    pub fn ctrl(&self) -> Option<&CtrlMessage> {
        match &self.body {
            Body::Ctrl(m) => Some(&m.payload),
            _ => None,
        }
    }

    /// The hwsim payload, if this is a hwsim message.
    pub fn hwsim(&self) -> Option<&HwsimMessage> {
        match &self.body {
            Body::Hwsim(m) => Some(&m.payload),
            _ => None,
        }
    }
}

/// The messages of a datagram, as byte slices, each checked for a sane `nlmsg_len`
/// (at least a header, at most what is left). Stops after the first error, as
/// `netlink_rcv_skb` stops at a message whose length is wrong.
pub fn split_datagram(bytes: &[u8]) -> impl Iterator<Item = Result<&[u8], DecodeError>> {
    let mut rest = Some(bytes);
    std::iter::from_fn(move || {
        let cur = rest.take()?;
        if cur.is_empty() {
            return None;
        }
        let buf = match NetlinkBuffer::new_checked(cur) {
            Ok(buf) => buf,
            Err(e) => return Some(Err(e)),
        };
        let len = buf.length() as usize;
        let next = len.next_multiple_of(4).min(cur.len());
        rest = Some(&cur[next..]);
        Some(Ok(&cur[..len]))
    })
}

/// Parses every message of a datagram.
pub fn parse_datagram(bytes: &[u8], families: &FamilyIds) -> Result<Vec<NlMessage>, DecodeError> {
    split_datagram(bytes).map(|m| m.and_then(|m| NlMessage::parse(m, families))).collect()
}

/// Emits messages back to back, each padded to 4 bytes, as one datagram.
pub fn emit_datagram<'a>(messages: impl IntoIterator<Item = &'a NlMessage>) -> Vec<u8> {
    let mut out = Vec::new();
    for msg in messages {
        append_message(&mut out, msg);
    }
    out
}

/// Appends one message (padded to 4 bytes) to a datagram being built.
pub fn append_message(out: &mut Vec<u8>, msg: &NlMessage) {
    let start = out.len();
    let len = msg.buffer_len();
    out.resize(start + len.next_multiple_of(4), 0);
    msg.emit(&mut out[start..start + len]);
}
