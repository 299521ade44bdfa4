//! nl80211 commands: request attributes to [`Backend`] calls, results to replies.
//!
//! Each handler checks its required attributes first (EINVAL with `MISS_TYPE`, as
//! `GENL_REQ_ATTR_CHECK`), then resolves the wiphy or interface (ENODEV), then calls the
//! backend, whose refusals carry cfg80211's errno ([`BackendError::errno`]). Choices that
//! follow `net/wireless/nl80211.c`:
//! - GET_WIPHY filters a dump by `WIPHY`, `IFINDEX` or `WDEV` (`nl80211_dump_wiphy_parse`)
//!   and splits it when `SPLIT_WIPHY_DUMP` is present; a "do" answers one unsplit message.
//! - GET_SCAN is dump-only (a "do" is EOPNOTSUPP: nl80211 registers no doit).
//! - TRIGGER_SCAN, CONNECT, DISCONNECT, START_AP, STOP_AP, DEL_STATION answer with the ACK
//!   only; their completion comes later as multicast events.
//! - CONNECT: a missing `AUTH_TYPE` means automatic (open here); a valid but unsupported auth
//!   type (shared key, FT, SAE, FILS...) is EOPNOTSUPP, a value outside the enum EINVAL;
//!   WPA2-PSK with CCMP comes with `PMK` (4-way handshake offload; see [`super::security`]),
//!   other security is EOPNOTSUPP.
//! - START_AP needs `BEACON_INTERVAL`, `DTIM_PERIOD` and `SSID`; Linux also needs
//!   `BEACON_HEAD`, which softmac accepts (hostapd sends it) but does not require: the soft-MAC
//!   builds its own beacons, so the `SSID` attribute is authoritative.
//!
//! [`BackendError::errno`]: super::backend::BackendError::errno

use mac80211_core::channel::{Channel, ChannelWidth};
use mac80211_core::mac::{ApConfig, CommandError, ConnectRequest, ScanRequest, VifKind};
use mac80211_core::wire::{MacAddr, ReasonCode};

use super::backend::{Backend, BackendError, IfaceCommand, IfaceInfo, NewInterface, errno};
use super::replies::{self, iface_message, kind_of, width_of};
use super::service::{Answer, Outcome, Refusal, nl80211_body};
use crate::nl::FamilyIds;
use crate::nl::nl80211::{
    Nl80211Attr, Nl80211Cmd, Nl80211Message, PROTOCOL_FEATURE_SPLIT_WIPHY_DUMP, attr_num, auth_type,
};

/// `WLAN_REASON_PREV_AUTH_NOT_VALID`: DEL_STATION's default reason (`nl80211_del_station`).
const DEFAULT_DEL_STATION_REASON: u16 = 2;
/// Highest `enum nl80211_auth_type` value Linux knows (`NL80211_AUTHTYPE_MAX`).
const AUTHTYPE_MAX: u32 = 9;

