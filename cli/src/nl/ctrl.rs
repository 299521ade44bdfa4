//! nlctrl, the generic netlink controller (family id 0x10, `GENL_ID_CTRL`).
//!
//! Clients resolve a family by name with `CTRL_CMD_GETFAMILY` and `CTRL_ATTR_FAMILY_NAME`;
//! the answer is `CTRL_CMD_NEWFAMILY` with the family id, version, header size, highest
//! attribute, the operations (`CTRL_ATTR_OPS`: id and `GENL_CMD_CAP_*` flags) and the
//! multicast groups (`CTRL_ATTR_MCAST_GROUPS`: name and id). Numbers are those of
//! `include/uapi/linux/genetlink.h` (linux-anchor §1.2).
//!
//! softmac adds two private commands, [`CtrlCmd::JoinMcastGroup`] and
//! [`CtrlCmd::LeaveMcastGroup`], carrying `CTRL_ATTR_MCAST_GRP_ID` at top level: a Unix
//! socket has no `NETLINK_ADD_MEMBERSHIP` socket option, so membership travels in band
//! (docs/netlink.md). Their numbers (0xf0, 0xf1) are far above Linux's last command (10).

use netlink_packet_core::{DecodeError, Emitable, ParseableParametrized};
use netlink_packet_generic::{GenlFamily, GenlHeader};

use super::value::{List, Nest, attrs_len, emit_attrs, nl_attrs, nl_cmds, parse_attrs};

/// nlctrl's fixed family id (`GENL_ID_CTRL` = `NLMSG_MIN_TYPE`).
pub const GENL_ID_CTRL: u16 = 0x10;

/// `GENL_CMD_CAP_DO`: the operation accepts a plain request.
pub const GENL_CMD_CAP_DO: u32 = 0x02;
/// `GENL_CMD_CAP_DUMP`: the operation accepts `NLM_F_DUMP`.
pub const GENL_CMD_CAP_DUMP: u32 = 0x04;
/// `GENL_CMD_CAP_HASPOL`: the operation has an attribute policy.
pub const GENL_CMD_CAP_HASPOL: u32 = 0x08;
/// `GENL_ADMIN_PERM`: the operation needs CAP_NET_ADMIN.
pub const GENL_ADMIN_PERM: u32 = 0x01;

nl_cmds! {
    /// nlctrl commands (`CTRL_CMD_*`), plus softmac's in-band multicast membership.
    pub enum CtrlCmd {
        /// `CTRL_CMD_NEWFAMILY`: the answer to GETFAMILY.
        NewFamily = 1,
        /// `CTRL_CMD_DELFAMILY`.
        DelFamily = 2,
        /// `CTRL_CMD_GETFAMILY`: resolve a family by name or id (or dump all).
        GetFamily = 3,
        /// `CTRL_CMD_NEWOPS`.
        NewOps = 4,
        /// `CTRL_CMD_DELOPS`.
        DelOps = 5,
        /// `CTRL_CMD_GETOPS`.
        GetOps = 6,
        /// `CTRL_CMD_NEWMCAST_GRP`.
        NewMcastGrp = 7,
        /// `CTRL_CMD_DELMCAST_GRP`.
        DelMcastGrp = 8,
        /// `CTRL_CMD_GETMCAST_GRP`.
        GetMcastGrp = 9,
        /// `CTRL_CMD_GETPOLICY`.
        GetPolicy = 10,
        /// softmac: join the multicast group `CTRL_ATTR_MCAST_GRP_ID` (`NETLINK_ADD_MEMBERSHIP`).
        JoinMcastGroup = 0xf0,
        /// softmac: leave it (`NETLINK_DROP_MEMBERSHIP`).
        LeaveMcastGroup = 0xf1,
    }
}

