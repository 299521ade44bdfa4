//! Netlink framing as the client sees it: `nlmsghdr`, requests, replies, ACKs and errors.
//!
//! Contract (Linux `include/uapi/linux/netlink.h`, `netlink(7)`):
//! - A datagram holds one or more messages, each `struct nlmsghdr` (16 octets, host byte
//!   order: `len`, `type`, `flags`, `seq`, `pid`) followed by its payload, padded to 4.
//! - Type 2 (`NLMSG_ERROR`) carries `int error` (0 is an ACK) and a copy of the request's
//!   header (and payload unless `NLM_F_CAPPED`), then extended-ACK attributes when
//!   `NLM_F_ACK_TLVS` is set; attribute 1 (`NLMSGERR_ATTR_MSG`) is the human message.
//! - Type 3 (`NLMSG_DONE`) ends a multi-part dump (`NLM_F_MULTI` on every part).
//! - Any other type at or above 0x10 is a generic netlink family: its payload is the
//!   `genlmsghdr` and the attributes, handed to the nl80211 codec untouched.
//!
//! [`split`] is total: a datagram with a bad length yields an error, never a panic, and a
//! message is never read past its own length.

use std::fmt;

/// `NLM_F_REQUEST`.
pub const NLM_F_REQUEST: u16 = 0x1;
/// `NLM_F_MULTI`: part of a multi-part reply.
pub const NLM_F_MULTI: u16 = 0x2;
/// `NLM_F_ACK`: ask for an ACK.
pub const NLM_F_ACK: u16 = 0x4;
/// `NLM_F_DUMP` (`NLM_F_ROOT | NLM_F_MATCH`).
pub const NLM_F_DUMP: u16 = 0x300;
/// `NLM_F_CAPPED` on an error: the request payload was not copied back.
pub const NLM_F_CAPPED: u16 = 0x100;
/// `NLM_F_ACK_TLVS` on an error: extended-ACK attributes follow.
pub const NLM_F_ACK_TLVS: u16 = 0x200;
/// `NLMSG_NOOP`.
pub const NLMSG_NOOP: u16 = 1;
/// `NLMSG_ERROR`.
pub const NLMSG_ERROR: u16 = 2;
/// `NLMSG_DONE`.
pub const NLMSG_DONE: u16 = 3;
/// `NLMSG_OVERRUN`.
pub const NLMSG_OVERRUN: u16 = 4;
/// Length of `struct nlmsghdr`.
pub const HEADER_LEN: usize = 16;
/// `NLMSGERR_ATTR_MSG`.
const NLMSGERR_ATTR_MSG: u16 = 1;

/// `struct nlmsghdr`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Header {
    /// Length of the message including this header.
    pub len: u32,
    /// Message type: a control type or a family id.
    pub kind: u16,
    /// `NLM_F_*` flags.
    pub flags: u16,
    /// Sequence number (0 on multicast notifications).
    pub seq: u32,
    /// Port id of the sender (0: the kernel or the daemon).
    pub pid: u32,
}

impl Header {
    /// Reads the header at the start of `buf`.
    pub fn parse(buf: &[u8]) -> Option<Header> {
        let b = buf.get(..HEADER_LEN)?;
        Some(Header {
            len: u32::from_ne_bytes([b[0], b[1], b[2], b[3]]),
            kind: u16::from_ne_bytes([b[4], b[5]]),
            flags: u16::from_ne_bytes([b[6], b[7]]),
            seq: u32::from_ne_bytes([b[8], b[9], b[10], b[11]]),
            pid: u32::from_ne_bytes([b[12], b[13], b[14], b[15]]),
        })
    }

    /// Writes the header into the first 16 octets of `buf` (which must be that long).
    pub fn emit(&self, buf: &mut [u8]) {
        buf[0..4].copy_from_slice(&self.len.to_ne_bytes());
        buf[4..6].copy_from_slice(&self.kind.to_ne_bytes());
        buf[6..8].copy_from_slice(&self.flags.to_ne_bytes());
        buf[8..12].copy_from_slice(&self.seq.to_ne_bytes());
        buf[12..16].copy_from_slice(&self.pid.to_ne_bytes());
    }
}

