//! Checking the topology: radios, interfaces, AP settings and the link model.
//!
//! AP settings are held to hostapd's ranges (beacon interval 15 to 65535 TU, DTIM period 1 to
//! 255, 1 to 2007 stations, SSID 1 to 32 octets); a key that does not apply to an interface
//! kind or a link model is refused rather than ignored, so a misplaced key never silently
//! changes nothing.

use super::{InterfaceKind, InterfacePlan, MediumPlan, Names, RadioPlan, Result, Source, channel, position};
use crate::sim::scenario::{InterfaceSpec, LossSpec, MediumSpec, RadioSpec};
use hwsim::world::ip::Ipv4Prefix;
use mac80211_core::mac::{ApConfig, ApSecurity};

pub(super) fn radio(r: &RadioSpec, src: &Source<'_>) -> Result<RadioPlan> {
    let position = r.position.as_ref().map(|p| position(src, p)).transpose()?.unwrap_or_default();
    let channels = match &r.channels {
        None => None,
        Some(list) if list.get_ref().is_empty() => {
            return Err(src.error(list.span(), "a radio needs at least one channel"));
        }
        Some(list) => {
            Some(list.get_ref().iter().map(|&n| channel(src, list.span(), n)).collect::<Result<Vec<_>>>()?)
        }
    };
    let interfaces = r.interface.iter().map(|i| interface(i, src)).collect::<Result<Vec<_>>>()?;
    Ok(RadioPlan {
        name: r.name.get_ref().clone(),
        position,
        channels,
        tx_power_dbm: r.tx_power_dbm.unwrap_or(20.0),
        interfaces,
    })
}

pub(super) fn interface(i: &InterfaceSpec, src: &Source<'_>) -> Result<InterfacePlan> {
    let only_ap = |present: bool, key: &str| {
        if present {
            Err(src.error(i.kind.span(), format!("`{key}` applies to `kind = \"ap\"` only")))
        } else {
            Ok(())
        }
    };
    let kind = match i.kind.get_ref().as_str() {
        "ap" => InterfaceKind::Ap(ap_config(i, src)?),
        "station" | "monitor" => {
            only_ap(i.ssid.is_some(), "ssid")?;
            only_ap(i.hidden.is_some(), "hidden")?;
            only_ap(i.beacon_interval.is_some(), "beacon_interval")?;
            only_ap(i.dtim_period.is_some(), "dtim_period")?;
            only_ap(i.max_stations.is_some(), "max_stations")?;
            only_ap(i.passphrase.is_some(), "passphrase")?;
            only_ap(i.group_rekey.is_some(), "group_rekey")?;
            if i.kind.get_ref() == "station" {
                if let Some(c) = &i.channel {
                    return Err(src.error(c.span(), "a station has no channel of its own: it follows its AP (restrict the radio's `channels` instead)"));
                }
                InterfaceKind::Station
            } else {
                InterfaceKind::Monitor(
                    i.channel.as_ref().map(|c| channel(src, c.span(), *c.get_ref())).transpose()?,
                )
            }
        }
        other => {
            return Err(src.error(
                i.kind.span(),
                format!("unknown interface kind {other:?}: expected \"ap\", \"station\" or \"monitor\""),
            ));
        }
    };
    let ip = match &i.ip {
        None => None,
        Some(ip) => {
            Some(ip.get_ref().parse::<Ipv4Prefix>().map_err(|e| src.error(ip.span(), e.to_string()))?)
        }
    };
    Ok(InterfacePlan { name: i.name.get_ref().clone(), kind, ip })
}

