//! The families the front end serves, as nlctrl describes them, and the MAC80211_HWSIM
//! commands.
//!
//! Family ids and multicast group ids are fixed (Linux allocates them at run time, so clients
//! resolve both by name and never hard-code them): nl80211 is 0x20, MAC80211_HWSIM 0x21;
//! groups are numbered from 0x10 as in [`Group`]. nlctrl GETFAMILY answers by
//! `CTRL_ATTR_FAMILY_NAME` or `CTRL_ATTR_FAMILY_ID` (ENOENT for any other family, as
//! `ctrl_getfamily`), and as a dump lists all three families.
//!
//! In-band membership (softmac's replacement for `NETLINK_ADD_MEMBERSHIP`, which a Unix socket
//! lacks): nlctrl command 0xf0 joins and 0xf1 leaves the group given in attribute 0x3f00 (u32);
//! an unknown group id is ENOENT. Both are ACKed when asked.
//!
//! hwsim (`hwsim_new_radio_nl`, `hwsim_del_radio_nl`, `hwsim_get_radio_nl`): NEW_RADIO answers
//! with an NLMSG_ERROR carrying the new radio id as a positive value, exactly like Linux;
//! DEL_RADIO takes `RADIO_ID` or `RADIO_NAME`; GET_RADIO takes `RADIO_ID` (do) or dumps.

use std::collections::BTreeSet;

use mac80211_core::channel::Channel;

use super::backend::{Backend, NewRadio, WiphyInfo, errno};
use super::replies::SERVED_COMMANDS;
use super::service::{Answer, Outcome, Refusal, ctrl_body, hwsim_body};
use crate::nl::FamilyIds;
use crate::nl::ctrl::{
    CtrlAttr, CtrlCmd, CtrlMessage, CtrlOpAttr, GENL_ADMIN_PERM, GENL_CMD_CAP_DO, GENL_CMD_CAP_DUMP,
    GENL_CMD_CAP_HASPOL, GENL_ID_CTRL, McastGrpAttr,
};
use crate::nl::hwsim::{HWSIM_FAMILY_NAME, HwsimAttr, HwsimCmd, HwsimMessage};
use crate::nl::nl80211::NL80211_FAMILY_NAME;
use crate::nl::value::{List, Nest, NlString};

/// The multicast groups the front end serves, with their fixed ids.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u32)]
pub enum Group {
    /// nlctrl "notify" (never used: families do not come and go).
    CtrlNotify = 0x10,
    /// nl80211 "config": NEW/DEL_WIPHY, NEW/DEL_INTERFACE.
    Config = 0x11,
    /// nl80211 "scan": TRIGGER_SCAN, NEW_SCAN_RESULTS, SCAN_ABORTED.
    Scan = 0x12,
    /// nl80211 "regulatory" (nothing is sent on it yet).
    Regulatory = 0x13,
    /// nl80211 "mlme": CONNECT, DISCONNECT, NEW_STATION, DEL_STATION.
    Mlme = 0x14,
    /// MAC80211_HWSIM "config": NEW_RADIO, DEL_RADIO.
    HwsimConfig = 0x15,
}

impl Group {
    /// Every group, for membership checks.
    pub const ALL: [Group; 6] =
        [Group::CtrlNotify, Group::Config, Group::Scan, Group::Regulatory, Group::Mlme, Group::HwsimConfig];

    /// The group's id.
    pub fn id(self) -> u32 {
        self as u32
    }
}

/// nlctrl's own operations.
const CTRL_OPS: &[(u8, u32)] =
    &[(3, GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP), (0xf0, GENL_CMD_CAP_DO), (0xf1, GENL_CMD_CAP_DO)];

/// hwsim's operations as Linux registers them (NEW/DEL_RADIO need CAP_NET_ADMIN).
const HWSIM_OPS: &[(u8, u32)] = &[
    (4, GENL_CMD_CAP_DO | GENL_CMD_CAP_HASPOL | GENL_ADMIN_PERM),
    (5, GENL_CMD_CAP_DO | GENL_CMD_CAP_HASPOL | GENL_ADMIN_PERM),
    (6, GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL),
];