/// One message of a datagram, classified.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Message {
    /// An ACK (`NLMSG_ERROR` with error 0, or positive: mac80211_hwsim's NEW_RADIO answers
    /// with the new radio's id there) for the request with this sequence number.
    Ack {
        /// The header of the ACK.
        header: Header,
        /// The code: 0, or the positive value the command returned.
        code: i32,
    },
    /// A refused request.
    Error {
        /// The header of the error message.
        header: Header,
        /// The error, as the peer sent it.
        error: NlError,
    },
    /// End of a dump.
    Done {
        /// The header of the DONE message.
        header: Header,
    },
    /// A family message (reply, dump part or notification): the generic netlink payload.
    Family {
        /// Its header.
        header: Header,
        /// `genlmsghdr` and attributes.
        payload: Vec<u8>,
    },
    /// `NLMSG_NOOP` or `NLMSG_OVERRUN`, or a reserved control type: nothing to act on.
    Control {
        /// Its header.
        header: Header,
    },
}

impl Message {
    /// The header of the message.
    pub fn header(&self) -> &Header {
        match self {
            Message::Ack { header, .. }
            | Message::Error { header, .. }
            | Message::Done { header }
            | Message::Family { header, .. }
            | Message::Control { header } => header,
        }
    }
}

/// An `NLMSG_ERROR` with a non-zero error: the errno and the extended-ACK message.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NlError {
    /// Positive errno (`ENODEV` = 19).
    pub errno: i32,
    /// The extended-ACK message (`NLMSGERR_ATTR_MSG`), when the peer sent one.
    pub message: Option<String>,
}

impl fmt::Display for NlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (-{})", super::errno::describe(self.errno), self.errno)?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        Ok(())
    }
}

/// A datagram that does not hold well-formed netlink messages.
#[derive(Clone, Copy, PartialEq, Eq, Debug, thiserror::Error)]
pub enum FramingError {
    /// Fewer octets than a header, or a header length below 16.
    #[error("truncated netlink message at offset {0}")]
    Truncated(usize),
    /// A header length that runs past the datagram.
    #[error("netlink message at offset {offset} claims {len} octets, {left} left")]
    TooLong {
        /// Offset of the message.
        offset: usize,
        /// Its claimed length.
        len: u32,
        /// Octets left in the datagram.
        left: usize,
    },
    /// An `NLMSG_ERROR` shorter than its error code.
    #[error("netlink error message without an error code")]
    ShortError,
}

/// Splits a datagram into classified messages.
pub fn split(datagram: &[u8]) -> Result<Vec<Message>, FramingError> {
    let mut out = Vec::new();
    let mut offset = 0;
    while offset < datagram.len() {
        let rest = &datagram[offset..];
        let header = Header::parse(rest).ok_or(FramingError::Truncated(offset))?;
        let len = header.len as usize;
        if len < HEADER_LEN {
            return Err(FramingError::Truncated(offset));
        }
        if len > rest.len() {
            return Err(FramingError::TooLong { offset, len: header.len, left: rest.len() });
        }
        out.push(classify(header, &rest[HEADER_LEN..len])?);
        offset += align4(len).min(rest.len());
    }
    Ok(out)
}

fn classify(header: Header, payload: &[u8]) -> Result<Message, FramingError> {
    Ok(match header.kind {
        NLMSG_ERROR => {
            let code = payload.get(..4).ok_or(FramingError::ShortError)?;
            let code = i32::from_ne_bytes([code[0], code[1], code[2], code[3]]);
            if code >= 0 {
                Message::Ack { header, code }
            } else {
                let message = ext_ack_message(&header, payload);
                Message::Error { header, error: NlError { errno: code.saturating_neg(), message } }
            }
        }
        NLMSG_DONE => Message::Done { header },
        kind if kind >= 0x10 => Message::Family { header, payload: payload.to_vec() },
        _ => Message::Control { header },
    })
}

/// The `NLMSGERR_ATTR_MSG` string of an error payload, if there is one.
fn ext_ack_message(header: &Header, payload: &[u8]) -> Option<String> {
    if header.flags & NLM_F_ACK_TLVS == 0 {
        return None;
    }
    let request = Header::parse(payload.get(4..)?)?;
    let copied = if header.flags & NLM_F_CAPPED != 0 { HEADER_LEN } else { request.len as usize };
    let tlvs = payload.get(4 + align4(copied)..)?;
    attrs(tlvs).find(|(kind, _)| *kind == NLMSGERR_ATTR_MSG).map(|(_, value)| c_string(value))
}

