//! Security settings that cross the [`Mac`](super::Mac) boundary: WPA2-Personal (RSN with the
//! PSK AKM and CCMP-128, IEEE 802.11-2020 12.6 and 12.7), for stations and access points.
//!
//! A network is either open or protected with a pre-shared key, given as a passphrase (mapped
//! to the PSK with the SSID, J.4.1) or as the raw 256-bit PSK (wpa_supplicant's `psk=<hex>`).
//! Secrets never print: `Debug` of [`Credentials`] is redacted.
//!
//! Keys leave the MAC only as [`KeyConfig`] in
//! [`RadioRequest::InstallKey`](super::RadioRequest::InstallKey), the way mac80211 offers each
//! key to the driver's `set_key`; the MAC encrypts and decrypts in software whatever the radio
//! does with them.

use crate::crypto::{Key, PassphraseError, psk};
use crate::time::Duration;
use crate::wire::MacAddr;
use crate::wire::element::suite::CipherSuite;
use core::fmt;

/// The secret of a WPA2-Personal network.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// A passphrase of 8 to 63 printable ASCII characters.
    Passphrase(String),
    /// The 256-bit PSK itself.
    Psk(Key<32>),
}

impl Credentials {
    /// The PMK for the network `ssid` (for AKM 2 the PMK is the PSK).
    pub fn pmk(&self, ssid: &[u8]) -> Result<Key<32>, PassphraseError> {
        match self {
            Credentials::Passphrase(p) => psk(p, ssid),
            Credentials::Psk(k) => Ok(k.clone()),
        }
    }

    /// Checks a passphrase's length and characters without deriving anything.
    pub fn validate(&self) -> Result<(), PassphraseError> {
        match self {
            Credentials::Passphrase(p) => crate::crypto::check_passphrase(p),
            Credentials::Psk(_) => Ok(()),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Passphrase(_) => f.write_str("Passphrase(redacted)"),
            Credentials::Psk(_) => f.write_str("Psk(redacted)"),
        }
    }
}

/// hostapd's default group rekey interval (`wpa_group_rekey=86400`).
pub const DEFAULT_GROUP_REKEY: Duration = Duration::from_secs(86_400);

/// WPA2-Personal settings of an access point (hostapd `wpa=2 wpa_key_mgmt=WPA-PSK
/// rsn_pairwise=CCMP`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ApSecurity {
    /// The network's secret.
    pub credentials: Credentials,
    /// Replace the group key this often (`None`: never).
    pub group_rekey: Option<Duration>,
}

impl ApSecurity {
    /// WPA2-PSK with `passphrase`, rekeying the group key daily as hostapd does.
    pub fn passphrase(passphrase: &str) -> ApSecurity {
        ApSecurity {
            credentials: Credentials::Passphrase(passphrase.to_owned()),
            group_rekey: Some(DEFAULT_GROUP_REKEY),
        }
    }
}

/// A key offered to the radio (mac80211 `struct ieee80211_key_conf`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct KeyConfig {
    /// The peer of a pairwise key; `None` for a group key.
    pub peer: Option<MacAddr>,
    /// Key index: 0 for the pairwise key, 1-3 for group keys.
    pub index: u8,
    /// The cipher.
    pub cipher: CipherSuite,
    /// The temporal key.
    pub key: Key<16>,
}
