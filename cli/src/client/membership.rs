//! Joining a multicast group over the daemon's Unix socket, where `setsockopt` cannot reach.
//!
//! A Unix socket has no `NETLINK_ADD_MEMBERSHIP`, so the client asks in-band, as
//! docs/netlink.md ("Joining groups") specifies: an nlctrl (family 0x10) request with the
//! private command `JOIN_MCAST_GROUP` (0xf0) carrying the group id as the private attribute
//! `MCAST_GROUP_ID` (0x3f00, u32), answered by an ACK or an error.

use super::genl::GenlWriter;

/// softmac's `JOIN_MCAST_GROUP` nlctrl command.
pub const CMD_JOIN: u8 = 0xf0;
/// softmac's `MCAST_GROUP_ID` nlctrl attribute.
pub const ATTR_GROUP_ID: u16 = 0x3f00;

/// The generic netlink payload asking to join `group`.
pub fn join_payload(group: u32) -> Vec<u8> {
    GenlWriter::new(CMD_JOIN, 2).u32(ATTR_GROUP_ID, group).finish()
}