pub(super) fn ap_config(i: &InterfaceSpec, src: &Source<'_>) -> Result<ApConfig> {
    let ssid = i.ssid.as_ref().ok_or_else(|| src.error(i.kind.span(), "an AP needs an `ssid`"))?;
    if ssid.get_ref().is_empty() || ssid.get_ref().len() > 32 {
        return Err(src.error(ssid.span(), "an SSID is 1 to 32 octets"));
    }
    let ch = i.channel.as_ref().ok_or_else(|| src.error(i.kind.span(), "an AP needs a `channel`"))?;
    let mut config = ApConfig::new(ssid.get_ref().as_bytes(), channel(src, ch.span(), *ch.get_ref())?);
    config.hidden = i.hidden.unwrap_or(false);
    if let Some(p) = &i.passphrase {
        let security = ApSecurity::passphrase(p.get_ref());
        security.credentials.validate().map_err(|e| src.error(p.span(), e.to_string()))?;
        config.security = Some(security);
    }
    if let Some(r) = &i.group_rekey {
        let Some(security) = config.security.as_mut() else {
            return Err(src.error(r.span(), "group_rekey needs a `passphrase`"));
        };
        security.group_rekey = Some(super::duration(src, r)?);
    }
    if let Some(bi) = &i.beacon_interval {
        if !(15..=65535).contains(bi.get_ref()) {
            return Err(src.error(bi.span(), "beacon_interval is 15 to 65535 TU (hostapd's range)"));
        }
        config.beacon_interval_tu = *bi.get_ref();
    }
    if let Some(d) = &i.dtim_period {
        if *d.get_ref() == 0 {
            return Err(src.error(d.span(), "dtim_period is 1 to 255"));
        }
        config.dtim_period = *d.get_ref();
    }
    if let Some(m) = &i.max_stations {
        if !(1..=2007).contains(m.get_ref()) {
            return Err(src.error(m.span(), "max_stations is 1 to 2007"));
        }
        config.max_stations = *m.get_ref();
    }
    Ok(config)
}

pub(super) fn medium(m: &MediumSpec, src: &Source<'_>, names: &Names) -> Result<MediumPlan> {
    let model = m.model.as_ref().map(|s| s.get_ref().as_str()).unwrap_or("perfect");
    let span = m.model.as_ref().map(|s| s.span()).unwrap_or(0..0);
    let not_for = |present: bool, key: &str| {
        if present {
            Err(src.error(span.clone(), format!("`{key}` does not apply to model {model:?}")))
        } else {
            Ok(())
        }
    };
    let path_loss_keys = [
        (m.exponent.is_some(), "exponent"),
        (m.shadowing_db.is_some(), "shadowing_db"),
        (m.fading_db.is_some(), "fading_db"),
        (m.noise_dbm.is_some(), "noise_dbm"),
    ];
    let loss_keys = [(m.default_loss.is_some(), "default_loss"), (!m.loss.is_empty(), "loss")];
    match model {
        "perfect" => {
            for (present, key) in path_loss_keys.into_iter().chain(loss_keys) {
                not_for(present, key)?;
            }
            Ok(MediumPlan::Perfect { signal_dbm: m.signal_dbm.unwrap_or(-30.0) })
        }
        "path-loss" => {
            for (present, key) in loss_keys.into_iter().chain([(m.signal_dbm.is_some(), "signal_dbm")]) {
                not_for(present, key)?;
            }
            Ok(MediumPlan::PathLoss {
                exponent: m.exponent,
                shadowing_db: m.shadowing_db.unwrap_or(0.0),
                fading_db: m.fading_db.unwrap_or(0.0),
                noise_dbm: m.noise_dbm,
            })
        }
        "loss-matrix" => {
            for (present, key) in path_loss_keys.into_iter().chain([(m.signal_dbm.is_some(), "signal_dbm")]) {
                not_for(present, key)?;
            }
            let default_loss = m.default_loss.unwrap_or(0.0);
            if !(0.0..=1.0).contains(&default_loss) {
                return Err(src.error(span, "default_loss is a probability, 0 to 1"));
            }
            let mut links = Vec::new();
            for l in &m.loss {
                let (a, b, p, symmetric) = loss(l, src, names)?;
                links.push((a, b, p));
                if symmetric {
                    links.push((b, a, p));
                }
            }
            Ok(MediumPlan::LossMatrix { default_loss, links })
        }
        other => Err(src.error(
            span,
            format!("unknown medium model {other:?}: expected \"perfect\", \"path-loss\" or \"loss-matrix\""),
        )),
    }
}

pub(super) fn loss(l: &LossSpec, src: &Source<'_>, names: &Names) -> Result<(usize, usize, f64, bool)> {
    let [a, b] = &l.between.get_ref()[..] else {
        return Err(src.error(l.between.span(), "`between` names exactly two radios"));
    };
    let (a, b) = (names.radio(src, a)?, names.radio(src, b)?);
    if a == b {
        return Err(src.error(l.between.span(), "`between` names the same radio twice"));
    }
    let p = *l.p.get_ref();
    if !(0.0..=1.0).contains(&p) {
        return Err(src.error(l.p.span(), "`p` is a probability, 0 to 1"));
    }
    Ok((a, b, p, l.symmetric.unwrap_or(true)))
}