/// Handles one nl80211 request.
pub fn handle(backend: &mut dyn Backend, ids: &FamilyIds, msg: &Nl80211Message, dump: bool) -> Outcome {
    let reply = |m: Nl80211Message| Ok(Answer::Reply(vec![nl80211_body(ids, m)]));
    let entries =
        |ms: Vec<Nl80211Message>| Ok(Answer::Dump(ms.into_iter().map(|m| nl80211_body(ids, m)).collect()));
    match msg.cmd {
        Nl80211Cmd::GetProtocolFeatures => reply(Nl80211Message::new(
            Nl80211Cmd::GetProtocolFeatures,
            vec![Nl80211Attr::ProtocolFeatures(PROTOCOL_FEATURE_SPLIT_WIPHY_DUMP)],
        )),
        Nl80211Cmd::GetWiphy if dump => entries(dump_wiphy(backend, msg)?),
        Nl80211Cmd::GetWiphy => {
            let w = wiphy_of(backend, msg)?;
            let w = backend
                .wiphys()
                .into_iter()
                .find(|x| x.index == w)
                .ok_or(Refusal::from(super::backend::BackendError::NoSuchWiphy(w)))?;
            Ok(Answer::Reply(
                replies::wiphy_messages(&w, false).into_iter().map(|m| nl80211_body(ids, m)).collect(),
            ))
        }
        Nl80211Cmd::GetInterface if dump => {
            let wiphy = msg.wiphy();
            let ifaces = backend.interfaces().into_iter().filter(|i| wiphy.is_none_or(|w| w == i.wiphy));
            entries(ifaces.map(|i| iface_message(Nl80211Cmd::NewInterface, &i)).collect())
        }
        Nl80211Cmd::GetInterface => reply(iface_message(Nl80211Cmd::NewInterface, &iface(backend, msg)?)),
        Nl80211Cmd::NewInterface => {
            reply(iface_message(Nl80211Cmd::NewInterface, &new_interface(backend, msg)?))
        }
        Nl80211Cmd::DelInterface => {
            backend.del_interface(iface(backend, msg)?.ifindex)?;
            Ok(Answer::Done)
        }
        Nl80211Cmd::SetInterface => {
            let i = iface(backend, msg)?;
            if let Some(t) = msg.find(|a| match a {
                Nl80211Attr::Iftype(t) => Some(*t),
                _ => None,
            }) {
                let kind = kind_of(t)
                    .ok_or_else(|| Refusal::new(errno::EOPNOTSUPP, format!("iftype {t} not supported")))?;
                if kind != i.kind {
                    backend.set_iftype(i.ifindex, kind)?;
                }
            }
            Ok(Answer::Done)
        }
        Nl80211Cmd::SetWiphy => set_wiphy(backend, msg),
        Nl80211Cmd::TriggerScan => command(backend, msg, IfaceCommand::Scan(scan_request(msg)?)),
        Nl80211Cmd::AbortScan => command(backend, msg, IfaceCommand::AbortScan),
        Nl80211Cmd::GetScan if dump => {
            let i = iface(backend, msg)?;
            let results = backend.scan_results(i.ifindex)?;
            entries(results.iter().map(|e| replies::bss_message(&i, e)).collect())
        }
        Nl80211Cmd::GetScan => Err(Refusal::new(errno::EOPNOTSUPP, "GET_SCAN is a dump")),
        Nl80211Cmd::Connect => connect(backend, msg),
        Nl80211Cmd::Disconnect => command(backend, msg, IfaceCommand::Disconnect),
        Nl80211Cmd::GetStation => get_station(backend, ids, msg, dump),
        Nl80211Cmd::DelStation => {
            let addr = msg.mac().unwrap_or(MacAddr::BROADCAST);
            let reason = msg
                .find(|a| match a {
                    Nl80211Attr::ReasonCode(r) => Some(*r),
                    _ => None,
                })
                .unwrap_or(DEFAULT_DEL_STATION_REASON);
            if reason == 0 {
                return Err(Refusal::new(errno::EINVAL, "reason code 0 is reserved"));
            }
            command(backend, msg, IfaceCommand::DelStation(addr, ReasonCode::from(reason)))
        }
        Nl80211Cmd::StartAp => {
            let config = ap_config(backend, msg)?;
            command(backend, msg, IfaceCommand::StartAp(config))
        }
        Nl80211Cmd::StopAp => command(backend, msg, IfaceCommand::StopAp),
        other => Err(Refusal::new(errno::EOPNOTSUPP, format!("command {} not supported", u8::from(other)))),
    }
}

fn ifindex_attr(msg: &Nl80211Message) -> Result<u32, Refusal> {
    msg.ifindex().ok_or_else(|| Refusal::missing(attr_num::IFINDEX, "NL80211_ATTR_IFINDEX"))
}

/// The interface named by `IFINDEX` (ENODEV when unknown).
fn iface(backend: &dyn Backend, msg: &Nl80211Message) -> Result<IfaceInfo, Refusal> {
    let ifindex = ifindex_attr(msg)?;
    backend
        .interfaces()
        .into_iter()
        .find(|i| i.ifindex == ifindex)
        .ok_or_else(|| super::backend::BackendError::NoSuchInterface(ifindex).into())
}

