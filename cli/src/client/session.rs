//! A netlink conversation: sequence numbers, replies, ACKs, dumps, families and events.
//!
//! Requests are typed messages of the shared codec ([`crate::nl`]) and replies come back
//! parsed by it ([`crate::nl::parse_datagram`]); errors are read by [`crate::nl::ack`]. This
//! module adds only what a client needs on top, following what libnl does for iw:
//! - Every request gets a fresh sequence number; messages with another sequence number are
//!   not its answer. Multicast notifications (sequence 0) that arrive while a request is
//!   outstanding are queued, in order, for [`Session::next_event`]: joining the scan group
//!   before TRIGGER_SCAN and queueing means NEW_SCAN_RESULTS can never be missed, which is
//!   the race iw's own `scan.c` warns about.
//! - A "do" request asks for an ACK and ends at the ACK (or the error); a dump ends at
//!   `NLMSG_DONE` (or the error). `NLMSG_ERROR` becomes [`SessionError::Failed`] with the
//!   errno and the extended-ACK message.
//! - Families are resolved by name through nlctrl `CTRL_CMD_GETFAMILY` and cached, with
//!   their multicast group ids; replies of a family are typed once its id is known.
//! - Multicast groups are joined with `NETLINK_ADD_MEMBERSHIP` on the kernel's socket, and
//!   in band on the daemon's (softmac's nlctrl `JOIN_MCAST_GROUP`, docs/netlink.md).
//! - No reply within the timeout is an error, so a wedged peer cannot hang the CLI.

use super::transport::NlTransport;
use crate::nl::ack::ErrorReport;
use crate::nl::ctrl::{CtrlAttr, CtrlCmd, CtrlMessage, GENL_ID_CTRL};
use crate::nl::hwsim::{HWSIM_FAMILY_NAME, HwsimMessage};
use crate::nl::nl80211::{NL80211_FAMILY_NAME, Nl80211Message};
use crate::nl::{Body, FamilyIds, NlMessage, parse_datagram};
use netlink_packet_core::{NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST};
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::io;
use std::time::{Duration, Instant};

/// How long a request may wait for its answer.
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(10);

/// `ENOENT`: nlctrl's answer for an unknown family.
const ENOENT: i32 = 2;

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

/// A request of one of the families the client speaks.
#[derive(Clone, PartialEq, Debug)]
pub enum Request {
    /// To nlctrl.
    Ctrl(CtrlMessage),
    /// To nl80211.
    Nl80211(Nl80211Message),
    /// To MAC80211_HWSIM.
    Hwsim(HwsimMessage),
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
    /// The ids replies are typed by; 0 until the family is resolved.
    ids: FamilyIds,
    events: VecDeque<NlMessage>,
    timeout: Duration,
}

impl<T: NlTransport> Session<T> {
    /// Starts a conversation.
    pub fn new(transport: T) -> Session<T> {
        Session {
            transport,
            seq: 1,
            families: HashMap::new(),
            ids: FamilyIds { nl80211: 0, hwsim: 0 },
            events: VecDeque::new(),
            timeout: REPLY_TIMEOUT,
        }
    }

    /// The transport.
    pub fn transport(&mut self) -> &mut T {
        &mut self.transport
    }

    /// A "do" request: returns the reply messages before the ACK.
    pub fn request(&mut self, req: Request) -> Result<Vec<NlMessage>, SessionError> {
        self.exchange(req, NLM_F_ACK).map(|(r, _)| r)
    }

    /// A "do" request that also returns the ACK's code (positive for hwsim NEW_RADIO, which
    /// answers with the new radio's id there).
    pub fn request_with_code(&mut self, req: Request) -> Result<(Vec<NlMessage>, i32), SessionError> {
        self.exchange(req, NLM_F_ACK)
    }

    /// A dump request: returns every part until `NLMSG_DONE`.
    pub fn dump(&mut self, req: Request) -> Result<Vec<NlMessage>, SessionError> {
        self.exchange(req, NLM_F_DUMP).map(|(r, _)| r)
    }

