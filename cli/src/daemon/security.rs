//! WPA2-Personal attributes of CONNECT and START_AP (nl80211 `nl80211_crypto_settings`, and
//! the 4-way handshake offload of `NL80211_ATTR_PMK`).
//!
//! softmac runs the 4-way handshake inside the soft-MAC, like a driver with
//! `NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK` / `_AP_PSK`: the client hands over the PMK
//! (`PMK`, 32 octets — for WPA2-PSK the PSK, derived from the passphrase by the client as
//! wpa_supplicant does) and the daemon never sees a passphrase. What is accepted:
//!
//! | attribute | accepted | otherwise |
//! |---|---|---|
//! | `WPA_VERSIONS` | `NL80211_WPA_VERSION_2` | EOPNOTSUPP |
//! | `CIPHER_SUITES_PAIRWISE` | CCMP-128 only | EOPNOTSUPP |
//! | `CIPHER_SUITE_GROUP` | CCMP-128 | EOPNOTSUPP |
//! | `AKM_SUITES` | PSK (00-0F-AC:2) only | EOPNOTSUPP |
//! | `PMK` | 32 octets | EINVAL |
//! | `USE_MFP` | 0 (none) | EOPNOTSUPP |
//! | `CONTROL_PORT_OVER_NL80211` | never | EOPNOTSUPP |
//!
//! `CONTROL_PORT_OVER_NL80211` asks for the EAPOL frames over nl80211, for a supplicant in
//! userspace; cfg80211 refuses it (EOPNOTSUPP) on a wiphy without the
//! `CONTROL_PORT_OVER_NL80211` extended feature, which softmac does not set. `CONTROL_PORT`
//! and `CONTROL_PORT_NO_ENCRYPT` are accepted and have nothing to do: the soft-MAC keeps the
//! port closed to everything but EAPOL until its own handshake opens it.
//!
//! Any of the security attributes without `PMK` is EINVAL (softmac has no control port for an
//! external supplicant), and `PRIVACY` alone (static WEP) is EOPNOTSUPP. softmac's own
//! `SOFTMAC_GROUP_REKEY` (0x3f02, u32 seconds, START_AP) sets the group rekey interval, which
//! hostapd keeps in userspace (`wpa_group_rekey`); without it an AP rekeys daily.

use mac80211_core::crypto::Key;
use mac80211_core::mac::security::DEFAULT_GROUP_REKEY;
use mac80211_core::mac::{ApSecurity, Credentials};
use mac80211_core::time::Duration;
use mac80211_core::wire::element::suite::{AkmSuite, CipherSuite};

use super::backend::errno;
use super::service::Refusal;
use crate::nl::nl80211::{Nl80211Attr, Nl80211Message};

/// `NL80211_WPA_VERSION_2`.
pub const WPA_VERSION_2: u32 = 1 << 1;

/// The security attributes of a request, as sent.
#[derive(Default)]
struct Asked {
    wpa_versions: Option<u32>,
    pairwise: Option<Vec<u32>>,
    group: Option<u32>,
    akms: Option<Vec<u32>>,
    pmk: Option<Vec<u8>>,
    privacy: bool,
    mfp: Option<u32>,
    rekey: Option<u32>,
    eapol_over_nl80211: bool,
}

impl Asked {
    fn of(msg: &Nl80211Message) -> Asked {
        let mut a = Asked::default();
        for attr in &msg.attrs {
            match attr {
                Nl80211Attr::WpaVersions(v) => a.wpa_versions = Some(*v),
                Nl80211Attr::CipherSuitesPairwise(v) => a.pairwise = Some(v.clone()),
                Nl80211Attr::CipherSuiteGroup(v) => a.group = Some(*v),
                Nl80211Attr::AkmSuites(v) => a.akms = Some(v.clone()),
                Nl80211Attr::Pmk(v) => a.pmk = Some(v.clone()),
                Nl80211Attr::Privacy(()) => a.privacy = true,
                Nl80211Attr::UseMfp(v) => a.mfp = Some(*v),
                Nl80211Attr::SoftmacGroupRekey(v) => a.rekey = Some(*v),
                Nl80211Attr::ControlPortOverNl80211(()) => a.eapol_over_nl80211 = true,
                _ => {}
            }
        }
        a
    }

