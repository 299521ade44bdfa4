//! A netlink conversation: sequence numbers, replies, ACKs, dumps, families and events.
//!
//! Contract, following what libnl does for iw:
//! - Every request gets a fresh sequence number; messages with another sequence number are
//!   not its answer. Multicast notifications (sequence 0) that arrive while a request is
//!   outstanding are queued, in order, for [`Session::next_event`]: joining the scan group
//!   before TRIGGER_SCAN and queueing means NEW_SCAN_RESULTS can never be missed, which is
//!   the race iw's own `scan.c` warns about.
//! - A "do" request asks for an ACK and ends at the ACK (or the error); a dump ends at
//!   `NLMSG_DONE` (or the error). `NLMSG_ERROR` becomes [`SessionError::Failed`] with the
//!   errno and the extended-ACK message.
//! - Families are resolved by name through nlctrl `CTRL_CMD_GETFAMILY` and cached, with
//!   their multicast group ids.
//! - No reply within the timeout is an error, so a wedged peer cannot hang the CLI.

use super::genl::{Attrs, GenlMsg, GenlWriter, ctrl};
use super::netlink::{self, Message, NLM_F_ACK, NLM_F_DUMP, NlError};
use super::transport::NlTransport;
use std::collections::{HashMap, VecDeque};
use std::io;
use std::time::{Duration, Instant};

/// How long a request may wait for its answer.
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a request did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The peer refused: `command failed: <strerror> (-errno)[: message]`.
    #[error("command failed: {0}")]
    Failed(NlError),
    /// The family is not there (nlctrl answered ENOENT).
    #[error("no {0} family")]
    NoFamily(String),
    /// Sending or receiving failed.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The answer did not come in time.
    #[error("no answer within {} s", .0.as_secs())]
    Timeout(Duration),
    /// The peer sent something that is not netlink.
    #[error("malformed reply: {0}")]
    Malformed(String),
}

/// A resolved generic netlink family.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Family {
    /// Its id (the `nlmsg_type` of its messages).
    pub id: u16,
    /// Multicast groups by name.
    pub groups: Vec<(String, u32)>,
}

impl Family {
    /// The id of multicast group `name`.
    pub fn group(&self, name: &str) -> Option<u32> {
        self.groups.iter().find(|(n, _)| n == name).map(|(_, id)| *id)
    }
}

/// A conversation over one transport.
pub struct Session<T: NlTransport> {
    transport: T,
    seq: u32,
    families: HashMap<String, Family>,
    events: VecDeque<(u16, GenlMsg)>,
    timeout: Duration,
}

impl<T: NlTransport> Session<T> {
    /// Starts a conversation.
    pub fn new(transport: T) -> Session<T> {
        Session {
            transport,
            seq: 1,
            families: HashMap::new(),
            events: VecDeque::new(),
            timeout: REPLY_TIMEOUT,
        }
    }

    /// The transport.
    pub fn transport(&mut self) -> &mut T {
        &mut self.transport
    }

    /// A "do" request: returns the reply messages before the ACK.
    pub fn request(&mut self, family: u16, payload: Vec<u8>) -> Result<Vec<GenlMsg>, SessionError> {
        self.exchange(family, NLM_F_ACK, payload).map(|(r, _)| r)
    }

    /// A "do" request that also returns the ACK's code (positive for hwsim NEW_RADIO).
    pub fn request_with_code(
        &mut self,
        family: u16,
        payload: Vec<u8>,
    ) -> Result<(Vec<GenlMsg>, i32), SessionError> {
        self.exchange(family, NLM_F_ACK, payload)
    }

    /// A dump request: returns every part until `NLMSG_DONE`.
    pub fn dump(&mut self, family: u16, payload: Vec<u8>) -> Result<Vec<GenlMsg>, SessionError> {
        self.exchange(family, NLM_F_DUMP, payload).map(|(r, _)| r)
    }