/// The wiphy named by `WIPHY`, or owning `IFINDEX` (ENODEV when unknown).
fn wiphy_of(backend: &dyn Backend, msg: &Nl80211Message) -> Result<u32, Refusal> {
    match (msg.wiphy(), msg.ifindex()) {
        (Some(w), _) => Ok(w),
        (None, Some(_)) => Ok(iface(backend, msg)?.wiphy),
        (None, None) => Err(Refusal::missing(attr_num::WIPHY, "NL80211_ATTR_WIPHY")),
    }
}

fn dump_wiphy(backend: &dyn Backend, msg: &Nl80211Message) -> Result<Vec<Nl80211Message>, Refusal> {
    let split = msg.has(attr_num::SPLIT_WIPHY_DUMP);
    let wdev_wiphy = msg.find(|a| match a {
        Nl80211Attr::Wdev(w) => Some((w >> 32) as u32),
        _ => None,
    });
    let filter = match (msg.wiphy(), msg.ifindex(), wdev_wiphy) {
        (Some(w), _, _) => Some(w),
        (None, Some(_), _) => Some(iface(backend, msg)?.wiphy),
        (None, None, w) => w,
    };
    let wiphys = backend.wiphys();
    if let Some(w) = filter
        && !wiphys.iter().any(|x| x.index == w)
    {
        return Err(super::backend::BackendError::NoSuchWiphy(w).into());
    }
    Ok(wiphys
        .iter()
        .filter(|w| filter.is_none_or(|f| f == w.index))
        .flat_map(|w| replies::wiphy_messages(w, split))
        .collect())
}

fn new_interface(backend: &mut dyn Backend, msg: &Nl80211Message) -> Result<IfaceInfo, Refusal> {
    let wiphy = wiphy_of(backend, msg)?;
    let name = msg
        .find(|a| match a {
            Nl80211Attr::Ifname(n) => Some(n.clone()),
            _ => None,
        })
        .ok_or_else(|| Refusal::missing(attr_num::IFNAME, "NL80211_ATTR_IFNAME"))?;
    if name.is_empty() || name.len() > 15 || name.contains('/') {
        return Err(Refusal::new(errno::EINVAL, format!("invalid interface name {name:?}")));
    }
    let iftype = msg
        .find(|a| match a {
            Nl80211Attr::Iftype(t) => Some(*t),
            _ => None,
        })
        .unwrap_or(crate::nl::nl80211::iftype::STATION);
    let kind = kind_of(iftype)
        .ok_or_else(|| Refusal::new(errno::EOPNOTSUPP, format!("iftype {iftype} not supported")))?;
    let netns = msg.find(|a| match a {
        Nl80211Attr::SoftmacNetns(n) => Some(n.clone()),
        _ => None,
    });
    Ok(backend.new_interface(NewInterface { wiphy, name, kind, addr: msg.mac(), netns })?)
}

/// The channel of `WIPHY_FREQ` with `CHANNEL_WIDTH` or the legacy `WIPHY_CHANNEL_TYPE`.
fn channel(msg: &Nl80211Message) -> Result<Option<Channel>, Refusal> {
    let Some(freq) = msg.find(|a| match a {
        Nl80211Attr::WiphyFreq(f) => Some(*f),
        _ => None,
    }) else {
        return Ok(None);
    };
    let freq =
        u16::try_from(freq).map_err(|_| Refusal::new(errno::EINVAL, format!("frequency {freq} MHz")))?;
    let width = msg.find(|a| match a {
        Nl80211Attr::ChannelWidth(w) => Some(width_of(*w).ok_or(*w)),
        Nl80211Attr::WiphyChannelType(t) => Some(match t {
            0 => Ok(ChannelWidth::Mhz20NoHt),
            1 => Ok(ChannelWidth::Mhz20),
            2 | 3 => Ok(ChannelWidth::Mhz40),
            other => Err(*other),
        }),
        _ => None,
    });
    let width = match width {
        None => ChannelWidth::Mhz20NoHt,
        Some(Ok(w)) => w,
        Some(Err(w)) => return Err(Refusal::new(errno::EINVAL, format!("channel width {w} not supported"))),
    };
    Ok(Some(Channel { freq, width }))
}