    /// Anything that asks for a protected network.
    fn any(&self) -> bool {
        self.wpa_versions.is_some() || self.pairwise.is_some() || self.akms.is_some() || self.pmk.is_some()
    }
}

fn unsupported(what: String) -> Refusal {
    Refusal::new(errno::EOPNOTSUPP, what)
}

/// The PSK credentials a CONNECT or START_AP asks for; `None` for an open network.
fn credentials(a: &Asked) -> Result<Option<Credentials>, Refusal> {
    if a.eapol_over_nl80211 {
        return Err(unsupported(
            "control port over nl80211 is not supported: softmac runs the 4-way handshake itself".into(),
        ));
    }
    if !a.any() {
        if a.privacy {
            return Err(unsupported("static WEP is not supported (WPA2-PSK with CCMP only)".into()));
        }
        return Ok(None);
    }
    if let Some(v) = a.wpa_versions.filter(|&v| v != WPA_VERSION_2) {
        return Err(unsupported(format!("WPA versions {v:#x} not supported (WPA2 only)")));
    }
    let ccmp = u32::from(CipherSuite::Ccmp128);
    if let Some(bad) = a.pairwise.iter().flatten().find(|&&c| c != ccmp) {
        return Err(unsupported(format!("pairwise cipher {bad:#010x} not supported (CCMP-128 only)")));
    }
    if let Some(bad) = a.group.filter(|&c| c != ccmp) {
        return Err(unsupported(format!("group cipher {bad:#010x} not supported (CCMP-128 only)")));
    }
    let psk = u32::from(AkmSuite::Psk);
    if let Some(bad) = a.akms.iter().flatten().find(|&&s| s != psk) {
        return Err(unsupported(format!("AKM suite {bad:#010x} not supported (PSK only)")));
    }
    if a.mfp.is_some_and(|m| m != 0) {
        return Err(unsupported("management frame protection is not supported".into()));
    }
    let pmk = a.pmk.as_ref().ok_or_else(|| {
        Refusal::new(
            errno::EINVAL,
            "WPA2-PSK needs NL80211_ATTR_PMK: softmac runs the 4-way handshake itself",
        )
    })?;
    let pmk: [u8; 32] = pmk
        .as_slice()
        .try_into()
        .map_err(|_| Refusal::new(errno::EINVAL, "NL80211_ATTR_PMK must be 32 octets"))?;
    Ok(Some(Credentials::Psk(Key::new(pmk))))
}

/// The credentials of a CONNECT; `None` joins open networks only.
pub fn connect_credentials(msg: &Nl80211Message) -> Result<Option<Credentials>, Refusal> {
    credentials(&Asked::of(msg))
}

/// The WPA2 settings of a START_AP; `None` runs an open network.
pub fn ap_security(msg: &Nl80211Message) -> Result<Option<ApSecurity>, Refusal> {
    let asked = Asked::of(msg);
    let Some(credentials) = credentials(&asked)? else {
        if asked.rekey.is_some() {
            return Err(Refusal::new(errno::EINVAL, "a group rekey interval needs a protected network"));
        }
        return Ok(None);
    };
    let group_rekey = match asked.rekey {
        None => Some(DEFAULT_GROUP_REKEY),
        Some(0) => None,
        Some(s) => Some(Duration::from_secs(u64::from(s))),
    };
    Ok(Some(ApSecurity { credentials, group_rekey }))
}

/// A raw PSK written as 64 hex digits (wpa_supplicant's `psk=` without quotes).
pub fn parse_psk(text: &str) -> Result<Key<32>, &'static str> {
    let text = text.trim();
    if text.len() != 64 {
        return Err("a raw PSK is 64 hex digits");
    }
    let mut key = Key::<32>::zero();
    for (i, out) in key.expose_mut().iter_mut().enumerate() {
        *out = u8::from_str_radix(text.get(2 * i..2 * i + 2).ok_or("a raw PSK is 64 hex digits")?, 16)
            .map_err(|_| "a raw PSK is 64 hex digits")?;
    }
    Ok(key)
}

