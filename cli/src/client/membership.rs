//! Joining a multicast group over the daemon's Unix socket, where `setsockopt` cannot reach.
//!
//! A Unix socket has no `NETLINK_ADD_MEMBERSHIP`, so the client asks in-band: an nlctrl
//! (family 0x10) request with command `CTRL_CMD_NEWMCAST_GRP` (7, a notification-only
//! command in Linux, so a kernel would never see it from a client) carrying the group id as
//! `CTRL_ATTR_MCAST_GROUPS` → `{ CTRL_ATTR_MCAST_GRP_ID }`, answered by an ACK or an error.
//! This mirrors what the daemon documents in docs/netlink.md ("multicast"); the client keeps
//! it in this one function so a change there is a change here only.

use super::genl::{GenlWriter, ctrl};

/// `CTRL_CMD_NEWMCAST_GRP`.
pub const CMD_JOIN: u8 = 7;

/// The generic netlink payload asking to join `group`.
pub fn join_payload(group: u32) -> Vec<u8> {
    let mut entry = Vec::new();
    entry.extend_from_slice(&8u16.to_ne_bytes());
    entry.extend_from_slice(&ctrl::GRP_ID.to_ne_bytes());
    entry.extend_from_slice(&group.to_ne_bytes());
    let mut nest = Vec::new();
    nest.extend_from_slice(&(4 + entry.len() as u16).to_ne_bytes());
    nest.extend_from_slice(&1u16.to_ne_bytes());
    nest.extend_from_slice(&entry);
    GenlWriter::new(CMD_JOIN, 2).bytes(ctrl::ATTR_MCAST_GROUPS, &nest).finish()
}