fn set_wiphy(backend: &mut dyn Backend, msg: &Nl80211Message) -> Outcome {
    let wiphy = wiphy_of(backend, msg)?;
    if !backend.wiphys().iter().any(|w| w.index == wiphy) {
        return Err(super::backend::BackendError::NoSuchWiphy(wiphy).into());
    }
    if let Some(ch) = channel(msg)? {
        backend.set_channel(wiphy, ch)?;
    }
    Ok(Answer::Done)
}

fn command(backend: &mut dyn Backend, msg: &Nl80211Message, cmd: IfaceCommand) -> Outcome {
    let ifindex = iface(backend, msg)?.ifindex;
    backend.command(ifindex, cmd)?;
    Ok(Answer::Done)
}

/// CONNECT. A connect while another is under way, or while connected, is EALREADY, as
/// `cfg80211_connect` refuses it (the MAC calls both busy; Linux answers a repeat of the pending
/// SSID with EINPROGRESS, which the front end cannot tell apart because the pending SSID is
/// not reported until connected).
fn connect(backend: &mut dyn Backend, msg: &Nl80211Message) -> Outcome {
    let request = connect_request(msg)?;
    let ifindex = iface(backend, msg)?.ifindex;
    match backend.command(ifindex, IfaceCommand::Connect(request)) {
        Ok(()) => Ok(Answer::Done),
        Err(BackendError::Command(CommandError::Busy("connecting"))) => {
            Err(Refusal::new(errno::EALREADY, "already connecting"))
        }
        Err(BackendError::Command(CommandError::Busy(why @ "connected to another network"))) => {
            Err(Refusal::new(errno::EALREADY, why))
        }
        Err(e) => Err(e.into()),
    }
}

fn scan_request(msg: &Nl80211Message) -> Result<ScanRequest, Refusal> {
    let mut req = ScanRequest::default();
    for attr in &msg.attrs {
        match attr {
            Nl80211Attr::ScanSsids(list) => req.ssids = list.values().cloned().collect(),
            Nl80211Attr::ScanFrequencies(list) => {
                for f in list.values() {
                    let f = u16::try_from(*f)
                        .map_err(|_| Refusal::new(errno::EINVAL, format!("frequency {f} MHz")))?;
                    req.channels.push(Channel::from_freq(f));
                }
            }
            _ => {}
        }
    }
    if req.ssids.len() > usize::from(replies::MAX_SCAN_SSIDS) {
        return Err(Refusal::new(errno::EINVAL, "too many scan SSIDs"));
    }
    if req.ssids.iter().any(|s| s.len() > 32) {
        return Err(Refusal::new(errno::EINVAL, "SSID longer than 32 octets"));
    }
    Ok(req)
}

fn connect_request(msg: &Nl80211Message) -> Result<ConnectRequest, Refusal> {
    let ssid = msg
        .find(|a| match a {
            Nl80211Attr::Ssid(s) => Some(s.clone()),
            _ => None,
        })
        .ok_or_else(|| Refusal::missing(attr_num::SSID, "NL80211_ATTR_SSID"))?;
    if ssid.is_empty() || ssid.len() > 32 {
        return Err(Refusal::new(errno::EINVAL, "SSID must be 1..32 octets"));
    }
    if let Some(t) = msg.find(|a| match a {
        Nl80211Attr::AuthType(t) => Some(*t),
        _ => None,
    }) {
        if t > AUTHTYPE_MAX {
            return Err(Refusal::new(errno::EINVAL, format!("auth type {t} out of range")));
        }
        if t != auth_type::OPEN_SYSTEM {
            return Err(Refusal::new(errno::EOPNOTSUPP, format!("auth type {t} not supported (open only)")));
        }
    }
    let credentials = super::security::connect_credentials(msg)?;
    Ok(ConnectRequest { ssid, bssid: msg.mac(), channel: channel(msg)?, credentials })
}