nl_attrs! {
    /// Top-level nlctrl attributes (`CTRL_ATTR_*`).
    pub enum CtrlAttr {
        /// `CTRL_ATTR_FAMILY_ID` (u16).
        FamilyId(u16) = 1,
        /// `CTRL_ATTR_FAMILY_NAME` (string).
        FamilyName(String) = 2,
        /// `CTRL_ATTR_VERSION` (u32).
        Version(u32) = 3,
        /// `CTRL_ATTR_HDRSIZE` (u32): the family's user header size.
        HdrSize(u32) = 4,
        /// `CTRL_ATTR_MAXATTR` (u32).
        MaxAttr(u32) = 5,
        /// `CTRL_ATTR_OPS`: the family's operations.
        Ops(List<Nest<CtrlOpAttr>>) = 6,
        /// `CTRL_ATTR_MCAST_GROUPS`: the family's multicast groups.
        McastGroups(List<Nest<McastGrpAttr>>) = 7,
        /// softmac join/leave: `CTRL_ATTR_MCAST_GRP_ID` at top level (u32; the nested
        /// attribute's number, 2, would collide with FAMILY_NAME, so it is numbered 0x3f00).
        McastGroupId(u32) = 0x3f00,
    }
}

nl_attrs! {
    /// One operation of `CTRL_ATTR_OPS` (`CTRL_ATTR_OP_*`).
    pub enum CtrlOpAttr {
        /// `CTRL_ATTR_OP_ID`: the command number.
        Id(u32) = 1,
        /// `CTRL_ATTR_OP_FLAGS`: `GENL_CMD_CAP_*` | `GENL_ADMIN_PERM`.
        Flags(u32) = 2,
    }
}

nl_attrs! {
    /// One multicast group of `CTRL_ATTR_MCAST_GROUPS` (`CTRL_ATTR_MCAST_GRP_*`).
    pub enum McastGrpAttr {
        /// `CTRL_ATTR_MCAST_GRP_NAME`.
        Name(String) = 1,
        /// `CTRL_ATTR_MCAST_GRP_ID`.
        Id(u32) = 2,
    }
}

/// One nlctrl message: a command and its attributes.
#[derive(Clone, PartialEq, Debug)]
pub struct CtrlMessage {
    /// The command.
    pub cmd: CtrlCmd,
    /// The attributes, in wire order.
    pub attrs: Vec<CtrlAttr>,
}

impl CtrlMessage {
    /// The family name asked for or reported.
    pub fn family_name(&self) -> Option<&str> {
        self.attrs.iter().find_map(|a| match a {
            CtrlAttr::FamilyName(n) => Some(n.as_str()),
            _ => None,
        })
    }

    /// The family id asked for or reported.
    pub fn family_id(&self) -> Option<u16> {
        self.attrs.iter().find_map(|a| match a {
            CtrlAttr::FamilyId(id) => Some(*id),
            _ => None,
        })
    }

    /// The multicast groups reported, as `(name, id)`.
    pub fn mcast_groups(&self) -> Vec<(String, u32)> {
        let mut groups = Vec::new();
        for attr in &self.attrs {
            if let CtrlAttr::McastGroups(list) = attr {
                for group in list.values() {
                    let name = group.find(|a| match a {
                        McastGrpAttr::Name(n) => Some(n.clone()),
                        _ => None,
                    });
                    let id = group.find(|a| match a {
                        McastGrpAttr::Id(id) => Some(*id),
                        _ => None,
                    });
                    if let (Some(name), Some(id)) = (name, id) {
                        groups.push((name, id));
                    }
                }
            }
        }
        groups
    }
}

impl GenlFamily for CtrlMessage {
    fn family_name() -> &'static str {
        "nlctrl"
    }
    fn family_id(&self) -> u16 {
        GENL_ID_CTRL
    }
    fn command(&self) -> u8 {
        self.cmd.into()
    }
    fn version(&self) -> u8 {
        2
    }
}

impl Emitable for CtrlMessage {
    fn buffer_len(&self) -> usize {
        attrs_len(&self.attrs)
    }
    fn emit(&self, buf: &mut [u8]) {
        emit_attrs(&self.attrs, buf)
    }
}

impl ParseableParametrized<[u8], GenlHeader> for CtrlMessage {
    fn parse_with_param(buf: &[u8], header: GenlHeader) -> Result<Self, DecodeError> {
        Ok(CtrlMessage { cmd: header.cmd.into(), attrs: parse_attrs(buf)? })
    }
}