/// The attributes a client sends for WPA2-PSK with `pmk` (CONNECT and START_AP alike).
pub fn wpa2_psk_attrs(pmk: &Key<32>) -> Vec<Nl80211Attr> {
    let ccmp = u32::from(CipherSuite::Ccmp128);
    vec![
        Nl80211Attr::Privacy(()),
        Nl80211Attr::WpaVersions(WPA_VERSION_2),
        Nl80211Attr::CipherSuitesPairwise(vec![ccmp]),
        Nl80211Attr::CipherSuiteGroup(ccmp),
        Nl80211Attr::AkmSuites(vec![u32::from(AkmSuite::Psk)]),
        Nl80211Attr::Pmk(pmk.expose().to_vec()),
    ]
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::nl::nl80211::Nl80211Cmd;

    fn connect(attrs: Vec<Nl80211Attr>) -> Nl80211Message {
        Nl80211Message::new(Nl80211Cmd::Connect, attrs)
    }

    #[test]
    fn what_wpa_supplicant_sends_for_wpa2_psk_becomes_the_psk() {
        let pmk = Key::new([9; 32]);
        let got = connect_credentials(&connect(wpa2_psk_attrs(&pmk))).unwrap();
        assert_eq!(got, Some(Credentials::Psk(pmk)));
        assert_eq!(connect_credentials(&connect(vec![])).unwrap(), None);
    }

    #[test]
    fn other_security_is_refused_with_linux_errnos() {
        let pmk = Key::new([9; 32]);
        let with = |replace: Nl80211Attr| {
            let mut attrs: Vec<_> = wpa2_psk_attrs(&pmk)
                .into_iter()
                .filter(|a| std::mem::discriminant(a) != std::mem::discriminant(&replace))
                .collect();
            attrs.push(replace);
            connect_credentials(&connect(attrs)).unwrap_err()
        };
        let cases = [
            (Nl80211Attr::WpaVersions(1), errno::EOPNOTSUPP, "WPA2 only"),
            (Nl80211Attr::CipherSuitesPairwise(vec![0x000f_ac02]), errno::EOPNOTSUPP, "CCMP-128 only"),
            (Nl80211Attr::CipherSuiteGroup(0x000f_ac02), errno::EOPNOTSUPP, "CCMP-128 only"),
            (Nl80211Attr::AkmSuites(vec![0x000f_ac08]), errno::EOPNOTSUPP, "PSK only"),
            (Nl80211Attr::Pmk(vec![1; 16]), errno::EINVAL, "32 octets"),
            (Nl80211Attr::UseMfp(1), errno::EOPNOTSUPP, "management frame protection"),
            (Nl80211Attr::ControlPortOverNl80211(()), errno::EOPNOTSUPP, "control port over nl80211"),
        ];
        for (attr, want, text) in cases {
            let r = with(attr);
            assert_eq!(r.errno, want, "{text}");
            assert!(r.ext.msg.as_deref().unwrap_or("").contains(text), "{:?}", r.ext.msg);
        }
        let no_pmk: Vec<_> =
            wpa2_psk_attrs(&pmk).into_iter().filter(|a| !matches!(a, Nl80211Attr::Pmk(_))).collect();
        assert_eq!(connect_credentials(&connect(no_pmk)).unwrap_err().errno, errno::EINVAL);
        let wep = connect_credentials(&connect(vec![Nl80211Attr::Privacy(())])).unwrap_err();
        assert_eq!(wep.errno, errno::EOPNOTSUPP);
    }

    #[test]
    fn ap_rekey_interval() {
        let pmk = Key::new([1; 32]);
        let start = |extra: Vec<Nl80211Attr>| {
            let mut attrs = wpa2_psk_attrs(&pmk);
            attrs.extend(extra);
            ap_security(&Nl80211Message::new(Nl80211Cmd::StartAp, attrs))
        };
        assert_eq!(start(vec![]).unwrap().unwrap().group_rekey, Some(DEFAULT_GROUP_REKEY));
        let every = start(vec![Nl80211Attr::SoftmacGroupRekey(600)]).unwrap().unwrap();
        assert_eq!(every.group_rekey, Some(Duration::from_secs(600)));
        assert_eq!(start(vec![Nl80211Attr::SoftmacGroupRekey(0)]).unwrap().unwrap().group_rekey, None);
        let open = Nl80211Message::new(Nl80211Cmd::StartAp, vec![Nl80211Attr::SoftmacGroupRekey(5)]);
        assert_eq!(ap_security(&open).unwrap_err().errno, errno::EINVAL);
    }
}