    fn exchange(
        &mut self,
        family: u16,
        flags: u16,
        payload: Vec<u8>,
    ) -> Result<(Vec<GenlMsg>, i32), SessionError> {
        self.seq = self.seq.wrapping_add(1).max(1);
        let seq = self.seq;
        let mut msg = netlink::request(family, flags, seq, &payload);
        msg[12..16].copy_from_slice(&self.transport.port_id().to_ne_bytes());
        self.transport.send(&msg)?;
        let deadline = Instant::now() + self.timeout;
        let mut replies = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(datagram) = self.transport.recv(Some(left))? else {
                return Err(SessionError::Timeout(self.timeout));
            };
            let messages = netlink::split(&datagram).map_err(|e| SessionError::Malformed(e.to_string()))?;
            for m in messages {
                if m.header().seq != seq {
                    self.queue_event(m);
                    continue;
                }
                match m {
                    Message::Ack { code, .. } => return Ok((replies, code)),
                    Message::Done { .. } => return Ok((replies, 0)),
                    Message::Error { error, .. } => return Err(SessionError::Failed(error)),
                    Message::Family { payload, .. } => {
                        let g = GenlMsg::parse(&payload).ok_or_else(|| {
                            SessionError::Malformed("generic netlink message too short".into())
                        })?;
                        replies.push(g);
                    }
                    Message::Control { .. } => {}
                }
            }
        }
    }

    fn queue_event(&mut self, m: Message) {
        if let Message::Family { header, payload } = m
            && header.seq == 0
            && let Some(g) = GenlMsg::parse(&payload)
        {
            self.events.push_back((header.kind, g));
        }
    }

    /// The next multicast notification: a queued one, or one that arrives within `timeout`
    /// (forever when None). `Ok(None)` when the time ran out. Returns the family id too.
    pub fn next_event(&mut self, timeout: Option<Duration>) -> Result<Option<(u16, GenlMsg)>, SessionError> {
        let deadline = timeout.map(|t| Instant::now() + t);
        loop {
            if let Some(e) = self.events.pop_front() {
                return Ok(Some(e));
            }
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if left == Some(Duration::ZERO) {
                return Ok(None);
            }
            let Some(datagram) = self.transport.recv(left)? else { return Ok(None) };
            let messages = netlink::split(&datagram).map_err(|e| SessionError::Malformed(e.to_string()))?;
            for m in messages {
                self.queue_event(m);
            }
        }
    }

    /// Resolves a family by name (cached).
    pub fn family(&mut self, name: &str) -> Result<Family, SessionError> {
        if let Some(f) = self.families.get(name) {
            return Ok(f.clone());
        }
        let req = GenlWriter::new(ctrl::CMD_GETFAMILY, 1).string(ctrl::ATTR_FAMILY_NAME, name).finish();
        let replies = match self.request(ctrl::FAMILY_ID, req) {
            Err(SessionError::Failed(e)) if e.errno == 2 => {
                return Err(SessionError::NoFamily(name.to_string()));
            }
            other => other?,
        };
        let attrs =
            replies.first().map(|m| &m.attrs).ok_or_else(|| SessionError::NoFamily(name.to_string()))?;
        let family = parse_family(attrs)
            .ok_or_else(|| SessionError::Malformed("family reply without an id".into()))?;
        self.families.insert(name.to_string(), family.clone());
        Ok(family)
    }

    /// Joins multicast group `group` of family `family`.
    pub fn join(&mut self, family: &str, group: &str) -> Result<(), SessionError> {
        let f = self.family(family)?;
        let id = f
            .group(group)
            .ok_or_else(|| SessionError::NoFamily(format!("{family} multicast group {group:?}")))?;
        if self.transport.joins_in_band() {
            self.request(ctrl::FAMILY_ID, super::membership::join_payload(id))?;
        } else {
            self.transport.join_group(id)?;
        }
        Ok(())
    }
}

fn parse_family(a: &Attrs) -> Option<Family> {
    let id = a.u16(ctrl::ATTR_FAMILY_ID)?;
    let groups = a
        .nested(ctrl::ATTR_MCAST_GROUPS)
        .map(|g| {
            g.0.iter()
                .filter_map(|(_, body)| {
                    let e = Attrs::parse(body);
                    Some((e.string(ctrl::GRP_NAME)?, e.u32(ctrl::GRP_ID)?))
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Family { id, groups })
}