    /// The request as a message: the family resolved, `genlmsghdr` versions as iw and libnl
    /// send them (nl80211 0, nlctrl and hwsim 1).
    fn message(&mut self, req: Request, flags: u16, seq: u32) -> Result<NlMessage, SessionError> {
        let (kind, body) = match req {
            Request::Ctrl(m) => (GENL_ID_CTRL, Body::ctrl(1, m)),
            Request::Nl80211(m) => {
                let id = self.family(NL80211_FAMILY_NAME)?.id;
                (id, Body::nl80211(id, 0, m))
            }
            Request::Hwsim(m) => {
                let id = self.family(HWSIM_FAMILY_NAME)?.id;
                (id, Body::hwsim(id, 1, m))
            }
        };
        let port = self.transport.port_id();
        Ok(NlMessage::new(kind, flags | NLM_F_REQUEST, seq, port, body))
    }

    fn exchange(&mut self, req: Request, flags: u16) -> Result<(Vec<NlMessage>, i32), SessionError> {
        self.seq = self.seq.wrapping_add(1).max(1);
        let seq = self.seq;
        let msg = self.message(req, flags, seq)?;
        self.transport.send(&msg.to_bytes())?;
        let deadline = Instant::now() + self.timeout;
        let mut replies = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(datagram) = self.transport.recv(Some(left))? else {
                return Err(SessionError::Timeout(self.timeout));
            };
            for m in self.parse(&datagram)? {
                if m.header.sequence_number != seq {
                    self.queue_event(m);
                    continue;
                }
                match &m.body {
                    Body::Error(e) => {
                        let report = ErrorReport::parse(m.header.flags, e)
                            .map_err(|e| SessionError::Malformed(e.to_string()))?;
                        if report.errno > 0 {
                            let error = NlError { errno: report.errno, message: report.ext.msg };
                            return Err(SessionError::Failed(error));
                        }
                        return Ok((replies, -report.errno));
                    }
                    Body::Done(_) => return Ok((replies, 0)),
                    Body::Noop | Body::Overrun(_) => {}
                    _ => replies.push(m),
                }
            }
        }
    }

    fn parse(&self, datagram: &[u8]) -> Result<Vec<NlMessage>, SessionError> {
        parse_datagram(datagram, &self.ids).map_err(|e| SessionError::Malformed(e.to_string()))
    }

    fn queue_event(&mut self, m: NlMessage) {
        let family = matches!(m.body, Body::Nl80211(_) | Body::Hwsim(_) | Body::Ctrl(_));
        if m.header.sequence_number == 0 && family {
            self.events.push_back(m);
        }
    }

    /// The next multicast notification: a queued one, or one that arrives within `timeout`
    /// (forever when None). `Ok(None)` when the time ran out.
    pub fn next_event(&mut self, timeout: Option<Duration>) -> Result<Option<NlMessage>, SessionError> {
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
            for m in self.parse(&datagram)? {
                self.queue_event(m);
            }
        }
    }

    /// Resolves a family by name (cached).
    pub fn family(&mut self, name: &str) -> Result<Family, SessionError> {
        if let Some(f) = self.families.get(name) {
            return Ok(f.clone());
        }
        let ask =
            CtrlMessage { cmd: CtrlCmd::GetFamily, attrs: vec![CtrlAttr::FamilyName(name.to_string())] };
        let replies = match self.request(Request::Ctrl(ask)) {
            Err(SessionError::Failed(e)) if e.errno == ENOENT => {
                return Err(SessionError::NoFamily(name.to_string()));
            }
            other => other?,
        };
        let reply = replies
            .iter()
            .find_map(NlMessage::ctrl)
            .ok_or_else(|| SessionError::NoFamily(name.to_string()))?;
        let id =
            reply.family_id().ok_or_else(|| SessionError::Malformed("family reply without an id".into()))?;
        let family = Family { id, groups: reply.mcast_groups() };
        match name {
            NL80211_FAMILY_NAME => self.ids.nl80211 = id,
            HWSIM_FAMILY_NAME => self.ids.hwsim = id,
            _ => {}
        }
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
            let join = CtrlMessage { cmd: CtrlCmd::JoinMcastGroup, attrs: vec![CtrlAttr::McastGroupId(id)] };
            self.request(Request::Ctrl(join))?;
        } else {
            self.transport.join_group(id)?;
        }
        Ok(())
    }
}