fn ap_config(backend: &dyn Backend, msg: &Nl80211Message) -> Result<ApConfig, Refusal> {
    let get_u32 = |num: u16| {
        msg.find(|a| match a {
            Nl80211Attr::BeaconInterval(v) if num == attr_num::BEACON_INTERVAL => Some(*v),
            Nl80211Attr::DtimPeriod(v) if num == 13 => Some(*v),
            _ => None,
        })
    };
    let interval = get_u32(attr_num::BEACON_INTERVAL)
        .ok_or_else(|| Refusal::missing(attr_num::BEACON_INTERVAL, "NL80211_ATTR_BEACON_INTERVAL"))?;
    let dtim = get_u32(13).ok_or_else(|| Refusal::missing(13, "NL80211_ATTR_DTIM_PERIOD"))?;
    let ssid = msg
        .find(|a| match a {
            Nl80211Attr::Ssid(s) => Some(s.clone()),
            _ => None,
        })
        .ok_or_else(|| Refusal::missing(attr_num::SSID, "NL80211_ATTR_SSID"))?;
    if ssid.is_empty() || ssid.len() > 32 {
        return Err(Refusal::new(errno::EINVAL, "SSID must be 1..32 octets"));
    }
    // cfg80211_validate_beacon_int: 1..=10000 TU; DTIM period 1..=255 (nl80211_start_ap).
    let interval = u16::try_from(interval)
        .ok()
        .filter(|i| (1..=10_000).contains(i))
        .ok_or_else(|| Refusal::new(errno::EINVAL, format!("beacon interval {interval} TU")))?;
    let dtim = u8::try_from(dtim)
        .ok()
        .filter(|d| *d >= 1)
        .ok_or_else(|| Refusal::new(errno::EINVAL, format!("DTIM period {dtim}")))?;
    let hidden = match msg.find(|a| match a {
        Nl80211Attr::HiddenSsid(h) => Some(*h),
        _ => None,
    }) {
        None | Some(0) => false,
        Some(1 | 2) => true,
        Some(h) => return Err(Refusal::new(errno::EINVAL, format!("hidden SSID mode {h}"))),
    };
    let i = iface(backend, msg)?;
    if i.kind != VifKind::Ap {
        return Err(Refusal::new(errno::EOPNOTSUPP, "START_AP needs an AP interface"));
    }
    let current = backend.wiphys().into_iter().find(|w| w.index == i.wiphy).map(|w| w.channel);
    let channel = match (channel(msg)?, current) {
        (Some(c), _) | (None, Some(c)) => c,
        (None, None) => return Err(Refusal::missing(attr_num::WIPHY_FREQ, "NL80211_ATTR_WIPHY_FREQ")),
    };
    let mut config = ApConfig::new(&ssid, channel);
    config.beacon_interval_tu = interval;
    config.dtim_period = dtim;
    config.hidden = hidden;
    config.security = super::security::ap_security(msg)?;
    Ok(config)
}

fn get_station(backend: &dyn Backend, ids: &FamilyIds, msg: &Nl80211Message, dump: bool) -> Outcome {
    let i = iface(backend, msg)?;
    let stations = backend.stations(i.ifindex)?;
    if dump {
        return Ok(Answer::Dump(
            stations.iter().map(|s| nl80211_body(ids, replies::station_message(i.ifindex, s))).collect(),
        ));
    }
    let mac = msg.mac().ok_or_else(|| Refusal::missing(attr_num::MAC, "NL80211_ATTR_MAC"))?;
    let s = stations
        .iter()
        .find(|s| s.addr == mac)
        .ok_or_else(|| Refusal::new(errno::ENOENT, format!("no station {mac}")))?;
    Ok(Answer::Reply(vec![nl80211_body(ids, replies::station_message(i.ifindex, s))]))
}