struct FamilyDesc {
    name: &'static str,
    id: u16,
    version: u32,
    max_attr: u32,
    ops: Vec<(u8, u32)>,
    groups: Vec<(&'static str, Group)>,
}

fn served_families(ids: &FamilyIds) -> Vec<FamilyDesc> {
    let nl80211_ops = SERVED_COMMANDS
        .iter()
        .map(|(cmd, dump)| {
            let caps = GENL_CMD_CAP_DO | GENL_CMD_CAP_HASPOL | if *dump { GENL_CMD_CAP_DUMP } else { 0 };
            (u8::from(*cmd), caps)
        })
        .collect();
    vec![
        FamilyDesc {
            name: "nlctrl",
            id: GENL_ID_CTRL,
            version: 2,
            max_attr: 10,
            ops: CTRL_OPS.to_vec(),
            groups: vec![("notify", Group::CtrlNotify)],
        },
        FamilyDesc {
            name: NL80211_FAMILY_NAME,
            id: ids.nl80211,
            version: 1,
            max_attr: 333,
            ops: nl80211_ops,
            groups: vec![
                ("config", Group::Config),
                ("scan", Group::Scan),
                ("regulatory", Group::Regulatory),
                ("mlme", Group::Mlme),
            ],
        },
        FamilyDesc {
            name: HWSIM_FAMILY_NAME,
            id: ids.hwsim,
            version: 1,
            max_attr: 31,
            ops: HWSIM_OPS.to_vec(),
            groups: vec![("config", Group::HwsimConfig)],
        },
    ]
}

fn new_family(f: &FamilyDesc) -> CtrlMessage {
    let ops = f
        .ops
        .iter()
        .map(|(id, flags)| Nest::new(vec![CtrlOpAttr::Id(u32::from(*id)), CtrlOpAttr::Flags(*flags)]));
    let groups = f
        .groups
        .iter()
        .map(|(name, g)| Nest::new(vec![McastGrpAttr::Id(g.id()), McastGrpAttr::Name(name.to_string())]));
    CtrlMessage {
        cmd: CtrlCmd::NewFamily,
        attrs: vec![
            CtrlAttr::FamilyName(f.name.to_string()),
            CtrlAttr::FamilyId(f.id),
            CtrlAttr::Version(f.version),
            CtrlAttr::HdrSize(0),
            CtrlAttr::MaxAttr(f.max_attr),
            CtrlAttr::Ops(List::numbered(1, ops)),
            CtrlAttr::McastGroups(List::numbered(1, groups)),
        ],
    }
}

/// Handles an nlctrl request; `groups` is the session's membership.
pub fn handle_ctrl(groups: &mut BTreeSet<u32>, msg: &CtrlMessage, dump: bool) -> Outcome {
    let ids = FamilyIds::SOFTMAC;
    match msg.cmd {
        CtrlCmd::GetFamily if dump => {
            Ok(Answer::Dump(served_families(&ids).iter().map(|f| ctrl_body(new_family(f))).collect()))
        }
        CtrlCmd::GetFamily => {
            let (name, id) = (msg.family_name(), msg.family_id());
            if name.is_none() && id.is_none() {
                return Err(Refusal::missing(2, "CTRL_ATTR_FAMILY_NAME"));
            }
            served_families(&ids)
                .iter()
                .find(|f| name.is_none_or(|n| n == f.name) && id.is_none_or(|i| i == f.id))
                .map(|f| Answer::Reply(vec![ctrl_body(new_family(f))]))
                .ok_or_else(|| Refusal::new(errno::ENOENT, "Unknown family"))
        }
        CtrlCmd::JoinMcastGroup | CtrlCmd::LeaveMcastGroup => {
            let id = msg
                .attrs
                .iter()
                .find_map(|a| match a {
                    CtrlAttr::McastGroupId(id) => Some(*id),
                    _ => None,
                })
                .ok_or_else(|| Refusal::missing(0x3f00, "CTRL_ATTR_MCAST_GRP_ID"))?;
            if !Group::ALL.iter().any(|g| g.id() == id) {
                return Err(Refusal::new(errno::ENOENT, format!("no multicast group {id}")));
            }
            if msg.cmd == CtrlCmd::JoinMcastGroup {
                groups.insert(id);
            } else {
                groups.remove(&id);
            }
            Ok(Answer::Done)
        }
        _ => Err(Refusal::new(errno::EOPNOTSUPP, "command not supported")),
    }
}

/// A radio as GET_RADIO describes it.
pub fn radio_message(cmd: HwsimCmd, w: &WiphyInfo) -> HwsimMessage {
    let mut attrs = vec![
        HwsimAttr::RadioId(w.index),
        HwsimAttr::RadioName(NlString::bare(w.name.clone())),
        HwsimAttr::Channels(1),
        HwsimAttr::PermAddr(w.addr),
    ];
    if let Some(p) = w.position {
        attrs.push(HwsimAttr::SoftmacPosition(p));
    }
    HwsimMessage { cmd, attrs }
}

fn radio_id(msg: &HwsimMessage) -> Option<u32> {
    msg.find(|a| match a {
        HwsimAttr::RadioId(id) => Some(*id),
        _ => None,
    })
}

/// Handles a MAC80211_HWSIM request.
pub fn handle_hwsim(backend: &mut dyn Backend, ids: &FamilyIds, msg: &HwsimMessage, dump: bool) -> Outcome {
    match msg.cmd {
        HwsimCmd::NewRadio => {
            let channels = msg.find(|a| match a {
                HwsimAttr::Channels(n) => Some(*n),
                _ => None,
            });
            if channels.is_some_and(|n| n > 1) {
                return Err(Refusal::new(errno::EOPNOTSUPP, "only single-channel radios"));
            }
            let req = NewRadio {
                backend: Default::default(),
                name: msg.find(|a| match a {
                    HwsimAttr::RadioName(n) => Some(n.text.clone()),
                    _ => None,
                }),
                addr: msg.find(|a| match a {
                    HwsimAttr::PermAddr(m) => Some(*m),
                    _ => None,
                }),
                channel: msg.find(|a| match a {
                    HwsimAttr::Freq(f) => u16::try_from(*f).ok().map(Channel::from_freq),
                    _ => None,
                }),
                position: msg.find(|a| match a {
                    HwsimAttr::SoftmacPosition(p) => Some(*p),
                    _ => None,
                }),
            };
            let w = backend.new_radio(req)?;
            let id =
                i32::try_from(w.index).map_err(|_| Refusal::new(errno::ENOMEM, "radio id out of range"))?;
            Ok(Answer::Code(id))
        }
        HwsimCmd::DelRadio => {
            let name = msg.find(|a| match a {
                HwsimAttr::RadioName(n) => Some(n.text.clone()),
                _ => None,
            });
            let index = match (radio_id(msg), name) {
                (Some(id), _) => id,
                (None, Some(name)) => backend
                    .wiphys()
                    .iter()
                    .find(|w| w.name == name)
                    .map(|w| w.index)
                    .ok_or_else(|| Refusal::new(errno::ENODEV, format!("no radio {name:?}")))?,
                (None, None) => return Err(Refusal::missing(10, "HWSIM_ATTR_RADIO_ID")),
            };
            backend.del_radio(index)?;
            Ok(Answer::Done)
        }
        HwsimCmd::GetRadio if dump => Ok(Answer::Dump(
            backend.wiphys().iter().map(|w| hwsim_body(ids, radio_message(HwsimCmd::GetRadio, w))).collect(),
        )),
        HwsimCmd::GetRadio => {
            let id = radio_id(msg).ok_or_else(|| Refusal::missing(10, "HWSIM_ATTR_RADIO_ID"))?;
            let w = backend
                .wiphys()
                .into_iter()
                .find(|w| w.index == id)
                .ok_or_else(|| Refusal::new(errno::ENODEV, format!("no radio {id}")))?;
            Ok(Answer::Reply(vec![hwsim_body(ids, radio_message(HwsimCmd::GetRadio, &w))]))
        }
        _ => Err(Refusal::new(errno::EOPNOTSUPP, "command not supported")),
    }
}