/// Iterates over `(type, value)` of a run of netlink attributes, stopping at the first
/// malformed one. The type has the nested and byte-order flags masked off.
pub fn attrs(mut buf: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let len = usize::from(u16::from_ne_bytes([*buf.first()?, *buf.get(1)?]));
        let kind = u16::from_ne_bytes([*buf.get(2)?, *buf.get(3)?]) & 0x3fff;
        if len < 4 || len > buf.len() {
            buf = &[];
            return None;
        }
        let value = &buf[4..len];
        buf = buf.get(align4(len)..).unwrap_or(&[]);
        Some((kind, value))
    })
}

/// A NUL-terminated (or not) attribute string, lossily decoded.
pub fn c_string(value: &[u8]) -> String {
    let end = value.iter().position(|&b| b == 0).unwrap_or(value.len());
    String::from_utf8_lossy(&value[..end]).into_owned()
}

/// Rounds up to the netlink alignment of 4.
pub fn align4(n: usize) -> usize {
    n.saturating_add(3) & !3
}

/// Builds one request message: header then `payload` (a `genlmsghdr` and attributes).
pub fn request(kind: u16, flags: u16, seq: u32, payload: &[u8]) -> Vec<u8> {
    let len = HEADER_LEN + payload.len();
    let mut buf = vec![0; len];
    let header = Header { len: len as u32, kind, flags: flags | NLM_F_REQUEST, seq, pid: 0 };
    header.emit(&mut buf);
    buf[HEADER_LEN..].copy_from_slice(payload);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_datagram(errno: i32, msg: Option<&str>) -> Vec<u8> {
        let req = request(0x1c, NLM_F_ACK, 7, &[33, 1, 0, 0]);
        let mut payload = (-errno).to_ne_bytes().to_vec();
        payload.extend_from_slice(&req[..HEADER_LEN]);
        let mut flags = NLM_F_CAPPED;
        if let Some(m) = msg {
            flags |= NLM_F_ACK_TLVS;
            let value = [m.as_bytes(), &[0]].concat();
            let alen = 4 + value.len();
            payload.extend_from_slice(&(alen as u16).to_ne_bytes());
            payload.extend_from_slice(&NLMSGERR_ATTR_MSG.to_ne_bytes());
            payload.extend_from_slice(&value);
            payload.resize(align4(payload.len()), 0);
        }
        let mut out = request(NLMSG_ERROR, 0, 7, &payload);
        let mut h = Header::parse(&out).unwrap();
        h.flags = flags;
        h.emit(&mut out);
        out
    }

    #[test]
    fn error_with_extended_ack_message() {
        let msgs = split(&error_datagram(16, Some("scan already running"))).unwrap();
        let Message::Error { error, .. } = &msgs[0] else { panic!("{msgs:?}") };
        assert_eq!(error.errno, 16);
        assert_eq!(error.message.as_deref(), Some("scan already running"));
        assert_eq!(error.to_string(), "Device or resource busy (-16): scan already running");
    }

    #[test]
    fn error_without_message_and_ack() {
        let msgs = split(&error_datagram(19, None)).unwrap();
        assert_eq!(
            msgs[0],
            Message::Error { header: *msgs[0].header(), error: NlError { errno: 19, message: None } }
        );
        let mut ack = error_datagram(0, None);
        ack.extend_from_slice(&request(NLMSG_DONE, NLM_F_MULTI, 7, &[0; 4]));
        let msgs = split(&ack).unwrap();
        assert!(matches!(msgs[0], Message::Ack { .. }));
        assert!(matches!(msgs[1], Message::Done { .. }));
    }

    #[test]
    fn bad_lengths_are_errors_not_panics() {
        assert_eq!(split(&[1, 2, 3]), Err(FramingError::Truncated(0)));
        let mut m = request(0x1c, 0, 1, &[1, 1, 0, 0]);
        m[0] = 200;
        assert!(matches!(split(&m), Err(FramingError::TooLong { len: 200, .. })));
        m[0] = 3;
        assert_eq!(split(&m), Err(FramingError::Truncated(0)));
        let short_error = request(NLMSG_ERROR, 0, 1, &[0, 0]);
        assert_eq!(split(&short_error), Err(FramingError::ShortError));
        for cut in 0..40 {
            let d = error_datagram(16, Some("x"));
            let _ = split(&d[..cut.min(d.len())]);
        }
    }

    #[test]
    fn attrs_stop_at_malformed() {
        let buf = [8, 0, 1, 0, 1, 0, 0, 0, 9, 0, 2, 0];
        let v: Vec<_> = attrs(&buf).collect();
        assert_eq!(v, vec![(1u16, &[1u8, 0, 0, 0][..])]);
    }
}
